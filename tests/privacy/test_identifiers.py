"""Tests of academy.privacy.identifiers: the identifiable-data guard.

Expected NHS-number results are worked by hand in each test from the modulus 11
rule of the NHS Data Dictionary ("NHS Number"), or computed by this file's own
small check-digit function (:func:`reference_check_digit`), never by the module.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from academy.data import load_dataset
from academy.errors import InputError
from academy.loaders import read_table
from academy.privacy import (
    IdentifiableDataError,
    IdentifierColumn,
    check_not_identifiable,
    find_identifiers,
    identifiers,
    is_valid_nhs_number,
)
from academy.privacy.identifiers import sample_rows
from academy.spc import chart


def reference_check_digit(first_nine: str) -> int | None:
    """The NHS number check digit for nine digits, or None when the remainder rule gives 10."""
    total = 0
    for position, digit in enumerate(first_nine):
        total += int(digit) * (10 - position)  # weights 10, 9, ..., 2
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def make_nhs_numbers(rng: np.random.Generator, count: int) -> list[int]:
    """Valid NHS numbers starting 4, 6 or 7, with check digits from this file's own function."""
    numbers: list[int] = []
    while len(numbers) < count:
        first_nine = str(rng.choice([4, 6, 7])) + "".join(str(d) for d in rng.integers(0, 10, 8))
        check = reference_check_digit(first_nine)
        if check is not None and len(set(first_nine)) > 1:
            numbers.append(int(first_nine + str(check)))
    return numbers


def kinds(frame: pd.DataFrame) -> dict[str, str]:
    return {hit.column: hit.kind for hit in find_identifiers(frame)}


# ------------------------------------------------------------ NHS number check


def test_published_example_worked_by_hand() -> None:
    # 943 476 5919: 9*10 + 4*9 + 3*8 + 4*7 + 7*6 + 6*5 + 5*4 + 9*3 + 1*2
    # = 90 + 36 + 24 + 28 + 42 + 30 + 20 + 27 + 2 = 299; 299 = 11 * 27 + 2, so the check digit
    # is 11 - 2 = 9, the last digit of 943 476 5919.
    assert reference_check_digit("943476591") == 9
    for value in (
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        "  943 476 5919 ",
        9434765919,
        np.int64(9434765919),
        9434765919.0,
    ):
        assert is_valid_nhs_number(value), value


def test_every_other_last_digit_is_wrong() -> None:
    for last in "012345678":
        assert not is_valid_nhs_number("943476591" + last)


def test_remainder_one_gives_ten_so_no_number_is_valid() -> None:
    # 943 476 596x: the sum is 299 + 2 * (6 - 1) = 309; 309 % 11 = 1 and 11 - 1 = 10.
    assert reference_check_digit("943476596") is None
    for last in "0123456789":
        assert not is_valid_nhs_number("943476596" + last)


def test_remainder_zero_gives_check_digit_zero() -> None:
    # 943 476 590x: the sum is 299 - 2 = 297 = 27 * 11, remainder 0, 11 becomes 0.
    assert reference_check_digit("943476590") == 0
    assert is_valid_nhs_number("943 476 5900")
    assert not is_valid_nhs_number("943 476 5901")


def test_a_leading_zero_counts_in_text_but_a_number_that_lost_it_has_nine_digits() -> None:
    # 012 345 678: 0*10 + 1*9 + 2*8 + 3*7 + 4*6 + 5*5 + 6*4 + 7*3 + 8*2 = 156;
    # 156 % 11 = 2 and 11 - 2 = 9, the last digit of 012 345 6789.
    assert reference_check_digit("012345678") == 9
    assert is_valid_nhs_number("0123456789")
    assert not is_valid_nhs_number(123456789)
    assert kinds(pd.DataFrame({"as_text": ["0123456789"] * 3})) == {"as_text": "nhs_number"}
    frame = pd.DataFrame({"as_int": [123456789] * 3, "negative": [-9434765919] * 3})
    assert find_identifiers(frame) == []


def test_repeated_digits_are_refused_although_the_arithmetic_passes() -> None:
    # 4444444444: 4 * (10 + 9 + ... + 2) = 4 * 54 = 216; 216 % 11 = 7; 11 - 7 = 4.
    assert reference_check_digit("444444444") == 4
    assert reference_check_digit("000000000") == 0
    for value in ("4444444444", "0000000000", 9999999999):
        assert not is_valid_nhs_number(value)


@pytest.mark.parametrize(
    "value",
    [
        "943476591",  # 9 digits
        "94347659190",  # 11 digits
        943476591,
        94347659190,
        "943 4765 919",  # not 3-3-4
        "943.476.5919",
        "943  476 5919",  # two spaces inside
        "94347659l9",
        "",
        9434765919.5,
        float("nan"),
        True,
        None,
    ],
)
def test_not_nhs_numbers(value: object) -> None:
    assert not is_valid_nhs_number(value)  # type: ignore[arg-type]


def test_module_agrees_with_the_hand_rule_and_the_pass_rate_is_one_in_eleven() -> None:
    rng = np.random.default_rng(20260611)
    numbers = rng.integers(1_000_000_000, 10_000_000_000, 22_000)
    expected = np.array(
        [reference_check_digit(str(n)[:9]) == n % 10 and len(set(str(n))) > 1 for n in numbers]
    )
    assert [is_valid_nhs_number(int(n)) for n in numbers] == expected.tolist()
    # The column checks (int64, float64 with a blank, and text in 3-3-4 groups) agree too.
    spaced = [f"{str(n)[:3]} {str(n)[3:6]} {str(n)[6:]}" for n in numbers]
    for column in (
        pd.Series(numbers),
        pd.Series(numbers.astype(float)),
        pd.Series(spaced),
    ):
        assert identifiers._nhs_numbers(column).tolist() == expected.tolist()
    # A random 10-digit number passes about 1 time in 11 (the module docstring's false-positive
    # basis); 3 standard errors of a proportion of 22,000 is about 0.006.
    assert abs(expected.mean() - 1 / 11) < 0.006


# --------------------------------------------------------------- NHS columns


def test_nhs_number_column_as_text_numbers_and_floats_with_blanks() -> None:
    valid = make_nhs_numbers(np.random.default_rng(1), 4)
    spaced = [f"{str(n)[:3]} {str(n)[3:6]} {str(n)[6:]}" for n in valid]
    frame = pd.DataFrame(
        {
            "as_text": [*spaced, None],
            "as_int": pd.Series([*valid, valid[0]], dtype="int64"),
            "as_float": [*map(float, valid), np.nan],  # pandas reads a column with a blank so
            "falls": [0, 1, 0, 2, 1],
        }
    )
    found = find_identifiers(frame)
    assert [(hit.column, hit.kind) for hit in found] == [
        ("as_text", "nhs_number"),
        ("as_int", "nhs_number"),
        ("as_float", "nhs_number"),
    ]
    assert found[0].reason == "4 of 4 values are valid NHS numbers"  # the blank is not counted
    assert found[1].reason == "5 of 5 values are valid NHS numbers"


def test_more_than_half_must_be_valid() -> None:
    valid = make_nhs_numbers(np.random.default_rng(2), 6)
    wrong = [n + 1 if n % 10 < 9 else n - 1 for n in valid]  # a changed check digit never passes
    half = pd.DataFrame({"id": valid[:5] + wrong[:5]})
    six = pd.DataFrame({"id": valid[:6] + wrong[:4]})
    assert find_identifiers(half) == []
    assert find_identifiers(six) == [
        IdentifierColumn("id", "nhs_number", "6 of 10 values are valid NHS numbers")
    ]


def test_telephone_numbers_are_not_flagged() -> None:
    rng = np.random.default_rng(3)
    local = rng.integers(100_000_000, 999_999_999, 200)
    as_text = [f"01{str(n)[:3]} {str(n)[3:]}" for n in local]  # 11 digits with the leading 0
    as_numbers = [int("1" + str(n)) for n in local]  # 10 digits: the leading 0 was lost
    frame = pd.DataFrame({"phone": as_text, "telephone": as_numbers})
    assert sum(is_valid_nhs_number(n) for n in as_numbers) < 100  # some pass, by chance
    assert find_identifiers(frame) == []


def test_mixed_and_categorical_columns_are_read_as_text() -> None:
    frame = pd.DataFrame(
        {
            "from_excel": pd.Series([9434765919, "943 476 5900", None], dtype=object),
            "area": pd.Categorical(["CF10 3AT", "SA1 8PP", "CF10 3AT"]),
        }
    )
    assert kinds(frame) == {"from_excel": "nhs_number", "area": "postcode"}


def test_counts_and_measures_are_not_flagged() -> None:
    frame = pd.DataFrame(
        {
            "falls": [3, 0, 5, 2],
            "occupied_bed_days": [812.0, 790.5, np.nan, 801.0],
            "rate": [3.7, 0.0, 6.1, 2.4],
            "big_total": [9434765919, 9434765919, 1234567890, 1234567891],  # 2 of 4: not a majority
        }
    )
    assert find_identifiers(frame) == []


# ------------------------------------------------------ identifier column names


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("nhs_no", "nhs_number"),
        ("NHS Number", "nhs_number"),
        ("NHSNumber", "nhs_number"),
        ("Rhif GIG", "nhs_number"),
        ("MRN", "patient_identifier"),
        ("patient_mrn", "patient_identifier"),
        ("Hospital Number", "patient_identifier"),
        ("hospital_no", "patient_identifier"),
        ("patient id", "patient_identifier"),
        ("PatientID", "patient_identifier"),
        ("CRN", "patient_identifier"),
        ("case_note_number", "patient_identifier"),
        ("CHI number", "patient_identifier"),
    ],
)
def test_identifier_names_are_flagged_whatever_the_values(name: str, kind: str) -> None:
    frame = pd.DataFrame({name: ["A12", "B7", None], "falls": [1, 0, 2]})
    [hit] = find_identifiers(frame)
    assert (hit.column, hit.kind) == (name, kind)
    assert hit.reason == f"the column name suggests {_description(kind)}"


def _description(kind: str) -> str:
    return {
        "nhs_number": "NHS numbers (patient identifiers)",
        "patient_identifier": "hospital or patient numbers (patient identifiers)",
        "name": "personal names",
    }[kind]


@pytest.mark.parametrize(
    "name", ["patients", "patient_numbers", "nhs notes", "id", "hospital", "unit", "chi"]
)
def test_ordinary_names_are_not_identifier_names(name: str) -> None:
    assert find_identifiers(pd.DataFrame({name: [12, 15, 9]})) == []


def test_a_blank_identifier_column_is_not_flagged() -> None:
    assert find_identifiers(pd.DataFrame({"nhs_number": [None, None], "falls": [1, 2]})) == []


# ------------------------------------------------------------- dates of birth


@pytest.mark.parametrize(
    "name",
    [
        "dob",
        "DOB",
        "D.O.B.",
        "Date of birth",
        "date_of_birth",
        "DateOfBirth",
        "birth date",
        "birthdate",
        "patientDOB",
        "Dyddiad geni",
    ],
)
def test_dates_of_birth_are_flagged(name: str) -> None:
    frame = pd.DataFrame({name: ["12/03/1950", "1987-11-30", None, "01/01/2001"]})
    assert find_identifiers(frame) == [
        IdentifierColumn(
            name, "date_of_birth", "named as a date of birth and 3 of 3 values are dates"
        )
    ]


def test_date_of_birth_as_datetimes() -> None:
    frame = pd.DataFrame({"dob": pd.to_datetime(["1950-03-12", "1987-11-30"])})
    assert kinds(frame) == {"dob": "date_of_birth"}


def test_week_and_date_columns_are_not_dates_of_birth() -> None:
    weeks = pd.date_range("2024-01-01", periods=5, freq="W-MON")
    frame = pd.DataFrame(
        {
            "date": weeks,
            "week_start": weeks.strftime("%d/%m/%Y"),
            "month": weeks.strftime("%Y-%m"),
            "birth_weight": [3.1, 2.9, 3.4, 3.6, 2.8],
        }
    )
    assert find_identifiers(frame) == []


def test_a_dob_column_without_dates_is_not_flagged() -> None:
    assert find_identifiers(pd.DataFrame({"dob": ["unknown", "not recorded", "x"]})) == []


# ------------------------------------------------------------------- postcodes


def test_full_postcodes_are_flagged_with_and_without_spaces() -> None:
    frame = pd.DataFrame(
        {"home": ["CF10 3AT", "SA1 8PP", "cf103at", "B1  1AA", "GIR 0AA", "LL57 2PW", np.nan]}
    )
    assert find_identifiers(frame) == [
        IdentifierColumn("home", "postcode", "6 of 6 values are full postcodes")
    ]


def test_postcode_districts_and_sectors_are_not_flagged() -> None:
    frame = pd.DataFrame(
        {
            "postcode_district": ["CF10", "SA1", "LL57", "NP20"],
            "postcode_sector": ["CF10 3", "SA1 8", "LL57 2", "NP20 4"],
            # C, I, K, M, O and V never end a postcode, so these are not postcodes.
            "codes": ["CF10 3CI", "SA1 8KM", "LL57 2OV", "NP20 4VV"],
        }
    )
    assert find_identifiers(frame) == []


# ----------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name",
    [
        "name",
        "Patient name",
        "patient's name",
        "full_name",
        "Forename",
        "first name",
        "given_name",
        "Surname",
        "last_name",
        "family name",
        "FirstName",
        "Enw",
        "Cyfenw",
        "Enw'r claf",
    ],
)
def test_name_columns_are_flagged(name: str) -> None:
    frame = pd.DataFrame({name: ["A", "B"]})
    assert kinds(frame) == {name: "name"}


@pytest.mark.parametrize(
    "name",
    [
        "ward name",
        "Team name",
        "hospital",
        "site name",
        "project name",
        "unit name",
        "organisation name",
        "Enw'r ward",
    ],
)
def test_place_and_team_name_columns_are_not_flagged(name: str) -> None:
    frame = pd.DataFrame({name: ["Ward Tŷ Gwyn", "Ash ward", "Mary Seacole Ward", "Bay 4"]})
    assert find_identifiers(frame) == []


def test_values_that_read_as_names_are_flagged() -> None:
    frame = pd.DataFrame(
        {"who": ["John Smith", "SMITH, Mary", "Mrs Siân Jones", "Rhys ap Gwyn", "Ash ward", None]}
    )
    assert find_identifiers(frame) == [
        IdentifierColumn("who", "name", "4 of 5 values look like personal names")
    ]


def test_wards_named_after_people_and_welsh_ward_names_are_not_names() -> None:
    frame = pd.DataFrame(
        {"ward": ["Ward Tŷ Gwyn", "Mary Seacole Ward", "Victoria Unit", "Ash", "Ward 7"]}
    )
    assert find_identifiers(frame) == []


# ------------------------------------------------------------- the refusal


def test_the_refusal_names_the_column_in_one_line() -> None:
    frame = pd.DataFrame({"nhs_no": ["943 476 5919"], "falls": [1]})
    with pytest.raises(IdentifiableDataError) as info:
        check_not_identifiable(frame)
    assert str(info.value) == (
        "column 'nhs_no' looks like NHS numbers (patient identifiers): aggregate to counts per "
        "period or drop the column before charting; see PRIVACY.md, or pass "
        "allow_identifiable=True (CLI: --allow-identifiable) if you are allowed to process it"
    )
    assert isinstance(info.value, InputError) and isinstance(info.value, ValueError)
    assert [hit.column for hit in info.value.found] == ["nhs_no"]


def test_the_refusal_names_every_column_in_one_line() -> None:
    frame = pd.DataFrame(
        {
            "week": ["2024-01-01", "2024-01-08"],
            "nhs\nnumber": ["943 476 5919", "9434765900"],  # a line break in a header stays escaped
            "dob": ["12/03/1950", "30/11/1987"],
            "postcode": ["CF10 3AT", "SA1 8PP"],
        }
    )
    with pytest.raises(IdentifiableDataError) as info:
        check_not_identifiable(frame)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(
        "columns 'nhs\\nnumber' (NHS numbers (patient identifiers)), 'dob' (dates of birth) and "
        "'postcode' (full postcodes) look like patient-identifiable data: "
    )
    assert message.endswith("if you are allowed to process them")
    assert "'week'" not in message


def test_the_override_lets_identifiable_data_through() -> None:
    frame = pd.DataFrame({"nhs_no": ["943 476 5919"], "falls": [1]})
    assert check_not_identifiable(frame, allow_identifiable=True) is None


def test_aggregated_data_passes() -> None:
    frame = load_dataset("sepsis_antibiotics")
    assert check_not_identifiable(frame) is None


# --------------------------------------------------------------------- sampling


def test_the_sample_is_bounded_and_reaches_the_last_row() -> None:
    frame = pd.DataFrame({"row": np.arange(1_000_000)})
    rows = sample_rows(frame, 10_000)["row"].to_numpy()
    assert len(rows) == 10_000
    assert rows[0] == 0 and rows[4_999] == 4_999  # the first half from the top
    assert rows[-1] == 999_999
    assert np.all(np.diff(rows) > 0)  # no row twice
    small = pd.DataFrame({"row": [1, 2, 3]})
    assert sample_rows(small, 10_000) is small


def test_identifiers_deep_in_a_long_table_are_found_in_the_sample() -> None:
    numbers = make_nhs_numbers(np.random.default_rng(4), 50)
    column = np.full(1_000_000, np.nan)
    column[600_000:] = np.resize(numbers, 400_000)  # blank for the first 600,000 rows
    found = find_identifiers(pd.DataFrame({"id": column}))
    assert [hit.kind for hit in found] == ["nhs_number"]
    assert "sampled values are valid NHS numbers" in found[0].reason


@pytest.mark.parametrize("sample", [0, -5, 2.5, True])
def test_a_bad_sample_size_is_an_input_error(sample: object) -> None:
    with pytest.raises(InputError, match="sample must be a whole number of rows"):
        find_identifiers(pd.DataFrame({"a": [1]}), sample=sample)  # type: ignore[arg-type]


# ------------------------------------------------------------------ acceptance


def test_patient_level_csv_is_refused_and_the_same_data_aggregated_is_charted(tmp_path) -> None:
    rng = np.random.default_rng(2026)
    patients = 400
    arrival = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 26 * 7, patients), "D")
    frame = pd.DataFrame(
        {
            "nhs_number": make_nhs_numbers(rng, patients),
            "arrival_date": arrival.strftime("%Y-%m-%d"),
            "ward": rng.choice(["Ash", "Beech", "Ward Tŷ Gwyn"], patients),
            "fell": rng.binomial(1, 0.08, patients),
        }
    )
    path = tmp_path / "patients.csv"
    frame.to_csv(path, index=False)
    before = path.read_bytes()

    table = read_table(path)
    assert table["nhs_number"].dtype == "int64"  # pandas reads NHS numbers as numbers
    with pytest.raises(IdentifiableDataError, match="column 'nhs_number' looks like NHS numbers"):
        check_not_identifiable(table)
    assert path.read_bytes() == before

    table["week"] = pd.to_datetime(table["arrival_date"]).dt.to_period("W-SUN").dt.start_time
    weekly = table.groupby("week", as_index=False)["fell"].sum().rename(columns={"fell": "falls"})
    assert len(weekly) == 26 and weekly["falls"].sum() == frame["fell"].sum()
    assert check_not_identifiable(weekly) is None

    result = chart(weekly, chart="c", x="week", y="falls")
    # A c chart's centre line is the mean count per subgroup (Montgomery, Introduction to
    # Statistical Quality Control, eq. 7.17).
    assert result.points["cl"].iloc[0] == pytest.approx(frame["fell"].sum() / 26)
    ax = result.plot()
    assert len(ax.lines) > 0
    plt.close(ax.figure)
