"""Numbers and choices taught in module 6 lesson 01 (common and special cause, choosing a chart).

Each number is worked out by hand here and compared with the engine. Sources: Shewhart 1931
(3-sigma limits); Provost & Murray 2011, The Health Care Data Guide, ch. 5, Figure 5.1 (chart
selection) and the advice to base limits on at least 20 subgroups; Mohammed, Worthington &
Woodall 2008 (QSHC 17:137-145); Laney 2002 (p′ chart); Anhøj & Olesen 2014 (longest run
above round(log2(n) + 3)); qicharts2 0.8.1 (t chart power 1/3.6, moving-range screening).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from academy.data import load_dataset
from academy.spc import advise, chart
from academy.spc.chart import PROVISIONAL_BELOW


def test_three_sigma_false_alarm_rate():
    # Normal table: Phi(3) = 0.99865, so both tails together hold 2 x 0.00135 = 0.0027.
    tail = 2 * (1 - 0.5 * (1 + math.erf(3 / math.sqrt(2))))
    assert tail == pytest.approx(0.0027, abs=5e-6)
    assert round(1 / tail) == 370


def test_sepsis_baseline_is_stable_p_chart():
    baseline = load_dataset("sepsis_antibiotics").iloc[:40]
    y, n = baseline["antibiotics_within_1h"], baseline["suspected_sepsis"]
    assert (y.sum(), n.sum()) == (676, 1148)
    p_bar = 676 / 1148
    assert p_bar == pytest.approx(0.589, abs=5e-4)
    sigma_30 = (p_bar * (1 - p_bar) / 30) ** 0.5
    assert (p_bar - 3 * sigma_30, p_bar + 3 * sigma_30) == pytest.approx((0.319, 0.858), abs=5e-4)
    assert p_bar - 3 * sigma_30 < 0.52 < p_bar + 3 * sigma_30  # the "bad week" is common cause
    result = chart(baseline, chart="p", x="week_start", y="antibiotics_within_1h", n=n.name)
    assert result.summary["cl"].iloc[0] == pytest.approx(p_bar)
    sigma = (p_bar * (1 - p_bar) / n.to_numpy()) ** 0.5
    assert result.points["ucl"].to_numpy() == pytest.approx(p_bar + 3 * sigma)
    by_hand_outside = ((y / n).to_numpy() > p_bar + 3 * sigma) | ((y / n) < p_bar - 3 * sigma)
    assert not by_hand_outside.any()
    assert result.summary["sigma_signals"].iloc[0] == 0
    assert not result.summary["runs_signal"].iloc[0]


def test_sepsis_second_phase_signals_are_the_first_two_weeks():
    sepsis = load_dataset("sepsis_antibiotics")
    after = sepsis.iloc[40:]
    assert after["week_start"].iloc[0] == pd.Timestamp("2024-01-08")
    p_bar_2 = after["antibiotics_within_1h"].sum() / after["suspected_sepsis"].sum()
    assert p_bar_2 == pytest.approx(0.863, abs=5e-4)
    lcl = p_bar_2 - 3 * (p_bar_2 * (1 - p_bar_2) / after["suspected_sepsis"]) ** 0.5
    below = after.loc[after["antibiotics_within_1h"] / after["suspected_sepsis"] < lcl]
    assert below["week_start"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-08", "2024-01-15"]
    result = chart(
        sepsis,
        chart="p",
        x="week_start",
        y="antibiotics_within_1h",
        n="suspected_sepsis",
        part=["2024-01-01"],
    )
    signals = result.points.loc[result.points["sigma_signal"], "x"]
    assert pd.to_datetime(signals).dt.strftime("%Y-%m-%d").tolist() == ["2024-01-08", "2024-01-15"]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"data_type": "classification", "equal_opportunity": False}, "p"),  # sepsis
        ({"data_type": "count", "equal_opportunity": False}, "u"),  # falls; exercise 1
        ({"data_type": "classification", "overdispersed": True}, "pp"),  # ED four hours
        ({"data_type": "count", "rare_events": True, "event_measure": "time_between"}, "t"),
        ({"data_type": "measurement", "subgroup_size": 1}, "i"),  # exercise 2
        ({"data_type": "measurement", "subgroup_size": 5}, "xbar"),
        ({"data_type": "count", "equal_opportunity": True}, "c"),
        ({"data_type": "count", "rare_events": True, "event_measure": "cases_between"}, "g"),
    ],
)
def test_advice_for_each_worked_example_and_exercise(kwargs, expected):
    assert advise(**kwargs).chart == expected


def test_ash_falls_u_chart_and_long_run():
    ash = load_dataset("falls").query("ward == 'Ash'").reset_index(drop=True)
    assert (ash["falls"].sum(), ash["occupied_bed_days"].sum()) == (164, 28254)
    u_bar = 1000 * 164 / 28254
    assert u_bar == pytest.approx(5.80, abs=5e-3)
    rate = 1000 * ash["falls"] / ash["occupied_bed_days"]
    window = ash["month"].between("2023-10-01", "2024-06-01")
    assert window.sum() == 9 and (rate[window] < u_bar).all()
    assert rate[ash["month"] == "2023-09-01"].iloc[0] > u_bar
    assert rate[ash["month"] == "2024-07-01"].iloc[0] > u_bar
    assert round(math.log2(36) + 3) == 8  # Anhøj: a run longer than 8 of 36 points is unusual
    result = chart(ash, chart="u", x="month", y="falls", n="occupied_bed_days", multiply=1000)
    line = result.summary.iloc[0]
    assert line["cl"] == pytest.approx(u_bar)
    assert (line["longest_run"], line["longest_run_max"]) == (9, 8)
    assert line["runs_signal"] and line["sigma_signals"] == 0


def test_ed_p_chart_over_dispersion_by_hand():
    ed = load_dataset("ed_waits")
    y, n = ed["within_4h"].to_numpy(), ed["attendances"].to_numpy()
    p, p_bar = y / n, y.sum() / n.sum()
    sigma = np.sqrt(p_bar * (1 - p_bar) / n)
    p_outside = int(((p > p_bar + 3 * sigma) | (p < p_bar - 3 * sigma)).sum())
    assert p_outside == 133
    # Laney p′: z-scores, their average moving range screened at 3.267 x AMR, sigma_z = AMR/1.128.
    z = (p - p_bar) / sigma
    mr = np.abs(np.diff(z))
    kept = mr[mr < 3.267 * mr.mean()]
    sigma_z = kept.mean() / 1.128
    assert sigma_z > 2  # far more variation than the binomial model allows
    half = 3 * sigma * sigma_z
    pp_outside = int(((p > p_bar + half) | (p < p_bar - half)).sum())
    assert pp_outside == 7
    common = {"x": "date", "y": "within_4h", "n": "attendances"}
    assert int(chart(ed, chart="p", **common).points["sigma_signal"].sum()) == p_outside
    pp = chart(ed, chart="pp", **common)
    assert int(pp.points["sigma_signal"].sum()) == pp_outside
    assert pp.points["ucl"].to_numpy() == pytest.approx(p_bar + half)


def test_cdiff_is_rare_and_t_chart_shows_longer_gaps():
    cdiff = load_dataset("cdiff_infections")
    onset = pd.to_datetime(cdiff["onset_date"])
    weeks = pd.period_range("2022-04-01", "2025-03-31", freq="W")
    weeks_with_case = onset.dt.to_period("W").nunique()
    assert weeks_with_case < len(weeks) / 2  # most weeks have no case
    before = int((onset < "2024-04-01").sum())
    assert (before, len(cdiff) - before) == (59, 11)
    c_bar = before / 24
    assert c_bar - 3 * math.sqrt(c_bar) < 0  # monthly c chart: lower limit clipped to zero
    gaps = cdiff.dropna(subset=["days_between"]).reset_index(drop=True)
    days = gaps["days_between"].to_numpy()
    assert len(days) == 69
    baseline = gaps["onset_date"] <= "2024-03-31"
    assert baseline.sum() == 58
    centre = np.mean(days[baseline] ** (1 / 3.6)) ** 3.6  # t chart centre on the days scale
    assert (days[-12:] > centre).all() and days[-13] < centre
    assert round(math.log2(69) + 3) == 9  # a run of 12 is longer than 9: a signal
    result = chart(gaps, chart="t", x="onset_date", y="days_between", freeze="2024-03-31")
    line = result.summary.iloc[0]
    assert line["cl"] == pytest.approx(centre)
    assert (line["longest_run"], line["longest_run_max"]) == (12, 9)
    assert line["runs_signal"]


def test_twenty_subgroups_before_limits_are_firm():
    # Exercise answer: Provost & Murray (2011) advise at least 20 subgroups.
    assert PROVISIONAL_BELOW == 20
    values = [5, 7, 6, 8, 5, 6, 7, 6, 5, 8, 6, 7, 5, 6, 7, 8, 6, 5, 7, 6]
    assert "trial limits" in chart(y=values[:19], chart="i").explain()
    assert "trial limits" not in chart(y=values, chart="i").explain()
