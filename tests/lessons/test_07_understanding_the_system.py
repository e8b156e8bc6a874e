"""Numbers in the module 7 lesson (process maps, fishbones, five whys and Pareto charts), by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from academy.builders import Category, Cause, Fishbone, fishbone_outline

BY_TYPE = {
    "Omitted medicine": 45,
    "Wrong dose or frequency": 27,
    "Left before medicines ready": 18,
    "Changes not explained": 12,
    "Letter and prescription differ": 8,
    "Wrong medicine supplied": 6,
    "Other": 4,
}
BY_TIME = {"08:00-11:59": 14, "12:00-15:59": 52, "16:00-19:59": 38, "20:00-07:59": 16}
BY_DAY = {"Mon": 19, "Tue": 16, "Wed": 15, "Thu": 17, "Fri": 29, "Sat": 13, "Sun": 11}


def pareto_table(counts: dict[str, int]) -> pd.DataFrame:
    """The lesson's Pareto table (copied from the notebook)."""
    table = pd.Series(counts, name="count").sort_values(ascending=False, kind="stable").to_frame()
    table["percent"] = 100 * table["count"] / table["count"].sum()
    table["cumulative_percent"] = table["percent"].cumsum()
    return table


def test_every_breakdown_counts_the_same_120_incidents() -> None:
    assert sum(BY_TYPE.values()) == sum(BY_TIME.values()) == sum(BY_DAY.values()) == 120


def test_worked_example_cumulative_percentages() -> None:
    expected = [
        100 * 45 / 120,  # 37.5
        100 * (45 + 27) / 120,  # 60.0
        100 * (45 + 27 + 18) / 120,  # 75.0
        100 * (45 + 27 + 18 + 12) / 120,  # 85.0
        100 * (45 + 27 + 18 + 12 + 8) / 120,  # 91.67
        100 * (120 - 4) / 120,  # 96.67
        100.0,
    ]
    assert expected[:4] == [37.5, 60.0, 75.0, 85.0]
    assert round(expected[4], 1) == 91.7 and round(expected[5], 1) == 96.7
    table = pareto_table(BY_TYPE)
    assert list(table.index[:3]) == [
        "Omitted medicine",
        "Wrong dose or frequency",
        "Left before medicines ready",
    ]
    assert table["cumulative_percent"].tolist() == pytest.approx(expected)
    # the text: three of seven categories (43%) give 75%
    assert round(100 * 3 / 7) == 43


def test_try_it_breakdowns() -> None:
    # time of day: the two largest periods (52 + 38) give 75%
    assert pareto_table(BY_TIME)["cumulative_percent"].iloc[1] == pytest.approx(
        100 * (52 + 38) / 120
    )
    assert 100 * (52 + 38) / 120 == 75.0
    # day of the week: Friday first, then the two largest give (29 + 19) / 120 = 40%
    day = pareto_table(BY_DAY)
    assert day.index[0] == "Fri"
    assert day["cumulative_percent"].iloc[1] == pytest.approx(100 * (29 + 19) / 120)


def test_exercise_two_largest_near_miss_categories() -> None:
    near_misses = {
        "wrong strength": 16,
        "wrong quantity": 9,
        "wrong medicine": 7,
        "labelling": 5,
        "other": 3,
    }
    assert sum(near_misses.values()) == 40
    expected = (16 + 9) / 40 * 100
    assert expected == 62.5
    assert pareto_table(near_misses)["cumulative_percent"].iloc[1] == pytest.approx(expected)
    # the mistakes the check recognises
    assert 16 / 40 * 100 == pytest.approx(40.0)
    assert (16 + 7) / 40 * 100 == pytest.approx(57.5)


def test_fishbone_outline_lists_the_five_whys_chain() -> None:
    fish = Fishbone(
        "Discharge medicines not ready",
        [Category("Methods", [Cause("Prescription late", ["Written after ward round"])])],
    )
    assert fishbone_outline(fish).splitlines() == [
        "Effect: Discharge medicines not ready",
        "- Methods",
        "  - Prescription late",
        "    - Why? Written after ward round",
    ]
