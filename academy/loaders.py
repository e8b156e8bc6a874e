"""Read a learner's own table (CSV or Excel) safely.

Spreadsheets exported from hospital systems arrive in several encodings and
with different separators. :func:`read_table` accepts:

* CSV (any suffix but ``.xlsx``, ``.xlsm`` and ``.xls``) in UTF-8, UTF-8 with a
  byte-order mark (Excel's "CSV UTF-8"), UTF-16 with a byte-order mark (Excel's
  "Unicode Text") or, failing UTF-8, Windows-1252 (Excel's plain "CSV" on
  Windows, where place names such as "Llanfair-ym-Muallt" or "Pontardawe" may
  carry â, ô or é). Welsh ŵ and ŷ are not in Windows-1252: such files must be
  UTF-8. The separator (comma, semicolon or tab) is detected from the first
  lines with :class:`csv.Sniffer` (Python Software Foundation, ``csv`` module
  documentation).
* ``.xlsx`` and ``.xlsm`` workbooks (first sheet, or the one named).

What counts as blank: an empty cell, or one of :data:`NA_TEXT` ("NA", "N/A",
"NULL", ...). Excel's error values such as ``#N/A`` and ``#DIV/0!`` are kept as
text (in CSV files and in workbooks), so that the chart can say which cell
holds a broken formula instead of silently treating it as missing. Lines and
rows with every cell empty are dropped (Excel often leaves a run of ``,,,``
rows below the data), as are columns with neither a name nor a value; so the
"row 5" of a later message is the fifth row of data under the header, not
counting empty rows. A workbook is read as Excel last saved it (the cached
values of formulas).

What is refused, each with one line saying what to do
(:class:`~academy.errors.InputError`): a missing file or a folder; an empty
file, one with only blank lines or only a header; a binary file, a PDF, a
compressed file, an Excel workbook with a ``.csv`` name, an old ``.xls``
workbook; text that is neither UTF-8 nor Windows-1252; UTF-16 without a
byte-order mark; values separated by ``|``; rows with more values than the
header has names, or a quote that is never closed; a header with a repeated
column name; a column with values but no name other than the first (usually
a title line above the header; an unnamed first column holds row numbers
written by R or pandas and is kept); an unknown sheet; and a file too big for
the memory of this computer (see :func:`read_table`).

It only ever reads: the input file is never opened for writing.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

from academy.errors import InputError
from academy.i18n import t

#: Encodings tried in turn for a CSV file without a UTF-16 byte-order mark.
ENCODINGS = ("utf-8-sig", "cp1252")
#: Separators that :class:`csv.Sniffer` may choose from.
SEPARATORS = ",;\t"
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
#: Cell texts read as blank (pandas' defaults without the Excel error ``#N/A``).
NA_TEXT = ("", "NA", "N/A", "n/a", "na", "NaN", "nan", "NULL", "null", "None", "<NA>")
#: Estimated bytes of memory needed per byte of CSV file. ``benchmarks/bench_loader.py``
#: measures 2 to 4 for a 1,000,000-row file (a row number, a ward name, a
#: measurement); the guard allows 10, leaving room for text-heavy tables and
#: for the chart that follows.
CSV_MEMORY_FACTOR = 10
#: The same for ``.xlsx``: the file is compressed (typically 5 to 10 times) and
#: every cell becomes a Python object while openpyxl reads it.
EXCEL_MEMORY_FACTOR = 100

_HEAD_BYTES = 65_536
_UNNAMED = re.compile(r"^Unnamed: \d+$")
_ZIP = b"PK\x03\x04"
#: File signatures ("magic numbers") and the key of the message that refuses each.
_SIGNATURES = (
    (_ZIP, "loaders.error.zip_named"),
    (b"\xd0\xcf\x11\xe0", "loaders.error.ole_named"),
    (b"%PDF", "loaders.error.pdf"),
    (b"\x1f\x8b", "loaders.error.gzip"),
)
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_table(
    path: str | Path, *, sheet: str | int | None = None, max_bytes: int | None = None
) -> pd.DataFrame:
    """Read a CSV or Excel file into a DataFrame of the user's columns.

    Args:
        path: the file. ``.xlsx`` and ``.xlsm`` are read as Excel workbooks,
            ``.xls`` is refused, anything else is read as delimited text.
        sheet: for a workbook, the sheet name or its 0-based index (default:
            the first sheet). Refused for a CSV file.
        max_bytes: the largest file size, in bytes, to read. The default
            (None) is the memory available now (``MemAvailable`` in
            ``/proc/meminfo``, or ``os.sysconf`` elsewhere) divided by
            :data:`CSV_MEMORY_FACTOR` (10) for CSV or
            :data:`EXCEL_MEMORY_FACTOR` (100) for Excel: with 8 GB free that is
            an 800 MB CSV. When the available memory cannot be found, there is
            no limit. The size is checked before any byte is read.

    Returns:
        The table, with column names stripped of surrounding spaces.

    Raises:
        InputError: any problem listed in the module docstring, in one line.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "falls.csv"
    ...     _ = path.write_bytes("ward;falls\\nWard Tŷ Gwyn;3\\n".encode("utf-8-sig"))
    ...     read_table(path)
               ward  falls
    0  Ward Tŷ Gwyn      3
    """
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(t("loaders.error.old_xls", name=path.name))
    excel = suffix in EXCEL_SUFFIXES
    if sheet is not None and not excel:
        raise InputError(t("loaders.error.sheet_not_excel", name=path.name))
    _check_size(path, max_bytes, EXCEL_MEMORY_FACTOR if excel else CSV_MEMORY_FACTOR)
    try:
        frame = _read_excel(path, sheet) if excel else _read_csv(path)
    except MemoryError:
        raise InputError(t("loaders.error.too_big_for_memory", name=path.name)) from None
    except OSError as error:
        raise InputError(
            t("loaders.error.cannot_read", name=path.name, reason=error.strerror or error)
        ) from None
    return frame


# --------------------------------------------------------------------------- checks


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise InputError(t("loaders.error.is_folder", path=path))
    if not path.exists():
        raise InputError(t("loaders.error.missing", path=path))
    if not path.is_file():
        raise InputError(t("loaders.error.not_regular_file", path=path))


def available_memory() -> int | None:
    """Bytes of memory available to a new program now, or None when unknown.

    Linux reports ``MemAvailable`` in ``/proc/meminfo`` (kernel documentation,
    ``Documentation/filesystems/proc.rst``); other systems may offer
    ``os.sysconf("SC_AVPHYS_PAGES")``.
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size < 1e9 else f"{size / 1e9:,.1f} GB"


def _check_size(path: Path, max_bytes: int | None, factor: int) -> None:
    """Refuse a file bigger than ``max_bytes`` (default: available memory / ``factor``)."""
    if max_bytes is None:
        memory = available_memory()
        if memory is None:
            return
        max_bytes = memory // factor
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            t(
                "loaders.error.too_big",
                name=path.name,
                size=_megabytes(size),
                limit=_megabytes(max_bytes),
            )
        )


# --------------------------------------------------------------------------- Excel


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """Read one sheet with openpyxl (cached values of formulas, as Excel last saved them).

    openpyxl is used directly rather than through :func:`pandas.read_excel`,
    which turns cells holding an Excel error (``#DIV/0!``) into blanks: here
    they stay text, so the chart can name the cell.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # zip or XML damage: openpyxl raises many kinds
        raise InputError(_not_excel(path, error)) from None
    try:
        rows = book[_sheet_name(book.sheetnames, sheet, path.name)].iter_rows(values_only=True)
        header = [("" if cell is None else str(cell)).strip() for cell in next(rows, ())]
        _check_header(header, path.name)
        data = [row for row in rows if any(cell is not None for cell in row)]
    finally:
        book.close()
    width = max([len(header), *(len(row) for row in data)])
    names = [header[i] if i < len(header) and header[i] else f"Unnamed: {i}" for i in range(width)]
    frame = pd.DataFrame(data, columns=names, dtype=object)
    frame = frame.replace({text: None for text in NA_TEXT}).infer_objects()
    return _finish(frame, path.name)


def _sheet_name(names: list[str], sheet: str | int | None, file_name: str) -> str:
    """The sheet to read: the first, the one named, or the one at a 0-based index."""
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return names[sheet]
        raise InputError(
            t(
                "loaders.error.no_sheet_number",
                name=file_name,
                count=len(names),
                number=sheet + 1,
                sheets=", ".join(names),
            )
        )
    if sheet in names:
        return str(sheet)
    raise InputError(
        t("loaders.error.no_sheet_name", name=file_name, sheet=sheet, sheets=", ".join(names))
    )


def _not_excel(path: Path, error: Exception) -> str:
    with open(path, "rb") as stream:
        head = stream.read(4)
    if head != _ZIP:
        return t("loaders.error.not_excel", name=path.name, suffix=path.suffix)
    return t("loaders.error.damaged_excel", name=path.name, error=type(error).__name__)


# --------------------------------------------------------------------------- CSV


def _read_csv(path: Path) -> pd.DataFrame:
    with open(path, "rb") as stream:
        head = stream.read(_HEAD_BYTES)
    whole = len(head) < _HEAD_BYTES
    if not head.strip() and whole:
        raise InputError(t("loaders.error.empty", name=path.name))
    encodings = ("utf-16",) if head.startswith(_UTF16_BOMS) else ENCODINGS
    _check_signature(head, path)
    for encoding in encodings:
        text = _decode_head(head, encoding, whole)
        if text is None:
            continue
        separator = _separator(text)
        header = _header(text, separator)
        if header is None:
            raise InputError(t("loaders.error.no_header", name=path.name))
        _check_header(header, path.name)
        try:
            frame = _parse(path, encoding, separator)
        except UnicodeDecodeError:
            continue  # invalid beyond the first 64 KB: try the next encoding
        return _finish(frame, path.name)
    raise InputError(t("loaders.error.not_text", name=path.name))


def _check_signature(head: bytes, path: Path) -> None:
    """Refuse files whose first bytes show that they are not text."""
    for magic, key in _SIGNATURES:
        if head.startswith(magic):
            if magic == _ZIP and not path.suffix:
                key = "loaders.error.zip_no_suffix"
            raise InputError(t(key, name=path.name, suffix=path.suffix))
    if b"\x00" in head and not head.startswith(_UTF16_BOMS):
        raise InputError(t("loaders.error.binary", name=path.name))


def _decode_head(head: bytes, encoding: str, whole: bool) -> str | None:
    """The first bytes as text, or None when they are not in ``encoding``.

    An incremental decoder lets a character cut at the 64 KB boundary pass.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return decoder.decode(head, final=whole)
    except UnicodeDecodeError:
        return None


def _separator(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        return ","


def _header(text: str, separator: str) -> list[str] | None:
    """The names in the first non-blank row, as the csv module splits them."""
    reader = csv.reader(io.StringIO(text), delimiter=separator, skipinitialspace=True)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                return [cell.strip() for cell in row]
    except csv.Error:  # e.g. a quote left open: pandas names the line below
        return []
    return None


def _parse(path: Path, encoding: str, separator: str) -> pd.DataFrame:
    """Read the whole file with pandas, turning its complaints into one line."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            return pd.read_csv(
                path,
                sep=separator,
                encoding=encoding,
                skipinitialspace=True,
                keep_default_na=False,
                na_values=list(NA_TEXT),
                index_col=False,
            )
    except pd.errors.ParserWarning:
        raise InputError(t("loaders.error.more_values_than_names", name=path.name)) from None
    except pd.errors.EmptyDataError:
        raise InputError(t("loaders.error.no_columns", name=path.name)) from None
    except pd.errors.ParserError as error:
        raise InputError(_parser_message(path.name, str(error))) from None


def _parser_message(name: str, error: str) -> str:
    """A pandas ParserError as one line that says where to look."""
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", error)
    if fields:
        expected, line, seen = fields.groups()
        return t("loaders.error.line_fields", name=name, line=line, seen=seen, expected=expected)
    quote = re.search(r"EOF inside string starting at row (\d+)", error)
    if quote:  # pandas counts rows from 0 at the header line
        return t("loaders.error.open_quote", name=name, line=int(quote.group(1)) + 1)
    if not error.strip():
        return t("loaders.error.unreadable_table", name=name)
    first = error.strip().splitlines()[0]  # pandas' own words, not translated
    return t("loaders.error.not_regular_table", name=name, detail=first)


# --------------------------------------------------------------------------- both


def _check_header(names: list[str], file_name: str) -> None:
    """Refuse a header row that repeats a column name."""
    repeated = [name for name, count in Counter(n for n in names if n).items() if count > 1]
    if repeated:
        raise InputError(t("loaders.error.repeated_column", name=file_name, column=repeated[0]))


def _finish(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Check the columns, drop empty rows and unnamed empty columns; refuse a table without data.

    An unnamed first column with values is kept (R and pandas write row numbers
    that way); an unnamed column with values anywhere else means the first row
    is not the header (a title line above it) or a name is missing.
    """
    frame.columns = [str(c).strip() for c in frame.columns]
    unnamed = [c for c in frame.columns if not c or _UNNAMED.match(c)]
    empty = [c for c in unnamed if frame[c].isna().all()]
    named_later = [c for c in unnamed if c not in empty and c != frame.columns[0]]
    if named_later:
        where = frame.columns.get_loc(named_later[0]) + 1
        raise InputError(t("loaders.error.unnamed_column", name=name, position=where))
    if empty:
        frame = frame.drop(columns=empty)
    if len(frame.columns) == 1 and "|" in frame.columns[0]:
        raise InputError(t("loaders.error.pipe", name=name))
    filled = frame.notna().any(axis=1)
    if not filled.all():
        frame = frame.loc[filled].reset_index(drop=True)
    if frame.empty:
        raise InputError(t("loaders.error.no_data_rows", name=name))
    return frame
