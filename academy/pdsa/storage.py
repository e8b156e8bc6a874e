"""Saving a PDSA log to a JSON file safely, and opening it again.

Safety of a save (:meth:`PdsaLog.save`):

* **Atomic.** The new version is written to a temporary file in the same
  folder, flushed and ``os.fsync``-ed, then moved over the log with
  ``os.replace`` (atomic on POSIX), and the folder is fsync-ed so the move
  itself survives a power cut. A reader therefore always finds the complete
  old or the complete new version, never part of one.
* **Backup.** The version being replaced is kept as ``<name>.bak``: after the
  new version is safely in its temporary file, and just before that file
  replaces the log, ``.bak`` is atomically made a hard link to the current
  log (a synced copy where hard links are not supported). So ``.bak`` always
  holds the version that the latest save replaced, and is itself never partial.
* **Two writers.** Saves hold an exclusive ``fcntl.flock`` on the sidecar
  ``<name>.lock`` (left in place: deleting a lock file races with its users).
  Under the lock the file is read again and merged with our version by cycle
  id (:mod:`academy.pdsa.merge`): cycles that another notebook saved since we
  loaded are kept; if both edited one cycle, the later ``updated_at`` wins.
  A process killed while saving releases its lock; temporary files it left
  behind are removed by the next save. Locking uses ``fcntl``, so it is POSIX
  only (Linux, macOS, JupyterHub).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from academy.errors import InputError
from academy.pdsa.merge import merge, stamp_edits
from academy.pdsa.model import ChangeIdea, Cycle, Project, Ramp, now_stamp
from academy.pdsa.schema import check_cycle, from_dict, to_dict, validate

#: Seconds a save waits for another notebook's save to finish.
LOCK_TIMEOUT = 10.0


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
            raise InputError(f"folder {path.parent} does not exist; create it or choose another")
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
        raise InputError(f"no cycle with id {cycle_id!r} in this log; check the id")

    def ramp(self, change_idea: str, ramp: str) -> Ramp:
        """Return the ramp titled ``ramp`` of ``change_idea``, creating either if needed."""
        idea_title, ramp_title = _title(change_idea, "change idea"), _title(ramp, "ramp")
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
            raise InputError(f"cycle {cycle.id!r} is already in this log; edit it there and save")
        problem = check_cycle(cycle)
        if problem:
            raise InputError(problem)
        idea_title, ramp_title = _title(change_idea, "change idea"), _title(ramp, "ramp")
        existing = [
            c.number for i, r, c in self.cycles() if (i.title, r.title) == (idea_title, ramp_title)
        ]
        number = cycle.number or max(existing, default=0) + 1
        if number in existing:
            raise InputError(
                f"ramp {ramp_title!r} already has a cycle {number}; set number to 0 to take the next"
            )
        cycle.number = number
        self.ramp(idea_title, ramp_title).cycles.append(cycle)
        return cycle

    def save(self) -> None:
        """Write the log, merged with any changes another writer saved since we loaded."""
        ours = stamp_edits(to_dict(self.project), self._base, now_stamp())
        validate(ours)
        with _locked(self.path):
            _remove_stale_temps(self.path)
            old = self.path.read_bytes() if self.path.exists() else None
            disk = None if old is None else _parse(old, self.path)
            merged = merge(self._base, ours, disk)
            data = (json.dumps(merged, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
            if data != old:
                _replace(self.path, data, keep_backup=old is not None)
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
        raise InputError(f"no PDSA log at {path}; PdsaLog.open(path) starts a new one") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a folder; give the path of the log's .json file") from None
    doc = _parse(data, path)
    log = PdsaLog(path, from_dict(doc))
    log._base = doc
    return log


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` is always the old or the new content."""
    _replace(path, data, keep_backup=False)


def _replace(path: Path, data: bytes, keep_backup: bool) -> None:
    """Write a synced temporary file, keep the current version as .bak, move the new one in."""
    tmp = _write_temp(path, data)
    try:
        if keep_backup:
            _backup(path)
        os.replace(tmp, path)
    except BaseException:
        _unlink(tmp)
        raise
    _fsync_dir(path.parent)  # makes both renames durable


def _backup(path: Path) -> None:
    """Make ``<name>.bak`` the current version: a hard link if possible, else a synced copy."""
    backup = _backup_path(path)
    link = _temp_path(backup)
    try:
        os.link(path, link)
    except OSError:  # a file system without hard links
        link = _write_temp(backup, path.read_bytes())
    try:
        os.replace(link, backup)
    except BaseException:
        _unlink(link)
        raise


def _write_temp(path: Path, data: bytes) -> Path:
    """Write a fully synced temporary copy beside ``path`` and return its path."""
    tmp = _temp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary files left by a writer that was killed (call under the lock)."""
    names = "|".join(re.escape(p.name) for p in (path, _backup_path(path)))
    pattern = re.compile(rf"\.(?:{names})\.[0-9a-f]{{8}}\.tmp")
    for leftover in path.parent.iterdir():
        if pattern.fullmatch(leftover.name):
            _unlink(leftover)


def _parse(data: bytes, path: Path) -> dict[str, Any]:
    fix = f"restore {_backup_path(path).name} or fix the file by hand"
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text; {fix}") from None
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path.name} is not valid JSON ({error.msg} at line {error.lineno} column "
            f"{error.colno}); {fix}"
        ) from None
    try:
        validate(doc)
    except InputError as error:
        raise InputError(f"{path.name}: {error}") from None
    return doc


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on ``<name>.lock`` beside ``path``."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"another program has been saving {path.name} for over "
                        f"{LOCK_TIMEOUT:.0f} s; close other notebooks using it and save again"
                    ) from None
                time.sleep(0.002)
        yield
    finally:
        os.close(fd)


def _title(text: str, what: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"the {what} needs a title; got {text!r}")
    return text.strip()


def _backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
