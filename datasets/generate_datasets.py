"""Generate the Academy's synthetic teaching datasets.

Every file written here is SYNTHETIC: no row describes a real patient, ward or
hospital. The numbers are drawn from simple statistical models whose rates are
set to be realistic for an acute hospital in NHS Wales or elsewhere in the UK,
and some series carry a planted change on a documented date so that the story a
lesson tells is true of its data. ``datasets/README.md`` is the data dictionary
and says what is planted where.

Each dataset has its own fixed seed for :func:`numpy.random.default_rng`, and
each ``make_*`` function is pure (same seed, same DataFrame). Running
``python datasets/generate_datasets.py`` rewrites every CSV byte for byte; the
test ``tests/test_datasets.py`` checks that.

Rates behind the models (approximate, chosen for realism, not as reference values):

* Inpatient falls: 6-7 per 1,000 occupied bed days, the range reported for acute
  hospitals by the Royal College of Physicians' National Audit of Inpatient Falls.
* Hospital-acquired pressure ulcers, category 2 and above: about 1 per 1,000
  occupied bed days (a teaching assumption).
* Suspected sepsis: IV antibiotics within one hour is a Sepsis Six action (UK
  Sepsis Trust); the 60% baseline and 87% after the change are teaching
  assumptions.
* Hospital-onset Clostridioides difficile: about 2 cases a month, an assumption
  for a large acute hospital.
* Emergency department: about 70% seen within 4 hours with a Monday peak in
  attendances, in line with recent Welsh and English monthly statistics
  (65-75%).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent

# One seed per dataset, chosen so that each planted story shows cleanly (see datasets/README.md).
SEEDS: dict[str, int] = {
    "bed_days": 20220401,
    "falls": 176,
    "pressure_ulcers": 281,
    "sepsis_antibiotics": 3,
    "cdiff_infections": 569,
    "ed_waits": 5,
}

# The synthetic hospital: ward name and number of beds.
WARDS: dict[str, int] = {
    "Ash": 28,
    "Birch": 30,
    "Cedar": 26,
    "Elm": 24,
    "Hazel": 32,
    "Larch": 20,
    "Oak": 28,
    "Rowan": 16,
    "Willow": 30,
    "Yew": 12,
}

FIRST_MONTH = "2022-04-01"  # April: the start of the NHS financial year
N_MONTHS = 36

FALLS_WARDS = ("Ash", "Birch", "Cedar")
FALLS_RATE_PER_1000 = {"Ash": 7.4, "Birch": 6.4, "Cedar": 5.8}
FALLS_IMPROVING_WARD = "Ash"
FALLS_CHANGE_MONTH = "2023-10-01"
FALLS_RATE_AFTER_CHANGE = 4.4

PRESSURE_ULCER_RATE_PER_1000 = 1.1
PRESSURE_ULCER_HIGH_WARD = "Larch"
PRESSURE_ULCER_HIGH_RATE_PER_1000 = 2.8

SEPSIS_FIRST_WEEK = "2023-04-03"  # a Monday
SEPSIS_N_WEEKS = 104
SEPSIS_CHANGE_WEEK = "2024-01-08"  # a Monday
SEPSIS_BASELINE = 0.60
SEPSIS_AFTER = 0.87
SEPSIS_RAMP_WEEKS = 6

CDIFF_START = "2022-04-01"
CDIFF_END = "2025-03-31"
CDIFF_CHANGE_DATE = "2024-04-01"
CDIFF_CASES_PER_MONTH_BEFORE = 2.4
CDIFF_CASES_PER_MONTH_AFTER = 1.0

ED_START = "2023-04-01"
ED_END = "2025-03-31"
ED_MEAN_ATTENDANCES = 190.0
# Relative attendance by day of week, Monday first (Monday is the busiest day).
ED_WEEKDAY_FACTOR = (1.15, 1.03, 1.00, 0.99, 1.00, 0.92, 0.91)
ED_MEAN_WITHIN_4H = 0.70

XMR_EXAMPLE = (12, 15, 11, 14, 13, 16, 12, 40, 13, 14, 15, 12, 11, 13, 14, 12, 13, 15, 14, 13)
P_EXAMPLE_NUMERATOR = (12, 15, 9, 20, 11, 14, 30, 10, 13, 12, 16, 9)
P_EXAMPLE_DENOMINATOR = (100, 120, 80, 150, 90, 110, 130, 95, 105, 100, 140, 70)

DAYS_PER_MONTH = 365.25 / 12


def _months() -> pd.DatetimeIndex:
    """First day of each of the 36 study months."""
    return pd.date_range(FIRST_MONTH, periods=N_MONTHS, freq="MS")


def _winter_wave(dates: pd.DatetimeIndex) -> np.ndarray:
    """A smooth seasonal wave: +1 in mid-January, -1 in mid-July."""
    day = dates.day_of_year.to_numpy()
    return np.cos(2 * np.pi * (day - 15) / 365.25)


def _iso(dates: pd.DatetimeIndex) -> np.ndarray:
    """Dates as ISO 8601 strings (YYYY-MM-DD)."""
    return dates.strftime("%Y-%m-%d").to_numpy()


def make_bed_days(seed: int = SEEDS["bed_days"]) -> pd.DataFrame:
    """Monthly occupied bed days for every ward of the synthetic hospital.

    Occupancy averages about 92% with a winter peak of about 97%, capped at
    100%; bed days = beds x days in month x occupancy, rounded down.

    Args:
        seed: seed for :func:`numpy.random.default_rng`.

    Returns:
        Columns ``month`` (ISO date of the first day), ``ward``,
        ``occupied_bed_days``; one row per ward and month, wards in
        :data:`WARDS` order within each month.
    """
    rng = np.random.default_rng(seed)
    months = _months()
    wave = _winter_wave(months)
    occupancy = 0.92 + 0.04 * wave[:, None] + rng.normal(0, 0.02, (N_MONTHS, len(WARDS)))
    occupancy = np.clip(occupancy, 0.75, 1.0)
    beds = np.array(list(WARDS.values()))
    bed_days = np.floor(beds[None, :] * months.days_in_month.to_numpy()[:, None] * occupancy)
    return pd.DataFrame(
        {
            "month": np.repeat(_iso(months), len(WARDS)),
            "ward": np.tile(list(WARDS), N_MONTHS),
            "occupied_bed_days": bed_days.astype(np.int64).ravel(),
        }
    )


def make_falls(seed: int = SEEDS["falls"]) -> pd.DataFrame:
    """Monthly inpatient falls on three wards over 36 months.

    Falls are Poisson with mean rate x bed days / 1000. Ash ward introduced a
    multifactorial falls-prevention bundle in :data:`FALLS_CHANGE_MONTH`; from
    that month its rate falls from 7.4 to 4.4 per 1,000 bed days. Birch and
    Cedar stay stable throughout.

    Args:
        seed: seed for :func:`numpy.random.default_rng`.

    Returns:
        Columns ``month``, ``ward``, ``occupied_bed_days``, ``falls``; sorted by
        ward, then month.
    """
    rng = np.random.default_rng(seed)
    beds = make_bed_days()
    data = beds[beds["ward"].isin(FALLS_WARDS)].copy()
    after = (data["ward"] == FALLS_IMPROVING_WARD) & (data["month"] >= FALLS_CHANGE_MONTH)
    rate = np.where(after, FALLS_RATE_AFTER_CHANGE, data["ward"].map(FALLS_RATE_PER_1000))
    data["falls"] = rng.poisson(rate * data["occupied_bed_days"].to_numpy() / 1000)
    return data.sort_values(["ward", "month"], kind="stable").reset_index(drop=True)


def make_pressure_ulcers(seed: int = SEEDS["pressure_ulcers"]) -> pd.DataFrame:
    """Monthly hospital-acquired pressure ulcers (category 2 and above) per ward.

    All ten wards over 36 months. Each ward's rate is about 1.1 per 1,000 bed
    days, with a small fixed ward-to-ward difference (log-normal, sd 0.15);
    Larch ward's rate is 2.8 per 1,000 throughout (a difference between wards,
    not a change over time). Counts are Poisson.

    Args:
        seed: seed for :func:`numpy.random.default_rng`.

    Returns:
        Columns ``month``, ``ward``, ``occupied_bed_days``, ``pressure_ulcers``;
        sorted by ward, then month.
    """
    rng = np.random.default_rng(seed)
    data = make_bed_days()
    ward_rate = PRESSURE_ULCER_RATE_PER_1000 * np.exp(rng.normal(0, 0.15, len(WARDS)))
    rates = dict(zip(WARDS, ward_rate, strict=True))
    rates[PRESSURE_ULCER_HIGH_WARD] = PRESSURE_ULCER_HIGH_RATE_PER_1000
    rate = data["ward"].map(rates).to_numpy(dtype=float)
    data["pressure_ulcers"] = rng.poisson(rate * data["occupied_bed_days"].to_numpy() / 1000)
    return data.sort_values(["ward", "month"], kind="stable").reset_index(drop=True)


def make_sepsis_antibiotics(seed: int = SEEDS["sepsis_antibiotics"]) -> pd.DataFrame:
    """Weekly suspected-sepsis patients and IV antibiotics within one hour.

    104 weeks starting Monday :data:`SEPSIS_FIRST_WEEK`. Patients per week are
    Poisson with mean 30 (about 20% more in winter). Before the change week the
    probability of antibiotics within one hour is 0.60; from the change week
    (:data:`SEPSIS_CHANGE_WEEK`, screening tool and nurse-initiated antibiotics)
    it rises in a straight line over 6 weeks to 0.87 and stays there. Counts
    within one hour are binomial.

    Args:
        seed: seed for :func:`numpy.random.default_rng`.

    Returns:
        Columns ``week_start``, ``suspected_sepsis``,
        ``antibiotics_within_1h``.
    """
    rng = np.random.default_rng(seed)
    weeks = pd.date_range(SEPSIS_FIRST_WEEK, periods=SEPSIS_N_WEEKS, freq="7D")
    patients = rng.poisson(30 * (1 + 0.2 * _winter_wave(weeks)))
    weeks_since = (weeks - pd.Timestamp(SEPSIS_CHANGE_WEEK)).days.to_numpy() // 7
    progress = np.clip((weeks_since + 1) / SEPSIS_RAMP_WEEKS, 0, 1)
    p = SEPSIS_BASELINE + (SEPSIS_AFTER - SEPSIS_BASELINE) * progress
    return pd.DataFrame(
        {
            "week_start": _iso(weeks),
            "suspected_sepsis": patients,
            "antibiotics_within_1h": rng.binomial(patients, p),
        }
    )


def make_cdiff_infections(seed: int = SEEDS["cdiff_infections"]) -> pd.DataFrame:
    """Dates of hospital-onset C. difficile cases, one row per case.

    Each day from :data:`CDIFF_START` to :data:`CDIFF_END` has at most one case,
    with probability (cases per month / days per month): 2.4 cases a month
    before :data:`CDIFF_CHANGE_DATE` (antimicrobial stewardship programme
    starts) and 1.0 a month from then on.

    Args:
        seed: seed for :func:`numpy.random.default_rng`.

    Returns:
        Columns ``case_number`` (1, 2, ...), ``onset_date``, ``days_between``
        (days since the previous case; missing for the first case).
    """
    rng = np.random.default_rng(seed)
    days = pd.date_range(CDIFF_START, CDIFF_END, freq="D")
    per_month = np.where(
        days < pd.Timestamp(CDIFF_CHANGE_DATE),
        CDIFF_CASES_PER_MONTH_BEFORE,
        CDIFF_CASES_PER_MONTH_AFTER,
    )
    onset = days[rng.random(len(days)) < per_month / DAYS_PER_MONTH]
    gaps = pd.array(np.diff(onset.to_numpy()).astype("timedelta64[D]").astype(np.int64))
    return pd.DataFrame(
        {
            "case_number": np.arange(1, len(onset) + 1),
            "onset_date": _iso(onset),
            "days_between": pd.array([pd.NA, *gaps], dtype="Int64"),
        }
    )


def make_ed_waits(seed: int = SEEDS["ed_waits"]) -> pd.DataFrame:
    """Daily emergency department attendances and patients seen within 4 hours.

    Attendances are Poisson with mean 190 x day-of-week factor (Monday
    busiest) x a small seasonal wave. The day's probability of being seen
    within 4 hours is 0.70 on the logit scale, lower on busy days and in
    winter, plus day-to-day noise (normal, sd 0.25 on the logit scale): this
    planted extra-binomial variation (over-dispersion) is what the Laney p'
    chart lesson needs. The count within 4 hours is binomial.

    Args:
        seed: seed for :func:`numpy.random.default_rng`.

    Returns:
        Columns ``date``, ``day_of_week`` (Monday ... Sunday), ``attendances``,
        ``within_4h``.
    """
    rng = np.random.default_rng(seed)
    dates = pd.date_range(ED_START, ED_END, freq="D")
    weekday = dates.day_of_week.to_numpy()
    wave = _winter_wave(dates)
    expected = ED_MEAN_ATTENDANCES * np.array(ED_WEEKDAY_FACTOR)[weekday] * (1 - 0.03 * wave)
    attendances = rng.poisson(expected)
    logit = (
        np.log(ED_MEAN_WITHIN_4H / (1 - ED_MEAN_WITHIN_4H))
        - 1.5 * (attendances / ED_MEAN_ATTENDANCES - 1)
        - 0.15 * wave
        + rng.normal(0, 0.25, len(dates))
    )
    within = rng.binomial(attendances, 1 / (1 + np.exp(-logit)))
    return pd.DataFrame(
        {
            "date": _iso(dates),
            "day_of_week": dates.day_name().to_numpy(),
            "attendances": attendances,
            "within_4h": within,
        }
    )


def make_xmr_example() -> pd.DataFrame:
    """The 20-value XmR worked example (value 40 at point 8 is astronomical).

    From the team's worked check in ``shared/reference/measurement-rules.md``:
    mean 14.6, average moving range 89/19.

    Returns:
        Columns ``point`` (1-20) and ``value``.
    """
    return pd.DataFrame({"point": np.arange(1, 21), "value": np.array(XMR_EXAMPLE)})


def make_p_example() -> pd.DataFrame:
    """The 12-subgroup p chart worked example (p-bar = 171/1290 = 0.132558).

    ``shared/reference/measurement-rules.md`` writes the fraction as 175/1320,
    but its values sum to 171 and 1290, and its decimal 0.132558 is 171/1290.

    Returns:
        Columns ``subgroup`` (1-12), ``numerator``, ``denominator``.
    """
    return pd.DataFrame(
        {
            "subgroup": np.arange(1, 13),
            "numerator": np.array(P_EXAMPLE_NUMERATOR),
            "denominator": np.array(P_EXAMPLE_DENOMINATOR),
        }
    )


DATASETS = {
    "falls.csv": make_falls,
    "pressure_ulcers.csv": make_pressure_ulcers,
    "sepsis_antibiotics.csv": make_sepsis_antibiotics,
    "cdiff_infections.csv": make_cdiff_infections,
    "ed_waits.csv": make_ed_waits,
    "xmr_example.csv": make_xmr_example,
    "p_example.csv": make_p_example,
}


def main(out_dir: Path = DATA_DIR) -> list[Path]:
    """Write every dataset as CSV (UTF-8, ``\\n`` line endings) into ``out_dir``.

    Args:
        out_dir: folder to write into; created if missing. Defaults to the
            folder holding this script.

    Returns:
        The paths written, in :data:`DATASETS` order.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in DATASETS.items():
        path = out_dir / name
        make().to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in main():
        print(f"wrote {written_path}")
