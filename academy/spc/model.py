"""Shared result types of the SPC engine.

Limit calculators (:mod:`academy.spc.limits`) return :class:`Limits`; rule sets
(:mod:`academy.spc.rules`) return :class:`RuleOutcome`. Both work on one phase
of a chart at a time, as plain NumPy arrays, so that each piece can be tested
on its own against a hand computation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Limits:
    """Centre line and control lines for every point of one phase.

    All arrays have one value per point of the phase (NaN where a line does not
    exist, for example the limits of a run chart). Lines are on the scale of the
    plotted value, before any ``multiply``.

    Attributes:
        cl: centre line; runs rules are judged against it (the median on a run
            chart and a g chart, the mean elsewhere).
        lcl, ucl: lower and upper 3-sigma control limits (clipped where the
            chart's scale requires, e.g. LCL >= 0 on a u chart).
        lcl2, ucl2: 2-sigma lines (same clipping).
        lcl1, ucl1: 1-sigma lines (used by zone rules such as Western Electric).
        sigma: the per-point standard deviation behind the limits, on the
            plotted scale where that is meaningful (NaN on a run chart; for the
            t chart, NaN, since its limits are back-transformed).
    """

    cl: np.ndarray
    lcl: np.ndarray
    ucl: np.ndarray
    lcl2: np.ndarray
    ucl2: np.ndarray
    lcl1: np.ndarray
    ucl1: np.ndarray
    sigma: np.ndarray


@dataclass(frozen=True)
class Finding:
    """One thing a rule found, ready to be explained in plain language.

    Attributes:
        rule: short identifier of the rule, e.g. ``"ihi_shift"``.
        label: human name of the rule, e.g. ``"Shift"``.
        indices: 0-based positions within the phase of the points involved.
        detail: plain-language description without point positions, e.g.
            ``"7 points in a row above the median; the IHI rule signals at 6 or more"``.
        source: short citation of the rule's source.
    """

    rule: str
    label: str
    indices: tuple[int, ...]
    detail: str
    source: str


@dataclass
class RuleOutcome:
    """What one rule set found in one phase.

    Attributes:
        rule_set: identifier of the rule set, e.g. ``"anhoej"``.
        columns: per-point columns to add to the chart's ``points`` table, each
            an array with one value per point of the phase.
        signal: True when any rule of the set signalled in this phase.
        findings: what was found, one :class:`Finding` per signal.
        summary: per-phase values for the chart's ``summary`` table.
    """

    rule_set: str
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    signal: bool = False
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, object] = field(default_factory=dict)
