"""Rule trainer widget: chart shown, answers checked, score kept, next chart."""

from __future__ import annotations

import ipywidgets as widgets

from academy import i18n
from academy.trainer import series_for_round
from academy.widgets.rule_trainer import RuleTrainerApp


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    found = [root]
    for child in getattr(root, "children", ()):
        found += all_widgets(child)
    return found


def ranges(points: frozenset[int]) -> str:
    return ", ".join(str(p) for p in sorted(points))


def test_builds_with_a_chart_that_does_not_give_the_answer_away() -> None:
    app = RuleTrainerApp(seed=5)
    assert app.series == series_for_round(5, 0)
    assert len(app.chart_out.outputs) == 1
    html = app.chart_out.outputs[0]["data"]["text/html"]
    assert "Values in order: 1: " in html
    assert "Shift" not in html and "Trend" not in html
    assert "Chart 1" in app.heading.value


def test_every_control_is_labelled() -> None:
    app = RuleTrainerApp()
    for w in all_widgets(app.widget):
        if isinstance(w, widgets.Button):
            assert w.description and w.tooltip, w
        elif isinstance(w, widgets.Checkbox | widgets.Text):
            assert w.description, w


def test_right_answer_then_next() -> None:
    app = RuleTrainerApp(seed=2)
    s = app.series
    app.set_answer(sorted(s.kinds), ranges(s.points))
    app.check_button.click()
    assert app.feedback is not None and app.feedback.correct
    assert "Correct" in app.feedback_box.value
    assert "Score: 1 correct" in app.score_label.value
    app.next_button.click()
    assert app.round == 1 and app.series == series_for_round(2, 1)
    assert app.feedback_box.value == "" and app.points.value == ""
    assert not any(box.value for box in app.boxes.values())
    assert "Chart 2" in app.heading.value


def test_wrong_answer_and_unreadable_points() -> None:
    app = RuleTrainerApp(seed=2)
    s = app.series
    wrong = [k for k in ("shift", "astronomical") if k not in s.kinds][:1]
    app.set_answer(wrong, "")
    feedback = app.check()
    assert feedback.verdict in {"not_yet", "partly"}
    assert "Not in this chart" in app.feedback_box.value
    assert "out of 1 charts" in app.score_label.value
    app.points.value = "two to five"
    assert app.check() is None
    assert app.message.value.startswith('<div role="alert"><p>Please check your answer:')
    assert "\n" not in app.message.value


def test_builds_in_welsh() -> None:
    try:
        i18n.set_language("cy")
        app = RuleTrainerApp(seed=1)
        assert app.next_button.description == "Nesaf"
        assert app.check_button.description == "Gwirio"
    finally:
        i18n.set_language("en")
