"""Figures as English and international tables print them, and the units they use (issue 13).

Every accepted notation has a format -> parse -> same value property; every refusal
quotes the text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import (
    DimensionMismatchError,
    Observation,
    QuantityParseError,
    Rank,
    SchemaError,
    UnknownUnitError,
    parse_quantity,
)
from kpimodel.units import define_unit, split_bound, unit_info
from kpimodel.units._registry import CURRENCY_SIGNS, ENGLISH_MULTIPLIERS

DECIMALS = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
WORDS = ("thousand", "million", "billion", "trillion")
SHORT = ("k", "mn", "M", "bn", "B", "tn")


@pytest.mark.parametrize(
    ("text", "value", "printed"),
    [
        ("20 million", 20_000_000, "20 million"),
        ("9.8 million", 9_800_000, "9.8 million"),
        ("3bn", 3_000_000_000, "3bn"),
        ("10k", 10_000, "10k"),
        ("1.5 trillion", 1_500_000_000_000, "1.5 trillion"),
    ],
)
def test_english_multipliers(text: str, value: int, printed: str) -> None:
    q = parse_quantity(text)
    assert q.base_magnitude() == value
    assert str(q) == printed
    assert q.unit.kind == "count"


@given(DECIMALS, st.sampled_from(WORDS + SHORT))
def test_english_multipliers_round_trip(n: Decimal, word: str) -> None:
    text = f"{n} {word}" if word in WORDS else f"{n}{word}"
    q = parse_quantity(text)
    assert q.base_magnitude() == n * ENGLISH_MULTIPLIERS[word]
    assert parse_quantity(str(q)) == q


@pytest.mark.parametrize(
    ("text", "code", "value", "printed"),
    [
        ("€5bn", "EUR", 5 * 10**9, "€5bn"),
        ("EUR 200 billion", "EUR", 200 * 10**9, "EUR 200 billion"),
        ("US$3bn", "USD", 3 * 10**9, "US$3bn"),
        ("$3.2B", "USD", 3_200_000_000, "$3.2B"),
        ("¥1.2兆", "JPY", 1_200_000_000_000, "¥1.2兆"),
        ("£40m", "GBP", 40_000_000, "£40m"),
        ("200bn EUR", "EUR", 200 * 10**9, "200bn EUR"),
        ("€5 million", "EUR", 5_000_000, "€5 million"),
        ("5,000ドル", "USD", 5000, "5,000ドル"),
    ],
)
def test_currencies_before_or_after(text: str, code: str, value: int, printed: str) -> None:
    q = parse_quantity(text)
    assert q.unit.kind == "currency"
    assert q.dimension == unit_info(code).dimension
    assert q.base_magnitude() == value
    assert str(q) == printed


@given(
    DECIMALS, st.sampled_from(sorted(CURRENCY_SIGNS)), st.sampled_from(("", *WORDS, *SHORT, "m"))
)
def test_currency_signs_round_trip(n: Decimal, sign: str, word: str) -> None:
    spaced = " " if word in WORDS else ""
    q = parse_quantity(f"{sign}{n}{spaced}{word}")
    factor = ENGLISH_MULTIPLIERS.get(word, 1)
    assert q.base_magnitude() == n * factor
    assert q.dimension == unit_info(CURRENCY_SIGNS[sign]).dimension
    assert parse_quantity(str(q)) == q


def test_currencies_are_never_converted() -> None:
    with pytest.raises(DimensionMismatchError):
        parse_quantity("€5bn").to("USD")
    assert parse_quantity("€5bn").to("EUR").magnitude == 5 * 10**9


def test_m_is_a_million_only_beside_a_currency() -> None:
    assert parse_quantity("£40m").base_magnitude() == 40_000_000
    assert parse_quantity("40m").unit.kind == "physical"  # the metre


@pytest.mark.parametrize("text", ["1 million 万人", "€5 人", "3万 million"])
def test_two_multipliers_or_a_currency_and_another_unit_are_refused(text: str) -> None:
    with pytest.raises(QuantityParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)


@given(st.integers(1000, 10**12), st.sampled_from([" ", "'", "’", "\u2009", "\u202f", "\u00a0"]))
def test_space_and_apostrophe_thousands_separators(n: int, sep: str) -> None:
    text = f"{n:,}".replace(",", sep)
    assert parse_quantity(text).magnitude == n
    assert parse_quantity(text + "件").magnitude == n


@pytest.mark.parametrize("text", ["10 00", "1,000 000", "1 000'000", "10 0000"])
def test_mixed_or_short_groups_are_refused(text: str) -> None:
    with pytest.raises(QuantityParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)


def _ordinal(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


@given(st.integers(1, 10**6))
def test_english_ordinals_are_ranks(n: int) -> None:
    rank = parse_quantity(_ordinal(n))
    assert isinstance(rank, Rank)
    assert rank.position == n


@pytest.mark.parametrize("text", ["2th", "11st", "12nd", "0th", "1.5th", "-1st", "3万rd"])
def test_wrong_ordinals_are_refused(text: str) -> None:
    with pytest.raises(QuantityParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)


@given(DECIMALS, st.sampled_from(["%", " percent", " per cent", "パーセント"]))
def test_percent_words(n: Decimal, word: str) -> None:
    q = parse_quantity(f"{n}{word}")
    assert q.equivalent(parse_quantity(f"{n}%"))
    assert parse_quantity(str(q)) == q


def test_times_is_a_ratio() -> None:
    assert parse_quantity("3.2倍").equivalent(parse_quantity("320%"))


# --- bounds ---------------------------------------------------------------------------

BOUND_CASES = [
    ("2兆円超", "2兆円", "above"),
    ("1億円未満", "1億円", "below"),
    ("50%以上", "50%", "at_least"),
    ("6%以下", "6%", "at_most"),
    ("more than 10 million", "10 million", "above"),
    ("at least 5bn", "5bn", "at_least"),
    ("less than 3%", "3%", "below"),
    ("up to €2bn", "€2bn", "at_most"),
]


@pytest.mark.parametrize(("text", "figure", "bound"), BOUND_CASES)
def test_a_bound_in_a_figure_sets_the_observations_bound(
    text: str, figure: str, bound: str
) -> None:
    observation = Observation(period="2024年", value=text)
    assert observation.bound == bound
    assert observation.value == parse_quantity(figure)
    assert split_bound(text) == (figure, bound)
    with pytest.raises(QuantityParseError, match="bound") as info:
        parse_quantity(text)  # outside an observation a bound is no figure
    assert repr(text) in str(info.value)


def test_a_bound_word_that_contradicts_the_bound_field_is_refused() -> None:
    with pytest.raises(ValueError, match="bound"):
        Observation(period="2024年", value="2兆円超", bound="below")


@given(
    st.integers(0, 10**9),
    st.sampled_from(["超", "以上", "未満", "以下"]),
    st.sampled_from(["人", "億円", "%"]),
)
def test_bounds_round_trip(n: int, word: str, unit: str) -> None:
    observation = Observation(period="2024年", value=f"{n:,}{unit}{word}")
    assert observation.value == parse_quantity(f"{n:,}{unit}")
    assert observation.bound is not None


# --- units ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("50 kt", "t", "50000"),
        ("3 Mt", "kt", "3000"),
        ("1 Mtoe", "TWh", "11.63"),
        ("2,500 MWh", "GWh", "2.5"),
        ("1 TWh", "kWh", "1000000000"),
        ("3 ha", "m2", "30000"),
        ("1 km2", "ha", "100"),
        ("1,200万tCO2e", "MtCO2e", "12"),
        ("5 km", "m", "5000"),
        ("1万トン", "t", "10000"),
        ("2日", "時間", "48"),
    ],
)
def test_physical_units_convert_exactly(text: str, target: str, expected: str) -> None:
    assert parse_quantity(text).to(target).magnitude == Decimal(expected)


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_kilotonnes_to_tonnes_is_exact(n: Decimal) -> None:
    assert parse_quantity(f"{n} kt").to("t").magnitude == n * 1000


@pytest.mark.parametrize(
    "symbol", ["台", "世帯", "名", "団体", "カ国", "回", "冊", "点", "歳", "施設", "自治体"]
)
def test_japanese_counters_are_counts(symbol: str) -> None:
    assert parse_quantity(f"12{symbol}").unit.kind == "count"


def test_each_currency_is_its_own_dimension() -> None:
    codes = ["JPY", "USD", "EUR", "GBP", "CNY", "KRW", "AUD", "CAD", "CHF", "INR", "SEK"]
    assert len({unit_info(code).dimension for code in codes}) == len(codes)


def test_index_and_score_are_not_percentage_points() -> None:
    score = parse_quantity("52 score")
    assert score.unit.kind == "index"
    assert not score.unit.is_compatible(parse_quantity("5ポイント").unit)
    assert not parse_quantity("100 index").unit.is_compatible(score.unit)


@pytest.mark.parametrize("text", ["10 points", "5 pts", "3 point"])
def test_points_alone_asks_which_is_meant(text: str) -> None:
    with pytest.raises(UnknownUnitError, match="ambiguous") as info:
        parse_quantity(text)
    assert "pp" in str(info.value)
    assert "score" in str(info.value)


def test_an_unknown_unit_says_how_to_declare_it() -> None:
    with pytest.raises(UnknownUnitError) as info:
        parse_quantity("10 000 widgets")
    assert "units:" in str(info.value)
    assert "define_unit('widgets'" in str(info.value)


def test_a_document_declares_its_units() -> None:
    document = """
title: Digital Decade
units:
  - {symbol: edge nodes, kind: count, name: edge nodes, aliases: [edge node]}
  - {symbol: 基地局, kind: count}
themes:
  - id: t
    title: Infrastructure
    kpis:
      - id: edge
        title: Edge nodes
        target: {kind: absolute, value: 10 000 edge nodes, deadline: 2030年}
        observations:
          - {period: 2024年, value: 1 186 edge nodes}
      - id: stations
        title: 基地局
        observations:
          - {period: 2024年, value: 1.2万基地局}
"""
    program = kpimodel.loads(document, format="yaml")
    assert [u.symbol for u in program.units] == ["edge nodes", "基地局"]
    edge = program.kpi("edge").indicators[0]
    assert edge.observations[0].value.magnitude == 1186
    assert parse_quantity("1 edge node").unit.is_compatible(edge.observations[0].value.unit)
    assert parse_quantity("1.2万基地局").base_magnitude() == 12000
    assert kpimodel.loads(kpimodel.dumps(program), format="yaml") == program


def test_define_unit_from_python() -> None:
    define_unit("ICT specialists", "count")
    q = parse_quantity("20 million ICT specialists")
    assert q.base_magnitude() == 20_000_000
    assert str(q) == "20 million ICT specialists"
    define_unit("ICT specialists", "count")  # the same declaration again is harmless


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("円", "count"), "built in"),
        (("a1", "count"), "without digits"),
        (("%件", "count"), "without digits or operators"),
    ],
)
def test_bad_declarations_are_refused(args: tuple[str, str], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        define_unit(*args)  # type: ignore[arg-type]


def test_declared_units_are_separate_dimensions() -> None:
    define_unit("apples-free-test-unit-a".replace("-", " "), "count")
    define_unit("apples free test unit b", "count")
    a = parse_quantity("1 apples free test unit a")
    with pytest.raises(DimensionMismatchError):
        a.to("apples free test unit b")


# --- per-capita figures ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed", "per_person"),
    [
        ("10万人当たり3.2件", "10万人当たり3.2件", "0.000032"),
        ("3.2 per 100,000 population", "3.2 per 100,000 population", "0.000032"),
        ("1,000人当たり5人", "1,000人当たり5人", "0.005"),
    ],
)
def test_per_capita_figures_are_their_own_unit(text: str, printed: str, per_person: str) -> None:
    q = parse_quantity(text)
    assert str(q) == printed
    assert q.base_magnitude() == Decimal(per_person)
    assert "/ [person]" in q.dimension
    assert not q.unit.is_compatible(parse_quantity("3件").unit)


@given(
    st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False),
    st.sampled_from(["10万", "1,000", "100", "1万"]),
)
def test_per_capita_round_trip_and_convert(n: Decimal, per: str) -> None:
    q = parse_quantity(f"{per}人当たり{n}件")
    assert parse_quantity(str(q)) == q
    other = q.to("10万人当たり件")
    assert other.equivalent(q)


def test_a_population_that_is_no_number_is_refused() -> None:
    with pytest.raises(UnknownUnitError):
        parse_quantity("3 per 0 population")
