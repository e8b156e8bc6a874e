"""Two processes adding items to one builder document at once lose none of them.

Each forked writer adds 25 items, saving after each, in one of two ways:

* ``keeps_its_copy``: loads the file once and keeps adding to its own copy, as
  a builder form in a notebook does (the stringent case: every save must merge
  in what the other wrote since);
* ``reloads``: loads, adds one item and saves, every time (load-modify-save;
  the other writer may save between the load and the save).

Afterwards the file must hold all 50 items, each once. The PDSA log has the
same test (tests/pdsa/test_concurrency.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from academy.builders import (
    Cause,
    ChangeIdea,
    DriverDiagram,
    Measure,
    MeasurementPlan,
    PrimaryDriver,
    SecondaryDriver,
    load_driver_diagram,
    load_fishbone,
    load_plan,
    new_fishbone,
    save_driver_diagram,
    save_fishbone,
    save_plan,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fork and flock are POSIX")

FORK = multiprocessing.get_context("fork")
ITEMS = 25


@dataclass(frozen=True)
class Builder:
    start: Callable[[], Any]
    add: Callable[[Any, str], None]
    items: Callable[[Any], list[str]]
    save: Callable[[Any, Path], Path]
    load: Callable[[Path], Any]


def _add_idea(diagram: DriverDiagram, text: str) -> None:
    diagram.primary_drivers[0].secondary_drivers[0].change_ideas.append(ChangeIdea(text))


def _add_measure(plan: MeasurementPlan, name: str) -> None:
    plan.measures.append(
        Measure(name, "process", "audits done", "ward audit", "weekly", "Sister", "c")
    )


BUILDERS = {
    "driver_diagram": Builder(
        lambda: DriverDiagram("Aim", [], [PrimaryDriver("P", [], [SecondaryDriver("S")])]),
        _add_idea,
        lambda d: [i.text for i in d.primary_drivers[0].secondary_drivers[0].change_ideas],
        save_driver_diagram,
        load_driver_diagram,
    ),
    "fishbone": Builder(
        lambda: new_fishbone("Falls"),
        lambda f, text: f.categories[0].causes.append(Cause(text, ["why?"])),
        lambda f: [c.text for c in f.categories[0].causes],
        save_fishbone,
        load_fishbone,
    ),
    "measurement_plan": Builder(
        lambda: MeasurementPlan("Aim"),
        _add_measure,
        lambda p: [m.name for m in p.measures],
        save_plan,
        load_plan,
    ),
}


def _write(builder: str, path: str, who: str, reload: bool, barrier: Any) -> None:
    kind = BUILDERS[builder]
    content = kind.load(Path(path))
    barrier.wait()
    for i in range(ITEMS):
        if reload:
            content = kind.load(Path(path))
        kind.add(content, f"{who} {i}")
        kind.save(content, Path(path))


@pytest.mark.parametrize("reload", [False, True], ids=["keeps_its_copy", "reloads"])
@pytest.mark.parametrize("builder", list(BUILDERS))
def test_two_writers_adding_items_keep_every_item(
    tmp_path: Path, builder: str, reload: bool
) -> None:
    kind = BUILDERS[builder]
    path = tmp_path / "shared.json"
    kind.save(kind.start(), path)
    barrier = FORK.Barrier(2)
    writers = [
        FORK.Process(target=_write, args=(builder, str(path), who, reload, barrier)) for who in "AB"
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    items = kind.items(kind.load(path))
    assert sorted(items) == sorted(f"{who} {i}" for who in "AB" for i in range(ITEMS))
    # each writer's own items stay in the order it added them
    for who in "AB":
        assert [x for x in items if x.startswith(who)] == [f"{who} {i}" for i in range(ITEMS)]
