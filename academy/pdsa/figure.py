"""A timeline of PDSA ramps: one row per ramp, one marker per cycle.

A ramp is a sequence of cycles that grows in scale as confidence grows
(Langley et al., *The Improvement Guide*, 2nd ed., 2009, ch. 5, "Using the
Cycle to Build Knowledge", p. 100). Each cycle is drawn at its done date, or
its planned date while it is not done yet, labelled with its number and scale
(e.g. "C2 · 1 shift"). The marker's shape shows the Act decision, so the chart reads without
colour: circle = adapt, triangle = adopt, cross = abandon, square = no decision
yet; a hollow marker is a cycle planned but not yet done. Colours, added as a
second cue, are from the Okabe–Ito palette (Okabe M, Ito K, *Color Universal
Design*, 2008). Every word on the figure comes from the strings table
(``pdsa.*``), so it follows :func:`academy.i18n.set_language`; the log itself
keeps its English values.
"""

from __future__ import annotations

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from academy.i18n import t
from academy.pdsa.model import Ramp
from academy.pdsa.storage import PdsaLog

#: decision: (marker, colour, strings table key of the legend label)
MARKERS = {
    "adapt": ("o", "#E69F00", "pdsa.marker_adapt"),
    "adopt": ("^", "#009E73", "pdsa.marker_adopt"),
    "abandon": ("X", "#D55E00", "pdsa.marker_abandon"),
    "": ("s", "#767676", "pdsa.no_decision"),
}
LABEL_CHARS = 40


def ramp_figure(log: PdsaLog) -> Figure:
    """Draw the log's ramps as a timeline and return the figure (not shown).

    The y axis has one labelled row per ramp, in the log's order from the
    top; each row's tick label is "change idea: ramp". Cycles without any date
    cannot be placed and are counted in a note under the chart.
    """
    rows = [(idea.title, ramp) for idea in log.project.change_ideas for ramp in idea.ramps]
    fig = Figure(figsize=(9, 1.6 + 0.6 * max(len(rows), 1)), layout="constrained")
    ax = fig.add_subplot()
    undated = sum(_draw_ramp(ax, y, ramp) for y, (_, ramp) in enumerate(rows))
    ax.set_yticks(range(len(rows)), [_short(f"{i}: {r.title}", LABEL_CHARS) for i, r in rows])
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.tick_params(labelsize=9)
    project = log.project.name or t("pdsa.untitled")
    ax.set_title(t("pdsa.figure_title", project=project), fontsize=12)
    if ax.lines:
        locator = mdates.AutoDateLocator(interval_multiples=False)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.margins(x=0.08)
        ax.grid(axis="x", color="#EEEEEE")
    else:
        ax.set_xticks([])
        no_dates = t("pdsa.figure_no_dates")
        ax.text(0.5, 0.5, no_dates, ha="center", va="center", transform=ax.transAxes)
    if undated:
        note = (
            t("pdsa.figure_undated_one")
            if undated == 1
            else t("pdsa.figure_undated_many", count=undated)
        )
        ax.set_xlabel(note, fontsize=9)
    handles = [
        Line2D([], [], marker=m, color=c, ls="none", ms=8, label=t(key))
        for m, c, key in MARKERS.values()
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            color="#767676",
            mfc="white",
            ls="none",
            ms=8,
            label=t("pdsa.marker_hollow"),
        )
    )
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9, frameon=False
    )
    return fig


def _draw_ramp(ax: Axes, y: int, ramp: Ramp) -> int:
    """Draw one ramp's dated cycles on row ``y``; return how many had no date."""
    placed = sorted(
        ((c.done_date or c.planned_date, c) for c in ramp.cycles if c.done_date or c.planned_date),
        key=lambda pair: (pair[0], pair[1].number),
    )
    if len(placed) > 1:
        ax.plot([d for d, _ in placed], [y] * len(placed), color="#BBBBBB", lw=1, zorder=1)
    for k, (day, cycle) in enumerate(placed):
        marker, colour, _ = MARKERS[cycle.act.decision]
        ax.plot(
            [day],
            [y],
            marker=marker,
            ms=10,
            ls="none",
            color=colour,
            mfc=colour if cycle.done_date else "white",
            zorder=2,
            gid=f"pdsa-cycle-{cycle.act.decision or 'undecided'}",
        )
        label = f"C{cycle.number}" + (f" · {_short(cycle.scale, 20)}" if cycle.scale else "")
        above = k % 2 == 0  # alternate above and below, so close cycles' labels do not collide
        ax.annotate(
            label,
            (day, y),
            xytext=(0, 9 if above else -9),
            textcoords="offset points",
            ha="center",
            va="bottom" if above else "top",
            fontsize=9,
        )
    return len(ramp.cycles) - len(placed)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
