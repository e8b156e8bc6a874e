"""Turn a learner's data into one row per chart point.

:func:`prepare` takes a table (or plain arrays) of raw observations and returns
:class:`Prepared`: per-point arrays of the plotted statistic before any
``multiply``, the denominator or subgroup size, the phase, the baseline and the
included flag, ready for :func:`academy.spc.limits.compute_limits`.

It follows qicharts2 0.8.1 ``qic()`` (Anhøj, R; ``R/qic.R`` and ``qic.agg`` in
``R/helper.functions.R``):

* Rows with the same x form one subgroup. With a denominator n the point is
  Σy/Σn over the rows where both y and n are present (qicharts2 blanks y and n
  together, ``complete.cases``). Without n, run, I, MR, g, t and I′ charts
  combine y with ``agg`` ("mean", "median" or "sum"); a c chart sums its counts
  (qicharts2 0.2.0: "C chart ignores agg.fun"). For Xbar and S charts the rows
  of one x are the subgroup: value = mean (Xbar) or standard deviation (S),
  n = number of non-missing values, sd = subgroup standard deviation
  (qicharts2 ``y.mean``, ``y.sd``, ``y.length``).
* Points are sorted by x: numbers and dates ascending, categories (text) in
  the order they first appear. So rows in any order give the same chart, and
  a date that occurs in several rows (a week entered twice, or one row per
  ward) is one point: y and n summed, or y combined by ``agg``. This is not
  an error; the ``academy`` command prints a note when it happens.
* ``part``: a new phase starts after each given position (qicharts2
  ``makeparts``). ``freeze``: the first k points are the baseline of the first
  phase. ``exclude``: points shown but left out of every calculation.
* A missing y stays as a point with NaN (no bridging).

How x text is read: when the first value is a date, every value must be a
real date written the same way, either ISO 8601 (``2024-03-01``, with an
optional time) or day first with slashes, dots or dashes (``01/03/2024``, the
UK convention that Excel uses for CSV in an English (UK) locale). A total row,
a second style or an impossible date (``2024-02-30``, or ``02/13/2024`` read as
day 2 of month 13) is an InputError naming the row. Otherwise text is a
category.

Checks on the values (InputError naming the row and column; rows count from 1
at the first data row):

* y and n must be numbers. Text that spreadsheets leave in numbers gets its
  own advice: Excel errors (``#DIV/0!``, ``#N/A``), percentages (``85%``),
  commas (``1,234`` or the decimal comma ``3,5``: refused rather than guessed,
  since ``1,234`` could mean either), a lone dash, and suppressed counts
  (``<5``).
* On p, p′, np, c, u, u′ and g charts y is a count and cannot be negative;
  on p, p′ and np charts y counts units out of n, so y > n is impossible. On
  u and u′ charts y may exceed n, which is an exposure such as thousands of
  bed-days (sources at :data:`_COUNT_CHARTS` and :data:`_PROPORTION_CHARTS`).
* n must be greater than zero.

How ``part``, ``freeze``, ``exclude`` and ``notes`` keys are read: a Python or
NumPy integer is always a 1-based position after aggregation; anything else (a
float, a string, a date) is an x value and must match an x exactly. So with
integer x values such as years, ``part=3`` means "after the third point"; to
name the year, give it as a float (``part=2021.0``).

Departures from qicharts2, each to avoid a silent surprise:

* qicharts2 ignores ``freeze`` when ``part`` is given; here both may be given,
  provided the frozen baseline ends within the first phase (InputError
  otherwise). Later phases compute their limits from all their own points.
* With ``agg="sum"`` an x whose y values are all missing stays missing (NaN);
  R's ``sum(NA, na.rm = TRUE)`` makes it 0.
* A row with a missing x is dropped only when its y is missing too (a blank
  row); otherwise it is an InputError (qicharts2 drops every row without x).
* qicharts2 silently drops ``part`` positions outside 1..N−1; here they are
  InputErrors.
* qicharts2 accepts any numbers; here negative counts and y > n on
  proportion charts are InputErrors (above).

A row with a y but a blank n is blanked, as in qicharts2, by :func:`prepare`;
entry points that read a user's file (the ``academy`` command) are stricter
and refuse it with :func:`require_denominators`. Limits from fewer than 20
points are trial limits (Provost & Murray 2011): :meth:`SPCResult.explain
<academy.spc.chart.SPCResult.explain>` says so and the command prints a note;
the command refuses a chart with fewer than 2 points that have a value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from numbers import Real

import numpy as np
import pandas as pd

from academy.errors import InputError
from academy.i18n import t
from academy.spc.limits import CHART_TYPES, MAX_MAGNITUDE

#: Ways to combine several y values of one x when there is no denominator.
AGGREGATES: tuple[str, ...] = ("mean", "median", "sum")

_RATIO_CHARTS = frozenset({"p", "pp", "u", "up"})
_N_REQUIRED = _RATIO_CHARTS | {"np"}
_SUBGROUP_CHARTS = frozenset({"xbar", "s"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$")


@dataclass(frozen=True)
class Prepared:
    """Per-point arrays of one chart, after aggregation and in x order.

    Attributes:
        x: x values: 1..N when no x was given, numbers, ``datetime64`` dates or
            text (object array).
        x_kind: "position", "number", "date" or "category".
        value: the plotted statistic before ``multiply`` (NaN = missing): y or
            its aggregate (run, i, mr, g, t, ip), Σy/Σn (p, pp, u, up, and run,
            i, mr, g, t, ip when n is given), Σy (c, np), the subgroup mean
            (xbar) or standard deviation (s). For an MR chart this is still the
            individual value; the chart takes its moving ranges per phase.
        n: denominator Σn or subgroup size per point (NaN where missing), or
            None when the chart has none.
        sd: subgroup standard deviation (xbar and s charts), else None.
        part: phase number per point, starting at 1 (a read-only view when
            there is one phase).
        baseline: True for points in the frozen baseline (all True without
            ``freeze``; points after the first phase are always True).
        include: False for excluded points.
        notes: annotation per point ("" for none), or None without notes.
        phases: one slice of point indices per phase, in order.
    """

    x: np.ndarray
    x_kind: str
    value: np.ndarray
    n: np.ndarray | None
    sd: np.ndarray | None
    part: np.ndarray
    baseline: np.ndarray
    include: np.ndarray
    notes: np.ndarray | None
    phases: list[slice]


def prepare(
    data: pd.DataFrame | None = None,
    chart: str = "run",
    x: object = None,
    y: object = None,
    n: object = None,
    *,
    part: object = None,
    freeze: object = None,
    exclude: object = None,
    agg: str = "mean",
    notes: object = None,
) -> Prepared:
    """Aggregate raw observations into chart points (qicharts2 ``qic()`` semantics).

    Args:
        data: a table whose columns ``x``, ``y``, ``n`` (and ``notes``) name; or
            None when those are given as arrays.
        chart: engine chart id, one of :data:`academy.spc.limits.CHART_TYPES`.
        x: column name or values for the x axis (numbers, dates, ISO date text
            such as "2024-03-01", or categories); None numbers the rows 1..N.
        y: column name or values of the measure or count (numerator).
        n: column name or values of the denominator (required for p, pp, u,
            up and np; optional for run, i, mr, g, t and ip; not taken by c,
            xbar and s). A single number applies to every row.
        part: position(s) or x value(s) after which a new phase starts.
        freeze: position or x value of the last point of the baseline; it must
            lie in the first phase.
        exclude: position(s) or x value(s) to leave out of the calculations.
        agg: "mean", "median" or "sum": how several y of one x are combined
            when there is no n (run, i, mr, g, t, ip charts).
        notes: a column name or values (one per row), or a dict mapping
            positions or x values to text.

    Returns:
        The per-point arrays.

    Raises:
        InputError: unknown chart, column or agg; lengths differ; non-numeric
            y or n; n missing where required or given where not taken; n <= 0;
            a negative count, or y > n on a p, p′ or np chart; x dates in
            two styles, or not real dates; a position or x value that does
            not exist; freeze beyond the first phase.
    """
    if chart not in CHART_TYPES:
        raise InputError(t("spc.error.unknown_chart", chart=chart, charts=", ".join(CHART_TYPES)))
    if agg not in AGGREGATES:
        raise InputError(t("spc.error.unknown_agg", agg=agg, aggregates=", ".join(AGGREGATES)))
    if data is not None and not isinstance(data, pd.DataFrame):
        raise InputError(t("spc.error.data_not_frame"))
    if y is None:
        raise InputError(t("spc.error.y_missing"))

    if x is None and chart in _SUBGROUP_CHARTS:
        raise InputError(t("spc.error.subgroups_need_x", chart=chart))
    y_raw, y_label = _column(data, y, "y")
    y_val = _measure(y_raw, y_label)
    size = y_val.size
    n_val = _denominator(data, n, chart, size)
    _check_counts(chart, y_val, y_label, n_val, _Label("n", n if isinstance(n, str) else None))
    x_val, x_kind = _x_column(data, x, size)
    note_rows = _row_notes(data, notes, size)

    x_val, y_val, n_val, note_rows = _drop_blank_rows(x_val, x_kind, y_val, n_val, note_rows)
    if not y_val.size:
        raise InputError(t("spc.error.no_rows"))
    if n_val is not None:
        y_val, n_val = _complete_cases(y_val, n_val)

    if _is_unique_and_ordered(x_val, x_kind) and chart not in _SUBGROUP_CHARTS:
        value, n_out, sd = _ungrouped(chart, y_val, n_val)
        notes_out = note_rows
    else:
        codes, x_val = _group_codes(x_val, x_kind)
        value, n_out, sd = _grouped(chart, codes, x_val.size, y_val, n_val, agg)
        notes_out = None if note_rows is None else _join_notes(codes, x_val.size, note_rows)

    points = value.size
    part_no, phases = _phases(part, x_val, x_kind)
    baseline = _baseline(freeze, phases[0], x_val, x_kind)
    include = np.ones(points, dtype=bool)
    if exclude is not None:
        include[_locate(exclude, "exclude", x_val, x_kind, 1, points)] = False
    if isinstance(notes, Mapping):
        notes_out = _mapped_notes(notes, x_val, x_kind)
    return Prepared(x_val, x_kind, value, n_out, sd, part_no, baseline, include, notes_out, phases)


def require_denominators(data: pd.DataFrame, y: str, n: str) -> None:
    """Refuse a row that has a y but a blank n: the stricter rule of the ``academy`` command.

    :func:`prepare` follows qicharts2 and blanks y and n together when either
    is missing, so such a row silently becomes no data. For a learner's own
    file that hides a numerator, so the command line and the SPC explorer
    call this first. A blank y beside an n stays a missing point. Columns
    that do not exist are left for :func:`prepare` to report.

    Raises:
        InputError: naming the first such row and both columns.
    """
    if y not in data.columns or n not in data.columns:
        return
    y_val = _measure(data[y].to_numpy(), _Label("y", y))
    n_val = _measure(data[n].to_numpy(), _Label("n", n))
    orphan = ~np.isnan(y_val) & np.isnan(n_val)
    if orphan.any():
        row = int(np.argmax(orphan))
        raise InputError(t("spc.error.blank_denominator", n=n, row=row + 1, y=y, value=y_val[row]))


# --------------------------------------------------------------------------- columns


class _Label:
    """How a message names an input: ``y``, or ``y column 'deaths'`` when it is a column.

    The words are looked up in the strings table only when a message is formatted,
    so naming an input costs nothing unless there is an error to report.
    """

    __slots__ = ("name", "role")

    def __init__(self, role: str, name: str | None = None) -> None:
        self.role = role
        self.name = name

    def __str__(self) -> str:
        if self.name is None:
            return self.role
        return t("spc.error.label_column", role=self.role, name=self.name)


def _column(data: pd.DataFrame | None, spec: object, role: str) -> tuple[np.ndarray, _Label]:
    """Values of one input (a column name in ``data`` or array-like) and a label for messages."""
    if isinstance(spec, str):
        if data is None:
            raise InputError(t("spc.error.column_without_data", role=role, name=spec))
        if spec not in data.columns:
            names = [str(c) for c in data.columns]
            close = difflib.get_close_matches(spec, names, n=1)
            if close:
                raise InputError(
                    t("spc.error.no_column_did_you_mean", name=spec, role=role, close=close[0])
                )
            raise InputError(
                t("spc.error.no_column", name=spec, role=role, columns=", ".join(names))
            )
        return data[spec].to_numpy(), _Label(role, spec)
    values = spec.to_numpy() if isinstance(spec, pd.Series | pd.Index) else np.asarray(spec)
    if values.ndim != 1:
        raise InputError(t("spc.error.not_one_dimensional", role=role))
    return values, _Label(role)


def _numbers(values: np.ndarray, label: _Label) -> np.ndarray:
    """``values`` as float, with blanks as NaN; InputError naming the first row that is wrong.

    A row is wrong when it is not a number, or when :func:`academy.spc.limits.unchartable`
    refuses it: infinite (how "inf", or a spreadsheet's division by zero, is read) or
    larger in size than 1e100.
    """
    from academy.spc.limits import unchartable

    if values.dtype.kind in "biuf":
        numbers = values.astype(float)  # a copy: the result must not share the caller's memory
    else:
        as_text = pd.Series(values, dtype=object)
        blank = as_text.isna() | as_text.map(lambda v: isinstance(v, str) and not v.strip())
        present = as_text.where(~blank)
        try:
            numbers = pd.to_numeric(present, errors="coerce").to_numpy(dtype=float)
        except OverflowError:  # a Python int beyond the float range: keep it too large
            big = float(np.finfo(float).max)  # a Python float compares exactly with any int
            present = present.map(
                lambda v: (big if v > 0 else -big) if isinstance(v, int) and abs(v) > big else v
            )
            numbers = pd.to_numeric(present, errors="coerce").to_numpy(dtype=float)
        bad = np.isnan(numbers) & ~blank.to_numpy()
        if bad.any():
            row = int(np.argmax(bad))
            raise InputError(
                t("spc.error.not_a_number", label=label, row=row + 1, value=values[row])
            )
    row = unchartable(numbers)
    if row is not None:
        shown = f"{numbers[row]:g}" if values.dtype.kind in "biuf" else repr(values[row])
        if np.isinf(numbers[row]):
            raise InputError(t("spc.error.infinite", label=label, row=row + 1, shown=shown))
        raise InputError(
            t("spc.error.too_large", label=label, row=row + 1, shown=shown, limit=MAX_MAGNITUDE)
        )
    return numbers


def _measure(values: np.ndarray, label: _Label) -> np.ndarray:
    """:func:`_numbers`, with a specific fix for text that spreadsheets commonly leave in numbers.

    Refused, each with its own advice (see :func:`_text_hint`): Excel errors
    (``#DIV/0!``, ``#N/A``), percentages (``85%``), numbers with a comma
    (``1,234`` or the decimal comma ``3,5``), a dash (zero or missing?) and
    suppressed counts (``<5``).
    """
    try:
        return _numbers(values, label)
    except InputError as error:
        hint = _text_hint(values, label)
        if hint is None:
            raise
        raise InputError(hint) from error


_EXCEL_ERROR = re.compile(r"^#(DIV/0!|N/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$", re.I)
_PERCENT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)\s*%$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_SUPPRESSED = re.compile(r"^[<>≤≥]=?\s*\d+(\.\d+)?$")
_DASH = re.compile(r"^[-‐‑‒–—]$")


def _text_hint(values: np.ndarray, label: _Label) -> str | None:
    """Advice for the first cell that is not a number, when it is a known spreadsheet habit."""
    text = pd.Series(values, dtype=object)
    is_text = text.map(lambda v: isinstance(v, str) and bool(v.strip()))
    failed = is_text & pd.to_numeric(text.where(is_text), errors="coerce").isna()
    if not failed.any():
        return None
    row = int(np.argmax(failed.to_numpy()))
    cell = str(text.iloc[row]).strip()
    where = {"label": label, "row": row + 1, "cell": cell}
    if _EXCEL_ERROR.match(cell):
        return t("spc.error.excel_error", **where)
    if _PERCENT.match(cell):
        return t("spc.error.percentage", **where)
    if _THOUSANDS.match(cell):
        plain, point = cell.replace(",", ""), cell.replace(",", ".")
        return t("spc.error.thousands", **where, plain=plain, point=point)
    if _DECIMAL_COMMA.match(cell):
        return t("spc.error.decimal_comma", **where, point=cell.replace(",", "."))
    if _DASH.match(cell):
        return t("spc.error.dash", **where)
    if _SUPPRESSED.match(cell):
        return t("spc.error.suppressed", **where)
    return None


#: Charts whose y is a count of events or units, which cannot be negative
#: (p, np, p′: binomial counts of defective units; c, u, u′: Poisson counts of
#: defects; Montgomery 2019, *Introduction to Statistical Quality Control*,
#: 8th ed., ch. 7; Provost & Murray 2011, *The Health Care Data Guide*, on
#: attribute charts; Laney 2002, Quality Engineering 14:531-537. g: the number of units or days between events;
#: Benneyan 2001, Health Care Management Science 4:305-318).
_COUNT_CHARTS = frozenset({"p", "pp", "np", "c", "u", "up", "g"})
#: Charts whose y counts units out of n, so y <= n (Montgomery 2019, section
#: 7.2: the fraction nonconforming is D/n with D ~ Binomial(n, p)). On u and u′
#: charts n is an area of opportunity (patient-days, 1,000 bed-days) and y
#: counts events in it, so y may exceed n (Montgomery 2019, section 7.3).
_PROPORTION_CHARTS = frozenset({"p", "pp", "np"})


def _check_counts(
    chart: str, y: np.ndarray, y_label: _Label, n: np.ndarray | None, n_label: _Label
) -> None:
    """Refuse negative counts, and y above n where y counts units out of n."""
    if chart not in _COUNT_CHARTS:
        return
    with np.errstate(invalid="ignore"):
        negative = y < 0
    if negative.any():
        row = int(np.argmax(negative))
        raise InputError(
            t("spc.error.negative_count", label=y_label, row=row + 1, value=y[row], chart=chart)
        )
    if n is None or chart not in _PROPORTION_CHARTS:
        return
    with np.errstate(invalid="ignore"):
        above = y > n
    if above.any():
        row = int(np.argmax(above))
        raise InputError(
            t(
                "spc.error.y_above_n",
                label=y_label,
                row=row + 1,
                value=y[row],
                n_label=n_label,
                n=n[row],
                chart=chart,
            )
        )


def _check_length(values: np.ndarray, label: _Label, size: int) -> None:
    if values.size != size:
        raise InputError(t("spc.error.length", label=label, size=values.size, y_size=size))


def _denominator(
    data: pd.DataFrame | None, spec: object, chart: str, size: int
) -> np.ndarray | None:
    """The n column as float (None when not given), checked for this chart."""
    if spec is None:
        if chart in _N_REQUIRED:
            raise InputError(t("spc.error.needs_n", chart=chart))
        return None
    if chart in _SUBGROUP_CHARTS:
        raise InputError(t("spc.error.subgroups_take_no_n", chart=chart))
    if chart == "c":
        raise InputError(t("spc.error.c_chart_no_n"))
    if isinstance(spec, Real) and not isinstance(spec, bool):
        values = np.full(size, float(spec))
        label = _Label("n")
    else:
        raw, label = _column(data, spec, "n")
        _check_length(raw, label, size)
        values = _measure(raw, label)
    if values.size and np.fmin.reduce(values) <= 0:  # NaN-skipping minimum, no temporary
        row = int(np.argmax(values <= 0))
        raise InputError(t("spc.error.n_not_positive", label=label, row=row + 1, n=values[row]))
    return values


def _x_column(data: pd.DataFrame | None, spec: object, size: int) -> tuple[np.ndarray, str]:
    """The x values and their kind; None gives positions 1..N."""
    if spec is None:
        return np.arange(1, size + 1), "position"
    raw, label = _column(data, spec, "x")
    _check_length(raw, label, size)
    return _x_kind(raw, label)


def _x_kind(raw: np.ndarray, label: _Label) -> tuple[np.ndarray, str]:
    """Classify x as numbers, dates or categories and convert it accordingly.

    Text is read as dates when its first value is a date (see the module
    docstring); then every value must be a real date in the same style.
    """
    kind = raw.dtype.kind
    if kind in "iuf":
        return raw.copy(), "number"
    if kind == "M":
        return raw.copy(), "date"
    if isinstance(raw.dtype, pd.DatetimeTZDtype):
        return pd.DatetimeIndex(raw).tz_localize(None).to_numpy(), "date"
    values = pd.Series(raw, dtype=object)
    present = values[values.notna()]
    first = present.iloc[0] if len(present) else None
    if _is_number(first) and present.map(_is_number).all():
        return values.to_numpy(dtype=float, na_value=np.nan), "number"
    if _date_style(first):
        return _dates(values, label), "date"
    text = np.where(values.isna().to_numpy(), None, values.astype(str).to_numpy())
    return text.astype(object), "category"


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


_DMY_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}( \d{1,2}:\d{2}(:\d{2})?)?$")


def _date_style(value: object) -> str:
    """ "iso" for a date object or ISO 8601 text, "dmy" for day-first text, else ""."""
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.match(text):
            return "iso"
        return "dmy" if _DMY_DATE.match(text) else ""
    return "iso" if isinstance(value, dt.date | np.datetime64) else ""


def _date_styles(present: pd.Series) -> np.ndarray:
    """:func:`_date_style` of every value (vectorised when all are text, already stripped)."""
    if pd.api.types.infer_dtype(present, skipna=True) != "string":
        return present.map(_date_style).to_numpy()
    iso = present.str.match(_ISO_DATE).to_numpy(dtype=bool)
    dmy = present.str.match(_DMY_DATE).to_numpy(dtype=bool)
    return np.where(iso, "iso", np.where(dmy, "dmy", ""))


def _dates(values: pd.Series, label: _Label | str) -> np.ndarray:
    """x as ``datetime64``; InputError naming the first row in another style or not a real date."""
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        text = values.str.strip()
    else:
        text = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    present = text[text.notna()]
    style = _date_styles(present)
    first = style[0]
    odd = style != first
    if odd.any():
        where = int(np.argmax(odd))
        row, cell = int(present.index[where]) + 1, present.iloc[where]
        if not style[where]:
            raise InputError(t("spc.error.not_a_date", label=label, row=row, cell=cell))
        raise InputError(
            t(
                "spc.error.date_styles",
                label=label,
                first=present.iloc[0],
                first_row=int(present.index[0]) + 1,
                cell=cell,
                row=row,
            )
        )
    try:
        if first == "iso":
            dates = pd.to_datetime(text, format="ISO8601", errors="coerce")
        else:
            dates = _day_first(text)
    except (ValueError, TypeError, OverflowError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(t("spc.error.dates_unreadable", label=label, reason=reason)) from None
    bad = (dates.isna() & values.notna()).to_numpy()
    if bad.any():
        row = int(np.argmax(bad))
        raise InputError(_not_a_date(label, row, str(text.iloc[row]), first))
    if dates.dt.tz is not None:
        dates = dates.dt.tz_localize(None)
    return dates.to_numpy()


_DAY_FIRST_FORMATS = ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


def _day_first(text: pd.Series) -> pd.Series:
    """Day-first dates (already matched by :data:`_DMY_DATE`) as datetimes; NaT if not real.

    The format of the first value is tried on every value first (a failed
    format is slow in pandas), then the others on the values still missing.
    """
    text = text.str.replace(r"[.-]", "/", regex=True)
    first = str(text.dropna().iloc[0])
    forms = sorted(_DAY_FIRST_FORMATS, key=lambda form: form.count(":") != first.count(":"))
    dates = pd.to_datetime(text, format=forms[0], errors="coerce")
    for form in forms[1:]:
        untried = (dates.isna() & text.notna()).to_numpy()
        if not untried.any():
            break
        dates[untried] = pd.to_datetime(text[untried], format=form, errors="coerce")
    return dates


def _not_a_date(label: _Label | str, row: int, cell: str, style: str) -> str:
    if style == "dmy":
        day, month = (int(part) for part in re.split(r"[/.-]", cell)[:2])
        if month > 12 >= day:
            return t("spc.error.month_first", label=label, row=row + 1, cell=cell, month=month)
        return t("spc.error.not_real_dmy", label=label, row=row + 1, cell=cell)
    return t("spc.error.not_real_iso", label=label, row=row + 1, cell=cell)


def _row_notes(data: pd.DataFrame | None, spec: object, size: int) -> np.ndarray | None:
    """Per-row note text ("" for none) from a column or values; None for no notes or a dict."""
    if spec is None or isinstance(spec, Mapping):
        return None
    raw, label = _column(data, spec, "notes")
    _check_length(raw, label, size)
    text = pd.Series(raw, dtype=object)
    return np.where(text.isna().to_numpy(), "", text.astype(str).to_numpy()).astype(object)


def _missing_x(x: np.ndarray, kind: str) -> np.ndarray:
    if kind == "number":
        return np.isnan(x.astype(float, copy=False))
    if kind == "date":
        return np.isnat(x)
    if kind == "category":
        return pd.isna(x)
    return np.zeros(x.size, dtype=bool)


def _drop_blank_rows(
    x: np.ndarray,
    kind: str,
    y: np.ndarray,
    n: np.ndarray | None,
    notes: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Drop rows with neither x nor y; InputError for a y without an x."""
    if kind == "position":
        return x, y, n, notes
    missing = _missing_x(x, kind)
    if not missing.any():
        return x, y, n, notes
    orphan = missing & ~np.isnan(y)
    if orphan.any():
        row = int(np.argmax(orphan))
        raise InputError(t("spc.error.y_without_x", row=row + 1))
    keep = ~missing
    return (
        x[keep],
        y[keep],
        None if n is None else n[keep],
        None if notes is None else notes[keep],
    )


def _complete_cases(y: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Blank y and n together where either is missing (qicharts2 ``complete.cases``)."""
    if np.isfinite(y.sum() + n.sum()):  # no NaN or inf: skip three temporary arrays
        return y, n
    both = np.isfinite(y) & np.isfinite(n)
    return np.where(both, y, np.nan), np.where(both, n, np.nan)


# --------------------------------------------------------------------------- aggregation


def _is_unique_and_ordered(x: np.ndarray, kind: str) -> bool:
    """True when every x occurs once and is already in chart order (no grouping needed)."""
    if kind == "position" or x.size < 2:
        return True
    if kind == "category":
        return pd.unique(x).size == x.size
    return bool((x[1:] > x[:-1]).all())


def _group_codes(x: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Group code per row and the distinct x values in chart order."""
    codes, uniques = pd.factorize(x, sort=kind != "category")
    values = np.asarray(uniques)
    return codes, values.astype(object) if kind == "category" else values


def _ungrouped(
    chart: str, y: np.ndarray, n: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """value, n, sd when each x occurs once."""
    if n is None:
        return y, None, None
    if chart == "np":
        return y, n, None
    with np.errstate(invalid="ignore"):
        return y / n, n, None


def _grouped(
    chart: str,
    codes: np.ndarray,
    groups: int,
    y: np.ndarray,
    n: np.ndarray | None,
    agg: str,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """value, n, sd per x group (vectorised with ``np.bincount``)."""
    present = ~np.isnan(y)
    count = np.bincount(codes, weights=present, minlength=groups)
    empty = count == 0
    y0 = np.where(present, y, 0.0)

    def total(v: np.ndarray) -> np.ndarray:
        return np.where(empty, np.nan, np.bincount(codes, weights=v, minlength=groups))

    with np.errstate(invalid="ignore", divide="ignore"):
        if n is not None:
            n_sum = total(np.where(present, n, 0.0))
            value = total(y0) if chart == "np" else total(y0) / n_sum
            return value, n_sum, None
        if chart == "c" or agg == "sum":
            return total(y0), None, None
        mean = total(y0) / count
        if chart in _SUBGROUP_CHARTS:
            dev = np.where(present, y - mean[codes], 0.0)
            sd = np.sqrt(np.bincount(codes, weights=dev**2, minlength=groups) / (count - 1))
            sd = np.where(count > 1, sd, np.nan)
            size = np.where(empty, np.nan, count)
            return (mean if chart == "xbar" else sd), size, sd
        if agg == "median":
            return pd.Series(y).groupby(codes).median().to_numpy(dtype=float), None, None
        return mean, None, None


def _join_notes(codes: np.ndarray, groups: int, notes: np.ndarray) -> np.ndarray:
    """Distinct non-empty notes of each group joined with " | " (qicharts2 ``fixnotes``)."""
    out = np.full(groups, "", dtype=object)
    has = notes != ""
    if has.any():
        joined = (
            pd.Series(notes[has]).groupby(codes[has]).agg(lambda s: " | ".join(dict.fromkeys(s)))
        )
        out[joined.index.to_numpy()] = joined.to_numpy()
    return out


# --------------------------------------------------------------------------- positions


def _items(spec: object) -> list[object]:
    if isinstance(spec, list | tuple | set | range | np.ndarray | pd.Series | pd.Index):
        return list(spec)
    return [spec]


def _is_position(item: object) -> bool:
    return isinstance(item, int | np.integer) and not isinstance(item, bool | np.bool_)


def _locate(spec: object, name: str, x: np.ndarray, kind: str, lo: int, hi: int) -> np.ndarray:
    """0-based indices of the positions or x values in ``spec``.

    Integers are 1-based positions and must lie in lo..hi; anything else must
    equal an x value exactly.
    """
    found = []
    for item in _items(spec):
        if _is_position(item):
            position = int(item)
            if not lo <= position <= hi:
                raise InputError(_out_of_range(name, position, lo, hi, x, kind))
            found.append(position - 1)
        else:
            found.append(_x_index(item, name, x, kind))
    return np.unique(np.asarray(found, dtype=np.int64))


def _out_of_range(name: str, position: int, lo: int, hi: int, x: np.ndarray, kind: str) -> str:
    where = {"name": name, "position": position, "lo": lo, "hi": hi}
    if kind == "number" and (match := np.flatnonzero(x == position)).size:
        return t(
            "spc.error.position_out_of_range_x",
            **where,
            x_position=match[0] + 1,
            as_float=float(position),
        )
    return t("spc.error.position_out_of_range", **where)


def _x_index(item: object, name: str, x: np.ndarray, kind: str) -> int:
    """0-based index of the point whose x equals ``item``."""
    try:
        if kind == "date":
            key: object = np.datetime64(pd.Timestamp(item).tz_localize(None)).astype(x.dtype)
        elif kind == "category":
            key = str(item)
        elif isinstance(item, Real) and not isinstance(item, bool):
            key = float(item)
        else:
            raise ValueError
    except (ValueError, TypeError):
        key = None
    match = np.flatnonzero(x == key) if key is not None else np.empty(0, dtype=int)
    if not match.size:
        first, last = _label(x[0]), _label(x[-1])
        raise InputError(t("spc.error.no_such_x", name=name, item=item, first=first, last=last))
    return int(match[0])


def _label(value: object) -> str:
    if isinstance(value, np.datetime64):
        return str(pd.Timestamp(value).date()) if value == value.astype("M8[D]") else str(value)
    return str(value)


def _phases(spec: object, x: np.ndarray, kind: str) -> tuple[np.ndarray, list[slice]]:
    """Phase number per point and the slice of each phase.

    A new phase starts after each position (or x value) in ``spec``.
    """
    size = x.size
    breaks = [] if spec is None else (_locate(spec, "part", x, kind, 1, size - 1) + 1).tolist()
    edges = [0, *breaks, size]
    lengths = np.diff(edges)
    if spec is None:  # one phase: a read-only view of a single 1 costs no memory
        part = np.broadcast_to(np.int64(1), (size,))
    else:
        part = np.repeat(np.arange(1, lengths.size + 1, dtype=np.int64), lengths)
    return part, [slice(a, b) for a, b in pairwise(edges)]


def _baseline(spec: object, first_phase: slice, x: np.ndarray, kind: str) -> np.ndarray:
    """True for points in the frozen baseline; every point when there is no freeze."""
    baseline = np.ones(x.size, dtype=bool)
    if spec is None:
        return baseline
    items = _items(spec)
    if len(items) != 1:
        raise InputError(t("spc.error.freeze_one"))
    last = int(_locate(spec, "freeze", x, kind, 1, x.size)[0]) + 1
    end = first_phase.stop
    if last > end:
        raise InputError(t("spc.error.freeze_beyond_phase", last=last, end=end))
    baseline[last:end] = False
    return baseline


def _mapped_notes(notes: Mapping[object, object], x: np.ndarray, kind: str) -> np.ndarray:
    """Notes from a {position or x value: text} mapping."""
    out = np.full(x.size, "", dtype=object)
    for key, text in notes.items():
        index = int(_locate(key, "notes", x, kind, 1, x.size)[0])
        out[index] = f"{out[index]} | {text}" if out[index] else str(text)
    return out
