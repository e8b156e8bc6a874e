"""Small-number suppression: hand-worked tables at the boundaries, charts and funnel plots."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from academy.errors import InputError
from academy.privacy.suppression import suppress_chart_points, suppress_small_counts
from academy.spc import chart
from academy.spc.funnel import funnel, plot_funnel


def _values(series: pd.Series) -> list:
    """The column as a list, blanks as None (NaN never equals itself)."""
    return [None if not isinstance(v, str) and pd.isna(v) else v for v in series]


# --- suppress_small_counts ---------------------------------------------------------------


def test_counts_at_the_boundaries() -> None:
    table = pd.DataFrame({"deaths": [0, 1, 4, 5, None, 4.0, 12]})  # float column, 4.0 and a blank
    out = suppress_small_counts(table, "deaths")
    assert _values(out["deaths"]) == [0, "<5", "<5", 5, None, "<5", 12]
    assert [type(v) for v in out["deaths"] if not isinstance(v, str) and pd.notna(v)] == [int] * 3


def test_a_negative_count_is_refused_in_one_line() -> None:
    with pytest.raises(InputError) as caught:
        suppress_small_counts(pd.DataFrame({"deaths": [3, -1]}), "deaths")
    assert str(caught.value) == (
        "column 'deaths' row 2 holds -1; a count cannot be negative, fix the data"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2.5, "column 'n' row 1 holds 2.5, not a whole number; suppression applies to counts"),
        ("three", "column 'n' row 1 holds 'three', which is not a count; give whole numbers"),
        (True, "column 'n' row 1 holds True, which is not a count; give whole numbers"),
        (math.inf, "column 'n' row 1 holds inf, not a whole number"),
    ],
)
def test_values_that_are_not_counts_are_refused(value: object, message: str) -> None:
    with pytest.raises(InputError, match="^" + message.replace("(", r"\(")):
        suppress_small_counts(pd.DataFrame({"n": pd.Series([value, 7], dtype=object)}), "n")


def test_blanks_and_marks_already_there_are_kept() -> None:
    table = pd.DataFrame({"n": pd.Series(["", None, "<5", 3, 9], dtype=object)})
    out = suppress_small_counts(table, "n")
    assert _values(out["n"]) == ["", None, "<5", "<5", 9]
    assert suppress_small_counts(out, "n").equals(out)  # suppressing twice changes nothing


def test_a_higher_threshold_hides_more_and_says_so() -> None:
    out = suppress_small_counts(pd.DataFrame({"n": [0, 1, 7, 8]}), "n", threshold=8)
    assert _values(out["n"]) == [0, "<8", "<8", 8]


@pytest.mark.parametrize("threshold", [1, 0, 2.5, True, "5"])
def test_a_threshold_below_2_or_not_whole_is_refused(threshold: object) -> None:
    with pytest.raises(InputError, match=r"^threshold must be a whole number of at least 2"):
        suppress_small_counts(pd.DataFrame({"n": [1]}), "n", threshold=threshold)


def test_values_derived_from_a_hidden_count_are_hidden_in_that_row_only() -> None:
    table = pd.DataFrame(
        {
            "ward": ["A", "B", "C", "D"],
            "deaths": [0, 3, 12, 6],
            "admissions": [40, 50, 60, 2],
            "rate": [0.0, 6.0, 20.0, 300.0],
        }
    )
    out = suppress_small_counts(table, derived={"rate": ["deaths", "admissions"]})
    assert out.to_dict("list") == {
        "ward": ["A", "B", "C", "D"],
        "deaths": [0, "<5", 12, 6],
        "admissions": [40, 50, 60, "<5"],
        "rate": [0.0, "*", 20.0, "*"],
    }
    assert table["deaths"].tolist() == [0, 3, 12, 6]  # the caller's table is unchanged


def test_without_columns_every_column_of_whole_numbers_from_0_is_taken() -> None:
    table = pd.DataFrame(
        {
            "week": [1, 2, 3, 4],  # not a count, but looks like one: name columns to be exact
            "ward": ["A", "B", "C", "D"],
            "falls": [0, 2, 5, 9],
            "rate": [0.0, 1.5, 2.5, 4.0],
            "change": [-1, 2, 0, 3],
            "audited": [True, False, True, True],
        },
        index=[10, 20, 30, 40],
    )
    out = suppress_small_counts(table)
    assert out.to_dict("list") == {
        "week": ["<5", "<5", "<5", "<5"],
        "ward": ["A", "B", "C", "D"],
        "falls": [0, "<5", 5, 9],
        "rate": [0.0, 1.5, 2.5, 4.0],
        "change": [-1, 2, 0, 3],
        "audited": [True, False, True, True],
    }
    assert out.index.tolist() == [10, 20, 30, 40]
    named = suppress_small_counts(table, ["falls"])
    assert named["week"].tolist() == [1, 2, 3, 4]


def test_mistakes_in_the_column_names_are_one_line_errors() -> None:
    table = pd.DataFrame({"deaths": [1], "rate": [0.5]})
    with pytest.raises(InputError, match=r"^'dead' is not a column of the table; columns are: "):
        suppress_small_counts(table, "dead")
    with pytest.raises(InputError, match=r"^'deaths_x' is not a column"):
        suppress_small_counts(table, derived={"rate": "deaths_x"})
    with pytest.raises(InputError, match=r"^column 'rate' is named both as a count and as derived"):
        suppress_small_counts(table, ["deaths", "rate"], derived={"rate": "deaths"})
    with pytest.raises(InputError, match=r"^suppression needs a table"):
        suppress_small_counts([1, 2, 3])


# --- SPC points tables ---------------------------------------------------------------------


def test_a_c_chart_hides_its_small_counts() -> None:
    counts = [0, 1, 3, 4, 5, 6, 2, 8, 9, 10, 7, 12]
    points = suppress_chart_points(chart(y=counts, chart="c"))
    assert points["y"].tolist() == [0, "<5", "<5", "<5", 5, 6, "<5", 8, 9, 10, 7, 12]


def test_a_p_chart_in_percent_hides_rates_whose_numerator_is_small() -> None:
    numerators = [0, 2, 5, 10, 3, 4, 6, 7, 8, 9, 1, 12]
    result = chart(y=numerators, n=[20] * 12, chart="p", multiply=100)
    percent = [100 * k / 20 for k in numerators]
    hidden = [1 <= k <= 4 for k in numerators]
    assert suppress_chart_points(result)["y"].tolist() == [
        "*" if h else p for p, h in zip(percent, hidden, strict=True)
    ]
    assert result.points["y"].tolist() == percent  # the result itself is unchanged


def test_a_run_chart_without_n_hides_whole_values_only() -> None:
    points = suppress_chart_points(chart(y=[1.5, 3, 7, 0, 4.0, 2.25], chart="run"))
    assert points["y"].tolist() == [1.5, "<5", 7, 0, "<5", 2.25]


def test_charts_whose_points_are_not_counts_are_refused() -> None:
    with pytest.raises(InputError, match=r"^the points of a mr chart are not counts of people"):
        suppress_chart_points(chart(y=[3, 5, 4, 6, 5, 7, 6, 5], chart="mr"))


# --- funnel plots --------------------------------------------------------------------------

# Ward A has 4 of 5 patients with the outcome against a target of 10%: under the target,
# P(Y >= 4) = 5 x 0.1^4 x 0.9 + 0.1^5 = 0.00046, below the 0.001 tail of the 99.8% limits,
# so A is "high" beyond both limits. Ward E has 1 of 10. Both counts are below 5.
WARDS = pd.DataFrame(
    {"ward": list("ABCDE"), "events": [4, 10, 0, 30, 1], "patients": [5, 100, 50, 200, 10]}
)


def _funnel(suppress: bool):
    return funnel(WARDS, unit="ward", y="events", n="patients", target=0.1, suppress=suppress)


def test_the_funnel_table_hides_small_counts_and_what_gives_them_back() -> None:
    shown, hidden = _funnel(False).points, _funnel(True).points
    assert hidden["y"].tolist() == ["<5", 10, 0, 30, "<5"]
    assert hidden["value"].tolist() == ["*", 0.1, 0.0, 0.15, "*"]
    assert [z == "*" for z in hidden["z"]] == [True, False, False, False, True]
    assert hidden["n"].tolist() == [5, 100, 50, 200, 10]
    assert hidden["outside_998"].tolist()[0] == "high"
    limits = [c for c in shown.columns if c.startswith(("lower_", "upper_"))]
    pd.testing.assert_frame_equal(hidden[limits], shown[limits])  # limits depend on n only


def test_the_funnel_summary_names_a_hidden_outlier_without_its_value() -> None:
    assert "A (high, 0.8)" in _funnel(False).summary_text()
    text = _funnel(True).summary_text()
    assert "A (high, count <5)" in text
    assert "0.8" not in text


def test_a_hidden_unit_is_drawn_but_not_named() -> None:
    def drawn(result) -> tuple[set[str], np.ndarray]:
        ax = plot_funnel(result, Figure().add_subplot())
        points = np.concatenate([c.get_offsets() for c in ax.collections])
        return {t.get_text() for t in ax.texts}, points

    names, points = drawn(_funnel(False))
    assert "A" in names
    names, hidden_points = drawn(_funnel(True))
    assert "A" not in names
    np.testing.assert_array_equal(np.sort(hidden_points, axis=0), np.sort(points, axis=0))
    assert [5.0, 0.8] in hidden_points.tolist()


def test_funnel_suppression_needs_whole_counts() -> None:
    with pytest.raises(InputError, match=r"^column 'y' row 1 holds 2\.5, not a whole number"):
        funnel(unit=["a", "b"], y=[2.5, 9], n=[10, 20], kind="rate", suppress=True)
