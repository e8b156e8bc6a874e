"""Numbers in the module 8 lesson (the paper helicopter), checked against hand computations."""

from __future__ import annotations

import pandas as pd
import pytest

from academy.simulations.helicopter import (
    DESIGNS,
    HelicopterModel,
    alias_structure,
    defining_relation,
    estimate_effects,
    resolution,
    run_design,
)


def _two_by_two(a_col: str, b_col: str, times: list[float]) -> pd.DataFrame:
    """Four runs in standard order for two factors; the other three held at their low level."""
    runs = pd.DataFrame({f: [-1, -1, -1, -1] for f in "ABCDE"})
    runs[a_col] = [-1, 1, -1, 1]
    runs[b_col] = [-1, -1, 1, 1]
    runs["flight_time_s"] = times
    return runs


def test_worked_example_two_by_two() -> None:
    times = [1.60, 2.20, 1.40, 1.80]  # (B, E) = (-,-), (+,-), (-,+), (+,+)
    expected_b = (2.20 + 1.80) / 2 - (1.60 + 1.40) / 2  # 0.50
    expected_e = (1.40 + 1.80) / 2 - (1.60 + 2.20) / 2  # -0.30
    expected_be = ((1.80 - 1.40) - (2.20 - 1.60)) / 2  # -0.10, half the difference of B's effects
    assert (expected_b, expected_e) == pytest.approx((0.50, -0.30))
    assert expected_be == pytest.approx((1.60 + 1.80) / 2 - (2.20 + 1.40) / 2)
    effects = estimate_effects(_two_by_two("B", "E", times)).set_index("term")["effect"]
    assert effects["B"] == pytest.approx(expected_b)
    assert effects["E"] == pytest.approx(expected_e)
    assert effects["BE"] == pytest.approx(expected_be)


def test_exercise_main_effect_of_paper_weight() -> None:
    times = [2.10, 1.98, 2.02, 1.82]  # (A, C) = (-,-), (+,-), (-,+), (+,+)
    expected_a = (1.98 + 1.82) / 2 - (2.10 + 2.02) / 2  # 1.90 - 2.06
    assert expected_a == pytest.approx(-0.16)
    expected_ac = ((1.82 - 2.02) - (1.98 - 2.10)) / 2
    assert expected_ac == pytest.approx(-0.04)
    effects = estimate_effects(_two_by_two("A", "C", times)).set_index("term")["effect"]
    assert effects["A"] == pytest.approx(expected_a)
    assert effects["AC"] == pytest.approx(expected_ac)


def test_full_design_seed_7_rotor_length_largest() -> None:
    full = run_design("full", seed=7)
    assert len(full.runs) == 2**5
    top = full.effects.loc[full.effects["effect"].abs().idxmax()]
    assert top["term"] == "B"
    # by hand from the runs: mean of the 16 long-rotor flights minus the 16 short ones
    runs = full.runs
    by_hand = (
        runs.loc[runs["B"] == 1, "flight_time_s"].mean()
        - runs.loc[runs["B"] == -1, "flight_time_s"].mean()
    )
    assert top["effect"] == pytest.approx(by_hand)
    assert round(by_hand, 2) == 0.44
    # standard error of an effect, 2 sigma / sqrt(N) (BHH ch. 5)
    assert round(2 * 0.10 / 32**0.5, 3) == 0.035
    assert 2 * 0.10 / 16**0.5 == pytest.approx(0.05)


def test_half_fraction_aliases_and_resolution() -> None:
    assert defining_relation(DESIGNS["half"]) == ("ABCDE",)
    assert resolution(DESIGNS["half"]) == 5
    assert alias_structure(DESIGNS["half"])["AB"] == ("CDE",)
    assert len(run_design("half", seed=7).runs) == 2 ** (5 - 1)


def test_quarter_fraction_aliases() -> None:
    # I = ABD = ACE = BCDE; B x ABD = AD, D x ABD = AB, C x ACE = AE (the exercise)
    assert set(defining_relation(DESIGNS["quarter"])) == {"ABD", "ACE", "BCDE"}
    assert resolution(DESIGNS["quarter"]) == 3
    aliases = alias_structure(DESIGNS["quarter"])
    assert aliases["B"][0] == "AD"
    assert aliases["D"][0] == "AB"
    assert aliases["C"] == ("AE", "BDE", "ABCD")
    assert len(run_design("quarter", seed=7).runs) == 2 ** (5 - 2)


def test_aliasing_trap_with_an_ab_interaction() -> None:
    model = HelicopterModel(interactions={"BE": -0.10, "AB": 0.20})
    expected_quarter_d = -0.03 + 0.20  # D and AB share a column in the quarter fraction
    full = run_design("full", model=model, noise_sd=0, seed=7).effects.set_index("term")["effect"]
    quarter = run_design("quarter", model=model, noise_sd=0, seed=7).effects.set_index("term")[
        "effect"
    ]
    assert full["D"] == pytest.approx(-0.03)
    assert full["AB"] == pytest.approx(0.20)
    assert quarter["D"] == pytest.approx(expected_quarter_d)
