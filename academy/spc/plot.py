"""Drawing of run and control charts, and generated alt text.

The layout follows qicharts2 0.8.1 (Anhøj, ``R/qic.plot.R``): data line with
points, centre line per phase, control limits per phase, a centre line drawn
differently when the Anhøj runs rules signal, points outside the limits marked,
and a separator between phases. Making Data Count charts add point colours and
the variation and assurance icons (NHS England and NHS Improvement, *Making Data
Count*, 2019; see :mod:`academy.spc.icons`).

Accessibility is part of the design: no meaning is carried by colour alone.
Every signal has its own marker shape or line style (checked by the tests on
the artists' properties), the colours are the Okabe–Ito palette (Okabe & Ito
2008, *Color Universal Design*), text is at least 9 pt, and :func:`alt_text`
describes the chart in words for the figure's alternative text.

Only the object-oriented matplotlib API is used; global ``rcParams`` are never
changed. :func:`plot_chart` without ``ax`` creates its figure with
``matplotlib.pyplot.subplots`` (so that notebooks display it); :func:`save_chart`
uses a bare :class:`matplotlib.figure.Figure`, which needs no closing.
"""

from __future__ import annotations

import io
import math
import os
import pathlib
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from academy.date_axis import date_axis
from academy.errors import InputError
from academy.files import write_file
from academy.i18n import join_and, t
from academy.spc.icons import (
    ICON_GAP,
    MDC_COLOURS,
    OKABE_ITO,
    add_mdc_icons,
    assurance_kind,
    assurance_label,
    corner_transform,
    variation_kind,
    variation_label,
)

#: Above this many points the data line is drawn without per-point markers.
LARGE_SERIES = 5000
#: At most this many category labels are written on the x axis (thinned evenly).
MAX_CATEGORY_TICKS = 20
#: Notes are shortened to this many characters on the chart.
NOTE_CHARS = 30

FONT = 9
TITLE_FONT = 12
LABEL_FONT = 10

#: Drawing style of every element. Line styles and marker shapes differ between
#: normal and signal elements so that the chart reads in greyscale.
STYLE: dict[str, dict[str, Any]] = {
    "data": {"color": "#555555", "lw": 1.2, "marker": "o", "ms": 3.5, "label": "Data"},
    "excluded": {
        "marker": "o",
        "ms": 6,
        "mfc": "none",
        "mec": "#555555",
        "mew": 1.2,
        "label": "Excluded",
    },
    "cl": {"color": "#000000", "ls": "-", "lw": 1.3},
    "cl_runs": {
        "color": OKABE_ITO["vermillion"],
        "ls": "-.",
        "lw": 1.8,
        "label": "Unusual run (Anhøj rules)",
    },
    "limits": {"color": "#333333", "ls": "--", "lw": 1.0, "label": "Control limits (3σ)"},
    "limits2": {"color": "#777777", "ls": ":", "lw": 1.0, "label": "2σ lines"},
    "target": {
        "color": OKABE_ITO["bluish_green"],
        "ls": (0, (10, 3)),  # long dashes, unlike the short dashes of the limits
        "lw": 1.5,
        "label": "Target",
    },
    "sigma": {
        "marker": "D",
        "ms": 8,
        "color": OKABE_ITO["vermillion"],
        "mec": "#1A1A1A",
        "mew": 0.6,
        "label": "Outside control limits",
    },
    "improvement": {
        "ms": 9,
        "color": MDC_COLOURS["improvement"],
        "mec": "#1A1A1A",
        "mew": 0.6,
        "label": "Special cause: improvement",
    },
    "concern": {
        "marker": "s",
        "ms": 8,
        "color": MDC_COLOURS["concern"],
        "mec": "#1A1A1A",
        "mew": 0.6,
        "label": "Special cause: concern",
    },
    "neutral": {
        "marker": "h",
        "ms": 9,
        "color": MDC_COLOURS["neutral"],
        "mec": "#1A1A1A",
        "mew": 0.6,
        "label": "Special cause (no direction)",
    },
}

#: Short chart names for the default title, by engine id (result contract).
CHART_NAMES = {
    "run": "Run",
    "i": "I",
    "mr": "MR",
    "xbar": "Xbar",
    "s": "S",
    "p": "P",
    "pp": "P′",
    "u": "U",
    "up": "U′",
    "c": "C",
    "g": "G",
    "t": "T",
    "np": "NP",
    "ip": "I′",
}
#: Plain-language chart names for alt text.
CHART_DESCRIPTIONS = {
    "run": "Run chart",
    "i": "Individuals (I) chart",
    "mr": "Moving range (MR) chart",
    "xbar": "Average (Xbar) chart",
    "s": "Standard deviation (S) chart",
    "p": "Proportion (P) chart",
    "pp": "Laney P′ chart",
    "u": "Rate (U) chart",
    "up": "Laney U′ chart",
    "c": "Count (C) chart",
    "g": "G chart of cases between events",
    "t": "T chart of time between events",
    "np": "Number defective (NP) chart",
    "ip": "I′ (individuals prime) chart",
}
_MEDIAN_CHARTS = ("run", "g")
#: Legend labels of :data:`STYLE` (English) and their keys in academy/i18n/strings/spc.csv:
#: the legend shows them in the language in use when the chart is drawn.
_LEGEND_KEYS = {
    "Data": "spc.legend.data",
    "Excluded": "spc.legend.excluded",
    "Unusual run (Anhøj rules)": "spc.legend.cl_runs",
    "Control limits (3σ)": "spc.legend.limits",
    "2σ lines": "spc.legend.limits2",
    "Target": "spc.legend.target",
    "Outside control limits": "spc.legend.sigma",
    "Special cause: improvement": "spc.legend.improvement",
    "Special cause: concern": "spc.legend.concern",
    "Special cause (no direction)": "spc.legend.neutral",
}
#: Keys of "<n> <noun>" in the singular and the plural.
_COUNT_KEYS = {
    "point": ("spc.count.point_one", "spc.count.point_many"),
    "phase": ("spc.count.phase_one", "spc.count.phase_many"),
    "other place": ("spc.count.other_place_one", "spc.count.other_place_many"),
}
#: Keys of the Making Data Count special-cause kinds in the alt text.
_MDC_KIND_KEYS = {
    "improvement": "spc.alt.mdc_improvement",
    "concern": "spc.alt.mdc_concern",
    "neutral": "spc.alt.mdc_neutral",
}
_REQUIRED = (
    "x",
    "y",
    "part",
    "baseline",
    "include",
    "cl",
    "lcl",
    "ucl",
    "sigma_signal",
    "runs_signal",
)


# --------------------------------------------------------------------------- data


def _points(result: Any) -> pd.DataFrame:
    """Return ``result.points`` after checking it has what drawing needs."""
    pts = getattr(result, "points", None)
    if not isinstance(pts, pd.DataFrame):
        raise InputError(t("spc.error.plot_not_result"))
    missing = [c for c in _REQUIRED if c not in pts.columns]
    if missing:
        raise InputError(t("spc.error.plot_missing_columns", missing=missing))
    if pts.empty:
        raise InputError(t("spc.error.plot_no_points"))
    return pts


def _floats(pts: pd.DataFrame, column: str) -> np.ndarray:
    """A column as a float array (all NaN when the column is absent)."""
    if column not in pts.columns:
        return np.full(len(pts), np.nan)
    return pd.to_numeric(pts[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _flags(pts: pd.DataFrame, column: str) -> np.ndarray:
    """A boolean column as a bool array (missing values are False)."""
    return pts[column].fillna(False).to_numpy(dtype=bool)


def _as_datetimes(x: pd.Series) -> pd.Series | None:
    """The x values as naive datetimes, or None when they are not dates."""
    if isinstance(x.dtype, pd.PeriodDtype):
        return x.dt.to_timestamp()
    if pd.api.types.is_datetime64_any_dtype(x):
        return x.dt.tz_localize(None) if getattr(x.dt, "tz", None) is not None else x
    if x.dtype == object and pd.api.types.infer_dtype(x, skipna=True) in ("date", "datetime"):
        return _as_datetimes(pd.Series(pd.to_datetime(x)))
    return None


def _x_positions(x: pd.Series) -> tuple[np.ndarray, str]:
    """Numeric x positions and the kind of axis: ``date``, ``number`` or ``category``.

    Dates become matplotlib date numbers, numbers stay as they are, anything
    else (labels such as "Q1 2024") is placed at 0, 1, 2, … in the given order.
    """
    dates = _as_datetimes(x)
    if dates is not None:
        return mdates.date2num(dates.to_numpy(dtype="datetime64[ns]")), "date"
    if pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x):
        return x.to_numpy(dtype=float, na_value=np.nan), "number"
    return np.arange(len(x), dtype=float), "category"


def _part_bounds(part: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and stop row of each phase (phases are contiguous, in x order)."""
    breaks = np.flatnonzero(part[1:] != part[:-1]) + 1
    return np.r_[0, breaks], np.r_[breaks, len(part)]


#: Making Data Count point categories, indexed by the codes of :func:`_mdc_categories`.
MDC_CATEGORIES = ("common", "improvement", "concern", "neutral")


def _mdc_categories(pts: pd.DataFrame) -> np.ndarray:
    """Per point, the code of its Making Data Count category (index into MDC_CATEGORIES).

    Point types are NHSRplotthedots 0.2.2's (``ptd_calculate_point_type``):
    common_cause, special_cause_improvement, special_cause_concern,
    special_cause_neutral_high / _low. Each distinct value is classified once.
    """
    if "mdc_point_type" not in pts.columns:
        return np.zeros(len(pts), dtype=np.int8)
    codes, uniques = pd.factorize(pts["mdc_point_type"])
    lookup = np.zeros(len(uniques) + 1, dtype=np.int8)  # last entry: code -1 (missing)
    for j, value in enumerate(uniques):
        text = str(value).lower()
        lookup[j] = next((k for k, c in enumerate(MDC_CATEGORIES) if k and c in text), 0)
    return lookup[codes]


# ------------------------------------------------------------------------ drawing


def _step_xy(x: np.ndarray, v: np.ndarray, half: float) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of a step line: each point's value spans half-way to its neighbours.

    Consecutive equal values are merged, so a constant line is a single segment
    whatever the number of points; NaN values leave gaps.
    """
    n = len(x)
    edges = np.empty(n + 1)
    edges[1:-1] = (x[:-1] + x[1:]) / 2
    edges[0] = x[0] - (edges[1] - x[0] if n > 1 else half)
    edges[-1] = x[-1] + (x[-1] - edges[-2] if n > 1 else half)
    keep = np.flatnonzero(np.r_[True, v[1:] != v[:-1]])
    ends = np.r_[keep[1:], n]
    xs = np.column_stack([edges[keep], edges[ends]]).ravel()
    return xs, np.repeat(v[keep], 2)


def _line(
    ax: Axes, x: np.ndarray, v: np.ndarray, half: float, style: dict[str, Any], gid: str
) -> None:
    """Draw one phase's line as steps when it has any value."""
    if np.isfinite(v).any():
        xs, ys = _step_xy(x, v, half)
        (artist,) = ax.plot(xs, ys, zorder=2, **style)
        artist.set_gid(gid)


def _phase_lines(
    ax: Axes,
    xpos: np.ndarray,
    pts: pd.DataFrame,
    bounds,
    half: float,
    *,
    cl_label: str,
    show_2sigma: bool,
    annotate_signals: bool,
    target: np.ndarray,
) -> None:
    """Centre line, limits, 2σ lines and target, drawn phase by phase."""
    cl, lcl, ucl = (_floats(pts, c) for c in ("cl", "lcl", "ucl"))
    lcl2, ucl2 = _floats(pts, "lcl2"), _floats(pts, "ucl2")
    runs = _flags(pts, "runs_signal")
    for a, b in zip(*bounds, strict=True):
        x = xpos[a:b]
        if annotate_signals and runs[a:b].any():
            _line(ax, x, cl[a:b], half, STYLE["cl_runs"], "spc-cl-runs")
        else:
            _line(ax, x, cl[a:b], half, {**STYLE["cl"], "label": cl_label}, "spc-cl")
        _line(ax, x, lcl[a:b], half, STYLE["limits"], "spc-lcl")
        _line(ax, x, ucl[a:b], half, STYLE["limits"], "spc-ucl")
        if show_2sigma:
            _line(ax, x, lcl2[a:b], half, STYLE["limits2"], "spc-lcl2")
            _line(ax, x, ucl2[a:b], half, STYLE["limits2"], "spc-ucl2")
        _line(ax, x, target[a:b], half, STYLE["target"], "spc-target")
    has_target = np.flatnonzero(np.isfinite(target))
    if has_target.size:
        i = has_target[-1]
        ax.annotate(
            t("spc.legend.target"),
            (xpos[i] + half, target[i]),
            xytext=(0, 2),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=FONT,
            zorder=6,
            gid="spc-target-label",
        )


def _markers(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    mask: np.ndarray,
    style: dict[str, Any],
    gid: str,
    zorder: float = 4,
) -> None:
    """Plot the masked points as markers only (nothing when the mask is empty)."""
    if mask.any():
        (artist,) = ax.plot(x[mask], y[mask], ls="none", zorder=zorder, **style)
        artist.set_gid(gid)


def _data(
    ax: Axes,
    xpos: np.ndarray,
    y: np.ndarray,
    pts: pd.DataFrame,
    bounds,
    *,
    annotate_signals: bool,
    improvement: str | None,
) -> None:
    """Data line (broken between phases and at missing values) and point markers."""
    starts = bounds[0][1:]
    xl, yl = np.insert(xpos, starts, np.nan), np.insert(y, starts, np.nan)
    include = _flags(pts, "include")
    large = len(y) > LARGE_SERIES
    (line,) = ax.plot(
        xl,
        yl,
        zorder=3,
        **{**STYLE["data"], "marker": "None" if large else STYLE["data"]["marker"]},
        # markers on included points only: excluded ones are drawn hollow below
        markevery=None if large else np.insert(include, starts, False),
    )
    line.set_gid("spc-data")
    _markers(ax, xpos, y, ~include, STYLE["excluded"], "spc-excluded")
    if not annotate_signals:
        return
    category = _mdc_categories(pts)
    special = category != 0
    up = improvement != "lower"
    improvement_style = {**STYLE["improvement"], "marker": "^" if up else "v"}
    _markers(ax, xpos, y, category == 1, improvement_style, "spc-improvement", 5)
    _markers(ax, xpos, y, category == 2, STYLE["concern"], "spc-concern", 5)
    _markers(ax, xpos, y, category == 3, STYLE["neutral"], "spc-neutral", 5)
    sigma = _flags(pts, "sigma_signal") & include & ~special
    _markers(ax, xpos, y, sigma, STYLE["sigma"], "spc-sigma", 5)


def _phases_and_baseline(
    ax: Axes, xpos: np.ndarray, pts: pd.DataFrame, bounds, half: float
) -> None:
    """Vertical separators with "Phase k" labels, and the shaded frozen baseline."""
    top = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    label = {"textcoords": "offset points", "xycoords": top, "ha": "left", "va": "top"}
    label |= {"fontsize": FONT, "zorder": 6}
    starts, stops = bounds
    edge = np.r_[xpos[0] - half, (xpos[starts[1:] - 1] + xpos[starts[1:]]) / 2]
    part = pts["part"].to_numpy()
    baseline = _flags(pts, "baseline")
    box = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8}
    if len(starts) > 1:
        for i, (a, left) in enumerate(zip(starts, edge, strict=True)):
            if i:
                ax.axvline(left, color="#444444", lw=1.0, ls="-", zorder=1, gid="spc-separator")
            ax.annotate(
                t("spc.plot.phase", part=part[a]), (left, 1.0), xytext=(4, -3), bbox=box, **label
            )
    for a, b in zip(starts, stops, strict=True):
        base = baseline[a:b]
        if base.any() and not base.all():
            last = a + int(np.flatnonzero(base)[-1])
            right = (xpos[last] + xpos[last + 1]) / 2 if last + 1 < b else xpos[last] + half
            left = xpos[a] - half if a == 0 else (xpos[a - 1] + xpos[a]) / 2
            ax.axvspan(
                left,
                right,
                color="#E0E0E0",
                alpha=0.6,
                lw=0,
                zorder=0,
                label=t("spc.legend.baseline"),
                gid="spc-baseline",
            )
            below = -3 if len(starts) == 1 else -20  # under the "Phase k" label
            ax.annotate(t("spc.plot.baseline"), (left, 1.0), xytext=(4, below), bbox=box, **label)


def _notes(ax: Axes, xpos: np.ndarray, y: np.ndarray, pts: pd.DataFrame) -> None:
    """Annotate points that carry a note, with a short text and an arrow."""
    if "notes" not in pts.columns:
        return
    values = pts["notes"].to_numpy(dtype=object)
    candidates = np.flatnonzero(pts["notes"].notna().to_numpy(dtype=bool))
    candidates = candidates[np.asarray(values[candidates] != "", dtype=bool)]  # most are empty
    text = pd.Series(values[candidates], dtype="string").str.strip()
    keep = (text != "").to_numpy(dtype=bool)
    rows, text = candidates[keep], text[keep]
    cl = _floats(pts, "cl")
    finite = y[np.isfinite(y)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    xmiddle = (np.nanmin(xpos) + np.nanmax(xpos)) / 2
    for k, (i, note) in enumerate(zip(rows, text, strict=True)):
        yi = y[i] if np.isfinite(y[i]) else cl[i]
        if not np.isfinite(yi):
            continue
        short = note if len(note) <= NOTE_CHARS else note[: NOTE_CHARS - 1].rstrip() + "…"
        # place the note away from the nearer edges, diagonally so the data line stays visible
        up = -1 if yi > middle else 1
        right = -1 if xpos[i] > xmiddle else 1
        ax.annotate(
            short,
            xy=(xpos[i], yi),
            xytext=(right * 14, up * (26 + 14 * (k % 2))),
            textcoords="offset points",
            ha="left" if right > 0 else "right",
            va="bottom" if up > 0 else "top",
            fontsize=FONT,
            zorder=7,
            gid="spc-note",
            arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 0.9, "shrinkB": 6},
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "alpha": 0.9},
        )


def _x_axis(ax: Axes, xpos: np.ndarray, kind: str, x: pd.Series) -> None:
    """Readable x ticks: concise dates, integer numbers, or thinned rotated labels."""
    if kind == "date":
        date_axis(ax)
    elif kind == "category":
        step = max(1, math.ceil(len(xpos) / MAX_CATEGORY_TICKS))
        ax.set_xticks(
            xpos[::step],
            x.astype(str).to_numpy()[::step],
            rotation=45,
            ha="right",
            rotation_mode="anchor",
        )
    elif np.all(np.isfinite(xpos)) and np.all(xpos == np.round(xpos)):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _legend(ax: Axes, below: float) -> None:
    """Legend right of the data area, ``below`` inches under its top; one entry per label."""
    handles, labels = ax.get_legend_handles_labels()
    labels = [t(_LEGEND_KEYS[label]) if label in _LEGEND_KEYS else label for label in labels]
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(
        unique.values(),
        unique.keys(),
        loc="upper left",
        bbox_to_anchor=(ICON_GAP, -below),
        bbox_transform=corner_transform(ax),
        borderaxespad=0.0,
        fontsize=FONT,
        framealpha=0.9,
    )


def _target(result: Any, pts: pd.DataFrame) -> np.ndarray:
    """Per-point target: the points' target column, else the result's scalar target."""
    values = _floats(pts, "target")
    scalar = getattr(result, "target", None)
    if not np.isfinite(values).any() and scalar is not None and np.isfinite(float(scalar)):
        values = np.full(len(pts), float(scalar))
    return values


def _last_summary(result: Any, column: str) -> object:
    summary = getattr(result, "summary", None)
    if not isinstance(summary, pd.DataFrame) or column not in summary.columns or summary.empty:
        return None
    return summary[column].iloc[-1]


def default_title(result: Any) -> str:
    """The chart's title, or ``"<Chart name> chart"`` when it has none."""
    title = getattr(result, "title", None)
    if title:
        return str(title)
    chart = str(getattr(result, "chart", ""))
    if chart in CHART_NAMES:
        return t(f"spc.title.{chart}")
    return t("spc.plot.chart", name=chart.upper())


def plot_chart(
    result: Any,
    ax: Axes | None = None,
    *,
    show_2sigma: bool = False,
    annotate_signals: bool = True,
    show_icons: bool = True,
    figsize: tuple[float, float] = (9, 4.5),
) -> Axes:
    """Draw a run or control chart from an SPC result.

    Encodings (each distinguishable in greyscale): data line with small round
    markers (none above :data:`LARGE_SERIES` points), gaps at missing values;
    centre line solid; 3σ limits dashed; 2σ lines dotted; target long-dashed
    and labelled "Target"; excluded points hollow; points beyond the
    limits large diamonds; a phase whose Anhøj runs rules signal (Anhøj &
    Olesen 2014, PLoS ONE 9:e113825) has a dash-dot centre line; Making Data
    Count special causes are triangles (improvement, pointing in the improvement
    direction), squares (concern) or hexagons (no direction). Lines are drawn
    per phase as steps, so limits that vary with subgroup size show as steps.

    The legend, and the Making Data Count icons above it, sit right of the
    plotting area so that they never hide data. On an ``ax`` of your own, use a
    figure with ``layout="constrained"`` (or save with ``bbox_inches="tight"``)
    so that they are not cut off.

    Args:
        result: an :class:`academy.spc.chart.SPCResult`.
        ax: axes to draw on; when None a new figure is made with
            ``pyplot.subplots(figsize=figsize, layout="constrained")``.
        show_2sigma: also draw the 2σ lines.
        annotate_signals: mark sigma signals, runs signals and Making Data
            Count point types; False draws every point alike.
        show_icons: draw the Making Data Count icons when the summary has them.
        figsize: size in inches of a new figure.

    Returns:
        The axes drawn on.
    """
    pts = _points(result)
    chart = str(getattr(result, "chart", ""))
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    xpos, kind = _x_positions(pts["x"])
    spacing = np.diff(xpos)
    half = float(np.nanmedian(spacing)) / 2 if len(xpos) > 1 else 0.5
    half = half if np.isfinite(half) and half > 0 else 0.5
    y = _floats(pts, "y")
    bounds = _part_bounds(pts["part"].to_numpy())
    improvement = getattr(result, "improvement", None)

    # drawn in legend order: data and signals, then lines, then the baseline band
    _data(ax, xpos, y, pts, bounds, annotate_signals=annotate_signals, improvement=improvement)
    cl_label = t("spc.legend.cl_median" if chart in _MEDIAN_CHARTS else "spc.legend.cl")
    _phase_lines(
        ax,
        xpos,
        pts,
        bounds,
        half,
        cl_label=cl_label,
        show_2sigma=show_2sigma,
        annotate_signals=annotate_signals,
        target=_target(result, pts),
    )
    _phases_and_baseline(ax, xpos, pts, bounds, half)
    _notes(ax, xpos, y, pts)
    _x_axis(ax, xpos, kind, pts["x"])

    ax.set_title(default_title(result), fontsize=TITLE_FONT, loc="left")
    ax.set_ylabel(getattr(result, "ylab", None) or "", fontsize=LABEL_FONT)
    ax.set_xlabel(getattr(result, "xlab", None) or "", fontsize=LABEL_FONT)
    ax.tick_params(labelsize=FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    icons = 0.0
    if show_icons:
        icons = add_mdc_icons(
            ax,
            _last_summary(result, "mdc_variation_icon"),
            _last_summary(result, "mdc_assurance_icon"),
            improvement,
        )
    _legend(ax, below=icons + 0.1 if icons else 0.0)
    return ax


def save_chart(result: Any, path: str | os.PathLike, **kw: Any) -> pathlib.Path:
    """Draw the chart on a new figure and save it as PNG or SVG (chosen by suffix).

    The alt text (:func:`alt_text`) is stored in the file's metadata
    (``Description``), and the title as ``Title``. The file is replaced
    atomically (:func:`academy.files.write_file`).

    Args:
        result: an SPC result.
        path: where to write; must end in ``.png`` or ``.svg``.
        **kw: passed to :func:`plot_chart` (including ``figsize``).

    Returns:
        The path written.

    Raises:
        InputError: for another suffix or a folder that does not exist.
    """
    out = pathlib.Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        if out.suffix:
            raise InputError(t("spc.error.save_suffix", suffix=out.suffix))
        raise InputError(t("spc.error.save_no_suffix"))
    if not out.parent.is_dir():
        raise InputError(t("spc.error.save_no_folder", folder=str(out.parent)))
    fig = Figure(figsize=kw.pop("figsize", (9, 4.5)), layout="constrained")
    plot_chart(result, fig.add_subplot(), **kw)
    metadata = {"Title": default_title(result), "Description": alt_text(result)}
    image = io.BytesIO()
    fig.savefig(image, format=fmt, dpi=150, metadata=metadata)
    return write_file(out, image.getvalue())  # atomic: never a half-written chart


# ----------------------------------------------------------------------- alt text


#: Beyond these sizes :func:`_number` writes an exponent (3.33e+99) rather than dozens of digits.
PLAIN_NUMBERS = (1e-6, 1e15)


def _number(value: float) -> str:
    """A value rounded for reading aloud: three significant figures.

    No exponent for sizes within :data:`PLAIN_NUMBERS`; beyond them (extreme data
    only) an exponent, as ``SPCResult.explain`` writes them.
    """
    if not np.isfinite(value):
        return t("spc.alt.not_available")
    if value and not PLAIN_NUMBERS[0] <= abs(value) < PLAIN_NUMBERS[1]:
        return f"{value:.3g}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = np.format_float_positional(value, precision=3, fractional=False, trim="-")
    return "0" if text in ("0", "-0") else text


def _x_text(value: object) -> str:
    """A first or last x value as text (dates as "1 Jan 2024")."""
    if isinstance(value, pd.Period):
        value = value.to_timestamp()
    if isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "strftime"):
        ts = pd.Timestamp(value)
        day = f"{ts.day} {t(f'common.month_abbr_{ts.month}')} {ts.year}"
        return day if ts == ts.normalize() else f"{day} {ts:%H:%M}"
    if isinstance(value, (int, float, np.number)):
        return _number(float(value))
    return str(value)


def _positions(mask: np.ndarray, limit: int = 4) -> str:
    """1-based positions, e.g. "point 8" or "points 8, 15, 20, 23 and 4 more"."""
    where = [str(i + 1) for i in np.flatnonzero(mask)]
    key = "spc.at_point" if len(where) == 1 else "spc.at_points"
    if len(where) > limit:
        more = t("spc.and_more", items=", ".join(where[:limit]), n=len(where) - limit)
        return t(key, where=more)
    return t(key, where=join_and(where))


def _varies(*lines: np.ndarray) -> bool:
    """True when any of the lines is not constant (ignoring NaN)."""
    for v in lines:
        finite = v[np.isfinite(v)]
        if finite.size and np.ptp(finite) > 1e-9 * max(1.0, float(np.max(np.abs(finite)))):
            return True
    return False


def _count(n: int, noun: str) -> str:
    """ "1 point", "3 points" in the current language; ``noun`` is a key of :data:`_COUNT_KEYS`."""
    one, many = _COUNT_KEYS[noun]
    return t(one if n == 1 else many, n=n)


#: Rules that judge a whole phase (how often the line crosses the centre, how many
#: runs): their findings name the phase's first and last point, not points that signal.
_PHASE_RULES = ("crossings", "_runs")


def _span(points: list[int], limit: int = 4) -> str:
    """One finding's points, e.g. "5", "5 to 12", "3, 5 and 9" or "1, 3, 5, 7 and 2 more"."""
    if len(points) == 1:
        return str(points[0])
    if points == list(range(points[0], points[0] + len(points))):
        return t("spc.alt.span", first=points[0], last=points[-1])
    shown = [str(p) for p in points[:limit]]
    more = [t("spc.alt.n_more", n=len(points) - limit)] if len(points) > limit else []
    return join_and(shown + more)


def _rule_texts(findings: list[dict[str, Any]]) -> list[str]:
    """Each rule's label and where it signals, e.g. "Shift (IHI) at points 1 to 8".

    Findings of the same rule are joined; only the first stretch of points is
    named, and the others counted ("at points 1 to 8 and 2 other places"), so
    that the alt text stays short.
    """
    spans: dict[str, list[str]] = {}
    for finding in findings:
        label = str(finding.get("label") or finding.get("rule", ""))
        rule = str(finding.get("rule", ""))
        points = [int(p) for p in finding.get("points") or []]
        where = spans.setdefault(label, [])
        if points and not rule.endswith(_PHASE_RULES):
            where.append(_span(points))
    texts = []
    for label, where in spans.items():
        if not where:
            texts.append(label)
            continue
        key = "spc.at_point" if len(where) == 1 and where[0].isdigit() else "spc.at_points"
        at = t(key, where=where[0])
        others = len(where) - 1
        if others:
            places = _count(others, "other place")
            texts.append(t("spc.alt.rule_at_more", label=label, where=at, places=places))
        else:
            texts.append(t("spc.alt.rule_at", label=label, where=at))
    return texts


def _signals(result: Any, pts: pd.DataFrame, bounds, n_phases: int) -> list[str]:
    """Plain-language list of the signals found, with the rules' names and points."""
    found = []
    sigma = _flags(pts, "sigma_signal")
    if sigma.any():
        where = _positions(sigma)
        if sigma.sum() > 4:
            found.append(
                t("spc.alt.sigma_many", points=_count(int(sigma.sum()), "point"), where=where)
            )
        else:
            found.append(t("spc.alt.sigma", where=where))
    runs = _flags(pts, "runs_signal")
    phases = [str(pts["part"].iloc[a]) for a, b in zip(*bounds, strict=True) if runs[a:b].any()]
    if phases:
        if n_phases == 1:
            run = t("spc.alt.runs")
        else:
            key = "spc.alt.runs_phases" if len(phases) > 1 else "spc.alt.runs_phase"
            run = t(key, phases=join_and(phases))
        anhoej = [
            f
            for f in getattr(result, "findings", None) or []
            if f.get("rule_set") == "anhoej" and str(f.get("part")) in phases
        ]
        rules = [text[:1].lower() + text[1:] for text in _rule_texts(anhoej)]
        found.append(run + (f": {join_and(rules)}" if rules else ""))
    category = _mdc_categories(pts)
    counts = np.bincount(category, minlength=len(MDC_CATEGORIES))
    if counts[1:].any():
        kinds = [
            t(_MDC_KIND_KEYS[k], n=int(counts[c]))
            for c, k in enumerate(MDC_CATEGORIES)
            if c and counts[c]
        ]
        points = _count(int(counts[1:].sum()), "point")
        found.append(t("spc.alt.special_cause", points=points, kinds=join_and(kinds)))
    other = _rule_texts(
        [
            {**f, "label": f"{f.get('label') or f.get('rule', '')} ({rule_set.upper()})"}
            for f in getattr(result, "findings", None) or []
            if (rule_set := str(f.get("rule_set", ""))) not in ("anhoej", "mdc", "sigma", "")
        ]
    )
    if other:
        if len(other) > 3:
            rules = t("spc.and_more", items=", ".join(other[:3]), n=len(other) - 3)
        else:
            rules = ", ".join(other)
        found.append(t("spc.alt.other_rules", rules=rules))
    return found


def _icon_text(result: Any) -> str:
    """The Making Data Count icons in words, e.g. "improvement (high), hit and miss"."""
    words = []
    kind = variation_kind(
        _last_summary(result, "mdc_variation_icon"), getattr(result, "improvement", None)
    )
    if kind is not None:
        words.append(variation_label(*kind))
    assurance = assurance_kind(_last_summary(result, "mdc_assurance_icon"))
    if assurance is not None:
        words.append(assurance_label(assurance))
    return ", ".join(w.replace("\n", " ").lower() for w in words)


def alt_text(result: Any) -> str:
    """Describe the chart in one paragraph, for a figure's alternative text.

    Says what is plotted, over which period, how many points and phases, the
    centre line of each phase (up to three) with the limits of the last phase,
    and the signals found, each with its rule's name and the points where it
    signals; or that none was found. Numbers are given to three significant
    figures. Aim: about 80 words or fewer (more only when many rule sets signal).
    """
    pts = _points(result)
    chart = str(getattr(result, "chart", ""))
    bounds = _part_bounds(pts["part"].to_numpy())
    n_phases = len(bounds[0])
    if chart in CHART_DESCRIPTIONS:
        what = t(f"common.chart_{chart}")
    else:
        what = t("spc.plot.chart", name=CHART_NAMES.get(chart, chart.upper()))
    ylab = getattr(result, "ylab", None)
    if ylab:
        what = t("spc.chart_of", chart=what, ylab=ylab)
    x = pts["x"]
    sentences = [
        t(
            "spc.alt.opening",
            what=what,
            first=_x_text(x.iloc[0]),
            last=_x_text(x.iloc[-1]),
            points=_count(len(pts), "point"),
            phases=_count(n_phases, "phase"),
        )
    ]

    cl, lcl, ucl = (_floats(pts, c) for c in ("cl", "lcl", "ucl"))
    centre = t("spc.alt.median" if chart in _MEDIAN_CHARTS else "spc.alt.centre_line")
    values = []
    for a, b in zip(*bounds, strict=True):
        finite = cl[a:b][np.isfinite(cl[a:b])]
        values.append(_number(finite[0]) if finite.size else t("spc.alt.not_available"))
    if n_phases == 1:
        line = f"{centre} {values[0]}"
    elif n_phases <= 3:
        parts = pts["part"].iloc[bounds[0]]
        line = f"{centre} " + join_and(
            [t("spc.alt.in_phase", value=v, part=p) for v, p in zip(values, parts, strict=True)]
        )
    else:
        line = t("spc.alt.in_last_phase", centre=centre, value=values[-1])
    last = slice(bounds[0][-1], bounds[1][-1])
    lo, hi = lcl[last], ucl[last]
    if np.isfinite(hi).any() or np.isfinite(lo).any():
        limits = (
            t("spc.alt.limits_range", low=_number(lo[-1]), high=_number(hi[-1]))
            if np.isfinite(lo[-1])
            else t("spc.alt.limits_upper", high=_number(hi[-1]))
        )
        key = "spc.alt.limits_last_phase" if n_phases > 1 else "spc.alt.limits"
        line += "; " + t(key, limits=limits)
        if _varies(lo, hi):
            line += " " + t("spc.alt.limits_vary")
    sentences.append(line + ".")

    baseline = _flags(pts, "baseline")
    for a, b in zip(*bounds, strict=True):
        base = baseline[a:b]
        if base.any() and not base.all():
            points = _count(int(base.sum()), "point")
            if n_phases > 1:
                sentences.append(
                    t("spc.alt.baseline_phase", part=pts["part"].iloc[a], points=points)
                )
            else:
                sentences.append(t("spc.alt.baseline", points=points))
    excluded = ~_flags(pts, "include")
    if excluded.any():
        sentences.append(t("spc.alt.excluded", points=_count(int(excluded.sum()), "point")))
    target = _target(result, pts)
    if np.isfinite(target).any():
        sentences.append(t("spc.alt.target", value=_number(target[np.isfinite(target)][-1])))

    icons = _icon_text(result)
    if icons:
        sentences.append(t("spc.alt.icons", icons=icons))
    found = _signals(result, pts, bounds, n_phases)
    if found:
        sentences.append(t("spc.alt.signals", signals="; ".join(found)))
    else:
        sentences.append(t("spc.alt.no_signals"))
    return " ".join(sentences)
