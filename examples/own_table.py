"""Evaluate a KPI table of your own: read it from YAML, evaluate it, print the result.

Usage::

    python examples/own_table.py [TABLE.yaml] [--as-of YYYY-MM-DD] [--lang en|ja]

Without arguments it evaluates ``own_table.yaml`` beside this file (a fictional city's
plan) at the table's own ``as_of`` date and prints a table with the reason for each
status and the counts. Errors in the table are printed as kpimodel reports them, naming the KPI,
the field and the offending value.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import kpimodel

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Evaluate the table named on the command line and print the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", nargs="?", default=HERE / "own_table.yaml", type=Path)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--lang", choices=("en", "ja"), default="en")
    args = parser.parse_args(argv)

    try:
        program = kpimodel.load(args.table)
    except kpimodel.KPIModelError as error:
        print(f"{args.table}: {error}", file=sys.stderr)
        return 1

    result = kpimodel.evaluate(program, args.as_of)
    print(kpimodel.to_table(result, lang=args.lang, explain=True), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
