"""Plain records of a PDSA log: project, change ideas, ramps and cycles.

The structure follows the Model for Improvement (Langley GJ, Moen RD, Nolan KM,
Nolan TW, Norman CL, Provost LP. *The Improvement Guide*, 2nd ed. San Francisco:
Jossey-Bass, 2009; ch. 1, "The Model for Improvement", p. 23; ch. 5, "The
Plan-Do-Study-Act Cycle", p. 97, and "Using the Cycle to Build Knowledge", p.
100; ch. 7, "Testing a Change", p. 139). A project states an **aim**; it tests
**change ideas**; each change idea is tested in one or more **ramps**, sequences
of PDSA cycles in which each cycle builds on what the last one taught and the
scale grows with confidence (e.g. "1 patient", then "1 shift", then "1 ward");
each **cycle** has an objective, questions with predictions, and the four
sections Plan, Do, Study and Act. Study compares the data with the predictions;
Act decides what to do next, recorded here as one of the three options commonly
taught for that step: *adapt* the change and test again, *adopt* it, or
*abandon* it.

The records are mutable dataclasses with empty defaults, so that a form can
fill them in step by step. Nothing is checked on construction; checking happens
when a cycle is added to a log and when the log is saved
(:func:`academy.pdsa.schema.validate`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

#: The three decisions recorded at the Act step.
DECISIONS = ("adapt", "adopt", "abandon")
#: A cycle's status, in the order the sections are filled.
STATUSES = ("planned", "done", "studied", "acted")


def now_stamp() -> str:
    """Return the current time as an ISO 8601 UTC timestamp with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def new_id() -> str:
    """Return a new random cycle id (32 hexadecimal digits of a UUID4)."""
    return uuid.uuid4().hex


@dataclass
class Prediction:
    """A question the cycle will answer and the prediction made before testing."""

    question: str = ""
    prediction: str = ""


@dataclass
class Plan:
    """Plan: who does what, when and where, and which data are collected."""

    who: str = ""
    what: str = ""
    when: str = ""
    where: str = ""
    data_to_collect: str = ""


@dataclass
class Do:
    """Do: what happened when the plan was carried out."""

    what_happened: str = ""
    observations: str = ""
    problems: str = ""


@dataclass
class Study:
    """Study: the data compared with the predictions, and what was learned."""

    comparison: str = ""
    learning: str = ""


@dataclass
class Act:
    """Act: the decision (``adapt``, ``adopt`` or ``abandon``) and the next cycle.

    An empty ``decision`` means that no decision has been made yet.
    """

    decision: str = ""
    next_cycle: str = ""


@dataclass
class Cycle:
    """One PDSA cycle.

    Attributes:
        objective: what this cycle is for.
        scale: how big the test is, e.g. ``"1 patient"`` or ``"1 shift"``.
        planned_date, done_date: when the test is planned and when it was done.
        questions: the questions with a prediction for each.
        plan, do, study, act: the four sections.
        number: position within its ramp, from 1; 0 means "the next number",
            assigned by :meth:`academy.pdsa.storage.PdsaLog.add_cycle`.
        id: unique id within the log; merging two writers' saves relies on it.
        created_at, updated_at: ISO 8601 UTC timestamps. ``updated_at`` is
            stamped by ``save()`` whenever the cycle differs from what was
            loaded; when two writers edited the same cycle, the version saved
            later wins (see :mod:`academy.pdsa.merge`).
    """

    objective: str = ""
    scale: str = ""
    planned_date: date | None = None
    done_date: date | None = None
    questions: list[Prediction] = field(default_factory=list)
    plan: Plan = field(default_factory=Plan)
    do: Do = field(default_factory=Do)
    study: Study = field(default_factory=Study)
    act: Act = field(default_factory=Act)
    number: int = 0
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_stamp)
    updated_at: str = ""

    def __post_init__(self) -> None:
        self.updated_at = self.updated_at or self.created_at

    @property
    def status(self) -> str:
        """The furthest section filled in: ``planned``, ``done``, ``studied`` or ``acted``.

        A cycle is ``acted`` once a decision is recorded, ``studied`` once any
        Study text is written, ``done`` once any Do text or a done date is
        recorded, and ``planned`` otherwise (Langley et al. 2009 fill the
        sections in this order).
        """
        if self.act.decision:
            return "acted"
        if self.study.comparison.strip() or self.study.learning.strip():
            return "studied"
        do = self.do
        if self.done_date or any(
            s.strip() for s in (do.what_happened, do.observations, do.problems)
        ):
            return "done"
        return "planned"


@dataclass
class Ramp:
    """A sequence of cycles testing one change idea at growing scale."""

    title: str
    cycles: list[Cycle] = field(default_factory=list)


@dataclass
class ChangeIdea:
    """A change idea under test, with its ramps."""

    title: str
    ramps: list[Ramp] = field(default_factory=list)


@dataclass
class Project:
    """An improvement project: its name, its aim and the change ideas it tests."""

    aim: str = ""
    name: str = ""
    change_ideas: list[ChangeIdea] = field(default_factory=list)
