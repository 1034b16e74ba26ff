"""Periods: calendar and fiscal years, quarters, months, days and spans of years.

Every period is a frozen model over a half-open range of dates ``[start, end)`` with a
documented :attr:`~PeriodBase.point`, the instant used when rates are computed: the
midpoint of the range, rounded down to a whole day (a single day is its own point). So
calendar 2024 sits at 2024-07-02, FY2024 (April to March) about three months later at
2024-09-30, and the span 2014-2019 at its middle, 2016-12-31.

:func:`parse_period` reads the period notations of Japanese and English KPI tables. It
never guesses: dateutil's fuzzy parser turns ``2026年3月現在`` into 2026-11-03, so Japanese
text is read with dedicated patterns, and anything else is an error quoting the text.

The package is split by job: ``_kinds`` (the period classes), ``_parse`` (the notations,
one table of notation -> builder) and ``_field`` (the pydantic field type).
"""

from __future__ import annotations

from kpimodel.periods._field import Period
from kpimodel.periods._kinds import (
    AnyPeriod,
    CalendarYear,
    DateRange,
    Day,
    FiscalYear,
    Month,
    PeriodBase,
    Quarter,
    Year,
    YearSpan,
)
from kpimodel.periods._parse import parse_period

__all__ = [
    "AnyPeriod",
    "CalendarYear",
    "DateRange",
    "Day",
    "FiscalYear",
    "Month",
    "Period",
    "PeriodBase",
    "Quarter",
    "Year",
    "YearSpan",
    "parse_period",
]
