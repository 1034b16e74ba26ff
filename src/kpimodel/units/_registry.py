"""kpimodel's private pint registry and the cached facts it derives about each unit."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from enum import StrEnum
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from kpimodel.errors import UnknownUnitError

if TYPE_CHECKING:
    import pint

__all__ = ["UnitInfo", "UnitKind", "get_registry", "unit_info"]

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
        "[vehicle]",
        "[household]",
        "[organisation]",
        "[country]",
        "[book]",
        "[item]",
        "[article]",
        "[facility]",
        "[municipality]",
        "[project]",
        "[event]",
        "[patent]",
        "[specialist]",
        "[node]",
        "[age]",
    }
)
_PHYSICAL_DIMENSIONS = frozenset(
    {"[time]", "[mass]", "[co2e]", "[energy]", "[length]", "[length] ** 2"}
)
_INDEX_DIMENSIONS = frozenset({"[index]", "[score]"})
# Characters that pint's parser treats as operators or silently drops. A unit as written in
# a KPI table never contains them, so their presence means the text is not a unit.
# pint reads "#" as the start of a comment (so "円#x" would be 円) and "*", "^" and white
# space between names as products (so "円 円" would be 円²).
_FORBIDDEN = frozenset(",+-=()[]{}<>!?;:'\"\\\t\n\r#*^@|&~`$")
#: The longest unit symbol kpimodel reads (a documented limit).
MAX_UNIT_CHARS = 50
_SPACED_SLASH = re.compile(r"\s*/\s*")
#: Fixed notations for a unit that pint's parser cannot read as written: the written form
#: is kept for display, the unit it stands for does the arithmetic.
FIXED_ALIASES: dict[str, str] = {
    "%ポイント": "ポイント",
    "パーセントポイント": "ポイント",
    "%pt": "pp",
    "%pts": "pp",
    "percentage point": "pp",
    "percentage points": "pp",
    "パーセント": "%",
    "percent": "%",
    "per cent": "%",
}
# A share sign beside another unit (5%件, 5%%, 5人/%) would be multiplied by pint into a
# unit nobody wrote; only the fixed notations above combine % with anything.
_SHARE_SIGNS = ("%", "‰", "割")
#: Currency signs written before a figure, and the currency each one means by convention
#: ($ is the US dollar, ¥ the yen; the other dollars carry their country's letters).
CURRENCY_SIGNS: dict[str, str] = {
    "US$": "USD",
    "A$": "AUD",
    "C$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
}
#: English multipliers (short scale). ``m`` is a million only next to a currency (£40m);
#: elsewhere it is the metre.
ENGLISH_MULTIPLIERS: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "Thousand": 10**3,
    "Million": 10**6,
    "Billion": 10**9,
    "Trillion": 10**12,
    "k": 10**3,
    "K": 10**3,
    "mn": 10**6,
    "m": 10**6,
    "M": 10**6,
    "bn": 10**9,
    "B": 10**9,
    "tn": 10**12,
}
_JAPANESE_MULTIPLIERS = {
    "千万": 10**7,
    "百万": 10**6,
    "千": 10**3,
    "万": 10**4,
    "億": 10**8,
    "兆": 10**12,
}
_PINT_PREFIX = {1000: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}
_SIGNS = "|".join(re.escape(sign) for sign in CURRENCY_SIGNS)
_WORDS = "|".join(sorted(ENGLISH_MULTIPLIERS, key=len, reverse=True))
#: A unit written with a currency sign or code in front (€bn, EUR billion, ¥兆) or an
#: English multiplier (million, bn EUR, million people): the form a figure was printed in.
COMPOSITE = re.compile(
    rf"(?P<currency>(?:{_SIGNS})|[A-Z]{{3}} )?"
    r" ?"
    rf"(?:(?P<english>{_WORDS})(?= |$)|(?P<japanese>千万|百万|千|万|億|兆))?"
    r"(?: ?(?P<unit>\S.*))?"
)


def _composite(symbol: str, match: re.Match[str]) -> UnitInfo | None:
    currency = (match["currency"] or "").strip()
    english, japanese, unit = match["english"], match["japanese"], match["unit"] or ""
    code = CURRENCY_SIGNS.get(currency, currency)
    if code and currency not in CURRENCY_SIGNS and not _is_currency(code):
        return None  # ICT specialists: three capitals that are no currency code
    if english == "m" and not (code or _is_currency(unit)):
        return None  # the metre (m, m ha)
    inner = COMPOSITE.fullmatch(unit) if unit else None
    if inner is not None and (inner["english"] or inner["japanese"]) and (english or japanese):
        raise UnknownUnitError(
            f"unknown unit {symbol!r}: two multipliers (write one: 1.2 billion, 12億)",
            value=symbol,
        )
    if code and unit:
        raise UnknownUnitError(
            f"unknown unit {symbol!r}: a currency ({currency}) and another unit ({unit})",
            value=symbol,
        )
    base = unit_info(code or unit or "個")
    if code and base.kind is not UnitKind.CURRENCY:
        raise UnknownUnitError(f"unknown unit {symbol!r}: {currency} is no currency", value=symbol)
    multiplier = ENGLISH_MULTIPLIERS.get(english or "") or _JAPANESE_MULTIPLIERS.get(
        japanese or "", 1
    )
    written = japanese or _PINT_PREFIX.get(multiplier, "") if (english or japanese) else ""
    return replace(
        base,
        symbol=symbol,
        factor=base.factor * multiplier,
        pint_symbol=f"{written}{base.pint_symbol or base.symbol.strip() or 'count'}",
    )


# A figure per so many of a population, as its own unit: 10万人当たり件 (10万人当たり3.2件)
# and "per 100,000 population" (3.2 per 100,000 population).
_PER_JA = re.compile(r"(?P<count>[0-9][0-9,.]*[千万億]?)(?P<per>[^0-9当]+)当たり(?P<unit>[^0-9]*)")
_PER_EN = re.compile(
    r"(?P<unit>[^0-9]*?) ?per (?P<count>[0-9][0-9, ]*(?: thousand| million)?) (?P<per>[^0-9]+)"
)


def _per_capita(symbol: str, match: re.Match[str]) -> UnitInfo:
    from kpimodel.units._numbers import NumeralError, decimal_context, normalize, read_number

    count_text = match["count"].replace(" thousand", "千").replace(" million", "百万")
    try:
        number = read_number(normalize(count_text))
    except NumeralError:
        number = None
    if number is None or number.rest or number.value <= 0:
        raise UnknownUnitError(
            f"unknown unit {symbol!r}: cannot read {match['count']!r} as a population",
            value=symbol,
        )
    numerator = unit_info(match["unit"].strip() or "個")
    denominator = unit_info(match["per"].strip())
    if not numerator.dimension or not denominator.dimension:
        raise UnknownUnitError(
            f"unknown unit {symbol!r}: a figure per head counts something per a population",
            value=symbol,
        )
    with localcontext(decimal_context(60)):
        factor = numerator.factor / (denominator.factor * number.value)
    return UnitInfo(
        symbol=symbol,
        dimension=f"{numerator.dimension} / {denominator.dimension}",
        factor=factor,
        base_symbol=f"{numerator.base_symbol}/{denominator.base_symbol}",
        kind=UnitKind.OTHER,
        pint_symbol=f"{numerator.base_symbol}/{denominator.base_symbol}",
    )


def _declared_info(symbol: str, text: str) -> UnitInfo | None:
    from kpimodel.units._declared import declared_unit

    for prefix, factor in (("", 1), *_JAPANESE_MULTIPLIERS.items()):
        if prefix and not text.startswith(prefix):
            continue
        found = declared_unit(text[len(prefix) :])
        if found is not None:
            dimension, base_factor, base_symbol, kind = found
            return UnitInfo(symbol, dimension, base_factor * factor, base_symbol, UnitKind(kind))
    return None


def _declare_hint(text: str) -> str:
    return (
        f" (declare it: units: [{{symbol: {text}, kind: count}}] in the document, or "
        f"kpimodel.units.define_unit({text!r}, 'count'))"
    )


def _is_currency(text: str) -> bool:
    try:
        return unit_info(text).kind is UnitKind.CURRENCY
    except UnknownUnitError:
        return False


#: Unit names whose meaning is not fixed, with the question the error asks.
AMBIGUOUS_UNITS: dict[str, str] = {
    name: (
        f"{name!r} is ambiguous: write 'pp' or 'ポイント' for percentage points (a change "
        "of a share), or 'score' / 'index' for a score or an index value"
    )
    for name in ("points", "point", "pts", "pt")
}


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


class UnitKind(StrEnum):
    """What a unit measures: the vocabulary of :attr:`UnitInfo.kind` (its one home).

    A kind compares equal to its value (``UnitKind.RATIO == "ratio"``).
    """

    CURRENCY = "currency"
    COUNT = "count"
    RATIO = "ratio"
    PERCENTAGE_POINT = "percentage_point"
    RANK = "rank"
    #: t, kWh, km: converted exactly.
    PHYSICAL = "physical"
    #: An index value or a score, never percentage points.
    INDEX = "index"
    OTHER = "other"


@dataclass(frozen=True)
class UnitInfo:
    """What kpimodel needs to know about a unit, computed once per unit symbol.

    Attributes:
        symbol: The unit as written (``億円``).
        pint_unit: The pint unit (built on first access).
        dimension: pint's dimensionality as text (``[currency_jpy]``; ``""`` for ratios).
        factor: The exact factor to the base unit of the dimension (``1E+8`` for 億円).
        base_symbol: The symbol of the base unit (``円``; ``""`` for pure ratios).
        kind: One of ``currency``, ``count``, ``ratio``, ``percentage_point``, ``rank``,
            ``physical`` (t, kWh, km: converted exactly), ``index`` (an index value or a
            score, never percentage points) or ``other``.
    """

    symbol: str
    dimension: str
    factor: Decimal
    base_symbol: str
    kind: UnitKind
    #: The name pint knows the unit by, when the written form is an alias pint's parser
    #: cannot read (``%ポイント``, ``per cent``); ``""`` when it is the symbol itself.
    pint_symbol: str = ""

    @cached_property
    def pint_unit(self) -> Any:
        """The pint unit (imports pint and builds the registry on first access)."""
        reg = get_registry()
        text = self.pint_symbol or self.symbol.strip()
        return reg.Unit(text) if text else reg.dimensionless


def _kind_of(dimension: str) -> UnitKind:
    if dimension.startswith(_CURRENCY_PREFIX) and dimension.count("[") == 1:
        return UnitKind.CURRENCY
    if dimension in _COUNT_DIMENSIONS:
        return UnitKind.COUNT
    if dimension == "":
        return UnitKind.RATIO
    if dimension == "[percentage_point]":
        return UnitKind.PERCENTAGE_POINT
    if dimension == "[rank]":
        return UnitKind.RANK
    if dimension in _PHYSICAL_DIMENSIONS:
        return UnitKind.PHYSICAL
    if dimension in _INDEX_DIMENSIONS:
        return UnitKind.INDEX
    return UnitKind.OTHER


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
    per = _PER_JA.fullmatch(text) or _PER_EN.fullmatch(text)
    if per is not None:
        return _per_capita(symbol, per)
    declared = _declared_info(symbol, text)
    if declared is not None:
        return declared
    composite = COMPOSITE.fullmatch(text)
    if composite is not None and (composite["currency"] or composite["english"]):
        info = _composite(symbol, composite)
        if info is not None:
            return info
    alias = FIXED_ALIASES.get(text)
    if alias is not None:
        return replace(unit_info(alias), symbol=symbol, pint_symbol=alias)
    if text in AMBIGUOUS_UNITS:
        raise UnknownUnitError(f"unknown unit {symbol!r}: {AMBIGUOUS_UNITS[text]}", value=symbol)
    if text not in _SHARE_SIGNS and any(sign in text for sign in _SHARE_SIGNS):
        raise UnknownUnitError(
            f"unknown unit {symbol!r}: %, ‰ and 割 stand alone (write 52% for a share, "
            "10ポイント or 10%ポイント for percentage points)",
            value=symbol,
        )
    if (
        any(ch in _FORBIDDEN for ch in symbol)
        or (any(ch.isdigit() for ch in symbol) and not _named_with_digits(text))
        or any(ch.isspace() for ch in _SPACED_SLASH.sub("/", text))
        or not text.isprintable()
    ):
        plausible = text.isprintable() and not any(ch in _FORBIDDEN or ch.isdigit() for ch in text)
        hint = _declare_hint(text) if plausible and 0 < len(text) <= 30 else ""
        raise UnknownUnitError(f"unknown unit {symbol!r}{hint}", value=symbol)
    simple = _simple_units().get(text)
    if simple is not None:
        return simple if simple.symbol == symbol else replace(simple, symbol=symbol)
    reg = get_registry()
    try:
        unit = reg.Unit(text) if text else reg.dimensionless
        base = reg.Quantity(Decimal(1), unit).to_base_units()
    except Exception as exc:  # pint's parser fails in many ways on text that is no unit
        raise UnknownUnitError(
            f"unknown unit {symbol!r}{_declare_hint(text)}", value=symbol
        ) from exc
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


@cache
def _names_with_digits() -> frozenset[str]:
    """The names definitions.txt gives that contain digits (m2, tCO2e, km2)."""
    text = resources.files("kpimodel.units").joinpath("definitions.txt").read_text("utf-8")
    names: set[str] = set()
    for raw in text.splitlines():
        parts = [part.strip() for part in raw.split("#", 1)[0].split("=")]
        if len(parts) >= 2:
            names.update(name for name in (parts[0], *parts[2:]) if any(c.isdigit() for c in name))
    return frozenset(names)


def _named_with_digits(text: str) -> bool:
    # Digits in a unit are otherwise refused (they would be a misread number); a defined
    # name such as m2 or tCO2e, with or without a Japanese multiplier (万tCO2e), is a unit.
    names = _names_with_digits()
    return text in names or any(
        text.startswith(prefix) and text[len(prefix) :] in names
        for prefix in ("千", "万", "百万", "千万", "億", "兆")
    )
