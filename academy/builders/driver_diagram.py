"""Driver diagram builder: aim → primary drivers → secondary drivers → change ideas.

A driver diagram sets out a team's theory of improvement: the aim, the primary
drivers (the few system components that must change to reach it), the secondary
drivers that act on each primary driver, and the change ideas to test on each
secondary driver, each with the measures that will show whether it is working
(Provost LP, Bennett B. What's your theory? Driver diagram serves as tool for
building and testing theories for improvement. *Quality Progress* 2015;48(7):36-43).

The diagram is stored as a tree: each secondary driver belongs to one primary
driver and each change idea to one secondary driver. Where a change idea acts on
two drivers (Provost & Bennett draw such cross-links), list it under each.

Languages: the JSON file holds only the learner's own text under fixed English
field names, so it opens whichever language the tools are in. What a person
reads, the outline and the figure's headings and labels, follows
:func:`academy.i18n.set_language` (strings ``builders.dd_*`` in
``academy/i18n/strings/builders.csv``).

>>> d = DriverDiagram("Cut falls on ward 7 by 50% by March", ["Falls per 1,000 bed days"])
>>> d.primary_drivers.append(PrimaryDriver("Reliable risk assessment"))
>>> driver_diagram_from_dict(driver_diagram_to_dict(d)) == d
True
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from academy.builders.canvas import inch_canvas
from academy.builders.storage import (
    load_document,
    require_keys,
    require_list,
    require_mapping,
    require_text,
    require_texts,
    save_document,
)
from academy.i18n import t

SCHEMA = "driver_diagram"

#: Strings table keys of the figure's column headings, left to right.
COLUMNS = (
    "builders.dd_col_aim",
    "builders.dd_col_primary",
    "builders.dd_col_secondary",
    "builders.dd_col_change_ideas",
)

FONT = 9
LINE = FONT * 1.4 / 72  # height of one line of text, inches
BOX_WIDTH = 2.3  # inches
WRAP = 30  # characters per line inside a box (about 0.07 inch each at 9 pt)
PAD = 0.08  # inches between a box's edge and its text
COLUMN_GAP = 0.6
ROW_GAP = 0.15
MARGIN = 0.2
HEADER = 0.4

#: Box style of each column: the line width and style differ so that the
#: columns read without colour (the headings name them too). Fills are pale
#: tints of Okabe-Ito colours (Okabe & Ito 2008, *Color Universal Design*):
#: blue, sky blue, bluish green, yellow.
BOX_STYLE: tuple[dict[str, Any], ...] = (
    {"lw": 2.2, "ls": "-", "fc": "#0072B2"},
    {"lw": 1.5, "ls": "-", "fc": "#56B4E9"},
    {"lw": 1.0, "ls": "-", "fc": "#009E73"},
    {"lw": 1.0, "ls": "--", "fc": "#F0E442"},
)
FILL_ALPHA = 0.15


@dataclass
class ChangeIdea:
    """An idea to test with PDSA cycles, and the measures that will show its effect."""

    text: str
    measures: list[str] = field(default_factory=list)


@dataclass
class SecondaryDriver:
    """A driver acting on a primary driver, with its change ideas."""

    text: str
    measures: list[str] = field(default_factory=list)
    change_ideas: list[ChangeIdea] = field(default_factory=list)


@dataclass
class PrimaryDriver:
    """A system component that must change to reach the aim."""

    text: str
    measures: list[str] = field(default_factory=list)
    secondary_drivers: list[SecondaryDriver] = field(default_factory=list)


@dataclass
class DriverDiagram:
    """An aim (what, how much, by when), its outcome measures and its drivers."""

    aim: str
    measures: list[str] = field(default_factory=list)
    primary_drivers: list[PrimaryDriver] = field(default_factory=list)


def driver_diagram_to_dict(diagram: DriverDiagram) -> dict[str, Any]:
    """The diagram as plain JSON-ready data (no schema header)."""
    return asdict(diagram)


def driver_diagram_from_dict(data: Mapping[str, Any]) -> DriverDiagram:
    """Build a diagram from plain data, checking every field.

    Raises:
        InputError: naming the field path, e.g. ``primary_drivers[0].text``.
    """
    data = require_mapping(data, t("builders.name_driver_diagram"))
    require_keys(data, "", ("aim",), ("measures", "primary_drivers"))
    primaries = require_list(data.get("primary_drivers", []), "primary_drivers")
    return DriverDiagram(
        aim=require_text(data["aim"], "aim"),
        measures=require_texts(data.get("measures", []), "measures"),
        primary_drivers=[
            _primary(item, f"primary_drivers[{i}]") for i, item in enumerate(primaries)
        ],
    )


def _node(data: object, where: str, children: str | None) -> tuple[str, list[str], list[Any]]:
    node = require_mapping(data, where)
    require_keys(
        node, where, ("text",), ("measures",) if children is None else ("measures", children)
    )
    text = require_text(node["text"], f"{where}.text")
    measures = require_texts(node.get("measures", []), f"{where}.measures")
    kids = [] if children is None else require_list(node.get(children, []), f"{where}.{children}")
    return text, measures, kids


def _primary(data: object, where: str) -> PrimaryDriver:
    text, measures, kids = _node(data, where, "secondary_drivers")
    return PrimaryDriver(
        text,
        measures,
        [_secondary(kid, f"{where}.secondary_drivers[{i}]") for i, kid in enumerate(kids)],
    )


def _secondary(data: object, where: str) -> SecondaryDriver:
    text, measures, kids = _node(data, where, "change_ideas")
    return SecondaryDriver(
        text,
        measures,
        [_change_idea(kid, f"{where}.change_ideas[{i}]") for i, kid in enumerate(kids)],
    )


def _change_idea(data: object, where: str) -> ChangeIdea:
    text, measures, _ = _node(data, where, None)
    return ChangeIdea(text, measures)


def save_driver_diagram(diagram: DriverDiagram, path: str | os.PathLike[str]) -> Path:
    """Check the diagram and save it as JSON (atomic write); return the path."""
    fields = driver_diagram_to_dict(driver_diagram_from_dict(driver_diagram_to_dict(diagram)))
    return save_document(path, SCHEMA, fields)


def load_driver_diagram(path: str | os.PathLike[str]) -> DriverDiagram:
    """Load and check a diagram saved by :func:`save_driver_diagram`."""
    return driver_diagram_from_dict(load_document(path, SCHEMA))


def driver_diagram_outline(diagram: DriverDiagram) -> str:
    """The diagram as a Markdown outline (for alt text, handouts and screen readers).

    In the current language (:func:`academy.i18n.set_language`).
    """
    diagram = driver_diagram_from_dict(driver_diagram_to_dict(diagram))
    lines = [_outline_item("builders.dd_outline_aim", diagram.aim, diagram.measures)]
    for primary in diagram.primary_drivers:
        item = _outline_item("builders.dd_outline_primary", primary.text, primary.measures)
        lines.append(f"- {item}")
        for secondary in primary.secondary_drivers:
            item = _outline_item(
                "builders.dd_outline_secondary", secondary.text, secondary.measures
            )
            lines.append(f"  - {item}")
            lines.extend(
                f"    - {_outline_item('builders.dd_outline_change_idea', i.text, i.measures)}"
                for i in secondary.change_ideas
            )
    return "\n".join(lines)


def _outline_item(key: str, text: str, measures: list[str]) -> str:
    """One item of the outline: its label and text, then its measures if it has any."""
    item = t(key, text=text)
    if measures:
        item += " " + t("builders.dd_outline_measures", measures="; ".join(measures))
    return item


@dataclass
class _Box:
    """One box of the figure, laid out in inches from the top-left corner."""

    depth: int
    lines: list[str]
    measure_lines: list[str]
    children: list[_Box]
    top: float = 0.0
    span: float = 0.0

    @property
    def height(self) -> float:
        return (len(self.lines) + len(self.measure_lines)) * LINE + 2 * PAD

    @property
    def x(self) -> float:
        return MARGIN + self.depth * (BOX_WIDTH + COLUMN_GAP)

    @property
    def y(self) -> float:
        """Top edge of the box, centred in the block its subtree occupies."""
        return self.top + (self.span - self.height) / 2


def _box(depth: int, text: str, measures: list[str], children: list[_Box]) -> _Box:
    measure_lines = [
        line
        for measure in measures
        for line in textwrap.wrap(
            t("builders.dd_measure", measure=measure), WRAP, subsequent_indent="  "
        )
    ]
    return _Box(depth, textwrap.wrap(text, WRAP), measure_lines, children)


def _tree(diagram: DriverDiagram) -> _Box:
    primaries = [
        _box(
            1,
            primary.text,
            primary.measures,
            [
                _box(
                    2,
                    secondary.text,
                    secondary.measures,
                    [_box(3, idea.text, idea.measures, []) for idea in secondary.change_ideas],
                )
                for secondary in primary.secondary_drivers
            ],
        )
        for primary in diagram.primary_drivers
    ]
    return _box(0, diagram.aim, diagram.measures, primaries)


def _measure_span(box: _Box) -> float:
    """Height of the block a subtree needs: its own box or its children stacked."""
    stacked = sum(_measure_span(child) for child in box.children)
    stacked += ROW_GAP * max(len(box.children) - 1, 0)
    box.span = max(box.height, stacked)
    return box.span


def _place(box: _Box, top: float) -> None:
    box.top = top
    stacked = sum(child.span for child in box.children)
    stacked += ROW_GAP * max(len(box.children) - 1, 0)
    child_top = top + (box.span - stacked) / 2
    for child in box.children:
        _place(child, child_top)
        child_top += child.span + ROW_GAP


def _walk(box: _Box) -> list[_Box]:
    return [box, *(item for child in box.children for item in _walk(child))]


def plot_driver_diagram(
    diagram: DriverDiagram, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw the diagram left to right: boxes in four labelled columns, joined by lines.

    Data coordinates are inches, so the text fits its boxes in the figure this
    function makes when ``ax`` is None. A supplied ``ax`` should be about as
    large as that figure (``ax.figure.get_size_inches()`` of a default call).

    Raises:
        InputError: a field is empty or malformed.
    """
    diagram = driver_diagram_from_dict(driver_diagram_to_dict(diagram))
    root = _tree(diagram)
    top = MARGIN + (HEADER if title else 0) + HEADER
    _measure_span(root)
    _place(root, top)
    width = 2 * MARGIN + len(COLUMNS) * BOX_WIDTH + (len(COLUMNS) - 1) * COLUMN_GAP
    height = top + root.span + MARGIN
    ax = inch_canvas(ax, width, height)
    if title:
        ax.text(width / 2, MARGIN, title, ha="center", va="top", fontsize=12, weight="bold")
    for depth, key in enumerate(COLUMNS):
        ax.text(
            MARGIN + depth * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH / 2,
            top - HEADER / 2,
            t(key),
            ha="center",
            va="center",
            fontsize=10,
            weight="bold",
        )
    for box in _walk(root):
        _draw_box(ax, box)
        for child in box.children:
            _draw_connector(ax, box, child)
    ax.set_gid("driver-diagram")
    return ax


def _draw_box(ax: Axes, box: _Box) -> None:
    style = BOX_STYLE[box.depth]
    ax.add_patch(
        FancyBboxPatch(
            (box.x, box.y),
            BOX_WIDTH,
            box.height,
            boxstyle="round,pad=0,rounding_size=0.06",
            facecolor=to_rgba(style["fc"], FILL_ALPHA),
            edgecolor="#000000",
            linewidth=style["lw"],
            linestyle=style["ls"],
        )
    )
    weight = "bold" if box.depth == 0 else "normal"
    ax.text(
        box.x + PAD,
        box.y + PAD,
        "\n".join(box.lines),
        ha="left",
        va="top",
        fontsize=FONT,
        weight=weight,
        linespacing=1.2,
    )
    if box.measure_lines:
        ax.text(
            box.x + PAD,
            box.y + PAD + len(box.lines) * LINE,
            "\n".join(box.measure_lines),
            ha="left",
            va="top",
            fontsize=FONT - 0.5,
            style="italic",
            linespacing=1.2,
        )


def _draw_connector(ax: Axes, parent: _Box, child: _Box) -> None:
    start = parent.x + BOX_WIDTH
    bend = start + COLUMN_GAP / 2
    parent_mid = parent.y + parent.height / 2
    child_mid = child.y + child.height / 2
    ax.add_line(
        Line2D(
            [start, bend, bend, child.x],
            [parent_mid, parent_mid, child_mid, child_mid],
            color="#333333",
            lw=1.0,
        )
    )
