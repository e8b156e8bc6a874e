"""The PDSA planner and log: records, safe JSON storage, exports and a ramp timeline.

Projects, change ideas, ramps and Plan-Do-Study-Act cycles follow the Model for
Improvement (Langley GJ, Moen RD, Nolan KM, Nolan TW, Norman CL, Provost LP.
*The Improvement Guide*, 2nd ed. Jossey-Bass, 2009). Typical use::

    from academy.pdsa import Cycle, PdsaLog, Prediction

    log = PdsaLog.open("my-pdsa.json")        # a new empty log if the file is missing
    log.project.aim = "Reduce ... by ... by March 2025"
    cycle = Cycle(objective="Try the checklist", scale="1 patient",
                  questions=[Prediction("Will nurses use it?", "Yes, 4 of 5")])
    log.add_cycle("Discharge checklist", "Ramp 1", cycle)
    log.save()                                # atomic, merged with other notebooks' saves

User mistakes raise :class:`academy.errors.InputError` with a one-line message;
:func:`check_cycle` returns that message instead, for a form.
"""

from academy.pdsa.export import to_csv, to_frame, to_markdown
from academy.pdsa.figure import ramp_figure
from academy.pdsa.model import (
    DECISIONS,
    STATUSES,
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
from academy.pdsa.schema import SCHEMA_VERSION, check_cycle, validate
from academy.pdsa.storage import PdsaLog, load_log

__all__ = [
    "DECISIONS",
    "SCHEMA_VERSION",
    "STATUSES",
    "Act",
    "ChangeIdea",
    "Cycle",
    "Do",
    "PdsaLog",
    "Plan",
    "Prediction",
    "Project",
    "Ramp",
    "Study",
    "check_cycle",
    "load_log",
    "ramp_figure",
    "to_csv",
    "to_frame",
    "to_markdown",
    "validate",
]
