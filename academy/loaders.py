"""Read a learner's own table (CSV or Excel) safely.

Spreadsheets exported from hospital systems arrive in several encodings and
with different separators. :func:`read_table` accepts UTF-8 (with or without a
byte-order mark, as Excel writes it), falls back to Windows-1252 (Excel's
"CSV" on Windows), detects comma, semicolon and tab separators, and reads
``.xlsx`` files. It only ever reads: the input file is never changed.

Every problem a user can fix is raised as :class:`~academy.errors.InputError`
with one line saying what is wrong and what to do.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from academy.errors import InputError

ENCODINGS = ("utf-8-sig", "cp1252")
SEPARATORS = ",;\t"
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


def read_table(path: str | Path, *, sheet: str | int = 0) -> pd.DataFrame:
    """Read a CSV or Excel file into a DataFrame of the user's columns."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist: check the file name and folder")
    if path.is_dir():
        raise InputError(f"{path} is a folder: give the path of a CSV or Excel file")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, sheet)
    if path.suffix.lower() == ".xls":
        raise InputError(
            f"{path.name} is an old Excel 97-2003 file: save it as .xlsx or .csv and try again"
        )
    return _read_csv(path)


def _read_excel(path: Path, sheet: str | int) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, sheet_name=sheet, engine="openpyxl")
    except ValueError as error:  # unknown sheet name
        raise InputError(f"{path.name}: {error}; name an existing sheet") from None
    except Exception as error:  # zip or XML damage: openpyxl raises many kinds
        raise InputError(
            f"{path.name} could not be read as an Excel file ({type(error).__name__}): open it in Excel and save it again as .xlsx"
        ) from None
    if frame.empty:
        raise InputError(f"{path.name} has no data rows: add data under the header row")
    return frame


def _decode(raw: bytes, name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{name} is not a text file in UTF-8 or Windows-1252: save it from Excel as 'CSV UTF-8'"
    )


def _separator(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(
            f"{path.name} is empty: export the data again with a header row and data rows"
        )
    if b"\x00" in raw[:4096]:
        raise InputError(
            f"{path.name} looks like a binary file, not CSV: export it from Excel as 'CSV UTF-8'"
        )
    text = _decode(raw, path.name)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=_separator(text), skipinitialspace=True)
    except pd.errors.ParserError as error:
        first = str(error).splitlines()[0]
        raise InputError(
            f"{path.name} is not a regular table ({first}): check for stray separators or quotes"
        ) from None
    if frame.empty:
        raise InputError(
            f"{path.name} has a header but no data rows: add the data under the header"
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
