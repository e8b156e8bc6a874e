"""Tests for the red bead experiment (Deming, Out of the Crisis, 1986, ch. 11)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from academy.errors import InputError
from academy.simulations.red_beads import (
    PADDLE_SIZE,
    WORKERS,
    np_limits,
    plot_red_beads,
    run_red_beads,
)


def test_published_theoretical_limits():
    # Deming's box: p = 800/4000 = 0.2, paddle n = 50: 10 ± 3·√(50·0.2·0.8) = 10 ± 3·√8
    lcl, cl, ucl = np_limits(0.2, 50)
    assert cl == 10
    assert lcl == pytest.approx(10 - 3 * math.sqrt(8))
    assert ucl == pytest.approx(10 + 3 * math.sqrt(8))
    assert (round(lcl, 2), round(ucl, 2)) == (1.51, 18.49)
    assert run_red_beads(seed=1).theoretical == pytest.approx((lcl, cl, ucl))


def test_np_limits_clip_at_zero_and_n():
    # p = 0.02, n = 50: 1 − 3·√0.98 < 0, so the lower limit is 0
    assert np_limits(0.02, 50).lcl == 0
    assert np_limits(0.98, 50).ucl == 50
    with pytest.raises(InputError):
        np_limits(1.2, 50)


def test_limits_from_the_data_use_p_bar():
    r = run_red_beads(seed=7)
    red = r.draws["red"].to_numpy()
    p_bar = red.sum() / (PADDLE_SIZE * red.size)
    sigma = math.sqrt(50 * p_bar * (1 - p_bar))
    assert r.limits.cl[0] == pytest.approx(50 * p_bar)
    assert r.limits.ucl[0] == pytest.approx(50 * p_bar + 3 * sigma)
    assert r.limits.lcl[0] == pytest.approx(50 * p_bar - 3 * sigma)
    assert r.outside_limits == int(((red > r.limits.ucl[0]) | (red < r.limits.lcl[0])).sum())


def test_seeded_runs_are_reproducible():
    pd.testing.assert_frame_equal(run_red_beads(seed=3).draws, run_red_beads(seed=3).draws)
    assert not run_red_beads(seed=3).draws["red"].equals(run_red_beads(seed=4).draws["red"])


def test_four_days_of_six_workers_then_double_shifts():
    r = run_red_beads(seed=11, keep_best_after=2)
    d = r.draws
    assert len(d) == 24 and d["draw"].tolist() == list(range(1, 25))
    assert (d.groupby("day").size() == 6).all()
    before = d[d["day"] <= 2]
    assert sorted(before["worker"]) == sorted(WORKERS * 2)
    # the kept workers have the fewest red beads on days 1-2 (ties to the worker listed first)
    totals = before.groupby("worker")["red"].sum()
    assert totals[list(r.kept)].max() <= totals[list(r.fired)].min()
    assert set(r.kept) | set(r.fired) == set(WORKERS) and len(r.kept) == 3
    after = d[d["day"] > 2]
    assert set(after["worker"]) == set(r.kept)
    assert (after.groupby(["day", "worker"]).size() == 2).all()
    assert sorted(after["shift"].unique()) == [1, 2]
    assert set(after["period"]) == {"after"} and set(before["period"]) == {"before"}


def test_ties_go_to_the_worker_listed_first():
    for seed in range(200):
        r = run_red_beads(seed=seed, keep_best_after=1)
        day1 = r.draws[r.draws["day"] == 1].set_index("worker")["red"]
        boundary = day1[list(r.kept)].max()
        if (day1[list(r.fired)] == boundary).any():
            tied = [w for w in WORKERS if day1[w] == boundary]
            kept_tied = [w for w in tied if w in r.kept]
            assert kept_tied == tied[: len(kept_tied)]
            return
    pytest.fail("no tie found in 200 seeds")


def test_no_round():
    r = run_red_beads(seed=2, keep_best_after=None)
    assert r.kept == () and set(r.draws["period"]) == {"all"}
    assert (r.draws.groupby("worker").size() == 4).all()


def test_keeping_the_best_changes_nothing():
    # The kept workers were the luckiest on days 1-2; afterwards they average what the
    # system gives: E[red] = 50·0.2 = 10 for a fair paddle. Hypergeometric variance per
    # draw = 50·0.2·0.8·(4000 − 50)/(4000 − 1); with 200 experiments × 12 later draws the
    # standard error of the mean is √(var/2400).
    var = 50 * 0.2 * 0.8 * (4000 - 50) / (4000 - 1)
    before, after = [], []
    for seed in range(200):
        d = run_red_beads(seed=seed).draws
        kept = d[d["period"] == "after"]["worker"].unique()
        before.append(d[(d["period"] == "before") & d["worker"].isin(kept)]["red"].mean())
        after.append(d[d["period"] == "after"]["red"].mean())
    se = math.sqrt(var / (200 * 12))
    assert abs(np.mean(after) - 10) < 4 * se
    # Before the round they looked better: the mean of the 3 lowest of 6 normal scores is
    # −(1.2672 + 0.6418 + 0.2015)/3 = −0.70, so about 10 − 0.70·√(7.9/2) = 8.6 per draw.
    assert np.mean(before) < 9


def test_fair_paddle_is_hypergeometric():
    red = np.concatenate([run_red_beads(seed=s, days=30).draws["red"] for s in range(20)])
    var = 50 * 0.2 * 0.8 * (4000 - 50) / (4000 - 1)  # = 7.902
    assert abs(red.mean() - 10) < 4 * math.sqrt(var / red.size)
    # sample variance of normal-ish counts: standard error ≈ var·√(2/(N − 1))
    assert abs(red.var(ddof=1) - var) < 4 * var * math.sqrt(2 / (red.size - 1))


def test_paddle_bias_moves_the_long_run_average():
    # Deming (Out of the Crisis, pp. 351-352): paddle No. 2 averaged 9.4, No. 1 11.3.
    # With odds ω for a red bead the share caught is about 0.2ω/(0.2ω + 0.8)
    # (sampling 50 of 4000 barely depletes the box): ω = 0.92 → 50·0.184/0.984 = 9.35.
    red = np.concatenate(
        [run_red_beads(seed=s, days=30, paddle_bias=0.92).draws["red"] for s in range(20)]
    )
    expected = 50 * 0.2 * 0.92 / (0.2 * 0.92 + 0.8)
    assert abs(red.mean() - expected) < 4 * math.sqrt(8 / red.size) + 0.01
    assert red.mean() < 10


def test_red_beads_parameter_changes_the_system():
    r = run_red_beads(seed=5, red_beads=400)
    assert r.theoretical.cl == 5
    assert r.draws["red"].mean() < 8


def test_compare_prediction_sentence():
    r = run_red_beads(seed=1, prediction=6)
    text = r.compare_prediction()
    assert text.startswith("You predicted 6.0 red beads per draw")
    assert "after day 2" in text and "\n" not in text
    assert ("common-cause" in text) == (r.outside_limits == 0)
    assert r.prediction == 6.0
    assert run_red_beads(seed=1).compare_prediction().startswith("No prediction was recorded")
    assert (
        "averaged" in run_red_beads(seed=1, keep_best_after=None, prediction=9).compare_prediction()
    )


def test_by_worker_table():
    t = run_red_beads(seed=9).by_worker()
    assert list(t.index) == list(WORKERS)
    assert (t["draws_before"] == 2).all()
    assert set(t["status"]) == {"kept, double shifts", "fired"}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"days": 0},
        {"days": 4, "keep_best_after": 4},
        {"keep_best_after": 0},
        {"workers": ("A", "B", "C")},
        {"workers": ("A", "A")},
        {"paddle_bias": 0},
        {"paddle_bias": float("nan")},
        {"red_beads": 4001},
        {"prediction": 51},
    ],
)
def test_inputs_are_validated(kwargs):
    with pytest.raises(InputError) as err:
        run_red_beads(**kwargs)
    assert "\n" not in str(err.value)


def test_plot_is_accessible():
    r = run_red_beads(seed=1)
    ax = plot_red_beads(r)
    workers = [line for line in ax.get_lines() if line.get_linestyle() == "None"]
    assert len({line.get_marker() for line in workers}) == 6
    labels = [line.get_label() for line in workers]
    assert any("fired" in label for label in labels) and any("kept" in label for label in labels)
    styles = {c.get_label(): c.get_linestyle() for c in ax.collections}
    assert any(label.startswith("Theoretical limits 1.51 .. 18.49") for label in styles)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title(loc="left")
    assert [t.get_text() for t in ax.get_xticklabels()] == r.draws["worker"].tolist()
