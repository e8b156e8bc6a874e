"""Multiple-choice quizzes with feedback on every option and a pass mark.

A :class:`Question` has options, each with its own feedback, so a learner who
picks a wrong answer learns *why* it is wrong. :func:`score` marks a set of
answers; the course assessment passes at 75% (the Academy's pass mark for
course assessments). Marks and verdicts come from the strings table
(``quiz.*`` keys, :mod:`academy.i18n`), so they follow the current language;
question and option texts are shown as written.

>>> q = Question("q1", "Which line does a run chart use?", {"a": ("Mean", "No."), "b": ("Median", "Yes.")}, "b")
>>> score([q], {"q1": "b"}).percent
100.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from academy.errors import InputError
from academy.feedback import Feedback
from academy.i18n import t

PASS_MARK = 75.0


@dataclass(frozen=True)
class Question:
    """One question: ``options`` maps a key to (option text, feedback for choosing it)."""

    id: str
    text: str
    options: Mapping[str, tuple[str, str]]
    correct: str
    topic: str = ""

    def __post_init__(self) -> None:
        if self.correct not in self.options:
            raise InputError(
                t("quiz.error.correct_not_an_option", question=self.id, correct=self.correct)
            )

    def check(self, answer: object) -> Feedback:
        """Feedback on one answer (a key such as "b"); no answer gives a reminder, not an error."""
        if answer is None or answer is Ellipsis or not str(answer).strip():
            return Feedback(False, t("quiz.not_answered"))
        key = str(answer).strip().lower()
        if key not in self.options:
            options = ", ".join(self.options)
            return Feedback(False, t("quiz.not_an_option", answer=repr(answer), options=options))
        return Feedback(key == self.correct, self.options[key][1])


@dataclass(frozen=True)
class QuizResult:
    """The marks for a whole quiz."""

    correct: int
    total: int
    feedback: Mapping[str, Feedback]

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.percent >= PASS_MARK

    def __str__(self) -> str:
        verdict = t("quiz.passed") if self.passed else t("quiz.not_passed", mark=PASS_MARK)
        return t(
            "quiz.result",
            correct=self.correct,
            total=self.total,
            percent=self.percent,
            verdict=verdict,
        )


def score(questions: Sequence[Question], answers: Mapping[str, object]) -> QuizResult:
    """Mark ``answers`` (question id -> option key) against ``questions``."""
    ids = {q.id for q in questions}
    unknown = sorted(set(answers) - ids)
    if unknown:
        raise InputError(
            t("quiz.error.unknown_question", question=unknown[0], ids=", ".join(sorted(ids)))
        )
    feedback = {q.id: q.check(answers.get(q.id)) for q in questions}
    return QuizResult(sum(f.correct for f in feedback.values()), len(questions), feedback)


class QuizHTML:
    """The questions as HTML, with each option's feedback in a <details> element.

    Used on the static website, where no Python runs: a learner opens the
    option they chose and reads its feedback. Native <details> elements are
    keyboard operable and announced by screen readers.
    """

    def __init__(self, questions: Sequence[Question]) -> None:
        self.questions = list(questions)

    def _repr_html_(self) -> str:
        import html

        parts = ['<ol class="academy-quiz">']
        for q in self.questions:
            parts.append(f"<li><p>{html.escape(q.text)}</p><ul>")
            for key, (text, feedback) in q.options.items():
                verdict = t("quiz.option_correct") if key == q.correct else t("quiz.option_wrong")
                parts.append(
                    f"<li><details><summary><strong>{html.escape(key)}.</strong> {html.escape(text)}</summary>"
                    f"<p><strong>{verdict}</strong> {html.escape(feedback)}</p></details></li>"
                )
            parts.append("</ul></li>")
        parts.append("</ol>")
        return "".join(parts)

    def __repr__(self) -> str:
        return t("quiz.repr", n=len(self.questions))
