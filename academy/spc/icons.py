"""Making Data Count variation and assurance icons, drawn with matplotlib.

NHS England and NHS Improvement's *Making Data Count* programme (2019; "Making
Data Count: strengthening your decisions", and its SPC icon guidance "Making
Data Count: a guide to the SPC icons") summarises an XmR chart in two icons:

* the **variation icon**, from the latest point: common-cause variation (grey),
  special-cause improvement (blue), special-cause concern (orange), or special
  cause with no improvement direction ("neutral", purple). Special-cause icons
  carry the letter H (the latest point is high) or L (low).
* the **assurance icon**, from the target against the latest limits: P (the
  process will consistently pass the target, blue), F (consistently fail,
  orange) or "?" (hit and miss: the target lies between the limits, grey).

The value strings follow NHSRplotthedots 0.2.2 (``ptd_calculate_point_type``,
``ptd_calculate_assurance_type``): ``common_cause``,
``special_cause_improvement``, ``special_cause_concern``,
``special_cause_neutral_high`` / ``_low``; ``consistent_pass``,
``consistent_fail``, ``inconsistent``. Short forms (``improvement_high``,
``pass``, ``hit_and_miss``, …) are accepted too.

Colours are the Okabe–Ito palette (Okabe M, Ito K. *Color Universal Design
(CUD): how to make figures and presentations that are friendly to colorblind
people*, 2008), the colour-vision-deficiency-safe counterparts of the Making
Data Count blue, orange, purple and grey. No icon relies on colour: each has a
letter or shape cue and a text label underneath.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrow
from matplotlib.transforms import ScaledTranslation, Transform

from academy.errors import InputError
from academy.i18n import t

#: Okabe & Ito (2008) colour-universal-design palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Colour of each Making Data Count category (Okabe–Ito equivalents of the
#: programme's grey, blue, orange and purple; the grey is darkened from the
#: programme's #A6A6A6 to keep 3:1 contrast on white, WCAG 2.1 criterion 1.4.11).
MDC_COLOURS = {
    "common": "#767676",
    "improvement": OKABE_ITO["blue"],
    "concern": OKABE_ITO["orange"],
    "neutral": OKABE_ITO["reddish_purple"],
    "pass": OKABE_ITO["blue"],
    "fail": OKABE_ITO["orange"],
    "hit_and_miss": "#767676",
}

_VARIATION_LABELS = {  # category: key of its label in the strings table (academy/i18n)
    "common": "spc.icon.common",
    "improvement": "spc.icon.improvement",
    "concern": "spc.icon.concern",
    "neutral": "spc.icon.neutral",
}
_SIDE_LABELS = {"high": "spc.icon.side_high", "low": "spc.icon.side_low"}
_ASSURANCE = {  # kind: (letter, key of its label); the letters are the NHS icons' own
    "pass": ("P", "spc.icon.pass"),
    "fail": ("F", "spc.icon.fail"),
    "hit_and_miss": ("?", "spc.icon.hit_and_miss"),
}
_ASSURANCE_ALIASES = {
    "consistent_pass": "pass",
    "pass": "pass",
    "p": "pass",
    "consistent_fail": "fail",
    "fail": "fail",
    "f": "fail",
    "inconsistent": "hit_and_miss",
    "hit_and_miss": "hit_and_miss",
    "hit-and-miss": "hit_and_miss",
    "?": "hit_and_miss",
}
_RING_WIDTH = 3.0
_LABEL_SIZE = 9
#: Icon layout in ring radii: each icon has a column this wide, from this top to bottom
#: (room for the ring and a two-line label), and one radius is this many inches.
_ICON_COLUMN, _ICON_TOP, _ICON_BOTTOM, _INCH = 3.6, 1.1, -2.4, 0.27
#: Gap in inches between the axes and the icons (and the legend).
ICON_GAP = 0.12


def _missing(value: object) -> bool:
    """True for None, NaN, pd.NA and empty strings (no icon to draw)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or bool(pd.isna(value))


def variation_kind(value: object, improvement: str | None) -> tuple[str, str | None] | None:
    """Classify a variation-icon value as (category, side).

    Args:
        value: e.g. ``"special_cause_improvement"`` or ``"neutral_low"``.
        improvement: ``"higher"``, ``"lower"`` or None; decides whether an
            improvement (or concern) is high or low, as NHSRplotthedots'
            ``geom_ptd_icon`` does.

    Returns:
        ``(category, side)`` with category one of common, improvement, concern,
        neutral and side ``"high"``, ``"low"`` or None; None when there is no icon.

    Raises:
        InputError: for a value that is not a Making Data Count variation type.
    """
    if _missing(value):
        return None
    text = str(value).strip().lower().removeprefix("special_cause_")
    category, _, side = text.partition("_")
    if text == "common_cause":
        return "common", None
    if category not in ("improvement", "concern", "neutral") or side not in ("", "high", "low"):
        raise InputError(t("spc.error.unknown_variation_icon", value=value))
    if not side and improvement in ("higher", "lower"):
        improvement_is_high = improvement == "higher"
        side = "high" if (category == "improvement") == improvement_is_high else "low"
    return category, side or None


def assurance_kind(value: object) -> str | None:
    """Classify an assurance-icon value as ``pass``, ``fail`` or ``hit_and_miss``.

    Raises:
        InputError: for a value that is not a Making Data Count assurance type.
    """
    if _missing(value):
        return None
    kind = _ASSURANCE_ALIASES.get(str(value).strip().lower())
    if kind is None:
        raise InputError(t("spc.error.unknown_assurance_icon", value=value))
    return kind


def variation_label(category: str, side: str | None) -> str:
    """Text label printed under a variation icon, e.g. ``"Improvement\\n(high)"``."""
    label = t(_VARIATION_LABELS[category])
    return f"{label}\n({t(_SIDE_LABELS[side])})" if side else label


def assurance_label(kind: str) -> str:
    """Text label printed under an assurance icon, e.g. ``"Consistently\\npass"``."""
    return t(_ASSURANCE[kind][1])


def _ring(ax: Axes, centre: tuple[float, float], colour: str) -> None:
    ax.add_patch(Circle(centre, 1.0, facecolor="white", edgecolor=colour, lw=_RING_WIDTH))


def _label(ax: Axes, centre: tuple[float, float], text: str) -> None:
    ax.text(
        centre[0],
        centre[1] - 1.2,
        text,
        ha="center",
        va="top",
        fontsize=_LABEL_SIZE,
        linespacing=1.0,
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
    )


def draw_variation_icon(
    ax: Axes, centre: tuple[float, float], category: str, side: str | None
) -> None:
    """Draw a variation icon (ring, mini run of dots, H/L letter and arrow, label).

    The dots sketch a short series: flat for common cause; for special cause the
    last three rise (H) or fall (L), in the category colour, as on the Making
    Data Count icons. An arrow beside the letter repeats the direction, so the
    icon reads without colour.

    Args:
        ax: axes in data units where the ring has radius 1 (see :func:`add_mdc_icons`).
        centre: centre of the ring.
        category: common, improvement, concern or neutral.
        side: high, low or None.
    """
    cx, cy = centre
    colour = MDC_COLOURS[category]
    _ring(ax, centre, colour)
    sign = {"high": 1.0, "low": -1.0}.get(side or "", 0.0)
    dx = np.linspace(-0.6, 0.6, 7)
    dy = np.array([0.0, 0.08, -0.08, 0.04, 0.3 * sign, 0.4 * sign, 0.5 * sign])
    base = cy - 0.35 * sign
    grey = MDC_COLOURS["common"]
    ax.plot(cx + dx, base + dy, color=grey, lw=1.0, zorder=3)
    special = colour if sign else grey
    ax.plot(cx + dx[:4], base + dy[:4], "o", ms=2.5, color=grey, zorder=4)
    ax.plot(cx + dx[4:], base + dy[4:], "o", ms=2.5, color=special, zorder=4)
    if sign:
        letter_y = cy + 0.42 * sign
        ax.text(
            cx - 0.2,
            letter_y,
            "H" if sign > 0 else "L",
            ha="center",
            va="center",
            fontsize=11,
            fontweight="bold",
            color="#1A1A1A",
            zorder=5,
        )
        ax.add_patch(
            FancyArrow(
                cx + 0.3,
                letter_y - 0.22 * sign,
                0.0,
                0.3 * sign,
                width=0.06,
                head_width=0.25,
                head_length=0.15,
                length_includes_head=True,
                color="#1A1A1A",
                zorder=5,
            )
        )
    _label(ax, centre, variation_label(category, side))


def draw_assurance_icon(ax: Axes, centre: tuple[float, float], kind: str) -> None:
    """Draw an assurance icon: ring, P / F / ? letter and a text label.

    Args:
        ax: axes in data units where the ring has radius 1.
        centre: centre of the ring.
        kind: pass, fail or hit_and_miss (see :func:`assurance_kind`).
    """
    letter, label = _ASSURANCE[kind][0], assurance_label(kind)
    _ring(ax, centre, MDC_COLOURS[kind])
    ax.text(
        *centre,
        letter,
        ha="center",
        va="center",
        fontsize=13,
        fontweight="bold",
        color="#1A1A1A",
        zorder=5,
    )
    _label(ax, centre, label)


def corner_transform(ax: Axes) -> Transform:
    """Transform from inches measured from the top-right corner of ``ax`` to display units.

    Evaluated at draw time, so it follows the axes when the layout moves it.
    """
    return ax.get_figure().dpi_scale_trans + ScaledTranslation(1, 1, ax.transAxes)


def add_mdc_icons(ax: Axes, variation: object, assurance: object, improvement: str | None) -> float:
    """Add the variation and assurance icons just right of the top-right corner of ``ax``.

    The icons sit in the margin beside the plotting area, level with its top, so
    that they never hide data; the chart's legend goes underneath them.

    Args:
        ax: the chart's axes.
        variation: ``mdc_variation_icon`` of the last phase (None or NaN for none).
        assurance: ``mdc_assurance_icon`` of the last phase (None or NaN for none).
        improvement: the chart's improvement direction.

    Returns:
        The height in inches taken by the icons (0 when there is nothing to draw).
    """
    icons: list[tuple[str, tuple[str | None, ...]]] = []
    kind_v = variation_kind(variation, improvement)
    if kind_v is not None:
        icons.append(("variation", kind_v))
    kind_a = assurance_kind(assurance)
    if kind_a is not None:
        icons.append(("assurance", (kind_a,)))
    if not icons:
        return 0.0
    width, height = _ICON_COLUMN * len(icons), _ICON_TOP - _ICON_BOTTOM
    bounds = (ICON_GAP, -height * _INCH, width * _INCH, height * _INCH)
    inset = ax.inset_axes(bounds, transform=corner_transform(ax), zorder=6)
    inset.set_xlim(0, width)
    inset.set_ylim(_ICON_BOTTOM, _ICON_TOP)
    inset.set_aspect("equal", adjustable="box", anchor="NW")
    inset.set_axis_off()
    inset.set_gid("spc-mdc-icons")
    for i, (which, kind) in enumerate(icons):
        centre = (_ICON_COLUMN * (i + 0.5), 0.0)
        if which == "variation":
            draw_variation_icon(inset, centre, *kind)
        else:
            draw_assurance_icon(inset, centre, str(kind[0]))
    return height * _INCH
