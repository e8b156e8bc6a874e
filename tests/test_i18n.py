"""The strings table: complete in English and Welsh, placeholders kept, every key used, review honest."""

import ast
import csv
import re
import string
from collections import Counter
from pathlib import Path

import pytest
from babel import Locale

from academy import i18n
from academy.builders import HEALTHCARE_CATEGORIES, MEASURE_TYPES
from academy.errors import InputError
from academy.feedback import check_number
from academy.i18n import t, table, text
from academy.news2 import CONSCIOUSNESS, PARAMETERS, RESPONSE_BANDS, news2_score
from academy.pdsa import DECISIONS
from academy.pdsa.model import STATUSES
from academy.simulations.funnel_experiment import RULES
from academy.simulations.helicopter import DESIGNS, FACTORS
from academy.simulations.potato_head import CHANGE_IDEAS
from academy.spc import CHART_TYPES, RULE_SETS
from academy.spc.advisor import QUESTIONS, advise
from academy.spc.plot import CHART_DESCRIPTIONS, CHART_NAMES
from academy.trainer import _CONTEXTS, SIGNALS
from academy.widgets.builders import LEVELS
from academy.widgets.language import language_switch
from academy.widgets.news2 import NUMERIC, News2App

ACADEMY = Path(__file__).resolve().parents[1] / "academy"

#: Welsh marked as checked (empty cy_status), and what it was checked against.
CLDR = "Unicode CLDR Welsh locale data (month names), via Babel"
CLDR_ABBR = "Unicode CLDR Welsh locale data (stand-alone month abbreviations), via Babel"
NO_WORDS = "no words to translate: symbols, units and placeholders only"
CHECKED = {
    **{f"common.month_{m}": CLDR for m in range(1, 13)},
    **{f"common.month_abbr_{m}": CLDR_ABBR for m in range(1, 13)},
    "news2.spo2": NO_WORDS,
    "pdsa.alt_ramp": NO_WORDS,
    **{
        f"simulations.helicopter.{level}_{f}": NO_WORDS for f in "ABCD" for level in ("low", "high")
    },
}


def _fields(template: str) -> Counter:
    """The ``{name:format!conversion}`` fields of a template, counted."""
    return Counter(
        (name, spec, conversion)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


def _csv_rows() -> list[dict[str, str]]:
    """Every row of every strings file, read here with the csv module (not through academy.i18n)."""
    rows = []
    for path in sorted(i18n.STRINGS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            rows += [{**row, "file": path.name} for row in csv.DictReader(stream)]
    return rows


# --------------------------------------------------------------------------- the table itself


def test_every_key_has_english_and_welsh_and_a_known_status() -> None:
    for key, row in table().items():
        assert row["en"], key
        assert row["cy"], key
        assert row["cy_status"] in {"", "review", "reviewed"}, key
        assert re.fullmatch(r"[a-z0-9_]+(\.[A-Za-z0-9_]+)+", key), key


def test_welsh_keeps_every_placeholder_with_its_format() -> None:
    for key, row in table().items():
        assert _fields(row["cy"]) == _fields(row["en"]), key


def test_templates_fill_in_both_languages() -> None:
    # a format spec such as {mean:.1f} must accept a number in the Welsh text too
    for row in table().values():
        values = {name: 1.5 for name, _, _ in _fields(row["en"])}
        for language in ("en", "cy"):
            row[language].format(**values)


def test_checked_welsh_names_its_source() -> None:
    checked = {key for key, row in table().items() if row["cy_status"] == ""}
    assert checked == set(CHECKED)
    for key, source in CHECKED.items():
        if source == NO_WORDS:
            assert text(key, "cy") == text(key, "en"), key
            # no run of three lower-case letters (a word) outside the placeholders
            assert not re.search(r"[a-z]{3,}", re.sub(r"\{[^}]*\}", "", text(key, "en"))), key


def test_month_names_match_the_cldr_welsh_locale() -> None:
    months = Locale("cy").months["format"]["wide"]
    for month in range(1, 13):
        assert text(f"common.month_{month}", "cy") == months[month]


def test_month_abbreviations_match_the_cldr_locales() -> None:
    # stand-alone forms: a tick label stands alone, not inside a date
    for language in ("en", "cy"):
        abbreviations = Locale(language).months["stand-alone"]["abbreviated"]
        for month in range(1, 13):
            assert text(f"common.month_abbr_{month}", language) == abbreviations[month]


def test_chart_names_in_english_are_the_engine_descriptions() -> None:
    # the English must read exactly as academy.spc.plot names the charts
    assert {c: text(f"common.chart_{c}", "en") for c in CHART_DESCRIPTIONS} == CHART_DESCRIPTIONS


def test_advisor_reasons_and_sources_follow_the_language() -> None:
    english = advise("classification", equal_opportunity=True)
    i18n.set_language("cy")
    welsh = advise("classification", equal_opportunity=True)
    assert (
        (welsh.chart, welsh.alternatives) == (english.chart, english.alternatives) == ("p", ["np"])
    )
    assert welsh.reasons[-1] == (
        "Gan fod pob is-grŵp yr un maint, mae siart np o nifer yr achosion yn ddewis arall."
    )
    assert welsh.source.startswith("Provost LP, Murray SK. The Health Care Data Guide.")
    assert "pennod 5" in welsh.source and "ch. 5" in english.source
    assert QUESTIONS[0].text.startswith("Beth mae pob pwynt data")


def test_needs_review_lists_exactly_the_review_marked_rows() -> None:
    marked = sorted(row["key"] for row in _csv_rows() if row["cy_status"].strip() == "review")
    assert i18n.needs_review("cy") == marked
    assert "common.check" in marked and "common.month_3" not in marked


def test_no_key_is_defined_twice() -> None:
    keys = Counter(row["key"] for row in _csv_rows())
    assert [key for key, n in keys.items() if n > 1] == []


# --------------------------------------------------------------------------- keys in the code


#: Keys built from a template or prefix in the code, and the values the code fills in.
#: A new template in the code must be added here, so that its keys are checked too.
FAMILIES: dict[str, list[object]] = {
    "spc_explorer.q.{}": [q.id for q in QUESTIONS],
    "spc_explorer.answer.{}": sorted({a for q in QUESTIONS for a in q.answers}),
    "spc_explorer.chart.{}": list(CHART_TYPES),
    "spc_explorer.rules.{}": list(RULE_SETS),
    "rule_trainer.signal.{}": list(SIGNALS),
    "rule_trainer.verdict.{}": ["correct", "partly", "not_yet"],
    "rule_trainer.context.{}.title": [c.name for c in _CONTEXTS],
    "rule_trainer.context.{}.ylab": [c.name for c in _CONTEXTS],
    "pdsa.decision_{}": list(DECISIONS),
    "builders.dd_level_{}": list(LEVELS),
    "builders.mp_type_{}": list(MEASURE_TYPES),
    "news2.{}": sorted({*PARAMETERS, *NUMERIC, "air", "oxygen"}),
    "news2.acvpu_{}": list(CONSCIOUSNESS),
    "news2.band.{}.{}": [
        (band.replace("-", "_"), field)
        for band in RESPONSE_BANDS
        for field in ("trigger", "risk", "monitoring", "response")
    ],
    "progress.level_{}": ["0_5", "1_0", "1_5", "2_0", "2_5", "3_0", "3_5", "4_0", "4_5", "5_0"],
    "common.month_{}": list(range(1, 13)),
    "common.month_abbr_{}": list(range(1, 13)),
    "common.chart_{}": list(CHART_TYPES),
    "spc.chart_name.{}": list(CHART_TYPES),
    "spc.title.{}": list(CHART_NAMES),
    "spc.rule_set.{}": [*RULE_SETS, "sigma"],
    "spc.funnel.legend_outside_{}": ["high", "low"],
    "spc.funnel.axis_x_{}": ["proportion", "rate"],
    "advisor.question.{}": [q.id for q in QUESTIONS],
    "builders.fb_cat_{}": [name.lower() for name in HEALTHCARE_CATEGORIES],
    "pdsa.status_{}": list(STATUSES),
    "simulations.{}.question": ["funnel", "potato_head", "helicopter"],
    "simulations.red_beads.{}": [
        "round_question",
        "no_round_question",
        "said_round",
        "said_no_round",
    ],
    "simulations.funnel.rule_{}": list(RULES),
    "simulations.funnel.dims_{}": [2, 1],
    "simulations.funnel.rule_text_{}": list(RULES),
    "simulations.helicopter.factor_{}": list(FACTORS),
    "simulations.helicopter.low_{}": list(FACTORS),
    "simulations.helicopter.high_{}": list(FACTORS),
    "simulations.helicopter.design_{}": list(DESIGNS),
    "simulations.potato_head.accuracy_{}": [1, 2, 3],
    "simulations.potato_head.score_{}": [1, 2, 3],
    "simulations.potato_head.idea_{}": [
        i.replace(" ", "_").replace("-", "_") for i in CHANGE_IDEAS
    ],
    "simulations.potato_head.phrase_{}": [
        i.replace(" ", "_").replace("-", "_") for i in CHANGE_IDEAS
    ],
    "simulations.potato_head.verdict_{}": ["helps", "no_effect", "makes_things_worse"],
}
#: Buttons built by a helper take their tooltip from "<the button's key>_tooltip".
TOOLTIP_TEMPLATE = "{}_tooltip"


def _scan() -> tuple[set[str], set[str]]:
    """String constants and key templates (f-strings, prefixes) in the code that uses the table."""
    keys = table()
    namespaces = {key.split(".")[0] for key in keys}
    constants: set[str] = set()
    templates: set[str] = set()
    for path in ACADEMY.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_fstrings = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if id(node) not in inside_fstrings:
                    constants.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                template = "".join(
                    part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
                )
                pattern = re.escape(template).replace(r"\{\}", ".+")
                literal = template.replace("{}", "")
                if len(literal) > 2 and any(re.fullmatch(pattern, key) for key in keys):
                    templates.add(template)
    for constant in constants - set(keys):
        if constant.split(".")[0] not in namespaces:
            continue
        if constant.endswith(("_", ".")) and any(key.startswith(constant) for key in keys):
            templates.add(constant + "{}")  # a prefix, completed by concatenation
        elif "{" in constant:
            template = re.sub(r"\{[^{}]*\}", "{}", constant)  # completed by str.format
            pattern = re.escape(template).replace(r"\{\}", ".+")
            if any(re.fullmatch(pattern, key) for key in keys):
                templates.add(template)
    return constants, templates


def _family_keys(template: str, values: list[object]) -> set[str]:
    return {template.format(*(v if isinstance(v, tuple) else (v,))) for v in values}


def test_every_key_template_in_the_code_is_declared_here() -> None:
    _, templates = _scan()
    assert templates == set(FAMILIES) | {TOOLTIP_TEMPLATE}


def test_every_key_the_code_uses_exists() -> None:
    constants, _ = _scan()
    keys = table()
    namespaces = "|".join(sorted({key.split(".")[0] for key in keys}))
    key_like = re.compile(rf"(?:{namespaces})(?:\.[A-Za-z0-9_]+)+")
    prefixes = {template.removesuffix("{}") for template in FAMILIES}
    missing = sorted(
        c for c in constants if key_like.fullmatch(c) and c not in keys and c not in prefixes
    )
    assert missing == []
    for template, values in FAMILIES.items():
        assert _family_keys(template, values) <= set(keys), template


def test_every_key_in_the_table_is_used() -> None:
    constants, _ = _scan()
    used = constants & set(table())
    for template, values in FAMILIES.items():
        used |= _family_keys(template, values)
    used |= {f"{key}_tooltip" for key in used if f"{key}_tooltip" in table()}
    assert sorted(set(table()) - used) == []


# --------------------------------------------------------------------------- switching


def test_switching_language_changes_labels_and_falls_back() -> None:
    i18n.set_language("cy")
    assert t("common.check") == "Gwirio"
    assert i18n.get_language() == "cy"
    i18n.set_language("en")
    assert t("common.check") == "Check"


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="use one of en, cy"):
        i18n.set_language("fr")


def test_unknown_key_names_the_table() -> None:
    with pytest.raises(KeyError, match="strings"):
        t("no.such.key")


def test_a_tool_built_after_switching_is_in_welsh() -> None:
    english = News2App()
    i18n.set_language("cy")
    welsh = News2App()
    assert welsh.inputs["temperature"].description == "Tymheredd (°C)"
    assert english.inputs["temperature"].description == "Temperature (°C)"


def test_logic_module_sentences_follow_the_language() -> None:
    result = news2_score(22, 95, False, 105, 112, "A", 38.4)
    assert check_number(20, expected=10).message == "20 is too high."
    assert "Clinical risk: high." in result.explain()
    i18n.set_language("cy")
    assert check_number(20, expected=10).message == "Mae 20 yn rhy uchel."
    assert "Risg glinigol: uchel." in result.explain()


def test_language_switch_sets_the_language_and_says_so() -> None:
    switch = language_switch()
    assert switch.description == "Language / Iaith"
    assert [label for label, _ in switch.options] == ["English", "Cymraeg"]
    assert switch.value == "en"
    switch.value = "cy"
    assert i18n.get_language() == "cy"
    assert switch.tooltip == text("language.note", "cy")
    switch.value = "en"
    assert i18n.get_language() == "en"
    assert switch.tooltip == text("language.note", "en")


def test_language_switch_starts_on_the_language_in_use() -> None:
    i18n.set_language("cy")
    assert language_switch().value == "cy"


# --------------------------------------------------------------------------- calls of t()


def _t_calls() -> list[tuple[str, int, str, set[str] | None]]:
    """Every ``t("literal key", name=...)`` call in academy/ and tests/: file, line, key, names.

    ``names`` is None when the call passes ``**values`` (names not known from the source).
    """
    calls = []
    for root in (ACADEMY, ACADEMY.parent / "tests"):
        for path in root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "t"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    continue
                spread = any(keyword.arg is None for keyword in node.keywords)
                names = None if spread else {keyword.arg for keyword in node.keywords}
                calls.append((path.name, node.lineno, node.args[0].value, names))
    return calls


def test_every_t_call_fills_exactly_the_fields_of_its_template() -> None:
    """t() fills every field or raises; take a template to fill later with text(key, language)."""
    calls = _t_calls()
    assert len(calls) > 500  # the scan finds the calls
    wrong = [
        f"{name}:{line} {key} gives {sorted(names)}, needs {sorted(fields)}"
        for name, line, key, names in calls
        if key in table() and names is not None
        for fields in [{field for field, _, _ in _fields(text(key, "en"))}]
        if names != fields
    ]
    assert wrong == []
