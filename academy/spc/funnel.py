"""Funnel plots for comparing units (hospitals, wards, surgeons) at one point in time.

A funnel plot shows each unit's proportion or rate against its size, with control
limits around a target that narrow as the size grows, so that small units are not
judged on noise and no league table is implied.

Sources:
    Spiegelhalter DJ (2005). Funnel plots for comparing institutional performance.
    Statistics in Medicine 24:1185-1202 (Appendix A.1: exact limits with interpolation;
    section 6: over-dispersion). Spiegelhalter DJ (2005). Handling over-dispersion of
    performance indicators. Qual Saf Health Care 14:347-351 (winsorised z-scores,
    multiplicative φ and additive random-effects τ²). The over-dispersion estimators were
    checked against FunnelPlotR (nhs-r-community/FunnelPlotR, R/od_adjustment.R) and the
    interpolation against Wicklin R (2011), "Funnel plots for proportions", The DO Loop
    (SAS code implementing Spiegelhalter's Appendix A.1.1).

Small numbers (``funnel(..., suppress=True)``): a unit whose numerator y is 1 to 4
(below ``suppress_below``) is still drawn, because a funnel plot compares every unit
and leaving some out would change the picture; but it is never labelled with its name
on the chart, so the chart alone does not tie a small count to a unit. In the points
table its ``y`` shows "<5" and its ``value`` and ``z`` show "*": any two of y, n and
value give the third back (the derived-value rule of :mod:`academy.privacy.suppression`,
which cites the NHS Digital and ONS guidance). :meth:`FunnelResult.summary_text`
names it with its flag but without its value. What is left: someone who matches a
unit's n in the table with an unlabelled point's position can read its value off the
chart roughly; where that matters, publish the table or the chart, not both, or raise
``suppress_below``. Denominators are not hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from numpy.typing import ArrayLike
from scipy import stats

from academy.errors import InputError
from academy.i18n import t
from academy.privacy.identifiers import check_not_identifiable
from academy.privacy.suppression import DEFAULT_THRESHOLD, count_mark, suppress_small_counts

__all__ = ["FunnelResult", "funnel", "funnel_limits", "plot_funnel"]

KINDS = ("proportion", "rate")
OVERDISPERSION_METHODS = ("multiplicative", "additive")
ColumnOrValues = str | ArrayLike
"""A column name of ``data``, or the values themselves when ``data`` is None."""
WINSORISE = 0.1
"""Share of z-scores pulled in at each tail before estimating φ (Spiegelhalter 2005 QSHC)."""


def _level_tag(level: float) -> str:
    """Column suffix for a level: 0.95 -> "95", 0.998 -> "998"."""
    return f"{level * 100:g}".replace(".", "")


#: Keys in academy/i18n/strings/spc.csv of the words summary_text() uses for kinds and sides.
_KIND_KEYS = {"proportion": "spc.funnel.proportion", "rate": "spc.funnel.rate"}
_SIDE_KEYS = {"high": "spc.funnel.high", "low": "spc.funnel.low"}


def _level_name(level: float) -> str:
    """Human name for a level: 0.95 -> "95%", 0.998 -> "99.8%"."""
    return f"{level * 100:g}%"


@dataclass(frozen=True)
class FunnelResult:
    """A funnel plot, ready to draw or explain.

    Attributes:
        points: one row per unit with columns ``unit, y, n, value``, then
            ``lower_<tag>, upper_<tag>`` for each level (tag "95" for 0.95, "998" for
            0.998), ``outside_<tag>`` ("high", "low" or ""), and ``z``. ``value`` and
            the limits are on the plotted scale (multiplied by ``multiply``); ``z`` is
            the unadjusted z-score (value − target) / s, s = √(θ(1−θ)/n) for
            proportions or √(θ/n) for rates (Spiegelhalter 2005 QSHC).
        target: the target θ on the raw scale (not multiplied).
        phi: dispersion ratio φ estimated from the 10%-winsorised z-scores, always
            reported; the limits use it only when ``overdispersion`` is
            "multiplicative" and φ > 1.
        tau2: between-unit variance τ² (DerSimonian-Laird, raw scale), always
            reported; the limits use it only when ``overdispersion`` is "additive".
        kind: "proportion" or "rate".
        multiply: scale factor of the plotted values (100 for percent).
        levels: the limit levels, e.g. (0.95, 0.998).
        overdispersion: None, "multiplicative" or "additive".
        suppressed: True for each unit whose count is hidden (all False without
            ``suppress``); see the module notes.
        plotted: each unit's value on the plotted scale, hidden or not, for
            drawing; not for publishing.
        suppress_below: the suppression threshold (hidden counts are 1 to this − 1).
    """

    points: pd.DataFrame
    target: float
    phi: float
    tau2: float
    kind: str
    multiply: float
    levels: tuple[float, ...]
    overdispersion: str | None
    suppressed: np.ndarray = field(default_factory=lambda: np.zeros(0, bool), compare=False)
    plotted: np.ndarray | None = field(default=None, repr=False, compare=False)
    suppress_below: int = DEFAULT_THRESHOLD

    def _hidden(self) -> np.ndarray:
        """True for each unit whose count is hidden."""
        if self.suppressed.size == len(self.points):
            return self.suppressed
        return np.zeros(len(self.points), dtype=bool)

    def _values(self) -> np.ndarray:
        """Every unit's value on the plotted scale (numbers, even where hidden in the table)."""
        if self.plotted is not None:
            return self.plotted
        return self.points["value"].to_numpy(dtype=float)

    @property
    def phi_applied(self) -> float:
        """The φ the limits were widened by (1.0 when no multiplicative adjustment)."""
        return _applied(self.overdispersion, self.phi, self.tau2)[0]

    @property
    def tau2_applied(self) -> float:
        """The τ² the limits were widened by (0.0 when no additive adjustment)."""
        return _applied(self.overdispersion, self.phi, self.tau2)[1]

    def summary_text(self) -> str:
        """Plain-language lines naming the units outside each pair of limits."""
        pts = self.points
        lines = [
            t(
                "spc.funnel.compared" if self.multiply == 1 else "spc.funnel.compared_scaled",
                n=len(pts),
                target=self.target * self.multiply,
                kind=t(_KIND_KEYS[self.kind]) if self.kind in _KIND_KEYS else self.kind,
                multiply=self.multiply,
            )
        ]
        named: set[int] = set()
        hidden = self._hidden()
        outer: str | None = None
        for level in sorted(self.levels, reverse=True):
            tag, name = _level_tag(level), _level_name(level)
            flags = pts[f"outside_{tag}"]
            new = [i for i in np.flatnonzero(flags.to_numpy() != "") if i not in named]
            if new:
                units = ", ".join(
                    t(
                        "spc.funnel.unit_hidden" if hidden[i] else "spc.funnel.unit",
                        unit=pts["unit"].iat[i],
                        side=t(_SIDE_KEYS[flags.iat[i]]),
                        count=count_mark(self.suppress_below),
                        value=pts["value"].iat[i],
                    )
                    for i in new
                )
                if outer is None:
                    lines.append(t("spc.funnel.outside", level=name, units=units))
                else:
                    lines.append(
                        t("spc.funnel.outside_between", level=name, outer=outer, units=units)
                    )
            elif outer is None:
                lines.append(t("spc.funnel.none_outside", level=name))
            else:
                lines.append(t("spc.funnel.no_further", level=name))
            named.update(new)
            outer = name
        chance = f" {t('spc.funnel.and')} ".join(
            t("spc.funnel.chance_part", percent=(1 - level) * 100, level=_level_name(level))
            for level in sorted(self.levels)
        )
        lines.append(t("spc.funnel.chance", chance=chance))
        if self.overdispersion == "multiplicative":
            how = (
                t("spc.funnel.widened", root=np.sqrt(self.phi_applied))
                if self.phi > 1
                else t("spc.funnel.not_widened")
            )
            lines.append(t("spc.funnel.multiplicative", phi=self.phi, how=how))
        elif self.overdispersion == "additive":
            lines.append(t("spc.funnel.additive", tau2=self.tau2, phi=self.phi))
        else:
            lines.append(t("spc.funnel.no_adjustment", phi=self.phi))
        return "\n".join(lines)


def _applied(overdispersion: str | None, phi: float, tau2: float) -> tuple[float, float]:
    """The (φ, τ²) that widen the limits under the chosen adjustment (none: (1, 0))."""
    if overdispersion == "multiplicative":
        return max(phi, 1.0), 0.0
    if overdispersion == "additive":
        return 1.0, tau2
    return 1.0, 0.0


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InputError(t("spc.error.funnel_kind", kind=kind))


def _check_level(level: float) -> None:
    if not (isinstance(level, Real) and 0 < level < 1):
        raise InputError(t("spc.error.funnel_level", level=level))


def _check_target(target: float, kind: str) -> None:
    upper = 1 if kind == "proportion" else np.inf
    if not (isinstance(target, Real) and 0 < target < upper):
        if kind == "proportion":
            raise InputError(t("spc.error.funnel_target_proportion", target=target))
        raise InputError(t("spc.error.funnel_target_rate", target=target))


def _null_variance(target: float, n: np.ndarray, kind: str) -> np.ndarray:
    """Variance of y/n under the target: θ(1−θ)/n (binomial) or θ/n (Poisson)."""
    return (target * (1 - target) if kind == "proportion" else target) / n


def _exact_limit(p: float, target: float, n: np.ndarray, kind: str) -> np.ndarray:
    """Spiegelhalter's interpolated p-quantile of y/n (Stat Med 2005, Appendix A.1.1).

    r_p is the p-quantile of Binomial(n, θ) (or Poisson(θn) for rates), the smallest
    r with P(y ≤ r) ≥ p; α = (P(y ≤ r_p) − p) / (P(y ≤ r_p) − P(y ≤ r_p − 1)); the limit
    is (r_p − α)/n. This is linear interpolation of the cumulative distribution between
    r_p − 1 and r_p. The denominator is computed as the probability mass at r_p, which
    equals the difference of the two cumulative probabilities without its rounding loss.
    Limits are computed once per distinct n.
    """
    sizes, back = np.unique(n, return_inverse=True)
    dist = stats.binom(sizes, target) if kind == "proportion" else stats.poisson(target * sizes)
    r = dist.ppf(p)
    alpha = (dist.cdf(r) - p) / dist.pmf(r)
    return ((r - alpha) / sizes)[back]


def funnel_limits(
    target: float,
    n: np.ndarray,
    *,
    kind: str,
    level: float,
    phi: float = 1.0,
    tau2: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper funnel limits at each size ``n``, on the raw (unmultiplied) scale.

    Without over-dispersion (φ ≤ 1 and τ² = 0) the limits are exact: Spiegelhalter's
    interpolated binomial (proportions) or Poisson (rates) quantiles at (1 − level)/2 and
    (1 + level)/2 (Stat Med 2005, Appendix A.1.1). With over-dispersion they are
    θ ± z·√(φ·s² + τ²), z the standard normal quantile at (1 + level)/2 and s² the null
    variance θ(1−θ)/n or θ/n (Stat Med 2005 section 6; QSHC 2005: multiplicative
    θ ± z√φ·s, additive θ ± z√(s² + τ²)). φ below 1 is not used to narrow the limits.
    Lower limits are clipped at 0 and proportion limits at 1.

    Args:
        target: θ, between 0 and 1 for proportions, above 0 for rates.
        n: sizes (denominators); whole numbers for proportions.
        kind: "proportion" or "rate".
        level: two-sided coverage, e.g. 0.95 or 0.998.
        phi: multiplicative over-dispersion factor φ.
        tau2: additive between-unit variance τ² on the raw scale.

    Returns:
        (lower, upper) arrays with one value per element of ``n``.
    """
    _check_kind(kind)
    _check_level(level)
    _check_target(target, kind)
    n = np.asarray(n, dtype=float)
    if np.any(~np.isfinite(n)) or np.any(n <= 0):
        raise InputError(t("spc.error.funnel_n_positive"))
    if kind == "proportion" and np.any(n != np.round(n)):
        raise InputError(t("spc.error.funnel_n_whole"))
    if not (phi > 0 and tau2 >= 0):
        raise InputError(t("spc.error.funnel_phi_tau2", phi=phi, tau2=tau2))
    tail = (1 - level) / 2
    if phi > 1 or tau2 > 0:
        half = stats.norm.ppf(1 - tail) * np.sqrt(
            max(phi, 1.0) * _null_variance(target, n, kind) + tau2
        )
        lower, upper = target - half, target + half
    else:
        lower = _exact_limit(tail, target, n, kind)
        upper = _exact_limit(1 - tail, target, n, kind)
    top = 1.0 if kind == "proportion" else np.inf
    return np.clip(lower, 0.0, top), np.clip(upper, 0.0, top)


def _estimate_dispersion(z: np.ndarray, variance: np.ndarray) -> tuple[float, float]:
    """φ and τ² from z-scores (Spiegelhalter 2005 QSHC; DerSimonian & Laird 1986).

    z-scores below the 10th or above the 90th percentile are set to those percentiles
    (percentiles by linear interpolation, R's default type 7, as FunnelPlotR uses);
    φ = Σz²/I. As published, φ is not rescaled for the winsorising, so with no real
    over-dispersion it comes out near 0.68 rather than 1 for many units; it errs towards
    not widening the limits. τ² = (Iφ − (I − 1)) / (Σw − Σw²/Σw) with w = 1/s², and 0
    when Iφ ≤ I − 1 or there is only one unit.
    """
    low, high = np.quantile(z, [WINSORISE, 1 - WINSORISE])
    z_w = np.clip(z, low, high)
    units = z.size
    phi = float(np.mean(z_w**2))
    w = 1 / variance
    spread = w.sum() - (w**2).sum() / w.sum()
    if units < 2 or units * phi <= units - 1 or spread <= 0:
        return phi, 0.0
    return phi, float((units * phi - (units - 1)) / spread)


def _column(data: pd.DataFrame | None, spec: ColumnOrValues, role: str) -> np.ndarray:
    """The values for ``role`` from a column name (with data) or an array (without)."""
    if data is None:
        values = np.asarray(spec)
        if values.ndim != 1:
            raise InputError(t("spc.error.funnel_one_dimensional", role=role))
        return values
    if not isinstance(spec, str) or spec not in data.columns:
        cols = ", ".join(map(str, data.columns))
        raise InputError(t("spc.error.funnel_no_column", role=role, spec=spec, columns=cols))
    return data[spec].to_numpy()


def _numbers(values: np.ndarray, role: str) -> np.ndarray:
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    if np.any(~np.isfinite(numbers)):
        bad = int(np.sum(~np.isfinite(numbers)))
        raise InputError(t("spc.error.funnel_not_numbers", role=role, bad=bad))
    return numbers


def funnel(
    data: pd.DataFrame | None = None,
    *,
    unit: ColumnOrValues,
    y: ColumnOrValues,
    n: ColumnOrValues,
    kind: str = "proportion",
    multiply: float = 1,
    levels: Sequence[float] = (0.95, 0.998),
    overdispersion: str | None = None,
    target: float | None = None,
    suppress: bool = False,
    suppress_below: int = DEFAULT_THRESHOLD,
    allow_identifiable: bool = False,
) -> FunnelResult:
    """Compare units on a funnel plot (Spiegelhalter 2005, Stat Med 24:1185-1202).

    Args:
        data: optional table; when given, ``unit``, ``y`` and ``n`` are column names.
        unit: unit names (one row per unit, each name once).
        y: numerators: patients with the outcome (proportion) or events (rate).
        n: denominators: patients (proportion) or exposure such as bed-days or the
            expected count of an indirectly standardised ratio (rate).
        kind: "proportion" (binomial limits) or "rate" (Poisson limits).
        multiply: scale for the plotted values, e.g. 100 for percent, 1000 for per 1000.
        levels: two-sided limit levels; 95% and 99.8% by convention (Spiegelhalter 2005).
        overdispersion: None, "multiplicative" (limits widened by √φ when φ > 1) or
            "additive" (random-effects τ²), both from 10%-winsorised z-scores
            (Spiegelhalter 2005 QSHC).
        target: θ on the raw scale; defaults to the overall value Σy/Σn.
        suppress: hide numerators from 1 to ``suppress_below`` − 1 in the points table,
            the summary and the chart's labels (see the module notes); y must then be
            whole numbers.
        suppress_below: the suppression threshold, 5 by default (a local risk
            assessment may ask for more; see :mod:`academy.privacy.suppression`).
        allow_identifiable: compare units even when a column of ``data`` looks like
            patient identifiers (see :func:`academy.privacy.check_not_identifiable`
            and PRIVACY.md).

    Returns:
        A :class:`FunnelResult`. A unit is "high" when its value is strictly above the
        upper limit and "low" when strictly below the lower limit.
    """
    _check_kind(kind)
    if overdispersion is not None and overdispersion not in OVERDISPERSION_METHODS:
        raise InputError(t("spc.error.funnel_overdispersion", overdispersion=overdispersion))
    if not (isinstance(multiply, Real) and np.isfinite(multiply) and multiply > 0):
        raise InputError(t("spc.error.funnel_multiply", multiply=multiply))
    levels = tuple(levels)
    if not levels:
        raise InputError(t("spc.error.funnel_no_levels"))
    for level in levels:
        _check_level(level)
    if len({_level_tag(level) for level in levels}) != len(levels):
        raise InputError(t("spc.error.funnel_levels_differ", levels=levels))
    if data is not None and not isinstance(data, pd.DataFrame):
        raise InputError(t("spc.error.funnel_data_not_frame"))
    if data is not None and not allow_identifiable:
        check_not_identifiable(data)

    units = _column(data, unit, "unit")
    ys = _numbers(_column(data, y, "y"), "y")
    ns = _numbers(_column(data, n, "n"), "n")
    if not len(units) == len(ys) == len(ns):
        raise InputError(t("spc.error.funnel_lengths", units=len(units), ys=len(ys), ns=len(ns)))
    if len(units) == 0:
        raise InputError(t("spc.error.funnel_no_units"))
    dup = pd.Series(units).duplicated()
    if dup.any():
        raise InputError(t("spc.error.funnel_duplicate_unit", unit=units[dup.to_numpy()][0]))
    if np.any(ns <= 0):
        raise InputError(t("spc.error.funnel_unit_n_positive", unit=units[ns <= 0][0]))
    if np.any(ys < 0):
        raise InputError(t("spc.error.funnel_negative_y", unit=units[ys < 0][0]))
    if kind == "proportion":
        if np.any(ys > ns):
            raise InputError(t("spc.error.funnel_y_above_n", unit=units[ys > ns][0]))
        if np.any(ns != np.round(ns)):
            raise InputError(t("spc.error.funnel_n_whole"))
    if overdispersion is not None and len(units) < 2:
        raise InputError(t("spc.error.funnel_overdispersion_units"))

    if target is None:
        target = float(ys.sum() / ns.sum())
        if target == 0:
            raise InputError(t("spc.error.funnel_no_outcomes"))
        if kind == "proportion" and target == 1:
            raise InputError(t("spc.error.funnel_all_outcomes"))
    _check_target(target, kind)

    value = ys / ns
    variance = _null_variance(target, ns, kind)
    z = (value - target) / np.sqrt(variance)
    phi, tau2 = _estimate_dispersion(z, variance)

    result_columns: dict[str, object] = {
        "unit": units,
        "y": ys,
        "n": ns,
        "value": value * multiply,
    }
    flags: dict[str, np.ndarray] = {}
    phi_used, tau2_used = _applied(overdispersion, phi, tau2)
    for level in levels:
        tag = _level_tag(level)
        lower, upper = funnel_limits(
            target, ns, kind=kind, level=level, phi=phi_used, tau2=tau2_used
        )
        result_columns[f"lower_{tag}"] = lower * multiply
        result_columns[f"upper_{tag}"] = upper * multiply
        flags[f"outside_{tag}"] = np.where(
            value > upper, "high", np.where(value < lower, "low", "")
        )
    points = pd.DataFrame({**result_columns, **flags, "z": z})
    plotted = points["value"].to_numpy()
    suppressed = np.zeros(len(points), dtype=bool)
    if suppress:
        points = suppress_small_counts(
            points, "y", threshold=suppress_below, derived={"value": "y", "z": "y"}
        )
        suppressed = (points["y"] == count_mark(suppress_below)).to_numpy()
    return FunnelResult(
        points,
        target,
        phi,
        tau2,
        kind,
        multiply,
        levels,
        overdispersion,
        suppressed,
        plotted,
        suppress_below,
    )


def _axis_label(kind: str, multiply: float) -> str:
    base = t("spc.funnel.axis_proportion") if kind == "proportion" else t("spc.funnel.axis_rate")
    if multiply == 1:
        return base
    if multiply == 100 and kind == "proportion":
        return t("spc.funnel.axis_percent")
    return t("spc.funnel.axis_per", base=base, multiply=f"{multiply:g}")


def plot_funnel(result: FunnelResult, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Draw a funnel plot with matplotlib and return the Axes.

    Units are markers (outliers beyond the widest limits as triangles pointing up or
    down, labelled with their names, except units whose count is suppressed); the
    widest limits are solid lines and narrower ones dashed or dotted, so the plot reads
    without colour; the target is a dash-dot line. Creates a new figure only when
    ``ax`` is None; changes no global settings.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    pts = result.points.assign(value=result._values())
    scale = result.multiply
    n_min, n_max = float(pts["n"].min()), float(pts["n"].max())
    grid = np.geomspace(n_min * 0.8, n_max * 1.1, 200)
    if result.kind == "proportion":
        grid = np.unique(np.maximum(np.round(grid), 1.0))

    ax.axhline(
        result.target * scale,
        color="black",
        linestyle="-.",
        linewidth=1,
        label=t("spc.funnel.target"),
    )
    inner_styles = iter(["--", ":", (0, (5, 2, 1, 2))])
    for level in sorted(result.levels, reverse=True):
        style = "-" if level == max(result.levels) else next(inner_styles, "--")
        lower, upper = funnel_limits(
            result.target,
            grid,
            kind=result.kind,
            level=level,
            phi=result.phi_applied,
            tau2=result.tau2_applied,
        )
        ax.plot(
            grid,
            upper * scale,
            color="0.3",
            linestyle=style,
            linewidth=1.2,
            label=t("spc.funnel.limits", level=_level_name(level)),
        )
        ax.plot(grid, lower * scale, color="0.3", linestyle=style, linewidth=1.2)

    widest = pts[f"outside_{_level_tag(max(result.levels))}"]
    inside = widest == ""
    ax.scatter(
        pts.loc[inside, "n"],
        pts.loc[inside, "value"],
        marker="o",
        s=25,
        color="tab:blue",
        edgecolor="black",
        linewidth=0.5,
        zorder=3,
        label=t("spc.funnel.units"),
    )
    for flag, marker in (("high", "^"), ("low", "v")):
        out = widest == flag
        if out.any():
            ax.scatter(
                pts.loc[out, "n"],
                pts.loc[out, "value"],
                marker=marker,
                s=45,
                color="tab:red",
                edgecolor="black",
                linewidth=0.5,
                zorder=4,
                label=t(f"spc.funnel.legend_outside_{flag}", level=_level_name(max(result.levels))),
            )
        for _, row in pts[out & ~result._hidden()].iterrows():
            ax.annotate(
                str(row["unit"]),
                (row["n"], row["value"]),
                textcoords="offset points",
                xytext=(4, 4 if flag == "high" else -10),
                fontsize=8,
            )

    ax.set_xlabel(t(f"spc.funnel.axis_x_{result.kind}"))
    ax.set_ylabel(_axis_label(result.kind, scale))
    ax.set_title(title if title is not None else t("spc.funnel.title"))
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax
