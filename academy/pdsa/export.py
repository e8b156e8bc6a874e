"""Exports of a PDSA log: a Markdown report, a table and a CSV file.

The CSV export guards against spreadsheet formula injection (OWASP, "CSV
Injection", https://owasp.org/www-community/attacks/CSV_Injection): a cell
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which OWASP lists too) is opened by Excel, LibreOffice or Google Sheets as a
formula, so such cells get a leading single quote, which spreadsheets show as
plain text.

Languages: the CSV file and :func:`to_frame` are data, so their column names
and values (statuses such as ``planned``, decisions such as ``adapt``) are
English in every language and read the same into any program. The Markdown
report is meant for reading, so its headings, labels, statuses and decisions
follow :func:`academy.i18n.set_language`; the learner's own text is kept as
written.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pandas as pd

from academy.exports import neutralise_cell as neutralise
from academy.i18n import t
from academy.pdsa.model import Cycle
from academy.pdsa.storage import PdsaLog, atomic_write

COLUMNS = (
    "project",
    "change_idea",
    "ramp",
    "cycle",
    "status",
    "scale",
    "planned_date",
    "done_date",
    "objective",
    "questions_and_predictions",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "plan_data_to_collect",
    "do_what_happened",
    "do_observations",
    "do_problems",
    "study_comparison",
    "study_learning",
    "act_decision",
    "act_next_cycle",
    "id",
    "created_at",
    "updated_at",
)


#: Sections of a cycle in the Markdown report: attribute and strings table key of its heading.
SECTIONS = {
    "plan": "pdsa.plan_heading",
    "do": "pdsa.do_heading",
    "study": "pdsa.study_heading",
    "act": "pdsa.act_heading",
}
#: Strings table key of each section field's label in the Markdown report.
FIELD_LABELS = {
    "who": "pdsa.md_who",
    "what": "pdsa.md_what",
    "when": "pdsa.md_when",
    "where": "pdsa.md_where",
    "data_to_collect": "pdsa.md_data_to_collect",
    "what_happened": "pdsa.md_what_happened",
    "observations": "pdsa.md_observations",
    "problems": "pdsa.md_problems",
    "comparison": "pdsa.md_comparison",
    "learning": "pdsa.md_learning",
    "decision": "pdsa.md_decision",
    "next_cycle": "pdsa.md_next_cycle",
}
#: Strings table key of each Act decision as a word in the report.
DECISION_WORDS = {
    "adapt": "pdsa.marker_adapt",
    "adopt": "pdsa.marker_adopt",
    "abandon": "pdsa.marker_abandon",
}
#: Strings table keys of the summary table's headings in the report.
SUMMARY_HEADINGS = (
    "pdsa.col_cycle",
    "pdsa.col_scale",
    "pdsa.col_planned",
    "pdsa.col_done",
    "pdsa.col_status",
    "pdsa.col_decision",
)


def to_frame(log: PdsaLog) -> pd.DataFrame:
    """Return one row per cycle with the columns of :data:`COLUMNS` (text not neutralised)."""
    return pd.DataFrame(
        [_row(log, idea.title, ramp.title, c) for idea, ramp, c in log.cycles()],
        columns=list(COLUMNS),
    )


def to_csv(log: PdsaLog, path: str | os.PathLike[str]) -> Path:
    """Write one row per cycle to a CSV file (UTF-8 with BOM for Excel) and return its path.

    Text cells that a spreadsheet would run as a formula get a leading ``'``.
    The file is written atomically, like the log itself.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for idea, ramp, cycle in log.cycles():
        row = _row(log, idea.title, ramp.title, cycle)
        writer.writerow(neutralise(row[c]) for c in COLUMNS)
    path = Path(path)
    atomic_write(path, out.getvalue().encode("utf-8-sig"))
    return path


def to_markdown(log: PdsaLog) -> str:
    """Return the whole log as a Markdown report: a summary table per ramp, then each cycle.

    In the current language (see the module notes).
    """
    project = log.project
    lines = [f"# {t('pdsa.md_title', project=_inline(project.name) or t('pdsa.untitled'))}", ""]
    aim = _inline(project.aim) or f"_{t('pdsa.md_no_aim')}_"
    lines += [f"**{t('pdsa.md_aim')}** {aim}", ""]
    for idea in project.change_ideas:
        lines += [f"## {t('pdsa.md_change_idea', title=_inline(idea.title))}", ""]
        for ramp in idea.ramps:
            lines += [f"### {t('pdsa.md_ramp', title=_inline(ramp.title))}", ""]
            lines += ["| " + " | ".join(t(key) for key in SUMMARY_HEADINGS) + " |"]
            lines += ["|---:|---|---|---|---|---|"]
            for c in ramp.cycles:
                cells = (
                    c.number,
                    c.scale,
                    c.planned_date,
                    c.done_date,
                    t(f"pdsa.status_{c.status}"),
                    _decision(c.act.decision),
                )
                lines.append("| " + " | ".join(_cell(v) for v in cells) + " |")
            lines.append("")
            for c in ramp.cycles:
                lines += _cycle_markdown(c)
    return "\n".join(lines)


def _cycle_markdown(c: Cycle) -> list[str]:
    objective = _inline(c.objective) or t("pdsa.md_no_objective")
    lines = [f"#### {t('pdsa.md_cycle', number=c.number, objective=objective)}", ""]
    lines.append(
        t(
            "pdsa.md_cycle_facts",
            scale=_inline(c.scale) or "—",
            planned=c.planned_date or "—",
            done=c.done_date or "—",
            status=t(f"pdsa.status_{c.status}"),
        )
    )
    lines += ["", f"**{t('pdsa.questions_heading')}**", ""]
    lines += [
        f"{i}. {_block(q.question)}\\\n   {t('pdsa.md_prediction', text=_block(q.prediction))}"
        for i, q in enumerate(c.questions, start=1)
    ] or [f"_{t('pdsa.md_none_yet')}_"]
    missing = []
    for name, key in SECTIONS.items():
        filled = [
            f"- {t(FIELD_LABELS[k], text=_block(_decision(v) if k == 'decision' else v))}"
            for k, v in vars(getattr(c, name)).items()
            if v.strip()
        ]
        if filled:
            lines += ["", f"**{t(key)}**", "", *filled]
        else:
            missing.append(t(key))
    if missing:
        lines += ["", f"_{t('pdsa.md_not_recorded', sections=', '.join(missing))}_"]
    return [*lines, ""]


def _decision(decision: str) -> str:
    """An Act decision as a word in the current language (anything else as it is)."""
    return t(DECISION_WORDS[decision]) if decision in DECISION_WORDS else decision


def _row(log: PdsaLog, idea: str, ramp: str, c: Cycle) -> dict[str, Any]:
    row: dict[str, Any] = {
        "project": log.project.name,
        "change_idea": idea,
        "ramp": ramp,
        "cycle": c.number,
        "status": c.status,
        "scale": c.scale,
        "planned_date": c.planned_date.isoformat() if c.planned_date else "",
        "done_date": c.done_date.isoformat() if c.done_date else "",
        "objective": c.objective,
        "questions_and_predictions": "\n".join(
            f"{q.question} -> {q.prediction}" for q in c.questions
        ),
        "id": c.id,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }
    for section in ("plan", "do", "study", "act"):
        for key, value in vars(getattr(c, section)).items():
            row[f"{section}_{key}"] = value
    return row


def _inline(text: str) -> str:
    """Keep user text on one Markdown line: line breaks become spaces."""
    return " ".join(str(text).split())


def _block(text: str) -> str:
    """Keep user text inside one list item, its line breaks as Markdown hard breaks."""
    return "\\\n  ".join(line.strip() for line in text.splitlines() if line.strip())


def _cell(value: Any) -> str:
    """Text for a Markdown table cell: one line, pipes escaped, empty shown as a dash."""
    text = _inline("" if value is None else value).replace("|", "\\|")
    return text or "—"
