"""Shared fixtures: a small PDSA log written out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from academy.pdsa import Act, Cycle, Do, PdsaLog, Plan, Prediction, Study


@pytest.fixture
def sample_log(tmp_path: Path) -> PdsaLog:
    """Two change ideas, three ramps, four cycles in every state; not yet saved."""
    log = PdsaLog.open(tmp_path / "pdsa.json")
    log.project.name = "Safer discharge"
    log.project.aim = "Reduce 30-day readmissions on ward 7 from 18% to 12% by 31 March 2025"
    log.add_cycle(
        "Discharge checklist",
        "Ramp 1",
        Cycle(
            objective="See whether one nurse can use the checklist",
            scale="1 patient",
            planned_date=date(2024, 3, 1),
            done_date=date(2024, 3, 2),
            questions=[Prediction("Will the nurse complete it?", "Yes, in under 5 minutes")],
            plan=Plan(who="Nurse A", what="Use the checklist", when="Friday", where="Ward 7"),
            do=Do(what_happened="Completed", observations="Took 8 minutes", problems="Item 4"),
            study=Study(comparison="8 minutes, not under 5", learning="Item 4 is unclear"),
            act=Act(decision="adapt", next_cycle="Reword item 4; try with 1 shift"),
        ),
    )
    log.add_cycle(
        "Discharge checklist",
        "Ramp 1",
        Cycle(
            objective="Reworded checklist on a whole shift",
            scale="1 shift",
            planned_date=date(2024, 3, 9),
            done_date=date(2024, 3, 9),
            do=Do(what_happened="Used for 6 discharges"),
        ),
    )
    log.add_cycle(
        "Discharge checklist",
        "Ramp 2",
        Cycle(objective="Pharmacy check", scale="1 day", planned_date=date(2024, 4, 1)),
    )
    log.add_cycle(
        "Morning huddle",
        "Ramp 1",
        Cycle(
            objective="5-minute huddle",
            scale="1 day",
            planned_date=date(2024, 3, 4),
            done_date=date(2024, 3, 4),
            study=Study(comparison="Nobody came"),
            act=Act(decision="abandon"),
        ),
    )
    return log
