"""Saving a PDSA log to a JSON file safely, and opening it again.

A save (:meth:`PdsaLog.save`) goes through :func:`academy.files.update_file`,
which every saved learner file shares: under an exclusive lock on the log,
temporary files of killed writers are removed, the new version is written to
a synced temporary file and moved over the log with ``os.replace``, and the
folder is synced. A reader therefore always finds the complete old or the
complete new version. The version being replaced is kept as ``<name>.bak``
(a hard link made atomically just before the replace), so ``.bak`` holds the
version the latest save replaced and is never partial either.

Two writers: under the lock the file is read again and merged with our version
by cycle id (:mod:`academy.pdsa.merge`): cycles that another notebook saved
since we loaded are kept; if both edited one cycle, the later ``updated_at``
wins. Locking uses ``fcntl``, so it is POSIX only (Linux, macOS, JupyterHub).

Languages: the JSON log keeps English, language-independent keys and values
(statuses and decisions such as ``adapt``), so a log saved while the tools are
in Welsh opens in English and the other way round; only the messages
(``pdsa.error.*``) and what is shown follow :func:`academy.i18n.set_language`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from academy.errors import InputError
from academy.files import update_file, write_file
from academy.i18n import t
from academy.pdsa.merge import merge, stamp_edits
from academy.pdsa.model import ChangeIdea, Cycle, Project, Ramp, now_stamp
from academy.pdsa.schema import check_cycle, from_dict, to_dict, validate


class PdsaLog:
    """A PDSA log bound to its JSON file.

    Attributes:
        path: the JSON file.
        project: the project with its change ideas, ramps and cycles. After
            :meth:`save` it holds the merged result; :class:`Cycle` objects
            (and ``project`` itself) stay the same objects across saves.

    Edit cycles in place and call :meth:`save`. A saved cycle cannot be
    deleted (the merge keeps every cycle that either writer saved): record an
    *abandon* decision instead.
    """

    def __init__(self, path: str | os.PathLike[str], project: Project | None = None) -> None:
        self.path = Path(path)
        self.project = project if project is not None else Project()
        self._base: dict[str, Any] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> PdsaLog:
        """Open the log at ``path``, or start a new empty one if the file does not exist."""
        path = Path(path)
        if not path.parent.is_dir():
            raise InputError(t("pdsa.error.no_folder", folder=path.parent))
        return load_log(path) if path.exists() else cls(path)

    def cycles(self) -> Iterator[tuple[ChangeIdea, Ramp, Cycle]]:
        """Yield (change idea, ramp, cycle) for every cycle, in the log's order."""
        for idea in self.project.change_ideas:
            for ramp in idea.ramps:
                for cycle in ramp.cycles:
                    yield idea, ramp, cycle

    def find_cycle(self, cycle_id: str) -> Cycle:
        """Return the cycle with this id."""
        for _, _, cycle in self.cycles():
            if cycle.id == cycle_id:
                return cycle
        raise InputError(t("pdsa.error.no_such_id", id=cycle_id))

    def ramp(self, change_idea: str, ramp: str) -> Ramp:
        """Return the ramp titled ``ramp`` of ``change_idea``, creating either if needed."""
        idea_title = _title(change_idea, "pdsa.error.no_idea_title")
        ramp_title = _title(ramp, "pdsa.error.no_ramp_title")
        idea = next((i for i in self.project.change_ideas if i.title == idea_title), None)
        if idea is None:
            idea = ChangeIdea(idea_title)
            self.project.change_ideas.append(idea)
        found = next((r for r in idea.ramps if r.title == ramp_title), None)
        if found is None:
            found = Ramp(ramp_title)
            idea.ramps.append(found)
        return found

    def add_cycle(self, change_idea: str, ramp: str, cycle: Cycle) -> Cycle:
        """Add a cycle to a ramp (created if needed) and return it; call :meth:`save` to keep it.

        A cycle whose ``number`` is 0 gets the ramp's next number.
        """
        if any(c.id == cycle.id for _, _, c in self.cycles()):
            raise InputError(t("pdsa.error.already_in_log", id=cycle.id))
        problem = check_cycle(cycle)
        if problem:
            raise InputError(problem)
        idea_title = _title(change_idea, "pdsa.error.no_idea_title")
        ramp_title = _title(ramp, "pdsa.error.no_ramp_title")
        existing = [
            c.number for i, r, c in self.cycles() if (i.title, r.title) == (idea_title, ramp_title)
        ]
        number = cycle.number or max(existing, default=0) + 1
        if number in existing:
            raise InputError(t("pdsa.error.number_taken", ramp=ramp_title, number=number))
        cycle.number = number
        self.ramp(idea_title, ramp_title).cycles.append(cycle)
        return cycle

    def save(self) -> None:
        """Write the log, merged with any changes another writer saved since we loaded."""
        ours = stamp_edits(to_dict(self.project), self._base, now_stamp())
        validate(ours)
        merged = ours

        def combine(old: bytes | None) -> bytes:
            nonlocal merged
            merged = merge(self._base, ours, None if old is None else _parse(old, self.path))
            return (json.dumps(merged, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

        update_file(self.path, combine, backup=True)
        self._refresh(from_dict(merged))
        self._base = merged

    def _refresh(self, merged: Project) -> None:
        """Take the merged content, keeping our Project and Cycle objects."""
        mine = {c.id: c for _, _, c in self.cycles()}
        for ramp in (r for idea in merged.change_ideas for r in idea.ramps):
            for i, cycle in enumerate(ramp.cycles):
                if cycle.id in mine:
                    vars(mine[cycle.id]).update(vars(cycle))
                    ramp.cycles[i] = mine[cycle.id]
        vars(self.project).update(vars(merged))


def load_log(path: str | os.PathLike[str]) -> PdsaLog:
    """Read and validate the log at ``path``."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(t("pdsa.error.no_log", path=path)) from None
    except IsADirectoryError:
        raise InputError(t("pdsa.error.is_folder", path=path)) from None
    doc = _parse(data, path)
    log = PdsaLog(path, from_dict(doc))
    log._base = doc
    return log


#: Write bytes to a file so that it is always the old or the new content
#: (kept under this name for the exports and the PDSA form).
atomic_write = write_file


def _parse(data: bytes, path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(t("pdsa.error.not_utf8", name=path.name)) from None
    except json.JSONDecodeError as error:
        raise InputError(
            t(
                "pdsa.error.not_json",
                name=path.name,
                error=error.msg,
                line=error.lineno,
                column=error.colno,
            )
        ) from None
    try:
        validate(doc)
    except InputError as error:
        raise InputError(t("pdsa.error.in_file", name=path.name, error=error)) from None
    return doc


def _title(text: str, message: str) -> str:
    """``text`` stripped; ``message`` is the key of the error for a blank title."""
    if not isinstance(text, str) or not text.strip():
        raise InputError(t(message, got=text))
    return text.strip()
