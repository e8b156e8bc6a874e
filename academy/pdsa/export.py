"""Exports of a PDSA log: a Markdown report, a table and a CSV file.

The CSV export guards against spreadsheet formula injection (OWASP, "CSV
Injection", https://owasp.org/www-community/attacks/CSV_Injection): a cell
that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which OWASP lists too) is opened by Excel, LibreOffice or Google Sheets as a
formula, so such cells get a leading single quote, which spreadsheets show as
plain text.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pandas as pd

from academy.exports import neutralise_cell as neutralise
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
    """Return the whole log as a Markdown report: a summary table per ramp, then each cycle."""
    project = log.project
    lines = [f"# PDSA log: {_inline(project.name) or 'untitled project'}", ""]
    lines += [f"**Aim:** {_inline(project.aim) or '_not yet written_'}", ""]
    for idea in project.change_ideas:
        lines += [f"## Change idea: {_inline(idea.title)}", ""]
        for ramp in idea.ramps:
            lines += [f"### Ramp: {_inline(ramp.title)}", ""]
            lines += ["| Cycle | Scale | Planned | Done | Status | Decision |"]
            lines += ["|---:|---|---|---|---|---|"]
            for c in ramp.cycles:
                cells = (c.number, c.scale, c.planned_date, c.done_date, c.status, c.act.decision)
                lines.append("| " + " | ".join(_cell(v) for v in cells) + " |")
            lines.append("")
            for c in ramp.cycles:
                lines += _cycle_markdown(c)
    return "\n".join(lines)


def _cycle_markdown(c: Cycle) -> list[str]:
    lines = [f"#### Cycle {c.number}: {_inline(c.objective) or 'no objective yet'}", ""]
    lines.append(
        f"Scale: {_inline(c.scale) or '—'}; planned {c.planned_date or '—'}; "
        f"done {c.done_date or '—'}; status: {c.status}."
    )
    lines += ["", "**Questions and predictions**", ""]
    lines += [
        f"{i}. {_block(q.question)}\\\n   Prediction: {_block(q.prediction)}"
        for i, q in enumerate(c.questions, start=1)
    ] or ["_none yet_"]
    missing = []
    for title, section in (("Plan", c.plan), ("Do", c.do), ("Study", c.study), ("Act", c.act)):
        filled = [
            f"- {k.replace('_', ' ')}: {_block(v)}" for k, v in vars(section).items() if v.strip()
        ]
        if filled:
            lines += ["", f"**{title}**", "", *filled]
        else:
            missing.append(title)
    if missing:
        lines += ["", f"_Not yet recorded: {', '.join(missing)}._"]
    return [*lines, ""]


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
