"""Control-chart constants against Montgomery's table and their definitions.

Expected values are from Montgomery, Introduction to Statistical Quality Control,
Appendix VI ("Factors for constructing variables control charts"), compared to
the table's number of decimals.
"""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.spc.constants import D2, D3, D4, a3, b3, b4, c4, c5

# n: (c4, A3, B3, B4) as printed in Montgomery Appendix VI.
MONTGOMERY_APPENDIX_VI = {
    2: (0.7979, 2.659, 0.0, 3.267),
    3: (0.8862, 1.954, 0.0, 2.568),
    4: (0.9213, 1.628, 0.0, 2.266),
    5: (0.9400, 1.427, 0.0, 2.089),
    6: (0.9515, 1.287, 0.030, 1.970),
    7: (0.9594, 1.182, 0.118, 1.882),
    8: (0.9650, 1.099, 0.185, 1.815),
    9: (0.9693, 1.032, 0.239, 1.761),
    10: (0.9727, 0.975, 0.284, 1.716),
    25: (0.9896, 0.606, 0.565, 1.435),
}


def _agrees(computed: float, printed: float, decimals: int) -> bool:
    """True when ``computed`` rounds to the printed table value."""
    return abs(computed - printed) <= 0.5 * 10.0**-decimals + 1e-12


@pytest.mark.parametrize("n", sorted(MONTGOMERY_APPENDIX_VI))
def test_constants_match_montgomery_appendix_vi(n: int) -> None:
    c4_t, a3_t, b3_t, b4_t = MONTGOMERY_APPENDIX_VI[n]
    assert _agrees(float(c4(n)), c4_t, 4)
    assert _agrees(float(a3(n)), a3_t, 3)
    assert _agrees(float(b3(n)), b3_t, 3)
    assert _agrees(float(b4(n)), b4_t, 3)


def test_c4_closed_forms() -> None:
    # c4(2) = √2·Γ(1)/Γ(1/2) = √(2/π); c4(5) = √(1/2)·Γ(5/2)/Γ(2) = (3/4)·√(π/2).
    assert float(c4(2)) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-12)
    assert float(c4(5)) == pytest.approx(0.75 * math.sqrt(math.pi / 2), rel=1e-12)


def test_c4_large_n_does_not_overflow() -> None:
    # Γ(n/2) overflows a double above n ≈ 343; c4(n) ≈ 1 − 1/(4n) − 7/(32n²) for large n.
    for n in (500, 10_000, 1_000_000):
        assert float(c4(n)) == pytest.approx(1 - 1 / (4 * n) - 7 / (32 * n**2), abs=1e-8)


def test_sizes_of_one_or_less_give_nan() -> None:
    sizes = np.array([0.0, 1.0, np.nan, 2.0])
    for f in (c4, c5, a3, b3, b4):
        out = f(sizes)
        assert np.isnan(out[:3]).all()
        assert np.isfinite(out[3])


def test_two_sigma_factors() -> None:
    # k = 2 lines: A3 = 2/(c4·√n); B4 = 1 + 2·c5/c4 (qicharts2 use.95 = TRUE).
    n = 5
    c4_5 = 0.75 * math.sqrt(math.pi / 2)
    c5_5 = math.sqrt(1 - c4_5**2)
    assert float(a3(n, k=2)) == pytest.approx(2 / (c4_5 * math.sqrt(5)))
    assert float(b4(n, k=2)) == pytest.approx(1 + 2 * c5_5 / c4_5)
    assert float(b3(n, k=2)) == pytest.approx(1 - 2 * c5_5 / c4_5)


def test_moving_range_constants_are_consistent() -> None:
    # Montgomery Appendix VI, n = 2: d2 = 1.128, d3 = 0.853, D4 = 1 + 3·d3/d2 = 3.267.
    assert (D2, D3, D4) == (1.128, 0.853, 3.267)
    assert 1 + 3 * D3 / D2 == pytest.approx(D4, abs=2e-3)
    # d2(2) = 2/√π exactly, so 1.128 is it to three decimals.
    assert _agrees(2 / math.sqrt(math.pi), D2, 3)


@given(st.integers(min_value=2, max_value=100_000))
def test_constant_invariants(n: int) -> None:
    c4_n, c5_n = float(c4(n)), float(c5(n))
    assert 0 < c4_n < 1
    assert c4_n**2 + c5_n**2 == pytest.approx(1.0)
    # c4 rises towards 1; for large n successive values differ by less than the
    # rounding of the log-gamma difference (about 1e-10), hence the tolerance.
    assert float(c4(n + 1)) > c4_n - 1e-9
    assert 0 <= float(b3(n)) < 1 < float(b4(n))
    assert float(a3(n)) * float(c4(n)) * math.sqrt(n) == pytest.approx(3.0)
