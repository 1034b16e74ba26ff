"""Error translation: pydantic's and the parsers' failures become located kpimodel errors.

A path into a document or into the model (``kpis.3.observations.1.value``) is turned into
the KPI id it runs through and the field path within that KPI, so that every message says
where a person should look.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from kpimodel._validation import _document_node, locate, quote, translate
from kpimodel.errors import DuplicateObservationError, InputError, KPIModelError

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
    first = translate(exc, data)
    later = _series_problems(exc, data)
    if later:
        first.problems = (*first.problems, *later)  # type: ignore[attr-defined]
    return first


def _series_problems(exc: ValidationError, data: Any) -> list[KPIModelError]:
    """The checks of a whole series whose observations did not all validate.

    A series' own checks (two figures for one period, units that cannot be compared, a
    figure beyond the target's limit) run once its observations are valid, so a document
    with a bad figure in a series would show its other problems only after that figure is
    fixed. They are run here on the observations that are valid, so that one reading
    lists them all.
    """
    # Deferred: the model package is imported by everything in this one.
    from kpimodel.model import Indicator
    from kpimodel.periods._field import fiscal_year_start

    month = data.get("fiscal_year_start", 4) if isinstance(data, dict) else 4
    if type(month) is not int or not 1 <= month <= 12:
        month = 4  # refused on its own; periods are then read with the default start

    failed: dict[tuple[int | str, ...], set[int]] = {}
    for item in exc.errors(include_url=False):
        loc = tuple(item["loc"])
        at = loc.index("observations") if "observations" in loc else -1
        if at >= 0 and at + 1 < len(loc) and isinstance(loc[at + 1], int):
            failed.setdefault(loc[:at], set()).add(int(loc[at + 1]))
    problems: list[KPIModelError] = []
    for owner, bad in failed.items():
        node = _document_node(data, owner, None)
        raw = node.get("observations") if isinstance(node, dict) else None
        if not isinstance(node, dict) or not isinstance(raw, list):
            continue
        kept = [index for index in range(len(raw)) if index not in bad]
        # Against its own target when the target is valid (its units, its limit); else
        # only what needs no target: two figures for one period.
        target_ok = not any(
            loc[: len(owner) + 1] == (*owner, "target")
            for loc in (tuple(item["loc"]) for item in exc.errors(include_url=False))
        )
        trial = {
            "id": node.get("id") if isinstance(node.get("id"), str) else "series",
            "observations": [raw[index] for index in kept],
            **{key: node[key] for key in ("target", "references") if key in node and target_ok},
        }
        try:
            with fiscal_year_start(month):
                Indicator.model_validate(trial)
        except ValidationError as inner:
            for item in inner.errors(include_url=False):
                error = (item.get("ctx") or {}).get("error")
                field = getattr(error, "field", None) or ""
                parts = field.split(".")
                if (
                    item["loc"]
                    or not isinstance(error, InputError)
                    or parts[0] != "observations"
                    or len(parts) < 2
                    or not parts[1].isdigit()
                    or not (target_ok or isinstance(error, DuplicateObservationError))
                ):
                    continue
                index = kept[int(parts[1])]
                kpi_id, path = locate(data, (*owner, "observations", index, *parts[2:]))
                problems.append(
                    type(error)(
                        error.message,
                        kpi_id=kpi_id,
                        field=path or None,
                        value=error.value if error._has_value else KPIModelError._MISSING,
                    )
                )
        except KPIModelError:
            continue
    return problems
