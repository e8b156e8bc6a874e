"""Numbers taught in the lessons and practice workbooks, checked against the engine.

Each expected value is worked out by hand in the comment beside it; the lesson
states the same value, so a change in the engine that alters what learners are
told fails here.
"""

import numpy as np

from academy.spc import chart


def test_run_chart_lesson_even_count_median() -> None:
    # Lesson "Building a run chart", exercise 1: sorted 4.9 5.1 5.7 6.2 | 6.6 7.4 9.8 12.3 -> (6.2 + 6.6) / 2.
    values = [5.1, 7.4, 6.2, 9.8, 4.9, 6.6, 5.7, 12.3]
    result = chart(y=values, chart="run")
    assert np.isclose(result.points["cl"].iloc[0], 6.4)
    assert np.isclose(np.mean(values), 58.0 / 8)  # the mean the exercise recognises as a mistake


def test_run_charts_practice_workbook() -> None:
    # Practice workbook: baseline sorted 68 69 70 70 71 72 | 72 73 74 75 76 77 -> median 72; mean 867/12.
    baseline = [72, 68, 75, 70, 74, 69, 71, 77, 73, 70, 76, 72]
    after = [78, 80, 71, 82, 81, 79, 83, 80, 84, 79, 82, 85]
    result = chart(y=baseline + after, chart="run", freeze=12)
    cl = result.points["cl"].to_numpy()
    assert np.allclose(cl, 72.0)  # frozen baseline median extended over all 24 points
    later = np.array(after)
    assert int((later > 72).sum()) == 11  # every value but 71 (position 15)
    assert [13 + i for i, v in enumerate(after) if v < 72] == [15]


def test_run_chart_lesson_ash_baseline_median() -> None:
    # Lesson "Building a run chart", worked example: Ash ward, first 12 months, falls per 1,000 bed days.
    from academy.data import load_dataset

    falls = load_dataset("falls")
    ash = falls[falls["ward"] == "Ash"].sort_values("month")
    rates = (ash["falls"] / ash["occupied_bed_days"] * 1000).to_numpy()
    result = chart(
        ash, chart="run", x="month", y="falls", n="occupied_bed_days", multiply=1000, freeze=12
    )
    assert np.isclose(result.points["cl"].iloc[0], np.median(rates[:12]))
    assert round(float(np.median(rates[:12])), 1) == 7.6  # the value the lesson prints
