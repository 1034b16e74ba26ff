"""Units a document or a program declares: its own counters, currencies and indices.

A KPI table may count things kpimodel has no unit for (``edge nodes``, ``ICT
specialists``, ``基地局``). It declares them, in a document's top-level ``units:`` list or
from Python with :func:`define_unit`; each declared unit is its own dimension, so that
declared units never add up with one another or with a built-in unit.
"""

from __future__ import annotations

import re
import threading
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kpimodel.errors import SchemaError, UnknownUnitError

__all__ = ["UnitDeclaration", "declared_unit", "define_unit"]

#: What a declared unit measures, and the kind kpimodel gives it.
DeclaredKind = Literal["count", "amount", "currency", "index", "score"]
_KINDS: dict[str, str] = {
    "count": "count",
    "amount": "other",
    "currency": "currency",
    "index": "index",
    "score": "index",
}
_lock = threading.Lock()
_declared: dict[str, tuple[UnitDeclaration, str]] = {}  # symbol or alias -> declaration
_WORD = r"[^\s0-9,+\-=()\[\]{}<>!?;:'\"\\#*^@|&~`$%‰]+"
_SYMBOL = re.compile(rf"{_WORD}(?: {_WORD})*")


class UnitDeclaration(BaseModel):
    """A unit a document declares (``{symbol: nodes, kind: count, name: edge nodes}``).

    Attributes:
        symbol: The unit as figures write it (``nodes``, ``基地局``).
        kind: ``count`` (things counted), ``amount`` (an amount of something else),
            ``currency`` (money in a currency kpimodel does not know), ``index`` or
            ``score`` (an index value or a score out of 100: never percentage points).
        name: What it counts, for people (``edge nodes``).
        aliases: Other ways figures write the same unit (``edge nodes``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    symbol: str = Field(min_length=1, max_length=50)
    kind: DeclaredKind = "count"
    name: str | None = Field(default=None, max_length=200)
    aliases: tuple[str, ...] = Field(default=(), max_length=20)

    @model_validator(mode="after")
    def _register(self) -> UnitDeclaration:
        for written in (self.symbol, *self.aliases):
            if not _SYMBOL.fullmatch(written.strip()):
                raise SchemaError(
                    f"a unit symbol is letters (and single spaces) without digits or "
                    f"operators, not {written!r}",
                    field="symbol",
                    value=written,
                )
        define_unit(self)
        return self


def define_unit(
    declaration: UnitDeclaration | str,
    kind: DeclaredKind = "count",
    *,
    name: str | None = None,
    aliases: tuple[str, ...] = (),
) -> UnitDeclaration:
    """Declare a unit, process-wide: ``define_unit("nodes", "count", name="edge nodes")``.

    Declaring the same unit again is harmless; declaring a symbol that already means
    something else (a built-in unit, or another declaration) is an error.

    Args:
        declaration: A declaration, or the unit's symbol.
        kind: What it measures (see :class:`UnitDeclaration`), when a symbol is given.
        name: What it counts, when a symbol is given.
        aliases: Other spellings, when a symbol is given.

    Returns:
        The declaration.

    Raises:
        SchemaError: When the symbol is already a different unit.
    """
    if isinstance(declaration, str):
        try:
            return UnitDeclaration(symbol=declaration, kind=kind, name=name, aliases=aliases)
        except ValidationError as exc:
            from kpimodel.units._values import kpimodel_error

            raise kpimodel_error(exc) or SchemaError(
                f"cannot declare unit {declaration!r}: {exc.errors()[0]['msg']}",
                field="units",
                value=declaration,
            ) from exc
    from kpimodel.units._registry import unit_info

    dimension = f"[declared_{declaration.symbol.strip()}]"
    with _lock:
        for written in (declaration.symbol, *declaration.aliases):
            text = written.strip()
            known = _declared.get(text)
            if known is not None:
                if known[1] != dimension or known[0].kind != declaration.kind:
                    raise SchemaError(
                        f"unit {text!r} is already declared as {known[0].symbol!r} "
                        f"({known[0].kind})",
                        field="units",
                        value=text,
                    )
                continue
            try:
                unit_info(text)
            except UnknownUnitError:
                pass
            else:
                raise SchemaError(
                    f"unit {text!r} is built in already; declare only units kpimodel does not know",
                    field="units",
                    value=text,
                )
        for written in (declaration.symbol, *declaration.aliases):
            _declared[written.strip()] = (declaration, dimension)
    _clear_caches()
    return declaration


def declared_unit(text: str) -> tuple[str, Decimal, str, str] | None:
    """Return ``(dimension, factor, base symbol, kind)`` of a declared unit, or ``None``."""
    found = _declared.get(text)
    if found is None:
        return None
    declaration, dimension = found
    return dimension, Decimal(1), declaration.symbol.strip(), _KINDS[declaration.kind]


def _clear_caches() -> None:
    # An unknown unit is not cached as an error, but a unit's facts and its shared Unit
    # instance are: a new declaration must be seen by both.
    from kpimodel.units import _registry, _values

    _registry.unit_info.cache_clear()
    _values._shared_unit.cache_clear()
