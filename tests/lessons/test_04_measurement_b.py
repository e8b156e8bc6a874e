"""Numbers and claims in module 4 (measurement) lessons 02 and 03, checked against hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from academy.data import load_dataset
from academy.spc import chart

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.fixture(scope="module")
def falls():
    return load_dataset("falls")


@pytest.fixture(scope="module")
def ed():
    data = load_dataset("ed_waits")
    data["month"] = data["date"].dt.to_period("M").dt.to_timestamp()
    return data


# Lesson 02: sampling and stratification.
def test_weekday_percentages_from_the_totals(ed) -> None:
    totals = ed.groupby("day_of_week")[["attendances", "within_4h"]].sum()
    # Totals read from the data file; the percentages are worked out by hand from them.
    assert totals.loc["Monday"].tolist() == [22959, 14764]
    assert totals.loc["Sunday"].tolist() == [18063, 13371]
    assert ed["attendances"].sum() == 139223 and ed["within_4h"].sum() == 96640
    assert round(14764 / 22959 * 100, 1) == 64.3
    assert round(13371 / 18063 * 100, 1) == 74.0
    assert round(96640 / 139223 * 100, 1) == 69.4
    mean_attendances = ed.groupby("day_of_week")["attendances"].mean()
    assert mean_attendances.idxmax() == "Monday" and round(mean_attendances["Monday"]) == 219
    assert mean_attendances.idxmin() == "Sunday" and round(mean_attendances["Sunday"]) == 172


def test_every_7th_day_is_one_weekday(ed) -> None:
    assert ed["day_of_week"].iloc[2] == "Monday"  # the first Monday is row 2
    for start in range(7):
        sample = ed.iloc[start::7]
        assert sample["day_of_week"].nunique() == 1
    mondays = ed.iloc[2::7]
    assert len(mondays) == 105 and (mondays["day_of_week"] == "Monday").all()
    estimate = mondays["within_4h"].sum() / mondays["attendances"].sum() * 100
    assert estimate == pytest.approx(14764 / 22959 * 100)  # every Monday in the data
    sundays = ed.iloc[1::7]
    assert sundays["within_4h"].sum() / sundays["attendances"].sum() * 100 == pytest.approx(
        13371 / 18063 * 100
    )
    # every 10th day cycles through all seven weekdays (10 and 7 share no factor)
    assert ed.iloc[::10]["day_of_week"].nunique() == 7


def test_random_samples_centre_on_the_truth(ed) -> None:
    rng = np.random.default_rng(20230401)  # as in the lesson
    days = np.array([rng.choice(len(ed), size=104, replace=False) for _ in range(1000)])
    est = (
        ed["within_4h"].to_numpy()[days].sum(axis=1)
        / ed["attendances"].to_numpy()[days].sum(axis=1)
        * 100
    )
    low, high = np.percentile(est, [2.5, 97.5])
    assert (round(low, 1), round(high, 1)) == (68.0, 70.8)
    assert low < 96640 / 139223 * 100 < high
    assert 14764 / 22959 * 100 < est.min() and 13371 / 18063 * 100 > est.max()


def test_birch_centre_line_settles(falls) -> None:
    birch = falls[falls["ward"] == "Birch"].reset_index(drop=True)
    for months, shown in ((6, 7.36), (10, 6.60), (20, 6.49), (36, 6.31)):
        head = birch.head(months)
        expected = head["falls"].sum() / head["occupied_bed_days"].sum() * 1000  # u-bar by hand
        assert round(expected, 2) == shown
        result = chart(
            birch,
            chart="u",
            x="month",
            y="falls",
            n="occupied_bed_days",
            multiply=1000,
            freeze=months if months < 36 else None,
        )
        assert result.summary["cl"].iloc[0] == pytest.approx(expected)
    assert 7.36 / 6.4 == pytest.approx(1.15, abs=0.005)  # "about 15% too high" vs planted 6.4
    ten = chart(birch, chart="u", x="month", y="falls", n="occupied_bed_days", freeze=10)
    assert "trial limits" in ten.explain()
    twenty = chart(birch, chart="u", x="month", y="falls", n="occupied_bed_days", freeze=20)
    assert "trial limits" not in twenty.explain()


def test_combined_falls_chart_hides_ash(falls) -> None:
    def signal(data) -> bool:
        result = chart(
            data,
            chart="run",
            x="month",
            y="falls",
            n="occupied_bed_days",
            multiply=1000,
            freeze=18,
        )
        return bool(result.summary["runs_signal"].iloc[0])

    combined = falls.groupby("month", as_index=False)[["falls", "occupied_bed_days"]].sum()
    assert not signal(combined)
    assert signal(falls[falls["ward"] == "Ash"])
    assert not signal(falls[falls["ward"] == "Birch"])
    assert not signal(falls[falls["ward"] == "Cedar"])
    # Birch and Cedar together have about two thirds of the bed days
    share = (30276 + 26226) / (28254 + 30276 + 26226)
    assert share == pytest.approx(2 / 3, abs=0.01)
    assert falls.groupby("ward")["occupied_bed_days"].sum().to_dict() == {
        "Ash": 28254,
        "Birch": 30276,
        "Cedar": 26226,
    }


def test_monday_worse_than_sunday_most_months(ed) -> None:
    monthly = ed.groupby(["month", "day_of_week"])[["within_4h", "attendances"]].sum()
    pct = (monthly["within_4h"] / monthly["attendances"] * 100).unstack()
    assert len(pct) == 24
    assert int((pct["Monday"] < pct["Sunday"]).sum()) == 23


def test_weekday_medians_in_try_it(ed) -> None:
    medians = {}
    for day in WEEKDAYS:
        one = ed[ed["day_of_week"] == day].groupby("month", as_index=False)
        table = one[["within_4h", "attendances"]].sum()
        result = chart(table, chart="run", x="month", y="within_4h", n="attendances", multiply=100)
        pct = (table["within_4h"] / table["attendances"] * 100).to_numpy()
        expected = float(np.median(pct))  # median of the 24 monthly percentages
        assert result.summary["cl"].iloc[0] == pytest.approx(expected)
        medians[day] = expected
    overall = ed.groupby("month", as_index=False)[["within_4h", "attendances"]].sum()
    overall_median = float(np.median(overall["within_4h"] / overall["attendances"] * 100))
    assert f"{medians['Monday']:.1f}" == "64.1" and f"{medians['Sunday']:.1f}" == "73.7"
    below = {day for day, value in medians.items() if value < overall_median}
    assert below == {"Monday", "Tuesday"}
    # the all-days chart signals (too few crossings): performance dips in winter
    result = chart(overall, chart="run", x="month", y="within_4h", n="attendances", multiply=100)
    assert bool(result.summary["runs_signal"].iloc[0])
    assert result.summary["n_crossings"].iloc[0] < result.summary["n_crossings_min"].iloc[0]


def test_combined_rate_exercise() -> None:
    expected = (12 + 3) / (2000 + 1000) * 1000
    assert expected == pytest.approx(5.0)
    assert 12 / 2000 * 1000 == pytest.approx(6.0) and 3 / 1000 * 1000 == pytest.approx(3.0)
    assert (6.0 + 3.0) / 2 == 4.5  # the wrong answer the feedback names
