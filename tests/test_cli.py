"""The `academy chart` command on files like those learners bring."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from academy.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED_COLUMNS = [
    "x", "y", "n", "part", "baseline", "include", "cl", "lcl", "ucl", "sigma_signal", "runs_signal",
    "longest_run", "longest_run_max", "n_crossings", "n_crossings_min",
]  # fmt: skip


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_chart_writes_figure_and_points_and_names_rules(tmp_path: Path, capsys) -> None:
    source = ROOT / "datasets" / "sepsis_antibiotics.csv"
    before = _digest(source)
    png, points = tmp_path / "sepsis.png", tmp_path / "points.csv"
    code = main([
        "chart", str(source), "--chart", "p", "--x", "week_start", "--y", "antibiotics_within_1h",
        "--n", "suspected_sepsis", "--multiply", "100", "--rules", "anhoej,ihi",
        "--out", str(png), "--data-out", str(points),
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    table = pd.read_csv(points, encoding="utf-8-sig")
    assert set(DOCUMENTED_COLUMNS) <= set(table.columns)
    assert {"ihi_shift", "ihi_trend"} <= set(table.columns)
    assert len(table) == 104  # two years of weeks in the dataset
    # The planted improvement from January 2024 gives a long run above the centre line.
    assert "Anhøj" in out
    assert "Shift" in out and "Perla, Provost & Murray 2011" in out
    assert _digest(source) == before


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(["chart", *args])
    captured = capsys.readouterr()
    return code, captured.err


def test_unknown_column_suggests_the_closest(tmp_path: Path, capsys) -> None:
    code, err = _run(capsys, str(ROOT / "datasets" / "falls.csv"), "--y", "fall")
    assert code == 2
    assert err.count("\n") == 1 and "did you mean 'falls'" in err


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("site;value\nYsbyty Gwynedd;3\nTŷ Cerdd;4\nCwm Rhondda;5\n", "utf-8-sig"),
        ("site,value\nMontréal,3\nQuébec,x\n", None),
        ("site,value\nCôte,3\nBâle,4\nLoire,5\n", "cp1252"),
    ],
)
def test_encodings_and_separators(
    tmp_path: Path, capsys, content: str, encoding: str | None
) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content.encode(encoding or "utf-8"))
    before = _digest(path)
    code, err = _run(capsys, str(path), "--x", "site", "--y", "value")
    if encoding is None:  # header with commas, a data row with a semicolon: 'x' is not a number
        assert code == 2 and err.count("\n") == 1
    else:
        assert code == 0, err
    assert _digest(path) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"a,b\n", "no data rows"), (b"\x00\x01\x02", "binary")],
)
def test_bad_files_give_one_line(tmp_path: Path, capsys, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, err = _run(capsys, str(path), "--y", "b")
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert path.read_bytes() == content


def test_refuses_to_overwrite_the_input(tmp_path: Path, capsys) -> None:
    path = tmp_path / "data.csv"
    path.write_text("value\n1\n2\n3\n", encoding="utf-8")
    code, err = _run(capsys, str(path), "--y", "value", "--data-out", str(path))
    assert code == 2 and "is the input file" in err
    assert path.read_text(encoding="utf-8") == "value\n1\n2\n3\n"


def test_excel_input(tmp_path: Path, capsys) -> None:
    path = tmp_path / "data.xlsx"
    pd.DataFrame(
        {"month": pd.date_range("2024-01-01", periods=12, freq="MS"), "v": range(12)}
    ).to_excel(path, index=False)
    code, err = _run(capsys, str(path), "--x", "month", "--y", "v", "--chart", "i")
    assert code == 0, err


def test_bad_option_is_one_line(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["chart", "x.csv", "--y", "v", "--chart", "zz"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
