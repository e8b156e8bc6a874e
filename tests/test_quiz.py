"""Quiz marking: the 75% pass mark at its boundary, feedback per option."""

import pytest

from academy.errors import InputError
from academy.quiz import PASS_MARK, Question, score


def _questions(n: int) -> list[Question]:
    return [
        Question(f"q{i}", "?", {"a": ("A", "Right."), "b": ("B", "Wrong because.")}, "a")
        for i in range(n)
    ]


def test_pass_mark_boundary() -> None:
    qs = _questions(4)
    three = score(qs, {"q0": "a", "q1": "a", "q2": "a", "q3": "b"})
    two = score(qs, {"q0": "a", "q1": "a", "q2": "b", "q3": "b"})
    assert PASS_MARK == 75.0
    assert three.percent == 75.0 and three.passed  # exactly 3 of 4 = 75%: passes
    assert two.percent == 50.0 and not two.passed
    assert str(two).startswith("2 of 4 correct (50%). Not passed yet")


def test_feedback_explains_each_option() -> None:
    result = score(_questions(1), {"q0": "B"})
    assert result.feedback["q0"].message == "Wrong because."
    assert score(_questions(1), {}).feedback["q0"].message == "Not answered yet."
    assert "not an option" in score(_questions(1), {"q0": "z"}).feedback["q0"].message


def test_bad_definitions_and_ids() -> None:
    with pytest.raises(InputError, match="correct key"):
        Question("x", "?", {"a": ("A", "")}, "b")
    with pytest.raises(InputError, match="no question with id 'zz'"):
        score(_questions(2), {"zz": "a"})


def test_course_assessment_bank_is_consistent_with_the_engine() -> None:
    from academy.quizzes.improvement_science import QUESTIONS
    from academy.spc.rules import anhoej

    assert len(QUESTIONS) >= 10 and len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    anhoej_q = next(q for q in QUESTIONS if q.id == "anhoej")
    # round(log2(24)) + 3 = round(4.585) + 3 = 8: the answer the question marks correct.
    assert anhoej_q.options[anhoej_q.correct][0] == "8 points"
    longest_run_max = anhoej.thresholds(24)[0]
    assert longest_run_max == 8


def test_static_html_has_feedback_for_every_option() -> None:
    from academy.quiz import QuizHTML

    html = QuizHTML(_questions(2))._repr_html_()
    assert html.count("<details>") == 4 and html.count("Correct.") == 2
