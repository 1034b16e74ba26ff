"""The Japanese numeral grammar, and the silent misreadings of issue 11 it closes.

Each regression below read a figure as a different value than a person reads; each has a
generator-backed family beside it.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpimodel import (
    DimensionMismatchError,
    KPIModelError,
    QuantityParseError,
    UnknownUnitError,
    parse_quantity,
)
from kpimodel.model import Program
from kpimodel.units._numbers import NumeralError, read_number

KANJI = "〇一二三四五六七八九"
SMALL = (("千", 1000), ("百", 100), ("十", 10))
LARGE = (("兆", 10**12), ("億", 10**8), ("万", 10**4))
STYLES = ("kanji", "kanji-one", "mixed", "arabic", "grouped", "run")


def section_text(n: int, style: str) -> str:
    """Write ``n`` (1..9999) as one section of a Japanese numeral, in ``style``."""
    assert 1 <= n <= 9999
    if style == "arabic":
        return str(n)
    if style == "grouped":
        return f"{n:,}"
    if style == "run":
        return "".join(KANJI[int(d)] for d in str(n))
    out = []
    rest = n
    for name, size in SMALL:
        digit, rest = divmod(rest, size)
        if digit == 0:
            continue
        if style == "mixed":
            out.append(f"{digit}{name}")
        elif digit == 1 and style == "kanji":
            out.append(name)  # 千, 百, 十 alone stand for one of each
        else:
            out.append(f"{KANJI[digit]}{name}")
    if rest:
        out.append(str(rest) if style == "mixed" else KANJI[rest])
    return "".join(out)


@st.composite
def numerals(draw: st.DrawFn) -> tuple[int, str]:
    """Draw a number below 10**16 and one of the ways a Japanese table writes it."""
    n = draw(
        st.one_of(
            st.integers(1, 10**16 - 1),
            # Sparse numbers exercise the omitted groups and sections (1兆5千, 3千5百万).
            st.builds(
                lambda digits: int("".join(digits)),
                st.lists(st.sampled_from("0000000123456789"), min_size=1, max_size=16),
            ).filter(lambda n: n > 0),
        )
    )
    parts = []
    rest = n
    for name, size in LARGE:
        section, rest = divmod(rest, size)
        if section:
            parts.append(section_text(section, draw(st.sampled_from(STYLES))) + name)
    if rest:
        style = draw(st.sampled_from(STYLES))
        if parts and rest < 10 and style in ("arabic", "grouped", "mixed"):
            style = "kanji"  # 1万5 is refused as ambiguous (see below); 1万五 is not
        parts.append(section_text(rest, style))
    return n, "".join(parts)


@given(numerals(), st.sampled_from(["人", "円", ""]))
def test_every_numeral_form_reads_to_its_number(case: tuple[int, str], unit: str) -> None:
    n, text = case
    q = parse_quantity(text + unit)
    assert q.base_magnitude() == n, text
    number = read_number(text)
    assert number is not None
    assert number.value == n
    assert number.rest == ""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Regressions: 千/百 before a larger multiplier were summed into the wrong place.
        ("一千二百万", 12_000_000),
        ("2千5百万円", 25_000_000),
        ("三千五百万", 35_000_000),
        ("千二百五十万", 12_500_000),
        ("1億2千万", 120_000_000),
        ("一千二百万人", 12_000_000),
        ("2千5百", 2500),
        ("五百万", 5_000_000),
        ("三百二十一億四千五百万", 32_145_000_000),
    ],
)
def test_hundreds_and_thousands_before_a_larger_multiplier(text: str, value: int) -> None:
    assert parse_quantity(text).base_magnitude() == value


def test_a_target_of_twelve_million_is_not_met_by_eleven_million() -> None:
    # The example: 一千二百万人 was read as 2,001,000 and 1,100万人 "achieved" it.
    assert parse_quantity("1,100万人") < parse_quantity("一千二百万人")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1万1万円", "come once each"),
        ("1億万円", "no number of its own"),
        ("1万1億円", "come once each"),
        ("1兆1兆円", "come once each"),
        ("百千", "come once each"),
        ("十十人", "come once each"),
        ("1.5億2,000万円", "decimal point"),
        ("1万5人", "ambiguous"),
        ("1億12,000万円", "10,000 or more"),
        ("2五人", "run together"),
        ("12千5百人", "one digit"),
        ("二〇千人", "one digit"),
    ],
)
def test_numerals_against_the_grammar_are_refused(text: str, reason: str) -> None:
    with pytest.raises(QuantityParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)
    assert reason in str(info.value)
    with pytest.raises(NumeralError):
        read_number(text)


@given(numerals(), st.sampled_from([name for name, _ in LARGE]))
def test_a_repeated_multiplier_is_never_summed(case: tuple[int, str], name: str) -> None:
    _, text = case
    if name not in text:
        text = f"1{name}{text}" if text[:1] != name else text
    # The multiplier written again right after itself, with or without a number.
    doubled = text.replace(name, f"{name}1{name}", 1)
    bare = text.replace(name, f"{name}{name}", 1)
    for bad in (doubled, bare):
        with pytest.raises(QuantityParseError):
            parse_quantity(bad + "円")


# --- footnote marks --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "52¹%",
        "10²人",
        "3235¹億円",
        "52%※1",
        "※1 52%",
        "52%*1",
        "52%(注1)",
        "52%（注１）",
        "①5件",
        "½件",
        "Ⅱ件",
        "52%†",
    ],
)
def test_footnote_marks_are_refused_not_read_as_digits(text: str) -> None:
    with pytest.raises(QuantityParseError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)
    assert "footnote" in str(info.value)


@given(
    st.integers(0, 10**9),
    st.sampled_from(["%", "人", "億円", "件"]),
    st.sampled_from([*list("⁰¹²³⁴⁵⁶⁷⁸⁹₁₂①②⑩⑴⒈"), "※1", "*2", "(注3)", "注1"]),
    st.data(),
)
def test_a_footnote_mark_anywhere_in_a_figure_is_refused(
    n: int, unit: str, mark: str, data: st.DataObject
) -> None:
    text = f"{n:,}{unit}"
    at = data.draw(st.integers(0, len(text)))
    with pytest.raises(QuantityParseError, match="footnote"):
        parse_quantity(text[:at] + mark + text[at:])


def test_the_kanji_zero_is_a_digit_not_a_mark() -> None:
    assert parse_quantity("二〇二五人").magnitude == 2025


# --- % beside another unit ------------------------------------------------------------


@pytest.mark.parametrize("text", ["10%ポイント", "10％ポイント", "10パーセントポイント", "10 %pt"])
def test_percent_points_is_a_fixed_notation_for_percentage_points(text: str) -> None:
    q = parse_quantity(text)
    assert q.magnitude == 10
    assert q.unit.kind == "percentage_point"
    assert q.equivalent(parse_quantity("10ポイント"))
    assert str(q).replace(" ", "") == text.replace("％", "%").replace(" ", "")


@pytest.mark.parametrize("text", ["5%件", "5%%", "5人/%", "5%/人", "5‰%", "5割人", "5万%人"])
def test_percent_beside_another_unit_is_refused(text: str) -> None:
    with pytest.raises(UnknownUnitError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)
    assert "stand alone" in str(info.value)


@given(
    st.integers(0, 10**6),
    st.sampled_from(["%", "‰", "割"]),
    st.sampled_from(["件", "人", "円", "%", "社", "ポイント", "/人", "人/"]),
    st.booleans(),
)
def test_no_share_sign_is_multiplied_into_another_unit(
    n: int, sign: str, other: str, before: bool
) -> None:
    unit = sign + other if before else other + sign
    if unit == "%ポイント":
        return  # the one fixed notation, tested above
    with pytest.raises(UnknownUnitError):
        parse_quantity(f"{n}{unit}")


# --- a leading 〜 ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["〜6%", "～6%", " 〜 6%", "〜1億円"])
def test_a_leading_wave_dash_is_refused_as_up_to(text: str) -> None:
    with pytest.raises(QuantityParseError, match="up to") as info:
        parse_quantity(text)
    assert "以下" in str(info.value)


def test_the_ascii_tilde_still_means_about() -> None:
    q = parse_quantity("~6%")
    assert q.approximate
    assert q.magnitude == 6


# --- odd inputs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [10**5000, -(10**5000), 3.5, None, b"5%", ["5%"], {"a": 1}, Decimal("5"), True],
    ids=["10**5000", "-10**5000", "float", "None", "bytes", "list", "dict", "Decimal", "bool"],
)
def test_non_text_is_a_kpimodel_error(value: object) -> None:
    with pytest.raises(QuantityParseError, match="must be given as text") as info:
        parse_quantity(value)  # type: ignore[arg-type]
    assert len(str(info.value)) < 300


@given(st.integers(min_value=10**4300, max_value=10**6000))
def test_huge_integers_are_a_kpimodel_error(n: int) -> None:
    with pytest.raises(KPIModelError):
        parse_quantity(n)  # type: ignore[arg-type]


# --- comparisons with foreign types ---------------------------------------------------


@pytest.mark.parametrize("number", [5, 5.0, Decimal(5), -1, 0])
def test_comparing_with_a_bare_number_is_a_clear_error(number: object) -> None:
    q = parse_quantity("3,235億円")
    for compare in (q.__lt__, q.__le__, q.__gt__, q.__ge__):
        with pytest.raises(DimensionMismatchError, match="bare number") as info:
            compare(number)
        assert "3,235億円" in str(info.value)
    with pytest.raises(DimensionMismatchError):
        q.equivalent(number)  # type: ignore[arg-type]


@pytest.mark.parametrize("other", ["5", None, object(), [1]])
def test_comparing_with_a_foreign_type_returns_not_implemented(other: object) -> None:
    q = parse_quantity("3,235億円")
    assert q.__lt__(other) is NotImplemented
    assert q.__ge__(other) is NotImplemented
    with pytest.raises(TypeError):
        _ = q < other  # type: ignore[operator]


def test_quantities_still_compare_across_units() -> None:
    assert parse_quantity("3,235億円") < parse_quantity("1兆円")
    assert parse_quantity("0.3235兆円") >= parse_quantity("3,235億円")


# --- the caller's decimal context -----------------------------------------------------

CONTEXTS = st.builds(
    decimal.Context,
    prec=st.integers(1, 12),
    rounding=st.sampled_from(
        [decimal.ROUND_DOWN, decimal.ROUND_UP, decimal.ROUND_FLOOR, decimal.ROUND_CEILING]
    ),
    Emax=st.integers(3, 20),
    Emin=st.integers(-20, -3),
    traps=st.sampled_from([[], [decimal.Inexact, decimal.Rounded], [decimal.Overflow]]),
)


@given(numerals(), st.sampled_from(["円", "億円", "%", "人"]), CONTEXTS)
def test_the_callers_decimal_context_changes_nothing(
    case: tuple[int, str], target: str, context: decimal.Context
) -> None:
    _, text = case
    unit = "%" if target == "%" else "人" if target == "人" else "円"
    expected = parse_quantity(text + unit)
    converted = expected.to(target)
    doubled = expected.magnitude * 2
    with decimal.localcontext(context):
        q = parse_quantity(text + unit)
        assert q == expected
        assert q.to(target) == converted
        assert q.base_magnitude() == expected.base_magnitude()
        assert (q + q).magnitude == doubled


@pytest.mark.parametrize(
    "context",
    [
        decimal.Context(prec=3),
        decimal.Context(prec=1, rounding=decimal.ROUND_DOWN),
        decimal.Context(Emax=10, Emin=-10),
    ],
    ids=["prec-3", "prec-1-down", "small-exponents"],
)
def test_the_bundled_dataset_loads_and_reports_the_same_in_any_context(
    context: decimal.Context,
) -> None:
    # Regression: with prec = 3 the derived figure 19,920人 came out 19,923人, and small
    # exponent limits made loading fail.
    import kpimodel
    from kpimodel import datasets

    program = datasets.load("ip-strategic-program-2026")
    report = kpimodel.evaluate(program).model_dump_json()
    with decimal.localcontext(context):
        again = datasets.load("ip-strategic-program-2026")
        assert again.model_dump_json() == program.model_dump_json()
        assert kpimodel.evaluate(again).model_dump_json() == report


@pytest.mark.parametrize(
    "context",
    [
        decimal.Context(rounding=decimal.ROUND_CEILING),
        decimal.Context(prec=2, rounding=decimal.ROUND_UP),
        decimal.Context(traps=[decimal.Inexact, decimal.Rounded]),
    ],
    ids=["ceiling", "prec-2-up", "trap-inexact"],
)
def test_the_bundled_dataset_loads_the_same_in_any_context(context: decimal.Context) -> None:
    # Loading (every figure and every derived figure) is independent of the context; the
    # evaluators' own rounding is the evaluation layer's (see the report of issue 11).
    from kpimodel import datasets

    program = datasets.load("ip-strategic-program-2026")
    with decimal.localcontext(context):
        again = datasets.load("ip-strategic-program-2026")
        assert again.model_dump_json() == program.model_dump_json()
        derived = _derived(again)
    assert derived == _derived(program)


def _derived(program: Program) -> list[object]:
    return [
        observation.implied_previous()
        for _, kpi in program.kpis()
        for indicator in kpi.indicators
        for observation in indicator.observations
    ]
