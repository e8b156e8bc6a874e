"""Load the Academy's synthetic teaching datasets.

The CSV files live in ``datasets/`` at the root of the repository, beside their
data dictionary (``datasets/README.md``) and the seeded script that generates
them. Every dataset is synthetic: no real patient data.

>>> load_dataset("xmr_example").shape[0]
20
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from academy.errors import InputError
from academy.i18n import t

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


def _is_date_column(name: str) -> bool:
    return name in {"date", "month", "week_start"} or name.endswith("_date")


def dataset_names() -> list[str]:
    """Names of the datasets that :func:`load_dataset` can load."""
    return sorted(p.stem for p in DATASETS.glob("*.csv"))


def load_dataset(name: str) -> pd.DataFrame:
    """Load a teaching dataset by name (see ``datasets/README.md`` for its data dictionary)."""
    path = DATASETS / f"{name}.csv"
    if not path.is_file():
        names = dataset_names()
        close = difflib.get_close_matches(name, names, n=1)
        if close:
            message = t(
                "loaders.error.no_dataset_suggest",
                name=name,
                close=close[0],
                names=", ".join(names),
            )
        else:
            message = t("loaders.error.no_dataset", name=name, names=", ".join(names))
        raise InputError(message)
    frame = pd.read_csv(path)
    for column in filter(_is_date_column, frame.columns):
        frame[column] = pd.to_datetime(frame[column])
    return frame
