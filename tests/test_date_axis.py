"""Month names on the date axes of SPC charts and the team-progress figure follow the language."""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from babel import Locale
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from academy import i18n
from academy.date_axis import MonthFormatter
from academy.progress import plot_progress
from academy.spc import chart

# Stand-alone month abbreviations of the Unicode CLDR locale data, read through babel (an
# independent source): English Jan … Dec; Welsh Ion, Chw, Maw, Ebr, Mai, Meh, Gor, Awst, …
ENGLISH, WELSH = (
    {Locale(code).months["stand-alone"]["abbreviated"][m] for m in range(1, 13)}
    for code in ("en", "cy")
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _labels(figure) -> set[str]:
    figure.canvas.draw()
    return {
        label.get_text()
        for ax in figure.axes
        for label in [*ax.get_xticklabels(), ax.xaxis.get_offset_text()]
        if label.get_text()
    }


def _spc_figure():
    data = pd.DataFrame(
        {"month": pd.date_range("2024-01-01", periods=12, freq="MS"), "falls": [3, 5, 4] * 4}
    )
    return chart(data, x="month", y="falls", chart="c").plot().figure


def _progress_figure():
    months = pd.date_range("2024-01-01", periods=8, freq="MS")
    data = pd.DataFrame(
        {"team": "Ward 7", "month": months, "score": [1, 1.5, 2, 2, 2.5, 3, 3, 3.5]}
    )
    return plot_progress(data)


@pytest.mark.parametrize("make", [_spc_figure, _progress_figure], ids=["spc", "progress"])
def test_month_ticks_are_welsh_in_welsh_and_english_in_english(make) -> None:
    english = _labels(make())
    assert english & ENGLISH and not english & WELSH
    i18n.set_language("cy")
    welsh = _labels(make())
    assert welsh & WELSH and not welsh & (ENGLISH - WELSH)  # "Mai" is Welsh; "May" is not
    # the same ticks, only the month names differ (years and day numbers are kept)
    assert {w for w in welsh if w.isdigit()} == {e for e in english if e.isdigit()}


def test_the_formatter_names_each_month_tick_from_the_strings_table() -> None:
    def ticks() -> list[str]:
        figure = Figure()
        ax = figure.add_subplot()
        ax.plot(pd.date_range("2024-02-01", "2024-06-01", freq="MS"), [1, 2, 3, 2, 1])
        locator = mdates.MonthLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(MonthFormatter(locator))
        FigureCanvasAgg(figure).draw()
        return [label.get_text() for label in ax.get_xticklabels() if label.get_text()]

    # CLDR stand-alone abbreviations: en Feb ... Jun; cy Chw, Maw, Ebr, Mai, Meh
    assert ticks() == ["Feb", "Mar", "Apr", "May", "Jun"]
    i18n.set_language("cy")
    assert ticks() == ["Chw", "Maw", "Ebr", "Mai", "Meh"]
