"""Funnel plots: Spiegelhalter (2005) exact limits, over-dispersion, labelling, inputs.

Expected values are worked out in each test from scipy's binomial and Poisson
distributions (the interpolation written out step by step) or by hand.
"""

import math

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binom, poisson

from academy.errors import InputError
from academy.spc.funnel import FunnelResult, funnel, funnel_limits, plot_funnel

mpl.use("Agg")

Z95 = 1.959964  # standard normal 97.5% quantile
Z998 = 3.090232  # standard normal 99.9% quantile


# --- exact limits --------------------------------------------------------------------


def test_binomial_95_limits_n100_theta01_by_hand():
    # Lower limit, p = 0.025: P(y <= 4) = 0.02371 < 0.025 <= P(y <= 5) = 0.05758, so r = 5.
    assert binom.ppf(0.025, 100, 0.1) == 5
    f5, f4 = binom.cdf(5, 100, 0.1), binom.cdf(4, 100, 0.1)
    assert f4 < 0.025 <= f5
    alpha_low = (f5 - 0.025) / (f5 - f4)  # = (0.057577 - 0.025) / (0.057577 - 0.023711)
    expected_lower = (5 - alpha_low) / 100
    # Upper limit, p = 0.975: P(y <= 15) = 0.96011 < 0.975 <= P(y <= 16) = 0.97940, r = 16.
    assert binom.ppf(0.975, 100, 0.1) == 16
    f16, f15 = binom.cdf(16, 100, 0.1), binom.cdf(15, 100, 0.1)
    alpha_up = (f16 - 0.975) / (f16 - f15)  # = (0.979401 - 0.975) / (0.979401 - 0.960109)
    expected_upper = (16 - alpha_up) / 100

    lower, upper = funnel_limits(0.1, np.array([100]), kind="proportion", level=0.95)
    assert lower[0] == pytest.approx(expected_lower, abs=1e-12)
    assert upper[0] == pytest.approx(expected_upper, abs=1e-12)
    # The same numbers to 5 figures, read off the hand computation above.
    assert lower[0] == pytest.approx(0.040381, abs=1e-6)
    assert upper[0] == pytest.approx(0.157719, abs=1e-6)


def test_binomial_998_limits_n100_theta01_by_hand():
    # p = 0.001: r = 2 since P(y <= 1) = 0.000322 < 0.001 <= P(y <= 2) = 0.001945.
    f2, f1 = binom.cdf(2, 100, 0.1), binom.cdf(1, 100, 0.1)
    assert binom.ppf(0.001, 100, 0.1) == 2 and f1 < 0.001 <= f2
    expected_lower = (2 - (f2 - 0.001) / (f2 - f1)) / 100
    # p = 0.999: r = 20 since P(y <= 19) = 0.998021 < 0.999 <= P(y <= 20) = 0.999192.
    f20, f19 = binom.cdf(20, 100, 0.1), binom.cdf(19, 100, 0.1)
    assert binom.ppf(0.999, 100, 0.1) == 20 and f19 < 0.999 <= f20
    expected_upper = (20 - (f20 - 0.999) / (f20 - f19)) / 100

    lower, upper = funnel_limits(0.1, np.array([100]), kind="proportion", level=0.998)
    assert lower[0] == pytest.approx(expected_lower, abs=1e-12)
    assert upper[0] == pytest.approx(expected_upper, abs=1e-12)
    assert (lower[0], upper[0]) == pytest.approx((0.014179, 0.198357), abs=1e-6)


def test_poisson_95_limits_exposure50_rate02_by_hand():
    # Rate 0.2 per unit of exposure, exposure 50: y ~ Poisson(10).
    # p = 0.025: P(y <= 3) = 0.010336 < 0.025 <= P(y <= 4) = 0.029253, so r = 4.
    f4, f3 = poisson.cdf(4, 10), poisson.cdf(3, 10)
    assert poisson.ppf(0.025, 10) == 4 and f3 < 0.025 <= f4
    expected_lower = (4 - (f4 - 0.025) / (f4 - f3)) / 50
    # p = 0.975: P(y <= 16) = 0.972958 < 0.975 <= P(y <= 17) = 0.985722, so r = 17.
    f17, f16 = poisson.cdf(17, 10), poisson.cdf(16, 10)
    assert poisson.ppf(0.975, 10) == 17 and f16 < 0.975 <= f17
    expected_upper = (17 - (f17 - 0.975) / (f17 - f16)) / 50

    lower, upper = funnel_limits(0.2, np.array([50.0]), kind="rate", level=0.95)
    assert lower[0] == pytest.approx(expected_lower, abs=1e-12)
    assert upper[0] == pytest.approx(expected_upper, abs=1e-12)
    assert (lower[0], upper[0]) == pytest.approx((0.075504, 0.323199), abs=1e-6)


@pytest.mark.parametrize("kind", ["proportion", "rate"])
@pytest.mark.parametrize("theta", [0.1, 0.3])
@pytest.mark.parametrize("n", [10_000, 100_000])
@pytest.mark.parametrize(("level", "z"), [(0.95, Z95), (0.998, Z998)])
def test_exact_limits_close_to_normal_approximation_for_large_n(kind, theta, n, level, z):
    # Independent check: θ ± z·√(θ(1−θ)/n) (binomial) or θ ± z·√(θ/n) (Poisson).
    sd = math.sqrt(theta * (1 - theta) / n) if kind == "proportion" else math.sqrt(theta / n)
    lower, upper = funnel_limits(theta, np.array([n]), kind=kind, level=level)
    assert lower[0] == pytest.approx(theta - z * sd, abs=0.05 * sd)
    assert upper[0] == pytest.approx(theta + z * sd, abs=0.05 * sd)


def test_lower_limit_clipped_at_zero_for_small_n():
    # n = 10, θ = 0.1: P(y = 0) = 0.9^10 = 0.3487 >= 0.025, so r = 0 and
    # α = (0.3487 - 0.025) / (0.3487 - 0) = 0.9283; (0 - α)/10 < 0 is clipped to 0.
    lower, upper = funnel_limits(0.1, np.array([10]), kind="proportion", level=0.95)
    assert lower[0] == 0.0
    # Upper: P(y <= 2) = 0.9298 < 0.975 <= P(y <= 3) = 0.9872, r = 3.
    f3, f2 = binom.cdf(3, 10, 0.1), binom.cdf(2, 10, 0.1)
    assert upper[0] == pytest.approx((3 - (f3 - 0.975) / (f3 - f2)) / 10, abs=1e-12)


def _linearised_cdf(x: float, dist) -> float:
    """Cumulative probability joined by straight lines between whole numbers."""
    k = math.ceil(x)
    return dist.cdf(k - 1) + (x - (k - 1)) * dist.pmf(k)


@settings(max_examples=150, deadline=None)
@given(
    theta=st.floats(0.01, 0.99),
    n=st.integers(1, 3000),
    level=st.sampled_from([0.8, 0.95, 0.99, 0.998]),
)
def test_binomial_limit_is_where_the_linearised_cdf_reaches_p(theta, n, level):
    # Spiegelhalter's interpolation is the inverse of the cdf joined by straight lines:
    # at the limit x = n·L, F(k−1) + (x − (k−1))·P(y = k) = p with k = ⌈x⌉.
    lower, upper = funnel_limits(theta, np.array([n]), kind="proportion", level=level)
    for p, limit in (((1 - level) / 2, lower[0]), ((1 + level) / 2, upper[0])):
        if 0 < limit < 1:  # not clipped
            assert _linearised_cdf(limit * n, binom(n, theta)) == pytest.approx(p, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(
    theta=st.floats(0.001, 10),
    n=st.floats(0.5, 5000),
    level=st.sampled_from([0.8, 0.95, 0.998]),
)
def test_poisson_limits_nest_and_solve_the_linearised_cdf(theta, n, level):
    lower, upper = funnel_limits(theta, np.array([n]), kind="rate", level=level)
    wide_lower, wide_upper = funnel_limits(theta, np.array([n]), kind="rate", level=0.999)
    assert wide_lower[0] <= lower[0] <= upper[0] <= wide_upper[0]
    if lower[0] > 0:
        assert _linearised_cdf(lower[0] * n, poisson(theta * n)) == pytest.approx(
            (1 - level) / 2, abs=1e-9
        )
    if upper[0] > 0:  # tiny θ·n can put even the upper limit below 0 (clipped)
        assert _linearised_cdf(upper[0] * n, poisson(theta * n)) == pytest.approx(
            (1 + level) / 2, abs=1e-9
        )


# --- funnel(): values, labels, text ---------------------------------------------------

# Target 0.1, every unit n = 100: limits from the hand computations above,
# 95%: 0.040381 .. 0.157719; 99.8%: 0.014179 .. 0.198357.
LABEL_DATA = pd.DataFrame(
    {
        "ward": ["A", "A2", "B", "B2", "C", "C2", "D", "D2", "E"],
        "events": [20, 19, 16, 15, 1, 2, 4, 5, 10],
        "patients": [100] * 9,
    }
)


def _labelled() -> FunnelResult:
    return funnel(LABEL_DATA, unit="ward", y="events", n="patients", target=0.1)


def test_outlier_flags_at_integer_boundaries():
    pts = _labelled().points.set_index("unit")
    # 0.20 > 0.198357 is outside 99.8%; 0.19 is not.
    assert pts.loc["A", "outside_998"] == "high" and pts.loc["A2", "outside_998"] == ""
    # 0.16 > 0.157719 is outside 95%; 0.15 is not.
    assert pts.loc["B", "outside_95"] == "high" and pts.loc["B2", "outside_95"] == ""
    # 0.01 < 0.014179 is below 99.8%; 0.02 is not.
    assert pts.loc["C", "outside_998"] == "low" and pts.loc["C2", "outside_998"] == ""
    # 0.04 < 0.040381 is below 95%; 0.05 is not.
    assert pts.loc["D", "outside_95"] == "low" and pts.loc["D2", "outside_95"] == ""
    assert pts.loc["E", "outside_95"] == "" and pts.loc["E", "outside_998"] == ""
    assert list(pts.loc[["A", "A2", "C2"], "outside_95"]) == ["high", "high", "low"]


def test_value_exactly_on_a_limit_is_inside():
    # Rate with exposure 1: value = y exactly. On the limit is inside; one step above is out.
    upper = funnel_limits(2.0, np.array([1.0]), kind="rate", level=0.95)[1][0]
    result = funnel(
        unit=["on", "above"],
        y=[upper, np.nextafter(upper, np.inf)],
        n=[1.0, 1.0],
        kind="rate",
        target=2.0,
    )
    assert list(result.points["outside_95"]) == ["", "high"]


def test_points_columns_z_and_target():
    result = _labelled()
    assert list(result.points.columns) == [
        "unit",
        "y",
        "n",
        "value",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "outside_95",
        "outside_998",
        "z",
    ]
    assert result.target == 0.1 and result.kind == "proportion" and result.multiply == 1
    # z for A: (0.20 − 0.1) / √(0.1·0.9/100) = 0.1 / 0.03.
    assert result.points["z"].iloc[0] == pytest.approx(0.1 / 0.03)


def test_default_target_is_overall_value():
    # Worked check from the team notes: p̄ = 0.132558 = Σy/Σn = 171/1290.
    y = [12, 15, 9, 20, 11, 14, 30, 10, 13, 12, 16, 9]
    n = [100, 120, 80, 150, 90, 110, 130, 95, 105, 100, 140, 70]
    result = funnel(unit=list("ABCDEFGHIJKL"), y=y, n=n)
    assert result.target == pytest.approx(171 / 1290)
    assert result.target == pytest.approx(0.132558, abs=1e-6)
    # Unit G, 30/130 = 0.2308, is far above the exact 99.8% limit at n = 130.
    assert result.points.set_index("unit").loc["G", "outside_998"] == "high"


def test_multiply_scales_values_and_limits_but_not_target():
    plain = _labelled()
    percent = funnel(LABEL_DATA, unit="ward", y="events", n="patients", target=0.1, multiply=100)
    for col in ["value", "lower_95", "upper_95", "lower_998", "upper_998"]:
        np.testing.assert_allclose(percent.points[col], plain.points[col] * 100)
    assert percent.target == 0.1
    pd.testing.assert_frame_equal(
        percent.points[["outside_95", "outside_998", "z"]],
        plain.points[["outside_95", "outside_998", "z"]],
    )


def test_arrays_and_dataframe_give_same_points():
    from_arrays = funnel(
        unit=LABEL_DATA["ward"].to_numpy(),
        y=LABEL_DATA["events"].to_list(),
        n=LABEL_DATA["patients"].to_numpy(),
        target=0.1,
    )
    pd.testing.assert_frame_equal(from_arrays.points, _labelled().points)


def test_summary_text_names_units_outside_each_level():
    lines = _labelled().summary_text().splitlines()
    assert "Outside the 99.8% limits: A (high, 0.2), C (low, 0.01)." in lines
    assert (
        "Outside the 95% limits but inside the 99.8% limits: "
        "A2 (high, 0.19), B (high, 0.16), C2 (low, 0.02), D (low, 0.04)."
    ) in lines


def test_summary_text_when_nothing_is_outside():
    result = funnel(unit=["a", "b"], y=[10, 11], n=[100, 100])
    text = result.summary_text()
    assert "No unit is outside the 99.8% limits." in text
    assert "No further unit is outside the 95% limits." in text


# --- over-dispersion --------------------------------------------------------------------

# Ten units of n = 100 with target 0.1: s = √(0.1·0.9/100) = 0.03 for each, and
# z = (y/100 − 0.1)/0.03 = (y − 10)/3.
OD_Y = [2, 5, 8, 9, 10, 10, 11, 12, 15, 18]
OD_Z = [(y - 10) / 3 for y in OD_Y]  # −8/3, −5/3, −2/3, −1/3, 0, 0, 1/3, 2/3, 5/3, 8/3
# 10th percentile (linear, position 0.1·9 = 0.9): −8/3 + 0.9·(−5/3 + 8/3) = −8/3 + 0.9.
# 90th percentile (position 8.1): 5/3 + 0.1·(8/3 − 5/3) = 5/3 + 0.1.
OD_WINSORISED = [-8 / 3 + 0.9, *OD_Z[1:9], 5 / 3 + 0.1]
OD_PHI = sum(z * z for z in OD_WINSORISED) / 10  # = 12.908889 / 10 = 1.2908889
# DerSimonian–Laird: w = 1/0.03² for all; Σw − Σw²/Σw = 10w − w = 9w = 10000.
OD_TAU2 = (10 * OD_PHI - 9) / 10_000  # = 0.000390889


def _od(method):
    return funnel(unit=list("abcdefghij"), y=OD_Y, n=[100] * 10, overdispersion=method)


def test_phi_and_tau2_from_winsorised_z_scores():
    result = _od(None)
    assert result.target == pytest.approx(0.1)  # Σy = 100 over Σn = 1000
    np.testing.assert_allclose(result.points["z"], OD_Z, atol=1e-12)
    assert OD_PHI == pytest.approx(1.2908889, abs=1e-7)
    assert result.phi == pytest.approx(OD_PHI)
    assert result.tau2 == pytest.approx(OD_TAU2)
    assert result.tau2 == pytest.approx(0.000390889, abs=1e-9)


def test_multiplicative_limits_widen_by_root_phi():
    result = _od("multiplicative")
    pts = result.points
    for tag, z in (("95", Z95), ("998", Z998)):
        assert pts[f"upper_{tag}"].iloc[0] == pytest.approx(0.1 + z * math.sqrt(OD_PHI) * 0.03)
        # At 99.8% the lower line 0.1 − 3.090232·√1.2909·0.03 = −0.0053 is clipped to 0.
        expected_lower = max(0.0, 0.1 - z * math.sqrt(OD_PHI) * 0.03)
        assert pts[f"lower_{tag}"].iloc[0] == pytest.approx(expected_lower)
    assert result.phi_applied == pytest.approx(OD_PHI) and result.tau2_applied == 0
    assert "multiplicative" in result.summary_text()


def test_additive_limits_add_tau2():
    pts = _od("additive").points
    half95 = Z95 * math.sqrt(0.03**2 + OD_TAU2)
    assert pts["upper_95"].iloc[0] == pytest.approx(0.1 + half95)
    assert pts["lower_95"].iloc[0] == pytest.approx(0.1 - half95)


def test_no_widening_when_phi_at_most_one():
    # Units close to the target: φ < 1, so "multiplicative" keeps the exact limits.
    under = funnel(
        unit=list("abcd"),
        y=[10, 10, 11, 9],
        n=[100] * 4,
        target=0.1,
        overdispersion="multiplicative",
    )
    exact = funnel(unit=list("abcd"), y=[10, 10, 11, 9], n=[100] * 4, target=0.1)
    assert under.phi < 1 and under.phi_applied == 1.0
    pd.testing.assert_frame_equal(under.points, exact.points)


def test_tau2_zero_when_i_phi_at_most_i_minus_one():
    # I = 4, φ ≤ (I − 1)/I = 0.75 gives τ² = 0.
    result = funnel(unit=list("abcd"), y=[10, 10, 11, 9], n=[100] * 4, target=0.1)
    assert 4 * result.phi <= 3 and result.tau2 == 0.0


# --- plot --------------------------------------------------------------------------------


def test_plot_draws_limits_target_and_labels_outliers():
    before = dict(mpl.rcParams)
    fig, ax = plt.subplots()
    try:
        out = plot_funnel(_labelled(), ax=ax, title="Falls")
        assert out is ax
        styles = {line.get_linestyle() for line in ax.get_lines()}
        assert {"-", "--", "-."} <= styles  # 99.8% solid, 95% dashed, target dash-dot
        labels = {text.get_text() for text in ax.texts}
        assert labels == {"A", "C"}  # only units beyond the 99.8% limits
        assert ax.get_title() == "Falls"
        assert ax.get_xlabel() and ax.get_ylabel() == "Proportion"
    finally:
        plt.close(fig)
    assert dict(mpl.rcParams) == before


def test_plot_creates_axes_when_none_given():
    ax = plot_funnel(_od("additive"))
    try:
        assert ax.get_ylabel() == "Proportion"
    finally:
        plt.close(ax.figure)


# --- bad inputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 0]}, "n must be above 0"),
        ({"unit": ["a", "b"], "y": [1, -1], "n": [10, 10]}, "negative"),
        ({"unit": ["a", "b"], "y": [1, 11], "n": [10, 10]}, "exceed n"),
        ({"unit": ["a", "b"], "y": [1, 2, 3], "n": [10, 10]}, "same length"),
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 10], "kind": "ratio"}, "kind"),
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 10], "overdispersion": "x"}, "overdisp"),
        ({"unit": ["a", "a"], "y": [1, 2], "n": [10, 10]}, "more than once"),
        ({"unit": ["a", "b"], "y": [1, np.nan], "n": [10, 10]}, "missing"),
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 10.5]}, "whole numbers"),
        ({"unit": ["a", "b"], "y": [0, 0], "n": [10, 10]}, "target="),
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 10], "target": 1.2}, "between 0 and 1"),
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 10], "levels": (0.95, 1.5)}, "level"),
        ({"unit": ["a", "b"], "y": [1, 2], "n": [10, 10], "multiply": 0}, "multiply"),
        ({"unit": ["a"], "y": [1], "n": [10], "overdispersion": "additive"}, "at least 2"),
    ],
)
def test_bad_inputs_raise_one_line_input_error(kwargs, fragment):
    with pytest.raises(InputError) as err:
        funnel(**kwargs)
    message = str(err.value)
    assert fragment in message and "\n" not in message


def test_rate_allows_y_above_n():
    result = funnel(unit=["a", "b"], y=[30, 5], n=[10.5, 20.0], kind="rate")
    assert result.target == pytest.approx(35 / 30.5)


def test_missing_column_names_the_columns():
    with pytest.raises(InputError, match="not a column of data; columns are: ward, events"):
        funnel(LABEL_DATA, unit="ward", y="deaths", n="patients")


def test_funnel_limits_rejects_bad_arguments():
    with pytest.raises(InputError, match="kind"):
        funnel_limits(0.1, np.array([10]), kind="count", level=0.95)
    with pytest.raises(InputError, match="level"):
        funnel_limits(0.1, np.array([10]), kind="rate", level=95)
    with pytest.raises(InputError, match="above 0"):
        funnel_limits(0.1, np.array([-1.0]), kind="rate", level=0.95)
