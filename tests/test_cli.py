"""The `academy chart` command on files like those learners bring."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
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
    code = main(["chart", "x.csv", "--y", "v", "--chart", "zz"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("academy: ") and err.count("\n") == 1 and "'zz'" in err


def test_help_exits_0(capsys) -> None:
    assert main(["chart", "--help"]) == 0
    assert "--sheet" in capsys.readouterr().out


def _table(tmp_path: Path, name: str, rows: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(rows).encode(encoding) + b"\n")
    return path


def _chart(capsys, path: Path, *args: str) -> tuple[int, str, str]:
    code = main(["chart", str(path), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_few_points_give_trial_limits_said_once_not_an_error(tmp_path: Path, capsys) -> None:
    weeks = [f"2024-01-{day:02d}" for day in range(1, 13)]
    path = _table(
        tmp_path, "short.csv", ["week,falls", *(f"{w},{i % 5}" for i, w in enumerate(weeks))]
    )
    code, out, err = _chart(capsys, path, "--x", "week", "--y", "falls", "--chart", "c")
    assert code == 0 and err == ""
    # Provost & Murray (2011): limits from fewer than 20 subgroups are trial limits.
    # explain() says so; the CLI adds no second note of its own.
    assert "Note:" not in out
    assert out.count("trial limits") == 1
    assert "The limits rest on 12 points, fewer than the 20" in out and "Provost & Murray" in out


def test_twenty_points_and_run_charts_have_no_trial_limits(tmp_path: Path, capsys) -> None:
    path = _table(tmp_path, "twenty.csv", ["falls", *(str(i % 7) for i in range(20))])
    code, out, _ = _chart(capsys, path, "--y", "falls", "--chart", "c")
    assert code == 0 and "trial limits" not in out
    short = _table(tmp_path, "short.csv", ["falls", "1", "2", "3"])
    code, out, _ = _chart(capsys, short, "--y", "falls")
    assert code == 0 and "trial limits" not in out


def test_trial_limits_count_the_frozen_baseline_per_phase(tmp_path: Path, capsys) -> None:
    path = _table(tmp_path, "phases.csv", ["v", *(str(10 + i % 3) for i in range(50))])
    # phase 1 = points 1-30 frozen on the first 15; phase 2 = points 31-50 (20 points)
    code, out, _ = _chart(
        capsys, path, "--y", "v", "--chart", "i", "--part", "30", "--freeze", "15"
    )
    assert code == 0
    phase_1, phase_2 = out.split("\nPhase 2:")
    assert "The limits rest on 15 points, fewer than the 20" in phase_1
    assert "trial limits" not in phase_2


def test_unsorted_and_repeated_dates_are_sorted_and_combined_with_a_note(
    tmp_path: Path, capsys
) -> None:
    rows = [
        "week,ok,audited",
        "2024-01-15,8,10",
        "2024-01-01,5,10",
        "2024-01-08,3,4",
        "2024-01-08,6,8",  # the same week again: summed with the row above
        *(f"2024-{month:02d}-01,7,10" for month in range(2, 8)),
    ]
    path = _table(tmp_path, "audit.csv", rows)
    points = tmp_path / "points.csv"
    code, out, err = _chart(
        capsys, path, "--x", "week", "--y", "ok", "--n", "audited", "--chart", "p",
        "--data-out", str(points),
    )  # fmt: skip
    assert code == 0, err
    assert "Note: 1 row repeats an x value of an earlier row (first: 2024-01-08)" in out
    assert "y and n summed" in out
    table = pd.read_csv(points, encoding="utf-8-sig")
    assert table["x"].tolist()[:3] == ["2024-01-01", "2024-01-08", "2024-01-15"]
    assert len(table) == 9  # ten rows, one repeated week
    # 2024-01-08: (3 + 6) / (4 + 8) = 0.75; the sum of y over the sum of n
    assert table["y"].iloc[1] == pytest.approx(9 / 12)
    assert table["n"].iloc[1] == 12


def test_uk_day_first_dates_and_windows_1252_place_names(tmp_path: Path, capsys) -> None:
    rows = ["site,week,falls"]
    places = ["Ynys Môn", "Llanfair-ym-Muallt", "Ystradgynlais"]
    for day in range(1, 25):
        date = f"{(day - 1) % 28 + 1:02d}/{1 + (day - 1) // 28:02d}/2024"
        rows.append(f"{places[day % 3]},{date},{day % 4}")
    path = _table(tmp_path, "uk.csv", rows, encoding="cp1252")
    points = tmp_path / "points.csv"
    code, _, err = _chart(capsys, path, "--x", "week", "--y", "falls", "--data-out", str(points))
    assert code == 0, err
    table = pd.read_csv(points, encoding="utf-8-sig")
    assert table["x"].iloc[0] == "2024-01-01" and table["x"].iloc[12] == "2024-01-13"


def test_blank_y_beside_an_n_is_a_missing_point(tmp_path: Path, capsys) -> None:
    rows = ["ok,audited", *(f"{i % 5 + 3},10" for i in range(22)), ",10"]
    path = _table(tmp_path, "gap.csv", rows)
    code, out, err = _chart(capsys, path, "--y", "ok", "--n", "audited", "--chart", "p")
    assert code == 0, err
    assert "23 points" in out


def test_sheet_by_name_and_number(tmp_path: Path, capsys) -> None:
    path = tmp_path / "two.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.DataFrame({"v": range(25)}).to_excel(writer, sheet_name="Tŷ Gwyn", index=False)
    for sheet in ("Tŷ Gwyn", "2"):
        code, out, err = _chart(capsys, path, "--y", "v", "--sheet", sheet)
        assert code == 0, err
        assert "25 points" in out


def test_an_unwritable_output_is_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    import academy.exports

    def refuse(frame: object, path: object, **options: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(academy.exports, "write_table", refuse)
    source = _table(tmp_path, "v.csv", ["v", "1", "2", "3"])
    target = tmp_path / "p.csv"
    code, _, err = _chart(capsys, source, "--y", "v", "--data-out", str(target))
    assert code == 2 and err.count("\n") == 1
    assert err.startswith(f"academy: cannot write {target} (Permission denied)")


def test_u_chart_may_have_more_events_than_n(tmp_path: Path, capsys) -> None:
    # falls per 1,000 bed-days: n is exposure in thousands of bed-days, so y > n is normal
    rows = [
        "month,falls,kilo_bed_days",
        *(f"2024-01-{d:02d},{5 + d % 3},0.9" for d in range(1, 25)),
    ]
    path = _table(tmp_path, "rates.csv", rows)
    points = tmp_path / "points.csv"
    code, _, err = _chart(
        capsys, path, "--x", "month", "--y", "falls", "--n", "kilo_bed_days", "--chart", "u",
        "--data-out", str(points),
    )  # fmt: skip
    assert code == 0, err
    table = pd.read_csv(points, encoding="utf-8-sig")
    assert table["y"].iloc[0] == pytest.approx(6 / 0.9)  # day 1: 5 + 1 falls in 0.9 kilo-bed-days
    # the same file as a p chart is refused: a proportion cannot exceed 1
    code, _, err = _chart(
        capsys, path, "--x", "month", "--y", "falls", "--n", "kilo_bed_days", "--chart", "p"
    )
    assert code == 2 and "cannot exceed n" in err


def _patient_rows(tmp_path: Path) -> tuple[Path, Path]:
    """A row-per-patient extract with NHS numbers, and the same falls counted per week."""
    import numpy as np

    from tests.privacy.test_identifiers import make_nhs_numbers

    rng = np.random.default_rng(11)
    patients = 300
    week = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 20, patients) * 7, "D")
    frame = pd.DataFrame(
        {
            "nhs_number": make_nhs_numbers(rng, patients),
            "week": week.strftime("%Y-%m-%d"),
            "fell": rng.binomial(1, 0.1, patients),
        }
    )
    patient_file = tmp_path / "patients.csv"
    frame.to_csv(patient_file, index=False)
    weekly = frame.groupby("week", as_index=False)["fell"].sum()
    weekly_file = tmp_path / "weekly.csv"
    weekly.to_csv(weekly_file, index=False)
    return patient_file, weekly_file


def test_nhs_numbers_are_refused_and_the_aggregated_file_is_charted(tmp_path: Path, capsys) -> None:
    patient_file, weekly_file = _patient_rows(tmp_path)
    before = _digest(patient_file)
    code, err = _run(capsys, str(patient_file), "--x", "week", "--y", "fell", "--chart", "c")
    assert code == 2 and err.count("\n") == 1
    assert "column 'nhs_number' looks like NHS numbers" in err and "--allow-identifiable" in err
    assert _digest(patient_file) == before

    png = tmp_path / "weekly.png"
    code = main(["chart", str(weekly_file), "--x", "week", "--y", "fell", "--chart", "c",
                 "--out", str(png)])  # fmt: skip
    assert code == 0 and png.read_bytes().startswith(b"\x89PNG")


def test_the_override_charts_identifiable_data(tmp_path: Path, capsys) -> None:
    patient_file, _ = _patient_rows(tmp_path)
    code = main(["chart", str(patient_file), "--x", "week", "--y", "fell", "--chart", "c",
                 "--allow-identifiable"])  # fmt: skip
    assert code == 0, capsys.readouterr().err


def test_suppressed_points_table_hides_counts_from_1_to_4(tmp_path: Path, capsys) -> None:
    # c chart of weekly counts: 0 stays 0 (a true zero), 1-4 become "<5", 5 and over are shown.
    counts = [0, 1, 4, 5, 9, 2, 6, 3, 7, 8, 5, 6]
    rows = [f"2024-01-{day:02d},{count}" for day, count in enumerate(counts, start=1)]
    source = _table(tmp_path, "c.csv", ["week,falls", *rows])
    for suffix in (".csv", ".xlsx"):
        target = tmp_path / f"points{suffix}"
        code = main(["chart", str(source), "--x", "week", "--y", "falls", "--chart", "c",
                     "--suppress", "--data-out", str(target)])  # fmt: skip
        assert code == 0, capsys.readouterr().err
        table = (
            pd.read_csv(target, encoding="utf-8-sig", dtype=str)
            if suffix == ".csv"
            else pd.read_excel(target, dtype=str)
        )
        expected = ["<5" if 1 <= c <= 4 else str(c) for c in counts]
        assert [str(v).removesuffix(".0") for v in table["y"]] == expected


def test_suppress_without_a_points_table_is_one_line(tmp_path: Path, capsys) -> None:
    source = _table(tmp_path, "v.csv", ["v", "1", "2", "3"])
    code, err = _run(capsys, str(source), "--y", "v", "--suppress")
    assert code == 2 and err.count("\n") == 1 and "add --data-out" in err


# --------------------------------------------------------------------------- --language


def test_a_chart_in_welsh_prints_welsh_notes_summary_and_written_lines(
    tmp_path: Path, capsys
) -> None:
    rows = ["week,falls", "2024-01-01,3", "2024-01-08,5", "2024-01-08,1", "2024-01-15,4"]
    path = _table(tmp_path, "cwympiadau.csv", rows)
    png, points = tmp_path / "siart.png", tmp_path / "pwyntiau.csv"
    code = main(["--language", "cy", "chart", str(path), "--x", "week", "--y", "falls",
                 "--chart", "c", "--out", str(png), "--data-out", str(points)])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    # one note: the week entered twice (counts summed); explain() gives the trial limits
    assert (
        lines[0].startswith("Nodyn: mae 1 rhes yn ailadrodd gwerth x") and "2024-01-08" in lines[0]
    )
    assert "cyfrifon wedi'u hadio" in lines[0]
    assert "Mae'r terfynau'n seiliedig ar 3 pwynt, llai na'r 20" in out
    assert "Siart C o falls: 3 pwynt mewn 1 cyfnod." in out  # explain(), from the engine
    assert f"Siart wedi'i chadw yn {png}" in out and f"wedi'i gadw yn {points}" in out
    for english in ("Note:", "row repeats", "trial limits", "points in", "written to"):
        assert english not in out
    assert png.read_bytes().startswith(b"\x89PNG")


def test_the_language_option_also_follows_the_command_name(tmp_path: Path, capsys) -> None:
    path = _table(tmp_path, "v.csv", ["v", "1", "2", "3", "4"])
    code = main(["chart", str(path), "--y", "v", "--chart", "i", "--language", "cy"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("Siart I o v: 4 pwynt mewn 1 cyfnod.")


def test_a_bad_file_in_welsh_is_one_welsh_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"week,falls\n")
    code = main(["--language", "cy", "chart", str(path), "--y", "falls"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("academy: Mae pennawd yn data.csv ond dim rhesi data")
    assert "no data rows" not in err
    assert path.read_bytes() == b"week,falls\n"


def test_an_unknown_language_is_one_line_and_exit_2(capsys) -> None:
    code = main(["--language", "fr", "chart", "x.csv", "--y", "v"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.startswith("academy: argument --language: invalid choice: 'fr'")
    assert captured.err.count("\n") == 1


def test_main_puts_back_the_language_it_found(tmp_path: Path, capsys) -> None:
    from academy.i18n import get_language, set_language

    path = _table(tmp_path, "v.csv", ["v", "1", "2", "3"])
    set_language("cy")
    try:
        assert main(["--language", "en", "chart", str(path), "--y", "v"]) == 0
        assert "Run chart of v" in capsys.readouterr().out
        assert get_language() == "cy"
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("variable", "option", "welsh"),
    [("cy", [], True), ("cy", ["--language", "en"], False), ("fr", [], False)],
)
def test_the_environment_variable_chooses_the_language_in_a_real_process(
    variable: str, option: list[str], welsh: bool
) -> None:
    source = ROOT / "tests" / "bad_inputs" / "header_only.csv"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ACADEMY_LANGUAGE": variable}
    done = subprocess.run(
        [sys.executable, "-m", "academy.cli", *option, "chart", str(source), "--y", "falls"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
    assert ("ond dim rhesi data" in done.stderr) is welsh
    assert ("has a header but no data rows" in done.stderr) is not welsh


def test_a_reader_that_stops_early_is_not_a_traceback(tmp_path: Path) -> None:
    # `academy chart … | head -1`: the pipe is closed before the summary is written
    path = _table(tmp_path, "v.csv", ["v", *(str(i % 4) for i in range(30))])
    process = subprocess.Popen(
        [sys.executable, "-m", "academy.cli", "chart", str(path), "--y", "v", "--chart", "i"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    process.stdout.close()  # nobody reads: every write fails with EPIPE
    _, err = process.communicate(timeout=120)
    assert "Traceback" not in err.decode() and "BrokenPipe" not in err.decode()
    assert process.returncode == 0
