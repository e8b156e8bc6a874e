"""The PDSA planner and log as a form: plan, record and review Plan-Do-Study-Act cycles.

All record keeping is done by :mod:`academy.pdsa`: :func:`~academy.pdsa.check_cycle`
checks a cycle, :class:`~academy.pdsa.PdsaLog` saves it (atomically, under a lock,
merged with other notebooks' saves), :func:`~academy.pdsa.ramp_figure` draws the
ramps and :func:`~academy.pdsa.to_markdown` / :func:`~academy.pdsa.to_csv` export
the log. This module lays out the controls and shows the results.

The sections follow the Model for Improvement (Langley GJ et al. *The Improvement
Guide*, 2nd ed. Jossey-Bass, 2009, ch. 5, "The Plan-Do-Study-Act Cycle", p. 97).
"""

from __future__ import annotations

import dataclasses
import html
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML

from academy.display import show_figure
from academy.errors import InputError
from academy.i18n import t
from academy.pdsa import (
    DECISIONS,
    Act,
    Cycle,
    Do,
    PdsaLog,
    Plan,
    Prediction,
    Study,
    check_cycle,
    ramp_figure,
    to_csv,
    to_frame,
    to_markdown,
)
from academy.pdsa.figure import MARKERS
from academy.pdsa.storage import atomic_write
from academy.widgets._access import heading, live, tool

#: The ramp a new log starts with. It is saved in the log, so it is data and the same in every
#: language (a log kept in Welsh and in English must not split into two ramps).
DEFAULT_RAMP = "Ramp 1"

#: Rows of questions and predictions shown on a new form.
MIN_QUESTIONS = 2
#: Summary table columns (from :func:`academy.pdsa.to_frame`) and their label keys.
TABLE_COLUMNS = {
    "change_idea": "pdsa.col_change_idea",
    "ramp": "pdsa.col_ramp",
    "cycle": "pdsa.col_cycle",
    "status": "pdsa.col_status",
    "scale": "pdsa.col_scale",
    "planned_date": "pdsa.col_planned",
    "done_date": "pdsa.col_done",
    "objective": "pdsa.col_objective",
    "act_decision": "pdsa.col_decision",
}
#: Text fields of the form: field name -> (section or None for the cycle itself, label key).
TEXT_FIELDS = {
    "objective": (None, "pdsa.objective"),
    "scale": (None, "pdsa.scale"),
    "who": ("plan", "pdsa.plan_who"),
    "what": ("plan", "pdsa.plan_what"),
    "when": ("plan", "pdsa.plan_when"),
    "where": ("plan", "pdsa.plan_where"),
    "data_to_collect": ("plan", "pdsa.plan_data"),
    "what_happened": ("do", "pdsa.do_what_happened"),
    "observations": ("do", "pdsa.do_observations"),
    "problems": ("do", "pdsa.do_problems"),
    "comparison": ("study", "pdsa.study_comparison"),
    "learning": ("study", "pdsa.study_learning"),
    "next_cycle": ("act", "pdsa.act_next_cycle"),
}
_STYLE = {"description_width": "initial"}
_WIDE = widgets.Layout(width="95%")
NEW = "new"


def _text(key: str, *, area: bool = False) -> widgets.Text | widgets.Textarea:
    cls = widgets.Textarea if area else widgets.Text
    return cls(description=t(key), style=_STYLE, layout=_WIDE)


def _show(output: widgets.Output, *objects: Any) -> None:
    """Replace what ``output`` shows (set directly, so it works with or without a kernel)."""
    output.outputs = ()
    for item in objects:
        output.append_display_data(item)


def ramp_alt_text(log: PdsaLog) -> str:
    """Describe :func:`academy.pdsa.ramp_figure` in words: one sentence per ramp."""
    project = log.project.name or t("pdsa.untitled")
    sentences = [t("pdsa.alt_intro", project=project)]
    for idea in log.project.change_ideas:
        for ramp in idea.ramps:
            cycles = "; ".join(
                t(
                    "pdsa.alt_cycle",
                    number=c.number,
                    scale=c.scale or "—",
                    status=t(f"pdsa.status_{c.status}"),
                    decision=t(MARKERS[c.act.decision][2]),
                    date=c.done_date or c.planned_date or t("pdsa.no_date"),
                )
                for c in ramp.cycles
            )
            sentences.append(t("pdsa.alt_ramp", idea=idea.title, ramp=ramp.title, cycles=cycles))
    if len(sentences) == 1:
        sentences.append(t("pdsa.no_cycles"))
    return " ".join(sentences)


class PdsaFormApp:
    """A form for one PDSA cycle, the table and ramp figure of every saved cycle, and exports.

    Args:
        path: the log's JSON file; opened if it exists, created on the first save.

    Attributes:
        log: the :class:`~academy.pdsa.PdsaLog` behind the form.
        fields: the form's controls by field name (see :meth:`fill`).
        widget: the whole form, an ipywidgets container.
    """

    def __init__(self, path: str | os.PathLike[str] = "pdsa-log.json") -> None:
        self.path = Path(path)
        self.log = PdsaLog.open(self.path)
        self._editing: Cycle | None = None
        self.fields: dict[str, widgets.ValueWidget] = {
            "name": _text("pdsa.project_name"),
            "aim": _text("pdsa.aim", area=True),
            "change_idea": _text("pdsa.change_idea"),
            "ramp": _text("pdsa.ramp"),
            "planned_date": widgets.DatePicker(description=t("pdsa.planned_date"), style=_STYLE),
            "done_date": widgets.DatePicker(description=t("pdsa.done_date"), style=_STYLE),
            "decision": widgets.Dropdown(
                options=[(t("pdsa.no_decision"), "")]
                + [(t(f"pdsa.decision_{d}"), d) for d in DECISIONS],
                description=t("pdsa.act_decision"),
                style=_STYLE,
            ),
        }
        for name, (_, key) in TEXT_FIELDS.items():
            self.fields[name] = _text(key, area=name not in {"scale", "who", "when", "where"})
        self.fields["ramp"].value = DEFAULT_RAMP
        self.question_rows: list[tuple[widgets.Text, widgets.Text]] = []
        self.questions_box = widgets.VBox()
        self.cycle_choice = widgets.Dropdown(description=t("pdsa.cycle_choice"), style=_STYLE)
        self.cycle_choice.observe(self._on_choice, names="value")
        self.add_question_button = self._button("pdsa.add_question", lambda: self.add_question())
        self.save_button = self._button("pdsa.save", self._click_save, style="primary")
        self.new_button = self._button("pdsa.new_cycle_button", lambda: self.new_cycle())
        self.markdown_button = self._button("pdsa.export_md", self._click_export_markdown)
        self.csv_button = self._button("pdsa.export_csv", self._click_export_csv)
        self.message = widgets.HTML()
        self.table_output = widgets.Output()
        self.figure_output = widgets.Output()
        self.widget = tool(self._layout())
        self._fill_project()
        self._clear_cycle()
        self.reload()

    # ----------------------------------------------------------------- layout
    def _button(self, key: str, action: Any, style: str = "") -> widgets.Button:
        button = widgets.Button(description=t(key), tooltip=t(f"{key}_tooltip"), button_style=style)
        button.layout.width = "auto"
        button.on_click(lambda _: action())
        return button

    def _section(self, key: str, names: Iterable[str]) -> list[widgets.Widget]:
        return [heading(t(key), level=4), *(self.fields[n] for n in names)]

    def _layout(self) -> list[widgets.Widget]:
        f = self.fields
        return [
            heading(t("pdsa.project_heading")),
            f["name"],
            f["aim"],
            f["change_idea"],
            f["ramp"],
            heading(t("pdsa.cycle_heading")),
            self.cycle_choice,
            f["objective"],
            f["scale"],
            f["planned_date"],
            heading(t("pdsa.questions_heading"), level=4),
            self.questions_box,
            self.add_question_button,
            *self._section(
                "pdsa.plan_heading", ("who", "what", "when", "where", "data_to_collect")
            ),
            *self._section("pdsa.do_heading", ("done_date", "what_happened", "observations")),
            f["problems"],
            *self._section("pdsa.study_heading", ("comparison", "learning")),
            *self._section("pdsa.act_heading", ("decision", "next_cycle")),
            widgets.HBox(
                [self.save_button, self.new_button, self.markdown_button, self.csv_button]
            ),
            self.message,
            heading(t("pdsa.log_heading")),
            self.table_output,
            self.figure_output,
        ]

    def add_question(self, question: str = "", prediction: str = "") -> int:
        """Add a row for a question and its prediction; return the number of rows."""
        number = len(self.question_rows) + 1
        row = (
            widgets.Text(question, description=t("pdsa.question", number=number), style=_STYLE),
            widgets.Text(prediction, description=t("pdsa.prediction"), style=_STYLE),
        )
        for control in row:
            control.layout.width = "48%"
        self.question_rows.append(row)
        self.questions_box.children = [widgets.HBox(r) for r in self.question_rows]
        return number

    # ------------------------------------------------------------ form values
    def fill(self, **values: Any) -> list[str]:
        """Set form fields by name and return the names set.

        Names: ``name``, ``aim``, ``change_idea``, ``ramp``, ``planned_date``,
        ``done_date`` (dates), ``decision`` (``""``, ``"adapt"``, ``"adopt"`` or
        ``"abandon"``), ``questions`` (pairs of question and prediction, or
        :class:`~academy.pdsa.Prediction`), and every name in :data:`TEXT_FIELDS`.
        """
        unknown = sorted(set(values) - set(self.fields) - {"questions"})
        if unknown:
            known = ", ".join([*self.fields, "questions"])
            raise InputError(t("pdsa.error.unknown_form_field", field=unknown[0], known=known))
        for name, value in values.items():
            if name == "questions":
                self._set_questions(value)
            else:
                self.fields[name].value = value
        return list(values)

    def _set_questions(self, questions: Iterable[Prediction | tuple[str, str]]) -> None:
        pairs = [(q.question, q.prediction) if isinstance(q, Prediction) else q for q in questions]
        self.question_rows = []
        for question, prediction in pairs:
            self.add_question(question, prediction)
        while len(self.question_rows) < MIN_QUESTIONS:
            self.add_question()

    def _form_cycle(self) -> dict[str, Any]:
        """The cycle's fields as the form shows them (blank question rows left out)."""
        sections: dict[str, dict[str, str]] = {"plan": {}, "do": {}, "study": {}, "act": {}}
        top: dict[str, Any] = {}
        for name, (section, _) in TEXT_FIELDS.items():
            (sections[section] if section else top)[name] = self.fields[name].value
        sections["act"]["decision"] = self.fields["decision"].value
        return {
            **top,
            "planned_date": self.fields["planned_date"].value,
            "done_date": self.fields["done_date"].value,
            "questions": [
                Prediction(q.value, p.value)
                for q, p in self.question_rows
                if q.value.strip() or p.value.strip()
            ],
            "plan": Plan(**sections["plan"]),
            "do": Do(**sections["do"]),
            "study": Study(**sections["study"]),
            "act": Act(**sections["act"]),
        }

    def _fill_project(self) -> None:
        self.fields["name"].value = self.log.project.name
        self.fields["aim"].value = self.log.project.aim

    def _clear_cycle(self) -> None:
        for name in TEXT_FIELDS:
            self.fields[name].value = ""
        for name in ("planned_date", "done_date"):
            self.fields[name].value = None
        self.fields["decision"].value = ""
        self._set_questions([])

    def _fill_cycle(self, idea: str, ramp: str, cycle: Cycle) -> None:
        self.fill(
            change_idea=idea,
            ramp=ramp,
            planned_date=cycle.planned_date,
            done_date=cycle.done_date,
            decision=cycle.act.decision,
            questions=cycle.questions,
            objective=cycle.objective,
            scale=cycle.scale,
            **{
                name: getattr(getattr(cycle, section), name)
                for name, (section, _) in TEXT_FIELDS.items()
                if section
            },
        )

    def _on_choice(self, change: dict[str, Any]) -> None:
        if change["new"] in (None, NEW):
            self._editing = None
            self._clear_cycle()
            return
        for idea, ramp, cycle in self.log.cycles():
            if cycle.id == change["new"]:
                self._editing = cycle
                self._fill_cycle(idea.title, ramp.title, cycle)

    def new_cycle(self) -> None:
        """Empty the cycle's fields (keeping project, change idea and ramp) for a new cycle."""
        self.cycle_choice.value = NEW
        self._editing = None
        self._clear_cycle()

    def edit(self, change_idea: str, ramp: str, number: int) -> Cycle:
        """Load a saved cycle into the form, so that saving updates it; return it."""
        for idea, r, cycle in self.log.cycles():
            if (idea.title, r.title, cycle.number) == (change_idea, ramp, number):
                self.cycle_choice.value = cycle.id
                return cycle
        raise InputError(t("pdsa.error.no_such_cycle", number=number, ramp=ramp, idea=change_idea))

    # ------------------------------------------------------------------ save
    def save(self) -> Cycle:
        """Check the form and save the cycle (a new one, or the one being edited); return it.

        Raises:
            InputError: the form has a mistake; the one-line message is also shown.
        """
        try:
            cycle = self._save()
        except InputError as error:
            self._say(str(error), ok=False)
            raise
        ramp = next(r for _, r, c in self.log.cycles() if c is cycle)
        self._say(t("pdsa.saved", number=cycle.number, ramp=ramp.title, file=self.path.name))
        self.reload(keep=cycle)
        return cycle

    def _save(self) -> Cycle:
        values = self._form_cycle()
        base = self._editing or Cycle()
        candidate = dataclasses.replace(base, **values)
        problem = check_cycle(candidate)
        if problem:
            raise InputError(problem)
        project = self.log.project
        before = (project.name, project.aim)
        project.name, project.aim = self.fields["name"].value, self.fields["aim"].value
        if self._editing is not None:
            undo = dataclasses.replace(self._editing)
            vars(self._editing).update({k: getattr(candidate, k) for k in values})
            try:
                self.log.save()
            except BaseException:
                vars(self._editing).update({k: getattr(undo, k) for k in values})
                project.name, project.aim = before
                raise
            return self._editing
        try:
            cycle = self.log.add_cycle(
                self.fields["change_idea"].value, self.fields["ramp"].value, candidate
            )
        except InputError:
            project.name, project.aim = before
            raise
        try:
            self.log.save()
        except BaseException:
            self.log.ramp(
                self.fields["change_idea"].value, self.fields["ramp"].value
            ).cycles.remove(cycle)
            project.name, project.aim = before
            raise
        return cycle

    def _click_save(self) -> None:
        try:
            self.save()
        except (InputError, OSError) as error:  # shown next to the button
            if isinstance(error, OSError):
                self._say(t("pdsa.save_failed", error=error), ok=False)

    def _say(self, text: str, ok: bool = True) -> None:
        """Show a one-line message, announced to screen readers; a problem starts with a word."""
        prefix = "" if ok else f"<strong>{html.escape(t('pdsa.problem'))}</strong> "
        self.message.value = live(f"<p>{prefix}{html.escape(text)}</p>", problem=not ok)

    # ---------------------------------------------------------------- reload
    def reload(self, keep: Cycle | None = None) -> PdsaLog:
        """Read the log again from its file and redraw the table and the ramp figure.

        Args:
            keep: a cycle to keep selected in the form (after a save); otherwise
                the form starts a new cycle.
        """
        if keep is None:
            self.log = PdsaLog.open(self.path)
            self._fill_project()
        labels = [(t("pdsa.new_cycle"), NEW)] + [
            (f"{idea.title} / {ramp.title} / {t('pdsa.col_cycle')} {c.number}", c.id)
            for idea, ramp, c in self.log.cycles()
        ]
        self.cycle_choice.unobserve(self._on_choice, names="value")
        self.cycle_choice.options = labels
        self.cycle_choice.value = keep.id if keep is not None else NEW
        self.cycle_choice.observe(self._on_choice, names="value")
        self._editing = keep
        self._draw()
        return self.log

    def table(self) -> pd.DataFrame:
        """One row per saved cycle, headings, status and decision in the current language."""
        frame = to_frame(self.log)[list(TABLE_COLUMNS)]
        frame["status"] = [t(f"pdsa.status_{status}") for status in frame["status"]]
        frame["act_decision"] = [t(MARKERS[d][2]) if d else d for d in frame["act_decision"]]
        return frame.rename(columns={c: t(k) for c, k in TABLE_COLUMNS.items()})

    def _draw(self) -> None:
        table = self.table()
        if table.empty:
            _show(self.table_output, HTML(f"<p>{html.escape(t('pdsa.no_cycles'))}</p>"))
        else:
            _show(self.table_output, HTML(table.to_html(index=False)))
        figure = ramp_figure(self.log)
        _show(self.figure_output, show_figure(figure, alt=ramp_alt_text(self.log)))

    # --------------------------------------------------------------- exports
    def export_markdown(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the log as a Markdown report (default: beside the log, ``.md``); return the path."""
        target = Path(path) if path is not None else self.path.with_suffix(".md")
        atomic_write(target, to_markdown(self.log).encode("utf-8"))
        self._say(t("pdsa.exported", file=target.name))
        return target

    def export_csv(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write one row per cycle to CSV (default: beside the log, ``.csv``); return the path."""
        target = to_csv(self.log, Path(path) if path is not None else self.path.with_suffix(".csv"))
        self._say(t("pdsa.exported", file=target.name))
        return target

    def _click_export_markdown(self) -> None:
        self._export(self.export_markdown)

    def _click_export_csv(self) -> None:
        self._export(self.export_csv)

    def _export(self, action: Any) -> None:
        try:
            action()
        except (InputError, OSError) as error:
            self._say(str(error), ok=False)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
