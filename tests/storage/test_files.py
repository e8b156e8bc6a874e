"""The shared save: atomic replace, lock, clean-up of killed writers' files, permissions."""

from __future__ import annotations

import fcntl
import os
import stat
import threading
from pathlib import Path

import pytest

from academy import files
from academy.errors import InputError
from academy.files import update_file, write_file


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_file_saves_the_bytes_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "points.csv"
    assert write_file(target, b"a,b\r\n1,2\r\n") == target
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    assert _names(tmp_path) == ["points.csv"]  # no temporary file, and the lock file is gone


def test_a_new_file_follows_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    new = write_file(tmp_path / "new.json", b"{}")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~_umask()
    private = tmp_path / "private.json"
    private.write_bytes(b"old")
    private.chmod(0o600)
    write_file(private, b"new")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_bytes() == b"new"


def test_the_same_content_is_not_written_again(tmp_path: Path) -> None:
    target = write_file(tmp_path / "a.md", b"# Log\n")
    inode = target.stat().st_ino
    write_file(target, b"# Log\n")
    assert target.stat().st_ino == inode  # a replace would have given a new inode
    write_file(target, b"# Log, changed\n")
    assert target.stat().st_ino != inode


def test_a_backup_keeps_the_replaced_version(tmp_path: Path) -> None:
    target = tmp_path / "log.json"
    write_file(target, b"1", backup=True)
    assert not (tmp_path / "log.json.bak").exists()  # nothing was replaced yet
    write_file(target, b"2", backup=True)
    write_file(target, b"3", backup=True)
    assert (tmp_path / "log.json.bak").read_bytes() == b"2"
    assert _names(tmp_path) == ["log.json", "log.json.bak"]


def test_update_file_passes_the_current_content_and_saves_the_change(tmp_path: Path) -> None:
    target = tmp_path / "count.txt"
    seen = []

    def add_one(old: bytes | None) -> bytes:
        seen.append(old)
        return str(int(old or b"0") + 1).encode()

    assert update_file(target, add_one) == b"1"
    assert update_file(target, add_one) == b"2"
    assert seen == [None, b"1"]


def test_a_failing_change_leaves_the_file_and_frees_the_lock(tmp_path: Path) -> None:
    target = write_file(tmp_path / "plan.json", b"old")

    def refuse(old: bytes | None) -> bytes:
        raise InputError("plan.json is not a plan")

    with pytest.raises(InputError, match="not a plan"):
        update_file(target, refuse)
    assert target.read_bytes() == b"old"
    assert _names(tmp_path) == ["plan.json"]
    write_file(target, b"new")  # the lock is free
    assert target.read_bytes() == b"new"


def test_a_save_deletes_temporary_files_of_killed_writers_of_that_file_only(
    tmp_path: Path,
) -> None:
    stale = [".points.csv.0123abcd.tmp", ".points.csv.bak.89abcdef.tmp"]
    kept = [".other.csv.0123abcd.tmp", ".points.csv.notes.tmp", "points.csv.0123abcd.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_text("partial")
    write_file(tmp_path / "points.csv", b"x")
    assert _names(tmp_path) == sorted([*kept, "points.csv"])


def test_a_lock_file_left_by_a_killed_writer_does_not_block(tmp_path: Path) -> None:
    (tmp_path / ".log.json.lock").write_bytes(b"")  # what a killed writer leaves
    write_file(tmp_path / "log.json", b"x")
    assert _names(tmp_path) == ["log.json"]


def test_a_held_lock_makes_the_save_wait_then_give_up_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.05)
    target = tmp_path / "fb.json"
    with open(tmp_path / ".fb.json.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(InputError) as caught:
            write_file(target, b"x")
    assert str(caught.value) == (
        "another program has been saving fb.json for over 0 s; "
        "close other notebooks using it and save again"
    )
    assert not target.exists()


def test_concurrent_read_modify_write_loses_no_update(tmp_path: Path) -> None:
    """Two threads append 200 lines each; without the lock, appends would be lost.

    flock locks belong to open files, so two threads with their own descriptors
    exclude each other like two processes. Each save also deletes the lock
    file, so waiters must notice and lock the new one.
    """
    target = tmp_path / "lines.txt"

    def append(who: str) -> None:
        for i in range(200):
            update_file(target, lambda old, i=i: (old or b"") + f"{who} {i}\n".encode())

    threads = [threading.Thread(target=append, args=(who,)) for who in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = target.read_text().splitlines()
    assert sorted(lines) == sorted(f"{who} {i}" for who in "AB" for i in range(200))
    assert _names(tmp_path) == ["lines.txt"]


def test_a_missing_folder_or_a_folder_as_target_is_a_one_line_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^folder '.*nowhere' does not exist; create it"):
        write_file(tmp_path / "nowhere" / "a.csv", b"x")
    with pytest.raises(InputError, match=r"is a folder; give a file name to save to$"):
        write_file(tmp_path, b"x")
