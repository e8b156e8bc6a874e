"""Centre lines and control limits for one phase of a chart.

Each calculator takes the plotted statistic of one phase (before any
``multiply``) and a boolean ``use`` mask of the points that enter the
calculation (in the baseline and not excluded), and returns
:class:`academy.spc.model.Limits` with a value per point. Points outside ``use``
still get lines: the limits extend over them, and per-point limits (p, u, Xbar,
...) use each point's own n.

Sources: Provost & Murray, *The Health Care Data Guide* (2011);
Montgomery, *Introduction to Statistical Quality Control* (chapters on variables
and attributes control charts, and Appendix VI; equation numbers below are
those qicharts2 cites); Mohammed, Worthington & Woodall (2008) QSHC 17:137-145; Laney
(2002) Quality Engineering 14:531-537. qicharts2 0.8.1 (``R/helper.functions.R``,
functions ``qic.run`` ... ``qic.g``) is the reference implementation; where this
module departs from it, the docstring says so.

Moving ranges (I, ip, t, pp, up) follow qicharts2: points outside ``use`` are
removed before differencing, so a moving range bridges an excluded point,
whereas a missing value (NaN) among the used points stays in place, so both
moving ranges touching it are NaN and dropped.
"""

from __future__ import annotations

import numpy as np

from academy.errors import InputError
from academy.i18n import t
from academy.spc.constants import D2, D3, D4, a3, c4, c5
from academy.spc.model import Limits

CHART_TYPES: tuple[str, ...] = (
    "run",
    "i",
    "mr",
    "xbar",
    "s",
    "p",
    "pp",
    "u",
    "up",
    "c",
    "g",
    "t",
    "np",
    "ip",
)

#: Power for times between events: y^(1/3.6) is roughly normal when y is
#: exponential (Nelson 1994, J Qual Technol 26:239-240; Provost & Murray 2011,
#: t chart; qicharts2 0.8.1 ``qic.t``).
T_POWER = 3.6

#: Screening factor for the ip chart's per-pair sigma estimates. qicharts2 0.8.1
#: ``qic.ip`` uses 3.2665 (D4 to four decimals) here, against 3.267 elsewhere.
IP_SCREEN = 3.2665

_COUNT_CHARTS = frozenset({"c", "u", "up", "p", "pp", "np", "g"})
_DENOMINATOR_CHARTS = frozenset({"p", "pp", "u", "up", "np"})
_SUBGROUP_CHARTS = frozenset({"xbar", "s"})

#: The largest size of number the engine charts: y and n, their ratios and sums, the
#: target and multiply. A binary64 float reaches about 1.8e308 (IEEE 754-2019, section
#: 3.6: binary64, emax = 1023). The limit calculations square values (variances,
#: m(m + 1) on a g chart), multiply lines by ``multiply`` and sum over every point, so a
#: value's square must stay well inside that range: 1e100 squared is 1e200, and a sum of
#: a billion such squares is still finite. No healthcare measure comes near 1e100; a
#: larger number is a data error (wrong units, a formula gone wrong) and is refused.
MAX_MAGNITUDE = 1e100

#: The smallest denominator n the engine charts. The limits divide by n (p̄(1 − p̄)/n,
#: ū/n, 1/n on an I′ chart) and y is divided by n, so n below 1e-100 could make them
#: overflow; no count of cases or exposure is that small. Small values of y are
#: fine: their squares may underflow to zero (or a subnormal number), which is the
#: correctly rounded result, as in NumPy's default error handling.
MIN_DENOMINATOR = 1e-100


def unchartable(values: np.ndarray) -> int | None:
    """Index of the first value that is infinite or larger in size than :data:`MAX_MAGNITUDE`.

    None when there is none; NaN (missing) is always fine.

    >>> unchartable(np.array([1.0, np.nan, 5e-324, -2e100, np.inf]))
    3
    >>> unchartable(np.array([0.0, -1e100, np.nan])) is None
    True

    Two passes over the values that make no copy (the NaN-skipping maximum and minimum).
    """
    values = np.asarray(values, dtype=float)
    if not values.size:
        return None
    hi, lo = np.fmax.reduce(values), np.fmin.reduce(values)  # NaN for an all-NaN array
    if not (hi > MAX_MAGNITUDE or lo < -MAX_MAGNITUDE):
        return None
    return int(np.argmax(np.abs(values) > MAX_MAGNITUDE))


def moving_ranges(value: np.ndarray, include: np.ndarray) -> np.ndarray:
    """Per-point moving ranges for plotting an MR chart.

    The moving range of point i is |x_i − x_prev| where x_prev is the nearest
    earlier point with ``include`` True, so excluded points are bridged, as in the
    moving ranges behind the I chart (qicharts2 0.8.1 ``qic.i`` removes excluded
    points before differencing; its own ``qic.mr`` does not bridge). It is NaN
    for a point with no earlier included point and where either value is missing.

    Args:
        value: the individual values of one phase.
        include: True for points that take part in the moving ranges (not
            excluded).

    Returns:
        One moving range per point.
    """
    value = np.asarray(value, dtype=float)
    include = np.asarray(include, dtype=bool)
    if include.all():
        out = np.empty_like(value)
        out[:1] = np.nan
        np.abs(np.subtract(value[1:], value[:-1], out=out[1:]), out=out[1:])
        return out
    last = np.maximum.accumulate(np.where(include, np.arange(value.size), -1))
    prev = np.full(value.size, -1)
    prev[1:] = last[:-1]  # nearest included point strictly before each point
    return np.where(prev >= 0, np.abs(value - value[np.maximum(prev, 0)]), np.nan)


def average_moving_range(value: np.ndarray, use: np.ndarray, screen: bool = True) -> float:
    """Average moving range of the used points, optionally screened.

    Moving ranges are taken between consecutive used points (excluded points are
    removed first, so bridged); those touching a missing value are dropped. With
    ``screen``, moving ranges at or above 3.267·AMR are removed and the average is
    computed once more (Nelson 1982, J Qual Technol 14:172-173; Provost & Murray
    2011). qicharts2 0.8.1 ``qic.i`` keeps ``mr < 3.267 * amr``, so a moving
    range exactly at the threshold is dropped; this function does the same.

    Departure from qicharts2: when every moving range is 0 (a constant series),
    qicharts2 screens out all of them and returns NaN limits; here the AMR stays
    0, so the limits collapse onto the centre line.

    Args:
        value: the values of one phase.
        use: True for the points that enter the calculation.
        screen: remove large moving ranges before the final average.

    Returns:
        The average moving range, NaN if there is none.
    """
    x = _used(np.asarray(value, dtype=float), np.asarray(use, dtype=bool))
    return _screened_mean(_abs_diff(x), D4 if screen else None)


def compute_limits(
    chart: str,
    value: np.ndarray,
    n: np.ndarray | None,
    use: np.ndarray,
    *,
    sd: np.ndarray | None = None,
    screen_mr: bool = True,
) -> Limits:
    """Centre line and 1-, 2- and 3-sigma lines for every point of one phase.

    Args:
        chart: one of :data:`CHART_TYPES`.
        value: plotted statistic before any multiply: the value (run, i, g, t),
            the moving ranges from :func:`moving_ranges` (mr), the count (c), the
            count of defectives (np), y/n (p, pp, u, up, ip), the subgroup mean
            (xbar) or the subgroup standard deviation (s). NaN means missing.
        n: denominator (p, pp, u, up, np, ip) or subgroup size (xbar, s);
            ignored for the other charts. For ip, None means n = 1.
        use: True for the points that enter the calculation of centre and limits.
        sd: subgroup standard deviations (xbar only).
        screen_mr: screen the moving ranges behind i, t, ip, pp and up (see
            :func:`average_moving_range`).

    Returns:
        The lines, one value per point, NaN where a line does not exist. When no
        used point has a value, every line is NaN. The arrays are read-only
        (constant lines are zero-copy broadcast views); copy before editing.

    Raises:
        InputError: unknown chart, missing n or sd, negative counts, y > n on a
            p chart, n <= 0, or a time <= 0 on a t chart.
    """
    if chart not in CHART_TYPES:
        raise InputError(
            t("spc.error.unknown_chart_type", chart=chart, charts=", ".join(CHART_TYPES))
        )
    value = np.asarray(value, dtype=float)
    use = np.asarray(use, dtype=bool)
    if use.shape != value.shape or value.ndim != 1:
        raise InputError(
            t("spc.error.use_length", chart=chart, value_shape=value.shape, use_shape=use.shape)
        )
    n_arr = _check_inputs(chart, value, n, sd)
    match chart:
        case "run":
            return _run(value, use)
        case "i":
            return _individuals(value, use, screen_mr)
        case "mr":
            return _moving_range_chart(value, use)
        case "xbar":
            return _xbar(value, n_arr, use, np.asarray(sd, dtype=float))
        case "s":
            return _s(value, n_arr, use)
        case "p" | "pp":
            return _proportion(value, n_arr, use, laney=chart == "pp", screen=screen_mr)
        case "u" | "up":
            return _rate(value, n_arr, use, laney=chart == "up", screen=screen_mr)
        case "np":
            return _np(value, n_arr, use)
        case "c":
            return _c(value, use)
        case "g":
            return _g(value, use)
        case "t":
            return _t(value, use, screen_mr)
        case _:  # "ip"
            n_ip = np.ones_like(value) if n_arr is None else n_arr
            return _i_prime(value, n_ip, use, screen_mr)


# --------------------------------------------------------------------------- checks


def _first(mask: np.ndarray) -> int:
    """1-based position of the first True in ``mask``."""
    return int(np.argmax(mask)) + 1


def _check_inputs(
    chart: str, value: np.ndarray, n: np.ndarray | None, sd: np.ndarray | None
) -> np.ndarray | None:
    """Validate a phase's inputs and return n as a float array (or None)."""
    n_needed = chart in _DENOMINATOR_CHARTS or chart in _SUBGROUP_CHARTS
    if n is None:
        if n_needed:
            if chart in _SUBGROUP_CHARTS:
                raise InputError(t("spc.error.needs_subgroup_sizes", chart=chart))
            raise InputError(t("spc.error.needs_denominator", chart=chart))
        n_arr = None
    elif n_needed or chart == "ip":
        n_arr = np.asarray(n, dtype=float)
        if n_arr.shape != value.shape:
            raise InputError(
                t("spc.error.n_per_point", chart=chart, n_size=n_arr.size, size=value.size)
            )
        if (bad := n_arr <= 0).any():
            raise InputError(
                t("spc.error.phase_n_positive", chart=chart, point=_first(bad), n=n_arr[bad][0])
            )
    else:
        n_arr = None
    if chart == "xbar" and (sd is None or np.shape(sd) != value.shape):
        raise InputError(t("spc.error.xbar_needs_sd"))
    if chart in _COUNT_CHARTS and (bad := value < 0).any():
        raise InputError(
            t("spc.error.phase_negative", chart=chart, point=_first(bad), value=value[bad][0])
        )
    if chart in ("p", "pp") and (bad := value > 1).any():
        raise InputError(
            t(
                "spc.error.phase_ratio_above_one",
                chart=chart,
                point=_first(bad),
                value=value[bad][0],
            )
        )
    if chart == "np":
        if (bad := value > n_arr).any():
            raise InputError(
                t("spc.error.phase_np_above_n", point=_first(bad), value=value[bad][0])
            )
        sizes = n_arr[np.isfinite(value) & np.isfinite(n_arr)]
        if sizes.size and (sizes != sizes[0]).any():
            raise InputError(t("spc.error.np_equal_sizes"))
    if chart == "t" and (bad := value <= 0).any():
        raise InputError(t("spc.error.phase_t_times", point=_first(bad), value=value[bad][0]))
    return n_arr


# --------------------------------------------------------------------------- helpers


def _used(x: np.ndarray, use: np.ndarray) -> np.ndarray:
    """The used points, in order (excluded points removed, NaN kept in place)."""
    return x if use.all() else x[use]


def _finite(x: np.ndarray) -> np.ndarray:
    """``x`` without its NaN values (checked through the sum, so no copy when none)."""
    return x[~np.isnan(x)] if np.isnan(x.sum()) else x


def _finite_mean(x: np.ndarray) -> float:
    """Mean of the non-NaN values of ``x``; NaN when there are none."""
    x = _finite(x)
    return float(x.mean()) if x.size else np.nan


def _abs_diff(x: np.ndarray) -> np.ndarray:
    """|x[i] − x[i−1]| for consecutive elements, in one buffer."""
    d = np.subtract(x[1:], x[:-1])
    return np.abs(d, out=d)


#: In :func:`_screened_mean`, the kept values' sum is taken as the total minus the
#: dropped values' sum while it is at least this fraction of the total. Below it the
#: subtraction would lose too many digits (a sum of zeros could come out as -5e-17,
#: or 6 next to a dropped 1e90 as 0), so the kept values are summed directly.
CANCELLATION = 1e-3


def _screened_mean(x: np.ndarray, factor: float | None) -> float:
    """Mean of ``x`` (non-negative, NaN dropped); with ``factor``, drop values >= factor·mean.

    Keeping values strictly below the threshold matches qicharts2 0.8.1
    (``mr[mr < ulmr]``). A zero mean is returned as it is (see
    :func:`average_moving_range`). The screened mean is usually computed from
    the few dropped values, so no large copy is made (see :data:`CANCELLATION`).
    """
    x = _finite(x)
    if not x.size:
        return np.nan
    total = float(x.sum())
    mean = total / x.size
    if factor is None or not mean > 0:
        return mean
    threshold = factor * mean
    dropped = x[x >= threshold]
    kept = total - float(dropped.sum())
    if kept < CANCELLATION * total:
        kept = float(np.sum(x, where=x < threshold))
    return kept / (x.size - dropped.size)


def _bands(
    cl: float | np.ndarray,
    sigma: float | np.ndarray,
    lower: float | np.ndarray = -np.inf,
    upper: float | np.ndarray = np.inf,
) -> dict[str, float | np.ndarray]:
    """Lines cl ± k·sigma for k = 1, 2, 3, clipped to [lower, upper].

    Scalars stay scalars (cheap); arrays give per-point lines, computed in place.
    NaN stays NaN through the clipping (``np.clip`` propagates it), as qicharts2
    clips only finite lines.
    """
    clipped = np.any(np.isfinite(lower)) or np.any(np.isfinite(upper))

    def line(k: float) -> float | np.ndarray:
        x = np.multiply(sigma, k)
        x += cl
        if not clipped:
            return x
        return (
            np.clip(x, lower, upper, out=x)
            if isinstance(x, np.ndarray)
            else np.clip(x, lower, upper)
        )

    return {
        "cl": cl,
        "lcl": line(-3.0),
        "ucl": line(3.0),
        "lcl2": line(-2.0),
        "ucl2": line(2.0),
        "lcl1": line(-1.0),
        "ucl1": line(1.0),
        "sigma": sigma,
    }


def _per_point(size: int, lines: dict[str, float | np.ndarray]) -> Limits:
    """Limits with one read-only value per point.

    A line that is the same for every point is a zero-copy broadcast view, so a
    million-point I chart costs no memory traffic here; per-point lines are
    marked read-only too, so that every line behaves alike. Copy before editing.
    """

    def points(x: float | np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (size,))

    return Limits(**{name: points(x) for name, x in lines.items()})


def _lines(
    size: int,
    cl: float | np.ndarray,
    sigma: float | np.ndarray,
    lower: float | np.ndarray = -np.inf,
    upper: float | np.ndarray = np.inf,
) -> Limits:
    """Limits cl ± k·sigma (k = 1, 2, 3) clipped to [lower, upper], one per point."""
    return _per_point(size, _bands(cl, sigma, lower, upper))


def _ratio_centre(value: np.ndarray, n: np.ndarray, use: np.ndarray) -> float:
    """Σyᵢ/Σnᵢ over the used points with both y/n and n present (yᵢ = valueᵢ·nᵢ)."""
    ok = use & np.isfinite(value) & np.isfinite(n)
    if not ok.all():
        value, n = value[ok], n[ok]
    total = n.sum()
    return float(np.dot(value, n) / total) if total > 0 else np.nan


# --------------------------------------------------------------------------- charts


def _run(value: np.ndarray, use: np.ndarray) -> Limits:
    """Run chart: centre line = median of the used values; no limits.

    Provost & Murray 2011, ch. 3; Anhøj & Olesen 2014, PLoS ONE 9:e113825;
    qicharts2 0.8.1 ``qic.run``.
    """
    x = _used(value, use)
    x = x[~np.isnan(x)]
    cl = float(np.median(x)) if x.size else np.nan
    return _lines(value.size, cl, np.nan)


def _individuals(value: np.ndarray, use: np.ndarray, screen: bool) -> Limits:
    """I chart: cl = mean; sigma = AMR/1.128; lines cl ± k·sigma.

    Provost & Murray 2011; Montgomery eq. 6.33; qicharts2 0.8.1 ``qic.i``.
    Screening as in :func:`average_moving_range`.
    """
    cl, sigma = _xmr_estimates(_used(value, use), screen)
    return _lines(value.size, cl, sigma)


def _xmr_estimates(x: np.ndarray, screen: bool) -> tuple[float, float]:
    """Mean and AMR/1.128 of the used values ``x`` (in order, NaN kept in place)."""
    return _finite_mean(x), _screened_mean(_abs_diff(x), D4 if screen else None) / D2


def _moving_range_chart(value: np.ndarray, use: np.ndarray) -> Limits:
    """MR chart: cl = mean of the used moving ranges; UCL = 3.267·cl; LCL = 0.

    Montgomery Appendix VI (D4 = 3.267, D3 = 0 for n = 2); Provost & Murray 2011;
    qicharts2 0.8.1 ``qic.mr``. The moving ranges are not screened for the
    MR chart's own centre line (as qicharts2).

    The 2-sigma lines are qicharts2's: upper (3.267/3)·2·cl and lower 0.
    qicharts2 has no 1-sigma lines; here they are cl ± (d3/d2)·cl with d2 = 1.128
    and d3 = 0.853 (Montgomery Appendix VI, n = 2; the MR of two points has
    standard deviation d3·sigma and mean d2·sigma), clipped at 0. ``sigma`` is
    (d3/d2)·cl, the standard deviation of a moving range.
    """
    cl = _finite_mean(_used(value, use))
    sigma = D3 / D2 * cl
    zero = 0.0 * cl  # 0, or NaN when there is no centre line
    lines = {
        "cl": cl,
        "lcl": zero,
        "ucl": D4 * cl,
        "lcl2": zero,
        "ucl2": D4 / 3 * 2 * cl,
        "lcl1": np.maximum(cl - sigma, zero),
        "ucl1": cl + sigma,
        "sigma": sigma,
    }
    return _per_point(value.size, lines)


def _xbar(value: np.ndarray, n: np.ndarray, use: np.ndarray, sd: np.ndarray) -> Limits:
    """Xbar chart: cl = Σnᵢx̄ᵢ/Σnᵢ; lines cl ± k·s̄/(c4(nᵢ)√nᵢ).

    Montgomery eqs 6.29-6.31; Provost & Murray 2011; qicharts2 0.8.1
    ``qic.xbar``; sigmaᵢ = A3(nᵢ)·s̄/3 (:func:`academy.spc.constants.a3`), s̄ as
    in :func:`_s_bar`. Points with nᵢ <= 1 get no lines.
    """
    ok = use & np.isfinite(value) & np.isfinite(n)
    total = n[ok].sum()
    cl = float((n[ok] * value[ok]).sum() / total) if total > 0 else np.nan
    sigma = a3(n, k=1.0) * _s_bar(sd, n, use)
    return _lines(value.size, cl, sigma)


def _s_bar(sd: np.ndarray, n: np.ndarray, use: np.ndarray) -> float:
    """Average subgroup standard deviation s̄ behind Xbar and S charts.

    Equal subgroup sizes: s̄ = mean of sᵢ (Montgomery eq. 6.29). Unequal sizes:
    pooled s̄ = √(Σ(nᵢ−1)sᵢ²/Σ(nᵢ−1)) (Montgomery eq. 6.31). This is the switch in
    qicharts2 0.8.1 ``qic.xbar``/``qic.s``, with one departure: qicharts2 decides
    "unequal" over every subgroup of the phase, here only over the used subgroups,
    so a frozen baseline's limits do not change when later subgroups arrive.
    """
    ok = use & np.isfinite(sd) & (n > 1)
    s, size = sd[ok], n[ok]
    if not s.size:
        return np.nan
    if (size == size[0]).all():
        return float(s.mean())
    return float(np.sqrt(((size - 1) * s**2).sum() / (size - 1).sum()))


def _s(value: np.ndarray, n: np.ndarray, use: np.ndarray) -> Limits:
    """S chart: cl = s̄; lines s̄ ± k·(c5(nᵢ)/c4(nᵢ))·s̄, lower lines at least 0.

    So the 3-sigma limits are B3(nᵢ)·s̄ and B4(nᵢ)·s̄ (Montgomery Appendix VI;
    qicharts2 0.8.1 ``qic.s``). s̄ as in :func:`_s_bar`.
    """
    cl = _s_bar(value, n, use)
    sigma = c5(n) / c4(n) * cl
    return _lines(value.size, cl, sigma, lower=0.0)


def _laney_sigma(
    value: np.ndarray, cl: float, sigma: np.ndarray, use: np.ndarray, screen: bool
) -> np.ndarray:
    """Laney's sigmaᵢ·sigma_z, sigma_z = AMR(zᵢ)/1.128 with zᵢ = (valueᵢ − cl)/sigmaᵢ.

    Laney 2002, Quality Engineering 14:531-537; qicharts2 0.8.1 ``qic.pp``/
    ``qic.up`` (moving ranges of z over the used points, screened as for the
    I chart since 0.7.4).

    zᵢ is defined only where sigmaᵢ > 0 (elsewhere it is NaN, and its moving ranges
    are dropped). When p̄ is 0 or 1 (p′) or ū is 0 (u′), every sigmaᵢ is 0: the
    lines are then the centre line itself, as on the p or u chart (any multiple of
    a zero sigma is zero); qicharts2 returns NaN lines there. With extremely small
    values (p̄ below about 1e-300) some sigmaᵢ can underflow to 0 while others do not.
    """
    positive = sigma > 0
    if not positive.any():
        return np.where(np.isnan(sigma), np.nan, 0.0)
    z = np.divide(value - cl, sigma, out=np.full(value.shape, np.nan), where=positive)
    sigma_z = _screened_mean(_abs_diff(_used(z, use)), D4 if screen else None) / D2
    return sigma * sigma_z


def _proportion(
    value: np.ndarray, n: np.ndarray, use: np.ndarray, *, laney: bool, screen: bool
) -> Limits:
    """p chart (and Laney p′): p̄ = Σyᵢ/Σnᵢ; sigmaᵢ = √(p̄(1−p̄)/nᵢ); lines in [0, 1].

    Montgomery, fraction nonconforming chart with variable sample size;
    Provost & Murray 2011; qicharts2 0.8.1 ``qic.p``. For p′ sigmaᵢ is multiplied by Laney's sigma_z
    (Laney 2002; qicharts2 ``qic.pp``).
    """
    cl = min(_ratio_centre(value, n, use), 1.0)  # Σy/Σn <= 1 but may round above; NaN stays
    sigma = np.sqrt(cl * (1 - cl) / n)
    if laney:
        sigma = _laney_sigma(value, cl, sigma, use, screen)
    return _lines(value.size, cl, sigma, lower=0.0, upper=1.0)


def _rate(
    value: np.ndarray, n: np.ndarray, use: np.ndarray, *, laney: bool, screen: bool
) -> Limits:
    """u chart (and Laney u′): ū = Σyᵢ/Σnᵢ; sigmaᵢ = √(ū/nᵢ); lower lines at least 0.

    Montgomery eq. 7.19; Provost & Murray 2011; qicharts2 0.8.1 ``qic.u``.
    For u′ sigmaᵢ is multiplied by Laney's sigma_z (Laney 2002; qicharts2
    ``qic.up``).
    """
    cl = _ratio_centre(value, n, use)
    sigma = np.sqrt(cl / n)
    if laney:
        sigma = _laney_sigma(value, cl, sigma, use, screen)
    return _lines(value.size, cl, sigma, lower=0.0)


def _np(value: np.ndarray, n: np.ndarray, use: np.ndarray) -> Limits:
    """np chart (equal n): cl = n·p̄; lines n·p̄ ± k·√(n·p̄(1−p̄)) clipped to [0, n].

    p̄ = Σyᵢ/Σnᵢ over the used points (Montgomery, np chart; Provost & Murray
    2011). qicharts2 has no np chart. Equal n is checked by
    :func:`compute_limits`.
    """
    ok = use & np.isfinite(value) & np.isfinite(n)
    total = n[ok].sum()
    p_bar = float(value[ok].sum() / total) if total > 0 else np.nan
    return _lines(value.size, n * p_bar, np.sqrt(n * p_bar * (1 - p_bar)), lower=0.0, upper=n)


def _c(value: np.ndarray, use: np.ndarray) -> Limits:
    """c chart: c̄ ± k·√c̄, lower lines at least 0.

    Montgomery eq. 7.17; Provost & Murray 2011; qicharts2 0.8.1 ``qic.c``.
    """
    cl = _finite_mean(_used(value, use))
    return _lines(value.size, cl, np.sqrt(cl), lower=0.0)


def _g(value: np.ndarray, use: np.ndarray) -> Limits:
    """g chart: lines m ± k·√(m(m+1)) from the mean m, lower lines at least 0; cl = median.

    The geometric standard deviation √(m(m+1)) is from Montgomery p. 319 (as
    cited by qicharts2) and Provost & Murray 2011 (g chart). Centre line:
    qicharts2 0.8.1 ``qic.g`` draws the empirical median of the baseline values
    (its theoretical median 0.693·m, Provost & Murray p. 228, is used there only
    for a user-supplied centre line), and the issue asks for the median; so
    ``cl`` is the median of the used values and runs rules are judged against
    it. Note that the lines are centred on m, not on ``cl``.
    """
    x = _used(value, use)
    x = x[~np.isnan(x)]
    if not x.size:
        return _lines(value.size, np.nan, np.nan)
    mean = float(x.mean())
    lines = _bands(mean, np.sqrt(mean * (mean + 1)), lower=0.0)
    lines["cl"] = float(np.median(x))
    return _per_point(value.size, lines)


def _t(value: np.ndarray, use: np.ndarray, screen: bool) -> Limits:
    """t chart: I chart on y^(1/3.6), then lines back-transformed with ^3.6.

    Nelson 1994, J Qual Technol 26:239-240; Provost & Murray 2011 (t chart);
    qicharts2 0.8.1 ``qic.t``. A transformed lower line below 0 is set to 0 before
    back-transforming. qicharts2 does that for the 3-sigma line only (its
    2-sigma line turns NaN); here all lower lines are treated alike. ``sigma``
    is NaN because the back-transformed lines are not cl ± k·sigma.
    """
    cl, sigma = _xmr_estimates(_used(value, use) ** (1 / T_POWER), screen)
    lines = {name: line**T_POWER for name, line in _bands(cl, sigma, lower=0.0).items()}
    lines["sigma"] = np.nan
    return _per_point(value.size, lines)


def _i_prime(value: np.ndarray, n: np.ndarray, use: np.ndarray, screen: bool) -> Limits:
    """I′ chart for rates or proportions with varying n (qicharts2 0.8.1 ``qic.ip``).

    cl = Σyᵢ/Σnᵢ. For each pair of consecutive points,
    sⱼ = √(π/2)·|xⱼ − xⱼ₋₁| / √(1/nⱼ₋₁ + 1/nⱼ) estimates the standard deviation
    of one unit (E|X₁ − X₂| = √(2/π)·sigma·√(1/n₁ + 1/n₂) for normal data; √(π/2)
    = √2/d2). With screening, sⱼ at or above 3.2665·s̄ are dropped once, as in
    qicharts2. Then sigmaᵢ = s̄/√nᵢ and lines cl ± k·sigmaᵢ (no clipping). With
    every nᵢ = 1 it is an I chart (√(π/2)/√2 = 1/1.1284).

    Departure from qicharts2: qicharts2 takes the pairs over every point of the
    phase, ignoring freeze and exclude; here they are taken over the used points
    (excluded points bridged, missing values dropping their pairs), as for the
    other moving-range charts, so a frozen baseline stays frozen.
    """
    cl = _ratio_centre(value, n, use)
    x, size = _used(value, use), _used(n, use)
    pair_sd = np.sqrt(np.pi / 2) * _abs_diff(x) / np.sqrt(1 / size[:-1] + 1 / size[1:])
    unit_sd = _screened_mean(pair_sd, IP_SCREEN if screen else None)
    return _lines(value.size, cl, unit_sd / np.sqrt(n))
