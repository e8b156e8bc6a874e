"""Predict-first widgets for the four classic simulations in :mod:`academy.simulations`.

Each tool asks the learner for a prediction before anything runs: the Run button
stays disabled (and a label says why) until a prediction is entered. The run
itself is done by the pure, seeded functions (:func:`~academy.simulations.red_beads.run_red_beads`,
:func:`~academy.simulations.funnel_experiment.run_funnel`,
:func:`~academy.simulations.potato_head.play`,
:func:`~academy.simulations.helicopter.run_design`); the widget shows the
prediction beside the result's ``compare_prediction()`` sentence and the figure
(with alt text, via :func:`academy.display.show_figure`). A seed box makes every
run reproducible.

- :class:`RedBeadsApp`: Deming's red beads, with the "keep the best, fire the worst" round.
- :class:`FunnelApp`: Deming's funnel, rules 1 to 4.
- :class:`PotatoHeadApp`: the Mr Potato Head PDSA game, cycle by cycle.
- :class:`HelicopterApp`: paper helicopter factorial and fractional factorial designs.

Each app draws a real first state when built (an example run, clearly labelled,
or the potato head game's baseline round) so a saved notebook shows a figure on
the static website.

For keyboard and screen-reader users (see :mod:`academy.widgets._access`): the
lock note and problems are announced, a run announces its result sentence, and
either-or settings are drop-down lists whose options are explained in words on
the page, not in hover tooltips.
"""

from __future__ import annotations

import html
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display
from matplotlib.figure import Figure

from academy.display import AccessibleFigure, show_figure
from academy.errors import InputError
from academy.i18n import t
from academy.simulations.funnel_experiment import RULES, FunnelResult, plot_funnel, run_funnel
from academy.simulations.helicopter import (
    DESIGNS,
    FACTORS,
    HelicopterResult,
    plot_effects,
    run_design,
)
from academy.simulations.potato_head import (
    CHANGE_IDEAS,
    MAX_CYCLES,
    MAX_RUNS,
    PDSACycle,
    PotatoHeadResult,
    play,
    plot_run_chart,
    reveal_effects,
)
from academy.simulations.red_beads import (
    DAYS,
    PADDLE_SIZE,
    WORKERS,
    RedBeadResult,
    plot_red_beads,
    run_red_beads,
)
from academy.widgets._access import announcer, heading, live, option_help, tool

__all__ = [
    "FunnelApp",
    "HelicopterApp",
    "PotatoHeadApp",
    "RedBeadsApp",
    "funnel_figure",
    "helicopter_figure",
    "parse_number",
    "potato_head_figure",
    "red_beads_figure",
]

#: Seed shown in every seed box when an app is built.
DEFAULT_SEED = 2024
_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="auto")


def _esc(text: object) -> str:
    return html.escape(str(text))


def parse_number(text: str) -> float | None:
    """The number a learner typed ("12", "12.5" or "12,5"), or None if it is not one."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# --------------------------------------------------------------------------- figures


def red_beads_figure(result: RedBeadResult) -> AccessibleFigure:
    """The np chart of a red bead run, with alt text."""
    fig = Figure(figsize=(10, 4.8), layout="constrained")
    plot_red_beads(result, fig.add_subplot())
    lim = result.limits
    alt = t(
        "simulations.red_beads.alt",
        draws=len(result.draws),
        cl=float(lim.cl[0]),
        lcl=float(lim.lcl[0]),
        ucl=float(lim.ucl[0]),
        outside=result.outside_limits,
    )
    if result.keep_best_after is not None:
        alt += " " + t("simulations.red_beads.alt_round", day=result.keep_best_after)
    return show_figure(fig, alt)


def funnel_figure(result: FunnelResult) -> AccessibleFigure:
    """The four funnel rules side by side, with alt text."""
    fig = plot_funnel(result, Figure(figsize=(12, 4.6), layout="constrained"))
    ratio = result.variance.set_index("rule")["ratio_to_rule_1"]
    alt = t(
        "simulations.funnel.alt",
        drops=len(result.drops) // len(RULES),
        r2=ratio[2],
        r3=ratio[3],
        r4=ratio[4],
    )
    return show_figure(fig, alt)


def potato_head_figure(result: PotatoHeadResult) -> AccessibleFigure:
    """The run chart of a potato head game, with alt text."""
    fig = Figure(figsize=(9, 4.2), layout="constrained")
    plot_run_chart(result, fig.add_subplot())
    alt = t(
        "simulations.potato_head.alt",
        team=result.team,
        runs=len(result.runs),
        cycles=len(result.cycles) - 1,
        baseline=result.baseline_median,
        latest=float(result.summary["median_time_s"].iloc[-1]),
    )
    return show_figure(fig, alt)


def helicopter_figure(result: HelicopterResult) -> AccessibleFigure:
    """The sorted effects bar chart of a helicopter experiment, with alt text."""
    fig = Figure(figsize=(8, 4.8), layout="constrained")
    plot_effects(result.effects, fig.add_subplot())
    order = result.effects.assign(size=result.effects["effect"].abs()).sort_values(
        "size", ascending=False, kind="stable"
    )
    top = ", ".join(
        f"{row.term} {row.name} {row.effect:+.2f} s" for row in order.head(3).itertuples()
    )
    alt = t("simulations.helicopter.alt", terms=len(order), top=top)
    return show_figure(fig, alt)


# --------------------------------------------------------------------------- shared layout


class _PredictFirstApp(ABC):
    """Prediction first, a Run button locked until then, a seed box and an output area.

    Subclasses build ``self.prediction`` (the control holding the prediction)
    before calling :meth:`_build`, and implement :meth:`prediction_value`,
    :meth:`describe_prediction`, :meth:`_simulate` and :meth:`_draw`; :meth:`run`
    is the same for every simulation.
    """

    prediction: widgets.ValueWidget

    def _build(
        self, controls: list[widgets.Widget], seed: int, extra: tuple[widgets.Widget, ...] = ()
    ) -> None:
        """Lay out ``controls`` (question, prediction, settings), the seed, Run and the output."""
        self.seed = widgets.BoundedIntText(
            value=seed, min=0, max=2**32 - 1, description=t("simulations.seed"), style=_STYLE
        )
        self.run_button = widgets.Button(
            description=self._run_text(),
            tooltip=t("simulations.run_tooltip"),
            button_style="primary",
            disabled=True,
        )
        self.lock_note = widgets.HTML(live(_esc(t("simulations.locked"))))
        self.message = widgets.HTML()
        self.announcement = announcer()
        self.output = widgets.Output()
        self.prediction.observe(lambda _: self.update_lock(), names="value")
        self.run_button.on_click(lambda _: self.run())
        self.widget = tool(
            [
                heading(t("accessibility.setup_heading")),
                *controls,
                self.seed,
                widgets.HBox([self.run_button, self.lock_note]),
                self.message,
                heading(t("common.result")),
                self.announcement,
                self.output,
                *extra,
            ]
        )

    def _run_text(self) -> str:
        return t("common.run")

    @abstractmethod
    def prediction_value(self) -> Any:
        """The learner's prediction, or None while none (or nothing usable) is entered."""

    @abstractmethod
    def describe_prediction(self, value: Any) -> str:
        """The prediction in words, for the "Your prediction" cell."""

    @abstractmethod
    def _simulate(self) -> Any:
        """Run the pure simulation with the prediction and settings (may raise InputError)."""

    @abstractmethod
    def _draw(self, result: Any, note: str = "") -> None:
        """Show ``result`` beside the prediction."""

    def run(self) -> Any:
        """Run with the prediction and seed; return the result (None if locked or a mistake)."""
        if self._locked():
            return None
        try:
            result = self._simulate()
        except InputError as error:
            self._problem(error)
            return None
        self.result = result
        self._draw(result)
        done = t("accessibility.run_done", sentence=result.compare_prediction())
        self.announcement.value = live(_esc(done))
        return result

    def set_prediction(self, value: Any) -> bool:
        """Enter a prediction as a learner would; return whether Run is now enabled."""
        self.prediction.value = value
        return self.update_lock()

    def update_lock(self) -> bool:
        """Enable Run only when a prediction is entered; return whether it is enabled."""
        ready = self.prediction_value() is not None
        self.run_button.disabled = not ready
        note = t("simulations.unlocked" if ready else "simulations.locked")
        self.lock_note.value = live(_esc(note))
        return ready

    def _locked(self) -> bool:
        """Explain and refuse when there is no prediction (a click can still arrive in code)."""
        if self.update_lock():
            return False
        self._problem(t("simulations.locked"))
        return True

    def _problem(self, text: object) -> None:
        self.message.value = live(
            f"<p><strong>{_esc(t('simulations.problem'))}</strong> {_esc(text)}</p>", problem=True
        )

    def _show(self, prediction: str, sentence: str, *objects: Any, note: str = "") -> None:
        """Prediction beside result in a two-column table, then the figure and tables."""
        self.message.value = self.announcement.value = ""
        side_by_side = (
            '<table class="academy-prediction"><thead><tr>'
            f"<th>{_esc(t('common.prediction'))}</th><th>{_esc(t('common.result'))}</th>"
            f"</tr></thead><tbody><tr><td>{_esc(prediction)}</td><td>{_esc(sentence)}</td>"
            "</tr></tbody></table>"
        )
        head = f"<p><strong>{_esc(note)}</strong></p>" if note else ""
        self.output.outputs = ()
        self.output.append_display_data(HTML(head + side_by_side))
        for item in objects:
            self.output.append_display_data(item)

    def _example_note(self, prediction: Any, seed: int) -> str:
        return t(
            "simulations.example",
            prediction=self.describe_prediction(prediction),
            seed=seed,
        )

    def _ipython_display_(self) -> None:
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _question(tool: str) -> widgets.HTML:
    """The tool's "predict first" question, in bold."""
    return widgets.HTML(f"<p><strong>{_esc(t(f'simulations.{tool}.question'))}</strong></p>")


def _help(key: str, options: Sequence[str]) -> widgets.HTML:
    """The options' meanings: ``key`` has a ``{}`` for the option; ``key_tooltip`` explains it."""
    return option_help([(t(key.format(o)), t(key.format(o) + "_tooltip")) for o in options])


def _table(frame: pd.DataFrame) -> HTML:
    return HTML(frame.to_html(index=False, float_format=lambda v: f"{v:.2f}"))


# --------------------------------------------------------------------------- red beads


class RedBeadsApp(_PredictFirstApp):
    """Deming's red beads: predict the average red beads per draw, then run the experiment.

    Attributes:
        prediction: text box for the predicted average red beads per draw.
        keep_best: when to keep the best and fire the worst (None: no round).
        result: the latest :class:`~academy.simulations.red_beads.RedBeadResult`.
    """

    #: The prediction used for the example drawn when the app is built.
    EXAMPLE_PREDICTION = 8.0

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.prediction = widgets.Text(
            value="",
            placeholder=t("simulations.red_beads.placeholder"),
            description=t("common.prediction"),
            style=_STYLE,
        )
        self.keep_best = widgets.Dropdown(
            options=[(t("simulations.red_beads.no_round"), None)]
            + [(t("simulations.red_beads.after_day", day=d), d) for d in range(1, DAYS)],
            value=2,
            description=t("simulations.red_beads.round"),
            style=_STYLE,
            layout=_WIDE,
        )
        self.keep_best.observe(lambda _: self._ask(), names="value")
        intro = t(
            "simulations.red_beads.intro", workers=len(WORKERS), days=DAYS, paddle=PADDLE_SIZE
        )
        self.question = widgets.HTML()
        controls = [widgets.HTML(f"<p>{_esc(intro)}</p>"), self.keep_best, self.question]
        self._build([*controls, self.prediction], seed)
        self._ask()
        self.result = run_red_beads(
            keep_best_after=self.keep_best.value, seed=seed, prediction=self.EXAMPLE_PREDICTION
        )
        self._draw(self.result, note=self._example_note(self.EXAMPLE_PREDICTION, seed))

    def _ask(self) -> None:
        key = "no_round_question" if self.keep_best.value is None else "round_question"
        self.question.value = f"<p><strong>{_esc(t(f'simulations.red_beads.{key}'))}</strong></p>"

    def prediction_value(self) -> float | None:
        return parse_number(self.prediction.value)

    def describe_prediction(self, value: float) -> str:
        key = "said_no_round" if self.keep_best.value is None else "said_round"
        return t(f"simulations.red_beads.{key}", value=value)

    def _simulate(self) -> RedBeadResult:
        return run_red_beads(
            keep_best_after=self.keep_best.value,
            seed=self.seed.value,
            prediction=self.prediction_value(),
        )

    def _draw(self, result: RedBeadResult, note: str = "") -> None:
        said = self.describe_prediction(result.prediction)
        self._show(said, result.compare_prediction(), red_beads_figure(result), note=note)


# --------------------------------------------------------------------------- funnel


class FunnelApp(_PredictFirstApp):
    """Deming's funnel: predict which rule gives the least variation, then drop the marbles.

    Attributes:
        prediction: radio buttons for rules 1 to 4 (none chosen at first).
        drops: marbles dropped per rule.
        dims: 2 (a table top) or 1 (a line).
        result: the latest :class:`~academy.simulations.funnel_experiment.FunnelResult`.
    """

    EXAMPLE_PREDICTION = 2

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.prediction = widgets.RadioButtons(
            options=[(t(f"simulations.funnel.rule_{r}"), r) for r in RULES],
            value=None,
            description=t("common.prediction"),
            style=_STYLE,
            layout=_WIDE,
        )
        self.drops = widgets.BoundedIntText(
            value=50, min=2, max=1000, description=t("simulations.funnel.drops"), style=_STYLE
        )
        self.dims = widgets.Dropdown(
            options=[(t("simulations.funnel.dims_2"), 2), (t("simulations.funnel.dims_1"), 1)],
            value=2,
            description=t("simulations.funnel.dims"),
            style=_STYLE,
        )
        dims_help = _help("simulations.funnel.dims_{}", ("2", "1"))
        controls = [_question("funnel"), self.prediction, self.drops, dims_help, self.dims]
        self._build(controls, seed)
        self.result = run_funnel(
            n_drops=self.drops.value,
            dims=self.dims.value,
            seed=seed,
            prediction=self.EXAMPLE_PREDICTION,
        )
        self._draw(self.result, note=self._example_note(self.EXAMPLE_PREDICTION, seed))

    def prediction_value(self) -> int | None:
        return self.prediction.value

    def describe_prediction(self, value: int) -> str:
        return t(f"simulations.funnel.rule_{value}")

    def _simulate(self) -> FunnelResult:
        return run_funnel(
            n_drops=self.drops.value,
            dims=self.dims.value,
            seed=self.seed.value,
            prediction=self.prediction_value(),
        )

    def _draw(self, result: FunnelResult, note: str = "") -> None:
        v = result.variance
        table = pd.DataFrame(
            {
                t("simulations.funnel.col_rule"): v["rule"],
                t("simulations.funnel.col_ratio"): v["ratio_to_rule_1"],
                t("simulations.funnel.col_expected"): v["expected_ratio"],
            }
        )
        said = self.describe_prediction(result.prediction)
        self._show(
            said, result.compare_prediction(), funnel_figure(result), _table(table), note=note
        )


# --------------------------------------------------------------------------- potato head


def _idea_key(idea: str) -> str:
    return "simulations.potato_head.idea_" + idea.replace(" ", "_").replace("-", "_")


class PotatoHeadApp(_PredictFirstApp):
    """The Mr Potato Head PDSA game, one cycle at a time.

    The baseline round is played when the app is built. For each cycle the
    learner ticks change ideas, predicts the median assembly time (and, if they
    like, the accuracy) and runs the cycle; the whole game is replayed by
    :func:`~academy.simulations.potato_head.play` with the same seed, so earlier
    cycles never change. The seed and runs per cycle are fixed once a cycle has
    been run; "New game" frees them. "Reveal effects" shows the hidden effects.

    Attributes:
        ideas: one checkbox per change idea, by idea name.
        prediction: text box for the predicted median time, seconds.
        accuracy: the predicted accuracy score (optional).
        runs: assemblies per cycle.
        cycles: the PDSA cycles run so far.
        result: the latest :class:`~academy.simulations.potato_head.PotatoHeadResult`.
    """

    def __init__(self, seed: int = DEFAULT_SEED, team: str | None = None) -> None:
        self.team = team or t("simulations.potato_head.team")
        self.ideas = {
            idea: widgets.Checkbox(value=False, description=t(_idea_key(idea)), indent=False)
            for idea in CHANGE_IDEAS
        }
        self.prediction = widgets.Text(
            value="",
            placeholder=t("simulations.potato_head.placeholder"),
            description=t("simulations.potato_head.predicted_time"),
            style=_STYLE,
        )
        self.accuracy = widgets.Dropdown(
            options=[(t("simulations.potato_head.no_accuracy"), None)]
            + [(t(f"simulations.potato_head.accuracy_{s}"), s) for s in (3, 2, 1)],
            value=None,
            description=t("simulations.potato_head.predicted_accuracy"),
            style=_STYLE,
            layout=_WIDE,
        )
        self.runs = widgets.BoundedIntText(
            value=6,
            min=1,
            max=MAX_RUNS,
            description=t("simulations.potato_head.runs"),
            style=_STYLE,
        )
        self.new_button = widgets.Button(
            description=t("simulations.potato_head.new_game"),
            tooltip=t("simulations.potato_head.new_game_tooltip"),
        )
        self.reveal_button = widgets.Button(
            description=t("simulations.potato_head.reveal"),
            tooltip=t("simulations.potato_head.reveal_tooltip"),
        )
        self.debrief = widgets.Output()
        # Choose the change first, then predict its result.
        controls = [
            _question("potato_head"),
            widgets.Label(t("simulations.potato_head.ideas")),
            widgets.VBox(list(self.ideas.values())),
            self.prediction,
            self.accuracy,
            self.runs,
        ]
        extra = (
            heading(t("accessibility.game_heading")),
            widgets.HBox([self.new_button, self.reveal_button]),
            self.debrief,
        )
        self._build(controls, seed, extra)
        self.new_button.on_click(lambda _: self.new_game())
        self.reveal_button.on_click(lambda _: self.reveal())
        self.new_game()

    def _run_text(self) -> str:
        return t("simulations.potato_head.run_cycle")

    def prediction_value(self) -> float | None:
        value = parse_number(self.prediction.value)
        return value if value is not None and value > 0 else None

    def describe_prediction(self, value: PDSACycle) -> str:
        if value.predicted_time is None:
            return t("simulations.potato_head.no_prediction")
        said = t("simulations.potato_head.said_time", time=value.predicted_time)
        if value.predicted_accuracy is not None:
            said += "; " + t(f"simulations.potato_head.accuracy_{value.predicted_accuracy}")
        return said

    def set_ideas(self, *ideas: str) -> tuple[str, ...]:
        """Tick exactly these change ideas (names from CHANGE_IDEAS); return the ticked ones."""
        unknown = [idea for idea in ideas if idea not in self.ideas]
        if unknown:
            raise InputError(
                t(
                    "simulations.error.potato_head_unknown_idea_ticked",
                    idea=unknown[0],
                    ideas=", ".join(self.ideas),
                )
            )
        for idea, box in self.ideas.items():
            box.value = idea in ideas
        return self.chosen_ideas()

    def chosen_ideas(self) -> tuple[str, ...]:
        """The change ideas ticked now."""
        return tuple(idea for idea, box in self.ideas.items() if box.value)

    def new_game(self) -> PotatoHeadResult:
        """Start again: play the baseline round with the seed and runs in the boxes."""
        self.cycles: list[PDSACycle] = []
        self.debrief.outputs = ()
        self.result = play([], runs_per_cycle=self.runs.value, seed=self.seed.value, team=self.team)
        self.seed.disabled = self.runs.disabled = False
        self.prediction.value = ""
        self.update_lock()
        self._draw(note=t("simulations.potato_head.baseline_note"))
        return self.result

    def _simulate(self) -> PotatoHeadResult:
        """Play the next PDSA cycle with the ticked ideas and the prediction."""
        if len(self.cycles) >= MAX_CYCLES:
            raise InputError(t("simulations.potato_head.max_cycles", cycles=MAX_CYCLES))
        cycle = PDSACycle(self.chosen_ideas(), self.prediction_value(), self.accuracy.value)
        result = play(
            [*self.cycles, cycle],
            runs_per_cycle=self.runs.value,
            seed=self.seed.value,
            team=self.team,
        )
        self.cycles.append(cycle)
        self.result = result
        self.seed.disabled = self.runs.disabled = True
        self.prediction.value = ""  # each cycle needs its own prediction
        self.accuracy.value = None
        return result

    def reveal(self) -> pd.DataFrame:
        """Show the hidden effect of each change idea (for the debrief) and return the table."""
        effects = reveal_effects()
        table = pd.DataFrame(
            {
                t("simulations.potato_head.col_idea"): [t(_idea_key(i)) for i in effects["idea"]],
                t("simulations.potato_head.col_time"): effects["time"],
                t("simulations.potato_head.col_spread"): effects["spread"],
                t("simulations.potato_head.col_missing"): effects["p_missing"],
                t("simulations.potato_head.col_misplaced"): effects["p_misplaced"],
                t("simulations.potato_head.col_verdict"): [
                    t("simulations.potato_head.verdict_" + v.replace(" ", "_"))
                    for v in effects["verdict"]
                ],
            }
        )
        intro = t("simulations.potato_head.reveal_intro")
        self.debrief.outputs = ()
        self.debrief.append_display_data(HTML(f"<p>{_esc(intro)}</p>"))
        self.debrief.append_display_data(_table(table))
        return table

    def _draw(self, result: PotatoHeadResult | None = None, note: str = "") -> None:
        result = result or self.result
        s = result.summary
        table = pd.DataFrame(
            {
                t("simulations.potato_head.col_cycle"): s["cycle"],
                t("simulations.potato_head.col_ideas"): s["ideas"],
                t("simulations.potato_head.col_predicted"): s["predicted_time_s"],
                t("simulations.potato_head.col_median"): s["median_time_s"],
                t("simulations.potato_head.col_all_correct"): s["all_correct"],
            }
        )
        self._show(
            self.describe_prediction(result.cycles[-1]),
            result.compare_prediction(),
            potato_head_figure(result),
            _table(table),
            note=note,
        )
        if len(self.cycles) >= MAX_CYCLES:
            self.run_button.disabled = True
            last = t("simulations.potato_head.max_cycles", cycles=MAX_CYCLES)
            self.lock_note.value = live(_esc(last))


# --------------------------------------------------------------------------- helicopter


class HelicopterApp(_PredictFirstApp):
    """Paper helicopter: predict the factor with the largest effect, choose a design, fly it.

    Attributes:
        prediction: radio buttons for the five factors (none chosen at first).
        design: "full", "half" or "quarter".
        replicates: how many times each design point is flown.
        result: the latest :class:`~academy.simulations.helicopter.HelicopterResult`.
    """

    EXAMPLE_PREDICTION = "A"

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.prediction = widgets.RadioButtons(
            options=[(self.describe_prediction(letter), letter) for letter in FACTORS],
            value=None,
            description=t("common.prediction"),
            style=_STYLE,
            layout=_WIDE,
        )
        self.design = widgets.Dropdown(
            options=[(t(f"simulations.helicopter.design_{name}"), name) for name in DESIGNS],
            value="half",
            description=t("simulations.helicopter.design"),
            style=_STYLE,
        )
        design_help = _help("simulations.helicopter.design_{}", DESIGNS)
        self.replicates = widgets.BoundedIntText(
            value=1, min=1, max=10, description=t("simulations.helicopter.replicates"), style=_STYLE
        )
        controls = [_question("helicopter"), self.prediction, design_help, self.design]
        self._build([*controls, self.replicates], seed)
        self.result = run_design(
            self.design.value,
            replicates=self.replicates.value,
            seed=seed,
            prediction=self.EXAMPLE_PREDICTION,
        )
        self._draw(self.result, note=self._example_note(self.EXAMPLE_PREDICTION, seed))

    def prediction_value(self) -> str | None:
        return self.prediction.value

    def describe_prediction(self, value: str) -> str:
        name = t(f"simulations.helicopter.factor_{value}")
        low = t(f"simulations.helicopter.low_{value}")
        high = t(f"simulations.helicopter.high_{value}")
        return f"{value}: {name} ({low} / {high})"

    def _simulate(self) -> HelicopterResult:
        return run_design(
            self.design.value,
            replicates=self.replicates.value,
            seed=self.seed.value,
            prediction=self.prediction_value(),
        )

    def run_sheet(self, result: HelicopterResult) -> pd.DataFrame:
        """The run sheet in flying order, settings in words, with each flight time."""
        sheet = result.run_sheet()
        names = {"run": t("simulations.helicopter.col_run")} | {
            f.name: t(f"simulations.helicopter.factor_{letter}") for letter, f in FACTORS.items()
        }
        sheet = sheet.rename(columns=names)
        sheet[t("simulations.helicopter.col_time")] = result.runs["flight_time_s"].to_numpy()
        return sheet

    def _draw(self, result: HelicopterResult, note: str = "") -> None:
        resolution = (
            t("simulations.helicopter.full_resolution")
            if result.resolution is None
            else t("simulations.helicopter.resolution", resolution=_roman(result.resolution))
        )
        runs = t("simulations.helicopter.runs", runs=len(result.runs), resolution=resolution)
        self._show(
            self.describe_prediction(result.prediction),
            result.compare_prediction(),
            helicopter_figure(result),
            HTML(f"<p>{_esc(runs)}</p>"),
            _table(self.run_sheet(result)),
            note=note,
        )


def _roman(number: int) -> str:
    """Design resolution in Roman numerals, as BHH ch. 6 writes it (III, IV, V)."""
    return {3: "III", 4: "IV", 5: "V"}.get(number, str(number))
