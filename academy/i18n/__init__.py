"""One strings table for every label, message and button of the Academy's tools.

The table is kept as CSV files in ``academy/i18n/strings/`` (one file per tool,
so translators and developers can work on them side by side) with the columns
``key, en, cy, cy_status``. They are merged into one table on import; a key may
appear in only one file. Where the Welsh text is missing, the English is shown.

Rules for the table (checked by ``tests/test_i18n.py``):

* Every key has English and Welsh text, and the Welsh keeps the English
  ``{placeholders}`` (same names and formats), numbers and units.
* ``cy_status`` is empty only where the Welsh has been checked against a
  published Welsh terminology source, or where the text has no words to
  translate (symbols and placeholders only). ``reviewed`` means a
  Welsh-speaking reviewer has read and approved it (the commit that sets it
  says who). Everything else is ``review``: a Welsh-speaking reviewer should
  read it before it is relied on. :func:`needs_review` lists those keys.
* The Welsh addresses the learner formally ("chi"), and uses the terms chosen
  in the bilingual glossary (``book/glossary.md``), which also lists the
  sources checked.
* Leading and trailing spaces are removed when the table is read, so code
  adds any space between joined pieces itself.
* Whole sentences are kept as one string, with placeholders for the values,
  rather than assembled from fragments, because Welsh word order and
  mutations differ from English.

Tools and logic modules call :func:`t` when they build a label or a sentence,
so a tool shows the language chosen with :func:`set_language` at the time it
is created (:func:`academy.widgets.language.language_switch` offers the
choice as a widget).

>>> set_language("en"); t("common.check")
'Check'
>>> text("common.check", "cy")
'Gwirio'
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from academy.errors import InputError

LANGUAGES = {"en": "English", "cy": "Cymraeg"}
#: The language the website's pages declare (``<html lang="en">``): the lessons are in English.
#: Tools and figures made in another language mark themselves with it for screen readers.
PAGE_LANGUAGE = "en"
STRINGS_DIR = Path(__file__).parent / "strings"
COLUMNS = ("key", "en", "cy", "cy_status")
#: The column that records whether a translation has been checked, per translated language.
STATUS_COLUMNS = {"cy": "cy_status"}

_language = "en"

# The one message written here rather than in the strings table: a learner who asks for a
# language that is not there may not have chosen one yet, so it is shown in English and in
# Welsh, on one line, whatever the current language. (academy/i18n is not scanned for keys.)
_NOT_AVAILABLE = (
    "language {code!r} is not available: use one of {codes}"
    " / nid yw'r iaith {code!r} ar gael: defnyddiwch un o {codes}"
)


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
        raise InputError(_NOT_AVAILABLE.format(code=code, codes=", ".join(LANGUAGES)))
    _language = code


def get_language() -> str:
    """The language code now in use."""
    return _language


def text(key: str, language: str) -> str:
    """The unformatted text for ``key`` in ``language`` (English where the Welsh is missing).

    Used where a text is needed in a language other than the current one, for
    example the English names kept in a module's constants.
    """
    try:
        row = table()[key]
    except KeyError:
        raise KeyError(f"no string {key!r} in academy/i18n/strings/*.csv") from None
    return row.get(language) or row["en"]


def t(key: str, /, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` fields filled from ``values``.

    A field left without a value is an error (KeyError), never shown as "{name}".
    Code that fills a template later takes it with :func:`text`.
    """
    return text(key, _language).format(**values)


def join_and(items: list[str]) -> str:
    """Join as "a, b and c" in the current language; "" for no items.

    >>> join_and(["1", "2", "3"]), join_and(["1"]), join_and([])
    ('1, 2 and 3', '1', '')
    """
    if len(items) <= 1:
        return "".join(items)
    return t("common.and", items=", ".join(items[:-1]), last=items[-1])


def needs_review(language: str = "cy") -> list[str]:
    """Keys whose translation into ``language`` is missing or marked for review."""
    return sorted(
        key
        for key, row in table().items()
        if not row.get(language) or row.get(STATUS_COLUMNS.get(language, "")) == "review"
    )
