"""The ``kpimodel`` command: evaluate a KPI table and print a report, or check a file.

Commands::

    kpimodel report [FILE] [--as-of DATE] [--format table|markdown|json|csv|html|xlsx]
                    [--lang en|ja] [--color auto|always|never] [--width N] [--explain]
                    [--ambiguous-width 1|2] [--fail-on behind|no-data]
                    [--bom] [-o OUT] [--from open-sdg] [table options]
                    [--preset open-sdg|eurostat|destatis|cabinet] [--scale NAME|FILE]
    kpimodel import FILE.csv|FILE.xlsx|DIR [-o OUT.yaml|OUT.json] [table options]
    kpimodel convert IN OUT [--format yaml|json] [--style compact|full] [table options]
    kpimodel validate FILE [--format text|json] [--from open-sdg] [table options]
    kpimodel schema
    kpimodel datasets
    kpimodel site [FILE] -o DIR [--as-of DATE]
    kpimodel diff OLD NEW [--format table|markdown|json|csv|html] [--lang en|ja]
                  [--old-as-of DATE] [--new-as-of DATE] [--no-fallback] [--threshold X]
                  [-o OUT]

Exit codes: 0 success; 2 bad input or usage (a one-line message on standard error, never
a traceback); 1 an internal error, which is a bug (the traceback only with ``--debug``);
3 ``report --fail-on STATUS`` found a KPI with that status or a worse one (the report is
still printed). For gating, statuses are ordered from best to worst as
achieved < on-track < behind < no-data: a KPI whose status cannot be established fails
every gate, since its figures may hide a shortfall.
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
from pathlib import Path
from typing import Any, Literal, NoReturn, TextIO

__all__ = ["EXIT_GATE", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "FAIL_ON", "GATE_ORDER", "main"]

#: Success.
EXIT_OK = 0
#: An unexpected exception: a bug in kpimodel.
EXIT_INTERNAL = 1
#: Bad input (a file that cannot be read or is not a valid program) or bad usage.
EXIT_USAGE = 2
#: ``report --fail-on``: some KPI has the named status or a worse one.
EXIT_GATE = 3
#: The statuses from best to worst, as ``report --fail-on`` ranks them.
GATE_ORDER = ("achieved", "on-track", "behind", "no-data")
#: The statuses ``--fail-on`` accepts.
FAIL_ON = ("behind", "no-data")
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
    from kpimodel.io import load, loads, read_limited

    if source == _STDIN:
        # The document limit applies while reading: `kpimodel report - < /dev/zero` stops.
        return loads(read_limited(sys.stdin.buffer, "<stdin>"))
    return load(source)


def _source_label(source: str) -> str:
    return "<stdin>" if source == _STDIN else source


def _pairs(values: Sequence[str] | None, option: str) -> dict[str, str] | None:
    """Read repeated ``NAME=VALUE`` options (``--column kpi=KPI名``) into a mapping."""
    if not values:
        return None
    pairs: dict[str, str] = {}
    for value in values:
        name, equals, text = value.partition("=")
        if not equals or not name.strip():
            raise _UsageError(
                f"{_PROG}: error: {option} {value!r}: write NAME=VALUE (see '{_PROG} --help')"
            )
        pairs[name.strip()] = text.strip()
    return pairs


def _read_input(args: argparse.Namespace) -> Any:
    """Read the program ``report`` and ``import`` work on: a document, a table or Open SDG."""
    from kpimodel import readers

    source = args.file
    table_options = (args.mapping, args.layout, args.sheet, args.column, args.title, args.encoding)
    if args.source == "open-sdg":
        if any(option is not None for option in table_options):
            raise _UsageError(
                f"{_PROG}: error: the table options (--mapping, --layout, --sheet, --column, "
                "--title, --encoding) do not apply to --from open-sdg"
            )
        return readers.open_sdg(source, units=_pairs(args.unit, "--unit") or {})
    if args.unit:
        raise _UsageError(f"{_PROG}: error: --unit applies to --from open-sdg only")
    if source != _STDIN and readers.is_table(source):
        mapping = readers.load_mapping(args.mapping) if args.mapping else readers.TableMapping()
        mapping = mapping.merged(
            layout=args.layout,
            sheet=args.sheet,
            title=args.title,
            columns=_pairs(args.column, "--column"),
        )
        return readers.read_table(source, mapping, encoding=args.encoding)
    if any(option is not None for option in table_options):
        raise _UsageError(
            f"{_PROG}: error: the table options (--mapping, --layout, --sheet, --column, "
            "--title, --encoding) apply to .csv and .xlsx files only"
        )
    return _read(source)


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading tables and Open SDG data")
    group.add_argument(
        "--from",
        dest="source",
        choices=("document", "open-sdg"),
        default="document",
        help="what FILE is: a KPI document or table (default; .csv and .xlsx are tables), "
        "or an Open SDG data repository (a directory)",
    )
    group.add_argument("--mapping", metavar="FILE", help="a column-mapping file (YAML)")
    group.add_argument(
        "--layout",
        choices=("wide", "long"),
        help="wide: one row per KPI (default); long: one row per KPI and period",
    )
    group.add_argument("--sheet", metavar="NAME", help="the workbook sheet (default: the first)")
    group.add_argument(
        "--column",
        action="append",
        metavar="FIELD=HEADER",
        help="read FIELD (kpi, target, latest...) from the column headed HEADER (repeatable)",
    )
    group.add_argument("--title", metavar="TEXT", help="the program's title (default: the file)")
    group.add_argument(
        "--encoding",
        metavar="NAME",
        help="the encoding of a CSV file (default: UTF-8, with or without BOM; cp932 for "
        "files saved by Japanese Excel); never guessed",
    )
    group.add_argument(
        "--unit",
        action="append",
        metavar="LABEL=UNIT",
        help="with --from open-sdg: the kpimodel unit of a Units label (repeatable)",
    )


def _write_output(data: str | bytes, output: str | None, stream: TextIO) -> None:
    """Write a report or a document to a file, or to standard output."""
    if output is not None:
        path = Path(output)
        try:
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8", newline="")
        except OSError as exc:
            raise _UsageError(
                f"{_PROG}: error: cannot write {output}: {exc.strerror or exc}"
            ) from exc
        return
    if isinstance(data, bytes):
        isatty = getattr(stream, "isatty", None)
        if isatty is not None and isatty():
            raise _UsageError(
                f"{_PROG}: error: a workbook is binary: write it with -o FILE.xlsx or "
                "redirect standard output to a file"
            )
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
        return
    stream.write(data)
    stream.flush()


def _import(args: argparse.Namespace) -> int:
    from kpimodel import readers
    from kpimodel.errors import KPIModelError

    fmt: Literal["yaml", "json"] = args.format or (
        "json" if (args.output or "").lower().endswith(".json") else "yaml"
    )
    try:
        if args.source == "open-sdg":
            if (
                args.mapping
                or args.layout
                or args.sheet
                or args.column
                or args.encoding
                or (args.title)
            ):
                raise _UsageError(
                    f"{_PROG}: error: the table options (--mapping, --layout, --sheet, "
                    "--column, --title, --encoding) do not apply to --from open-sdg"
                )
            document = readers.open_sdg_document(args.file, units=_pairs(args.unit, "--unit") or {})
        else:
            if args.unit:
                raise _UsageError(f"{_PROG}: error: --unit applies to --from open-sdg only")
            if not readers.is_table(args.file):
                raise _UsageError(
                    f"{_PROG} import: error: {args.file} is not a table: give a .csv or .xlsx "
                    "file, or --from open-sdg DIR"
                )
            mapping = readers.load_mapping(args.mapping) if args.mapping else readers.TableMapping()
            mapping = mapping.merged(
                layout=args.layout,
                sheet=args.sheet,
                title=args.title,
                columns=_pairs(args.column, "--column"),
            )
            document = readers.table_document(args.file, mapping, encoding=args.encoding)
        text = readers.document_text(document, fmt)
    except KPIModelError as exc:
        raise _UsageError(_input_error(exc, args.file)) from exc
    except ImportError as exc:
        raise _UsageError(f"{_PROG}: error: {exc}") from exc
    _write_output(text, args.output, sys.stdout)
    return EXIT_OK


def _convert(args: argparse.Namespace) -> int:
    from kpimodel.errors import KPIModelError
    from kpimodel.io import dumps

    output = None if args.output == _STDIN else args.output
    fmt: Literal["yaml", "json"] = args.format or (
        "json" if (output or "").lower().endswith(".json") else "yaml"
    )
    try:
        program = _read_input(args)
    except KPIModelError as exc:
        raise _UsageError(_input_error(exc, _source_label(args.file))) from exc
    except ImportError as exc:
        raise _UsageError(f"{_PROG}: error: {exc}") from exc
    _write_output(dumps(program, fmt, style=args.style), output, sys.stdout)
    return EXIT_OK


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


def _scale(text: str | None) -> Any:
    # A scale by name, or a user's scale from a YAML file.
    if text is None:
        return None
    from kpimodel.evaluation.scales import load_scale, scale_for

    if text.endswith((".yaml", ".yml")):
        return load_scale(text)
    return scale_for(text)


def _report(args: argparse.Namespace) -> int:
    from kpimodel import datasets
    from kpimodel.errors import InvalidScaleError, KPIModelError, UnknownPresetError
    from kpimodel.evaluation import evaluate
    from kpimodel.render import report
    from kpimodel.render._width import ambiguous_width_from_environment

    if args.file is not None and args.dataset is not None:
        raise _UsageError(
            f"{_PROG} report: error: give a FILE or --dataset, not both "
            f"(see '{_PROG} report --help')"
        )
    if args.bom and args.format != "csv":
        raise _UsageError(f"{_PROG} report: error: --bom applies to --format csv only")
    if args.file is not None:
        try:
            program = _read_input(args)
        except KPIModelError as exc:
            raise _UsageError(_input_error(exc, args.file)) from exc
        except ImportError as exc:
            raise _UsageError(f"{_PROG}: error: {exc}") from exc
    elif args.source == "open-sdg":
        raise _UsageError(f"{_PROG} report: error: --from open-sdg needs the repository DIR")
    else:
        program = datasets.load(args.dataset or DEFAULT_DATASET)
    ambiguous = args.ambiguous_width
    if ambiguous is None:
        try:
            ambiguous = ambiguous_width_from_environment()
        except ValueError as exc:
            raise _UsageError(f"{_PROG} report: error: {exc}") from None
    try:
        scale = _scale(args.scale)
        result = evaluate(
            program,
            args.as_of,
            roll_up=args.roll_up,
            method=args.method,
            preset=args.preset,
            scale=scale,
        )
    except (UnknownPresetError, InvalidScaleError) as exc:
        raise _UsageError(f"{_PROG} report: error: {exc}") from exc
    out = sys.stdout
    lang = args.lang or _document_language(program)
    if args.format == "xlsx":
        from kpimodel.render import to_xlsx

        try:
            workbook = to_xlsx(result, lang=lang)
        except ImportError as exc:
            raise _UsageError(f"{_PROG}: error: {exc}") from exc
        _write_output(workbook, args.output, out)
        return EXIT_OK
    text = report(
        result,
        args.format,
        lang=lang,
        color=args.format == "table" and args.output is None and _use_color(args.color, out),
        width=_width(args.width, out),
        explain=args.explain,
        ambiguous=ambiguous,
    )
    if args.bom:
        text = "\ufeff" + text  # Excel reads UTF-8 CSV without a BOM as the local code page
    _write_output(text, args.output, out)
    if args.fail_on is None:
        return EXIT_OK
    return _gate([(kpi.kpi_id, kpi.status.value) for kpi in result.kpis], args.fail_on)


def _document_language(program: Any) -> str:
    """The language the document is written in (see :func:`kpimodel.render.document_language`)."""
    from kpimodel.render import document_language

    return document_language(program)


def _gate(statuses: Sequence[tuple[str, str]], fail_on: str) -> int:
    """Return :data:`EXIT_GATE` (and say why) when a KPI is at ``fail_on`` or worse."""
    floor = GATE_ORDER.index(fail_on)
    failing = [kpi for kpi, status in statuses if GATE_ORDER.index(status) >= floor]
    if not failing:
        return EXIT_OK
    noun = "KPI is" if len(failing) == 1 else "KPIs are"
    shown = ", ".join(failing[:10]) + (
        f" and {len(failing) - 10} more" if len(failing) > 10 else ""
    )
    worse = "" if fail_on == GATE_ORDER[-1] else " or worse"
    print(
        f"{_PROG} report: --fail-on {fail_on}: {len(failing)} {noun} {fail_on}{worse}: {shown}",
        file=sys.stderr,
    )
    return EXIT_GATE


def _validate(args: argparse.Namespace) -> int:
    from kpimodel.errors import KPIModelError
    from kpimodel.evaluation import evaluate

    label = _source_label(args.file)
    try:
        # Evaluating too catches what only an evaluator notices, so that a file that
        # validates also reports.
        evaluate(_read_input(args))
    except ImportError as exc:
        raise _UsageError(f"{_PROG}: error: {exc}") from exc
    except KPIModelError as exc:
        problems: Sequence[KPIModelError] = getattr(exc, "problems", None) or (exc,)
        if args.format == "json":
            lines = _kpi_lines(args.file)
            _print_json([_problem(problem, label, lines) for problem in problems])
        else:
            for problem in problems:
                text = _one_line(str(problem))
                print(text if label in text else f"{label}: {text}")
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"{_PROG} validate: {label}: {len(problems)} {noun}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        _print_json([])
    else:
        print("ok")
    return EXIT_OK


def _kpi_lines(source: str) -> dict[tuple[str, str], int]:
    """Map ``(kpi id, field path)`` to the 1-based line where the document writes it.

    The KPI's own line is under the empty path. Only what the document spells out is
    mapped (a field the reader derived, such as ``indicators.0`` of a KPI written without
    indicators, gets the KPI's line); a document that cannot be composed maps nothing.
    """
    import yaml

    if source == _STDIN:
        return {}
    try:
        with open(source, encoding="utf-8") as handle:
            root = yaml.compose(handle, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    lines: dict[tuple[str, str], int] = {}

    def walk(node: yaml.Node, kpi: str, path: str) -> None:
        lines.setdefault((kpi, path), node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                walk(child, kpi, f"{path}.{key.value}".lstrip("."))
        elif isinstance(node, yaml.SequenceNode):
            for number, child in enumerate(node.value):
                walk(child, kpi, f"{path}.{number}".lstrip("."))

    def children(node: yaml.Node | None, key: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            return []
        for name, child in node.value:
            if name.value == key and isinstance(child, yaml.SequenceNode):
                return list(child.value)
        return []

    for theme in children(root, "themes"):
        for kpi in children(theme, "kpis"):
            if not isinstance(kpi, yaml.MappingNode):
                continue
            ids = [v.value for k, v in kpi.value if k.value == "id" and isinstance(v.value, str)]
            if ids:
                walk(kpi, ids[0], "")
    return lines


def _problem(problem: Exception, label: str, lines: dict[tuple[str, str], int]) -> dict[str, Any]:
    """Describe one problem as ``validate --format json`` lists it (unknowns are null)."""
    value = getattr(problem, "value", None) if getattr(problem, "_has_value", False) else None
    if value is not None and not isinstance(value, (str, int, float, bool)):
        value = str(value)
    line = getattr(problem, "line", None)
    kpi = getattr(problem, "kpi_id", None)
    field = getattr(problem, "field", None)
    if line is not None and field and field.startswith("line "):
        field = None  # a syntax error's "field" is only its position, given as line/column
    if line is None and kpi is not None:
        line = lines.get((kpi, field or ""), lines.get((kpi, "")))
    return {
        "file": label,
        "line": line,
        "column": getattr(problem, "column", None),
        "kpi": kpi,
        "field": field,
        "value": value,
        "message": _one_line(getattr(problem, "message", None) or str(problem)),
        "error": type(problem).__name__,
    }


def _print_json(data: Any) -> None:
    import json

    print(json.dumps(data, ensure_ascii=False, indent=2))


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


def _site(args: argparse.Namespace) -> int:
    from kpimodel import datasets
    from kpimodel.errors import KPIModelError

    if args.file is not None and args.dataset is not None:
        raise _UsageError(
            f"{_PROG} site: error: give a FILE or --dataset, not both (see '{_PROG} site --help')"
        )
    from kpimodel.integrations.site import site

    if args.file is not None:
        try:
            program = _read(args.file)
        except KPIModelError as exc:
            raise _UsageError(_input_error(exc, args.file)) from exc
    else:
        program = datasets.load(args.dataset or DEFAULT_DATASET)
    try:
        index = site(args.output, program, as_of=args.as_of, roll_up=args.roll_up)
    except ImportError as exc:  # the site extra is missing: the message names it
        raise _UsageError(f"{_PROG} site: error: {_one_line(str(exc))}") from exc
    print(f"wrote {index}")
    return EXIT_OK


def _add_site(commands: Any, debug: _Parser) -> None:
    command = commands.add_parser(
        "site",
        parents=[debug],
        help="write a static report site (needs the site extra)",
        description="Evaluate a program and write a static site into DIR: an overview page "
        "(statuses per theme, a chart, a sortable and filterable table of every KPI) and one "
        "page per KPI (its trajectory chart, its explanation, every figure with its source "
        "sentence), in English and Japanese. The site works offline: open DIR/index.html.",
        epilog=f"With no FILE, the bundled dataset {DEFAULT_DATASET!r} is used.\n"
        'Needs the site extra; from the kpimodel checkout: pip install -e ".[site]"\n'
        "Examples:\n"
        f"  {_PROG} site -o public\n"
        f"  {_PROG} site kpis.yaml --as-of 2026-03-31 -o public",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a program as YAML or JSON ('-' reads standard input)",
    )
    command.add_argument(
        "--dataset", metavar="NAME", help=f"a bundled dataset (see '{_PROG} datasets')"
    )
    command.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="the folder to write the site into"
    )
    command.add_argument(
        "--as-of",
        type=_date,
        metavar="DATE",
        help="evaluate as of this date, YYYY-MM-DD (default: the program's as_of, else today)",
    )
    command.add_argument(
        "--roll-up",
        choices=("worst", "best", "all-assessed"),
        default="worst",
        help="how indicator statuses combine into a KPI's (default: worst)",
    )
    command.set_defaults(handler=_site)


def _diff(args: argparse.Namespace) -> int:
    from kpimodel import datasets
    from kpimodel.errors import KPIModelError
    from kpimodel.evaluation import diff
    from kpimodel.render import render_diff

    programs = []
    for source in (args.old, args.new):
        # A file, or else the name of a bundled dataset (`kpimodel datasets` lists them).
        bundled = source != _STDIN and not Path(source).exists()
        try:
            if bundled and source in datasets.names():
                programs.append(datasets.load(source))
            else:
                programs.append(_read(source))
        except KPIModelError as exc:
            raise _UsageError(_input_error(exc, source)) from exc
    old, new = programs
    result = diff(
        old,
        new,
        old_as_of=args.old_as_of,
        new_as_of=args.new_as_of,
        fallback=args.fallback,
        threshold=args.threshold,
    )
    lang = args.lang or _document_language(new)
    _write_output(render_diff(result, args.format, lang=lang), args.output, sys.stdout)
    return EXIT_OK


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            f"invalid threshold {text!r}: use a similarity above 0 and at most 1, such as 0.6"
        )
    return value


def _add_diff(commands: Any, debug: _Parser) -> None:
    command = commands.add_parser(
        "diff",
        parents=[debug],
        help="list what changed between two editions of a program",
        description="Compare two editions of a program: KPIs added, removed or reworded; "
        "targets set or revised; baselines revised; figures added, revised or removed (with "
        "both values); and status changes with both reasons, grouped by theme. KPIs are "
        "matched by id, then (unless --no-fallback) by title similarity; every match by "
        "title is reported.",
        epilog="Examples:\n"
        f"  {_PROG} diff kpis-2025.yaml kpis-2026.yaml\n"
        f"  {_PROG} diff kpis-2025.yaml kpis-2026.yaml --format json -o changes.json\n"
        f"  {_PROG} diff examples/ip-strategic-program-2025.yaml {DEFAULT_DATASET}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "old",
        metavar="OLD",
        help="the earlier edition: a YAML or JSON file, or a bundled dataset's name",
    )
    command.add_argument(
        "new",
        metavar="NEW",
        help="the later edition: a YAML or JSON file, or a bundled dataset's name",
    )
    command.add_argument(
        "--format",
        choices=("table", "markdown", "json", "csv", "html"),
        default="table",
        help="output format (default: table, plain text)",
    )
    command.add_argument(
        "--lang",
        choices=("en", "ja"),
        default=None,
        help="language of the output (default: the new edition's)",
    )
    for side in ("old", "new"):
        command.add_argument(
            f"--{side}-as-of",
            type=_date,
            metavar="DATE",
            help=f"evaluate the {side} edition as of this date, YYYY-MM-DD (default: its "
            "as_of, else today)",
        )
    command.add_argument(
        "--no-fallback",
        dest="fallback",
        action="store_false",
        help="match KPIs by id only (default: KPIs left unmatched are matched by title)",
    )
    command.add_argument(
        "--threshold",
        type=_threshold,
        default=0.6,
        metavar="X",
        help="the least title similarity (0 to 1) of a match by title (default: 0.6)",
    )
    command.add_argument("-o", "--output", metavar="OUT", help="write to OUT, not standard output")
    command.set_defaults(handler=_diff)


# --- the parser ----------------------------------------------------------------------------


def _report_arguments(report: _Parser) -> None:
    """Add the options of ``report``, which need the render layer (imported here)."""
    from kpimodel.render import FORMATS

    report.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="a program as YAML or JSON ('-' reads standard input), a .csv or .xlsx table, "
        "or with --from open-sdg an Open SDG data repository",
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
        "--format",
        choices=(*FORMATS, "xlsx"),
        default="table",
        help="output format (default: table; xlsx writes an Excel workbook)",
    )
    report.add_argument(
        "--lang",
        choices=("en", "ja"),
        default=None,
        help="language of the report (default: the document's: its 'language:' field, else "
        "the language of its titles)",
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
        "--ambiguous-width",
        type=int,
        choices=(1, 2),
        metavar="1|2",
        help="columns an East Asian ambiguous-width character (such as … ≥ └ →) takes in "
        "the table: 2 for terminals set to 'ambiguous = wide' (default: "
        "$KPIMODEL_AMBIGUOUS_WIDTH, else 1)",
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
    report.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        metavar="STATUS",
        help="exit with status 3 when any KPI is STATUS or worse (behind or no-data; "
        "order: achieved < on-track < behind < no-data)",
    )
    report.add_argument(
        "--method",
        choices=("pace", "path", "projection"),
        default=None,
        help="the evaluation method for every target with a figure to reach, over the "
        "document's 'evaluation:' settings (default: the document's, else pace)",
    )
    report.add_argument(
        "--bom",
        action="store_true",
        help="with --format csv: start with a UTF-8 byte order mark, so that Excel reads it",
    )
    report.add_argument("-o", "--output", metavar="OUT", help="write to OUT, not standard output")
    _add_input_options(report)

    report.add_argument(
        "--preset",
        choices=("open-sdg", "eurostat", "destatis", "cabinet"),
        default=None,
        help="evaluate with an institution's rule instead of kpimodel's (see docs/presets.md); "
        "its status scale rates every result",
    )
    report.add_argument(
        "--scale",
        metavar="NAME|FILE",
        default=None,
        help="rate every result on a status scale: open-sdg, eurostat, destatis, cabinet, rag, "
        "or a YAML file defining one (see docs/scales.md)",
    )


def _command(arguments: Sequence[str]) -> str | None:
    """Return the command a command line names: its first argument that is not an option.

    (The top-level options take no values.)
    """
    return next((a for a in arguments if not a.startswith("-")), None)


def _parser(arguments: Sequence[str] = ("report",)) -> _Parser:
    """Build the parser; a command's options are added only when that command runs.

    ``kpimodel --help`` (or ``validate``, ``schema``...) so never imports the render layer.
    """
    from kpimodel import __version__

    wanted = _command(arguments)

    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=_PROG,
        description="Evaluate KPI tables: each KPI to achieved, on-track, behind or no-data, "
        "with the reasoning shown.",
        epilog="Exit codes: 0 success, 2 bad input or usage, 1 internal error (a bug), "
        "3 report --fail-on found a KPI at that status or worse.\n"
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
    if wanted == "report":
        _report_arguments(report)
    report.set_defaults(handler=_report)

    importer = commands.add_parser(
        "import",
        parents=[debug],
        help="turn a spreadsheet, CSV file or Open SDG data into a KPI document",
        description="Read a KPI table (.csv or .xlsx: one row per KPI, or long, one row per "
        "KPI and period) or an Open SDG data repository, and write it as a KPI document "
        "(YAML, or JSON) that 'kpimodel report' reads.",
        epilog="Examples:\n"
        f"  {_PROG} import kpis.xlsx -o kpis.yaml\n"
        f"  {_PROG} import kpis.csv --encoding cp932 --column kpi=KPI名 -o kpis.yaml\n"
        f"  {_PROG} import series.csv --layout long -o series.json\n"
        f"  {_PROG} import --from open-sdg ./sdg-data -o sdg.yaml",
        formatter_class=formatter,
    )
    importer.add_argument(
        "file", metavar="FILE", help="a .csv or .xlsx table (or a directory with --from open-sdg)"
    )
    importer.add_argument(
        "-o", "--output", metavar="OUT", help="write to OUT (.yaml or .json; default: stdout)"
    )
    importer.add_argument(
        "--format", choices=("yaml", "json"), help="the document's format (default: by OUT)"
    )
    _add_input_options(importer)
    importer.set_defaults(handler=_import)

    converter = commands.add_parser(
        "convert",
        parents=[debug],
        help="rewrite a program as YAML or JSON, in the compact form a person writes",
        description="Read a program (YAML or JSON, a .csv or .xlsx table, or Open SDG data) "
        "and write it as a KPI document. The compact style (default) writes periods and "
        "figures as the table prints them and single-indicator KPIs flat; the full style "
        "writes every field of the model. Either reads back to the same program.",
        epilog="Examples:\n"
        f"  {_PROG} convert kpis.json kpis.yaml\n"
        f"  {_PROG} convert kpis.yaml - --format json --style full",
        formatter_class=formatter,
    )
    converter.add_argument("file", metavar="IN", help="the program ('-' reads standard input)")
    converter.add_argument(
        "output", metavar="OUT", help="the file to write, .yaml or .json ('-': standard output)"
    )
    converter.add_argument(
        "--format", choices=("yaml", "json"), help="the output format (default: by OUT; yaml)"
    )
    converter.add_argument(
        "--style",
        choices=("compact", "full"),
        default="compact",
        help="compact: as a person writes it (default); full: every field of the model",
    )
    _add_input_options(converter)
    converter.set_defaults(handler=_convert)

    validate = commands.add_parser(
        "validate",
        parents=[debug],
        help="check that a file is a valid program",
        description="Read a program and evaluate it; print 'ok', or every problem with its "
        "location (file, KPI id, field) and exit with status 2.",
        formatter_class=formatter,
    )
    validate.add_argument(
        "file",
        metavar="FILE",
        help="a program as YAML or JSON ('-' reads standard input), a .csv or .xlsx table, "
        "or with --from open-sdg an Open SDG data repository",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: one line per problem, or 'ok'; json: a list of problems, each with "
        "file, line, column, kpi, field, value, message and error (null where unknown; "
        "[] when valid) (default: text)",
    )
    _add_input_options(validate)
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
    _add_site(commands, debug)
    _add_diff(commands, debug)
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
        args = _parser(arguments).parse_args(arguments)
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
