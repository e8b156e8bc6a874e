"""Control-chart constants.

The subgroup constants are computed exactly from the gamma function rather than
looked up, so they work for any subgroup size; they agree with Montgomery,
*Introduction to Statistical Quality Control*, Appendix VI ("Factors for
constructing variables control charts") to the table's decimals. qicharts2
0.8.1 (``R/helper.functions.R``: ``c4``, ``c5``, ``a3``, ``b3``, ``b4``) computes
them the same way.

All functions take an array of subgroup sizes and return NaN where the size is
1 or less (a single observation has no standard deviation).
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

#: d2 for moving ranges of two points, the divisor that turns the average moving
#: range into an estimate of sigma: sigma = AMR / 1.128 (Montgomery, Appendix VI,
#: n = 2; Montgomery eq. 6.33; Provost & Murray 2011, ch. 7).
D2 = 1.128

#: d3 for moving ranges of two points: the standard deviation of a moving range
#: is d3·sigma (Montgomery, Appendix VI, n = 2).
D3 = 0.853

#: D4 for moving ranges of two points: the upper limit of a moving-range chart is
#: 3.267 times the average moving range (Montgomery, Appendix VI, n = 2; Provost &
#: Murray 2011, ch. 7). It is also the screening threshold for moving ranges
#: (Nelson 1982, J Qual Technol 14:172-173; qicharts2 0.8.1 ``qic.i``).
D4 = 3.267


def _sizes(n: np.ndarray | float) -> np.ndarray:
    """Return subgroup sizes as float with NaN where the size is 1 or less."""
    n = np.asarray(n, dtype=float)
    return np.where(n > 1, n, np.nan)


def c4(n: np.ndarray | float) -> np.ndarray:
    """Bias-correction constant c4 for the sample standard deviation.

    E[s] = c4(n)·sigma for normal data, with
    c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2) (Montgomery, eq. 6.27 and Appendix VI).
    Computed through ``gammaln`` so that large n does not overflow (the fix in
    qicharts2 0.6.0).

    Args:
        n: subgroup size(s).

    Returns:
        c4 for each size; NaN where n <= 1.
    """
    n = _sizes(n)
    with np.errstate(invalid="ignore"):
        return np.sqrt(2.0 / (n - 1.0)) * np.exp(gammaln(n / 2.0) - gammaln((n - 1.0) / 2.0))


def c5(n: np.ndarray | float) -> np.ndarray:
    """Relative standard deviation of the sample standard deviation, c5 = √(1 − c4²).

    sd(s) = c5(n)·sigma for normal data (Montgomery, section 6.3.1, derivation of
    B3 and B4; qicharts2 0.8.1 ``c5``).

    Args:
        n: subgroup size(s).

    Returns:
        c5 for each size; NaN where n <= 1.
    """
    return np.sqrt(1.0 - c4(n) ** 2)


def a3(n: np.ndarray | float, k: float = 3.0) -> np.ndarray:
    """Factor A3 for Xbar limits from s̄: A3 = k/(c4(n)·√n).

    Xbar limits are x̿ ± A3·s̄ (Montgomery, eq. 6.28 and Appendix VI; Provost &
    Murray 2011, ch. 7). With ``k = 2`` this gives the 2-sigma line, as
    qicharts2 0.8.1 ``a3(n, use.95 = TRUE)``.

    Args:
        n: subgroup size(s).
        k: number of sigmas (3 for the control limits).

    Returns:
        A3 for each size; NaN where n <= 1.
    """
    n = _sizes(n)
    return k / (c4(n) * np.sqrt(n))


def b3(n: np.ndarray | float, k: float = 3.0) -> np.ndarray:
    """Factor B3 for the lower S-chart limit: B3 = max(0, 1 − k·c5/c4).

    The lower limit is B3·s̄ (Montgomery, eq. 6.27 and Appendix VI; qicharts2
    0.8.1 ``b3``).

    Args:
        n: subgroup size(s).
        k: number of sigmas (3 for the control limit).

    Returns:
        B3 for each size; NaN where n <= 1.
    """
    return np.maximum(0.0, 1.0 - k * c5(n) / c4(n))


def b4(n: np.ndarray | float, k: float = 3.0) -> np.ndarray:
    """Factor B4 for the upper S-chart limit: B4 = 1 + k·c5/c4.

    The upper limit is B4·s̄ (Montgomery, eq. 6.27 and Appendix VI; qicharts2
    0.8.1 ``b4``).

    Args:
        n: subgroup size(s).
        k: number of sigmas (3 for the control limit).

    Returns:
        B4 for each size; NaN where n <= 1.
    """
    return 1.0 + k * c5(n) / c4(n)
