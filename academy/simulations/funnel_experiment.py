"""Deming's funnel: what tampering with a stable process does to its variation.

A marble is dropped through a funnel held over a target; where it lands varies
by chance. Deming, *The New Economics* (MIT CAES, 1993), ch. 9 "The Funnel",
compares four rules for moving the funnel after each drop. With the target at
the origin, drop k landing at xₖ = zₖ + eₖ from funnel position zₖ (z₁ = 0) and
independent normal noise eₖ with standard deviation sigma:

- rule 1, no adjustment: zₖ₊₁ = 0 (stable, least variation);
- rule 2, move the funnel by −error from its last position: zₖ₊₁ = zₖ − xₖ, so
  xₖ = eₖ − eₖ₋₁ and the variance doubles;
- rule 3, set the funnel at −error from the target: zₖ₊₁ = −xₖ, so
  xₖ = Σⱼ (−1)ᵏ⁻ʲ eⱼ, which swings from side to side with variance k·sigma²;
- rule 4, set the funnel over the last drop: zₖ₊₁ = xₖ, so xₖ = Σⱼ eⱼ, a random
  walk that drifts away, also with variance k·sigma².

Every rule sees the same noise (common random numbers), so the differences
between panels are the rules' doing alone. In two dimensions each axis follows
the rule independently.

Sentences and the figure's words come from the strings table
(``simulations.funnel.*`` keys, :mod:`academy.i18n`) in the current language;
:data:`RULES` keeps the English descriptions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from academy.errors import InputError
from academy.i18n import t, text
from academy.spc.icons import OKABE_ITO
from academy.spc.plot import FONT, LABEL_FONT, TITLE_FONT

#: The four rules and their English descriptions (strings table keys ``simulations.funnel.rule_text_<n>``).
RULES: dict[int, str] = {
    rule: text(f"simulations.funnel.rule_text_{rule}", "en") for rule in (1, 2, 3, 4)
}
_STYLE = {
    1: {"marker": "o", "color": OKABE_ITO["blue"]},
    2: {"marker": "s", "color": OKABE_ITO["orange"]},
    3: {"marker": "^", "color": OKABE_ITO["bluish_green"]},
    4: {"marker": "D", "color": OKABE_ITO["vermillion"]},
}


def drop_positions(rule: int, noise: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each marble lands, and where the funnel was, under one rule.

    Args:
        rule: 1, 2, 3 or 4 (see the module notes).
        noise: the chance deviation eₖ of each drop from the funnel; axis 0 is
            the drop, further axes (coordinates, independent replicate runs)
            are handled alike.

    Returns:
        ``(drops, funnel)``, each shaped like ``noise``, relative to the target.
    """
    if rule not in RULES:
        raise InputError(t("simulations.error.funnel_rule", rule=rule))
    e = np.asarray(noise, dtype=float)
    if rule == 1:
        x = e.copy()
    elif rule == 2:
        x = e.copy()
        x[1:] -= e[:-1]
    elif rule == 3:
        # (−1)^(k−j) = sₖ·sⱼ with sₖ = (−1)^k, so xₖ = sₖ·Σⱼ sⱼ·eⱼ
        sign = np.where(np.arange(e.shape[0]) % 2 == 0, 1.0, -1.0)
        sign = sign.reshape((-1,) + (1,) * (e.ndim - 1))
        x = sign * np.cumsum(sign * e, axis=0)
    else:
        x = np.cumsum(e, axis=0)
    return x, x - e


def expected_variance(rule: int, n_drops: int, sigma: float = 1.0) -> float:
    """Expected sample variance (divisor n − 1) of n drops along one axis.

    Derived from the rules in the module notes (z₁ = 0), with
    s² = Σ(xₖ − x̄)²/(n − 1) and E[Σxₖ²] − n·E[x̄²] worked out per rule:

    - rule 1: sigma²;
    - rule 2: sigma²·(2n + 1)/n (Σxₖ = eₙ), which tends to 2·sigma²;
    - rule 3: sigma²·(n(n + 1)/2 − ⌈n/2⌉/n)/(n − 1), about n·sigma²/2;
    - rule 4: sigma²·(n + 1)/6 (random walk: E[xₖxₗ] = min(k, l)·sigma²).

    Rules 3 and 4 grow without bound as drops go on (Deming 1993, ch. 9).
    """
    if rule not in RULES:
        raise InputError(t("simulations.error.funnel_rule", rule=rule))
    if n_drops < 2:
        raise InputError(t("simulations.error.funnel_variance_drops", n_drops=n_drops))
    n = n_drops
    factor = {
        1: 1.0,
        2: (2 * n + 1) / n,
        3: (n * (n + 1) / 2 - math.ceil(n / 2) / n) / (n - 1),
        4: (n + 1) / 6,
    }[rule]
    return factor * sigma**2


@dataclass(frozen=True)
class FunnelResult:
    """Drops under the four rules, with a variance read-out.

    Attributes:
        drops: one row per rule and drop: ``rule``, ``drop`` (1, 2, ...), ``x``
            (and ``y`` in two dimensions), ``funnel_x`` (and ``funnel_y``).
        variance: one row per rule: ``rule``, ``description``, ``variance`` (sum
            over the axes of the sample variances of the drop positions),
            ``ratio_to_rule_1`` and ``expected_ratio`` (from
            :func:`expected_variance`, for this many drops).
        dims: 1 or 2.
        sigma: standard deviation of a drop around the funnel, per axis.
        prediction: the rule the learner expected to give the least variation.
    """

    drops: pd.DataFrame
    variance: pd.DataFrame
    dims: int
    sigma: float
    prediction: int | None

    def compare_prediction(self) -> str:
        """The learner's prediction beside the outcome, in plain language."""
        v = self.variance.set_index("rule")
        best = int(v["variance"].idxmin())
        ratios = ", ".join(
            t("simulations.funnel.ratio", rule=r, ratio=v.loc[r, "ratio_to_rule_1"])
            for r in (2, 3, 4)
        )
        if self.prediction is None:
            said = t("simulations.funnel.no_prediction")
        elif self.prediction == best:
            said = t("simulations.funnel.predicted_right", rule=self.prediction)
        else:
            said = t("simulations.funnel.predicted_wrong", rule=self.prediction, best=best)
        return f"{said} {t('simulations.funnel.summary', ratios=ratios)}"


def run_funnel(
    *,
    n_drops: int = 50,
    dims: int = 2,
    sigma: float = 1.0,
    seed: int | None = None,
    prediction: int | None = None,
) -> FunnelResult:
    """Drop ``n_drops`` marbles under each of rules 1 to 4, with the same noise.

    Args:
        n_drops: marbles dropped per rule (at least 2).
        dims: 1 (a line) or 2 (a table top).
        sigma: standard deviation of a drop around the funnel, per axis.
        seed: seed for :func:`numpy.random.default_rng`.
        prediction: the rule (1-4) the learner expects to give the least variation.

    Returns:
        The drops and the variance read-out.
    """
    if not 2 <= n_drops <= 1_000_000:
        raise InputError(t("simulations.error.funnel_n_drops", n_drops=n_drops))
    if dims not in (1, 2):
        raise InputError(t("simulations.error.funnel_dims", dims=dims))
    if not (np.isfinite(sigma) and sigma > 0):
        raise InputError(t("simulations.error.funnel_sigma", sigma=sigma))
    if prediction is not None and prediction not in RULES:
        raise InputError(t("simulations.error.funnel_prediction", prediction=prediction))
    noise = np.random.default_rng(seed).normal(0.0, sigma, size=(n_drops, dims))
    axes = ["x", "y"][:dims]
    frames, variances = [], {}
    for rule in RULES:
        x, z = drop_positions(rule, noise)
        variances[rule] = float(x.var(axis=0, ddof=1).sum())
        frames.append(
            pd.DataFrame(
                {"rule": rule, "drop": np.arange(1, n_drops + 1)}
                | {a: x[:, i] for i, a in enumerate(axes)}
                | {f"funnel_{a}": z[:, i] for i, a in enumerate(axes)}
            )
        )
    variance = pd.DataFrame(
        {
            "rule": list(RULES),
            "description": [t(f"simulations.funnel.rule_text_{rule}") for rule in RULES],
            "variance": list(variances.values()),
            "ratio_to_rule_1": [v / variances[1] for v in variances.values()],
            "expected_ratio": [expected_variance(r, n_drops) for r in RULES],
        }
    )
    return FunnelResult(
        drops=pd.concat(frames, ignore_index=True),
        variance=variance,
        dims=dims,
        sigma=float(sigma),
        prediction=prediction,
    )


def plot_funnel(
    result: FunnelResult, fig: Figure | None = None, *, figsize: tuple[float, float] = (12, 4.6)
) -> Figure:
    """The four rules side by side on shared axes (small multiples).

    Each rule has its own marker shape as well as colour; the target is a large
    black cross. In two dimensions each panel is a map of the drops; in one
    dimension it is the drop position against the drop number, with the
    target as a solid line. Each panel's title gives the variance ratio to rule 1.

    Args:
        result: from :func:`run_funnel`.
        fig: figure to draw on (cleared first); when None a new one is made.
        figsize: size in inches of a new figure.

    Returns:
        The figure.
    """
    if fig is None:
        fig = plt.figure(figsize=figsize, layout="constrained")
    else:
        fig.clear()
    axs = fig.subplots(1, len(RULES), sharex=True, sharey=True)
    ratio = result.variance.set_index("rule")["ratio_to_rule_1"]
    target = t("simulations.funnel.target")
    for ax, rule in zip(axs, RULES, strict=True):
        d = result.drops[result.drops["rule"] == rule]
        style = _STYLE[rule]
        if result.dims == 2:
            ax.plot(d["x"], d["y"], ls="none", ms=4, mec="#1A1A1A", mew=0.4, **style)
            ax.plot(0, 0, marker="P", ms=12, color="#000000", ls="none", label=target)
            ax.set_xlabel(t("simulations.funnel.east_west"), fontsize=LABEL_FONT)
            ax.set_aspect("equal", adjustable="box")
        else:
            ax.plot(d["drop"], d["x"], lw=0.8, ms=3.5, **style)
            ax.axhline(0, color="#000000", lw=1.3, label=target)
            ax.set_xlabel(t("simulations.funnel.drop_number"), fontsize=LABEL_FONT)
        title = t(f"simulations.funnel.rule_text_{rule}").replace(": ", ":\n", 1)
        variance = t("simulations.funnel.panel_variance", ratio=ratio[rule])
        ax.set_title(f"{title}\n{variance}", fontsize=FONT, loc="left")
        ax.tick_params(labelsize=FONT)
    if result.dims == 2:
        reach = 1.05 * float(np.abs(result.drops[["x", "y"]].to_numpy()).max())
        axs[0].set_xlim(-reach, reach)
        axs[0].set_ylim(-reach, reach)
    axs[0].set_ylabel(
        t("simulations.funnel.north_south" if result.dims == 2 else "simulations.funnel.position"),
        fontsize=LABEL_FONT,
    )
    axs[0].legend(fontsize=FONT, loc="upper left")
    fig.suptitle(
        t("simulations.funnel.title", drops=len(result.drops) // len(RULES)),
        fontsize=TITLE_FONT,
        x=0.0,
        ha="left",
    )
    return fig
