"""Spot columns that identify patients before a table is charted.

Improvement charts need counts or measures per period, never a row per patient.
:func:`check_not_identifiable` looks at a table and refuses it, in one line, when
a column looks like one of these identifiers:

* **NHS numbers** (``nhs_number``): values that pass the NHS number check digit
  (:func:`is_valid_nhs_number`), or a column whose name says it holds NHS numbers.
* **Hospital or patient numbers** (``patient_identifier``): a column whose name says
  so (MRN, CRN, hospital number, patient ID, case-note number, CHI number). Local
  numbers have no common format, so only the name can tell.
* **Dates of birth** (``date_of_birth``): a column named for a date of birth whose
  values are dates.
* **Full postcodes** (``postcode``): values with both halves of a UK postcode.
* **Personal names** (``name``): a column named for a person's name, or text that
  mostly reads as "Given Family" with a common given name.

Decisions, with the reasoning behind each:

* **Sample.** Only a sample of rows is read (:func:`sample_rows`: the first half
  from the top of the table, the rest evenly spaced to the last row), so a table
  of a million rows is checked in tens of milliseconds. Identifiers that appear only
  in rows outside the sample are missed; a patient-level extract has them in
  every row, which is the case the guard is for.
* **Majority.** A value-based kind is flagged when *more than half* of the
  column's non-blank sampled values match. A real identifier column matches in
  nearly every row, so a strict majority loses little, while stray matches in a
  column of other things do not trip it.
* **NHS-number false positives.** A random 10-digit number passes the check digit
  with probability close to 1/11 (about 9%): the remainder is 10, which no number
  may have, about 1 time in 11, and otherwise one of the ten possible last digits
  is right. UK telephone numbers read as numbers lose their leading 0 and become
  10-digit numbers, so this is a real risk. Under the binomial distribution with
  p = 1/11, the chance that more than half of m random numbers pass is 9.1% for
  m = 1, 0.8% for m = 2, 2.3% for m = 3, 0.6% for m = 5, about 1 in 12,000 for
  m = 10 and about 1 in 3.7 million for m = 20. Only a table of one or a few rows
  has a noticeable risk, and the override is there for it.
* **Names of columns.** A column whose name says it holds NHS numbers, hospital
  numbers or patient names is flagged whatever its values look like, provided at
  least one sampled value is not blank: the name is the owner's own description,
  local numbers have no fixed format, and a false alarm costs one keyword
  argument. Names are matched as words after splitting on punctuation and
  camelCase, so ``nhs_no``, ``NHSNumber`` and ``Patient ID`` match but ``ward
  name``, ``team name``, ``patients`` and ``nhs notes`` do not.

Limits, stated plainly: the guard reduces accidents; it does not prove a table
is anonymous. It does not read free text (incident descriptions can name
people), does not see rare combinations of ordinary columns (age, sex, ward and
date together can point to one person), knows only the name forms listed here,
and recognises names by a short list of common given names, so most names from
other traditions pass unseen. Small counts are a separate risk: see
:mod:`academy.privacy.suppression`.

>>> import pandas as pd
>>> table = pd.DataFrame({"week": ["2024-01-01", "2024-01-08"], "falls": [3, 5]})
>>> find_identifiers(table)
[]
>>> patients = pd.DataFrame({"nhs_no": ["943 476 5919", "943-476-5919"], "falls": [1, 0]})
>>> find_identifiers(patients)
[IdentifierColumn(column='nhs_no', kind='nhs_number', reason='2 of 2 values are valid NHS numbers')]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Literal

import numpy as np
import pandas as pd

from academy.errors import InputError
from academy.i18n import join_and, t, text

__all__ = [
    "COMMON_GIVEN_NAMES",
    "IdentifiableDataError",
    "IdentifierColumn",
    "IdentifierKind",
    "check_not_identifiable",
    "find_identifiers",
    "is_valid_nhs_number",
    "sample_rows",
]

IdentifierKind = Literal["nhs_number", "patient_identifier", "date_of_birth", "postcode", "name"]

#: The strings-table key of each kind's description (academy/i18n/strings/privacy.csv).
DESCRIPTION_KEYS: dict[str, str] = {
    "nhs_number": "privacy.kind.nhs_number",
    "patient_identifier": "privacy.kind.patient_identifier",
    "date_of_birth": "privacy.kind.date_of_birth",
    "postcode": "privacy.kind.postcode",
    "name": "privacy.kind.personal_name",
}
#: How each kind is described, in English: in :attr:`IdentifierColumn.reason`. The refusal
#: message uses the description in the language in use.
DESCRIPTIONS: dict[str, str] = {kind: text(key, "en") for kind, key in DESCRIPTION_KEYS.items()}

#: Rows read by default: enough for a clear majority, small enough to be quick.
DEFAULT_SAMPLE = 10_000

# ----------------------------------------------------------------- NHS numbers

#: Ten digits, optionally in 3-3-4 groups separated by one space or hyphen.
_NHS_TEXT = re.compile(r"[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}")
_NHS_WEIGHTS = np.arange(10, 1, -1)  # 10, 9, ..., 2 for the first nine digits
_POWERS = 10 ** np.arange(9, -1, -1, dtype=np.int64)
_TEN_DIGITS = (1_000_000_000, 10_000_000_000)  # a number has 10 digits if in [low, high)


def _passes_check_digit(digits: np.ndarray) -> np.ndarray:
    """Return which rows of ten digits (an n-by-10 array) pass the NHS Number check.

    The modulus 11 algorithm of the NHS Data Dictionary ("NHS Number" data
    element): multiply the first nine digits by 10, 9, ..., 2 and add them up;
    the check digit is 11 minus the remainder of that sum divided by 11, where
    11 becomes 0 and 10 means the number is not valid (10 never equals a
    digit, so the comparison below refuses it).

    Numbers whose ten digits are all the same (0000000000, 4444444444, ...) are
    refused as well: each passes the arithmetic (the weights add up to 54, and
    54 d leaves the remainder 11 - d, so the check digit comes out as d), but
    they are placeholders for "unknown", not numbers issued to patients.
    """
    check = (11 - (digits[:, :9] @ _NHS_WEIGHTS) % 11) % 11
    same = (digits == digits[:, :1]).all(axis=1)
    return (check == digits[:, 9]) & ~same


def _valid_texts(texts: np.ndarray) -> np.ndarray:
    """Return which stripped texts are valid NHS numbers ("9434765919", "943 476 5919", ...)."""
    valid = np.fromiter((_NHS_TEXT.fullmatch(t) is not None for t in texts), bool, len(texts))
    if valid.any():
        # As fixed-width Unicode each character is one 32-bit code point; every shaped
        # text has exactly ten digit characters, found without a Python loop.
        codes = np.frombuffer(texts[valid].astype(str).tobytes(), dtype=np.uint32)
        digits = codes[(codes >= ord("0")) & (codes <= ord("9"))].reshape(-1, 10) - ord("0")
        valid[valid] = _passes_check_digit(digits.astype(np.int64))
    return valid


def _valid_numbers(numbers: np.ndarray) -> np.ndarray:
    """Return which numbers (as floats) are valid NHS numbers: whole, with exactly ten digits."""
    low, high = _TEN_DIGITS
    valid = (numbers == np.floor(numbers)) & (numbers >= low) & (numbers < high)
    digits = (numbers[valid].astype(np.int64)[:, None] // _POWERS) % 10
    valid[valid] = _passes_check_digit(digits)
    return valid


def is_valid_nhs_number(value: str | int | float) -> bool:
    """Say whether ``value`` is a valid NHS number (NHS Data Dictionary, "NHS Number", modulus 11).

    Accepts ``"9434765919"``, ``"943 476 5919"``, ``"943-476-5919"`` (with
    surrounding spaces) and the numbers 9434765919 or 9434765919.0 (pandas reads
    a column of NHS numbers as int64, or float64 when it has blanks). Anything
    else, including 9 or 11 digits and numbers whose digits are all the same, is
    not valid; a number that lost a leading zero has 9 digits and is not
    recognised. See :func:`_passes_check_digit` for the rule.

    >>> is_valid_nhs_number("943 476 5919"), is_valid_nhs_number(9434765918)
    (True, False)
    """
    if isinstance(value, str):
        text = value.strip()
    elif isinstance(value, bool | np.bool_):
        return False
    elif isinstance(value, Integral):
        text = str(int(value))
    elif isinstance(value, Real) and math.isfinite(value) and float(value).is_integer():
        text = str(int(value))
    else:
        return False
    return bool(_valid_texts(np.array([text], dtype=object))[0])


def _nhs_numbers(values: pd.Series) -> np.ndarray:
    """Return which of ``values`` (no blanks; text already stripped) are valid NHS numbers."""
    if pd.api.types.is_string_dtype(values):
        return _valid_texts(values.to_numpy(dtype=object))
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return _valid_numbers(values.to_numpy(dtype=np.float64))
    return np.zeros(len(values), dtype=bool)


# ------------------------------------------------------------------- postcodes

#: A full UK postcode: outward code (area of 1-2 letters, district of a digit and
#: an optional digit or letter), then the inward code (sector digit and two unit
#: letters, never C, I, K, M, O or V), or the special GIR 0AA. See the UK Government
#: Data Standards Catalogue, "Postcode" (Cabinet Office, e-GIF, 2002), and Royal
#: Mail's Programmers' Guide to the Postcode Address File for the structure. Up to
#: two spaces between the halves, because the ONS Postcode Directory user guide's
#: fixed-width forms pad the outward code (e.g. "B1  1AA"); none is also common.
#: Districts ("CF10") and sectors ("CF10 3") lack the unit letters, cover
#: thousands of addresses and are not matched.
_POSTCODE = re.compile(
    r"(?:[A-Z]{1,2}[0-9][A-Z0-9]? {0,2}[0-9][ABD-HJLNP-UW-Z]{2}|GIR {0,2}0AA)", re.IGNORECASE
)

# ----------------------------------------------------------------------- names

#: Common given names in the UK, written by the courseware team from general
#: knowledge of names that recur in the ONS "Baby names in England and Wales"
#: releases across the decades of today's adult and child patients, with common
#: Welsh and South Asian names added. It is not an extract of any dataset, and
#: deliberately leaves out names that are also everyday words (Grace is kept,
#: but not Hope, Joy, May or Will), so that a list of things is not read as people.
COMMON_GIVEN_NAMES = frozenset(
    """
    mary margaret elizabeth sarah susan patricia jennifer linda barbara catherine jane anne
    ann joan jean helen karen julie lisa emma claire rachel rebecca laura hannah sophie
    charlotte emily olivia amelia isla ava mia ella grace lucy chloe jessica amy katie lauren
    nicola michelle angela carol christine dorothy gillian deborah alison louise victoria zoe
    freya poppy isabella lily fatima aisha sian cerys ffion bethan rhian catrin eleri carys
    angharad gwen nia
    john david michael james robert william richard thomas christopher paul mark peter
    stephen andrew anthony kevin brian george edward daniel matthew joseph jack harry oliver
    charlie noah leo oscar alfie samuel benjamin joshua ryan adam luke jamie liam gary ian
    alan keith colin martin simon neil graham philip mohammed muhammad ali ahmed dylan rhys
    gareth dafydd huw owain ieuan gethin iwan aled emyr
    """.split()
)

#: Words that make a "Given Family" value a place or a team rather than a person
#: (wards are often named after people: "Mary Seacole Ward").
_PLACE_WORDS = frozenset(
    """
    ward wards unit centre center hospital house clinic suite team practice surgery lodge
    wing block building court hall cottage home road street avenue ysbyty uned canolfan
    meddygfa clinig tîm tŷ ty
    """.split()
)
_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_TITLE = r"(?:(?:mr|mrs|ms|miss|mx|dr|prof)\.? +)?"
#: "Given [Middle] Family" or "FAMILY, Given [Middle]", after an optional title.
_PERSON = re.compile(
    rf"{_TITLE}(?P<given>{_WORD})(?: +{_WORD}){{1,2}}"
    rf"|{_TITLE}{_WORD}(?: +{_WORD})?, *(?P<given2>{_WORD})(?: +{_WORD})?",
    re.IGNORECASE,
)
_PLACE = re.compile(rf"(?<!\w)(?:{'|'.join(sorted(_PLACE_WORDS))})(?!\w)", re.IGNORECASE)


def _fold(word: str) -> str:
    """Return ``word`` in lower case without accents: ``"Siân"`` -> ``"sian"``."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _looks_like_person(text: str) -> bool:
    """Say whether ``text`` reads as a person's name with a common given name.

    >>> [_looks_like_person(t) for t in ("Siân Jones", "JONES, Rhys", "Mary Seacole Ward")]
    [True, True, False]
    """
    match = _PERSON.fullmatch(text)
    if match is None or _PLACE.search(text):
        return False
    return _fold(match.group("given") or match.group("given2")) in COMMON_GIVEN_NAMES


# ---------------------------------------------------------------- column names

#: Column names, matched as words (see :func:`_words`). The lists are the team's
#: own, from the names that hospital extracts commonly use, in English and Welsh
#: ("rhif GIG" is NHS number, "rhif ysbyty" hospital number, "dyddiad geni" date
#: of birth, "enw" name, "cyfenw" surname, "claf" patient).
_NAME_RULES: tuple[tuple[IdentifierKind, re.Pattern[str]], ...] = (
    ("nhs_number", re.compile(r"\bnhs ?(?:number|no|num|nbr)\b|\brhif ?gig\b")),
    (
        "patient_identifier",
        re.compile(
            r"\b(?:mrn|crn|chi ?(?:number|no)|hospital ?(?:number|no|num|id)|hosp ?(?:no|num)"
            r"|patient ?(?:id|identifier|number|no)|case ?notes? ?(?:number|no)"
            r"|medical ?record ?(?:number|no)|rhif ?ysbyty)\b"
        ),
    ),
    (
        "name",
        re.compile(
            r"\b(?:fore ?names?|sur ?names?|first ?names?|last ?names?|given ?names?"
            r"|family ?names?|full ?names?|middle ?names?|maiden ?names?|cyfenw"
            r"|enw ?(?:cyntaf|llawn|r claf|claf))\b"
            r"|^(?:(?:patient|patient s|pt|client|person|resident|service user) )?names?$|^enw$"
        ),
    ),
)
_DOB_NAME = re.compile(r"\b(?:dob|d o b|date ?of ?birth|birth ?date|dyddiad ?geni)\b")


def _words(column: object) -> str:
    """Return a column name as lower-case words.

    >>> _words("Patient_ID"), _words("patientId"), _words("D.O.B.")
    ('patient id', 'patient id', 'd o b')
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(column))
    return " ".join(re.findall(r"[^\W_]+", spaced.casefold()))


# --------------------------------------------------------------------- finding


@dataclass(frozen=True)
class IdentifierColumn:
    """A column that looks like patient-identifiable data.

    Attributes:
        column: the column's name, as text.
        kind: ``nhs_number``, ``patient_identifier``, ``date_of_birth``,
            ``postcode`` or ``name``.
        reason: a short phrase saying what was seen, such as
            ``"9 of 10 values are valid NHS numbers"``.
    """

    column: str
    kind: IdentifierKind
    reason: str


class IdentifiableDataError(InputError):
    """A table was refused because some of its columns look like patient identifiers.

    Attributes:
        found: the flagged columns, in table order.
    """

    def __init__(self, found: list[IdentifierColumn]) -> None:
        super().__init__(_refusal(found))
        self.found = tuple(found)


def sample_rows(frame: pd.DataFrame, size: int = DEFAULT_SAMPLE) -> pd.DataFrame:
    """Return at most ``size`` rows: the first ``size // 2``, then evenly spaced rows to the last.

    >>> sample_rows(pd.DataFrame({"a": range(100)}), 6)["a"].tolist()
    [0, 1, 2, 3, 51, 99]
    """
    if isinstance(size, bool) or not isinstance(size, Integral) or size < 1:
        raise InputError(t("privacy.error.sample", size=size))
    if len(frame) <= size:
        return frame
    head = size // 2
    spread = np.linspace(head, len(frame) - 1, size - head).astype(np.int64)
    return frame.iloc[np.concatenate([np.arange(head), spread])]


def find_identifiers(
    frame: pd.DataFrame, *, sample: int = DEFAULT_SAMPLE
) -> list[IdentifierColumn]:
    """Return the columns of ``frame`` that look like patient identifiers, in table order.

    Reads at most ``sample`` rows (:func:`sample_rows`). Each column is reported
    once, with the first kind that fits in this order: NHS numbers by value,
    then identifiers by column name, dates of birth, full postcodes, and
    personal names. The module docstring explains the thresholds and limits.
    """
    rows = sample_rows(frame, sample)
    noun = "sampled values" if len(rows) < len(frame) else "values"
    found = []
    for position, column in enumerate(frame.columns):
        values = rows.iloc[:, position].dropna()
        if values.dtype == object or isinstance(values.dtype, pd.CategoricalDtype | pd.StringDtype):
            values = values.astype(str).str.strip()
            values = values[values != ""]
        # Each distinct value is tested once and counted as often as it occurs.
        counts = values.value_counts(sort=False)
        if len(counts):
            hit = _classify(column, pd.Series(counts.index), counts.to_numpy(), noun)
            if hit is not None:
                found.append(hit)
    return found


def _classify(
    column: object, distinct: pd.Series, counts: np.ndarray, noun: str
) -> IdentifierColumn | None:
    """Return how ``column`` identifies people, judged on its ``distinct`` values, or None.

    ``counts`` says how often each distinct (non-blank) value occurs in the sample.
    """
    name = str(column)
    words = _words(column)
    total = int(counts.sum())

    def share(test: Callable[[pd.Series], np.ndarray | pd.Series], what: str) -> str | None:
        hits = int(counts[np.asarray(test(distinct), dtype=bool)].sum())
        return f"{hits:,} of {total:,} {noun} {what}" if 2 * hits > total else None

    reason = share(_nhs_numbers, "are valid NHS numbers")
    if reason:
        return IdentifierColumn(name, "nhs_number", reason)
    for kind, pattern in _NAME_RULES:
        if pattern.search(words):
            return IdentifierColumn(name, kind, f"the column name suggests {DESCRIPTIONS[kind]}")
    if _DOB_NAME.search(words):
        reason = share(_dates, "are dates")
        if reason:
            return IdentifierColumn(name, "date_of_birth", f"named as a date of birth and {reason}")
    if pd.api.types.is_string_dtype(distinct):
        reason = share(lambda v: v.str.fullmatch(_POSTCODE), "are full postcodes")
        if reason:
            return IdentifierColumn(name, "postcode", reason)
        reason = share(lambda v: v.map(_looks_like_person), "look like personal names")
        if reason:
            return IdentifierColumn(name, "name", reason)
    return None


def _dates(values: pd.Series) -> np.ndarray:
    """Return which values are dates: date-time columns, or text that parses as a date."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return np.ones(len(values), dtype=bool)
    if not pd.api.types.is_string_dtype(values):
        return np.zeros(len(values), dtype=bool)
    parsed = pd.to_datetime(values, errors="coerce", format="mixed", dayfirst=True)
    return parsed.notna().to_numpy()


def _refusal(found: list[IdentifierColumn]) -> str:
    """Return the one-line refusal message naming every flagged column, in the language in use."""
    if len(found) == 1:
        only = found[0]
        kind = t(DESCRIPTION_KEYS[only.kind])
        return t("privacy.error.identifiable_one", column=only.column, kind=kind)
    described = [f"{hit.column!r} ({t(DESCRIPTION_KEYS[hit.kind])})" for hit in found]
    return t("privacy.error.identifiable_many", columns=join_and(described))


def check_not_identifiable(frame: pd.DataFrame, *, allow_identifiable: bool = False) -> None:
    """Refuse ``frame`` if any column looks like patient-identifiable data.

    Improvement charts need aggregated data, and UK GDPR's data minimisation
    principle (Article 5(1)(c)) and the Caldicott Principles (National Data
    Guardian, 2020: use the minimum necessary identifiable data) ask for no
    more than that. ``allow_identifiable=True`` skips the check: use it only
    where processing identifiable data is approved, for instance inside an
    organisation's secure environment with information governance approval
    (see PRIVACY.md).

    Raises:
        IdentifiableDataError: naming every flagged column in one line, with
            what to do and the override.
    """
    if allow_identifiable:
        return
    found = find_identifiers(frame)
    if found:
        raise IdentifiableDataError(found)
