"""The ``kpimodel`` command: evaluate a KPI table and print a report, or check a file.

Commands::

    kpimodel report [FILE] [--as-of DATE] [--format table|markdown|json|csv|html]
                    [--lang en|ja] [--color auto|always|never] [--width N] [--explain]
    kpimodel validate FILE
    kpimodel schema
    kpimodel datasets

Exit codes: 0 success; 2 bad input or usage (a one-line message on standard error, never
a traceback); 1 an internal error, which is a bug (the traceback only with ``--debug``).
Output is UTF-8 whatever the locale.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "main"]

#: Success.
EXIT_OK = 0
#: An unexpected exception: a bug in kpimodel.
EXIT_INTERNAL = 1
#: Bad input (a file that cannot be read or is not a valid program) or bad usage.
EXIT_USAGE = 2
#: The dataset ``kpimodel report`` evaluates when no file is given.
DEFAULT_DATASET = "ip-strategic-program-2026"
_PROG = "kpimodel"
_STDIN = "-"


class _UsageError(Exception):
    """A command line argparse refused; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports errors as exceptions, on one line."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: error: {message} (see '{self.prog} --help')")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: use a date such as 2026-03-31 (YYYY-MM-DD)"
        ) from None


def _columns(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid width {text!r}: use a whole number of columns")
    return value


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# --- reading -------------------------------------------------------------------------------


def _read(source: str) -> Any:
    """Read a program from a file, from standard input (``-``), or a bundled dataset."""
    from kpimodel.io import load, loads

    if source == _STDIN:
        return loads(sys.stdin.buffer.read())
    return load(source)


def _source_label(source: str) -> str:
    return "<stdin>" if source == _STDIN else source


# --- commands ------------------------------------------------------------------------------


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


def _width(requested: int | None, stream: TextIO) -> int | None:
    if requested is not None:
        return requested
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size().columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _input_error(exc: Exception, source: str) -> str:
    """Describe an input error in one line: where, what, and how many more problems."""
    label = _source_label(source)
    text = _one_line(str(exc))
    line = f"{_PROG}: error: {text if label in text else f'{label}: {text}'}"
    problems = getattr(exc, "problems", ())
    if len(problems) > 1:
        more = len(problems) - 1
        line += (
            f" (and {more} more {'problem' if more == 1 else 'problems'}: "
            f"'{_PROG} validate {source}' lists them)"
        )
    return line


def _report(args: argparse.Namespace) -> int:
    from kpimodel import datasets
    from kpimodel.errors import KPIModelError
    from kpimodel.evaluation import evaluate
    from kpimodel.render import report

    if args.file is not None and args.dataset is not None:
        raise _UsageError(
            f"{_PROG} report: error: give a FILE or --dataset, not both "
            f"(see '{_PROG} report --help')"
        )
    if args.file is not None:
        try:
            program = _read(args.file)
        except KPIModelError as exc:
            raise _UsageError(_input_error(exc, args.file)) from exc
    else:
        program = datasets.load(args.dataset or DEFAULT_DATASET)
    result = evaluate(program, args.as_of, roll_up=args.roll_up)
    out = sys.stdout
    text = report(
        result,
        args.format,
        lang=args.lang,
        color=args.format == "table" and _use_color(args.color, out),
        width=_width(args.width, out),
        explain=args.explain,
    )
    out.write(text)
    out.flush()
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from kpimodel.errors import KPIModelError
    from kpimodel.evaluation import evaluate

    label = _source_label(args.file)
    try:
        # Evaluating too catches what only an evaluator notices, so that a file that
        # validates also reports.
        evaluate(_read(args.file))
    except KPIModelError as exc:
        problems: Sequence[KPIModelError] = getattr(exc, "problems", None) or (exc,)
        for problem in problems:
            text = _one_line(str(problem))
            print(text if label in text else f"{label}: {text}")
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{_PROG} validate: {label}: {len(problems)} {noun}", file=sys.stderr)
        return EXIT_USAGE
    print("ok")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from kpimodel.io import program_schema

    print(json.dumps(program_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _datasets(args: argparse.Namespace) -> int:
    from kpimodel import datasets

    for name in datasets.names():
        print(name)
    return EXIT_OK


# --- the parser ----------------------------------------------------------------------------


def _parser() -> _Parser:
    from kpimodel import __version__
    from kpimodel.render import FORMATS

    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=_PROG,
        description="Evaluate KPI tables: each KPI to achieved, on-track, behind or no-data, "
        "with the reasoning shown.",
        epilog="Exit codes: 0 success, 2 bad input or usage, 1 internal error (a bug).\n"
        f"Run '{_PROG} COMMAND --help' for a command's options.",
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{_PROG} {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    debug = _Parser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an internal error",
    )
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", parser_class=_Parser, required=True
    )

    report = commands.add_parser(
        "report",
        parents=[debug],
        help="evaluate a program and print a report",
        description="Evaluate every KPI of a program and print the result: a table grouped "
        "by theme with each KPI's target, latest figure, status and reason, and a summary.",
        epilog=f"With no FILE, the bundled dataset {DEFAULT_DATASET!r} is evaluated.\n"
        "Examples:\n"
        f"  {_PROG} report\n"
        f"  {_PROG} report kpis.yaml --as-of 2026-03-31 --lang ja\n"
        f"  {_PROG} report kpis.yaml --format json > result.json",
        formatter_class=formatter,
    )
    report.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a program as YAML or JSON ('-' reads standard input)",
    )
    report.add_argument(
        "--dataset", metavar="NAME", help=f"a bundled dataset (see '{_PROG} datasets')"
    )
    report.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="evaluate as of this date, YYYY-MM-DD (default: the program's as_of, else today)",
    )
    report.add_argument(
        "--format", choices=FORMATS, default="table", help="output format (default: table)"
    )
    report.add_argument(
        "--lang", choices=("en", "ja"), default="en", help="language of the report (default: en)"
    )
    report.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour statuses in the table (auto: only on a terminal, and not when NO_COLOR "
        "is set)",
    )
    report.add_argument(
        "--width",
        type=_columns,
        metavar="N",
        help="table width in columns (default: the terminal's, else 100)",
    )
    report.add_argument(
        "--explain",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="print each KPI's explanation (default: in markdown, not in the table)",
    )
    report.add_argument(
        "--roll-up",
        choices=("worst", "best", "all-assessed"),
        default="worst",
        help="how indicator statuses combine into a KPI's (default: worst)",
    )
    report.set_defaults(handler=_report)

    validate = commands.add_parser(
        "validate",
        parents=[debug],
        help="check that a file is a valid program",
        description="Read a program and evaluate it; print 'ok', or every problem with its "
        "location (file, KPI id, field) and exit with status 2.",
        formatter_class=formatter,
    )
    validate.add_argument(
        "file", metavar="FILE", help="a program as YAML or JSON ('-' reads standard input)"
    )
    validate.set_defaults(handler=_validate)

    schema = commands.add_parser(
        "schema",
        parents=[debug],
        help="print the JSON Schema of the input format",
        description="Print the JSON Schema (draft 2020-12) of a program document.",
    )
    schema.set_defaults(handler=_schema)

    listing = commands.add_parser(
        "datasets",
        parents=[debug],
        help="list the bundled datasets",
        description="List the names of the datasets bundled with kpimodel.",
    )
    listing.set_defaults(handler=_datasets)
    return parser


# --- running -------------------------------------------------------------------------------


def _utf8(stream: Any, errors: str) -> None:
    """Make a text stream write UTF-8 whatever the locale (a no-op when it already does)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = ""
    reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
    if name != "utf-8" and reconfigure is not None:
        reconfigure(encoding="utf-8", errors=errors)


def _fail(message: str) -> None:
    print(_one_line(message), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kpimodel`` command.

    Args:
        argv: The arguments, without the program name (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 success, 2 bad input or usage, 1 internal error.
    """
    from kpimodel.errors import KPIModelError

    arguments = list(sys.argv[1:] if argv is None else argv)
    _utf8(sys.stdout, "strict")
    _utf8(sys.stderr, "backslashreplace")
    debug = "--debug" in arguments
    try:
        args = _parser().parse_args(arguments)
        debug = bool(args.debug)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except _UsageError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except KPIModelError as exc:
        _fail(f"{_PROG}: error: {exc}")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``kpimodel report | head``): stop quietly.
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        _fail(f"{_PROG}: interrupted")
        return 130
    except Exception as exc:
        if debug:
            traceback.print_exc()
        _fail(
            f"{_PROG}: internal error: {type(exc).__name__}: {exc}. This is a bug in kpimodel; "
            "please report it" + ("." if debug else " (run with --debug to see the traceback).")
        )
        return EXIT_INTERNAL


def _silence_stdout() -> None:
    """Point standard output at the null device so that the exit flush does not fail."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
