"""Alt text and colour-free encodings of charts made by the engine from small, hand-made data.

Each series has one known signal, worked out by hand in the test; the generated
alt text must name the chart type, the period (first and last x), the centre line
and each signal's rule and points (WCAG 2.2 SC 1.1.1, Non-text Content). The
drawn chart must tell signals apart by shape or line style, not by colour alone
(SC 1.4.1, Use of Colour), and use the Okabe-Ito palette (Okabe & Ito 2008,
*Color Universal Design*) or greys.
"""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from academy.spc import chart
from academy.spc.icons import OKABE_ITO
from academy.spc.plot import alt_text, plot_chart

# Run chart: 20 points, 10 above and 10 below the median. Points 1-8 are above it,
# then the others break the lower half into short runs: B B B B A B B B B A B B.
RUN_Y = [11, 12, 13, 14, 15, 16, 17, 18, 1, 2, 3, 4, 19, 5, 6, 7, 8, 20, 9, 10]
# I chart: the 30 at point 7 is the one special cause.
I_Y = [11, 15, 12, 14, 11, 15, 30, 12, 14, 11, 15, 12, 14]
# p chart: 100 patients a week for 10 weeks; week 7 has 30 events.
P_EVENTS = [10, 12, 8, 11, 9, 10, 30, 10, 11, 9]
# u chart: events and exposure (e.g. hundreds of bed-days); point 5 is high.
U_EVENTS = [40, 62, 48, 35, 100, 52, 44, 58]
U_EXPOSURE = [10, 15, 12, 10, 12, 12, 11, 14]


def sig3(value: float) -> str:
    """Three significant figures, as the alt text reads numbers aloud."""
    return f"{float(f'{value:.3g}'):g}"


def run_result():
    return chart(pd.DataFrame({"y": RUN_Y}), y="y", chart="run")


def i_result():
    return chart(pd.DataFrame({"y": I_Y}), y="y", chart="i")


def p_result():
    weeks = pd.date_range("2024-01-01", periods=10, freq="7D")
    frame = pd.DataFrame({"week": weeks, "events": P_EVENTS, "patients": [100] * 10})
    return chart(
        frame, x="week", y="events", n="patients", chart="p", multiply=100, ylab="% of patients"
    )


def u_result():
    frame = pd.DataFrame({"events": U_EVENTS, "exposure": U_EXPOSURE})
    return chart(frame, y="events", n="exposure", chart="u")


def test_run_chart_names_the_runs_rules_and_the_points() -> None:
    # Sorted, the values are 1..20: the median is (10 + 11) / 2 = 10.5, no point on it.
    median = (10 + 11) / 2
    # Anhøj & Olesen 2014: a run longer than round(log2(20)) + 3 = 7 is unusual, so the
    # run of 8 at points 1-8 signals. Runs: A8 B4 A1 B4 A1 B2, so 5 crossings; fewer
    # than the 5th percentile of Binomial(19, 0.5) is unusual: P(X <= 5) = 0.032 and
    # P(X <= 6) = 0.084, so the limit is 6 and 5 crossings signal too.
    assert round(math.log2(20)) + 3 == 7
    below_5 = sum(math.comb(19, k) for k in range(6)) / 2**19
    below_6 = sum(math.comb(19, k) for k in range(7)) / 2**19
    assert below_5 < 0.05 <= below_6
    text = alt_text(run_result())
    assert text == (
        f"Run chart from 1 to 20: 20 points in 1 phase. Median {median:g}. "
        "Signals: an unusual run (Anhøj rules): unusually long run at points 1 to 8 "
        "and too few crossings."
    )


def test_i_chart_names_type_period_centre_line_limits_and_the_point() -> None:
    mean = sum(I_Y) / len(I_Y)  # 186 / 13 = 14.31
    ranges = [abs(b - a) for a, b in itertools.pairwise(I_Y)]
    # Moving ranges of 3.267 x the average or more are screened out (Provost & Murray
    # 2011; qicharts2 qic.i): 3.267 x 63/12 = 17.2 removes the 18 (from 30 down to 12).
    kept = [r for r in ranges if r < 3.267 * sum(ranges) / len(ranges)]
    assert sorted(set(ranges) - set(kept)) == [18]
    half_width = 3 * (sum(kept) / len(kept)) / 1.128  # 3 x AMR / d2
    lcl, ucl = mean - half_width, mean + half_width  # 3.43 .. 25.2: only the 30 is outside
    text = alt_text(i_result())
    assert text == (
        "Individuals (I) chart from 1 to 13: 13 points in 1 phase. "
        f"Centre line {sig3(mean)}; control limits {sig3(lcl)} to {sig3(ucl)}. "
        "Signals: point 7 outside the control limits."
    )
    assert (sig3(mean), sig3(lcl), sig3(ucl)) == ("14.3", "3.43", "25.2")


def test_p_chart_with_dates_names_the_weeks_and_the_percentage() -> None:
    p_bar = sum(P_EVENTS) / 1000  # 120 / 1000 = 0.12
    sigma = math.sqrt(p_bar * (1 - p_bar) / 100)
    lcl, ucl = 100 * (p_bar - 3 * sigma), 100 * (p_bar + 3 * sigma)  # 2.25 % .. 21.7 %
    text = alt_text(p_result())
    assert text.startswith(
        "Proportion (P) chart of % of patients from 1 Jan 2024 to 4 Mar 2024: "
        "10 points in 1 phase. "
    )
    assert f"Centre line {sig3(100 * p_bar)}; control limits {sig3(lcl)} to {sig3(ucl)}." in text
    assert text.endswith("Signals: point 7 outside the control limits.")
    assert len(text.split()) <= 80


def test_u_chart_says_the_limits_vary_with_the_exposure() -> None:
    u_bar = sum(U_EVENTS) / sum(U_EXPOSURE)  # 439 / 96 = 4.57
    # Point 5: 100 / 12 = 8.33, above its own upper limit u_bar + 3 sqrt(u_bar / 12) = 6.42.
    assert U_EVENTS[4] / U_EXPOSURE[4] > u_bar + 3 * math.sqrt(u_bar / U_EXPOSURE[4])
    last = 3 * math.sqrt(u_bar / U_EXPOSURE[-1])  # the last point's limits, exposure 14
    text = alt_text(u_result())
    assert text == (
        "Rate (U) chart from 1 to 8: 8 points in 1 phase. "
        f"Centre line {sig3(u_bar)}; control limits {sig3(u_bar - last)} to "
        f"{sig3(u_bar + last)} at the last point (they vary with subgroup size). "
        "Signals: point 5 outside the control limits."
    )


def test_a_chart_without_signals_says_so() -> None:
    # Sorted: 3 4 4 5 5 6 6 6 7 8, median 5.5; the points alternate below and above it,
    # so the longest run is 1 and the line crosses 9 times: nothing unusual.
    y = [4, 6, 5, 7, 3, 6, 4, 8, 5, 6]
    text = alt_text(chart(pd.DataFrame({"y": y}), y="y", chart="run"))
    assert (
        text == "Run chart from 1 to 10: 10 points in 1 phase. Median 5.5. No signals were found."
    )


def test_other_rule_sets_are_named_with_their_points() -> None:
    # IHI shift (Perla, Provost & Murray 2011): 6 or more in a row on one side of the
    # median. Points 1-8 are above 10.5.
    result = chart(pd.DataFrame({"y": RUN_Y}), y="y", chart="run", rules=("anhoej", "ihi"))
    assert "other rules: Shift (IHI) at points 1 to 8" in alt_text(result)


# ------------------------------------------------------------------ drawing without colour


def drawn(result) -> dict[str, Line2D]:
    fig = Figure()
    ax = plot_chart(result, ax=fig.add_subplot())
    return {line.get_gid(): line for line in ax.get_lines() if line.get_gid()}


@pytest.mark.parametrize("make", [i_result, p_result, u_result], ids=["i", "p", "u"])
def test_signal_points_have_their_own_marker_shape(make) -> None:
    lines = drawn(make())
    data, signal = lines["spc-data"], lines["spc-sigma"]
    assert signal.get_marker() != data.get_marker()
    assert signal.get_markersize() > data.get_markersize()


def test_a_runs_signal_changes_the_centre_line_style_not_only_its_colour() -> None:
    signalling = drawn(run_result())["spc-cl-runs"]
    quiet = drawn(chart(pd.DataFrame({"y": [4, 6, 5, 7, 3, 6, 4, 8, 5, 6]}), y="y"))["spc-cl"]
    assert signalling.get_linestyle() != quiet.get_linestyle()


@pytest.mark.parametrize(
    "make", [run_result, i_result, p_result, u_result], ids=["run", "i", "p", "u"]
)
def test_colours_are_okabe_ito_or_grey(make) -> None:
    palette = {colour.lower() for colour in OKABE_ITO.values()}
    for gid, line in drawn(make()).items():
        for colour in (line.get_color(), line.get_markerfacecolor(), line.get_markeredgecolor()):
            if colour == "none":
                continue
            red, green, blue = to_rgb(colour)
            grey = red == green == blue
            assert grey or to_hex(colour) in palette, (gid, colour)
