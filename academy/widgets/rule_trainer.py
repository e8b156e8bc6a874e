"""Run-chart rule trainer: spot the IHI run chart signals, check, and move on.

The series, the answer key and the marking come from :mod:`academy.trainer`;
this module shows the chart, collects the learner's answer and shows the
feedback and running score. The chart is drawn without signal markers, and its
alt text lists the values rather than the signals, so that neither gives the
answer away.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

from academy.display import show_figure
from academy.errors import InputError
from academy.i18n import t
from academy.spc.plot import plot_chart
from academy.trainer import (
    SIGNALS,
    Answer,
    Feedback,
    Score,
    Series,
    mark,
    parse_points,
    series_for_round,
)
from academy.widgets._access import live, tool

__all__ = ["RuleTrainerApp"]


class RuleTrainerApp:
    """One run chart at a time: tick the signals, name the points, Check, then Next.

    Args:
        seed: seed of the session; the same seed gives the same charts in the same order.
    """

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.round = 0
        self.series: Series = series_for_round(seed, 0)
        self.score = Score()
        self.feedback: Feedback | None = None
        style = {"description_width": "initial"}

        self.heading = widgets.HTML()
        self.intro = widgets.HTML(f"<p>{html.escape(t('rule_trainer.intro'))}</p>")
        self.chart_out = widgets.Output()
        self.boxes = {
            kind: widgets.Checkbox(
                value=False,
                description=t(f"rule_trainer.signal.{kind}"),
                indent=False,
                style=style,
                layout=widgets.Layout(width="auto"),
            )
            for kind in SIGNALS
        }
        self.points = widgets.Text(
            description=t("rule_trainer.points"),
            placeholder="3-9",
            tooltip=t("rule_trainer.points_help"),
            style=style,
            layout=widgets.Layout(width="60%"),
        )
        self.check_button = widgets.Button(
            description=t("common.check"),
            tooltip=t("rule_trainer.check_tooltip"),
            button_style="primary",
        )
        self.next_button = widgets.Button(
            description=t("common.next"), tooltip=t("rule_trainer.next_tooltip")
        )
        self.message = widgets.HTML()
        self.feedback_box = widgets.HTML()
        self.score_label = widgets.HTML(html.escape(self.score.text))

        self.check_button.on_click(lambda _: self.check())
        self.next_button.on_click(lambda _: self.next())
        self.widget = tool(
            [
                self.heading,
                self.intro,
                self.chart_out,
                widgets.HTML(f"<p>{html.escape(t('rule_trainer.signals_label'))}</p>"),
                *self.boxes.values(),
                self.points,
                widgets.HBox([self.check_button, self.next_button]),
                self.message,
                self.feedback_box,
                self.score_label,
            ]
        )
        self.draw()

    def draw(self) -> None:
        """Show the current series as a plain run chart (no signal markers)."""
        # A status around the heading: pressing Next announces the new chart's title.
        self.heading.value = live(
            f"<h3>{html.escape(t('rule_trainer.round', number=self.round + 1))}: "
            f"{html.escape(self.series.title)}</h3>"
        )
        fig = Figure(figsize=(8, 4), layout="constrained")
        plot_chart(self.series.result(), ax=fig.add_subplot(), annotate_signals=False)
        self.chart_out.outputs = ()
        self.chart_out.append_display_data(show_figure(fig, alt=self.series.alt_text()))

    def set_answer(self, signals: tuple[str, ...] | list[str] = (), points: str = "") -> None:
        """Tick exactly ``signals`` (ids of :data:`academy.trainer.SIGNALS`) and type ``points``."""
        unknown = [s for s in signals if s not in self.boxes]
        if unknown:
            raise InputError(
                t(
                    "rule_trainer.error.unknown_signal",
                    signal=unknown[0],
                    signals=", ".join(SIGNALS),
                )
            )
        for kind, box in self.boxes.items():
            box.value = kind in signals
        self.points.value = points

    def answer(self) -> Answer:
        """The answer in the controls (raises InputError for unreadable points)."""
        return Answer(
            frozenset(k for k, box in self.boxes.items() if box.value),
            parse_points(self.points.value, len(self.series.values)),
        )

    def check(self) -> Feedback | None:
        """Mark the answer, show the feedback and update the score.

        Returns:
            The feedback, or None when the points box cannot be read (shown as one line).
        """
        try:
            answer = self.answer()
        except InputError as error:
            text = html.escape(t("rule_trainer.error", message=str(error)))
            self.message.value = live(f"<p>{text}</p>", problem=True)
            return None
        self.message.value = ""
        self.feedback = mark(self.series, answer)
        self.score.record(self.series, self.feedback)
        lines = self.feedback.lines
        items = "".join(f"<li>{html.escape(line.removeprefix('- '))}</li>" for line in lines[1:])
        # The verdict is announced; the details stay on the page to be read at will.
        verdict = live(f"<p><strong>{html.escape(lines[0])}</strong></p>")
        self.feedback_box.value = f"{verdict}<ul>{items}</ul>"
        self.score_label.value = html.escape(self.score.text)
        return self.feedback

    def next(self) -> Series:
        """Clear the answer and show the next chart."""
        self.round += 1
        self.series = series_for_round(self.seed, self.round)
        self.feedback = None
        self.set_answer()
        self.message.value = ""
        self.feedback_box.value = ""
        self.draw()
        return self.series

    def _ipython_display_(self) -> None:
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
