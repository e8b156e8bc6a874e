"""Small-number suppression: hide counts from 1 to 4 before a table leaves the team.

A count of 1 to 4 people in a published cell (for example "2 deaths on ward 7
in March") can let someone who knows the ward work out who those people are.
Statistical disclosure control practice in UK health statistics therefore
replaces small non-zero counts with a mark before publication:

* NHS Digital's rule for Hospital Episode Statistics (HES) replaced values from
  1 to 5 with ``*`` and then required *secondary* suppression, so that the
  hidden values could not be worked out from totals. From September 2018 it
  moved to suppressing small values and rounding the rest; see NHS Digital,
  "Disclosure control methodology for Hospital Episode Statistics (HES) and
  Emergency Care Data Set (ECDS)" (2018), which also describes hiding values
  from 1 to 7 for some sub-national figures.
* Office for National Statistics (2006), *Review of the dissemination of health
  statistics: confidentiality guidance*, sets no single threshold: it asks the
  data provider to judge the risk from the kind of data, the size of the areas
  and how sensitive the subject is. See its guidance on small cells; summaries
  of it treat counts of 1 and 2 as unsafe and, for small areas or sensitive
  subjects, 3 and 4 as well.
* The Anonymisation Standard for Publishing Health and Social Care Data
  (ISB1523, Information Standards Board for Health and Social Care) likewise
  leaves the threshold to a documented risk assessment; see its guidance.

Hence ``threshold`` is a parameter, defaulting to 5 (counts 1 to 4 hidden, shown
as ``"<5"``). Choose a higher one where your organisation's risk assessment
asks for it.

**Zero stays 0.** A true zero describes no person, and the HES rule above hides
values *from 1*. Beware, though: a row whose cells are all zero except one can
still reveal something about everyone in that row (for example "all 3 patients
in this group had the outcome"); ONS (2006) discusses such cases.

**Derived values.** A rate or percentage in the same row as a hidden count, with
its denominator beside it, gives the count back. Name such columns in
``derived`` and they are replaced by :data:`DERIVED_MARK` wherever a count they
come from is hidden.

**What is not done: secondary suppression.** If a table also shows a total, a
hidden cell can be worked out by subtraction (total 10, visible cells 4 and 5,
so the hidden cell is 1). These functions do not look for such differences.
Before publishing, leave totals out, or hide at least one more cell in each
affected row and column, or round the totals; and never publish two tables
whose difference reveals a small group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Number
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from academy.errors import InputError
from academy.i18n import t

if TYPE_CHECKING:
    from academy.spc.chart import SPCResult

#: Counts from 1 to ``threshold - 1`` are hidden by default (see the module notes).
DEFAULT_THRESHOLD = 5

#: The example in the message that refuses a ``derived`` that is not a mapping.
_DERIVED_EXAMPLE = '{"rate": "n"}'

#: What a hidden derived value (rate, percentage, z-score) is replaced by.
DERIVED_MARK = "*"

#: Charts whose points are statistics of measurements, ranges or gaps, not counts.
NOT_COUNT_CHARTS = frozenset({"mr", "xbar", "s", "g", "t"})


def count_mark(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The text that replaces a hidden count: ``"<5"`` for the default threshold."""
    return f"<{threshold}"


def suppress_small_counts(
    frame: pd.DataFrame,
    columns: str | Sequence[str] | None = None,
    *,
    threshold: int = DEFAULT_THRESHOLD,
    derived: Mapping[str, str | Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Return a copy of ``frame`` with counts from 1 to ``threshold - 1`` shown as ``"<5"``.

    Args:
        frame: the table; it is not changed.
        columns: the count columns. None takes every numeric column whose values
            are all whole numbers of at least 0 (which also catches numbers that
            are not counts, such as week 1 to 4: name the columns to be exact).
        threshold: counts below it (and above 0) are hidden; at least 2.
        derived: columns computed from counts, each mapped to the count column
            (or columns) it comes from, e.g. ``{"rate": "deaths"}`` or
            ``{"percent": ["deaths", "admissions"]}``. In a row where one of its
            counts is hidden, the derived value becomes :data:`DERIVED_MARK`.
            The counts named here are checked and hidden too.

    Returns:
        The copy. Count columns hold whole numbers as ``int``, blanks as they
        were, and the mark; derived columns hold their values or the mark.
        0 stays 0. Secondary suppression is not done (see the module notes).

    Raises:
        InputError: an unknown column; a count that is negative, not whole, or text.

    >>> table = pd.DataFrame({"ward": ["A", "B", "C"], "deaths": [0, 3, 12], "rate": [0, 1.5, 6.0]})
    >>> suppress_small_counts(table, "deaths", derived={"rate": "deaths"})
      ward deaths rate
    0    A      0  0.0
    1    B     <5    *
    2    C     12  6.0
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputError(t("privacy.error.not_a_table", kind=type(frame).__name__))
    _check_threshold(threshold)
    sources = _derived_columns(frame, derived or {})
    counts = _count_columns(frame, columns, sources)
    out = frame.copy()
    hidden: dict[str, np.ndarray] = {}
    for name in counts:
        values, hidden[name] = _hide_counts(frame[name], name, threshold)
        out[name] = values
    for name, origins in sources.items():
        rows = np.logical_or.reduce([hidden[origin] for origin in origins])
        out[name] = frame[name].astype(object).mask(rows, DERIVED_MARK)
    return out


def suppress_chart_points(result: SPCResult, *, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The points table of an SPC chart with small counts hidden, for export.

    The count behind each point is ``y / multiply`` (c and np charts, and run
    or I charts without n) or ``y / multiply × n`` (charts with a denominator).
    Where that count is a whole number from 1 to ``threshold - 1``, ``y`` is
    shown as ``"<5"`` if it is the count itself, or as :data:`DERIVED_MARK` if it
    is a rate or a multiplied count. A run or I chart without n cannot say
    whether y holds counts or measurements, so any whole y in that range is
    hidden (measurements such as 3 days may be hidden needlessly). The centre
    line and limits summarise the whole phase and are kept.

    Raises:
        InputError: an mr, xbar, s, g or t chart, whose points are not counts.
    """
    _check_threshold(threshold)
    if result.chart in NOT_COUNT_CHARTS:
        raise InputError(t("privacy.error.not_counts_chart", chart=result.chart))
    points = result.points.copy()
    y = points["y"].to_numpy(dtype=float)
    n = points["n"].to_numpy(dtype=float)
    ratio = result.chart != "np" and not np.all(np.isnan(n))
    count = y / result.multiply * (n if ratio else 1.0)
    with np.errstate(invalid="ignore"):
        whole = np.abs(count - np.round(count)) <= 1e-9 * np.maximum(1.0, np.abs(count))
        small = whole & (np.round(count) >= 1) & (np.round(count) < threshold)
    is_count = not ratio and result.multiply == 1
    mark = count_mark(threshold) if is_count else DERIVED_MARK
    points["y"] = points["y"].astype(object).mask(small, mark)
    return points


def _check_threshold(threshold: object) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 2:
        raise InputError(t("privacy.error.threshold", threshold=threshold))


def _derived_columns(
    frame: pd.DataFrame, derived: Mapping[str, str | Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    if not isinstance(derived, Mapping):
        raise InputError(t("privacy.error.derived_mapping", example=_DERIVED_EXAMPLE))
    sources = {}
    for name, origins in derived.items():
        origins = (origins,) if isinstance(origins, str) else tuple(origins)
        for column in (name, *origins):
            _require_column(frame, column)
        if not origins:
            raise InputError(t("privacy.error.derived_no_counts", name=name))
        sources[name] = origins
    return sources


def _count_columns(
    frame: pd.DataFrame, columns: str | Sequence[str] | None, sources: dict[str, tuple[str, ...]]
) -> list[str]:
    if columns is None:
        chosen = [c for c in frame.columns if c not in sources and _looks_like_counts(frame[c])]
    else:
        chosen = [columns] if isinstance(columns, str) else list(columns)
        for column in chosen:
            _require_column(frame, column)
    clash = sorted(str(c) for c in set(chosen) & set(sources))
    if clash:
        raise InputError(t("privacy.error.count_and_derived", column=clash[0]))
    extra = [c for origins in sources.values() for c in origins if c not in chosen]
    return list(dict.fromkeys([*chosen, *extra]))


def _require_column(frame: pd.DataFrame, column: object) -> None:
    if column not in frame.columns:
        known = ", ".join(map(str, frame.columns))
        raise InputError(t("privacy.error.unknown_column", column=column, columns=known))


def _looks_like_counts(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return False
    values = series.to_numpy(dtype=float, na_value=np.nan)
    values = values[~np.isnan(values)]
    return bool(np.all(np.isfinite(values) & (values >= 0) & (values == np.round(values))))


def _hide_counts(series: pd.Series, name: object, threshold: int) -> tuple[pd.Series, np.ndarray]:
    """The column with whole counts as ``int`` and small ones marked (blanks kept), and where."""
    mark = count_mark(threshold)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        keep = np.isnan(numbers)
    else:
        raw = series.to_numpy(dtype=object)
        keep = np.array([_is_blank(v) or v == mark for v in raw], dtype=bool)
        numbers = np.array(
            [
                np.nan if k else _count(v, name, i)
                for i, (k, v) in enumerate(zip(keep, raw, strict=True))
            ],
            dtype=float,
        )
    with np.errstate(invalid="ignore"):
        bad = ~keep & ~(np.isfinite(numbers) & (numbers >= 0) & (numbers == np.round(numbers)))
    if bad.any():
        row = int(np.argmax(bad))
        _count(series.iat[row], name, row)  # raises, naming the row and the problem
    hidden = ~keep & (numbers >= 1) & (numbers < threshold)
    out = series.to_numpy(dtype=object).copy()
    out[~keep] = numbers[~keep].astype(np.int64).tolist()
    out[hidden] = mark
    return pd.Series(out, index=series.index, name=series.name, dtype=object), hidden


def _count(value: object, name: object, row: int) -> int:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, Number):
        raise InputError(t("privacy.error.not_count", column=name, row=row + 1, value=value))
    number = float(value)
    if not np.isfinite(number) or number != round(number):
        raise InputError(t("privacy.error.not_whole", column=name, row=row + 1, value=value))
    if number < 0:
        raise InputError(t("privacy.error.negative", column=name, row=row + 1, value=value))
    return int(number)


def _is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float | np.floating) and np.isnan(value))
    )
