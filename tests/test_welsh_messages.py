"""Data messages in Welsh: loaders, datasets, exports, saved files and the privacy guard.

Each test makes one module refuse something with the tools in Welsh and checks
that a Welsh phrase is in the message and the English phrase is not; the
values that come from the user (file and column names, numbers) stay as they
were. The English messages themselves are checked by each module's own tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from academy import files
from academy.data import load_dataset
from academy.exports import write_excel, write_table
from academy.i18n import set_language
from academy.loaders import read_table
from academy.privacy import IdentifiableDataError, check_not_identifiable, suppress_small_counts
from academy.privacy.identifiers import DESCRIPTIONS, sample_rows
from tests.errors import error_message

pytestmark = pytest.mark.usefixtures("in_welsh")


def test_an_empty_csv_file_is_refused_in_welsh(tmp_path: Path) -> None:
    path = tmp_path / "cwympiadau.csv"
    path.write_bytes(b"")
    message = error_message(read_table, path)
    assert "cwympiadau.csv yn wag" in message and "rhes pennawd" in message
    assert "is empty" not in message and "header row" not in message


def test_a_repeated_column_name_is_refused_in_welsh(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("week,falls,falls\n2024-01-01,1,2\n", encoding="utf-8")
    message = error_message(read_table, path)
    assert "colofn 'falls' yn ymddangos fwy nag unwaith" in message
    assert "appears more than once" not in message


def test_a_missing_sheet_is_refused_in_welsh(tmp_path: Path) -> None:
    path = tmp_path / "llyfr.xlsx"
    pd.DataFrame({"v": [1, 2]}).to_excel(path, sheet_name="Data", index=False)
    message = error_message(read_table, path, sheet="Crynodeb")
    assert "Nid oes dalen 'Crynodeb'" in message and "Data" in message
    assert "has no sheet" not in message


def test_a_ragged_row_names_its_line_in_welsh(tmp_path: Path) -> None:
    path = tmp_path / "rhesi.csv"
    path.write_text("week,falls\n2024-01-01,1\n2024-01-08,2,3\n", encoding="utf-8")
    message = error_message(read_table, path)
    assert "mae 3 gwerth ar linell 3" in message and "2 enw colofn" in message
    assert "values but the header" not in message


def test_an_unknown_dataset_is_refused_in_welsh() -> None:
    message = error_message(load_dataset, "fals")
    assert "Nid oes set ddata o'r enw 'fals'" in message and "Ai 'falls'" in message
    assert "No dataset" not in message and "Did you mean" not in message


def test_exports_refuse_in_welsh(tmp_path: Path) -> None:
    message = error_message(write_table, pd.DataFrame({"a": [1]}), tmp_path / "pwyntiau.json")
    assert "gorffennwch enw'r ffeil gyda .csv neu .xlsx" in message
    assert "end the file name" not in message
    message = error_message(
        write_excel, pd.DataFrame({"nodyn": ["da", "drwg\x01"]}), tmp_path / "a.xlsx"
    )
    assert "colofn 'nodyn', rhes 2" in message and "nod rheoli" in message
    assert "control character" not in message


def test_saving_into_a_missing_folder_is_refused_in_welsh(tmp_path: Path) -> None:
    message = error_message(files.write_file, tmp_path / "dim" / "cynllun.json", b"{}")
    assert "nid yw'r ffolder" in message and "yn bodoli" in message
    assert "does not exist" not in message


def test_a_lock_held_too_long_is_reported_in_welsh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(fd: int, operation: int) -> None:
        raise BlockingIOError

    monkeypatch.setattr(files, "LOCK_TIMEOUT", 0.0)
    monkeypatch.setattr(files.fcntl, "flock", never)
    message = error_message(files.write_file, tmp_path / "log.json", b"{}")
    assert "mae rhaglen arall wedi bod yn cadw log.json" in message
    assert "another program" not in message
    assert not (tmp_path / "log.json").exists()


def test_identifiable_columns_are_refused_in_welsh() -> None:
    table = pd.DataFrame(
        {"nhs_no": ["943 476 5919", "943-476-5919"], "postcode": ["CF10 3AT", "SA1 1AA"]}
    )
    with pytest.raises(IdentifiableDataError) as caught:
        check_not_identifiable(table)
    message = str(caught.value)
    assert "mae colofnau 'nhs_no' (rhifau GIG (dynodwyr cleifion)) a 'postcode'" in message
    assert "codau post llawn" in message and "--allow-identifiable" in message
    assert "look like" not in message and "NHS numbers" not in message and " and " not in message
    # the reasons kept with each column are English data, whatever the language
    assert caught.value.found[0].reason == "2 of 2 values are valid NHS numbers"
    assert DESCRIPTIONS["postcode"] == "full postcodes"


def test_one_identifiable_column_is_refused_in_welsh() -> None:
    table = pd.DataFrame({"Patient ID": ["A1", "B2"], "falls": [1, 0]})
    message = error_message(check_not_identifiable, table)
    assert "mae colofn 'Patient ID' yn edrych fel rhifau ysbyty" in message
    assert "tynnwch y golofn" in message
    assert "looks like" not in message and "drop the column" not in message


def test_sampling_and_suppression_refuse_in_welsh() -> None:
    message = error_message(sample_rows, pd.DataFrame({"a": [1]}), 0)
    assert "rhaid i sample fod yn nifer cyfan" in message and "must be" not in message
    counts = pd.DataFrame({"deaths": [1, -2]})
    message = error_message(suppress_small_counts, counts, "deaths")
    assert "rhes 2 yn cynnwys -2" in message and "ni all cyfrif fod yn negatif" in message
    assert "cannot be negative" not in message
    message = error_message(suppress_small_counts, counts, derived=["deaths"])
    assert 'e.e. {"rate": "n"}' in message and "must map" not in message


def test_english_comes_back_after_welsh(tmp_path: Path) -> None:
    path = tmp_path / "gwag.csv"
    path.write_bytes(b"")
    set_language("en")
    assert error_message(read_table, path) == (
        "gwag.csv is empty: export the data again with a header row and data rows"
    )
