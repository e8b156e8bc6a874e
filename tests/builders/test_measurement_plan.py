"""Tests for the measurement plan builder and its data dictionary exports."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from academy.builders.measurement_plan import (
    DICTIONARY_COLUMNS,
    FIGURE_COLUMNS,
    Measure,
    MeasurementPlan,
    data_dictionary_markdown,
    export_data_dictionary,
    family_gaps,
    load_plan,
    neutralise_cell,
    plan_from_dict,
    plan_to_dict,
    plot_measurement_plan,
    save_plan,
    to_data_dictionary,
)
from academy.errors import InputError


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def sample() -> MeasurementPlan:
    return MeasurementPlan(
        "Cut cardiac arrests by 50%",
        [
            Measure(
                "Arrest rate",
                "outcome",
                "Cardiac arrest calls",
                "Crash log",
                "Monthly",
                "Resus lead",
                "u",
                denominator="Admissions (thousands)",
                exclusions="ED, ICU",
            ),
            Measure(
                "Observations on time",
                "process",
                "Sets on time",
                "Audit",
                "Weekly",
                "Ward sister",
                "p",
                denominator="Sets audited",
                inclusions="Adults",
            ),
        ],
    )


def measure_dict(**changes):
    base = {
        "name": "M",
        "measure_type": "process",
        "numerator": "n",
        "data_source": "s",
        "frequency": "f",
        "owner": "o",
        "chart_type": "run",
    }
    return {**base, **changes}


def test_round_trip_through_json(tmp_path):
    path = save_plan(sample(), tmp_path / "plan.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["schema"], document["schema_version"]) == ("measurement_plan", 1)
    assert document["measures"][1]["inclusions"] == "Adults"
    assert load_plan(path) == sample()


def test_types_and_chart_ids_are_normalised():
    plan = plan_from_dict(
        {"aim": "A", "measures": [measure_dict(measure_type=" Outcome", chart_type="I")]}
    )
    assert plan.measures[0].measure_type == "outcome"
    assert plan.measures[0].chart_type == "i"
    assert plan.measures[0].denominator == ""


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (
            measure_dict(measure_type="result"),
            "field 'measures[0].measure_type' is 'result'; choose",
        ),
        (
            measure_dict(chart_type="bar"),
            "field 'measures[0].chart_type' is 'bar'; choose one of run",
        ),
        (measure_dict(owner=""), "field 'measures[0].owner' is empty"),
        (measure_dict(chart_type="p"), "field 'measures[0].denominator' is empty but a p chart"),
        (measure_dict(chart_type="u", denominator=" "), "but a u chart needs one"),
        (measure_dict(denominator=3), "field 'measures[0].denominator' must be text"),
        (measure_dict(unit="%"), "field 'measures[0].unit' is not known"),
        (
            {k: v for k, v in measure_dict().items() if k != "frequency"},
            "'measures[0].frequency' is missing",
        ),
    ],
)
def test_validation_names_the_field_path(measure, message):
    with pytest.raises(InputError) as caught:
        plan_from_dict({"aim": "A", "measures": [measure]})
    assert message in str(caught.value)


def test_chart_with_denominator_but_count_chart_is_allowed():
    plan_from_dict({"aim": "A", "measures": [measure_dict(chart_type="c")]})
    plan_from_dict({"aim": "A", "measures": [measure_dict(chart_type="np", denominator="n")]})


def test_duplicate_measure_names_are_rejected():
    data = {"aim": "A", "measures": [measure_dict(name="Falls"), measure_dict(name="falls ")]}
    with pytest.raises(
        InputError, match=r"'measures\[1\]\.name' repeats 'falls' \(also measures\[0\]\)"
    ):
        plan_from_dict(data)


def test_family_gaps():
    assert family_gaps(sample()) == ["balancing"]
    assert family_gaps(MeasurementPlan("A")) == ["outcome", "process", "balancing"]


def test_data_dictionary_table():
    expected = pd.DataFrame(
        {
            "Measure": ["Arrest rate", "Observations on time"],
            "Type": ["outcome", "process"],
            "Numerator": ["Cardiac arrest calls", "Sets on time"],
            "Denominator": ["Admissions (thousands)", "Sets audited"],
            "Inclusions": ["", "Adults"],
            "Exclusions": ["ED, ICU", ""],
            "Data source": ["Crash log", "Audit"],
            "Frequency": ["Monthly", "Weekly"],
            "Owner": ["Resus lead", "Ward sister"],
            "Chart": ["Rate (U) chart", "Proportion (P) chart"],
        },
        dtype="str",
    )
    pd.testing.assert_frame_equal(to_data_dictionary(sample()), expected)
    assert list(DICTIONARY_COLUMNS) == list(expected.columns)


def test_empty_plan_gives_an_empty_dictionary_with_columns():
    table = to_data_dictionary(MeasurementPlan("A"))
    assert table.shape == (0, 10)
    assert list(table.columns) == list(DICTIONARY_COLUMNS)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+44 1234", "'+44 1234"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (" =x", " =x"),
        ("", ""),
        ("'=x", "'=x"),
    ],
)
def test_neutralise_cell(cell, expected):
    assert neutralise_cell(cell) == expected


def test_csv_export_neutralises_formulas(tmp_path):
    plan = MeasurementPlan(
        "A",
        [
            Measure(
                '=HYPERLINK("x")',
                "balancing",
                "-1 per day",
                "@source",
                "Daily",
                "+owner",
                "i",
                exclusions="none, really",
            )
        ],
    )
    path = export_data_dictionary(plan, tmp_path / "dictionary.csv")
    assert path.read_text(encoding="utf-8").splitlines() == [
        "Measure,Type,Numerator,Denominator,Inclusions,Exclusions,Data source,Frequency,Owner,Chart",
        '"\'=HYPERLINK(""x"")",balancing,\'-1 per day,,,"none, really",\'@source,Daily,'
        "'+owner,Individuals (I) chart",
    ]


def test_markdown_export_escapes_pipes(tmp_path):
    plan = MeasurementPlan(
        "Fewer falls | harm",
        [Measure("Falls", "outcome", "Falls | harm", "Datix", "Monthly", "Lead", "c")],
    )
    expected = (
        "**Aim:** Fewer falls \\| harm\n"
        "\n"
        "| Measure | Type | Numerator | Denominator | Inclusions | Exclusions | Data source"
        " | Frequency | Owner | Chart |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        "| Falls | outcome | Falls \\| harm |  |  |  | Datix | Monthly | Lead | Count (C) chart |\n"
    )
    assert data_dictionary_markdown(plan) == expected
    path = export_data_dictionary(plan, tmp_path / "dictionary.MD")
    assert path.read_text(encoding="utf-8") == expected


def test_export_needs_a_known_suffix(tmp_path):
    with pytest.raises(
        InputError, match=r"cannot export to 'd\.xlsx'; end the file name in \.csv or \.md"
    ):
        export_data_dictionary(sample(), tmp_path / "d.xlsx")


def test_plan_dict_round_trip():
    assert plan_from_dict(plan_to_dict(sample())) == sample()


def test_figure_is_a_labelled_table():
    ax = plot_measurement_plan(sample())
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "Measurement plan: Cut cardiac arrests by 50%"
    assert texts[1 : 1 + len(FIGURE_COLUMNS)] == list(FIGURE_COLUMNS)
    # Type written in words, so rows read without colour.
    assert "Outcome" in texts and "Process" in texts
    assert (
        "Numerator: Cardiac arrest calls\nDenominator: Admissions (thousands)\nExcludes: ED, ICU"
        in texts
    )
    # rules: top, under the header, under each of the 2 rows
    assert len(ax.lines) == 4
    assert not ax.axison


def test_figure_of_an_empty_plan_says_so():
    ax = plot_measurement_plan(MeasurementPlan("A"), title="Plan")
    texts = [t.get_text() for t in ax.texts]
    assert texts[0] == "Plan"
    assert "No measures yet." in texts
