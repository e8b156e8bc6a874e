"""The ``academy`` command: chart your own data from the command line.

    academy chart FILE --chart TYPE --y COL [--x COL] [--n COL] [--sheet NAME|NUMBER]
        [--part K[,K...]] [--freeze K] [--exclude K[,K...]] [--multiply M]
        [--screen-mr | --no-screen-mr] [--agg mean|median|sum] [--rules anhoej,ihi,mdc,...]
        [--target T] [--improvement higher|lower] [--out chart.png|svg] [--data-out points.csv|xlsx]
        [--suppress] [--allow-identifiable]

It prints a plain-language summary of what each rule found, where, and its
source (including, for each phase, whether its limits rest on fewer than 20
points and are therefore trial limits: Provost & Murray 2011, *The Health Care
Data Guide*), after any notes (lines starting "Note:") about how the data were
read: rows that share an x value are combined into one point. A mistake in the
command or the data gives one line on standard error, starting "academy: ",
saying what is wrong and how to fix it, and exit status 2: a file that
:func:`academy.loaders.read_table` refuses, a column or value that
:func:`academy.spc.chart` refuses, a row with a y but a blank n
(:func:`academy.spc.prepare.require_denominators`), fewer than 2 points with a
value, an output path that is the input file, a folder or in a folder that does
not exist. The input file is only read, never changed.

``--language cy`` (or the environment variable ``ACADEMY_LANGUAGE=cy``) gives
the notes, the summary, the "written to" lines and the error messages in
Welsh, from the strings table (``academy/i18n/strings/cli.csv`` and the
tables of the modules it calls). argparse's own usage, help and option errors
stay in English; only the pointer to ``--help`` after an option error follows
the language.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from academy.errors import InputError
from academy.i18n import LANGUAGES, get_language, set_language, t

if TYPE_CHECKING:
    import pandas as pd

    from academy.spc.chart import SPCResult

EXIT_USER_ERROR = 2
#: The environment variable that chooses the language when --language is not given.
LANGUAGE_VARIABLE = "ACADEMY_LANGUAGE"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line with a pointer to --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's message stays in English (it does not use the strings table)
        line = t("cli.error.options", message=message, prog=self.prog)
        self.exit(EXIT_USER_ERROR, f"academy: {line}\n")


def default_language() -> str:
    """The language when --language is not given: $ACADEMY_LANGUAGE if it is en or cy, else en."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip()
    return chosen if chosen in LANGUAGES else "en"


def _requested_language(argv: Sequence[str] | None) -> str:
    """The language asked for, read before the full parse so that option errors follow it too.

    An unknown value is left to the full parse, which refuses it in one line.
    """
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--language", nargs="?")
    try:
        known, _ = early.parse_known_args(argv)
    except argparse.ArgumentError:
        return default_language()
    return known.language if known.language in LANGUAGES else default_language()


def _add_language_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--language",
        choices=tuple(LANGUAGES),
        default=default,
        help=(
            "language of the notes, summary and messages: en (English) or cy (Cymraeg, Welsh); "
            f"default: ${LANGUAGE_VARIABLE} if it is en or cy, else en. This usage and help "
            "text stay in English"
        ),
    )


def _positions(text: str | None) -> list[int | str] | None:
    """Parse "12", "12,24" or "2023-10-01": whole numbers are positions, the rest x values."""
    if text is None:
        return None
    items: list[int | str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            raise InputError(t("cli.error.empty_item", text=text))
        items.append(int(item) if item.isdigit() else item)
    return items


def _single(text: str | None) -> int | str | None:
    values = _positions(text)
    if values is None:
        return None
    if len(values) != 1:
        raise InputError(t("cli.error.freeze_one", text=text))
    return values[0]


def build_parser() -> argparse.ArgumentParser:
    from academy.spc.limits import CHART_TYPES
    from academy.spc.rules import RULE_SETS

    parser = _Parser(prog="academy", description="Tools of the Academy courseware.")
    _add_language_option(parser, default_language())
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    chart = commands.add_parser(
        "chart",
        help="draw a run or control chart of your own data and explain its signals",
        description=(
            "Draw a run or control chart from a CSV or Excel file and explain what the rules find."
        ),
    )
    chart.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or Windows-1252) or .xlsx file")
    _add_language_option(chart, argparse.SUPPRESS)  # also accepted after the command name
    chart.add_argument("--sheet", help="Excel sheet: its name or number, 1 for the first")
    chart.add_argument(
        "--chart",
        default="run",
        choices=CHART_TYPES,
        metavar="TYPE",
        help=f"chart type: {', '.join(CHART_TYPES)} (default run)",
    )
    chart.add_argument("--x", help="column of dates, numbers or categories (default: row order)")
    chart.add_argument("--y", required=True, help="column of values or numerators")
    chart.add_argument("--n", help="column of denominators or subgroup sizes")
    chart.add_argument("--part", help="new phase after these positions or x values, e.g. 12,24")
    chart.add_argument("--freeze", help="baseline: the first K points (position or x value)")
    chart.add_argument("--exclude", help="points shown but left out of calculations, e.g. 8,15")
    chart.add_argument(
        "--multiply", type=float, default=1.0, help="scale values, e.g. 100 for percent"
    )
    chart.add_argument(
        "--screen-mr",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="screen large moving ranges (default on)",
    )
    chart.add_argument(
        "--agg",
        default="mean",
        choices=("mean", "median", "sum"),
        help="how rows with the same x are combined without --n",
    )
    chart.add_argument(
        "--rules",
        default="anhoej",
        help=f"comma-separated rule sets: {', '.join(RULE_SETS)} (default anhoej)",
    )
    chart.add_argument("--target", type=float, help="target value, on the plotted scale")
    chart.add_argument(
        "--improvement", choices=("higher", "lower"), help="which direction is better"
    )
    chart.add_argument("--title", help="chart title")
    chart.add_argument("--out", help="write the chart to this .png or .svg file")
    chart.add_argument("--data-out", help="write the points table to this .csv or .xlsx file")
    chart.add_argument(
        "--suppress",
        action="store_true",
        help="in the points table show counts 1-4 as <5 and rates from them as * (see PRIVACY.md)",
    )
    chart.add_argument(
        "--allow-identifiable",
        action="store_true",
        help="chart a table that looks like patient-level identifiable data (see PRIVACY.md first)",
    )
    return parser


def _sheet(text: str | None) -> str | int | None:
    """--sheet as a name, or a 1-based number turned into read_table's 0-based index."""
    if text is None or not text.strip().isdigit():
        return text
    number = int(text)
    if number < 1:
        raise InputError(t("cli.error.sheet_zero", text=text))
    return number - 1


def _check_outputs(source: Path, out: str | None, data_out: str | None) -> None:
    """Refuse output paths that would overwrite the input or cannot be written."""
    from academy.exports import TABLE_SUFFIXES

    for output in filter(None, (out, data_out)):
        target = Path(output)
        if target.resolve() == source.resolve() or (
            target.exists() and source.exists() and os.path.samefile(target, source)
        ):
            raise InputError(t("cli.error.output_is_input", output=output))
        if target.is_dir():
            raise InputError(
                t("cli.error.output_is_folder", output=output, example=target / "chart.png")
            )
        if not target.parent.is_dir():
            raise InputError(t("cli.error.no_folder", folder=target.parent))
    if out and Path(out).suffix.lower() not in (".png", ".svg"):
        raise InputError(t("cli.error.image_suffix", out=out))
    if data_out and Path(data_out).suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(t("cli.error.table_suffix", data_out=data_out))


def _notes(result: SPCResult, data: pd.DataFrame, args: argparse.Namespace) -> list[str]:
    """Lines starting "Note:" about combined rows; InputError below 2 points.

    Trial limits (fewer than 20 points) are not a note here: :meth:`SPCResult.explain`
    says so for each phase, and the explorer shows the same sentence.
    """
    import numpy as np

    from academy.spc.chart import PROVISIONAL_BELOW

    points = result.points
    has_value = points["y"].notna().to_numpy()
    usable = int(np.count_nonzero(has_value & points["include"].to_numpy()))
    if usable < 2:
        key = "cli.error.no_point" if usable == 0 else "cli.error.one_point"
        raise InputError(t(key, firm=PROVISIONAL_BELOW))
    notes = []
    if args.x and args.chart not in ("xbar", "s"):
        x = data[args.x]
        repeated = x[x.duplicated() & x.notna()]
        if repeated.size:
            if args.n:
                how = t("cli.note.how_sum_y_n")
            elif args.chart == "c":
                how = t("cli.note.how_sum_counts")
            else:
                how = t("cli.note.how_agg", agg=args.agg)
            key = "cli.note.repeated_one" if repeated.size == 1 else "cli.note.repeated_many"
            notes.append(t(key, count=repeated.size, first=repeated.iloc[0], how=how))
    return notes


def run_chart(args: argparse.Namespace) -> str:
    """Read the file, draw the chart and return the text to print (notes, then the explanation)."""
    from academy.exports import write_table
    from academy.loaders import read_table
    from academy.privacy.suppression import suppress_chart_points
    from academy.spc import chart
    from academy.spc.plot import save_chart
    from academy.spc.prepare import require_denominators

    source = Path(args.file)
    _check_outputs(source, args.out, args.data_out)
    if args.suppress and not args.data_out:
        raise InputError(t("cli.error.suppress_needs_data_out"))
    data = read_table(source, sheet=_sheet(args.sheet))
    rules = tuple(r.strip() for r in args.rules.split(",") if r.strip())
    result = chart(
        data,
        chart=args.chart,
        x=args.x,
        y=args.y,
        n=args.n,
        part=_positions(args.part),
        freeze=_single(args.freeze),
        exclude=_positions(args.exclude),
        multiply=args.multiply,
        screen_mr=args.screen_mr,
        rules=rules,
        target=args.target,
        improvement=args.improvement,
        agg=args.agg,
        title=args.title,
        ylab=args.y,
        xlab=args.x,
        allow_identifiable=args.allow_identifiable,
    )
    if args.n:
        require_denominators(data, args.y, args.n)
    lines = [*_notes(result, data, args), result.explain()]
    try:
        if args.out:
            lines.append(t("cli.chart_written", path=save_chart(result, args.out)))
        if args.data_out:
            table = suppress_chart_points(result) if args.suppress else result.points
            lines.append(t("cli.points_written", path=write_table(table, args.data_out)))
            if args.suppress and args.out:
                lines.append(t("cli.note.suppress_chart"))
    except OSError as error:
        reason = error.strerror or error  # the operating system's words, not translated
        if error.filename:
            message = t("cli.error.cannot_write", name=error.filename, reason=reason)
        else:
            message = t("cli.error.cannot_write_output", reason=reason)
        raise InputError(message) from None
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (0, or 2 for a user's mistake).

    The language chosen (--language, else $ACADEMY_LANGUAGE, else English) is
    set before anything runs, and the one in use before is restored at the end.
    """
    before = get_language()
    set_language(_requested_language(argv))
    try:
        return _run(argv)
    finally:
        set_language(before)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a mistake in the options (2), already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USER_ERROR
    set_language(args.language)
    try:
        if args.command == "chart":
            print(run_chart(args), flush=True)
    except InputError as error:
        print(f"academy: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # the reader stopped early (``academy chart … | head``): not a mistake. Point stdout
        # at devnull so that Python's flush at exit does not fail again (Python docs,
        # "Note on SIGPIPE" in the signal module).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
