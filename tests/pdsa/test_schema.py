"""Validation of the JSON document: one clear line naming the field path for each mistake."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.errors import InputError
from academy.pdsa import (
    Act,
    ChangeIdea,
    Cycle,
    Do,
    PdsaLog,
    Plan,
    Prediction,
    Project,
    Ramp,
    Study,
    check_cycle,
)
from academy.pdsa.schema import from_dict, to_dict, validate

C1 = "change_ideas[0].ramps[0].cycles[1]"  # "Discharge checklist", "Ramp 1", cycle 2


@pytest.fixture
def doc(sample_log: PdsaLog) -> dict[str, Any]:
    return to_dict(sample_log.project)


def _set(doc: dict[str, Any], path: tuple, value: Any) -> None:
    *parents, last = path
    target = doc
    for key in parents:
        target = target[key]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value


_DELETE = object()
CYCLE = ("change_ideas", 0, "ramps", 0, "cycles", 1)

BAD_INPUTS = [
    (
        (*CYCLE, "act", "decision"),
        "keep",
        f"{C1}.act.decision must be one of adapt, adopt, abandon; got 'keep' "
        "(leave it empty until you decide)",
    ),
    ((*CYCLE, "number"), 0, f"{C1}.number must be a whole number of 1 or more; got 0"),
    ((*CYCLE, "number"), "2", f"{C1}.number must be a whole number of 1 or more; got '2'"),
    ((*CYCLE, "number"), True, f"{C1}.number must be a whole number of 1 or more; got True"),
    ((*CYCLE, "number"), 2.0, f"{C1}.number must be a whole number of 1 or more; got 2.0"),
    (
        (*CYCLE, "planned_date"),
        "01/03/2024",
        f"{C1}.planned_date must be a date written YYYY-MM-DD (e.g. '2024-03-01'), or null; "
        "got '01/03/2024'",
    ),
    (
        (*CYCLE, "done_date"),
        "2023-02-29",  # not a leap year
        f"{C1}.done_date must be a date written YYYY-MM-DD (e.g. '2024-03-01'), or null; "
        "got '2023-02-29'",
    ),
    (
        (*CYCLE, "updated_at"),
        "2024-03-01T09:00:00",
        f"{C1}.updated_at must be an ISO 8601 time with a time zone, "
        "e.g. '2024-03-01T09:00:00+00:00'; got '2024-03-01T09:00:00'",
    ),
    ((*CYCLE, "objective"), 42, f"{C1}.objective must be text (a JSON string); got 42"),
    ((*CYCLE, "id"), "  ", f"{C1}.id must be non-empty text; got '  '"),
    ((*CYCLE, "questions"), "none", f"{C1}.questions must be a list; got 'none'"),
    (
        (*CYCLE, "questions"),
        [{"question": "Q?"}],
        f"{C1}.questions[0].prediction is missing; add it",
    ),
    (
        (*CYCLE, "plan"),
        "tomorrow",
        f"{C1}.plan must be an object with fields who, what, when, where, data_to_collect; "
        "got 'tomorrow'",
    ),
    (
        (*CYCLE, "study", "conclusion"),
        "x",
        f"{C1}.study.conclusion is not a known field; remove it or correct its spelling "
        "(known fields: comparison, learning)",
    ),
    ((*CYCLE, "scale"), _DELETE, f"{C1}.scale is missing; add it"),
    (("change_ideas", 1, "title"), "", "change_ideas[1].title must be non-empty text; got ''"),
    (("aim",), None, "aim must be text (a JSON string); got None"),
    (("change_ideas",), {}, "change_ideas must be a list; got {}"),
    (
        ("schema_version",),
        2,
        "schema_version is 2, newer than this academy package understands (1); "
        "update academy to open this log",
    ),
    (("schema_version",), 0, "schema_version must be 1; got 0"),
    (("schema_version",), "1", "schema_version must be 1; got '1'"),
    (
        ("schema_version",),
        _DELETE,
        "schema_version is missing; this is not a PDSA log written by academy",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD_INPUTS)
def test_each_mistake_is_one_line_naming_the_field(doc, path, value, message) -> None:
    _set(doc, path, value)
    with pytest.raises(InputError) as caught:
        validate(doc)
    assert str(caught.value) == message
    assert "\n" not in str(caught.value)


def test_a_future_version_is_refused_before_its_unknown_fields_are_looked_at(doc) -> None:
    doc["schema_version"] = 3
    doc["owner"] = "someone"
    with pytest.raises(InputError, match=r"^schema_version is 3, newer than"):
        validate(doc)


def test_the_valid_document_and_its_boundaries_pass(doc) -> None:
    validate(doc)
    edge = copy.deepcopy(doc)
    cycle = edge["change_ideas"][0]["ramps"][0]["cycles"][1]
    cycle["number"] = 3  # numbers need not be contiguous, only >= 1 and distinct
    cycle["planned_date"] = "2024-02-29"  # a leap day
    cycle["done_date"] = None
    cycle["act"]["decision"] = ""  # undecided
    cycle["updated_at"] = "2024-03-01T09:00:00+01:00"  # any time zone
    validate(edge)


def test_a_non_object_document_is_refused() -> None:
    with pytest.raises(InputError, match=r"^a PDSA log must be a JSON object; got list$"):
        validate([])


def test_duplicate_numbers_ids_and_titles(doc) -> None:
    dup = copy.deepcopy(doc)
    dup["change_ideas"][0]["ramps"][0]["cycles"][1]["number"] = 1
    with pytest.raises(InputError) as caught:
        validate(dup)
    assert str(caught.value) == (
        f"{C1}.number 1 repeats change_ideas[0].ramps[0].cycles[0].number; "
        "each number must be different within its list"
    )

    dup = copy.deepcopy(doc)
    first_id = dup["change_ideas"][0]["ramps"][0]["cycles"][0]["id"]
    dup["change_ideas"][1]["ramps"][0]["cycles"][0]["id"] = first_id
    with pytest.raises(InputError) as caught:
        validate(dup)
    assert str(caught.value) == (
        f"change_ideas[1].ramps[0].cycles[0].id {first_id!r} repeats "
        "change_ideas[0].ramps[0].cycles[0].id; each cycle needs its own id"
    )

    dup = copy.deepcopy(doc)
    dup["change_ideas"][0]["ramps"][1]["title"] = "Ramp 1"
    with pytest.raises(InputError) as caught:
        validate(dup)
    assert str(caught.value) == (
        "change_ideas[0].ramps[1].title 'Ramp 1' repeats change_ideas[0].ramps[0].title; "
        "each title must be different within its list"
    )

    dup = copy.deepcopy(doc)
    dup["change_ideas"][1]["title"] = "Discharge checklist"
    with pytest.raises(InputError, match=r"^change_ideas\[1\].title 'Discharge checklist' repeats"):
        validate(dup)


def test_long_values_are_shortened_in_messages(doc) -> None:
    _set(doc, (*CYCLE, "act", "decision"), "x" * 100)
    with pytest.raises(InputError) as caught:
        validate(doc)
    assert f"got '{'x' * 36}..." in str(caught.value)


def test_check_cycle_returns_the_message_for_a_form() -> None:
    assert check_cycle(Cycle(objective="fine")) is None
    assert check_cycle(Cycle(planned_date="next week")) == (
        "cycle.planned_date must be a date written YYYY-MM-DD (e.g. '2024-03-01'), or null; "
        "got 'next week'"
    )


def test_round_trip_through_the_document(sample_log: PdsaLog) -> None:
    doc = to_dict(sample_log.project)
    validate(doc)
    assert from_dict(doc) == sample_log.project


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@st.composite
def cycles(draw) -> Cycle:
    return Cycle(
        objective=draw(_text),
        scale=draw(_text),
        planned_date=draw(st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31))),
        done_date=draw(st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31))),
        questions=draw(st.lists(st.builds(Prediction, _text, _text), max_size=3)),
        plan=Plan(*draw(st.tuples(_text, _text, _text, _text, _text))),
        do=Do(*draw(st.tuples(_text, _text, _text))),
        study=Study(*draw(st.tuples(_text, _text))),
        act=Act(draw(st.sampled_from(["", "adapt", "adopt", "abandon"])), draw(_text)),
        number=draw(st.integers(1, 10**6)),
    )


@settings(max_examples=60, deadline=None)
@given(aim=_text, name=_text, cycle=cycles())
def test_any_text_survives_the_round_trip(aim: str, name: str, cycle: Cycle) -> None:
    project = Project(aim, name, [ChangeIdea("Idea", [Ramp("Ramp", [cycle])])])
    doc = to_dict(project)
    validate(doc)
    assert from_dict(doc) == project
