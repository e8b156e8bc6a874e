"""Tests of the exercise auto-checks: every branch gives the feedback a learner needs."""

from academy.feedback import NOT_ANSWERED, check_choice, check_number, check_set


def test_number_right_within_tolerance() -> None:
    fb = check_number("14.62", expected=14.6, tolerance=0.05)
    assert fb.correct
    assert str(fb).startswith("Correct.")


def test_number_names_the_common_mistake() -> None:
    fb = check_number(
        14.6, expected=13.5, mistakes={14.6: "That is the mean, not the median."}, hint="Sort."
    )
    assert not fb.correct
    assert fb.message == "That is the mean, not the median."
    assert "Hint: Sort." in str(fb)
    assert "*Hint:* Sort." in fb._repr_markdown_()


def test_number_says_too_high_or_too_low() -> None:
    assert check_number(20, expected=10).message == "20 is too high."
    assert check_number(5, expected=10).message == "5 is too low."


def test_number_unanswered_and_malformed() -> None:
    assert check_number(..., expected=1).message == NOT_ANSWERED
    assert check_number(None, expected=1).message == NOT_ANSWERED
    assert "Expected a number" in check_number("ten", expected=10).message
    assert not check_number(True, expected=1).correct


def test_choice_feedback_per_option() -> None:
    options = {"a": "No: that is a process measure.", "b": "Yes: it is what patients experience."}
    right = check_choice(" B ", correct="b", options=options)
    wrong = check_choice("a", correct="b", options=options, hint="Think of the patient.")
    assert right.correct and right.message == options["b"]
    assert (
        not wrong.correct
        and wrong.message == options["a"]
        and wrong.hint == "Think of the patient."
    )
    assert "not one of the options" in check_choice("z", correct="b", options=options).message


def test_set_names_missing_and_extra() -> None:
    fb = check_set([3, 4, 9], expected=[3, 4, 5], what="points")
    assert not fb.correct
    assert fb.message == "Close: missing 5; not expected 9."
    assert check_set([5, 4, 3], expected=[3, 4, 5]).correct
    assert "Expected a list" in check_set("3,4,5", expected=[3, 4, 5]).message
