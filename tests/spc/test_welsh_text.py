"""The SPC engine's sentences in Welsh: explain(), alt text, legend, rule labels and details.

The English is checked elsewhere (tests/spc/test_chart.py, test_alt_text.py and the
notebooks' stored outputs); here the same charts are made with the language set
to Welsh, and no English sentence of the strings table may be left in them.
"""

from __future__ import annotations

import re
import string

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from academy import i18n
from academy.i18n import table, text
from academy.spc import CHART_TYPES, RULE_SETS, chart, funnel
from academy.spc.plot import _LEGEND_KEYS, CHART_NAMES, STYLE, alt_text, plot_chart
from academy.spc.rules import RULE_SET_NAMES
from academy.spc.rules.shewhart import HCDG_SOURCE

# I chart from tests/spc/test_alt_text.py: the 30 at point 7 is the one point
# outside the 3-sigma limits (mean of the moving ranges is small beside 30 - 14).
I_Y = [11, 15, 12, 14, 11, 15, 30, 12, 14, 11, 15, 12, 14]
# Run chart: points 1-8 above the median (10.5 for 1..20 shuffled), an unusually
# long run under Anhøj's rules (limit for 20 useful points: round(log2 20) + 3 = 7).
RUN_Y = [11, 12, 13, 14, 15, 16, 17, 18, 1, 2, 3, 4, 19, 5, 6, 7, 8, 20, 9, 10]


def _english_fragments() -> set[str]:
    """Literal pieces (between placeholders) of the English SPC sentences, long enough to be words.

    A piece that the Welsh of the same row also contains (names such as "Making
    Data Count", citations) is not English left behind, so it is not listed.
    """
    fragments = set()
    for key, row in table().items():
        if not key.startswith(("spc.", "common.chart_")):
            continue
        for literal, *_ in string.Formatter().parse(row["en"]):
            for piece in re.split(r"[;:,.()]", literal):
                piece = piece.strip()
                if len(piece) >= 10 and " " in piece and piece not in row["cy"]:
                    fragments.add(piece)
    return fragments


def _charts() -> list:
    """Charts of every type and rule set, with phases, a frozen baseline, exclusions and a target."""
    rng = np.random.default_rng(2024)
    n = 40
    x = pd.date_range("2023-01-01", periods=n, freq="MS")
    y = np.r_[rng.normal(50, 5, 25), rng.normal(62, 5, 15)].round(1)
    size = rng.integers(80, 120, n)
    counts = np.r_[rng.binomial(size[:25], 0.3), rng.binomial(size[25:], 0.45)]
    results = []
    for kind in CHART_TYPES:
        if kind in ("p", "pp", "u", "up"):
            data = {"x": x, "y": counts, "n": size}
        elif kind == "np":
            data = {"x": x, "y": counts, "n": np.full(n, 120)}
        elif kind in ("c", "g", "t"):
            data = {"x": x, "y": rng.poisson(8, n) + np.r_[np.zeros(25, int), np.full(15, 6)]}
        else:
            data = {"x": x, "y": y}
        if kind in ("xbar", "s"):
            data = {"x": np.repeat(x, 3), "y": np.repeat(y, 3) + rng.normal(0, 2, 3 * n)}
        results.append(chart(**data, chart=kind, rules=tuple(RULE_SETS), ylab="munudau"))
        results.append(chart(**data, chart=kind, part=[20], rules=("anhoej", "ihi", "hcdg")))
        results.append(
            chart(**data, chart=kind, freeze=12, exclude=[3, 4], target=55, rules=("mdc", "we"))
        )
    results.append(chart(y=[5] * 20, chart="run"))
    results.append(chart(y=RUN_Y, chart="i", rules=()))
    results.append(chart(y=list(range(1, 9)) + [np.nan] * 6, chart="i", part=[8]))
    return results


def test_explain_and_alt_text_in_welsh_leave_no_english_sentence() -> None:
    fragments = _english_fragments()
    assert "outside the control limits" in fragments  # the check can fail
    i18n.set_language("cy")
    for result in _charts():
        for output in (result.explain(), alt_text(result)):
            left = sorted(f for f in fragments if f in output)
            assert left == [], (left, output)


def test_welsh_sentences_with_their_values() -> None:
    i18n.set_language("cy")
    i_chart = chart(y=I_Y, chart="i")
    explained = i_chart.explain()
    assert "Siart I: 13 pwynt mewn 1 cyfnod." in explained
    assert "Mae 1 pwynt y tu allan i'r terfynau rheoli 3-sigma; pwynt 7 (x 7)." in explained
    assert "Ffynhonnell: rheol 3-sigma Shewhart; Mohammed" in explained
    assert "outside the 3-sigma control limits" not in explained
    alt = alt_text(i_chart)
    assert alt.startswith("Siart gwerthoedd unigol (I) o 1 i 13: 13 pwynt mewn 1 cyfnod.")
    assert "Signalau: pwynt 7 y tu allan i'r terfynau rheoli." in alt
    assert "Signals" not in alt and "Centre line" not in alt and "Llinell ganol" in alt

    run = chart(y=RUN_Y, chart="run", rules=("anhoej",)).explain()
    assert "Cyfnod 1: pwyntiau 1–20 (x 1 i 20); canolrif 10.5." in run
    assert "Rhediad anarferol o hir: 8 pwynt yn olynol uwchben y llinell ganol" in run
    assert "gyda 20 pwynt defnyddiol mae rhediad hirach na 7 yn anarferol" in run
    assert "Anhøj & Olesen 2014" in run  # sources' names are not translated


def test_rule_labels_and_details_follow_the_language() -> None:
    y = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]  # 12 rising points: a trend in every rule set
    english = chart(y=y, chart="i", rules=("nelson",)).findings
    i18n.set_language("cy")
    welsh = chart(y=y, chart="i", rules=("nelson",)).findings
    trend = next(f for f in welsh if f["rule"] == "nelson_3")
    assert trend["label"] == "Prawf 3: 6 yn olynol yn codi neu'n gostwng"
    assert trend["detail"] == "12 pwynt yn olynol yn codi'n gyson; mae 6 yn olynol yn rhoi signal."
    # the numbers, rules and points do not change with the language
    assert [(f["rule"], f["points"]) for f in welsh] == [(f["rule"], f["points"]) for f in english]


def test_legend_phase_and_baseline_labels_in_welsh() -> None:
    i18n.set_language("cy")
    result = chart(y=I_Y + I_Y, chart="i", part=[13], freeze=5, target=13)
    ax = plot_chart(result)
    try:
        legend = [entry.get_text() for entry in ax.get_legend().get_texts()]
        notes = {child.get_text() for child in ax.texts}
    finally:
        plt.close(ax.figure)
    assert "Llinell ganol" in legend and "Terfynau rheoli (3σ)" in legend
    assert "Llinell sylfaen (terfynau wedi'u rhewi)" in legend
    assert not {"Centre line", "Control limits (3σ)", "Target"} & set(legend)
    assert {"Cyfnod 1", "Cyfnod 2", "Llinell sylfaen", "Targed"} <= notes
    assert ax.get_title(loc="left") == "Siart I"


def test_english_of_the_keys_is_the_engine_english() -> None:
    # the keys replaced English constants, which stay public
    assert {r: text(f"spc.rule_set.{r}", "en") for r in RULE_SET_NAMES} == RULE_SET_NAMES
    assert text("spc.rule_set.sigma", "en") == "3-sigma rule"
    assert {c: text(f"spc.title.{c}", "en") for c in CHART_NAMES} == {
        c: f"{name} chart" for c, name in CHART_NAMES.items()
    }
    assert text("spc.source.hcdg", "en") == HCDG_SOURCE
    labels = {style["label"] for style in STYLE.values() if "label" in style}
    assert set(_LEGEND_KEYS) == labels
    assert all(text(key, "en") == label for label, key in _LEGEND_KEYS.items())


def test_switching_back_gives_the_english_again() -> None:
    english = chart(y=I_Y, chart="i", rules=("anhoej", "we"))
    before = (english.explain(), alt_text(english))
    i18n.set_language("cy")
    assert chart(y=I_Y, chart="i", rules=("anhoej", "we")).explain() != before[0]
    i18n.set_language("en")
    again = chart(y=I_Y, chart="i", rules=("anhoej", "we"))
    assert (again.explain(), alt_text(again)) == before


def test_funnel_summary_in_welsh() -> None:
    # The labelled wards of tests/spc/test_funnel.py, whose limits are worked out there:
    # A (0.20) and C (0.01) are outside the 99.8% limits.
    data = pd.DataFrame(
        {
            "ward": ["A", "A2", "B", "B2", "C", "C2", "D", "D2", "E"],
            "events": [20, 19, 16, 15, 1, 2, 4, 5, 10],
            "patients": [100] * 9,
        }
    )
    i18n.set_language("cy")
    lines = (
        funnel(data, unit="ward", y="events", n="patients", target=0.1).summary_text().splitlines()
    )
    assert lines[0] == "9 uned wedi'u cymharu â'r targed 0.1 (cyfran)."
    assert "Y tu allan i'r terfynau 99.8%: A (uchel, 0.2), C (isel, 0.01)." in lines
    assert lines[-2] == (
        "Pe bai pob uned yn perfformio ar y targed, byddai siawns yn unig yn rhoi 5% o'r unedau "
        "y tu allan i'r terfynau 95% a 0.2% o'r unedau y tu allan i'r terfynau 99.8%."
    )
    assert lines[-1].startswith("Dim addasiad gorwasgariad; φ amcangyfrifedig = ")
    assert not any("limits" in line or "units" in line for line in lines)
    fragments = _english_fragments()
    for overdispersion in ("multiplicative", "additive"):
        result = funnel(data, unit="ward", y="events", n="patients", overdispersion=overdispersion)
        summary = result.summary_text()
        assert summary.splitlines()[-1].startswith("Gorwasgariad: ")
        assert sorted(f for f in fragments if f in summary) == []


def test_funnel_plot_labels_and_icon_labels_are_welsh() -> None:
    from academy.spc.funnel import plot_funnel
    from academy.spc.icons import assurance_label, variation_label

    i18n.set_language("cy")
    result = funnel(unit=["A", "B", "C", "D"], y=[5, 9, 30, 12], n=[100, 120, 110, 90])
    ax = plot_funnel(result)
    labels = set(ax.get_legend_handles_labels()[1])
    assert {"Unedau", "Targed", "Terfynau 95%", "Terfynau 99.8%"} <= labels
    assert ax.get_title() == "Plot twmffat" and ax.get_xlabel() == "Nifer yr achosion (n)"
    assert not labels & {"Units", "Target", "95% limits"}
    plt.close(ax.figure)
    assert variation_label("improvement", "high") == "Gwelliant\n(uchel)"
    assert assurance_label("pass") == "Pasio'n\ngyson"
