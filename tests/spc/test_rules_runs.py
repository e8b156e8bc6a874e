"""The vectorised window and run helpers (academy.spc.rules.runs) against plain loops."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from academy.spc.rules import runs

bools = st.lists(st.booleans(), max_size=40).map(lambda v: np.array(v, dtype=bool))
small_ints = st.lists(st.integers(-2, 2), max_size=40).map(lambda v: np.array(v, dtype=float))
widths = st.integers(1, 9)


def loop_runs(cond, k):
    """Points in a run of at least k consecutive True, by walking the list."""
    out, start = [False] * len(cond), None
    for i, c in enumerate([*list(cond), False]):
        if c and start is None:
            start = i
        elif not c and start is not None:
            if i - start >= k:
                out[start:i] = [True] * (i - start)
            start = None
    return out


@given(bools, widths)
def test_windows_all_and_count(mask, k):
    windows = [mask[j : j + k] for j in range(mask.size - k + 1)]
    assert runs.windows_all(mask, k).tolist() == [bool(w.all()) for w in windows]
    assert runs.windows_count(mask, k).tolist() == [int(w.sum()) for w in windows]


@given(bools, widths)
def test_consecutive_matches_a_loop(cond, k):
    pattern = runs.consecutive(cond, k)
    assert pattern.mask.tolist() == loop_runs(cond, k)
    spans = [(int(s), int(e)) for s, e in zip(pattern.starts, pattern.ends, strict=True)]
    flagged = [i for s, e in spans for i in range(s, e)]
    assert flagged == np.flatnonzero(pattern.mask).tolist()  # one span per separate run


@given(bools, st.integers(1, 5), st.integers(1, 5))
def test_k_of_w_matches_a_loop(cond, k, w):
    expected = [False] * cond.size
    for j in range(cond.size - w + 1):
        if cond[j : j + w].sum() >= k:
            for i in range(j, j + w):
                expected[i] = expected[i] or bool(cond[i])
    assert runs.k_of_w(cond, k, w).mask.tolist() == expected


@given(bools, bools, st.integers(1, 4), st.integers(1, 4))
def test_k_of_w_within_a_condition_matches_a_loop(cond, within, k, w):
    n = min(cond.size, within.size)
    cond, within = cond[:n], within[:n]
    expected = [False] * n
    for j in range(n - w + 1):
        if cond[j : j + w].sum() >= k and within[j : j + w].all():
            for i in range(j, j + w):
                expected[i] = expected[i] or bool(cond[i])
    assert runs.k_of_w(cond, k, w, within=within).mask.tolist() == expected


@given(small_ints, st.integers(2, 7))
def test_strict_trend_matches_a_loop(y, k):
    up, down = runs.trend(y, k, skip_ties=False)
    steps = np.diff(y)
    assert up.mask.tolist() == _steps_to_points(loop_runs(steps > 0, k - 1), y.size)
    assert down.mask.tolist() == _steps_to_points(loop_runs(steps < 0, k - 1), y.size)


def _steps_to_points(step_flags, n):
    """Points touched by flagged steps (step i joins points i and i + 1)."""
    out = [False] * n
    for i, f in enumerate(step_flags):
        if f:
            out[i] = out[i + 1] = True
    return out


@given(small_ints, st.integers(2, 7))
def test_trend_skipping_ties_matches_brute_force(y, k):
    # A rising trend from a to b: y[a] < y[a + 1] and y[b - 1] < y[b], never falling in
    # between, with at least k distinct values (like values neither make nor break it).
    expected = [False] * y.size
    for a in range(y.size):
        for b in range(a + 1, y.size):
            segment = y[a : b + 1]
            steps = np.diff(segment)
            if steps[0] > 0 and steps[-1] > 0 and (steps >= 0).all():
                if np.count_nonzero(steps) + 1 >= k:
                    expected[a : b + 1] = [True] * (b + 1 - a)
    up, _ = runs.trend(y, k, skip_ties=True)
    assert up.mask.tolist() == expected


@given(small_ints)
def test_alternating_matches_a_loop(y):
    steps = np.sign(np.diff(y))
    flips = [steps[i] * steps[i + 1] < 0 for i in range(steps.size - 1)]
    expected = [False] * y.size
    for i, f in enumerate(loop_runs(np.array(flips, dtype=bool), 3)):
        if f:
            expected[i] = expected[i + 1] = expected[i + 2] = True
    assert runs.alternating(y, 5).mask.tolist() == expected


@given(st.lists(st.sampled_from([-1, 0, 1]), max_size=40), st.integers(1, 7))
def test_shift_skipping_the_centre_line(side, k):
    side = np.array(side, dtype=np.int8)
    up, down = runs.shift(side > 0, side < 0, k, skip_centre=True)
    useful = np.flatnonzero(side)
    expected_up = np.zeros(side.size, dtype=bool)
    expected_up[useful] = loop_runs(side[useful] > 0, k)
    assert up.mask.tolist() == expected_up.tolist()
    expected_down = np.zeros(side.size, dtype=bool)
    expected_down[useful] = loop_runs(side[useful] < 0, k)
    assert down.mask.tolist() == expected_down.tolist()


def test_ranges_mask():
    mask = runs.ranges_mask(np.array([1, 5]), np.array([3, 6]), 8)
    assert np.flatnonzero(mask).tolist() == [1, 2, 5]


@given(small_ints, st.integers(2, 5), st.booleans())
def test_spans_hold_exactly_the_flagged_points_one_per_pattern(y, k, skip_ties):
    for pattern in (*runs.trend(y, k, skip_ties=skip_ties), runs.k_of_w(y > 0, 2, 3)):
        assert (np.diff(pattern.starts) > 0).all()
        assert (pattern.starts[1:] >= pattern.ends[:-1] - 1).all()  # at most one shared point
        inside = runs.ranges_mask(pattern.starts, pattern.ends, y.size)
        assert not (pattern.mask & ~inside).any()


def test_separate_trends_are_separate_patterns():
    up, _ = runs.trend(np.array([0.0, 1, 2, 0, 1, 2]), 3, skip_ties=False)
    assert list(zip(up.starts.tolist(), up.ends.tolist(), strict=True)) == [(0, 3), (3, 6)]
    up, _ = runs.trend(np.array([0.0, 1, 0, 0, 1]), 2, skip_ties=True)
    assert list(zip(up.starts.tolist(), up.ends.tolist(), strict=True)) == [(0, 2), (3, 5)]
    assert np.flatnonzero(up.mask).tolist() == [0, 1, 3, 4]
