"""NEWS2's error messages follow the language; units and typed values stay as they are."""

from __future__ import annotations

import pytest

from academy import i18n
from academy.errors import InputError
from academy.news2 import news2_score, response_band
from academy.widgets.news2 import News2App

READINGS = {
    "respiration_rate": 16,
    "spo2": 97,
    "on_oxygen": False,
    "systolic_bp": 120,
    "pulse": 70,
    "consciousness": "A",
    "temperature": 37.0,
}


@pytest.fixture(autouse=True)
def _welsh():
    """Welsh for the test, English afterwards whatever happened."""
    i18n.set_language("cy")
    yield
    i18n.set_language("en")


def _message(call, *args, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


@pytest.mark.parametrize(
    ("changed", "welsh", "english"),
    [
        ({"pulse": 500}, "curiad y galon: nid yw 500/min yn gredadwy", "not plausible"),
        ({"temperature": 50.5}, "(disgwylir 25-45 °C); gwiriwch y gwerth", "check the value"),
        ({"respiration_rate": "x"}, "cyfradd anadlu: rhaid rhoi rhif, nid 'x'", "must be a number"),
        ({"on_oxygen": "yes"}, "False (aer), nid 'yes'", "(air), not"),
        ({"consciousness": "Z"}, "C (dryswch newydd)", "new confusion"),
        ({"spo2_scale": 3}, "methiant anadlol hypercapnig", "respiratory failure"),
    ],
)
def test_reading_errors_in_welsh(changed, welsh, english) -> None:
    message = _message(news2_score, **{**READINGS, **changed})
    assert welsh in message
    assert english not in message


def test_total_errors_in_welsh() -> None:
    message = _message(response_band, 21, False)
    assert "mae cyfanswm NEWS2 o 21 yn amhosibl" in message
    assert "impossible" not in message


def test_widget_error_in_welsh() -> None:
    message = _message(News2App().set_values, bmi=30)
    assert "mewnbwn NEWS2 anhysbys 'bmi'" in message
    assert "unknown" not in message
