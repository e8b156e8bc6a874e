"""The team progress widget shows academy.progress results for the chosen teams."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from academy import i18n
from academy.errors import InputError
from academy.widgets.progress import ProgressApp

DATA = pd.DataFrame(
    {
        "team": ["Ward A"] * 3 + ["Ward B"] * 3,
        "month": ["2024-01", "2024-02", "2024-03"] * 2,
        "score": [1.0, 2.0, 4.0, 0.5, 4.0, 4.5],
    }
)


def test_all_teams_shown_first_with_a_hand_checked_summary() -> None:
    app = ProgressApp(DATA)
    table = app.summary()
    # Ward A: latest 4.0, one month at 4.0 or more; Ward B: latest 4.5, two months (4.0, 4.5).
    assert table["Team"].tolist() == ["Ward A", "Ward B"]
    assert table["Latest score"].tolist() == [4.0, 4.5]
    assert table["Months at 4.0 or more"].tolist() == [1, 2]
    assert table["First month"].tolist() == ["2024-01", "2024-01"]
    assert table["Latest level"].tolist() == ["Significant improvement", "Sustainable improvement"]
    (figure,) = app.figure_output.outputs
    assert figure["data"]["text/plain"].startswith(
        "Figure: Small multiples of IHI assessment scores (0.5 to 5.0) by month for 2 teams"
    )
    assert app.table_output.outputs
    assert plt.get_fignums() == []  # the pyplot figure was closed


def test_choosing_teams_redraws() -> None:
    app = ProgressApp(DATA)
    table = app.select(["Ward B"])
    assert table["Team"].tolist() == ["Ward B"]
    assert "for 1 team," in app.figure_output.outputs[0]["data"]["text/plain"]
    app.teams.value = ()
    assert app.summary() is None
    assert "choose at least one team" in app.figure_output.outputs[0]["data"]["text/html"]
    assert app.table_output.outputs == ()
    with pytest.raises(InputError, match="team 'Ward C' is not in the data"):
        app.select(["Ward C"])


def test_bad_data_is_reported_by_the_logic() -> None:
    with pytest.raises(InputError, match="not on the IHI scale"):
        ProgressApp(DATA.assign(score=[1.0, 2.0, 3.2, 0.5, 4.0, 4.5]))


def test_labels_and_welsh() -> None:
    app = ProgressApp(DATA)
    assert app.teams.description == "Teams"
    assert isinstance(app.hint, widgets.HTML) and "Shift" in app.hint.value
    try:
        i18n.set_language("cy")
        welsh = ProgressApp(DATA)
        assert welsh.teams.description == "Timau"
        assert "Tîm" in welsh.summary().columns
    finally:
        i18n.set_language("en")
