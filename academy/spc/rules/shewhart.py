"""Shewhart chart rule sets: Western Electric, Nelson, and the Health Care Data Guide.

All three judge each point against the lines of the phase, point by point
(``lcl1``/``ucl1`` for 1 sigma, ``lcl2``/``ucl2`` for 2 sigma, ``lcl``/``ucl``
for the 3-sigma limits), so clipped or uneven limits work. "Beyond" a line is
strict; a point exactly on a line is not beyond it. Where a chart has no line
(NaN) the rules that need it do not fire. Missing values are skipped: they
neither count towards a pattern nor break one.

"k of w beyond a line on the same side" flags the points beyond the line in
every window of w consecutive points where at least k are beyond it on that
side; the other points of the window may lie anywhere (the zone tests of the
Western Electric handbook are applied to each half of the chart separately).
Points further out count: "beyond 2 sigma" includes points beyond 3 sigma.

Sources:

* ``we``: Western Electric Company. *Statistical Quality Control Handbook*.
  Indianapolis: Western Electric; 1956, "Tests for unnatural patterns" (zone
  tests): 1 point beyond 3 sigma; 2 of 3 consecutive points beyond 2 sigma
  (zone A or beyond) on one side; 4 of 5 beyond 1 sigma (zone B or beyond) on
  one side; 8 consecutive points on one side of the centre line (zone C or
  beyond). A point on the centre line breaks the run of 8.
* ``nelson``: Nelson LS. The Shewhart control chart — tests for special causes.
  *J Qual Technol* 1984;16(4):237-239, tests 1-8. Test 2 (9 in a row on one
  side): a point on the centre line breaks it. Test 3 (6 in a row steadily
  increasing or decreasing) and test 4 (14 in a row alternating up and down):
  an equal pair breaks them. Test 7 (15 in a row in zone C): strictly inside the
  1-sigma lines. Test 8 (8 in a row with none in zone C): beyond the 1-sigma
  lines on either side; points on both sides are not required (as Minitab
  applies it; a one-sided run of 8 would also signal tests 2 and 6).
* ``hcdg``: Provost LP, Murray SK. *The Health Care Data Guide: Learning from
  Data for Improvement*. San Francisco: Jossey-Bass; 2011, chapter 3 ("Rules
  for detecting special causes" on a Shewhart chart) and chapter 5: a point
  beyond a limit; 8 or more consecutive points on one side of the centre line;
  6 or more consecutive points increasing or decreasing; 2 of 3 consecutive
  points in the outer third (beyond 2 sigma) on the same side; 15 or more
  consecutive points in the inner third (within 1 sigma). The book's run chart
  conventions by the same authors (Perla, Provost & Murray 2011) are applied to
  the shift and trend: points on the centre line neither count nor break a
  shift, and like values neither make nor break a trend.
"""

from __future__ import annotations

import numpy as np

from academy.i18n import get_language, t, text
from academy.spc.model import Limits, RuleOutcome
from academy.spc.rules.runs import (
    Phase,
    RuleResult,
    alternating,
    build_outcome,
    consecutive,
    k_of_w,
    plural,
    prepare,
    shift,
    side_word,
    trend,
)

WE_SOURCE = "Western Electric 1956, Statistical Quality Control Handbook"
NELSON_SOURCE = "Nelson 1984, J Qual Technol 16:237-239"
#: In English; the findings carry "spc.source.hcdg" in the current language ("ch." translated).
HCDG_SOURCE = "Provost & Murray 2011, The Health Care Data Guide, ch. 3"


def evaluate_we(
    y: np.ndarray,
    limits: Limits,
    *,
    improvement: str | None = None,
    target: float | None = None,
) -> RuleOutcome:
    """The four Western Electric rules for one phase: columns ``we_1`` to ``we_4``.

    ``improvement`` and ``target`` are not used.
    """
    phase = prepare(y, limits, improvement)
    source = WE_SOURCE
    return build_outcome(
        "we",
        phase,
        [
            _beyond_limit(phase, "we_1", t("spc.rule.we_1"), source),
            _k_of_w(phase, "we_2", t("spc.rule.we_2"), source, 2, 3, 2),
            _k_of_w(phase, "we_3", t("spc.rule.we_3"), source, 4, 5, 1),
            _shift(phase, "we_4", t("spc.rule.we_4"), source, 8, skip_centre=False),
        ],
    )


def evaluate_nelson(
    y: np.ndarray,
    limits: Limits,
    *,
    improvement: str | None = None,
    target: float | None = None,
) -> RuleOutcome:
    """Nelson's eight tests for one phase: columns ``nelson_1`` to ``nelson_8``.

    ``improvement`` and ``target`` are not used.
    """
    phase = prepare(y, limits, improvement)
    source = NELSON_SOURCE
    outside = phase.above("ucl1") | phase.below("lcl1")

    def describe_outside(obs: np.ndarray) -> str:
        return t("spc.detail.nelson_8", n=obs.size)

    return build_outcome(
        "nelson",
        phase,
        [
            _beyond_limit(phase, "nelson_1", t("spc.rule.nelson_1"), source),
            _shift(phase, "nelson_2", t("spc.rule.nelson_2"), source, 9, False),
            _trend(phase, "nelson_3", t("spc.rule.nelson_3"), source, 6, False),
            RuleResult(
                "nelson_4",
                t("spc.rule.nelson_4"),
                source,
                alternating(phase.y, 14),
                lambda obs: t("spc.detail.nelson_4", n=obs.size),
            ),
            _k_of_w(phase, "nelson_5", t("spc.rule.nelson_5"), source, 2, 3, 2),
            _k_of_w(phase, "nelson_6", t("spc.rule.nelson_6"), source, 4, 5, 1),
            _inner_zone(
                phase,
                "nelson_7",
                t("spc.rule.nelson_7"),
                source,
                text("spc.detail.nelson_7", get_language()),
            ),
            RuleResult(
                "nelson_8",
                t("spc.rule.nelson_8"),
                source,
                consecutive(outside, 8),
                describe_outside,
            ),
        ],
    )


def evaluate_hcdg(
    y: np.ndarray,
    limits: Limits,
    *,
    improvement: str | None = None,
    target: float | None = None,
) -> RuleOutcome:
    """The Health Care Data Guide's five Shewhart rules: ``hcdg_1`` to ``hcdg_5``.

    ``improvement`` and ``target`` are not used.
    """
    phase = prepare(y, limits, improvement)
    source = t("spc.source.hcdg")

    return build_outcome(
        "hcdg",
        phase,
        [
            _beyond_limit(phase, "hcdg_1", t("spc.rule.hcdg_1"), source),
            _shift(phase, "hcdg_2", t("spc.rule.hcdg_2"), source, 8, True),
            _trend(phase, "hcdg_3", t("spc.rule.hcdg_3"), source, 6, True),
            _k_of_w(phase, "hcdg_4", t("spc.rule.hcdg_4"), source, 2, 3, 2),
            _inner_zone(
                phase,
                "hcdg_5",
                t("spc.rule.hcdg_5"),
                source,
                text("spc.detail.hcdg_5", get_language()),
            ),
        ],
    )


def _lines(sigmas: int) -> tuple[str, str]:
    """Names of the lower and upper line at 1, 2 or 3 sigma."""
    return {1: ("lcl1", "ucl1"), 2: ("lcl2", "ucl2"), 3: ("lcl", "ucl")}[sigmas]


#: Keys of a trend's detail (rising, falling), by whether repeated values are skipped.
_TREND_KEYS = {
    False: ("spc.detail.trend_rising", "spc.detail.trend_falling"),
    True: ("spc.detail.trend_rising_skipping_ties", "spc.detail.trend_falling_skipping_ties"),
}


def _inner_zone(phase: Phase, rule: str, label: str, source: str, detail: str) -> RuleResult:
    """15 or more points in a row within 1 sigma of the centre line (``detail`` has ``{n}``)."""
    inside = phase.below("ucl1") & phase.above("lcl1")
    pattern = consecutive(inside, 15)
    return RuleResult(rule, label, source, pattern, lambda obs: detail.format(n=obs.size))


def _beyond_limit(phase: Phase, rule: str, label: str, source: str) -> RuleResult:
    """One point strictly beyond a 3-sigma limit (consecutive ones form one finding)."""
    pattern = consecutive(phase.above("ucl"), 1).union(consecutive(phase.below("lcl"), 1))

    def describe(obs: np.ndarray) -> str:
        upper = phase.y[obs[0]] > phase.line("cl")[obs[0]]
        key = "spc.detail.beyond_upper" if upper else "spc.detail.beyond_lower"
        return t(key, points=plural(obs.size, "point"))

    return RuleResult(rule, label, source, pattern, describe)


def _k_of_w(
    phase: Phase, rule: str, label: str, source: str, k: int, w: int, sigmas: int
) -> RuleResult:
    """At least k of w consecutive points beyond the ``sigmas`` line on one side."""
    lower, upper = _lines(sigmas)
    pattern = k_of_w(phase.above(upper), k, w).union(k_of_w(phase.below(lower), k, w))

    def describe(obs: np.ndarray) -> str:
        span = obs[-1] - obs[0] + 1
        return t(
            "spc.detail.k_of_w",
            n=obs.size,
            span=span,
            sigmas=sigmas,
            side=side_word(phase, obs),
            k=k,
            w=w,
        )

    return RuleResult(rule, label, source, pattern, describe)


def _shift(
    phase: Phase, rule: str, label: str, source: str, k: int, skip_centre: bool
) -> RuleResult:
    """At least k consecutive points on one side of the centre line."""
    up, down = shift(phase.above("cl"), phase.below("cl"), k, skip_centre=skip_centre)
    key = "spc.detail.shift_skipping_centre" if skip_centre else "spc.detail.shift"

    def describe(obs: np.ndarray) -> str:
        return t(key, n=obs.size, side=side_word(phase, obs), k=k)

    return RuleResult(rule, label, source, up.union(down), describe)


def _trend(phase: Phase, rule: str, label: str, source: str, k: int, skip_ties: bool) -> RuleResult:
    """At least k consecutive points each higher (or each lower) than the one before."""
    up, down = trend(phase.y, k, skip_ties=skip_ties)
    pattern = up.union(down)
    rising, falling = _TREND_KEYS[skip_ties]

    def describe(obs: np.ndarray) -> str:
        values = phase.y[obs]
        steps = int(np.count_nonzero(np.diff(values))) + 1
        return t(rising if values[-1] > values[0] else falling, n=steps, k=k)

    return RuleResult(rule, label, source, pattern, describe)
