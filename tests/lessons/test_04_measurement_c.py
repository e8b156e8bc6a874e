"""Numbers and claims in module 4 (measurement) lesson 03, a measurement plan, checked by hand."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from academy.builders import (
    Measure,
    MeasurementPlan,
    export_data_dictionary,
    family_gaps,
    to_data_dictionary,
)
from academy.data import load_dataset
from academy.errors import InputError
from academy.feedback import check_number, check_set
from academy.spc import advise, chart


@pytest.fixture(scope="module")
def ash() -> pd.DataFrame:
    ulcers = load_dataset("pressure_ulcers")
    return ulcers[ulcers["ward"] == "Ash"].reset_index(drop=True)


def test_ash_totals_and_rate(ash) -> None:
    assert len(ash) == 36
    assert ash["pressure_ulcers"].sum() == 26
    assert ash["occupied_bed_days"].sum() == 28254
    assert round(26 / 28254 * 1000, 2) == 0.92
    assert (ash["occupied_bed_days"].min(), ash["occupied_bed_days"].max()) == (726, 854)


def test_most_ash_months_have_none_or_one(ash) -> None:
    counts = ash["pressure_ulcers"].value_counts().to_dict()
    assert counts == {0: 18, 1: 12, 2: 4, 3: 2}
    assert counts[0] + counts[1] == 30  # "30 of the 36 had none or one"


def test_u_chart_has_no_lower_limit(ash) -> None:
    result = chart(
        ash, chart="u", x="month", y="pressure_ulcers", n="occupied_bed_days", multiply=1000
    )
    u_bar = 26 / 28254  # ulcers per bed day, by hand
    assert result.summary["cl"].iloc[0] == pytest.approx(u_bar * 1000)
    # u chart limits: u-bar +/- 3 sqrt(u-bar / n) (Provost & Murray 2011), truncated at 0.
    last_n = ash["occupied_bed_days"].iloc[-1]
    expected_ucl = (u_bar + 3 * (u_bar / last_n) ** 0.5) * 1000
    assert result.summary["ucl"].iloc[0] == pytest.approx(expected_ucl)
    assert round(expected_ucl, 2) == 4.03
    # Even the largest month (854 bed days) gives a negative lower limit, so it is 0 everywhere.
    assert u_bar - 3 * (u_bar / 854) ** 0.5 < 0
    assert (result.points["lcl"] == 0).all()
    assert result.summary["lcl"].iloc[0] == 0


def test_advised_charts() -> None:
    assert advise("count", equal_opportunity=False).chart == "u"
    rare = advise("count", rare_events=True, event_measure="cases_between")
    assert rare.chart == "g" and rare.alternatives == ["t", "u"]
    assert advise("classification", equal_opportunity=False).chart == "p"
    assert advise("measurement", subgroup_size=1).chart == "i"
    assert advise("measurement").chart == "i"


def _measure(name: str, kind: str, chart_type: str, denominator: str = "") -> Measure:
    return Measure(
        name, kind, "counted", "record", "Weekly", "Ward manager", chart_type, denominator
    )


def test_family_gaps_and_required_denominator() -> None:
    draft = MeasurementPlan(
        "aim",
        [
            _measure("Rate", "outcome", "u", "bed days"),
            _measure("Gaps", "outcome", "g"),
            _measure("Assessed", "process", "p", "admissions"),
        ],
    )
    assert family_gaps(draft) == ["balancing"]
    full = MeasurementPlan("aim", [*draft.measures, _measure("Minutes", "balancing", "i")])
    assert family_gaps(full) == []
    with pytest.raises(InputError, match="denominator"):
        to_data_dictionary(MeasurementPlan("aim", [replace(draft.measures[2], denominator="")]))
    with pytest.raises(InputError, match="owner"):
        to_data_dictionary(MeasurementPlan("aim", [replace(draft.measures[1], owner="")]))


def test_export_round_trip(tmp_path) -> None:
    plan = MeasurementPlan("aim", [_measure("Minutes", "balancing", "i")])
    written = export_data_dictionary(plan, tmp_path / "plan.csv")
    table = pd.read_csv(written, keep_default_na=False)
    assert list(table.columns) == [
        "Measure",
        "Type",
        "Numerator",
        "Denominator",
        "Inclusions",
        "Exclusions",
        "Data source",
        "Frequency",
        "Owner",
        "Chart",
    ]
    assert table["Owner"].tolist() == ["Ward manager"]


def test_rate_exercise() -> None:
    expected = 3 / 2340 * 1000  # 3 ulcers in 2,340 occupied bed days, per 1,000
    assert round(expected, 2) == 1.28
    assert check_number(1.28, expected=expected, tolerance=0.005).correct
    assert not check_number(round(3 / 2340 * 100, 2), expected=expected, tolerance=0.005).correct


def test_missing_parts_exercise() -> None:
    # Parts of a complete definition (the lesson's table) minus those the draft gives.
    parts = {
        "numerator",
        "denominator",
        "inclusions",
        "exclusions",
        "data source",
        "frequency",
        "owner",
    }
    given = {"numerator", "inclusions", "exclusions", "data source", "frequency"}
    assert parts - given == {"denominator", "owner"}
    assert check_set(["denominator", "owner"], expected=parts - given).correct
    assert not check_set(["denominator"], expected=parts - given).correct
