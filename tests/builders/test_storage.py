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
    merge_documents,
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


def test_new_file_follows_the_umask_and_existing_mode_is_kept(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    new = atomic_write_text(tmp_path / "new.json", "x")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
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


# --- two writers: merging (see the module notes of academy.builders.storage) ---------------


def _doc(*causes, effect="Falls"):
    """A fishbone-like document: one category holding these causes."""
    return {"effect": effect, "categories": [{"name": "People", "causes": list(causes)}]}


def _cause(text, *whys):
    return {"text": text, "whys": list(whys)}


def test_items_added_on_both_sides_are_all_kept_the_files_order_first():
    base = _doc(_cause("Staffing"))
    ours = _doc(_cause("Staffing"), _cause("Ours"))
    disk = _doc(_cause("Staffing"), _cause("Theirs"))
    assert merge_documents(base, ours, disk) == _doc(
        _cause("Staffing"), _cause("Theirs"), _cause("Ours")
    )


def test_an_item_removed_on_one_side_and_untouched_on_the_other_is_removed():
    base = _doc(_cause("Staffing"), _cause("Lighting"))
    assert merge_documents(base, _doc(_cause("Staffing")), base) == _doc(_cause("Staffing"))
    assert merge_documents(base, base, _doc(_cause("Lighting"))) == _doc(_cause("Lighting"))
    theirs_changed = _doc(_cause("Staffing"), _cause("Lighting"), _cause("New"))
    assert merge_documents(base, _doc(_cause("Lighting")), theirs_changed) == _doc(
        _cause("Lighting"), _cause("New")
    )


def test_an_item_removed_on_one_side_but_changed_on_the_other_is_kept_with_the_change():
    base = _doc(_cause("Lighting"))
    changed = _doc(_cause("Lighting", "bulbs fail"))
    assert merge_documents(base, _doc(), changed) == changed  # we removed, they changed
    assert merge_documents(base, changed, _doc()) == changed  # they removed, we changed


def test_nested_lists_merge_and_an_items_own_fields_come_from_one_side():
    base = _doc(_cause("Lighting"))
    ours = _doc(_cause("Lighting", "bulbs fail"), effect="Falls at night")
    disk = _doc(_cause("Lighting", "switch too far"))
    assert merge_documents(base, ours, disk) == _doc(
        _cause("Lighting", "switch too far", "bulbs fail"), effect="Falls at night"
    )
    # they changed the effect, we did not: theirs; both changed it: ours (the later save)
    assert merge_documents(base, base, _doc(_cause("Lighting"), effect="Slips"))["effect"] == (
        "Slips"
    )
    both = merge_documents(
        base, _doc(_cause("Lighting"), effect="A"), _doc(_cause("Lighting"), effect="B")
    )
    assert both == _doc(_cause("Lighting"), effect="A")


def test_measures_are_matched_by_name_ignoring_case_and_never_mixed():
    measure = {"name": "Falls", "chart_type": "u", "denominator": "bed days"}
    base = {"aim": "x", "measures": [measure]}
    ours = {"aim": "x", "measures": [{"name": "falls", "chart_type": "c", "denominator": ""}]}
    disk = {"aim": "x", "measures": [{**measure, "denominator": "occupied bed days"}]}
    # both changed the measure: ours whole, not our chart with their denominator
    assert merge_documents(base, ours, disk) == ours


def test_repeated_texts_are_matched_by_occurrence():
    base = _doc(_cause("Same"), _cause("Same"))
    ours = _doc(_cause("Same", "first"), _cause("Same"))
    disk = _doc(_cause("Same"), _cause("Same", "second"))
    assert merge_documents(base, ours, disk) == _doc(
        _cause("Same", "first"), _cause("Same", "second")
    )


def test_without_a_base_every_item_of_the_file_is_kept():
    disk = _doc(_cause("Theirs"), effect="Old")
    assert merge_documents(None, _doc(_cause("Ours"), effect="New"), disk) == _doc(
        _cause("Theirs"), _cause("Ours"), effect="New"
    )


def test_save_merges_what_another_program_wrote_since_this_one_loaded(tmp_path):
    path = tmp_path / "fb.json"
    save_document(path, "fishbone", _doc(_cause("Staffing")))
    ours = load_document(path, "fishbone")
    # another notebook adds a cause and saves (written here straight to the file)
    other = {"schema": "fishbone", "schema_version": 1, **_doc(_cause("Staffing"), _cause("B"))}
    path.write_text(json.dumps(other), encoding="utf-8")
    ours["categories"][0]["causes"].append(_cause("A"))
    save_document(path, "fishbone", ours)
    causes = load_document(path, "fishbone")["categories"][0]["causes"]
    assert [c["text"] for c in causes] == ["Staffing", "B", "A"]


def test_save_refuses_to_overwrite_a_file_that_is_not_this_builders(tmp_path):
    path = tmp_path / "mine.json"
    save_document(path, "driver_diagram", {"aim": "Fewer falls"})
    before = path.read_bytes()
    with pytest.raises(InputError) as caught:
        save_document(path, "fishbone", _doc())
    assert str(caught.value).endswith(
        "is not a fishbone document (its schema is 'driver_diagram'); open it with the "
        "matching builder, or save under another name or move that file away"
    )
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"is not valid JSON .*; save under another name"):
        save_document(path, "driver_diagram", {"aim": "Fewer falls"})
    assert path.read_text(encoding="utf-8") == "{not json"
    assert before  # the first file was written
