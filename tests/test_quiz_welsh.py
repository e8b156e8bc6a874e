"""The quiz's error messages follow the language; set_language's own error is in both."""

from __future__ import annotations

import pytest

from academy import i18n
from academy.errors import InputError
from academy.quiz import Question, score

OPTIONS = {"a": ("Mean", "No."), "b": ("Median", "Yes.")}


pytestmark = pytest.mark.usefixtures("in_welsh")


def test_a_correct_key_missing_from_the_options_in_welsh() -> None:
    with pytest.raises(InputError) as caught:
        Question("q1", "Which line?", OPTIONS, "c")
    assert "cwestiwn q1: nid yw'r allwedd gywir 'c'" in str(caught.value)
    assert "correct key" not in str(caught.value)


def test_an_unknown_question_id_in_welsh() -> None:
    with pytest.raises(InputError) as caught:
        score([Question("q1", "Which line?", OPTIONS, "b")], {"q9": "b"})
    assert "nid oes cwestiwn â'r id 'q9': yr ids yw q1" in str(caught.value)
    assert "no question" not in str(caught.value)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_an_unavailable_language_is_refused_in_both_languages(language) -> None:
    # whatever the language in use, a learner who may not have chosen one yet can read it
    i18n.set_language(language)
    with pytest.raises(InputError) as caught:
        i18n.set_language("fr")
    message = str(caught.value)
    assert "language 'fr' is not available" in message
    assert "nid yw'r iaith 'fr' ar gael" in message
    assert "\n" not in message
    assert i18n.get_language() == language
