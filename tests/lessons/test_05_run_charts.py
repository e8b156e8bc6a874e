"""Numbers taught in module 5 lessons 02 (IHI rules) and 03 (Anhøj rules), worked out by hand.

Sources: Perla, Provost & Murray 2011 (BMJ Qual Saf 20:46-51) for the IHI rules; Swed & Eisenhart
1943 (Ann Math Stat 14:66-87) for the distribution of runs; Anhøj & Olesen 2014 (PLoS ONE
9:e113825) for the Anhøj rules and their table.
"""

from __future__ import annotations

import math
from itertools import pairwise

import pytest

from academy.data import load_dataset
from academy.spc import chart
from academy.spc.rules.anhoej import thresholds
from academy.spc.rules.ihi import runs_limits

WORKED = [57, 61, 55, 60, 63, 58, 62, 56, 60, 64, 66, 65, 68, 67, 70]
COMMUNITY = [47, 53, 45, 52, 54, 55, 51, 56, 53, 58, 48, 46, 49, 44, 47, 57, 50]


def _runs_pmf(n: int) -> dict[int, float]:
    """Swed–Eisenhart P(R = r) for n1 = n // 2 and n2 = n - n1, with exact binomial coefficients."""
    n1, n2 = n // 2, n - n // 2
    total = math.comb(n, n1)
    pmf = {}
    for r in range(2, n + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        else:
            ways = math.comb(n1 - 1, k) * math.comb(n2 - 1, k - 1) + math.comb(
                n1 - 1, k - 1
            ) * math.comb(n2 - 1, k)
        pmf[r] = ways / total
    return pmf


@pytest.mark.parametrize("n", [10, 14, 15, 16, 20, 30, 50, 102])
def test_runs_limits_cut_two_and_a_half_per_cent_from_each_tail(n):
    pmf = _runs_pmf(n)
    lower = min(r for r in pmf if sum(p for s, p in pmf.items() if s <= r) > 0.025)
    upper = max(r for r in pmf if sum(p for s, p in pmf.items() if s >= r) > 0.025)
    assert runs_limits(n) == (lower, upper)


def test_runs_limits_match_swed_eisenhart_critical_values_for_ten_and_ten():
    # Swed & Eisenhart's 5% critical values for 10 and 10 are 6 and 16: 7 to 15 are expected.
    assert runs_limits(20) == (7, 15)


def test_chance_calculations_in_the_ihi_lesson():
    assert 2 * 0.5**6 == pytest.approx(1 / 32)
    assert 2 / math.factorial(5) == pytest.approx(0.0167, abs=1e-4)


def test_worked_example_by_hand():
    median = sorted(WORKED)[7]
    assert median == 62
    sides = ["A" if v > median else "B" for v in WORKED if v != median]
    assert len(sides) == 14
    n_runs = 1 + sum(a != b for a, b in pairwise(sides))
    assert n_runs == 4
    result = chart(y=WORKED, chart="run", rules=("ihi",))
    summary = result.summary.iloc[0]
    assert summary["cl"] == 62
    assert (summary["n_useful"], summary["n_runs"]) == (14, 4)
    assert (summary["runs_lower"], summary["runs_upper"]) == runs_limits(14) == (4, 12)
    # 4 runs is at the lower limit, not below it: no runs signal; one shift, weeks 10-15; no trend.
    assert {f["rule"] for f in result.findings} == {"ihi_shift"}
    assert result.points.loc[result.points["ihi_shift"], "x"].tolist() == [10, 11, 12, 13, 14, 15]


def test_mark_the_shift_exercise():
    median = sorted(COMMUNITY)[8]
    assert median == 51
    result = chart(y=COMMUNITY, chart="run", rules=("ihi",))
    assert result.points.loc[result.points["ihi_shift"], "x"].tolist() == [4, 5, 6, 8, 9, 10]
    assert not result.points["ihi_trend"].any()  # weeks 3-6 rise only four times in a row


def test_count_the_runs_exercise():
    sides = ["A" if v > 51 else "B" for v in COMMUNITY if v != 51]
    assert "".join(sides) == "BABAAAAAABBBBBAB"
    assert 1 + sum(a != b for a, b in pairwise(sides)) == 7
    summary = chart(y=COMMUNITY, chart="run", rules=("ihi",)).summary.iloc[0]
    assert (summary["n_useful"], summary["n_runs"]) == (16, 7)
    assert runs_limits(16) == (5, 13)


def test_trend_with_a_repeated_value_counts_it_once():
    signals = chart(y=[40, 42, 42, 45, 47, 50], chart="run", rules=("ihi",)).points["ihi_trend"]
    assert signals.all()
    broken = chart(y=[40, 42, 41, 45, 47, 50], chart="run", rules=("ihi",)).points["ihi_trend"]
    assert not broken.any()  # 41, 45, 47, 50: four rising values


def _sepsis(weeks: int):
    return chart(
        load_dataset("sepsis_antibiotics").head(weeks),
        chart="run",
        x="week_start",
        y="antibiotics_within_1h",
        n="suspected_sepsis",
        multiply=100,
        freeze=40,
        rules=("ihi",),
    )


def test_sepsis_april_2024_chart():
    data = load_dataset("sepsis_antibiotics")
    baseline = sorted(data["antibiotics_within_1h"].head(40) / data["suspected_sepsis"].head(40))
    median = (baseline[19] + baseline[20]) / 2
    result = _sepsis(52)
    summary = result.summary.iloc[0]
    assert summary["cl"] == pytest.approx(100 * median)
    assert round(summary["cl"], 1) == 59.5
    assert (summary["n_useful"], summary["n_runs"]) == (50, 22)
    assert runs_limits(50) == (summary["runs_lower"], summary["runs_upper"]) == (19, 33)
    (shift,) = result.findings
    assert shift["rule"] == "ihi_shift"
    assert shift["points"] == list(range(42, 53))
    assert str(shift["x_first"].date()) == "2024-01-15"
    assert round(result.points["y"].iloc[40], 1) == 55.6  # the change week is below the median


@pytest.mark.parametrize(("after", "shift"), [(6, False), (7, True)])
def test_first_shift_after_seven_weeks(after, shift):
    findings = _sepsis(40 + after).findings
    assert any(f["rule"] == "ihi_shift" for f in findings) is shift


def test_sepsis_two_years():
    result = _sepsis(104)
    summary = result.summary.iloc[0]
    assert (summary["n_useful"], summary["n_runs"]) == (102, 22)
    assert (summary["runs_lower"], summary["runs_upper"]) == (42, 62)
    found = {f["rule"]: f for f in result.findings}
    assert set(found) == {"ihi_shift", "ihi_trend", "ihi_runs"}
    assert found["ihi_shift"]["points"] == list(range(42, 105))
    assert found["ihi_trend"]["points"] == [91, 92, 93, 94, 95]


# --------------------------------------------------------------------------- Anhøj lesson

PAPER_TABLE = {10: (6, 2), 12: (7, 3), 20: (7, 6), 24: (8, 8), 30: (8, 10)}


@pytest.mark.parametrize(("n", "limits"), PAPER_TABLE.items())
def test_anhoej_thresholds_match_the_published_table(n, limits):
    assert thresholds(n) == limits


def test_anhoej_exercises_by_hand():
    assert math.log2(18) == pytest.approx(4.17, abs=0.01)
    assert round(math.log2(18)) + 3 + 1 == 8  # shortest signalling run for n = 18
    # 5th percentile of Binomial(17, 0.5): smallest c with P(X <= c) >= 0.05.
    cdf = [sum(math.comb(17, k) for k in range(c + 1)) / 2**17 for c in range(18)]
    fewest = next(c for c, p in enumerate(cdf) if p >= 0.05)
    assert fewest == 5
    assert thresholds(18) == (7, 5)
    # Side by side, n = 30: run of 7, 12 crossings (13 runs).
    assert round(math.log2(30)) + 3 == 8
    assert 7 >= 6 and 7 <= 8 and 12 >= 10
    assert runs_limits(30) == (11, 21)


def test_try_it_range_of_limits():
    assert thresholds(10)[0] + 1 == 7
    assert thresholds(100) == (10, 41)


def test_ash_ward_side_by_side():
    falls = load_dataset("falls")
    ash = falls[falls["ward"] == "Ash"]
    result = chart(
        ash,
        chart="run",
        x="month",
        y="falls",
        n="occupied_bed_days",
        multiply=1000,
        rules=("anhoej", "ihi"),
    )
    summary = result.summary.iloc[0]
    assert thresholds(36) == (8, 13)
    assert (summary["n_useful"], summary["longest_run"], summary["n_crossings"]) == (36, 9, 16)
    found = sorted(
        (f["rule"], str(f["x_first"].date()), str(f["x_last"].date())) for f in result.findings
    )
    assert found == [
        ("anhoej_longest_run", "2023-10-01", "2024-06-01"),
        ("ihi_shift", "2022-06-01", "2022-12-01"),
        ("ihi_shift", "2023-10-01", "2024-06-01"),
    ]
