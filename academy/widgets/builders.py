"""Forms for the builders: driver diagram, fishbone and measurement plan.

The content, its checks, the JSON files and the figures all come from
:mod:`academy.builders`; these classes collect text from the learner, call
those functions, redraw the figure (with the builder's outline as alt text) and
save or load the file. Every change is first made on a copy and checked with
the builder's ``*_from_dict``, so a mistake is reported in one line and leaves
the diagram as it was.

Languages: labels, messages, figures and outlines follow
:func:`academy.i18n.set_language`; the JSON files keep the builders'
language-independent content (see :mod:`academy.builders.fishbone` and
:mod:`academy.builders.measurement_plan`), so a file saved in Welsh loads in
English. The data dictionary CSV export keeps English column names (it is data).
"""

from __future__ import annotations

import copy
import html
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from IPython.display import HTML
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from academy.builders import (
    HEALTHCARE_CATEGORIES,
    MEASURE_TYPES,
    Category,
    Cause,
    ChangeIdea,
    DriverDiagram,
    Fishbone,
    Measure,
    MeasurementPlan,
    PrimaryDriver,
    SecondaryDriver,
    data_dictionary_markdown,
    driver_diagram_from_dict,
    driver_diagram_outline,
    driver_diagram_to_dict,
    export_data_dictionary,
    family_gaps,
    fishbone_from_dict,
    fishbone_outline,
    fishbone_to_dict,
    load_driver_diagram,
    load_fishbone,
    load_plan,
    plan_from_dict,
    plan_to_dict,
    plot_driver_diagram,
    plot_fishbone,
    plot_measurement_plan,
    save_driver_diagram,
    save_fishbone,
    save_plan,
)
from academy.builders.fishbone import category_label
from academy.display import show_figure
from academy.errors import InputError
from academy.i18n import t
from academy.spc.limits import CHART_TYPES
from academy.widgets._access import heading, live, tool

_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="95%")

#: Levels of a driver diagram that the form can add to.
LEVELS = ("primary", "secondary", "change_idea")


def split_list(text: str) -> list[str]:
    """Split text typed as ``a; b; c`` into its non-blank items."""
    return [item.strip() for item in text.split(";") if item.strip()]


def _text(key: str, value: str = "", *, area: bool = False) -> widgets.Text | widgets.Textarea:
    cls = widgets.Textarea if area else widgets.Text
    return cls(value, description=t(key), style=_STYLE, layout=_WIDE, continuous_update=False)


def _button(key: str, action: Callable[[], Any], style: str = "") -> widgets.Button:
    button = widgets.Button(description=t(key), tooltip=t(f"{key}_tooltip"), button_style=style)
    button.layout.width = "auto"
    button.on_click(lambda _: action())
    return button


def _show(output: widgets.Output, *objects: Any) -> None:
    """Replace what ``output`` shows (set directly, so it works with or without a kernel)."""
    output.outputs = ()
    for item in objects:
        output.append_display_data(item)


def builder_figure(plot: Callable[..., Axes], content: Any) -> Figure:
    """Draw ``content`` with a builder's ``plot_*`` on a new Figure sized to fit it.

    The builders lay out in inches: the axes' limits are the width and height
    the drawing needs, so the figure is resized to them after drawing.
    """
    fig = Figure()
    ax = plot(content, ax=fig.add_axes((0, 0, 1, 1)))
    width, height = ax.get_xlim()[1], ax.get_ylim()[0]
    fig.set_size_inches(width, height)
    return fig


class _BuilderApp(ABC):
    """Shared parts: a path, messages, a figure output, Save and Load buttons."""

    save_function: Callable[[Any, Path], Path]
    load_function: Callable[[Path], Any]

    def __init__(self, path: str | os.PathLike[str], content: Any) -> None:
        self.path = Path(path)
        self.content = self.load_function(self.path) if self.path.exists() else content
        self.message = widgets.HTML()
        self.output = widgets.Output()
        self.save_button = _button("builders.save", self._click(self.save), "primary")
        self.load_button = _button("builders.load", self._click(self.load))

    def _click(self, action: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            try:
                action()
            except (InputError, OSError) as error:  # shown in the message line
                self._say(str(error), ok=False)

        return run

    def _say(self, text: str, ok: bool = True) -> None:
        """Show a one-line message, announced to screen readers; a problem starts with a word."""
        prefix = "" if ok else f"<strong>{html.escape(t('builders.problem'))}</strong> "
        self.message.value = live(f"<p>{prefix}{html.escape(text)}</p>", problem=not ok)

    def _finish(self, *buttons: widgets.Button) -> list[widgets.Widget]:
        """The end of every builder: file buttons, the message line and the drawing."""
        return [
            heading(t("accessibility.builders_file_heading")),
            widgets.HBox([self.save_button, self.load_button, *buttons]),
            self.message,
            heading(t("accessibility.builders_drawing_heading")),
            self.output,
        ]

    def _change(self, edit: Callable[[Any], None], check: Callable[[Any], Any]) -> Any:
        """Apply ``edit`` to a copy, check it, then keep it and redraw; report a mistake."""
        candidate = copy.deepcopy(self.content)
        edit(candidate)
        try:
            check(candidate)
        except InputError as error:
            self._say(str(error), ok=False)
            raise
        self.content = candidate
        self.draw()
        return candidate

    def save(self) -> Path:
        """Save to the JSON file (checked, atomic); return its path."""
        try:
            path = self.save_function(self.content, self.path)
        except InputError as error:
            self._say(str(error), ok=False)
            raise
        self._say(t("builders.saved", file=path.name))
        return path

    def load(self) -> Any:
        """Read the JSON file again and redraw; return the content."""
        try:
            self.content = self.load_function(self.path)
        except InputError as error:
            self._say(str(error), ok=False)
            raise
        self._say(t("builders.loaded", file=self.path.name))
        self.draw()
        return self.content

    @abstractmethod
    def draw(self) -> None:
        """Redraw the builder's figure from ``self.content``."""

    def _draw_figure(self, plot: Callable[..., Axes], outline: Callable[[Any], str]) -> bool:
        """Show the figure with its outline as alt text, or the reason it cannot be drawn."""
        try:
            alt = outline(self.content)
            figure = builder_figure(plot, self.content)
        except InputError as error:
            _show(
                self.output, HTML(f"<p>{html.escape(t('builders.cannot_draw', error=error))}</p>")
            )
            return False
        _show(self.output, show_figure(figure, alt=alt))
        return True

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


class DriverDiagramApp(_BuilderApp):
    """Build a driver diagram: aim and measures, then drivers and change ideas one at a time.

    Args:
        path: the JSON file; loaded if it exists.
        diagram: the starting diagram when the file does not exist (default: an empty aim).
    """

    save_function = staticmethod(save_driver_diagram)
    load_function = staticmethod(load_driver_diagram)

    def __init__(
        self,
        path: str | os.PathLike[str] = "driver-diagram.json",
        diagram: DriverDiagram | None = None,
    ) -> None:
        super().__init__(path, copy.deepcopy(diagram) if diagram else DriverDiagram(""))
        self.content: DriverDiagram
        self.aim = _text("builders.dd_aim", self.content.aim, area=True)
        self.aim_measures = _text("builders.dd_outcome_measures", "; ".join(self.content.measures))
        self.aim_button = _button("builders.dd_set_aim", self._click(self.set_aim))
        self.level = widgets.Dropdown(
            options=[(t(f"builders.dd_level_{level}"), level) for level in LEVELS],
            description=t("builders.dd_level"),
            style=_STYLE,
        )
        self.parent = widgets.Dropdown(description=t("builders.dd_parent"), style=_STYLE)
        self.item_text = _text("builders.dd_text")
        self.item_measures = _text("builders.dd_measures")
        self.add_button = _button("builders.dd_add", self._click(self.add))
        self.level.observe(lambda _: self._refresh_parents(), names="value")
        self.widget = tool(
            [
                heading(t("accessibility.dd_aim_heading")),
                self.aim,
                self.aim_measures,
                self.aim_button,
                heading(t("builders.dd_add_heading")),
                self.level,
                self.parent,
                self.item_text,
                self.item_measures,
                self.add_button,
                *self._finish(),
            ]
        )
        self.draw()

    def _refresh_parents(self) -> None:
        level = self.level.value
        if level == "primary":
            options: list[tuple[str, tuple[int, ...]]] = [(t("builders.dd_parent_aim"), ())]
        elif level == "secondary":
            options = [(p.text, (i,)) for i, p in enumerate(self.content.primary_drivers)]
        else:
            options = [
                (f"{p.text} › {s.text}", (i, j))
                for i, p in enumerate(self.content.primary_drivers)
                for j, s in enumerate(p.secondary_drivers)
            ]
        keep = self.parent.value
        self.parent.options = options
        values = [value for _, value in options]
        self.parent.value = keep if keep in values else (values[0] if values else None)
        self.parent.disabled = level == "primary"

    def set_aim(self, aim: str | None = None, measures: Sequence[str] | None = None) -> str:
        """Set the aim and its outcome measures (from the boxes unless given); return the aim."""
        if aim is not None:
            self.aim.value = aim
        if measures is not None:
            self.aim_measures.value = "; ".join(measures)

        def edit(diagram: DriverDiagram) -> None:
            diagram.aim = self.aim.value
            diagram.measures = split_list(self.aim_measures.value)

        return self._change(edit, _check_diagram).aim

    def add(
        self,
        level: str | None = None,
        text: str | None = None,
        parent: tuple[int, ...] | None = None,
        measures: Sequence[str] | None = None,
    ) -> DriverDiagram:
        """Add a primary driver, secondary driver or change idea under the chosen parent.

        Arguments given here are first put in the form's controls (as a learner
        would); the rest are read from them. ``parent`` is ``()`` for a primary
        driver, ``(i,)`` for a secondary driver under primary driver ``i`` and
        ``(i, j)`` for a change idea under its secondary driver ``j``.
        """
        if level is not None:
            self.level.value = level
        if parent is not None:
            self.parent.value = parent
        if text is not None:
            self.item_text.value = text
        if measures is not None:
            self.item_measures.value = "; ".join(measures)
        if self.parent.value is None:
            raise self._problem(t("builders.dd_no_parent"))
        item_text, item_measures = self.item_text.value, split_list(self.item_measures.value)
        where = self.parent.value

        def edit(diagram: DriverDiagram) -> None:
            if self.level.value == "primary":
                diagram.primary_drivers.append(PrimaryDriver(item_text, item_measures))
            elif self.level.value == "secondary":
                primary = diagram.primary_drivers[where[0]]
                primary.secondary_drivers.append(SecondaryDriver(item_text, item_measures))
            else:
                secondary = diagram.primary_drivers[where[0]].secondary_drivers[where[1]]
                secondary.change_ideas.append(ChangeIdea(item_text, item_measures))

        diagram = self._change(edit, _check_diagram)
        self.item_text.value = self.item_measures.value = ""
        return diagram

    def _problem(self, text: str) -> InputError:
        self._say(text, ok=False)
        return InputError(text)

    def draw(self) -> None:
        """Redraw the figure and refresh the parent choices."""
        self._refresh_parents()
        self._draw_figure(plot_driver_diagram, driver_diagram_outline)


def _check_diagram(diagram: DriverDiagram) -> None:
    driver_diagram_from_dict(driver_diagram_to_dict(diagram))


class FishboneApp(_BuilderApp):
    """Build a fishbone (cause-and-effect) diagram: the effect, then causes by category.

    Args:
        path: the JSON file; loaded if it exists.
        fishbone: the starting diagram when the file does not exist (default: an
            empty effect and the health-care categories).
    """

    save_function = staticmethod(save_fishbone)
    load_function = staticmethod(load_fishbone)

    def __init__(
        self, path: str | os.PathLike[str] = "fishbone.json", fishbone: Fishbone | None = None
    ) -> None:
        start = fishbone or Fishbone("", [Category(name) for name in HEALTHCARE_CATEGORIES])
        super().__init__(path, copy.deepcopy(start))
        self.content: Fishbone
        self.effect = _text("builders.fb_effect", self.content.effect)
        self.effect_button = _button("builders.fb_set_effect", self._click(self.set_effect))
        self.category = widgets.Dropdown(description=t("builders.fb_category"), style=_STYLE)
        self.cause = _text("builders.fb_cause")
        self.whys = _text("builders.fb_whys")
        self.add_button = _button("builders.fb_add", self._click(self.add))
        self.widget = tool(
            [
                heading(t("accessibility.fb_effect_heading")),
                self.effect,
                self.effect_button,
                heading(t("builders.fb_add_heading")),
                self.category,
                self.cause,
                self.whys,
                self.add_button,
                *self._finish(),
            ]
        )
        self.draw()

    def set_effect(self, effect: str | None = None) -> str:
        """Set the effect (the problem) from the box unless given; return it."""
        if effect is not None:
            self.effect.value = effect

        def edit(fishbone: Fishbone) -> None:
            fishbone.effect = self.effect.value

        return self._change(edit, _check_fishbone).effect

    def add(
        self,
        category: str | None = None,
        cause: str | None = None,
        whys: Sequence[str] | None = None,
    ) -> Fishbone:
        """Add a cause (with optional answers to "why?") to a category; return the diagram."""
        if category is not None:
            self.category.value = category
        if cause is not None:
            self.cause.value = cause
        if whys is not None:
            self.whys.value = "; ".join(whys)
        name, text, chain = self.category.value, self.cause.value, split_list(self.whys.value)

        def edit(fishbone: Fishbone) -> None:
            target = next(c for c in fishbone.categories if c.name == name)
            target.causes.append(Cause(text, chain))

        fishbone = self._change(edit, _check_fishbone)
        self.cause.value = self.whys.value = ""
        return fishbone

    def draw(self) -> None:
        """Redraw the figure and refresh the category choices."""
        names = [c.name for c in self.content.categories]
        keep = self.category.value
        self.category.options = [(category_label(name), name) for name in names]
        self.category.value = keep if keep in names else names[0]
        self._draw_figure(plot_fishbone, fishbone_outline)


def _check_fishbone(fishbone: Fishbone) -> None:
    fishbone_from_dict(fishbone_to_dict(fishbone))


#: Measure fields typed in text boxes, with their label keys, in form order.
MEASURE_TEXT_FIELDS = {
    "name": "builders.mp_name",
    "numerator": "builders.mp_numerator",
    "denominator": "builders.mp_denominator",
    "inclusions": "builders.mp_inclusions",
    "exclusions": "builders.mp_exclusions",
    "data_source": "builders.mp_data_source",
    "frequency": "builders.mp_frequency",
    "owner": "builders.mp_owner",
}


class MeasurementPlanApp(_BuilderApp):
    """Build a measurement plan: the aim, then one measure at a time with its definition.

    Args:
        path: the JSON file; loaded if it exists. The data dictionary export is
            written beside it, with the suffix ``.csv``.
        plan: the starting plan when the file does not exist (default: an empty aim).
    """

    save_function = staticmethod(save_plan)
    load_function = staticmethod(load_plan)

    def __init__(
        self,
        path: str | os.PathLike[str] = "measurement-plan.json",
        plan: MeasurementPlan | None = None,
    ) -> None:
        super().__init__(path, copy.deepcopy(plan) if plan else MeasurementPlan(""))
        self.content: MeasurementPlan
        self.aim = _text("builders.mp_aim", self.content.aim, area=True)
        self.aim_button = _button("builders.mp_set_aim", self._click(self.set_aim))
        self.measure_type = widgets.Dropdown(
            options=[(t(f"builders.mp_type_{kind}"), kind) for kind in MEASURE_TYPES],
            description=t("builders.mp_type"),
            style=_STYLE,
        )
        self.fields = {name: _text(key) for name, key in MEASURE_TEXT_FIELDS.items()}
        self.chart_type = widgets.Dropdown(
            options=[(t(f"common.chart_{c}"), c) for c in CHART_TYPES],
            value="run",
            description=t("builders.mp_chart"),
            style=_STYLE,
        )
        self.add_button = _button("builders.mp_add", self._click(self.add))
        self.export_button = _button("builders.mp_export", self._click(self.export))
        self.gaps = widgets.HTML()
        self.widget = tool(
            [
                heading(t("accessibility.mp_aim_heading")),
                self.aim,
                self.aim_button,
                heading(t("builders.mp_add_heading")),
                self.fields["name"],
                self.measure_type,
                *(self.fields[name] for name in list(MEASURE_TEXT_FIELDS)[1:]),
                self.chart_type,
                self.add_button,
                self.gaps,
                *self._finish(self.export_button),
            ]
        )
        self.draw()

    def set_aim(self, aim: str | None = None) -> str:
        """Set the aim from the box unless given; return it."""
        if aim is not None:
            self.aim.value = aim

        def edit(plan: MeasurementPlan) -> None:
            plan.aim = self.aim.value

        return self._change(edit, _check_plan).aim

    def add(self, **values: str) -> MeasurementPlan:
        """Add a measure from the form; keyword arguments first fill the named boxes.

        Names: ``measure_type``, ``chart_type`` and those of :data:`MEASURE_TEXT_FIELDS`.
        """
        controls = {**self.fields, "measure_type": self.measure_type, "chart_type": self.chart_type}
        unknown = sorted(set(values) - set(controls))
        if unknown:
            raise InputError(
                t(
                    "builders.error.unknown_measure_field",
                    field=unknown[0],
                    known=", ".join(controls),
                )
            )
        for name, value in values.items():
            controls[name].value = value
        measure = Measure(**{name: control.value for name, control in controls.items()})

        def edit(plan: MeasurementPlan) -> None:
            plan.measures.append(measure)

        plan = self._change(edit, _check_plan)
        for control in self.fields.values():
            control.value = ""
        return plan

    def export(self) -> Path:
        """Write the data dictionary to CSV beside the plan's file; return its path."""
        path = export_data_dictionary(self.content, self.path.with_suffix(".csv"))
        self._say(t("builders.exported", file=path.name))
        return path

    def draw(self) -> None:
        """Redraw the plan's table figure and say which types of measure are missing."""
        if self._draw_figure(plot_measurement_plan, data_dictionary_markdown):
            missing = family_gaps(self.content)
            text = (
                t("builders.mp_gaps", types=", ".join(t(f"builders.mp_type_{k}") for k in missing))
                if missing
                else t("builders.mp_balanced")
            )
            self.gaps.value = live(f"<p>{html.escape(text)}</p>")


def _check_plan(plan: MeasurementPlan) -> None:
    plan_from_dict(plan_to_dict(plan))
