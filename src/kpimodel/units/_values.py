"""Units, quantities and ranks: the values KPI tables print."""

from __future__ import annotations

import numbers
import re
import unicodedata
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
from kpimodel.units._numbers import (
    NumberText,
    NumeralError,
    decimal_context,
    normalize,
    plain,
    read_number,
)
from kpimodel.units._registry import CURRENCY_SIGNS, ENGLISH_MULTIPLIERS, UnitInfo, unit_info

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
#: The largest decimal exponent a magnitude may have (a documented input limit).
MAX_EXPONENT = 100
#: The most significant digits a magnitude may have (a documented input limit): every
#: conversion between units, done with :data:`_PRECISION` digits, stays exact.
MAX_DIGITS = 60
_APPROX_PREFIXES = ("約", "概ね", "おおむね", "おおよそ", "およそ", "approximately", "approx.")
_APPROX_PREFIXES_SPACED = ("about", "approx", "ca.", "c.")
# ASCII "~" is "about" in English tables; the Japanese wave dashes are refused (see
# _UP_TO), so only the ASCII form (which NFKC also makes of a full-width ～) is checked
# after the raw text has been checked for the Japanese forms.
_APPROX_SIGNS = ("~", "≈")
# In Japanese tables a leading 〜 or ～ (〜6%) usually means "up to", not "about".
_UP_TO = ("〜", "～")
# Footnote marks: ※1, *1, (注1), 注1, daggers. Superscript and circled digits are caught by
# their Unicode category (see _folded_digit).
_FOOTNOTE = re.compile(r"※|\*\s*\d|[(（]\s*注|注\s*[0-9０-９]|[†‡]")
_APPROX_SUFFIXES = ("程度", "前後")
_ASCII_UNIT = re.compile(r"^[A-Za-z]")
# A currency written before the figure, as it is kept at the front of a unit's symbol.
_CURRENCY_SYMBOL = re.compile(r"(?:US\$|A\$|C\$|NZ\$|HK\$|S\$|\$|€|£|¥|[A-Z]{3} )(?=.|$)")
# Multipliers printed against the figure (5bn, 40m, 10k), not after a space.
_SHORT_MULTIPLIERS = frozenset({"k", "K", "m", "mn", "M", "bn", "B", "tn"})


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
        with localcontext(decimal_context(_PRECISION)):
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
        with localcontext(decimal_context(_PRECISION)):
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
        with localcontext(decimal_context(_PRECISION)):
            return self.magnitude * self.unit.info.factor

    def equivalent(self, other: Quantity) -> bool:
        """Return whether two quantities are the same amount (3235億円 and 0.3235兆円).

        Args:
            other: Another quantity.

        Returns:
            True when the amounts are equal after conversion.

        Raises:
            DimensionMismatchError: When the dimensions differ or ``other`` is no quantity.
        """
        if not isinstance(other, Quantity):
            self._not_a_quantity(other)
            raise DimensionMismatchError(
                f"cannot compare {self} with {_safe_repr(other)}, which is not a quantity",
                value=_safe_repr(other),
            )
        return self._compare(other) == 0

    def _compare(self, other: Quantity) -> int:
        self.unit.conversion_factor(other.unit)  # raises on a dimension mismatch
        a, b = self.base_magnitude(), other.base_magnitude()
        return (a > b) - (a < b)

    def _not_a_quantity(self, other: object) -> bool:
        # A bare number has no unit: 3,235億円 < 5 could mean 5円 or 5億円, so it is an
        # error rather than a guess. Anything else is not ours to compare.
        if isinstance(other, numbers.Number):
            raise DimensionMismatchError(
                f"cannot compare {self} with the bare number {_safe_repr(other)}: compare "
                f"with a quantity (parse_quantity('5{self.unit.symbol}')) or compare "
                f"magnitudes (q.magnitude_in({self.unit.symbol!r}) < 5)",
                value=_safe_repr(other),
            )
        return NotImplemented  # type: ignore[no-any-return]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return self._not_a_quantity(other)
        return self._compare(other) < 0

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return self._not_a_quantity(other)
        return self._compare(other) <= 0

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return self._not_a_quantity(other)
        return self._compare(other) > 0

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return self._not_a_quantity(other)
        return self._compare(other) >= 0

    def __add__(self, other: Quantity) -> Quantity:
        if not isinstance(other, Quantity):
            return NotImplemented
        other_here = other.to(self.unit)
        with localcontext(decimal_context(_PRECISION)):
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
        # copy_negate, not unary minus: the minus would round to the caller's precision.
        return self.model_copy(update={"magnitude": self.magnitude.copy_negate()})

    def __str__(self) -> str:
        prefix = "約" if self.approximate else ""
        symbol = self.unit.symbol
        currency = _CURRENCY_SYMBOL.match(symbol) or _PER_HEAD.match(symbol)
        if currency is not None and (
            currency.re is _PER_HEAD or _is_currency_code(currency.group().strip())
        ):
            prefix += currency.group()  # €5bn, EUR 200 billion, ¥1.2兆
            symbol = symbol[currency.end() :]
        short = symbol.split(" ", 1)[0] in _SHORT_MULTIPLIERS
        sep = " " if _ASCII_UNIT.match(symbol) and not short else ""
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
        shown = _safe_repr(text)
        raise QuantityParseError(
            f"a quantity must be given as text ('3,235億円'), not {type(text).__name__} {shown}",
            value=shown,
        )
    if len(text) > 200:
        raise QuantityParseError("quantity text is too long (over 200 characters)", value=text)
    _refuse_marks(text)
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
    bound = _bound_word(body)
    if bound is not None:
        word, meaning = bound
        raise QuantityParseError(
            f"cannot read quantity {text!r}: {word!r} makes it a bound ({meaning}); an "
            "observation reads it as its bound and a target's value as its comparison, "
            "elsewhere write the figure alone",
            value=text,
        )
    sign = Decimal(1)
    if body[:1] in "+-" and body:
        sign = Decimal(-1) if body[0] == "-" else Decimal(1)
        body = body[1:].lstrip()
    currency = ""
    sign_before = _CURRENCY_BEFORE.match(body)
    if sign_before is not None and (sign_before["sign"] or _is_currency_code(sign_before["code"])):
        currency = sign_before["sign"] or f"{sign_before['code']} "
        body = body[sign_before.end() :]
    per_head = _PER_HEAD.match(body)
    if per_head is not None:  # 10万人当たり3.2件: the population joins the unit
        body = body[per_head.end() :]
    ordinal = body.startswith("第")
    if ordinal:
        body = body[1:]
    try:
        number = read_number(body)
    except NumeralError as exc:
        raise QuantityParseError(
            f"cannot read quantity {text!r}: {exc.reason}", value=text
        ) from exc
    if number is None:
        raise QuantityParseError(f"cannot read quantity {text!r}", value=text)
    symbol = number.rest.strip()
    if ordinal and symbol != "位":
        raise QuantityParseError(f"cannot read quantity {text!r}", value=text)
    if per_head is not None:
        symbol = per_head.group().strip() + symbol
    if symbol in _ORDINAL_SUFFIXES and not currency:
        return _english_rank(text, number.value, number.multiplier, symbol, sign, approximate)
    if currency:
        # €5bn, EUR 200 billion, ¥1.2兆: the currency joins the unit as written.
        multiplier = number.multiplier if number.multiplier in _JA_PREFIXES else ""
        word = " " if symbol.lower() in _WORD_MULTIPLIERS and not currency.endswith(" ") else ""
        symbol = f"{currency}{word}{multiplier}{symbol}"
        magnitude = number.coefficient if multiplier else number.value
        number = NumberText(magnitude, magnitude, "", "")
    try:
        if symbol == "位":
            if number.multiplier or sign < 0:
                raise QuantityParseError(
                    f"cannot read rank {text!r}: a rank is a whole number from 1", value=text
                )
            return Rank(magnitude=number.value, approximate=approximate)
        if number.multiplier and symbol.split(" ", 1)[0] in ENGLISH_MULTIPLIERS:
            raise QuantityParseError(
                f"cannot read quantity {text!r}: two multipliers (write one: 1.2 billion, 12億)",
                value=text,
            )
        if number.multiplier:
            candidate = number.multiplier + symbol
            if symbol and (_ASCII_UNIT.match(symbol) or symbol in ("%", "‰", "割")):
                # 3億 USD: pint has no CJK prefixes on ASCII units, nor on shares (1万%);
                # keep the exact value.
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
        raise _unknown_unit(text, symbol, exc) from exc
    except QuantityParseError:
        raise
    except ValidationError as exc:
        inner = kpimodel_error(exc)
        if isinstance(inner, UnknownUnitError):
            raise _unknown_unit(text, symbol, inner) from exc
        reason = f": {inner.message}" if inner is not None else ""
        raise QuantityParseError(f"cannot read quantity {text!r}{reason}", value=text) from exc
    except ValueError as exc:
        raise QuantityParseError(f"cannot read quantity {text!r}", value=text) from exc


_CURRENCY_BEFORE = re.compile(
    rf"(?:(?P<sign>{'|'.join(re.escape(sign) for sign in CURRENCY_SIGNS)})\s*|"
    r"(?P<code>[A-Z]{3})\s+)(?=[0-9.])"
)
_JA_PREFIXES = ("千万", "百万", "千", "万", "億", "兆")
_PER_HEAD = re.compile(r"[0-9][0-9,.]*[千万億]?[^0-9当]+当たり\s*")
_WORD_MULTIPLIERS = ("thousand", "million", "billion", "trillion")
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
# Bounds written into a figure, and the observation bound (see kpimodel.model.Bound) each
# one means: the word after (2兆円超) or before (more than 10 million) the figure.
BOUND_SUFFIXES: dict[str, str] = {
    "超": "above",
    "以上": "at_least",
    "未満": "below",
    "以下": "at_most",
    "or more": "at_least",
    "or less": "at_most",
}
BOUND_PREFIXES: dict[str, str] = {
    "more than": "above",
    "over": "above",
    "above": "above",
    "at least": "at_least",
    "less than": "below",
    "fewer than": "below",
    "under": "below",
    "below": "below",
    "at most": "at_most",
    "up to": "at_most",
}
# Comparison signs before a figure (> 90%, ≥90%, ≦ 5件), with or without a space. NFKC has
# already folded the full-width ＞ and ＜; ≧ and ≦ are the forms Japanese tables print.
BOUND_SIGNS: dict[str, str] = {
    ">=": "at_least",
    "<=": "at_most",
    "≥": "at_least",
    "≧": "at_least",
    "≤": "at_most",
    "≦": "at_most",
    ">": "above",
    "<": "below",
}


def _bound_word(body: str) -> tuple[str, str] | None:
    lowered = body.lower()
    for word, meaning in BOUND_SUFFIXES.items():
        if lowered.endswith(word):
            return word, meaning
    for word, meaning in BOUND_PREFIXES.items():
        if lowered.startswith(word + " "):
            return word, meaning
    for sign, meaning in BOUND_SIGNS.items():
        if lowered.startswith(sign):
            return sign, meaning
    return None


def split_bound(text: str) -> tuple[str, str | None]:
    """Split a bound written into a figure from the figure (``2兆円超`` -> ``2兆円``, above).

    Args:
        text: The figure as printed.

    Returns:
        The figure without the bound word, and the bound (``above``, ``at_least``,
        ``below`` or ``at_most``, the values of :class:`kpimodel.model.Bound`), or the
        text unchanged and ``None``.
    """
    body = normalize(text)
    found = _bound_word(body)
    if found is None:
        return text, None
    word, meaning = found
    if body.lower().startswith(word + " ") or word in BOUND_SIGNS:
        return body[len(word) :].strip(), meaning
    return body[: -len(word)].strip(), meaning


def _is_currency_code(code: str | None) -> bool:
    if not code:
        return False
    if code in CURRENCY_SIGNS:
        return True
    try:
        return unit_info(code).kind == "currency"
    except UnknownUnitError:
        return False


def _english_rank(
    text: str, value: Decimal, multiplier: str, suffix: str, sign: Decimal, approximate: bool
) -> Rank:
    # 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st: the suffix must fit the number.
    whole = value == value.to_integral_value() and not multiplier and sign > 0 and value >= 1
    expected = ""
    if whole:
        n = int(value)
        expected = (
            "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        )
    if not whole or suffix != expected:
        raise QuantityParseError(
            f"cannot read rank {text!r}: a rank is a whole number from 1 with its own "
            f"suffix (1st, 2nd, 3rd, 12th)",
            value=text,
        )
    return Rank(magnitude=value, approximate=approximate)


def _unknown_unit(text: str, symbol: str, exc: KPIModelError) -> UnknownUnitError:
    # Keep the registry's reason (a share sign beside a unit, an ambiguous name) but name
    # the unit as the text wrote it (万件 is read as 件 with the multiplier 万).
    detail = _UNIT_DETAIL.match(exc.message)
    reason = detail.group(1) if detail is not None else ""
    return UnknownUnitError(
        f"cannot read quantity {text!r}: unknown unit {symbol!r}{reason}", value=text
    )


_UNIT_DETAIL = re.compile(r"unknown unit '(?:[^'\\]|\\.)*'(.*)\Z", re.DOTALL)


def _safe_repr(value: object) -> str:
    """Return a short ``repr`` of any value, even one whose ``repr`` fails (10**5000)."""
    try:
        text = repr(value)
    except Exception:  # int.__repr__ refuses more than 4,300 digits; a foreign repr may fail
        return f"<{type(value).__name__}>"
    return text if len(text) <= 60 else f"{text[:57]}..."


def _folded_digit(ch: str) -> bool:
    # Superscript, subscript, circled and fraction forms (category No) and Roman numerals
    # (Nl, except the kanji zero 〇) become digits under NFKC: 52¹% would read 521%.
    category = unicodedata.category(ch)
    return category == "No" or (category == "Nl" and ch != "〇")


def _refuse_marks(text: str) -> None:
    """Refuse footnote marks and a leading 〜 before NFKC can fold them into the figure."""
    stripped = text.strip()
    if stripped.startswith(_UP_TO):
        raise QuantityParseError(
            f"cannot read quantity {text!r}: a leading {stripped[0]} means 'up to' in "
            f"Japanese tables; write the bound ({stripped[1:].strip()}以下, or bound: "
            f"at_most on the observation) or, for 'about', 約{stripped[1:].strip()}",
            value=text,
        )
    mark = next((ch for ch in text if _folded_digit(ch)), None)
    found = _FOOTNOTE.search(text)
    if mark is not None or found is not None:
        shown = mark if mark is not None else found.group() if found is not None else ""
        raise QuantityParseError(
            f"cannot read quantity {text!r}: {shown!r} is a footnote mark or a number form "
            "that would be read into the figure; remove it and keep the footnote in the "
            "observation's note",
            value=text,
        )


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
    with localcontext(decimal_context(_PRECISION)):
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
    with localcontext(decimal_context(precision)):
        ratio = (new.magnitude * factor - old.magnitude) / old.magnitude * 100
    return Quantity(
        magnitude=plain(ratio),
        unit=_shared_unit("%"),
        approximate=old.approximate or new.approximate,
    )
