"""Tests for atomic JSON saving, loading and field checks shared by the builders."""

from __future__ import annotations

import json
import os
import stat

import pytest

from academy.builders import storage
from academy.builders.storage import (
    SCHEMA_VERSION,
    atomic_write_text,
    load_document,
    require_choice,
    require_keys,
    require_list,
    require_mapping,
    require_text,
    require_texts,
    save_document,
)
from academy.errors import InputError


def test_atomic_write_writes_text_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "plan.json"
    assert atomic_write_text(target, "héllo\n") == target
    assert target.read_text(encoding="utf-8") == "héllo\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_atomic_write_syncs_the_temporary_file_before_replacing(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync")
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", os.path.dirname(src) == str(tmp_path)))
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "fsync", fsync)
    monkeypatch.setattr(storage.os, "replace", replace)
    atomic_write_text(tmp_path / "a.json", "{}")
    # The file is synced, then renamed from the same folder (then the folder is synced).
    assert events[:2] == ["fsync", ("replace", True)]


def test_failed_write_keeps_the_old_file_and_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "a.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_new_file_is_readable_by_others_and_existing_mode_is_kept(tmp_path):
    new = atomic_write_text(tmp_path / "new.json", "x")
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    kept = tmp_path / "kept.json"
    kept.write_text("x", encoding="utf-8")
    os.chmod(kept, 0o600)
    atomic_write_text(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_missing_folder_is_a_one_line_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist; create it"):
        atomic_write_text(tmp_path / "nope" / "a.json", "x")


def test_save_document_writes_schema_header_first(tmp_path):
    path = save_document(tmp_path / "d.json", "fishbone", {"effect": "Falls"})
    document = json.loads(path.read_text(encoding="utf-8"))
    assert list(document) == ["schema", "schema_version", "effect"]
    assert document == {"schema": "fishbone", "schema_version": 1, "effect": "Falls"}
    assert SCHEMA_VERSION == 1
    assert load_document(path, "fishbone") == {"effect": "Falls"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"schema": "fishbone", "schema_version": 1,}', "is not valid JSON ("),
        ("[1, 2]", "field 'the document' must be an object"),
        (
            '{"schema": "driver_diagram", "schema_version": 1}',
            "not a fishbone document (its schema is 'driver_diagram')",
        ),
        ('{"schema_version": 1}', "(its schema is None)"),
        ('{"schema": "fishbone"}', "field 'schema_version' must be a whole number"),
        ('{"schema": "fishbone", "schema_version": "1"}', "must be a whole number"),
        ('{"schema": "fishbone", "schema_version": 2}', "newer than this library's 1"),
    ],
)
def test_load_document_rejects_bad_files(tmp_path, content, message):
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_document(path, "fishbone")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_load_document_reports_the_json_line(tmp_path):
    path = tmp_path / "d.json"
    path.write_text('{\n  "schema": "fishbone",\n  oops\n}', encoding="utf-8")
    with pytest.raises(InputError, match="at line 3, column 3"):
        load_document(path, "fishbone")


def test_load_document_missing_or_binary_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_document(tmp_path / "missing.json", "fishbone")
    binary = tmp_path / "b.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="not a UTF-8 text file"):
        load_document(binary, "fishbone")


def test_field_checks_name_the_path():
    assert require_text("  Falls  ", "aim") == "Falls"
    assert require_text(" ", "x", allow_empty=True) == ""
    assert require_texts(["a", " b "], "measures") == ["a", "b"]
    assert require_list((1, 2), "items") == [1, 2]
    assert require_choice(" Outcome ", "m[0].type", ("outcome", "process")) == "outcome"
    with pytest.raises(InputError, match=r"field 'aim' is empty"):
        require_text("   ", "aim")
    with pytest.raises(InputError, match=r"field 'a\.b' must be text, not int"):
        require_text(3, "a.b")
    with pytest.raises(InputError, match=r"field 'measures\[1\]' is empty"):
        require_texts(["a", ""], "measures")
    with pytest.raises(InputError, match=r"field 'items' must be a list, not str"):
        require_list("abc", "items")
    with pytest.raises(InputError, match=r"field 'x' must be an object"):
        require_mapping([1], "x")
    with pytest.raises(InputError, match=r"choose one of outcome, process"):
        require_choice("result", "m[0].type", ("outcome", "process"))


def test_require_keys_reports_missing_and_unknown_fields():
    require_keys({"text": "a"}, "p[0]", ("text",), ("measures",))
    with pytest.raises(InputError, match=r"field 'p\[0\]\.text' is missing"):
        require_keys({}, "p[0]", ("text",))
    with pytest.raises(
        InputError, match=r"field 'p\[0\]\.mesures' is not known; use only text, measures"
    ):
        require_keys({"text": "a", "mesures": []}, "p[0]", ("text",), ("measures",))
    with pytest.raises(InputError, match=r"field 'extra' is not known"):
        require_keys({"aim": "a", "extra": 1}, "", ("aim",))
