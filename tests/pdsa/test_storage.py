"""Saving and opening a log: round trip, atomic writes, backups, locking, merging."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from academy import files
from academy.errors import InputError
from academy.pdsa import Cycle, PdsaLog, load_log


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_open_missing_file_gives_an_empty_log_and_writes_nothing(tmp_path: Path) -> None:
    log = PdsaLog.open(tmp_path / "new.json")
    assert list(log.cycles()) == []
    assert log.project.aim == ""
    assert not (tmp_path / "new.json").exists()


def test_round_trip(sample_log: PdsaLog) -> None:
    sample_log.save()
    again = load_log(sample_log.path)
    assert again.project == sample_log.project
    assert [c.status for *_, c in again.cycles()] == ["acted", "done", "planned", "acted"]


def test_the_file_is_human_readable_json(sample_log: PdsaLog) -> None:
    sample_log.project.name = "Sécurité – ward 7"
    sample_log.save()
    text = sample_log.path.read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": 1,\n  "name": "Sécurité – ward 7",')
    assert '"planned_date": "2024-03-01"' in text
    assert text.endswith("}\n")


def test_a_new_process_sees_everything_saved(sample_log: PdsaLog) -> None:
    sample_log.save()
    script = (
        "import json, sys\n"
        "from academy.pdsa import load_log\n"
        "log = load_log(sys.argv[1])\n"
        "print(json.dumps([log.project.aim] + [c.objective for *_, c in log.cycles()]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(sample_log.path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout) == [sample_log.project.aim] + [
        c.objective for *_, c in sample_log.cycles()
    ]


def test_the_previous_version_is_kept_as_bak(sample_log: PdsaLog) -> None:
    sample_log.save()
    first = sample_log.path.read_bytes()
    backup = sample_log.path.with_name("pdsa.json.bak")
    assert not backup.exists()  # nothing was replaced yet
    sample_log.project.aim = "A sharper aim"
    sample_log.save()
    assert backup.read_bytes() == first
    assert load_log(sample_log.path).project.aim == "A sharper aim"


def test_the_backup_is_a_copy_where_hard_links_are_not_supported(
    sample_log: PdsaLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_log.save()
    first = sample_log.path.read_bytes()

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    sample_log.project.aim = "A sharper aim"
    sample_log.save()
    assert sample_log.path.with_name("pdsa.json.bak").read_bytes() == first
    assert _leftovers(sample_log.path.parent) == []


def test_saving_without_changes_does_not_rewrite(sample_log: PdsaLog) -> None:
    sample_log.save()
    before = sample_log.path.stat().st_mtime_ns
    sample_log.save()
    assert sample_log.path.stat().st_mtime_ns == before
    assert not sample_log.path.with_name("pdsa.json.bak").exists()


@pytest.mark.parametrize("fail_all", [False, True], ids=["final-replace", "every-replace"])
def test_a_crash_at_replace_leaves_the_old_file_and_no_temp_files(
    sample_log: PdsaLog, monkeypatch: pytest.MonkeyPatch, fail_all: bool
) -> None:
    sample_log.save()
    old = sample_log.path.read_bytes()
    real_replace = os.replace

    def crash(src, dst):
        if fail_all or Path(dst) == sample_log.path:
            raise OSError("simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    sample_log.project.aim = "never saved"
    with pytest.raises(OSError, match="simulated crash"):
        sample_log.save()
    assert sample_log.path.read_bytes() == old
    assert _leftovers(sample_log.path.parent) == []
    assert load_log(sample_log.path).project.aim != "never saved"


def test_a_failed_fsync_leaves_no_temp_file(
    sample_log: PdsaLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_log.save()
    old = sample_log.path.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    sample_log.project.aim = "never saved"
    with pytest.raises(OSError, match="No space left"):
        sample_log.save()
    assert sample_log.path.read_bytes() == old
    assert _leftovers(sample_log.path.parent) == []


def test_a_save_removes_temp_files_left_by_a_killed_writer_and_nothing_else(
    sample_log: PdsaLog,
) -> None:
    folder = sample_log.path.parent
    stale = [".pdsa.json.0123abcd.tmp", ".pdsa.json.bak.89abcdef.tmp"]
    others = [".pdsa.json.csv.0123abcd.tmp", ".pdsa.json.notes.tmp", "pdsa.json.0123abcd.tmp"]
    for name in stale + others:
        (folder / name).write_text("partial")
    sample_log.save()
    assert _leftovers(folder) == sorted(others)


def test_unknown_future_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"schema_version": 2, "cycles": []}))
    with pytest.raises(InputError) as caught:
        load_log(path)
    assert str(caught.value) == (
        "future.json: schema_version is 2, newer than this academy package understands (1); "
        "update academy to open this log"
    )


def test_a_broken_file_is_reported_in_one_line_and_never_overwritten(
    sample_log: PdsaLog,
) -> None:
    sample_log.save()
    broken = sample_log.path.read_text()[:-20]
    sample_log.path.write_text(broken)
    with pytest.raises(InputError) as caught:
        load_log(sample_log.path)
    message = str(caught.value)
    assert message.startswith("pdsa.json is not valid JSON (")
    assert message.endswith("); restore pdsa.json.bak or fix the file by hand")
    assert "\n" not in message
    sample_log.project.aim = "new"
    with pytest.raises(InputError, match=r"^pdsa.json is not valid JSON"):
        sample_log.save()
    assert sample_log.path.read_text() == broken


def test_an_invalid_field_in_the_file_is_named(sample_log: PdsaLog) -> None:
    sample_log.save()
    doc = json.loads(sample_log.path.read_text())
    doc["change_ideas"][0]["ramps"][0]["cycles"][1]["act"]["decision"] = "keep"
    sample_log.path.write_text(json.dumps(doc))
    with pytest.raises(InputError) as caught:
        PdsaLog.open(sample_log.path)
    assert str(caught.value) == (
        "pdsa.json: change_ideas[0].ramps[0].cycles[1].act.decision must be one of adapt, "
        "adopt, abandon; got 'keep' (leave it empty until you decide)"
    )


def test_other_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^no PDSA log at .*; PdsaLog.open\(path\) starts"):
        load_log(tmp_path / "missing.json")
    with pytest.raises(InputError, match=r"is a folder; give the path of the log's .json file$"):
        load_log(tmp_path)
    with pytest.raises(InputError, match=r"^folder .*nowhere does not exist"):
        PdsaLog.open(tmp_path / "nowhere" / "log.json")
    (tmp_path / "latin1.json").write_bytes(b'{"name": "caf\xe9"}')
    with pytest.raises(InputError, match=r"^latin1.json is not UTF-8 text"):
        load_log(tmp_path / "latin1.json")


def test_a_save_waits_for_the_lock_then_gives_up_with_a_message(
    sample_log: PdsaLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.05)
    lock = sample_log.path.with_name(".pdsa.json.lock")
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(InputError, match=r"^another program has been saving pdsa.json"):
            sample_log.save()
    assert not sample_log.path.exists()
    sample_log.save()  # the lock is free again
    assert not lock.exists()  # a finished save deletes its lock file


def test_two_open_logs_lose_no_cycle_and_renumber_a_clash(sample_log: PdsaLog) -> None:
    sample_log.save()
    a, b = PdsaLog.open(sample_log.path), PdsaLog.open(sample_log.path)
    a.add_cycle("Discharge checklist", "Ramp 1", Cycle(objective="from A"))
    b.add_cycle("Discharge checklist", "Ramp 1", Cycle(objective="from B"))
    b.add_cycle("New idea", "Ramp 1", Cycle(objective="also from B"))
    a.save()
    b.save()
    final = load_log(sample_log.path)
    ramp = final.ramp("Discharge checklist", "Ramp 1")
    # both writers made "cycle 3"; A's was created first, so B's moved up to 4
    assert [(c.number, c.objective) for c in ramp.cycles][2:] == [(3, "from A"), (4, "from B")]
    assert len(list(final.cycles())) == 7
    # B now holds the merged log, including A's cycle
    assert b.project == final.project
    a.save()
    assert load_log(sample_log.path).project == final.project


def test_when_both_edit_one_cycle_the_later_edit_wins(sample_log: PdsaLog) -> None:
    sample_log.save()
    a, b = PdsaLog.open(sample_log.path), PdsaLog.open(sample_log.path)
    cycle_id = next(a.cycles())[2].id
    a.find_cycle(cycle_id).study.learning = "A's learning"
    b.find_cycle(cycle_id).study.learning = "B's learning"
    a.find_cycle(cycle_id).act.next_cycle = "A's next step"
    b.save()  # B saves first ...
    a.save()  # ... A saves later: its updated_at is later, so its version wins whole
    final = load_log(sample_log.path).find_cycle(cycle_id)
    assert (final.study.learning, final.act.next_cycle) == ("A's learning", "A's next step")


def test_cycle_objects_stay_the_same_across_saves(sample_log: PdsaLog) -> None:
    cycle = sample_log.add_cycle("Discharge checklist", "Ramp 1", Cycle(objective="kept"))
    sample_log.save()
    assert sample_log.find_cycle(cycle.id) is cycle
    cycle.do.observations = "edited after the first save"
    before = cycle.updated_at
    sample_log.save()
    assert cycle.updated_at > before
    saved = load_log(sample_log.path).find_cycle(cycle.id)
    assert saved.do.observations == "edited after the first save"
