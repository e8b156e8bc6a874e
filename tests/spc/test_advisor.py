"""Chart advisor: every branch against the Health Care Data Guide's selection guide.

Expected charts (Provost & Murray 2011, ch. 5, Figure 5.1): classification → P chart
(equal or unequal subgroup sizes); count → C chart (equal area of opportunity) or
U chart (unequal); continuous → I chart (subgroup size 1) or Xbar and S (larger).
Extensions: rare events → G (cases between) or T (time between); very large,
over-dispersed subgroups → Laney P′/U′; many units at one time → funnel plot.
"""

import pytest

from academy.errors import InputError
from academy.spc.advisor import QUESTIONS, Advice, advise, advise_from_answers

ENGINE_CHARTS = {"p", "np", "pp", "u", "up", "c", "i", "xbar", "s", "g", "t", "funnel"}


@pytest.mark.parametrize(
    ("kwargs", "chart", "alternatives"),
    [
        # Classification: P chart whatever the subgroup sizes; np only with equal sizes.
        ({"data_type": "classification"}, "p", []),
        ({"data_type": "classification", "equal_opportunity": False}, "p", []),
        ({"data_type": "classification", "equal_opportunity": True}, "p", ["np"]),
        ({"data_type": "classification", "overdispersed": True}, "pp", ["p", "i"]),
        # Counts: C with equal area of opportunity, U with unequal or unknown.
        ({"data_type": "count", "equal_opportunity": True}, "c", ["u"]),
        ({"data_type": "count", "equal_opportunity": False}, "u", []),
        ({"data_type": "count"}, "u", ["c"]),
        ({"data_type": "count", "overdispersed": True}, "up", ["u", "i"]),
        (
            {"data_type": "count", "overdispersed": True, "equal_opportunity": True},
            "up",
            ["u", "i"],
        ),
        # Measurement: I for subgroups of 1, Xbar (with S) above 1.
        ({"data_type": "measurement"}, "i", []),
        ({"data_type": "measurement", "subgroup_size": 1}, "i", []),
        ({"data_type": "measurement", "subgroup_size": 1.5}, "xbar", []),
        ({"data_type": "measurement", "subgroup_size": 5}, "xbar", []),
        # Rare events: what is recorded decides.
        (
            {"data_type": "classification", "rare_events": True, "event_measure": "cases_between"},
            "g",
            ["t", "p"],
        ),
        (
            {"data_type": "count", "rare_events": True, "event_measure": "cases_between"},
            "g",
            ["t", "u"],
        ),
        (
            {"data_type": "count", "rare_events": True, "event_measure": "time_between"},
            "t",
            ["g", "u"],
        ),
        (
            {"data_type": "classification", "rare_events": True, "event_measure": "time_between"},
            "t",
            ["g", "p"],
        ),
        # Comparing many units at one time: funnel plot, before any other question.
        ({"data_type": "classification", "many_units_to_compare": True}, "funnel", ["p"]),
        ({"data_type": "count", "many_units_to_compare": True}, "funnel", ["u"]),
        (
            {
                "data_type": "count",
                "many_units_to_compare": True,
                "rare_events": True,
                "event_measure": "time_between",
                "overdispersed": True,
            },
            "funnel",
            ["u"],
        ),
        # No funnel for measurements here: the measurement chart, with a note.
        ({"data_type": "measurement", "many_units_to_compare": True}, "i", []),
    ],
)
def test_every_branch(kwargs, chart, alternatives):
    advice = advise(**kwargs)
    assert isinstance(advice, Advice)
    assert advice.chart == chart
    assert advice.alternatives == alternatives
    assert advice.chart in ENGINE_CHARTS and set(advice.alternatives) <= ENGINE_CHARTS
    assert advice.reasons and all(isinstance(r, str) and r for r in advice.reasons)
    assert advice.source


def test_sources_name_the_book_or_paper():
    assert "Health Care Data Guide" in advise("classification").source
    assert "Laney" in advise("count", overdispersed=True).source
    assert "Benneyan" in advise("count", rare_events=True, event_measure="cases_between").source
    assert "Spiegelhalter" in advise("count", many_units_to_compare=True).source


def test_reasons_explain_the_choice():
    assert any("S chart" in r for r in advise("measurement", subgroup_size=4).reasons)
    assert any("np chart" in r for r in advise("classification", equal_opportunity=True).reasons)
    funnel = advise("classification", many_units_to_compare=True, overdispersed=True)
    assert any("overdispersion=" in r for r in funnel.reasons)
    measured = advise("measurement", many_units_to_compare=True)
    assert any("one subgroup per unit" in r for r in measured.reasons)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"data_type": "counts"}, "'classification', 'count' or 'measurement'"),
        ({"data_type": "measurement", "subgroup_size": 0.5}, "at least 1"),
        ({"data_type": "measurement", "subgroup_size": float("nan")}, "at least 1"),
        ({"data_type": "count", "rare_events": True}, "event_measure='cases_between'"),
        ({"data_type": "count", "event_measure": "time_between"}, "rare_events=True"),
        ({"data_type": "count", "rare_events": True, "event_measure": "days"}, "time_between"),
        ({"data_type": "measurement", "rare_events": True}, "classification or count"),
        ({"data_type": "count", "overdispersed": "yes"}, "True or False"),
        ({"data_type": "count", "equal_opportunity": "no"}, "True, False or None"),
    ],
)
def test_invalid_arguments_raise_one_line_input_error(kwargs, fragment):
    with pytest.raises(InputError) as err:
        advise(**kwargs)
    assert fragment in str(err.value) and "\n" not in str(err.value)


# --- questions for a widget ----------------------------------------------------------------


def test_questions_cover_every_keyword_of_advise():
    ids = [q.id for q in QUESTIONS]
    assert ids[0] == "data_type"
    assert set(ids) == {
        "data_type",
        "subgroup_size",
        "equal_opportunity",
        "rare_events",
        "event_measure",
        "overdispersed",
        "many_units_to_compare",
    }
    for question in QUESTIONS:
        assert question.text.endswith(("?", ".")) and set(question.ask_if) <= set(ids)


@pytest.mark.parametrize(
    ("answers", "chart"),
    [
        ({"data_type": "classification"}, "p"),
        ({"data_type": "classification", "equal_opportunity": "yes"}, "p"),
        ({"data_type": "count", "equal_opportunity": "yes"}, "c"),
        ({"data_type": "count", "equal_opportunity": "unsure"}, "u"),
        ({"data_type": "count", "equal_opportunity": False}, "u"),
        ({"data_type": "count", "overdispersed": "yes"}, "up"),
        ({"data_type": "count", "rare_events": "yes", "event_measure": "time_between"}, "t"),
        ({"data_type": "classification", "many_units_to_compare": True}, "funnel"),
        ({"data_type": "measurement", "subgroup_size": 1}, "i"),
        ({"data_type": "measurement", "subgroup_size": "4"}, "xbar"),
        # Stale answers to questions that no longer apply are ignored.
        ({"data_type": "measurement", "rare_events": "yes", "event_measure": "time_between"}, "i"),
        ({"data_type": "count", "rare_events": "no", "event_measure": "time_between"}, "u"),
        ({"data_type": "classification", "subgroup_size": 10}, "p"),
    ],
)
def test_advise_from_answers(answers, chart):
    assert advise_from_answers(answers).chart == chart


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ({"data_type": "count", "rare_events": "maybe"}, "must be one of 'yes', 'no'"),
        ({"data_type": "counts"}, "'classification', 'count', 'measurement'"),
        ({"data_type": "count", "equal_opportunity": "perhaps"}, "'yes', 'no', 'unsure'"),
        ({"data_type": "measurement", "subgroup_size": "five"}, "must be a number"),
        ({"data_type": "count", "colour": "red"}, "unknown question 'colour'"),
        ({"rare_events": "yes"}, "answer 'data_type' first"),
        ({"data_type": "count", "rare_events": "yes"}, "event_measure="),
    ],
)
def test_invalid_answers_name_the_allowed_values(answers, fragment):
    with pytest.raises(InputError) as err:
        advise_from_answers(answers)
    assert fragment in str(err.value) and "\n" not in str(err.value)
