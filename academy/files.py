"""Saving learner files so that a crash or a second notebook never spoils them.

Every file the library saves for a learner (a PDSA log, a driver diagram,
fishbone or measurement plan, an exported CSV, Excel or Markdown file) is
written by :func:`write_file` or :func:`update_file`, in these steps:

1. **Lock.** The writer takes an exclusive ``fcntl.flock`` on a hidden sidecar
   file, ``.<name>.lock``, so two notebooks (two kernels) saving one file take
   turns. The lock file is deleted when the save ends. A writer that was
   waiting on the deleted file notices, because the inode it locked is no
   longer the one under that name, and tries again. The operating system drops
   the lock of a process that dies, so a writer killed mid-save blocks nobody;
   the lock file it leaves is reused and deleted by the next save.
2. **Clean.** Still under the lock, temporary files left by killed writers of
   the same file (``.<name>.<8 hex digits>.tmp``) are deleted. None can belong
   to a live writer, since writers create them only while holding the lock.
   Loaders only ever open ``<name>`` itself, so a leftover is never read.
3. **Write.** The new content goes to a new temporary file in the same folder,
   which is flushed and ``os.fsync``-ed. A file being replaced keeps its
   permission bits; a new one gets the user's default (``0o666`` less the umask).
4. **Back up** (only when asked): the version about to be replaced becomes
   ``<name>.bak``, by an atomic hard link, or by a synced copy where the file
   system has no hard links.
5. **Replace.** ``os.replace`` moves the temporary file over ``<name>``. On
   POSIX this is ``rename(2)``, which replaces the name in one step (the Open
   Group Base Specifications, ``rename()``; the Python documentation of
   ``os.replace``): a reader sees the whole old or the whole new file.
6. **Sync the folder**, because syncing a file does not make its new directory
   entry durable (Linux manual page ``fsync(2)``, which asks for an explicit
   fsync of the folder), so the rename survives a power cut.

Locking uses ``fcntl``, so this module is POSIX only (Linux, macOS, JupyterHub).
``flock`` works on local file systems and, on Linux, over NFS.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from academy.errors import InputError
from academy.i18n import t

#: Seconds a save waits for another program's save of the same file to finish.
LOCK_TIMEOUT = 10.0
_POLL = 0.002


def write_file(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> Path:
    """Save ``data`` to ``path`` (locked, atomic and synced, as the module notes say); return it.

    An existing file with exactly this content is not rewritten.

    Raises:
        InputError: the folder does not exist, ``path`` is a folder, or another
            program held the file's lock for longer than :data:`LOCK_TIMEOUT`.
    """
    target = _target(path)
    _update(target, lambda _old: data, backup=backup)
    return target


def update_file(
    path: str | os.PathLike[str],
    change: Callable[[bytes | None], bytes],
    *,
    backup: bool = False,
) -> bytes:
    """Read, change and save a file under its lock, so no other writer slips in between.

    Args:
        path: the file.
        change: given the current content (None when there is no file), returns
            the new content. It runs under the lock; an exception from it
            leaves the file as it was.
        backup: keep the replaced version as ``<name>.bak``.

    Returns:
        The content the file now holds.
    """
    return _update(_target(path), change, backup=backup)


def _update(target: Path, change: Callable[[bytes | None], bytes], *, backup: bool) -> bytes:
    with _locked(target):
        old = _read(target)
        new = change(old)
        if new != old:
            _replace(target, new, backup=backup and old is not None)
    return new


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold the exclusive lock of ``target``; on entry, delete temporary files of killed writers."""
    lock = target.with_name(f".{target.name}.lock")
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _wait_for(fd, deadline, target)
            if _is_current(fd, lock):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the lock file was deleted while we waited: lock the new one
    try:
        _remove_stale_temps(target)
        yield
    finally:
        _unlink(lock)
        os.close(fd)


def _target(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise InputError(t("loaders.error.no_folder", folder=str(target.parent)))
    if target.is_dir():
        raise InputError(t("loaders.error.save_to_folder", path=str(target)))
    return target


def _wait_for(fd: int, deadline: float, target: Path) -> None:
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise InputError(
                    t("loaders.error.lock_timeout", name=target.name, seconds=LOCK_TIMEOUT)
                ) from None
            time.sleep(_POLL)


def _is_current(fd: int, lock: Path) -> bool:
    """True if the locked descriptor is still the file named ``lock``."""
    try:
        named = os.stat(lock)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _read(target: Path) -> bytes | None:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None


def _replace(target: Path, data: bytes, *, backup: bool) -> None:
    """Write a synced temporary file, optionally keep the current version, move the new one in."""
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    temporary = _write_temp(target, data, mode)
    try:
        if backup:
            _backup(target)
        os.replace(temporary, target)
    except BaseException:
        _unlink(temporary)
        raise
    _fsync_folder(target.parent)  # makes the renames durable


def _backup(target: Path) -> None:
    """Make ``<name>.bak`` the current version: a hard link if possible, else a synced copy."""
    backup = target.with_name(target.name + ".bak")
    link = _temp_path(backup)
    try:
        os.link(target, link)
    except OSError:  # a file system without hard links
        link = _write_temp(backup, target.read_bytes(), None)
    try:
        os.replace(link, backup)
    except BaseException:
        _unlink(link)
        raise


def _write_temp(target: Path, data: bytes, mode: int | None) -> Path:
    """Write a fully synced temporary file beside ``target`` and return its path."""
    temporary = _temp_path(target)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        _unlink(temporary)
        raise
    return temporary


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")


def _remove_stale_temps(target: Path) -> None:
    """Delete temporary files that killed writers of ``target`` left (call under the lock)."""
    names = "|".join(re.escape(name) for name in (target.name, target.name + ".bak"))
    pattern = re.compile(rf"\.(?:{names})\.[0-9a-f]{{8}}\.tmp")
    for leftover in target.parent.iterdir():
        if pattern.fullmatch(leftover.name):
            _unlink(leftover)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    with suppress(FileNotFoundError):
        os.unlink(path)
