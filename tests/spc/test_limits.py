"""Centre lines and limits, checked against hand computations written out here.

Worked checks (XmR and p) are from /work/shared/reference/measurement-rules.md;
the other expectations are computed by hand from the textbook formulas cited in
academy/spc/limits.py.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.errors import InputError
from academy.spc.limits import (
    CHART_TYPES,
    average_moving_range,
    compute_limits,
    moving_ranges,
)
from academy.spc.model import Limits

NAN = math.nan
LINES = ("cl", "lcl", "ucl", "lcl2", "ucl2", "lcl1", "ucl1", "sigma")

XMR_Y = [12, 15, 11, 14, 13, 16, 12, 40, 13, 14, 15, 12, 11, 13, 14, 12, 13, 15, 14, 13]
P_Y = [12, 15, 9, 20, 11, 14, 30, 10, 13, 12, 16, 9]
P_N = [100, 120, 80, 150, 90, 110, 130, 95, 105, 100, 140, 70]


def arr(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


def all_used(size: int) -> np.ndarray:
    return np.ones(size, dtype=bool)


def first(k: int, size: int) -> np.ndarray:
    """Frozen baseline: the first k points are used."""
    return np.arange(size) < k


def assert_lines(lim: Limits, cl, sigma, lower=-math.inf, upper=math.inf) -> None:
    """cl ± k·sigma for k = 1, 2, 3, clipped to [lower, upper], point by point."""
    cl, sigma = np.broadcast_arrays(arr(cl), arr(sigma))
    np.testing.assert_allclose(lim.cl, cl, rtol=1e-12)
    np.testing.assert_allclose(lim.sigma, sigma, rtol=1e-12)
    for k, lo, hi in ((3, lim.lcl, lim.ucl), (2, lim.lcl2, lim.ucl2), (1, lim.lcl1, lim.ucl1)):
        np.testing.assert_allclose(lo, np.clip(cl - k * sigma, lower, upper), rtol=1e-12)
        np.testing.assert_allclose(hi, np.clip(cl + k * sigma, lower, upper), rtol=1e-12)


# --------------------------------------------------------------------------- I chart


def test_xmr_worked_check_unscreened() -> None:
    y = arr(XMR_Y)
    lim = compute_limits("i", y, None, all_used(20), screen_mr=False)
    mean = 292 / 20  # = 14.6
    # Moving ranges 3,4,3,1,3,4,28,27,1,1,3,1,2,1,2,1,2,1,1 sum to 89 over 19.
    sigma = (89 / 19) / 1.128
    assert_lines(lim, mean, sigma)
    assert lim.lcl[0] == pytest.approx(2.1420, abs=5e-5)
    assert lim.ucl[0] == pytest.approx(27.0580, abs=5e-5)


def test_xmr_worked_check_screened() -> None:
    y = arr(XMR_Y)
    lim = compute_limits("i", y, None, all_used(20))
    # 3.267 · 89/19 = 15.30: the moving ranges 28 and 27 go; (89 − 28 − 27)/17 = 2.0.
    sigma = 2.0 / 1.128
    assert_lines(lim, 14.6, sigma)
    assert lim.lcl[0] == pytest.approx(9.2809, abs=5e-5)
    assert lim.ucl[0] == pytest.approx(19.9191, abs=5e-5)
    assert average_moving_range(y, all_used(20)) == pytest.approx(2.0)
    assert average_moving_range(y, all_used(20), screen=False) == pytest.approx(89 / 19)


def _ranges_to_values(ranges: list[int]) -> np.ndarray:
    """Integer values whose successive moving ranges are ``ranges`` (exact in floats)."""
    return arr(np.concatenate(([0], np.cumsum(ranges))))


def test_screening_drops_a_moving_range_exactly_at_the_threshold() -> None:
    # Ten moving ranges with mean exactly 1000: eight of 748, one of 749, one of 3267.
    # Threshold 3.267 · 1000 = 3267; qicharts2 keeps mr < threshold, so 3267 goes.
    ranges = [748] * 8 + [749, 3267]
    assert sum(ranges) == 10_000
    y = _ranges_to_values(ranges)
    assert average_moving_range(y, all_used(11), screen=False) == 1000.0
    assert average_moving_range(y, all_used(11)) == pytest.approx(6733 / 9)


def test_screening_keeps_a_moving_range_just_below_the_threshold() -> None:
    # Same mean of 1000 but the big range is 3266 < 3267: nothing is dropped.
    ranges = [748] * 7 + [749, 749, 3266]
    assert sum(ranges) == 10_000
    y = _ranges_to_values(ranges)
    assert average_moving_range(y, all_used(11)) == 1000.0


def test_screening_a_constant_series_keeps_zero_sigma() -> None:
    lim = compute_limits("i", arr([5, 5, 5, 5]), None, all_used(4))
    assert_lines(lim, 5.0, 0.0)


def test_excluded_point_is_bridged_but_missing_value_drops_its_moving_ranges() -> None:
    y = arr([1, 2, 100, 4, NAN, 7, 8])
    use = np.array([True, True, False, True, True, True, True])
    # Used sequence 1, 2, 4, NaN, 7, 8 (100 removed, NaN kept in place):
    # moving ranges |2−1| = 1, |4−2| = 2 (bridging 100), NaN, NaN, |8−7| = 1.
    amr = (1 + 2 + 1) / 3
    mean = (1 + 2 + 4 + 7 + 8) / 5
    for screen in (True, False):  # 3.267 · 4/3 = 4.36 drops nothing
        lim = compute_limits("i", y, None, use, screen_mr=screen)
        assert_lines(lim, mean, amr / 1.128)
        assert average_moving_range(y, use, screen) == pytest.approx(amr)


def test_frozen_baseline_i_chart_extends_limits() -> None:
    y = arr([10, 12, 11, 13, 50, 60])
    lim = compute_limits("i", y, None, first(4, 6))
    # Baseline 10, 12, 11, 13: mean 11.5; moving ranges 2, 1, 2 → AMR 5/3.
    assert_lines(lim, [11.5] * 6, [(5 / 3) / 1.128] * 6)


def test_moving_ranges_for_plotting() -> None:
    y = arr([1, 2, 100, 4, NAN, 7, 8])
    include = np.array([True, True, False, True, True, True, True])
    expected = [NAN, 1, 98, 2, NAN, NAN, 1]  # point 4 bridges the excluded 100 back to 2
    np.testing.assert_array_equal(moving_ranges(y, include), expected)
    # First point excluded: the second has no earlier included point.
    np.testing.assert_array_equal(
        moving_ranges(arr([3, 5, 6]), np.array([False, True, True])), [NAN, NAN, 1]
    )
    assert moving_ranges(arr([]), np.array([], dtype=bool)).size == 0


# --------------------------------------------------------------------------- MR chart


def test_mr_chart() -> None:
    y = arr([10, 12, 11, 15, 13])
    mr = moving_ranges(y, all_used(5))  # NaN, 2, 1, 4, 2
    lim = compute_limits("mr", mr, None, all_used(5), screen_mr=True)
    cl = (2 + 1 + 4 + 2) / 4  # 2.25; never screened
    np.testing.assert_allclose(lim.cl, cl)
    np.testing.assert_allclose(lim.ucl, 3.267 * cl)
    np.testing.assert_allclose(lim.ucl2, 3.267 / 3 * 2 * cl)  # qicharts2 qic.mr
    np.testing.assert_allclose(lim.lcl, 0.0)
    np.testing.assert_allclose(lim.lcl2, 0.0)
    np.testing.assert_allclose(lim.ucl1, cl + 0.853 / 1.128 * cl)
    np.testing.assert_allclose(lim.lcl1, cl - 0.853 / 1.128 * cl)
    np.testing.assert_allclose(lim.sigma, 0.853 / 1.128 * cl)


# --------------------------------------------------------------------------- run chart


def test_run_chart_median_of_used_points_and_no_limits() -> None:
    y = arr([3, 9, 1, NAN, 7, 100])
    use = np.array([True, True, True, True, True, False])
    lim = compute_limits("run", y, None, use)
    np.testing.assert_allclose(lim.cl, (3 + 7) / 2)  # median of 1, 3, 7, 9
    for name in LINES[1:]:
        assert np.isnan(getattr(lim, name)).all()


# --------------------------------------------------------------------------- Xbar and S


def test_xbar_equal_subgroups_uses_mean_sd() -> None:
    means, sds, n = arr([10, 12, 11]), arr([2, 1.5, 2.5]), arr([5, 5, 5])
    lim = compute_limits("xbar", means, n, all_used(3), sd=sds)
    c4_5 = 0.75 * math.sqrt(math.pi / 2)  # √(1/2)·Γ(5/2)/Γ(2)
    s_bar = (2 + 1.5 + 2.5) / 3  # equal n: plain mean (Montgomery 6.29; qicharts2)
    assert_lines(lim, 11.0, s_bar / (c4_5 * math.sqrt(5)))
    # Against Montgomery's A3(5) = 1.427: UCL = 11 + 1.427 · 2.
    assert lim.ucl[0] == pytest.approx(11 + 1.427 * 2, abs=2 * 5e-4)


def test_xbar_unequal_subgroups_uses_pooled_sd() -> None:
    means, sds, n = arr([10, 13, 11, 20]), arr([2, 1, 3, 4]), arr([4, 6, 5, 1])
    lim = compute_limits("xbar", means, n, all_used(4), sd=sds)
    cl = (4 * 10 + 6 * 13 + 5 * 11 + 1 * 20) / 16
    # Pooled over subgroups with n > 1: (3·4 + 5·1 + 4·9)/(3 + 5 + 4).
    s_bar = math.sqrt((3 * 2**2 + 5 * 1**2 + 4 * 3**2) / (3 + 5 + 4))
    c4_4 = math.sqrt(2 / 3) * 1 / (0.5 * math.sqrt(math.pi))  # Γ(2)/Γ(3/2)
    c4_6 = math.sqrt(2 / 5) * 2 / (0.75 * math.sqrt(math.pi))  # Γ(3)/Γ(5/2)
    c4_5 = 0.75 * math.sqrt(math.pi / 2)
    sigma = [s_bar / (c4_4 * 2), s_bar / (c4_6 * math.sqrt(6)), s_bar / (c4_5 * math.sqrt(5))]
    lim3 = Limits(*(np.asarray(getattr(lim, f))[:3] for f in LINES))
    assert_lines(lim3, [cl] * 3, sigma)
    assert all(np.isnan(getattr(lim, f)[3]) for f in LINES[1:])  # n = 1: no lines


def test_s_chart_against_montgomery_b3_b4() -> None:
    sds = arr([2, 1.5, 2.5])
    lim6 = compute_limits("s", sds, arr([6, 6, 6]), all_used(3))
    # s̄ = 2; Montgomery Appendix VI: B3(6) = 0.030, B4(6) = 1.970.
    np.testing.assert_allclose(lim6.cl, 2.0)
    np.testing.assert_allclose(lim6.lcl, 0.030 * 2, atol=2 * 5e-4)
    np.testing.assert_allclose(lim6.ucl, 1.970 * 2, atol=2 * 5e-4)
    lim5 = compute_limits("s", sds, arr([5, 5, 5]), all_used(3))
    # B3(5) = 0 (clipped), B4(5) = 2.089; by hand 1 + 3·c5/c4 with c4(5) = (3/4)√(π/2).
    c4_5 = 0.75 * math.sqrt(math.pi / 2)
    sigma = 2.0 * math.sqrt(1 - c4_5**2) / c4_5
    assert_lines(lim5, 2.0, sigma, lower=0.0)
    np.testing.assert_allclose(lim5.lcl, 0.0)
    np.testing.assert_allclose(lim5.ucl, 2.089 * 2, atol=2 * 5e-4)


def test_s_chart_unequal_subgroups_pooled_centre() -> None:
    lim = compute_limits("s", arr([2, 1, 3]), arr([4, 6, 5]), all_used(3))
    np.testing.assert_allclose(lim.cl, math.sqrt((3 * 4 + 5 * 1 + 4 * 9) / 12))


# --------------------------------------------------------------------------- p, np, u, c


def test_p_worked_check() -> None:
    y, n = arr(P_Y), arr(P_N)
    lim = compute_limits("p", y / n, n, all_used(12))
    # Σy = 171 and Σn = 1290 (the notes print 175/1320, but their p̄ 0.132558 is 171/1290).
    p_bar = 171 / 1290
    sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    assert_lines(lim, p_bar, sigma, lower=0.0, upper=1.0)
    assert lim.cl[0] == pytest.approx(0.132558, abs=5e-7)
    assert lim.lcl[0] == pytest.approx(0.030829, abs=5e-7)
    assert lim.ucl[0] == pytest.approx(0.234287, abs=5e-7)
    assert lim.ucl[6] == pytest.approx(0.22178, abs=5e-6)
    assert 30 / 130 > lim.ucl[6]  # point 7 (0.2308) is above its own UCL


def test_p_frozen_baseline_uses_each_points_own_n() -> None:
    y, n = arr(P_Y), arr(P_N)
    lim = compute_limits("p", y / n, n, first(6, 12))
    p_bar = (12 + 15 + 9 + 20 + 11 + 14) / (100 + 120 + 80 + 150 + 90 + 110)  # 81/650
    assert_lines(lim, p_bar, np.sqrt(p_bar * (1 - p_bar) / n), lower=0.0, upper=1.0)
    assert lim.ucl[6] == pytest.approx(81 / 650 + 3 * math.sqrt(81 / 650 * 569 / 650 / 130))


def test_p_limits_clipped_to_zero_and_one() -> None:
    y, n = arr([9, 10, 9]), arr([10, 10, 10])
    lim = compute_limits("p", y / n, n, all_used(3))
    p_bar = 28 / 30
    sigma = math.sqrt(p_bar * (1 - p_bar) / 10)  # 0.0789: p̄ + σ = 1.012 → 1
    for upper in (lim.ucl, lim.ucl2, lim.ucl1):
        np.testing.assert_allclose(upper, 1.0)
    np.testing.assert_allclose(lim.lcl, p_bar - 3 * sigma)  # 0.70, inside [0, 1]
    np.testing.assert_allclose(lim.lcl1, p_bar - sigma)


def test_p_missing_point_is_left_out_of_the_centre() -> None:
    y, n = arr([5, NAN, 15]), arr([50, 100, 100])
    lim = compute_limits("p", y / n, n, all_used(3))
    np.testing.assert_allclose(lim.cl, 20 / 150)


def test_np_chart() -> None:
    y, n = arr([5, 3, 7, 4, 6]), arr([50] * 5)
    lim = compute_limits("np", y, n, all_used(5))
    # p̄ = 25/250 = 0.1; cl = 50·0.1 = 5; σ = √(50·0.1·0.9) = √4.5; LCL 5 − 6.36 → 0.
    assert_lines(lim, 5.0, math.sqrt(4.5), lower=0.0, upper=50.0)
    np.testing.assert_allclose(lim.lcl, 0.0)


def test_np_chart_clipped_at_n() -> None:
    y, n = arr([3, 4, 3, 2]), arr([4] * 4)
    lim = compute_limits("np", y, n, all_used(4))
    # p̄ = 12/16 = 0.75; cl = 3; σ = √(4·0.75·0.25) = 0.866; UCL 5.60 → 4.
    sigma = math.sqrt(4 * 0.75 * 0.25)
    np.testing.assert_allclose(lim.ucl, 4.0)
    np.testing.assert_allclose(lim.ucl2, 4.0)
    np.testing.assert_allclose(lim.ucl1, 3 + sigma)
    np.testing.assert_allclose(lim.lcl, 3 - 3 * sigma)


def test_u_frozen_baseline_and_lower_clip() -> None:
    y, n = arr([3, 5, 2, 8, 4, 6]), arr([1.5, 2.0, 1.0, 2.5, 2.0, 3.0])
    lim = compute_limits("u", y / n, n, first(4, 6))
    u_bar = (3 + 5 + 2 + 8) / (1.5 + 2.0 + 1.0 + 2.5)  # 18/7
    assert_lines(lim, u_bar, np.sqrt(u_bar / n), lower=0.0)
    assert lim.ucl[5] == pytest.approx(18 / 7 + 3 * math.sqrt(18 / 7 / 3.0))
    assert lim.lcl[2] == 0.0  # 18/7 − 3·√(18/7) < 0


def test_c_chart() -> None:
    y = arr([2, 5, 3, 0, 4, 6])
    lim = compute_limits("c", y, None, all_used(6))
    c_bar = 20 / 6
    assert_lines(lim, c_bar, math.sqrt(c_bar), lower=0.0)
    assert lim.lcl[0] == 0.0  # 3.33 − 5.48 < 0
    assert lim.lcl1[0] == pytest.approx(c_bar - math.sqrt(c_bar))  # 1.51, not clipped


# --------------------------------------------------------------------------- Laney and I′


def test_laney_p_prime_equal_n_hand_computation() -> None:
    y, n = arr([10, 20, 15, 30]), arr([100] * 4)
    lim = compute_limits("pp", y / n, n, all_used(4))
    p_bar = 75 / 400
    s_p = math.sqrt(p_bar * (1 - p_bar) / 100)
    z = [(p - p_bar) / s_p for p in (0.10, 0.20, 0.15, 0.30)]
    amr_z = (abs(z[1] - z[0]) + abs(z[2] - z[1]) + abs(z[3] - z[2])) / 3  # = 0.1/s_p
    sigma_z = amr_z / 1.128
    assert_lines(lim, p_bar, s_p * sigma_z, lower=0.0, upper=1.0)
    # With equal n, p′ is an I chart of the proportions: 0.1875 + 3·0.1/1.128.
    assert lim.ucl[0] == pytest.approx(0.1875 + 3 * 0.1 / 1.128)


def test_laney_u_prime_varying_n_hand_computation() -> None:
    y, n = arr([4, 9, 3, 12, 2]), arr([2, 3, 1, 4, 2])
    rates = [2.0, 3.0, 3.0, 3.0, 1.0]
    for screen in (True, False):
        lim = compute_limits("up", y / n, n, all_used(5), screen_mr=screen)
        u_bar = 30 / 12
        s_u = [math.sqrt(u_bar / k) for k in (2, 3, 1, 4, 2)]
        z = [(r - u_bar) / s for r, s in zip(rates, s_u, strict=True)]
        mr = [abs(z[i] - z[i - 1]) for i in range(1, 5)]
        amr = sum(mr) / 4  # max |mr| = 2.12 < 3.267·0.93: screening drops nothing
        assert max(mr) < 3.267 * amr
        assert_lines(lim, u_bar, arr(s_u) * (amr / 1.128), lower=0.0)


def test_laney_p_prime_screens_z_moving_ranges() -> None:
    p = [0.10, 0.11, 0.10, 0.11, 0.10, 0.11, 0.10, 0.11, 0.10, 0.50, 0.10]
    n = arr([1000] * 11)
    unscreened = compute_limits("pp", arr(p), n, all_used(11), screen_mr=False)
    screened = compute_limits("pp", arr(p), n, all_used(11), screen_mr=True)
    p_bar = sum(p) / 11
    s_p = math.sqrt(p_bar * (1 - p_bar) / 1000)
    # z moving ranges: eight of 0.01/s_p and two of 0.40/s_p; mean 0.088/s_p,
    # threshold 0.2875/s_p drops the two 0.40s, leaving 0.01/s_p.
    np.testing.assert_allclose(unscreened.sigma, s_p * (0.088 / s_p) / 1.128)
    np.testing.assert_allclose(screened.sigma, s_p * (0.01 / s_p) / 1.128)


def test_i_prime_hand_computation() -> None:
    y, n = arr([4, 9, 3, 12, 2]), arr([2, 3, 1, 4, 2])
    rates = [2.0, 3.0, 3.0, 3.0, 1.0]
    lim = compute_limits("ip", y / n, n, all_used(5), screen_mr=False)
    cl = 30 / 12
    sizes = [2, 3, 1, 4, 2]
    s = [
        math.sqrt(math.pi / 2)
        * abs(rates[i] - rates[i - 1])
        / math.sqrt(1 / sizes[i - 1] + 1 / sizes[i])
        for i in range(1, 5)
    ]
    s_bar = sum(s) / 4
    assert_lines(lim, cl, s_bar / np.sqrt(arr(sizes)))


def test_i_prime_screening_threshold_is_qicharts2s_3_2665() -> None:
    # Ten ranges with mean exactly 10000; the big one, 32667, lies between
    # 3.2665·10000 = 32665 (qicharts2 qic.ip: dropped) and 3.267·10000 = 32670
    # (qic.i: kept). With n = 1 each pair gives s = √(π/2)·|Δ|/√2 = |Δ|·√π/2.
    ranges = [7482] * 4 + [7481] * 5 + [32667]
    assert sum(ranges) == 100_000
    y = _ranges_to_values(ranges)
    lim = compute_limits("ip", y, arr([1] * 11), all_used(11))
    expected = (67333 / 9) * math.sqrt(math.pi) / 2
    np.testing.assert_allclose(lim.sigma, expected)
    # n omitted means n = 1.
    np.testing.assert_allclose(compute_limits("ip", y, None, all_used(11)).sigma, expected)
    # The I chart keeps the same range: AMR stays 10000.
    np.testing.assert_allclose(compute_limits("i", y, None, all_used(11)).sigma, 10000 / 1.128)


def test_i_prime_uses_only_used_points() -> None:
    y, n = arr([2, 3, 50, 3, 1]), arr([2, 3, 1, 4, 2])
    use = np.array([True, True, False, True, True])
    lim = compute_limits("ip", y, n, use, screen_mr=False)
    cl = (2 * 2 + 3 * 3 + 3 * 4 + 1 * 2) / (2 + 3 + 4 + 2)
    c = math.sqrt(math.pi / 2)
    s = [c * 1 / math.sqrt(1 / 2 + 1 / 3), 0.0, c * 2 / math.sqrt(1 / 4 + 1 / 2)]
    assert_lines(lim, cl, (sum(s) / 3) / np.sqrt(n))


# --------------------------------------------------------------------------- g and t


def test_g_chart_median_centre_and_limits_from_mean() -> None:
    y = arr([10, 3, 25, 7, 0, 15])
    lim = compute_limits("g", y, None, all_used(6))
    m = 60 / 6
    sigma = math.sqrt(m * (m + 1))  # √110
    np.testing.assert_allclose(lim.cl, (7 + 10) / 2)  # median
    np.testing.assert_allclose(lim.ucl, m + 3 * sigma)
    np.testing.assert_allclose(lim.ucl1, m + sigma)
    np.testing.assert_allclose(lim.lcl, 0.0)
    np.testing.assert_allclose(lim.lcl1, 0.0)  # 10 − 10.49 < 0
    np.testing.assert_allclose(lim.sigma, sigma)


def test_t_chart_back_transformed_with_lower_lines_clipped_first() -> None:
    y = arr([0.5, 10, 1, 20, 2])
    lim = compute_limits("t", y, None, all_used(5))
    tx = [v ** (1 / 3.6) for v in (0.5, 10, 1, 20, 2)]
    cl = sum(tx) / 5
    amr = sum(abs(tx[i] - tx[i - 1]) for i in range(1, 5)) / 4  # 1.09; none ≥ 3.267·AMR
    s = amr / 1.128
    assert cl - 3 * s < 0 and cl - 2 * s < 0 and cl - s > 0
    np.testing.assert_allclose(lim.cl, cl**3.6)
    np.testing.assert_allclose(lim.ucl, (cl + 3 * s) ** 3.6)
    np.testing.assert_allclose(lim.ucl2, (cl + 2 * s) ** 3.6)
    np.testing.assert_allclose(lim.ucl1, (cl + s) ** 3.6)
    np.testing.assert_allclose(lim.lcl, 0.0)
    np.testing.assert_allclose(lim.lcl2, 0.0)
    np.testing.assert_allclose(lim.lcl1, (cl - s) ** 3.6)
    assert np.isnan(lim.sigma).all()


# --------------------------------------------------------------------------- empty and errors


@pytest.mark.parametrize("chart", CHART_TYPES)
def test_no_used_value_gives_all_nan_lines(chart: str) -> None:
    n, sd = arr([5, 5, 5]), arr([NAN] * 3)
    for value, use in ((arr([NAN] * 3), all_used(3)), (arr([0.2, 0.5, 0.1]), np.zeros(3, bool))):
        lim = compute_limits(chart, value, n, use, sd=sd)
        for name in LINES:
            line = getattr(lim, name)
            assert line.shape == (3,)
            assert np.isnan(line).all(), (chart, name)
    empty = compute_limits(chart, arr([]), arr([]), np.array([], bool), sd=arr([]))
    assert all(getattr(empty, name).shape == (0,) for name in LINES)


def _one_line_error(match: str, *args, **kwargs) -> None:
    with pytest.raises(InputError, match=match) as info:
        compute_limits(*args, **kwargs)
    assert "\n" not in str(info.value)


def test_input_errors() -> None:
    use = all_used(3)
    _one_line_error("unknown chart type 'x'", "x", arr([1, 2, 3]), None, use)
    _one_line_error("counts of zero or more; point 2", "c", arr([1, -1, 3]), None, use)
    _one_line_error("counts of zero or more", "u", arr([1, -0.5, 3]), arr([1, 1, 1]), use)
    _one_line_error("counts of zero or more", "p", arr([0.1, -0.1, 0]), arr([9, 9, 9]), use)
    _one_line_error("n greater than zero; point 3", "p", arr([0.1, 0.1, 0]), arr([9, 9, 0]), use)
    _one_line_error("n greater than zero", "u", arr([1, 1, 1]), arr([1, -2, 1]), use)
    _one_line_error("y no larger than n; point 1", "p", arr([1.2, 0.1, 0]), arr([5, 9, 9]), use)
    _one_line_error("y no larger than n", "np", arr([6, 1, 0]), arr([5, 5, 5]), use)
    _one_line_error("equal subgroup sizes", "np", arr([1, 1, 0]), arr([5, 6, 5]), use)
    _one_line_error("needs a denominator n", "p", arr([0.1, 0.1, 0]), None, use)
    _one_line_error("needs subgroup sizes n", "s", arr([1, 1, 1]), None, use)
    _one_line_error(
        "needs the subgroup standard deviations", "xbar", arr([1, 1, 1]), arr([5] * 3), use
    )
    _one_line_error(
        "t chart needs times greater than zero; point 2", "t", arr([1, 0, 3]), None, use
    )
    _one_line_error("same length", "i", arr([1, 2, 3]), None, all_used(2))


def test_y_equal_to_n_is_allowed_on_p_charts() -> None:
    lim = compute_limits("p", arr([1.0, 0.5]), arr([4, 4]), all_used(2))
    np.testing.assert_allclose(lim.cl, 6 / 8)


def test_lines_are_read_only_per_point_arrays() -> None:
    lim = compute_limits("i", arr(XMR_Y), None, all_used(20))
    for name in LINES:
        line = getattr(lim, name)
        assert line.shape == (20,)
        assert not line.flags.writeable


# --------------------------------------------------------------------------- invariants

values = st.lists(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False), min_size=3, max_size=40
)


def _ordered(lim: Limits) -> bool:
    order = [lim.lcl, lim.lcl2, lim.lcl1, lim.cl, lim.ucl1, lim.ucl2, lim.ucl]
    stacked = np.vstack(order)
    ok = np.isfinite(stacked).all(axis=0)
    return bool((np.diff(stacked[:, ok], axis=0) >= -1e-9).all())


@given(values, st.booleans())
def test_i_chart_lines_are_ordered(ys: list[float], screen: bool) -> None:
    assert _ordered(compute_limits("i", arr(ys), None, all_used(len(ys)), screen_mr=screen))


@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(1, 200)), min_size=3, max_size=30),
    st.sampled_from(["p", "pp", "u", "up", "ip"]),
)
def test_attribute_chart_lines_are_ordered(pairs: list[tuple[int, int]], chart: str) -> None:
    y = arr([min(a, b) for a, b in pairs])
    n = arr([b for _, b in pairs])
    assert _ordered(compute_limits(chart, y / n, n, all_used(len(pairs))))


@given(st.lists(st.integers(0, 100), min_size=2, max_size=30), st.sampled_from(["c", "t"]))
def test_count_and_time_chart_lines_are_ordered(ys: list[int], chart: str) -> None:
    y = arr(ys) + (1 if chart == "t" else 0)
    assert _ordered(compute_limits(chart, y, None, all_used(len(ys))))


@given(values, st.floats(min_value=-1e3, max_value=1e3))
def test_shifting_i_values_shifts_the_lines(ys: list[float], shift: float) -> None:
    y = arr(ys)
    base = compute_limits("i", y, None, all_used(y.size))
    moved = compute_limits("i", y + shift, None, all_used(y.size))
    for name in LINES[:-1]:
        np.testing.assert_allclose(getattr(moved, name), getattr(base, name) + shift, atol=1e-6)
    np.testing.assert_allclose(moved.sigma, base.sigma, atol=1e-6)


@given(
    st.lists(st.floats(min_value=0.05, max_value=0.95), min_size=3, max_size=20),
    st.integers(min_value=100, max_value=1000),
    st.integers(min_value=2, max_value=50),
)
def test_scaling_p_denominators_by_k_narrows_limits_by_root_k(
    ps: list[float], n0: int, k: int
) -> None:
    p, n = arr(ps), arr([n0] * len(ps))
    wide = compute_limits("p", p, n, all_used(p.size))
    narrow = compute_limits("p", p, n * k, all_used(p.size))
    np.testing.assert_allclose(narrow.cl, wide.cl)
    np.testing.assert_allclose(narrow.sigma, wide.sigma / math.sqrt(k))
    np.testing.assert_allclose(narrow.ucl1 - narrow.cl, (wide.ucl1 - wide.cl) / math.sqrt(k))


@given(values)
def test_screening_never_widens_the_limits(ys: list[float]) -> None:
    y = arr(ys)
    assert (
        average_moving_range(y, all_used(y.size))
        <= average_moving_range(y, all_used(y.size), screen=False) + 1e-9
    )


@given(values, st.floats(min_value=-1e6, max_value=1e6))
def test_points_outside_the_baseline_do_not_move_the_lines(ys: list[float], new: float) -> None:
    y = arr(ys)
    use = first(y.size - 1, y.size)
    before = compute_limits("i", y, None, use)
    y[-1] = new
    after = compute_limits("i", y, None, use)
    for name in LINES:
        np.testing.assert_array_equal(getattr(after, name), getattr(before, name))
