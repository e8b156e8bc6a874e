"""The PDSA log in Welsh: messages and the Markdown report follow the language; files stay English.

Each test checks a Welsh fragment written here (not copied from the strings
table) and that the English it replaces is gone. The English output is checked,
unchanged, by the other PDSA tests.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from academy import i18n
from academy.errors import InputError
from academy.pdsa import Cycle, PdsaLog, load_log, to_csv, to_markdown, validate

pytestmark = pytest.mark.usefixtures("in_welsh")


def test_schema_messages_are_in_welsh() -> None:
    with pytest.raises(InputError) as version:
        validate({"name": "", "aim": "", "change_ideas": []})
    assert "mae schema_version ar goll" in str(version.value)
    assert "is missing" not in str(version.value)
    doc = {"schema_version": 1, "name": 3, "aim": "", "change_ideas": []}
    with pytest.raises(InputError) as text:
        validate(doc)
    assert str(text.value).startswith("rhaid i name fod yn destun")  # the path stays English
    assert "must be text" not in str(text.value)


def test_a_bad_cycle_is_reported_in_welsh(tmp_path: Path) -> None:
    log = PdsaLog.open(tmp_path / "log.json")
    with pytest.raises(InputError) as date:
        log.add_cycle("Rhestr wirio", "Ramp 1", Cycle(planned_date="01/03/2024"))  # type: ignore[arg-type]
    assert "cycle.planned_date" in str(date.value) and "fod yn ddyddiad" in str(date.value)
    assert "must be a date" not in str(date.value)
    with pytest.raises(InputError) as title:
        log.add_cycle(" ", "Ramp 1", Cycle())
    assert "mae angen teitl ar y syniad am newid" in str(title.value)
    assert "needs a title" not in str(title.value)


def test_file_messages_are_in_welsh(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        load_log(tmp_path / "dim.json")
    assert "nid oes log PDSA" in str(missing.value) and "PdsaLog.open(path)" in str(missing.value)
    assert "starts a new one" not in str(missing.value)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError) as not_json:
        load_log(broken)
    assert "adferwch broken.json.bak" in str(not_json.value)
    assert "restore" not in str(not_json.value)


def test_markdown_report_in_welsh(sample_log: PdsaLog) -> None:
    text = to_markdown(sample_log)
    assert text.startswith("# Log PDSA: Safer discharge\n\n**Nod:** Reduce 30-day")
    assert "## Syniad am newid: Discharge checklist" in text
    assert "| Cylch | Maint |" in text
    assert "| 1 | 1 patient | 2024-03-01 | 2024-03-02 | wedi gweithredu | addasu |" in text
    assert "   Rhagfynegiad: Yes, in under 5 minutes" in text
    assert "**Astudio**\n\n- cymhariaeth: 8 minutes, not under 5" in text
    assert "- penderfyniad: rhoi'r gorau iddo" in text  # the abandoned huddle
    assert "_Heb eu cofnodi eto: Cynllunio, Astudio, Gweithredu._" in text  # cycle 2: Do only
    for english in ("PDSA log:", "Change idea:", "Prediction:", "acted", "Not yet recorded"):
        assert english not in text, english


def test_a_log_saved_in_welsh_loads_in_english_with_the_same_data(
    sample_log: PdsaLog, tmp_path: Path
) -> None:
    sample_log.save()
    saved = json.loads(sample_log.path.read_text(encoding="utf-8"))
    decisions = [
        c["act"]["decision"]
        for idea in saved["change_ideas"]
        for ramp in idea["ramps"]
        for c in ramp["cycles"]
    ]
    assert decisions == ["adapt", "", "", "abandon"]  # stored as the language-independent ids
    csv_path = to_csv(sample_log, tmp_path / "log.csv")
    with csv_path.open(encoding="utf-8-sig", newline="") as stream:
        first = next(csv.DictReader(stream))
    assert (first["status"], first["act_decision"]) == ("acted", "adapt")  # data, not Welsh
    i18n.set_language("en")
    again = load_log(sample_log.path)
    assert again.project == sample_log.project
    assert "| 1 | 1 patient | 2024-03-01 | 2024-03-02 | acted | adapt |" in to_markdown(again)
