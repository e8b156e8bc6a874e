"""Numbers taught in the SPC lessons 03 (rare events), 04 (over-dispersion) and 05 (Making Data Count).

Each expected value is worked out by hand here, from the formula the lesson teaches, and the engine's
value is compared with it.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from academy.data import load_dataset
from academy.spc import chart, funnel


@pytest.fixture(scope="module")
def gaps() -> pd.DataFrame:
    cdiff = load_dataset("cdiff_infections")
    return cdiff.dropna(subset=["days_between"]).reset_index(drop=True)


# --- 03 rare events: g and t charts -------------------------------------------------------------


def test_monthly_c_chart_of_cdiff_has_no_signal() -> None:
    cdiff = load_dataset("cdiff_infections")
    months = pd.date_range("2022-04-01", "2025-03-01", freq="MS")
    counts = cdiff["onset_date"].dt.to_period("M").dt.to_timestamp().value_counts()
    monthly = counts.reindex(months, fill_value=0)
    assert monthly.sum() == 70  # data dictionary: 70 cases
    result = chart(y=monthly.to_numpy(), chart="c")
    c_bar = 70 / 36
    assert result.summary["cl"].iloc[0] == pytest.approx(c_bar)
    assert result.summary["ucl"].iloc[0] == pytest.approx(c_bar + 3 * math.sqrt(c_bar))
    assert result.summary["lcl"].iloc[0] == 0  # c̄ − 3√c̄ < 0 is clipped
    assert not result.summary["runs_signal"].iloc[0]
    assert result.summary["sigma_signals"].iloc[0] == 0


def test_g_chart_baseline_limits_by_hand(gaps: pd.DataFrame) -> None:
    before = gaps[gaps["onset_date"] < "2024-04-01"]
    assert len(before) == 58  # 59 cases before 1 April 2024 give 58 gaps
    assert before["days_between"].sum() == 723
    m = 723 / 58
    expected_ucl = m + 3 * math.sqrt(m * (m + 1))  # Benneyan 2001; qicharts2 qic.g
    assert expected_ucl == pytest.approx(51.33, abs=0.005)
    result = chart(gaps, chart="g", x="onset_date", y="days_between", freeze=58)
    summary = result.summary.iloc[0]
    assert summary["ucl"] == pytest.approx(expected_ucl)
    assert summary["lcl"] == 0
    assert summary["cl"] == 9.5  # median of the 58 baseline gaps
    assert summary["longest_run"] == 12
    assert summary["longest_run_max"] == round(math.log2(69)) + 3 == 9
    flagged = result.points.loc[result.points["sigma_signal"], "x"]
    assert [str(x.date()) for x in flagged] == ["2025-01-22"]


def test_t_chart_centre_line_is_back_transformed_mean(gaps: pd.DataFrame) -> None:
    baseline = gaps["days_between"].iloc[:58].to_numpy()
    expected_cl = np.mean(baseline ** (1 / 3.6)) ** 3.6  # Nelson 1994 transformation
    result = chart(gaps, chart="t", x="onset_date", y="days_between", freeze=58)
    assert result.summary["cl"].iloc[0] == pytest.approx(expected_cl)
    assert result.summary["cl"].iloc[0] == pytest.approx(9.70, abs=0.005)
    assert result.summary["runs_signal"].iloc[0]
    assert result.summary["sigma_signals"].iloc[0] == 0


def test_exercise_g_chart_ucl() -> None:
    m = 24
    expected_ucl = 24 + 3 * math.sqrt(24 * 25)
    assert expected_ucl == pytest.approx(97.48, abs=0.005)
    result = chart(y=[m] * 20, chart="g")  # every gap equal to the mean: m = 24
    assert result.summary["ucl"].iloc[0] == pytest.approx(expected_ucl)


# --- 04 over-dispersion -------------------------------------------------------------------------


def test_p_chart_flags_133_days_and_laney_7() -> None:
    ed = load_dataset("ed_waits")
    p = chart(ed, chart="p", x="date", y="within_4h", n="attendances")
    pp = chart(ed, chart="pp", x="date", y="within_4h", n="attendances")
    assert int(p.points["sigma_signal"].sum()) == 133
    assert int(pp.points["sigma_signal"].sum()) == 7


def test_laney_limit_of_day_one_by_hand() -> None:
    ed = load_dataset("ed_waits")
    p_bar = ed["within_4h"].sum() / ed["attendances"].sum()
    sigma = np.sqrt(p_bar * (1 - p_bar) / ed["attendances"].to_numpy())
    z = (ed["within_4h"].to_numpy() / ed["attendances"].to_numpy() - p_bar) / sigma
    mr = np.abs(np.diff(z))
    sigma_z = mr[mr < 3.267 * mr.mean()].mean() / 1.128  # Laney 2002, screened as in qicharts2
    assert sigma_z == pytest.approx(2.065, abs=0.0005)
    pp = chart(ed, chart="pp", x="date", y="within_4h", n="attendances")
    assert pp.points["ucl"].iloc[0] == pytest.approx(p_bar + 3 * sigma[0] * sigma_z)
    assert pp.points["lcl"].iloc[0] == pytest.approx(p_bar - 3 * sigma[0] * sigma_z)
    assert 100 * pp.points["ucl"].iloc[0] == pytest.approx(90.3, abs=0.05)


def test_laney_limits_do_not_depend_on_denominator_size() -> None:
    ed = load_dataset("ed_waits")
    counts = []
    for factor in (0.1, 4):
        scaled = ed.assign(
            within_4h=(ed["within_4h"] * factor).round(),
            attendances=(ed["attendances"] * factor).round(),
        )
        p = chart(scaled, chart="p", x="date", y="within_4h", n="attendances")
        pp = chart(scaled, chart="pp", x="date", y="within_4h", n="attendances")
        counts.append((int(p.points["sigma_signal"].sum()), int(pp.points["sigma_signal"].sum())))
    assert counts == [(0, 7), (368, 7)]


def test_exercise_laney_ucl() -> None:
    expected = 100 * (0.7 + 3 * math.sqrt(0.7 * 0.3 / 200) * 2.0)
    assert expected == pytest.approx(89.4, abs=0.05)


def test_funnel_larch_beyond_998_and_elm_beyond_95() -> None:
    ulcers = load_dataset("pressure_ulcers")
    totals = ulcers.groupby("ward", as_index=False)[["pressure_ulcers", "occupied_bed_days"]].sum()
    result = funnel(
        totals, unit="ward", y="pressure_ulcers", n="occupied_bed_days", kind="rate", multiply=1000
    )
    pts = result.points.set_index("unit")
    assert totals["pressure_ulcers"].sum() == 26 + 30 + 30 + 43 + 38 + 63 + 31 + 13 + 27 + 20
    assert result.target == pytest.approx(321 / 248094)
    assert set(pts.index[pts["outside_998"] != ""]) == {"Larch"}
    assert set(pts.index[pts["outside_95"] != ""]) == {"Larch", "Elm"}
    assert pts.loc["Larch", "value"] == pytest.approx(1000 * 63 / 20064)
    assert pts.loc["Elm", "value"] == pytest.approx(1000 * 43 / 24357)


# --- 05 Making Data Count -----------------------------------------------------------------------


def _ed_monthly() -> pd.DataFrame:
    ed = load_dataset("ed_waits")
    ed["month"] = ed["date"].dt.to_period("M").dt.to_timestamp()
    monthly = ed.groupby("month", as_index=False)[["within_4h", "attendances"]].sum()
    monthly["pct"] = 100 * monthly["within_4h"] / monthly["attendances"]
    return monthly


def test_ed_monthly_icons_and_limits_by_hand() -> None:
    monthly = _ed_monthly()
    y = monthly["pct"].to_numpy()
    amr = np.abs(np.diff(y)).mean()
    mr = np.abs(np.diff(y))
    amr = mr[mr < 3.267 * amr].mean()
    expected_ucl = y.mean() + 3 * amr / 1.128
    expected_lcl = y.mean() - 3 * amr / 1.128
    result = chart(monthly, chart="i", x="month", y="pct", rules=("mdc",), improvement="higher")
    assert result.summary["ucl"].iloc[0] == pytest.approx(expected_ucl)
    assert result.summary["lcl"].iloc[0] == pytest.approx(expected_lcl)
    assert expected_lcl == pytest.approx(65.22, abs=0.005)
    assert expected_ucl == pytest.approx(73.54, abs=0.005)
    assert [round(v, 1) for v in y[-3:]] == [64.7, 68.2, 70.9]  # the board paper's table


@pytest.mark.parametrize(
    ("target", "icon"),
    [
        (95, "consistent_fail"),
        (74, "consistent_fail"),
        (73, "hit_and_miss"),
        (66, "hit_and_miss"),
        (65, "consistent_pass"),
    ],
)
def test_ed_assurance_icon_at_boundaries(target: int, icon: str) -> None:
    result = chart(
        _ed_monthly(),
        chart="i",
        x="month",
        y="pct",
        rules=("mdc",),
        improvement="higher",
        target=target,
    )
    assert result.summary["mdc_assurance_icon"].iloc[0] == icon
    assert result.summary["mdc_variation_icon"].iloc[0] == "common_cause"


def test_exercise_shift_months() -> None:
    values = [48, 53, 51, 52, 54, 51, 53, 52, 47, 49, 55, 46]
    mean = sum(values) / 12
    assert round(mean, 1) == 50.9
    above = [v > mean for v in values]
    assert above[1:8] == [True] * 7 and not above[0] and not above[8]
    result = chart(y=values, chart="i", rules=("mdc",))
    flagged = [int(i) + 1 for i in result.points.index[result.points["mdc_shift"]]]
    assert flagged == [2, 3, 4, 5, 6, 7, 8]


def test_board_icons_for_the_other_measures() -> None:
    sepsis = load_dataset("sepsis_antibiotics")
    sepsis["month"] = sepsis["week_start"].dt.to_period("M").dt.to_timestamp()
    sm = sepsis.groupby("month", as_index=False)[
        ["antibiotics_within_1h", "suspected_sepsis"]
    ].sum()
    sm["pct"] = 100 * sm["antibiotics_within_1h"] / sm["suspected_sepsis"]
    s = chart(sm, chart="i", x="month", y="pct", rules=("mdc",), improvement="higher", target=90)
    assert tuple(s.summary[["mdc_variation_icon", "mdc_assurance_icon"]].iloc[0]) == (
        "improvement_high",
        "hit_and_miss",
    )
    falls = load_dataset("falls")
    ash = falls[falls["ward"] == "Ash"].reset_index(drop=True)
    ash["rate"] = 1000 * ash["falls"] / ash["occupied_bed_days"]
    a = chart(
        ash,
        chart="i",
        x="month",
        y="rate",
        part=[18],
        rules=("mdc",),
        improvement="lower",
        target=6,
    )
    assert tuple(a.summary[["mdc_variation_icon", "mdc_assurance_icon"]].iloc[-1]) == (
        "common_cause",
        "hit_and_miss",
    )
    assert [round(v, 1) for v in ash["rate"].iloc[-3:]] == [3.6, 4.0, 5.9]
