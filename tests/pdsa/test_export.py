"""Markdown, table and CSV exports, with spreadsheet formula injection neutralised."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from academy.pdsa import Cycle, Do, PdsaLog, Prediction, to_csv, to_frame, to_markdown
from academy.pdsa.export import COLUMNS, neutralise


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=b", "a=b"),  # only the first character matters
        (" =1", " =1"),
        ("", ""),
        ("'quoted", "'quoted"),
        (3, 3),  # numbers are not text cells
    ],
)
def test_neutralise(cell, expected) -> None:
    assert neutralise(cell) == expected


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_has_one_row_per_cycle(sample_log: PdsaLog, tmp_path: Path) -> None:
    out = to_csv(sample_log, tmp_path / "cycles.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    rows = _read(out)
    assert list(rows[0]) == list(COLUMNS)
    assert [(r["change_idea"], r["ramp"], r["cycle"], r["status"]) for r in rows] == [
        ("Discharge checklist", "Ramp 1", "1", "acted"),
        ("Discharge checklist", "Ramp 1", "2", "done"),
        ("Discharge checklist", "Ramp 2", "1", "planned"),
        ("Morning huddle", "Ramp 1", "1", "acted"),
    ]
    first = rows[0]
    assert first["planned_date"] == "2024-03-01"
    assert first["questions_and_predictions"] == (
        "Will the nurse complete it? -> Yes, in under 5 minutes"
    )
    assert first["study_learning"] == "Item 4 is unclear"
    assert first["act_decision"] == "adapt"
    assert rows[2]["done_date"] == ""


def test_csv_neutralises_formulas_in_every_text_field(sample_log: PdsaLog, tmp_path: Path) -> None:
    sample_log.project.name = "=cmd|' /C calc'!A0"
    sample_log.add_cycle(
        "@evil idea",
        "+ramp",
        Cycle(
            objective='=HYPERLINK("http://attacker.example", "click")',
            scale="-1 patient",
            questions=[Prediction("=1+1", "2")],
            do=Do(observations='line one\nline two, with "quotes"'),
        ),
    )
    row = _read(to_csv(sample_log, tmp_path / "cycles.csv"))[-1]
    assert row["project"] == "'=cmd|' /C calc'!A0"
    assert row["change_idea"] == "'@evil idea"
    assert row["ramp"] == "'+ramp"
    assert row["objective"] == '\'=HYPERLINK("http://attacker.example", "click")'
    assert row["scale"] == "'-1 patient"
    assert row["questions_and_predictions"] == "'=1+1 -> 2"
    assert row["do_observations"] == 'line one\nline two, with "quotes"'  # quoted, intact
    assert row["cycle"] == "1"


def test_the_table_keeps_text_as_typed(sample_log: PdsaLog) -> None:
    sample_log.project.name = "=not neutralised in pandas"
    frame = to_frame(sample_log)
    assert frame.shape == (4, len(COLUMNS))
    assert frame.loc[0, "project"] == "=not neutralised in pandas"
    assert list(frame["cycle"]) == [1, 2, 1, 1]


def test_markdown_report(sample_log: PdsaLog) -> None:
    text = to_markdown(sample_log)
    assert text.startswith("# PDSA log: Safer discharge\n\n**Aim:** Reduce 30-day readmissions")
    assert "## Change idea: Discharge checklist" in text
    assert "### Ramp: Ramp 2" in text
    assert "| 1 | 1 patient | 2024-03-01 | 2024-03-02 | acted | adapt |" in text
    assert "| 1 | 1 day | 2024-04-01 | — | planned | — |" in text
    assert "#### Cycle 1: See whether one nurse can use the checklist" in text
    assert "1. Will the nurse complete it?\\\n   Prediction: Yes, in under 5 minutes" in text
    assert (
        "**Study**\n\n- comparison: 8 minutes, not under 5\n- learning: Item 4 is unclear" in text
    )
    assert "_Not yet recorded: Plan, Study, Act._" in text  # cycle 2 has only Do filled


def test_markdown_keeps_user_text_from_breaking_the_layout(sample_log: PdsaLog) -> None:
    sample_log.add_cycle(
        "Discharge checklist",
        "Ramp 1",
        Cycle(scale="1 | 2\nshifts", do=Do(observations="first\n\nsecond")),
    )
    text = to_markdown(sample_log)
    assert "| 3 | 1 \\| 2 shifts |" in text  # pipe escaped, one line
    assert "#### Cycle 3: no objective yet" in text
    assert "- observations: first\\\n  second" in text  # a hard break inside the item


def test_empty_log_markdown(tmp_path: Path) -> None:
    text = to_markdown(PdsaLog.open(tmp_path / "x.json"))
    assert text == "# PDSA log: untitled project\n\n**Aim:** _not yet written_\n"
