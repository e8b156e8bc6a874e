"""Numbers taught in module 6 lesson 02 (limits by hand), each worked out by hand.

Sources: Provost & Murray 2011 (The Health Care Data Guide); Montgomery 2020; Mohammed,
Worthington & Woodall 2008 (QSHC 17:137-145); qicharts2 0.8.1 for moving-range screening.
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
import pytest

from academy.data import load_dataset
from academy.spc import chart

XMR = [12, 15, 11, 14, 13, 16, 12, 40, 13, 14, 15, 12, 11, 13, 14, 12, 13, 15, 14, 13]


def test_xmr_dataset_is_the_worked_example():
    assert load_dataset("xmr_example")["value"].tolist() == XMR


def test_xmr_by_hand_unscreened():
    assert sum(XMR) == 292 and sum(XMR) / 20 == 14.6
    moving = [abs(b - a) for a, b in pairwise(XMR)]
    assert sum(moving) == 89 and len(moving) == 19
    amr = 89 / 19
    assert amr == pytest.approx(4.6842, abs=1e-4)
    assert (14.6 - 2.66 * amr, 14.6 + 2.66 * amr) == pytest.approx((2.140, 27.060), abs=5e-4)
    expected = (14.6 - 3 * amr / 1.128, 14.6 + 3 * amr / 1.128)
    assert expected == pytest.approx((2.1420, 27.0580), abs=5e-5)
    assert 3.267 * amr == pytest.approx(15.30, abs=5e-3)
    line = chart(y=XMR, chart="i", screen_mr=False).summary.iloc[0]
    assert (line["cl"], line["lcl"], line["ucl"]) == pytest.approx((14.6, *expected))
    assert line["sigma_signals"] == 1


def test_xmr_by_hand_screened():
    moving = [abs(b - a) for a, b in pairwise(XMR)]
    kept = [m for m in moving if m < 3.267 * 89 / 19]
    assert sorted(set(moving) - set(kept)) == [27, 28]
    assert (sum(kept), len(kept)) == (34, 17)
    amr = 34 / 17
    assert amr == 2.0
    assert 14.6 + 2.66 * amr == pytest.approx(19.92)  # exercise answer
    expected = (14.6 - 3 * amr / 1.128, 14.6 + 3 * amr / 1.128)
    assert expected == pytest.approx((9.2809, 19.9191), abs=5e-5)
    result = chart(y=XMR, chart="i")
    line = result.summary.iloc[0]
    assert (line["cl"], line["lcl"], line["ucl"]) == pytest.approx((14.6, *expected))
    assert result.points.loc[result.points["sigma_signal"], "x"].tolist() == [8]


def test_p_chart_by_hand():
    data = load_dataset("p_example")
    assert (data["numerator"].sum(), data["denominator"].sum()) == (171, 1290)
    p_bar = 171 / 1290
    assert p_bar == pytest.approx(0.132558, abs=1e-6)
    sigma_1 = (p_bar * (1 - p_bar) / 100) ** 0.5
    assert sigma_1 == pytest.approx(0.03391, abs=1e-5)
    assert (p_bar - 3 * sigma_1, p_bar + 3 * sigma_1) == pytest.approx((0.0308, 0.2343), abs=5e-5)
    ucl_7 = p_bar + 3 * (p_bar * (1 - p_bar) / 130) ** 0.5
    assert ucl_7 == pytest.approx(0.2218, abs=5e-5) and 30 / 130 > ucl_7
    ucl_12 = p_bar + 3 * (p_bar * (1 - p_bar) / 70) ** 0.5
    assert ucl_12 == pytest.approx(0.2541, abs=5e-5)  # exercise answer
    points = chart(data, chart="p", x="subgroup", y="numerator", n="denominator").points
    assert points["cl"].iloc[0] == pytest.approx(p_bar)
    assert (points["lcl"].iloc[0], points["ucl"].iloc[0]) == pytest.approx(
        (p_bar - 3 * sigma_1, p_bar + 3 * sigma_1)
    )
    assert points["ucl"].iloc[6] == pytest.approx(ucl_7)
    assert points["ucl"].iloc[11] == pytest.approx(ucl_12)
    assert points.loc[points["sigma_signal"], "x"].tolist() == [7]


def test_u_chart_by_hand():
    ward = pd.DataFrame({"falls": [6, 4, 9, 5, 3, 8], "bed_days": [850, 800, 850, 820, 830, 850]})
    assert (ward["falls"].sum(), ward["bed_days"].sum()) == (35, 5000)
    u_bar = 35 / 5  # per 1,000 bed days
    half_width = 3 * (u_bar / 0.85) ** 0.5
    assert half_width == pytest.approx(8.609, abs=5e-4)
    assert u_bar - half_width < 0
    points = chart(ward, chart="u", y="falls", n="bed_days", multiply=1000).points
    assert points["cl"].iloc[0] == pytest.approx(7.0)
    assert points["lcl"].iloc[0] == 0
    assert points["ucl"].iloc[0] == pytest.approx(u_bar + half_width)
    assert points["ucl"].iloc[1] == pytest.approx(7 + 3 * (7 / 0.8) ** 0.5)


def test_c_chart_by_hand():
    complaints = [9, 12, 7, 10, 14, 8, 11, 9, 13, 7]
    assert sum(complaints) / 10 == 10
    expected = (10 - 3 * 10**0.5, 10 + 3 * 10**0.5)
    assert expected == pytest.approx((0.513, 19.487), abs=5e-4)
    line = chart(y=complaints, chart="c").summary.iloc[0]
    assert (line["cl"], line["lcl"], line["ucl"]) == pytest.approx((10, *expected))
    assert 3 / 1.128 == pytest.approx(2.66, abs=5e-3)
