"""Reading and writing whole programs: the public verbs of :mod:`kpimodel.io`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from kpimodel.errors import FileReadError, KPIModelError, LimitExceededError, SchemaError
from kpimodel.io._compact import compact_data, full_data
from kpimodel.io._errors import _translate, _type_name
from kpimodel.io._json import looks_like_json, parse_json
from kpimodel.io._limits import _check_tree, check_size, read_limited, too_deep
from kpimodel.io._yaml import dump_yaml, parse_yaml
from kpimodel.model import Program

Format = Literal["yaml", "json"]
#: How :func:`dumps` writes a program: as a person writes it, or every field.
Style = Literal["compact", "full"]


def _parse_text(text: str, fmt: Format) -> Any:
    if fmt == "json":
        return parse_json(text)
    if looks_like_json(text):
        # JSON text is read by the JSON parser (exact numbers, repeated keys refused); a
        # YAML flow mapping such as {title: P} is not JSON and goes to the YAML reader.
        return parse_json(text, fallback=parse_yaml)
    return parse_yaml(text)


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
        raise SchemaError(
            "a KPI document must be a mapping (title:, themes: ...) at the top level, "
            f"not {_type_name(data)}",
            value=type(data).__name__,
        )
    _check_tree(data)
    try:
        # The core validator itself: the document's own translation locates its errors.
        return Program.__pydantic_validator__.validate_python(data)  # type: ignore[no-any-return]
    except ValidationError as exc:
        raise _translate(exc, data) from exc
    except RecursionError as exc:
        raise LimitExceededError(too_deep()) from exc


def _format_of(path: Path, fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    return "json" if path.suffix.lower() == ".json" else "yaml"


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileReadError(
            f"the document is not valid UTF-8 (byte {exc.start})",
            value=exc.object[exc.start : exc.start + 4],
        ) from exc


def loads(text: str | bytes, format: Format = "yaml") -> Program:
    """Read a program from YAML or JSON text.

    Args:
        text: The document (bytes must be UTF-8).
        format: ``"yaml"`` (which also reads JSON: text whose first non-blank character
            is ``{`` or ``[`` is parsed by the JSON parser when it is valid JSON) or
            ``"json"``.

    Returns:
        The program.

    Raises:
        KPIModelError: A subclass saying what is wrong and where.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        check_size(bytes(text))
        text = _decode(bytes(text))
    if not isinstance(text, str):
        raise SchemaError(
            f"loads reads a document given as text or bytes, not {type(text).__name__} "
            "(use load for a file path, parse_program for parsed data)",
            value=type(text).__name__,
        )
    if format not in ("yaml", "json"):
        raise SchemaError("format must be 'yaml' or 'json'", field="format", value=format)
    check_size(text)
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
            raw = read_limited(handle, str(file))
    except OSError as exc:
        raise FileReadError(f"cannot read {file}: {exc.strerror or exc}", value=str(file)) from exc
    except ValueError as exc:  # a path with a NUL character
        if isinstance(exc, KPIModelError):
            raise
        raise FileReadError(f"cannot read {file!r}: {exc}", value=str(file)) from exc
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


def dumps(program: Program, format: Format = "yaml", *, style: Style = "compact") -> str:
    """Write a program as YAML or JSON text.

    The output is deterministic (same program, same bytes) and lossless: :func:`loads`
    returns an equal program, every figure digit for digit.

    Args:
        program: The program.
        format: ``"yaml"`` or ``"json"``.
        style: ``"compact"`` writes the document a person writes: periods and figures as
            the table prints them (``2024年度``, ``3,235億円``), single-indicator KPIs
            flat, defaults left out; a value whose text would not read back exactly keeps
            its full mapping. ``"full"`` writes every field of the model (periods and
            figures as mappings); it is several times faster, since the compact form is
            read back once to prove that it is lossless.

    Returns:
        The document.
    """
    if style not in ("compact", "full"):
        raise SchemaError("style must be 'compact' or 'full'", field="style", value=style)
    data = compact_data(program) if style == "compact" else full_data(program)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return dump_yaml(data)


def dump(
    program: Program, path: str | Path, format: Format | None = None, *, style: Style = "compact"
) -> None:
    """Write a program to a YAML or JSON file (by extension unless ``format`` is given).

    Args:
        program: The program.
        path: The file to write.
        format: Force a format.
        style: ``"compact"`` or ``"full"`` (see :func:`dumps`).
    """
    file = Path(path)
    file.write_text(dumps(program, _format_of(file, format), style=style), encoding="utf-8")


def program_schema() -> dict[str, Any]:
    """Return the JSON Schema of the input format (a :class:`~kpimodel.Program` document)."""
    schema: dict[str, Any] = Program.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
