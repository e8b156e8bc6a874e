"""Re-execute every notebook in notebooks/ and exercises/ and save the outputs in place.

The saved outputs are what nbval compares against a fresh run, and the saved
widget state is what the static website renders, so run this (``make
notebooks``) after changing a notebook or the library code it uses.

Usage: python tools/execute_notebooks.py [NOTEBOOK ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises")


def notebook_paths(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args]
    found: list[Path] = []
    for folder in FOLDERS:
        found += sorted((ROOT / folder).rglob("*.ipynb"))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
    )
    client.execute()
    # Execution counts and timings are not part of the lesson; keep diffs small.
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    for path in notebook_paths(argv):
        start = time.perf_counter()
        execute(path)
        print(f"{time.perf_counter() - start:6.1f} s  {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
