"""Periods: parsing Japanese and English notations, date arithmetic, points, round trips."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from kpimodel import (
    CalendarYear,
    DateRange,
    Day,
    FiscalYear,
    Month,
    Period,
    PeriodParseError,
    Quarter,
    YearSpan,
    parse_period,
)
from kpimodel.periods import AnyPeriod
from kpimodel.testing.strategies import PERIOD_KINDS, fiscal_years, periods

_D = dt.date


@pytest.mark.parametrize(
    ("text", "expected", "start", "end"),
    [
        ("2025年", CalendarYear(year=2025), _D(2025, 1, 1), _D(2026, 1, 1)),
        ("2025", CalendarYear(year=2025), _D(2025, 1, 1), _D(2026, 1, 1)),
        ("２０２５年", CalendarYear(year=2025), _D(2025, 1, 1), _D(2026, 1, 1)),
        ("2024年度", FiscalYear(year=2024), _D(2024, 4, 1), _D(2025, 4, 1)),
        ("FY2024", FiscalYear(year=2024), _D(2024, 4, 1), _D(2025, 4, 1)),
        ("令和6年度", FiscalYear(year=2024), _D(2024, 4, 1), _D(2025, 4, 1)),
        ("令和元年度", FiscalYear(year=2019), _D(2019, 4, 1), _D(2020, 4, 1)),
        ("令和元年", CalendarYear(year=2019), _D(2019, 1, 1), _D(2020, 1, 1)),
        ("平成31年", CalendarYear(year=2019), _D(2019, 1, 1), _D(2020, 1, 1)),
        ("平成30年度", FiscalYear(year=2018), _D(2018, 4, 1), _D(2019, 4, 1)),
        ("昭和64年", CalendarYear(year=1989), _D(1989, 1, 1), _D(1990, 1, 1)),
        ("2026年3月現在", Month(year=2026, month=3), _D(2026, 3, 1), _D(2026, 4, 1)),
        ("2026-03", Month(year=2026, month=3), _D(2026, 3, 1), _D(2026, 4, 1)),
        ("令和6年3月", Month(year=2024, month=3), _D(2024, 3, 1), _D(2024, 4, 1)),
        ("2025年6月末時点", Day(date=_D(2025, 6, 30)), _D(2025, 6, 30), _D(2025, 7, 1)),
        ("2024年2月末", Day(date=_D(2024, 2, 29)), _D(2024, 2, 29), _D(2024, 3, 1)),
        ("平成30年3月末", Day(date=_D(2018, 3, 31)), _D(2018, 3, 31), _D(2018, 4, 1)),
        ("2026年3月26日", Day(date=_D(2026, 3, 26)), _D(2026, 3, 26), _D(2026, 3, 27)),
        ("2026年3月26日現在", Day(date=_D(2026, 3, 26)), _D(2026, 3, 26), _D(2026, 3, 27)),
        ("令和7年6月30日", Day(date=_D(2025, 6, 30)), _D(2025, 6, 30), _D(2025, 7, 1)),
        ("2025-06-30", Day(date=_D(2025, 6, 30)), _D(2025, 6, 30), _D(2025, 7, 1)),
        ("as of 2025-06-30", Day(date=_D(2025, 6, 30)), _D(2025, 6, 30), _D(2025, 7, 1)),
        ("2014-2019年", YearSpan(first=2014, last=2019), _D(2014, 1, 1), _D(2020, 1, 1)),
        ("2020-2023年", YearSpan(first=2020, last=2023), _D(2020, 1, 1), _D(2024, 1, 1)),
        (
            "2020〜2024年度",
            YearSpan(first=2020, last=2024, fiscal=True),
            _D(2020, 4, 1),
            _D(2025, 4, 1),
        ),
        (
            "FY2020-2024",
            YearSpan(first=2020, last=2024, fiscal=True),
            _D(2020, 4, 1),
            _D(2025, 4, 1),
        ),
        ("2025Q1", Quarter(year=2025, quarter=1), _D(2025, 1, 1), _D(2025, 4, 1)),
        ("2025-Q2", Quarter(year=2025, quarter=2), _D(2025, 4, 1), _D(2025, 7, 1)),
        ("2025年第1四半期", Quarter(year=2025, quarter=1), _D(2025, 1, 1), _D(2025, 4, 1)),
        (
            "2025年12月〜2026年3月",
            DateRange(first=_D(2025, 12, 1), last=_D(2026, 3, 31)),
            _D(2025, 12, 1),
            _D(2026, 4, 1),
        ),
        (
            "2025年12月〜3月",
            DateRange(first=_D(2025, 12, 1), last=_D(2026, 3, 31)),
            _D(2025, 12, 1),
            _D(2026, 4, 1),
        ),
        (
            "2025-12-01/2026-03-31",
            DateRange(first=_D(2025, 12, 1), last=_D(2026, 3, 31)),
            _D(2025, 12, 1),
            _D(2026, 4, 1),
        ),
    ],
)
def test_parse_period(text: str, expected: AnyPeriod, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert period == expected
    assert type(period) is type(expected)
    assert (period.start, period.end) == (start, end)
    assert period.text == text  # the original is kept for display
    assert str(period) == text


def test_fiscal_start_month_option() -> None:
    period = parse_period("2024年度", fiscal_start_month=1)
    assert period == FiscalYear(year=2024, start_month=1)
    assert (period.start, period.end) == (_D(2024, 1, 1), _D(2025, 1, 1))


@pytest.mark.parametrize(
    "text",
    [
        "2025-02-30",
        "2025年2月30日",
        "令和0年",
        "令和0年度",
        "2025年13月",
        "2025-13",
        "平成32年",
        "昭和65年",
        "2025年第5四半期",
        "2019-2014年",
        "0999年",
        "hello",
        "",
        "   ",
        "20250",
        "2024年度末",
        "next year",
        "R6年度",
        "FY2024(start month 13)",
    ],
)
def test_parse_errors_quote_the_text(text: str) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_period(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # dateutil's fuzzy parser reads these as 2026-11-03 and 2030-07-06.
        ("2026年3月現在", Month(year=2026, month=3)),
        ("令和7年6月30日", Day(date=_D(2025, 6, 30))),
    ],
)
def test_never_fuzzy(text: str, expected: AnyPeriod) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2026年3月ごろ", "about 2025", "2025年頃", "2025年 and 2026年"])
def test_trailing_words_are_refused_not_ignored(text: str) -> None:
    with pytest.raises(PeriodParseError):
        parse_period(text)


def test_parse_period_refuses_non_text() -> None:
    with pytest.raises(PeriodParseError):
        parse_period(2025)  # type: ignore[arg-type]


# --- semantics --------------------------------------------------------------------------------


def test_fiscal_year_2024() -> None:
    fy = FiscalYear(year=2024)
    assert (fy.start, fy.end, fy.last_day) == (_D(2024, 4, 1), _D(2025, 4, 1), _D(2025, 3, 31))
    assert fy.contains(_D(2025, 3, 31))
    assert not fy.contains(_D(2025, 4, 1))
    assert not fy.contains(_D(2024, 3, 31))


def test_points() -> None:
    calendar, fiscal = CalendarYear(year=2024), FiscalYear(year=2024)
    assert calendar.point == _D(2024, 7, 2)
    assert fiscal.point == _D(2024, 9, 30)
    # FY2024's point is about three months after calendar 2024's.
    assert 88 <= (fiscal.point - calendar.point).days <= 92
    span = YearSpan(first=2014, last=2019)
    assert span.point == _D(2016, 12, 31)  # the middle of 2014-01-01 .. 2020-01-01
    assert (span.point - span.start) - (span.end - span.point) in (
        dt.timedelta(0),
        dt.timedelta(days=-1),
    )
    assert Day(date=_D(2026, 3, 26)).point == _D(2026, 3, 26)
    assert Quarter(year=2025, quarter=1).point == _D(2025, 2, 15)
    assert Month(year=2026, month=3).point == _D(2026, 3, 16)


@given(periods())
def test_point_lies_in_the_middle(period: AnyPeriod) -> None:
    assert period.contains(period.point)
    before, after = (period.point - period.start).days, (period.end - period.point).days
    if isinstance(period, Day):
        assert (before, after) == (0, 1)
    else:
        assert after - before in (0, 1)


@given(st.dates(min_value=_D(1001, 1, 1), max_value=_D(9997, 12, 31)), st.integers(1, 12))
def test_fiscal_year_of_contains_the_day(day: dt.date, start_month: int) -> None:
    fy = FiscalYear.of(day, start_month=start_month)
    assert fy.contains(day)
    assert fy.start_month == start_month
    assert (fy.end - fy.start).days in (365, 366)


@given(fiscal_years(start_month=None))
def test_consecutive_fiscal_years_touch(fy: FiscalYear) -> None:
    following = fy.shifted(1)
    assert fy.end == following.start
    assert following.year == fy.year + 1
    assert FiscalYear.of(fy.last_day, fy.start_month) == fy
    assert FiscalYear.of(fy.end, fy.start_month) == following


@given(st.dates(min_value=_D(1000, 1, 1), max_value=_D(9998, 12, 31)))
def test_calendar_year_of(day: dt.date) -> None:
    assert CalendarYear.of(day).contains(day)


@given(periods())
def test_label_parses_back(period: AnyPeriod) -> None:
    parsed = parse_period(period.label)
    assert parsed == period
    assert type(parsed) is type(period)


@pytest.mark.parametrize(
    "period",
    [
        FiscalYear(year=2024, start_month=1),
        FiscalYear(year=2024, start_month=10),
        YearSpan(first=2020, last=2024, fiscal=True, start_month=7),
    ],
)
def test_label_keeps_a_fiscal_start_month(period: AnyPeriod) -> None:
    # Regression: "FY2024(start month 1)" did not parse, and fiscal spans lost their start.
    assert parse_period(period.label) == period


def test_calendar_spans_ignore_the_fiscal_start_month() -> None:
    # Regression: start_month is meaningless for calendar years but made spans unequal.
    loose = YearSpan(first=2014, last=2019, start_month=1)
    assert loose == parse_period("2014-2019年")
    assert hash(loose) == hash(parse_period("2014-2019年"))
    assert YearSpan(first=2014, last=2019, fiscal=True, start_month=1) != YearSpan(
        first=2014, last=2019, fiscal=True
    )


def test_equality_ignores_text() -> None:
    assert parse_period("令和6年度") == parse_period("2024年度") == parse_period("FY2024")
    assert hash(parse_period("令和6年度")) == hash(FiscalYear(year=2024))
    assert parse_period("2024年度") != parse_period("2024年")
    assert FiscalYear(year=2024) != CalendarYear(year=2024)
    assert len({parse_period("2024年度"), parse_period("FY2024"), FiscalYear(year=2024)}) == 1


_NO_LEAP_DAY = periods(min_year=1100, max_year=8800)


@given(_NO_LEAP_DAY, st.integers(-100, 100))
def test_shifting_there_and_back_is_the_identity(period: AnyPeriod, years: int) -> None:
    # A day or range starting or ending on 29 February lands on the 28th in a common year
    # and cannot come back: see test_shifting_a_leap_day.
    dates = [getattr(period, name, None) for name in ("date", "first", "last")]
    assume(not any(isinstance(d, dt.date) and (d.month, d.day) == (2, 29) for d in dates))
    moved = period.shifted(years)
    assert moved.shifted(-years) == period
    assert type(moved) is type(period)
    assert moved.text is None


def test_shifting_a_leap_day() -> None:
    leap = Day(date=_D(2024, 2, 29))
    assert leap.shifted(1) == Day(date=_D(2025, 2, 28))
    assert leap.shifted(4) == Day(date=_D(2028, 2, 29))
    assert leap.shifted(1).shifted(-1) == Day(date=_D(2024, 2, 28))


@pytest.mark.parametrize(
    ("period", "years"),
    [
        (CalendarYear(year=9998), 1),
        (FiscalYear(year=1000), -1),
        (Day(date=_D(9998, 6, 1)), 5),
        (YearSpan(first=9990, last=9998), 5),  # regression: was not validated
    ],
)
def test_shifting_beyond_the_year_range(period: AnyPeriod, years: int) -> None:
    with pytest.raises(PeriodParseError):
        period.shifted(years)


def test_shifted_periods_drop_the_original_text() -> None:
    # Regression: a shifted span kept its text and printed the old years.
    for text in ("2014-2019年", "2024年度", "2026年3月現在", "2025-06-30"):
        moved = parse_period(text).shifted(1)
        assert moved.text is None
        assert str(moved) == moved.label
    assert str(parse_period("2014-2019年").shifted(1)) == "2015-2020年"


def test_shifted_spans_keep_their_length() -> None:
    span = YearSpan(first=2020, last=2024, fiscal=True)
    assert span.shifted(-6) == YearSpan(first=2014, last=2018, fiscal=True)
    assert span.years == span.shifted(3).years == 5


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "calendar_year", "year": 10000},
        {"kind": "fiscal_year", "year": 2024, "start_month": 13},
        {"kind": "quarter", "year": 2024, "quarter": 5},
        {"kind": "month", "year": 2024, "month": 0},
        {"kind": "span", "first": 2020, "last": 2019},
        {"kind": "range", "first": "2026-03-31", "last": "2025-12-01"},
        {"kind": "day", "date": "2025-02-30"},
        {"kind": "week", "year": 2024},
        {"kind": "calendar_year", "year": 2024, "extra": 1},
    ],
)
def test_invalid_period_mappings(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Period).validate_python(data)


@given(periods())
def test_period_field_json_round_trip(period: AnyPeriod) -> None:
    adapter: TypeAdapter[AnyPeriod] = TypeAdapter(Period)
    back = adapter.validate_json(adapter.dump_json(period))
    assert back == period
    assert back.text == period.text
    assert adapter.validate_python(period.label) == period


def test_period_field_reads_text() -> None:
    adapter: TypeAdapter[AnyPeriod] = TypeAdapter(Period)
    assert adapter.validate_python("令和6年度") == FiscalYear(year=2024)
    assert adapter.validate_python({"kind": "fiscal_year", "year": 2024}) == FiscalYear(year=2024)


def test_strategy_covers_every_kind() -> None:
    assert {cls.model_fields["kind"].default for cls in AnyPeriod.__args__} == set(PERIOD_KINDS)
