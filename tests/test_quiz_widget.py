"""The quiz widget marks answers through academy.quiz and labels every control."""

from academy import i18n
from academy.quizzes.improvement_science import QUESTIONS
from academy.widgets.quiz import QuizApp


def test_marking_through_the_widget() -> None:
    app = QuizApp(QUESTIONS[:4])
    for q in app.questions[:3]:
        app.choices[q.id].value = q.correct
    wrong = next(k for k in app.questions[3].options if k != app.questions[3].correct)
    app.choices[app.questions[3].id].value = wrong
    result = app.mark()
    assert (result.correct, result.total, result.passed) == (3, 4, True)
    assert app.output.outputs  # feedback shown


def test_every_control_is_labelled_and_welsh_builds() -> None:
    try:
        i18n.set_language("cy")
        app = QuizApp(QUESTIONS)
        assert app.mark_button.description == "Marcio fy atebion"
    finally:
        i18n.set_language("en")
    assert all(c.description for c in app.choices.values())
