"""NEWS2's error messages follow the language; units and typed values stay as they are."""

from __future__ import annotations

import pytest

from academy.news2 import news2_score, response_band
from academy.widgets.news2 import News2App
from tests.errors import error_message
from tests.test_news2 import NORMAL

READINGS = NORMAL  # observations that score 0 on every parameter


pytestmark = pytest.mark.usefixtures("in_welsh")


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
    message = error_message(news2_score, **{**READINGS, **changed})
    assert welsh in message
    assert english not in message


def test_total_errors_in_welsh() -> None:
    message = error_message(response_band, 21, False)
    assert "mae cyfanswm NEWS2 o 21 yn amhosibl" in message
    assert "impossible" not in message


def test_widget_error_in_welsh() -> None:
    message = error_message(News2App().set_values, bmi=30)
    assert "mewnbwn NEWS2 anhysbys 'bmi'" in message
    assert "unknown" not in message
