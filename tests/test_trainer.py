"""The rule trainer's logic: series kinds agree with the rules, reproducibility, marking."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.errors import InputError
from academy.spc import chart
from academy.trainer import (
    KINDS,
    Answer,
    Score,
    astronomical_points,
    make_series,
    mark,
    parse_points,
    series_for_round,
)

SEEDS = range(12)


# ----------------------------------------------------------- independent reference checks
# Plain loops written from the rule definitions (Perla, Provost & Murray 2011), not the engine.


def longest_side_run(y: np.ndarray) -> int:
    """Longest run on one side of the median, points on the median skipped."""
    median = np.median(y)
    best = run = 0
    last = 0
    for v in y:
        side = int(v > median) - int(v < median)
        if side == 0:
            continue
        run = run + 1 if side == last else 1
        last = side
        best = max(best, run)
    return best


def longest_trend(y: np.ndarray) -> int:
    """Most points in a row going one way, equal neighbours counted once."""
    values = [y[0]] + [b for a, b in itertools.pairwise(y) if b != a]
    best = run = 1
    last = 0
    for a, b in itertools.pairwise(values):
        way = 1 if b > a else -1
        run = run + 1 if way == last else 2
        last = way
        best = max(best, run)
    return best


def n_runs(y: np.ndarray) -> int:
    sides = [s for s in np.sign(y - np.median(y)) if s != 0]
    return 1 + sum(a != b for a, b in itertools.pairwise(sides))


def far_points(y: np.ndarray) -> list[int]:
    """Points more than 4 sd (of the other points) from the median, by a plain loop."""
    out = []
    for i, v in enumerate(y):
        sd = np.std(np.delete(y, i), ddof=1)
        if abs(v - np.median(y)) > 4 * sd:
            out.append(i)
    return out


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_what_the_rules_find(kind: str, seed: int) -> None:
    s = make_series(seed, kind)
    y = np.asarray(s.values)
    assert 20 <= y.size <= 30
    found = {f["rule"] for f in chart(y=y, chart="run", rules=("ihi",)).findings}
    expected_rule = {"shift": "ihi_shift", "trend": "ihi_trend", "too_few_runs": "ihi_runs"}
    assert found == ({expected_rule[kind]} if kind in expected_rule else set())
    # the same verdicts by hand: shift >= 6, trend >= 5 (Perla et al. 2011, figure 3)
    assert (longest_side_run(y) >= 6) == (kind == "shift")
    assert (longest_trend(y) >= 5) == (kind == "trend")
    assert (far_points(y) != []) == (kind == "astronomical")
    assert s.kinds == ({kind} - {"none"})


@pytest.mark.parametrize("seed", SEEDS)
def test_too_few_runs_is_below_the_swed_eisenhart_limit(seed: int) -> None:
    s = make_series(seed, "too_few_runs")
    y = np.asarray(s.values)
    # 5% two-sided limits for n = 20 and n = 30 (reference notes): 7..15 and 11..21 runs
    if y.size == 20:
        assert n_runs(y) < 7
    if y.size == 30:
        assert n_runs(y) < 11
    assert "too few" in s.signals[0].detail
    assert s.points == frozenset()  # the runs rule has no points to name


def test_planted_lengths_are_as_described() -> None:
    lengths = [longest_side_run(np.asarray(make_series(seed, "shift").values)) for seed in SEEDS]
    assert min(lengths) >= 6 and max(lengths) <= 12
    trends = [longest_trend(np.asarray(make_series(seed, "trend").values)) for seed in SEEDS]
    assert min(trends) >= 5 and max(trends) <= 9


def test_seeded_reproducibility() -> None:
    assert make_series(7, "trend") == make_series(7, "trend")
    assert make_series(7, "trend").values != make_series(8, "trend").values
    assert series_for_round(3, 2) == series_for_round(3, 2)
    kinds = {series_for_round(1, r).kind for r in range(30)}
    assert kinds == set(KINDS)


def test_bad_kind_and_seed() -> None:
    with pytest.raises(InputError, match="unknown kind"):
        make_series(1, "wiggle")
    with pytest.raises(InputError, match="seed"):
        make_series(-1, "none")


def test_astronomical_threshold_boundary() -> None:
    # ten others at -1 and +1: mean 0, sample sd sqrt(10/9); with v > 1 the median of 11 is 1
    sd = math.sqrt(10 / 9)
    others = [-1.0, 1.0] * 5
    at = 1 + 4 * sd
    assert astronomical_points(np.array([*others, at * (1 - 1e-9)])).tolist() == []
    assert astronomical_points(np.array([*others, 1 + 4 * sd * (1 + 1e-9)])).tolist() == [10]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=5, max_size=40))
def test_astronomical_points_match_the_plain_loop(values: list[float]) -> None:
    y = np.array(values)
    assert astronomical_points(y).tolist() == far_points(y)


def test_parse_points() -> None:
    assert parse_points("3, 5-7; 12") == {3, 5, 6, 7, 12}
    assert parse_points(" 9 – 7 ") == {7, 8, 9}
    assert parse_points("") == frozenset()
    with pytest.raises(InputError, match="cannot read"):
        parse_points("three")
    with pytest.raises(InputError, match="from 1 to 20"):
        parse_points("21", 20)
    with pytest.raises(InputError, match="not on the chart"):
        parse_points("0")


def test_answer_rejects_unknown_signal() -> None:
    with pytest.raises(InputError, match="unknown signal"):
        Answer(frozenset({"wobble"}))


def test_marking_right_answer() -> None:
    s = make_series(2, "shift")
    feedback = mark(s, Answer(frozenset({"shift"}), s.points))
    assert feedback.correct and feedback.verdict == "correct"
    assert feedback.lines[0].startswith("Correct")
    assert "Perla, Provost & Murray 2011" in feedback.text
    first, last = s.signals[0].points[0], s.signals[0].points[-1]
    assert f"points {first}–{last}" in feedback.text


def test_marking_partly_right_names_missed_and_added_points() -> None:
    s = make_series(2, "shift")
    shift = sorted(s.points)
    extra = next(p for p in range(1, len(s.values) + 1) if p not in s.points)
    given_points = frozenset(shift[1:]) | {extra}
    feedback = mark(s, Answer(frozenset({"shift"}), given_points))
    assert feedback.verdict == "partly"
    assert feedback.missed_points == {shift[0]}
    assert feedback.extra_points == {extra}
    assert f"Points you did not name: {shift[0]}." in feedback.text
    assert f"Points that are not part of a signal: {extra}." in feedback.text


def test_marking_wrong_answer() -> None:
    s = make_series(4, "astronomical")
    (point,) = s.points
    wrong = 1 if point != 1 else 2
    feedback = mark(s, Answer(frozenset({"trend"}), frozenset({wrong})))
    assert feedback.verdict == "not_yet"
    assert feedback.missed_signals == {"astronomical"}
    assert feedback.extra_signals == {"trend"}
    assert "You missed: Astronomical point." in feedback.text
    assert "Not in this chart: Trend" in feedback.text


def test_marking_no_signal_and_too_few_runs() -> None:
    quiet = make_series(0, "none")
    assert mark(quiet, Answer()).correct
    assert "No signal" in mark(quiet, Answer()).text
    assert mark(quiet, Answer(points=frozenset({3}))).verdict == "partly"
    runs = make_series(0, "too_few_runs")
    feedback = mark(runs, Answer(frozenset({"too_few_runs"})))
    assert feedback.correct
    assert "the whole chart" in feedback.text
    assert "Swed & Eisenhart 1943" in feedback.text


def test_score_counts_each_series_once() -> None:
    score = Score()
    s = make_series(1, "trend")
    assert score.record(s, mark(s, Answer()))
    assert not score.record(s, mark(s, Answer(frozenset({"trend"}), s.points)))
    q = make_series(1, "none")
    score.record(q, mark(q, Answer()))
    assert (score.attempts, score.correct, score.partly) == (2, 1, 0)
    assert score.text == "Score: 1 correct and 0 partly right out of 2 charts."


def test_alt_text_lists_values_without_the_answer() -> None:
    s = make_series(3, "shift")
    alt = s.alt_text()
    assert f"{len(s.values)} points" in alt
    assert "shift" not in alt.lower()
    assert f"1: {s.values[0]:g}" in alt
