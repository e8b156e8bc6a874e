"""Team progress in a collaborative: choose teams, see their IHI scores and a summary table.

The checks, summary and figure come from :mod:`academy.progress`
(:func:`~academy.progress.progress_summary`, :func:`~academy.progress.plot_progress`,
:func:`~academy.progress.progress_alt_text`; IHI *Assessment Scale for
Collaboratives*); this module only lets the learner choose the teams and shows
the results.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML

from academy.display import show_figure
from academy.errors import InputError
from academy.i18n import t
from academy.progress import monthly_scores, plot_progress, progress_alt_text, progress_summary
from academy.widgets._access import tool

#: Summary columns (from :func:`academy.progress.progress_summary`) and their label keys.
SUMMARY_COLUMNS = {
    "team": "progress.col_team",
    "months_scored": "progress.col_months_scored",
    "first_month": "progress.col_first_month",
    "latest_month": "progress.col_latest_month",
    "latest_score": "progress.col_latest_score",
    "latest_label": "progress.col_latest_label",
    "best_score": "progress.col_best_score",
    "months_at_4_or_more": "progress.col_months_at_4",
}


class ProgressApp:
    """A multi-select of teams, their small-multiples figure and their summary table.

    Args:
        data: long-form scores, one row per team and month (see
            :func:`academy.progress.monthly_scores`).
        team, month, score: the column names in ``data``.
        ncols: panels per row of the figure.

    Raises:
        InputError: ``data`` fails the checks of :func:`academy.progress.monthly_scores`.
    """

    def __init__(
        self,
        data: pd.DataFrame,
        *,
        team: str = "team",
        month: str = "month",
        score: str = "score",
        ncols: int = 3,
    ) -> None:
        self.data = monthly_scores(data, team=team, month=month, score=score)
        self.ncols = ncols
        teams = list(dict.fromkeys(self.data["team"]))
        self.teams = widgets.SelectMultiple(
            options=teams,
            value=teams,
            rows=min(len(teams), 8),
            description=t("progress.teams"),
            style={"description_width": "initial"},
        )
        # How to choose several teams, with a mouse and with the keyboard. In JupyterLab
        # an arrow key without Ctrl goes to the notebook (ipywidgets issue #3912), so
        # the keyboard hint gives Ctrl+arrow to move and Ctrl+Space to choose, which
        # work there and in a plain page (checked in Chromium, tests/live). The hint
        # comes before the list, so that it is read before the list is reached.
        hints = (t("progress.teams_hint"), t("accessibility.select_keys"))
        self.hint = widgets.HTML("".join(f"<p>{html.escape(h)}</p>" for h in hints))
        self.figure_output = widgets.Output()
        self.table_output = widgets.Output()
        self.teams.observe(lambda _: self.draw(), names="value")
        self.widget = tool([self.hint, self.teams, self.figure_output, self.table_output])
        self.draw()

    def select(self, teams: Sequence[str]) -> pd.DataFrame | None:
        """Choose teams (as a learner would) and return their summary table."""
        unknown = [name for name in teams if name not in self.teams.options]
        if unknown:
            raise InputError(
                t(
                    "progress.error.unknown_team",
                    team=unknown[0],
                    teams=", ".join(self.teams.options),
                )
            )
        self.teams.value = tuple(teams)
        return self.draw()

    def summary(self) -> pd.DataFrame | None:
        """The summary table of the chosen teams, headings translated (None if none chosen)."""
        chosen = self._chosen()
        if chosen.empty:
            return None
        table = progress_summary(chosen)[list(SUMMARY_COLUMNS)]
        for column in ("first_month", "latest_month"):
            table[column] = table[column].dt.strftime("%Y-%m")
        return table.rename(columns={c: t(k) for c, k in SUMMARY_COLUMNS.items()})

    def _chosen(self) -> pd.DataFrame:
        return self.data[self.data["team"].isin(self.teams.value)]

    def draw(self) -> pd.DataFrame | None:
        """Redraw the figure and the table for the chosen teams; return the table."""
        chosen = self._chosen()
        if chosen.empty:
            note = HTML(f"<p>{html.escape(t('progress.none_chosen'))}</p>")
            _show(self.figure_output, note)
            _show(self.table_output)
            return None
        figure = plot_progress(chosen, ncols=self.ncols, title=t("progress.title"))
        try:
            shown = show_figure(figure, alt=progress_alt_text(chosen))
        finally:
            plt.close(figure)  # plot_progress makes its figure with pyplot; do not leak it
        table = self.summary()
        _show(self.figure_output, shown)
        _show(self.table_output, HTML(table.to_html(index=False)))
        return table

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _show(output: widgets.Output, *objects: Any) -> None:
    """Replace what ``output`` shows (set directly, so it works with or without a kernel)."""
    output.outputs = ()
    for item in objects:
        output.append_display_data(item)
