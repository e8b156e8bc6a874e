"""A writer killed at random moments leaves every kind of learner file old or new, never partial.

For each kind of saved file (:mod:`tests.storage.kinds`), a forked child saves
version 0, then 1, then 0 ... with the library's own function until the parent
kills it with SIGKILL (no clean-up code can run) after a seeded random delay.
After every kill the file must load with the library's own loader and equal
version 0 or version 1 exactly (and, where saving is deterministic, byte for
byte). The PDSA log has its own test with 200 kills and a growing log
(tests/pdsa/test_concurrency.py).

A kill that lands inside a save leaves the save's lock file or temporary file
behind (a new one: a file name and inode that were not there before that
child started); the loop goes on until at least :data:`MIN_INTERRUPTED` kills did so
(and at least :data:`MIN_KILLS` kills were made), and fails if
:data:`MAX_KILLS` are not enough, so the test cannot pass without hitting the
crash window. Leftovers are harmless by design: loaders open only the file's
own name, and the next save of that file deletes them under its lock, which
the test checks at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from tests.storage.kinds import KINDS, Kind

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork, SIGKILL and flock are POSIX")

FORK = multiprocessing.get_context("fork")
MIN_KILLS = 30
MIN_INTERRUPTED = 3
MAX_KILLS = 200


def _leftovers(folder: Path) -> set[tuple[str, int]]:
    """Lock and temporary files in the folder, by name and inode."""
    return {
        (p.name, p.stat().st_ino) for p in folder.iterdir() if p.name.endswith((".tmp", ".lock"))
    }


def _save_alternately(name: str, path: str) -> None:
    """Child: save version 0, 1, 0, 1 ... until killed."""
    kind = KINDS[name]
    versions = (kind.make(0), kind.make(1))
    if kind.loads_first and os.path.exists(path):
        kind.load(Path(path))  # a builder merges with what it loaded: start from the file
    for i in count():
        kind.save(versions[i % 2], Path(path))


def _expected(kind: Kind, folder: Path) -> tuple[list[bytes], list[Any], float]:
    """The bytes and loaded value of each version, saved undisturbed; and seconds per save."""
    folder.mkdir()
    raw, loaded = [], []
    start = time.perf_counter()
    for version in (0, 1):
        path = folder / f"{version}-{kind.file_name}"
        kind.save(kind.make(version), path)
        raw.append(path.read_bytes())
        loaded.append(kind.load(path))
    assert loaded[0] != loaded[1]
    return raw, loaded, (time.perf_counter() - start) / 2


@pytest.mark.parametrize("name", list(KINDS))
def test_a_killed_writer_leaves_the_old_or_the_new_version(tmp_path: Path, name: str) -> None:
    kind = KINDS[name]
    raw, loaded, seconds = _expected(kind, tmp_path / "expected")
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / kind.file_name
    rng = random.Random(f"kill during save: {name}")
    kills = interrupted = 0
    while kills < MIN_KILLS or interrupted < MIN_INTERRUPTED:
        assert kills < MAX_KILLS, f"only {interrupted} of {kills} kills landed inside a save"
        before = _leftovers(folder)
        child = FORK.Process(target=_save_alternately, args=(name, str(path)))
        child.start()
        time.sleep(rng.uniform(0.0, 0.01 + 4 * seconds))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL, "the writer stopped before it was killed"
        kills += 1
        interrupted += bool(_leftovers(folder) - before)
        if path.exists():
            assert kind.load(path) in loaded, "the file is neither the old nor the new version"
            if kind.same_bytes:
                assert path.read_bytes() in raw
    if kind.loads_first:
        kind.load(path)
    kind.save(kind.make(0), path)
    assert _leftovers(folder) == set()  # the next save removed what killed writers left
    assert kind.load(path) == loaded[0]
