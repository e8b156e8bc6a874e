"""The columns documented in SPCResult's docstring are exactly those the engine returns."""

import re

from academy.spc import chart
from academy.spc.chart import SPCResult

ALL_RULES = ("anhoej", "ihi", "mdc", "we", "nelson", "hcdg")


def _documented() -> set[str]:
    names: set[str] = set()
    for line in (SPCResult.__doc__ or "").splitlines():
        match = re.match(
            r"\s{4}([a-z_0-9]+(?:, [a-z_0-9]+)*|[a-z]+_1 \.\. [a-z_]*\d+)\s{2,}\S", line
        )
        if not match:
            continue
        field = match.group(1)
        if " .. " in field:  # e.g. "we_1 .. we_4" or "nelson_1 .. _8"
            stem, last = re.match(r"([a-z]+)_1 \.\. \S*?(\d+)$", field).groups()
            names.update(f"{stem}_{i}" for i in range(1, int(last) + 1))
        else:
            names.update(field.split(", "))
    return names


def test_points_columns_match_the_documentation() -> None:
    result = chart(y=[float(v % 7) for v in range(30)], chart="i", rules=ALL_RULES)
    assert set(result.points.columns) == _documented()
