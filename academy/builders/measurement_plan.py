"""Measurement plan builder: a family of measures with operational definitions.

Each measure is an outcome, process or balancing measure (Langley GJ, Moen RD,
Nolan KM, Nolan TW, Norman CL, Provost LP. *The Improvement Guide*, 2nd ed. San
Francisco: Jossey-Bass, 2009, chapter 5 on measurement): outcome measures show
whether the system is getting better for patients, process measures whether
the changes are being carried out, and balancing measures whether improving one
part of the system is harming another. An operational definition (numerator,
denominator, what is included and excluded) makes everyone collect the same
thing (Provost LP, Murray SK. *The Health Care Data Guide*. San Francisco:
Jossey-Bass, 2011, chapter 2). The chart type is one of the engine's chart ids
(:data:`academy.spc.limits.CHART_TYPES`), so a plan can drive
:func:`academy.spc.chart` directly.

The data dictionary (:func:`to_data_dictionary`) exports to CSV and Markdown.
CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) are prefixed with an apostrophe (OWASP,
"CSV Injection"; MITRE CWE-1236).

Languages: the plan's JSON file and the data dictionary as data
(:func:`to_data_dictionary` and its CSV export) keep English, language-independent
column names and values (measure types as ``outcome``, ``process``,
``balancing``; charts by their English names), so a plan saved while the tools
are in Welsh opens in English and the other way round, and a CSV dictionary
reads the same into any program. What is meant for a person to read, the
Markdown dictionary (:func:`data_dictionary_markdown`, the ``.md`` export, the
figure's alt text) and the figure, follows :func:`academy.i18n.set_language`.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from academy.builders.canvas import inch_canvas
from academy.builders.storage import (
    atomic_write_text,
    load_document,
    require_choice,
    require_keys,
    require_list,
    require_mapping,
    require_text,
    require_unique_names,
    save_document,
)
from academy.errors import InputError
from academy.exports import neutralise_cell
from academy.i18n import t
from academy.spc.limits import CHART_TYPES
from academy.spc.plot import CHART_DESCRIPTIONS

SCHEMA = "measurement_plan"

#: Types of measure (Langley et al. 2009).
MEASURE_TYPES = ("outcome", "process", "balancing")

#: Charts whose limits need a denominator or subgroup size for every point
#: (Provost & Murray 2011, chapters 5-6: p, u and their Laney variants, np).
NEEDS_DENOMINATOR = frozenset({"p", "pp", "u", "up", "np"})

#: Data dictionary columns, in order, with the Measure field each comes from.
DICTIONARY_COLUMNS = {
    "Measure": "name",
    "Type": "measure_type",
    "Numerator": "numerator",
    "Denominator": "denominator",
    "Inclusions": "inclusions",
    "Exclusions": "exclusions",
    "Data source": "data_source",
    "Frequency": "frequency",
    "Owner": "owner",
    "Chart": "chart_type",
}

#: Strings table key of each column heading as shown in the Markdown dictionary and the figure.
HEADING_KEYS = {
    "Measure": "builders.mp_col_measure",
    "Type": "builders.mp_col_type",
    "Numerator": "builders.mp_col_numerator",
    "Denominator": "builders.mp_col_denominator",
    "Inclusions": "builders.mp_col_inclusions",
    "Exclusions": "builders.mp_col_exclusions",
    "Operational definition": "builders.mp_col_definition",
    "Data source": "builders.mp_col_data_source",
    "Frequency": "builders.mp_col_frequency",
    "Owner": "builders.mp_col_owner",
    "Chart": "builders.mp_col_chart",
}
#: Strings table key of each measure type as a word in the Markdown dictionary.
TYPE_WORDS = {
    "outcome": "builders.mp_word_outcome",
    "process": "builders.mp_word_process",
    "balancing": "builders.mp_word_balancing",
}

_REQUIRED = ("name", "measure_type", "numerator", "data_source", "frequency", "owner", "chart_type")
_OPTIONAL = ("denominator", "inclusions", "exclusions")


@dataclass
class Measure:
    """One measure and its operational definition.

    ``denominator``, ``inclusions`` and ``exclusions`` may be empty (a count has
    no denominator); the other fields may not.
    """

    name: str
    measure_type: str
    numerator: str
    data_source: str
    frequency: str
    owner: str
    chart_type: str
    denominator: str = ""
    inclusions: str = ""
    exclusions: str = ""


@dataclass
class MeasurementPlan:
    """The aim being measured and its family of measures."""

    aim: str
    measures: list[Measure] = field(default_factory=list)


def plan_to_dict(plan: MeasurementPlan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (no schema header)."""
    return asdict(plan)


def plan_from_dict(data: Mapping[str, Any]) -> MeasurementPlan:
    """Build a plan from plain data, checking every field.

    Raises:
        InputError: naming the field path, e.g. ``measures[1].chart_type``; also
            for two measures with one name, or a p/u/np chart without a denominator.
    """
    data = require_mapping(data, t("builders.name_measurement_plan"))
    require_keys(data, "", ("aim",), ("measures",))
    items = require_list(data.get("measures", []), "measures")
    measures = [_measure(item, f"measures[{i}]") for i, item in enumerate(items)]
    require_unique_names([x.name for x in measures], "measures", "builders.error.repeat_measure")
    return MeasurementPlan(require_text(data["aim"], "aim"), measures)


def _measure(data: object, where: str) -> Measure:
    node = require_mapping(data, where)
    require_keys(node, where, _REQUIRED, _OPTIONAL)
    texts = {
        key: require_text(node[key], f"{where}.{key}")
        for key in ("name", "numerator", "data_source", "frequency", "owner")
    }
    optional = {
        key: require_text(node.get(key, ""), f"{where}.{key}", allow_empty=True)
        for key in _OPTIONAL
    }
    chart = require_choice(node["chart_type"], f"{where}.chart_type", CHART_TYPES)
    if chart in NEEDS_DENOMINATOR and not optional["denominator"]:
        raise InputError(
            t("builders.error.needs_denominator", field=f"{where}.denominator", chart=chart)
        )
    return Measure(
        measure_type=require_choice(node["measure_type"], f"{where}.measure_type", MEASURE_TYPES),
        chart_type=chart,
        **texts,
        **optional,
    )


def save_plan(plan: MeasurementPlan, path: str | os.PathLike[str]) -> Path:
    """Check the plan and save it as JSON (atomic write); return the path."""
    return save_document(path, SCHEMA, plan_to_dict(plan_from_dict(plan_to_dict(plan))))


def load_plan(path: str | os.PathLike[str]) -> MeasurementPlan:
    """Load and check a plan saved by :func:`save_plan`."""
    return plan_from_dict(load_document(path, SCHEMA))


def family_gaps(plan: MeasurementPlan) -> list[str]:
    """Types of measure the plan lacks: a balanced family has all three (Langley et al. 2009)."""
    present = {measure.measure_type for measure in plan_from_dict(plan_to_dict(plan)).measures}
    return [kind for kind in MEASURE_TYPES if kind not in present]


def to_data_dictionary(plan: MeasurementPlan) -> pd.DataFrame:
    """One row per measure, columns :data:`DICTIONARY_COLUMNS` (text); chart ids spelt out.

    A data table: its column names and values are English whatever the language.
    """
    plan = plan_from_dict(plan_to_dict(plan))
    rows = [
        {column: getattr(measure, name) for column, name in DICTIONARY_COLUMNS.items()}
        | {"Chart": CHART_DESCRIPTIONS.get(measure.chart_type, measure.chart_type)}
        for measure in plan.measures
    ]
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS)).astype("str")


def data_dictionary_markdown(plan: MeasurementPlan) -> str:
    """The data dictionary as a Markdown (pipe) table, with a heading naming the aim.

    Meant for reading, so headings, measure types and chart names are in the
    current language; the columns are those of :data:`DICTIONARY_COLUMNS`.
    """
    plan = plan_from_dict(plan_to_dict(plan))

    def cell(value: object) -> str:
        return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    def shown(measure: Measure, name: str) -> str:
        if name == "measure_type":
            return t(TYPE_WORDS[measure.measure_type])
        if name == "chart_type":
            return t(f"common.chart_{measure.chart_type}")
        return getattr(measure, name)

    lines = [
        f"**{t('builders.mp_md_aim')}** {cell(plan.aim)}",
        "",
        "| " + " | ".join(t(HEADING_KEYS[column]) for column in DICTIONARY_COLUMNS) + " |",
        "|" + "---|" * len(DICTIONARY_COLUMNS),
    ]
    lines.extend(
        "| " + " | ".join(cell(shown(measure, name)) for name in DICTIONARY_COLUMNS.values()) + " |"
        for measure in plan.measures
    )
    return "\n".join(lines) + "\n"


def export_data_dictionary(plan: MeasurementPlan, path: str | os.PathLike[str]) -> Path:
    """Write the data dictionary to ``path`` (atomic write): ``.csv`` or ``.md``.

    CSV cells are neutralised with :func:`neutralise_cell`; Markdown is
    :func:`data_dictionary_markdown`.

    Raises:
        InputError: the file name ends in neither ``.csv`` nor ``.md``.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".csv":
        table = to_data_dictionary(plan).map(lambda value: neutralise_cell(str(value)))
        text = table.to_csv(index=False, lineterminator="\n")
    elif suffix == ".md":
        text = data_dictionary_markdown(plan)
    else:
        raise InputError(t("builders.error.export_suffix", name=target.name))
    return atomic_write_text(target, text)


# Figure layout, inches.
FONT = 8.5
LINE = FONT * 1.4 / 72
CHAR = 0.066
PAD = 0.06
MARGIN = 0.2
#: Figure columns: English heading (shown through :data:`HEADING_KEYS`) and width in characters.
FIGURE_COLUMNS = {
    "Measure": 22,
    "Type": 10,
    "Operational definition": 40,
    "Data source": 18,
    "Frequency": 11,
    "Owner": 14,
    "Chart": 14,
}


def _figure_cells(measure: Measure) -> list[list[str]]:
    definition = [t("builders.mp_fig_numerator", text=measure.numerator)]
    if measure.denominator:
        definition.append(t("builders.mp_fig_denominator", text=measure.denominator))
    if measure.inclusions:
        definition.append(t("builders.mp_fig_includes", text=measure.inclusions))
    if measure.exclusions:
        definition.append(t("builders.mp_fig_excludes", text=measure.exclusions))
    texts = [
        [measure.name],
        [t(f"builders.mp_type_{measure.measure_type}")],
        definition,
        [measure.data_source],
        [measure.frequency],
        [measure.owner],
        [t(f"common.chart_{measure.chart_type}")],
    ]
    indent = {2: "  "}  # continuation lines of the definition are indented
    return [
        [
            line
            for text in parts
            for line in textwrap.wrap(text, width, subsequent_indent=indent.get(i, ""))
        ]
        for i, (parts, width) in enumerate(zip(texts, FIGURE_COLUMNS.values(), strict=True))
    ]


def plot_measurement_plan(
    plan: MeasurementPlan, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw the plan as a table: one row per measure, its type written out.

    Data coordinates are inches (as in the other builders), so text fits when
    ``ax`` is None. The title defaults to the aim.

    Raises:
        InputError: a field is empty or malformed.
    """
    plan = plan_from_dict(plan_to_dict(plan))
    widths = [chars * CHAR + 2 * PAD for chars in FIGURE_COLUMNS.values()]
    rows = [_figure_cells(measure) for measure in plan.measures]
    heights = [max(1, *(len(cell) for cell in row)) * LINE + 2 * PAD for row in rows]
    heading = "\n".join(textwrap.wrap(title or t("builders.mp_title", aim=plan.aim), 110))
    title_height = (heading.count("\n") + 1) * 12 * 1.4 / 72 + 0.15
    header = LINE + 2 * PAD
    width = 2 * MARGIN + sum(widths)
    height = 2 * MARGIN + title_height + header + sum(heights) + (0 if rows else LINE)
    ax = inch_canvas(ax, width, height)
    ax.text(MARGIN, MARGIN, heading, ha="left", va="top", fontsize=12, weight="bold")
    lefts = [MARGIN + sum(widths[:i]) for i in range(len(widths))]
    top = MARGIN + title_height
    for left, name in zip(lefts, FIGURE_COLUMNS, strict=True):
        name = t(HEADING_KEYS[name])
        ax.text(left + PAD, top + PAD, name, ha="left", va="top", fontsize=FONT, weight="bold")
    ax.plot([MARGIN, width - MARGIN], [top, top], color="#000000", lw=1.2)
    y = top + header
    ax.plot([MARGIN, width - MARGIN], [y, y], color="#000000", lw=0.8)
    for row, row_height in zip(rows, heights, strict=True):
        for left, lines in zip(lefts, row, strict=True):
            ax.text(left + PAD, y + PAD, "\n".join(lines), ha="left", va="top", fontsize=FONT)
        y += row_height
        ax.plot([MARGIN, width - MARGIN], [y, y], color="#999999", lw=0.5)
    if not rows:
        empty = t("builders.mp_no_measures")
        ax.text(MARGIN + PAD, y + PAD, empty, ha="left", va="top", fontsize=FONT)
    ax.set_gid("measurement-plan")
    return ax
