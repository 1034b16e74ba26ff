"""Units, quantities and ranks: the values KPI tables print."""

from __future__ import annotations

import re
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetJsonSchemaHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from kpimodel.errors import (
    DimensionMismatchError,
    KPIModelError,
    QuantityParseError,
    UnknownUnitError,
)
from kpimodel.units._numbers import normalize, plain, read_number
from kpimodel.units._registry import UnitInfo, unit_info

__all__ = [
    "Quantity",
    "Rank",
    "Unit",
    "parse_quantity",
    "percentage_point_change",
    "relative_change",
]

# Working precision for conversions: generous, so that exact decimal factors (1E+8, 0.01)
# never round, and independent of the caller's decimal context.
_PRECISION = 60
_TEXT_PRECISION = 1000
#: The largest decimal exponent a magnitude may have (a documented input limit).
MAX_EXPONENT = 100
#: The most significant digits a magnitude may have (a documented input limit): every
#: conversion between units, done with :data:`_PRECISION` digits, stays exact.
MAX_DIGITS = 60
_APPROX_PREFIXES = ("約", "概ね", "おおむね", "おおよそ", "およそ", "approximately", "approx.")
_APPROX_PREFIXES_SPACED = ("about", "approx", "ca.", "c.")
_APPROX_SIGNS = ("~", "≈", "〜")
_APPROX_SUFFIXES = ("程度", "前後")
_ASCII_UNIT = re.compile(r"^[A-Za-z]")


class Unit(BaseModel):
    """A unit of measure, kept as written (``億円``) and backed by pint for arithmetic.

    A ``Unit`` validates from and serializes to its symbol, so in YAML or JSON a unit is
    just a string: ``"億円"``, ``"%"``, ``"人"``, ``"ポイント"``, ``"USD"``.

    Attributes:
        symbol: The unit as written in the source table (``""`` for a plain number).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    symbol: str

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"symbol": data}
        return data

    @field_validator("symbol")
    @classmethod
    def _known(cls, symbol: str) -> str:
        symbol = symbol.strip()
        unit_info(symbol)  # raises UnknownUnitError (a ValueError) for unknown units
        return symbol

    @model_serializer(mode="plain")
    def _to_text(self) -> str:
        return self.symbol

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "title": "Unit",
            "description": "A unit as written: 円, 億円, 兆円, %, ポイント, 人, 件, 社, USD ...",
            "examples": ["億円", "%", "人"],
        }

    @property
    def info(self) -> UnitInfo:
        """Cached facts about this unit (pint unit, dimension, factor, kind)."""
        return unit_info(self.symbol)

    @property
    def dimension(self) -> str:
        """Pint's dimensionality as text: ``[currency_jpy]``, ``[person]``, ``""`` for ratios."""
        return self.info.dimension

    @property
    def kind(self) -> str:
        """``currency``, ``count``, ``ratio``, ``percentage_point``, ``rank`` or ``other``."""
        return self.info.kind

    @property
    def pint_unit(self) -> Any:
        """The pint unit, from kpimodel's registry (see :func:`kpimodel.units.get_registry`)."""
        return self.info.pint_unit

    def is_compatible(self, other: Unit) -> bool:
        """Return whether quantities in ``self`` and ``other`` can be compared.

        Args:
            other: Another unit.

        Returns:
            True when both have the same dimension (億円 and 兆円; % and a plain ratio).
        """
        return self.dimension == other.dimension

    def conversion_factor(self, other: Unit) -> Decimal:
        """Return the exact factor that converts magnitudes in ``self`` to ``other``.

        Args:
            other: The target unit.

        Returns:
            ``f`` such that ``x self == x * f other``.

        Raises:
            DimensionMismatchError: When the units have different dimensions.
        """
        if not self.is_compatible(other):
            raise DimensionMismatchError(
                f"cannot convert {self.symbol or 'a plain number'!r} "
                f"({self.dimension or 'ratio'}) to {other.symbol or 'a plain number'!r} "
                f"({other.dimension or 'ratio'})",
                value=self.symbol,
            )
        with localcontext(prec=_PRECISION):
            return self.info.factor / other.info.factor

    def __str__(self) -> str:
        return self.symbol


def _unit(symbol: str) -> Unit:
    try:
        return Unit(symbol=symbol)
    except ValidationError as exc:
        raise kpimodel_error(exc) or UnknownUnitError(
            f"unknown unit {symbol!r}", value=symbol
        ) from exc


@lru_cache(maxsize=1024)
def _shared_unit(symbol: str) -> Unit:
    return _unit(symbol)


def _share(value: Any) -> Any:
    # One shared instance per symbol: units are immutable, and a table of millions of
    # figures in a handful of units should not hold millions of Unit objects.
    return _shared_unit(value) if isinstance(value, str) else value


#: A unit field that reuses one :class:`Unit` instance per symbol.
SharedUnit = Annotated[Unit, BeforeValidator(_share, json_schema_input_type=str)]


def _format_magnitude(magnitude: Decimal) -> str:
    number = plain(magnitude) if magnitude == magnitude.to_integral_value() else magnitude
    sign = "-" if number < 0 else ""
    digits = format(number.copy_abs(), "f")  # abs() would round to the context precision
    whole, dot, fraction = digits.partition(".")
    return f"{sign}{int(whole):,}{dot}{fraction}"


class Quantity(BaseModel):
    """An exact amount in a unit, as printed in a KPI table: ``3,235億円``, ``約52%``.

    Quantities validate from text (``"約1兆7千億円"``, parsed by :func:`parse_quantity`)
    or from ``{"magnitude": "3235", "unit": "億円"}``, and serialize to the latter with
    the magnitude as a string, so every digit survives a JSON round trip.

    Equality is structural (3235 億円 and 0.3235 兆円 are different values);
    use :meth:`equivalent` or the ordering operators, which convert units, to compare
    amounts.

    Attributes:
        magnitude: The exact number, in ``unit``.
        unit: The unit as written.
        approximate: True when the table marked the figure as approximate (約, 概ね, about).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    magnitude: Decimal
    # Built without validation: validating would build the pint registry at import time.
    unit: SharedUnit = Unit.model_construct(symbol="")
    approximate: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            parsed = parse_quantity(data)
            return parsed.model_dump()
        return data

    @field_validator("magnitude")
    @classmethod
    def _finite(cls, magnitude: Decimal) -> Decimal:
        if not magnitude.is_finite():
            raise QuantityParseError("magnitude must be a finite number", value=str(magnitude))
        if magnitude and abs(magnitude.adjusted()) > MAX_EXPONENT:
            raise QuantityParseError(
                f"magnitude is out of range (beyond 1e±{MAX_EXPONENT})", value=str(magnitude)
            )
        # str() is cheap and bounds the digit count from above: look closer only when long.
        if len(str(magnitude)) > MAX_DIGITS and (
            len("".join(map(str, magnitude.as_tuple().digits)).rstrip("0")) > MAX_DIGITS
        ):
            raise QuantityParseError(
                f"magnitude has more than {MAX_DIGITS} significant digits", value=str(magnitude)
            )
        return magnitude

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        if handler.mode == "serialization":
            return schema
        return {
            "anyOf": [
                {
                    "type": "string",
                    "description": "A figure as printed: 3,235億円, 約1.7兆円, 52%, ▲6%",
                },
                schema,
            ]
        }

    @classmethod
    def of(cls, magnitude: Decimal | int | str, unit: str | Unit = "", **kw: Any) -> Self:
        """Build a quantity from a magnitude and a unit symbol.

        Args:
            magnitude: The number; ``str`` and ``int`` are converted exactly. Floats are
                refused because they are rarely the number a table printed.
            unit: The unit symbol or :class:`Unit`.
            **kw: Other fields (``approximate``).

        Returns:
            The quantity.
        """
        if isinstance(magnitude, float):
            raise TypeError("use a str or Decimal magnitude, not float, to keep it exact")
        try:
            return cls(
                magnitude=Decimal(magnitude),
                unit=unit if isinstance(unit, Unit) else _shared_unit(unit),
                **kw,
            )
        except ValidationError as exc:
            raise kpimodel_error(exc) or QuantityParseError(
                f"cannot build a quantity from {magnitude!r} and {unit!r}", value=str(magnitude)
            ) from exc
        except ArithmeticError as exc:  # Decimal("abc")
            raise QuantityParseError(
                f"cannot read magnitude {magnitude!r}", value=str(magnitude)
            ) from exc

    @property
    def dimension(self) -> str:
        """The dimension of the unit (see :attr:`Unit.dimension`)."""
        return self.unit.dimension

    def to(self, unit: str | Unit) -> Quantity:
        """Convert to another unit of the same dimension, exactly.

        Args:
            unit: The target unit.

        Returns:
            A new quantity; ``approximate`` is kept.

        Raises:
            DimensionMismatchError: When the dimensions differ (円 to 人, JPY to USD).
        """
        target = unit if isinstance(unit, Unit) else _unit(unit)
        factor = self.unit.conversion_factor(target)
        with localcontext(prec=_PRECISION):
            magnitude = plain(self.magnitude * factor)
        try:
            return Quantity(magnitude=magnitude, unit=target, approximate=self.approximate)
        except ValidationError as exc:  # beyond MAX_EXPONENT in the target unit
            raise kpimodel_error(exc) or QuantityParseError(
                f"cannot convert {self} to {target}", value=str(self)
            ) from exc

    def magnitude_in(self, unit: str | Unit) -> Decimal:
        """Return the magnitude converted to ``unit``.

        Args:
            unit: The target unit.

        Returns:
            The exact magnitude in ``unit``.
        """
        return self.to(unit).magnitude

    def base_magnitude(self) -> Decimal:
        """Return the magnitude in the base unit of its dimension (円 for 億円)."""
        with localcontext(prec=_PRECISION):
            return self.magnitude * self.unit.info.factor

    def equivalent(self, other: Quantity) -> bool:
        """Return whether two quantities are the same amount (3235億円 and 0.3235兆円).

        Args:
            other: Another quantity.

        Returns:
            True when the amounts are equal after conversion.

        Raises:
            DimensionMismatchError: When the dimensions differ.
        """
        return self._compare(other) == 0

    def _compare(self, other: Quantity) -> int:
        if not isinstance(other, Quantity):
            return NotImplemented
        self.unit.conversion_factor(other.unit)  # raises on a dimension mismatch
        a, b = self.base_magnitude(), other.base_magnitude()
        return (a > b) - (a < b)

    def __lt__(self, other: Quantity) -> bool:
        return self._compare(other) < 0

    def __le__(self, other: Quantity) -> bool:
        return self._compare(other) <= 0

    def __gt__(self, other: Quantity) -> bool:
        return self._compare(other) > 0

    def __ge__(self, other: Quantity) -> bool:
        return self._compare(other) >= 0

    def __add__(self, other: Quantity) -> Quantity:
        if not isinstance(other, Quantity):
            return NotImplemented
        other_here = other.to(self.unit)
        with localcontext(prec=_PRECISION):
            magnitude = self.magnitude + other_here.magnitude
        return Quantity(
            magnitude=magnitude,
            unit=self.unit,
            approximate=self.approximate or other.approximate,
        )

    def __sub__(self, other: Quantity) -> Quantity:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self + (-other)

    def __neg__(self) -> Quantity:
        return self.model_copy(update={"magnitude": -self.magnitude})

    def __str__(self) -> str:
        prefix = "約" if self.approximate else ""
        symbol = self.unit.symbol
        sep = " " if _ASCII_UNIT.match(symbol) else ""
        return f"{prefix}{_format_magnitude(self.magnitude)}{sep}{symbol}"


class Rank(Quantity):
    """A position in a league table (``12位``): an ordinal where lower is better.

    Ranks are not amounts: adding two ranks is an error. They serialize like quantities
    with the unit ``位``.
    """

    unit: SharedUnit = Unit.model_construct(symbol="位")

    @field_validator("unit")
    @classmethod
    def _rank_unit(cls, unit: Unit) -> Unit:
        if unit.kind != "rank" or unit.symbol != "位":
            raise DimensionMismatchError("a rank must have the unit '位'", value=unit.symbol)
        return unit

    @field_validator("magnitude")
    @classmethod
    def _position(cls, magnitude: Decimal) -> Decimal:
        if magnitude != magnitude.to_integral_value() or magnitude < 1:
            raise QuantityParseError("a rank must be a whole number from 1", value=str(magnitude))
        return magnitude

    @property
    def position(self) -> int:
        """The rank as an integer (1 is first)."""
        return int(self.magnitude)

    def __add__(self, other: Quantity) -> Quantity:
        raise DimensionMismatchError("ranks are ordinals and cannot be added", value=str(self))

    def __neg__(self) -> Quantity:
        raise DimensionMismatchError("ranks are ordinals and cannot be negated", value=str(self))


def parse_quantity(text: str) -> Quantity:
    """Read a figure as KPI tables print it.

    Understands thousands separators (``32,163,179件``), Japanese multipliers
    (``3,235億円``, ``3,100万件``, ``1.4万社``, ``約1兆7千億円``), full-width digits
    (``３２３５億円``), signs including ▲ and △ for negative figures (``▲6%``,
    ``+3,003人``), approximate markers (約, 概ね, about, ~, 程度) kept as
    :attr:`Quantity.approximate`, percentages, percentage points (``約20ポイント``) and
    ranks (``12位``, returned as a :class:`Rank`).

    Args:
        text: The figure as printed.

    Returns:
        The quantity (a :class:`Rank` for ``位``).

    Raises:
        QuantityParseError: When the text is not a figure kpimodel can read exactly. The
            message quotes the text. Nothing is ever guessed: ``1,5億円`` is an error.
        UnknownUnitError: When the number is followed by an unknown unit.
    """
    if not isinstance(text, str):
        raise QuantityParseError("a quantity must be given as text", value=text)
    if len(text) > 200:
        raise QuantityParseError("quantity text is too long (over 200 characters)", value=text)
    body = normalize(text)
    approximate = False
    lowered = body.lower()
    for marker in _APPROX_PREFIXES + _APPROX_SIGNS:
        if lowered.startswith(marker):
            approximate, body = True, body[len(marker) :].lstrip()
            break
    else:
        for marker in _APPROX_PREFIXES_SPACED:
            if lowered.startswith(marker + " "):
                approximate, body = True, body[len(marker) :].lstrip()
                break
    for marker in _APPROX_SUFFIXES:
        if body.endswith(marker):
            approximate, body = True, body[: -len(marker)].rstrip()
    sign = Decimal(1)
    if body[:1] in "+-" and body:
        sign = Decimal(-1) if body[0] == "-" else Decimal(1)
        body = body[1:].lstrip()
    ordinal = body.startswith("第")
    if ordinal:
        body = body[1:]
    with localcontext(prec=_TEXT_PRECISION):  # every digit of a 200-character figure
        number = read_number(body)
    if number is None:
        raise QuantityParseError(f"cannot read quantity {text!r}", value=text)
    symbol = number.rest.strip()
    if ordinal and symbol != "位":
        raise QuantityParseError(f"cannot read quantity {text!r}", value=text)
    try:
        if symbol == "位":
            if number.multiplier or sign < 0:
                raise QuantityParseError(
                    f"cannot read rank {text!r}: a rank is a whole number from 1", value=text
                )
            return Rank(magnitude=number.value, approximate=approximate)
        if number.multiplier:
            candidate = number.multiplier + symbol
            if symbol and _ASCII_UNIT.match(symbol):
                # 3億 USD: pint has no CJK prefixes on ASCII units; keep the exact value.
                magnitude, unit = number.value, _shared_unit(symbol)
            elif symbol == "":
                magnitude, unit = number.value, _shared_unit("")
            else:
                magnitude, unit = number.coefficient, _shared_unit(candidate)
        else:
            magnitude, unit = number.value, _shared_unit(symbol)
        if unit.kind == "rank":
            raise QuantityParseError(f"cannot read rank {text!r}", value=text)
        magnitude = magnitude.copy_negate() if sign < 0 else magnitude
        return Quantity(magnitude=magnitude, unit=unit, approximate=approximate)
    except UnknownUnitError as exc:
        raise UnknownUnitError(
            f"cannot read quantity {text!r}: unknown unit {symbol!r}", value=text
        ) from exc
    except QuantityParseError:
        raise
    except ValidationError as exc:
        inner = kpimodel_error(exc)
        if isinstance(inner, UnknownUnitError):
            raise UnknownUnitError(
                f"cannot read quantity {text!r}: unknown unit {symbol!r}", value=text
            ) from exc
        reason = f": {inner.message}" if inner is not None else ""
        raise QuantityParseError(f"cannot read quantity {text!r}{reason}", value=text) from exc
    except ValueError as exc:
        raise QuantityParseError(f"cannot read quantity {text!r}", value=text) from exc


def kpimodel_error(exc: ValidationError) -> KPIModelError | None:
    """Return the first kpimodel error a pydantic ``ValidationError`` wraps, if any.

    Args:
        exc: The pydantic error.

    Returns:
        The kpimodel error a validator raised, or ``None``.
    """
    for item in exc.errors(include_url=False):
        original = (item.get("ctx") or {}).get("error")
        if isinstance(original, KPIModelError):
            return original
    return None


def percentage_point_change(old: Quantity, new: Quantity) -> Quantity:
    """Return the change from ``old`` to ``new`` in percentage points (52% -> 54%: +2 pp).

    Args:
        old: The earlier share (a percentage or a plain ratio).
        new: The later share.

    Returns:
        The difference in ``ポイント`` (percentage points).

    Raises:
        DimensionMismatchError: When either value is not a share.
    """
    for value in (old, new):
        if value.unit.kind != "ratio":
            raise DimensionMismatchError(
                "percentage-point changes need two shares (%)", value=str(value)
            )
    with localcontext(prec=_PRECISION):
        diff = new.magnitude_in("%") - old.magnitude_in("%")
    return Quantity(
        magnitude=plain(diff),
        unit=_shared_unit("ポイント"),
        approximate=old.approximate or new.approximate,
    )


def relative_change(old: Quantity, new: Quantity, precision: int = 28) -> Quantity:
    """Return the relative change from ``old`` to ``new`` in percent (52% -> 54%: +3.846...%).

    Args:
        old: The earlier value; must not be zero.
        new: The later value, in a compatible unit.
        precision: Significant digits of the result.

    Returns:
        The change in ``%``.

    Raises:
        DimensionMismatchError: When the units are incompatible.
        ZeroDivisionError: When ``old`` is zero.
    """
    factor = new.unit.conversion_factor(old.unit)
    if old.magnitude == 0:
        raise ZeroDivisionError(f"relative change from zero ({old}) is undefined")
    with localcontext(prec=precision):
        ratio = (new.magnitude * factor - old.magnitude) / old.magnitude * 100
    return Quantity(
        magnitude=plain(ratio),
        unit=_shared_unit("%"),
        approximate=old.approximate or new.approximate,
    )
