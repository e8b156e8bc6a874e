"""Anhøj's run chart rules: an unusually long run or unusually few crossings.

Sources: Anhøj J, Olesen AV. Run charts revisited: a simulation study of run
chart rules for detection of non-random variation in health care processes.
PLoS ONE 2014;9(11):e113825. Anhøj J. Diagnostic value of run chart analysis:
using likelihood ratios to compare run chart rules on simulated data series.
PLoS ONE 2015;10(3):e0121349. Reference implementation: qicharts2 0.8.1,
``runs.analysis`` and ``crsignal`` in ``R/helper.functions.R``, matched here.

* Useful points are those not missing and not on the centre line.
* A run is a sequence of consecutive useful points on the same side of the
  centre line; a crossing is a change of side between consecutive useful points.
* Signal if the longest run is longer than ``round(log2(n)) + 3`` (Schilling
  2012, as cited by qicharts2) or if there are fewer crossings than
  ``qbinom(0.05, n - 1, 0.5)`` (Chen 2010, as cited by qicharts2), n being the
  number of useful points. For n = 24: longest run over 8, or fewer than 8
  crossings.

R's ``round`` rounds halves to even, as :func:`numpy.round` does; log2 of a whole
number is never exactly a half, so the two can never differ here. R's
``qbinom(p, size, prob)`` is the smallest x with P(X <= x) >= p, the definition
of :meth:`scipy.stats.binom.ppf`.

With no useful points qicharts2 reports NA and no signal. Here the counts are
0 and the limits those of a single point (3 and 0), so there is no signal and
the columns stay whole numbers. With one useful point: longest run 1 (limit 3),
0 crossings (limit 0), no signal.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.stats import binom

from academy.i18n import t
from academy.spc.model import Limits, RuleOutcome
from academy.spc.rules.runs import (
    Pattern,
    RuleResult,
    build_outcome,
    plural,
    prepare,
    ranges_mask,
    side_word,
    whole_phase,
)

SOURCE = "Anhøj & Olesen 2014, PLoS ONE 9:e113825; qicharts2 0.8.1"


@lru_cache(maxsize=4096)
def thresholds(n_useful: int) -> tuple[int, int]:
    """Anhøj's limits for a phase with ``n_useful`` useful points.

    Returns:
        (longest_run_max, n_crossings_min): a longer run, or fewer crossings,
        signals. Both per qicharts2 0.8.1 ``runs.analysis``:
        ``round(log2(n)) + 3`` and ``qbinom(0.05, max(n - 1, 0), 0.5)``.
    """
    longest_run_max = int(np.round(np.log2(max(n_useful, 1)))) + 3
    n_crossings_min = int(binom.ppf(0.05, max(n_useful - 1, 0), 0.5))
    return longest_run_max, n_crossings_min


def evaluate(
    y: np.ndarray,
    limits: Limits,
    *,
    improvement: str | None = None,
    target: float | None = None,
) -> RuleOutcome:
    """Anhøj's runs analysis of one phase.

    Args:
        y: plotted values of the phase (NaN = missing, skipped).
        limits: lines of the phase; only the centre line is used.
        improvement, target: not used by this rule set.

    Returns:
        Columns ``runs_signal`` (bool), ``longest_run``, ``longest_run_max``,
        ``n_crossings``, ``n_crossings_min`` (whole numbers), each the same on
        every point of the phase; the same values and ``n_useful`` in the
        summary; a finding for each run longer than the limit and one for too
        few crossings (a rule about the whole phase, so its finding gives the
        first and the last useful point).
    """
    phase = prepare(y, limits, improvement)
    side = phase.side
    useful = None if np.all(side) else np.flatnonzero(side)
    runs = side if useful is None else side[useful]
    n_useful = runs.size
    changes = np.flatnonzero(runs[1:] != runs[:-1]) + 1
    bounds = np.concatenate([[0], changes, [n_useful]])
    lengths = np.diff(bounds)
    longest_run = int(lengths.max())
    n_crossings = int(changes.size)
    longest_run_max, n_crossings_min = thresholds(n_useful)
    too_long = longest_run > longest_run_max
    too_few = n_crossings < n_crossings_min

    long_runs = Pattern(np.zeros(phase.y.size, dtype=bool))
    if too_long:
        long = lengths > longest_run_max
        starts, ends = bounds[:-1][long], bounds[1:][long]
        long_runs = Pattern(ranges_mask(starts, ends, n_useful), starts, ends)
        long_runs = long_runs.expand(useful, phase.y.size)
    crossings = whole_phase(side, too_few)

    def describe_run(obs: np.ndarray) -> str:
        return t(
            "spc.detail.anhoej_longest_run",
            n=obs.size,
            side=side_word(phase, obs),
            useful=n_useful,
            limit=longest_run_max,
        )

    def describe_crossings(obs: np.ndarray) -> str:
        return t(
            "spc.detail.anhoej_crossings",
            times=plural(n_crossings, "time"),
            useful=n_useful,
            limit=n_crossings_min,
        )

    values = {
        "runs_signal": too_long or too_few,
        "longest_run": longest_run,
        "longest_run_max": longest_run_max,
        "n_crossings": n_crossings,
        "n_crossings_min": n_crossings_min,
    }
    return build_outcome(
        "anhoej",
        phase,
        [
            RuleResult(
                "anhoej_longest_run",
                t("spc.rule.anhoej_longest_run"),
                SOURCE,
                long_runs,
                describe_run,
                False,
            ),
            RuleResult(
                "anhoej_crossings",
                t("spc.rule.anhoej_crossings"),
                SOURCE,
                crossings,
                describe_crossings,
                False,
            ),
        ],
        columns={name: phase.constant(value) for name, value in values.items()},
        summary={**values, "n_useful": n_useful},
    )
