"""Write tables as CSV or Excel files that are safe to open in a spreadsheet.

**Formula injection.** A spreadsheet may run a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula, which can fetch
data from the web or run commands when a colleague opens the file (OWASP,
"CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection; MITRE
CWE-1236, "Improper Neutralization of Formula Elements in a CSV File").

* CSV (:func:`write_csv`): such text, headers included, gets a leading single
  quote (:func:`neutralise_cell`), the defence OWASP recommends; spreadsheets
  show it as plain text. Only text is changed, so a negative number stays a
  number.
* Excel (:func:`write_excel`): every piece of text is stored as a text cell.
  This has to be asked for: openpyxl stores a string that starts with ``=`` as
  a formula. Formula-like text also gets Excel's "quote prefix" style, the
  mark Excel itself sets when someone types ``'=...``, so editing the cell
  keeps it text; the text itself is not changed. Two limits of the file
  format: line ends inside text are stored as line feeds (XML turns a carriage
  return into one when the file is read), and control characters other than
  tab and line ends cannot be stored at all (an :class:`InputError` names the
  cell).

**Small numbers.** ``suppress=True`` hides counts from 1 to 4 as ``"<5"`` with
:func:`academy.privacy.suppression.suppress_small_counts` and its default
columns (every column of whole numbers); for exact control, call it first
with the count and derived columns named, then write the result.

Files are saved like every learner file (:mod:`academy.files`): locked,
written to a synced temporary file and moved into place, so a crash leaves
the old file or the new one, never part of one.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from numbers import Number
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from academy.errors import InputError
from academy.files import write_file
from academy.i18n import t
from academy.privacy.suppression import suppress_small_counts

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: File endings :func:`write_table` accepts.
TABLE_SUFFIXES = (".csv", ".xlsx")

#: Rows in one Excel worksheet, the header included (Excel specifications and limits).
EXCEL_MAX_ROWS = 1_048_576


def neutralise_cell(value: object) -> object:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet could run as a formula.

    >>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell(-3), neutralise_cell("ward")
    ("'=HYPERLINK(1)", -3, 'ward')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], *, suppress: bool = False) -> Path:
    """Write ``frame`` as UTF-8 CSV (with a BOM, for Excel), neutralising formula-like text.

    Lines end in CR LF (RFC 4180), so a cell holding a line break is quoted.
    Returns the path written. ``suppress=True`` hides small counts first (module notes).
    """
    table = _prepared(frame, suppress)
    safe = table.copy()
    safe.columns = range(table.shape[1])  # by position: names may repeat
    for i in range(table.shape[1]):
        column = table.iloc[:, i]
        if column.dtype == object or isinstance(column.dtype, pd.CategoricalDtype | pd.StringDtype):
            safe[i] = column.astype(object).map(neutralise_cell)
    safe.columns = [neutralise_cell(str(name)) for name in table.columns]
    text = safe.to_csv(index=False, lineterminator="\r\n")  # RFC 4180; quotes any CR or LF
    return write_file(path, text.encode("utf-8-sig"))


def write_excel(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, suppress: bool = False
) -> Path:
    """Write ``frame`` to an Excel workbook (one sheet, "data"), every text as a text cell.

    Numbers, true/false and dates keep their types; blanks are empty cells;
    other values are written as text. Returns the path written.
    ``suppress=True`` hides small counts first (module notes). openpyxl writes
    some 20,000 cells a second: for large tables, prefer CSV.

    Raises:
        InputError: more rows than a sheet holds, or text with a control character.
    """
    table = _prepared(frame, suppress)
    if len(table) >= EXCEL_MAX_ROWS:
        raise InputError(
            t("loaders.error.excel_too_many_rows", rows=len(table), limit=EXCEL_MAX_ROWS - 1)
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    # every cell is made (and checked) before the first is written, so an error leaves no
    # half-written sheet behind
    rows = [[_excel_cell(sheet, str(name), name, 0) for name in table.columns]]
    rows.extend(
        [
            _excel_cell(sheet, value, name, row)
            for value, name in zip(values, table.columns, strict=True)
        ]
        for row, values in enumerate(table.itertuples(index=False, name=None), start=1)
    )
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return write_file(path, buffer.getvalue())


def write_table(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, suppress: bool = False
) -> Path:
    """Write ``frame`` as CSV or Excel, chosen by the file's ending (:data:`TABLE_SUFFIXES`).

    Raises:
        InputError: the name ends in neither ``.csv`` nor ``.xlsx``.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return write_csv(frame, path, suppress=suppress)
    if suffix == ".xlsx":
        return write_excel(frame, path, suppress=suppress)
    raise InputError(t("loaders.error.table_suffix", name=Path(path).name))


def _prepared(frame: pd.DataFrame, suppress: bool) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise InputError(t("loaders.error.not_a_table", kind=type(frame).__name__))
    return suppress_small_counts(frame) if suppress else frame


def _excel_cell(sheet: WriteOnlyWorksheet, value: object, column: object, row: int) -> object:
    """The value as openpyxl should store it; text always as a text cell, never a formula."""
    if isinstance(value, np.datetime64 | np.timedelta64):
        value = pd.Timestamp(value) if isinstance(value, np.datetime64) else pd.Timedelta(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, Number) and not isinstance(value, complex):
        number = float(value)
        if math.isnan(number):
            return None
        if math.isfinite(number):
            return number  # infinities go on to be written as text
    if isinstance(value, pd.Timestamp | pd.Timedelta):
        value = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value.to_pytimedelta()
    if isinstance(value, dt.datetime | dt.time):
        if value.tzinfo is None:  # Excel has no time zones: aware times are written as text
            return value
    elif isinstance(value, dt.date | dt.timedelta):
        return value
    text = str(value)
    if ILLEGAL_CHARACTERS_RE.search(text):
        if row == 0:
            message = t("loaders.error.excel_control_header", column=str(column))
        else:
            message = t("loaders.error.excel_control_row", column=str(column), row=row)
        raise InputError(message)
    cell = WriteOnlyCell(sheet, text.replace("\r\n", "\n").replace("\r", "\n"))
    cell.data_type = "s"
    cell.quotePrefix = text.startswith(FORMULA_STARTS)
    return cell
