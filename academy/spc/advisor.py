"""Which chart fits my data? A small advisor that explains its reasoning.

The logic follows the Shewhart chart selection guide of Provost & Murray, The Health
Care Data Guide (Jossey-Bass, 2011), chapter 5, Figure 5.1: first the type of data
(classification, count or measurement), then the subgroups. Extensions from other
sources: charts for rare events (Benneyan 2001; Nelson 1994), Laney's prime charts for
very large subgroups (Laney 2002; Mohammed et al. 2013) and funnel plots for comparing
units at one time (Spiegelhalter 2005). Mohammed, Worthington & Woodall (2008, Qual Saf
Health Care 17:137-145) give the same classification/count/measurement split.

A notebook widget can walk a learner through :data:`QUESTIONS` and pass the answers
to :func:`advise_from_answers`. The questions, reasons and sources are in the strings
table (``advisor.*`` in ``academy/i18n/strings/advisor.csv``), so they follow
:func:`academy.i18n.set_language`; the English of each source is its full citation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real

from academy.errors import InputError
from academy.i18n import t

__all__ = ["QUESTIONS", "Advice", "Question", "advise", "advise_from_answers"]

#: Where each rule comes from (strings table keys; the English text is the full citation).
HCDG = "advisor.source_hcdg"
LANEY = "advisor.source_laney"
G_CHART = "advisor.source_g"
T_CHART = "advisor.source_t"
FUNNEL = "advisor.source_funnel"

DATA_TYPES = ("classification", "count", "measurement")
EVENT_MEASURES = ("cases_between", "time_between")


@dataclass(frozen=True)
class Advice:
    """The chart to use and why.

    Attributes:
        chart: engine chart id: "p", "np", "pp", "u", "up", "c", "i", "xbar", "s", "g",
            "t" or "funnel".
        reasons: the steps of the reasoning in plain language.
        alternatives: other chart ids that would also be reasonable.
        source: where the rule comes from.
    """

    chart: str
    reasons: list[str]
    alternatives: list[str]
    source: str


@dataclass(frozen=True)
class Question:
    """One plain question a widget can ask.

    Attributes:
        id: the answer key (also the keyword of :func:`advise`).
        answers: the allowed answers; empty for a number.
        ask_if: ask only when each named earlier answer is one of the listed values.
    """

    id: str
    answers: tuple[str, ...]
    ask_if: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The question as shown to the learner, in the current language (``advisor.question.*``)."""
        return t(f"advisor.question.{self.id}")


_ATTRIBUTE = {"data_type": ("classification", "count")}

QUESTIONS: list[Question] = [
    Question(
        "data_type",
        DATA_TYPES,
    ),
    Question(
        "many_units_to_compare",
        ("yes", "no"),
        _ATTRIBUTE,
    ),
    Question(
        "rare_events",
        ("yes", "no"),
        _ATTRIBUTE,
    ),
    Question(
        "event_measure",
        EVENT_MEASURES,
        {"rare_events": ("yes",)},
    ),
    Question(
        "equal_opportunity",
        ("yes", "no", "unsure"),
        _ATTRIBUTE,
    ),
    Question(
        "overdispersed",
        ("yes", "no"),
        _ATTRIBUTE,
    ),
    Question(
        "subgroup_size",
        (),
        {"data_type": ("measurement",)},
    ),
]

_BOOLEAN = {"yes": True, "no": False}


def _check_bool(value: object, name: str, *, allow_none: bool = False) -> None:
    if isinstance(value, bool) or (allow_none and value is None):
        return
    if allow_none:
        raise InputError(t("advisor.error.not_bool_or_none", name=name, value=value))
    raise InputError(t("advisor.error.not_bool", name=name, value=value))


def advise(
    data_type: str,
    *,
    subgroup_size: float = 1,
    equal_opportunity: bool | None = None,
    rare_events: bool = False,
    event_measure: str | None = None,
    overdispersed: bool = False,
    many_units_to_compare: bool = False,
) -> Advice:
    """Recommend a chart, following the Health Care Data Guide's selection guide.

    Order of the decisions: comparing many units at one time (funnel plot); rare events
    (g or t chart); then by data type: classification → p chart (np is an alternative
    only when every subgroup has the same size), or Laney's p′ when very large subgroups
    are over-dispersed; count → c chart with equal area of opportunity, u chart otherwise
    or when unsure, Laney's u′ when over-dispersed; measurement → I chart for subgroups
    of 1, Xbar chart (with its S chart) for larger subgroups.

    Args:
        data_type: "classification", "count" or "measurement".
        subgroup_size: measurements per data point (measurement data; at least 1).
        equal_opportunity: True if every subgroup has the same size or area of opportunity,
            False if not, None if unknown.
        rare_events: True when most subgroups have no events (classification or count).
        event_measure: with rare events, "cases_between" or "time_between".
        overdispersed: True when very large subgroups put most points outside p/u limits.
        many_units_to_compare: True when comparing units at one time, not over time.

    Returns:
        An :class:`Advice`.
    """
    if data_type not in DATA_TYPES:
        raise InputError(t("advisor.error.data_type", data_type=data_type))
    _check_bool(equal_opportunity, "equal_opportunity", allow_none=True)
    for name, value in (
        ("rare_events", rare_events),
        ("overdispersed", overdispersed),
        ("many_units_to_compare", many_units_to_compare),
    ):
        _check_bool(value, name)
    if event_measure is not None and event_measure not in EVENT_MEASURES:
        raise InputError(t("advisor.error.event_measure", event_measure=event_measure))
    if event_measure is not None and not rare_events:
        raise InputError(t("advisor.error.event_measure_not_rare"))
    valid_size = isinstance(subgroup_size, Real) and not isinstance(subgroup_size, bool)
    if not (valid_size and math.isfinite(subgroup_size) and subgroup_size >= 1):
        raise InputError(t("advisor.error.subgroup_size", subgroup_size=subgroup_size))

    if data_type == "measurement":
        if rare_events:
            raise InputError(t("advisor.error.rare_measurement"))
        return _measurement(subgroup_size, many_units_to_compare)
    if many_units_to_compare:
        return _funnel(data_type, overdispersed)
    if rare_events:
        return _rare(data_type, event_measure)
    if data_type == "classification":
        return _classification(equal_opportunity, overdispersed)
    return _count(equal_opportunity, overdispersed)


def _advice(chart: str, reasons: list[str], alternatives: list[str], source: str) -> Advice:
    """An :class:`Advice` with its reasons (strings table keys) and source in the current language."""
    return Advice(chart, [t(key) for key in reasons], alternatives, t(source))


def _measurement(subgroup_size: float, many_units: bool) -> Advice:
    reasons = ["advisor.measurement"]
    if many_units:
        reasons.append("advisor.measurement_units")
    if subgroup_size == 1:
        return _advice("i", [*reasons, "advisor.measurement_single"], [], HCDG)
    advice = _advice("xbar", reasons, [], HCDG)
    advice.reasons.append(t("advisor.measurement_subgroups", size=subgroup_size))
    return advice


def _funnel(data_type: str, overdispersed: bool) -> Advice:
    kind = "advisor.funnel_proportion" if data_type == "classification" else "advisor.funnel_rate"
    reasons = ["advisor.funnel_units", kind]
    if overdispersed:
        reasons.append("advisor.funnel_overdispersed")
    alternatives = ["p"] if data_type == "classification" else ["u"]
    return _advice("funnel", reasons, alternatives, FUNNEL)


def _rare(data_type: str, event_measure: str | None) -> Advice:
    if event_measure is None:
        raise InputError(t("advisor.error.rare_needs_measure"))
    other = "p" if data_type == "classification" else "u"
    if event_measure == "cases_between":
        return _advice("g", ["advisor.rare", "advisor.rare_cases"], ["t", other], G_CHART)
    return _advice("t", ["advisor.rare", "advisor.rare_time"], ["g", other], T_CHART)


def _classification(equal_opportunity: bool | None, overdispersed: bool) -> Advice:
    if overdispersed:
        reasons = ["advisor.classification", "advisor.classification_laney"]
        return _advice("pp", reasons, ["p", "i"], LANEY)
    reasons = ["advisor.classification", "advisor.classification_p"]
    alternatives = []
    if equal_opportunity:
        reasons.append("advisor.classification_np")
        alternatives.append("np")
    return _advice("p", reasons, alternatives, HCDG)


def _count(equal_opportunity: bool | None, overdispersed: bool) -> Advice:
    if overdispersed:
        return _advice("up", ["advisor.count", "advisor.count_laney"], ["u", "i"], LANEY)
    if equal_opportunity:
        return _advice("c", ["advisor.count", "advisor.count_c"], ["u"], HCDG)
    alternatives = ["c"] if equal_opportunity is None else []
    return _advice("u", ["advisor.count", "advisor.count_u"], alternatives, HCDG)


def _applies(question: Question, raw: Mapping[str, object], by_id: dict[str, Question]) -> bool:
    """True when the question would be asked, given the (yes/no-normalised) answers."""
    return all(
        raw.get(key) in allowed and _applies(by_id[key], raw, by_id)
        for key, allowed in question.ask_if.items()
    )


def _convert(question: Question, answer: object) -> object:
    """An answer in the form :func:`advise` takes, or an InputError naming the allowed values."""
    if not question.answers:
        number = answer
        if isinstance(answer, str):
            try:
                number = float(answer)
            except ValueError:
                number = None
        if not isinstance(number, Real) or isinstance(number, bool):
            raise InputError(t("advisor.error.answer_number", question=question.id, answer=answer))
        return number
    if isinstance(answer, bool) and set(question.answers) >= {"yes", "no"}:
        answer = "yes" if answer else "no"
    if answer not in question.answers:
        allowed = ", ".join(repr(a) for a in question.answers)
        raise InputError(
            t("advisor.error.answer_choice", question=question.id, allowed=allowed, answer=answer)
        )
    if question.id == "equal_opportunity" and answer == "unsure":
        return None
    return _BOOLEAN.get(answer, answer)


def advise_from_answers(answers: Mapping[str, object]) -> Advice:
    """Advice from a widget's answers, keyed by :data:`QUESTIONS` ids.

    Yes/no answers may be "yes"/"no" or True/False. Every answer must be allowed, but
    answers to questions that do not apply (their ``ask_if`` is not met) are then ignored,
    so a widget may keep stale answers. Unanswered questions take :func:`advise`'s defaults.
    """
    by_id = {q.id: q for q in QUESTIONS}
    unknown = [key for key in answers if key not in by_id]
    if unknown:
        raise InputError(
            t("advisor.error.unknown_question", question=unknown[0], questions=", ".join(by_id))
        )
    if "data_type" not in answers:
        raise InputError(t("advisor.error.data_type_first"))
    converted = {key: _convert(by_id[key], value) for key, value in answers.items()}
    raw = {
        key: ("yes" if value else "no") if isinstance(value, bool) else value
        for key, value in converted.items()
    }
    return advise(**{key: converted[key] for key in answers if _applies(by_id[key], raw, by_id)})
