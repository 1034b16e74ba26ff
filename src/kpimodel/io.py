"""Reading and writing programs as YAML or JSON, safely and losslessly.

YAML is read with a strict safe loader: no tags that build objects, no anchors or aliases
(which "billion laughs" documents abuse), and no duplicate keys (PyYAML would silently keep
the last one and lose data). Every failure becomes a :class:`~kpimodel.errors.KPIModelError`
naming the KPI id and the field; pydantic's and PyYAML's exceptions never escape undressed.

Documented limits (see ``docs/limits.md``): files up to :data:`MAX_FILE_BYTES`, nesting up
to :data:`MAX_DEPTH` levels, strings up to 10,000 characters (200 for ids, units, periods and
figures), up to :data:`~kpimodel.model.MAX_OBSERVATIONS` observations per series.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from kpimodel.errors import (
    DocumentSyntaxError,
    FileReadError,
    KPIModelError,
    LimitExceededError,
    SchemaError,
    UnknownTargetKindError,
)
from kpimodel.model import Program

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Format",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_program",
    "program_schema",
]

#: The largest file :func:`load` reads.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The deepest nesting of mappings and lists a document may have.
MAX_DEPTH = 32

Format = Literal["yaml", "json"]


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases and duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise DocumentSyntaxError(
                "YAML aliases (*name) are not allowed in KPI documents",
                field=_mark(event.start_mark),
                value=event.anchor,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise DocumentSyntaxError(
                "YAML anchors (&name) are not allowed in KPI documents",
                field=_mark(event.start_mark),
                value=event.anchor,
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in keys
            except TypeError:
                duplicate = False
            if duplicate:
                error = DocumentSyntaxError(
                    f"duplicate key {key!r} (YAML would silently keep only the last value)",
                    field=_mark(key_node.start_mark),
                    value=key,
                )
                error.line = key_node.start_mark.line + 1
                error.column = key_node.start_mark.column + 1
                raise error
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


# Timestamps stay strings: the model reads dates itself, and PyYAML would turn "2025-06-30"
# into a date but "2025-06" into a string, an inconsistency users should not see.
_StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mark(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _check_depth(data: Any, limit: int = MAX_DEPTH) -> None:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                raise LimitExceededError(
                    f"the document nests deeper than {limit} levels", value=depth
                )
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(node, float) and not math.isfinite(node):
            raise SchemaError("numbers must be finite (NaN and infinity are refused)", value=node)


def _reject_constant(name: str) -> Any:
    raise SchemaError("numbers must be finite (NaN and infinity are refused)", value=name)


def _parse_text(text: str, fmt: Format) -> Any:
    if fmt == "json":
        try:
            return json.loads(text, parse_constant=_reject_constant, parse_float=_float_text)
        except json.JSONDecodeError as exc:
            error = DocumentSyntaxError(
                f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                field=f"line {exc.lineno}, column {exc.colno}",
            )
            error.line, error.column = exc.lineno, exc.colno
            raise error from exc
        except RecursionError as exc:
            raise LimitExceededError(f"the document nests deeper than {MAX_DEPTH} levels") from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _mark(mark) if mark is not None else None
        problem = exc.problem or exc.context or "malformed YAML"
        error = DocumentSyntaxError(f"invalid YAML: {problem}", field=where)
        if mark is not None:
            error.line, error.column = mark.line + 1, mark.column + 1
        raise error from exc
    except yaml.YAMLError as exc:
        raise DocumentSyntaxError(f"invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise LimitExceededError(f"the document nests deeper than {MAX_DEPTH} levels") from exc


def _float_text(text: str) -> Any:
    # JSON numbers keep their exact digits: 0.1 stays Decimal("0.1"), 1e400 is refused.
    from decimal import Decimal

    value = Decimal(text)
    if not value.is_finite() or abs(value.adjusted()) > 1000:
        raise SchemaError("number out of range", value=text)
    return value


def _locate(data: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str]:
    """Find the KPI id on the path ``loc`` into ``data`` and the path within that KPI."""
    kpi_id: str | None = None
    kpi_depth = -1
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
    path = loc[kpi_depth + 1 :] if kpi_depth >= 0 else loc
    return kpi_id, ".".join(str(p) for p in path)


def _translate(exc: ValidationError, data: Any) -> KPIModelError:
    problems: list[KPIModelError] = []
    for item in exc.errors(include_url=False):
        loc = tuple(item["loc"])
        kpi_id, field = _locate(data, loc)
        original = (item.get("ctx") or {}).get("error")
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
            problem = UnknownTargetKindError(
                item["msg"], kpi_id=kpi_id, field=field, value=item.get("input")
            )
        else:
            value = item.get("input")
            if isinstance(value, dict | list):
                value = type(value).__name__
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
    if not isinstance(data, dict):
        raise SchemaError(
            f"a KPI document must be a mapping at the top level, not {type(data).__name__}",
            value=type(data).__name__,
        )
    _check_depth(data)
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
            raise LimitExceededError(f"the document is larger than {MAX_FILE_BYTES} bytes")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileReadError(
                f"the document is not valid UTF-8 (byte {exc.start})",
                value=exc.object[exc.start : exc.start + 4],
            ) from exc
    if len(text) > MAX_FILE_BYTES:
        raise LimitExceededError(f"the document is larger than {MAX_FILE_BYTES} characters")
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
        KPIModelError: A subclass saying what is wrong and where.
    """
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LimitExceededError(
                f"{file} is larger than {MAX_FILE_BYTES} bytes", field=str(file), value=size
            )
        raw = file.read_bytes()
    except OSError as exc:
        raise FileReadError(f"cannot read {file}: {exc.strerror or exc}", value=str(file)) from exc
    try:
        return loads(raw, _format_of(file, format))
    except KPIModelError as exc:
        if exc.field and "line" in exc.field and str(file) not in exc.message:
            raise exc.located(field=f"{file}: {exc.field}") from exc.__cause__
        raise


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
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


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
