"""Reading printed numbers: digit groups, kanji, multipliers, signs, full-width forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpimodel.units._numbers import normalize, plain, read_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("３２３５億円", "3235億円"),
        ("▲6%", "-6%"),
        ("△6%", "-6%"),
        ("−6%", "-6%"),
        ("＋３，００３人", "+3,003人"),
        ("  52％ ", "52%"),
        ("１．４万社", "1.4万社"),
    ],
)
def test_normalize_folds_full_width_forms_and_minus_marks(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "value", "coefficient", "multiplier", "rest"),
    [
        ("3,235億円", "323500000000", "3235", "億", "円"),
        ("32,163,179件", "32163179", "32163179", "", "件"),
        ("3,100万件", "31000000", "3100", "万", "件"),
        ("1.4万社", "14000", "1.4", "万", "社"),
        ("1兆7千億円", "1700000000000", "1.7", "兆", "円"),
        ("1兆5千億円", "1500000000000", "1.5", "兆", "円"),
        ("百二十四人", "124", "124", "", "人"),
        ("二千二十四年", "2024", "2024", "", "年"),
        ("十人", "10", "10", "", "人"),
        ("1億2,000万人", "120000000", "1.2", "億", "人"),
        ("2千万円", "20000000", "2", "千万", "円"),
        ("5百万円", "5000000", "5", "百万", "円"),
        ("0.3235兆円", "323500000000", "0.3235", "兆", "円"),
        (".5", "0.5", "0.5", "", ""),
        ("52%", "52", "52", "", "%"),
    ],
)
def test_read_number(text: str, value: str, coefficient: str, multiplier: str, rest: str) -> None:
    number = read_number(text)
    assert number is not None
    assert number.value == Decimal(value)
    assert number.coefficient == Decimal(coefficient)
    assert number.multiplier == multiplier
    assert number.rest == rest


@pytest.mark.parametrize(
    ("text", "value", "coefficient"),
    [
        # A written zero coefficient is zero, not an implied one (regression: 0万人 read as
        # 1万人 and 1兆0億円 as 1.0001兆円).
        ("0万人", "0", "0"),
        ("0.0万件", "0", "0"),
        ("0億円", "0", "0"),
        ("1兆0億円", "1000000000000", "1"),
    ],
)
def test_read_number_zero_coefficients(text: str, value: str, coefficient: str) -> None:
    number = read_number(text)
    assert number is not None
    assert number.value == Decimal(value)
    assert number.coefficient == Decimal(coefficient)


@pytest.mark.parametrize("text", ["1,5億円", "12,34", "1,0000", "億円", "万人", "abc", "", "%"])
def test_read_number_refuses_what_is_not_a_number(text: str) -> None:
    assert read_number(text) is None


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("1E+1", "10"),
        ("10.00", "10"),
        ("0.32350", "0.3235"),
        ("-0.50", "-0.5"),
        ("1E+40", "10000000000000000000000000000000000000000"),
        ("0.1234567890123456789012345678901", "0.1234567890123456789012345678901"),
    ],
)
def test_plain_writes_numbers_without_exponent_or_trailing_zeros(
    number: str, expected: str
) -> None:
    result = plain(Decimal(number))
    assert str(result) == expected
    assert result == Decimal(number)


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_integers_read_back_exactly(n: int) -> None:
    number = read_number(f"{n:,}件")
    assert number is not None
    assert number.value == n
    assert number.rest == "件"


@given(
    st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False),
    st.sampled_from(["万", "億", "兆"]),
)
def test_simple_multiplier_keeps_the_coefficient(coefficient: Decimal, multiplier: str) -> None:
    number = read_number(f"{coefficient}{multiplier}円")
    assert number is not None
    assert number.coefficient == coefficient
    assert number.multiplier == multiplier
    assert number.value == coefficient * {"万": 10**4, "億": 10**8, "兆": 10**12}[multiplier]
