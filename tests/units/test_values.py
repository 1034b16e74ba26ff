"""Units, quantities and ranks: parsing printed figures, exact arithmetic, dimensions."""

from __future__ import annotations

import json
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kpimodel import (
    DimensionMismatchError,
    Quantity,
    QuantityParseError,
    Rank,
    Unit,
    UnknownUnitError,
    parse_quantity,
    percentage_point_change,
    relative_change,
)
from kpimodel.testing.strategies import (
    UNIT_SYMBOLS,
    decimals_for,
    quantities,
    quantity_texts,
    ranks,
    units,
)

# --- parse_quantity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "magnitude", "unit", "approximate"),
    [
        ("3,235億円", "3235", "億円", False),
        ("約1兆7千億円", "1.7", "兆円", True),
        ("32,163,179件", "32163179", "件", False),
        ("1億アクセス", "1", "億アクセス", False),
        ("52%", "52", "%", False),
        ("▲6%", "-6", "%", False),
        ("△6%", "-6", "%", False),
        ("+3,003人", "3003", "人", False),
        ("３２３５億円", "3235", "億円", False),
        ("約20ポイント", "20", "ポイント", True),
        ("3,100万件", "3100", "万件", False),
        ("1.4万社", "1.4", "万社", False),
        ("概ね100%", "100", "%", True),
        ("8割程度", "8", "割", True),
        ("約1.5兆円", "1.5", "兆円", True),
        ("55.2%", "55.2", "%", False),
        ("2766人", "2766", "人", False),
        ("百二十四人", "124", "人", False),
        ("1,500 USD", "1500", "USD", False),
        ("0.3235兆円", "0.3235", "兆円", False),
        ("3235 億円", "3235", "億円", False),
        ("74件", "74", "件", False),
        ("0万人", "0", "万人", False),
    ],
)
def test_parse_quantity(text: str, magnitude: str, unit: str, approximate: bool) -> None:
    q = parse_quantity(text)
    assert type(q) is Quantity
    assert q.magnitude == Decimal(magnitude)
    assert q.unit == Unit(symbol=unit)
    assert q.approximate is approximate


def test_parse_kanji_compound_is_exact() -> None:
    q = parse_quantity("約1兆7千億円")
    assert q.base_magnitude() == Decimal("1.7e12")
    assert q.equivalent(Quantity.of("17000", "億円"))


@pytest.mark.parametrize(("text", "position"), [("12位", 12), ("第3位", 3), ("１位", 1)])
def test_parse_rank(text: str, position: int) -> None:
    rank = parse_quantity(text)
    assert isinstance(rank, Rank)
    assert rank.position == position
    assert rank.unit.symbol == "位"


@pytest.mark.parametrize(
    "text",
    ["1,5億円", "abc", "", "12兆位", "1.5位", "-3位", "▲3位", "0位", "1,0000件", "約", "1..5円"],
)
def test_parse_errors_quote_the_text(text: str) -> None:
    with pytest.raises(QuantityParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("text", ["3 foo", "5 widgets", "12 furlongs", "3ペソ"])
def test_unknown_units_are_named(text: str) -> None:
    with pytest.raises(QuantityParseError) as info:  # UnknownUnitError is one
        parse_quantity(text)
    assert isinstance(info.value, UnknownUnitError)
    assert repr(text) in str(info.value)
    assert "unknown unit" in str(info.value)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(QuantityParseError):
        parse_quantity(3235)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("3,235億円", "3,235億円"),
        ("約1兆7千億円", "約1.7兆円"),
        ("32,163,179件", "32,163,179件"),
        ("52%", "52%"),
        ("▲6%", "-6%"),
        ("約20ポイント", "約20ポイント"),
        ("12位", "12位"),
        ("1.4万社", "1.4万社"),
        ("1,500 USD", "1,500 USD"),
    ],
)
def test_str_prints_as_the_table_did(text: str, printed: str) -> None:
    assert str(parse_quantity(text)) == printed


@given(quantity_texts())
def test_printed_figures_parse_to_their_quantity(case: tuple[str, Quantity]) -> None:
    text, expected = case
    parsed = parse_quantity(text)
    assert parsed == expected
    assert type(parsed) is type(expected)


@given(quantities(approximate=None, signed=True) | ranks())
def test_str_parses_back(q: Quantity) -> None:
    parsed = parse_quantity(str(q))
    assert parsed == q
    assert type(parsed) is type(q)


# --- exactness and conversion -----------------------------------------------------------------


def test_oku_to_cho_is_exact() -> None:
    q = parse_quantity("3,235億円").to("兆円")
    assert q.magnitude == Decimal("0.3235")
    assert str(q.magnitude) == "0.3235"
    assert q == Quantity.of("0.3235", "兆円")


def test_structural_equality_versus_equivalence() -> None:
    oku, cho = Quantity.of("3235", "億円"), Quantity.of("0.3235", "兆円")
    assert oku != cho
    assert oku.equivalent(cho)
    assert not oku.equivalent(Quantity.of("0.3236", "兆円"))
    assert oku < Quantity.of("0.3236", "兆円")
    assert oku >= cho
    assert oku <= cho


@given(decimals_for("億円"))
def test_oku_cho_oku_is_the_identity(magnitude: Decimal) -> None:
    q = Quantity(magnitude=magnitude, unit="億円")
    back = q.to("兆円").to("億円")
    assert back.magnitude == magnitude
    assert back == q


@given(quantities(), st.data())
def test_conversion_within_a_dimension_round_trips(q: Quantity, data: st.DataObject) -> None:
    other = data.draw(
        st.sampled_from([u for u in UNIT_SYMBOLS if q.unit.is_compatible(Unit(symbol=u))])
    )
    there = q.to(other)
    assert there.equivalent(q)
    assert there.to(q.unit).magnitude == q.magnitude
    assert there.approximate is q.approximate


def test_decimal_sums_are_exact() -> None:
    total = Quantity.of("0.1", "兆円") + Quantity.of("0.2", "兆円")
    assert total == Quantity.of("0.3", "兆円")
    assert Quantity.of("3235", "億円") + Quantity.of("1", "兆円") == Quantity.of("13235", "億円")


@pytest.mark.parametrize(
    ("text", "magnitude"),
    [("32,163,179件", "32163179"), ("0.3235兆円", "0.3235"), ("約1.70兆円", "1.70")],
)
def test_json_round_trip_keeps_every_digit(text: str, magnitude: str) -> None:
    q = parse_quantity(text)
    data = json.loads(q.model_dump_json())
    assert data["magnitude"] == magnitude
    back = Quantity.model_validate_json(q.model_dump_json())
    assert back == q
    assert str(back.magnitude) == magnitude


@given(quantities(signed=True))
def test_json_round_trip(q: Quantity) -> None:
    back = Quantity.model_validate_json(q.model_dump_json())
    assert back == q
    assert str(back.magnitude) == str(q.magnitude)


def test_quantity_validates_from_text_and_mapping() -> None:
    assert Quantity.model_validate("3,235億円") == Quantity.of("3235", "億円")
    assert Quantity.model_validate({"magnitude": "3235", "unit": "億円"}) == Quantity.of(
        "3235", "億円"
    )


def test_float_magnitudes_are_refused() -> None:
    with pytest.raises(TypeError, match="float"):
        Quantity.of(1.5, "兆円")  # type: ignore[arg-type]


@pytest.mark.parametrize("magnitude", ["NaN", "Infinity", "-Infinity", "1E+200"])
def test_non_finite_or_huge_magnitudes_are_refused(magnitude: str) -> None:
    with pytest.raises((ValidationError, QuantityParseError)):
        Quantity(magnitude=Decimal(magnitude), unit="円")


def test_quantities_are_hashable_and_picklable() -> None:
    q = parse_quantity("約3,235億円")
    assert hash(q) == hash(Quantity.of("3235", "億円", approximate=True))
    assert pickle.loads(pickle.dumps(q)) == q


# --- dimensions ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("120社", "5校"),
        ("1 USD", "1円"),
        ("52%", "2ポイント"),
        ("3,235億円", "1人"),
        ("1億アクセス", "1件"),
        ("10人", "10件"),
    ],
)
def test_incompatible_units_cannot_be_added(a: str, b: str) -> None:
    with pytest.raises(DimensionMismatchError):
        parse_quantity(a) + parse_quantity(b)
    with pytest.raises(DimensionMismatchError):
        parse_quantity(a).to(parse_quantity(b).unit)
    with pytest.raises(DimensionMismatchError):
        parse_quantity(a).equivalent(parse_quantity(b))


def test_percent_and_plain_ratio_are_compatible() -> None:
    assert parse_quantity("50%").equivalent(parse_quantity("0.5"))
    assert parse_quantity("8割").equivalent(parse_quantity("80%"))


def test_percentage_point_change() -> None:
    change = percentage_point_change(parse_quantity("52%"), parse_quantity("54%"))
    assert change == Quantity.of("2", "ポイント")
    assert change.unit.kind == "percentage_point"
    assert percentage_point_change(parse_quantity("22%"), parse_quantity("42%")) == Quantity.of(
        "20", "ポイント"
    )


def test_percentage_point_change_needs_shares() -> None:
    with pytest.raises(DimensionMismatchError):
        percentage_point_change(parse_quantity("1億円"), parse_quantity("2億円"))


def test_relative_change() -> None:
    change = relative_change(parse_quantity("52%"), parse_quantity("54%"))
    assert change.unit.symbol == "%"
    assert abs(change.magnitude - Decimal("3.846")) < Decimal("0.001")
    assert change.magnitude == Decimal(2) / Decimal(52) * 100
    assert relative_change(parse_quantity("1.5兆円"), parse_quantity("17000億円")) == Quantity.of(
        "13.33333333333333333333333333", "%"
    )


def test_relative_change_from_zero_and_across_dimensions() -> None:
    with pytest.raises(ZeroDivisionError):
        relative_change(parse_quantity("0件"), parse_quantity("5件"))
    with pytest.raises(DimensionMismatchError):
        relative_change(parse_quantity("5件"), parse_quantity("5人"))


def test_ranks_are_ordinals() -> None:
    with pytest.raises(DimensionMismatchError):
        parse_quantity("12位") + parse_quantity("1位")
    with pytest.raises(DimensionMismatchError):
        -parse_quantity("12位")
    assert parse_quantity("12位") > parse_quantity("4位")


@pytest.mark.parametrize("magnitude", ["0", "1.5", "-3"])
def test_rank_needs_a_whole_position(magnitude: str) -> None:
    with pytest.raises(ValidationError):
        Rank(magnitude=Decimal(magnitude))


def test_rank_needs_the_rank_unit() -> None:
    with pytest.raises(ValidationError):
        Rank(magnitude=3, unit="人")


# --- Unit -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "kind", "dimension"),
    [
        ("億円", "currency", "[currency_jpy]"),
        ("USD", "currency", "[currency_usd]"),
        ("人", "count", "[person]"),
        ("万件", "count", "[case]"),
        ("社", "count", "[company]"),
        ("校", "count", "[school]"),
        ("機関", "count", "[institution]"),
        ("億アクセス", "count", "[access]"),
        ("%", "ratio", ""),
        ("", "ratio", ""),
        ("ポイント", "percentage_point", "[percentage_point]"),
        ("位", "rank", "[rank]"),
    ],
)
def test_unit_kinds(symbol: str, kind: str, dimension: str) -> None:
    unit = Unit(symbol=symbol)
    assert unit.kind == kind
    assert unit.dimension == dimension
    assert str(unit) == symbol


def test_unit_validates_from_and_serializes_to_its_symbol() -> None:
    assert Unit.model_validate("億円") == Unit(symbol="億円")
    assert Unit(symbol="億円").model_dump() == "億円"


def test_conversion_factor_is_exact() -> None:
    assert Unit(symbol="億円").conversion_factor(Unit(symbol="兆円")) == Decimal("0.0001")
    assert Unit(symbol="%").conversion_factor(Unit(symbol="")) == Decimal("0.01")


@pytest.mark.parametrize("symbol", ["foo", "furlong", "円#x", "円 円", "1円", "円+円", "円/円"])
def test_unknown_units_are_refused(symbol: str) -> None:
    with pytest.raises(ValidationError) as info:
        Unit(symbol=symbol)
    assert "unknown unit" in str(info.value)


@given(units())
def test_documented_units_are_known(unit: Unit) -> None:
    assert unit.kind in ("currency", "count", "ratio", "percentage_point")
    assert Unit(symbol=unit.symbol) == unit


def test_quantities_share_one_unit_instance_per_symbol() -> None:
    # Regression (memory): every figure held its own Unit object; a table of millions of
    # figures in a handful of units now holds one per symbol.
    a = Quantity.model_validate({"magnitude": "1", "unit": "億円"})
    b = Quantity.model_validate_json('{"magnitude": "2", "unit": "億円"}')
    assert a.unit is b.unit
