"""academy.loaders.read_table: awkward but good files work, the size guard, and a fuzz test.

Bad files through the command line are in ``tests/test_bad_inputs.py``; here
the good-but-awkward files that learners bring must read correctly, and
arbitrary bytes must give a table or an InputError, never another exception.
"""

from __future__ import annotations

import hashlib
import math
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import academy.loaders as loaders
from academy.errors import InputError
from academy.loaders import read_table

WELSH = ["Ward Tŷ Gwyn", "Ysbyty Gwynedd — Ward Ŵy", "Uned Dŵr"]
# Windows-1252 has â, ê, î, ô, û, ë, é but not ŵ or ŷ.
CP1252_PLACES = ["Llanfair-ym-Muallt", "Ystradgynlais", "Ynys Môn", "Café Tân", "Bâle"]


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _rows(names: list[str], sep: str = ",", newline: str = "\n") -> str:
    lines = [f"ward{sep}falls", *(f"{name}{sep}{i + 1}" for i, name in enumerate(names))]
    return newline.join(lines) + newline


# --------------------------------------------------------------------------- good files


@pytest.mark.parametrize(
    ("encoding", "sep", "names"),
    [
        ("utf-8", ",", WELSH),
        ("utf-8-sig", ",", WELSH),  # Excel's "CSV UTF-8" starts with a byte-order mark
        ("utf-8-sig", ";", WELSH),
        ("utf-8", "\t", WELSH),
        ("utf-16", "\t", WELSH),  # Excel's "Unicode Text": UTF-16 with a byte-order mark
        ("cp1252", ",", CP1252_PLACES),  # Excel's plain "CSV" on Windows
        ("cp1252", ";", CP1252_PLACES),
    ],
)
def test_encodings_and_separators_read_the_same_table(
    tmp_path: Path, encoding: str, sep: str, names: list[str]
) -> None:
    path = _write(tmp_path, "wards.csv", _rows(names, sep).encode(encoding))
    frame = read_table(path)
    assert frame.columns.tolist() == ["ward", "falls"]  # no "\ufeffward" from the BOM
    assert frame["ward"].tolist() == names
    assert frame["falls"].tolist() == list(range(1, len(names) + 1))


def test_windows_1252_after_the_first_64_kb_is_still_found(tmp_path: Path) -> None:
    # The first 64 KB are plain ASCII (valid UTF-8); the first byte that UTF-8 rejects
    # (0xF4, "ô" in Windows-1252) comes later, so the whole file is read again as cp1252.
    filler = [f"Ward {i}" for i in range(6000)]
    text = _rows([*filler, "Ynys Môn"])
    assert len(text) > 65_536
    path = _write(tmp_path, "long.csv", text.encode("cp1252"))
    frame = read_table(path)
    assert frame["ward"].iloc[-1] == "Ynys Môn"
    assert len(frame) == 6001


def test_crlf_quotes_trailing_separators_and_empty_rows(tmp_path: Path) -> None:
    content = (
        'week,ward,falls,\r\n2024-01-01,"Ward A, North",3,\r\n2024-01-08,Ward B,4,\r\n'
        ",,,\r\n,,,\r\n"
    )
    frame = read_table(_write(tmp_path, "excel.csv", content.encode("utf-8")))
    # the unnamed empty column and the rows of empty cells are dropped
    assert frame.columns.tolist() == ["week", "ward", "falls"]
    assert frame["ward"].tolist() == ["Ward A, North", "Ward B"]
    assert frame["falls"].tolist() == [3, 4]


def test_header_names_are_stripped_and_row_numbers_column_kept(tmp_path: Path) -> None:
    content = ", week , falls\n1,2024-01-01,3\n2,2024-01-08,4\n"
    frame = read_table(_write(tmp_path, "r.csv", content.encode("utf-8")))
    assert frame.columns.tolist() == ["Unnamed: 0", "week", "falls"]


def test_blank_words_are_missing_but_excel_errors_stay_text(tmp_path: Path) -> None:
    content = "week,falls\n1,NA\n2,N/A\n3,\n4,#N/A\n5,null\n"
    frame = read_table(_write(tmp_path, "na.csv", content.encode("utf-8")))
    values = frame["falls"].tolist()
    assert [v for v in values if isinstance(v, str)] == ["#N/A"]
    assert sum(1 for v in values if not isinstance(v, str) and pd.isna(v)) == 4


def test_excel_workbook_with_dates_welsh_names_and_a_chosen_sheet(tmp_path: Path) -> None:
    path = tmp_path / "wards.xlsx"
    first = pd.DataFrame({"ward": WELSH, "falls": [3, 4, 5]})
    second = pd.DataFrame(
        {"month": pd.date_range("2024-01-01", periods=3, freq="MS"), "beds": [20, 21, 22]}
    )
    with pd.ExcelWriter(path) as writer:
        first.to_excel(writer, sheet_name="Wardiau", index=False)
        second.to_excel(writer, sheet_name="Beds", index=False)
    assert read_table(path)["ward"].tolist() == WELSH
    by_name = read_table(path, sheet="Beds")
    by_index = read_table(path, sheet=1)
    pd.testing.assert_frame_equal(by_name, by_index)
    assert by_name["beds"].tolist() == [20, 21, 22]
    assert pd.api.types.is_datetime64_any_dtype(by_name["month"])
    assert by_name["month"].iloc[2] == pd.Timestamp("2024-03-01")


# --------------------------------------------------------------------------- refusals


def test_sheet_of_a_csv_and_an_xls_file_are_refused(tmp_path: Path) -> None:
    csv_path = _write(tmp_path, "a.csv", b"a,b\n1,2\n")
    with pytest.raises(InputError, match=r"applies only to \.xlsx"):
        read_table(csv_path, sheet="Data")
    with pytest.raises(InputError, match="old Excel 97-2003"):
        read_table(_write(tmp_path, "a.xls", b"a,b\n1,2\n"))


def test_a_file_bigger_than_max_bytes_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.csv", b"week,falls\n" + b"2024-01-01,3\n" * 100)
    size = path.stat().st_size  # 11 + 13 * 100 = 1311 bytes
    assert size == 1311
    assert len(read_table(path, max_bytes=size)) == 100
    with pytest.raises(InputError) as info:
        read_table(path, max_bytes=size - 1)
    message = str(info.value)
    assert "\n" not in message
    assert "big.csv is 0.0 MB" in message and "aggregate it to one row per period" in message


def test_the_default_limit_comes_from_available_memory_and_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "big.csv", b"week,falls\n" + b"2024-01-01,3\n" * 100)

    def must_not_read(*args: object) -> None:
        raise AssertionError("the file was read although it is too big")

    # 10 kB free / CSV_MEMORY_FACTOR 10 = 1,000 bytes allowed < 1,311 bytes of file
    monkeypatch.setattr(loaders, "available_memory", lambda: 10_000)
    monkeypatch.setattr(loaders, "_read_csv", must_not_read)
    with pytest.raises(InputError, match="more than can safely be read into memory"):
        read_table(path)
    # with the memory unknown there is no limit
    monkeypatch.setattr(loaders, "available_memory", lambda: None)
    with pytest.raises(AssertionError, match="was read"):
        read_table(path)


def test_available_memory_is_a_plausible_number() -> None:
    memory = loaders.available_memory()
    assert memory is None or 1e6 < memory < 1e15


# --------------------------------------------------------------------------- fuzz


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _read_or_input_error(content: bytes, suffix: str = ".csv") -> None:
    """read_table on ``content`` gives a DataFrame or InputError; the file is unchanged."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(content)
        before = _digest(path)
        try:
            frame = read_table(path)
        except InputError as error:
            assert str(error) and "\n" not in str(error)
        else:
            assert isinstance(frame, pd.DataFrame) and not frame.empty
            assert all(isinstance(c, str) for c in frame.columns)
        assert _digest(path) == before


SPECIAL_CELLS = [
    "", " ", "1", "-2", "3.5", "3,5", "1,234", "85%", "#DIV/0!", "#N/A", "NA", "<5", "-",
    "2024-01-01", "01/02/2024", "2024-02-30", "Tŷ", "Môn", '"', '"a,b"', "x\ny", "inf",
    "1e308", "1e400",
]  # fmt: skip
CELLS = st.one_of(st.sampled_from(SPECIAL_CELLS), st.text(max_size=6))


@st.composite
def csv_like(draw: st.DrawFn) -> bytes:
    """Rows of cells joined by a separator, in one of the encodings Excel writes."""
    sep = draw(st.sampled_from([",", ";", "\t", "|", " "]))
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(CELLS, min_size=1, max_size=width + 1), max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(sep.join(row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_a_table_or_an_input_error(content: bytes) -> None:
    _read_or_input_error(content)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_like())
def test_csv_like_text_gives_a_table_or_an_input_error(content: bytes) -> None:
    _read_or_input_error(content)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_named_xlsx_give_an_input_error(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.xlsx"
        path.write_bytes(content)
        with pytest.raises(InputError):
            read_table(path)
        assert path.read_bytes() == content


def test_a_million_rows_read_and_sum_correctly(tmp_path: Path) -> None:
    """Not a timing test: the 1,000,000-row file of the benchmark reads completely."""
    rng = np.random.default_rng(6)
    counts = rng.poisson(5, 1_000_000)
    path = tmp_path / "million.csv"
    path.write_bytes(b"falls\n" + "\n".join(map(str, counts.tolist())).encode() + b"\n")
    frame = read_table(path)
    assert len(frame) == 1_000_000
    assert math.isclose(frame["falls"].sum(), counts.sum())
