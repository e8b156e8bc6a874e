"""Deming's red bead experiment: willing workers in a stable system.

The set-up follows Deming, *Out of the Crisis* (MIT CAES, 1986), ch. 11, and
*The New Economics* (MIT CAES, 1993), ch. 7 "The Red Beads": a box of 4000
beads, 800 of them red (20 %), a paddle with 50 holes, six willing workers who
each dip the paddle once a day for four days (24 draws), the beads being put back
and mixed before every draw. Management then keeps the "best" workers on double
shifts and fires the "worst": the chart shows that the next days are no
different, because the number of red beads comes from the system, not the worker.

Sampling model: a fair paddle draws 50 beads without replacement (hypergeometric).
Deming stressed that a real paddle is *mechanical* sampling, not sampling by
random numbers, so the long-run average need not be 10: "the cumulated average
for paddle No. 2 over many experiments in the past has settled down to 9.4 red
beads per lot of 50. Paddle No. 1, used for 30 years, shows an average of 11.3"
(*Out of the Crisis*, pp. 351-352). He insisted the difference is "not bias" but
the difference between two methods of selection (p. 352). ``paddle_bias`` models
it as Wallenius' non-central hypergeometric draw, in which each red bead is
``paddle_bias`` times as likely as a white bead to land in a hole (odds about
0.92 give a long-run average near 9.4, about 1.14 near 11.3).

Sentences and the figure's words come from the strings table
(``simulations.red_beads.*`` keys, :mod:`academy.i18n`) in the current language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy.stats import nchypergeom_wallenius

from academy.errors import InputError
from academy.i18n import t
from academy.spc.icons import OKABE_ITO
from academy.spc.limits import compute_limits
from academy.spc.model import Limits
from academy.spc.plot import FONT, LABEL_FONT, TITLE_FONT

TOTAL_BEADS = 4000
RED_BEADS = 800
PADDLE_SIZE = 50
DAYS = 4
WORKERS: tuple[str, ...] = ("Aled", "Bethan", "Chidi", "Dafydd", "Efa", "Farah")

_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h", "<", ">", "p", "*")


class NpLimits(NamedTuple):
    """Lower limit, centre line and upper limit of an np chart."""

    lcl: float
    cl: float
    ucl: float


def np_limits(p: float, n: int) -> NpLimits:
    """Theoretical np-chart limits n·p ± 3·√(n·p·(1 − p)), clipped to [0, n].

    Montgomery, *Introduction to Statistical Quality Control*, np control chart;
    for the red beads (p = 0.2, n = 50): 10 ± 3·√8 = 1.51 .. 18.49 (Deming,
    *Out of the Crisis*, ch. 11, computes the limits the same way from the data).
    """
    if not 0 <= p <= 1 or n < 1:
        raise InputError(t("simulations.error.np_limits", p=p, n=n))
    half = 3 * math.sqrt(n * p * (1 - p))
    return NpLimits(max(n * p - half, 0.0), n * p, min(n * p + half, float(n)))


@dataclass(frozen=True)
class RedBeadResult:
    """The draws of one red bead experiment, with both sets of np-chart limits.

    Attributes:
        draws: one row per draw: ``draw`` (1, 2, ...), ``day``, ``worker``,
            ``shift`` (2 for the second draw of a double shift), ``period``
            ("before" or "after" the keep-the-best round, "all" without one) and
            ``red`` (red beads in the paddle of 50).
        limits: np-chart lines from the data's p̄ (Σred / Σ50 over every draw),
            computed by :func:`academy.spc.limits.compute_limits`.
        theoretical: the limits for the box's true share of red beads.
        kept, fired: workers kept on double shifts and workers fired (empty
            without a round).
        keep_best_after: the day after which the round was held, or None.
        paddle_bias: the paddle's odds of catching a red bead rather than a white.
        prediction: the learner's predicted average red beads per draw after the
            round (from the kept workers), or over all draws without a round.
    """

    draws: pd.DataFrame
    limits: Limits
    theoretical: NpLimits
    kept: tuple[str, ...]
    fired: tuple[str, ...]
    keep_best_after: int | None
    paddle_bias: float
    prediction: float | None

    @property
    def outside_limits(self) -> int:
        """Number of draws beyond the data's control limits."""
        red = self.draws["red"].to_numpy()
        return int(((red > self.limits.ucl) | (red < self.limits.lcl)).sum())

    def by_worker(self) -> pd.DataFrame:
        """Draws and mean red beads per worker, before and after the round."""
        table = self.draws.pivot_table(
            index="worker", columns="period", values="red", aggfunc=["count", "mean"], sort=False
        )
        table.columns = [f"{'draws' if stat == 'count' else 'mean'}_{p}" for stat, p in table]
        kept, fired = (
            t("simulations.red_beads.status_kept"),
            t("simulations.red_beads.status_fired"),
        )
        status = {w: kept for w in self.kept} | {w: fired for w in self.fired}
        return table.assign(status=[status.get(w, "") for w in table.index])

    def compare_prediction(self) -> str:
        """The learner's prediction beside the outcome, in plain language."""
        d = self.draws
        lcl, ucl = float(self.limits.lcl[0]), float(self.limits.ucl[0])
        if self.keep_best_after is None:
            outcome = t("simulations.red_beads.outcome", draws=len(d), mean=d["red"].mean())
            overall = ""
            guess = "simulations.red_beads.guess"
        else:
            kept = d[d["worker"].isin(self.kept)]
            before = kept.loc[kept["period"] == "before", "red"].mean()
            after = kept.loc[kept["period"] == "after", "red"].mean()
            outcome = t(
                "simulations.red_beads.outcome_round",
                day=self.keep_best_after,
                kept=len(self.kept),
                after=after,
                before=before,
            )
            guess = "simulations.red_beads.guess_round"
            overall = t("simulations.red_beads.overall", mean=d["red"].mean())
        said = (
            t("simulations.red_beads.no_prediction")
            if self.prediction is None
            else t("simulations.red_beads.predicted", guess=t(guess, value=self.prediction))
        )
        n_out = self.outside_limits
        verdict = (
            t("simulations.red_beads.verdict_stable", lcl=lcl, ucl=ucl)
            if n_out == 0
            else t("simulations.red_beads.verdict_special", n=n_out, lcl=lcl, ucl=ucl)
        )
        return f"{said} {outcome}{overall}. {verdict}"


def run_red_beads(
    *,
    days: int = DAYS,
    workers: Sequence[str] = WORKERS,
    keep_best_after: int | None = 2,
    paddle_bias: float = 1.0,
    red_beads: int = RED_BEADS,
    seed: int | None = None,
    prediction: float | None = None,
) -> RedBeadResult:
    """Run the red bead experiment.

    Each worker draws once a day. With ``keep_best_after = k``, after day k the
    half of the workers with the fewest red beads so far are kept and work
    double shifts (two draws a day each), and the other half are fired (Deming,
    *Out of the Crisis*, ch. 11). Ties go to the worker listed first.

    Args:
        days: working days.
        workers: names of the willing workers (an even number when there is a round).
        keep_best_after: the day after which the best are kept and the worst
            fired; None for no round.
        paddle_bias: odds of a red bead being caught rather than a white one;
            1.0 is a fair paddle (see the module notes).
        red_beads: red beads among the 4000 (800 in Deming's box; change it to
            see what only management can do: change the system).
        seed: seed for :func:`numpy.random.default_rng`.
        prediction: the learner's predicted average red beads per draw (see
            :class:`RedBeadResult`).

    Returns:
        The draws and the np-chart limits.
    """
    workers = tuple(workers)
    _check(days, workers, keep_best_after, paddle_bias, red_beads, prediction)
    rng = np.random.default_rng(seed)
    n = days * len(workers)
    paddle = nchypergeom_wallenius(TOTAL_BEADS, red_beads, PADDLE_SIZE, paddle_bias)
    red = paddle.rvs(size=n, random_state=rng).astype(int)

    split = days if keep_best_after is None else keep_best_after
    names = list(workers * split)
    shift = [1] * len(names)
    kept: tuple[str, ...] = ()
    fired: tuple[str, ...] = ()
    if keep_best_after is not None:
        totals = pd.Series(red[: len(names)]).groupby(names).sum().reindex(workers)
        order = tuple(totals.sort_values(kind="stable").index)
        half = len(workers) // 2
        kept, fired = order[:half], order[half:]
        names += list(kept * 2) * (days - split)
        shift += ([1] * half + [2] * half) * (days - split)
    day = np.arange(n) // len(workers) + 1
    period = "all" if keep_best_after is None else np.where(day > split, "after", "before")
    draws = pd.DataFrame(
        {
            "draw": np.arange(1, n + 1),
            "day": day,
            "worker": names,
            "shift": shift,
            "period": period,
            "red": red,
        }
    )
    limits = compute_limits(
        "np", red.astype(float), np.full(n, float(PADDLE_SIZE)), np.ones(n, dtype=bool)
    )
    return RedBeadResult(
        draws=draws,
        limits=limits,
        theoretical=np_limits(red_beads / TOTAL_BEADS, PADDLE_SIZE),
        kept=kept,
        fired=fired,
        keep_best_after=keep_best_after,
        paddle_bias=float(paddle_bias),
        prediction=None if prediction is None else float(prediction),
    )


def _check(
    days: int,
    workers: tuple[str, ...],
    keep_best_after: int | None,
    paddle_bias: float,
    red_beads: int,
    prediction: float | None,
) -> None:
    """Raise InputError for impossible settings."""
    if not 1 <= days <= 30:
        raise InputError(t("simulations.error.red_beads_days", days=days))
    if len(workers) < 2 or len(set(workers)) != len(workers):
        raise InputError(t("simulations.error.red_beads_workers"))
    if keep_best_after is not None:
        if not 1 <= keep_best_after < days:
            raise InputError(
                t(
                    "simulations.error.red_beads_keep_best_after",
                    last=days - 1,
                    keep_best_after=keep_best_after,
                )
            )
        if len(workers) % 2:
            raise InputError(t("simulations.error.red_beads_odd_workers"))
    if not (np.isfinite(paddle_bias) and paddle_bias > 0):
        raise InputError(t("simulations.error.red_beads_paddle_bias", paddle_bias=paddle_bias))
    if not 0 <= red_beads <= TOTAL_BEADS:
        raise InputError(
            t("simulations.error.red_beads_red_beads", total=TOTAL_BEADS, red_beads=red_beads)
        )
    if prediction is not None and not 0 <= prediction <= PADDLE_SIZE:
        raise InputError(
            t("simulations.red_beads.error_prediction", paddle=PADDLE_SIZE, prediction=prediction)
        )


def plot_red_beads(
    result: RedBeadResult, ax: Axes | None = None, *, figsize: tuple[float, float] = (10, 4.8)
) -> Axes:
    """np chart of the draws, one marker shape per worker, both sets of limits.

    Encodings that read in greyscale: each worker has a marker shape (named in
    the legend and under each point); limits from the data are dashed, the
    theoretical limits for p = red/4000 dotted, the centre line solid; days are
    separated by thin lines and the keep-the-best round by a thick dash-dot line.

    Args:
        result: from :func:`run_red_beads`.
        ax: axes to draw on; when None a new figure is made.
        figsize: size in inches of a new figure.

    Returns:
        The axes drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    d = result.draws
    everyone = dict.fromkeys(d["worker"])
    status = result.by_worker()["status"]
    for i, worker in enumerate(everyone):
        rows = d[d["worker"] == worker]
        label = f"{worker} ({status[worker]})" if status[worker] else worker
        ax.plot(
            rows["draw"],
            rows["red"],
            ls="none",
            marker=_MARKERS[i % len(_MARKERS)],
            ms=7,
            color=OKABE_ITO["blue"],
            mec="#1A1A1A",
            mew=0.6,
            label=label,
        )
    ax.plot(d["draw"], d["red"], color="#888888", lw=0.8, zorder=0)
    lim = result.limits
    x = [0.5, len(d) + 0.5]
    ax.hlines(
        float(lim.cl[0]),
        *x,
        color="#000000",
        lw=1.3,
        label=t("simulations.red_beads.centre_line", cl=float(lim.cl[0])),
    )
    ax.hlines(
        [float(lim.lcl[0]), float(lim.ucl[0])],
        *x,
        color="#333333",
        ls="--",
        lw=1.0,
        label=t("simulations.red_beads.data_limits", lcl=float(lim.lcl[0]), ucl=float(lim.ucl[0])),
    )
    theory = result.theoretical
    ax.hlines(
        [theory.lcl, theory.ucl],
        *x,
        color=OKABE_ITO["vermillion"],
        ls=":",
        lw=1.5,
        label=t("simulations.red_beads.theory_limits", lcl=theory.lcl, ucl=theory.ucl),
    )
    per_day = int((d["day"] == 1).sum())
    for day in range(1, int(d["day"].max()) + 1):
        if day > 1:
            ax.axvline((day - 1) * per_day + 0.5, color="#BBBBBB", lw=0.8)
        ax.text(
            (day - 0.5) * per_day + 0.5,
            1.0,
            t("simulations.red_beads.day", day=day),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=FONT,
        )
    if result.keep_best_after is not None:
        cut = result.keep_best_after * per_day + 0.5
        ax.axvline(cut, color="#000000", ls="-.", lw=2, label=t("simulations.red_beads.cut"))
    ax.set_xticks(d["draw"], d["worker"], rotation=90, fontsize=FONT)
    ax.set_xlim(*x)
    ax.set_ylim(0, max(float(lim.ucl[0]), theory.ucl, d["red"].max()) + 2)
    ax.set_xlabel(t("simulations.red_beads.x_label"), fontsize=LABEL_FONT)
    ax.set_ylabel(t("simulations.red_beads.y_label", paddle=PADDLE_SIZE), fontsize=LABEL_FONT)
    ax.set_title(t("simulations.red_beads.title"), fontsize=TITLE_FONT, loc="left", pad=18)
    ax.tick_params(axis="y", labelsize=FONT)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=FONT, framealpha=0.9)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax
