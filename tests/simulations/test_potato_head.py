"""Tests for the virtual Mr Potato Head PDSA game (after D. M. Williams)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from academy.errors import InputError
from academy.simulations.potato_head import (
    BASE_MEAN_S,
    BASE_P_MISPLACED,
    BASE_P_MISSING,
    CHANGE_IDEAS,
    MAX_CYCLES,
    TEAM_SPREAD,
    PDSACycle,
    play,
    plot_run_chart,
    plot_teams,
    reveal_effects,
)

PLAN = [
    PDSACycle(("lay parts out in order",), predicted_time=30, predicted_accuracy=3),
    PDSACycle(("lay parts out in order", "assign one person per part"), predicted_time=25),
    PDSACycle(("lay parts out in order", "practise once")),
    PDSACycle(("lay parts out in order", "practise once", "pre-sort bag"), predicted_time=20),
]


def test_shape_of_the_game():
    r = play(PLAN, runs_per_cycle=7, seed=1, team="Ward 4")
    assert len(r.runs) == 5 * 7
    assert r.runs["sequence"].tolist() == list(range(1, 36))
    assert r.runs["cycle"].tolist() == [c for c in range(5) for _ in range(7)]
    assert set(r.runs["accuracy"]) <= {1, 2, 3}
    assert (r.runs["time_s"] > 0).all() and (r.runs["team"] == "Ward 4").all()
    assert r.cycles[0] == PDSACycle()
    assert r.summary["ideas"].iloc[0] == "no change"
    assert r.baseline_median == pytest.approx(np.median(r.runs["time_s"][:7]))
    assert r.prediction == (None, 30, 25, None, 20)


def test_reproducible_and_prefix_stable():
    full = play(PLAN, seed=5)
    pd.testing.assert_frame_equal(full.runs, play(PLAN, seed=5).runs)
    # adding a cycle never changes the earlier ones (one random stream per cycle)
    first = play(PLAN[:2], seed=5)
    pd.testing.assert_frame_equal(first.runs, full.runs.iloc[: len(first.runs)])
    assert not full.runs["time_s"].equals(play(PLAN, seed=6).runs["time_s"])


def test_the_idea_that_does_nothing_changes_nothing():
    plain = play([PDSACycle()], seed=3).runs
    countdown = play([PDSACycle(("count down aloud",))], seed=3).runs
    np.testing.assert_array_equal(plain["time_s"], countdown["time_s"])
    np.testing.assert_array_equal(plain["accuracy"], countdown["accuracy"])


def test_one_idea_worsens_one_does_nothing_the_rest_help():
    verdicts = reveal_effects().set_index("idea")["verdict"]
    assert list(verdicts.index) == list(CHANGE_IDEAS)
    assert (verdicts == "makes things worse").sum() == 1
    assert (verdicts == "no effect").sum() == 1
    assert (verdicts == "helps").sum() == len(CHANGE_IDEAS) - 2


def test_baseline_matches_the_stated_model():
    # Lognormal times with mean 40 s scaled by a team factor exp(0.15·Z):
    # E[time] = 40·exp(0.15²/2). Accuracy: P(1) = 0.10, P(2) = 0.9·0.25, P(3) = 0.9·0.75.
    seeds, runs = 300, 20
    times, scores, team_means = [], [], []
    for seed in range(seeds):
        r = play([], runs_per_cycle=runs, seed=seed).runs
        times.append(r["time_s"].to_numpy())
        scores.append(r["accuracy"].to_numpy())
        team_means.append(r["time_s"].mean())
    se = np.std(team_means, ddof=1) / math.sqrt(seeds)  # teams are the independent units
    assert abs(np.mean(times) - BASE_MEAN_S * math.exp(TEAM_SPREAD**2 / 2)) < 4 * se
    scores = np.concatenate(scores)
    expected = {1: BASE_P_MISSING, 3: (1 - BASE_P_MISSING) * (1 - BASE_P_MISPLACED)}
    for score, p in expected.items():
        assert abs((scores == score).mean() - p) < 4 * math.sqrt(p * (1 - p) / scores.size)


def test_hidden_effects_on_mean_time():
    # Same seed, same cycle positions, with and without each idea (common random
    # numbers): the ratio of total times estimates the idea's hidden multiplier.
    effects = reveal_effects().set_index("idea")
    ideas = list(CHANGE_IDEAS)
    without, with_ = [], []
    for seed in range(150):
        plain = play([PDSACycle()] * len(ideas), runs_per_cycle=20, seed=seed).runs
        tested = play([PDSACycle((i,)) for i in ideas], runs_per_cycle=20, seed=seed).runs
        without.append(plain.groupby("cycle")["time_s"].sum().to_numpy()[1:])
        with_.append(tested.groupby("cycle")["time_s"].sum().to_numpy()[1:])
    without, with_ = np.array(without), np.array(with_)
    ratio = with_.sum(axis=0) / without.sum(axis=0)
    per_team = with_ / without
    se = per_team.std(axis=0, ddof=1) / math.sqrt(len(per_team))
    for k, idea in enumerate(ideas):
        assert abs(ratio[k] - effects.loc[idea, "time"]) < 4 * se[k] + 1e-12, idea


def test_compare_prediction_sentences():
    r = play(PLAN, seed=2)
    text = r.compare_prediction(1)
    gap = r.summary.loc[1, "median_time_s"] - 30
    assert text.startswith(
        "Cycle 1 (lay parts out in order): you predicted a median time of 30.0 s"
    )
    assert f"{abs(gap):.1f} s {'slower' if gap > 0 else 'faster'} than predicted" in text
    assert "an accuracy of 3" in text and "\n" not in text
    assert r.compare_prediction(0).startswith("The baseline: no prediction was recorded")
    assert r.compare_prediction().startswith("Cycle 4")
    assert "no prediction" in r.compare_prediction(3)
    with pytest.raises(InputError):
        r.compare_prediction(5)


@pytest.mark.parametrize(
    ("cycles", "kwargs"),
    [
        ([PDSACycle(("juggle",))], {}),
        ([PDSACycle(("pre-sort bag", "pre-sort bag"))], {}),
        ([PDSACycle()] * (MAX_CYCLES + 1), {}),
        ([PDSACycle(predicted_time=0)], {}),
        ([PDSACycle(predicted_accuracy=4)], {}),
        ([("pre-sort bag",)], {}),
        ([], {"runs_per_cycle": 0}),
        ([], {"runs_per_cycle": 21}),
    ],
)
def test_inputs_are_validated(cycles, kwargs):
    with pytest.raises(InputError) as err:
        play(cycles, **kwargs)
    assert "\n" not in str(err.value)


def test_a_single_idea_as_a_string_is_accepted():
    r = play([PDSACycle("pre-sort bag")], seed=1)
    assert r.cycles[1].ideas == ("pre-sort bag",)


def test_run_chart_is_accessible():
    r = play(PLAN, seed=4)
    ax = plot_run_chart(r)
    labels = {line.get_label(): line for line in ax.get_lines()}
    median = next(line for label, line in labels.items() if label.startswith("Baseline median"))
    assert median.get_ydata()[0] == pytest.approx(np.median(r.runs["time_s"][:6]))
    shapes = {line.get_marker() for label, line in labels.items() if label.startswith("Accuracy")}
    assert shapes == {"o", "^", "X"}
    predictions = [c for c in ax.collections if c.get_label() == "Prediction (median time)"]
    assert len(predictions) == 3 and predictions[0].get_linestyle()[0][1] is not None  # dashed
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["Baseline", "PDSA 1", "PDSA 2", "PDSA 3", "PDSA 4"]


def test_small_multiples_for_teams():
    teams = [play(PLAN[:k], seed=s, team=f"Team {s}") for s, k in [(1, 4), (2, 2), (3, 3), (4, 1)]]
    fig = plot_teams(teams, ncols=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4
    assert [ax.get_title(loc="left") for ax in visible] == [
        f"Team {s}: assembly times" for s in (1, 2, 3, 4)
    ]
    assert len({ax.get_ylim() for ax in visible}) == 1
    assert max(t.runs["time_s"].max() for t in teams) < visible[0].get_ylim()[1]
    assert fig.legends and "Baseline median" in [t.get_text() for t in fig.legends[0].texts]
    with pytest.raises(InputError):
        plot_teams([])
