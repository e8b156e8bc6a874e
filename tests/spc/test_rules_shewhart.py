"""Western Electric, Nelson and Health Care Data Guide rules (academy.spc.rules.shewhart).

Each rule is tested on hand-made series about a centre line of 0 with sigma 1
(1-sigma lines at ±1, 2-sigma at ±2, limits at ±3): exactly at its threshold
(signals) and one point short (does not).
"""

import numpy as np
import pytest

from academy.spc.model import Limits
from academy.spc.rules.shewhart import evaluate_hcdg, evaluate_nelson, evaluate_we


def control(n: int, cl: float = 0.0, sigma: float = 1.0) -> Limits:
    def line(k: float) -> np.ndarray:
        return np.full(n, cl + k * sigma)

    return Limits(line(0), line(-3), line(3), line(-2), line(2), line(-1), line(1), line(0) + sigma)


def flagged(evaluate, y, column, lines=None):
    y = np.asarray(y, dtype=float)
    outcome = evaluate(y, lines if lines is not None else control(y.size))
    return np.flatnonzero(outcome.columns[column]).tolist()


def above(k: int) -> list[float]:
    """k points above the centre line, within 1 sigma, not trending."""
    return [0.4, 0.6] * (k // 2) + [0.4] * (k % 2)


# --- beyond a limit (we_1, nelson_1, hcdg_1) ------------------------------------------------


@pytest.mark.parametrize(
    ("evaluate", "column"),
    [(evaluate_we, "we_1"), (evaluate_nelson, "nelson_1"), (evaluate_hcdg, "hcdg_1")],
)
def test_a_point_beyond_a_limit_is_strictly_beyond(evaluate, column):
    assert flagged(evaluate, [0.5, 3.0, -3.0, 0.5], column) == []
    assert flagged(evaluate, [0.5, 3.01, -0.5, -3.01], column) == [1, 3]


# --- k of w beyond a line on one side ------------------------------------------------------


@pytest.mark.parametrize(
    ("evaluate", "column"),
    [(evaluate_we, "we_2"), (evaluate_nelson, "nelson_5"), (evaluate_hcdg, "hcdg_4")],
)
def test_two_of_three_beyond_two_sigma_on_one_side(evaluate, column):
    assert flagged(evaluate, [2.5, -0.5, 2.5, 0.5], column) == [0, 2]
    assert flagged(evaluate, [-0.5, -2.5, -2.5, 0.5], column) == [1, 2]
    assert flagged(evaluate, [2.5, 3.5, 0.5], column) == [0, 1]  # beyond 3 sigma counts
    assert flagged(evaluate, [2.5, 0.5, -0.5, 2.5], column) == []  # 2 of 4
    assert flagged(evaluate, [2.5, 0.5, -2.5], column) == []  # opposite sides
    assert flagged(evaluate, [2.0, 0.5, 2.5], column) == []  # on the line is not beyond


@pytest.mark.parametrize(
    ("evaluate", "column"), [(evaluate_we, "we_3"), (evaluate_nelson, "nelson_6")]
)
def test_four_of_five_beyond_one_sigma_on_one_side(evaluate, column):
    assert flagged(evaluate, [1.5, 1.5, -0.5, 1.5, 1.5], column) == [0, 1, 3, 4]
    assert flagged(evaluate, [1.5, 1.5, -0.5, -0.5, 1.5, 1.5], column) == []
    assert flagged(evaluate, [1.5, 1.5, 1.0, 1.5, -0.5], column) == []  # on the line


# --- runs on one side ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evaluate", "column", "k"),
    [(evaluate_we, "we_4", 8), (evaluate_nelson, "nelson_2", 9), (evaluate_hcdg, "hcdg_2", 8)],
)
def test_runs_on_one_side_of_the_centre_line(evaluate, column, k):
    assert flagged(evaluate, [-0.5, *above(k), -0.5], column) == list(range(1, k + 1))
    assert flagged(evaluate, [-0.5, *above(k - 1), -0.5], column) == []
    below = [-v for v in above(k)]
    assert flagged(evaluate, [0.5, *below, 0.5], column) == list(range(1, k + 1))


@pytest.mark.parametrize(
    ("evaluate", "column", "k"), [(evaluate_we, "we_4", 8), (evaluate_nelson, "nelson_2", 9)]
)
def test_a_point_on_the_centre_line_breaks_a_run(evaluate, column, k):
    y = [*above(k // 2), 0.0, *above(k - k // 2)]
    assert flagged(evaluate, y, column) == []


def test_hcdg_shift_skips_points_on_the_centre_line():
    # Provost & Murray's run chart convention (Perla et al. 2011): on-centre points
    # neither count nor break a shift, and are not flagged.
    y = [-0.5, *above(4), 0.0, *above(4), -0.5]
    assert flagged(evaluate_hcdg, y, "hcdg_2") == [1, 2, 3, 4, 6, 7, 8, 9]
    y = [-0.5, *above(4), 0.0, *above(3), -0.5]
    assert flagged(evaluate_hcdg, y, "hcdg_2") == []


# --- trends ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evaluate", "column"), [(evaluate_nelson, "nelson_3"), (evaluate_hcdg, "hcdg_3")]
)
def test_six_points_rising_or_falling(evaluate, column):
    assert flagged(evaluate, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.1], column) == [0, 1, 2, 3, 4, 5]
    assert flagged(evaluate, [0.5, 0.4, 0.3, 0.2, 0.1, 0.0], column) == [0, 1, 2, 3, 4, 5]
    assert flagged(evaluate, [0.0, 0.1, 0.2, 0.3, 0.4, 0.1], column) == []


def test_nelson_trend_is_broken_by_an_equal_pair():
    assert flagged(evaluate_nelson, [0.0, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5], "nelson_3") == []


def test_hcdg_trend_ignores_an_equal_pair():
    y = [0.0, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert flagged(evaluate_hcdg, y, "hcdg_3") == [0, 1, 2, 3, 4, 5, 6]
    assert flagged(evaluate_hcdg, [0.0, 0.1, 0.1, 0.2, 0.3, 0.4], "hcdg_3") == []


# --- Nelson 4, 7, 8 and the HCDG inner third ---------------------------------------------


def test_fourteen_points_alternating_up_and_down():
    assert flagged(evaluate_nelson, [0.5, -0.5] * 7, "nelson_4") == list(range(14))
    assert flagged(evaluate_nelson, ([0.5, -0.5] * 7)[:13], "nelson_4") == []
    y = [0.5, -0.5] * 7
    y[6] = y[5]  # an equal pair breaks the alternation
    assert flagged(evaluate_nelson, y, "nelson_4") == []


@pytest.mark.parametrize(
    ("evaluate", "column"), [(evaluate_nelson, "nelson_7"), (evaluate_hcdg, "hcdg_5")]
)
def test_fifteen_points_within_one_sigma(evaluate, column):
    inner = [0.5, -0.5] * 8
    assert flagged(evaluate, [1.5, *inner[:15], -1.5], column) == list(range(1, 16))
    assert flagged(evaluate, [1.5, *inner[:14], -1.5], column) == []
    on_line = [*inner[:7], 1.0, *inner[:7]]  # a point on the 1-sigma line is not within
    assert flagged(evaluate, on_line, column) == []


def test_eight_points_beyond_one_sigma_on_either_side():
    outside = [1.5, -1.5] * 4
    assert flagged(evaluate_nelson, [0.0, *outside, 0.0], "nelson_8") == list(range(1, 9))
    assert flagged(evaluate_nelson, [0.0, *outside[:7], 0.0], "nelson_8") == []
    assert flagged(evaluate_nelson, [1.5] * 7 + [1.0], "nelson_8") == []


# --- lines that vary or are missing ---------------------------------------------------------


def test_per_point_and_clipped_lines():
    n = 4
    zero = np.zeros(n)
    ucl = np.array([3.0, 3.0, 5.0, 3.0])
    clipped = Limits(zero + 1, zero, ucl, zero, ucl - 1, zero, ucl - 2, zero + 0.7)
    assert flagged(evaluate_hcdg, [0.0, 1.0, 4.0, 4.0], "hcdg_1", clipped) == [3]


def test_rules_needing_limits_do_not_fire_without_them():
    n = 12
    nan = np.full(n, np.nan)
    run_chart = Limits(np.zeros(n), nan, nan, nan, nan, nan, nan, nan)
    y = np.array([100.0, 100, 100, 100, 100, 100, 100, 100, 100, -100, 100, -100])
    outcome = evaluate_nelson(y, run_chart)
    for test in (1, 5, 6, 7, 8):
        assert not outcome.columns[f"nelson_{test}"].any()
    assert np.flatnonzero(outcome.columns["nelson_2"]).tolist() == list(range(9))


def test_missing_values_are_skipped_and_not_flagged():
    y = [-0.5, 0.4, 0.6, np.nan, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, -0.5]
    assert flagged(evaluate_we, y, "we_4") == [1, 2, 4, 5, 6, 7, 8, 9]


def test_columns_and_findings():
    y = np.array([-0.5, *above(8), -0.5, 3.5, 0.5])
    outcome = evaluate_we(y, control(y.size))
    assert set(outcome.columns) == {"we_1", "we_2", "we_3", "we_4"}
    assert all(col.dtype == bool and col.shape == (12,) for col in outcome.columns.values())
    assert outcome.signal
    assert [(f.rule, f.indices) for f in outcome.findings] == [
        ("we_1", (10,)),
        ("we_4", tuple(range(1, 9))),
    ]
    assert outcome.findings[1].detail == (
        "8 points in a row above the centre line; 8 in a row signals."
    )
    assert outcome.summary == {"we_findings_omitted": 0}
