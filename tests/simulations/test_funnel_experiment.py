"""Tests for Deming's funnel (The New Economics, 1993, ch. 9)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from academy.errors import InputError
from academy.simulations.funnel_experiment import (
    RULES,
    drop_positions,
    expected_variance,
    plot_funnel,
    run_funnel,
)


def _reference(rule: int, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Deming's rules drop by drop, as stated (target 0, funnel starts over it)."""
    z, xs, zs = 0.0, [], []
    for ek in e:
        x = z + ek
        xs.append(x)
        zs.append(z)
        z = {1: 0.0, 2: z - x, 3: -x, 4: x}[rule]
    return np.array(xs), np.array(zs)


def test_hand_worked_drops():
    e = np.array([1.0, -2.0, 0.5, 3.0])
    # rule 2: z = 0, −1, 2, −0.5 (z ← z − x); x = z + e
    np.testing.assert_allclose(drop_positions(2, e)[0], [1, -3, 2.5, 2.5])
    np.testing.assert_allclose(drop_positions(2, e)[1], [0, -1, 2, -0.5])
    # rule 3: z = 0, −1, 3, −3.5 (z ← −x)
    np.testing.assert_allclose(drop_positions(3, e)[0], [1, -3, 3.5, -0.5])
    # rule 4: z = 0, 1, −1, −0.5 (z ← x)
    np.testing.assert_allclose(drop_positions(4, e)[0], [1, -1, -0.5, 2.5])
    np.testing.assert_array_equal(drop_positions(1, e)[0], e)


@settings(max_examples=60, deadline=None)
@given(
    rule=st.sampled_from(list(RULES)),
    e=arrays(float, st.integers(1, 40), elements=st.floats(-10, 10, allow_nan=False)),
)
def test_vectorised_rules_match_the_recurrence(rule, e):
    x, z = drop_positions(rule, e)
    x_ref, z_ref = _reference(rule, e)
    np.testing.assert_allclose(x, x_ref, atol=1e-9)
    np.testing.assert_allclose(z, z_ref, atol=1e-9)


def test_columns_are_independent_runs():
    rng = np.random.default_rng(0)
    e = rng.normal(size=(30, 2, 3))
    x, _ = drop_positions(3, e)
    np.testing.assert_allclose(x[:, 1, 2], _reference(3, e[:, 1, 2])[0])


def test_expected_variance_by_hand():
    # n = 2: rules 2 and 3 give x = (e1, e2 − e1), s² = (e2 − 2e1)²/2, E = 5/2;
    # rule 4 gives x = (e1, e1 + e2), s² = e2²/2, E = 1/2.
    assert expected_variance(2, 2) == pytest.approx(2.5)
    assert expected_variance(3, 2) == pytest.approx(2.5)
    assert expected_variance(4, 2) == pytest.approx(0.5)
    # n = 3: rule 2: Σx = e3, (ΣE x² − E(Σx)²/3)/2 = (1 + 2 + 2 − 1/3)/2 = 7/3;
    # rule 3: x = (e1, e2 − e1, e3 − e2 + e1), Σx = e1 + e3: (1 + 2 + 3 − 2/3)/2 = 8/3;
    # rule 4: Σx = 3e1 + 2e2 + e3: (1 + 2 + 3 − 14/3)/2 = 2/3.
    assert expected_variance(2, 3) == pytest.approx(7 / 3)
    assert expected_variance(3, 3) == pytest.approx(8 / 3)
    assert expected_variance(4, 3) == pytest.approx(2 / 3)
    assert expected_variance(1, 50, sigma=2.0) == pytest.approx(4.0)


@pytest.mark.parametrize("rule", list(RULES))
def test_expected_variance_matches_simulation(rule):
    # 20,000 independent runs of 50 drops; the mean of their sample variances has
    # standard error sd/√R by the central limit theorem.
    e = np.random.default_rng(rule).normal(size=(50, 20_000))
    s2 = drop_positions(rule, e)[0].var(axis=0, ddof=1)
    se = s2.std(ddof=1) / math.sqrt(s2.size)
    assert abs(s2.mean() - expected_variance(rule, 50)) < 4 * se


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_rule_2_doubles_the_variance(seed):
    # Ratio R = s²(rule 2)/s²(rule 1) on the same noise. Since xₖ = eₖ − eₖ₋₁,
    # R ≈ 2 − 2·c/a with a = Σeₖ²/n ≈ sigma² and c = Σeₖeₖ₋₁/n, whose variance is
    # sigma⁴/n; so sd(R) ≈ 2/√n in one dimension and √2/√n in two (two axes pooled).
    n = 200_000
    one = run_funnel(n_drops=n, dims=1, seed=seed).variance.set_index("rule")
    assert abs(one.loc[2, "ratio_to_rule_1"] - 2) < 4 * 2 / math.sqrt(n)
    two = run_funnel(n_drops=n, dims=2, seed=seed).variance.set_index("rule")
    assert abs(two.loc[2, "ratio_to_rule_1"] - 2) < 4 * math.sqrt(2) / math.sqrt(n)


@pytest.mark.parametrize("rule", [3, 4])
def test_rules_3_and_4_grow_without_bound(rule):
    # Var(xₙ) = n·sigma² for both rules; across R independent runs the sample variance
    # of xₙ has relative standard error √(2/(R − 1)).
    runs = 4000
    e = np.random.default_rng(10 + rule).normal(size=(400, runs))
    x = drop_positions(rule, e)[0]
    for n in (10, 100, 400):
        assert abs(x[n - 1].var(ddof=1) / n - 1) < 4 * math.sqrt(2 / (runs - 1))
    growth = [expected_variance(rule, n) for n in (10, 100, 1000, 10_000)]
    assert all(b > 5 * a for a, b in itertools.pairwise(growth))
    short = run_funnel(n_drops=100, dims=1, seed=1).variance.set_index("rule")
    long = run_funnel(n_drops=100_000, dims=1, seed=1).variance.set_index("rule")
    assert long.loc[rule, "variance"] > 50 * short.loc[rule, "variance"]


def test_result_tables_and_reproducibility():
    r = run_funnel(n_drops=30, dims=2, seed=42, prediction=1)
    assert list(r.drops.columns) == ["rule", "drop", "x", "y", "funnel_x", "funnel_y"]
    assert len(r.drops) == 4 * 30
    pd.testing.assert_frame_equal(r.drops, run_funnel(n_drops=30, dims=2, seed=42).drops)
    rule1 = r.drops[r.drops["rule"] == 1]
    assert (rule1["funnel_x"] == 0).all() and (rule1["funnel_y"] == 0).all()
    v = r.variance.set_index("rule")
    assert v.loc[1, "ratio_to_rule_1"] == 1
    assert v.loc[2, "expected_ratio"] == pytest.approx((2 * 30 + 1) / 30)
    one = run_funnel(n_drops=30, dims=1, seed=42)
    assert "y" not in one.drops and one.dims == 1


def test_same_noise_in_every_rule():
    r = run_funnel(n_drops=20, dims=1, seed=8).drops
    e = r[r["rule"] == 1]["x"].to_numpy()
    for rule in (2, 3, 4):
        np.testing.assert_allclose(r[r["rule"] == rule]["x"], drop_positions(rule, e)[0])


def test_compare_prediction():
    r = run_funnel(n_drops=500, seed=1, prediction=2)
    text = r.compare_prediction()
    assert text.startswith("You predicted rule 2") and "it was rule 1" in text
    assert "so it did" in run_funnel(n_drops=500, seed=1, prediction=1).compare_prediction()
    assert run_funnel(seed=1).compare_prediction().startswith("No prediction")


@pytest.mark.parametrize(
    "kwargs",
    [{"n_drops": 1}, {"dims": 3}, {"sigma": 0}, {"sigma": -1}, {"prediction": 5}],
)
def test_inputs_are_validated(kwargs):
    with pytest.raises(InputError) as err:
        run_funnel(**kwargs)
    assert "\n" not in str(err.value)


def test_bad_rule_and_n():
    with pytest.raises(InputError):
        drop_positions(5, np.zeros(3))
    with pytest.raises(InputError):
        expected_variance(2, 1)


@pytest.mark.parametrize("dims", [1, 2])
def test_plot_small_multiples(dims):
    fig = plot_funnel(run_funnel(n_drops=40, dims=dims, seed=1))
    axs = fig.axes
    assert len(axs) == 4
    markers = {line.get_marker() for ax in axs for line in ax.get_lines()[:1]}
    assert len(markers) == 4  # each rule has its own shape
    assert all(ax.get_title(loc="left").startswith(f"Rule {i + 1}") for i, ax in enumerate(axs))
    assert all(ax.get_xlabel() for ax in axs) and axs[0].get_ylabel()
    assert axs[0].get_ylim() == axs[3].get_ylim()  # shared axes show the growth
    # drawing into a given figure clears it first
    assert len(plot_funnel(run_funnel(n_drops=40, dims=dims, seed=2), fig).axes) == 4
