"""Changes stated against the previous year: 前年比12%増, 前年比▲3%, +12% year on year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import InconsistentTargetError, Observation, SchemaError, parse_period
from kpimodel.testing.strategies import periods

_DOC = """\
title: P
themes:
- id: t
  title: T
  kpis:
  - id: k
    title: K
    observations:
    - {{period: {period}, value: 112億円, changes: [{change}]}}
"""


def _observation(period: str, change: str) -> Observation:
    program = kpimodel.loads(_DOC.format(period=period, change=change))
    return program.themes[0].kpis[0].indicators[0].observations[0]


@pytest.mark.parametrize(
    ("period", "change", "by", "since"),
    [
        ("2024年", "前年比12%増", "12", "2023年"),
        ("2024年", "{by: 前年比12%増}", "12", "2023年"),
        ("2024年", "前年比12%減", "-12", "2023年"),
        ("2024年", "前年比▲3%", "-3", "2023年"),
        ("2024年", "前年比△3%", "-3", "2023年"),
        ("2024年", "前年比+5%", "5", "2023年"),
        ("2024年", "対前年比12%増", "12", "2023年"),
        ("2024年", "前年比で12.8%の増加", "12.8", "2023年"),
        ("2024年", "前年比約12%増", "12", "2023年"),
        ("2024年度", "前年度比12%減", "-12", "2023年度"),
        ("2024年度", "対前年度比12%増", "12", "2023年度"),
        ("2024年度", "前年比12%増", "12", "2023年度"),  # the previous fiscal year
        ("2025年3月", "前年同月比5%増", "5", "2024年3月"),
        ("2024年", "前年比12億円増", "12", "2023年"),
        ("2024年", "{by: 前年比12%増, since: 2023年}", "12", "2023年"),
        # The same changes in English.
        ("2024", "+12% year on year", "12", "2023"),
        ("2024", "-3% year-on-year", "-3", "2023"),
        ("2024", "up 12% y/y", "12", "2023"),
        ("2024", "down by 3% YoY", "-3", "2023"),
        ("2024", "'+5%, year on year'", "5", "2023"),
        ("Q2 2025", "+5% on the previous year", "5", "Q2 2024"),
        ("FY2024", "-12% on the previous fiscal year", "-12", "2023年度"),
        ("2024", "'+12億円 vs. previous year'", "12", "2023"),
    ],
)
def test_year_on_year_changes_read_as_a_person_reads_them(
    period: str, change: str, by: str, since: str
) -> None:
    observation = _observation(period, change)
    (read,) = observation.changes
    assert read.by.magnitude == Decimal(by)
    assert read.since == parse_period(since)
    assert observation.implied_previous()[0].period == parse_period(since)


def test_the_implied_figure_is_the_previous_years() -> None:
    observation = _observation("2024年", "前年比12%増")
    assert observation.implied_previous()[0].value == kpimodel.parse_quantity("約100億円")


@pytest.mark.parametrize(
    ("period", "change", "error", "fragment"),
    [
        ("2024年", "前年比12%", SchemaError, "say which way it went"),
        ("2024年", "前年比97%", SchemaError, "share of the previous year"),
        ("2024年", "前年比+12%増", SchemaError, "not both"),
        ("2024年", "前年比▲3%減", SchemaError, "not both"),
        ("2024年", "前年度比12%増", SchemaError, "not a fiscal year"),
        ("2024年", "{by: 前年比12%増, since: 2022年}", InconsistentTargetError, "2023年"),
        ("2024", "12% year on year", SchemaError, "+12% year on year or -12% year on year"),
        ("2024", "up +12% yoy", SchemaError, "not both"),
        ("2024", "down -3% y/y", SchemaError, "not both"),
        ("2024", "+3% on the previous fiscal year", SchemaError, "not a fiscal year"),
    ],
)
def test_unreadable_year_on_year_changes_are_refused(
    period: str, change: str, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error) as info:
        _observation(period, change)
    assert fragment in str(info.value)
    assert "changes.0" in str(info.value)


def test_a_year_on_year_change_needs_the_period() -> None:
    text = _DOC.replace("{{period: {period}, ", "{{").format(change="前年比12%増")
    with pytest.raises(SchemaError, match="the previous year is unknown"):
        kpimodel.loads(text)


@given(
    periods(kinds=["calendar_year", "fiscal_year", "quarter", "month", "day"], min_year=1995),
    st.decimals(min_value=Decimal("0.1"), max_value=Decimal("90"), places=1),
    st.sampled_from(["増", "減", "増加", "減少", "▲", "+"]),
    st.sampled_from(["前年比", "対前年比"]),
)
def test_year_on_year_round_trip(period: object, percent: Decimal, word: str, prefix: str) -> None:
    from kpimodel.periods import AnyPeriod

    assert isinstance(period, AnyPeriod)
    text = f"{prefix}{word}{percent}%" if word in "▲+" else f"{prefix}{percent}%{word}"
    observation = Observation.model_validate(
        {"period": period, "value": "112億円", "changes": [text]}
    )
    (change,) = observation.changes
    negative = word in ("減", "減少", "▲")
    assert change.by.magnitude == (-percent if negative else percent)
    assert change.since == period.shifted(-1)


@given(
    periods(kinds=["calendar_year", "fiscal_year", "quarter", "month", "day"], min_year=1995),
    st.decimals(min_value=Decimal("0.1"), max_value=Decimal("90"), places=1),
    st.sampled_from(["up", "down", "+", "-"]),
    st.sampled_from(["year on year", "year-on-year", "YoY", "y/y", "on the previous year"]),
)
def test_english_year_on_year_round_trip(
    period: object, percent: Decimal, word: str, suffix: str
) -> None:
    from kpimodel.periods import AnyPeriod

    assert isinstance(period, AnyPeriod)
    text = f"{word}{percent}% {suffix}" if word in "+-" else f"{word} {percent}% {suffix}"
    observation = Observation.model_validate(
        {"period": period, "value": "112億円", "changes": [text]}
    )
    (change,) = observation.changes
    assert change.by.magnitude == (-percent if word in ("down", "-") else percent)
    assert change.since == period.shifted(-1)
