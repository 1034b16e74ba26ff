"""Reading and writing programs as YAML or JSON, safely and losslessly.

YAML is read with a strict safe loader: no tags (``!!python/object/apply``, ``!!binary``,
``!!set``...), no anchors or aliases (which "billion laughs" documents abuse), no merge
keys, no keys other than text, and no duplicate keys (PyYAML would silently keep the last
one and lose data). JSON objects may not repeat a key either. Numbers are read exactly, as
``Decimal`` (``0.1`` stays ``0.1``). Every failure becomes a
:class:`~kpimodel.errors.KPIModelError` naming the KPI id, the field and the value (or the
line and column); pydantic's and PyYAML's exceptions never escape undressed. Reading never
runs code from the data and never touches the network.

Documented limits (see ``docs/limits.md``), each refused with a
:class:`~kpimodel.errors.LimitExceededError`: documents up to :data:`MAX_FILE_BYTES`,
nesting up to :data:`MAX_DEPTH` levels, strings up to :data:`MAX_STRING_CHARS` characters
(200 for ids, units, periods and figures), numbers within ``1e±``:data:`MAX_NUMBER_DIGITS`,
up to :data:`~kpimodel.model.MAX_OBSERVATIONS` observations per series.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, NoReturn, TypeVar

import yaml
from pydantic import ValidationError

from kpimodel.errors import (
    DocumentSyntaxError,
    FileReadError,
    InputError,
    KPIModelError,
    LimitExceededError,
    PeriodParseError,
    SchemaError,
    UnknownTargetKindError,
)
from kpimodel.model import MAX_OBSERVATIONS, Program, target_kinds

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_STRING_CHARS",
    "Format",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_program",
    "program_schema",
]

#: The largest document :func:`load` and :func:`loads` read, in bytes (or characters).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The deepest nesting of mappings and lists a document may have.
MAX_DEPTH = 32
#: The longest string (value or key) a document may hold; fields may set lower limits.
MAX_STRING_CHARS = 10_000
#: Numbers in a document must lie within 1e±MAX_NUMBER_DIGITS (figures: see
#: :data:`kpimodel.units._values.MAX_EXPONENT`, a tighter limit).
MAX_NUMBER_DIGITS = 1000

Format = Literal["yaml", "json"]
_E = TypeVar("_E", bound=InputError)

_YAML_CORE = "tag:yaml.org,2002:"
# Explicit tags that only restate a type the document could have had anyway.
_ALLOWED_TAGS = frozenset(
    {None, "!"}
    | {_YAML_CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}
)
_MERGE_TAG = _YAML_CORE + "merge"
# Fields typed as a period (a union discriminated by ``kind``) and as a target.
_PERIOD_FIELDS = frozenset({"period", "since", "deadline"})
# The keys of a KPI written flat, which the model moves into its single indicator.
_FLAT_KEYS = frozenset({"target", "observations", "references", "series"})
_PERIOD_KINDS = frozenset(
    {"calendar_year", "fiscal_year", "quarter", "month", "day", "span", "range"}
)
_TYPE_NAMES = {
    "list": "a list",
    "str": "a text",
    "int": "a number",
    "float": "a number",
    "Decimal": "a number",
    "bool": "a boolean",
    "NoneType": "empty (null)",
}


def _quote(text: Any, limit: int = 60) -> str:
    """Quote a value from the document for a message, cut to a readable length."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def _mark(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _at(error: _E, mark: Any) -> _E:
    error.line, error.column = mark.line + 1, mark.column + 1
    return error


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses tags, aliases, merge keys, deep nesting and duplicate keys."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _at(
                DocumentSyntaxError(
                    "YAML aliases (*name) are not allowed in KPI documents",
                    field=_mark(event.start_mark),
                    value=event.anchor,
                ),
                event.start_mark,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise _at(
                DocumentSyntaxError(
                    "YAML anchors (&name) are not allowed in KPI documents",
                    field=_mark(event.start_mark),
                    value=event.anchor,
                ),
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            shown = "!!" + tag.removeprefix(_YAML_CORE) if tag.startswith(_YAML_CORE) else tag
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise _at(
                DocumentSyntaxError(
                    f"YAML tags such as {shown} are not allowed in KPI documents "
                    "(write plain values; kpimodel never builds objects from tags)",
                    field=_mark(event.start_mark),
                    value=shown,
                ),
                event.start_mark,
            )
        if not isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _at(
                    LimitExceededError(
                        f"the document nests deeper than {MAX_DEPTH} levels",
                        field=_mark(event.start_mark),
                        value=self._depth,
                    ),
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys: set[str] = set()
        for key_node, _ in node.value:
            where = key_node.start_mark
            if key_node.tag == _MERGE_TAG:
                raise _at(
                    DocumentSyntaxError(
                        "YAML merge keys (<<) are not allowed in KPI documents",
                        field=_mark(where),
                        value="<<",
                    ),
                    where,
                )
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                kind = _TYPE_NAMES.get(type(key).__name__, f"a {type(key).__name__}")
                shown = key if isinstance(key, bool | int | float | None) else type(key).__name__
                raise _at(
                    DocumentSyntaxError(
                        f"a key must be text, not {kind} (quote keys such as on, no, 1 or ~)",
                        field=_mark(where),
                        value=shown,
                    ),
                    where,
                )
            if key in keys:
                raise _at(
                    DocumentSyntaxError(
                        f"duplicate key {_quote(key)} (YAML would silently keep only the last "
                        "value)",
                        field=_mark(where),
                        value=key,
                    ),
                    where,
                )
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


def _construct_float(loader: yaml.SafeLoader, node: Any) -> Any:
    # Read floats exactly, as JSON is read: 0.1 stays Decimal("0.1"), 1.0e+400 stays finite
    # (and is then refused with the KPI and the field). .nan and .inf become floats, which
    # the tree check refuses with the KPI and the field too.
    text = str(loader.construct_scalar(node)).replace("_", "")
    if ":" not in text and "inf" not in text.lower() and "nan" not in text.lower():
        try:
            return Decimal(text)
        except InvalidOperation:
            raise _at(
                LimitExceededError(
                    f"number {text[:40]!r} is out of range", field=_mark(node.start_mark)
                ),
                node.start_mark,
            ) from None
    return loader.construct_yaml_float(node)


def _construct_int(loader: yaml.SafeLoader, node: Any) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    digits = text.lstrip("+-")
    if digits.isascii() and digits.isdigit() and len(digits) > MAX_NUMBER_DIGITS:
        # Python refuses to read such integers from text; keep it exact and let the tree
        # check refuse it with the KPI and the field.
        return Decimal(text)
    try:
        return loader.construct_yaml_int(node)
    except ValueError as exc:
        raise _at(
            LimitExceededError(
                f"number {text[:40]!r} is out of range", field=_mark(node.start_mark)
            ),
            node.start_mark,
        ) from exc


_StrictLoader.add_constructor(_YAML_CORE + "float", _construct_float)
_StrictLoader.add_constructor(_YAML_CORE + "int", _construct_int)

# Timestamps stay strings: the model reads dates itself, and PyYAML would turn "2025-06-30"
# into a date but "2025-06" into a string, an inconsistency users should not see.
_StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _number_text(text: str) -> Decimal:
    # JSON numbers keep their exact digits: 0.1 stays Decimal("0.1").
    try:
        return Decimal(text)
    except InvalidOperation:  # an exponent beyond what Decimal can hold
        raise LimitExceededError(f"number {text[:40]!r} is out of range", value=text) from None


def _int_text(text: str) -> int | Decimal:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return Decimal(text)  # refused by the tree check, with the KPI and the field
    return int(text)


def _constant(name: str) -> float:
    return float(name)  # NaN, Infinity: refused by the tree check, with the KPI and field


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DocumentSyntaxError(
                f"duplicate key {_quote(key)} in a JSON object (JSON readers would silently keep "
                "only the last value)",
                value=key,
            )
        result[key] = value
    return result


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _parse_text(text: str, fmt: Format) -> Any:
    too_deep = f"the document nests deeper than {MAX_DEPTH} levels"
    if fmt == "json":
        try:
            return json.loads(
                text,
                parse_constant=_constant,
                parse_float=_number_text,
                parse_int=_int_text,
                object_pairs_hook=_unique_pairs,
            )
        except json.JSONDecodeError as exc:
            error = DocumentSyntaxError(
                f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                field=f"line {exc.lineno}, column {exc.colno}",
            )
            error.line, error.column = exc.lineno, exc.colno
            raise error from exc
        except RecursionError as exc:
            raise LimitExceededError(too_deep) from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        error = DocumentSyntaxError(
            f"invalid YAML: the control character U+{code:04X} is not allowed in YAML documents",
            field=f"line {line}, column {column}",
            value=f"U+{code:04X}",
        )
        error.line, error.column = line, column
        raise error from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _mark(mark) if mark is not None else None
        problem = (exc.problem or exc.context or "malformed YAML")[:300]
        error = DocumentSyntaxError(f"invalid YAML: {problem}", field=where)
        if mark is not None:
            error.line, error.column = mark.line + 1, mark.column + 1
        raise error from exc
    except yaml.YAMLError as exc:
        raise DocumentSyntaxError(f"invalid YAML: {str(exc)[:300]}") from exc
    except RecursionError as exc:
        raise LimitExceededError(too_deep) from exc


def _is_tag(loc: tuple[int | str, ...], index: int) -> bool:
    """Whether ``loc[index]`` is a union tag pydantic added, not a key of the document."""
    if index == 0:
        return False
    part, parent = loc[index], loc[index - 1]
    if parent == "target":
        return part in target_kinds()
    return parent in _PERIOD_FIELDS and part in _PERIOD_KINDS


def _locate(
    data: Any, loc: tuple[int | str, ...], *, document: bool = False
) -> tuple[str | None, str]:
    """Find the KPI id on the path ``loc`` into ``data`` and the path within that KPI.

    Paths follow the model: a KPI written flat (``target`` and ``observations`` on the KPI)
    holds one indicator, so its fields are named ``indicators.0.target...``. Union tags that
    pydantic adds to its paths (``target.absolute.value``) are dropped. With ``document``,
    ``loc`` is a path into the document itself (which has no tags, and no ``indicators``
    for a flat KPI).
    """
    kpi_id: str | None = None
    kpi_depth = -1
    flat = False
    node = data
    for depth, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if depth >= 2 and loc[depth - 1] == "kpis" and isinstance(node, dict):
            candidate = node.get("id")
            if isinstance(candidate, str):
                kpi_id, kpi_depth = candidate, depth
                flat = "indicators" not in node
    path = [
        str(part)
        for index, part in enumerate(loc)
        if index > kpi_depth and (document or not _is_tag(loc, index))
    ]
    if document and flat and path and path[0] in _FLAT_KEYS:
        path[:0] = ["indicators", "0"]
    return kpi_id, ".".join(path)


def _check_tree(data: Any) -> None:
    """Enforce the document limits, naming the KPI and the field of the first offender."""
    # Depth first, in document order, checking scalars where they are met: a KPI document
    # has some 25 nodes per observation, so this walk is on the hot path of loading.
    # Paths are links (the parent's link, the key), made into tuples only for an offender.
    _check_node(data, data, 0, None)


def _check_node(data: Any, node: Any, depth: int, link: _Link) -> None:
    problem = _scalar_problem(node) if not isinstance(node, dict | list) else None
    if problem is None and isinstance(node, dict | list):
        if depth >= MAX_DEPTH:
            problem = LimitExceededError(
                f"the document nests deeper than {MAX_DEPTH} levels", value=depth + 1
            )
        elif link is not None and link[1] == "observations" and len(node) > MAX_OBSERVATIONS:
            problem = LimitExceededError(
                f"a series holds more than {MAX_OBSERVATIONS} observations", value=len(node)
            )
        else:
            if isinstance(node, dict):
                for key in node:
                    if isinstance(key, str) and len(key) > MAX_STRING_CHARS:
                        problem = LimitExceededError(
                            f"a key is longer than {MAX_STRING_CHARS} characters", value=key
                        )
                        break
            if problem is None:
                items = node.items() if isinstance(node, dict) else enumerate(node)
                for key, child in items:
                    if isinstance(child, dict | list):
                        _check_node(data, child, depth + 1, (link, key))
                    elif not (isinstance(child, str) and len(child) <= MAX_STRING_CHARS):
                        found = _scalar_problem(child)
                        if found is not None:
                            _fail(data, found, (link, key))
    if problem is not None:
        _fail(data, problem, link)


def _scalar_problem(node: Any) -> KPIModelError | None:
    if isinstance(node, str):
        if len(node) > MAX_STRING_CHARS:
            return LimitExceededError(
                f"text is longer than {MAX_STRING_CHARS} characters ({len(node)})", value=node
            )
    elif isinstance(node, float | Decimal):
        if not math.isfinite(node) if isinstance(node, float) else not node.is_finite():
            return SchemaError(
                "numbers must be finite (NaN and infinity are refused)", value=str(node)
            )
        if node and abs(Decimal(node).adjusted()) > MAX_NUMBER_DIGITS:
            return LimitExceededError(
                f"number is out of range (beyond 1e±{MAX_NUMBER_DIGITS})", value=str(node)[:40]
            )
    elif isinstance(node, int) and node.bit_length() > MAX_NUMBER_DIGITS * 10 // 3:
        return LimitExceededError(
            f"number is out of range (beyond 1e±{MAX_NUMBER_DIGITS})", value="int"
        )
    return None


def _fail(data: Any, problem: KPIModelError, link: _Link) -> NoReturn:
    kpi_id, field = _locate(data, _path(link), document=True)
    raise problem.located(kpi_id=kpi_id, field=field or None)


#: A path into a document as a linked list: (the parent's link, the key), None at the top.
_Link = tuple[Any, int | str] | None


def _path(link: _Link) -> tuple[int | str, ...]:
    keys: list[int | str] = []
    while link is not None:
        link, key = link
        keys.append(key)
    return tuple(reversed(keys))


_LIMIT_TYPES = frozenset({"string_too_long", "too_long"})


def _translate(exc: ValidationError, data: Any) -> KPIModelError:
    problems: list[KPIModelError] = []
    for item in exc.errors(include_url=False):
        loc = tuple(item["loc"])
        kpi_id, field = _locate(data, loc)
        original = (item.get("ctx") or {}).get("error")
        value = item.get("input")
        if isinstance(value, dict | list):
            value = type(value).__name__
        if isinstance(original, KPIModelError):
            inner = original.field
            full = ".".join(p for p in (field, inner) if p) if inner != field else field
            problem = type(original)(
                original.message,
                kpi_id=original.kpi_id or kpi_id,
                field=full or None,
                value=original.value if original._has_value else KPIModelError._MISSING,
            )
        elif item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            is_period = any(part in _PERIOD_FIELDS for part in loc[-1:])
            kind = UnknownTargetKindError if not is_period else PeriodParseError
            what = "period" if is_period else "target"
            known = ", ".join(sorted(_PERIOD_KINDS if is_period else target_kinds()))
            tag = (item.get("ctx") or {}).get("tag")
            message = (
                f"unknown {what} kind {_quote(tag)}; known kinds: {known}"
                if tag is not None
                else f"a {what} given as a mapping needs a 'kind' ({known})"
            )
            problem = kind(message, kpi_id=kpi_id, field=field or None, value=value)
        elif item["type"] in _LIMIT_TYPES:
            problem = LimitExceededError(
                item["msg"], kpi_id=kpi_id, field=field or None, value=value
            )
        elif item["type"] == "extra_forbidden":
            problem = SchemaError(
                f"unknown key {_quote(str(loc[-1]))} (not part of the KPI document format)",
                kpi_id=kpi_id,
                field=field or None,
                value=value,
            )
        else:
            problem = SchemaError(item["msg"], kpi_id=kpi_id, field=field or None, value=value)
        problems.append(problem)
    # A failed item makes pydantic also report its container as too short: drop the echo.
    meaningful = [p for p in problems if "at least 1 item after validation" not in p.message]
    problems = meaningful or problems
    first = problems[0]
    first.problems = tuple(problems)  # type: ignore[attr-defined]
    return first


def parse_program(data: Any) -> Program:
    """Validate already-parsed data (a mapping) as a :class:`~kpimodel.Program`.

    Args:
        data: A mapping as read from YAML or JSON.

    Returns:
        The program.

    Raises:
        KPIModelError: A subclass naming the KPI id, the field and the value; its
            ``problems`` attribute lists every problem found.
    """
    if data is None:
        raise SchemaError("the document is empty (it holds no data)")
    if not isinstance(data, dict):
        kind = _TYPE_NAMES.get(type(data).__name__, type(data).__name__)
        raise SchemaError(
            f"a KPI document must be a mapping (title:, themes: ...) at the top level, not {kind}",
            value=type(data).__name__,
        )
    _check_tree(data)
    try:
        return Program.model_validate(data)
    except ValidationError as exc:
        raise _translate(exc, data) from exc
    except RecursionError as exc:
        raise LimitExceededError(f"the document nests deeper than {MAX_DEPTH} levels") from exc


def _format_of(path: Path, fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    return "json" if path.suffix.lower() == ".json" else "yaml"


def loads(text: str | bytes, format: Format = "yaml") -> Program:
    """Read a program from YAML or JSON text.

    Args:
        text: The document (bytes must be UTF-8).
        format: ``"yaml"`` (which also reads JSON) or ``"json"``.

    Returns:
        The program.

    Raises:
        KPIModelError: A subclass saying what is wrong and where.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise LimitExceededError(
                f"the document is larger than {MAX_FILE_BYTES} bytes", value=len(text)
            )
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileReadError(
                f"the document is not valid UTF-8 (byte {exc.start})",
                value=exc.object[exc.start : exc.start + 4],
            ) from exc
    if len(text) > MAX_FILE_BYTES:
        raise LimitExceededError(
            f"the document is larger than {MAX_FILE_BYTES} characters", value=len(text)
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise SchemaError("the document is empty")
    return parse_program(_parse_text(text, format))


def load(path: str | Path, format: Format | None = None) -> Program:
    """Read a program from a YAML or JSON file.

    Args:
        path: The file; ``.json`` files are read as JSON, others as YAML.
        format: Force a format.

    Returns:
        The program.

    Raises:
        FileReadError: When the file cannot be read.
        LimitExceededError: When the file is larger than :data:`MAX_FILE_BYTES`.
        KPIModelError: A subclass saying what is wrong and where.
    """
    file = Path(path)
    try:
        with file.open("rb") as handle:
            # Read at most one byte more than the limit: a huge file, a device or a pipe
            # that never ends cannot exhaust memory.
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileReadError(f"cannot read {file}: {exc.strerror or exc}", value=str(file)) from exc
    except ValueError as exc:  # a path with a NUL character
        raise FileReadError(f"cannot read {file!r}: {exc}", value=str(file)) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise LimitExceededError(
            f"{file} is larger than {MAX_FILE_BYTES} bytes", field=str(file), value=str(file)
        )
    try:
        return loads(raw, _format_of(file, format))
    except KPIModelError as exc:
        if exc.field and "line" in exc.field and str(file) not in exc.message:
            # Name the file as well (located() would keep the field already set).
            named = type(exc)(
                f"in {file}: {exc.message}",
                kpi_id=exc.kpi_id,
                field=exc.field,
                value=exc.value if exc._has_value else KPIModelError._MISSING,
            )
            vars(named).update({k: v for k, v in vars(exc).items() if k not in vars(named)})
            raise named from exc.__cause__
        raise


class _Dumper(yaml.SafeDumper):
    """A safe dumper whose output reads back to the same strings."""

    def represent_str(self, data: str) -> Any:
        # PyYAML writes NEL (U+0085) raw in plain and single-quoted scalars, where a reader
        # takes it for a line break and folds it away: escape it in double quotes ("\N").
        if "\x85" in data:
            return self.represent_scalar(_YAML_CORE + "str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def _to_data(program: Program) -> Any:
    return program.model_dump(mode="json", exclude_none=True)


def dumps(program: Program, format: Format = "yaml") -> str:
    """Write a program as YAML or JSON text.

    The output is deterministic (same program, same bytes) and lossless: :func:`loads`
    returns an equal program, every figure digit for digit.

    Args:
        program: The program.
        format: ``"yaml"`` or ``"json"``.

    Returns:
        The document.
    """
    data = _to_data(program)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def dump(program: Program, path: str | Path, format: Format | None = None) -> None:
    """Write a program to a YAML or JSON file (by extension unless ``format`` is given).

    Args:
        program: The program.
        path: The file to write.
        format: Force a format.
    """
    file = Path(path)
    file.write_text(dumps(program, _format_of(file, format)), encoding="utf-8")


def program_schema() -> dict[str, Any]:
    """Return the JSON Schema of the input format (a :class:`~kpimodel.Program` document)."""
    schema: dict[str, Any] = Program.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
