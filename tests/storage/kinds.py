"""Every kind of learner file the library saves, each with two valid versions.

A kind knows how to make version 0 or 1 of its content, save it with the
library's own function, and load it back with the library's own loader into a
value that compares with ``==``. The kill and two-writer tests use them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from academy.builders import (
    Category,
    Cause,
    ChangeIdea,
    DriverDiagram,
    Fishbone,
    Measure,
    MeasurementPlan,
    PrimaryDriver,
    SecondaryDriver,
    export_data_dictionary,
    load_driver_diagram,
    load_fishbone,
    load_plan,
    save_driver_diagram,
    save_fishbone,
    save_plan,
)
from academy.exports import write_csv, write_excel
from academy.loaders import read_table
from academy.pdsa import Cycle, PdsaLog, to_csv, to_markdown
from academy.pdsa.storage import atomic_write

SIZE = 60  # items per document: big enough that a save takes a measurable time


@dataclass(frozen=True)
class Kind:
    """One kind of saved file."""

    name: str
    file_name: str
    make: Callable[[int], Any]
    save: Callable[[Any, Path], object]
    load: Callable[[Path], Any]
    #: the same content always gives the same bytes (not so for .xlsx, which stores the time)
    same_bytes: bool = True
    #: a builder document is loaded first, so that the save knows what it replaces
    loads_first: bool = False


def _diagram(version: int) -> DriverDiagram:
    return DriverDiagram(
        f"Version {version}: cut falls on ward 7 by half by March",
        ["Falls per 1,000 bed days"],
        [
            PrimaryDriver(
                f"Primary {version}.{i}",
                [f"measure {i}"],
                [SecondaryDriver(f"Secondary {i}", [], [ChangeIdea(f"Idea {i}", ["audit"])])],
            )
            for i in range(SIZE)
        ],
    )


def _fishbone(version: int) -> Fishbone:
    return Fishbone(
        f"Falls, version {version}",
        [
            Category(name, [Cause(f"{name} cause {i} v{version}", ["why?"]) for i in range(10)])
            for name in ("People", "Methods", "Equipment", "Environment", "Materials", "Policies")
        ],
    )


def _plan(version: int) -> MeasurementPlan:
    return MeasurementPlan(
        f"Aim, version {version}",
        [
            Measure(
                name=f"Measure {i}",
                measure_type=("outcome", "process", "balancing")[i % 3],
                numerator=f"=falls with harm {version}",
                data_source="Datix",
                frequency="weekly",
                owner="Ward manager",
                chart_type="u",
                denominator="bed days",
            )
            for i in range(SIZE)
        ],
    )


def _log(version: int) -> PdsaLog:
    log = PdsaLog(Path("unsaved.json"))
    log.project.name = f"Safer discharge v{version}"
    for i in range(SIZE // 2):
        cycle = Cycle(
            objective=f"=try {i} v{version}",
            id=f"{version:016x}{i:016x}",
            created_at="2024-03-01T09:00:00.000000+00:00",  # fixed, so both versions repeat
        )
        log.add_cycle("Checklist", f"Ramp {i % 3}", cycle)
    return log


def _table(version: int, rows: int = SIZE * 5) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "week": [f"2024-W{i % 52 + 1:02d}" for i in range(rows)],
            "note": [f"=cmd|' /C calc'!A{i}" if i % 7 == 0 else f"v{version}" for i in range(rows)],
            "change": [i - 100 + version for i in range(rows)],
        }
    )


def _frame_text(path: Path) -> str:
    return read_table(path).to_csv(index=False)


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "driver_diagram",
            "dd.json",
            _diagram,
            save_driver_diagram,
            load_driver_diagram,
            loads_first=True,
        ),
        Kind("fishbone", "fb.json", _fishbone, save_fishbone, load_fishbone, loads_first=True),
        Kind("measurement_plan", "plan.json", _plan, save_plan, load_plan, loads_first=True),
        Kind(
            "data_dictionary_csv",
            "dictionary.csv",
            _plan,
            export_data_dictionary,
            _frame_text,
        ),
        Kind(
            "data_dictionary_md",
            "dictionary.md",
            _plan,
            export_data_dictionary,
            Path.read_bytes,
        ),
        Kind("pdsa_csv", "log.csv", _log, to_csv, _frame_text),
        Kind(
            "pdsa_markdown",
            "log.md",
            _log,
            lambda log, path: atomic_write(path, to_markdown(log).encode("utf-8")),
            Path.read_bytes,
        ),
        Kind("table_csv", "points.csv", _table, write_csv, _frame_text),
        Kind(
            "table_xlsx",
            "points.xlsx",
            lambda version: _table(version, rows=20),  # openpyxl is slow: keep saves short
            write_excel,
            _frame_text,
            same_bytes=False,
        ),
    )
}
