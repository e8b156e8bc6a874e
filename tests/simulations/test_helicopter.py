"""Tests for the paper helicopter experiments (Box 1992; Box, Hunter & Hunter 2005)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from academy.errors import InputError
from academy.simulations.helicopter import (
    DEFAULT_MODEL,
    DESIGNS,
    FACTORS,
    HelicopterModel,
    alias_structure,
    defining_relation,
    design,
    estimate_effects,
    lenth_pse,
    plot_effects,
    resolution,
    run_design,
)

LETTERS = list("ABCDE")
# Dyadic numbers add and halve exactly in floating point, so estimates can be compared with ==.
DYADIC = HelicopterModel(
    mean=2.0,
    effects={"A": -0.125, "B": 0.5, "C": -0.0625, "D": 0.0, "E": -0.25},
    interactions={"BE": -0.125},
    noise_sd=0.1,
)


def test_full_factorial_in_standard_order():
    d = design()
    assert len(d) == 32 and d["std_order"].tolist() == list(range(1, 33))
    # Yates order: A changes fastest, then B, ...
    assert d.loc[0, LETTERS].tolist() == [-1, -1, -1, -1, -1]
    assert d.loc[1, LETTERS].tolist() == [1, -1, -1, -1, -1]
    assert d.loc[2, LETTERS].tolist() == [-1, 1, -1, -1, -1]
    assert d.loc[31, LETTERS].tolist() == [1, 1, 1, 1, 1]
    assert len({tuple(row) for row in d[LETTERS].to_numpy()}) == 32


def test_fractions_follow_their_generators():
    half = design(DESIGNS["half"])
    assert len(half) == 16
    assert (half["E"] == half["A"] * half["B"] * half["C"] * half["D"]).all()
    quarter = design(DESIGNS["quarter"])
    assert len(quarter) == 8
    assert (quarter["D"] == quarter["A"] * quarter["B"]).all()
    assert (quarter["E"] == quarter["A"] * quarter["C"]).all()
    for d in (half, quarter):
        x = d[LETTERS].to_numpy()
        np.testing.assert_array_equal(x.T @ x, len(d) * np.eye(5))  # orthogonal main effects


def test_defining_relation_resolution_and_aliases():
    assert defining_relation({}) == ()
    assert defining_relation(DESIGNS["half"]) == ("ABCDE",)
    # D = AB, E = AC: I = ABD = ACE, and their product ABD·ACE = BCDE
    assert defining_relation(DESIGNS["quarter"]) == ("ABD", "ACE", "BCDE")
    assert resolution({}) is None
    assert resolution(DESIGNS["half"]) == 5
    assert resolution(DESIGNS["quarter"]) == 3
    assert resolution({"E": "ABC"}) == 4  # I = ABCE
    half = alias_structure(DESIGNS["half"])
    assert half["A"] == ("BCDE",) and half["AB"] == ("CDE",)
    quarter = alias_structure(DESIGNS["quarter"])
    # A·ABD = BD, A·ACE = CE, A·BCDE = ABCDE
    assert quarter["A"] == ("BD", "CE", "ABCDE")
    # B·ABD = AD, B·ACE = ABCE, B·BCDE = CDE
    assert quarter["B"] == ("AD", "CDE", "ABCE")
    # BE·ABD = ADE, BE·ACE = ABC, BE·BCDE = CD
    assert quarter["BE"] == ("CD", "ABC", "ADE")


@pytest.mark.parametrize("name", ["full", "half"])
def test_noise_free_estimates_recover_the_true_effects(name):
    truth = DEFAULT_MODEL.true_effects()
    est = run_design(name, noise_sd=0, seed=1).effects.set_index("term")["effect"]
    assert len(est) == 5 + 10  # main effects and two-factor interactions, all clear
    for term, value in est.items():
        assert value == pytest.approx(truth.get(term, 0.0), abs=1e-12), term
    exact = run_design(name, noise_sd=0, seed=1, model=DYADIC).effects.set_index("term")
    for term, value in DYADIC.true_effects().items():
        assert exact.loc[term, "effect"] == value  # exactly, no rounding


def test_quarter_fraction_aliases_a_main_effect_with_an_interaction():
    # D = AB, so the D contrast estimates D + AB; put a true AB interaction in the model
    model = HelicopterModel(
        mean=2.0,
        effects={"A": 0.5, "B": 0.25, "C": 0.0, "D": -0.125, "E": 0.0},
        interactions={"AB": 0.375},
    )
    r = run_design("quarter", noise_sd=0, model=model, seed=3)
    est = r.effects.set_index("term")
    assert est.loc["D", "effect"] == -0.125 + 0.375
    assert est.loc["D", "aliases"].split(" = ")[0] == "AB"
    assert est.loc["A", "effect"] == 0.5  # A's aliases BD and CE are absent from the model
    assert len(est) == 7  # 8 runs: 7 estimable contrasts
    assert r.resolution == 3
    half = run_design("half", noise_sd=0, model=model, seed=3).effects.set_index("term")
    assert half.loc["D", "effect"] == -0.125 and half.loc["AB", "effect"] == 0.375


def test_noisy_estimates_lie_within_sampling_error():
    # 4 replicates of the 2⁵: 128 runs, so each effect (difference of two means of 64)
    # has standard error sigma·√(1/64 + 1/64) = 0.10·0.1768.
    truth = DEFAULT_MODEL.true_effects()
    est = run_design("full", replicates=4, seed=12).effects.set_index("term")["effect"]
    se = DEFAULT_MODEL.noise_sd * math.sqrt(2 / 64)
    for term, value in est.items():
        assert abs(value - truth.get(term, 0.0)) < 4 * se, term


def test_run_order_is_randomised_and_reproducible():
    r = run_design("half", replicates=3, seed=7)
    assert r.runs["run"].tolist() == list(range(1, 49))
    assert sorted(r.runs["std_order"].tolist()) == sorted(list(range(1, 17)) * 3)
    assert r.runs["std_order"].tolist() != sorted(r.runs["std_order"].tolist())
    pd.testing.assert_frame_equal(r.runs, run_design("half", replicates=3, seed=7).runs)
    ordered = run_design("half", randomise=False, seed=7).runs
    assert ordered["std_order"].tolist() == list(range(1, 17))


def test_custom_generators():
    r = run_design({"E": "ABC"}, noise_sd=0, seed=1)
    assert r.design_name == "custom" and r.resolution == 4
    est = r.effects.set_index("term")
    assert est.loc["AB", "aliases"].split(" = ")[0] == "CE"  # AB·ABCE = CE


def test_lenth_pse_by_hand():
    # |c| = 10, 8, 1, 1, 0.5, 2, 0.5: median 1, s0 = 1.5; keep |c| < 3.75 →
    # 1, 1, 0.5, 2, 0.5 with median 1, so PSE = 1.5
    assert lenth_pse(np.array([10, -8, 1, -1, 0.5, 2, -0.5])) == pytest.approx(1.5)


def test_prediction_and_run_sheet():
    r = run_design("half", seed=1, prediction="rotor length")
    assert r.prediction == "B"
    text = r.compare_prediction()
    assert text.startswith("You predicted rotor length (B) would matter most; and so it did")
    assert "+0.4" in text
    assert run_design("half", seed=1, prediction="e").prediction == "E"
    assert "No prediction" in run_design("half", seed=1).compare_prediction()
    sheet = r.run_sheet()
    assert list(sheet.columns) == ["run"] + [f.name for f in FACTORS.values()]
    assert set(sheet["paper clip"]) == {"none", "one clip"}


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("eighth",), {}),
        (({"F": "AB"},), {}),
        (({"E": "A"},), {}),
        (({"D": "AB", "E": "AD"},), {}),
        (("half",), {"replicates": 0}),
        (("half",), {"noise_sd": -0.1}),
        (("half",), {"prediction": "colour"}),
        (("half",), {"model": HelicopterModel(interactions={"BX": 0.1})}),
    ],
)
def test_inputs_are_validated(args, kwargs):
    with pytest.raises(InputError) as err:
        run_design(*args, **kwargs)
    assert "\n" not in str(err.value)


def test_estimate_effects_validates_runs():
    runs = run_design("half", seed=1).runs
    with pytest.raises(InputError):
        estimate_effects(runs.drop(columns="C"))
    with pytest.raises(InputError):
        estimate_effects(runs.assign(A=0))
    with pytest.raises(InputError):
        estimate_effects(runs, max_order=6)
    # every order: 31 contrasts in the full factorial, 15 in the half fraction
    assert len(estimate_effects(run_design("full", seed=1).runs, max_order=5)) == 31
    assert len(estimate_effects(runs, max_order=5)) == 15


def test_bar_plot_is_accessible():
    effects = run_design("quarter", seed=2).effects
    ax = plot_effects(effects)
    bars = ax.patches
    assert len(bars) == len(effects)
    hatches = {b.get_hatch() or "" for b in bars if b.get_width() < 0}
    assert hatches == {"////"}
    assert all(not b.get_hatch() for b in bars if b.get_width() > 0)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith(effects.loc[effects["effect"].abs().idxmax(), "term"])
    assert any("(= " in label for label in labels)  # aliases shown in a resolution III design
    assert ax.get_xlabel() and ax.get_title(loc="left")


def test_normal_plot():
    effects = run_design("full", seed=2).effects
    ax = plot_effects(effects, kind="normal")
    markers = {line.get_marker() for line in ax.get_lines() if line.get_linestyle() == "None"}
    assert markers == {"o", "s"}
    assert sorted(t.get_text() for t in ax.texts) == sorted(effects["term"])
    assert any("Lenth" in line.get_label() for line in ax.get_lines())
    with pytest.raises(InputError):
        plot_effects(effects, kind="pie")


def test_all_two_factor_interactions_are_listed_in_full():
    terms = run_design("full", seed=1).effects["term"].tolist()
    assert terms == LETTERS + ["".join(p) for p in itertools.combinations(LETTERS, 2)]
