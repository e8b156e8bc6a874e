"""Build a run or control chart: the engine's single entry point, :func:`chart`.

:func:`chart` prepares the data (:mod:`academy.spc.prepare`), then for each
phase computes the lines (:func:`academy.spc.limits.compute_limits`), the
3-sigma signals, the Anhøj runs analysis and any other chosen rule sets
(:data:`academy.spc.rules.RULE_SETS`), and returns an :class:`SPCResult` with a
per-point table, a per-phase summary, the findings and a plain-language
:meth:`SPCResult.explain`.

The default analysis is qicharts2's (Anhøj, R, version 0.8.1, ``qic()``):
Anhøj's runs rules for non-random runs (Anhøj & Olesen 2014, PLoS ONE
9:e113825) together with Shewhart's 3-sigma rule for points outside the limits
(Mohammed, Worthington & Woodall 2008, QSHC 17:137-145).

Decisions where the sources differ:

* ``sigma_signal`` is True only for included points. qicharts2 0.8.1 also flags
  excluded points beyond the limits; Anhøj's later package pbcharts (``pbc()``)
  does not, and the engine's contract asks for included points only.
* As in qicharts2, the Anhøj runs signal is set to False on a moving-range
  chart (consecutive moving ranges share a point, so runs are expected) and when
  x is categorical (the order of categories carries no time). The run counts
  are still reported.
* Rule sets see excluded points as missing (NaN): the Anhøj rules then skip
  them as qicharts2 does (``runs.analysis`` uses included points only).
* ``target`` is on the plotted scale (after ``multiply``), as in qicharts2; the
  rule sets receive it divided by ``multiply``.
* ``sigma_signal`` needs a point to lie beyond a limit by more than the rule
  sets' tolerance (:data:`academy.spc.rules.runs.RTOL` times the size of the
  lines), so that it agrees with ``mdc_outside`` and ``we_1``.

Arbitrary numbers (tested with hypothesis in ``tests/spc/test_arbitrary_numbers.py``).
For any input :func:`chart` returns a result or raises :class:`InputError` with
one line; it never emits a NumPy warning (underflow to zero aside, as in NumPy's
default).

* Missing values (NaN, a blank cell): a gap. The point keeps its row in
  ``points`` with ``y`` NaN, the data line breaks there, and it is left out of
  the centre line and limits (the moving ranges on either side of it are
  dropped, :mod:`academy.spc.limits`); every rule skips it, neither counting it
  nor letting it break a pattern. A row with neither x nor y is dropped.
* Infinite values (+inf, -inf, the text "inf"): InputError naming the row and
  column, e.g. "y has an infinite value in row 7 (inf): a spreadsheet division
  by zero? correct it or leave it blank". A single ``n``, ``target`` or
  ``multiply`` must be finite too.
* Huge values: a y or n larger in size than 1e100
  (:data:`academy.spc.limits.MAX_MAGNITUDE`) is refused with its row and column,
  as are a ``target`` or ``multiply`` above it; so is a point whose y/n, or sum
  of rows, exceeds it (named by its position and x). Below that bound no line
  can overflow, so the lines are always finite or NaN.
* Tiny values (1e-300, subnormal numbers) are charted as they are; their
  squares may underflow to zero, the correctly rounded result. A denominator n
  below 1e-100 (:data:`academy.spc.limits.MIN_DENOMINATOR`) is refused, since
  dividing by it could overflow. A ``multiply`` so small that the plotted values
  underflow shows them as 0; signals are judged before ``multiply``.
* A constant series: on charts whose sigma comes from the data's own variation
  (I, MR, Xbar, S, t, I′, P′, U′) sigma is 0 and every line lies on the centre
  line; p, np, u, c and g charts keep the limits of their binomial, Poisson or
  geometric model (which also collapse when the centre line is 0, or 1 on a p
  chart). Every point is then on the centre line: it is not a useful
  observation for the runs rules (Anhøj & Olesen 2014), so ``n_useful``,
  ``longest_run`` and ``n_crossings`` are 0 (limits 3 and 0) and nothing
  signals; the IHI runs limits are None; no point is beyond a line, nor
  strictly inside collapsed 1-sigma lines, so no Shewhart or Making Data Count
  rule fires (but on a p, u or c chart a long enough constant series is
  "15 in a row within 1 sigma", Nelson's test 7 and the HCDG's fifth rule:
  less variation than the model expects). :meth:`SPCResult.explain` says every
  point lies on the centre line.
* One point: the centre line is its value. Limits that need a moving range
  (I, MR, t, I′, P′, U′) are NaN; Xbar and S charts take them from the
  subgroup's own standard deviation, and p, np, u, c and g charts from the
  centre line. With two points there is one moving range, so I-chart limits
  exist (as trial limits, fewer than :data:`PROVISIONAL_BELOW` points).
* Every value missing: the points table is kept, every line is NaN, nothing
  signals and :meth:`SPCResult.explain` says the phase has no value. No rows at
  all: InputError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from academy.errors import InputError
from academy.i18n import join_and, t
from academy.spc.limits import (
    CHART_TYPES,
    MAX_MAGNITUDE,
    MIN_DENOMINATOR,
    compute_limits,
    moving_ranges,
    unchartable,
)
from academy.spc.model import Limits, RuleOutcome
from academy.spc.prepare import Prepared, prepare
from academy.spc.rules import RULE_SETS
from academy.spc.rules.mdc import TRIAL_POINTS
from academy.spc.rules.runs import tolerance

#: Per-point columns of the Anhøj rules, always present in ``points``.
ANHOEJ_COLUMNS = ("runs_signal", "longest_run", "longest_run_max", "n_crossings", "n_crossings_min")
#: Directions of improvement that the rule sets understand.
IMPROVEMENTS = ("higher", "lower")
#: Provost & Murray (2011, *The Health Care Data Guide*) advise limits from at
#: least 20 subgroups; limits from fewer are trial limits, to be recalculated
#: as data accumulate.
PROVISIONAL_BELOW = 20

_LINES = ("cl", "lcl", "ucl", "lcl2", "ucl2", "lcl1", "ucl1")


@dataclass
class SPCResult:
    """A run or control chart: per-point table, per-phase summary and findings.

    ``points`` has one row per point after aggregation, in x order, with these columns:

    ==================  ================================================================
    x                   the x value (number, date or category); 1..N when none was given
    y                   the plotted value (after ``multiply``)
    n                   denominator or subgroup size (NaN where the chart has none)
    part                phase number, starting at 1
    baseline            True for points in the frozen baseline (all True without ``freeze``)
    include             False for excluded points (shown, left out of calculations)
    cl                  centre line (median on run and g charts, mean elsewhere)
    lcl, ucl            3-sigma control limits (NaN on a run chart, and where the phase
                        has too few values for them: see "Arbitrary numbers" above)
    lcl2, ucl2          2-sigma lines
    lcl1, ucl1          1-sigma lines
    sigma_signal        True where an included point lies strictly outside lcl/ucl
    runs_signal         True on every point of a phase where the Anhøj runs rules signal
    longest_run         longest run of points on one side of cl in the phase
    longest_run_max     the longest run expected by chance: round(log2(n_useful)) + 3
    n_crossings         times the line crosses cl in the phase
    n_crossings_min     fewest crossings expected: 5th percentile of Binomial(n_useful - 1, 0.5)
    target              the target (NaN when none)
    notes               annotation text ("" when none)
    ihi_shift           (rules "ihi") point is part of a shift of 6 or more on one side of the median
    ihi_trend           (rules "ihi") point is part of a trend of 5 or more going one way
    ihi_runs            (rules "ihi") too few or too many runs in the phase
    mdc_outside         (rules "mdc") point outside the process limits
    mdc_trend           (rules "mdc") part of 7 points going one way
    mdc_two_of_three    (rules "mdc") 2 of 3 points beyond the 2-sigma line on one side
    mdc_shift           (rules "mdc") part of 7 points on one side of the mean
    mdc_point_type      (rules "mdc") common_cause, special_cause_improvement,
                        special_cause_concern, special_cause_neutral_high or _low
    we_1 .. we_4        (rules "we") Western Electric rules 1 to 4
    nelson_1 .. _8      (rules "nelson") Nelson's eight tests
    hcdg_1 .. hcdg_5    (rules "hcdg") the Health Care Data Guide's five Shewhart rules
    ==================  ================================================================

    ``summary`` has one row per phase (part, n_points, n_useful, cl, lcl, ucl, the
    Anhøj counts, runs_signal, sigma_signals and, with "mdc", the variation and
    assurance icons and whether limits are trial limits). ``findings`` lists what
    each rule found: part, rule_set, rule, label, points (1-based), x_first,
    x_last, detail and source. Lines and ``y`` in ``points`` are already
    multiplied by ``multiply``; the Anhøj counts are not.

    Columns that are constant within a phase (lines, Anhøj counts, ``part``,
    ``target``) may be read-only views that use no memory per point, which
    keeps a million-point chart fast. Reading and filtering work as usual; to
    change values in place, work on ``points.copy()``.
    """

    chart: str
    points: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)
    findings: list[dict[str, Any]] = field(repr=False)
    title: str | None = None
    ylab: str | None = None
    xlab: str | None = None
    multiply: float = 1.0
    improvement: str | None = None
    target: float | None = None
    rules: tuple[str, ...] = ("anhoej",)

    def explain(self) -> str:
        """Plain-language summary: per phase, what each rule set found, where, and its source."""
        return _explain(self)

    def plot(self, ax: Any = None, **kw: Any) -> Any:
        """Draw the chart (see :func:`academy.spc.plot.plot_chart`) and return the Axes."""
        from academy.spc.plot import plot_chart

        return plot_chart(self, ax=ax, **kw)

    def alt_text(self) -> str:
        """Alternative text for the drawn chart (see :func:`academy.spc.plot.alt_text`)."""
        from academy.spc.plot import alt_text

        return alt_text(self)


@dataclass
class _Phase:
    """Unmultiplied results of one phase."""

    value: np.ndarray
    limits: Limits
    sigma_signal: np.ndarray
    outcomes: dict[str, RuleOutcome]
    n_used: int  # points the lines rest on: baseline, included, not missing


def chart(
    data: pd.DataFrame | None = None,
    chart: str = "run",
    x: object = None,
    y: object = None,
    n: object = None,
    part: object = None,
    freeze: object = None,
    exclude: object = None,
    multiply: float = 1,
    screen_mr: bool = True,
    rules: str | tuple[str, ...] | list[str] | None = ("anhoej",),
    target: float | None = None,
    improvement: str | None = None,
    agg: str = "mean",
    notes: object = None,
    title: str | None = None,
    ylab: str | None = None,
    xlab: str | None = None,
    allow_identifiable: bool = False,
) -> SPCResult:
    """Make a run or control chart with its signals, following qicharts2 ``qic()``.

    Args:
        data: a table whose columns ``x``, ``y``, ``n`` and ``notes`` name, or
            None when those are given as values.
        chart: run, i, mr, xbar, s, p, pp, u, up, c, g, t, np or ip.
        x, y, n: columns or values (see :func:`academy.spc.prepare.prepare`).
        part: position(s) or x value(s) after which a new phase starts.
        freeze: position or x value of the last baseline point (first phase).
        exclude: position(s) or x value(s) shown but left out of calculations.
            Integers are always positions; other types are x values.
        multiply: factor for the plotted values and lines (e.g. 100 for %).
        screen_mr: screen large moving ranges before estimating sigma (i, t,
            ip, pp, up; Nelson 1982).
        rules: rule sets to report (ids of :data:`academy.spc.rules.RULE_SETS`).
            The Anhøj columns are always computed; the Anhøj and 3-sigma
            findings are reported when "anhoej" is chosen.
        target: target value on the plotted scale, passed to the rule sets.
        improvement: "higher", "lower" or None: which direction is better.
        agg: "mean", "median" or "sum" for several y of one x without n.
        notes: column, values, or {position or x value: text}.
        title, ylab, xlab: labels for the plot.
        allow_identifiable: chart ``data`` even when some of its columns look
            like patient identifiers (NHS numbers, dates of birth, postcodes,
            names). Off by default: see PRIVACY.md before turning it on.

    Returns:
        The chart as an :class:`SPCResult`.

    Raises:
        InputError: any mistake in the input, in one line.
        IdentifiableDataError: ``data`` looks like patient-level identifiable
            data (:func:`academy.privacy.check_not_identifiable`); aggregate it or
            drop the columns first.
    """
    if isinstance(data, pd.DataFrame) and not allow_identifiable:
        from academy.privacy.identifiers import check_not_identifiable

        check_not_identifiable(data)
    rule_ids = _check_rules(rules)
    if improvement not in (*IMPROVEMENTS, None):
        raise InputError(t("spc.error.improvement", improvement=improvement))
    multiply = _positive_number(multiply, "multiply")
    if target is not None:
        target = _number(target, "target")
    if isinstance(n, Real) and not isinstance(n, bool) and not n <= 0:  # prepare refuses <= 0
        n_value = _number(n, "n")
        if n_value < MIN_DENOMINATOR:
            raise InputError(t("spc.error.n_too_small", n=n_value, minimum=MIN_DENOMINATOR))
    # prepare divides y by n; an n near zero can overflow y/n to inf, which
    # _check_values turns into an InputError naming the point.
    with np.errstate(over="ignore"):
        prepared = prepare(
            data, chart, x, y, n, part=part, freeze=freeze, exclude=exclude, agg=agg, notes=notes
        )
    _check_values(prepared)
    if chart == "t":
        _check_times(prepared)
    rule_target = None if target is None else target / multiply
    phases = prepared.phases
    results = [
        _analyse(chart, prepared, where, screen_mr, rule_ids, improvement, rule_target, len(phases))
        for where in phases
    ]
    no_runs = chart == "mr" or prepared.x_kind == "category"
    points = _points(prepared, results, multiply, target, no_runs)
    summary = _summary(results, phases, multiply, no_runs)
    findings = _findings(prepared, results, phases, rule_ids, chart, no_runs)
    return SPCResult(
        chart=chart,
        points=points,
        summary=summary,
        findings=findings,
        title=title,
        ylab=ylab,
        xlab=xlab,
        multiply=multiply,
        improvement=improvement,
        target=target,
        rules=rule_ids,
    )


# --------------------------------------------------------------------------- checks


def _check_rules(rules: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """Rule-set ids as a tuple without repeats; InputError for unknown ids."""
    if rules is None:
        return ()
    ids = (rules,) if isinstance(rules, str) else tuple(rules)
    unknown = [r for r in ids if r not in RULE_SETS]
    if unknown:
        raise InputError(
            t("spc.error.unknown_rule_set", rule_set=unknown[0], rule_sets=", ".join(RULE_SETS))
        )
    return tuple(dict.fromkeys(ids))


def _number(value: object, name: str) -> float:
    """``value`` as a finite float no larger in size than :data:`MAX_MAGNITUDE`."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise InputError(t("spc.error.not_number", name=name, value=value)) from None
    if not np.isfinite(number):
        raise InputError(t("spc.error.not_finite", name=name, value=value))
    if abs(number) > MAX_MAGNITUDE:
        raise InputError(
            t("spc.error.number_too_large", name=name, limit=MAX_MAGNITUDE, value=value)
        )
    return number


def _positive_number(value: object, name: str) -> float:
    number = _number(value, name)
    if number <= 0:
        raise InputError(t("spc.error.not_positive", name=name, value=value))
    return number


def _check_values(prepared: Prepared) -> None:
    """Each point's n and value must be chartable after combining rows and dividing by n.

    The rows themselves were checked by :func:`academy.spc.prepare.prepare` (finite, no
    larger than 1e100 in size, n > 0); a point can still have an n too small to divide
    by, or be too large (even infinite) as a ratio y/n or as a sum of many rows.
    """
    if prepared.n is not None and np.fmin.reduce(prepared.n) < MIN_DENOMINATOR:
        i = int(np.argmax(prepared.n < MIN_DENOMINATOR))
        if prepared.n[i] > 0:
            raise InputError(
                t(
                    "spc.error.point_n_too_small",
                    point=i + 1,
                    x=_x_text(prepared.x[i]),
                    n=prepared.n[i],
                    minimum=MIN_DENOMINATOR,
                )
            )
    i = unchartable(prepared.value)
    if i is not None:
        where = {"point": i + 1, "x": _x_text(prepared.x[i]), "value": prepared.value[i]}
        if np.isinf(prepared.value[i]):
            raise InputError(t("spc.error.point_infinite", **where))
        raise InputError(t("spc.error.point_too_large", **where, limit=MAX_MAGNITUDE))


def _check_times(prepared: Prepared) -> None:
    """A t chart needs times > 0 (Provost & Murray 2011, ch. 9; qicharts2 ``qic.t``)."""
    bad = prepared.value <= 0
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(
            t(
                "spc.error.t_chart_times",
                point=i + 1,
                x=_x_text(prepared.x[i]),
                value=prepared.value[i],
            )
        )


# --------------------------------------------------------------------------- analysis


def _analyse(
    chart: str,
    prepared: Prepared,
    where: slice,
    screen_mr: bool,
    rule_ids: tuple[str, ...],
    improvement: str | None,
    target: float | None,
    n_phases: int,
) -> _Phase:
    """Lines, sigma signals and rule outcomes of one phase."""
    include = prepared.include[where]
    use = prepared.baseline[where] & include
    value = prepared.value[where]
    if chart == "mr":
        value = moving_ranges(value, include)
    n = None if prepared.n is None or chart == "mr" else prepared.n[where]
    sd = None if prepared.sd is None else prepared.sd[where]
    try:
        limits = compute_limits(chart, value, n, use, sd=sd, screen_mr=screen_mr)
        every = bool(include.all())
        sigma = _beyond_limits(value, limits)
        if not every:
            sigma &= include
        y_rules = value if every else np.where(include, value, np.nan)
        outcomes = {
            rule_id: RULE_SETS[rule_id](y_rules, limits, improvement=improvement, target=target)
            for rule_id in dict.fromkeys(("anhoej", *rule_ids))
        }
    except InputError as error:
        if n_phases == 1:
            raise
        part = int(prepared.part[where.start])
        raise InputError(
            t("spc.error.in_phase", part=part, start=where.start + 1, message=error)
        ) from None
    n_used = int(np.count_nonzero(use & (value == value)))  # NaN != NaN
    return _Phase(value, limits, sigma, outcomes, n_used)


def _beyond_limits(value: np.ndarray, limits: Limits) -> np.ndarray:
    """Points strictly outside the 3-sigma limits, by more than the rules' tolerance.

    The tolerance (:func:`academy.spc.rules.runs.tolerance`) is the one the rule sets use,
    so ``sigma_signal`` agrees with ``mdc_outside`` and ``we_1``, and a point that equals a
    limit up to rounding (a constant series, whose limits are its mean) is not beyond it.
    Missing values and missing limits (NaN) never signal. Only the few points strictly
    beyond a limit are compared again with the tolerance, so no per-point copy is made.
    """
    beyond = (value > limits.ucl) | (value < limits.lcl)
    tol = tolerance(limits)
    if tol and beyond.any():
        i = np.flatnonzero(beyond)
        beyond[i] = (value[i] > limits.ucl[i] + tol) | (value[i] < limits.lcl[i] - tol)
    return beyond


def _joined(arrays: list[Any]) -> Any:
    """One column from the phases' columns (arrays, or categoricals of one dtype)."""
    if len(arrays) == 1:
        return arrays[0]
    if isinstance(arrays[0], pd.Categorical):
        codes = np.concatenate([a.codes for a in arrays])
        return pd.Categorical.from_codes(codes, dtype=arrays[0].dtype)
    return np.concatenate(arrays)


def _points(
    prepared: Prepared,
    results: list[_Phase],
    multiply: float,
    target: float | None,
    no_runs: bool,
) -> pd.DataFrame:
    """The per-point table of the result contract."""
    size = prepared.value.size

    def scaled(values: np.ndarray) -> np.ndarray:
        return values if multiply == 1 else values * multiply

    missing = np.broadcast_to(np.nan, (size,))  # read-only view: no memory per point
    columns: dict[str, object] = {
        "x": prepared.x,
        "y": scaled(_joined([r.value for r in results])),
        "n": missing if prepared.n is None else prepared.n,
        "part": prepared.part,
        "baseline": prepared.baseline,
        "include": prepared.include,
    }
    for line in _LINES:
        columns[line] = scaled(_joined([getattr(r.limits, line) for r in results]))
    columns["sigma_signal"] = _joined([r.sigma_signal for r in results])
    for name in ANHOEJ_COLUMNS:
        columns[name] = _joined([r.outcomes["anhoej"].columns[name] for r in results])
    if no_runs:
        columns["runs_signal"] = np.zeros(size, dtype=bool)
    columns["target"] = missing if target is None else np.broadcast_to(target, (size,))
    columns["notes"] = _notes_column(prepared.notes, size)
    for rule_id, outcome in results[0].outcomes.items():
        for name in outcome.columns:
            if rule_id != "anhoej" or name not in ANHOEJ_COLUMNS:
                columns[name] = _joined([r.outcomes[rule_id].columns[name] for r in results])
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.dtype == object:
            # keep text as object: letting pandas infer a string dtype costs ~20 ms per 1M
            columns[name] = pd.Series(values, dtype=object, copy=False)
    return pd.DataFrame(columns, copy=False)


def _notes_column(notes: np.ndarray | None, size: int) -> pd.Categorical:
    """Notes as a categorical of text ("" for none): cheap for a million points."""
    if notes is None:
        return pd.Categorical.from_codes(np.zeros(size, dtype=np.int8), categories=[""])
    return pd.Categorical(notes)


def _summary(
    results: list[_Phase], phases: list[slice], multiply: float, no_runs: bool
) -> pd.DataFrame:
    """One row per phase: counts, lines, Anhøj values and rule-set summaries."""
    rows = []
    for number, (result, where) in enumerate(zip(results, phases, strict=True), start=1):
        anhoej = result.outcomes["anhoej"]
        row: dict[str, object] = {
            "part": number,
            "n_points": where.stop - where.start,
            "n_useful": anhoej.summary["n_useful"],
            "cl": result.limits.cl[0] * multiply,
            "lcl": result.limits.lcl[-1] * multiply,
            "ucl": result.limits.ucl[-1] * multiply,
        }
        for name in ANHOEJ_COLUMNS[1:]:
            row[name] = anhoej.summary[name]
        row["runs_signal"] = False if no_runs else bool(anhoej.signal)
        row["sigma_signals"] = int(np.count_nonzero(result.sigma_signal))
        for rule_id, outcome in result.outcomes.items():
            if rule_id != "anhoej":
                row.update(outcome.summary)
        if "mdc" in result.outcomes:
            # The rule set sees the whole phase; the chart knows how many points the
            # limits rest on (frozen baseline, exclusions), which is what decides.
            row["mdc_trial_limits"] = result.n_used < TRIAL_POINTS
        rows.append(row)
    return pd.DataFrame(rows)


def _findings(
    prepared: Prepared,
    results: list[_Phase],
    phases: list[slice],
    rule_ids: tuple[str, ...],
    chart: str,
    no_runs: bool,
) -> list[dict[str, Any]]:
    """The findings of the chosen rule sets, with 1-based chart positions."""
    findings: list[dict[str, Any]] = []
    for result, where in zip(results, phases, strict=True):
        part = int(prepared.part[where.start])
        for rule_id in rule_ids:
            if rule_id == "anhoej" and no_runs:
                continue
            for f in result.outcomes[rule_id].findings:
                findings.append(
                    _finding(
                        prepared.x,
                        where.start,
                        part,
                        rule_id,
                        f.rule,
                        f.label,
                        f.indices,
                        f.detail,
                        f.source,
                    )
                )
        sigma = np.flatnonzero(result.sigma_signal)
        if "anhoej" in rule_ids and chart != "run" and sigma.size:
            detail = t(
                "spc.sigma.detail_one" if sigma.size == 1 else "spc.sigma.detail_many",
                n=int(sigma.size),
            )
            findings.append(
                _finding(
                    prepared.x,
                    where.start,
                    part,
                    "sigma",
                    "sigma_signal",
                    t("spc.sigma.label"),
                    sigma,
                    detail,
                    t("spc.source.sigma"),
                )
            )
    return findings


def _finding(
    x: np.ndarray,
    start: int,
    part: int,
    rule_set: str,
    rule: str,
    label: str,
    indices: Any,
    detail: str,
    source: str,
) -> dict[str, Any]:
    """One finding as a dict, its phase indices turned into 1-based chart positions."""
    positions = (np.asarray(indices, dtype=np.int64) + (start + 1)).tolist()
    return {
        "part": part,
        "rule_set": rule_set,
        "rule": rule,
        "label": label,
        "points": positions,
        "x_first": _scalar(x[positions[0] - 1]) if positions else None,
        "x_last": _scalar(x[positions[-1] - 1]) if positions else None,
        "detail": detail,
        "source": source,
    }


def _scalar(value: object) -> object:
    """A NumPy scalar as a plain Python value (dates as pandas Timestamps)."""
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    return value.item() if isinstance(value, np.generic) else value


# --------------------------------------------------------------------------- explain


def _x_text(value: object) -> str:
    value = _scalar(value)
    if isinstance(value, pd.Timestamp):
        return str(value.date()) if value == value.normalize() else str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _fmt(value: float) -> str:
    return f"{value:.4g}" if np.isfinite(value) else t("spc.explain.none")


def _ranges(positions: list[int], x: pd.Series, limit: int = 8) -> str:
    """Positions as ranges with their x values, e.g. "3–10 (x 2024-03-01 to 2024-10-01), 15"."""
    groups: list[list[int]] = []
    for p in positions:
        if groups and p == groups[-1][-1] + 1:
            groups[-1].append(p)
        else:
            groups.append([p])
    parts = []
    for group in groups[:limit]:
        first, last = group[0], group[-1]
        if first == last:
            parts.append(f"{first} (x {_x_text(x.iloc[first - 1])})")
        else:
            parts.append(
                t(
                    "spc.explain.range",
                    first=first,
                    last=last,
                    x_first=_x_text(x.iloc[first - 1]),
                    x_last=_x_text(x.iloc[last - 1]),
                )
            )
    if len(groups) > limit:
        parts.append(t("spc.explain.more_groups", n=len(groups) - limit))
    key = "spc.at_point" if len(positions) == 1 else "spc.at_points"
    return t(key, where=", ".join(parts))


def _phase_header(result: SPCResult, row: pd.Series, pts: pd.DataFrame) -> list[str]:
    """Opening sentences of one phase: span, lines, baseline, exclusions and trial limits."""
    x = pts["x"]
    first, last = int(pts.index[0]) + 1, int(pts.index[-1]) + 1
    span = (
        t("spc.explain.span_one", first=first, x_first=_x_text(x.iloc[0]))
        if first == last
        else t(
            "spc.explain.span_many",
            first=first,
            last=last,
            x_first=_x_text(x.iloc[0]),
            x_last=_x_text(x.iloc[-1]),
        )
    )
    if result.chart == "run":
        key = "spc.explain.phase_run"
    elif result.chart == "g":
        key = "spc.explain.phase_median"
    else:
        key = "spc.explain.phase_centre"
    values = {"part": int(row["part"]), "span": span, "cl": _fmt(row["cl"])}
    if result.chart != "run":
        values.update(lcl=_fmt(row["lcl"]), ucl=_fmt(row["ucl"]))
    lines = [t(key, **values)]
    baseline = pts["baseline"].to_numpy()
    if not baseline.all():
        lines.append(t("spc.explain.frozen", n=int(baseline.sum())))
    excluded = np.flatnonzero(~pts["include"].to_numpy()) + first
    if excluded.size:
        lines.append(
            t("spc.explain.left_out", where=_ranges(excluded.tolist(), result.points["x"]))
        )
    if result.chart == "run":
        return lines
    used = int(np.count_nonzero(baseline & pts["include"].to_numpy() & pts["y"].notna().to_numpy()))
    if 0 < used < PROVISIONAL_BELOW:
        lines.append(t("spc.explain.trial_limits", points=_count(used), n=PROVISIONAL_BELOW))
    if "mdc" in result.rules and row["mdc_trial_limits"]:
        lines.append(t("spc.explain.mdc_trial_limits", n=TRIAL_POINTS))
    return lines


def _explain(result: SPCResult) -> str:
    """The text of :meth:`SPCResult.explain`."""
    points = result.points
    n_phases = len(result.summary)
    name = t(f"spc.chart_name.{result.chart}") if result.chart in CHART_TYPES else result.chart
    what = t("spc.chart_of", chart=name, ylab=result.ylab) if result.ylab else name
    title = f" ({result.title})" if result.title else ""
    lines = [
        t(
            "spc.explain.opening_one" if n_phases == 1 else "spc.explain.opening_many",
            what=what + title,
            points=_count(len(points)),
            n=n_phases,
        )
    ]
    x_is_category = points["x"].dtype == object or pd.api.types.is_string_dtype(points["x"])
    no_runs = result.chart == "mr" or x_is_category
    if "anhoej" in result.rules and no_runs:
        lines.append(
            t(
                "spc.explain.no_runs_mr"
                if result.chart == "mr"
                else "spc.explain.no_runs_categories"
            )
        )
    reported = [r for r in result.rules if not (r == "anhoej" and no_runs)]
    if "anhoej" in result.rules and result.chart != "run":
        reported.append("sigma")
    names = join_and([t("spc.explain.the_rule_set", name=_rule_set(r)) for r in reported])
    part_values = points["part"].to_numpy()
    for _, row in result.summary.iterrows():
        part = int(row["part"])
        lines.append("")
        phase_points = points[part_values == part]
        lines.extend(_phase_header(result, row, phase_points))
        observed = phase_points["y"].notna().to_numpy()
        if not (observed & phase_points["include"].to_numpy()).any():
            lines.append(
                t("spc.explain.all_excluded" if observed.any() else "spc.explain.all_missing")
            )
            continue
        found = [f for f in result.findings if f["part"] == part]
        for f in found:
            lines.append(
                t(
                    "spc.explain.finding",
                    rule_set=_rule_set(f["rule_set"]),
                    label=f["label"],
                    detail=f["detail"].rstrip("."),
                    where=_ranges(f["points"], points["x"]),
                    source=f["source"],
                )
            )
        for rule_id in reported:
            omitted = int(row.get(f"{rule_id}_findings_omitted", 0) or 0)
            if omitted:
                lines.append(t("spc.explain.omitted", rule_set=_rule_set(rule_id), n=omitted))
        if not reported:
            lines.append(
                t("spc.explain.none_applies" if result.rules else "spc.explain.no_rules_chosen")
            )
        elif not found and row["n_useful"] == 0:
            lines.append(t("spc.explain.flat"))
        elif not found:
            lines.append(t("spc.explain.no_signal", rule_sets=names))
    return "\n".join(lines)


def _rule_set(rule_id: str) -> str:
    """A rule set's name in the current language.

    In English :data:`academy.spc.rules.RULE_SET_NAMES`, and "3-sigma rule" for ``"sigma"``.
    """
    return t(f"spc.rule_set.{rule_id}")


def _count(k: int) -> str:
    """ "1 point", "3 points" (in the current language)."""
    return t("spc.count.point_one" if k == 1 else "spc.count.point_many", n=k)
