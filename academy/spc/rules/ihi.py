"""The IHI run chart rules: shift, trend, too few or too many runs, astronomical point.

Source: Perla RJ, Provost LP, Murray SK. The run chart: a simple analytical tool
for learning from variation in healthcare processes. BMJ Qual Saf
2011;20(1):46-51 (the four rules for interpreting a run chart, and table 1).

* Shift (rule 1): six or more consecutive points all above or all below the
  centre line (the median). Points on it are skipped: they neither add to nor
  break a shift, and they are not flagged.
* Trend (rule 2): five or more consecutive points all going up or all going
  down. A value equal to the one before is ignored: like values neither make
  nor break a trend. The flagged points run from the last of the repeated
  values the trend starts on to the first of those it ends on.
* Too few or too many runs (rule 3): a run is one or more consecutive useful
  points (not missing, not on the centre line) on the same side; the number of
  runs is the number of crossings plus one.
* Astronomical point (rule 4): a value obviously different from the rest; a
  judgement, not a computation, so the user names the points
  (:func:`evaluate_ihi`).

Limits for the number of runs. Perla et al.'s table 1 (10 to 60 useful points)
is based on Swed & Eisenhart's tables for a 5% test. The printed table could not
be checked against the paper while writing this, so the limits are computed
exactly from the distribution the table rests on: the number of runs R when n
useful points fall ⌊n/2⌋ on one side and ⌈n/2⌉ on the other (Swed FS, Eisenhart
C. Tables for testing randomness of grouping in a sequence of alternatives. Ann
Math Stat 1943;14(1):66-87). ``runs_lower`` is the smallest r with
P(R <= r) > 2.5% and ``runs_upper`` the largest r with P(R >= r) > 2.5%; fewer
runs than ``runs_lower`` or more than ``runs_upper`` signal. Equivalently, R at
or beyond Swed & Eisenhart's 5% critical values signals: for 10 and 10 points
these are 6 and 16, so 7 to 15 runs are expected for n = 20 (11 to 21 for
n = 30). A copy of table 1 found in third-party code gives 6 to 16 for n = 20,
the critical values themselves, so the printed table may be one run more lenient
on each side at some n; check the paper before teaching its numbers. The rule
is applied from 10 useful points, where the table starts; below that the limits
are None and the rule does not signal.

Findings: one per shift or trend, listing its points; the runs rule concerns
the whole phase, so its finding gives the first and last useful point.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy.special import gammaln

from academy.errors import InputError
from academy.i18n import t
from academy.spc.model import Limits, RuleOutcome
from academy.spc.rules.runs import (
    Pattern,
    RuleResult,
    build_outcome,
    check_improvement,
    merge,
    plural,
    prepare,
    shift,
    side_word,
    trend,
    whole_phase,
)

SOURCE = "Perla, Provost & Murray 2011, BMJ Qual Saf 20:46-51"
RUNS_SOURCE = "Perla, Provost & Murray 2011; Swed & Eisenhart 1943"

#: Shortest shift and trend (Perla et al. 2011, figure 3).
SHIFT_LENGTH = 6
TREND_LENGTH = 5
#: Fewest useful points for the runs rule (first row of Perla et al.'s table 1).
RUNS_MIN_USEFUL = 10
#: Probability in each tail of the runs test (two-sided 5%).
RUNS_TAIL = 0.025


@lru_cache(maxsize=4096)
def runs_limits(n_useful: int) -> tuple[int, int]:
    """Fewest and most runs expected among ``n_useful`` points (n >= 2).

    Exact Swed–Eisenhart distribution of the number of runs R for n1 = ⌊n/2⌋
    and n2 = ⌈n/2⌉ points on either side (Swed & Eisenhart 1943):
    P(R = 2k) = 2·C(n1−1, k−1)·C(n2−1, k−1) / C(n, n1) and
    P(R = 2k+1) = [C(n1−1, k)·C(n2−1, k−1) + C(n1−1, k−1)·C(n2−1, k)] / C(n, n1).
    Evaluated in logs over mean ± 12 standard deviations of R (the mass outside
    is far below 1e-20), so it is quick for any n.

    Returns:
        (runs_lower, runs_upper): the smallest r with P(R <= r) > 2.5% and the
        largest r with P(R >= r) > 2.5%.
    """
    n1 = n_useful // 2
    n2 = n_useful - n1
    mean = 1 + 2 * n1 * n2 / n_useful
    sd = np.sqrt(2 * n1 * n2 * (2 * n1 * n2 - n_useful) / (n_useful**2 * (n_useful - 1)))
    r = np.arange(max(2, int(mean - 12 * sd)), min(n_useful, int(mean + 12 * sd) + 1) + 1)
    k = r // 2
    even = r % 2 == 0
    log_even = np.log(2) + _log_comb(n1 - 1, k - 1) + _log_comb(n2 - 1, k - 1)
    log_odd = np.logaddexp(
        _log_comb(n1 - 1, k) + _log_comb(n2 - 1, k - 1),
        _log_comb(n1 - 1, k - 1) + _log_comb(n2 - 1, k),
    )
    p = np.exp(np.where(even, log_even, log_odd) - _log_comb(n_useful, n1))
    below = np.cumsum(p)
    above = np.cumsum(p[::-1])[::-1]
    return int(r[np.argmax(below > RUNS_TAIL)]), int(r[np.flatnonzero(above > RUNS_TAIL)[-1]])


def _log_comb(a: int, b: np.ndarray) -> np.ndarray:
    """log C(a, b), -inf where b < 0 or b > a."""
    ok = (b >= 0) & (b <= a)
    bb = np.where(ok, b, 0)
    return np.where(ok, gammaln(a + 1) - gammaln(bb + 1) - gammaln(a - bb + 1), -np.inf)


def evaluate(
    y: np.ndarray,
    limits: Limits,
    *,
    improvement: str | None = None,
    target: float | None = None,
) -> RuleOutcome:
    """The IHI rules for one phase, without astronomical points.

    The uniform rule-set signature; ``improvement`` and ``target`` are not used.
    See :func:`evaluate_ihi`.
    """
    check_improvement(improvement)
    return _evaluate(y, limits, None)


def evaluate_ihi(y: np.ndarray, limits: Limits, *, astronomical: Sequence[int] = ()) -> RuleOutcome:
    """The IHI run chart rules for one phase, with the points the user judges astronomical.

    Args:
        y: plotted values of the phase (NaN = missing, skipped by every rule).
        limits: lines of the phase; only the centre line is used.
        astronomical: 0-based positions (within the phase) of points the user
            judges astronomical; they are flagged in the column
            ``ihi_astronomical`` (all False when none is named).

    Returns:
        Columns ``ihi_shift``, ``ihi_trend`` (per point), ``ihi_runs`` (the
        same on every point of the phase) and ``ihi_astronomical``; summary
        ``n_useful``, ``n_runs``, ``runs_lower``, ``runs_upper`` (None below 10
        useful points).

    Raises:
        InputError: an astronomical position is outside the phase, not a whole
            number, or on a missing value.
    """
    return _evaluate(y, limits, astronomical)


def _evaluate(y: np.ndarray, limits: Limits, astronomical: Sequence[int] | None) -> RuleOutcome:
    """The IHI rules; the astronomical rule only when ``astronomical`` is not None."""
    phase = prepare(y, limits)
    side = phase.side
    shift_up, shift_down = shift(side > 0, side < 0, SHIFT_LENGTH, skip_centre=True)
    trend_up, trend_down = trend(phase.y, TREND_LENGTH, skip_ties=True)

    runs = side[side != 0]
    n_useful = runs.size
    n_runs = int(np.count_nonzero(runs[1:] != runs[:-1])) + 1 if n_useful else 0
    lower, upper = runs_limits(n_useful) if n_useful >= RUNS_MIN_USEFUL else (None, None)
    runs_signal = lower is not None and not lower <= n_runs <= upper
    runs_pattern = whole_phase(side, runs_signal)

    def describe_shift(obs: np.ndarray) -> str:
        return t("spc.detail.ihi_shift", n=obs.size, side=side_word(phase, obs), k=SHIFT_LENGTH)

    def describe_trend(obs: np.ndarray) -> str:
        values = phase.y[obs]
        steps = int(np.count_nonzero(np.diff(values))) + 1
        key = "spc.detail.ihi_trend_up" if values[-1] > values[0] else "spc.detail.ihi_trend_down"
        return t(key, n=steps, k=TREND_LENGTH)

    def describe_runs(obs: np.ndarray) -> str:
        key = "spc.detail.ihi_runs_few" if n_runs < lower else "spc.detail.ihi_runs_many"
        return t(key, runs=plural(n_runs, "run"), useful=n_useful, lower=lower, upper=upper)

    results = [
        RuleResult(
            "ihi_shift", t("spc.rule.ihi_shift"), SOURCE, shift_up.union(shift_down), describe_shift
        ),
        RuleResult(
            "ihi_trend", t("spc.rule.ihi_trend"), SOURCE, trend_up.union(trend_down), describe_trend
        ),
        RuleResult(
            "ihi_runs", t("spc.rule.ihi_runs"), RUNS_SOURCE, runs_pattern, describe_runs, False
        ),
    ]
    if astronomical is not None:
        results.append(_astronomical(phase.n, phase.idx, astronomical))
    return build_outcome(
        "ihi",
        phase,
        results,
        columns={"ihi_runs": phase.constant(runs_signal)},
        summary={
            "n_useful": n_useful,
            "n_runs": n_runs,
            "runs_lower": lower,
            "runs_upper": upper,
        },
    )


def _astronomical(n: int, idx: np.ndarray | None, positions: Sequence[int]) -> RuleResult:
    """The user's astronomical points as a rule (positions within the phase)."""
    wanted = np.asarray(positions) if len(positions) else np.zeros(0, dtype=np.intp)
    if wanted.dtype.kind not in "iu" or wanted.ndim != 1:
        raise InputError(t("spc.error.astronomical_positions", positions=positions))
    outside = wanted[(wanted < 0) | (wanted >= n)]
    if outside.size:
        raise InputError(t("spc.error.astronomical_outside", point=outside[0], n=n, last=n - 1))
    chosen = np.zeros(n, dtype=bool)
    chosen[wanted] = True
    if idx is not None:
        missing = np.flatnonzero(chosen)
        missing = missing[~np.isin(missing, idx)]
        if missing.size:
            raise InputError(t("spc.error.astronomical_no_value", point=missing[0]))
        chosen = chosen[idx]
    starts, ends = merge(chosen, 1)
    return RuleResult(
        "ihi_astronomical",
        t("spc.rule.ihi_astronomical"),
        SOURCE,
        Pattern(chosen, starts, ends),
        lambda obs: t("spc.detail.ihi_astronomical", values=plural(obs.size, "value")),
    )
