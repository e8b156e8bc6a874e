"""The ``academy`` command: chart your own data from the command line.

    academy chart FILE --chart TYPE --y COL [--x COL] [--n COL] [--part K[,K...]] [--freeze K]
        [--exclude K[,K...]] [--multiply M] [--screen-mr | --no-screen-mr] [--agg mean|median|sum]
        [--rules anhoej,ihi,mdc,...] [--target T] [--improvement higher|lower]
        [--out chart.png|svg] [--data-out points.csv]

It prints a plain-language summary of what each rule found, where, and its
source. A mistake in the command or the data gives one line on standard error,
saying what is wrong and how to fix it, and exit status 2. The input file is
only read, never changed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from academy.errors import InputError

EXIT_USER_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line with a pointer to --help."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USER_ERROR, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _positions(text: str | None) -> list[int | str] | None:
    """Parse "12" or "12,24" or "2023-10-01": whole numbers are positions, anything else an x value."""
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
        description="Draw a run or control chart from a CSV or Excel file and explain what the rules find.",
    )
    chart.add_argument("file", help="CSV (UTF-8, UTF-8 with BOM or Windows-1252) or .xlsx file")
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
    chart.add_argument("--data-out", help="write the points table to this .csv file")
    return parser


def _check_outputs(source: Path, *outputs: str | None) -> None:
    for output in filter(None, outputs):
        target = Path(output)
        if target.resolve() == source.resolve():
            raise InputError(
                f"{output} is the input file: choose another name so your data are not overwritten"
            )
        if not target.parent.exists():
            raise InputError(
                f"folder {target.parent} does not exist: create it or choose another path"
            )


def run_chart(args: argparse.Namespace) -> str:
    from academy.exports import write_csv
    from academy.loaders import read_table
    from academy.spc import chart
    from academy.spc.plot import save_chart

    source = Path(args.file)
    _check_outputs(source, args.out, args.data_out)
    if args.data_out and Path(args.data_out).suffix.lower() != ".csv":
        raise InputError(f"--data-out {args.data_out}: the points table is written as .csv")
    data = read_table(source)
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
    )
    lines = [result.explain()]
    if args.out:
        lines.append(f"Chart written to {save_chart(result, args.out)}")
    if args.data_out:
        lines.append(f"Points table written to {write_csv(result.points, args.data_out)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "chart":
            print(run_chart(args))
    except InputError as error:
        print(f"academy: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
