"""Strict JSON: exact numbers, no repeated keys, located syntax errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from kpimodel.errors import DocumentSyntaxError, KPIModelError, LimitExceededError
from kpimodel.io._errors import _quote
from kpimodel.io._limits import MAX_NUMBER_DIGITS, fits_yaml, too_deep
from kpimodel.io._yaml import parse_yaml


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


def looks_like_json(text: str) -> bool:
    """Whether text is meant as JSON: its first non-blank character opens an object or array.

    YAML flow collections (``{title: P}``) start the same way; :func:`kpimodel.loads`
    reads those as YAML when they are not valid JSON.
    """
    return text.lstrip(" \t\r\n")[:1] in ("{", "[")


def _locate_duplicate(text: str, error: DocumentSyntaxError) -> DocumentSyntaxError:
    # json's object_pairs_hook has no position: JSON is YAML 1.2, so the strict YAML reader
    # finds the same repeated key with its line and column (within the YAML limit; beyond
    # it the message still names the key).
    if not fits_yaml(text):
        return error
    try:
        parse_yaml(text)
    except DocumentSyntaxError as located:
        if located.line is not None and "duplicate key" in located.message:
            fixed = DocumentSyntaxError(error.message, field=located.field, value=error.value)
            fixed.line, fixed.column = located.line, located.column
            return fixed
    except KPIModelError:  # the unlocated error is still right
        return error
    return error


def parse_json(text: str, *, fallback: Callable[[str], Any] | None = None) -> Any:
    """Parse JSON text to plain data, numbers as exact ``Decimal`` values.

    Args:
        text: The JSON text.
        fallback: When given, text that is not valid JSON is handed to it (the YAML
            reader, for YAML flow collections such as ``{title: P}``) instead of raising.

    Raises:
        DocumentSyntaxError: For malformed JSON (with ``line`` and ``column``) and
            repeated keys.
        LimitExceededError: For numbers out of range and too deep nesting.
    """
    try:
        return json.loads(
            text,
            parse_constant=_constant,
            parse_float=_number_text,
            parse_int=_int_text,
            object_pairs_hook=_unique_pairs,
        )
    except json.JSONDecodeError as exc:
        # Beyond the YAML limit the text can only be meant as JSON: its JSON error is the
        # one to give, not the YAML reader's refusal of its size.
        if fallback is not None and fits_yaml(text):
            return fallback(text)
        error = DocumentSyntaxError(
            f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            field=f"line {exc.lineno}, column {exc.colno}",
        )
        error.line, error.column = exc.lineno, exc.colno
        raise error from exc
    except DocumentSyntaxError as exc:
        if exc.line is None and "duplicate key" in exc.message:
            raise _locate_duplicate(text, exc) from None
        raise
    except RecursionError as exc:
        raise LimitExceededError(too_deep()) from exc
