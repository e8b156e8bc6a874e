"""Run every check of the courseware and print a timing summary (``make test``).

Steps, in order: ruff lint and format check, the library's unit and property
tests, nbval on every notebook, a clean strict book build, the tests of the
built site (offline scan, every page in headless Chromium), and the live
widgets in JupyterLab driven by Chromium. Every step runs even when an earlier
one fails, except the site tests, which need the build; the exit status is
non-zero when any step failed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

STEPS: list[tuple[str, list[str]]] = [
    ("ruff lint", [str(BIN / "ruff"), "check", "."]),
    ("ruff format", [str(BIN / "ruff"), "format", "--check", "."]),
    (
        "library tests",
        [
            str(BIN / "pytest"),
            "tests",
            "academy",
            "--doctest-modules",
            "--ignore=tests/site",
            "--ignore=tests/live",
            "-q",
        ],
    ),
    (
        "nbval",
        [
            str(BIN / "pytest"),
            "--nbval",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "-q",
            "notebooks",
            "exercises",
        ],
    ),
    ("strict book build", ["make", "--no-print-directory", "book-strict"]),
    ("site tests", [str(BIN / "pytest"), "tests/site", "-q"]),
    ("live JupyterLab", [str(BIN / "pytest"), "tests/live", "-q"]),
]


def main() -> int:
    env = dict(os.environ, ACADEMY_REQUIRE_SITE="1", MPLBACKEND="Agg")
    results: list[tuple[str, float, int]] = []
    for name, cmd in STEPS:
        if name == "site tests" and any(r[0] == "strict book build" and r[2] for r in results):
            results.append((name, 0.0, -1))
            continue
        print(f"\n=== {name}: {' '.join(cmd)}", flush=True)
        start = time.perf_counter()
        code = subprocess.call(cmd, cwd=ROOT, env=env)
        results.append((name, time.perf_counter() - start, code))
    print("\n=== summary")
    for name, seconds, code in results:
        status = {0: "ok", -1: "not run (build failed)"}.get(code, f"FAILED (exit {code})")
        print(f"{name:<20} {seconds:7.1f} s  {status}")
    total = sum(r[1] for r in results)
    print(f"{'total':<20} {total:7.1f} s")
    return 0 if all(code == 0 for _, _, code in results) else 1


if __name__ == "__main__":
    sys.exit(main())
