"""Saving and loading builder documents as JSON, and checking their fields.

Every builder (driver diagram, fishbone, measurement plan) saves one JSON object
with two header fields, ``schema`` (which builder wrote it) and ``schema_version``
(:data:`SCHEMA_VERSION`), followed by the builder's own fields.

Files are saved with :func:`academy.files.update_file`, which every saved
learner file shares: under an exclusive lock, to a synced temporary file that
``os.replace`` moves over the old one, so the file is always the whole old or
the whole new version (see :mod:`academy.files`).

**Two notebooks, one file.** Two kernels may hold the same document open, each
adding items and saving. Saving the whole document would lose the other's
items, so :func:`save_document` merges, under the lock, three versions: the
*base* (what this Python process last loaded from or saved to that path),
*ours* (what is being saved) and the *disk* (the file now). The rules, in
:func:`merge_documents`:

* Items of a list are matched by their ``name`` (case ignored) or ``text``;
  strings in a list (measures, whys) by their text. An item on either side is
  kept, except one that one side removed while the other left it as it was in
  the base. An item one side removed and the other changed is kept: nothing
  another notebook wrote is dropped silently.
* Within an item, lists are merged by the same rules, so two writers adding
  change ideas under one driver keep both. The item's own text fields are
  taken together from one side, never mixed: ours if we changed any of them
  since the base, else the file's. When both changed them, ours wins (our
  save is the later one).
* With no base (this process never loaded or saved the path) every item of
  the file is kept. To replace a file wholesale, delete it or pick a new name.

Every item of the result is one writer's version of it, and names are matched
case-insensitively, so the checks each writer passed hold for the merge.
Limit: the base is remembered per path and process, so two forms on the same
file in *one* kernel are treated as one writer (the later save wins).

The ``require_*`` helpers check fields of a loaded document and raise
:class:`~academy.errors.InputError` with the field's path, such as
``primary_drivers[0].secondary_drivers[1].text``.

**Languages.** The messages come from the strings table (``builders.error.*``),
so they follow :func:`academy.i18n.set_language`; the field paths in them stay
as they are in the file. A document's field names and stored values are
English and language-independent (default fishbone categories by their
English names, measure types and chart types by their ids), so a file saved
while the tools are in Welsh opens in English and the other way round, and
files saved before the tools spoke Welsh stay valid. Only what is shown (the
outlines, figures and Markdown) is translated, when it is drawn.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from academy.errors import InputError
from academy.files import update_file, write_file
from academy.i18n import t

#: Version of the document layout written by this release.
SCHEMA_VERSION = 1

_HEADER = ("schema", "schema_version")

#: The document this process last loaded from or saved to each path (the merge base).
_BASES: dict[str, dict[str, Any]] = {}


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Save ``text`` (UTF-8) to ``path`` with :func:`academy.files.write_file`; return the path.

    Raises:
        InputError: the folder does not exist.
    """
    return write_file(path, text.encode("utf-8"))


def save_document(path: str | os.PathLike[str], schema: str, fields: Mapping[str, Any]) -> Path:
    """Save a builder document as indented UTF-8 JSON with the schema header; return the path.

    If the file changed since this process last loaded or saved it, the two
    versions are merged (see the module notes and :func:`merge_documents`).

    Raises:
        InputError: the folder does not exist, or the file there is not a
            readable ``schema`` document (it is left as it is).
    """
    target = Path(path)
    ours = {"schema": schema, "schema_version": SCHEMA_VERSION, **fields}
    base = _BASES.get(_key(target))

    def combine(old: bytes | None) -> bytes:
        if old is None:
            merged = ours
        else:
            fix = t("builders.error.fix_save")
            merged = merge_documents(base, ours, _parse(old, target, schema, fix))
        return (json.dumps(merged, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    update_file(target, combine)
    _BASES[_key(target)] = copy.deepcopy(ours)
    return target


def load_document(path: str | os.PathLike[str], schema: str) -> dict[str, Any]:
    """Read a builder document, check its header and return the other fields.

    Raises:
        InputError: the file is missing, is not JSON, was written by another
            builder or by a newer version.
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise InputError(t("builders.error.not_found", path=str(source))) from None
    except IsADirectoryError:
        raise InputError(t("builders.error.is_folder", path=str(source))) from None
    document = _parse(data, source, schema, t("builders.error.fix_load"))
    _BASES[_key(source)] = copy.deepcopy(document)
    return {key: value for key, value in document.items() if key not in _HEADER}


def _parse(data: bytes, source: Path, schema: str, fix: str) -> dict[str, Any]:
    """The whole document in ``data``, its header checked.

    ``fix`` is a whole clause in the current language (``builders.error.fix_load`` or
    ``builders.error.fix_save``) that ends the error messages.
    """
    path = str(source)
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(t("builders.error.not_utf8", path=path, fix=fix)) from None
    except json.JSONDecodeError as error:
        raise InputError(
            t(
                "builders.error.not_json",
                path=path,
                error=error.msg,
                line=error.lineno,
                column=error.colno,
                fix=fix,
            )
        ) from None
    document = require_mapping(document, t("builders.name_document"))
    found = document.get("schema")
    if found != schema:
        raise InputError(
            t("builders.error.wrong_schema", path=path, schema=schema, found=found, fix=fix)
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(t("builders.error.bad_version", version=version))
    if version > SCHEMA_VERSION:
        raise InputError(
            t("builders.error.newer_version", path=path, version=version, known=SCHEMA_VERSION)
        )
    return dict(document)


def merge_documents(base: Mapping[str, Any] | None, ours: Any, disk: Any) -> Any:
    """Merge our version of a document with the file's, relative to the base (module notes).

    >>> base = {"effect": "Falls", "causes": [{"text": "Lighting", "whys": []}]}
    >>> ours = {"effect": "Falls", "causes": [{"text": "Lighting", "whys": ["Bulbs"]}]}
    >>> disk = {"effect": "Falls", "causes": [{"text": "Lighting", "whys": []}, {"text": "Floor"}]}
    >>> merge_documents(base, ours, disk)["causes"]
    [{'text': 'Lighting', 'whys': ['Bulbs']}, {'text': 'Floor'}]
    """
    if ours == base:
        return disk
    if disk == base or not (isinstance(ours, Mapping) and isinstance(disk, Mapping)):
        return ours
    before = base if isinstance(base, Mapping) else {}
    lists = [key for key in {**disk, **ours} if isinstance(ours.get(key, disk.get(key)), list)]
    plain = [key for key in {**before, **ours} if key not in lists]
    mine = any(ours.get(key) != before.get(key) for key in plain)
    merged = {key: value for key, value in (ours if mine else disk).items() if key not in lists}
    for key in lists:
        merged[key] = _merge_lists(before.get(key, []), ours.get(key, []), disk.get(key, []))
    return merged


def _merge_lists(base: list[Any], ours: list[Any], disk: list[Any]) -> list[Any]:
    """Items matched by identity: the file's order, then items only we hold."""
    old, mine, theirs = _by_identity(base), _by_identity(ours), _by_identity(disk)
    merged = []
    for key, item in theirs.items():
        if key in mine:
            merged.append(merge_documents(old.get(key), mine[key], item))
        elif key not in old or old[key] != item:  # new there, or changed after we removed it
            merged.append(item)
    for key, item in mine.items():
        if key not in theirs and (key not in old or old[key] != item):
            merged.append(item)
    return merged


def _by_identity(items: list[Any]) -> dict[tuple[Any, ...], Any]:
    """Items keyed by name (case ignored), text or value, with a count for repeats."""
    keyed: dict[tuple[Any, ...], Any] = {}
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("name"), str):
            identity: Any = ("name", item["name"].casefold())
        elif isinstance(item, Mapping):
            identity = ("text", item.get("text"))
        else:
            identity = ("value", json.dumps(item, sort_keys=True))
        repeat = sum(key[:2] == identity for key in keyed)
        keyed[(*identity, repeat)] = item
    return keyed


def _key(path: Path) -> str:
    return os.path.realpath(path)


def require_mapping(value: object, where: str) -> Mapping[str, Any]:
    """``value`` must be a JSON object (a mapping with text keys)."""
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InputError(t("builders.error.not_object", where=where))
    return value


def require_keys(
    value: Mapping[str, Any], where: str, required: Collection[str], optional: Collection[str] = ()
) -> None:
    """The object at ``where`` must have every ``required`` field and no unknown one."""
    prefix = f"{where}." if where else ""
    for key in required:
        if key not in value:
            raise InputError(t("builders.error.missing", field=prefix + key))
    for key in value:
        if key not in required and key not in optional:
            known = ", ".join([*required, *optional])
            raise InputError(t("builders.error.unknown_field", field=prefix + key, known=known))


def require_list(value: object, where: str) -> list[Any]:
    """``value`` must be a list (JSON array)."""
    if not isinstance(value, list | tuple):
        raise InputError(t("builders.error.not_list", where=where, kind=type(value).__name__))
    return list(value)


def require_text(value: object, where: str, *, allow_empty: bool = False) -> str:
    """``value`` must be text, non-blank unless ``allow_empty``; returned stripped."""
    if not isinstance(value, str):
        raise InputError(t("builders.error.not_text", where=where, kind=type(value).__name__))
    text = value.strip()
    if not text and not allow_empty:
        raise InputError(t("builders.error.empty", where=where))
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
        raise InputError(
            t("builders.error.bad_choice", where=where, value=value, choices=", ".join(choices))
        )
    return text


def require_unique_names(names: Sequence[str], where: str, message: str) -> None:
    """Each name in the list ``where`` may appear only once (case ignored).

    ``message`` is the strings table key of the error, a whole sentence that
    names the kind of item (Welsh mutates the noun, so it is not filled in),
    with the fields ``{field}``, ``{name!r}`` and ``{first}``.
    """
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        key = name.casefold()
        if key in seen:
            field = f"{where}[{i}].name"
            raise InputError(t(message, field=field, name=name, first=f"{where}[{seen[key]}]"))
        seen[key] = i
