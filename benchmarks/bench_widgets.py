"""Time one SPC explorer callback: recompute the chart and redraw it to PNG.

Not a test: prints figures. The explorer redraws on every change of a control,
so one callback must feel immediate; the target is a median of 100 ms or less
for a 100-point I chart with the Anhøj and IHI rules.

Usage: .venv/bin/python benchmarks/bench_widgets.py [--repeats 30] [--points 100]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import time

import numpy as np
import pandas as pd

from academy.widgets.spc_explorer import SpcExplorerApp

TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--points", type=int, default=100)
    args = parser.parse_args()

    rng = np.random.default_rng(2024)
    frame = pd.DataFrame(
        {"day": np.arange(1, args.points + 1), "minutes": rng.normal(30, 5, args.points).round(1)}
    )
    with contextlib.redirect_stdout(io.StringIO()):  # the Output widget prints outside a kernel
        app = SpcExplorerApp(data=frame)
        app.set_options(x="day", y="minutes", chart="i", rules=("anhoej", "ihi"))
        app.multiply.value = 2  # warm-up callback (imports, font cache)
        times = []
        for i in range(args.repeats):
            start = time.perf_counter()
            app.multiply.value = 1 + (i % 2)  # a user changing a control: one callback
            times.append(time.perf_counter() - start)
    ms = np.array(times) * 1000
    median, p90 = np.median(ms), np.percentile(ms, 90)
    verdict = "within" if median <= TARGET_MS else "OVER"
    print(f"SPC explorer callback (recompute + redraw to PNG), {args.points} points, I chart,")
    print(f"Anhøj + IHI rules, {args.repeats} repeats:")
    print(
        f"  median {median:.1f} ms, p90 {p90:.1f} ms, min {ms.min():.1f} ms, max {ms.max():.1f} ms"
    )
    print(f"  target median <= {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
