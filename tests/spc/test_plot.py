"""Tests for chart drawing, Making Data Count icons and generated alt text.

The results are hand-made stand-ins with the attributes of the result contract
(SPCResult), so that drawing is tested independently of the engine. Expected
line values are hand computations written out here.
"""

from __future__ import annotations

import io
import math
import re
import time
import types

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from academy.errors import InputError
from academy.spc import icons
from academy.spc.plot import (
    LARGE_SERIES,
    _step_xy,
    alt_text,
    plot_chart,
    save_chart,
)

# Worked check (XmR) from /work/shared/reference/measurement-rules.md:
# mean 14.6, average moving range 89/19, limits mean ± 3·AMR/1.128 (unscreened).
XMR_Y = [12, 15, 11, 14, 13, 16, 12, 40, 13, 14, 15, 12, 11, 13, 14, 12, 13, 15, 14, 13]
XMR_CL = 14.6
XMR_UCL = 14.6 + 3 * (89 / 19) / 1.128  # 27.0580
XMR_LCL = 14.6 - 3 * (89 / 19) / 1.128  # 2.1420

# Worked check (p chart): p̄ = 175/1320, limits p̄ ± 3·√(p̄(1−p̄)/nᵢ).
P_Y = np.array([12, 15, 9, 20, 11, 14, 30, 10, 13, 12, 16, 9])
P_N = np.array([100, 120, 80, 150, 90, 110, 130, 95, 105, 100, 140, 70])
P_BAR = 175 / 1320
P_SE = np.sqrt(P_BAR * (1 - P_BAR) / P_N)


def stand_in(
    y,
    *,
    chart="i",
    x=None,
    n=None,
    part=1,
    baseline=True,
    include=True,
    cl=np.nan,
    lcl=np.nan,
    ucl=np.nan,
    lcl2=np.nan,
    ucl2=np.nan,
    sigma=False,
    runs=False,
    target=np.nan,
    notes="",
    mdc=None,
    icons_=None,
    improvement=None,
    title=None,
    ylab=None,
    findings=None,
):
    """A stand-in SPCResult with the contract's attributes and a hand-built points table."""
    y = np.asarray(y, dtype=float)
    size = len(y)

    def column(value, dtype):
        return np.broadcast_to(np.asarray(value), (size,)).astype(dtype)

    points = pd.DataFrame(
        {
            "x": np.arange(1, size + 1) if x is None else x,
            "y": y,
            "n": column(np.nan if n is None else n, float),
            "part": column(part, int),
            "baseline": column(baseline, bool),
            "include": column(include, bool),
            "cl": column(cl, float),
            "lcl": column(lcl, float),
            "ucl": column(ucl, float),
            "lcl2": column(lcl2, float),
            "ucl2": column(ucl2, float),
            "lcl1": np.nan,
            "ucl1": np.nan,
            "sigma_signal": column(sigma, bool),
            "runs_signal": column(runs, bool),
            "target": column(target, float),
            "notes": column(notes, object),
        }
    )
    if mdc is not None:
        points["mdc_point_type"] = mdc
    summary = points.groupby("part", as_index=False).agg(
        n_points=("y", "size"),
        cl=("cl", "first"),
        lcl=("lcl", "last"),
        ucl=("ucl", "last"),
        runs_signal=("runs_signal", "any"),
        sigma_signals=("sigma_signal", "sum"),
    )
    for key, value in (icons_ or {}).items():
        summary[key] = value
    return types.SimpleNamespace(
        chart=chart,
        title=title,
        ylab=ylab,
        xlab=None,
        multiply=1.0,
        improvement=improvement,
        target=None,
        rules=("anhoej",),
        points=points,
        summary=summary,
        findings=findings or [],
    )


def xmr(**kw):
    """The XmR worked example with point 8 (value 40) beyond the upper limit."""
    sigma = np.zeros(20, dtype=bool)
    sigma[7] = True
    kw = {"cl": XMR_CL, "lcl": XMR_LCL, "ucl": XMR_UCL, "sigma": sigma} | kw
    return stand_in(XMR_Y, **kw)


def p_chart(**kw):
    """The p-chart worked example (limits vary with n); point 7 above its UCL."""
    p = P_Y / P_N
    kw = {
        "chart": "p",
        "n": P_N,
        "cl": P_BAR,
        "lcl": np.maximum(0, P_BAR - 3 * P_SE),
        "ucl": P_BAR + 3 * P_SE,
        "sigma": p > P_BAR + 3 * P_SE,
    } | kw
    return stand_in(p, **kw)


def new_axes():
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def by_gid(ax, gid):
    return [a for a in ax.get_children() if a.get_gid() == gid]


def one(ax, gid):
    found = by_gid(ax, gid)
    assert len(found) == 1, f"{gid}: {len(found)} artists"
    return found[0]


def svg_dash_patterns(ax):
    """Dash pattern of each ``spc-*`` line as written to SVG, divided by its line width."""
    out = io.StringIO()
    ax.figure.savefig(out, format="svg")
    patterns = {}
    for gid, style in re.findall(
        r'<g id="(spc-[\w-]+)">\s*<path[^>]*style="([^"]*)"', out.getvalue()
    ):
        props = dict(item.split(": ") for item in style.split("; "))
        width = float(props.get("stroke-width", 1))
        dash = props.get("stroke-dasharray", "")
        pattern = tuple(round(float(d) / width, 2) for d in dash.split(",")) if dash else ()
        patterns.setdefault(gid, pattern)
    return patterns


def legend_labels(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def texts(ax):
    return [t.get_text() for t in ax.texts]


# ----------------------------------------------------------------------- chart kinds


def test_run_chart_with_nan_limits_draws_median_and_no_limits():
    rng = np.random.default_rng(1)
    result = stand_in(rng.normal(10, 2, 24), chart="run", cl=10.0)
    ax = plot_chart(result, new_axes())
    assert one(ax, "spc-cl").get_ydata().tolist() == [10.0, 10.0]  # one merged segment
    assert not by_gid(ax, "spc-ucl") and not by_gid(ax, "spc-lcl")
    assert legend_labels(ax) == ["Data", "Centre line (median)"]
    assert ax.get_title(loc="left") == "Run chart"


def test_i_chart_lines_sit_at_the_worked_example_values():
    ax = plot_chart(
        xmr(lcl2=14.6 - 2 * (89 / 19) / 1.128, ucl2=14.6 + 2 * (89 / 19) / 1.128),
        new_axes(),
        show_2sigma=True,
    )
    assert one(ax, "spc-cl").get_ydata() == pytest.approx([14.6, 14.6])
    assert one(ax, "spc-ucl").get_ydata() == pytest.approx([27.0580, 27.0580], abs=1e-4)
    assert one(ax, "spc-lcl").get_ydata() == pytest.approx([2.1420, 2.1420], abs=1e-4)
    assert one(ax, "spc-ucl2").get_ydata()[0] == pytest.approx(14.6 + 2 * 89 / 19 / 1.128)
    # lines span the points plus half a step on each side: x from 0.5 to 20.5
    assert one(ax, "spc-cl").get_xdata().tolist() == [0.5, 20.5]
    sigma = one(ax, "spc-sigma")
    assert sigma.get_xdata().tolist() == [8] and sigma.get_ydata().tolist() == [40]
    assert "Outside control limits" in legend_labels(ax)


def test_two_sigma_lines_only_when_asked():
    ax = plot_chart(xmr(lcl2=5.0, ucl2=24.0), new_axes())
    assert not by_gid(ax, "spc-ucl2")
    assert "2σ lines" not in legend_labels(ax)


def test_p_chart_limits_are_steps_at_each_points_own_limit():
    ax = plot_chart(p_chart(), new_axes())
    ucl = one(ax, "spc-ucl")
    # every point's limit appears as a horizontal step centred on the point
    expected = P_BAR + 3 * P_SE
    assert ucl.get_ydata()[::2] == pytest.approx(expected)
    assert ucl.get_ydata()[1::2] == pytest.approx(expected)
    # step edges half-way between points: point 1 spans 0.5..1.5, point 12 spans 11.5..12.5
    assert ucl.get_xdata()[:2].tolist() == [0.5, 1.5]
    assert ucl.get_xdata()[-2:].tolist() == [11.5, 12.5]
    # point 1: p̄ = 175/1320 = 0.1325758; 3·√(0.1325758·0.8674242/100) = 0.1017347,
    # so 0.0308411 .. 0.2343105 (the shared notes' 0.030829 .. 0.234287 come from p̄
    # mistyped as 0.132558)
    assert one(ax, "spc-lcl").get_ydata()[0] == pytest.approx(0.0308411, abs=1e-7)
    assert ucl.get_ydata()[0] == pytest.approx(0.2343105, abs=1e-7)
    # point 7: 30/130 = 0.230769 above its UCL 0.1325758 + 3·√(0.1325758·0.8674242/130) = 0.221803
    assert ucl.get_ydata()[12] == pytest.approx(0.221803, abs=1e-6)
    assert one(ax, "spc-sigma").get_xdata().tolist() == [7]


def test_phases_have_separator_labels_and_separate_lines():
    part = np.r_[np.ones(6, int), np.full(6, 2)]
    ax = plot_chart(p_chart(part=part), new_axes())
    separator = one(ax, "spc-separator")
    assert separator.get_xdata()[0] == pytest.approx(6.5)  # between points 6 and 7
    assert "Phase 1" in texts(ax) and "Phase 2" in texts(ax)
    assert len(by_gid(ax, "spc-cl")) == 2 and len(by_gid(ax, "spc-ucl")) == 2
    data = one(ax, "spc-data").get_ydata()
    assert len(data) == 13 and np.isnan(data[6])  # the data line breaks between phases


def test_single_phase_has_no_separator_or_phase_label():
    ax = plot_chart(xmr(), new_axes())
    assert not by_gid(ax, "spc-separator")
    assert not any(t.startswith("Phase") for t in texts(ax))


def test_single_point_phase_still_gets_a_visible_line():
    ax = plot_chart(xmr(part=np.r_[np.ones(19, int), 2]), new_axes())
    last = by_gid(ax, "spc-cl")[-1]
    assert np.ptp(last.get_xdata()) > 0


def test_runs_signal_phase_has_dash_dot_coloured_centre_line():
    part = np.r_[np.ones(6, int), np.full(6, 2)]
    ax = plot_chart(p_chart(part=part, runs=part == 2), new_axes())
    normal, runs = one(ax, "spc-cl"), one(ax, "spc-cl-runs")
    assert runs.get_linestyle() == "-." and normal.get_linestyle() == "-"
    assert to_rgba(runs.get_color()) != to_rgba(normal.get_color())
    assert runs.get_xdata()[0] == pytest.approx(6.5)  # phase 2 only
    assert "Unusual run (Anhøj rules)" in legend_labels(ax)


def test_frozen_baseline_is_shaded_and_labelled_with_lines_extended():
    rng = np.random.default_rng(2)
    baseline = np.arange(24) < 12
    ax = plot_chart(
        stand_in(rng.normal(10, 1, 24), cl=10.0, lcl=7.0, ucl=13.0, baseline=baseline), new_axes()
    )
    band = one(ax, "spc-baseline")
    assert band.get_x() == pytest.approx(0.5)  # from half a step before point 1
    assert band.get_x() + band.get_width() == pytest.approx(12.5)  # to between points 12 and 13
    assert "Baseline" in texts(ax)
    assert "Baseline (limits frozen)" in legend_labels(ax)
    assert one(ax, "spc-ucl").get_xdata().tolist() == [0.5, 24.5]  # beyond the baseline


def test_no_baseline_band_without_freeze():
    ax = plot_chart(xmr(), new_axes())
    assert not by_gid(ax, "spc-baseline") and "Baseline" not in texts(ax)


def test_excluded_points_are_hollow_and_not_filled_by_the_data_line():
    include = np.ones(20, dtype=bool)
    include[3] = False
    ax = plot_chart(xmr(include=include), new_axes())
    excluded = one(ax, "spc-excluded")
    assert excluded.get_xdata().tolist() == [4]
    assert excluded.get_markerfacecolor() == "none"
    assert excluded.get_marker() == one(ax, "spc-data").get_marker() == "o"
    assert one(ax, "spc-data").get_markevery()[3] is np.False_
    assert "Excluded" in legend_labels(ax)


def test_missing_values_leave_a_gap():
    y = np.array(XMR_Y, dtype=float)
    y[4] = np.nan
    ax = plot_chart(stand_in(y, cl=14.0), new_axes())
    assert np.isnan(one(ax, "spc-data").get_ydata()[4])


def test_target_has_its_own_line_and_label():
    ax = plot_chart(xmr(target=20.0), new_axes())
    target = one(ax, "spc-target")
    assert target.get_ydata().tolist() == [20.0, 20.0]
    assert "Target" in legend_labels(ax)
    assert "Target" in texts(ax)


def test_scalar_target_of_the_result_is_used_when_points_have_none():
    result = xmr()
    result.target = 18.0
    assert one(plot_chart(result, new_axes()), "spc-target").get_ydata()[0] == 18.0


def test_notes_are_annotated_short_with_an_arrow():
    notes = [""] * 20
    notes[2] = "New triage protocol started on the admissions ward"
    ax = plot_chart(xmr(notes=notes), new_axes())
    (note,) = by_gid(ax, "spc-note")
    assert note.get_text() == "New triage protocol started o…"  # 29 characters and an ellipsis
    assert note.xy == (3, 11.0) and note.arrow_patch is not None


@pytest.mark.parametrize("dtype", ["string", "category", "object"])
def test_notes_with_missing_values_in_any_column_type(dtype):
    result = xmr()
    result.points["notes"] = pd.Series([""] * 18 + [None, "  Audit  "], dtype=dtype)
    assert result.points["notes"].isna().sum() == 1
    ax = plot_chart(result, new_axes())
    (note,) = by_gid(ax, "spc-note")
    assert note.get_text() == "Audit" and note.xy == (20, 13.0)


def test_mdc_point_types_and_icons():
    mdc = np.array(["common_cause"] * 20, dtype=object)
    mdc[15:] = "special_cause_improvement"
    mdc[2] = "special_cause_concern"
    mdc[5] = "special_cause_neutral_high"
    result = xmr(
        mdc=mdc,
        improvement="higher",
        target=13.0,
        icons_={
            "mdc_variation_icon": "special_cause_improvement",
            "mdc_assurance_icon": "inconsistent",
        },
    )
    ax = plot_chart(result, new_axes())
    improvement = one(ax, "spc-improvement")
    assert improvement.get_marker() == "^"
    assert improvement.get_xdata().tolist() == [16, 17, 18, 19, 20]
    assert one(ax, "spc-concern").get_marker() == "s"
    assert one(ax, "spc-neutral").get_marker() == "h"
    (inset,) = ax.child_axes
    words = [t.get_text() for t in inset.texts]
    assert {"H", "?", "Improvement\n(high)", "Hit and\nmiss"} <= set(words)
    assert ax.get_legend() is not None


def test_improvement_markers_point_down_when_lower_is_better():
    mdc = np.array(["common_cause"] * 20, dtype=object)
    mdc[10] = "special_cause_improvement"
    ax = plot_chart(xmr(mdc=mdc, improvement="lower"), new_axes())
    assert one(ax, "spc-improvement").get_marker() == "v"


def test_no_icons_without_mdc_columns_or_when_switched_off():
    assert not plot_chart(xmr(), new_axes()).child_axes
    result = xmr(icons_={"mdc_variation_icon": "common_cause", "mdc_assurance_icon": None})
    assert not plot_chart(result, new_axes(), show_icons=False).child_axes
    (inset,) = plot_chart(result, new_axes()).child_axes
    assert [t.get_text() for t in inset.texts] == ["Common\ncause"]


def test_annotate_signals_false_draws_every_point_alike():
    mdc = np.array(["special_cause_concern"] * 20, dtype=object)
    ax = plot_chart(xmr(runs=True, mdc=mdc), new_axes(), annotate_signals=False)
    for gid in ("spc-sigma", "spc-cl-runs", "spc-concern"):
        assert not by_gid(ax, gid)


# ----------------------------------------------------------- greyscale and accessibility


def test_every_encoding_differs_in_shape_or_line_style_not_only_colour():
    mdc = np.array(["common_cause"] * 20, dtype=object)
    mdc[[1, 2, 3]] = [
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_low",
    ]
    include = np.ones(20, dtype=bool)
    include[10] = False
    part = np.r_[np.ones(10, int), np.full(10, 2)]
    result = xmr(
        mdc=mdc,
        include=include,
        part=part,
        runs=part == 2,
        target=20.0,
        lcl2=6.0,
        ucl2=23.0,
        improvement="higher",
    )
    ax = plot_chart(result, new_axes(), show_2sigma=True)

    data = one(ax, "spc-data")
    markers = {
        gid: one(ax, gid) for gid in ("spc-sigma", "spc-improvement", "spc-concern", "spc-neutral")
    }
    shapes = [m.get_marker() for m in markers.values()]
    assert data.get_marker() not in shapes
    assert len(set(shapes)) == len(shapes)
    # the excluded point is told apart by its hollow fill
    assert one(ax, "spc-excluded").get_markerfacecolor() == "none"
    assert to_rgba(data.get_markerfacecolor())[3] == 1

    # line styles as rendered: the dash pattern of each line in the SVG output, in units
    # of its line width (solid = no pattern)
    dashes = svg_dash_patterns(ax)
    lines = ("spc-cl", "spc-cl-runs", "spc-ucl", "spc-ucl2", "spc-target")
    patterns = [dashes[gid] for gid in lines]
    assert len(set(patterns)) == len(patterns), dict(zip(lines, patterns, strict=True))
    assert dashes["spc-cl"] == () and dashes["spc-ucl"] == dashes["spc-lcl"]
    assert by_gid(ax, "spc-separator")[0].get_linestyle() == "-"  # vertical, labelled


def test_all_text_is_at_least_9_points():
    result = xmr(
        notes=["", "a note"] + [""] * 18,
        target=20.0,
        part=np.r_[[1] * 10, [2] * 10],
        icons_={
            "mdc_variation_icon": "special_cause_concern",
            "mdc_assurance_icon": "consistent_fail",
        },
        improvement="lower",
    )
    ax = plot_chart(result, new_axes())
    ax.figure.canvas.draw()
    sizes = [t.get_fontsize() for t in ax.figure.findobj(Text) if t.get_text().strip()]
    assert sizes and min(sizes) >= 9


def test_leaves_global_state_alone():
    before_rc = dict(matplotlib.rcParams)
    before_figs = plt.get_fignums()
    plot_chart(xmr(), new_axes())
    assert plt.get_fignums() == before_figs
    assert dict(matplotlib.rcParams) == before_rc


def test_without_ax_a_pyplot_figure_of_the_given_size_is_made():
    ax = plot_chart(xmr(), figsize=(6, 3))
    try:
        assert tuple(ax.figure.get_size_inches()) == (6, 3)
        assert ax.figure.number in plt.get_fignums()
    finally:
        plt.close(ax.figure)


# -------------------------------------------------------------------------- x axis


def test_dates_use_concise_date_formatter():
    ax = plot_chart(xmr(x=pd.date_range("2024-01-01", periods=20, freq="MS")), new_axes())
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert isinstance(ax.xaxis.get_major_locator(), mdates.AutoDateLocator)
    assert one(ax, "spc-data").get_xdata()[0] == mdates.date2num(np.datetime64("2024-01-01"))


def test_time_zone_aware_and_period_dates_are_accepted():
    tz = pd.date_range("2024-01-01", periods=20, freq="D", tz="Europe/London")
    ax = plot_chart(xmr(x=tz), new_axes())
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    periods = pd.period_range("2024-01", periods=20, freq="M")
    ax = plot_chart(xmr(x=periods), new_axes())
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)


def test_categories_are_rotated_and_thinned():
    y = np.arange(100.0)
    labels = [f"Week {i}" for i in range(1, 101)]
    ax = plot_chart(stand_in(y, chart="run", x=labels, cl=49.5), new_axes())
    ticks = ax.get_xticklabels()
    # 100 labels, at most 20 shown: every ceil(100/20) = 5th
    assert [t.get_text() for t in ticks[:3]] == ["Week 1", "Week 6", "Week 11"]
    assert len(ticks) == 20 and ticks[0].get_rotation() == 45


def test_twenty_categories_are_all_labelled():
    labels = [f"Q{i % 4 + 1} {2020 + i // 4}" for i in range(20)]
    ax = plot_chart(xmr(x=labels), new_axes())
    assert len(ax.get_xticklabels()) == 20


# ---------------------------------------------------------------------- large series


@pytest.mark.parametrize(("size", "marker"), [(LARGE_SERIES, "o"), (LARGE_SERIES + 1, "None")])
def test_markers_dropped_above_the_large_series_threshold(size, marker):
    y = np.random.default_rng(3).normal(size=size)
    ax = plot_chart(stand_in(y, chart="run", cl=0.0), new_axes())
    assert one(ax, "spc-data").get_marker() == marker


def test_large_series_draws_quickly():
    size = 200_000
    y = np.random.default_rng(4).normal(10, 1, size)
    result = stand_in(
        y,
        x=pd.date_range("2000-01-01", periods=size, freq="h"),
        cl=10.0,
        lcl=7.0,
        ucl=13.0,
        sigma=(y > 13) | (y < 7),
        notes="",
    )
    start = time.perf_counter()
    ax = plot_chart(result, new_axes())
    ax.figure.canvas.draw()
    alt_text(result)
    assert time.perf_counter() - start < 5.0
    # constant limits are merged into one segment whatever the number of points
    assert len(one(ax, "spc-ucl").get_xdata()) == 2


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([1.0, 2.0, np.nan]), min_size=1, max_size=30))
def test_step_line_gives_each_point_its_own_value(values):
    """Invariant: at every point's x, the step line has that point's value."""
    v = np.array(values)
    x = np.cumsum(np.r_[1.0, np.arange(1, len(v)) % 3 + 1.0])  # uneven spacing
    xs, ys = _step_xy(x, v, half=0.5)
    for xi, vi in zip(x, v, strict=True):
        inside = np.flatnonzero((xs[::2] <= xi) & (xi < xs[1::2]))
        assert len(inside) == 1
        got = ys[2 * inside[0]]
        assert (np.isnan(got) and np.isnan(vi)) or got == vi


# ---------------------------------------------------------------------------- saving


@pytest.mark.parametrize("suffix", [".png", ".svg", ".PNG"])
def test_save_chart_writes_png_and_svg(tmp_path, suffix):
    before = plt.get_fignums()
    path = save_chart(
        xmr(ylab="Waiting time (minutes)"), tmp_path / f"chart{suffix}", figsize=(6, 3)
    )
    assert path.exists() and path.stat().st_size > 1000
    head = path.read_bytes()[:400]
    if suffix.lower() == ".png":
        assert head.startswith(b"\x89PNG")
        assert b"Description" in path.read_bytes()  # alt text in the metadata
    else:
        text = path.read_text()
        assert "<svg" in text and "20 points in 1 phase" in text
    assert plt.get_fignums() == before


@pytest.mark.parametrize("name", ["chart.pdf", "chart", "chart.jpg"])
def test_save_chart_rejects_other_formats(tmp_path, name):
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        save_chart(xmr(), tmp_path / name)


def test_save_chart_missing_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        save_chart(xmr(), tmp_path / "nowhere" / "chart.png")


def test_bad_results_are_explained():
    with pytest.raises(InputError, match="points table"):
        plot_chart(types.SimpleNamespace(points=None), new_axes())
    result = xmr()
    result.points = result.points.drop(columns=["cl"])
    with pytest.raises(InputError, match="cl"):
        plot_chart(result, new_axes())
    result.points = xmr().points.iloc[:0]
    with pytest.raises(InputError, match="no points"):
        alt_text(result)


# -------------------------------------------------------------------------- alt text


def test_alt_text_of_the_worked_i_chart():
    result = xmr(
        x=pd.date_range("2024-01-01", periods=20, freq="MS"), ylab="waiting time (minutes)"
    )
    # limits 14.6 ± 3·(89/19)/1.128 = 2.1420 .. 27.0580, to 3 significant figures
    assert alt_text(result) == (
        "Individuals (I) chart of waiting time (minutes) from 1 Jan 2024 to 1 Aug 2025: "
        "20 points in 1 phase. Centre line 14.6; control limits 2.14 to 27.1. "
        "Signals: point 8 outside the control limits."
    )


def test_alt_text_without_signals_says_so():
    result = stand_in([3, 5, 4, 6, 5, 4], chart="run", cl=4.5)
    assert alt_text(result) == (
        "Run chart from 1 to 6: 6 points in 1 phase. Median 4.5. No signals were found."
    )


def test_alt_text_p_chart_with_phases_runs_excluded_and_varying_limits():
    part = np.r_[np.ones(6, int), np.full(6, 2)]
    result = p_chart(
        part=part, runs=part == 2, include=np.arange(12) != 3, x=[f"Week {i}" for i in range(1, 13)]
    )
    text = alt_text(result)
    # last point: 0.1325758 ± 3·√(0.1325758·0.8674242/70) = 0.01098 .. 0.2542
    assert "Proportion (P) chart from Week 1 to Week 12: 12 points in 2 phases." in text
    assert "Centre line 0.133 in phase 1 and 0.133 in phase 2" in text
    assert "last-phase control limits 0.011 to 0.254 at the last point" in text
    assert "1 point excluded from calculations." in text
    assert text.endswith(
        "Signals: point 7 outside the control limits; an unusual run (Anhøj rules) in phase 2."
    )


def test_alt_text_lists_points_and_shortens_long_lists():
    sigma = np.zeros(20, dtype=bool)
    sigma[[7, 14]] = True
    assert "points 8 and 15 outside the control limits" in alt_text(xmr(sigma=sigma))
    sigma[[1, 3, 5, 9]] = True
    assert "6 points outside the control limits (points 2, 4, 6, 8 and 2 more)" in alt_text(
        xmr(sigma=sigma)
    )


def test_alt_text_mentions_baseline_target_icons_and_other_rules():
    mdc = np.array(["common_cause"] * 20, dtype=object)
    mdc[7] = "special_cause_concern"
    findings = [
        {
            "part": 1,
            "rule_set": "ihi",
            "rule": "ihi_shift",
            "label": "Shift",
            "points": [1, 2, 3, 4, 5, 6],
            "x_first": 1,
            "x_last": 6,
            "detail": "",
            "source": "Perla 2011",
        }
    ]
    result = xmr(
        baseline=np.arange(20) < 12,
        target=13.0,
        mdc=mdc,
        improvement="lower",
        findings=findings,
        icons_={
            "mdc_variation_icon": "special_cause_concern",
            "mdc_assurance_icon": "consistent_fail",
        },
    )
    text = alt_text(result)
    assert "Baseline: first 12 points." in text
    assert "Target 13." in text
    assert "Making Data Count icons: concern (high), consistently fail." in text
    assert "special cause at 1 point (1 concern)" in text
    assert "other rules: Shift (IHI)" in text
    assert len(text.split()) <= 80


def test_alt_text_many_phases_stays_short():
    part = np.repeat([1, 2, 3, 4], 5)
    runs = part >= 2
    text = alt_text(xmr(part=part, runs=runs))
    assert "Centre line 14.6 in the last phase" in text
    assert "an unusual run (Anhøj rules) in phases 2, 3 and 4" in text
    assert len(text.split()) <= 80


def test_alt_text_large_numbers_and_default_names():
    result = stand_in([1234.5, 2000, 1500], chart="c", cl=1578.2, lcl=1459.0, ucl=1697.4)
    assert "Count (C) chart from 1 to 3" in alt_text(result)
    assert "Centre line 1,578; control limits 1,459 to 1,697." in alt_text(result)


# ------------------------------------------------------------------------------ icons


@pytest.mark.parametrize(
    ("value", "improvement", "expected"),
    [
        ("common_cause", "higher", ("common", None)),
        ("special_cause_improvement", "higher", ("improvement", "high")),
        ("special_cause_improvement", "lower", ("improvement", "low")),
        ("special_cause_concern", "higher", ("concern", "low")),
        ("special_cause_concern", "lower", ("concern", "high")),
        ("special_cause_neutral_high", None, ("neutral", "high")),
        ("neutral_low", None, ("neutral", "low")),
        ("improvement_high", None, ("improvement", "high")),
        (None, "higher", None),
        (math.nan, "higher", None),
        (pd.NA, "higher", None),
    ],
)
def test_variation_kind_follows_nhsr_icon_choice(value, improvement, expected):
    """As NHSRplotthedots' geom_ptd_icon: a concern is low when higher is better, and v.v."""
    assert icons.variation_kind(value, improvement) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("consistent_pass", "pass"),
        ("consistent_fail", "fail"),
        ("inconsistent", "hit_and_miss"),
        ("?", "hit_and_miss"),
        ("", None),
        (None, None),
    ],
)
def test_assurance_kind(value, expected):
    assert icons.assurance_kind(value) == expected


def test_unknown_icons_raise_input_error():
    with pytest.raises(InputError, match="variation icon"):
        icons.variation_kind("special_cause_wonderful", "higher")
    with pytest.raises(InputError, match="assurance icon"):
        icons.assurance_kind("maybe")


def test_icon_letters_and_labels_read_without_colour():
    ax = new_axes()
    icons.draw_variation_icon(ax, (0, 0), "improvement", "low")
    icons.draw_assurance_icon(ax, (3, 0), "pass")
    words = [t.get_text() for t in ax.texts]
    assert words == ["L", "Improvement\n(low)", "P", "Consistently\npass"]
