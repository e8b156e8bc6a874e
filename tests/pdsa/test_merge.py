"""Three-way merge of two writers' documents (pure functions, no files)."""

from __future__ import annotations

from typing import Any

from academy.pdsa import Cycle
from academy.pdsa.merge import merge, stamp_edits
from academy.pdsa.schema import cycle_to_dict, validate

T1, T2, T3 = ("2024-03-01T09:00:00+00:00", "2024-03-01T10:00:00+00:00", "2024-03-01T11:00:00+00:00")


def cyc(cid: str, number: int, objective: str = "", updated: str = T1, created: str = T1) -> dict:
    return cycle_to_dict(
        Cycle(id=cid, number=number, objective=objective, created_at=created, updated_at=updated)
    )


def doc(ramps: dict[tuple[str, str], list[dict]], name: str = "", aim: str = "") -> dict[str, Any]:
    """Build a document from {(change idea, ramp): [cycles]} in insertion order."""
    ideas: dict[str, list] = {}
    for (idea, ramp), cycles in ramps.items():
        ideas.setdefault(idea, []).append({"title": ramp, "cycles": cycles})
    d = {
        "schema_version": 1,
        "name": name,
        "aim": aim,
        "change_ideas": [{"title": t, "ramps": r} for t, r in ideas.items()],
    }
    validate(d)
    return d


def ids(d: dict) -> list[tuple[str, str, str, int]]:
    return [
        (i["title"], r["title"], c["id"], c["number"])
        for i in d["change_ideas"]
        for r in i["ramps"]
        for c in r["cycles"]
    ]


def test_cycles_added_by_either_writer_are_all_kept() -> None:
    base = doc({("I", "R"): [cyc("a", 1)]})
    disk = doc({("I", "R"): [cyc("a", 1), cyc("b", 2)], ("I", "S"): [cyc("c", 1)]})
    ours = doc({("I", "R"): [cyc("a", 1)], ("J", "R"): [cyc("d", 1)]})
    merged = merge(base, ours, disk)
    validate(merged)
    assert ids(merged) == [
        ("I", "R", "a", 1),
        ("I", "R", "b", 2),
        ("I", "S", "c", 1),
        ("J", "R", "d", 1),
    ]


def test_the_later_updated_at_wins_whichever_side_it_is_on() -> None:
    base = doc({("I", "R"): [cyc("a", 1, "v0"), cyc("b", 2, "v0")]})
    disk = doc({("I", "R"): [cyc("a", 1, "disk", T3), cyc("b", 2, "disk", T2)]})
    ours = doc({("I", "R"): [cyc("a", 1, "ours", T2), cyc("b", 2, "ours", T3)]})
    merged = merge(base, ours, disk)
    objectives = {c["id"]: c["objective"] for c in merged["change_ideas"][0]["ramps"][0]["cycles"]}
    assert objectives == {"a": "disk", "b": "ours"}


def test_on_equal_updated_at_ours_wins() -> None:
    disk = doc({("I", "R"): [cyc("a", 1, "disk", T2)]})
    ours = doc({("I", "R"): [cyc("a", 1, "ours", T2)]})
    assert (
        merge(None, ours, disk)["change_ideas"][0]["ramps"][0]["cycles"][0]["objective"] == "ours"
    )


def test_clashing_numbers_move_up_in_order_of_creation() -> None:
    base = doc({("I", "R"): [cyc("a", 1), cyc("b", 2)]})
    # both writers added "cycle 3"; the other writer's was created first (T2 < T3)
    disk = doc({("I", "R"): [cyc("a", 1), cyc("b", 2), cyc("x", 3, created=T2, updated=T2)]})
    ours = doc({("I", "R"): [cyc("a", 1), cyc("b", 2), cyc("y", 3, created=T3, updated=T3)]})
    merged = merge(base, ours, disk)
    assert ids(merged) == [
        ("I", "R", "a", 1),
        ("I", "R", "b", 2),
        ("I", "R", "x", 3),
        ("I", "R", "y", 4),
    ]
    # gaps are left alone: only clashes are renumbered
    gaps = merge(None, doc({("I", "R"): [cyc("a", 2), cyc("b", 5)]}), doc({("I", "R"): []}))
    assert [n for *_, n in ids(gaps)] == [2, 5]


def test_a_cycle_moves_with_its_winning_version() -> None:
    base = doc({("I", "R"): [cyc("a", 1)]})
    ours = doc({("I", "R"): [], ("I", "S"): [cyc("a", 1, updated=T2)]})
    merged = merge(base, ours, base)
    assert ids(merged) == [("I", "S", "a", 1)]
    assert [r["title"] for r in merged["change_ideas"][0]["ramps"]] == ["R", "S"]


def test_a_ramp_we_renamed_is_dropped_only_when_empty() -> None:
    base = doc({("I", "Old"): [cyc("a", 1)]})
    ours = doc({("I", "New"): [cyc("a", 1, updated=T2)]})
    merged = merge(base, ours, base)
    assert ids(merged) == [("I", "New", "a", 1)]
    # the other writer added a cycle to the old ramp meanwhile: it is kept, and so is the ramp
    disk = doc({("I", "Old"): [cyc("a", 1), cyc("b", 2)]})
    assert ids(merge(base, ours, disk)) == [("I", "Old", "b", 2), ("I", "New", "a", 1)]


def test_a_change_idea_we_renamed_is_dropped_when_empty() -> None:
    base = doc({("Old idea", "R"): [cyc("a", 1)]})
    ours = doc({("New idea", "R"): [cyc("a", 1, updated=T2)]})
    merged = merge(base, ours, base)
    assert [i["title"] for i in merged["change_ideas"]] == ["New idea"]


def test_name_and_aim_three_way() -> None:
    base = doc({}, name="N", aim="A")
    disk = doc({}, name="N", aim="A (disk)")
    ours = doc({}, name="N (ours)", aim="A")
    merged = merge(base, ours, disk)
    assert (merged["name"], merged["aim"]) == ("N (ours)", "A (disk)")


def test_no_file_means_ours_as_is_and_a_file_created_meanwhile_is_merged() -> None:
    ours = doc({("I", "R"): [cyc("a", 1)]})
    assert merge(None, ours, None) is ours
    disk = doc({("I", "R"): [cyc("b", 1)]}, name="Theirs")
    merged = merge(None, ours, disk)
    assert merged["name"] == "Theirs"
    # both are "cycle 1", created at the same instant: the tie is broken by id
    assert ids(merged) == [("I", "R", "a", 1), ("I", "R", "b", 2)]


def test_stamp_edits_marks_new_changed_and_moved_cycles_only() -> None:
    base = doc({("I", "R"): [cyc("same", 1), cyc("edited", 2), cyc("moved", 3)]})
    ours = doc(
        {
            ("I", "R"): [cyc("same", 1), cyc("edited", 2, "new text"), cyc("new", 4)],
            ("I", "S"): [cyc("moved", 3)],
        }
    )
    stamp_edits(ours, base, T3)
    updated = {
        c["id"]: c["updated_at"]
        for i in ours["change_ideas"]
        for r in i["ramps"]
        for c in r["cycles"]
    }
    assert updated == {"same": T1, "edited": T3, "new": T3, "moved": T3}
