"""IHI run chart rules (academy.spc.rules.ihi): shift, trend, runs, astronomical points."""

from fractions import Fraction
from math import comb

import numpy as np
import pytest

from academy.errors import InputError
from academy.spc.model import Limits
from academy.spc.rules.ihi import evaluate, evaluate_ihi, runs_limits


def run_chart(n: int, cl: float = 0.0) -> Limits:
    """Lines of a run chart: a centre line and no limits."""
    nan = np.full(n, np.nan)
    return Limits(np.full(n, cl), nan, nan, nan, nan, nan, nan, nan)


def analyse(y, **kw):
    y = np.asarray(y, dtype=float)
    return evaluate_ihi(y, run_chart(y.size), **kw)


def sides(*runs: int) -> np.ndarray:
    """Values about a centre line of 0: runs of the given lengths, alternating sides.

    Values within a run alternate between 1 and 2 (or -1 and -2) so that no trend forms.
    """
    parts = []
    for i, k in enumerate(runs):
        sign = 1.0 if i % 2 == 0 else -1.0
        parts.append(sign * (1.0 + np.arange(k) % 2))
    return np.concatenate(parts)


def flagged(outcome, column):
    return np.flatnonzero(outcome.columns[column]).tolist()


# --- number of runs: the Swed & Eisenhart distribution -----------------------------------


def exact_limits(n: int) -> tuple[int, int]:
    """Runs limits by exact counting (Swed & Eisenhart 1943, eqs 1-2), n1 = n // 2."""
    n1, n2 = n // 2, n - n // 2
    total = comb(n, n1)

    def ways(r: int) -> int:
        k = r // 2
        if r % 2 == 0:
            return 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1)
        return comb(n1 - 1, k) * comb(n2 - 1, k - 1) + comb(n1 - 1, k - 1) * comb(n2 - 1, k)

    p = {r: Fraction(ways(r), total) for r in range(2, n + 1)}
    tail = Fraction(1, 40)
    lower = min(r for r in p if sum(p[s] for s in p if s <= r) > tail)
    upper = max(r for r in p if sum(p[s] for s in p if s >= r) > tail)
    return lower, upper


def test_runs_limits_equal_the_exact_distribution():
    for n in range(10, 101):
        assert runs_limits(n) == exact_limits(n), n


@pytest.mark.parametrize(
    ("n1", "lower_critical", "upper_critical"),
    [(5, 2, 10), (10, 6, 16), (12, 7, 19), (15, 10, 22), (20, 14, 28)],
)
def test_runs_limits_match_published_critical_values(n1, lower_critical, upper_critical):
    # Swed & Eisenhart's 5% critical values for n1 = n2 (as printed in runs-test tables):
    # R <= lower critical or R >= upper critical is significant.
    assert runs_limits(2 * n1) == (lower_critical + 1, upper_critical - 1)


def test_runs_limits_match_the_team_notes():
    # measurement-rules.md: a two-sided 5% computation gives n=20: 7..15, n=30: 11..21.
    assert runs_limits(20) == (7, 15)
    assert runs_limits(30) == (11, 21)


def test_runs_limits_for_long_series_are_near_the_normal_approximation():
    n = 100_000
    lower, upper = runs_limits(n)
    mean, sd = 1 + n / 2, np.sqrt(n * (n - 2) / (4 * (n - 1)))
    assert abs(lower - (mean - 1.96 * sd)) <= 2
    assert abs(upper - (mean + 1.96 * sd)) <= 2


def test_too_few_runs_at_the_limit_and_one_below():
    # n = 20 useful points: 7 to 15 runs expected.
    seven = analyse(sides(3, 3, 3, 3, 3, 3, 2))
    assert seven.summary["n_runs"] == 7
    assert (seven.summary["runs_lower"], seven.summary["runs_upper"]) == (7, 15)
    assert not seven.columns["ihi_runs"].any()
    six = analyse(sides(4, 4, 3, 3, 3, 3))
    assert six.summary["n_runs"] == 6
    assert six.columns["ihi_runs"].all()
    assert [f.rule for f in six.findings] == ["ihi_runs"]
    assert six.findings[0].indices == (0, 19)  # the whole phase: first and last useful point
    assert "too few" in six.findings[0].detail


def test_too_many_runs_at_the_limit_and_one_above():
    fifteen = analyse(sides(*[1] * 10 + [2] * 5))
    assert fifteen.summary["n_runs"] == 15
    assert not fifteen.columns["ihi_runs"].any()
    sixteen = analyse(sides(*[1] * 12 + [2] * 4))
    assert sixteen.summary["n_runs"] == 16
    assert sixteen.columns["ihi_runs"].all()
    assert "too many" in sixteen.findings[-1].detail


def test_runs_rule_needs_ten_useful_points():
    outcome = analyse(sides(4, 5))
    assert outcome.summary["n_useful"] == 9
    assert outcome.summary["runs_lower"] is None
    assert outcome.summary["runs_upper"] is None
    assert not outcome.columns["ihi_runs"].any()


# --- shift ---------------------------------------------------------------------------------


def test_shift_of_six_signals_five_does_not():
    assert flagged(analyse([1, 2, 1, 2, 1, 2, -1]), "ihi_shift") == [0, 1, 2, 3, 4, 5]
    assert flagged(analyse([1, 2, 1, 2, 1, -1]), "ihi_shift") == []
    assert flagged(analyse([1, -1, -2, -1, -2, -1, -2]), "ihi_shift") == [1, 2, 3, 4, 5, 6]


def test_points_on_the_median_neither_count_nor_break_a_shift():
    outcome = analyse([1, 2, 1, 0, 2, 1, 2, -1])
    assert flagged(outcome, "ihi_shift") == [0, 1, 2, 4, 5, 6]
    assert "(points on it skipped)" in outcome.findings[0].detail
    assert outcome.findings[0].indices == (0, 1, 2, 4, 5, 6)
    assert flagged(analyse([1, 2, 0, 1, 2, -1]), "ihi_shift") == []


def test_missing_values_neither_count_nor_break_a_shift():
    outcome = analyse([1, 2, np.nan, 1, 2, 1, 2])
    assert flagged(outcome, "ihi_shift") == [0, 1, 3, 4, 5, 6]


# --- trend ---------------------------------------------------------------------------------


def test_trend_of_five_signals_four_does_not():
    assert flagged(analyse([1, 2, 3, 4, 5]), "ihi_trend") == [0, 1, 2, 3, 4]
    assert flagged(analyse([1, 2, 3, 4, 3]), "ihi_trend") == []
    assert flagged(analyse([9, 5, 4, 3, 2, 1, 4]), "ihi_trend") == [0, 1, 2, 3, 4, 5]


def test_like_values_neither_make_nor_break_a_trend():
    # Perla et al. 2011: "If the value of two or more successive points is the same,
    # ignore one of the points when counting; like values do not make or break a trend."
    outcome = analyse([1, 2, 2, 3, 4, 5])
    assert flagged(outcome, "ihi_trend") == [0, 1, 2, 3, 4, 5]
    assert outcome.findings[-1].detail.startswith("5 points in a row going up")
    assert flagged(analyse([1, 2, 2, 3, 4]), "ihi_trend") == []


def test_a_trend_runs_from_the_last_repeat_it_starts_on_to_the_first_it_ends_on():
    assert flagged(analyse([1, 1, 2, 3, 4, 5, 5]), "ihi_trend") == [1, 2, 3, 4, 5]


def test_rising_then_falling_trends_share_their_peak():
    outcome = analyse([1, 2, 3, 4, 5, 4, 3, 2, 1])
    assert flagged(outcome, "ihi_trend") == list(range(9))
    trends = [f for f in outcome.findings if f.rule == "ihi_trend"]
    assert [f.indices for f in trends] == [(0, 1, 2, 3, 4), (4, 5, 6, 7, 8)]


# --- astronomical points and the uniform entry point ---------------------------------------


def test_astronomical_points_are_the_users_judgement():
    outcome = analyse([1, -1, 40, -1, 1], astronomical=[2])
    assert flagged(outcome, "ihi_astronomical") == [2]
    assert outcome.signal
    assert outcome.findings[-1].rule == "ihi_astronomical"


@pytest.mark.parametrize("bad", [[5], [-1], [1.5], ["2"]])
def test_astronomical_positions_must_be_points_of_the_phase(bad):
    with pytest.raises(InputError):
        analyse([1, -1, 40, -1, 1], astronomical=bad)


def test_evaluate_ihi_always_has_the_astronomical_column():
    outcome = analyse([1, -1, 40, -1, 1])
    assert not outcome.columns["ihi_astronomical"].any()
    assert not outcome.signal


def test_astronomical_point_must_have_a_value():
    with pytest.raises(InputError):
        analyse([1, np.nan, 40], astronomical=[1])


def test_uniform_evaluate_has_no_astronomical_column():
    y = np.array([1.0, -1, 40, -1, 1])
    outcome = evaluate(y, run_chart(5), improvement="higher", target=3.0)
    assert set(outcome.columns) == {"ihi_shift", "ihi_trend", "ihi_runs"}
    assert not outcome.signal
