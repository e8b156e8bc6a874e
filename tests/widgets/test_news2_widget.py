"""The NEWS2 widget scores through academy.news2 and states the result in words."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from academy import i18n
from academy.errors import InputError
from academy.widgets.news2 import News2App


def controls(widget: widgets.Widget) -> list[widgets.Widget]:
    """Every input control and button inside ``widget``."""
    found = []
    if isinstance(widget, widgets.Button | widgets.ValueWidget) and not isinstance(
        widget, widgets.HTML | widgets.Label
    ):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


def shown(app: News2App) -> str:
    """The announced summary and the table of scores, as HTML."""
    return "\n".join([app.summary.value, *(o["data"]["text/html"] for o in app.output.outputs)])


def test_starting_values_score_zero_and_are_drawn() -> None:
    app = News2App()
    # RR 16 (12-20: 0), SpO2 97 (>=96: 0), air (0), SBP 120 (111-219: 0), pulse 72 (51-90: 0),
    # alert (0), 37.0 C (36.1-38.0: 0): RCP 2017, Chart 2.
    assert app.result.total == 0
    assert "NEWS2 total: 0 (SpO2 scale 1)." in shown(app)
    assert "Clinical risk: low (aggregate score 0)." in shown(app)


def test_worked_example_scores_seven_high() -> None:
    app = News2App()
    result = app.set_values(
        respiration_rate=22, spo2=95, systolic_bp=105, pulse=112, temperature=38.4
    )
    # By hand from RCP 2017 Chart 2: RR 22 -> 2 (21-24); SpO2 95 -> 1 (94-95); air -> 0;
    # SBP 105 -> 1 (101-110); pulse 112 -> 2 (111-130); alert -> 0; 38.4 -> 1 (38.1-39.0).
    expected_total = 2 + 1 + 0 + 1 + 2 + 0 + 1
    assert result.total == expected_total == 7
    table = app.table(result)
    assert table["Score"].tolist() == [2, 1, 0, 1, 2, 0, 1]
    text = shown(app)
    assert "<td>Respiration rate (per minute)</td>" in text
    assert "Red score (3 in a single parameter): No." in text
    assert "Clinical risk: high (aggregate score 7 or more)." in text
    assert "Response: Emergency response" in text


def test_a_single_three_is_a_red_score_in_words() -> None:
    app = News2App()
    app.inputs["consciousness"].value = "V"  # voice scores 3; every other parameter 0
    assert app.result.total == 3 and app.result.red_score
    text = shown(app)
    assert "Red score (3 in a single parameter): Yes." in text
    assert "Clinical risk: low-medium (a score of 3 in a single parameter)." in text
    assert "<td>V: responds to voice</td>" in text


def test_oxygen_and_scale_two() -> None:
    app = News2App()
    app.inputs["on_oxygen"].value = True
    assert app.result.subscores["air_or_oxygen"] == 2
    # Scale 2 on oxygen: 97 or more scores 3 (RCP 2017, Chart 2); on scale 1, 97 scores 0.
    app.inputs["spo2_scale"].value = 2
    assert app.result.subscores["spo2"] == 3
    assert app.result.total == 2 + 3
    assert "Use SpO2 scale 2 only for patients with hypercapnic respiratory failure" in str(
        [c.value for c in app.widget.children if isinstance(c, widgets.HTML)]
    )


def test_boxes_are_bounded_at_the_plausible_range() -> None:
    app = News2App()
    app.inputs["respiration_rate"].value = 80  # the top of the plausible range: accepted
    assert app.result.values["respiration_rate"] == 80
    app.inputs["respiration_rate"].value = 81  # one more: the box keeps it at 80
    assert app.inputs["respiration_rate"].value == 80
    assert app.result.subscores["respiration_rate"] == 3  # >= 25 scores 3
    app.inputs["temperature"].value = 36.0  # 35.1-36.0 scores 1
    assert app.result.subscores["temperature"] == 1
    app.inputs["temperature"].value = 36.1  # 36.1-38.0 scores 0
    assert app.result.subscores["temperature"] == 0
    with pytest.raises(InputError, match="unknown NEWS2 input 'bmi'"):
        app.set_values(bmi=30)


def test_teaching_note_labels_and_welsh() -> None:
    app = News2App()
    notes = [c.value for c in app.widget.children if isinstance(c, widgets.HTML)]
    assert any("Teaching tool, not a clinical device" in note for note in notes)
    for control in controls(app.widget):
        assert control.description.strip(), control
    try:
        i18n.set_language("cy")
        welsh = News2App()
        assert welsh.inputs["on_oxygen"].description == "Aer neu ocsigen"
        assert welsh.result.total == 0
    finally:
        i18n.set_language("en")
