"""The ``academy`` command: chart your own data from the command line.

    academy chart FILE --chart TYPE --y COL [--x COL] [--n COL] [--sheet NAME|NUMBER]
        [--part K[,K...]] [--freeze K] [--exclude K[,K...]] [--multiply M]
        [--screen-mr | --no-screen-mr] [--agg mean|median|sum] [--rules anhoej,ihi,mdc,...]
        [--target T] [--improvement higher|lower] [--out chart.png|svg] [--data-out points.csv|xlsx]
        [--suppress] [--allow-identifiable]

It prints a plain-language summary of what each rule found, where, and its
source, after any notes (lines starting "Note:") about how the data were read:
limits resting on fewer than 20 points are trial limits (Provost & Murray 2011,
*The Health Care Data Guide*), and rows that share an x value are combined
into one point. A mistake in the command or the data gives one line on standard
error, starting "academy: ", saying what is wrong and how to fix it, and exit
status 2: a file that :func:`academy.loaders.read_table` refuses, a column or
value that :func:`academy.spc.chart` refuses, a row with a y but a blank n
(:func:`academy.spc.prepare.require_denominators`), fewer than 2 points with a
value, an output path that is the input file, a folder or in a folder that does
not exist. The input file is only read, never changed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from academy.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from academy.spc.chart import SPCResult

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line with a pointer to --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USER_ERROR, f"academy: {message} (see '{self.prog} --help')\n")


def _positions(text: str | None) -> list[int | str] | None:
    """Parse "12", "12,24" or "2023-10-01": whole numbers are positions, the rest x values."""
    if text is None:
        return None
    items: list[int | str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            raise InputError(f"empty item in {text!r}: write positions like 12 or 12,24")
        items.append(int(item) if item.isdigit() else item)
    return items


def _single(text: str | None) -> int | str | None:
    values = _positions(text)
    if values is None:
        return None
    if len(values) != 1:
        raise InputError(f"--freeze takes one position or x value, not {text!r}")
    return values[0]


def build_parser() -> argparse.ArgumentParser:
    from academy.spc.limits import CHART_TYPES
    from academy.spc.rules import RULE_SETS

    parser = _Parser(prog="academy", description="Tools of the Academy courseware.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    chart = commands.add_parser(
        "chart",
        help="draw a run or control chart of your own data and explain its signals",
        description=(
            "Draw a run or control chart from a CSV or Excel file and explain what the rules find."
        ),
    )
    chart.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or Windows-1252) or .xlsx file")
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
        raise InputError(f"--sheet {text}: sheets are numbered from 1; give a number or a name")
    return number - 1


def _check_outputs(source: Path, out: str | None, data_out: str | None) -> None:
    """Refuse output paths that would overwrite the input or cannot be written."""
    from academy.exports import TABLE_SUFFIXES

    for output in filter(None, (out, data_out)):
        target = Path(output)
        if target.resolve() == source.resolve() or (
            target.exists() and source.exists() and os.path.samefile(target, source)
        ):
            raise InputError(
                f"{output} is the input file: choose another name so your data are not overwritten"
            )
        if target.is_dir():
            raise InputError(f"{output} is a folder: give a file name, e.g. {target / 'chart.png'}")
        if not target.parent.is_dir():
            raise InputError(
                f"folder {target.parent} does not exist: create it or choose another path"
            )
    if out and Path(out).suffix.lower() not in (".png", ".svg"):
        raise InputError(f"--out {out}: the chart is written as .png or .svg; change the name")
    if data_out and Path(data_out).suffix.lower() not in TABLE_SUFFIXES:
        raise InputError(f"--data-out {data_out}: the points table is written as .csv or .xlsx")


def _rows(count: int) -> str:
    return "1 row repeats" if count == 1 else f"{count} rows repeat"


def _notes(result: SPCResult, data: pd.DataFrame, args: argparse.Namespace) -> list[str]:
    """Lines starting "Note:" about trial limits and combined rows; InputError below 2 points."""
    import numpy as np

    from academy.spc.chart import PROVISIONAL_BELOW

    points = result.points
    has_value = points["y"].notna().to_numpy()
    usable = int(np.count_nonzero(has_value & points["include"].to_numpy()))
    if usable < 2:
        what = "no point has" if usable == 0 else "only 1 point has"
        raise InputError(
            f"{what} a value to chart: a chart needs at least 2 "
            f"(and {PROVISIONAL_BELOW} or more for firm limits); add more periods"
        )
    notes = []
    if args.x and args.chart not in ("xbar", "s"):
        x = data[args.x]
        repeated = x[x.duplicated() & x.notna()]
        if repeated.size:
            if args.n:
                how = "y and n summed"
            elif args.chart == "c":
                how = "counts summed"
            else:
                how = f"y combined by --agg {args.agg}"
            notes.append(
                f"Note: {_rows(repeated.size)} an x value of an earlier row (first: "
                f"{repeated.iloc[0]}); each x is one point ({how}). Check that no period was "
                "entered twice."
            )
    if result.chart == "run":
        return notes
    used = has_value & points["baseline"].to_numpy() & points["include"].to_numpy()
    parts = points["part"].to_numpy()
    for part in np.unique(parts):
        count = int(np.count_nonzero(used[parts == part]))
        if count < PROVISIONAL_BELOW:
            which = f" of phase {part}" if parts[-1] > 1 else ""
            notes.append(
                f"Note: the limits{which} rest on {count} point{'' if count == 1 else 's'}, "
                f"fewer than {PROVISIONAL_BELOW}: "
                "they are trial limits; recalculate them as data accumulate "
                "(Provost & Murray 2011, The Health Care Data Guide)."
            )
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
        raise InputError("--suppress hides small counts in the points table: add --data-out FILE")
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
            lines.append(f"Chart written to {save_chart(result, args.out)}")
        if args.data_out:
            table = suppress_chart_points(result) if args.suppress else result.points
            lines.append(f"Points table written to {write_table(table, args.data_out)}")
            if args.suppress and args.out:
                lines.append(
                    "Note: --suppress applies to the points table only; the chart image still "
                    "shows every value, so check it before you share it."
                )
    except OSError as error:
        raise InputError(
            f"cannot write {error.filename or 'the output'} ({error.strerror or error}): "
            "choose a folder you may write to"
        ) from None
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status (0, or 2 for a user's mistake)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help (0) or a mistake in the options (2), already printed
        return stop.code if isinstance(stop.code, int) else EXIT_USER_ERROR
    try:
        if args.command == "chart":
            print(run_chart(args))
    except InputError as error:
        print(f"academy: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
