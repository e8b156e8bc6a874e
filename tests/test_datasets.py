"""Checks on the synthetic teaching datasets and their data dictionary.

The committed CSVs must be exactly what ``datasets/generate_datasets.py``
writes, their columns must be the ones ``datasets/README.md`` documents, every
value must lie in the range the README states, and the planted stories the
README describes must be true of the data.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA_DIR = Path(__file__).resolve().parents[1] / "datasets"
README = DATA_DIR / "README.md"


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "generate_datasets", DATA_DIR / "generate_datasets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()
FILES = sorted(GEN.DATASETS)


def _dictionary() -> dict[str, list[dict[str, str]]]:
    """Parse README.md: for each "## `name.csv`" section, the rows of its first table."""
    text = README.read_text(encoding="utf-8")
    sections = re.split(r"^## `([a-z0-9_]+\.csv)`$", text, flags=re.MULTILINE)
    tables = {}
    for name, body in zip(sections[1::2], sections[2::2], strict=True):
        block = re.search(r"(^\|.*\n)+", body, flags=re.MULTILINE).group(0)
        rows = [
            [c.strip() for c in line.strip().strip("|").split("|")] for line in block.splitlines()
        ]
        header, _separator, *cells = rows
        tables[name] = [dict(zip(header, row, strict=True)) for row in cells]
    return tables


DICTIONARY = _dictionary()


def _read(name: str) -> pd.DataFrame:
    """Read a CSV with every cell as text, so the tests see exactly what is written."""
    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)


def test_every_dataset_is_documented_and_committed():
    assert sorted(DICTIONARY) == FILES
    assert sorted(p.name for p in DATA_DIR.glob("*.csv")) == FILES


def test_generator_rewrites_every_file_byte_identically(tmp_path):
    written = GEN.main(tmp_path)
    assert sorted(p.name for p in written) == FILES
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_generator_functions_are_pure():
    for make in GEN.DATASETS.values():
        pd.testing.assert_frame_equal(make(), make())


@pytest.mark.parametrize("name", FILES)
def test_columns_match_the_data_dictionary(name):
    documented = [row["column"] for row in DICTIONARY[name]]
    assert list(_read(name).columns) == documented
    for column in documented:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", column), f"{column} is not snake_case"


@pytest.mark.parametrize("name", FILES)
def test_values_have_the_documented_type(name):
    data = _read(name)
    for row in DICTIONARY[name]:
        values = data[row["column"]]
        present = values[values != ""]
        if row["type"] == "integer":
            assert present.str.fullmatch(r"-?[0-9]+").all(), row["column"]
        elif row["type"] == "date":
            assert present.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").all(), row["column"]
            pd.to_datetime(present, format="%Y-%m-%d")  # raises on an impossible date
        else:
            assert row["type"] == "string", f"unknown type {row['type']!r} in README"
        if not (name == "cdiff_infections.csv" and row["column"] == "days_between"):
            assert len(present) == len(values), f"{row['column']} has missing values"


def _check_range(data: pd.DataFrame, row: dict[str, str]) -> None:
    """Check one column against the README's "valid range" cell.

    Understood forms: "N or more", "N to M", "0 to <other column>", "1 to the number of
    rows", "<date> to <date>", a comma-separated list of allowed strings; an optional
    "(here A to B)" states the observed minimum and maximum exactly.
    """
    column, text, kind = row["column"], row["valid range"], row["type"]
    raw = data[column]
    if kind == "string":
        assert set(raw) == {v.strip() for v in text.split(",")}, column
        return
    if kind == "date":
        first, last = re.match(r"(\S+) to (\S+?)(,|$)", text).group(1, 2)
        assert first <= raw.min() and raw.max() <= last, column
        return
    values = pd.to_numeric(raw[raw != ""]).to_numpy()
    rule = text.split("(")[0].split(",")[0].strip()
    if m := re.fullmatch(r"(\d+) or more", rule):
        assert values.min() >= int(m.group(1)), column
    elif m := re.fullmatch(r"(\d+) to (\d+)", rule):
        assert int(m.group(1)) <= values.min() and values.max() <= int(m.group(2)), column
    elif m := re.fullmatch(r"0 to ([a-z_]+)", rule):
        assert (values >= 0).all(), column
        assert (values <= pd.to_numeric(data[m.group(1)]).to_numpy()).all(), column
    elif rule == "1 to the number of rows":
        assert (values == np.arange(1, len(data) + 1)).all(), column
    else:
        raise AssertionError(f"README range {text!r} for {column} is not understood")
    if m := re.search(r"\(here (\d+) to (\d+)\)", text):
        assert (values.min(), values.max()) == (int(m.group(1)), int(m.group(2))), column


@pytest.mark.parametrize("name", FILES)
def test_values_lie_in_the_documented_ranges(name):
    data = _read(name)
    for row in DICTIONARY[name]:
        _check_range(data, row)


def _numeric(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / name)


@pytest.mark.parametrize(
    ("name", "numerator", "denominator"),
    [
        ("falls.csv", "falls", "occupied_bed_days"),
        ("pressure_ulcers.csv", "pressure_ulcers", "occupied_bed_days"),
        ("sepsis_antibiotics.csv", "antibiotics_within_1h", "suspected_sepsis"),
        ("ed_waits.csv", "within_4h", "attendances"),
        ("p_example.csv", "numerator", "denominator"),
    ],
)
def test_counts_are_non_negative_and_numerators_within_denominators(name, numerator, denominator):
    data = _numeric(name)
    assert (data[numerator] >= 0).all()
    assert (data[denominator] > 0).all()
    assert (data[numerator] <= data[denominator]).all()


@pytest.mark.parametrize("name", ["falls.csv", "pressure_ulcers.csv"])
def test_monthly_series_are_consecutive_months_per_ward(name):
    data = _numeric(name)
    for ward, rows in data.groupby("ward"):
        months = pd.to_datetime(rows["month"])
        assert (months.dt.day == 1).all(), ward
        expected = pd.date_range("2022-04-01", periods=36, freq="MS")
        assert (months.to_numpy() == expected.to_numpy()).all(), ward


def test_bed_days_are_the_same_ward_and_month_in_both_monthly_files():
    falls = _numeric("falls.csv")
    ulcers = _numeric("pressure_ulcers.csv")
    both = falls.merge(ulcers, on=["month", "ward"], suffixes=("_falls", "_pu"))
    assert len(both) == len(falls)
    assert (both["occupied_bed_days_falls"] == both["occupied_bed_days_pu"]).all()


def test_bed_days_never_exceed_beds_times_days():
    data = _numeric("pressure_ulcers.csv")
    beds = data["ward"].map(GEN.WARDS)
    days = pd.to_datetime(data["month"]).dt.days_in_month
    assert (data["occupied_bed_days"] <= beds * days).all()


def test_sepsis_weeks_start_on_consecutive_mondays():
    weeks = pd.to_datetime(_numeric("sepsis_antibiotics.csv")["week_start"])
    assert (weeks.dt.day_of_week == 0).all()
    assert (weeks.diff().dropna() == pd.Timedelta(days=7)).all()


def test_ed_days_are_consecutive_and_weekday_names_match():
    data = _numeric("ed_waits.csv")
    dates = pd.to_datetime(data["date"])
    assert (dates.diff().dropna() == pd.Timedelta(days=1)).all()
    assert (dates.dt.day_name() == data["day_of_week"]).all()


def test_cdiff_dates_increase_and_days_between_is_their_difference():
    data = _numeric("cdiff_infections.csv")
    dates = pd.to_datetime(data["onset_date"])
    gaps = dates.diff().dt.days
    assert np.isnan(data["days_between"].iloc[0])
    assert (gaps.iloc[1:] >= 1).all()  # strictly increasing: at most one case a day
    assert (data["days_between"].iloc[1:] == gaps.iloc[1:]).all()


def test_xmr_example_matches_the_worked_check():
    y = _numeric("xmr_example.csv")["value"].to_numpy()
    # Worked check in shared/reference/measurement-rules.md: mean 14.6, AMR 89/19.
    assert len(y) == 20
    assert y.sum() == 292  # 14.6 * 20
    assert np.abs(np.diff(y)).sum() == 89
    assert y[7] == 40


def test_p_example_matches_the_worked_check():
    data = _numeric("p_example.csv")
    assert len(data) == 12
    # measurement-rules.md writes p-bar = 175/1320 but its 0.132558 is 171/1290, the true sums.
    assert data["numerator"].sum() == 171 and data["denominator"].sum() == 1290
    p_bar = 171 / 1290
    assert round(p_bar, 6) == 0.132558
    # Point 7: 30/130 is above its upper limit p-bar + 3 * sqrt(p-bar * (1 - p-bar) / 130) = 0.22178.
    assert 30 / 130 > p_bar + 3 * np.sqrt(p_bar * (1 - p_bar) / 130)
    assert (data.loc[6, "numerator"], data.loc[6, "denominator"]) == (30, 130)


# The planted stories, with the observed values the README states.


def _rate_per_1000(rows: pd.DataFrame, events: str) -> float:
    return 1000 * rows[events].sum() / rows["occupied_bed_days"].sum()


def test_falls_ash_ward_improves_from_october_2023_and_the_others_do_not():
    data = _numeric("falls.csv")
    before = data["month"] < "2023-10-01"
    planted = {"Ash": (7.4, 4.4), "Birch": (6.4, 6.4), "Cedar": (5.8, 5.8)}
    for ward, (rate_before, rate_after) in planted.items():
        rows = data["ward"] == ward
        assert abs(_rate_per_1000(data[rows & before], "falls") / rate_before - 1) < 0.08, ward
        assert abs(_rate_per_1000(data[rows & ~before], "falls") / rate_after - 1) < 0.08, ward


def test_pressure_ulcers_larch_is_beyond_the_poisson_99_8_percent_limit():
    totals = (
        _numeric("pressure_ulcers.csv")
        .groupby("ward")[["pressure_ulcers", "occupied_bed_days"]]
        .sum()
    )
    rate = totals["pressure_ulcers"].sum() / totals["occupied_bed_days"].sum()
    expected = rate * totals["occupied_bed_days"]
    # Normal approximation to the Poisson 99.8% funnel limit (z = 3.09, Spiegelhalter 2005).
    upper = expected + 3.09 * np.sqrt(expected)
    lower = expected - 3.09 * np.sqrt(expected)
    outside = totals.index[
        (totals["pressure_ulcers"] > upper) | (totals["pressure_ulcers"] < lower)
    ]
    assert outside.tolist() == ["Larch"]


def test_sepsis_compliance_rises_from_about_60_to_about_87_percent():
    data = _numeric("sepsis_antibiotics.csv")
    change = data.index[data["week_start"] == "2024-01-08"][0]
    assert change == 40  # the 41st week
    before = data.iloc[:change]
    after = data.iloc[change + 6 :]  # the six-week ramp is over
    p_before = before["antibiotics_within_1h"].sum() / before["suspected_sepsis"].sum()
    p_after = after["antibiotics_within_1h"].sum() / after["suspected_sepsis"].sum()
    assert abs(p_before - 0.60) < 0.03
    assert abs(p_after - 0.87) < 0.03


def test_cdiff_cases_fall_from_about_2_4_to_about_1_a_month_after_april_2024():
    data = _numeric("cdiff_infections.csv")
    before = (data["onset_date"] < "2024-04-01").sum()
    after = len(data) - before
    assert abs(before / 24 / 2.4 - 1) < 0.08  # 24 months, April 2022 to March 2024
    assert abs(after / 12 - 1.0) < 0.1  # 12 months, April 2024 to March 2025


def test_ed_performance_and_weekday_pattern():
    data = _numeric("ed_waits.csv")
    overall = data["within_4h"].sum() / data["attendances"].sum()
    assert 0.65 <= overall <= 0.75
    by_day = data.groupby("day_of_week")[["within_4h", "attendances"]].sum()
    share = by_day["within_4h"] / by_day["attendances"]
    assert share.idxmin() == "Monday" and share.idxmax() == "Sunday"
    assert data.groupby("day_of_week")["attendances"].mean().idxmax() == "Monday"


def test_ed_data_are_over_dispersed():
    data = _numeric("ed_waits.csv")
    p = data["within_4h"] / data["attendances"]
    p_bar = data["within_4h"].sum() / data["attendances"].sum()
    z = (p - p_bar) / np.sqrt(p_bar * (1 - p_bar) / data["attendances"])
    # Laney (2002): sigma_z = average moving range of z / 1.128; 1 means no over-dispersion.
    sigma_z = np.abs(np.diff(z)).mean() / 1.128
    assert sigma_z > 1.5
