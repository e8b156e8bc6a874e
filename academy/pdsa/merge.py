"""Merging two writers' versions of a log, so that no saved cycle is ever lost.

Two notebooks (two kernels) may hold the same log open. Each remembers the
document it last loaded or saved (the *base*). When one saves, it re-reads the
file under the lock and merges three documents: *base*, *ours* (what it holds
now) and *disk* (what is in the file now, perhaps saved by the other):

* **Cycles** are matched by id. A cycle in either version is kept. When both
  versions hold the same cycle, the one with the later ``updated_at`` wins
  (on a tie, ours), together with its place (change idea and ramp).
  :func:`stamp_edits` sets ``updated_at`` of every cycle that we changed since
  the base to the time of the save, so "later" means "saved later" (last
  writer wins, cycle by cycle).
* **Numbers** within a ramp stay as they are unless two cycles share one (both
  writers added "cycle 3"); then the cycles are ordered by (number,
  ``created_at``, id) and each clash moves up to the next free number.
* **Change ideas and ramps** are matched by title and kept from both versions,
  the file's order first. One that we had in the base but no longer hold (we
  renamed or removed it) is dropped, but only if no cycle remains in it.
* **Name and aim**: ours if we changed them since the base, otherwise the file's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

Doc = dict[str, Any]
_EMPTY: Doc = {"name": "", "aim": "", "change_ideas": []}


def stamp_edits(ours: Doc, base: Doc | None, now: str) -> Doc:
    """Return ``ours`` with ``updated_at = now`` on every cycle that differs from the base.

    A cycle differs if it is new, if any field other than ``updated_at``
    changed, or if it moved to another ramp or change idea.
    """
    before = _cycles(base or _EMPTY)
    for idea in ours["change_ideas"]:
        for ramp in idea["ramps"]:
            for cycle in ramp["cycles"]:
                old = before.get(cycle["id"])
                if old is None or _content(old) != _content((idea["title"], ramp["title"], cycle)):
                    cycle["updated_at"] = now
    return ours


def merge(base: Doc | None, ours: Doc, disk: Doc | None) -> Doc:
    """Merge our document with the file's, relative to the base (see the module notes)."""
    if disk is None:
        return ours
    base = base or _EMPTY
    tree: dict[str, dict[str, list[Doc]]] = {}
    for doc in (disk, ours):
        for idea in doc["change_ideas"]:
            ramps = tree.setdefault(idea["title"], {})
            for ramp in idea["ramps"]:
                ramps.setdefault(ramp["title"], [])

    chosen = _cycles(disk)
    for cycle_id, entry in _cycles(ours).items():
        if cycle_id not in chosen or _stamp(entry) >= _stamp(chosen[cycle_id]):
            chosen[cycle_id] = entry
    for idea_title, ramp_title, cycle in chosen.values():
        tree.setdefault(idea_title, {}).setdefault(ramp_title, []).append(cycle)

    _drop_removed(tree, _titles(base), _titles(ours))
    return {
        "schema_version": ours["schema_version"],
        "name": _three_way(base, ours, disk, "name"),
        "aim": _three_way(base, ours, disk, "aim"),
        "change_ideas": [
            {
                "title": idea_title,
                "ramps": [{"title": t, "cycles": _renumber(c)} for t, c in ramps.items()],
            }
            for idea_title, ramps in tree.items()
        ],
    }


def _cycles(doc: Doc) -> dict[str, tuple[str, str, Doc]]:
    """Map cycle id to (change idea title, ramp title, cycle)."""
    return {
        cycle["id"]: (idea["title"], ramp["title"], cycle)
        for idea in doc["change_ideas"]
        for ramp in idea["ramps"]
        for cycle in ramp["cycles"]
    }


def _content(entry: tuple[str, str, Doc]) -> tuple[str, str, Doc]:
    idea, ramp, cycle = entry
    return idea, ramp, {k: v for k, v in cycle.items() if k != "updated_at"}


def _stamp(entry: tuple[str, str, Doc]) -> datetime:
    return datetime.fromisoformat(entry[2]["updated_at"])


def _titles(doc: Doc) -> dict[str, set[str]]:
    return {idea["title"]: {r["title"] for r in idea["ramps"]} for idea in doc["change_ideas"]}


def _drop_removed(
    tree: dict[str, dict[str, list[Doc]]], base: dict[str, set[str]], ours: dict[str, set[str]]
) -> None:
    """Drop the empty ramps and change ideas that we held in the base but no longer hold."""
    for idea_title, ramp_titles in base.items():
        ramps = tree.get(idea_title, {})
        for ramp_title in ramp_titles - ours.get(idea_title, set()):
            if ramp_title in ramps and not ramps[ramp_title]:
                del ramps[ramp_title]
        if idea_title not in ours and idea_title in tree and not tree[idea_title]:
            del tree[idea_title]


def _renumber(cycles: list[Doc]) -> list[Doc]:
    """Order a ramp's cycles by number; move any clashing number up to the next free one."""
    ordered = sorted(cycles, key=lambda c: (c["number"], c["created_at"], c["id"]))
    last = 0
    for i, cycle in enumerate(ordered):
        if cycle["number"] <= last:
            ordered[i] = cycle = {**cycle, "number": last + 1}
        last = cycle["number"]
    return ordered


def _three_way(base: Doc, ours: Doc, disk: Doc, key: str) -> Any:
    return ours[key] if ours[key] != base[key] else disk[key]
