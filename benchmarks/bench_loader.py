"""Time reading a 1,000,000-row CSV file and charting it (a script, not a test).

Run from the repository root::

    .venv/bin/python benchmarks/bench_loader.py [--rows 1000000]

It writes a seeded CSV file (a row number, a ward name in Welsh and a
measurement) to a temporary folder, then times :func:`academy.loaders.read_table`
and an I chart of the measurement with the Anhøj, IHI and Making Data Count
rules. Peak memory is shown two ways: the growth of the process's maximum
resident set size (everything, including pandas' C parser), and the peak of
:mod:`tracemalloc` in a separate pass (Python and NumPy allocations only; it
slows the code, so it is not part of the timing). The ratio of the first to the
file size is what :data:`academy.loaders.CSV_MEMORY_FACTOR` guards against.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from academy.loaders import CSV_MEMORY_FACTOR, available_memory, read_table
from academy.spc import chart

WARDS = ("Ward Tŷ Gwyn", "Ward Ŵy", "Ynys Môn", "Ystradgynlais")


def write_file(folder: Path, rows: int) -> Path:
    """A seeded CSV of ``rows`` rows: row, ward, value."""
    rng = np.random.default_rng(2024)
    values = np.round(rng.normal(100.0, 10.0, rows), 1)
    wards = np.asarray(WARDS)[rng.integers(0, len(WARDS), rows)]
    path = folder / "million.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write("row,ward,value\n")
        for start in range(0, rows, 100_000):
            stop = min(start + 100_000, rows)
            lines = (
                f"{i + 1},{w},{v}\n"
                for i, w, v in zip(
                    range(start, stop), wards[start:stop], values[start:stop], strict=True
                )
            )
            stream.writelines(lines)
    return path


def max_rss() -> int:
    """The process's peak resident set size in bytes (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(path: Path) -> tuple[float, float, int]:
    """Seconds to read, seconds to chart, and the number of points charted."""
    start = time.perf_counter()
    frame = read_table(path)
    read = time.perf_counter()
    result = chart(frame, chart="i", x="row", y="value", rules=("anhoej", "ihi", "mdc"))
    done = time.perf_counter()
    return read - start, done - read, len(result.points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as folder:
        path = write_file(Path(folder), rows)
        size = path.stat().st_size
        print(f"file: {rows:,} rows, {size / 1e6:.1f} MB")
        before = max_rss()
        read_s, chart_s, points = run(path)
        grown = max_rss() - before
        tracemalloc.start()
        run(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"read_table: {read_s:.2f} s")
    print(f"I chart + anhoej, ihi, mdc ({points:,} points): {chart_s:.2f} s")
    print(f"peak resident memory growth: {grown / 1e6:.0f} MB ({grown / size:.1f} x the file)")
    print(f"tracemalloc peak (Python and NumPy only): {peak / 1e6:.0f} MB")
    memory = available_memory()
    if memory is not None:
        print(
            f"available memory now {memory / 1e9:.1f} GB: read_table refuses CSV files over "
            f"{memory / CSV_MEMORY_FACTOR / 1e6:,.0f} MB (factor {CSV_MEMORY_FACTOR})"
        )


if __name__ == "__main__":
    main()
