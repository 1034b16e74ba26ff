"""kpimodel's private pint registry and the cached facts it derives about each unit."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from kpimodel.errors import UnknownUnitError

if TYPE_CHECKING:
    import pint

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
# pint reads "#" as the start of a comment (so "円#x" would be 円) and "*", "^" and white
# space between names as products (so "円 円" would be 円²).
_FORBIDDEN = frozenset(",+-=()[]{}<>!?;:'\"\\\t\n\r#*^@|&~`$")
#: The longest unit symbol kpimodel reads (a documented limit).
MAX_UNIT_CHARS = 50
_SPACED_SLASH = re.compile(r"\s*/\s*")


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
        # pint is imported here, on first use: importing it costs 80 ms and more (it imports
        # numpy, and dask, when they are installed), and the units of definitions.txt are
        # read without it (see _simple_units).
        import pint

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


@dataclass(frozen=True)
class UnitInfo:
    """What kpimodel needs to know about a unit, computed once per unit symbol.

    Attributes:
        symbol: The unit as written (``億円``).
        pint_unit: The pint unit (built on first access).
        dimension: pint's dimensionality as text (``[currency_jpy]``; ``""`` for ratios).
        factor: The exact factor to the base unit of the dimension (``1E+8`` for 億円).
        base_symbol: The symbol of the base unit (``円``; ``""`` for pure ratios).
        kind: One of ``currency``, ``count``, ``ratio``, ``percentage_point``, ``rank``
            or ``other``.
    """

    symbol: str
    dimension: str
    factor: Decimal
    base_symbol: str
    kind: str

    @cached_property
    def pint_unit(self) -> Any:
        """The pint unit (imports pint and builds the registry on first access)."""
        reg = get_registry()
        text = self.symbol.strip()
        return reg.Unit(text) if text else reg.dimensionless


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
    if len(symbol) > MAX_UNIT_CHARS:
        raise UnknownUnitError(
            f"unknown unit {symbol[:20]!r}... (longer than {MAX_UNIT_CHARS} characters)",
            value=symbol,
        )
    text = symbol.strip()
    if (
        any(ch in _FORBIDDEN for ch in symbol)
        or any(ch.isdigit() for ch in symbol)
        or any(ch.isspace() for ch in _SPACED_SLASH.sub("/", text))
        or not text.isprintable()
    ):
        raise UnknownUnitError(f"unknown unit {symbol!r}", value=symbol)
    simple = _simple_units().get(text)
    if simple is not None:
        return simple if simple.symbol == symbol else replace(simple, symbol=symbol)
    reg = get_registry()
    try:
        unit = reg.Unit(text) if text else reg.dimensionless
        base = reg.Quantity(Decimal(1), unit).to_base_units()
    except Exception as exc:  # pint's parser fails in many ways on text that is no unit
        raise UnknownUnitError(f"unknown unit {symbol!r}", value=symbol) from exc
    dimension = str(unit.dimensionality)
    if dimension == "dimensionless":
        dimension = ""
        if "/" in text:  # 円/円 cancels out: not a share anyone writes
            raise UnknownUnitError(f"unknown unit {symbol!r} (it cancels out)", value=symbol)
    factor = Decimal(base.magnitude)
    base_symbol = f"{base.units:~}"
    info = UnitInfo(
        symbol=symbol,
        dimension=dimension,
        factor=factor,
        base_symbol=base_symbol,
        kind=_kind_of(dimension),
    )
    info.__dict__["pint_unit"] = unit  # the cached_property's value, known already
    return info


@cache
def _simple_units() -> dict[str, UnitInfo]:
    """Return the facts of the units definitions.txt defines, read without pint.

    Covers each unit by name, symbol or alias (``yen``, ``円``, ``%``), and each unit of a
    dimension with one prefix (``億円``, ``万人``): the units KPI tables use. Other text
    (``円/人``, plurals) goes to pint. The facts are the ones pint gives (a test checks
    every entry against pint), so reading a table never needs pint, whose import costs
    more than the rest of kpimodel's.
    """
    text = resources.files("kpimodel.units").joinpath("definitions.txt").read_text("utf-8")
    prefixes: dict[str, Decimal] = {}
    units: dict[str, tuple[str, Decimal, str]] = {}  # name -> dimension, factor, base symbol
    for raw in text.splitlines():
        parts = [part.strip() for part in raw.split("#", 1)[0].split("=")]
        if len(parts) < 2:
            continue
        names = [parts[0], *parts[2:]]
        if parts[0].endswith("-"):  # a prefix: name- = value = symbol- = alias-
            for name in names:
                prefixes[name.removesuffix("-")] = Decimal(parts[1])
        elif parts[1].startswith("[") and parts[1].endswith("]"):  # a base unit
            symbol = parts[2] if len(parts) > 2 else parts[0]
            for name in names:
                units[name] = (parts[1], Decimal(1), symbol)
        elif _NUMBER.fullmatch(parts[1]):  # a dimensionless unit: percent = 0.01 = %
            for name in names:
                units[name] = ("", Decimal(parts[1]), "")
    table: dict[str, tuple[str, Decimal, str]] = {"": ("", Decimal(1), ""), **units}
    for prefix, value in prefixes.items():
        for name, (dimension, factor, symbol) in units.items():
            if dimension:  # pint refuses prefixes on %, ‰ and 割
                table.setdefault(prefix + name, (dimension, value * factor, symbol))
    return {
        name: UnitInfo(name, dimension, factor, symbol, _kind_of(dimension))
        for name, (dimension, factor, symbol) in table.items()
        if name.isprintable() and not any(ch in _FORBIDDEN for ch in name)
    }


_NUMBER = re.compile(r"[0-9.eE+-]+")
