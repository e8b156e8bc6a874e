"""Date ticks on chart axes, with month names in the language in use.

Matplotlib's :class:`~matplotlib.dates.ConciseDateFormatter` writes month
abbreviations with ``strftime("%b")``, in the machine's locale and never in
Welsh. :class:`MonthFormatter` keeps its concise layout and replaces each month
abbreviation with ``common.month_abbr_<n>`` from the strings table: the
stand-alone abbreviations of the Unicode CLDR locale data (English: Jan, Feb;
Welsh: Ion, Chw), whatever the machine's locale.

>>> import matplotlib.pyplot as plt, pandas as pd
>>> from academy.i18n import set_language
>>> def ticks():
...     figure, ax = plt.subplots()
...     ax.plot(pd.date_range("2024-01-01", periods=6, freq="MS"), range(6))
...     date_axis(ax)
...     figure.canvas.draw()
...     labels = [label.get_text() for label in ax.get_xticklabels()]
...     plt.close(figure)
...     return labels
>>> ticks()[:3]
['2024', 'Feb', 'Mar']
>>> set_language("cy"); ticks()[:3]
['2024', 'Chw', 'Maw']
>>> set_language("en")
"""

from __future__ import annotations

import re
from typing import Any

import matplotlib.dates as mdates
from matplotlib.axes import Axes

from academy.i18n import t


def date_axis(ax: Axes, *, maxticks: int | None = None) -> None:
    """Concise date ticks on ``ax``'s x axis, months named in the current language."""
    locator = (
        mdates.AutoDateLocator() if maxticks is None else mdates.AutoDateLocator(maxticks=maxticks)
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(MonthFormatter(locator))


class MonthFormatter(mdates.ConciseDateFormatter):
    """Matplotlib's concise date labels, with month abbreviations from the strings table."""

    def format_ticks(self, values: Any) -> list[str]:
        labels = super().format_ticks(values)
        self._ends = (values[0], values[-1]) if len(values) else ()
        return [_month_abbr(value, label) for value, label in zip(values, labels, strict=True)]

    def get_offset(self) -> str:
        offset = super().get_offset()  # e.g. "2024-Mar": the date of the first or last tick
        for value in getattr(self, "_ends", ()):
            offset = _month_abbr(value, offset)
        return offset


def _month_abbr(value: float, label: str) -> str:
    """``label`` with the month abbreviation of date ``value`` in the current language."""
    when = mdates.num2date(value)
    return re.sub(
        rf"\b{re.escape(when.strftime('%b'))}\b", t(f"common.month_abbr_{when.month}"), label
    )
