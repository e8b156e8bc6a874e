"""One strings table for every label, message and button of the Academy's tools.

The table is kept as CSV files in ``academy/i18n/strings/`` (one file per tool,
so translators and developers can work on them side by side) with the columns
``key, en, cy, cy_status``. They are merged into one table on import; a key may
appear in only one file. ``cy_status`` is empty for a checked Welsh translation
and ``review`` where a translation still needs a Welsh-speaking reviewer. Where
the Welsh text is missing, the English is shown.

>>> set_language("en"); t("common.check")
'Check'
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from academy.errors import InputError

LANGUAGES = {"en": "English", "cy": "Cymraeg"}
STRINGS_DIR = Path(__file__).parent / "strings"
COLUMNS = ("key", "en", "cy", "cy_status")

_language = "en"


@cache
def table() -> dict[str, dict[str, str]]:
    """The merged strings table: key -> {"en": ..., "cy": ..., "cy_status": ...}."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise ValueError(f"{path.name}: columns must be {', '.join(COLUMNS)}")
            for row in reader:
                key = row["key"].strip()
                if key in merged:
                    raise ValueError(
                        f"{path.name}: key {key!r} is already defined in another strings file"
                    )
                merged[key] = {k: (row[k] or "").strip() for k in COLUMNS[1:]}
    return merged


def set_language(code: str) -> None:
    """Show every tool's labels in ``code``: "en" (English) or "cy" (Welsh)."""
    global _language
    if code not in LANGUAGES:
        raise InputError(f"language {code!r} is not available: use one of {', '.join(LANGUAGES)}")
    _language = code


def get_language() -> str:
    """The language code now in use."""
    return _language


def t(key: str, /, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled from ``values``."""
    try:
        row = table()[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in academy/i18n/strings/*.csv") from None
    text = row.get(_language) or row["en"]
    return text.format(**values) if values else text


def needs_review(language: str = "cy") -> list[str]:
    """Keys whose translation into ``language`` is missing or marked for review."""
    return sorted(
        key
        for key, row in table().items()
        if not row.get(language) or row.get(f"{language}_status") == "review"
    )
