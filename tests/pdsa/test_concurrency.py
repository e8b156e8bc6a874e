"""Real processes: a writer killed at random moments, and two writers at once.

The children are forked (POSIX), so each starts in a few milliseconds with the
package already imported; they are separate processes with their own file
descriptors and locks, killed with SIGKILL (no clean-up code can run). A kill
that lands inside a save leaves a new lock or temporary file behind (a name
and inode that were not there before that child started); the test checks
that some kills did, so that it cannot pass without exercising the crash
window. The other kinds of saved file have the same test in
tests/storage/test_kill_during_save.py."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from academy.pdsa import Cycle, PdsaLog, load_log

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork, SIGKILL and flock are POSIX")

KILLS = 200
FORK = multiprocessing.get_context("fork")


def _leftovers(folder: Path) -> set[tuple[str, int]]:
    """Lock and temporary files in the folder, by name and inode."""
    return {
        (p.name, p.stat().st_ino) for p in folder.iterdir() if p.name.endswith((".tmp", ".lock"))
    }


def _save_forever(path: str, seed: int) -> None:
    """Child: add cycles (up to 30, then edit random ones) and save, until killed."""
    rng = random.Random(seed)
    log = PdsaLog.open(path)
    while True:
        cycles = [c for *_, c in log.cycles()]
        if len(cycles) < 30:
            log.add_cycle("Idea", f"Ramp {rng.randrange(3)}", Cycle(objective=f"child {seed}"))
        else:
            rng.choice(cycles).do.observations = f"child {seed} edit {rng.random()}"
        log.save()


def test_a_writer_killed_at_random_moments_leaves_old_or_new_never_partial(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.json"
    rng = random.Random(20240301)
    saved_ids: set[str] = set()
    interrupted_writes = 0
    for kill in range(KILLS):
        before = _leftovers(tmp_path)
        child = FORK.Process(target=_save_forever, args=(str(path), kill))
        child.start()
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL, "the writer stopped before it was killed"
        interrupted_writes += bool(_leftovers(tmp_path) - before)
        if path.exists():
            ids = {c.id for *_, c in load_log(path).cycles()}  # raises if partial or invalid
            assert saved_ids <= ids, "a saved cycle was lost"
            saved_ids = ids
        backup = path.with_name("log.json.bak")
        if backup.exists():
            load_log(backup)
    assert len(saved_ids) == 30  # the children got well past the adding phase
    assert interrupted_writes >= 10, "too few kills landed inside a save to prove anything"
    PdsaLog.open(path).save()
    assert _leftovers(tmp_path) == set()  # the next save removes what killed writers left


def _add_fifty(path: str, who: str, barrier) -> None:
    log = PdsaLog.open(path)
    barrier.wait()
    for i in range(50):
        log.add_cycle("Idea", "Ramp 1", Cycle(objective=f"{who} {i}", scale="1 patient"))
        log.save()


def test_two_writers_adding_fifty_cycles_each_keep_all_hundred(tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    barrier = FORK.Barrier(2)
    writers = [FORK.Process(target=_add_fifty, args=(str(path), w, barrier)) for w in "AB"]
    for w in writers:
        w.start()
    for w in writers:
        w.join(timeout=60)
        assert w.exitcode == 0
    cycles = [c for *_, c in load_log(path).cycles()]
    assert len(cycles) == 100
    assert [c.number for c in cycles] == list(range(1, 101))
    assert {c.objective for c in cycles} == {f"{w} {i}" for w in "AB" for i in range(50)}
