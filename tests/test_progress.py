"""Tests for the team progress tracker (IHI assessment scale for collaboratives)."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from academy.errors import InputError
from academy.progress import (
    IHI_SCALE,
    monthly_scores,
    plot_progress,
    progress_alt_text,
    progress_summary,
    score_label,
    validate_score,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# The ten levels, written out from the IHI Assessment Scale for Collaboratives.
LEVELS = [
    (0.5, "Intent to participate"),
    (1.0, "Charter and team established"),
    (1.5, "Planning for the project has begun"),
    (2.0, "Activity, but no changes"),
    (2.5, "Changes tested, but no improvement"),
    (3.0, "Modest improvement"),
    (3.5, "Improvement"),
    (4.0, "Significant improvement"),
    (4.5, "Sustainable improvement"),
    (5.0, "Outstanding sustainable results"),
]

# Team B comes first and out of order; team A has no score for April.
DATA = pd.DataFrame(
    {
        "team": ["B", "B", "A", "A", "A", "B", "A"],
        "month": [
            "2024-02-01",
            "2024-03-31",
            "2024-01-15",
            "2024-02",
            "2024-03-02",
            "2024-01-01",
            "2024-05-20",
        ],
        "score": [4.5, 5.0, 1.0, 2.0, 4.0, 0.5, 3.5],
    }
)


def test_scale_has_the_ten_levels():
    assert list(IHI_SCALE.items()) == LEVELS


@pytest.mark.parametrize(("level", "label"), LEVELS)
def test_every_level_is_valid(level, label):
    assert validate_score(level) == level
    assert score_label(level) == label


def test_whole_numbers_and_numpy_values_are_accepted():
    assert validate_score(3) == 3.0
    assert validate_score(np.float64(4.5)) == 4.5
    assert validate_score(np.int64(5)) == 5.0


@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (0, "score 0 is not on"),
        (0.25, "score 0.25 is not on"),
        (3.2, "score 3.2 is not on"),
        (np.float64(4.75), "score 4.75 is not on"),
        (5.5, "score 5.5 is not on"),
        (-1, "score -1 is not on"),
        (math.nan, "score nan is not on"),
        ("3.0", "score '3.0' is not a number"),
        (True, "score True is not a number"),
        (None, "score None is not a number"),
    ],
)
def test_values_off_the_scale_are_rejected(bad, shown):
    with pytest.raises(InputError) as caught:
        validate_score(bad)
    assert str(caught.value).startswith(shown)
    assert str(caught.value).endswith(
        "; use one of 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0"
    )


def test_monthly_scores_are_tidy_and_sorted():
    tidy = monthly_scores(DATA)
    assert list(tidy.columns) == ["team", "month", "score", "label"]
    assert tidy["team"].tolist() == ["A", "A", "A", "A", "B", "B", "B"]
    assert tidy["month"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
        "2024-05-01",
        "2024-01-01",
        "2024-02-01",
        "2024-03-01",
    ]
    assert tidy["score"].tolist() == [1.0, 2.0, 4.0, 3.5, 0.5, 4.5, 5.0]
    assert tidy["label"].tolist() == [
        "Charter and team established",
        "Activity, but no changes",
        "Significant improvement",
        "Improvement",
        "Intent to participate",
        "Sustainable improvement",
        "Outstanding sustainable results",
    ]
    assert tidy["month"].dtype.kind == "M"


def test_custom_column_names_and_periods():
    data = pd.DataFrame(
        {
            "Team": [" Ward 7 ", "Ward 7"],
            "Month": pd.PeriodIndex(["2024-03", "2024-04"], freq="M"),
            "Score": [2, 2.5],
        }
    )
    tidy = monthly_scores(data, team="Team", month="Month", score="Score")
    assert tidy["team"].tolist() == ["Ward 7", "Ward 7"]
    assert tidy["month"].dt.strftime("%Y-%m").tolist() == ["2024-03", "2024-04"]
    assert tidy["score"].tolist() == [2.0, 2.5]


def test_monthly_scores_ignores_other_columns_so_it_can_be_reapplied():
    tidy = monthly_scores(DATA)
    pd.testing.assert_frame_equal(monthly_scores(tidy), tidy)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"score": [4.5, 5.0, 1.0, 2.0, 4.2, 0.5, 3.5]},
            "row 5: score 4.2 is not on the IHI scale",
        ),
        ({"score": [4.5, 5.0, 1.0, None, 4.0, 0.5, 3.5]}, "row 4: score is missing; use one of"),
        ({"team": ["B", "B", "A", " ", "A", "B", "A"]}, "row 4: team is blank"),
        (
            {"month": ["2024-02", "2024-03", "2024-01", "soon", "2024-03", "2024-01", "2024-05"]},
            "row 4: month is blank or not a date; write it like 2024-03",
        ),
        (
            {
                "month": [
                    "2024-02",
                    "2024-03",
                    "2024-01",
                    "2024-01-31",
                    "2024-03",
                    "2024-01",
                    "2024-05",
                ]
            },
            "team 'A' has two scores for 2024-01; keep one per month",
        ),
    ],
)
def test_bad_rows_are_reported_by_position(changes, message):
    data = DATA.assign(**changes)
    with pytest.raises(InputError) as caught:
        monthly_scores(data)
    assert message in str(caught.value)


def test_datetimes_and_a_single_month():
    data = pd.DataFrame(
        {"team": ["T"], "month": [pd.Timestamp("2024-06-30 14:00")], "score": [2.5]}
    )
    assert monthly_scores(data)["month"].dt.strftime("%Y-%m-%d").tolist() == ["2024-06-01"]
    ax = visible_axes(plot_progress(data))[0]
    assert ax.lines[0].get_ydata().tolist() == [2.5]


def test_numeric_months_are_rejected():
    data = pd.DataFrame({"team": ["T"], "month": [3], "score": [2.5]})
    with pytest.raises(InputError, match="months must be dates such as 2024-03, not numbers"):
        monthly_scores(data)


def test_missing_column_lists_the_columns():
    with pytest.raises(
        InputError, match=r"column 'score' not found \(columns: team, month, value\)"
    ):
        monthly_scores(DATA.rename(columns={"score": "value"}))
    with pytest.raises(InputError, match="must be a pandas DataFrame"):
        monthly_scores([1, 2])


def test_summary_by_hand():
    summary = progress_summary(DATA)
    assert summary["team"].tolist() == ["A", "B"]
    assert summary["months_scored"].tolist() == [4, 3]
    assert summary["first_month"].dt.strftime("%Y-%m").tolist() == ["2024-01", "2024-01"]
    assert summary["latest_month"].dt.strftime("%Y-%m").tolist() == ["2024-05", "2024-03"]
    assert summary["latest_score"].tolist() == [3.5, 5.0]
    assert summary["latest_label"].tolist() == ["Improvement", "Outstanding sustainable results"]
    assert summary["best_score"].tolist() == [4.0, 5.0]
    # A: 4.0 counts, 3.5 does not -> 1.  B: 4.5 and 5.0 count, 0.5 does not -> 2.
    assert summary["months_at_4_or_more"].tolist() == [1, 2]


@pytest.mark.parametrize(("score", "counted"), [(3.5, 0), (4.0, 1), (4.5, 1), (5.0, 1)])
def test_months_at_4_boundary(score, counted):
    data = pd.DataFrame({"team": ["T"], "month": ["2024-01"], "score": [score]})
    assert progress_summary(data)["months_at_4_or_more"].tolist() == [counted]


def test_alt_text():
    assert progress_alt_text(DATA) == (
        "Small multiples of IHI assessment scores (0.5 to 5.0) by month for 2 teams, with "
        "reference lines at 3.0 and 4.0. "
        "A: 4 monthly scores from January 2024 to May 2024, latest 3.5 (improvement), "
        "1 at 4.0 or more. "
        "B: 3 monthly scores from January 2024 to March 2024, latest 5.0 "
        "(outstanding sustainable results), 2 at 4.0 or more."
    )


def visible_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


def test_one_panel_per_team_with_shared_scale():
    fig = plot_progress(DATA, ncols=3)
    axes = visible_axes(fig)
    assert [ax.get_title() for ax in axes] == ["A", "B"]
    assert len(fig.axes) == 2  # ncols is capped at the number of teams
    assert all(ax.get_ylim() == (0, 5.4) for ax in axes)
    assert fig.get_suptitle() == "Team progress on the IHI assessment scale"


def test_hidden_panels_when_the_grid_is_not_full():
    data = pd.concat([DATA, DATA.assign(team=DATA["team"] + "2")], ignore_index=True)
    fig = plot_progress(data, ncols=3)
    assert len(fig.axes) == 6
    assert [ax.get_title() for ax in visible_axes(fig)] == ["A", "A2", "B", "B2"]


def test_step_line_has_a_gap_for_the_missing_month():
    fig = plot_progress(DATA)
    ax = visible_axes(fig)[0]
    step = ax.lines[0]
    assert step.get_drawstyle() == "steps-post"
    y = np.asarray(step.get_ydata(), dtype=float)
    # Months Jan..May for team A; April was not scored.
    np.testing.assert_array_equal(y, [1.0, 2.0, 4.0, np.nan, 3.5])


def test_reference_lines_are_labelled_and_differ_in_style():
    ax = visible_axes(plot_progress(DATA))[1]
    reference = [
        line
        for line in ax.lines
        if line.get_ydata()[0] in (3.0, 4.0) and len(line.get_ydata()) == 2
    ]
    styles = {line.get_ydata()[0]: line.get_linestyle() for line in reference}
    assert styles == {3.0: "--", 4.0: "-."}
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["3.0 modest improvement", "4.0 significant improvement"]


def test_legend_names_every_line():
    fig = plot_progress(DATA)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "Monthly score",
        "3.0 Modest improvement",
        "4.0 Significant improvement",
    ]


def test_plot_rejects_bad_layout_and_empty_data():
    with pytest.raises(InputError, match="ncols must be a whole number of at least 1"):
        plot_progress(DATA, ncols=0)
    with pytest.raises(InputError, match="no scores to plot"):
        plot_progress(DATA.iloc[0:0])


def test_alt_text_says_team_in_the_singular_for_one_team() -> None:
    import pandas as pd

    from academy.progress import progress_alt_text

    one = pd.DataFrame(
        {"team": ["Ward 3"] * 2, "month": ["2025-01-01", "2025-02-01"], "score": [1.0, 1.5]}
    )
    text = progress_alt_text(one, team="team", month="month", score="score")
    assert "for 1 team," in text
