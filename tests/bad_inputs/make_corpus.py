"""Write the corpus of bad input files that ``tests/test_bad_inputs.py`` feeds to ``academy chart``.

Run from the repository root to regenerate the committed files::

    .venv/bin/python tests/bad_inputs/make_corpus.py

Every file is built from fixed text or a seeded random generator, so the output
is the same byte for byte on every run (the test checks this). Excel workbooks
are not committed: :func:`write_workbooks` builds them in the test's temporary
folder, because an ``.xlsx`` file records the time it was written.
``cases.csv`` beside this script lists, for each file, the command-line
arguments, a fragment of the expected one-line message and why the file is bad.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 20240601


def _weeks(count: int, start: int = 0) -> list[str]:
    """ISO dates of ``count`` Mondays from 1 January 2024."""
    days = np.datetime64("2024-01-01") + 7 * np.arange(start, start + count)
    return [str(day) for day in days]


def _table(header: str, rows: list[str], newline: str = "\n") -> bytes:
    return newline.join([header, *rows, ""]).encode("utf-8")


def _zip_bytes() -> bytes:
    """A small zip archive with a fixed timestamp (what an .xlsx is inside)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("[Content_Types].xml", date_time=(2024, 1, 1, 0, 0, 0))
        archive.writestr(info, "<Types/>")
    return buffer.getvalue()


def csv_files() -> dict[str, bytes]:
    """Name -> bytes of every committed corpus file."""
    rng = np.random.default_rng(SEED)
    weeks = _weeks(24)
    falls = rng.poisson(6, 24).tolist()
    n = rng.integers(40, 80, 24).tolist()
    y = rng.binomial(n, 0.8).tolist()
    bed_days = rng.integers(600, 700, 24).tolist()

    def changed(values: list[object], where: int, value: object) -> list[object]:
        return [value if i == where else v for i, v in enumerate(values)]

    def table(header: str, *columns: list[object], sep: str = ",", x: list[str] = weeks) -> bytes:
        rows = [sep.join(map(str, row)) for row in zip(x, *columns, strict=True)]
        return _table(header, rows)

    def ratio(ys: list[object], ns: list[object]) -> bytes:
        return table("week,audited_ok,audited", ys, ns)

    weekly_falls = table("week,falls", falls)
    return {
        "valid.csv": weekly_falls,
        "empty.csv": b"",
        "blank_lines.csv": b"\n\n   \n\r\n\t\n",
        "separators_only.csv": b",,\n,,\n,,\n",
        "header_only.csv": b"week,falls\n",
        "header_and_empty_rows.csv": b"week,falls\n,\n,\n",
        "binary.csv": rng.integers(0, 256, 512, dtype=np.uint8).tobytes(),
        "utf16_without_bom.csv": "week,falls\n2024-01-01,3\n".encode("utf-16-le"),
        "not_utf8_or_cp1252.csv": b"week,ward\n2024-01-01,Ward \x81\x8d\n",
        "workbook_named_csv.csv": _zip_bytes(),
        "old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "old_excel_named_csv.csv": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "pdf_named_csv.csv": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n",
        "gzip_named_csv.csv": gzip.compress(weekly_falls, mtime=0),
        "pipe_separated.csv": table("week|falls", falls, sep="|"),
        "ragged_rows.csv": _table("week,falls", ["2024-01-01,3", "2024-01-08,4", "2024-01-15,5,7"]),
        "quote_left_open.csv": _table("week,ward", ['2024-01-01,"Ward A', "2024-01-08,Ward B"]),
        "duplicate_column.csv": _table("week,falls,falls", ["2024-01-01,3,4", "2024-01-08,4,5"]),
        "title_line_with_commas.csv": _table(
            "Falls report 2024,,", ["week,falls,beds", "2024-01-01,3,20", "2024-01-08,4,20"]
        ),
        "title_line_alone.csv": _table(
            "Falls report 2024", ["week,falls", "2024-01-01,3", "2024-01-08,4"]
        ),
        "word_for_number.csv": table("week,falls", changed(falls, 2, "three")),
        "excel_div0.csv": table("week,falls", changed(falls, 5, "#DIV/0!")),
        "excel_na.csv": table("week,falls", changed(falls, 7, "#N/A")),
        "dash_for_blank.csv": table("week,falls", changed(falls, 4, "-")),
        "percent_sign.csv": table(
            "week,compliance", [f"{v}%" for v in rng.integers(70, 95, 24).tolist()]
        ),
        "thousands_separator_semicolon.csv": table(
            "week;bed_days",
            [f"{v // 1000},{v % 1000:03d}" for v in rng.integers(1200, 1900, 24).tolist()],
            sep=";",
        ),
        "decimal_comma_semicolon.csv": table(
            "week;los_days", [f"{v:.1f}".replace(".", ",") for v in rng.uniform(3, 6, 24)], sep=";"
        ),
        "suppressed_count.csv": table("week,falls", changed(falls, 3, "<5")),
        "negative_count_c.csv": table("week,falls", changed(falls, 6, -2)),
        "negative_count_u.csv": table("week,falls,bed_days", changed(falls, 9, -1), bed_days),
        "negative_denominator.csv": ratio(y, changed(n, 4, -50)),
        "numerator_above_denominator.csv": ratio(changed(y, 8, 95), n),
        "denominator_zero.csv": ratio(changed(y, 10, 0), changed(n, 10, 0)),
        "denominator_blank.csv": ratio(y, changed(n, 11, "")),
        "mixed_date_styles.csv": table("week,falls", falls[:6], x=[*weeks[:5], "05/02/2024"]),
        "impossible_date.csv": table(
            "week,falls", falls[:3], x=["2024-02-19", "2024-02-26", "2024-02-30"]
        ),
        "month_first_dates.csv": table(
            "week,falls", falls[:3], x=["02/05/2024", "02/12/2024", "02/19/2024"]
        ),
        "total_row.csv": table("week,falls", [*falls, sum(falls)], x=[*weeks, "Total"]),
        "value_without_date.csv": table("week,falls", falls, x=changed(weeks, 12, "")),
        "one_row.csv": _table("week,falls", ["2024-01-01,3"]),
        "all_values_blank.csv": table("week,falls", [""] * 24),
    }


def write_csv_files(folder: Path = HERE) -> list[Path]:
    """Write the committed corpus files into ``folder``; return their paths."""
    written = []
    for name, content in csv_files().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written


def write_workbooks(folder: Path) -> list[Path]:
    """Build the Excel cases of ``cases.csv`` in ``folder`` (not committed: see above)."""
    from openpyxl import Workbook

    def book(name: str, rows: list[list[object]], title: str = "Data") -> Path:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = title
        for row in rows:
            sheet.append(row)
        path = folder / name
        workbook.save(path)
        return path

    weeks = _weeks(12)
    good = [["week", "falls"], *([w, 3 + i % 4] for i, w in enumerate(weeks))]
    written = [
        book("one_sheet.xlsx", good),
        book("header_only.xlsx", [["week", "falls"]]),
        book("spreadsheet_error.xlsx", [*good[:4], [weeks[3], "#DIV/0!"], *good[5:]]),
        book("duplicate_column.xlsx", [["week", "falls", "falls"], [weeks[0], 1, 2]]),
        book("negative_count.xlsx", [*good[:6], [weeks[5], -4], *good[7:]]),
    ]
    text = folder / "text_named_xlsx.xlsx"
    text.write_bytes(b"week,falls\n2024-01-01,3\n")
    damaged = folder / "damaged.xlsx"
    damaged.write_bytes(written[0].read_bytes()[:300])
    return [*written, text, damaged]


if __name__ == "__main__":
    for path in write_csv_files():
        print(path.relative_to(HERE.parents[1]))
