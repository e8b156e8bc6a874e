"""Anhøj's run chart rules (academy.spc.rules.anhoej) against the paper and hand counts."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from academy.spc.model import Limits
from academy.spc.rules.anhoej import evaluate, thresholds


def run_chart(n: int, cl: float = 0.0) -> Limits:
    """Lines of a run chart: a centre line and no limits."""
    nan = np.full(n, np.nan)
    return Limits(np.full(n, cl), nan, nan, nan, nan, nan, nan, nan)


def sides(*runs: int) -> np.ndarray:
    """Values +1/-1 about a centre line of 0: runs of the given lengths, alternating sides."""
    return np.concatenate([np.full(k, 1.0 if i % 2 == 0 else -1.0) for i, k in enumerate(runs)])


def analyse(y):
    y = np.asarray(y, dtype=float)
    return evaluate(y, run_chart(y.size))


# Anhøj & Olesen 2014 (PLoS ONE 9:e113825), table of limits: n useful -> (longest run, crossings)
PAPER_TABLE = {
    10: (6, 2),
    12: (7, 3),
    15: (7, 4),
    20: (7, 6),
    24: (8, 8),
    30: (8, 10),
    40: (8, 14),
    50: (9, 19),
    60: (9, 23),
    100: (10, 41),
}


@pytest.mark.parametrize("n", sorted(PAPER_TABLE))
def test_thresholds_match_the_paper(n):
    assert thresholds(n) == PAPER_TABLE[n]


def test_crossings_limit_is_the_5th_percentile_as_r_qbinom():
    # R's qbinom(0.05, n - 1, 0.5): the smallest x with P(X <= x) >= 0.05, counted exactly.
    for n in range(2, 201):
        cdf, x = Fraction(0), -1
        while cdf < Fraction(1, 20):
            x += 1
            cdf += Fraction(comb(n - 1, x), 2 ** (n - 1))
        assert thresholds(n)[1] == x, n


def test_longest_run_limit_rounds_as_r_does():
    # log2(n) + 3 rounded to the nearest whole number; log2 of a whole number is never
    # exactly a half, so R's round-half-to-even cannot differ from rounding to nearest.
    for n in range(1, 5000):
        fraction = np.log2(n) % 1
        assert abs(fraction - 0.5) > 1e-9
        assert thresholds(n)[0] == int(np.floor(np.log2(n) + 0.5)) + 3


def test_run_of_exactly_the_limit_does_not_signal_one_more_does():
    # n = 10 useful points: the limit is 6 (a run of 7 or more signals).
    at_limit = analyse(sides(6, 1, 1, 1, 1))
    assert at_limit.summary["longest_run"] == 6
    assert at_limit.summary["longest_run_max"] == 6
    assert at_limit.summary["n_crossings"] == 4
    assert not at_limit.signal
    over = analyse(sides(7, 1, 1, 1))
    assert over.summary["longest_run"] == 7
    assert over.signal
    assert [f.rule for f in over.findings] == ["anhoej_longest_run"]
    assert over.findings[0].indices == tuple(range(7))


def test_crossings_exactly_at_the_limit_do_not_signal_one_fewer_does():
    # n = 20 useful points: fewer than 6 crossings signals.
    at_limit = analyse(sides(3, 3, 3, 3, 3, 3, 2))
    assert at_limit.summary["n_crossings"] == 6
    assert at_limit.summary["n_crossings_min"] == 6
    assert not at_limit.signal
    fewer = analyse(sides(4, 4, 3, 3, 3, 3))
    assert fewer.summary["n_crossings"] == 5
    assert fewer.summary["longest_run"] == 4
    assert fewer.signal
    assert [f.rule for f in fewer.findings] == ["anhoej_crossings"]
    assert fewer.findings[0].indices == (0, 19)  # the whole phase: first and last useful point


def test_points_on_the_centre_line_are_not_useful_and_do_not_break_a_run():
    y = [1, 1, 1, 0, 1, 1, 1, 1, -1, 1, -1]
    outcome = analyse(y)
    assert outcome.summary["n_useful"] == 10
    assert outcome.summary["longest_run"] == 7
    assert outcome.summary["n_crossings"] == 3
    assert outcome.signal  # 7 > 6 for 10 useful points
    assert outcome.findings[0].indices == (0, 1, 2, 4, 5, 6, 7)


def test_missing_values_are_skipped():
    y = [1, 1, 1, np.nan, 1, 1, 1, 1, -1, 1, -1]
    outcome = analyse(y)
    assert outcome.summary["n_useful"] == 10
    assert outcome.summary["longest_run"] == 7
    assert outcome.findings[0].indices == (0, 1, 2, 4, 5, 6, 7)
    assert outcome.columns["runs_signal"].shape == (11,)


def test_no_useful_points_gives_no_signal():
    for y in ([0, 0, 0], [np.nan, np.nan], []):
        outcome = analyse(y)
        assert not outcome.signal
        assert outcome.summary["n_useful"] == 0
        assert outcome.summary["longest_run"] == 0
        assert outcome.summary["n_crossings"] == 0
        assert outcome.summary["longest_run_max"] == 3
        assert outcome.summary["n_crossings_min"] == 0


def test_one_useful_point_gives_no_signal():
    outcome = analyse([0, 5, 0])
    assert outcome.summary["n_useful"] == 1
    assert outcome.summary["longest_run"] == 1
    assert outcome.summary["n_crossings"] == 0
    assert not outcome.signal


def test_columns_repeat_the_phase_values_on_every_point():
    outcome = analyse(sides(4, 4, 3, 3, 3, 3))
    cols = outcome.columns
    assert set(cols) == {
        "runs_signal",
        "longest_run",
        "longest_run_max",
        "n_crossings",
        "n_crossings_min",
    }
    assert cols["runs_signal"].dtype == bool
    assert cols["runs_signal"].all()
    for name in ("longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
        assert cols[name].dtype == np.int64
        assert (cols[name] == outcome.summary[name]).all()
        assert cols[name].shape == (20,)


def test_a_centre_line_that_is_off_by_rounding_still_counts_points_on_it():
    # Summed one by one, the mean of ten values of 0.1 is 0.09999999999999999.
    y = np.full(10, 0.1)
    cl = sum(y.tolist()) / 10
    assert cl != 0.1
    outcome = evaluate(y, run_chart(10, cl))
    assert outcome.summary["n_useful"] == 0
    assert not outcome.signal
