"""The compact form of a program: the document a person writes, not the model's full dump.

The full form (``style="full"``) spells every field of every model: periods as mappings
(``{kind: calendar_year, text: '2030', year: 2030}``), figures as ``{magnitude, unit,
approximate}``, a flat KPI as a list of one indicator, every default. The compact form
writes what a table prints: periods and figures as their text (``2030``, ``3,235億円``),
single-indicator KPIs flat, defaults left out.

The rule that keeps it lossless: a value is written as text only when reading that text
back gives the same value, field for field and digit for digit (``8.90`` stays ``8.90``);
otherwise it keeps its full mapping. The whole compact document is then read back once and
compared with the program; if anything differs the full form is returned instead, so that
``loads(dumps(p)) == p`` always holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from kpimodel.errors import KPIModelError
from kpimodel.model import KPI, Program
from kpimodel.periods import PeriodBase, parse_period
from kpimodel.periods._field import fiscal_year_start
from kpimodel.units import Quantity, parse_quantity
from kpimodel.units._values import _format_magnitude

_FLAT_KEYS = ("target", "observations", "references", "series")


def full_data(program: Program) -> Any:
    """The program's full form: every field, as :meth:`Program.model_dump` writes it."""
    return program.model_dump(mode="json", exclude_none=True)


def compact_data(program: Program) -> Any:
    """The program's compact form (see the module), or its full form where that is lossy."""
    full = full_data(program)
    with fiscal_year_start(program.fiscal_year_start):
        compact = _compact(program, full, program.fiscal_year_start)
    if _reads_back(compact, full):
        return compact
    return full


def _reads_back(compact: Any, full: Any) -> bool:
    # Local import: the reader sits beside this module and imports it.
    from kpimodel.io._api import parse_program

    try:
        again = parse_program(compact)
    except KPIModelError:
        return False
    return bool(full_data(again) == full)


def _compact(value: Any, dumped: Any, fiscal_start: int) -> Any:
    """Compact one dumped node, knowing the object it was dumped from."""
    if isinstance(value, PeriodBase) and value.text is not None:
        written = _as_text(
            value.text, dumped, lambda text: parse_period(text, fiscal_start_month=fiscal_start)
        )
        return written if isinstance(written, str) else dumped
    if isinstance(value, Quantity):
        for text in _figure_texts(value):
            written = _as_text(text, dumped, parse_quantity)
            if isinstance(written, str):
                return written
        return _compact_model(value, dumped, fiscal_start)
    if isinstance(value, BaseModel) and isinstance(dumped, dict):
        return _compact_model(value, dumped, fiscal_start)
    if isinstance(value, tuple | list) and isinstance(dumped, list) and len(value) == len(dumped):
        pairs = zip(value, dumped, strict=True)
        return [_compact(item, data, fiscal_start) for item, data in pairs]
    return dumped


def _figure_texts(quantity: Quantity) -> tuple[str, ...]:
    """The texts a figure may be written as: as kpimodel prints it, then with every digit."""
    printed = str(quantity)
    shown = _format_magnitude(quantity.magnitude)
    sign = "-" if quantity.magnitude.is_signed() else ""
    whole, dot, fraction = format(quantity.magnitude.copy_abs(), "f").partition(".")
    exact = f"{sign}{int(whole):,}{dot}{fraction}"  # 34.0 stays 34.0, not 34
    if exact == shown or shown not in printed:
        return (printed,)
    return (printed, printed.replace(shown, exact, 1))


def _as_text(text: str, dumped: Any, parse: Callable[[str], Any]) -> Any:
    """``text`` when reading it back gives exactly ``dumped``; otherwise ``dumped``."""
    try:
        again = parse(text)
    except (KPIModelError, ValueError):
        return dumped
    if isinstance(again, BaseModel) and again.model_dump(mode="json", exclude_none=True) == dumped:
        return text
    return dumped


def _compact_model(model: BaseModel, dumped: dict[str, Any], fiscal_start: int) -> dict[str, Any]:
    fields = type(model).model_fields
    out: dict[str, Any] = {}
    for key, data in dumped.items():
        field = fields.get(key)
        current = getattr(model, key, None)
        # A kind is never left out: it tells a union (targets, periods) which member it is.
        if (
            field is not None
            and key != "kind"
            and not field.is_required()
            and current == field.get_default(call_default_factory=True)
        ):
            continue
        out[key] = _compact(current, data, fiscal_start)
    if isinstance(model, KPI):
        out = _flatten(model, out)
    return out


def _flatten(kpi: KPI, out: dict[str, Any]) -> dict[str, Any]:
    """Write a KPI of one indicator, named as the KPI, flat (as documents write it)."""
    if len(kpi.indicators) != 1:
        return out
    (indicator,) = out["indicators"]
    if indicator.get("id") != kpi.id or set(indicator) - {"id", *_FLAT_KEYS}:
        return out
    flat = {key: value for key, value in out.items() if key != "indicators"}
    flat.update({key: indicator[key] for key in _FLAT_KEYS if key in indicator})
    return flat
