"""The team progress tracker's error messages follow the language."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from academy.progress import monthly_scores, plot_progress, validate_score
from academy.widgets.progress import ProgressApp
from tests.errors import error_message

DATA = pd.DataFrame(
    {"team": ["Ward A", "Ward B"], "month": ["2024-03", "2024-03"], "score": [1.0, 2.0]}
)


pytestmark = pytest.mark.usefixtures("in_welsh")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("call", "args", "kwargs", "welsh", "english"),
    [
        (validate_score, (3.2,), {}, "nid yw'r sgôr 3.2 ar raddfa'r IHI", "not on the IHI scale"),
        (monthly_scores, (DATA,), {"team": "ward"}, "ni chafwyd y golofn 'ward'", "not found"),
        (monthly_scores, (pd.DataFrame(),), {"team": "ward"}, "(colofnau: dim)", "none"),
        (monthly_scores, (DATA.assign(team=["A", " "]),), {}, "rhes 2: mae'r tîm yn wag", "row"),
        (monthly_scores, (DATA.assign(score=[1.0, None]),), {}, "mae'r sgôr ar goll", "missing"),
        (
            monthly_scores,
            (DATA.assign(team=["A", "A"]),),
            {},
            "ddwy sgôr ar gyfer 2024-03; cadwch",
            "keep one",
        ),
        (
            monthly_scores,
            (DATA.assign(month=["2024-03", "soon"]),),
            {},
            "nid yw'n ddyddiad",
            "date",
        ),
        (plot_progress, (DATA,), {"ncols": 0}, "rhaid i ncols fod yn rhif cyfan", "whole number"),
        (plot_progress, (DATA.iloc[:0],), {}, "nid oes sgorau i'w plotio", "no scores"),
    ],
)
def test_progress_errors_in_welsh(call, args, kwargs, welsh, english) -> None:
    message = error_message(call, *args, **kwargs)
    assert welsh in message
    assert english not in message


def test_widget_error_in_welsh() -> None:
    two_months = pd.DataFrame(
        {"team": ["Ward A", "Ward A", "Ward B"], "month": ["2024-03", "2024-04", "2024-04"]}
    ).assign(score=[1.0, 1.5, 2.0])
    message = error_message(ProgressApp(two_months).select, ["Ward C"])
    assert "nid yw'r tîm 'Ward C' yn y data; dewiswch o Ward A, Ward B" in message
    assert "choose from" not in message
