"""What every rule set shares: registry, signature, invariances, inputs, findings cap."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.errors import InputError
from academy.spc.model import Limits, RuleOutcome
from academy.spc.rules import RULE_SET_NAMES, RULE_SET_SOURCES, RULE_SETS, rule_set
from academy.spc.rules.runs import MAX_FINDINGS

IDS = ["anhoej", "ihi", "mdc", "we", "nelson", "hcdg"]


def lines(n: int, cl: float, lower: float, upper: float) -> Limits:
    """Lines with possibly uneven distances below (lower) and above (upper) per sigma."""

    def line(v: float) -> np.ndarray:
        return np.full(n, float(v))

    return Limits(
        line(cl),
        line(cl - 3 * lower),
        line(cl + 3 * upper),
        line(cl - 2 * lower),
        line(cl + 2 * upper),
        line(cl - lower),
        line(cl + upper),
        line(upper),
    )


def shifted(limits: Limits, c: float) -> Limits:
    return Limits(
        *(getattr(limits, f) + c for f in ("cl", "lcl", "ucl", "lcl2", "ucl2", "lcl1", "ucl1")),
        limits.sigma,
    )


def test_registry():
    assert list(RULE_SETS) == IDS
    assert set(RULE_SET_NAMES) == set(RULE_SET_SOURCES) == set(IDS)
    assert all(RULE_SET_SOURCES[k].strip() for k in IDS)
    assert rule_set("we") is RULE_SETS["we"]
    with pytest.raises(InputError, match="unknown rule set 'western'"):
        rule_set("western")


@pytest.mark.parametrize("rule_id", IDS)
def test_uniform_signature_and_result(rule_id):
    y = np.array([1.0, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2])
    outcome = RULE_SETS[rule_id](y, lines(12, 2, 1, 1), improvement="higher", target=2.5)
    assert isinstance(outcome, RuleOutcome)
    assert outcome.rule_set == rule_id
    assert all(col.shape == (12,) for col in outcome.columns.values())
    assert f"{rule_id}_findings_omitted" in outcome.summary


@st.composite
def phases(draw):
    n = draw(st.integers(0, 40))
    values = st.one_of(st.integers(-6, 6).map(float), st.just(np.nan))
    y = np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=float)
    limits = lines(n, draw(st.integers(-2, 2)), draw(st.integers(0, 3)), draw(st.integers(0, 3)))
    return y, limits


@settings(max_examples=60, deadline=None)
@given(phases(), st.integers(-1000, 1000), st.sampled_from(["higher", "lower", None]))
def test_flags_do_not_change_when_a_constant_is_added(phase, c, improvement):
    y, limits = phase
    for rule_id, evaluate in RULE_SETS.items():
        before = evaluate(y, limits, improvement=improvement, target=1.0)
        after = evaluate(y + c, shifted(limits, c), improvement=improvement, target=1.0 + c)
        assert before.signal == after.signal, rule_id
        assert before.columns.keys() == after.columns.keys()
        for name in before.columns:
            assert np.array_equal(before.columns[name], after.columns[name]), (rule_id, name)
        assert [(f.rule, f.indices, f.detail) for f in before.findings] == [
            (f.rule, f.indices, f.detail) for f in after.findings
        ]
        assert before.summary == after.summary, rule_id


@settings(max_examples=60, deadline=None)
@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(1, 60))
def test_a_constant_series_never_signals(value, n):
    y = np.full(n, value)
    cl = sum(y.tolist()) / n  # as a running sum would compute it, possibly off by rounding
    flat = lines(n, cl, 0, 0)
    for rule_id, evaluate in RULE_SETS.items():
        outcome = evaluate(y, flat, improvement="higher")
        assert not outcome.signal, rule_id
        assert not outcome.findings, rule_id


@pytest.mark.parametrize("rule_id", IDS)
def test_input_mistakes_raise_one_line_errors(rule_id):
    evaluate = RULE_SETS[rule_id]
    good = lines(5, 0, 1, 1)
    with pytest.raises(InputError, match=r"limits\.cl has 5 values but y has 4"):
        evaluate(np.zeros(4), good)
    with pytest.raises(InputError, match="one-dimensional"):
        evaluate(np.zeros((5, 1)), good)
    with pytest.raises(InputError, match="improvement must be"):
        evaluate(np.zeros(5), good, improvement="up")


def test_findings_are_capped_and_the_rest_counted():
    y = np.tile([0.5, -0.5, 3.5, -0.5], 50)  # 50 separate points beyond the upper limit
    outcome = RULE_SETS["we"](y, lines(y.size, 0, 1, 1))
    beyond = [f for f in outcome.findings if f.rule == "we_1"]
    assert len(beyond) == MAX_FINDINGS
    assert outcome.summary["we_findings_omitted"] == 50 - MAX_FINDINGS
    assert outcome.columns["we_1"].sum() == 50


def test_findings_give_positions_only_in_indices():
    y = np.array([-0.5, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4, -0.5, 5.0])
    for evaluate in RULE_SETS.values():
        for finding in evaluate(y, lines(y.size, 0, 1, 1)).findings:
            assert "point 1" not in finding.detail and "position" not in finding.detail
            assert finding.indices and finding.source
