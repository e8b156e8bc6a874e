"""Tests of academy.spc.prepare: aggregation, ordering, phases and input errors.

Expected values are hand computations written out in each test; the semantics
follow qicharts2 0.8.1 ``qic()`` (``qic.agg`` in ``R/helper.functions.R``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.errors import InputError
from academy.spc.prepare import prepare


def one_line_error(**kw: object) -> str:
    """Run prepare with ``kw`` and return the InputError message (asserting it is one line)."""
    with pytest.raises(InputError) as info:
        prepare(**kw)
    message = str(info.value)
    assert "\n" not in message and message
    return message


# --------------------------------------------------------------------------- aggregation


def test_no_x_numbers_rows_and_keeps_values():
    p = prepare(y=[3.0, 1.0, 2.0], chart="i")
    assert p.x.tolist() == [1, 2, 3]
    assert p.x_kind == "position"
    assert p.value.tolist() == [3.0, 1.0, 2.0]
    assert p.n is None and p.sd is None
    assert p.part.tolist() == [1, 1, 1]
    assert p.baseline.all() and p.include.all()


def test_mean_median_and_sum_by_x():
    x = ["b", "a", "b", "b", "a"]
    y = [1.0, 10.0, 2.0, 6.0, 20.0]
    # categories keep first-appearance order: b then a
    mean = prepare(x=x, y=y, chart="run")
    assert mean.x.tolist() == ["b", "a"]
    assert mean.value.tolist() == [(1 + 2 + 6) / 3, (10 + 20) / 2]
    median = prepare(x=x, y=y, chart="run", agg="median")
    assert median.value.tolist() == [2.0, 15.0]
    total = prepare(x=x, y=y, chart="i", agg="sum")
    assert total.value.tolist() == [9.0, 30.0]


def test_mean_skips_missing_values_within_a_subgroup():
    p = prepare(x=[1, 1, 2], y=[4.0, np.nan, 5.0], chart="i")
    assert p.value.tolist() == [4.0, 5.0]


def test_ratio_is_sum_y_over_sum_n():
    # x = 1: (3 + 5) / (10 + 30) = 0.2; x = 2: 4 / 8 = 0.5
    p = prepare(x=[1, 2, 1], y=[3, 4, 5], n=[10, 8, 30], chart="p")
    assert p.value.tolist() == pytest.approx([8 / 40, 4 / 8])
    assert p.n.tolist() == [40.0, 8.0]


def test_ratio_drops_incomplete_rows_before_summing():
    # qicharts2 blanks y and n together (complete.cases): the row (7, NaN) counts for nothing
    p = prepare(x=[1, 1, 2], y=[3, 7, 4], n=[10, np.nan, 8], chart="u")
    assert p.value.tolist() == pytest.approx([3 / 10, 4 / 8])
    assert p.n.tolist() == [10.0, 8.0]


def test_run_and_i_charts_with_n_plot_y_over_n():
    p = prepare(x=[1, 1, 2], y=[1, 2, 3], n=[4, 6, 12], chart="i")
    assert p.value.tolist() == pytest.approx([3 / 10, 3 / 12])
    assert p.n.tolist() == [10.0, 12.0]


def test_np_and_c_sum_counts():
    p = prepare(x=[1, 2, 1], y=[3, 4, 5], n=[50, 100, 50], chart="np")
    assert p.value.tolist() == [8.0, 4.0]
    assert p.n.tolist() == [100.0, 100.0]
    c = prepare(x=[1, 2, 1], y=[3, 4, 5], chart="c", agg="median")
    assert c.value.tolist() == [8.0, 4.0]  # c charts always sum (qicharts2 0.2.0)


def test_xbar_and_s_subgroups():
    # subgroup a: 1, 3, 5 -> mean 3, sd sqrt(((1-3)^2 + 0 + (5-3)^2) / 2) = 2
    # subgroup b: 4, 6 -> mean 5, sd sqrt((1 + 1) / 1) = sqrt(2); the NaN does not count
    x = ["a", "a", "b", "a", "b", "b"]
    y = [1.0, 3.0, 4.0, 5.0, 6.0, np.nan]
    xbar = prepare(x=x, y=y, chart="xbar")
    assert xbar.value.tolist() == pytest.approx([3.0, 5.0])
    assert xbar.n.tolist() == [3.0, 2.0]
    assert xbar.sd.tolist() == pytest.approx([2.0, math.sqrt(2)])
    s = prepare(x=x, y=y, chart="s")
    assert s.value.tolist() == pytest.approx([2.0, math.sqrt(2)])
    assert s.n.tolist() == [3.0, 2.0]


def test_subgroup_of_one_has_no_sd():
    p = prepare(x=[1, 2, 2], y=[5.0, 1.0, 2.0], chart="s")
    assert math.isnan(p.value[0])
    assert p.n.tolist() == [1.0, 2.0]


def test_missing_y_stays_a_missing_point():
    p = prepare(x=[1, 2, 3], y=[1.0, np.nan, 3.0], chart="i")
    assert p.x.tolist() == [1, 2, 3]
    assert np.isnan(p.value[1])
    summed = prepare(x=[1, 2, 2], y=[1.0, np.nan, np.nan], chart="i", agg="sum")
    assert np.isnan(summed.value[1])  # an all-missing subgroup is missing, not 0


def test_scalar_n_applies_to_every_row():
    p = prepare(y=[1, 2], n=10, chart="p")
    assert p.value.tolist() == [0.1, 0.2]


# --------------------------------------------------------------------------- x kinds and order


def test_numbers_are_sorted_ascending():
    p = prepare(x=[3, 1, 2], y=[30.0, 10.0, 20.0], chart="i")
    assert p.x.tolist() == [1, 2, 3]
    assert p.value.tolist() == [10.0, 20.0, 30.0]
    assert p.x_kind == "number"


def test_iso_date_strings_become_sorted_dates():
    p = prepare(x=["2024-03-01", "2024-01-01", "2024-02-01", "2024-01-01"], y=[3, 1, 2, 5])
    assert p.x_kind == "date"
    assert p.x.dtype.kind == "M"
    assert [str(pd.Timestamp(v).date()) for v in p.x] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert p.value.tolist() == [3.0, 2.0, 3.0]  # Jan: (1 + 5) / 2


def test_datetime_column_from_a_table():
    df = pd.DataFrame(
        {
            "month": pd.to_datetime(["2024-02-01", "2024-01-01"]),
            "events": [2, 1],
            "days": [28, 31],
        }
    )
    p = prepare(df, "u", x="month", y="events", n="days")
    assert p.x_kind == "date"
    assert p.value.tolist() == pytest.approx([1 / 31, 2 / 28])


def test_categories_keep_first_appearance_order():
    p = prepare(x=["Ward C", "Ward A", "Ward C", "Ward B"], y=[1, 2, 3, 4])
    assert p.x_kind == "category"
    assert p.x.tolist() == ["Ward C", "Ward A", "Ward B"]
    assert p.value.tolist() == [2.0, 2.0, 4.0]


def test_blank_rows_are_dropped_but_a_y_without_x_is_an_error():
    p = prepare(x=[1.0, np.nan, 2.0], y=[1.0, np.nan, 2.0], chart="i")
    assert p.x.tolist() == [1.0, 2.0]
    message = one_line_error(x=[1.0, np.nan], y=[1.0, 5.0])
    assert "row 2" in message


# --------------------------------------------------------------------------- part, freeze, exclude


def test_part_starts_a_new_phase_after_each_position():
    p = prepare(y=range(1, 8), part=[2, 5])
    assert p.part.tolist() == [1, 1, 2, 2, 2, 3, 3]
    assert [(s.start, s.stop) for s in p.phases] == [(0, 2), (2, 5), (5, 7)]


def test_freeze_marks_the_first_points_of_the_first_phase():
    p = prepare(y=range(1, 8), part=5, freeze=3)
    # phase 1 = points 1..5, baseline 1..3; phase 2 uses all its own points
    assert p.baseline.tolist() == [True, True, True, False, False, True, True]


def test_exclude_by_position():
    p = prepare(y=range(1, 6), exclude=[2, 4])
    assert p.include.tolist() == [True, False, True, False, True]


def test_positions_refer_to_points_after_aggregation():
    p = prepare(x=[1, 1, 2, 3, 3], y=[1, 2, 3, 4, 5], exclude=2, part=1)
    assert p.include.tolist() == [True, False, True]
    assert p.part.tolist() == [1, 2, 2]


def test_part_freeze_exclude_by_date_value():
    x = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]
    p = prepare(
        x=x,
        y=[1, 2, 3, 4, 5],
        part=pd.Timestamp("2024-03-01"),
        freeze="2024-02-01",
        exclude=["2024-05-01"],
    )
    assert p.part.tolist() == [1, 1, 1, 2, 2]
    assert p.baseline.tolist() == [True, True, False, True, True]
    assert p.include.tolist() == [True, True, True, True, False]


def test_part_and_exclude_by_category_value():
    p = prepare(x=["a", "b", "c", "d"], y=[1, 2, 3, 4], part="b", exclude="c")
    assert p.part.tolist() == [1, 1, 2, 2]
    assert p.include.tolist() == [True, True, False, True]


def test_integers_are_positions_even_when_x_is_integers():
    years = [2019, 2020, 2021, 2022, 2023]
    by_position = prepare(x=years, y=[1, 2, 3, 4, 5], part=3)
    assert by_position.part.tolist() == [1, 1, 1, 2, 2]
    by_value = prepare(x=years, y=[1, 2, 3, 4, 5], part=2020.0)
    assert by_value.part.tolist() == [1, 1, 2, 2, 2]
    message = one_line_error(x=years, y=[1, 2, 3, 4, 5], exclude=2021)
    assert "position 3" in message and "2021.0" in message


def test_notes_from_a_mapping_and_from_a_column():
    p = prepare(x=["a", "b", "c"], y=[1, 2, 3], notes={1: "start", "c": "audit"})
    assert p.notes.tolist() == ["start", "", "audit"]
    df = pd.DataFrame({"x": [1, 1, 2], "y": [1, 2, 3], "note": ["new form", None, "new form"]})
    q = prepare(df, "i", x="x", y="y", notes="note")
    assert q.notes.tolist() == ["new form", "new form"]
    joined = prepare(x=[1, 1], y=[1, 2], notes=["a", "b"])
    assert joined.notes.tolist() == ["a | b"]


# --------------------------------------------------------------------------- input errors


def test_unknown_column_suggests_the_closest_name():
    df = pd.DataFrame({"deaths": [1, 2], "month": [1, 2]})
    message = one_line_error(data=df, x="month", y="death")
    assert "'death'" in message and "did you mean 'deaths'" in message


def test_lengths_differ():
    assert "3 values" in one_line_error(x=[1, 2, 3], y=[1, 2])


def test_non_numeric_y_names_row_and_column():
    df = pd.DataFrame({"v": ["1", "2", "n/a", "4"]})
    message = one_line_error(data=df, y="v", chart="i")
    assert "row 3" in message and "'v'" in message and "'n/a'" in message


def test_blank_text_counts_as_missing():
    p = prepare(y=["1", " ", "3"], chart="i")
    assert np.isnan(p.value[1])


@pytest.mark.parametrize("chart", ["p", "pp", "u", "up", "np"])
def test_n_is_required(chart):
    assert "needs a denominator n" in one_line_error(y=[1, 2], chart=chart)


@pytest.mark.parametrize("chart", ["xbar", "s", "c"])
def test_n_is_refused_where_the_chart_takes_none(chart):
    one_line_error(x=[1, 2], y=[1, 2], n=[5, 5], chart=chart)


def test_n_must_be_positive():
    assert "row 2" in one_line_error(y=[1, 0], n=[10, 0], chart="p")


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"part": 3}, "from 1 to 2"),  # a phase cannot start after the last point
        ({"part": 0}, "from 1 to 2"),
        ({"exclude": 4}, "from 1 to 3"),
        ({"exclude": [1, 0]}, "from 1 to 3"),
        ({"freeze": 4}, "from 1 to 3"),
        ({"exclude": "2025-01-01"}, "matches no x"),
    ],
)
def test_positions_out_of_range(kw, needle):
    assert needle in one_line_error(y=[1, 2, 3], **kw)


def test_freeze_beyond_the_first_phase():
    message = one_line_error(y=range(10), part=4, freeze=5)
    assert "beyond the first phase" in message and "1 to 4" in message


def test_freeze_at_the_end_of_the_first_phase_is_allowed():
    p = prepare(y=range(10), part=4, freeze=4)
    assert p.baseline.all()


def test_unknown_agg_and_chart():
    assert "mean, median, sum" in one_line_error(y=[1, 2], agg="max")
    message = one_line_error(y=[1, 2], chart="xmr")
    assert "run" in message and "xbar" in message and "ip" in message


def test_xbar_needs_x():
    assert "needs x" in one_line_error(y=[1, 2, 3], chart="xbar")


def test_empty_input_and_data_that_is_not_a_table():
    assert "no rows" in one_line_error(y=[])
    assert "no rows" in one_line_error(x=[np.nan], y=[np.nan])
    assert "DataFrame" in one_line_error(data={"y": [1, 2]}, y="y")


def test_column_name_without_data():
    assert "no data" in one_line_error(y="deaths")


# --------------------------------------------------------------------------- invariants


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.floats(-100, 100, allow_nan=False)),
        min_size=1,
        max_size=30,
    )
)
def test_sum_aggregation_preserves_the_total_and_sorts_x(rows):
    x = [r[0] for r in rows]
    y = [r[1] for r in rows]
    p = prepare(x=x, y=y, chart="i", agg="sum")
    assert p.x.tolist() == sorted(set(x))
    assert p.value.sum() == pytest.approx(sum(y), abs=1e-6)
    for key, value in zip(p.x.tolist(), p.value.tolist(), strict=True):
        assert value == pytest.approx(sum(b for a, b in rows if a == key), abs=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.permutations(list(range(12))))
def test_row_order_does_not_matter_for_numeric_x(order):
    x = np.array(order)
    y = x * 2.0 + 1
    p = prepare(x=x, y=y, chart="i")
    assert p.x.tolist() == list(range(12))
    assert p.value.tolist() == [2.0 * i + 1 for i in range(12)]
