"""Periods: parsing Japanese and English notations, date arithmetic, points, round trips."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

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
        "next year",
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


# --- "as of the end of X" is X's last day (issue 11) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "fiscal_start_month"),
    [
        ("2025年末時点", _D(2025, 12, 31), 4),
        ("2025年末", _D(2025, 12, 31), 4),
        ("2025年末現在", _D(2025, 12, 31), 4),
        ("令和6年末", _D(2024, 12, 31), 4),
        ("2024年度末時点", _D(2025, 3, 31), 4),
        ("2030年度末", _D(2031, 3, 31), 4),
        ("令和6年度末", _D(2025, 3, 31), 4),
        ("2024年度末", _D(2025, 6, 30), 7),
    ],
)
def test_the_end_of_a_year_is_its_last_day(
    text: str, day: dt.date, fiscal_start_month: int
) -> None:
    period = parse_period(text, fiscal_start_month=fiscal_start_month)
    assert period == Day(date=day)
    assert period.point == day


@given(st.integers(1000, 9997), st.integers(1, 12))
def test_a_year_end_is_the_last_day_of_that_year(year: int, start_month: int) -> None:
    assert parse_period(f"{year}年末時点").date == CalendarYear(year=year).last_day  # type: ignore[union-attr]
    end = parse_period(f"{year}年度末", fiscal_start_month=start_month)
    assert end == Day(date=FiscalYear(year=year, start_month=start_month).last_day)


def test_a_year_end_and_its_date_are_one_period() -> None:
    import kpimodel

    text = """\
title: P
themes:
- id: t
  title: T
  kpis:
  - id: k
    title: K
    observations:
    - {period: 2025年末時点, value: 5件}
    - {period: '2025-12-31', value: 6件}
"""
    with pytest.raises(kpimodel.DuplicateObservationError):
        kpimodel.loads(text)


# --- every parser runs in time linear in its input (issue 11) ------------------------------------


def _cost(function: object, text: str, repeat: int = 30) -> float:
    import time

    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            with contextlib.suppress(PeriodParseError):
                function(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    "adversarial",
    [
        "2025年1月以降" + " " * 185 + "x",
        "2025年1月" + " " * 185 + "〜x",
        "2025" + " " * 190 + "年度x",
        "FY2024" + " " * 190 + "(x",
        "2025年1月以降、" + "\u3000" * 180 + "から3月x",
        "1" * 199 + "x",
        "2025年" * 33 + "x",
    ],
)
def test_adversarial_periods_cost_no_more_than_plain_text(adversarial: str) -> None:
    # A ratio to a plain text of the same length that is refused at once, not a time:
    # the machine's speed cancels out. The regex blow-up took 10^5 times as long.
    plain = "x" * len(adversarial)
    ratio = _cost(parse_period, adversarial) / _cost(parse_period, plain)
    assert ratio < 25, f"{ratio:.1f}x a plain text of the same length"


# --- labels per language ----------------------------------------------------------------------

_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "english", "japanese"),
    [
        ("2024年度", "FY2024", "2024年度"),
        ("令和6年度", "FY2024", "令和6年度"),
        ("2025年", "2025", "2025年"),
        ("2025", "2025", "2025年"),
        ("FY2024", "FY2024", "2024年度"),
        ("2026年3月現在", "Mar 2026", "2026年3月現在"),
        ("2025年6月末時点", "30 Jun 2025", "2025年6月末時点"),
        ("2014-2019年", "2014-2019", "2014-2019年"),
        ("2020〜2024年度", "FY2020-2024", "2020〜2024年度"),
        ("2025年第1四半期", "Q1 2025", "2025年第1四半期"),
        ("2025年12月〜2026年3月", "Dec 2025 to Mar 2026", "2025年12月〜2026年3月"),
        ("end-2024", "end-2024", "2024年12月31日"),
        ("Q2 2024", "Q2 2024", "2024年第2四半期"),
    ],
)
def test_text_in_each_language(text: str, english: str, japanese: str) -> None:
    period = parse_period(text)
    assert period.text_in("en") == f"{period:en}" == english
    assert period.text_in("ja") == f"{period:ja}" == japanese
    assert str(period) == f"{period}" == text


@given(periods())
def test_labels_in_each_language(period: AnyPeriod) -> None:
    english, japanese = period.label_in("en"), period.label_in("ja")
    assert not _CJK.search(english)
    assert _CJK.search(japanese)
    # Every label reads back to the same period, except a range of days (a display label,
    # not a notation) and a Japanese fiscal year that does not start in April.
    if not isinstance(period, DateRange):
        assert parse_period(english, fiscal_start_month=_start(period)) == period
        if _start(period) == 4 or (isinstance(period, YearSpan) and not period.fiscal):
            assert parse_period(japanese) == period
    # The source's text is kept in its own language only.
    written = period.model_copy(update={"text": japanese})
    assert written.text_in("ja") == japanese
    assert written.text_in("en") == english


def _start(period: AnyPeriod) -> int:
    return period.start_month if isinstance(period, FiscalYear | YearSpan) else 4


def test_label_in_refuses_other_languages() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        parse_period("2025年").label_in("fr")  # type: ignore[arg-type]
