"""Vectorised helpers shared by the rule sets: phases, windows, runs and findings.

Every rule set in :mod:`academy.spc.rules` works the same way:

1. :func:`prepare` checks one phase's values and lines and drops missing values.
   A missing value (NaN) is skipped by every rule: it neither counts towards a
   pattern nor breaks one, which is what qicharts2 0.8.1 does for its runs
   analysis (``runs.analysis`` in ``R/helper.functions.R`` removes NA before
   counting). Missing points are never flagged.
2. A rule is a :class:`Pattern`: a per-point flag plus the span of every
   separate occurrence. Runs of ``k`` consecutive points, ``k`` of ``w``
   consecutive points and trends are all computed as sliding windows with a few
   shifted array operations (a Python loop over the window length, never over
   the points), so a million points take milliseconds.
3. :func:`build_outcome` turns the patterns into columns and plain-language
   findings (at most :data:`MAX_FINDINGS` per rule; the number left out is in
   the summary as ``<rule set>_findings_omitted``).

Comparisons with a line ("above the centre line", "beyond the upper limit") are
strict, with a tolerance of :data:`RTOL` times the size of the phase's lines, so
that floating-point noise in a computed line (0.1 added ten times and divided by
ten is 0.09999999999999999) does not put a point that is on the line above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from academy.errors import InputError
from academy.i18n import t
from academy.spc.model import Finding, Limits, RuleOutcome

#: Relative tolerance of a comparison with a line: a point counts as above a line
#: only if it exceeds it by more than RTOL times the largest |cl|, |lcl| or |ucl|
#: of the phase (sampled). Far below any real difference, far above rounding error.
RTOL = 1e-12

#: Findings listed per rule and phase; the rest are counted in the summary so that
#: a million-point series does not build a million objects.
MAX_FINDINGS = 20

#: Accepted values of ``improvement`` (None means no preferred direction).
IMPROVEMENTS = ("higher", "lower")

_LINES = ("cl", "lcl", "ucl", "lcl2", "ucl2", "lcl1", "ucl1", "sigma")

#: Points sampled from each line to size the tolerance of comparisons.
_SCALE_SAMPLE = 1024


@dataclass(frozen=True)
class Phase:
    """One phase ready for the rules, with missing values removed.

    Attributes:
        n: number of points in the phase, missing ones included.
        idx: phase positions of the observed points, or None when none is missing.
        y: observed values.
        limits: the lines of the whole phase (see :meth:`line`).
        tol: absolute tolerance of a comparison with a line (see :data:`RTOL`).
    """

    n: int
    idx: np.ndarray | None
    y: np.ndarray
    limits: Limits
    tol: float
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    """Lines at the observed points and comparisons with them, computed once."""

    def line(self, name: str) -> np.ndarray:
        """A line ("cl", "ucl", "lcl2", ...) at the observed points."""
        if name not in self._cache:
            line = getattr(self.limits, name)
            self._cache[name] = line if self.idx is None else line[self.idx]
        return self._cache[name]

    def above(self, name: str) -> np.ndarray:
        """Points strictly above a line, by more than the tolerance (False where it is missing)."""
        key = f">{name}"
        if key not in self._cache:
            level = self._level(name)
            if level is None:
                self._cache[key] = self._y_less_tol > self.line(name)
            else:
                self._cache[key] = self.y > level + self.tol
        return self._cache[key]

    def below(self, name: str) -> np.ndarray:
        """Points strictly below a line, by more than the tolerance (False where it is missing)."""
        key = f"<{name}"
        if key not in self._cache:
            level = self._level(name)
            if level is None:
                self._cache[key] = self._y_plus_tol < self.line(name)
            else:
                self._cache[key] = self.y < level - self.tol
        return self._cache[key]

    def _level(self, name: str) -> float | None:
        """The value of a line that is the same at every point (a broadcast view), else None.

        Comparing with one number instead of a line of them saves a pass over the points.
        """
        line = getattr(self.limits, name)
        return float(line[0]) if line.size and line.strides == (0,) else None

    @cached_property
    def _y_less_tol(self) -> np.ndarray:
        return self.y - self.tol

    @cached_property
    def _y_plus_tol(self) -> np.ndarray:
        return self.y + self.tol

    @cached_property
    def side(self) -> np.ndarray:
        """+1 above the centre line, -1 below it, 0 on it (or no centre line)."""
        return self.above("cl").view(np.int8) - self.below("cl").view(np.int8)

    def constant(self, value: bool | int) -> np.ndarray:
        """A per-phase value as a column: the same value on every point (read-only view)."""
        return np.broadcast_to(
            np.bool_(value) if isinstance(value, bool) else np.int64(value), (self.n,)
        )

    def to_phase(self, mask: np.ndarray) -> np.ndarray:
        """Expand a per-observed-point flag to every point of the phase."""
        if self.idx is None:
            return mask
        out = np.zeros(self.n, dtype=bool)
        out[self.idx] = mask
        return out

    def positions(self, obs: np.ndarray) -> np.ndarray:
        """Phase positions of observed-point positions."""
        return obs if self.idx is None else self.idx[obs]


def prepare(y: np.ndarray, limits: Limits, improvement: str | None = None) -> Phase:
    """Check one phase's inputs and drop its missing values.

    Args:
        y: plotted values of the phase (NaN = missing).
        limits: lines of the phase, one value per point (a scalar is repeated).
        improvement: "higher", "lower" or None; only checked here.

    Returns:
        The phase, ready for the rules.

    Raises:
        InputError: y is not one-dimensional, a line has the wrong length, or
            improvement is not one of the accepted values.
    """
    check_improvement(improvement)
    y = np.asarray(y, dtype=float)
    if y.ndim != 1:
        raise InputError(t("spc.error.rules_y_shape", shape=y.shape))
    n = y.size
    lines = {}
    for name in _LINES:
        line = np.asarray(getattr(limits, name), dtype=float)
        if line.ndim == 0:
            line = np.broadcast_to(line, (n,))
        if line.shape != (n,):
            raise InputError(t("spc.error.rules_line_length", line=name, size=line.size, n=n))
        lines[name] = line
    missing = np.isnan(y)
    idx = None
    if missing.any():
        idx = np.flatnonzero(~missing)
        y = y[idx]
    checked = Limits(**lines)
    return Phase(n=n, idx=idx, y=y, limits=checked, tol=tolerance(checked))


def check_improvement(improvement: str | None) -> None:
    """Raise InputError unless improvement is "higher", "lower" or None."""
    if improvement is not None and improvement not in IMPROVEMENTS:
        raise InputError(t("spc.error.rules_improvement", improvement=improvement))


def tolerance(limits: Limits) -> float:
    """Absolute tolerance of a comparison with the lines of one phase (see :data:`RTOL`).

    >>> ones = np.ones(3)
    >>> tolerance(Limits(ones, 0 * ones, 2 * ones, ones, ones, ones, ones, ones))
    2e-12
    """
    return RTOL * max(
        _magnitude(np.atleast_1d(np.asarray(getattr(limits, name), dtype=float)))
        for name in ("cl", "lcl", "ucl")
    )


def _magnitude(line: np.ndarray) -> float:
    """Largest finite |value| among about 1,000 evenly spaced points of a line (0 if none).

    The tolerance only needs the order of magnitude of the lines, so a sample
    keeps this cheap for long phases.
    """
    sample = np.abs(line[:: max(1, line.size // _SCALE_SAMPLE)])
    sample = sample[np.isfinite(sample)]
    return float(sample.max()) if sample.size else 0.0


@dataclass(frozen=True)
class Pattern:
    """Where a rule fired.

    Attributes:
        mask: per-point flag, True for points that are part of a pattern.
        starts, ends: span [start, end) of each separate pattern, in order.
    """

    mask: np.ndarray
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    ends: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))

    def expand(self, idx: np.ndarray | None, n: int) -> Pattern:
        """Map a pattern found on the points ``idx`` (of ``n``) back to all n points."""
        if idx is None:
            return self
        mask = np.zeros(n, dtype=bool)
        mask[idx] = self.mask
        return Pattern(mask, idx[self.starts], idx[self.ends - 1] + 1)

    def union(self, other: Pattern) -> Pattern:
        """Both patterns together (e.g. the upward and downward halves of a rule)."""
        starts = np.concatenate([self.starts, other.starts])
        order = np.argsort(starts, kind="stable")
        ends = np.concatenate([self.ends, other.ends])
        return Pattern(self.mask | other.mask, starts[order], ends[order])


def whole_phase(side: np.ndarray, signal: bool) -> Pattern:
    """Pattern of a rule about the whole phase (too few crossings, too few runs).

    Such a rule concerns every useful point, so rather than list them all (a
    million objects for a million-point phase) its finding gives the first and
    the last useful point of the phase; the span between them is the pattern.
    """
    mask = np.zeros(side.size, dtype=bool)
    if not signal:
        return Pattern(mask)
    ends = np.flatnonzero(side)[[0, -1]]
    mask[ends] = True
    return Pattern(mask, ends[:1], ends[1:] + 1)


def windows_all(mask: np.ndarray, k: int) -> np.ndarray:
    """For each window of k consecutive points, whether all of them are True.

    Returns an array of length ``len(mask) - k + 1`` (empty if shorter than k);
    element j covers points j .. j+k-1.
    """
    return _window_reduce(mask, k, np.logical_and)


def windows_count(mask: np.ndarray, w: int) -> np.ndarray:
    """For each window of w consecutive points, how many are True (length n - w + 1)."""
    n = mask.size - w + 1
    if n <= 0:
        return np.zeros(0, dtype=np.int8)
    ones = mask.view(np.int8)
    count = ones[:n].copy()
    for s in range(1, w):
        count += ones[s : s + n]
    return count


def _window_reduce(a: np.ndarray, k: int, op: np.ufunc) -> np.ndarray:
    """``op`` (and/or) over each window of k consecutive elements, by doubling.

    After the loop each element combines ``span`` consecutive elements; two
    overlapping spans then cover a window of k. About log2(k) passes over the
    array instead of k.
    """
    n = a.size - k + 1
    if n <= 0:
        return np.zeros(0, dtype=bool)
    span = 1
    while 2 * span <= k:
        a = op(a[:-span], a[span:])
        span *= 2
    return op(a[:n], a[k - span : k - span + n])


def merge(q: np.ndarray, w: int, gap: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Spans [start, end) of flagged windows of length w, joining nearby windows.

    Windows whose starts differ by at most ``gap`` form one span. The default of 1
    joins only windows that slide along one unbroken run (a longer run, trend or
    alternation); :func:`k_of_w` joins every overlapping window (gap w - 1).
    """
    j = np.flatnonzero(q)
    if j.size == 0:
        return j, j
    breaks = np.flatnonzero(np.diff(j) > gap) + 1
    first = np.concatenate([[0], breaks])
    last = np.concatenate([breaks - 1, [j.size - 1]])
    return j[first], j[last] + w


def ranges_mask(starts: np.ndarray, ends: np.ndarray, n: int) -> np.ndarray:
    """A mask of n points that is True inside each span [start, end)."""
    lengths = ends - starts
    mask = np.zeros(n, dtype=bool)
    total = int(lengths.sum())
    if total:
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        mask[offsets + np.arange(total)] = True
    return mask


def consecutive(cond: np.ndarray, k: int) -> Pattern:
    """Points in a run of at least k consecutive points that meet ``cond``."""
    return _windows(cond if k == 1 else windows_all(cond, k), k, cond.size)


def k_of_w(cond: np.ndarray, k: int, w: int, within: np.ndarray | None = None) -> Pattern:
    """Points meeting ``cond`` in a window of w consecutive points where at least k do.

    Args:
        cond: per-point condition, e.g. "beyond the upper 2-sigma line".
        k, w: at least k of w consecutive points.
        within: optional per-point condition that all w points of the window
            must meet, e.g. "above the mean" (checked only on windows that
            already have k points meeting ``cond``).

    Returns:
        The pattern; only the points that meet ``cond`` are flagged.
    """
    q = windows_count(cond, w) >= k
    if within is not None:
        candidates = np.flatnonzero(q)
        for s in range(w):
            q[candidates] &= within[candidates + s]
    starts, ends = merge(q, w, gap=w - 1)
    return Pattern(cond & ranges_mask(starts, ends, cond.size), starts, ends)


def shift(
    above: np.ndarray, below: np.ndarray, k: int, *, skip_centre: bool
) -> tuple[Pattern, Pattern]:
    """Runs of at least k consecutive points above, and below, the centre line.

    Args:
        above, below: per point, whether it is above (below) the centre line;
            a point that is neither is on it.
        k: shortest run that counts.
        skip_centre: True if points on the centre line neither count nor break
            a run (Perla et al. 2011; Provost & Murray 2011); False if they break
            it (Western Electric, Nelson, Making Data Count).

    Returns:
        The upward and the downward pattern. Points on the centre line are never
        flagged.
    """
    if skip_centre:
        useful = above | below
        if not useful.all():
            idx = np.flatnonzero(useful)
            up, down = shift(above[idx], below[idx], k, skip_centre=False)
            return up.expand(idx, above.size), down.expand(idx, above.size)
    return consecutive(above, k), consecutive(below, k)


def trend(y: np.ndarray, k: int, *, skip_ties: bool) -> tuple[Pattern, Pattern]:
    """Runs of at least k consecutive points each higher (lower) than the one before.

    Args:
        y: values (no missing values).
        k: number of points in the shortest trend that counts (k - 1 steps).
        skip_ties: True if a value equal to the one before is ignored: like
            values neither make nor break a trend (Perla et al. 2011, rule 2).
            False if an equal pair breaks the trend (Nelson 1984, test 3;
            NHSRplotthedots ``ptd_seven_point_trend``).

    Returns:
        The rising and the falling pattern. With ``skip_ties`` a trend runs from
        the last of the repeated values it starts on to the first of those it
        ends on, and repeated values inside it are flagged.
    """
    if not skip_ties:
        up = windows_all(y[1:] > y[:-1], k - 1)
        down = windows_all(y[1:] < y[:-1], k - 1)
        return _windows(up, k, y.size), _windows(down, k, y.size)
    keep = np.ones(y.size, dtype=bool)
    keep[1:] = y[1:] != y[:-1]
    if keep.all():
        return trend(y, k, skip_ties=False)
    first = np.flatnonzero(keep)
    first_after = np.append(first, y.size)
    patterns = []
    for compressed in trend(y[first], k, skip_ties=False):
        starts = first_after[compressed.starts + 1] - 1
        ends = first[compressed.ends - 1] + 1
        patterns.append(Pattern(ranges_mask(starts, ends, y.size), starts, ends))
    return patterns[0], patterns[1]


def alternating(y: np.ndarray, k: int) -> Pattern:
    """Runs of at least k consecutive points alternating up and down.

    Each step must go the other way from the step before; an equal pair breaks
    the run (Nelson 1984, test 4: fourteen points in a row alternating up and down).
    """
    up, down = y[1:] > y[:-1], y[1:] < y[:-1]
    flips = (up[1:] & down[:-1]) | (down[1:] & up[:-1])
    return _windows(windows_all(flips, k - 2), k, y.size)


def _windows(q: np.ndarray, w: int, n: int) -> Pattern:
    """Pattern of all points in the flagged windows of length w.

    Flagged windows that slide along one unbroken run join into one span, and
    the points of the spans are flagged; the cost grows with the number of
    flagged points, not with n.
    """
    starts, ends = merge(q, w)
    if w == 1:  # single points: the flagged windows are the points themselves
        return Pattern(q, starts, ends)
    return Pattern(ranges_mask(starts, ends, n), starts, ends)


@dataclass(frozen=True)
class RuleResult:
    """One rule's pattern with what is needed to explain it.

    Attributes:
        rule: column name and rule id, e.g. ``"we_2"``.
        label: human name, e.g. ``"2 of 3 beyond 2 sigma"``.
        source: short citation.
        pattern: where it fired (observed points of the phase).
        describe: builds the plain-language detail of one occurrence from the
            observed-point positions of its flagged points.
        column: False for rules whose column is per phase rather than per point
            (the caller then supplies the column itself).
    """

    rule: str
    label: str
    source: str
    pattern: Pattern
    describe: Callable[[np.ndarray], str]
    column: bool = True


def build_outcome(
    rule_set: str,
    phase: Phase,
    results: list[RuleResult],
    *,
    columns: dict[str, np.ndarray] | None = None,
    summary: dict[str, object] | None = None,
) -> RuleOutcome:
    """Assemble a rule set's columns, findings and summary for one phase.

    One finding per separate occurrence of each rule (at most
    :data:`MAX_FINDINGS` per rule); ``summary[f"{rule_set}_findings_omitted"]``
    counts the occurrences not listed.
    """
    out_columns = {}
    findings: list[Finding] = []
    omitted = 0
    signal = False
    for result in results:
        pattern = result.pattern
        if result.column:
            out_columns[result.rule] = phase.to_phase(pattern.mask)
        signal |= bool(pattern.starts.size)
        omitted += max(pattern.starts.size - MAX_FINDINGS, 0)
        for start, end in zip(
            pattern.starts[:MAX_FINDINGS], pattern.ends[:MAX_FINDINGS], strict=True
        ):
            obs = np.flatnonzero(pattern.mask[start:end]) + start
            findings.append(
                Finding(
                    rule=result.rule,
                    label=result.label,
                    indices=tuple(phase.positions(obs).tolist()),
                    detail=result.describe(obs),
                    source=result.source,
                )
            )
    out_columns.update(columns or {})
    out_summary = dict(summary or {})
    out_summary[f"{rule_set}_findings_omitted"] = omitted
    return RuleOutcome(
        rule_set=rule_set,
        columns=out_columns,
        signal=signal,
        findings=findings,
        summary=out_summary,
    )


#: Keys in academy/i18n/strings/spc.csv of "above/below the <line>", by the line's English name.
_SIDE_KEYS = {
    "centre line": ("spc.side.above_centre_line", "spc.side.below_centre_line"),
    "mean": ("spc.side.above_mean", "spc.side.below_mean"),
}
#: Keys of "<k> <word>" in the singular and the plural, by the English word.
_PLURAL_KEYS = {
    "point": ("spc.count.point_one", "spc.count.point_many"),
    "run": ("spc.count.run_one", "spc.count.run_many"),
    "time": ("spc.count.time_one", "spc.count.time_many"),
    "value": ("spc.count.value_one", "spc.count.value_many"),
}


def side_word(phase: Phase, obs: np.ndarray, centre: str = "centre line") -> str:
    """'above the centre line' or 'below the centre line' for a one-sided pattern.

    In the current language (:mod:`academy.i18n`) for the centre line and the mean.
    """
    first = obs[0]
    is_above = phase.y[first] > phase.line("cl")[first]
    if centre in _SIDE_KEYS:
        above, below = _SIDE_KEYS[centre]
        return t(above if is_above else below)
    return f"above the {centre}" if is_above else f"below the {centre}"


def plural(k: int, word: str) -> str:
    """'1 point', '3 points' (in the current language for the words the rules use)."""
    if word in _PLURAL_KEYS:
        one, many = _PLURAL_KEYS[word]
        return t(one if k == 1 else many, n=k)
    return f"{k} {word}" if k == 1 else f"{k} {word}s"
