"""kpimodel's private pint registry and the cached facts it derives about each unit."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

import pint

from kpimodel.errors import UnknownUnitError

__all__ = ["UnitInfo", "get_registry", "unit_info"]

_lock = threading.Lock()
_registry: pint.UnitRegistry[Any] | None = None

#: Dimension names that kpimodel reports as currencies.
_CURRENCY_PREFIX = "[currency_"
_COUNT_DIMENSIONS = frozenset(
    {
        "[person]",
        "[case]",
        "[company]",
        "[school]",
        "[institution]",
        "[access]",
        "[occurrence]",
        "[count]",
    }
)
# Characters that pint's parser treats as operators or silently drops. A unit as written in
# a KPI table never contains them, so their presence means the text is not a unit.
_FORBIDDEN = frozenset(",+-=()[]{}<>!?;:'\"\\\t\n\r")


def get_registry() -> pint.UnitRegistry[Any]:
    """Return kpimodel's unit registry, building it on first use.

    The registry is private to kpimodel: importing kpimodel does not touch pint's
    application registry. To combine kpimodel quantities with your own pint code, either
    use this registry (``kpimodel.units.get_registry().Quantity(...)``) or make it the
    application registry yourself with ``pint.set_application_registry(get_registry())``.

    Returns:
        The shared registry, with ``Decimal`` magnitudes.
    """
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                path = resources.files("kpimodel.units").joinpath("definitions.txt")
                with resources.as_file(path) as real_path:
                    _registry = pint.UnitRegistry(
                        str(real_path),
                        non_int_type=Decimal,
                        cache_folder=None,
                        autoconvert_offset_to_baseunit=False,
                    )
    return _registry


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What kpimodel needs to know about a unit, computed once per unit symbol.

    Attributes:
        symbol: The unit as written (``億円``).
        pint_unit: The pint unit.
        dimension: pint's dimensionality as text (``[currency_jpy]``; ``""`` for ratios).
        factor: The exact factor to the base unit of the dimension (``1E+8`` for 億円).
        base_symbol: The symbol of the base unit (``円``; ``""`` for pure ratios).
        kind: One of ``currency``, ``count``, ``ratio``, ``percentage_point``, ``rank``
            or ``other``.
    """

    symbol: str
    pint_unit: Any
    dimension: str
    factor: Decimal
    base_symbol: str
    kind: str


def _kind_of(dimension: str) -> str:
    if dimension.startswith(_CURRENCY_PREFIX) and dimension.count("[") == 1:
        return "currency"
    if dimension in _COUNT_DIMENSIONS:
        return "count"
    if dimension == "":
        return "ratio"
    if dimension == "[percentage_point]":
        return "percentage_point"
    if dimension == "[rank]":
        return "rank"
    return "other"


@lru_cache(maxsize=4096)
def unit_info(symbol: str) -> UnitInfo:
    """Return the cached facts about the unit written ``symbol``.

    Args:
        symbol: A unit as written in a KPI table (``億円``, ``%``, ``人``) or ``""`` for a
            plain number.

    Returns:
        The unit's facts.

    Raises:
        UnknownUnitError: When the registry does not define the unit.
    """
    if any(ch in _FORBIDDEN for ch in symbol) or any(ch.isdigit() for ch in symbol):
        raise UnknownUnitError(f"unknown unit {symbol!r}", value=symbol)
    reg = get_registry()
    text = symbol.strip()
    try:
        unit = reg.Unit(text) if text else reg.dimensionless
        base = reg.Quantity(Decimal(1), unit).to_base_units()
    except (pint.errors.PintError, AttributeError, TypeError, ValueError, KeyError) as exc:
        raise UnknownUnitError(f"unknown unit {symbol!r}", value=symbol) from exc
    dimension = str(unit.dimensionality)
    if dimension == "dimensionless":
        dimension = ""
    factor = Decimal(base.magnitude)
    base_symbol = f"{base.units:~}"
    return UnitInfo(
        symbol=symbol,
        pint_unit=unit,
        dimension=dimension,
        factor=factor,
        base_symbol=base_symbol,
        kind=_kind_of(dimension),
    )
