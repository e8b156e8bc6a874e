"""Cycle status and the log's in-memory editing API."""

from __future__ import annotations

from datetime import date

import pytest

from academy.errors import InputError
from academy.pdsa import Act, Cycle, Do, PdsaLog, Study


@pytest.mark.parametrize(
    ("cycle", "expected"),
    [
        (Cycle(), "planned"),
        (Cycle(objective="x", planned_date=date(2024, 1, 1)), "planned"),
        (Cycle(do=Do(what_happened="   ")), "planned"),  # blank text is not "filled"
        (Cycle(do=Do(problems="late")), "done"),
        (Cycle(done_date=date(2024, 1, 2)), "done"),
        (Cycle(study=Study(learning="it works")), "studied"),
        (Cycle(act=Act(next_cycle="try 2 patients")), "planned"),  # no decision yet
        (Cycle(act=Act(decision="adopt")), "acted"),
        # the furthest section filled decides, even if an earlier one is empty
        (Cycle(study=Study(comparison="as predicted")), "studied"),
    ],
)
def test_status_is_the_furthest_section_filled(cycle: Cycle, expected: str) -> None:
    assert cycle.status == expected


def test_new_cycles_get_distinct_ids_and_timestamps() -> None:
    a, b = Cycle(), Cycle()
    assert a.id != b.id
    assert a.updated_at == a.created_at


def test_add_cycle_numbers_within_each_ramp(sample_log: PdsaLog) -> None:
    numbers = [(i.title, r.title, c.number) for i, r, c in sample_log.cycles()]
    assert numbers == [
        ("Discharge checklist", "Ramp 1", 1),
        ("Discharge checklist", "Ramp 1", 2),
        ("Discharge checklist", "Ramp 2", 1),
        ("Morning huddle", "Ramp 1", 1),
    ]


def test_add_cycle_keeps_a_free_explicit_number_and_refuses_a_taken_one(
    sample_log: PdsaLog,
) -> None:
    sample_log.add_cycle("Discharge checklist", "Ramp 1", Cycle(number=5))
    with pytest.raises(InputError, match=r"^ramp 'Ramp 1' already has a cycle 2; set number to 0"):
        sample_log.add_cycle("Discharge checklist", "Ramp 1", Cycle(number=2))
    assert sample_log.add_cycle("Discharge checklist", "Ramp 1", Cycle()).number == 6


def test_add_cycle_refuses_a_bad_cycle_without_changing_the_log(sample_log: PdsaLog) -> None:
    before = list(sample_log.cycles())
    with pytest.raises(InputError) as caught:
        sample_log.add_cycle("New idea", "Ramp 9", Cycle(act=Act(decision="keep")))
    assert str(caught.value) == (
        "cycle.act.decision must be one of adapt, adopt, abandon; got 'keep' "
        "(leave it empty until you decide)"
    )
    assert list(sample_log.cycles()) == before
    assert [i.title for i in sample_log.project.change_ideas] == [
        "Discharge checklist",
        "Morning huddle",
    ]


def test_add_cycle_refuses_the_same_cycle_twice(sample_log: PdsaLog) -> None:
    _, _, cycle = next(sample_log.cycles())
    with pytest.raises(InputError, match="is already in this log"):
        sample_log.add_cycle("Other", "Ramp 1", cycle)


@pytest.mark.parametrize("title", ["", "   ", None])
def test_titles_must_not_be_empty(sample_log: PdsaLog, title) -> None:
    with pytest.raises(InputError, match=r"^the ramp needs a title"):
        sample_log.add_cycle("Discharge checklist", title, Cycle())
    with pytest.raises(InputError, match=r"^the change idea needs a title"):
        sample_log.ramp(title, "Ramp 1")


def test_titles_are_trimmed_so_a_stray_space_does_not_make_a_new_ramp(
    sample_log: PdsaLog,
) -> None:
    assert sample_log.ramp(" Discharge checklist ", "Ramp 1 ") is sample_log.ramp(
        "Discharge checklist", "Ramp 1"
    )


def test_find_cycle(sample_log: PdsaLog) -> None:
    _, _, cycle = next(sample_log.cycles())
    assert sample_log.find_cycle(cycle.id) is cycle
    with pytest.raises(InputError, match=r"^no cycle with id 'nope' in this log"):
        sample_log.find_cycle("nope")
