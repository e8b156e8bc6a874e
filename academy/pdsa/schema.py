"""The JSON form of a PDSA log (schema version 1) and its validation.

A log file is one JSON object::

    {"schema_version": 1, "name": ..., "aim": ...,
     "change_ideas": [{"title": ..., "ramps": [{"title": ..., "cycles": [...]}]}]}

Every key that the writer writes is required and no other key is accepted, so
that a typing mistake in a hand-edited file is reported instead of silently
ignored. Each problem is reported as one line naming the field path, for
example ``change_ideas[0].ramps[1].cycles[2].act.decision must be one of adapt,
adopt, abandon; got 'keep' (leave it empty until you decide)``.

Messages come from the strings table (``pdsa.error.*`` in
``academy/i18n/strings/pdsa.csv``), so they follow
:func:`academy.i18n.set_language`; the field paths in them, and the file's own
keys and values (such as the decisions ``adapt``, ``adopt``, ``abandon``), are
English in every language, so a log saved in Welsh opens in English.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from academy.errors import InputError
from academy.i18n import t
from academy.pdsa.model import (
    DECISIONS,
    Act,
    ChangeIdea,
    Cycle,
    Do,
    Plan,
    Prediction,
    Project,
    Ramp,
    Study,
)

SCHEMA_VERSION = 1

_PREDICTION = {"question": "text", "prediction": "text"}
_PLAN = {"who": "text", "what": "text", "when": "text", "where": "text", "data_to_collect": "text"}
_DO = {"what_happened": "text", "observations": "text", "problems": "text"}
_STUDY = {"comparison": "text", "learning": "text"}
_ACT = {"decision": "decision", "next_cycle": "text"}
_CYCLE = {
    "id": "title",
    "number": "number",
    "objective": "text",
    "scale": "text",
    "planned_date": "date",
    "done_date": "date",
    "questions": [_PREDICTION],
    "plan": _PLAN,
    "do": _DO,
    "study": _STUDY,
    "act": _ACT,
    "created_at": "timestamp",
    "updated_at": "timestamp",
}
_RAMP = {"title": "title", "cycles": [_CYCLE]}
_DOCUMENT = {
    "schema_version": "version",
    "name": "text",
    "aim": "text",
    "change_ideas": [{"title": "title", "ramps": [_RAMP]}],
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def validate(doc: Any) -> None:
    """Check a log document; raise :class:`InputError` naming the first bad field.

    A ``schema_version`` newer than :data:`SCHEMA_VERSION` is refused, since
    this version of the package cannot know what the newer fields mean.
    """
    if not isinstance(doc, dict):
        raise InputError(t("pdsa.error.not_object", kind=type(doc).__name__))
    if "schema_version" not in doc:
        raise InputError(t("pdsa.error.no_version"))
    _check(doc["schema_version"], "version", "schema_version")
    _check(doc, _DOCUMENT, "")
    titles = "pdsa.error.repeat_title"
    _check_unique([c["title"] for c in doc["change_ideas"]], "change_ideas", "title", titles)
    seen_ids: dict[str, str] = {}
    for i, idea in enumerate(doc["change_ideas"]):
        ramp_titles = [r["title"] for r in idea["ramps"]]
        _check_unique(ramp_titles, f"change_ideas[{i}].ramps", "title", titles)
        for j, ramp in enumerate(idea["ramps"]):
            where = f"change_ideas[{i}].ramps[{j}].cycles"
            numbers = [c["number"] for c in ramp["cycles"]]
            _check_unique(numbers, where, "number", "pdsa.error.repeat_number")
            for k, cycle in enumerate(ramp["cycles"]):
                if cycle["id"] in seen_ids:
                    raise InputError(
                        t(
                            "pdsa.error.repeat_id",
                            field=f"{where}[{k}].id",
                            id=cycle["id"],
                            first=seen_ids[cycle["id"]],
                        )
                    )
                seen_ids[cycle["id"]] = f"{where}[{k}].id"


def check_cycle(cycle: Cycle) -> str | None:
    """Return the first problem with a cycle as one line, or None if it is fine.

    Meant for a form: show the message next to the save button. The path
    starts with ``cycle``, e.g. ``cycle.planned_date must be a date ...``.
    A ``number`` of 0 is fine here: it means "the ramp's next number".
    """
    try:
        _check(cycle_to_dict(replace(cycle, number=cycle.number or 1)), _CYCLE, "cycle")
    except InputError as error:
        return str(error)
    return None


def to_dict(project: Project) -> dict[str, Any]:
    """Return the JSON document of a project (dates as ``YYYY-MM-DD``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "name": project.name,
        "aim": project.aim,
        "change_ideas": [
            {
                "title": idea.title,
                "ramps": [
                    {"title": ramp.title, "cycles": [cycle_to_dict(c) for c in ramp.cycles]}
                    for ramp in idea.ramps
                ],
            }
            for idea in project.change_ideas
        ],
    }


def cycle_to_dict(cycle: Cycle) -> dict[str, Any]:
    """Return the JSON form of one cycle, keys in the order of :data:`_CYCLE`."""
    raw = asdict(cycle)
    for key in ("planned_date", "done_date"):
        if isinstance(raw[key], date):
            raw[key] = raw[key].isoformat()
    return {key: raw[key] for key in _CYCLE}


def from_dict(doc: dict[str, Any]) -> Project:
    """Build a :class:`Project` from a document that passed :func:`validate`."""
    return Project(
        aim=doc["aim"],
        name=doc["name"],
        change_ideas=[
            ChangeIdea(
                idea["title"],
                [
                    Ramp(r["title"], [_cycle_from_dict(c) for c in r["cycles"]])
                    for r in idea["ramps"]
                ],
            )
            for idea in doc["change_ideas"]
        ],
    )


def _cycle_from_dict(d: dict[str, Any]) -> Cycle:
    return Cycle(
        objective=d["objective"],
        scale=d["scale"],
        planned_date=date.fromisoformat(d["planned_date"]) if d["planned_date"] else None,
        done_date=date.fromisoformat(d["done_date"]) if d["done_date"] else None,
        questions=[Prediction(**q) for q in d["questions"]],
        plan=Plan(**d["plan"]),
        do=Do(**d["do"]),
        study=Study(**d["study"]),
        act=Act(**d["act"]),
        number=d["number"],
        id=d["id"],
        created_at=d["created_at"],
        updated_at=d["updated_at"],
    )


def _check(value: Any, spec: Any, path: str) -> None:
    """Check ``value`` against ``spec`` (a dict of fields, a one-item list, or a kind name)."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise InputError(
                t("pdsa.error.not_fields", path=path, fields=", ".join(spec), got=_show(value))
            )
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in spec:
                raise InputError(
                    t("pdsa.error.unknown_field", field=prefix + key, known=", ".join(spec))
                )
        for key, sub in spec.items():
            if key not in value:
                raise InputError(t("pdsa.error.missing", field=prefix + key))
            _check(value[key], sub, prefix + key)
    elif isinstance(spec, list):
        if not isinstance(value, list):
            raise InputError(t("pdsa.error.not_list", path=path, got=_show(value)))
        for i, item in enumerate(value):
            _check(item, spec[0], f"{path}[{i}]")
    else:
        problem = _SCALAR_CHECKS[spec](value, path)
        if problem:
            raise InputError(problem)


def _check_unique(values: list[Any], path: str, field: str, message: str) -> None:
    """Each value may appear once; ``message`` is the key of the whole sentence that says so."""
    first: dict[Any, int] = {}
    for i, value in enumerate(values):
        if value in first:
            raise InputError(
                t(
                    message,
                    field=f"{path}[{i}].{field}",
                    value=value,
                    first=f"{path}[{first[value]}].{field}",
                )
            )
        first[value] = i


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# Each scalar check returns the whole one-line message for the field at ``path``, or None.


def _text(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return None
    return t("pdsa.error.not_text", path=path, got=_show(value))


def _title(value: Any, path: str) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    return t("pdsa.error.empty_title", path=path, got=_show(value))


def _number(value: Any, path: str) -> str | None:
    if type(value) is int and value >= 1:
        return None
    return t("pdsa.error.not_number", path=path, got=_show(value))


def _decision(value: Any, path: str) -> str | None:
    if value == "" or value in DECISIONS:
        return None
    return t("pdsa.error.bad_decision", path=path, choices=", ".join(DECISIONS), got=_show(value))


def _date(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return t("pdsa.error.bad_date", path=path, got=_show(value))


def _timestamp(value: Any, path: str) -> str | None:
    try:
        if datetime.fromisoformat(value).tzinfo is not None:
            return None
    except (TypeError, ValueError):
        pass
    return t("pdsa.error.bad_timestamp", path=path, got=_show(value))


def _version(value: Any, path: str) -> str | None:
    if type(value) is int and value == SCHEMA_VERSION:
        return None
    if type(value) is int and value > SCHEMA_VERSION:
        return t("pdsa.error.newer_version", path=path, version=value, known=SCHEMA_VERSION)
    return t("pdsa.error.bad_version", path=path, known=SCHEMA_VERSION, got=_show(value))


_SCALAR_CHECKS = {
    "text": _text,
    "title": _title,
    "number": _number,
    "decision": _decision,
    "date": _date,
    "timestamp": _timestamp,
    "version": _version,
}
