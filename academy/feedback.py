"""Auto-checks for lesson exercises: immediate, specific feedback.

Each ``check_*`` function compares a learner's answer with the expected one and
returns a :class:`Feedback` that says whether it is right, what is wrong when it
is not (recognising common mistakes), and a hint. Feedback renders as Markdown
in JupyterLab and as plain text elsewhere; it never raises for a wrong or
malformed answer, because a learner's mistake is not an error. The sentences
come from the strings table (``feedback.*`` keys, :mod:`academy.i18n`), so
they follow the language set with :func:`academy.i18n.set_language`; the
``hint``, ``mistakes``, ``options`` and ``explanation`` texts are the
lesson author's and are shown as given.

>>> check_number(7, expected=7).correct
True
>>> print(check_number(8.5, expected=7, mistakes={8.5: "That is the mean."}).message)
That is the mean.
>>> check_choice("b", correct="b", options={"a": "Too late.", "b": "Right."}).correct
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from numbers import Real

from academy.i18n import t, text

#: The English reminder for a missing answer (the message follows the current language).
NOT_ANSWERED = text("feedback.not_answered", "en")


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer."""

    correct: bool
    message: str
    hint: str | None = None

    @property
    def heading(self) -> str:
        return t("feedback.correct") if self.correct else t("feedback.not_yet")

    def __str__(self) -> str:
        hint = f"\n{t('feedback.hint')}: {self.hint}" if self.hint and not self.correct else ""
        return f"{self.heading} {self.message}{hint}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        mark = "✔" if self.correct else "✘"
        hint = f"\n\n*{t('feedback.hint')}:* {self.hint}" if self.hint and not self.correct else ""
        return f"**{mark} {self.heading}** {self.message}{hint}"


def _unanswered(answer: object) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def _as_number(answer: object) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, Real):
        return float(answer)
    if isinstance(answer, str):
        try:
            return float(answer.strip().replace(",", ""))
        except ValueError:
            return None
    return None


def check_number(
    answer: object,
    expected: float,
    *,
    tolerance: float = 0.0,
    mistakes: Mapping[float, str] | None = None,
    hint: str | None = None,
    explanation: str = "",
) -> Feedback:
    """Check a numeric answer.

    Args:
        answer: what the learner gave (a number or a string of one).
        expected: the right value.
        tolerance: largest absolute difference still counted right (use it for rounding).
        mistakes: values of common wrong answers mapped to what that mistake was; matched with
            the same tolerance, so the learner is told *which* mistake they made.
        hint: shown when the answer is wrong.
        explanation: added to the message when the answer is right.
    """
    if _unanswered(answer):
        return Feedback(False, t("feedback.not_answered"), hint)
    value = _as_number(answer)
    if value is None or math.isnan(value):
        return Feedback(False, t("feedback.not_a_number", answer=repr(answer)), hint)
    if abs(value - expected) <= tolerance:
        return Feedback(True, explanation or t("feedback.number_right", value=value))
    for wrong, why in (mistakes or {}).items():
        if abs(value - wrong) <= tolerance:
            return Feedback(False, why, hint)
    key = "feedback.too_high" if value > expected else "feedback.too_low"
    return Feedback(False, t(key, value=value), hint)


def check_choice(
    answer: object,
    correct: str,
    *,
    options: Mapping[str, str],
    hint: str | None = None,
) -> Feedback:
    """Check a multiple-choice answer given as an option's key (case and spaces ignored).

    ``options`` maps each key to the feedback for choosing it: why it is right, or why not.
    """
    if _unanswered(answer):
        return Feedback(False, t("feedback.not_answered"), hint)
    key = str(answer).strip().lower()
    keys = {k.lower(): k for k in options}
    if key not in keys:
        choices = ", ".join(repr(k) for k in options)
        message = t("feedback.not_an_option", answer=repr(answer), choices=choices)
        return Feedback(False, message, hint)
    chosen = keys[key]
    return Feedback(chosen == correct, options[chosen], None if chosen == correct else hint)


def check_set(
    answer: object,
    expected: Iterable[object],
    *,
    what: str = "items",
    hint: str | None = None,
    explanation: str = "",
) -> Feedback:
    """Check an answer that is a collection (order ignored), naming what is missing and what is extra."""
    if _unanswered(answer):
        return Feedback(False, t("feedback.not_answered"), hint)
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        return Feedback(False, t("feedback.not_a_list", what=what), hint)
    given, wanted = set(answer), set(expected)
    if given == wanted:
        return Feedback(True, explanation or t("feedback.all_found", n=len(wanted), what=what))
    parts = []
    if missing := sorted(wanted - given, key=str):
        parts.append(t("feedback.missing", items=", ".join(map(str, missing))))
    if extra := sorted(given - wanted, key=str):
        parts.append(t("feedback.not_expected", items=", ".join(map(str, extra))))
    return Feedback(False, t("feedback.close", parts="; ".join(parts)), hint)
