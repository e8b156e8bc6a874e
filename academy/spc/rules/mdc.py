"""NHS England's Making Data Count rules, point types and icons.

Sources: NHS England and NHS Improvement, *Making Data Count: strengthening your
decisions* (2019) and *Making Data Count: getting started* / SPC guidance
(2023); the NHS-R Community's NHSRplotthedots (R), whose ``ptd_spc_standard``,
``ptd_calculate_point_type``, ``ptd_calculate_assurance_type`` and
``ptd_add_short_group_warnings`` are followed unless stated.

Per point, in priority order (the first that applies decides the point type):

1. ``mdc_outside``: beyond the process limits (strictly above the upper or below
   the lower 3-sigma limit).
2. ``mdc_trend``: part of a run of 7 points each strictly higher (or lower) than
   the one before, i.e. 6 consecutive rises or falls; an equal pair breaks it.
3. ``mdc_two_of_three``: 2 or 3 of 3 consecutive points beyond the 2-sigma line
   on the same side, with all three on that side of the mean. Only the points
   beyond the line are flagged. Points beyond the 3-sigma limit count towards
   the two, as the 2023 guidance reads; NHSRplotthedots 0.2.2 does not count them
   (its ``close_to_limits`` excludes points outside the limits), so a point
   beyond the limit plus one in the 2-sigma band signals here but not there.
4. ``mdc_shift``: part of a run of 7 or more consecutive points on one side of
   the mean; a point on the mean breaks it.

Missing values are skipped by every rule (NHSRplotthedots does not define them).

``mdc_point_type`` is ``common_cause`` or, for a special-cause point,
``special_cause_improvement`` / ``special_cause_concern`` (with an improvement
direction) or ``special_cause_neutral_high`` / ``_low`` (without). Whether a
point is "high" follows NHSRplotthedots: the side of the mean for the outside,
2-of-3 and shift rules; the direction of the trend for a trend point (a point
at the join of a rising and a falling trend takes the trend to its right).
"High" is an improvement when higher is better and a concern when lower is
better. A missing point has the type ``""``.

Summary: ``mdc_variation_icon`` from the latest observed point
(``common_cause``, ``improvement_high``, ``improvement_low``, ``concern_high``,
``concern_low``, ``neutral_high``, ``neutral_low``); ``mdc_assurance_icon`` from
the target against the latest point's limits: with higher-is-better a target
above the upper limit will consistently fail (``consistent_fail``), one below
the lower limit will consistently pass (``consistent_pass``), otherwise
``hit_and_miss`` (reversed for lower-is-better; None without a target, an
improvement direction or limits); ``mdc_trial_limits`` True when the phase has
fewer than 12 observed points (NHSRplotthedots' short-group warning counts all
rows, missing ones included).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from academy.errors import InputError
from academy.i18n import t
from academy.spc.model import Limits, RuleOutcome
from academy.spc.rules.runs import (
    RuleResult,
    build_outcome,
    consecutive,
    k_of_w,
    plural,
    prepare,
    shift,
    side_word,
    trend,
)

SOURCE = "NHS England, Making Data Count 2019/2023; NHSRplotthedots"

#: Points in a trend and in a shift (Making Data Count 2019).
TREND_LENGTH = 7
SHIFT_LENGTH = 7
#: Fewer observed points than this make the limits trial limits
#: (NHSRplotthedots ``ptd_add_short_group_warnings``, warning_threshold = 12).
TRIAL_POINTS = 12

#: The point types, in the order of their codes; the last, "", marks a missing point.
POINT_TYPES = pd.CategoricalDtype(
    [
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
        "",
    ]
)
_MISSING = len(POINT_TYPES.categories) - 1


def evaluate(
    y: np.ndarray,
    limits: Limits,
    *,
    improvement: str | None = None,
    target: float | None = None,
) -> RuleOutcome:
    """The Making Data Count rules for one phase of an XmR chart.

    Args:
        y: plotted values of the phase (NaN = missing, skipped).
        limits: lines of the phase (mean, 2-sigma lines, process limits).
        improvement: "higher", "lower" or None (no preferred direction).
        target: the target, for the assurance icon.

    Returns:
        Columns ``mdc_outside``, ``mdc_trend``, ``mdc_two_of_three``,
        ``mdc_shift`` (bool) and ``mdc_point_type`` (text, a
        :class:`pandas.Categorical` of :data:`POINT_TYPES`); summary
        ``mdc_variation_icon``, ``mdc_assurance_icon``, ``mdc_trial_limits``.

    Raises:
        InputError: improvement or target is not valid.
    """
    _check_target(target)
    phase = prepare(y, limits, improvement)
    above, below = phase.above("cl"), phase.below("cl")

    outside_up = consecutive(phase.above("ucl"), 1)
    outside_down = consecutive(phase.below("lcl"), 1)
    trend_up, trend_down = trend(phase.y, TREND_LENGTH, skip_ties=False)
    two_up = k_of_w(phase.above("ucl2"), 2, 3, within=above)
    two_down = k_of_w(phase.below("lcl2"), 2, 3, within=below)
    shift_up, shift_down = shift(above, below, SHIFT_LENGTH, skip_centre=False)

    outside = outside_up.union(outside_down)
    trending = trend_up.union(trend_down)
    two = two_up.union(two_down)
    shifted = shift_up.union(shift_down)

    special = np.flatnonzero(outside.mask | trending.mask | two.mask | shifted.mask)
    # Whether each special-cause point is "high": the first rule that applies decides;
    # a trend point goes with its trend, and the join of a rising and a falling trend
    # takes the trend to its right.
    rising = trend_up.mask[special]
    at_join = rising & trend_down.mask[special]
    join = special[at_join]
    rising[at_join] = phase.y[join + 1] > phase.y[join]
    high = np.where(
        outside.mask[special],
        above[special],
        np.where(
            trending.mask[special],
            rising,
            np.where(two.mask[special], two_up.mask[special], shift_up.mask[special]),
        ),
    )
    code = _point_codes(high, improvement)
    variation_icon = _variation_icon(phase.y.size, special, code, high, improvement)
    # one byte per point rather than a million Python strings
    codes = np.zeros(phase.n, dtype=np.int8)
    if phase.idx is not None:
        codes.fill(_MISSING)
        codes[phase.idx] = 0
    codes[phase.positions(special)] = code
    point_type = pd.Categorical.from_codes(codes, dtype=POINT_TYPES)

    def describe_outside(obs: np.ndarray) -> str:
        key = "spc.detail.mdc_outside_upper" if above[obs[0]] else "spc.detail.mdc_outside_lower"
        return t(key, points=plural(obs.size, "point"))

    def describe_trend(obs: np.ndarray) -> str:
        rising = phase.y[obs[-1]] > phase.y[obs[0]]
        key = "spc.detail.mdc_trend_rising" if rising else "spc.detail.mdc_trend_falling"
        return t(key, n=obs.size, k=TREND_LENGTH)

    def describe_two(obs: np.ndarray) -> str:
        return t(
            "spc.detail.mdc_two_of_three",
            points=plural(obs.size, "point"),
            side=side_word(phase, obs, "mean"),
        )

    def describe_shift(obs: np.ndarray) -> str:
        return t(
            "spc.detail.mdc_shift", n=obs.size, side=side_word(phase, obs, "mean"), k=SHIFT_LENGTH
        )

    results = [
        RuleResult("mdc_outside", t("spc.rule.mdc_outside"), SOURCE, outside, describe_outside),
        RuleResult("mdc_trend", t("spc.rule.mdc_trend"), SOURCE, trending, describe_trend),
        RuleResult("mdc_two_of_three", t("spc.rule.mdc_two_of_three"), SOURCE, two, describe_two),
        RuleResult("mdc_shift", t("spc.rule.mdc_shift"), SOURCE, shifted, describe_shift),
    ]
    ucl_last, lcl_last = _last(limits.ucl, phase.n), _last(limits.lcl, phase.n)
    return build_outcome(
        "mdc",
        phase,
        results,
        columns={"mdc_point_type": point_type},
        summary={
            "mdc_variation_icon": variation_icon,
            "mdc_assurance_icon": assurance_icon(
                None if target is None else float(target), improvement, lcl_last, ucl_last
            ),
            "mdc_trial_limits": phase.y.size < TRIAL_POINTS,
        },
    )


def _check_target(target: float | None) -> None:
    """Raise InputError unless target is None or a finite number."""
    if target is None:
        return
    try:
        ok = math.isfinite(float(target))
    except (TypeError, ValueError):
        ok = False
    if not ok or isinstance(target, bool):
        raise InputError(t("spc.error.mdc_target", target=target))


def _point_codes(high: np.ndarray, improvement: str | None) -> np.ndarray:
    """Index into the point types of each special-cause point."""
    high = high.view(np.int8)
    if improvement is None:
        return 4 - high
    if improvement == "higher":
        return 2 - high
    return 1 + high


def _variation_icon(
    n: int, special: np.ndarray, code: np.ndarray, high: np.ndarray, improvement: str | None
) -> str | None:
    """Variation icon of the latest of the n observed points (None if there is none)."""
    if n == 0:
        return None
    if special.size == 0 or special[-1] != n - 1:
        return "common_cause"
    level = "high" if high[-1] else "low"
    if improvement is None:
        return f"neutral_{level}"
    return f"{'improvement' if code[-1] == 1 else 'concern'}_{level}"


def assurance_icon(
    target: float | None, improvement: str | None, lcl: float, ucl: float
) -> str | None:
    """Whether the process will meet its target, from the latest limits.

    Making Data Count (2019); NHSRplotthedots ``ptd_calculate_assurance_type``
    (which calls hit-and-miss "inconsistent"). Comparisons are strict.

    Returns:
        "consistent_pass", "consistent_fail", "hit_and_miss", or None without a
        target, an improvement direction or both limits.
    """
    if target is None or improvement is None or math.isnan(lcl) or math.isnan(ucl):
        return None
    higher = improvement == "higher"
    if target > ucl:
        return "consistent_fail" if higher else "consistent_pass"
    if target < lcl:
        return "consistent_pass" if higher else "consistent_fail"
    return "hit_and_miss"


def _last(line: np.ndarray, n: int) -> float:
    """Value of a line at the last point of the phase (NaN for an empty phase)."""
    line = np.asarray(line, dtype=float)
    return float(line.reshape(-1)[-1]) if n else math.nan
