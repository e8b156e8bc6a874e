"""Write tables that are safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
may be run as a formula when the file is opened in Excel (OWASP, "CSV
Injection"; CWE-1236). :func:`neutralise_cell` prefixes such text with a single
quote; numbers are left alone, so a negative number stays a number.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Return ``value`` with a leading ``'`` if it is text a spreadsheet could run as a formula.

    >>> neutralise_cell("=HYPERLINK(1)"), neutralise_cell(-3), neutralise_cell("ward")
    ("'=HYPERLINK(1)", -3, 'ward')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV (with BOM, for Excel) atomically, neutralising formula-like text."""
    path = Path(path)
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as stream:
            safe.to_csv(stream, index=False)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
