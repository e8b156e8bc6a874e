"""Numbers and answer keys taught in Module 2 (The Model for Improvement), checked by hand.

Lessons: notebooks/improvement-science/02-model-for-improvement/. Expected values are worked out
by hand here from the lesson's stated rule, not pasted from the notebooks' output.
"""

from __future__ import annotations

import pytest

from academy.builders import (
    ChangeIdea,
    DriverDiagram,
    PrimaryDriver,
    SecondaryDriver,
    driver_diagram_outline,
)
from academy.feedback import check_set

AIM_PARTS = {"what", "for whom", "how much", "by when"}

# --- Lesson 01: the three questions and aims ------------------------------------------------------


def test_falls_goal() -> None:
    """Worked example: 7.5 falls per 1,000 bed days cut by 40% is 7.5 × 0.6 = 4.5."""
    assert 7.5 * (1 - 0.40) == pytest.approx(4.5)


def test_memory_clinic_goal() -> None:
    """Exercise three-questions-ex-goal: 12 weeks cut by a third is 12 − 4 = 8 weeks."""
    expected = 12 - 12 / 3
    assert expected == pytest.approx(8)
    assert 12 * (1 - 1 / 3) == pytest.approx(expected)


def test_aim_checker_names_missing_parts() -> None:
    """The worked example's first draft ('Reduce falls on Ash ward') lacks how much and by when."""
    feedback = check_set({"what", "for whom"}, AIM_PARTS, what="parts of an aim")
    assert not feedback.correct
    assert "missing by when, how much" in feedback.message
    assert check_set(AIM_PARTS, AIM_PARTS, what="parts of an aim").correct


def test_hand_hygiene_exercise_key() -> None:
    """'Improve hand hygiene compliance among district nurses in the north locality' names what
    and for whom, so the missing parts are how much and by when."""
    present = {"what", "for whom"}
    assert AIM_PARTS - present == {"how much", "by when"}


# --- Lesson 02: driver diagrams -------------------------------------------------------------------


def falls_diagram() -> DriverDiagram:
    """The lesson's first-draft diagram: 3 primary drivers × 2 secondary drivers × 1 change idea."""

    def secondary(text: str, idea: str) -> SecondaryDriver:
        return SecondaryDriver(text, change_ideas=[ChangeIdea(idea)])

    return DriverDiagram(
        "Reduce inpatient falls on Ash ward from 7.5 to 4.5 per 1,000 occupied bed days",
        ["Falls per 1,000 occupied bed days"],
        [
            PrimaryDriver(
                "Each patient's falls risks found and acted on",
                secondary_drivers=[
                    secondary("Falls risk assessment on admission", "Lying and standing BP"),
                    secondary("Medicines that raise falls risk reviewed", "Pharmacist review"),
                ],
            ),
            PrimaryDriver(
                "A safe ward environment",
                secondary_drivers=[
                    secondary("Call bell and walking aid within reach", "'Within reach' check"),
                    secondary("Safe route to the toilet at night", "Night lights"),
                ],
            ),
            PrimaryDriver(
                "Patients, families and staff who act on falls risk",
                secondary_drivers=[
                    secondary("Patients and families know how to reduce risk", "Conversation"),
                    secondary("Staff learn from every fall", "Post-fall huddle"),
                ],
            ),
        ],
    )


def test_driver_diagram_counts() -> None:
    """3 primary drivers, 3 × 2 = 6 secondary drivers, 6 × 1 = 6 change ideas."""
    outline = driver_diagram_outline(falls_diagram())
    assert outline.count("- Primary driver:") == 3
    assert outline.count("- Secondary driver:") == 3 * 2
    assert outline.count("- Change idea:") == 3 * 2 * 1


def test_removing_safe_environment_loses_two_change_ideas() -> None:
    """Exercise driver-diagrams-ex-count: 2 secondary drivers × 1 change idea each = 2."""
    diagram = falls_diagram()
    before = driver_diagram_outline(diagram).count("- Change idea:")
    del diagram.primary_drivers[1]
    after = driver_diagram_outline(diagram).count("- Change idea:")
    assert before - after == 2 * 1


# --- Lesson 03: change concepts -------------------------------------------------------------------


def test_first_box(cut: float = 3) -> None:
    """Impact above the cut-off is high; effort at or below it is low (the lesson's stated rule).

    Worked example: B (4, 2) and D (4, 3) are high impact, low effort at cut-off 3; E (4, 4) and
    G (5, 4) are high effort. Exercise change-concepts-ex-quadrant: Q (4, 2) and S (4, 3), with S
    on the boundary (effort exactly 3 counts as low), while P (5, 4) is one over it.
    """
    clinic = {"A": (3, 1), "B": (4, 2), "C": (2, 2), "D": (4, 3)}
    clinic |= {"E": (4, 4), "F": (2, 5), "G": (5, 4), "H": (1, 1)}
    nursing = {"P": (5, 4), "Q": (4, 2), "R": (2, 1), "S": (4, 3), "T": (3, 5)}
    first = {k for k, (impact, effort) in clinic.items() if impact > cut and effort <= cut}
    assert first == {"B", "D"}
    first = {k for k, (impact, effort) in nursing.items() if impact > cut and effort <= cut}
    assert first == {"Q", "S"}
    # boundaries: impact exactly 3 (idea A, idea T) is not high; effort exactly 3 (D, S) is low
    assert not 3 > cut
    assert 3 <= cut
