"""The SPC engine on arbitrary numbers: NaN, infinities, huge, tiny and constant series.

Issue #6, item 6. The documented behaviour (``academy.spc.chart`` module docstring,
"Arbitrary numbers") is checked here in two ways:

* property-based tests (hypothesis): for every chart type, with every rule set, on
  arbitrary float64 series of 0 to 200 values (NaN, ±inf, subnormals, ±1.8e308 and
  everything between, constant series, a few odd values in ordinary data) and
  arbitrary n, multiply and target, :func:`academy.spc.chart` either returns a result
  whose documented invariants hold or raises :class:`InputError` with a one-line
  message. Nothing else: NumPy floating-point errors are raised (``np.errstate``) and
  every warning is an error (``filterwarnings``). Underflow is the one exception, as
  in NumPy's default: a result that rounds to a subnormal number or to zero is the
  correctly rounded answer, not a fault.
* explicit tests with hand-worked expected values for constant series, one point,
  two points, gaps and every kind of number outside the chartable range.
"""

from __future__ import annotations

import math
from itertools import pairwise

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from academy.errors import InputError
from academy.spc import CHART_TYPES, RULE_SETS, advise, chart
from academy.spc.plot import alt_text, plot_chart
from tests.spc.test_chart import POINT_COLUMNS

pytestmark = pytest.mark.filterwarnings("error")

ALL_RULES = tuple(RULE_SETS)
N_REQUIRED = ("p", "pp", "u", "up", "np")
N_OPTIONAL = ("run", "i", "mr", "g", "t", "ip")
SUBGROUPS = ("xbar", "s")

# The documented bounds, written out independently of the engine (academy.spc.limits):
# no number larger in size than LARGEST, no denominator smaller than SMALLEST_N.
LARGEST, SMALLEST_N = 1e100, 1e-100

RULE_COLUMNS = {
    "anhoej": [],
    "ihi": ["ihi_shift", "ihi_trend", "ihi_runs"],
    "mdc": ["mdc_outside", "mdc_trend", "mdc_two_of_three", "mdc_shift", "mdc_point_type"],
    "we": [f"we_{i}" for i in range(1, 5)],
    "nelson": [f"nelson_{i}" for i in range(1, 9)],
    "hcdg": [f"hcdg_{i}" for i in range(1, 6)],
}
# Lines from the lowest to the highest: each is at most the next one wherever both exist.
ORDERED_LINES = ("lcl", "lcl2", "lcl1", "cl", "ucl1", "ucl2", "ucl")
FINDING_KEYS = set("part rule_set rule label points x_first x_last detail source".split())

EDGES = (
    0.0,
    -0.0,
    1.0,
    -1.0,
    LARGEST,
    -LARGEST,
    SMALLEST_N,
    1.0000001e100,
    0.99999e-100,
    1e300,
    -1e300,
    1e-300,
    -1e-300,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    math.nan,
    math.inf,
    -math.inf,
)
#: Any float64: hypothesis draws NaN, infinities, subnormals and the extremes, and the
#: edges of the chartable range are added so that each is tried often.
ANY = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64), st.sampled_from(EDGES))
#: Values an ordinary series is made of: whole counts, and measures to three decimals
#: (st.floats(0, 1000) would give 1e-300 and subnormals, which belong to ANY).
ORDINARY = st.one_of(st.integers(0, 40).map(float), st.integers(0, 10**6).map(lambda k: k / 1e3))


def now_and_then(draw: st.DrawFn, odd: st.SearchStrategy, usual: st.SearchStrategy) -> object:
    """A draw from ``odd`` about one time in four, else from ``usual``: odd inputs are tried
    often, but not so often that nearly every example stops at the first InputError (and a
    failing example shrinks towards the usual input)."""
    return draw(odd if draw(st.integers(0, 3)) == 3 else usual)


def chartable(value: float) -> bool:
    """True for NaN and for numbers no larger than 1e100 in size (the documented range)."""
    return math.isnan(value) or abs(value) <= LARGEST


@st.composite
def series(draw: st.DrawFn, max_size: int = 200) -> np.ndarray:
    """A float64 series: ordinary with a few odd values, constant, or entirely arbitrary."""
    size = draw(st.integers(0, max_size))
    shape = draw(st.sampled_from(("ordinary", "ordinary", "constant", "arbitrary")))
    if shape == "constant":
        return np.full(size, draw(st.one_of(ORDINARY, ANY)))
    if shape == "arbitrary":
        return draw(arrays(np.float64, size, elements=ANY))
    y = draw(arrays(np.float64, size, elements=ORDINARY))
    for _ in range(draw(st.integers(0, 3)) if size else 0):
        y[draw(st.integers(0, size - 1))] = now_and_then(draw, ANY, st.just(math.nan))
    return y


@st.composite
def denominators(draw: st.DrawFn, kind: str, y: np.ndarray) -> object:
    """n for the chart: None, one number for every row, or a column, each possibly odd."""
    if kind in SUBGROUPS or kind == "c":
        return None
    forms = ["column", "scalar"] + (["none", "none"] if kind in N_OPTIONAL else [])
    form = draw(st.sampled_from(forms))
    if form == "none":
        return None
    counts = np.where(np.isfinite(y) & (y >= 0), y, 0.0)
    if form == "scalar":
        ordinary = float(counts.max(initial=0.0) + draw(st.integers(1, 100)))
        return now_and_then(draw, st.one_of(ANY, st.integers(-3, 3)), st.just(ordinary))
    if kind == "np":  # equal subgroup sizes
        n = np.full(y.size, counts.max(initial=0.0) + draw(st.integers(1, 100)))
    else:
        n = counts + draw(arrays(np.float64, y.size, elements=st.floats(1.0, 1000.0)))
    for _ in range(draw(st.integers(0, 2)) if y.size else 0):
        odd = st.one_of(ANY, st.sampled_from([0.0, -1.0]))
        n[draw(st.integers(0, y.size - 1))] = now_and_then(draw, odd, st.just(math.nan))
    return n


@st.composite
def chart_inputs(draw: st.DrawFn, kind: str, max_size: int = 200) -> dict[str, object]:
    """Keyword arguments of chart() for this chart type, with arbitrary numbers."""
    y = draw(series(max_size))
    kw: dict[str, object] = {"chart": kind, "y": y}
    if kind in SUBGROUPS:
        groups = max(1, y.size // 3)
        kw["x"] = draw(arrays(np.int64, y.size, elements=st.integers(1, groups)))
    n = draw(denominators(kind, y))
    if n is not None:
        kw["n"] = n
    rows = expected_rows(kw)  # phases, a frozen baseline and exclusions, one point or more
    if rows >= 2 and draw(st.booleans()):
        kw["part"] = draw(st.lists(st.integers(1, rows - 1), min_size=1, max_size=3, unique=True))
    if rows and draw(st.booleans()):
        kw["freeze"] = draw(st.integers(1, min(kw.get("part", [rows]))))
    if rows and draw(st.booleans()):
        kw["exclude"] = draw(st.lists(st.integers(1, rows), min_size=1, max_size=5, unique=True))
    kw["rules"] = draw(
        st.one_of(
            st.just(ALL_RULES),
            st.lists(st.sampled_from(ALL_RULES), unique=True).map(tuple),
            st.none(),
        )
    )
    kw["improvement"] = draw(st.sampled_from((None, "higher", "lower")))
    kw["multiply"] = now_and_then(draw, ANY, st.sampled_from((1.0, 100.0, 1e5)))
    kw["target"] = now_and_then(draw, ANY, st.one_of(st.none(), st.floats(0.0, 100.0)))
    return kw


def expected_rows(kw: dict[str, object]) -> int:
    """Points after aggregation: one per row, or one per distinct x for xbar and s."""
    if "x" in kw:
        return int(np.unique(kw["x"]).size)
    return int(np.asarray(kw["y"]).size)


def first_unchartable(values: np.ndarray) -> int | None:
    """0-based index of the first value outside the chartable range (None if none)."""
    return next((i for i, v in enumerate(values.tolist()) if not chartable(v)), None)


def options_are_valid(kw: dict[str, object]) -> bool:
    """True when multiply, target and a single n pass, so y is the first thing checked."""
    multiply = kw["multiply"]
    target = kw["target"]
    n = kw.get("n")
    ok = math.isfinite(multiply) and 0 < multiply <= LARGEST
    ok &= target is None or (math.isfinite(target) and chartable(target))
    if isinstance(n, (int, float)) and not n <= 0:
        ok &= math.isfinite(n) and SMALLEST_N <= n <= LARGEST
    return ok


def run_chart(kw: dict[str, object]):
    """chart(**kw) with NumPy floating-point errors raised (underflow aside, as NumPy's default)."""
    with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
        return chart(**kw)


def check_error(error: InputError, kw: dict[str, object]) -> None:
    """A one-line message; the first out-of-range y row is named when y is the culprit."""
    message = str(error)
    assert message and "\n" not in message, message
    y = np.asarray(kw["y"], dtype=float)
    row = first_unchartable(y)
    if row is None or not options_are_valid(kw):
        return
    assert message.startswith("y has ") and f" in row {row + 1} (" in message, message
    value = y[row]
    word = "infinite value" if math.isinf(value) else "value too large to chart meaningfully"
    assert word in message, message


def check_result(result, kw: dict[str, object]) -> None:
    """The documented invariants of an SPCResult (academy.spc.chart.SPCResult)."""
    pts = result.points
    rows = expected_rows(kw)
    rules = tuple(dict.fromkeys(kw["rules"] or ()))
    assert len(pts) == rows
    columns = POINT_COLUMNS + [c for r in rules for c in RULE_COLUMNS[r]]
    assert sorted(pts.columns) == sorted(columns)
    flags = ["baseline", "include", "sigma_signal", "runs_signal"]
    flags += [c for r in rules for c in RULE_COLUMNS[r] if c != "mdc_point_type"]
    for column in flags:
        assert pts[column].dtype == bool, column
    for column in ("longest_run", "longest_run_max", "n_crossings", "n_crossings_min"):
        assert pts[column].dtype.kind == "i" and (pts[column] >= 0).all(), column
    assert (pts["longest_run_max"] >= 3).all()

    y = pts["y"].to_numpy(dtype=float)
    lines = {name: pts[name].to_numpy(dtype=float) for name in ORDERED_LINES}
    assert not np.isinf(y).any()
    for name, values in lines.items():
        assert not np.isinf(values).any(), f"{name} is infinite"
    for low, high in pairwise(ORDERED_LINES):
        a, b = lines[low], lines[high]
        both = ~np.isnan(a) & ~np.isnan(b)
        assert (a[both] <= b[both]).all(), f"{low} above {high}"
    for name in ORDERED_LINES:  # no line without a centre line
        assert np.isnan(lines[name][np.isnan(lines["cl"])]).all(), name
    if kw["chart"] == "run":
        assert np.isnan(lines["lcl"]).all() and np.isnan(lines["ucl"]).all()

    include = pts["include"].to_numpy()
    used = include & pts["baseline"].to_numpy() & ~np.isnan(y)
    part = pts["part"].to_numpy()
    for number in np.unique(part):
        phase = part == number
        cl = lines["cl"][phase]
        if used[phase].any():  # a centre line at every observed point
            assert not np.isnan(cl[~np.isnan(y[phase])]).any()
        else:  # no value to rest on: no lines at all
            assert np.isnan(cl).all()

    # Signals are judged before multiply; scaling is monotone but may round two values to
    # one (down to 0 when multiply is tiny), so after it a signal is at or beyond its limit.
    sigma = pts["sigma_signal"].to_numpy()
    outside = (y >= lines["ucl"]) | (y <= lines["lcl"])
    assert not (sigma & ~(include & outside)).any(), "sigma signal on a point inside its limits"

    assert len(result.summary) == np.unique(part).size
    assert int(result.summary["n_points"].sum()) == rows
    for finding in result.findings:
        assert set(finding) == FINDING_KEYS
        assert all(1 <= p <= rows for p in finding["points"])
    assert isinstance(result.explain(), str)
    assert isinstance(alt_text(result), str)


def chart_or_error(kw: dict[str, object]):
    """The result (checked) or None after a checked InputError."""
    try:
        result = run_chart(kw)
    except InputError as error:
        check_error(error, kw)
        return None
    check_result(result, kw)
    return result


# --------------------------------------------------------------------------- properties


@pytest.mark.parametrize("kind", CHART_TYPES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_numbers_give_a_checked_result_or_one_line_input_error(kind, data):
    chart_or_error(data.draw(chart_inputs(kind)))


@st.composite
def chartable_inputs(draw: st.DrawFn, kind: str) -> dict[str, object]:
    """Inputs every chart must accept: in-range values with at least two observed.

    Values are whole counts (times above zero for t); n is at least y and equal for np;
    some values are missing (NaN), and a third of the series are constant.
    """
    size = draw(st.integers(2, 60))
    low = 1 if kind == "t" else 0
    if draw(st.integers(0, 2)) == 0:
        y = np.full(size, float(draw(st.integers(low, 50))))
    else:
        y = draw(arrays(np.float64, size, elements=st.integers(low, 50).map(float)))
    gaps = draw(st.lists(st.integers(2, size - 1), max_size=size // 4)) if size > 2 else []
    y[gaps] = np.nan
    kw: dict[str, object] = {"chart": kind, "y": y, "rules": ALL_RULES}
    if kind in SUBGROUPS:
        kw["x"] = np.repeat(np.arange(1, size + 1), 2)
        kw["y"] = np.repeat(y, 2) + np.tile([0.0, draw(st.sampled_from((0.0, 1.0)))], size)
    elif kind in N_REQUIRED:
        extra = 1.0 if kind == "np" else draw(st.integers(1, 100))
        kw["n"] = np.full(size, 51.0) if kind == "np" else np.nan_to_num(y) + extra
    kw["improvement"] = draw(st.sampled_from((None, "higher", "lower")))
    kw["multiply"] = draw(st.sampled_from((1.0, 100.0, LARGEST, 1e-300)))
    return kw


@pytest.mark.parametrize("kind", CHART_TYPES)
@settings(max_examples=8, deadline=None)
@given(data=st.data())
def test_chartable_numbers_always_give_a_result(kind, data):
    kw = data.draw(chartable_inputs(kind))
    check_result(run_chart(kw), kw)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_plot_draws_any_result(data):
    kind = data.draw(st.sampled_from(CHART_TYPES))
    kw = data.draw(st.one_of(chart_inputs(kind, max_size=60), chartable_inputs(kind)))
    result = chart_or_error(kw)
    assume(result is not None)
    figure = Figure(layout="constrained")
    with np.errstate(divide="raise", over="raise", invalid="raise", under="ignore"):
        plot_chart(result, figure.add_subplot(), show_2sigma=True)
        FigureCanvasAgg(figure).draw()


@settings(max_examples=60, deadline=None)
@given(size=ANY)
def test_advise_takes_any_subgroup_size(size):
    try:
        advice = advise("measurement", subgroup_size=size)
    except InputError as error:
        assert not (math.isfinite(size) and size >= 1)
        assert "\n" not in str(error)
    else:
        assert advice.chart == ("i" if size == 1 else "xbar")


# --------------------------------------------------------------------------- constant series


def test_constant_i_chart_collapses_its_limits_and_reports_no_signal():
    # 0.3 ten times has a floating-point mean of 0.29999999999999993, just below every
    # value: the limits (mean ± 3·0/1.128) must not put the points outside them.
    y = [0.3] * 10
    result = chart(y=y, chart="i", rules=ALL_RULES)
    pts = result.points
    for line in ORDERED_LINES:
        assert pts[line].to_numpy() == pytest.approx(np.full(10, 0.3), abs=1e-15), line
    assert not pts["sigma_signal"].any()
    summary = result.summary.iloc[0]
    # Anhøj: every point is on the centre line, so none is useful: no run, no crossing,
    # limits those of n = 0 (round(log2(1)) + 3 = 3 and qbinom(0.05, 0, 0.5) = 0).
    assert summary["n_useful"] == 0
    assert (summary["longest_run"], summary["longest_run_max"]) == (0, 3)
    assert (summary["n_crossings"], summary["n_crossings_min"]) == (0, 0)
    assert not summary["runs_signal"]
    assert summary["runs_lower"] is None and summary["runs_upper"] is None
    flags = [c for r in ALL_RULES for c in RULE_COLUMNS[r] if c != "mdc_point_type"]
    assert not pts[flags].to_numpy().any()
    assert (pts["mdc_point_type"] == "common_cause").all()
    assert summary["mdc_variation_icon"] == "common_cause"
    assert result.findings == []
    assert "every point lies on the centre line" in result.explain()


def test_constant_mr_xbar_s_t_and_ip_charts_have_limits_on_the_centre_line():
    mr = chart(y=[7.0] * 6, chart="mr").summary.iloc[0]
    assert (mr["cl"], mr["lcl"], mr["ucl"]) == (0.0, 0.0, 0.0)  # every moving range is 0
    x = np.repeat([1, 2, 3, 4], 3)
    xbar = chart(x=x, y=[7.0] * 12, chart="xbar").summary.iloc[0]
    assert (xbar["cl"], xbar["lcl"], xbar["ucl"]) == (7.0, 7.0, 7.0)  # s̄ = 0
    s = chart(x=x, y=[7.0] * 12, chart="s").summary.iloc[0]
    assert (s["cl"], s["lcl"], s["ucl"]) == (0.0, 0.0, 0.0)
    t = chart(y=[2.0] * 8, chart="t")  # (mean of 2^(1/3.6))^3.6 = 2, up to rounding
    assert t.summary.iloc[0][["cl", "lcl", "ucl"]].to_numpy() == pytest.approx([2.0] * 3)
    assert not t.points["sigma_signal"].any()
    # every y/n is 3/10, so every pair's sd estimate is 0
    ip = chart(y=[3.0, 6.0, 12.0, 24.0, 1.5], n=[10.0, 20.0, 40.0, 80.0, 5.0], chart="ip")
    assert ip.summary.iloc[0][["cl", "lcl", "ucl"]].to_numpy() == pytest.approx([0.3] * 3)


def test_constant_attribute_charts_keep_their_model_limits():
    # p: p̄ = 3/10; sigma = √(0.3·0.7/10) = 0.144914; lcl = 0.3 − 0.434741 < 0, so 0.
    p = chart(y=[3.0] * 20, n=[10.0] * 20, chart="p", rules=ALL_RULES)
    sigma = math.sqrt(0.3 * 0.7 / 10)
    row = p.summary.iloc[0]
    assert (row["cl"], row["lcl"], row["ucl"]) == pytest.approx((0.3, 0.0, 0.3 + 3 * sigma))
    # every point on the centre line, inside the 1-sigma lines: 15 or more in a row in the
    # inner third is the stratification signal of Nelson test 7 and the HCDG's rule 5
    assert p.points["nelson_7"].all() and p.points["hcdg_5"].all()
    assert not p.points["we_1"].any() and p.summary.iloc[0]["n_useful"] == 0
    # Laney p′: the z-scores are all 0, so sigma_z = 0 and the lines fall on p̄
    pp = chart(y=[3.0] * 20, n=[10.0] * 20, chart="pp").summary.iloc[0]
    assert (pp["cl"], pp["lcl"], pp["ucl"]) == pytest.approx((0.3, 0.3, 0.3))
    # c: c̄ = 4, 4 ± 3·√4 = −2 (so 0) and 10
    c = chart(y=[4.0] * 12, chart="c").summary.iloc[0]
    assert (c["cl"], c["lcl"], c["ucl"]) == (4.0, 0.0, 10.0)
    # g: m = 5, cl = median 5, ucl = 5 + 3·√(5·6) = 21.4317
    g = chart(y=[5.0] * 12, chart="g").summary.iloc[0]
    assert (g["cl"], g["lcl"], g["ucl"]) == pytest.approx((5.0, 0.0, 5 + 3 * math.sqrt(30)))


@pytest.mark.parametrize("kind", ["p", "pp", "u", "up", "np"])
def test_constant_zero_ratio_charts_have_lines_at_zero(kind):
    # p̄ (or ū) = 0 makes every binomial (Poisson) sigma 0; Laney's z is then 0/0, and the
    # lines fall on the centre line as they do on the p and u charts.
    result = chart(y=[0.0] * 8, n=[50.0] * 8, chart=kind, rules=ALL_RULES)
    for line in ORDERED_LINES:
        assert (result.points[line] == 0.0).all(), line
    assert not result.points["sigma_signal"].any()


# --------------------------------------------------------------------------- few points, gaps


def test_one_point_has_a_centre_line_but_no_moving_range_limits():
    i = chart(y=[4.0], chart="i").points.iloc[0]
    assert i["cl"] == 4.0 and math.isnan(i["lcl"]) and math.isnan(i["ucl"])
    # a c chart's sigma comes from its centre line: √4 = 2, so limits 0 (from −2) and 10
    c = chart(y=[4.0], chart="c").points.iloc[0]
    assert (c["cl"], c["lcl"], c["ucl"]) == (4.0, 0.0, 10.0)


def test_two_points_give_one_moving_range():
    # mean 2, one moving range |3 − 1| = 2 (not screened: 2 < 3.267·2), sigma 2/1.128
    pts = chart(y=[1.0, 3.0], chart="i").points
    assert pts["cl"].iloc[0] == 2.0
    assert pts["ucl"].iloc[0] == pytest.approx(2 + 3 * 2 / 1.128)  # 7.3191
    assert pts["lcl"].iloc[0] == pytest.approx(2 - 3 * 2 / 1.128)  # −3.3191


def test_all_missing_values_give_a_chart_with_no_lines_and_no_signal():
    result = chart(y=[math.nan] * 5, chart="i", rules=ALL_RULES)
    assert len(result.points) == 5
    assert result.points[list(ORDERED_LINES)].isna().all().all()
    assert result.findings == [] and not result.points["sigma_signal"].any()
    assert "Every point in this phase has no value, so there is nothing" in result.explain()
    excluded = chart(y=[1.0, 2.0, 4.0, 3.0], part=2, exclude=[3, 4], chart="i").explain()
    assert "Every point in this phase is excluded, so there is nothing" in excluded


def test_a_missing_value_is_a_gap_left_out_of_the_limits():
    # moving ranges touching the gap are dropped: only |5 − 3| = 2 is left; mean of 1, 3, 5
    pts = chart(y=[1.0, math.nan, 3.0, 5.0], chart="i").points
    assert len(pts) == 4 and math.isnan(pts["y"].iloc[1])
    assert pts["cl"].iloc[0] == 3.0
    assert pts["ucl"].iloc[0] == pytest.approx(3 + 3 * 2 / 1.128)
    assert not pts["sigma_signal"].iloc[1]


# --------------------------------------------------------------------------- outside the range


def one_line(**kw: object) -> str:
    with pytest.raises(InputError) as info:
        run_chart(kw)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_infinite_value_names_row_and_column():
    data = pd.DataFrame({"rate": [1.0, 2.0, math.inf, 4.0]})
    assert one_line(data=data, y="rate", chart="i") == (
        "y column 'rate' has an infinite value in row 3 (inf): a spreadsheet division by "
        "zero? correct it or leave it blank"
    )
    text = pd.DataFrame({"rate": ["1", "2", "3", "-inf"]})
    assert "y column 'rate' has an infinite value in row 4 ('-inf')" in one_line(
        data=text, y="rate", chart="run"
    )
    n = pd.DataFrame({"y": [1.0, 2.0], "n": [10.0, math.inf]})
    assert "n column 'n' has an infinite value in row 2" in one_line(
        data=n, y="y", n="n", chart="p"
    )
    assert one_line(y=[1.0, 2.0], n=math.inf, chart="u") == "n must be a finite number, not inf"
    assert one_line(y=[1.0, 2.0], n=math.nan, chart="u") == "n must be a finite number, not nan"


def test_huge_values_are_refused_with_their_row():
    assert one_line(y=[1.0, 1e300], chart="i") == (
        "y has a value too large to chart meaningfully in row 2 (1e+300): values must be no "
        "larger than 1e+100 in size; check the data and units"
    )
    # a whole number too large for a float, as text from a table, is not a crash
    big = pd.DataFrame({"y": [1, 10**400]}, dtype=object)
    assert "too large to chart meaningfully in row 2" in one_line(data=big, y="y", chart="c")
    assert one_line(y=[1.0, 2.0], multiply=1e101) == (
        "multiply must be no larger than 1e+100 in size, not 1e+101"
    )
    assert "target must be no larger than 1e+100" in one_line(y=[1.0, 2.0], target=-1e300)


def test_tiny_denominators_are_refused():
    assert one_line(y=[0.0], n=1e-300, chart="u") == (
        "n is too small to chart meaningfully (1e-300): a denominator must be at least 1e-100; "
        "check n and its units"
    )
    # y/n = 1/1e-320 would overflow; n is named before the ratio is looked at
    assert one_line(y=[1.0, 1.0], n=[1.0, 1e-320], chart="u").startswith(
        "n of point 2 (x = 2) is too small to chart meaningfully (9.99989e-321)"
    )


def test_a_ratio_too_large_names_its_point():
    # each of y = 1e90 and n = 1e-20 is in range; y/n = 1e110 is not
    message = one_line(y=[1.0, 1e90], n=[1.0, 1e-20], chart="u")
    assert message.startswith("point 2 (x = 2) has a value too large to chart meaningfully")
    assert "(1e+110)" in message


def test_tiny_and_subnormal_values_are_charted():
    # mean (5e-324 + 0 + 1e-320 + 2e-310)/4; the moving ranges are as small, so are the limits
    y = [5e-324, 0.0, 1e-320, 2e-310]
    result = run_chart({"y": y, "chart": "i", "rules": ALL_RULES})
    assert result.summary.iloc[0]["cl"] == pytest.approx(sum(y) / 4, rel=1e-6)
    assert np.isfinite(result.points["ucl"]).all()
    p = run_chart({"y": [1e-200, 0.0, 2e-200], "n": [1.0, 1.0, 1.0], "chart": "p"})
    assert p.summary.iloc[0]["cl"] == pytest.approx(1e-200)


def test_laney_chart_where_some_sigmas_underflow():
    # u′ with ū = 6e-200/(3 + 1e100) ≈ 6e-300: √(ū/1e100) underflows to 0 at point 2, so its z
    # is undefined (and its moving ranges dropped); z3 and z4 give the one moving range left.
    y, n = [1e-200, 0.0, 2e-200, 3e-200], [1.0, 1e100, 1.0, 1.0]
    result = run_chart({"y": y, "n": n, "chart": "up", "rules": ALL_RULES})
    u_bar = 6e-200 / (3 + 1e100)
    sigma = math.sqrt(u_bar)
    z3, z4 = (2e-200 - u_bar) / sigma, (3e-200 - u_bar) / sigma
    ucl = u_bar + 3 * sigma * abs(z4 - z3) / 1.128
    pts = result.points
    assert pts["ucl"].iloc[0] == pytest.approx(ucl)
    assert pts["ucl"].iloc[1] == pytest.approx(u_bar)  # sigma 0: the lines are ū itself


def test_alt_text_writes_extreme_numbers_with_an_exponent():
    # cl 1e100/3; limits cl ± 3·2e100/1.128 (the moving ranges are 2e100 and 2e100)
    huge = chart(y=[1e100, -1e100, 1e100], chart="i")
    assert "Centre line 3.33e+99; control limits -4.99e+100 to 5.65e+100." in huge.alt_text()
    tiny = chart(y=[1e-100, 0.0, 2e-100], chart="i")
    assert "Centre line 1e-100;" in tiny.alt_text()


def test_the_edges_of_the_range_are_charted_with_finite_lines():
    # I chart of ±1e100: mean 1e100/3, moving ranges 2e100 twice, sigma 2e100/1.128
    result = run_chart({"y": [1e100, -1e100, 1e100], "chart": "i", "multiply": LARGEST})
    row = result.summary.iloc[0]
    assert row["ucl"] == pytest.approx((1e100 / 3 + 3 * 2e100 / 1.128) * 1e100)
    tiny = run_chart({"y": [1e-100, 0.0, 2e-100], "chart": "i", "rules": ALL_RULES})
    assert tiny.summary.iloc[0]["cl"] == pytest.approx(1e-100)


@pytest.mark.parametrize("n", [None, [], 10.0])
def test_no_values_at_all_is_an_input_error(n):
    kind = "i" if n is None else "p"
    assert one_line(y=[], n=n, chart=kind).startswith("there are no rows to chart")
