"""Tests for the NEWS2 calculator.

Expected scores are copied by hand from the RCP NEWS2 chart (Royal College of
Physicians, National Early Warning Score (NEWS) 2, 2017, Chart 2), written out
below as table literals with both sides of every band boundary. They are not
derived from the module's own band tables.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from academy.errors import InputError
from academy.news2 import (
    RESPONSE_BANDS,
    news2_score,
    response_band,
    score_spo2,
    score_temperature,
)

# A set of observations that scores 0 on every parameter.
NORMAL = {
    "respiration_rate": 16,
    "spo2": 97,
    "on_oxygen": False,
    "systolic_bp": 120,
    "pulse": 70,
    "consciousness": "A",
    "temperature": 37.0,
}

# (parameter, value, expected sub-score), from RCP 2017 Chart 2.
CHART_BOUNDARIES = [
    # respiration rate: <=8: 3 | 9-11: 1 | 12-20: 0 | 21-24: 2 | >=25: 3
    ("respiration_rate", 8, 3),
    ("respiration_rate", 9, 1),
    ("respiration_rate", 11, 1),
    ("respiration_rate", 12, 0),
    ("respiration_rate", 20, 0),
    ("respiration_rate", 21, 2),
    ("respiration_rate", 24, 2),
    ("respiration_rate", 25, 3),
    # SpO2 scale 1: <=91: 3 | 92-93: 2 | 94-95: 1 | >=96: 0
    ("spo2", 91, 3),
    ("spo2", 92, 2),
    ("spo2", 93, 2),
    ("spo2", 94, 1),
    ("spo2", 95, 1),
    ("spo2", 96, 0),
    ("spo2", 100, 0),
    # systolic BP: <=90: 3 | 91-100: 2 | 101-110: 1 | 111-219: 0 | >=220: 3
    ("systolic_bp", 90, 3),
    ("systolic_bp", 91, 2),
    ("systolic_bp", 100, 2),
    ("systolic_bp", 101, 1),
    ("systolic_bp", 110, 1),
    ("systolic_bp", 111, 0),
    ("systolic_bp", 219, 0),
    ("systolic_bp", 220, 3),
    # pulse: <=40: 3 | 41-50: 1 | 51-90: 0 | 91-110: 1 | 111-130: 2 | >=131: 3
    ("pulse", 40, 3),
    ("pulse", 41, 1),
    ("pulse", 50, 1),
    ("pulse", 51, 0),
    ("pulse", 90, 0),
    ("pulse", 91, 1),
    ("pulse", 110, 1),
    ("pulse", 111, 2),
    ("pulse", 130, 2),
    ("pulse", 131, 3),
    # temperature: <=35.0: 3 | 35.1-36.0: 1 | 36.1-38.0: 0 | 38.1-39.0: 1 | >=39.1: 2
    ("temperature", 35.0, 3),
    ("temperature", 35.1, 1),
    ("temperature", 36.0, 1),
    ("temperature", 36.1, 0),
    ("temperature", 38.0, 0),
    ("temperature", 38.1, 1),
    ("temperature", 39.0, 1),
    ("temperature", 39.1, 2),
    # consciousness: alert 0; new confusion, voice, pain, unresponsive 3
    ("consciousness", "A", 0),
    ("consciousness", "C", 3),
    ("consciousness", "V", 3),
    ("consciousness", "P", 3),
    ("consciousness", "U", 3),
]

# (SpO2, on oxygen, expected SpO2 sub-score) on scale 2, from RCP 2017 Chart 2:
# <=83: 3 | 84-85: 2 | 86-87: 1 | 88-92 or >=93 on air: 0 |
# 93-94 on oxygen: 1 | 95-96 on oxygen: 2 | >=97 on oxygen: 3
SCALE_2 = [
    (83, False, 3),
    (84, False, 2),
    (85, False, 2),
    (86, False, 1),
    (87, False, 1),
    (88, False, 0),
    (92, False, 0),
    (93, False, 0),
    (97, False, 0),
    (100, False, 0),
    (83, True, 3),
    (84, True, 2),
    (87, True, 1),
    (88, True, 0),
    (92, True, 0),
    (93, True, 1),
    (94, True, 1),
    (95, True, 2),
    (96, True, 2),
    (97, True, 3),
    (100, True, 3),
]


def observe(**changes):
    return news2_score(**{**NORMAL, **changes})


def test_normal_observations_score_zero():
    result = observe()
    assert result.total == 0
    assert set(result.subscores.values()) == {0}
    assert result.band.key == "routine"
    assert not result.red_score


@pytest.mark.parametrize(("parameter", "value", "expected"), CHART_BOUNDARIES)
def test_every_band_boundary_of_the_chart(parameter, value, expected):
    result = observe(**{parameter: value})
    assert result.subscores[parameter] == expected
    assert result.total == expected  # every other parameter scores 0


@pytest.mark.parametrize(("spo2", "on_oxygen", "expected"), SCALE_2)
def test_scale_2_bands(spo2, on_oxygen, expected):
    result = observe(spo2=spo2, on_oxygen=on_oxygen, spo2_scale=2)
    assert result.subscores["spo2"] == expected
    assert result.subscores["air_or_oxygen"] == (2 if on_oxygen else 0)
    assert result.total == expected + (2 if on_oxygen else 0)
    assert result.spo2_scale == 2


@pytest.mark.parametrize(("on_oxygen", "expected"), [(False, 0), (True, 2)])
def test_oxygen_scores_2_on_scale_1(on_oxygen, expected):
    result = observe(on_oxygen=on_oxygen)
    assert result.subscores["air_or_oxygen"] == expected
    assert result.subscores["spo2"] == 0  # 97% on scale 1 scores 0 on air or oxygen
    assert result.values["air_or_oxygen"] == ("oxygen" if on_oxygen else "air")


def test_same_saturation_scores_differently_on_the_two_scales():
    # 97% on oxygen: scale 1 scores 0 (+2 for oxygen), scale 2 scores 3 (+2).
    assert observe(spo2=97, on_oxygen=True).total == 2
    assert observe(spo2=97, on_oxygen=True, spo2_scale=2).total == 5
    # 88% on air: scale 1 scores 3, scale 2 scores 0.
    assert observe(spo2=88).total == 3
    assert observe(spo2=88, spo2_scale=2).total == 0


@pytest.mark.parametrize(
    ("word", "letter", "expected"),
    [
        ("alert", "A", 0),
        ("a", "A", 0),
        (" New confusion ", "C", 3),
        ("confusion", "C", 3),
        ("voice", "V", 3),
        ("Pain", "P", 3),
        ("UNRESPONSIVE", "U", 3),
    ],
)
def test_consciousness_words_and_letters(word, letter, expected):
    result = observe(consciousness=word)
    assert result.values["consciousness"] == letter
    assert result.subscores["consciousness"] == expected


@pytest.mark.parametrize(
    ("temperature", "rounded", "expected"),
    [
        (36.05, 36.1, 0),  # half rounds up into 36.1-38.0
        (36.04, 36.0, 1),
        (35.05, 35.1, 1),
        (35.04, 35.0, 3),
        (38.05, 38.1, 1),
        (38.049, 38.0, 0),
        (39.05, 39.1, 2),
    ],
)
def test_temperature_is_rounded_half_up_to_one_decimal(temperature, rounded, expected):
    result = observe(temperature=temperature)
    assert result.values["temperature"] == rounded
    assert result.subscores["temperature"] == expected
    assert score_temperature(temperature) == expected


@pytest.mark.parametrize(
    ("parameter", "value", "rounded", "expected"),
    [
        ("respiration_rate", 20.4, 20, 0),
        ("respiration_rate", 20.5, 21, 2),
        ("pulse", 90.5, 91, 1),
        ("systolic_bp", 110.5, 111, 0),
        ("spo2", 95.5, 96, 0),
    ],
)
def test_whole_number_parameters_are_rounded_half_up(parameter, value, rounded, expected):
    result = observe(**{parameter: value})
    assert result.values[parameter] == rounded
    assert result.subscores[parameter] == expected


def test_scale_2_rounds_before_choosing_the_band():
    # 92.4% rounds to 92 (target range, 0); 92.5% rounds to 93 (1 on oxygen).
    assert score_spo2(92.4, True, scale=2) == 0
    assert score_spo2(92.5, True, scale=2) == 1


# Aggregates and response bands (RCP 2017 Charts 3 and 4):
# 0 routine | 1-4 low | single 3 with aggregate <= 4 low-medium | 5-6 medium | >= 7 high.
BAND_CASES = [
    ({}, 0, False, "routine"),
    ({"temperature": 38.5}, 1, False, "low"),
    ({"respiration_rate": 22, "pulse": 115}, 2 + 2, False, "low"),
    ({"respiration_rate": 25}, 3, True, "low-medium"),
    ({"respiration_rate": 25, "temperature": 35.5}, 3 + 1, True, "low-medium"),
    ({"respiration_rate": 25, "pulse": 115}, 3 + 2, True, "medium"),
    ({"pulse": 115, "systolic_bp": 95, "temperature": 38.5}, 2 + 2 + 1, False, "medium"),
    ({"respiration_rate": 22, "pulse": 115, "systolic_bp": 95}, 2 + 2 + 2, False, "medium"),
    (
        {"respiration_rate": 22, "pulse": 115, "systolic_bp": 95, "temperature": 38.5},
        2 + 2 + 2 + 1,
        False,
        "high",
    ),
    (
        {
            "respiration_rate": 30,
            "spo2": 85,
            "on_oxygen": True,
            "systolic_bp": 80,
            "pulse": 140,
            "consciousness": "U",
            "temperature": 34.0,
        },
        3 + 3 + 2 + 3 + 3 + 3 + 3,
        True,
        "high",
    ),
]


@pytest.mark.parametrize(("changes", "total", "red", "band"), BAND_CASES)
def test_aggregate_and_response_band(changes, total, red, band):
    result = observe(**changes)
    assert result.total == total
    assert result.red_score is red
    assert result.band.key == band


@pytest.mark.parametrize(
    ("total", "red", "band"),
    [
        (0, False, "routine"),
        (1, False, "low"),
        (4, False, "low"),
        (3, True, "low-medium"),
        (4, True, "low-medium"),
        (5, False, "medium"),
        (5, True, "medium"),
        (6, True, "medium"),
        (7, False, "high"),
        (7, True, "high"),
        (20, True, "high"),
    ],
)
def test_response_band_thresholds(total, red, band):
    assert response_band(total, red).key == band


def test_response_bands_carry_risk_and_monitoring():
    assert [b.clinical_risk for b in RESPONSE_BANDS.values()] == [
        "low",
        "low",
        "low-medium",
        "medium",
        "high",
    ]
    assert "12 hours" in RESPONSE_BANDS["routine"].monitoring
    assert "4-6 hours" in RESPONSE_BANDS["low"].monitoring
    assert "every hour" in RESPONSE_BANDS["low-medium"].monitoring
    assert "every hour" in RESPONSE_BANDS["medium"].monitoring
    assert "continuous" in RESPONSE_BANDS["high"].monitoring
    assert RESPONSE_BANDS["medium"].response.startswith("Urgent response")
    assert RESPONSE_BANDS["high"].response.startswith("Emergency response")


def test_explain_lists_every_parameter_and_the_response():
    text = observe(respiration_rate=25).explain()
    lines = text.splitlines()
    assert lines[0] == "Respiration rate (per minute): 25 scores 3"
    assert len(lines) == 7 + 2
    assert "NEWS2 (SpO2 scale 1): 3 including a score of 3 in a single parameter." in text
    assert "Clinical risk: low-medium." in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pulse": 400}, "pulse of 400/min is not plausible"),
        ({"pulse": 19}, "pulse of 19/min is not plausible"),
        ({"respiration_rate": 0}, "respiration rate of 0/min is not plausible"),
        ({"spo2": 101}, "SpO2 of 101% is not plausible"),
        ({"systolic_bp": 39}, "systolic blood pressure of 39 mmHg is not plausible"),
        ({"temperature": 45.1}, "temperature of 45.1 °C is not plausible"),
        ({"temperature": math.nan}, "temperature must be a number"),
        ({"pulse": "80"}, "pulse must be a number"),
        ({"pulse": True}, "pulse must be a number"),
        ({"consciousness": "X"}, "consciousness 'X' is not recognised"),
        ({"on_oxygen": "yes"}, "on_oxygen must be True"),
        ({"spo2_scale": 3}, "spo2_scale must be 1 or 2"),
    ],
)
def test_implausible_or_malformed_input_is_one_line(changes, message):
    with pytest.raises(InputError) as caught:
        observe(**changes)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("parameter", "low", "high"),
    [
        ("respiration_rate", 1, 80),
        ("spo2", 50, 100),
        ("systolic_bp", 40, 300),
        ("pulse", 20, 300),
        ("temperature", 25.0, 45.0),
    ],
)
def test_plausible_range_limits_are_inclusive(parameter, low, high):
    observe(**{parameter: low})
    observe(**{parameter: high})


@pytest.mark.parametrize("total", [-1, 21, 2.5, True])
def test_response_band_rejects_impossible_totals(total):
    with pytest.raises(InputError):
        response_band(total, False)


@given(
    respiration_rate=st.integers(1, 80),
    spo2=st.integers(50, 100),
    on_oxygen=st.booleans(),
    systolic_bp=st.integers(40, 300),
    pulse=st.integers(20, 300),
    consciousness=st.sampled_from("ACVPU"),
    temperature=st.floats(25.0, 45.0),
    spo2_scale=st.sampled_from([1, 2]),
)
def test_aggregate_is_the_sum_of_subscores(
    respiration_rate, spo2, on_oxygen, systolic_bp, pulse, consciousness, temperature, spo2_scale
):
    result = news2_score(
        respiration_rate,
        spo2,
        on_oxygen,
        systolic_bp,
        pulse,
        consciousness,
        temperature,
        spo2_scale=spo2_scale,
    )
    assert result.total == sum(result.subscores.values())
    assert 0 <= result.total <= 20
    assert set(result.subscores.values()) <= {0, 1, 2, 3}
    assert result.red_score == (3 in result.subscores.values())
    assert result.band == response_band(result.total, result.red_score)
