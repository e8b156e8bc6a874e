"""A NEWS2 calculator for teaching: seven observations in, scores and response out.

Scoring is done by :func:`academy.news2.news2_score` (Royal College of
Physicians, *National Early Warning Score (NEWS) 2*, London: RCP, 2017, Charts
2-4); this module lays out the inputs and shows the result in words, so that
nothing depends on colour. It is a teaching tool, not a clinical device.
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
        self.inputs["on_oxygen"] = widgets.ToggleButtons(
            options=[(t("news2.air"), False), (t("news2.oxygen"), True)],
            value=False,
            description=t("news2.air_or_oxygen"),
            tooltips=[t("news2.air_tooltip"), t("news2.oxygen_tooltip")],
            style=_STYLE,
        )
        self.inputs["consciousness"] = widgets.Dropdown(
            options=[(t(f"news2.acvpu_{letter}"), letter) for letter in CONSCIOUSNESS],
            value="A",
            description=t("news2.consciousness"),
            style=_STYLE,
        )
        self.inputs["spo2_scale"] = widgets.ToggleButtons(
            options=[(t("news2.scale_1"), 1), (t("news2.scale_2"), 2)],
            value=1,
            description=t("news2.spo2_scale"),
            tooltips=[t("news2.scale_1_tooltip"), t("news2.scale_2_tooltip")],
            style=_STYLE,
        )
        self.result: News2Result | None = None
        self.output = widgets.Output()
        order = [
            "respiration_rate",
            "spo2",
            "spo2_scale",
            "on_oxygen",
            "systolic_bp",
            "pulse",
            "consciousness",
            "temperature",
        ]
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<p><strong>{_escape(t('news2.teaching_note'))}</strong></p>"),
                *(self.inputs[name] for name in order[:3]),
                widgets.HTML(f"<p><em>{_escape(t('news2.scale_2_caveat'))}</em></p>"),
                *(self.inputs[name] for name in order[3:]),
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
                f"unknown NEWS2 input {unknown[0]!r}; use one of {', '.join(self.inputs)}"
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
            self._show(
                HTML(f"<p><strong>{_escape(t('news2.problem'))}</strong> {_escape(error)}</p>")
            )
            return None
        self._show(HTML(self.table(self.result).to_html(index=False)), HTML(self.summary_html()))
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
