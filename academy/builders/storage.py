"""Saving and loading builder documents as JSON, and checking their fields.

Every builder (driver diagram, fishbone, measurement plan) saves one JSON object
with two header fields, ``schema`` (which builder wrote it) and ``schema_version``
(:data:`SCHEMA_VERSION`), followed by the builder's own fields.

Files are written atomically: the text goes to a temporary file in the same
folder, which is flushed and synced to disk (``os.fsync``) and then renamed over
the target with :func:`os.replace`. A crash or a full disk therefore leaves
either the old file or the new one, never half of each (a same-folder
:func:`os.replace` is atomic on POSIX, as the Python documentation states; on
Windows it replaces the file in one call, but atomicity is not guaranteed).

The ``require_*`` helpers check fields of a loaded document and raise
:class:`~academy.errors.InputError` with the field's path, such as
``primary_drivers[0].secondary_drivers[1].text``.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from academy.errors import InputError

#: Version of the document layout written by this release.
SCHEMA_VERSION = 1

_HEADER = ("schema", "schema_version")


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return the path.

    An existing file keeps its permission bits; a new file gets ``rw-r--r--``.

    Raises:
        InputError: the folder does not exist.
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"folder {str(folder)!r} does not exist; create it or choose another path")
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)
    return target


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def save_document(path: str | os.PathLike[str], schema: str, fields: Mapping[str, Any]) -> Path:
    """Save a builder document as indented UTF-8 JSON with the schema header."""
    document = {"schema": schema, "schema_version": SCHEMA_VERSION, **fields}
    return atomic_write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def load_document(path: str | os.PathLike[str], schema: str) -> dict[str, Any]:
    """Read a builder document, check its header and return the other fields.

    Raises:
        InputError: the file is missing, is not JSON, was written by another
            builder or by a newer version.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"file {str(source)!r} not found; check the name and folder") from None
    except UnicodeDecodeError:
        raise InputError(f"{str(source)!r} is not a UTF-8 text file; choose a .json file") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{str(source)!r} is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); fix the file or save it again"
        ) from None
    document = require_mapping(document, "the document")
    found = document.get("schema")
    if found != schema:
        raise InputError(
            f"{str(source)!r} is not a {schema} document (its schema is {found!r}); "
            "open it with the matching builder"
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(f"field 'schema_version' must be a whole number from 1, not {version!r}")
    if version > SCHEMA_VERSION:
        raise InputError(
            f"{str(source)!r} has schema_version {version}, newer than this library's "
            f"{SCHEMA_VERSION}; update the academy package"
        )
    return {key: value for key, value in document.items() if key not in _HEADER}


def require_mapping(value: object, where: str) -> Mapping[str, Any]:
    """``value`` must be a JSON object (a mapping with text keys)."""
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InputError(f"field {where!r} must be an object with named fields")
    return value


def require_keys(
    value: Mapping[str, Any], where: str, required: Collection[str], optional: Collection[str] = ()
) -> None:
    """The object at ``where`` must have every ``required`` field and no unknown one."""
    prefix = f"{where}." if where else ""
    for key in required:
        if key not in value:
            raise InputError(f"field {prefix + key!r} is missing; add it")
    for key in value:
        if key not in required and key not in optional:
            known = ", ".join([*required, *optional])
            raise InputError(f"field {prefix + key!r} is not known; use only {known}")


def require_list(value: object, where: str) -> list[Any]:
    """``value`` must be a list (JSON array)."""
    if not isinstance(value, list | tuple):
        raise InputError(f"field {where!r} must be a list, not {type(value).__name__}")
    return list(value)


def require_text(value: object, where: str, *, allow_empty: bool = False) -> str:
    """``value`` must be text, non-blank unless ``allow_empty``; returned stripped."""
    if not isinstance(value, str):
        raise InputError(f"field {where!r} must be text, not {type(value).__name__}")
    text = value.strip()
    if not text and not allow_empty:
        raise InputError(f"field {where!r} is empty; write a few words")
    return text


def require_texts(value: object, where: str) -> list[str]:
    """``value`` must be a list of non-blank texts."""
    return [
        require_text(item, f"{where}[{i}]") for i, item in enumerate(require_list(value, where))
    ]


def require_choice(value: object, where: str, choices: Collection[str]) -> str:
    """``value`` must be one of ``choices`` (case and surrounding spaces ignored)."""
    text = require_text(value, where).lower()
    if text not in choices:
        raise InputError(f"field {where!r} is {value!r}; choose one of {', '.join(choices)}")
    return text


def require_unique_names(names: Sequence[str], where: str, noun: str) -> None:
    """Each name in the list ``where`` may appear only once (case ignored)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        key = name.casefold()
        if key in seen:
            raise InputError(
                f"field '{where}[{i}].name' repeats {name!r} (also {where}[{seen[key]}]); "
                f"give each {noun} its own name"
            )
        seen[key] = i
