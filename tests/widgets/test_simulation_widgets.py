"""Predict-first simulation widgets: Run is locked until a prediction is entered,
the prediction is shown beside the result, runs are seeded, and Welsh builds."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from academy import i18n
from academy.simulations.funnel_experiment import run_funnel
from academy.simulations.helicopter import run_design
from academy.simulations.potato_head import MAX_CYCLES, PDSACycle, play
from academy.simulations.red_beads import run_red_beads
from academy.widgets.simulations import (
    FunnelApp,
    HelicopterApp,
    PotatoHeadApp,
    RedBeadsApp,
    parse_number,
)

APPS = (RedBeadsApp, FunnelApp, PotatoHeadApp, HelicopterApp)
#: A usable prediction for each app, as a learner would enter it.
PREDICTIONS = {RedBeadsApp: "9", FunnelApp: 1, PotatoHeadApp: "35", HelicopterApp: "B"}


def _html(output: widgets.Output) -> str:
    """Every HTML output of an Output widget, joined."""
    return "".join(o["data"].get("text/html", "") for o in output.outputs)


def _alt_texts(output: widgets.Output) -> list[str]:
    """The plain-text form of each figure (show_figure's repr is 'Figure: <alt>')."""
    texts = [o["data"].get("text/plain", "") for o in output.outputs]
    return [text for text in texts if text.startswith("Figure: ")]


def _controls(widget: widgets.Widget) -> list[widgets.Widget]:
    """Every input control and button inside a container, depth first."""
    if isinstance(widget, widgets.Box):
        return [c for child in widget.children for c in _controls(child)]
    if isinstance(widget, widgets.Button | widgets.ValueWidget) and not isinstance(
        widget, widgets.HTML | widgets.Label
    ):
        return [widget]
    return []


@pytest.mark.parametrize("cls", APPS)
def test_locked_until_predicted_then_prediction_beside_result(cls) -> None:
    app = cls()
    # the first state is a real figure, with the example's prediction beside its result
    assert app.result is not None
    assert len(_alt_texts(app.output)) == 1
    assert "<th>Your prediction</th><th>Result</th>" in _html(app.output)
    if cls is not PotatoHeadApp:  # the game's first state is its real baseline round
        assert "Example run with a sample prediction" in _html(app.output)
    # Run is locked, and says so, until a prediction is entered
    assert app.run_button.disabled
    assert (
        app.lock_note.value
        == '<div role="status" aria-live="polite">' + i18n.t("simulations.locked") + "</div>"
    )
    shown = app.output.outputs
    assert app.run() is None  # a click arriving in code is refused too
    assert app.output.outputs == shown
    assert i18n.t("simulations.locked") in app.message.value
    assert app.set_prediction(PREDICTIONS[cls]) is True
    assert not app.run_button.disabled
    assert (
        app.lock_note.value
        == '<div role="status" aria-live="polite">' + i18n.t("simulations.unlocked") + "</div>"
    )
    # running puts the learner's prediction beside the compare_prediction() sentence
    app.run_button.click()
    shown = _html(app.output)
    assert "Example run" not in shown and app.message.value == ""
    row = shown.split("<tbody><tr><td>", 1)[1]
    prediction_cell, result_cell = row.split("</td><td>", 1)
    assert prediction_cell  # the learner's prediction, in words
    assert result_cell.startswith(html.escape(app.result.compare_prediction()))
    assert len(_alt_texts(app.output)) == 1


def test_red_beads_prediction_and_round_reach_the_simulation() -> None:
    app = RedBeadsApp(seed=7)
    app.set_prediction("9,5")  # a decimal comma is read too
    result = app.run()
    assert result.prediction == 9.5
    assert result.keep_best_after == 2 and len(result.kept) == 3 and len(result.fired) == 3
    assert "9.5 red beads per draw from the kept workers" in _html(app.output)
    assert "Best kept, worst fired" not in _alt_texts(app.output)[0]  # alt text is in words
    assert "the best were kept and the worst fired" in _alt_texts(app.output)[0]
    app.keep_best.value = None
    result = app.run()
    assert result.keep_best_after is None and result.kept == ()
    assert "an average of 9.5 red beads per draw" in _html(app.output)


def test_red_beads_is_reproducible_and_matches_the_pure_function() -> None:
    first, second = RedBeadsApp(seed=11), RedBeadsApp(seed=11)
    for app in (first, second):
        app.set_prediction("10")
    a, b = first.run(), second.run()
    pd.testing.assert_frame_equal(a.draws, b.draws)
    direct = run_red_beads(keep_best_after=2, seed=11, prediction=10)
    pd.testing.assert_frame_equal(a.draws, direct.draws)
    first.seed.value = 12
    assert not first.run().draws["red"].equals(a.draws["red"])


def test_red_beads_mistakes_are_one_line_messages() -> None:
    app = RedBeadsApp()
    assert app.set_prediction("lots") is False  # not a number: still locked
    assert app.set_prediction("60") is True  # a number, so Run unlocks ...
    shown = app.output.outputs
    assert app.run() is None  # ... but 60 > 50 holes in the paddle
    assert "between 0 and 50" in app.message.value
    assert app.output.outputs == shown


def test_funnel_prediction_seed_and_settings() -> None:
    app = FunnelApp(seed=3)
    app.set_prediction(4)
    app.drops.value, app.dims.value = 30, 1
    result = app.run()
    assert result.prediction == 4 and result.dims == 1
    assert (result.drops.groupby("rule").size() == 30).all()
    direct = run_funnel(n_drops=30, dims=1, seed=3, prediction=4)
    pd.testing.assert_frame_equal(result.drops, direct.drops)
    assert "Rule 4: set it over the last drop" in _html(app.output)
    assert "it was rule 1" in _html(app.output)  # rule 1 is least variable for this seed


def test_potato_head_cycle_by_cycle() -> None:
    app = PotatoHeadApp(seed=5)
    assert app.cycles == [] and len(app.result.cycles) == 1  # the baseline round
    assert app.set_ideas("lay parts out in order", "pre-sort bag") == (
        "lay parts out in order",
        "pre-sort bag",
    )
    app.set_prediction("30")
    app.accuracy.value = 3
    first = app.run()
    assert len(first.cycles) == 2 and first.cycles[1].predicted_time == 30
    assert first.cycles[1].predicted_accuracy == 3
    # each cycle needs a fresh prediction, and the game's seed and size are fixed
    assert app.prediction.value == "" and app.run_button.disabled
    assert app.seed.disabled and app.runs.disabled
    assert "median time 30 s; accuracy 3: all correct" in _html(app.output)
    app.set_ideas("practise once")
    app.set_prediction("28")
    second = app.run()
    assert len(second.cycles) == 3
    # earlier cycles do not change when a cycle is added (streams split by cycle)
    pd.testing.assert_frame_equal(
        second.runs[second.runs["cycle"] < 2].reset_index(drop=True), first.runs
    )
    direct = play(
        [
            PDSACycle(("lay parts out in order", "pre-sort bag"), 30, 3),
            PDSACycle(("practise once",), 28),
        ],
        seed=5,
        team=app.team,
    )
    pd.testing.assert_frame_equal(second.runs, direct.runs)
    restart = app.new_game()
    assert app.cycles == [] and len(restart.cycles) == 1 and not app.seed.disabled


def test_potato_head_stops_after_the_last_cycle() -> None:
    app = PotatoHeadApp()
    for _ in range(MAX_CYCLES):
        app.set_prediction("30")
        assert app.run() is not None
    assert app.run_button.disabled
    app.set_prediction("30")
    assert app.run() is None
    assert str(MAX_CYCLES) in app.message.value


def test_potato_head_reveal_effects_for_the_debrief() -> None:
    app = PotatoHeadApp()
    assert app.debrief.outputs == ()
    app.reveal_button.click()
    assert app.debrief.outputs
    assert "makes things worse" in _html(app.debrief)
    assert "Assign one person per part" in _html(app.debrief)


def test_helicopter_design_replicates_and_run_sheet() -> None:
    app = HelicopterApp(seed=9)
    app.set_prediction("B")
    app.design.value, app.replicates.value = "quarter", 2
    result = app.run()
    assert result.design_name == "quarter" and len(result.runs) == 2 * 8
    direct = run_design("quarter", replicates=2, seed=9, prediction="B")
    pd.testing.assert_frame_equal(result.runs, direct.runs)
    sheet = app.run_sheet(result)
    assert list(sheet["Run"]) == list(range(1, 17))
    assert np.allclose(sheet["Flight time (s)"], result.runs["flight_time_s"])
    assert "16 flights in random order (resolution III)" in _html(app.output)
    assert "rotor length" in _html(app.output)


def test_parse_number() -> None:
    assert parse_number(" 12 ") == 12.0
    assert parse_number("12,5") == 12.5
    assert parse_number("") is None
    assert parse_number("twelve") is None
    assert parse_number("nan") is None
    assert parse_number("inf") is None


@pytest.mark.parametrize("cls", APPS)
def test_every_control_is_labelled(cls) -> None:
    app = cls()
    controls = _controls(app.widget)
    assert app.run_button in controls and app.seed in controls
    for control in controls:
        assert control.description.strip(), control
        if isinstance(control, widgets.Button):
            assert control.tooltip.strip(), control
    assert app.lock_note.value  # the label that explains the lock


@pytest.mark.parametrize("cls", APPS)
def test_welsh_build_works(cls) -> None:
    try:
        i18n.set_language("cy")
        app = cls()
        assert app.seed.description == "Hedyn (mae'r un hedyn yn rhoi'r un canlyniadau)"
        app.set_prediction(PREDICTIONS[cls])
        assert app.run() is not None
        assert "<th>Eich rhagfynegiad</th><th>Canlyniad</th>" in _html(app.output)
    finally:
        i18n.set_language("en")
