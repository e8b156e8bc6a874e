"""Numbers taught in Module 1 (Systems and variation), checked against hand calculations.

Lessons: notebooks/improvement-science/01-systems-and-variation/. Every expected value below is worked
out by hand from the formula the lesson cites, not pasted from the library's output.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from academy.simulations.funnel_experiment import drop_positions, expected_variance, run_funnel
from academy.simulations.red_beads import np_limits, run_red_beads

# --- Lesson 01: dimensions of quality -------------------------------------------------------------


def test_worked_example_tally() -> None:
    """The worked example's eight made-up concerns: 2 safe, 2 effective, 1 each of the other four."""
    labels = [
        "Safe",
        "Timely",
        "Equitable",
        "Efficient",
        "Patient-centred",
        "Effective",
        "Effective",
        "Safe",
    ]
    expected = {
        "Safe": 2,
        "Effective": 2,
        "Patient-centred": 1,
        "Timely": 1,
        "Efficient": 1,
        "Equitable": 1,
    }
    assert {d: labels.count(d) for d in expected} == expected
    assert sum(expected.values()) == 8


# --- Lesson 02: the red bead experiment -----------------------------------------------------------


def test_red_bead_theoretical_limits() -> None:
    """Exercise red-beads-ex-ucl: p = 800/4000 = 0.2, n = 50 gives 10 ± 3√8 = 1.51 .. 18.49."""
    expected_cl = 50 * 0.2
    expected_half = 3 * math.sqrt(50 * 0.2 * 0.8)
    limits = np_limits(800 / 4000, 50)
    assert limits.cl == pytest.approx(expected_cl)
    assert limits.ucl == pytest.approx(expected_cl + expected_half)
    assert limits.lcl == pytest.approx(expected_cl - expected_half)
    assert round(limits.ucl, 2) == 18.49
    assert round(limits.lcl, 2) == 1.51


def test_red_bead_limits_after_changing_the_system() -> None:
    """Exercise red-beads-ex-system: p = 0.1 gives 5 + 3√4.5 = 11.36, and a lower limit clipped to 0."""
    expected_ucl = 5 + 3 * math.sqrt(50 * 0.1 * 0.9)
    limits = np_limits(400 / 4000, 50)
    assert limits.ucl == pytest.approx(expected_ucl)
    assert round(limits.ucl, 2) == 11.36
    assert limits.lcl == 0.0  # 5 − 6.36 < 0, set to zero


def test_red_bead_seed_1_story() -> None:
    """The lesson's narrative for seed 1: who was kept and fired, the worst and best, no signal."""
    beads = run_red_beads(seed=1, prediction=8.5)
    assert set(beads.kept) == {"Aled", "Bethan", "Chidi"}
    assert set(beads.fired) == {"Dafydd", "Efa", "Farah"}
    table = beads.by_worker()
    assert table.loc["Dafydd", "mean_before"] == 14.0  # "worst", averaging 14
    assert table.loc["Chidi", "mean_before"] == 8.0  # "best", averaging 8
    d = beads.draws
    kept = d[d["worker"].isin(beads.kept)]
    before = kept.loc[kept["period"] == "before", "red"].mean()
    after = kept.loc[kept["period"] == "after", "red"].mean()
    assert after > before  # the kept workers' average went up, towards the overall mean
    # limits from the data, by hand from the total count
    total = int(d["red"].sum())
    assert total == 245
    p_bar = total / (50 * 24)
    cl = 50 * p_bar
    half = 3 * math.sqrt(50 * p_bar * (1 - p_bar))
    assert float(beads.limits.cl[0]) == pytest.approx(cl)
    assert float(beads.limits.ucl[0]) == pytest.approx(cl + half)
    assert float(beads.limits.lcl[0]) == pytest.approx(cl - half)
    assert beads.outside_limits == 0


# --- Lesson 03: tampering and the funnel ----------------------------------------------------------


def test_funnel_hand_worked_five_drops() -> None:
    """The worked example's table, worked out by hand in the lesson text."""
    e = np.array([1.0, -0.5, 0.8, -1.2, 0.3])
    expected = {
        1: [1.0, -0.5, 0.8, -1.2, 0.3],
        2: [1.0, -0.5 - 1.0, 0.8 + 0.5, -1.2 - 0.8, 0.3 + 1.2],  # eₖ − eₖ₋₁
        3: [
            1.0,
            -1.5,
            2.3,
            -3.5,
            3.8,
        ],  # funnel at −(last landing): 0.8 + 1.5, −1.2 − 2.3, 0.3 + 3.5
        4: [1.0, 0.5, 1.3, 0.1, 0.4],  # running total
    }
    for rule, values in expected.items():
        np.testing.assert_allclose(drop_positions(rule, e)[0], values, atol=1e-12)


def test_funnel_exercise_third_drop() -> None:
    """Exercise funnel-ex-rule-2: deviations 0.6, −0.4, 0.9; rule 2 lands at 0.9 − (−0.4) = 1.3.

    The listed mistakes: rule 1 0.9, rule 4 0.6 − 0.4 + 0.9 = 1.1, rule 3 0.9 + 1.0 = 1.9.
    """
    e = np.array([0.6, -0.4, 0.9])
    assert drop_positions(2, e)[0][2] == pytest.approx(0.9 - (-0.4))
    assert drop_positions(1, e)[0][2] == pytest.approx(0.9)
    assert drop_positions(4, e)[0][2] == pytest.approx(0.6 - 0.4 + 0.9)
    assert drop_positions(3, e)[0][2] == pytest.approx(0.9 - (-0.4 - 0.6))


def test_funnel_rule_2_standard_deviation() -> None:
    """Exercise funnel-ex-sd: SD 2 under rule 1; rule 2 doubles the variance, so SD = √8 = 2.83."""
    expected_sd = math.sqrt(2 * 2.0**2)
    assert round(expected_sd, 2) == 2.83
    long_run_ratio = expected_variance(2, 1_000_000)
    assert math.sqrt(long_run_ratio * 2.0**2) == pytest.approx(expected_sd, abs=1e-5)


def test_funnel_expected_ratios_for_50_drops() -> None:
    """The read-out's expected column for 50 drops: (2n + 1)/n, (n(n + 1)/2 − ⌈n/2⌉/n)/(n − 1), (n + 1)/6."""
    n = 50
    assert expected_variance(2, n) == pytest.approx((2 * 50 + 1) / 50)  # 2.02
    assert expected_variance(3, n) == pytest.approx((50 * 51 / 2 - 25 / 50) / 49)  # 26.01
    assert expected_variance(4, n) == pytest.approx(51 / 6)  # 8.5


def test_funnel_lesson_run_orders_the_rules() -> None:
    """The lesson's run (seed 60): rule 1 least, rule 2 about double, rules 3 and 4 far larger."""
    ratios = run_funnel(n_drops=50, dims=2, seed=60).variance.set_index("rule")["ratio_to_rule_1"]
    assert ratios[1] == 1.0
    assert 1.5 < ratios[2] < 2.5
    assert ratios[3] > ratios[4] > ratios[2]
