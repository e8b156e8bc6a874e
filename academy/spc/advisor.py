"""Which chart fits my data? A small advisor that explains its reasoning.

The logic follows the Shewhart chart selection guide of Provost & Murray, The Health
Care Data Guide (Jossey-Bass, 2011), chapter 5, Figure 5.1: first the type of data
(classification, count or measurement), then the subgroups. Extensions from other
sources: charts for rare events (Benneyan 2001; Nelson 1994), Laney's prime charts for
very large subgroups (Laney 2002; Mohammed et al. 2013) and funnel plots for comparing
units at one time (Spiegelhalter 2005). Mohammed, Worthington & Woodall (2008, Qual Saf
Health Care 17:137-145) give the same classification/count/measurement split.

A notebook widget can walk a learner through :data:`QUESTIONS` and pass the answers
to :func:`advise_from_answers`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real

from academy.errors import InputError

__all__ = ["QUESTIONS", "Advice", "Question", "advise", "advise_from_answers"]

HCDG = (
    "Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass, 2011, ch. 5, "
    "Figure 5.1 (Shewhart chart selection guide)"
)
LANEY = (
    "Laney DB. Improved control charts for attributes. Quality Engineering 2002;14:531-537; "
    "Mohammed MA, Panesar JS, Laney DB, Wilson R. Statistical process control charts for "
    "attribute data involving very large sample sizes. BMJ Qual Saf 2013;22:362-368"
)
G_CHART = (
    "Benneyan JC. Number-between g-type statistical quality control charts for monitoring "
    "adverse events. Health Care Manag Sci 2001;4:305-318; Provost & Murray 2011 (rare events)"
)
T_CHART = (
    "Nelson LS. A control chart for parts-per-million nonconforming items. J Qual Technol "
    "1994;26:239-240; Provost & Murray 2011 (rare events)"
)
FUNNEL = (
    "Spiegelhalter DJ. Funnel plots for comparing institutional performance. "
    "Stat Med 2005;24:1185-1202"
)

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
        text: the question as shown to the learner.
        answers: the allowed answers; empty for a number.
        ask_if: ask only when each named earlier answer is one of the listed values.
    """

    id: str
    text: str
    answers: tuple[str, ...]
    ask_if: dict[str, tuple[str, ...]] = field(default_factory=dict)


_ATTRIBUTE = {"data_type": ("classification", "count")}

QUESTIONS: list[Question] = [
    Question(
        "data_type",
        "What does each data point record? 'classification': each patient or item is yes or"
        " no (e.g. antibiotics given within 1 hour); 'count': events that can happen more"
        " than once (e.g. falls); 'measurement': a number on a scale (e.g. minutes).",
        DATA_TYPES,
    ),
    Question(
        "many_units_to_compare",
        "Are you comparing many units (wards, hospitals, surgeons) at one point in time,"
        " rather than following one process over time?",
        ("yes", "no"),
        _ATTRIBUTE,
    ),
    Question(
        "rare_events",
        "Are the events rare, so that most weeks or months have none?",
        ("yes", "no"),
        _ATTRIBUTE,
    ),
    Question(
        "event_measure",
        "How will you record the gap between events: 'cases_between' (e.g. operations"
        " between infections) or 'time_between' (e.g. days between falls)?",
        EVENT_MEASURES,
        {"rare_events": ("yes",)},
    ),
    Question(
        "equal_opportunity",
        "Is the subgroup the same size every time (same number of patients, or for counts"
        " the same area of opportunity such as bed-days)? Answer 'unsure' if you do not know.",
        ("yes", "no", "unsure"),
        _ATTRIBUTE,
    ),
    Question(
        "overdispersed",
        "Are the subgroups very large (hundreds or thousands) and do most points fall outside"
        " the limits of a p or u chart, even though nothing unusual happened?",
        ("yes", "no"),
        _ATTRIBUTE,
    ),
    Question(
        "subgroup_size",
        "How many measurements make up each data point (on average)? 1 if each point is a"
        " single measurement.",
        (),
        {"data_type": ("measurement",)},
    ),
]

_BOOLEAN = {"yes": True, "no": False}


def _check_bool(value: object, name: str, *, allow_none: bool = False) -> None:
    if isinstance(value, bool) or (allow_none and value is None):
        return
    allowed = "True, False or None" if allow_none else "True or False"
    raise InputError(f"{name} must be {allowed}, not {value!r}.")


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
        raise InputError(
            f"data_type must be 'classification', 'count' or 'measurement', not {data_type!r}."
        )
    _check_bool(equal_opportunity, "equal_opportunity", allow_none=True)
    for name, value in (
        ("rare_events", rare_events),
        ("overdispersed", overdispersed),
        ("many_units_to_compare", many_units_to_compare),
    ):
        _check_bool(value, name)
    if event_measure is not None and event_measure not in EVENT_MEASURES:
        raise InputError(
            f"event_measure must be 'cases_between', 'time_between' or None, not {event_measure!r}."
        )
    if event_measure is not None and not rare_events:
        raise InputError(
            "event_measure is used only for rare events; set rare_events=True or drop it."
        )
    valid_size = isinstance(subgroup_size, Real) and not isinstance(subgroup_size, bool)
    if not (valid_size and math.isfinite(subgroup_size) and subgroup_size >= 1):
        raise InputError(f"subgroup_size must be a number of at least 1, not {subgroup_size!r}.")

    if data_type == "measurement":
        if rare_events:
            raise InputError(
                "rare_events applies to classification or count data; for days between events"
                " use data_type='count' with event_measure='time_between'."
            )
        return _measurement(subgroup_size, many_units_to_compare)
    if many_units_to_compare:
        return _funnel(data_type, overdispersed)
    if rare_events:
        return _rare(data_type, event_measure)
    if data_type == "classification":
        return _classification(equal_opportunity, overdispersed)
    return _count(equal_opportunity, overdispersed)


def _measurement(subgroup_size: float, many_units: bool) -> Advice:
    reasons = ["Your data are measurements on a continuous scale."]
    if many_units:
        reasons.append(
            "Funnel plots here handle proportions and rates only; to compare units on a"
            " measurement, use one subgroup per unit on the chart below instead of one per"
            " time period."
        )
    if subgroup_size == 1:
        reasons.append(
            "Each data point is a single measurement (subgroup size 1), so use an I chart"
            " (individuals with moving ranges)."
        )
        return Advice("i", reasons, [], HCDG)
    reasons.append(
        f"Each data point summarises about {subgroup_size:g} measurements (subgroup size"
        " above 1), so use an Xbar chart of the subgroup averages together with an S chart"
        " of the spread within subgroups; unequal subgroup sizes are fine."
    )
    return Advice("xbar", reasons, [], HCDG)


def _funnel(data_type: str, overdispersed: bool) -> Advice:
    kind = "proportion" if data_type == "classification" else "rate"
    reasons = [
        "You are comparing many units at one point in time, not one process over time.",
        f"A funnel plot shows each unit's {kind} against its size, with limits that narrow"
        " for bigger units, so small units are not judged on chance and no league table"
        " is implied.",
    ]
    if overdispersed:
        reasons.append(
            "Because the units vary more than chance predicts, use overdispersion="
            "'additive' (or 'multiplicative') to widen the limits (Spiegelhalter 2005, QSHC)."
        )
    alternatives = ["p"] if data_type == "classification" else ["u"]
    return Advice("funnel", reasons, alternatives, FUNNEL)


def _rare(data_type: str, event_measure: str | None) -> Advice:
    if event_measure is None:
        raise InputError(
            "with rare_events=True, say how you record the gaps: "
            "event_measure='cases_between' or 'time_between'."
        )
    reasons = [
        "The events are rare: most subgroups have none, so a p, c or u chart would sit near"
        " zero with no lower limit and could not show an improvement.",
    ]
    other = "p" if data_type == "classification" else "u"
    if event_measure == "cases_between":
        reasons.append(
            "You record the number of cases (or opportunities) between events, so use a g"
            " chart; longer gaps mean fewer events."
        )
        return Advice("g", reasons, ["t", other], G_CHART)
    reasons.append(
        "You record the time between events, so use a t chart (an I chart of transformed"
        " times); longer gaps mean fewer events."
    )
    return Advice("t", reasons, ["g", other], T_CHART)


def _classification(equal_opportunity: bool | None, overdispersed: bool) -> Advice:
    reasons = [
        "Each case is classified yes or no (a defective), so you plot the proportion of"
        " cases with the outcome in each subgroup.",
    ]
    if overdispersed:
        reasons.append(
            "The subgroups are very large and the points vary far more than the binomial"
            " limits allow, so use Laney's p′ chart, which widens the limits by the"
            " between-subgroup variation."
        )
        return Advice("pp", reasons, ["p", "i"], LANEY)
    reasons.append(
        "Use a p chart: it works whether the subgroups are the same size or not, the limits"
        " following each subgroup's size."
    )
    alternatives = []
    if equal_opportunity:
        reasons.append(
            "Because every subgroup is the same size, an np chart of the number of cases"
            " is an alternative."
        )
        alternatives.append("np")
    return Advice("p", reasons, alternatives, HCDG)


def _count(equal_opportunity: bool | None, overdispersed: bool) -> Advice:
    reasons = [
        "You count events (defects) that can happen more than once in a subgroup.",
    ]
    if overdispersed:
        reasons.append(
            "The areas of opportunity are very large and the points vary far more than the"
            " Poisson limits allow, so use Laney's u′ chart, which widens the limits by the"
            " between-subgroup variation."
        )
        return Advice("up", reasons, ["u", "i"], LANEY)
    if equal_opportunity:
        reasons.append(
            "The area of opportunity is the same in every subgroup, so plot the counts on"
            " a c chart."
        )
        return Advice("c", reasons, ["u"], HCDG)
    reasons.append(
        "The area of opportunity differs between subgroups (or you are unsure), so plot"
        " the rate per unit of opportunity on a u chart; with equal areas it gives the same"
        " signals as a c chart."
    )
    return Advice("u", reasons, ["c"] if equal_opportunity is None else [], HCDG)


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
            raise InputError(f"answer to {question.id!r} must be a number, not {answer!r}.")
        return number
    if isinstance(answer, bool) and set(question.answers) >= {"yes", "no"}:
        answer = "yes" if answer else "no"
    if answer not in question.answers:
        allowed = ", ".join(repr(a) for a in question.answers)
        raise InputError(f"answer to {question.id!r} must be one of {allowed}, not {answer!r}.")
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
        raise InputError(f"unknown question {unknown[0]!r}; the questions are: {', '.join(by_id)}.")
    if "data_type" not in answers:
        raise InputError("answer 'data_type' first: 'classification', 'count' or 'measurement'.")
    converted = {key: _convert(by_id[key], value) for key, value in answers.items()}
    raw = {
        key: ("yes" if value else "no") if isinstance(value, bool) else value
        for key, value in converted.items()
    }
    return advise(**{key: converted[key] for key in answers if _applies(by_id[key], raw, by_id)})
