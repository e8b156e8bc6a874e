"""The corpus of bad input files: each gives one clear line, exit status 2 and an unchanged file.

``tests/bad_inputs/cases.csv`` lists every case: the file, the arguments of
``academy chart`` after it, a fragment of the expected message and why the
file is bad. ``tests/bad_inputs/make_corpus.py`` writes the committed files
(checked here to be reproducible) and builds the Excel workbooks in a
temporary folder. In the arguments, ``{tmp}`` is a fresh temporary folder and
``{file}`` the input file itself.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from academy.cli import main
from academy.i18n import get_language

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
ROOT = CORPUS.parents[1]


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _load_generator()
with open(CORPUS / "cases.csv", encoding="utf-8", newline="") as _stream:
    CASES = list(csv.DictReader(_stream))


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workbooks")
    GEN.write_workbooks(folder)
    return folder


def _path(name: str, workbooks: Path) -> Path:
    return workbooks / name if name.endswith(".xlsx") else CORPUS / name


def _state(path: Path) -> tuple[str | None, int | None]:
    """sha256 of the file's bytes and its modification time (None, None when absent)."""
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    if path.exists():
        return None, path.stat().st_mtime_ns
    return None, None


def _argv(case: dict[str, str], path: Path, tmp: Path) -> list[str]:
    args = case["args"].format(tmp=tmp.as_posix(), file=path.as_posix())
    return ["chart", str(path), *shlex.split(args)]


def test_the_corpus_is_large_and_covers_every_file() -> None:
    committed = set(GEN.csv_files())
    used = {case["file"] for case in CASES}
    assert len(CASES) >= 30
    assert len(committed - {"valid.csv"}) >= 30  # real bad files, not only bad options
    assert committed <= used, f"files without a case: {sorted(committed - used)}"
    assert all(case["expect"] and case["why"] for case in CASES)


def test_committed_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    for path in GEN.write_csv_files(tmp_path):
        assert (CORPUS / path.name).read_bytes() == path.read_bytes(), path.name
    assert not (CORPUS / "missing.csv").exists()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']} {c['args']}" for c in CASES])
def test_bad_input_gives_one_line_and_exit_2(
    case: dict[str, str], workbooks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _path(case["file"], workbooks)
    before = _state(path)
    code = main(_argv(case, path, tmp_path))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("academy: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert case["expect"] in err, err
    assert _state(path) == before
    assert not any(tmp_path.iterdir())  # nothing written on a mistake


def test_a_bad_file_in_a_real_process(tmp_path: Path) -> None:
    path = CORPUS / "ragged_rows.csv"
    before = _state(path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "academy.cli", "chart", str(path), "--x", "week", "--y", "falls"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("academy: ") and done.stderr.count("\n") == 1
    assert "line 4 has 3 values but the header has 2" in done.stderr
    assert _state(path) == before


# --------------------------------------------------------------------------- in Welsh


def _has_words(fragment: str) -> bool:
    """True if ``fragment`` has a word of 3 or more lower-case letters outside quotes.

    A fragment without one (only a quoted name, a number or a code) may appear
    unchanged in the Welsh message, so its absence is not checked.
    """
    return re.search(r"[a-z]{3,}", re.sub(r"'[^']*'|\"[^\"]*\"", "", fragment)) is not None


def _run_in(language: str, case: dict[str, str], path: Path, tmp: Path, capsys) -> tuple[int, str]:
    code = main(["--language", language, *_argv(case, path, tmp)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES, ids=[f"{c['file']} {c['args']}" for c in CASES])
def test_bad_input_in_welsh_gives_one_welsh_line_and_exit_2(
    case: dict[str, str], workbooks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _path(case["file"], workbooks)
    before = _state(path)
    english_tmp, welsh_tmp = tmp_path / "en", tmp_path / "cy"
    english_tmp.mkdir()
    welsh_tmp.mkdir()
    _, english = _run_in("en", case, path, english_tmp, capsys)
    code, err = _run_in("cy", case, path, welsh_tmp, capsys)
    assert code == 2
    assert err.startswith("academy: ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert _state(path) == before
    assert not any(welsh_tmp.iterdir())  # nothing written on a mistake
    assert get_language() == "en"  # main() puts back the language it found
    if english.endswith("--help')\n"):
        # an option error from argparse: its own words stay English (see academy/cli.py);
        # only the pointer to --help is Welsh
        assert err.endswith("--help')\n") and "(gweler '" in err and "(see '" not in err
        return
    assert err.replace(welsh_tmp.as_posix(), "") != english.replace(english_tmp.as_posix(), "")
    if _has_words(case["expect"]):
        assert case["expect"] not in err, err


def test_the_words_check_keeps_only_names_and_numbers() -> None:
    assert _has_words("is a folder") and _has_words("column 'falls' appears")
    assert not _has_words("'falls' (n = 12)") and not _has_words("'#DIV/0!'")
