"""CSV and Excel exports: formula injection neutralised (OWASP; CWE-1236), small counts hidden."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from academy.errors import InputError
from academy.exports import EXCEL_MAX_ROWS, write_csv, write_excel, write_table

#: Every first character OWASP lists as dangerous, with a payload after it.
DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def _cells(path: Path) -> list[list]:
    return [list(row) for row in load_workbook(path)["data"].iter_rows()]


def test_csv_text_that_a_spreadsheet_would_run_gets_a_leading_quote(tmp_path: Path) -> None:
    frame = pd.DataFrame({"note": [*DANGEROUS, "ward 7", "a=b"]})
    rows = _csv_rows(write_csv(frame, tmp_path / "t.csv"))
    assert rows == [["note"]] + [["'" + text] for text in DANGEROUS] + [["ward 7"], ["a=b"]]


def test_csv_numbers_stay_numbers_and_a_header_starting_with_equals_is_neutralised(
    tmp_path: Path,
) -> None:
    frame = pd.DataFrame({"=HYPERLINK(1)": [-3, 4], "change": [-0.5, 2.25], "text": ["-3", "x"]})
    rows = _csv_rows(write_csv(frame, tmp_path / "t.csv"))
    assert rows == [
        ["'=HYPERLINK(1)", "change", "text"],
        ["-3", "-0.5", "'-3"],  # the number -3 is untouched; the text "-3" is neutralised
        ["4", "2.25", "x"],
    ]


def test_csv_category_and_string_columns_are_neutralised_too(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "category": pd.Categorical(["=1+1", "ok"]),
            "string": pd.array(["@x", None], dtype="string"),
        }
    )
    rows = _csv_rows(write_csv(frame, tmp_path / "t.csv"))
    assert rows == [["category", "string"], ["'=1+1", "'@x"], ["ok", ""]]


def test_csv_quotes_line_breaks_so_every_row_stays_one_record(tmp_path: Path) -> None:
    frame = pd.DataFrame({"note": ["line one\rline two", "a\nb"], "n": [1, 2]})
    path = write_csv(frame, tmp_path / "t.csv")
    assert _csv_rows(path) == [["note", "n"], ["line one\rline two", "1"], ["a\nb", "2"]]
    assert path.read_bytes().count(b"\r\n") == 3  # RFC 4180 line ends


def test_excel_text_is_never_a_formula(tmp_path: Path) -> None:
    frame = pd.DataFrame({"=header": [*DANGEROUS, "ward 7"], "n": [-3, 0, 1, 2, 3, 4, 5]})
    path = write_excel(frame, tmp_path / "t.xlsx")
    cells = _cells(path)
    assert all(cell.data_type != "f" for row in cells for cell in row)
    assert "<f>" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    header, *rows = cells
    assert [(c.value, c.data_type, c.quotePrefix) for c in header] == [
        ("=header", "s", True),
        ("n", "s", False),
    ]
    # text is kept as written, a carriage return stored as a line feed (module notes)
    texts = [text.replace("\r", "\n") for text in DANGEROUS] + ["ward 7"]
    assert [(r[0].value, r[0].data_type, r[0].quotePrefix) for r in rows] == [
        (text, "s", text != "ward 7") for text in texts
    ]
    assert [(r[1].value, r[1].data_type) for r in rows] == [
        (n, "n") for n in (-3, 0, 1, 2, 3, 4, 5)
    ]


def test_excel_keeps_numbers_dates_and_true_false_and_leaves_blanks_empty(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "week": pd.to_datetime(["2024-03-04", None]),
            "rate": [-1.5, np.nan],
            "flag": [True, False],
            "count": pd.array([3, None], dtype="Int64"),
            "period": [pd.Period("2024-03", "M"), None],
        }
    )
    values = [
        [cell.value for cell in row] for row in _cells(write_excel(frame, tmp_path / "a.xlsx"))
    ]
    assert values == [
        ["week", "rate", "flag", "count", "period"],
        [datetime(2024, 3, 4), -1.5, True, 3, "2024-03"],
        [None, None, False, None, None],
    ]


def test_excel_refuses_control_characters_and_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    with pytest.raises(InputError) as caught:
        write_excel(pd.DataFrame({"note": ["ok", "bell\x07"]}), path)
    assert str(caught.value) == (
        "column 'note', row 2, holds a control character that Excel cannot store; "
        "remove it or export as .csv"
    )
    with pytest.raises(InputError, match=r"^1048576 rows do not fit in an Excel sheet"):
        write_excel(pd.DataFrame({"n": np.zeros(EXCEL_MAX_ROWS)}), path)
    assert not path.exists()


def test_suppress_hides_counts_from_1_to_4_in_both_formats(tmp_path: Path) -> None:
    frame = pd.DataFrame({"ward": ["A", "B", "C", "D"], "deaths": [0, 1, 4, 5]})
    rows = _csv_rows(write_csv(frame, tmp_path / "t.csv", suppress=True))
    assert rows == [["ward", "deaths"], ["A", "0"], ["B", "<5"], ["C", "<5"], ["D", "5"]]
    cells = _cells(write_excel(frame, tmp_path / "t.xlsx", suppress=True))
    assert [(row[1].value, row[1].data_type) for row in cells[1:]] == [
        (0, "n"),
        ("<5", "s"),
        ("<5", "s"),
        (5, "n"),
    ]
    assert frame["deaths"].tolist() == [0, 1, 4, 5]  # the caller's table is unchanged


def test_write_table_chooses_the_format_by_the_ending(tmp_path: Path) -> None:
    frame = pd.DataFrame({"n": [1]})
    assert write_table(frame, tmp_path / "a.CSV").read_bytes().startswith(b"\xef\xbb\xbfn")
    assert zipfile.is_zipfile(write_table(frame, tmp_path / "a.xlsx"))
    with pytest.raises(InputError) as caught:
        write_table(frame, tmp_path / "a.txt")
    assert (
        str(caught.value) == "cannot write a table to 'a.txt'; end the file name in .csv or .xlsx"
    )


def test_exports_replace_the_old_file_whole_and_leave_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("old content that is longer than the new one\n" * 50)
    write_csv(pd.DataFrame({"n": [1]}), path)
    assert _csv_rows(path) == [["n"], ["1"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]
    with pytest.raises(InputError, match=r"^folder '.*missing' does not exist"):
        write_excel(pd.DataFrame({"n": [1]}), tmp_path / "missing" / "t.xlsx")
