"""Error translation: pydantic's and the parsers' failures become located kpimodel errors.

A path into a document or into the model (``kpis.3.observations.1.value``) is turned into
the KPI id it runs through and the field path within that KPI, so that every message says
where a person should look.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from kpimodel._validation import locate, quote, translate
from kpimodel.errors import InputError, KPIModelError

_E = TypeVar("_E", bound=InputError)

_TYPE_NAMES = {
    "list": "a list",
    "str": "a text",
    "int": "a number",
    "float": "a number",
    "Decimal": "a number",
    "bool": "a boolean",
    "NoneType": "empty (null)",
}
_quote = quote
_locate = locate


def _type_name(value: Any) -> str:
    """Name the type of a parsed value as a person reads it ("a number", "a list")."""
    return _TYPE_NAMES.get(type(value).__name__, f"a {type(value).__name__}")


def _mark(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _at(error: _E, mark: Any) -> _E:
    error.line, error.column = mark.line + 1, mark.column + 1
    return error


def _translate(exc: ValidationError, data: Any) -> KPIModelError:
    """Turn pydantic's error about a document into kpimodel's, listing every problem."""
    return translate(exc, data)
