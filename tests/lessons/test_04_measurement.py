"""Numbers and claims in the module 4 (measurement) lessons, checked against hand computations."""

from __future__ import annotations

import pytest

from academy.data import load_dataset


@pytest.fixture(scope="module")
def falls():
    return load_dataset("falls")


# Lesson 01: outcome, process and balancing measures.
def test_ash_first_months_rates(falls) -> None:
    ash = falls[falls["ward"] == "Ash"].reset_index(drop=True)
    assert ash.loc[0, ["falls", "occupied_bed_days"]].tolist() == [8, 772]
    assert ash.loc[1, ["falls", "occupied_bed_days"]].tolist() == [2, 763]
    assert 8 / 772 * 1000 == pytest.approx(10.36, abs=0.005)
    expected_may = 2 / 763 * 1000  # the exercise answer
    assert round(expected_may, 2) == 2.62
    rates = ash["falls"] / ash["occupied_bed_days"] * 1000
    assert rates.iloc[1] == pytest.approx(expected_may)


def test_counts_and_rates_tell_different_stories(falls) -> None:
    totals = falls.groupby("ward")[["falls", "occupied_bed_days"]].sum()
    assert totals.loc["Ash"].tolist() == [164, 28254]
    assert totals.loc["Cedar"].tolist() == [157, 26226]
    assert totals.loc["Birch"].tolist() == [191, 30276]
    ash_rate, cedar_rate = 164 / 28254 * 1000, 157 / 26226 * 1000
    assert (round(ash_rate, 2), round(cedar_rate, 2)) == (5.80, 5.99)
    # more falls on Ash, but a lower rate, because of about 2,000 more bed days
    assert 164 > 157 and ash_rate < cedar_rate
    assert 28254 - 26226 == pytest.approx(2000, abs=100)
