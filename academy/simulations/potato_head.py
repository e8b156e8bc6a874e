"""A virtual Mr Potato Head PDSA game.

After David M. Williams' exercise (Williams, "Small tests, collaborative
learning, & Mr. Potato Head", dmwaustin.com, 30 October 2011, with its
facilitator instructions; IHI Open School, "How can Mr. Potato Head help teach
PDSA?", David M. Williams, TrueSimple). A team assembles the toy to match a
picture; the tester's time runs from first touch until they let go and say
"Time!"; an inspector scores accuracy 1 (a piece missing), 2 (all pieces on,
one or more grossly out of place) or 3 (all on and placed correctly). Before
each PDSA cycle the team predicts its time and accuracy, then tests change ideas
and plots the times on a run chart; five rounds (a baseline and four PDSA
cycles) are common (e.g. S. Puntoni, "Mr Potato Head", 1000 Lives Improvement
blog, 18 December 2014, on its use in Improving Quality Together).

The model is ours, for teaching, not measured data (verify typical times against
Williams' facilitator guide before quoting them): each assembly time is
lognormal with a baseline mean of 40 s and standard deviation of 8 s, scaled by
a team factor; a piece goes missing with probability 0.10, and otherwise a piece
is grossly misplaced with probability 0.25. Each change idea multiplies the
mean time, its spread and those two probabilities by hidden factors: some help,
one makes things worse and one does nothing. :func:`reveal_effects` shows them
for the debrief.

Reproducibility: the seed's random streams are split by cycle (one stream for
the team, one per cycle), so adding a cycle never changes earlier cycles, and
the same seed with other ideas meets the same luck: differences come from the
ideas alone.

Sentences, the description of each cycle's ideas and the figure's words come
from the strings table (``simulations.potato_head.*`` keys, :mod:`academy.i18n`)
in the current language; :data:`CHANGE_IDEAS`, :data:`ACCURACY` and the verdicts
of :func:`reveal_effects` keep their English names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from academy.errors import InputError
from academy.i18n import t, text
from academy.spc.icons import OKABE_ITO
from academy.spc.limits import compute_limits
from academy.spc.plot import FONT, LABEL_FONT, TITLE_FONT

MAX_CYCLES = 8
MAX_RUNS = 20
BASE_MEAN_S = 40.0
BASE_SD_S = 8.0
BASE_P_MISSING = 0.10
BASE_P_MISPLACED = 0.25
#: Standard deviation of the log of a team's speed factor (teams differ).
TEAM_SPREAD = 0.15

#: Accuracy scores and their English descriptions (keys ``simulations.potato_head.score_<n>``).
ACCURACY: dict[int, str] = {
    score: text(f"simulations.potato_head.score_{score}", "en") for score in (1, 2, 3)
}


@dataclass(frozen=True)
class _Effect:
    """Multipliers of mean time, spread of time, P(missing) and P(misplaced)."""

    time: float
    spread: float
    missing: float
    misplaced: float


# Hidden from the learner until the debrief (reveal_effects).
_EFFECTS: dict[str, _Effect] = {
    "lay parts out in order": _Effect(0.75, 0.8, 0.5, 0.6),
    "assign one person per part": _Effect(1.3, 1.5, 1.5, 2.0),
    "pre-sort bag": _Effect(0.85, 0.9, 0.6, 1.0),
    "practise once": _Effect(0.85, 0.6, 1.0, 0.5),
    "count down aloud": _Effect(1.0, 1.0, 1.0, 1.0),
}
CHANGE_IDEAS: tuple[str, ...] = tuple(_EFFECTS)

_ACCURACY_STYLE = {
    3: {"marker": "o", "color": OKABE_ITO["blue"]},
    2: {"marker": "^", "color": OKABE_ITO["orange"]},
    1: {"marker": "X", "color": OKABE_ITO["vermillion"]},
}


@dataclass(frozen=True)
class PDSACycle:
    """One PDSA cycle: the change ideas tested and the team's prediction.

    Attributes:
        ideas: names from :data:`CHANGE_IDEAS` (an empty tuple tests nothing new).
        predicted_time: predicted median assembly time, seconds.
        predicted_accuracy: predicted typical accuracy score, 1 to 3.
    """

    ideas: tuple[str, ...] = ()
    predicted_time: float | None = None
    predicted_accuracy: int | None = None


@dataclass(frozen=True)
class PotatoHeadResult:
    """One team's game.

    Attributes:
        team: the team's name.
        cycles: cycle 0 (the baseline, no ideas, no prediction) then the PDSA cycles.
        runs: one row per assembly: ``team``, ``cycle``, ``run`` (within the
            cycle), ``sequence`` (1, 2, ... across the game), ``ideas``,
            ``time_s`` and ``accuracy`` (1-3).
        summary: one row per cycle: ``cycle``, ``ideas``, ``predicted_time_s``,
            ``median_time_s``, ``predicted_accuracy``, ``median_accuracy`` and
            ``all_correct`` (share of assemblies scoring 3).
        baseline_median: median time of the baseline assemblies, seconds.
    """

    team: str
    cycles: tuple[PDSACycle, ...]
    runs: pd.DataFrame
    summary: pd.DataFrame
    baseline_median: float

    @property
    def prediction(self) -> tuple[float | None, ...]:
        """Predicted median time per cycle (None for the baseline and when not made)."""
        return tuple(c.predicted_time for c in self.cycles)

    def compare_prediction(self, cycle: int | None = None) -> str:
        """The prediction for one cycle (default the last) beside its outcome."""
        last = len(self.cycles) - 1
        cycle = last if cycle is None else cycle
        if not 0 <= cycle <= last:
            raise InputError(t("simulations.error.potato_head_cycle", last=last, cycle=cycle))
        row = self.summary.iloc[cycle]
        c = self.cycles[cycle]
        name = (
            t("simulations.potato_head.cycle_name", cycle=cycle, ideas=row["ideas"])
            if cycle
            else t("simulations.potato_head.baseline_name")
        )
        time, accuracy = c.predicted_time, c.predicted_accuracy
        if time is not None and accuracy is not None:
            said = t("simulations.potato_head.predicted_both", time=time, accuracy=accuracy)
        elif time is not None:
            said = t("simulations.potato_head.predicted_time_only", time=time)
        elif accuracy is not None:
            said = t("simulations.potato_head.predicted_accuracy_only", accuracy=accuracy)
        else:
            said = t("simulations.potato_head.no_prediction_recorded")
        gap = ""
        if time is not None:
            diff = row["median_time_s"] - time
            gap = t(
                "simulations.potato_head.slower" if diff > 0 else "simulations.potato_head.faster",
                diff=abs(diff),
            )
        outcome = t(
            "simulations.potato_head.outcome",
            n=int((self.runs["cycle"] == cycle).sum()),
            median=row["median_time_s"],
            gap=gap,
            baseline=self.baseline_median,
            share=row["all_correct"],
            score=row["median_accuracy"],
        )
        return f"{name}: {said} {outcome}"


def reveal_effects() -> pd.DataFrame:
    """The hidden effect of each change idea, for the debrief.

    Returns:
        One row per idea: the multipliers of mean time, spread of time,
        P(a piece missing) and P(a piece misplaced), and a verdict.
    """
    rows = []
    for idea, e in _EFFECTS.items():
        factors = (e.time, e.spread, e.missing, e.misplaced)
        verdict = (
            "no effect"
            if all(f == 1 for f in factors)
            else "helps"
            if all(f <= 1 for f in factors)
            else "makes things worse"
        )
        rows.append((idea, *factors, verdict))
    return pd.DataFrame(
        rows, columns=["idea", "time", "spread", "p_missing", "p_misplaced", "verdict"]
    )


def play(
    cycles: Sequence[PDSACycle],
    *,
    runs_per_cycle: int = 6,
    seed: int | None = None,
    team: str = "Team 1",
) -> PotatoHeadResult:
    """Play a baseline round and then each PDSA cycle.

    Args:
        cycles: the PDSA cycles in order (up to :data:`MAX_CYCLES`); the
            baseline is added in front.
        runs_per_cycle: timed assemblies per cycle (5 to 10 is typical).
        seed: seed for :func:`numpy.random.default_rng` streams (see the module notes).
        team: the team's name.

    Returns:
        The assemblies, a per-cycle summary and the predictions.
    """
    cycles = (PDSACycle(), *(_checked(c, i + 1) for i, c in enumerate(cycles)))
    if len(cycles) - 1 > MAX_CYCLES:
        raise InputError(
            t(
                "simulations.error.potato_head_max_cycles",
                max_cycles=MAX_CYCLES,
                cycles=len(cycles) - 1,
            )
        )
    if not 1 <= runs_per_cycle <= MAX_RUNS:
        raise InputError(
            t("simulations.error.potato_head_runs", max_runs=MAX_RUNS, runs=runs_per_cycle)
        )
    team_stream, *streams = np.random.SeedSequence(seed).spawn(len(cycles) + 1)
    speed = math.exp(TEAM_SPREAD * np.random.default_rng(team_stream).standard_normal())
    frames = []
    for number, (cycle, stream) in enumerate(zip(cycles, streams, strict=True)):
        rng = np.random.default_rng(stream)
        z = rng.standard_normal(runs_per_cycle)
        u = rng.random((runs_per_cycle, 2))
        e = _combined(cycle.ideas)
        mean, sd = BASE_MEAN_S * speed * e.time, BASE_SD_S * speed * e.spread
        s_log = math.sqrt(math.log1p((sd / mean) ** 2))  # lognormal with this mean and sd
        time = np.exp(math.log(mean) - s_log**2 / 2 + s_log * z)
        missing = u[:, 0] < min(BASE_P_MISSING * e.missing, 1.0)
        misplaced = u[:, 1] < min(BASE_P_MISPLACED * e.misplaced, 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "team": team,
                    "cycle": number,
                    "run": np.arange(1, runs_per_cycle + 1),
                    "ideas": _describe(cycle.ideas),
                    "time_s": time,
                    "accuracy": np.where(missing, 1, np.where(misplaced, 2, 3)),
                }
            )
        )
    runs = pd.concat(frames, ignore_index=True)
    runs.insert(3, "sequence", np.arange(1, len(runs) + 1))
    grouped = runs.groupby("cycle")
    summary = pd.DataFrame(
        {
            "cycle": range(len(cycles)),
            "ideas": [_describe(c.ideas) for c in cycles],
            "predicted_time_s": [c.predicted_time for c in cycles],
            "median_time_s": grouped["time_s"].median().to_numpy(),
            "predicted_accuracy": [c.predicted_accuracy for c in cycles],
            "median_accuracy": grouped["accuracy"].median().to_numpy(),
            "all_correct": grouped["accuracy"].apply(lambda a: (a == 3).mean()).to_numpy(),
        }
    )
    return PotatoHeadResult(
        team=team,
        cycles=cycles,
        runs=runs,
        summary=summary,
        baseline_median=float(summary["median_time_s"].iloc[0]),
    )


def _checked(cycle: PDSACycle, number: int) -> PDSACycle:
    """Validate one cycle, returning it with its ideas as a tuple."""
    if not isinstance(cycle, PDSACycle):
        raise InputError(t("simulations.error.potato_head_not_a_cycle", number=number))
    ideas = (cycle.ideas,) if isinstance(cycle.ideas, str) else tuple(cycle.ideas)
    for idea in ideas:
        if idea not in _EFFECTS:
            raise InputError(
                t(
                    "simulations.error.potato_head_unknown_idea",
                    number=number,
                    idea=idea,
                    ideas=", ".join(CHANGE_IDEAS),
                )
            )
    if len(set(ideas)) != len(ideas):
        raise InputError(t("simulations.error.potato_head_idea_twice", number=number))
    if cycle.predicted_time is not None and not cycle.predicted_time > 0:
        raise InputError(t("simulations.error.potato_head_predicted_time", number=number))
    if cycle.predicted_accuracy not in (None, 1, 2, 3):
        raise InputError(t("simulations.error.potato_head_predicted_accuracy", number=number))
    return PDSACycle(ideas, cycle.predicted_time, cycle.predicted_accuracy)


def _combined(ideas: tuple[str, ...]) -> _Effect:
    """The product of the ideas' multipliers (no ideas: all 1)."""
    effects = [_EFFECTS[i] for i in ideas]
    return _Effect(
        math.prod(e.time for e in effects),
        math.prod(e.spread for e in effects),
        math.prod(e.missing for e in effects),
        math.prod(e.misplaced for e in effects),
    )


def _describe(ideas: tuple[str, ...]) -> str:
    """The ideas as one short phrase, in the current language."""
    if not ideas:
        return t("simulations.potato_head.no_change")
    return "; ".join(t(_phrase_key(idea)) for idea in ideas)


def _phrase_key(idea: str) -> str:
    """Strings-table key of an idea's short name, e.g. ``simulations.potato_head.phrase_pre_sort_bag``."""
    return "simulations.potato_head.phrase_" + idea.replace(" ", "_").replace("-", "_")


def _top(result: PotatoHeadResult) -> float:
    """Top of the time axis: a little above the longest time or prediction."""
    return 1.08 * max([result.runs["time_s"].max(), *(p for p in result.prediction if p)])


def plot_run_chart(
    result: PotatoHeadResult,
    ax: Axes | None = None,
    *,
    legend: bool = True,
    figsize: tuple[float, float] = (9, 4.2),
) -> Axes:
    """Run chart of assembly times across the cycles.

    The centre line is the baseline median (:func:`academy.spc.limits.compute_limits`
    with the run chart and the baseline cycle as the used points; Provost &
    Murray, *The Health Care Data Guide*, 2011, ch. 3), extended over the PDSA
    cycles. Accuracy is shown by marker shape (circle 3, triangle 2, cross 1);
    predictions are dashed segments over their cycle; cycles are separated by
    dotted lines and labelled above the plot.

    Args:
        result: from :func:`play`.
        ax: axes to draw on; when None a new figure is made.
        legend: draw the legend.
        figsize: size in inches of a new figure.

    Returns:
        The axes drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    runs = result.runs
    x, y, cycle = runs["sequence"].to_numpy(), runs["time_s"].to_numpy(), runs["cycle"].to_numpy()
    ax.plot(x, y, color="#888888", lw=0.9, zorder=1)
    for score, style in _ACCURACY_STYLE.items():
        hit = runs["accuracy"].to_numpy() == score
        ax.plot(
            x[hit],
            y[hit],
            ls="none",
            ms=7,
            mec="#1A1A1A",
            mew=0.6,
            zorder=2,
            label=t(
                "simulations.potato_head.legend_accuracy",
                accuracy=t(f"simulations.potato_head.score_{score}"),
            ),
            **style,
        )
    median = float(compute_limits("run", y, None, cycle == 0).cl[0])
    ax.axhline(
        median,
        color="#000000",
        lw=1.3,
        label=t("simulations.potato_head.legend_baseline", median=median),
    )
    for number, c in enumerate(result.cycles):
        span = x[cycle == number]
        lo, hi = span.min() - 0.5, span.max() + 0.5
        if number:
            ax.axvline(lo, color="#AAAAAA", ls=":", lw=1)
        ax.text(
            (lo + hi) / 2,
            1.0,
            t("simulations.potato_head.baseline")
            if number == 0
            else t("simulations.potato_head.pdsa", number=number),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=FONT,
        )
        if c.predicted_time is not None:
            ax.hlines(
                c.predicted_time,
                lo + 0.1,
                hi - 0.1,
                color=OKABE_ITO["bluish_green"],
                ls="--",
                lw=2,
                label=t("simulations.potato_head.legend_prediction"),
            )
    ax.set_xlim(0.5, x.max() + 0.5)
    ax.set_ylim(0, _top(result))
    ax.set_xlabel(t("simulations.potato_head.x_label"), fontsize=LABEL_FONT)
    ax.set_ylabel(t("simulations.potato_head.y_label"), fontsize=LABEL_FONT)
    ax.set_title(
        t("simulations.potato_head.title", team=result.team),
        fontsize=TITLE_FONT,
        loc="left",
        pad=16,
    )
    ax.tick_params(labelsize=FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if legend:
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles, strict=True))
        ax.legend(
            unique.values(),
            unique.keys(),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=FONT,
            framealpha=0.9,
        )
    return ax


def plot_teams(
    results: Sequence[PotatoHeadResult],
    fig: Figure | None = None,
    *,
    ncols: int = 3,
    figsize: tuple[float, float] | None = None,
) -> Figure:
    """Small multiples: one run chart per team, on a shared time axis.

    Args:
        results: one result per team, from :func:`play`.
        fig: figure to draw on (cleared first); when None a new one is made.
        ncols: panels per row.
        figsize: size in inches of a new figure (default by the panel count).

    Returns:
        The figure, with one legend for all panels.
    """
    if not results:
        raise InputError(t("simulations.error.potato_head_no_teams"))
    ncols = max(1, min(ncols, len(results)))
    nrows = math.ceil(len(results) / ncols)
    if fig is None:
        fig = plt.figure(figsize=figsize or (4 * ncols + 2.5, 3.2 * nrows), layout="constrained")
    else:
        fig.clear()
    axs = np.atleast_1d(fig.subplots(nrows, ncols, sharey=True, squeeze=False)).ravel()
    for ax, result in zip(axs, results, strict=False):
        plot_run_chart(result, ax, legend=False)
    for ax in axs[len(results) :]:
        ax.set_visible(False)
    axs[0].set_ylim(0, max(_top(r) for r in results))
    handles, labels = [], []
    baseline = t("simulations.potato_head.legend_baseline_short")
    for ax in axs[: len(results)]:
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            label = baseline if label.startswith(baseline) else label
            if label not in labels:
                handles.append(h)
                labels.append(label)
    fig.legend(handles, labels, loc="outside right upper", fontsize=FONT)
    fig.suptitle(t("simulations.potato_head.teams_title"), fontsize=TITLE_FONT)
    return fig
