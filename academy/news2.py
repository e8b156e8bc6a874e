"""National Early Warning Score 2 (NEWS2) for adults.

Source: Royal College of Physicians (RCP). *National Early Warning Score (NEWS) 2:
Standardising the assessment of acute-illness severity in the NHS.* Updated report
of a working party. London: RCP, 2017. Chart 2 ("The NEWS scoring system") gives
the bands scored here, Chart 3 ("NEWS thresholds and triggers") the clinical risk
levels and Chart 4 ("Clinical response to the NEWS trigger thresholds") the
monitoring frequency and response of each level.

How a reading is turned into a score (decisions of this module, not of the RCP):

* Each value is rounded half up to the resolution of the chart before scoring:
  whole numbers for respiration rate, SpO2, systolic pressure and pulse, one
  decimal place for temperature (36.05 °C scores as 36.1 °C, 36.04 °C as 36.0 °C).
  The chart's bands leave no gaps at that resolution (35.1-36.0, 36.1-38.0, ...),
  so every rounded value falls in exactly one band. The ``score_*`` functions
  round in the same way; :attr:`News2Result.values` holds the rounded values.
* Values outside :data:`PLAUSIBLE` are rejected as likely typing errors. These
  ranges are ours, chosen to catch slips such as a pulse of 400/min; they are not
  clinical limits, and a real patient can lie outside them.

Teaching tool only: NEWS2 does not replace clinical judgement, is not for
children (under 16) or pregnant women, and local escalation policies differ.

The words a learner reads (parameter names, the risk levels, monitoring and
responses of :data:`RESPONSE_BANDS`, :meth:`News2Result.explain`) come from the
strings table (``news2.*`` keys, :mod:`academy.i18n`) in the current language;
:data:`PARAMETERS` and :data:`CONSCIOUSNESS` keep their English names.

>>> result = news2_score(22, 95, False, 105, 112, "A", 38.4)
>>> result.subscores["respiration_rate"], result.total, result.band.key
(2, 7, 'high')
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real

import numpy as np

from academy.errors import InputError
from academy.i18n import t, text

#: Scored parameters in the order of the RCP chart (Chart 2), with their English labels
#: (strings table keys ``news2.<parameter>``).
PARAMETERS: dict[str, str] = {
    key: text(f"news2.{key}", "en")
    for key in (
        "respiration_rate",
        "spo2",
        "air_or_oxygen",
        "systolic_bp",
        "pulse",
        "consciousness",
        "temperature",
    )
}

#: Largest possible aggregate score: 3 for each parameter, 2 for oxygen.
MAX_TOTAL = 20

#: Plausible ranges (inclusive) used to catch typing errors. Our choice, not the RCP's.
PLAUSIBLE: dict[str, tuple[float, float]] = {
    "respiration_rate": (1, 80),
    "spo2": (50, 100),
    "systolic_bp": (40, 300),
    "pulse": (20, 300),
    "temperature": (25.0, 45.0),
}

_UNITS = {
    "respiration_rate": "/min",
    "spo2": "%",
    "systolic_bp": " mmHg",
    "pulse": "/min",
    "temperature": " °C",
}
#: Strings-table keys of each reading's name as the error messages use it.
_NAMES = {
    "respiration_rate": "news2.error.name_respiration_rate",
    "spo2": "news2.error.name_spo2",
    "systolic_bp": "news2.error.name_systolic_bp",
    "pulse": "news2.error.name_pulse",
    "temperature": "news2.error.name_temperature",
}

# Bands of RCP 2017 Chart 2 as (highest value in the band, score), lowest band first.
_RESPIRATION_BANDS = ((8, 3), (11, 1), (20, 0), (24, 2), (math.inf, 3))
_SPO2_SCALE1_BANDS = ((91, 3), (93, 2), (95, 1), (math.inf, 0))
_SPO2_SCALE2_LOW_BANDS = ((83, 3), (85, 2), (87, 1), (92, 0))
_SPO2_SCALE2_ON_OXYGEN_BANDS = ((94, 1), (96, 2), (math.inf, 3))
_SYSTOLIC_BANDS = ((90, 3), (100, 2), (110, 1), (219, 0), (math.inf, 3))
_PULSE_BANDS = ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2), (math.inf, 3))
_TEMPERATURE_BANDS = ((35.0, 3), (36.0, 1), (38.0, 0), (39.0, 1), (math.inf, 2))

#: ACVPU: alert scores 0; new confusion, voice, pain or unresponsive score 3 (Chart 2).
CONSCIOUSNESS: dict[str, str] = {
    "A": "alert",
    "C": "new confusion",
    "V": "responds to voice",
    "P": "responds to pain",
    "U": "unresponsive",
}
_CONSCIOUSNESS_WORDS = {
    "ALERT": "A",
    "CONFUSION": "C",
    "NEW CONFUSION": "C",
    "CONFUSED": "C",
    "VOICE": "V",
    "PAIN": "P",
    "UNRESPONSIVE": "U",
}


@dataclass(frozen=True)
class ResponseBand:
    """A clinical risk level and the response it triggers (RCP 2017, Charts 3 and 4).

    The words are read from the strings table (``news2.band.<key>.*``) in the
    current language each time they are used. The English paraphrases RCP 2017
    Chart 4; see :func:`response_band` for how far it has been checked.

    Attributes:
        key: ``"routine"`` (aggregate 0), ``"low"`` (1-4), ``"low-medium"`` (a score
            of 3 in a single parameter with an aggregate of at most 4), ``"medium"``
            (5-6) or ``"high"`` (7 or more).
    """

    key: str

    def _text(self, field: str) -> str:
        return t(f"news2.band.{self.key.replace('-', '_')}.{field}")

    @property
    def trigger(self) -> str:
        """What puts a patient in the band, in words."""
        return self._text("trigger")

    @property
    def clinical_risk(self) -> str:
        """The RCP risk level: low, low-medium, medium or high."""
        return self._text("risk")

    @property
    def monitoring(self) -> str:
        """The minimum frequency of observations."""
        return self._text("monitoring")

    @property
    def response(self) -> str:
        """The clinical response, in our own words."""
        return self._text("response")


#: Response bands, least urgent first (RCP 2017 Charts 3 and 4).
RESPONSE_BANDS: dict[str, ResponseBand] = {
    key: ResponseBand(key) for key in ("routine", "low", "low-medium", "medium", "high")
}


@dataclass(frozen=True)
class News2Result:
    """A NEWS2 score with its parts.

    Attributes:
        values: the readings as scored (rounded; see the module docstring), keyed
            like :data:`PARAMETERS`; ``air_or_oxygen`` is ``"oxygen"`` or ``"air"``
            and ``consciousness`` one of the ACVPU letters.
        subscores: score of each parameter, keyed and ordered like :data:`PARAMETERS`.
        total: the aggregate score, 0-20.
        red_score: True when any single parameter scores 3 (a "red score").
        spo2_scale: 1 or 2, the SpO2 scale used.
        band: the clinical risk level and response.
    """

    values: dict[str, int | float | str]
    subscores: dict[str, int]
    total: int
    red_score: bool
    spo2_scale: int
    band: ResponseBand

    def explain(self) -> str:
        """Plain-text breakdown: one line per parameter, then total and response."""
        shown = dict(self.values)
        shown["air_or_oxygen"] = t(f"news2.{shown['air_or_oxygen']}").lower()
        lines = [
            t("news2.explain.line", parameter=t(f"news2.{key}"), value=shown[key], score=score)
            for key, score in self.subscores.items()
        ]
        red = " " + t("news2.explain.red") if self.red_score else ""
        lines.append(t("news2.explain.total", scale=self.spo2_scale, total=self.total, red=red))
        band = self.band
        lines.append(
            t(
                "news2.explain.band",
                risk=band.clinical_risk,
                monitoring=band.monitoring,
                response=band.response,
            )
        )
        return "\n".join(lines)


def news2_score(
    respiration_rate: float,
    spo2: float,
    on_oxygen: bool,
    systolic_bp: float,
    pulse: float,
    consciousness: str,
    temperature: float,
    *,
    spo2_scale: int = 1,
) -> News2Result:
    """Score one set of observations with NEWS2 (RCP 2017, Chart 2).

    Args:
        respiration_rate: breaths per minute.
        spo2: oxygen saturation, percent.
        on_oxygen: True if the patient is on supplemental oxygen, False on air.
        systolic_bp: systolic blood pressure, mmHg.
        pulse: beats per minute.
        consciousness: ACVPU letter (``"A"``, ``"C"``, ``"V"``, ``"P"``, ``"U"``) or
            word (``"alert"``, ``"new confusion"``, ``"voice"``, ``"pain"``,
            ``"unresponsive"``), any case. Only *new* confusion scores.
        temperature: degrees Celsius.
        spo2_scale: 1 (default) or 2. Scale 2 is only for patients with hypercapnic
            respiratory failure whose target range of 88-92% has been prescribed by
            a clinician (RCP 2017, Chart 2 and section on SpO2 scale 2).

    Returns:
        The sub-scores, the aggregate (0-20), the red-score flag and the response band.

    Raises:
        InputError: a value is missing, not a number, or not plausible.
    """
    scale = _scale(spo2_scale)
    oxygen = _oxygen(on_oxygen)
    level = _consciousness(consciousness)
    readings = {
        "respiration_rate": respiration_rate,
        "spo2": spo2,
        "systolic_bp": systolic_bp,
        "pulse": pulse,
        "temperature": temperature,
    }
    rounded = {key: _reading(key, value) for key, value in readings.items()}
    subscores = {
        "respiration_rate": score_respiration_rate(rounded["respiration_rate"]),
        "spo2": score_spo2(rounded["spo2"], oxygen, scale=scale),
        "air_or_oxygen": score_air_or_oxygen(oxygen),
        "systolic_bp": score_systolic_bp(rounded["systolic_bp"]),
        "pulse": score_pulse(rounded["pulse"]),
        "consciousness": score_consciousness(level),
        "temperature": score_temperature(rounded["temperature"]),
    }
    values: dict[str, int | float | str] = {
        **rounded,
        "air_or_oxygen": "oxygen" if oxygen else "air",
        "consciousness": level,
    }
    total = sum(subscores.values())
    red = any(score == 3 for score in subscores.values())
    return News2Result(
        values={key: values[key] for key in PARAMETERS},
        subscores=subscores,
        total=total,
        red_score=red,
        spo2_scale=scale,
        band=response_band(total, red),
    )


def response_band(total: int, red_score: bool) -> ResponseBand:
    """Clinical risk level and response for an aggregate score (RCP 2017, Charts 3 and 4).

    Aggregate 0: routine; 1-4: low; 5-6: medium (the key threshold for an urgent
    response); 7 or more: high (emergency response). A score of 3 in a single
    parameter raises an aggregate of 1-4 to low-medium (urgent ward-based
    response); from 5 upwards the aggregate decides.

    Note on wording: the bands, monitoring frequencies and responses were checked
    against a transcription of RCP 2017 Chart 4 and published summaries of Chart 3;
    the RCP's own PDF could not be consulted. The responses are paraphrased, not
    quoted. Check them against the RCP report and the local escalation policy
    before teaching them as policy.

    Raises:
        InputError: ``total`` is not a whole number from 0 to 20.
    """
    if isinstance(total, bool) or not isinstance(total, int | np.integer):
        raise InputError(t("news2.error.total_type", total=total))
    if not 0 <= total <= MAX_TOTAL:
        raise InputError(t("news2.error.total_range", total=total))
    if total >= 7:
        key = "high"
    elif total >= 5:
        key = "medium"
    elif red_score:
        key = "low-medium"
    elif total >= 1:
        key = "low"
    else:
        key = "routine"
    return RESPONSE_BANDS[key]


def score_respiration_rate(rate: float) -> int:
    """Respiration rate: ≤8: 3; 9-11: 1; 12-20: 0; 21-24: 2; ≥25: 3 (RCP 2017, Chart 2)."""
    return _banded(rate, _RESPIRATION_BANDS)


def score_spo2(spo2: float, on_oxygen: bool, *, scale: int = 1) -> int:
    """SpO2 on scale 1 or scale 2 (RCP 2017, Chart 2).

    Scale 1: ≤91: 3; 92-93: 2; 94-95: 1; ≥96: 0, on air or oxygen.
    Scale 2 (hypercapnic respiratory failure, prescribed target 88-92%):
    ≤83: 3; 84-85: 2; 86-87: 1; 88-92: 0; ≥93 on air: 0; on oxygen 93-94: 1,
    95-96: 2, ≥97: 3 (a high saturation on oxygen means too much oxygen).
    """
    spo2 = _round_half_up(spo2, 0)
    if _scale(scale) == 1:
        return _banded(spo2, _SPO2_SCALE1_BANDS)
    if spo2 <= _SPO2_SCALE2_LOW_BANDS[-1][0]:
        return _banded(spo2, _SPO2_SCALE2_LOW_BANDS)
    return _banded(spo2, _SPO2_SCALE2_ON_OXYGEN_BANDS) if on_oxygen else 0


def score_air_or_oxygen(on_oxygen: bool) -> int:
    """Supplemental oxygen scores 2, air 0 (RCP 2017, Chart 2)."""
    return 2 if on_oxygen else 0


def score_systolic_bp(systolic: float) -> int:
    """Systolic pressure: ≤90: 3; 91-100: 2; 101-110: 1; 111-219: 0; ≥220: 3 (RCP 2017, Chart 2)."""
    return _banded(systolic, _SYSTOLIC_BANDS)


def score_pulse(pulse: float) -> int:
    """Pulse: ≤40: 3; 41-50: 1; 51-90: 0; 91-110: 1; 111-130: 2; ≥131: 3 (RCP 2017, Chart 2)."""
    return _banded(pulse, _PULSE_BANDS)


def score_consciousness(level: str) -> int:
    """ACVPU: alert scores 0; new confusion, voice, pain, unresponsive score 3 (RCP 2017, Chart 2)."""
    return 0 if _consciousness(level) == "A" else 3


def score_temperature(temperature: float) -> int:
    """Temperature: ≤35.0: 3; 35.1-36.0: 1; 36.1-38.0: 0; 38.1-39.0: 1; ≥39.1: 2 (RCP 2017, Chart 2).

    The temperature is first rounded half up to one decimal place (module docstring).
    """
    return _banded(temperature, _TEMPERATURE_BANDS, decimals=1)


def _banded(value: float, bands: tuple[tuple[float, int], ...], decimals: int = 0) -> int:
    """Score of the first band whose highest value is at least ``value`` once rounded."""
    rounded = _round_half_up(value, decimals)
    return bands[bisect_left([upper for upper, _ in bands], rounded)][1]


def _round_half_up(value: float, decimals: int) -> int | float:
    """Round half up (36.05 -> 36.1), on the decimal text of the value, not its binary form."""
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    return float(rounded) if decimals else int(rounded)


def _reading(key: str, value: object) -> int | float:
    name = t(_NAMES[key])
    if isinstance(value, bool) or not isinstance(value, Real) or math.isnan(value):
        raise InputError(t("news2.error.not_a_number", name=name, value=value))
    low, high = PLAUSIBLE[key]
    unit = _UNITS[key]
    if not low <= value <= high:
        raise InputError(
            t("news2.error.implausible", name=name, value=value, unit=unit, low=low, high=high)
        )
    return _round_half_up(value, 1 if key == "temperature" else 0)


def _oxygen(on_oxygen: object) -> bool:
    if not isinstance(on_oxygen, bool | np.bool_):
        raise InputError(t("news2.error.on_oxygen", value=on_oxygen))
    return bool(on_oxygen)


def _scale(spo2_scale: object) -> int:
    if isinstance(spo2_scale, bool) or spo2_scale not in (1, 2):
        raise InputError(t("news2.error.spo2_scale", value=spo2_scale))
    return int(spo2_scale)


def _consciousness(level: object) -> str:
    text = level.strip().upper() if isinstance(level, str) else ""
    letter = _CONSCIOUSNESS_WORDS.get(text, text)
    if letter not in CONSCIOUSNESS:
        raise InputError(t("news2.error.consciousness", level=level))
    return letter
