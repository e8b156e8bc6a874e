"""SPC explorer: load a table, let the advisor suggest a chart, draw it and export it.

The widget collects input and calls the library: :func:`academy.loaders.read_table`
to read files, :func:`academy.spc.advisor.advise_from_answers` for the chart advice,
:func:`academy.spc.chart` for the chart and its plain-language explanation,
:func:`academy.spc.plot.save_chart` and :func:`academy.exports.write_csv` to export.
The few text parsers it needs (phases, notes, pasted values) are small pure
functions at module level, tested on their own.

Every user mistake arrives as an :class:`~academy.errors.InputError` and is shown
as one line under the controls, never as a traceback.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image

from academy.data import dataset_names, load_dataset
from academy.display import AccessibleFigure
from academy.errors import InputError
from academy.exports import write_csv
from academy.i18n import get_language, t
from academy.loaders import read_table
from academy.spc import CHART_TYPES, RULE_SETS, SPCResult, chart
from academy.spc.advisor import QUESTIONS, Question, advise_from_answers
from academy.spc.plot import alt_text, plot_chart, save_chart
from academy.spc.prepare import require_denominators
from academy.widgets._access import announcer, heading, live, tool

__all__ = [
    "SpcExplorerApp",
    "parse_notes",
    "parse_positions",
    "read_pasted",
    "read_upload",
    "render_chart",
]

#: The dataset, columns and options drawn when the explorer is built without data; the
#: title and y-axis label come from the strings table (``spc_explorer.default_*``).
DEFAULT_DATASET = "sepsis_antibiotics"
DEFAULT_OPTIONS: dict[str, Any] = {
    "x": "week_start",
    "y": "antibiotics_within_1h",
    "n": "suspected_sepsis",
    "chart": "p",
    "phases": "40",  # the sepsis pathway started in week 41 (datasets/README.md)
    "multiply": 100,
    "improvement": "higher",
}
#: Size (inches) and resolution of the on-screen chart; exports use save_chart's 150 dpi.
#: 80 dpi and fixed margins keep one redraw of a 100-point chart near 75 ms on a
#: quiet 2-core machine (benchmarks/bench_widgets.py).
FIGSIZE = (9.0, 4.5)
SCREEN_DPI = 80
#: Fixed margins (inches): left, right (room for the legend), top, bottom.
MARGINS = (0.8, 2.4, 0.4, 0.55)
#: zlib level of the on-screen PNG: 1 is several times quicker than the default 6.
PNG_COMPRESSION = 1
PNG_NAME = "spc-chart.png"
POINTS_NAME = "spc-points.csv"
#: The value of the "no column" choice for x and n (shown as ``spc_explorer.none``).
_NONE = "(none)"
_OPTION_KEYS = (
    "x",
    "y",
    "n",
    "chart",
    "rules",
    "improvement",
    "multiply",
    "phases",
    "freeze",
    "exclude",
    "notes",
    "title",
    "ylab",
    "folder",
)


# --------------------------------------------------------------------------- pure helpers


def parse_positions(text: str) -> list[int | str]:
    """Phase starts or exclusions typed as "12, 24": whole numbers are 1-based positions.

    Other items (e.g. "2024-01-01") are kept as text: :func:`academy.spc.chart`
    reads them as x values. Commas, semicolons or spaces separate items.
    """
    items = [item for item in re.split(r"[,;\s]+", text.strip()) if item]
    return [int(item) if re.fullmatch(r"\d+", item) else item for item in items]


def parse_notes(text: str) -> dict[int | str, str]:
    """Annotations typed as "12: new protocol; 24: audit" (or one per line).

    Raises:
        InputError: an item without "position: text".
    """
    notes: dict[int | str, str] = {}
    for item in re.split(r"[;\n]+", text):
        if not item.strip():
            continue
        where, colon, note = item.partition(":")
        if not colon or not where.strip() or not note.strip():
            raise InputError(t("spc_explorer.err_note", note=item.strip()))
        where = where.strip()
        notes[int(where) if where.isdigit() else where] = note.strip()
    return notes


def read_pasted(text: str) -> pd.DataFrame:
    """Values pasted into the text box, as a table.

    Plain numbers (one per line, or separated by commas, semicolons or spaces)
    become one column ``value``. Anything else is read as a table with a header
    row, as :func:`academy.loaders.read_table` reads a CSV file (so cells copied
    from Excel, separated by tabs, work).

    Raises:
        InputError: nothing pasted, or text that is not a table.
    """
    tokens = [tok for tok in re.split(r"[\s,;]+", text.strip()) if tok]
    if not tokens:
        raise InputError(t("spc_explorer.err_nothing_pasted"))
    try:
        return pd.DataFrame({"value": [float(tok) for tok in tokens]})
    except ValueError:
        return read_upload("pasted.csv", text.strip().encode("utf-8"))


def read_upload(name: str, content: bytes | memoryview) -> pd.DataFrame:
    """A file's bytes (from the upload control) read with :func:`academy.loaders.read_table`.

    The bytes are written under the file's own name in a private temporary
    folder, so that any message names the file the learner chose.
    """
    base = Path(name.replace("\\", "/")).name.strip()
    if base in ("", ".", ".."):
        base = "upload"
    if not Path(base).suffix:
        base += ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / base
        path.write_bytes(bytes(content))
        frame = read_table(path)
    return frame


def guess_columns(frame: pd.DataFrame) -> dict[str, str | None]:
    """A first choice of x and y (n left empty).

    x is the first date or text column or, failing that, a numeric column that
    only increases (1, 2, 3 ... or a year) when another numeric column is left
    for y; y is the first remaining numeric column.
    """
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    others = [c for c in frame.columns if c not in numeric]
    x = others[0] if others else None
    if x is None and len(numeric) > 1:
        x = next(
            (c for c in numeric if frame[c].is_monotonic_increasing and frame[c].is_unique), None
        )
    rest = [c for c in numeric if c != x]
    y = rest[0] if rest else (frame.columns[0] if len(frame.columns) else None)
    return {"x": x, "y": y, "n": None}


def render_chart(result: SPCResult, dpi: int = SCREEN_DPI) -> AccessibleFigure:
    """The chart as an image with its alt text, like :func:`academy.display.show_chart` but quicker.

    The figure is drawn once with fixed margins (:data:`MARGINS`, room on the
    right for the legend) instead of a constrained layout, which costs a
    second layout pass, and the drawn pixels are encoded directly. If anything
    (legend, labels, icons) would stick out of the figure, it is drawn again
    with the constrained layout, so nothing is ever cut off.
    """
    fig = Figure(figsize=FIGSIZE, dpi=dpi)
    width, height = FIGSIZE
    left, right, top, bottom = MARGINS
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height
    )
    ax = fig.add_subplot()
    plot_chart(result, ax=ax)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    if not _fits(fig, ax, canvas.get_renderer()):
        fig.set_layout_engine("constrained")
        canvas.draw()
    buffer = io.BytesIO()
    Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    ).save(buffer, format="png", compress_level=PNG_COMPRESSION)
    return AccessibleFigure(
        buffer.getvalue(), alt_text(result), None, round(width * dpi), get_language()
    )


def _fits(fig: Figure, ax: Axes, renderer: Any) -> bool:
    """True when every text, the legend and any inset of ``ax`` lies inside the figure."""
    pieces: list[Any] = [*ax.get_children(), ax.xaxis.label, ax.yaxis.label]
    pieces += [ax.xaxis.offsetText, *ax.get_xticklabels(), *ax.get_yticklabels()]
    box = fig.bbox
    for piece in pieces:
        if isinstance(piece, Text) and (not piece.get_visible() or not piece.get_text()):
            continue
        if isinstance(piece, Text | Legend | Axes):
            extent = piece.get_window_extent(renderer)
            if extent.x0 < box.x0 or extent.y0 < box.y0 or extent.x1 > box.x1 or extent.y1 > box.y1:
                return False
    return True


def _default_answer(answers: tuple[str, ...]) -> str:
    """The advisor answer selected at first: "unsure", else "no", else the first."""
    return next((a for a in ("unsure", "no") if a in answers), answers[0])


def _visible(question: Question, answers: Mapping[str, object], by_id: dict[str, Question]) -> bool:
    """True when the advisor would ask ``question`` given the answers so far."""
    return all(
        answers.get(key) in allowed and _visible(by_id[key], answers, by_id)
        for key, allowed in question.ask_if.items()
    )


# --------------------------------------------------------------------------- the widget


class SpcExplorerApp:
    """Load data, get chart advice, draw a run or control chart, read its signals, export it.

    Args:
        data: a table to start with; None loads the default teaching dataset.
        path: a CSV or Excel file to start with (instead of ``data``).
    """

    def __init__(self, data: pd.DataFrame | None = None, path: str | Path | None = None) -> None:
        self.frame = pd.DataFrame()
        self.result: SPCResult | None = None
        self._hold = 0
        style = {"description_width": "initial"}
        wide = widgets.Layout(width="95%")

        # data source
        self.dataset = widgets.Dropdown(
            options=[(t("spc_explorer.dataset_pick"), "")] + [(n, n) for n in dataset_names()],
            value="",
            description=t("spc_explorer.dataset"),
            style=style,
        )
        self.upload = widgets.FileUpload(
            accept=".csv,.xlsx,.xlsm",
            multiple=False,
            description=t("spc_explorer.upload"),
            tooltip=t("spc_explorer.upload_tooltip"),
        )
        self.path = widgets.Text(
            description=t("spc_explorer.path"),
            placeholder=t("spc_explorer.path_placeholder"),
            style=style,
            layout=widgets.Layout(width="60%"),
        )
        self.load_button = widgets.Button(
            description=t("spc_explorer.load"), tooltip=t("spc_explorer.load_tooltip")
        )
        self.paste = widgets.Textarea(
            description=t("spc_explorer.paste"),
            placeholder="12\n15\n11\n...",
            style=style,
            layout=widgets.Layout(width="60%", height="6em"),
        )
        self.paste_button = widgets.Button(
            description=t("spc_explorer.use_pasted"), tooltip=t("spc_explorer.use_pasted_tooltip")
        )
        self.data_status = widgets.HTML()

        # columns
        self.x = widgets.Dropdown(description=t("spc_explorer.x"), style=style)
        self.y = widgets.Dropdown(description=t("spc_explorer.y"), style=style)
        self.n = widgets.Dropdown(description=t("spc_explorer.n"), style=style)

        # advisor
        self.questions = {q.id: q for q in QUESTIONS}
        self.answers: dict[str, widgets.Widget] = {}
        for q in QUESTIONS:
            label = t(f"spc_explorer.q.{q.id}")
            if q.answers:
                self.answers[q.id] = widgets.Dropdown(
                    options=[(t(f"spc_explorer.answer.{a}"), a) for a in q.answers],
                    value=_default_answer(q.answers),
                    description=label,
                    tooltip=q.text,
                    style=style,
                    layout=widgets.Layout(
                        width="max-content"
                    ),  # long labels leave room for the answer
                )
            else:
                self.answers[q.id] = widgets.BoundedFloatText(
                    value=1, min=1, max=10_000, description=label, tooltip=q.text, style=style
                )
        self.answers["data_type"].value = "classification"
        self.advice = widgets.HTML()
        self.use_advice = widgets.Button(
            description=t("spc_explorer.use_advice"), tooltip=t("spc_explorer.use_advice_tooltip")
        )
        self.suggested: str | None = None

        # chart options
        self.chart = widgets.Dropdown(
            options=[(t(f"spc_explorer.chart.{c}"), c) for c in CHART_TYPES],
            value="run",
            description=t("spc_explorer.chart"),
            style=style,
        )
        self.rules = {
            r: widgets.Checkbox(
                value=r == "anhoej",
                description=t(f"spc_explorer.rules.{r}"),
                style=style,
                indent=False,
            )
            for r in RULE_SETS
        }
        self.improvement = widgets.Dropdown(
            options=[
                (t("spc_explorer.improvement.none"), ""),
                (t("spc_explorer.improvement.higher"), "higher"),
                (t("spc_explorer.improvement.lower"), "lower"),
            ],
            value="",
            description=t("spc_explorer.improvement"),
            style=style,
        )
        self.multiply = widgets.BoundedFloatText(
            value=1, min=1e-9, max=1e9, description=t("spc_explorer.multiply"), style=style
        )
        text = {"style": style, "continuous_update": False, "layout": widgets.Layout(width="60%")}
        self.phases = widgets.Text(
            description=t("spc_explorer.phases"), placeholder="12, 24", **text
        )
        self.freeze = widgets.Text(description=t("spc_explorer.freeze"), placeholder="20", **text)
        self.exclude = widgets.Text(
            description=t("spc_explorer.exclude"), placeholder="8, 15", **text
        )
        self.notes = widgets.Text(
            description=t("spc_explorer.notes"),
            placeholder=t("spc_explorer.notes_placeholder"),
            **text,
        )
        self.title = widgets.Text(description=t("spc_explorer.title_label"), **text)
        self.ylab = widgets.Text(description=t("spc_explorer.ylab"), **text)

        # results and export
        self.message = widgets.HTML()
        self.announcement = announcer()  # says that the chart changed, for screen readers
        self.chart_out = widgets.Output()
        self.explanation = widgets.HTML(layout=wide)
        # blank means the notebook's own folder; the full path is not put in the widget, where
        # the website would publish the folder the book was built in
        self.folder = widgets.Text(
            value="",
            placeholder=t("spc_explorer.folder_placeholder"),
            description=t("spc_explorer.folder"),
            style=style,
            continuous_update=False,
            layout=widgets.Layout(width="80%"),
        )
        self.png_button = widgets.Button(
            description=t("common.export_png"), tooltip=t("spc_explorer.export_png_tooltip")
        )
        self.csv_button = widgets.Button(
            description=t("common.export_csv"), tooltip=t("spc_explorer.export_csv_tooltip")
        )
        self.export_status = widgets.HTML()

        self._wire()
        self.widget = self._layout()
        with self._held():
            self._update_advice()
            if path is not None:
                self.load_path(path)
            elif data is not None:
                self.load_frame(data)
            else:
                self.load_frame(load_dataset(DEFAULT_DATASET))
                self.set_options(
                    **DEFAULT_OPTIONS,
                    title=t("spc_explorer.default_title"),
                    ylab=t("spc_explorer.default_ylab"),
                )
        self.redraw()
        self.announcement.value = ""  # nothing to announce before the learner acts

    # ----------------------------------------------------------------- layout and wiring

    def _layout(self) -> widgets.VBox:
        def section(key: str) -> widgets.HTML:
            return heading(t(key))

        questions = [self.answers[q.id] for q in QUESTIONS]
        return tool(
            [
                section("spc_explorer.section.data"),
                self.dataset,
                self.upload,
                widgets.HBox([self.path, self.load_button]),
                widgets.HBox([self.paste, self.paste_button]),
                self.data_status,
                section("spc_explorer.section.columns"),
                widgets.HBox([self.x, self.y, self.n]),
                section("spc_explorer.section.advisor"),
                *questions,
                self.advice,
                self.use_advice,
                section("spc_explorer.section.chart"),
                widgets.HBox([self.chart, self.improvement, self.multiply]),
                heading(t("spc_explorer.rules"), level=4),
                widgets.HBox(
                    list(self.rules.values()), layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.phases,
                self.freeze,
                self.exclude,
                self.notes,
                self.title,
                self.ylab,
                self.message,
                self.announcement,
                self.chart_out,
                section("spc_explorer.section.explanation"),
                self.explanation,
                section("spc_explorer.section.export"),
                self.folder,
                widgets.HBox([self.png_button, self.csv_button]),
                self.export_status,
            ]
        )

    def _wire(self) -> None:
        self.dataset.observe(self._on_dataset, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.load_button.on_click(lambda _: self.load_path(self.path.value))
        self.paste_button.on_click(lambda _: self.load_text(self.paste.value))
        self.use_advice.on_click(lambda _: self.apply_advice())
        for control in self.answers.values():
            control.observe(lambda _: self._update_advice(), names="value")
        redraw_on = [self.x, self.y, self.n, self.chart, self.improvement, self.multiply]
        redraw_on += [self.phases, self.freeze, self.exclude, self.notes, self.title, self.ylab]
        redraw_on += list(self.rules.values())
        for control in redraw_on:
            control.observe(self._on_option, names="value")
        self.png_button.on_click(lambda _: self.export_png(self._export_folder() / PNG_NAME))
        self.csv_button.on_click(lambda _: self.export_points(self._export_folder() / POINTS_NAME))

    @contextlib.contextmanager
    def _held(self) -> Iterator[None]:
        """Change several controls with one redraw (at the end, by the caller)."""
        self._hold += 1
        try:
            yield
        finally:
            self._hold -= 1

    def _on_option(self, _change: object) -> None:
        if not self._hold:
            self.redraw()

    def _on_dataset(self, change: Mapping[str, Any]) -> None:
        if change["new"]:
            self._guarded(lambda: self.load_frame(load_dataset(change["new"])))

    def _on_upload(self, change: Mapping[str, Any]) -> None:
        for item in change["new"] or ():
            self.load_upload(item["name"], item["content"])

    def _show_error(self, error: InputError) -> None:
        text = html.escape(t("spc_explorer.error", message=str(error)))
        self.message.value = live(f"<p>{text}</p>", problem=True)

    def _guarded(self, action: Any) -> Any:
        """Run ``action``; show an InputError as one line and return None."""
        try:
            return action()
        except InputError as error:
            self._show_error(error)
            return None

    # ----------------------------------------------------------------- data

    def load_frame(self, frame: pd.DataFrame) -> list[str]:
        """Use ``frame``: fill the column choices (first guess selected) and redraw.

        Returns:
            The column names now offered.
        """
        if not isinstance(frame, pd.DataFrame) or frame.empty:
            self._show_error(InputError(t("spc_explorer.err_empty_table")))
            return []
        self.frame = frame
        columns = [str(c) for c in frame.columns]
        guess = guess_columns(frame)
        optional = [(t("spc_explorer.none"), _NONE), *((c, c) for c in columns)]
        with self._held():
            self.y.options = columns
            self.x.options = optional
            self.n.options = optional
            self.y.value = guess["y"]
            self.x.value = guess["x"] or _NONE
            self.n.value = _NONE
        loaded = t("spc_explorer.loaded", rows=len(frame), columns=", ".join(columns))
        self.data_status.value = live(f"<p>{html.escape(loaded)}</p>")
        self.redraw()
        return columns

    def load_path(self, path: str | Path) -> list[str]:
        """Read a CSV or Excel file (errors shown as one line) and use it."""
        if not str(path).strip():
            self._show_error(InputError(t("spc_explorer.err_no_path")))
            return []
        frame = self._guarded(lambda: read_table(Path(str(path).strip())))
        return [] if frame is None else self.load_frame(frame)

    def load_upload(self, name: str, content: bytes | memoryview) -> list[str]:
        """Use an uploaded file's bytes."""
        frame = self._guarded(lambda: read_upload(name, content))
        return [] if frame is None else self.load_frame(frame)

    def load_text(self, text: str) -> list[str]:
        """Use values or a table pasted into the text box."""
        frame = self._guarded(lambda: read_pasted(text))
        return [] if frame is None else self.load_frame(frame)

    # ----------------------------------------------------------------- advisor

    def _advisor_answers(self) -> dict[str, object]:
        return {qid: control.value for qid, control in self.answers.items()}

    def _update_advice(self) -> str | None:
        answers = self._advisor_answers()
        for q in QUESTIONS:
            shown = _visible(q, answers, self.questions)
            self.answers[q.id].layout.display = None if shown else "none"
        try:
            advice = advise_from_answers(answers)
        except InputError as error:
            self.suggested = None
            text = html.escape(t("spc_explorer.error", message=str(error)))
            self.advice.value = live(f"<p>{text}</p>", problem=True)
            self.use_advice.disabled = True
            return None
        self.suggested = advice.chart if advice.chart in CHART_TYPES else None
        name = (
            t(f"spc_explorer.chart.{advice.chart}")
            if self.suggested
            else t("spc_explorer.funnel_note")
        )
        reasons = "".join(f"<li>{html.escape(r)}</li>" for r in advice.reasons)
        alternatives = ", ".join(t(f"spc_explorer.chart.{c}") for c in advice.alternatives)
        suggested = html.escape(t("spc_explorer.suggested", chart=name))
        self.advice.value = (
            live(f"<p><strong>{suggested}</strong></p>")
            + f"<ul>{reasons}</ul>"
            + (
                f"<p>{html.escape(t('spc_explorer.alternatives', charts=alternatives))}</p>"
                if alternatives
                else ""
            )
            + f"<p><small>{html.escape(t('spc_explorer.source', source=advice.source))}</small></p>"
        )
        self.use_advice.disabled = self.suggested is None
        return advice.chart

    def set_answers(self, **answers: object) -> str | None:
        """Answer the advisor's questions (ids of :data:`academy.spc.advisor.QUESTIONS`).

        Returns:
            The suggested chart id (None if the answers are not valid).
        """
        unknown = [k for k in answers if k not in self.answers]
        if unknown:
            raise InputError(
                t(
                    "spc_explorer.error.unknown_question",
                    question=unknown[0],
                    questions=", ".join(self.answers),
                )
            )
        for key, value in answers.items():
            self.answers[key].value = value
        return self._update_advice()

    def apply_advice(self) -> SPCResult | None:
        """Switch to the suggested chart and redraw."""
        if self.suggested is not None:
            with self._held():
                self.chart.value = self.suggested
        return self.redraw()

    # ----------------------------------------------------------------- options and drawing

    def set_options(self, **options: Any) -> SPCResult | None:
        """Set several chart options at once, then redraw once.

        Keys: x, y, n (column names or None), chart, rules (iterable of rule-set
        ids), improvement ("higher", "lower" or None), multiply, phases, freeze,
        exclude, notes (text as typed, e.g. "12, 24"), title, ylab, folder.

        Returns:
            The new result (None when the options give an error, shown in the UI).
        """
        unknown = [k for k in options if k not in _OPTION_KEYS]
        if unknown:
            raise InputError(
                t(
                    "spc_explorer.error.unknown_option",
                    option=unknown[0],
                    options=", ".join(_OPTION_KEYS),
                )
            )
        with self._held():
            for key, value in options.items():
                if key == "rules":
                    chosen = set(value)
                    for rule, box in self.rules.items():
                        box.value = rule in chosen
                elif key in ("x", "y", "n"):
                    control = getattr(self, key)
                    value = _NONE if value is None else str(value)
                    columns = [str(c) for c in self.frame.columns]
                    if value not in (columns if key == "y" else [_NONE, *columns]):
                        raise InputError(
                            t(
                                "spc_explorer.error.no_column",
                                name=value,
                                role=key,
                                columns=", ".join(map(str, self.frame.columns)),
                            )
                        )
                    control.value = value
                elif key == "improvement":
                    self.improvement.value = value or ""
                elif key in ("phases", "freeze", "exclude", "title", "ylab", "folder"):
                    getattr(self, key).value = "" if value is None else str(value)
                else:
                    getattr(self, key).value = value
        return self.redraw()

    def chart_arguments(self) -> dict[str, Any]:
        """The keyword arguments for :func:`academy.spc.chart` that the controls describe.

        Raises:
            InputError: text in the phases, freeze, exclusions or notes boxes that cannot be read.
        """
        freeze = parse_positions(self.freeze.value)
        if len(freeze) > 1:
            raise InputError(t("spc_explorer.err_freeze"))
        return {
            "x": None if self.x.value in (None, _NONE) else self.x.value,
            "y": self.y.value,
            "n": None if self.n.value in (None, _NONE) else self.n.value,
            "chart": self.chart.value,
            "part": parse_positions(self.phases.value) or None,
            "freeze": freeze[0] if freeze else None,
            "exclude": parse_positions(self.exclude.value) or None,
            "notes": parse_notes(self.notes.value) or None,
            "multiply": self.multiply.value,
            "rules": tuple(r for r, box in self.rules.items() if box.value),
            "improvement": self.improvement.value or None,
            "title": self.title.value or None,
            "ylab": self.ylab.value or None,
        }

    def compute(self) -> SPCResult:
        """The chart for the current data and options (raises InputError)."""
        if self.frame.empty:
            raise InputError(t("spc_explorer.err_no_data"))
        arguments = self.chart_arguments()
        result = chart(self.frame, **arguments)
        if arguments.get("n") is not None:
            # as the academy command does, after the chart's own checks: a y beside a blank n
            # is a numerator that the chart would leave out without a word
            require_denominators(self.frame, arguments["y"], arguments["n"])
        return result

    def redraw(self) -> SPCResult | None:
        """Recompute the chart, draw it and explain its signals.

        Returns:
            The new :class:`~academy.spc.chart.SPCResult`, or None when the data
            or options have a mistake (then shown as one line above the chart).
        """
        if self._hold:
            return self.result
        try:
            result = self.compute()
            figure = render_chart(result)
        except InputError as error:
            self._show_error(error)
            return None
        self.result = result
        self.message.value = ""
        self.chart_out.outputs = ()
        self.chart_out.append_display_data(figure)
        self.explanation.value = (
            f'<div style="white-space: pre-wrap">{html.escape(result.explain())}</div>'
        )
        chart_name = t(f"common.chart_{result.chart}")
        said = t("accessibility.chart_redrawn", chart=chart_name, count=len(result.findings))
        self.announcement.value = live(html.escape(said))
        return result

    # ----------------------------------------------------------------- export

    def export_png(self, path: str | Path) -> Path | None:
        """Save the chart as PNG (alt text in its metadata); show and return where."""
        if self.result is None:
            self._show_error(InputError(t("spc_explorer.err_no_chart")))
            return None
        written = self._guarded(lambda: save_chart(self.result, Path(path)))
        if written is not None:
            self._say_saved(written)
        return written

    def export_points(self, path: str | Path) -> Path | None:
        """Save the points table as CSV (safe to open in Excel); show and return where."""
        if self.result is None:
            self._show_error(InputError(t("spc_explorer.err_no_chart")))
            return None
        out = Path(path)
        if not out.parent.is_dir():
            self._show_error(InputError(t("spc.error.save_no_folder", folder=str(out.parent))))
            return None
        written = write_csv(self.result.points, out)
        self._say_saved(written)
        return written

    def _export_folder(self) -> Path:
        """The folder typed in the export box; blank is the notebook's folder."""
        return Path(self.folder.value.strip() or ".")

    def _say_saved(self, written: Path) -> None:
        saved = html.escape(t("spc_explorer.saved", path=written.resolve()))
        self.export_status.value = live(f"<p>{saved}</p>")

    # ----------------------------------------------------------------- display

    def _ipython_display_(self) -> None:
        display(self.widget)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
