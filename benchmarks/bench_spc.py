"""Time academy.spc.chart() on large series (a script, not a test).

Run from the repository root::

    .venv/bin/python benchmarks/bench_spc.py [--repeats 7]

Cases: an I chart with the Anhøj and Making Data Count rules at 10k, 100k and
1M points, and a p chart at 1M points. Each case is run once to warm up, then
``--repeats`` times; the table shows the median and the fastest wall time and
the median CPU time. Peak
memory is measured in a separate pass with :mod:`tracemalloc` (which slows the
code down, so it is not part of the timing). The engine's target is a median of
at most 50 ms for the 1M-point I chart with rules.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from academy.spc import chart


def cases() -> list[tuple[str, Callable[[], object]]]:
    """The benchmark cases, each a label and a call of chart() on prepared data."""
    rng = np.random.default_rng(2024)
    out: list[tuple[str, Callable[[], object]]] = []
    for size in (10_000, 100_000, 1_000_000):
        y = rng.normal(100.0, 10.0, size)
        out.append(
            (
                f"I chart + anhoej, mdc, {size:>9,} points",
                lambda y=y: chart(y=y, chart="i", rules=("anhoej", "mdc")),
            )
        )
    size = 1_000_000
    n = rng.integers(50, 500, size).astype(float)
    events = rng.binomial(n.astype(np.int64), 0.1).astype(float)
    out.append(
        (
            f"p chart + anhoej,       {size:>9,} points",
            lambda: chart(y=events, n=n, chart="p"),
        )
    )
    return out


def timings(call: Callable[[], object], repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU times in ms of ``repeats`` calls after one warm-up call.

    The result is kept until the clocks have stopped, so that releasing a large
    result's memory is not counted as part of the call. CPU time (this
    process only) is shown too: on a shared machine it is steadier than wall
    time.
    """
    call()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = call()
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
        del result  # freeing the previous result is not part of the call
    return wall, cpu


def peak_memory(call: Callable[[], object]) -> float:
    """Peak memory in MB allocated during one call (tracemalloc)."""
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timed runs per case")
    args = parser.parse_args()
    print(f"{'case':<42} {'median ms':>10} {'min ms':>8} {'cpu ms':>8} {'peak MB':>8}")
    for label, call in cases():
        wall, cpu = timings(call, args.repeats)
        median, fastest, cpu_median = statistics.median(wall), min(wall), statistics.median(cpu)
        peak = peak_memory(call)
        print(f"{label:<42} {median:>10.1f} {fastest:>8.1f} {cpu_median:>8.1f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
