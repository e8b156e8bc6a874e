"""Numbers and claims in the module 3 (PDSA) lessons, checked against hand computations."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from academy.pdsa import Act, Cycle, PdsaLog, Prediction, Study, ramp_figure, to_markdown
from academy.simulations.potato_head import PDSACycle, play, reveal_effects
from academy.spc.limits import compute_limits

LAY_OUT, PRACTISE = "lay parts out in order", "practise once"
ONE_EACH, COUNT, PRE_SORT = "assign one person per part", "count down aloud", "pre-sort bag"


# Lesson 01: a PDSA cycle with predictions.
def test_cycle_one_median_of_four_screens() -> None:
    # sorted 2.0, 2.5, 3.0, 3.5: halfway between the 2nd and 3rd
    expected = (2.5 + 3.0) / 2
    assert expected == 2.75
    assert np.median([2.5, 3.0, 2.0, 3.5]) == pytest.approx(expected)


def test_exercise_median_of_six_screens() -> None:
    # sorted 1.0, 1.5, 1.5, 2.0, 2.5, 3.0: halfway between the 3rd and 4th
    expected = (1.5 + 2.0) / 2
    assert expected == 1.75
    assert np.median([1.5, 2.0, 1.0, 2.5, 1.5, 3.0]) == pytest.approx(expected)
    # the mean offered as a common mistake: 11.5 / 6, above the median
    assert sum([1.5, 2.0, 1.0, 2.5, 1.5, 3.0]) == pytest.approx(11.5)


def test_cycle_status_follows_the_sections(tmp_path) -> None:
    log = PdsaLog.open(tmp_path / "sepsis.json")
    cycle = Cycle(objective="Test", scale="1 nurse", questions=[Prediction("Q?", "5 of 5")])
    log.add_cycle("Prompt", "Ramp 1", cycle)
    assert (cycle.number, cycle.status) == (1, "planned")
    cycle.done_date = date(2024, 1, 9)
    cycle.study = Study(comparison="4 of 5")
    cycle.act = Act(decision="adapt")
    log.save()
    assert cycle.status == "acted"
    assert "| 1 | 1 nurse | — | 2024-01-09 | acted | adapt |" in to_markdown(log)


# Lesson 02: ramps of cycles.
def test_ramp_percentages() -> None:
    assert 100 * 38 / 40 == pytest.approx(95.0)
    assert round(100 * 221 / 236, 1) == 93.6
    assert 100 * 221 / 236 > 90  # the prediction held


def test_ramp_figure_draws_one_row_per_ramp(tmp_path) -> None:
    log = PdsaLog(tmp_path / "ramps.json")
    for idea, decision, day in (("Prompt", "adopt", 9), ("Grab box", "abandon", 12)):
        log.add_cycle(idea, "Ramp 1", Cycle(done_date=date(2024, 1, day), act=Act(decision)))
    ax = ramp_figure(log).axes[0]
    assert len(ax.get_yticks()) == 2


# Lesson 03: the Mr Potato Head game.
def test_exercise_baseline_median() -> None:
    # sorted 44, 47, 49, 52, 58, 61: halfway between the 3rd and 4th
    expected = (49 + 52) / 2
    times = np.array([52, 47, 61, 44, 49, 58], dtype=float)
    cl = compute_limits("run", times, None, np.ones(6, dtype=bool)).cl[0]
    assert cl == pytest.approx(expected)
    assert sum(times) == 311  # the mean offered as a mistake is 311 / 6


@pytest.fixture(scope="module")
def team_ash():
    return play(
        [
            PDSACycle((LAY_OUT,), 35, 3),
            PDSACycle((LAY_OUT, PRACTISE), 30, 3),
            PDSACycle((LAY_OUT, PRACTISE, ONE_EACH), 25, 3),
            PDSACycle((LAY_OUT, PRACTISE, COUNT), 25, 3),
        ],
        seed=7,
        team="Team Ash",
    )


def test_team_ash_story(team_ash) -> None:
    runs, medians = team_ash.runs, team_ash.summary["median_time_s"].to_numpy()
    baseline = np.sort(runs.loc[runs["cycle"] == 0, "time_s"].to_numpy())
    assert team_ash.baseline_median == pytest.approx((baseline[2] + baseline[3]) / 2)
    # cycle 1: every assembly below the baseline median
    assert (runs.loc[runs["cycle"] == 1, "time_s"] < team_ash.baseline_median).all()
    # faster in cycles 1, 2 and 4 than predicted; slower in cycle 3
    predicted = np.array([35, 30, 25, 25])
    assert list(medians[1:] < predicted) == [True, True, False, True]
    # cycle 2 faster than cycle 1; cycle 3 jumps back up; cycle 4 near cycle 2
    assert medians[2] < medians[1] < medians[3]
    assert abs(medians[4] - medians[2]) < 3
    # cycle 2 more accurate than cycle 1
    assert team_ash.summary["all_correct"].iloc[2] > team_ash.summary["all_correct"].iloc[1]


def test_team_birch_bundle_is_faster_despite_a_harmful_idea() -> None:
    birch = play([PDSACycle((LAY_OUT, PRE_SORT, ONE_EACH), 30, 3)], seed=2)
    medians = birch.summary["median_time_s"].round(1).tolist()
    assert medians == [32.7, 25.7]
    verdicts = dict(zip(reveal_effects()["idea"], reveal_effects()["verdict"], strict=True))
    assert verdicts[ONE_EACH] == "makes things worse"
    assert verdicts[COUNT] == "no effect"
    assert verdicts[LAY_OUT] == verdicts[PRACTISE] == verdicts[PRE_SORT] == "helps"
