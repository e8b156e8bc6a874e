"""Making Data Count rules, point types and icons (academy.spc.rules.mdc)."""

import numpy as np
import pytest

from academy.errors import InputError
from academy.spc.model import Limits
from academy.spc.rules.mdc import assurance_icon, evaluate


def xmr(n: int, cl: float = 0.0, sigma: float = 1.0) -> Limits:
    """Lines of an XmR chart with the given mean and sigma, the same on every point."""

    def line(k: float) -> np.ndarray:
        return np.full(n, cl + k * sigma)

    return Limits(line(0), line(-3), line(3), line(-2), line(2), line(-1), line(1), line(0) + sigma)


def base(n: int) -> np.ndarray:
    """0.5, -0.5, 0.5, ...: alternating about a mean of 0, so no rule fires."""
    return np.where(np.arange(n) % 2 == 0, 0.5, -0.5)


def analyse(y, improvement="higher", target=None, **lines):
    y = np.asarray(y, dtype=float)
    return evaluate(y, xmr(y.size, **lines), improvement=improvement, target=target)


def flagged(outcome, column):
    return np.flatnonzero(outcome.columns[column]).tolist()


def test_alternating_series_is_common_cause():
    outcome = analyse(base(20))
    assert not outcome.signal
    assert set(outcome.columns["mdc_point_type"]) == {"common_cause"}
    assert outcome.summary["mdc_variation_icon"] == "common_cause"


def test_outside_the_limits_is_strict():
    y = base(10)
    y[4] = 3.0
    assert flagged(analyse(y), "mdc_outside") == []
    y[4] = 3.5
    outcome = analyse(y)
    assert flagged(outcome, "mdc_outside") == [4]
    assert outcome.columns["mdc_point_type"][4] == "special_cause_improvement"
    y[4] = -3.5
    assert analyse(y).columns["mdc_point_type"][4] == "special_cause_concern"
    assert analyse(y, improvement="lower").columns["mdc_point_type"][4] == (
        "special_cause_improvement"
    )
    assert analyse(y, improvement=None).columns["mdc_point_type"][4] == (
        "special_cause_neutral_low"
    )


def test_trend_of_seven_signals_six_does_not():
    rising = [-0.6, -0.4, -0.2, 0.1, 0.3, 0.5, 0.7]
    outcome = analyse(np.r_[rising, -0.5, 0.5, -0.5])
    assert flagged(outcome, "mdc_trend") == list(range(7))
    # A rising trend is "high" even where it is below the mean (NHSRplotthedots 0.2.2, #171).
    assert set(outcome.columns["mdc_point_type"][:7]) == {"special_cause_improvement"}
    assert flagged(analyse(np.r_[rising[1:], -0.5, 0.5, -0.5]), "mdc_trend") == []


def test_an_equal_pair_breaks_a_trend():
    y = np.r_[-0.6, -0.4, -0.4, -0.2, 0.1, 0.3, 0.5, 0.7, -0.5]
    assert flagged(analyse(y), "mdc_trend") == []


def test_two_of_three_beyond_two_sigma_all_on_one_side():
    y = base(10)
    y[3], y[5] = 2.5, 2.5  # y[4] = 0.5, same side
    outcome = analyse(y)
    assert flagged(outcome, "mdc_two_of_three") == [3, 5]
    assert outcome.columns["mdc_point_type"][4] == "common_cause"
    y[4] = -0.5  # the third point on the other side of the mean
    assert flagged(analyse(y), "mdc_two_of_three") == []


def test_two_of_three_needs_two_strictly_beyond_the_line():
    y = base(10)
    y[3], y[5] = 2.5, 2.0
    assert flagged(analyse(y), "mdc_two_of_three") == []


def test_a_point_beyond_the_limit_counts_towards_two_of_three():
    # 2023 guidance; NHSRplotthedots 0.2.2 would not count the point beyond 3 sigma.
    y = base(10)
    y[3], y[5] = 3.5, 2.5
    outcome = analyse(y)
    assert flagged(outcome, "mdc_two_of_three") == [3, 5]
    assert flagged(outcome, "mdc_outside") == [3]


def test_shift_of_seven_signals_six_does_not():
    above = np.tile([0.4, 0.6], 4)
    outcome = analyse(np.r_[-0.5, above[:7], -0.5])
    assert flagged(outcome, "mdc_shift") == list(range(1, 8))
    assert flagged(analyse(np.r_[-0.5, above[:6], -0.5]), "mdc_shift") == []


def test_a_point_on_the_mean_breaks_a_shift():
    y = np.r_[0.4, 0.6, 0.4, 0.0, 0.6, 0.4, 0.6, 0.4, -0.5]
    assert flagged(analyse(y), "mdc_shift") == []


def test_trend_takes_priority_over_shift():
    falling = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]
    outcome = analyse(np.r_[-0.5, 0.5, -0.5, falling, 0.5, -0.5])
    types = outcome.columns["mdc_point_type"]
    assert flagged(outcome, "mdc_trend") == list(range(3, 10))
    assert flagged(outcome, "mdc_shift") == list(range(3, 11))
    assert set(types[3:10]) == {"special_cause_concern"}  # falling, higher is better
    assert types[10] == "special_cause_improvement"  # only in the shift, above the mean


def test_the_peak_between_a_rising_and_a_falling_trend_takes_the_falling_one():
    y = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    outcome = analyse(y, improvement=None, cl=4.0, sigma=10.0)
    types = outcome.columns["mdc_point_type"]
    assert list(types[:6]) == ["special_cause_neutral_high"] * 6
    assert list(types[6:]) == ["special_cause_neutral_low"] * 7


@pytest.mark.parametrize(
    ("improvement", "sign", "icon"),
    [
        ("higher", 1, "improvement_high"),
        ("lower", 1, "concern_high"),
        (None, 1, "neutral_high"),
        ("higher", -1, "concern_low"),
        ("lower", -1, "improvement_low"),
        (None, -1, "neutral_low"),
    ],
)
def test_variation_icon_comes_from_the_latest_point(improvement, sign, icon):
    y = np.r_[base(10), sign * np.tile([0.4, 0.6], 4)[:7]]
    outcome = analyse(y, improvement=improvement)
    assert outcome.summary["mdc_variation_icon"] == icon


def test_variation_icon_is_common_cause_when_the_latest_point_is():
    y = np.r_[np.tile([0.4, 0.6], 4)[:7], -0.5, 0.5, -0.5]
    outcome = analyse(y)
    assert outcome.signal
    assert outcome.summary["mdc_variation_icon"] == "common_cause"


@pytest.mark.parametrize(
    ("target", "improvement", "icon"),
    [
        (5.0, "higher", "consistent_fail"),
        (-5.0, "higher", "consistent_pass"),
        (1.0, "higher", "hit_and_miss"),
        (3.0, "higher", "hit_and_miss"),  # on the limit: strict comparison
        (5.0, "lower", "consistent_pass"),
        (-5.0, "lower", "consistent_fail"),
        (-3.0, "lower", "hit_and_miss"),
        (5.0, None, None),
        (None, "higher", None),
    ],
)
def test_assurance_icon_from_the_target_and_the_latest_limits(target, improvement, icon):
    outcome = analyse(base(12), improvement=improvement, target=target)
    assert outcome.summary["mdc_assurance_icon"] == icon


def test_assurance_uses_the_limits_of_the_last_point():
    y = base(12)
    lines = xmr(12)
    ucl = lines.ucl.copy()
    ucl[-1] = 10.0
    lines = Limits(
        lines.cl, lines.lcl, ucl, lines.lcl2, lines.ucl2, lines.lcl1, lines.ucl1, lines.sigma
    )
    outcome = evaluate(y, lines, improvement="higher", target=5.0)
    assert outcome.summary["mdc_assurance_icon"] == "hit_and_miss"


def test_no_assurance_without_limits():
    assert assurance_icon(5.0, "higher", float("nan"), float("nan")) is None


def test_trial_limits_below_twelve_observed_points():
    assert analyse(base(11)).summary["mdc_trial_limits"] is True
    assert analyse(base(12)).summary["mdc_trial_limits"] is False
    y = base(12)
    y[5] = np.nan
    assert analyse(y).summary["mdc_trial_limits"] is True


def test_missing_points_have_no_type_and_are_skipped():
    y = np.r_[-0.5, 0.4, 0.6, 0.4, np.nan, 0.6, 0.4, 0.6, 0.4, -0.5]
    outcome = analyse(y)
    assert flagged(outcome, "mdc_shift") == [1, 2, 3, 5, 6, 7, 8]
    assert outcome.columns["mdc_point_type"][4] == ""
    assert outcome.columns["mdc_point_type"].shape == (10,)


@pytest.mark.parametrize("target", ["high", float("nan"), float("inf"), True])
def test_target_must_be_a_finite_number(target):
    with pytest.raises(InputError):
        analyse(base(12), target=target)


def test_findings_describe_each_rule_once_per_pattern():
    y = np.r_[-0.5, np.tile([0.4, 0.6], 4)[:7], -0.5, 0.5, 3.5, 3.6, -0.5]
    outcome = analyse(y)
    rules = [f.rule for f in outcome.findings]
    assert rules.count("mdc_shift") == 1
    assert rules.count("mdc_outside") == 1  # two neighbouring points: one pattern
    outside = next(f for f in outcome.findings if f.rule == "mdc_outside")
    assert outside.indices == (10, 11)
    assert outside.detail.startswith("2 points beyond the upper process limit")


def test_variation_icon_skips_a_missing_latest_point():
    y = np.r_[base(10), np.tile([0.4, 0.6], 4)[:7], np.nan]
    assert analyse(y).summary["mdc_variation_icon"] == "improvement_high"
