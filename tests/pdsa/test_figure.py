"""The ramp timeline: one row per ramp, marker shape by decision, no pyplot."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from academy.pdsa import Act, Cycle, PdsaLog, ramp_figure


def _markers(fig: Figure) -> list:
    ax = fig.axes[0]
    return [line for line in ax.lines if (line.get_gid() or "").startswith("pdsa-cycle-")]


def test_one_labelled_row_per_ramp(sample_log: PdsaLog) -> None:
    sample_log.ramp("Morning huddle", "Ramp 2")  # an empty ramp still gets its row
    fig = ramp_figure(sample_log)
    ax = fig.axes[0]
    assert list(ax.get_yticks()) == [0, 1, 2, 3]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Discharge checklist: Ramp 1",
        "Discharge checklist: Ramp 2",
        "Morning huddle: Ramp 1",
        "Morning huddle: Ramp 2",
    ]
    bottom, top = ax.get_ylim()
    assert bottom > top  # the first ramp is at the top


def test_marker_shape_by_decision_and_fill_by_done(sample_log: PdsaLog) -> None:
    markers = {
        (line.get_gid(), line.get_marker(), line.get_markerfacecolor() == "white")
        for line in _markers(ramp_figure(sample_log))
    }
    assert markers == {
        ("pdsa-cycle-adapt", "o", False),  # ramp 1 cycle 1, done
        ("pdsa-cycle-undecided", "s", False),  # ramp 1 cycle 2, done, no decision
        ("pdsa-cycle-undecided", "s", True),  # ramp 2 cycle 1, planned only: hollow
        ("pdsa-cycle-abandon", "X", False),
    }


def test_cycles_sit_on_their_ramp_row_at_their_date(sample_log: PdsaLog) -> None:
    sample_log.add_cycle(
        "Morning huddle", "Ramp 1", Cycle(act=Act("adopt"), planned_date=date(2024, 3, 11))
    )
    placed = {
        (line.get_gid(), float(line.get_ydata()[0]), mdates.date2num(line.get_xdata()[0]))
        for line in _markers(ramp_figure(sample_log))
    }
    assert ("pdsa-cycle-adopt", 2.0, mdates.date2num(date(2024, 3, 11))) in placed
    assert ("pdsa-cycle-adapt", 0.0, mdates.date2num(date(2024, 3, 2))) in placed  # done date


def test_labels_and_undated_note(sample_log: PdsaLog) -> None:
    sample_log.add_cycle("Morning huddle", "Ramp 1", Cycle(objective="no date yet"))
    ax = ramp_figure(sample_log).axes[0]
    labels = {t.get_text() for t in ax.texts}
    assert {"C1 · 1 patient", "C2 · 1 shift", "C1 · 1 day"} <= labels
    assert ax.get_xlabel() == "1 cycle without a date is not shown"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:4] == ["adapt", "adopt", "abandon", "no decision yet"]


def test_empty_log_and_no_pyplot(tmp_path: Path) -> None:
    before = plt.get_fignums()
    fig = ramp_figure(PdsaLog.open(tmp_path / "x.json"))
    assert plt.get_fignums() == before  # built without pyplot: nothing to close
    ax = fig.axes[0]
    assert list(ax.get_yticks()) == []
    assert "No dated cycles yet" in {t.get_text() for t in ax.texts}
    fig.savefig(io.BytesIO(), format="png")  # draws without error
