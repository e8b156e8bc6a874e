"""Cause-and-effect (fishbone, Ishikawa) diagram builder, with optional five-whys chains.

The effect (the problem) sits at the head of the fish; the causes are grouped
into categories drawn as bones along the spine (Ishikawa K. *Guide to Quality
Control*. Tokyo: Asian Productivity Organization, 1976; Japanese edition 1968,
chapter on the cause-and-effect diagram). Ishikawa grouped causes under
materials, machines, methods and workers; the wider "6 Ms" (manpower, machines,
methods, materials, measurement, mother nature) are a later convention. For
health care the default here renames them people, methods, equipment,
environment, materials and measurement (:data:`HEALTHCARE_CATEGORIES`).

A cause can carry a five-whys chain: each entry answers "why?" about the one
before, digging towards a root cause (Ohno T. *Toyota Production System: Beyond
Large-Scale Production*. Cambridge MA: Productivity Press, 1988; Japanese
edition 1978). Five is a rule of thumb, so any length is accepted.

Languages: the JSON file keeps the category names as they were given; the
default categories (:data:`HEALTHCARE_CATEGORIES` and :data:`SIX_MS`) are
stored by their English names, so a diagram saved while the tools are in Welsh
opens in English and the other way round, and older files stay valid. What a
person reads, the outline and the figure, follows
:func:`academy.i18n.set_language`: the default category names are shown
translated (:func:`category_label`), the learner's own text as written.

>>> fish = new_fishbone("Delayed antibiotics in sepsis")
>>> fish.categories[0].causes.append(Cause("No one owns the task", ["Role unclear"]))
>>> [c.name for c in fish.categories][:3]
['People', 'Methods', 'Equipment']
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes

from academy.builders.canvas import inch_canvas
from academy.builders.storage import (
    load_document,
    require_keys,
    require_list,
    require_mapping,
    require_text,
    require_texts,
    require_unique_names,
    save_document,
)
from academy.errors import InputError
from academy.i18n import t

SCHEMA = "fishbone"

#: Default categories for health care (the 6 Ms renamed).
HEALTHCARE_CATEGORIES = (
    "People",
    "Methods",
    "Equipment",
    "Environment",
    "Materials",
    "Measurement",
)
#: The manufacturing "6 Ms".
SIX_MS = ("Manpower", "Machines", "Methods", "Materials", "Measurement", "Mother nature")
#: Strings table key of each default category's name as shown (the file keeps the English).
CATEGORY_KEYS = {name: f"builders.fb_cat_{name.lower()}" for name in HEALTHCARE_CATEGORIES} | {
    "Manpower": "builders.fb_cat_manpower",
    "Machines": "builders.fb_cat_machines",
    "Mother nature": "builders.fb_cat_mother_nature",
}

FONT = 9
LINE = FONT * 1.4 / 72  # inches per line of text
CHAR = 0.068  # approximate width of one character at 9 pt, inches
WRAP = 28  # characters per cause line
SLOPE = 0.45  # horizontal inches per vertical inch along a bone
MARGIN = 0.3
HEAD_WIDTH = 2.0
HEAD_WRAP = 24


@dataclass
class Cause:
    """A possible cause and, optionally, its chain of answers to "why?"."""

    text: str
    whys: list[str] = field(default_factory=list)


@dataclass
class Category:
    """A bone of the fish: a named group of causes."""

    name: str
    causes: list[Cause] = field(default_factory=list)


@dataclass
class Fishbone:
    """An effect (the problem) and the categories of its possible causes."""

    effect: str
    categories: list[Category] = field(default_factory=list)


def category_label(name: str) -> str:
    """A category's name as shown: the default categories translated, others as typed.

    The file keeps the English name (it is data); only what is shown changes.

    >>> category_label("People"), category_label("Night shift")
    ('People', 'Night shift')
    """
    return t(CATEGORY_KEYS[name]) if name in CATEGORY_KEYS else name


def new_fishbone(effect: str, categories: Iterable[str] = HEALTHCARE_CATEGORIES) -> Fishbone:
    """Start a diagram with empty categories (the health-care 6 Ms by default)."""
    return fishbone_from_dict(
        {"effect": effect, "categories": [{"name": name} for name in categories]}
    )


def fishbone_to_dict(fishbone: Fishbone) -> dict[str, Any]:
    """The diagram as plain JSON-ready data (no schema header)."""
    return asdict(fishbone)


def fishbone_from_dict(data: Mapping[str, Any]) -> Fishbone:
    """Build a diagram from plain data, checking every field.

    Raises:
        InputError: naming the field path, e.g. ``categories[2].causes[0].whys[1]``;
            also when there is no category or two categories share a name.
    """
    data = require_mapping(data, t("builders.name_fishbone"))
    require_keys(data, "", ("effect", "categories"))
    items = require_list(data["categories"], "categories")
    if not items:
        raise InputError(t("builders.error.no_categories"))
    categories = [_category(item, f"categories[{i}]") for i, item in enumerate(items)]
    require_unique_names(
        [x.name for x in categories], "categories", "builders.error.repeat_category"
    )
    return Fishbone(require_text(data["effect"], "effect"), categories)


def _category(data: object, where: str) -> Category:
    node = require_mapping(data, where)
    require_keys(node, where, ("name",), ("causes",))
    causes = require_list(node.get("causes", []), f"{where}.causes")
    return Category(
        require_text(node["name"], f"{where}.name"),
        [_cause(item, f"{where}.causes[{i}]") for i, item in enumerate(causes)],
    )


def _cause(data: object, where: str) -> Cause:
    node = require_mapping(data, where)
    require_keys(node, where, ("text",), ("whys",))
    return Cause(
        require_text(node["text"], f"{where}.text"),
        require_texts(node.get("whys", []), f"{where}.whys"),
    )


def save_fishbone(fishbone: Fishbone, path: str | os.PathLike[str]) -> Path:
    """Check the diagram and save it as JSON (atomic write); return the path."""
    return save_document(path, SCHEMA, fishbone_to_dict(fishbone_from_dict(asdict(fishbone))))


def load_fishbone(path: str | os.PathLike[str]) -> Fishbone:
    """Load and check a diagram saved by :func:`save_fishbone`."""
    return fishbone_from_dict(load_document(path, SCHEMA))


def fishbone_outline(fishbone: Fishbone) -> str:
    """The diagram as a Markdown outline (for alt text, handouts and screen readers).

    In the current language; default category names as :func:`category_label` shows them.
    """
    fishbone = fishbone_from_dict(fishbone_to_dict(fishbone))
    lines = [t("builders.fb_outline_effect", effect=fishbone.effect)]
    for category in fishbone.categories:
        label = category_label(category.name)
        if not category.causes:
            label = t("builders.fb_outline_no_causes", category=label)
        lines.append(f"- {label}")
        for cause in category.causes:
            lines.append(f"  - {cause.text}")
            lines.extend(
                f"    {'  ' * i}- {t('builders.fb_outline_why', why=why)}"
                for i, why in enumerate(cause.whys)
            )
    return "\n".join(lines)


@dataclass(frozen=True)
class _Line:
    """One wrapped line of text beside a bone."""

    text: str
    is_why: bool
    first: bool  # first line of a cause or of a why (gets a tick to the bone)


def _cause_lines(category: Category) -> list[_Line]:
    lines: list[_Line] = []
    for cause in category.causes:
        wrapped = textwrap.wrap(cause.text, WRAP)
        lines.extend(_Line(line, False, k == 0) for k, line in enumerate(wrapped))
        for why in cause.whys:
            wrapped = textwrap.wrap(t("builders.fb_why", why=why), WRAP - 2, subsequent_indent="  ")
            lines.extend(_Line(f"  {line}", True, k == 0) for k, line in enumerate(wrapped))
    return lines


def plot_fishbone(fishbone: Fishbone, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """Draw the fishbone: spine to the effect on the right, one labelled bone per category.

    Categories alternate above and below the spine, left to right. Causes are
    written beside their bone; five-whys answers follow their cause, indented,
    in italic and marked "why?", so that nothing depends on colour. Data
    coordinates are inches (see :func:`~academy.builders.driver_diagram.plot_driver_diagram`).

    Raises:
        InputError: a field is empty or malformed.
    """
    fishbone = fishbone_from_dict(fishbone_to_dict(fishbone))
    lines = [_cause_lines(category) for category in fishbone.categories]
    rows = max(1, *(len(item) for item in lines))
    bone = (rows + 1.5) * LINE  # vertical extent of a bone
    column = WRAP * CHAR + bone * SLOPE + 0.3  # horizontal room per pair of bones
    pairs = math.ceil(len(fishbone.categories) / 2)
    label_room = 0.35
    title_room = 0.4 if title else 0.0
    width = 2 * MARGIN + pairs * column + HEAD_WIDTH + 0.3
    height = 2 * (MARGIN + label_room + bone) + title_room
    spine_y = title_room + MARGIN + label_room + bone
    head_x = width - MARGIN - HEAD_WIDTH
    ax = inch_canvas(ax, width, height)
    if title:
        ax.text(width / 2, MARGIN, title, ha="center", va="top", fontsize=12, weight="bold")
    ax.annotate(
        "",
        xy=(head_x, spine_y),
        xytext=(MARGIN, spine_y),
        arrowprops={"arrowstyle": "-|>", "lw": 2.2, "color": "#000000", "mutation_scale": 18},
    )
    ax.text(
        head_x + 0.1,
        spine_y,
        "\n".join(textwrap.wrap(fishbone.effect, HEAD_WRAP)),
        ha="left",
        va="center",
        fontsize=10,
        weight="bold",
        bbox={"boxstyle": "round,pad=0.4", "fc": "#FFFFFF", "ec": "#000000", "lw": 1.8},
    )
    for i, (category, text_lines) in enumerate(zip(fishbone.categories, lines, strict=True)):
        side = -1 if i % 2 == 0 else 1  # -1 above the spine (y grows downwards)
        joint = MARGIN + (i // 2 + 1) * column  # where the bone meets the spine
        _draw_bone(ax, category_label(category.name), text_lines, joint, spine_y, side, bone)
    ax.set_gid("fishbone")
    return ax


def _draw_bone(
    ax: Axes,
    name: str,
    text_lines: list[_Line],
    joint: float,
    spine_y: float,
    side: int,
    bone: float,
) -> None:
    """One category: a slanted bone from the spine, its label at the far end, causes beside it.

    Text always reads top to bottom: above the spine it starts under the label,
    below the spine it starts under the spine.
    """
    tip = (joint - bone * SLOPE, spine_y + side * bone)
    ax.plot([tip[0], joint], [tip[1], spine_y], color="#000000", lw=1.4)
    ax.text(
        tip[0],
        tip[1] + side * 0.05,
        name,
        ha="center",
        va="bottom" if side < 0 else "top",
        fontsize=10,
        weight="bold",
        bbox={"boxstyle": "square,pad=0.25", "fc": "#FFFFFF", "ec": "#000000", "lw": 1.0},
    )
    first_y = (tip[1] if side < 0 else spine_y) + LINE
    for k, line in enumerate(text_lines):
        y = first_y + k * LINE
        x = joint - abs(y - spine_y) * SLOPE  # the bone's position at this height
        if line.first:
            ax.plot([x - 0.12, x], [y, y], color="#555555", lw=0.8)
        ax.text(
            x - 0.15,
            y,
            line.text,
            ha="right",
            va="center",
            fontsize=FONT - 0.5 if line.is_why else FONT,
            style="italic" if line.is_why else "normal",
        )
