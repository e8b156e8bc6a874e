"""Team progress in an improvement collaborative on the IHI assessment scale.

Faculty score every team monthly, and teams score themselves, on the IHI
Assessment Scale for Collaboratives: ten levels from 0.5 (intent to participate)
to 5.0 (outstanding sustainable results) (Institute for Healthcare Improvement,
*Assessment Scale for Collaboratives*, IHI tool; Institute for Healthcare
Improvement, *The Breakthrough Series: IHI's Collaborative Model for Achieving
Breakthrough Improvement*, IHI Innovation Series white paper, Boston: IHI, 2003).
Collaboratives usually adapt the wording of each level; the labels here are the
generic ones. 3.0 (modest improvement) and 4.0 (significant improvement) are
drawn as reference lines because collaboratives commonly report how many teams
reach them.

Data come in long form, one row per team and month (use ``DataFrame.melt`` on a
table with one column per team first).

Level labels, the figure's words and its alternative text come from the strings
table (``progress.*`` and ``common.month_*`` keys, :mod:`academy.i18n`) in the
current language; :data:`IHI_SCALE` keeps the English labels.

>>> data = pd.DataFrame({"team": ["Ward 7"] * 2, "month": ["2024-01", "2024-02"],
...                      "score": [1.5, 2.0]})
>>> progress_summary(data)[["team", "latest_score", "months_at_4_or_more"]].to_dict("records")
[{'team': 'Ward 7', 'latest_score': 2.0, 'months_at_4_or_more': 0}]
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from academy.date_axis import date_axis
from academy.errors import InputError
from academy.i18n import t, text


def _level_key(level: float) -> str:
    """Strings-table key of a level's label, e.g. ``progress.level_4_0``."""
    return "progress.level_" + f"{level:.1f}".replace(".", "_")


#: The ten levels of the IHI assessment scale and their generic English labels.
IHI_SCALE: dict[float, str] = {
    level: text(_level_key(level), "en")
    for level in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0)
}

#: Reference lines drawn on every panel: level and line style (differs by style, not colour).
REFERENCE_LINES: dict[float, str] = {3.0: "--", 4.0: "-."}

#: A score at or above this level counts as significant improvement.
SIGNIFICANT = 4.0

_LEVELS = ", ".join(f"{level:.1f}" for level in IHI_SCALE)


def validate_score(value: object) -> float:
    """Return ``value`` as a float if it is one of the ten IHI levels.

    Raises:
        InputError: not a number, or a number between the levels (such as 3.2).
    """
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InputError(
            t("progress.error.score_not_a_number", value=_shown(value), levels=_LEVELS)
        )
    if float(value) not in IHI_SCALE:
        raise InputError(t("progress.error.score_off_scale", value=_shown(value), levels=_LEVELS))
    return float(value)


def _shown(value: object) -> str:
    """A value as a learner typed it: numbers plain, text quoted."""
    return repr(value) if isinstance(value, str) else str(value)


def score_label(score: float) -> str:
    """The generic label of an IHI level in the current language.

    In English, ``score_label(4.0)`` is "Significant improvement".
    """
    return t(_level_key(validate_score(score)))


def _month(when: pd.Timestamp) -> str:
    """ "March 2024": the month's name in the current language and the year."""
    return f"{t(f'common.month_{when.month}')} {when.year}"


def monthly_scores(
    data: pd.DataFrame, *, team: str = "team", month: str = "month", score: str = "score"
) -> pd.DataFrame:
    """Check long-form scores and return them tidy.

    Args:
        data: one row per team and month.
        team, month, score: column names in ``data``. Months may be dates, text
            such as ``"2024-03"`` or monthly periods; any day in a month means
            that month.

    Returns:
        Columns ``team`` (text), ``month`` (timestamp of the first day of the
        month), ``score`` (float) and ``label``, sorted by team then month.

    Raises:
        InputError: a column is missing, a value is blank or not a month, a score is
            not one of the ten levels, or a team has two scores for one month.
    """
    if not isinstance(data, pd.DataFrame):
        raise InputError(t("progress.error.not_a_dataframe", kind=type(data).__name__))
    for column in (team, month, score):
        if column not in data.columns:
            found = ", ".join(map(str, data.columns))
            if not found:
                raise InputError(t("progress.error.column_missing_no_columns", column=column))
            raise InputError(t("progress.error.column_missing", column=column, columns=found))
    teams = data[team]
    blank_team = teams.isna() | (teams.astype(str).str.strip() == "")
    _first_bad(blank_team, "progress.error.blank_team")
    months = _months(data[month])
    values = pd.to_numeric(data[score], errors="coerce").astype(float)
    on_scale = values.isin(list(IHI_SCALE))
    if not on_scale.all():
        position = int(np.argmax(~on_scale.to_numpy()))
        raw = data[score].iloc[position]
        if pd.isna(raw):
            raise InputError(
                t("progress.error.row_score_missing", row=position + 1, levels=_LEVELS)
            )
        raise InputError(
            t(
                "progress.error.row_score_off_scale",
                row=position + 1,
                value=_shown(raw),
                levels=_LEVELS,
            )
        )
    tidy = pd.DataFrame(
        {
            "team": teams.astype(str).str.strip().to_numpy(),
            "month": months.to_numpy(),
            "score": values.to_numpy(),
        }
    )
    repeated = tidy.duplicated(["team", "month"])
    if repeated.any():
        row = tidy[repeated].iloc[0]
        team_name, when = row["team"], row["month"].strftime("%Y-%m")
        raise InputError(t("progress.error.repeated_month", team=team_name, month=when))
    tidy["label"] = tidy["score"].map(score_label)
    return tidy.sort_values(["team", "month"], ignore_index=True)


def _first_bad(bad: pd.Series, key: str) -> None:
    """Raise the message ``key`` (a template with a ``{row}`` field) for the first bad row."""
    if bad.any():
        raise InputError(t(key, row=int(np.argmax(bad.to_numpy())) + 1))


def _months(values: pd.Series) -> pd.Series:
    """Timestamps of the first day of each value's month."""
    if isinstance(values.dtype, pd.PeriodDtype):
        values = values.dt.to_timestamp()
    elif pd.api.types.is_numeric_dtype(values):
        raise InputError(t("progress.error.months_are_numbers"))
    parsed = pd.to_datetime(values, errors="coerce", format="mixed")
    _first_bad(parsed.isna(), "progress.error.month_not_a_date")
    return parsed.dt.to_period("M").dt.to_timestamp()


def progress_summary(
    data: pd.DataFrame, *, team: str = "team", month: str = "month", score: str = "score"
) -> pd.DataFrame:
    """One row per team: latest score and how long it has been at 4.0 or more.

    Columns: ``team``, ``months_scored``, ``first_month``, ``latest_month``,
    ``latest_score``, ``latest_label``, ``best_score``, ``months_at_4_or_more``
    (scored months with a score of at least 4.0, significant improvement).
    """
    tidy = monthly_scores(data, team=team, month=month, score=score)
    tidy["at_4"] = tidy["score"] >= SIGNIFICANT
    grouped = tidy.groupby("team", sort=True)
    summary = grouped.agg(
        months_scored=("score", "size"),
        first_month=("month", "first"),
        latest_month=("month", "last"),
        latest_score=("score", "last"),
        best_score=("score", "max"),
        months_at_4_or_more=("at_4", "sum"),
    ).reset_index()
    summary["latest_label"] = summary["latest_score"].map(score_label)
    summary["months_at_4_or_more"] = summary["months_at_4_or_more"].astype(int)
    return summary[
        [
            "team",
            "months_scored",
            "first_month",
            "latest_month",
            "latest_score",
            "latest_label",
            "best_score",
            "months_at_4_or_more",
        ]
    ]


def progress_alt_text(
    data: pd.DataFrame, *, team: str = "team", month: str = "month", score: str = "score"
) -> str:
    """A description of :func:`plot_progress`'s figure in words, one sentence per team."""
    summary = progress_summary(data, team=team, month=month, score=score)
    sentences = [
        t(
            "progress.alt_team",
            team=row.team,
            months=row.months_scored,
            first=_month(row.first_month),
            latest=_month(row.latest_month),
            score=row.latest_score,
            label=row.latest_label.lower(),
            at_4=row.months_at_4_or_more,
        )
        for row in summary.itertuples()
    ]
    intro = t(
        "progress.alt_intro_one" if len(summary) == 1 else "progress.alt_intro", n=len(summary)
    )
    return intro + " " + " ".join(sentences)


#: The figure's standard title (English; :func:`plot_progress` shows it in the current language).
DEFAULT_TITLE = text("progress.title", "en")


def plot_progress(
    data: pd.DataFrame,
    *,
    team: str = "team",
    month: str = "month",
    score: str = "score",
    ncols: int = 3,
    title: str | None = DEFAULT_TITLE,
) -> Figure:
    """Small multiples: one panel per team, monthly score as a step line.

    Each score holds until the next month's (steps drawn after each point);
    a month without a score leaves a gap. Dashed and dash-dotted reference lines
    at 3.0 (modest improvement) and 4.0 (significant improvement) are labelled in
    every panel. Axes are shared so that panels compare directly. The default
    title is shown in the current language; None draws no title.
    """
    if title == DEFAULT_TITLE:
        title = t("progress.title")
    tidy = monthly_scores(data, team=team, month=month, score=score)
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise InputError(t("progress.error.ncols", ncols=ncols))
    teams = list(dict.fromkeys(tidy["team"]))
    if not teams:
        raise InputError(t("progress.error.no_scores"))
    ncols = min(ncols, len(teams))
    nrows = math.ceil(len(teams) / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(3.4 * ncols, 2.5 * nrows + (0.9 if title else 0.6)),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    all_months = pd.date_range(tidy["month"].min(), tidy["month"].max(), freq="MS")
    for ax, name in zip(axes.flat, teams, strict=False):
        series = tidy.loc[tidy["team"] == name].set_index("month")["score"].reindex(all_months)
        ax.step(series.index, series.to_numpy(), where="post", color="#000000", lw=1.6)
        ax.plot(series.index, series.to_numpy(), "o", color="#000000", ms=3.5)
        for level, style in REFERENCE_LINES.items():
            ax.axhline(level, color="#555555", ls=style, lw=1.0)
            ax.text(
                0.01,
                level + 0.08,
                f"{level:.1f} {score_label(level).lower()}",
                transform=ax.get_yaxis_transform(),
                fontsize=7.5,
                color="#333333",
                va="bottom",
            )
        ax.set_title(name, fontsize=10)
        ax.set_ylim(0, 5.4)
        ax.set_yticks(list(IHI_SCALE)[1::2])
        ax.grid(axis="y", color="#DDDDDD", lw=0.5)
        ax.tick_params(labelsize=8)
    for ax in axes.flat[len(teams) :]:
        ax.set_visible(False)
    for ax in axes.flat[max(len(teams) - ncols, 0) : len(teams)]:
        ax.xaxis.set_tick_params(labelbottom=True)  # lowest panel of each column
    for ax in axes[:, 0]:
        ax.set_ylabel(t("progress.axis_score"), fontsize=9)
    date_axis(axes[0, 0], maxticks=5)
    handles = [
        Line2D(
            [], [], color="#000000", lw=1.6, marker="o", ms=3.5, label=t("progress.monthly_score")
        ),
        *(
            Line2D([], [], color="#555555", ls=style, label=f"{level:.1f} {score_label(level)}")
            for level, style in REFERENCE_LINES.items()
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=8, frameon=False)
    if title:
        fig.suptitle(title, fontsize=12, weight="bold")
    return fig
