"""A NEWS2 calculator for teaching: seven observations in, scores and response out.

Scoring is done by :func:`academy.news2.news2_score` (Royal College of
Physicians, *National Early Warning Score (NEWS) 2*, London: RCP, 2017, Charts
2-4); this module lays out the inputs and shows the result in words, so that
nothing depends on colour. It is a teaching tool, not a clinical device.

The two either-or inputs (air or oxygen, SpO2 scale) are drop-down lists, not
toggle buttons: ipywidgets' toggle buttons do not tell a screen reader which
one is chosen (see :mod:`academy.widgets._access`). The result is announced
when it changes.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from academy.errors import InputError
from academy.i18n import t
from academy.news2 import CONSCIOUSNESS, PARAMETERS, PLAUSIBLE, News2Result, news2_score
from academy.widgets._access import heading, live, option_help, tool

_STYLE = {"description_width": "initial"}

#: Numeric inputs: parameter -> (starting value, step). Bounds are :data:`academy.news2.PLAUSIBLE`.
NUMERIC: dict[str, tuple[float, float]] = {
    "respiration_rate": (16, 1),
    "spo2": (97, 1),
    "systolic_bp": (120, 1),
    "pulse": (72, 1),
    "temperature": (37.0, 0.1),
}


def _escape(text: object) -> str:
    return html.escape(str(text))


class News2App:
    """Inputs for the seven NEWS2 parameters and the score, red flag and response in words.

    Every change of an input rescores at once. The starting values (a well
    adult: every parameter scores 0) are drawn when the app is built.

    Attributes:
        inputs: the controls by parameter name (``respiration_rate``, ``spo2``,
            ``on_oxygen``, ``systolic_bp``, ``pulse``, ``consciousness``,
            ``temperature``, ``spo2_scale``).
        result: the latest :class:`~academy.news2.News2Result`, or None after a mistake.
    """

    def __init__(self) -> None:
        self.inputs: dict[str, widgets.ValueWidget] = {}
        for name, (start, step) in NUMERIC.items():
            low, high = PLAUSIBLE[name]
            cls = widgets.BoundedFloatText if step < 1 else widgets.BoundedIntText
            self.inputs[name] = cls(
                value=start,
                min=low,
                max=high,
                step=step,
                description=t(f"news2.{name}"),
                style=_STYLE,
            )
        self.inputs["on_oxygen"] = widgets.Dropdown(
            options=[(t("news2.air"), False), (t("news2.oxygen"), True)],
            value=False,
            description=t("news2.air_or_oxygen"),
            style=_STYLE,
        )
        self.inputs["consciousness"] = widgets.Dropdown(
            options=[(t(f"news2.acvpu_{letter}"), letter) for letter in CONSCIOUSNESS],
            value="A",
            description=t("news2.consciousness"),
            style=_STYLE,
        )
        self.inputs["spo2_scale"] = widgets.Dropdown(
            options=[(t("news2.scale_1"), 1), (t("news2.scale_2"), 2)],
            value=1,
            description=t("news2.spo2_scale"),
            style=_STYLE,
        )
        self.result: News2Result | None = None
        self.summary = widgets.HTML()
        self.output = widgets.Output()
        inputs = self.inputs
        scale_help = [("news2.scale_1", "news2.scale_1_tooltip")]
        scale_help += [("news2.scale_2", "news2.scale_2_tooltip")]
        air_help = [("news2.air", "news2.air_tooltip"), ("news2.oxygen", "news2.oxygen_tooltip")]
        later = ("systolic_bp", "pulse", "consciousness", "temperature")
        self.widget = tool(
            [
                widgets.HTML(f"<p><strong>{_escape(t('news2.teaching_note'))}</strong></p>"),
                heading(t("accessibility.news2_observations")),
                inputs["respiration_rate"],
                inputs["spo2"],
                option_help([(t(option), t(meaning)) for option, meaning in scale_help]),
                inputs["spo2_scale"],
                widgets.HTML(f"<p><em>{_escape(t('news2.scale_2_caveat'))}</em></p>"),
                option_help([(t(option), t(meaning)) for option, meaning in air_help]),
                inputs["on_oxygen"],
                *(inputs[name] for name in later),
                heading(t("common.result")),
                self.summary,
                self.output,
            ]
        )
        for control in self.inputs.values():
            control.observe(lambda _: self.score(), names="value")
        self.score()

    def set_values(self, **values: Any) -> News2Result | None:
        """Set inputs by name (see :attr:`inputs`), as a learner would, and return the result."""
        unknown = sorted(set(values) - set(self.inputs))
        if unknown:
            raise InputError(
                t("news2.error.unknown_input", name=unknown[0], inputs=", ".join(self.inputs))
            )
        for name, value in values.items():
            self.inputs[name].value = value
        return self.score()

    def score(self) -> News2Result | None:
        """Score the current inputs and show the result; return it (None after a mistake)."""
        values = {name: control.value for name, control in self.inputs.items()}
        try:
            self.result = news2_score(
                values["respiration_rate"],
                values["spo2"],
                values["on_oxygen"],
                values["systolic_bp"],
                values["pulse"],
                values["consciousness"],
                values["temperature"],
                spo2_scale=values["spo2_scale"],
            )
        except InputError as error:
            self.result = None
            problem = f"<p><strong>{_escape(t('news2.problem'))}</strong> {_escape(error)}</p>"
            self.summary.value = live(problem, problem=True)
            self._show()
            return None
        self.summary.value = live(self.summary_html())
        self._show(HTML(self.table(self.result).to_html(index=False)))
        return self.result

    def table(self, result: News2Result) -> pd.DataFrame:
        """One row per parameter: its name, the value as scored and its score."""
        shown = dict(result.values)
        shown["air_or_oxygen"] = t(f"news2.{shown['air_or_oxygen']}")
        shown["consciousness"] = t(f"news2.acvpu_{shown['consciousness']}")
        return pd.DataFrame(
            {
                t("news2.col_parameter"): [t(f"news2.{key}") for key in PARAMETERS],
                t("news2.col_value"): [shown[key] for key in PARAMETERS],
                t("news2.col_score"): [result.subscores[key] for key in PARAMETERS],
            }
        )

    def summary_html(self) -> str:
        """The total, the red flag and the response band, all in words."""
        result = self.result
        if result is None:
            return ""
        red = t("news2.red_yes") if result.red_score else t("news2.red_no")
        band = result.band
        lines = [
            t("news2.total", total=result.total, scale=result.spo2_scale),
            t("news2.red_flag", answer=red),
            t("news2.risk", risk=band.clinical_risk, trigger=band.trigger),
            t("news2.monitoring", monitoring=band.monitoring),
            t("news2.response", response=band.response),
        ]
        return "<ul>" + "".join(f"<li>{_escape(line)}</li>" for line in lines) + "</ul>"

    def _show(self, *objects: Any) -> None:
        self.output.outputs = ()
        for item in objects:
            self.output.append_display_data(item)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
