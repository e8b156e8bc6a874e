"""End-to-end tests of academy.spc.chart: phases, freeze, exclusions, worked examples.

Expected values are hand computations written out in the tests (the worked
checks are those of /work/shared/reference/measurement-rules.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from academy.errors import InputError
from academy.spc import CHART_TYPES, RULE_SETS, SPCResult, chart
from academy.spc.rules.runs import RTOL

XMR = [12, 15, 11, 14, 13, 16, 12, 40, 13, 14, 15, 12, 11, 13, 14, 12, 13, 15, 14, 13]
P_Y = [12, 15, 9, 20, 11, 14, 30, 10, 13, 12, 16, 9]
P_N = [100, 120, 80, 150, 90, 110, 130, 95, 105, 100, 140, 70]

POINT_COLUMNS = [
    "x",
    "y",
    "n",
    "part",
    "baseline",
    "include",
    "cl",
    "lcl",
    "ucl",
    "lcl2",
    "ucl2",
    "lcl1",
    "ucl1",
    "sigma_signal",
    "runs_signal",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "target",
    "notes",
]
SUMMARY_COLUMNS = [
    "part",
    "n_points",
    "n_useful",
    "cl",
    "lcl",
    "ucl",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "sigma_signals",
]
RULE_SET_COLUMNS = {
    "ihi": ["ihi_shift", "ihi_trend", "ihi_runs"],
    "mdc": ["mdc_outside", "mdc_trend", "mdc_two_of_three", "mdc_shift", "mdc_point_type"],
    "we": [f"we_{i}" for i in range(1, 5)],
    "nelson": [f"nelson_{i}" for i in range(1, 9)],
    "hcdg": [f"hcdg_{i}" for i in range(1, 6)],
}


def one_line_error(**kw: object) -> str:
    with pytest.raises(InputError) as info:
        chart(**kw)
    message = str(info.value)
    assert "\n" not in message and message
    return message


# --------------------------------------------------------------------------- worked checks


def test_xmr_worked_check_screened_and_unscreened():
    mean = 14.6  # 292 / 20
    unscreened = chart(y=XMR, chart="i", screen_mr=False)
    amr = 89 / 19  # the 19 moving ranges sum to 89
    assert unscreened.points["cl"].iloc[0] == pytest.approx(mean)
    assert unscreened.points["lcl"].iloc[0] == pytest.approx(mean - 3 * amr / 1.128)  # 2.1420
    assert unscreened.points["ucl"].iloc[0] == pytest.approx(mean + 3 * amr / 1.128)  # 27.0580
    # Screening drops the moving ranges 28 and 27 (>= 3.267 * 89/19 = 15.30); the
    # remaining 17 sum to 34, so AMR = 2.0
    screened = chart(y=XMR, chart="i")
    assert screened.points["lcl"].iloc[0] == pytest.approx(mean - 3 * 2.0 / 1.128)  # 9.2809
    assert screened.points["ucl"].iloc[0] == pytest.approx(mean + 3 * 2.0 / 1.128)  # 19.9191
    assert screened.points.index[screened.points["sigma_signal"]].tolist() == [7]  # point 8
    assert screened.summary["sigma_signals"].tolist() == [1]
    sigma = [f for f in screened.findings if f["rule_set"] == "sigma"]
    assert sigma and sigma[0]["points"] == [8] and sigma[0]["x_first"] == 8


def test_p_worked_check():
    # Σy = 171 and Σn = 1290, so p̄ = 0.132558 (the reference note's "175/1320" is a
    # slip: 175/1320 = 0.132576; its decimal value and limits match 171/1290)
    assert (sum(P_Y), sum(P_N)) == (171, 1290)
    p_bar = 171 / 1290
    result = chart(y=P_Y, n=P_N, chart="p")
    pts = result.points
    assert pts["cl"].iloc[0] == pytest.approx(p_bar)
    assert pts["lcl"].iloc[0] == pytest.approx(p_bar - 3 * math.sqrt(p_bar * (1 - p_bar) / 100))
    assert pts["lcl"].iloc[0] == pytest.approx(0.030829, abs=1e-6)
    assert pts["ucl"].iloc[0] == pytest.approx(0.234287, abs=1e-6)
    ucl7 = p_bar + 3 * math.sqrt(p_bar * (1 - p_bar) / 130)
    assert pts["ucl"].iloc[6] == pytest.approx(ucl7)
    assert ucl7 == pytest.approx(0.22178, abs=1e-5)
    assert pts["y"].iloc[6] == pytest.approx(30 / 130)  # 0.2308, above its UCL
    assert pts.index[pts["sigma_signal"]].tolist() == [6]
    assert pts["n"].tolist() == P_N


def test_multiply_scales_values_and_lines_but_not_counts():
    plain = chart(y=P_Y, n=P_N, chart="p")
    percent = chart(y=P_Y, n=P_N, chart="p", multiply=100)
    for column in ("y", "cl", "lcl", "ucl", "lcl2", "ucl2", "lcl1", "ucl1"):
        assert percent.points[column].to_numpy() == pytest.approx(100 * plain.points[column])
    for column in ("longest_run", "n_crossings", "longest_run_max", "n_crossings_min"):
        assert percent.points[column].tolist() == plain.points[column].tolist()
    assert percent.summary["cl"].iloc[0] == pytest.approx(100 * 171 / 1290)
    assert percent.multiply == 100


def test_sigma_signal_is_strict_at_the_limit():
    # Baseline: ten counts with mean 4 -> UCL = 4 + 3 * sqrt(4) = 10 exactly (c chart).
    baseline = [10, 3, 3, 3, 4, 4, 3, 3, 3, 4]
    result = chart(y=[*baseline, 10, 11], chart="c", freeze=10)
    assert result.points["ucl"].iloc[-1] == 10.0
    assert result.points["sigma_signal"].tolist()[-2:] == [False, True]
    assert not result.points["sigma_signal"].iloc[0]  # the baseline's own 10 is on the limit


def test_excluded_point_is_not_a_sigma_signal_and_does_not_move_the_lines():
    result = chart(y=XMR, chart="i", exclude=8)
    pts = result.points
    assert not pts["sigma_signal"].any()
    assert not pts["include"].iloc[7]
    others = [v for i, v in enumerate(XMR) if i != 7]
    assert pts["cl"].iloc[0] == pytest.approx(sum(others) / 19)
    deleted = chart(y=others, chart="i")
    assert pts["ucl"].iloc[0] == pytest.approx(deleted.points["ucl"].iloc[0])


# --------------------------------------------------------------------------- every chart type


def make_data(kind: str) -> dict[str, object]:
    """30 points (subgroups for xbar and s) with an outlier at point 5."""
    rng = np.random.default_rng(7)
    points = 30
    if kind in ("xbar", "s"):
        values = rng.normal(50, 5, (points, 4))
        if kind == "xbar":
            values[4] += 100
        else:
            values[4] = 50 + 20 * (values[4] - values[4].mean())
        x = np.repeat(np.arange(1, points + 1), 4)
        return {"x": x, "y": values.ravel()}
    if kind in ("run", "i", "mr"):
        y = rng.normal(50, 5, points)
        y[4] = 200
        return {"y": y}
    if kind == "t":
        y = rng.exponential(10, points) + 0.1
        y[4] = 1000
        return {"y": y}
    if kind == "g":
        y = (rng.geometric(0.05, points) - 1).astype(float)
        y[4] = 1000
        return {"y": y}
    if kind == "c":
        y = rng.poisson(10, points).astype(float)
        y[4] = 60
        return {"y": y}
    if kind == "np":
        n = np.full(points, 200.0)
        y = rng.binomial(200, 0.2, points).astype(float)
        y[4] = 180
        return {"y": y, "n": n}
    if kind in ("p", "pp"):
        n = rng.integers(150, 250, points).astype(float)
        y = rng.binomial(n.astype(int), 0.2).astype(float)
        y[4] = 0.9 * n[4]
        return {"y": y, "n": n}
    # u, up, ip: rates
    n = rng.integers(100, 300, points).astype(float)
    y = rng.poisson(n * 0.05).astype(float)
    y[4] = 0.5 * n[4]
    return {"y": y, "n": n}


def point_values(kind: str, data: dict[str, object]) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-point statistic and n, computed by hand from the raw data."""
    y = np.asarray(data["y"], dtype=float)
    if kind in ("xbar", "s"):
        groups = y.reshape(-1, 4)
        stat = groups.mean(axis=1) if kind == "xbar" else groups.std(axis=1, ddof=1)
        return stat, np.full(len(groups), 4.0)
    n = data.get("n")
    if n is None:
        return y, None
    return y, np.asarray(n, dtype=float)


def hand_cl(kind: str, stat: np.ndarray, n: np.ndarray | None) -> float:
    """Centre line from the used points of one phase, by the textbook formula."""
    if kind in ("run", "g"):
        return float(np.median(stat))  # median (Provost & Murray ch. 3; qicharts2 qic.g)
    if kind == "mr":
        return float(np.abs(np.diff(stat)).mean())  # mean moving range, excluded bridged
    if kind == "t":
        return float(np.mean(stat ** (1 / 3.6)) ** 3.6)  # back-transformed mean
    if kind == "xbar":
        return float((n * stat).sum() / n.sum())  # grand mean
    if kind == "s":
        return float(stat.mean())  # equal n: mean of s
    if kind in ("p", "pp", "u", "up", "ip"):
        return float(stat.sum() / n.sum())  # Σy / Σn
    return float(stat.mean())  # i, c; np with equal n: n·Σy/Σn = mean count


@pytest.mark.parametrize("kind", CHART_TYPES)
def test_phases_freeze_and_exclusions_on_every_chart_type(kind):
    data = make_data(kind)
    result = chart(chart=kind, part=15, freeze=10, exclude=[5, 20], **data)
    pts = result.points
    assert len(pts) == 30
    assert pts["part"].tolist() == [1] * 15 + [2] * 15
    assert pts["baseline"].tolist() == [True] * 10 + [False] * 5 + [True] * 15
    assert pts.index[~pts["include"]].tolist() == [4, 19]

    stat, n = point_values(kind, data)
    # phase 1: frozen on points 1..10, point 5 (the outlier) left out
    used1 = [i for i in range(10) if i != 4]
    expected1 = hand_cl(kind, stat[used1], None if n is None else n[used1])
    # phase 2: its own points 16..30 without point 20
    used2 = [i for i in range(15, 30) if i != 19]
    expected2 = hand_cl(kind, stat[used2], None if n is None else n[used2])
    value = pts["y"].to_numpy()
    if kind == "ip":
        assert value == pytest.approx(stat / n, nan_ok=True)
    assert pts["cl"].iloc[:15].to_numpy() == pytest.approx(np.full(15, expected1))
    assert pts["cl"].iloc[15:].to_numpy() == pytest.approx(np.full(15, expected2))
    assert result.summary["cl"].tolist() == pytest.approx([expected1, expected2])

    # the frozen lines equal those of a chart of the first 10 points alone
    first = {k: v[: 40 if kind in ("xbar", "s") else 10] for k, v in data.items()}
    alone = chart(chart=kind, exclude=5, **first).points
    for line in ("cl", "lcl", "ucl", "lcl2", "ucl2", "lcl1", "ucl1"):
        assert pts[line].iloc[:10].to_numpy() == pytest.approx(
            alone[line].to_numpy(), nan_ok=True
        ), line

    # excluding the outlier is the same as deleting it, for the lines of the other points
    kept = [i for i in range(15) if i != 4]
    if kind in ("xbar", "s"):
        rows = [r for r in range(60) if r // 4 != 4]
        deleted = {"x": data["x"][rows], "y": data["y"][rows]}
    else:
        deleted = {k: np.asarray(v)[kept] for k, v in data.items()}
    unfrozen = chart(chart=kind, part=15, exclude=5, **data).points
    gone = chart(
        chart=kind, **{k: v[: 56 if kind in ("xbar", "s") else 14] for k, v in deleted.items()}
    )
    for line in ("cl", "lcl", "ucl"):
        assert unfrozen[line].iloc[kept].to_numpy() == pytest.approx(
            gone.points[line].to_numpy(), nan_ok=True
        ), line


@pytest.mark.parametrize("kind", CHART_TYPES)
def test_documented_columns_exist(kind):
    result = chart(chart=kind, **make_data(kind))
    assert list(result.points.columns[: len(POINT_COLUMNS)]) == POINT_COLUMNS
    assert list(result.summary.columns[: len(SUMMARY_COLUMNS)]) == SUMMARY_COLUMNS
    assert result.points["part"].dtype.kind == "i"
    assert result.points["baseline"].dtype == bool
    assert result.points["sigma_signal"].dtype == bool
    assert (result.points["notes"] == "").all()
    assert isinstance(result, SPCResult)


@pytest.mark.parametrize("rule_set", sorted(set(RULE_SETS) & set(RULE_SET_COLUMNS)))
def test_rule_set_columns_exist(rule_set):
    result = chart(y=XMR, chart="i", rules=("anhoej", rule_set))
    for column in RULE_SET_COLUMNS[rule_set]:
        assert column in result.points.columns, column
    if rule_set == "mdc":
        for column in ("mdc_variation_icon", "mdc_assurance_icon", "mdc_trial_limits"):
            assert column in result.summary.columns


# --------------------------------------------------------------------------- findings and explain


SHIFT = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 9, 10, 9, 10, 9, 10, 9, 10, 9, 10, 9, 10]


def test_explain_names_the_anhoej_signal_with_points_and_source():
    x = pd.date_range("2023-01-01", periods=24, freq="MS")
    result = chart(x=x, y=SHIFT, chart="run", ylab="falls")
    assert result.summary["runs_signal"].tolist() == [True]
    assert result.points["runs_signal"].all()
    runs = [f for f in result.findings if f["rule_set"] == "anhoej"]
    assert runs
    long_run = next(f for f in runs if f["points"] == list(range(1, 13)))
    assert long_run["x_first"] == pd.Timestamp("2023-01-01")
    assert long_run["x_last"] == pd.Timestamp("2023-12-01")
    text = result.explain()
    assert "Anhøj" in text and "Anhøj & Olesen 2014" in text
    assert "points 1–12 (x 2023-01-01 to 2023-12-01)" in text
    assert "No signal" not in text


def test_explain_says_no_signal_when_nothing_fired():
    result = chart(y=[1, 3] * 10, chart="i")
    assert not result.findings
    text = result.explain()
    assert "No signal" in text
    assert "Provost & Murray" not in text  # 20 points: not provisional


def test_explain_mentions_trial_limits_below_twenty_points():
    text = chart(y=XMR[:19], chart="i").explain()  # 19 points: one short
    assert "rest on 19 points" in text and "trial limits" in text and "Provost & Murray" in text
    assert "Provost & Murray" not in chart(y=XMR, chart="i").explain()  # 20 points


def test_explain_names_the_three_sigma_rule():
    text = chart(y=XMR, chart="i").explain()
    assert "3-sigma" in text and "point 8" in text and "Mohammed" in text


def test_runs_are_not_analysed_for_categories_or_moving_ranges():
    categories = chart(x=[f"w{i:02d}" for i in range(24)], y=SHIFT, chart="i")
    assert not categories.points["runs_signal"].any()
    assert not [f for f in categories.findings if f["rule_set"] == "anhoej"]
    assert "not applied" in categories.explain()
    mr = chart(y=SHIFT, chart="mr")
    assert not mr.summary["runs_signal"].any()
    assert np.isnan(mr.points["y"].iloc[0])
    assert mr.points["y"].iloc[1] == 1.0  # |2 - 1|


def test_rules_none_still_gives_anhoej_columns_but_no_findings():
    result = chart(y=SHIFT, chart="i", rules=None)
    assert result.points["runs_signal"].all()
    assert result.findings == []
    assert "no rules were chosen" in result.explain()


def test_target_notes_and_labels_are_kept():
    result = chart(
        y=XMR, chart="i", target=15, notes={2: "PDSA 1"}, title="Falls", ylab="n", xlab="week"
    )
    assert result.points["target"].tolist() == [15.0] * 20
    assert result.points["notes"].tolist()[:3] == ["", "PDSA 1", ""]
    assert (result.title, result.ylab, result.xlab, result.target) == ("Falls", "n", "week", 15.0)


def test_phase_error_names_the_phase():
    message = one_line_error(y=[1, 2, 3, 4], n=[5, 5, 5, 6], chart="np", part=2)
    assert message.startswith("phase 2")


# --------------------------------------------------------------------------- input errors


def test_t_chart_rejects_times_of_zero_or_less():
    message = one_line_error(y=[3.0, 1.0, 0.0, 2.0], chart="t")
    assert "point 3" in message and "greater than zero" in message


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"improvement": "up"}, "improvement"),
        ({"rules": ("anhoej", "westgard")}, "westgard"),
        ({"multiply": 0}, "multiply"),
        ({"target": "high"}, "target"),
        ({"chart": "xmr"}, "xmr"),
        ({"agg": "max"}, "agg"),
    ],
)
def test_bad_options(kw, needle):
    assert needle in one_line_error(y=XMR, **kw)


# --------------------------------------------------------------------------- invariants


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=3, max_size=40),
    st.sampled_from([10.0, 100.0]),
)
@example(
    [6.443435689738255e-75] * 7, 10.0
)  # constant: mean differs from the values in the last bit
def test_sigma_signal_matches_the_limits_and_ignores_multiply(values, multiply):
    plain = chart(y=values, chart="i").points
    # documented in academy.spc.chart: beyond a limit by more than RTOL times the size of
    # the lines (a constant series' mean may differ from its values in the last bit)
    tol = RTOL * plain[["cl", "lcl", "ucl"]].abs().to_numpy().max()
    beyond = (plain["y"] > plain["ucl"] + tol) | (plain["y"] < plain["lcl"] - tol)
    assert (plain["sigma_signal"] == (beyond & plain["include"])).all()
    scaled = chart(y=values, chart="i", multiply=multiply).points
    assert scaled["sigma_signal"].tolist() == plain["sigma_signal"].tolist()
    assert scaled["y"].to_numpy() == pytest.approx(np.asarray(values) * multiply)


def test_package_exports():
    import academy.spc as spc

    assert callable(spc.chart) and callable(spc.funnel) and callable(spc.advise)
    assert "i" in spc.CHART_TYPES and "anhoej" in spc.RULE_SETS
    assert {"chart", "SPCResult", "funnel", "advise", "RULE_SETS", "CHART_TYPES"} <= set(
        spc.__all__
    )


def test_finding_records_have_the_documented_keys():
    result = chart(y=XMR, chart="i")
    keys = {"part", "rule_set", "rule", "label", "points", "x_first", "x_last", "detail", "source"}
    assert result.findings and all(set(f) == keys for f in result.findings)


def test_result_does_not_share_memory_with_the_input():
    y = np.array(XMR, dtype=float)
    x = np.arange(101, 121)
    result = chart(x=x, y=y, chart="i")
    y[0] = 1000.0
    x[0] = 0
    assert result.points["y"].iloc[0] == 12.0
    assert result.points["x"].iloc[0] == 101


def test_mdc_trial_limits_count_the_points_the_limits_rest_on():
    if "mdc" not in RULE_SETS:
        pytest.skip("no Making Data Count rule set")
    full = chart(y=XMR, chart="i", rules=("anhoej", "mdc"))
    assert not full.summary["mdc_trial_limits"].iloc[0]  # 20 points
    # frozen on 12 points with one excluded: 11 points, fewer than 12 -> trial limits
    frozen = chart(y=XMR, chart="i", rules=("anhoej", "mdc"), freeze=12, exclude=8)
    assert frozen.summary["mdc_trial_limits"].iloc[0]
    assert "Making Data Count treats limits from fewer than 12" in frozen.explain()
    exactly = chart(y=XMR, chart="i", rules=("anhoej", "mdc"), freeze=12)
    assert not exactly.summary["mdc_trial_limits"].iloc[0]  # 12 points: not trial
