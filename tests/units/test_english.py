"""English words for amounts kpimodel computes in a Japanese table's units."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpimodel.units import Unit
from kpimodel.units._english import COUNTER_NAMES, english_amount


@pytest.mark.parametrize(
    ("value", "symbol", "text"),
    [
        (0.2, "兆円", "+¥200bn"),
        (-50, "億円", "-¥5bn"),
        (3.5, "百万円", "+¥3.5m"),
        (120000, "円", "+¥120,000"),
        (-1, "位", "-1 place"),
        (0.818, "位", "+0.818 places"),
        (0.12, "万件", "+1,200 cases"),
        (-429.0, "人", "-429 people"),
        (1, "人", "+1 person"),
        (2.5, "億アクセス", "+250 million accesses"),
        (17, "校", "+17 schools"),
    ],
)
def test_amounts_in_english_words(value: float, symbol: str, text: str) -> None:
    assert english_amount(value, Unit(symbol=symbol)) == text


@pytest.mark.parametrize("symbol", ["t", "kWh", "EUR", "%", "pp"])
def test_units_already_in_latin_letters_are_left_alone(symbol: str) -> None:
    assert english_amount(3.0, Unit(symbol=symbol)) is None


def test_every_counter_name_is_a_unit_of_the_registry() -> None:
    for symbol in COUNTER_NAMES:
        assert Unit(symbol=symbol).info.base_symbol == symbol


@given(
    st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
    st.sampled_from(["億円", "万人", "件"]),
)
def test_the_sign_is_always_written_and_the_text_is_english(value: float, symbol: str) -> None:
    text = english_amount(value, Unit(symbol=symbol))
    assert text is not None
    assert text[0] in "+-"
    assert text.isascii() or text.startswith(("+¥", "-¥"))
