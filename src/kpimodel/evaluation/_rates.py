"""The rate arithmetic and the time axis: the one home of both.

The object evaluators (:mod:`kpimodel.evaluation`) and the batch kernel
(:mod:`kpimodel.batch`) import everything here, so that "an annual rate", "the time
between two periods" and "which kind of rate a series gets" mean one thing. The formulas
(:func:`compound_rate`, :func:`linear_rate`, :func:`compound_value`, :func:`linear_value`)
take floats or numpy arrays alike.

**The time axis.** Between two periods of the same kind whose length is a fixed fraction
of a year (calendar years, fiscal years with the same start month, quarters, months),
time is counted in whole periods: 2015年 to 2020年 is exactly 5 years, 2024Q1 to 2025Q3
1.5 years, as Eurostat, Statistics Canada and sdg-build count years. Otherwise (mixed
kinds, days, irregular spans) it is the distance in days between the periods' midpoints
divided by 365.2425.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Any

from kpimodel.periods import AnyPeriod, CalendarYear, Month, Quarter
from kpimodel.units import Unit

__all__ = [
    "DAYS_PER_YEAR",
    "WINDOW_SLACK_DAYS",
    "Instant",
    "RateKind",
    "TimeKey",
    "annual_rate",
    "clamp",
    "compound_rate",
    "compound_value",
    "instant_of",
    "is_relative_change",
    "limit_coefficient",
    "linear_by_default",
    "linear_rate",
    "linear_value",
    "natural_bounds",
    "period_reached",
    "relative_rate",
    "value_after",
    "years_apart",
    "years_between",
    "years_to_reach",
]

#: The mean Gregorian year, for time between dates that are not whole periods apart.
DAYS_PER_YEAR = 365.2425
#: Days a trend window may overrun: leap days and period midpoints move dates by a day.
WINDOW_SLACK_DAYS = 3


class RateKind(StrEnum):
    """How an annual rate is computed."""

    #: ``(end / start) ** (1 / years) - 1``: a fraction a year (CAGR).
    COMPOUND = "compound"
    #: ``(end - start) / years``: units a year.
    LINEAR = "linear"


class TimeKey(IntEnum):
    """The kinds of period counted in whole periods (codes shared with the batch kernel).

    Fiscal years are ``FISCAL_YEAR + start_month`` (fiscal years starting in different
    months are different kinds).
    """

    IRREGULAR = -1
    CALENDAR_YEAR = 1
    QUARTER = 2
    MONTH = 3
    FISCAL_YEAR = 100


@dataclass(frozen=True, slots=True)
class Instant:
    """A point on the time axis: a period's midpoint, or its end.

    Attributes:
        day: The date (the midpoint, or the day after the period's last day).
        key: The :class:`TimeKey` code of the period's kind (``-1``: not whole periods).
        index: The position in whole periods (a period's midpoint is an integer; its end
            is half a period later).
        per_year: How many such periods make a year.
    """

    day: dt.date
    key: int
    index: float
    per_year: int


def instant_of(period: AnyPeriod, *, at_end: bool = False) -> Instant:
    """Return where ``period`` stands on the time axis (its midpoint, or its end).

    Args:
        period: The period.
        at_end: The period's end (the end of its last day) instead of its midpoint.

    Returns:
        The instant.
    """
    kind = period.kind
    key, index, per_year = int(TimeKey.IRREGULAR), 0, 1
    if kind == "calendar_year":
        key, index = int(TimeKey.CALENDAR_YEAR), getattr(period, "year", 0)
    elif kind == "fiscal_year":
        key = int(TimeKey.FISCAL_YEAR) + int(getattr(period, "start_month", 4))
        index = getattr(period, "year", 0)
    elif kind == "quarter":
        key, per_year = int(TimeKey.QUARTER), 4
        index = getattr(period, "year", 0) * 4 + getattr(period, "quarter", 1) - 1
    elif kind == "month":
        key, per_year = int(TimeKey.MONTH), 12
        index = getattr(period, "year", 0) * 12 + getattr(period, "month", 1) - 1
    day = period.end if at_end else period.point
    return Instant(day=day, key=key, index=index + (0.5 if at_end else 0.0), per_year=per_year)


def years_between(start: dt.date, end: dt.date) -> float:
    """Return the time from ``start`` to ``end`` in years of 365.2425 days.

    Args:
        start: The earlier date.
        end: The later date.

    Returns:
        The difference in years (negative when ``end`` is earlier).
    """
    return (end - start).days / DAYS_PER_YEAR


def years_apart(start: Instant, end: Instant) -> float:
    """Return the time from ``start`` to ``end`` in years, on the time axis.

    Whole periods between periods of the same kind (see the module's documentation),
    otherwise days over 365.2425.

    Args:
        start: The earlier instant.
        end: The later instant.

    Returns:
        The difference in years (negative when ``end`` is earlier).
    """
    if start.key >= 0 and start.key == end.key:
        return (end.index - start.index) / start.per_year
    return years_between(start.day, end.day)


# -- the formulas (floats or numpy arrays) ----------------------------------------------


def compound_rate(start: Any, end: Any, years: Any) -> Any:
    """``(end / start) ** (1 / years) - 1``: the compound annual rate (CAGR)."""
    return (end / start) ** (1.0 / years) - 1.0


def linear_rate(start: Any, end: Any, years: Any) -> Any:
    """``(end - start) / years``: the linear annual rate."""
    return (end - start) / years


def compound_value(start: Any, rate: Any, years: Any) -> Any:
    """``start * (1 + rate) ** years``: the value a compound rate reaches."""
    return start * (1.0 + rate) ** years


def linear_value(start: Any, rate: Any, years: Any) -> Any:
    """``start + rate * years``: the value a linear rate reaches."""
    return start + rate * years


def annual_rate(kind: str, start: float, end: float, years: float) -> float:
    """Return the annual rate from ``start`` to ``end`` over ``years`` (floats).

    Args:
        kind: ``compound`` or ``linear``.
        start: The starting value.
        end: The ending value.
        years: The time between them, > 0.

    Returns:
        The rate; an infinity of the right sign when it overflows (a tenfold rise between
        two consecutive days).
    """
    try:
        if kind == RateKind.COMPOUND:
            return float(compound_rate(start, end, years))
        return float(linear_rate(start, end, years))
    except OverflowError:
        return math.inf if end > start else -math.inf


def value_after(kind: str, start: float, rate: float, years: float) -> float:
    """Return the value reached from ``start`` at ``rate`` after ``years`` (floats).

    Args:
        kind: ``compound`` or ``linear``.
        start: The starting value.
        rate: The annual rate.
        years: The time elapsed.

    Returns:
        The value; an infinity of ``start``'s sign when it overflows.
    """
    try:
        if kind == RateKind.COMPOUND:
            return float(compound_value(start, rate, years))
        return float(linear_value(start, rate, years))
    except OverflowError:
        return math.copysign(math.inf, start)


def relative_rate(rate: float, start: float) -> float:
    """Return a linear annual rate relative to its starting value.

    From zero, any change is infinitely large relative to the start: the result is an
    infinity of the rate's sign (zero for no change), never the rate in the working unit,
    which would make the judgement depend on the unit (1億円 a year is 0.0001兆円 a year).

    Args:
        rate: The annual change, in the working unit.
        start: The starting value, in the working unit.

    Returns:
        ``rate / |start|``.
    """
    if start:
        return rate / abs(start)
    return math.copysign(math.inf, rate) if rate else 0.0


# -- which rates, which changes --------------------------------------------------------


def linear_by_default(unit: Unit) -> bool:
    """Return whether figures in ``unit`` take linear rates under ``rate="auto"``.

    Shares (%, ‰, 割), percentage points and ranks move linearly; amounts, counts and
    plain numbers (no unit: a count or an amount) grow at compound rates.

    Args:
        unit: The working unit.

    Returns:
        True for shares, points and ranks.
    """
    if unit.kind == "ratio":
        return unit.symbol != ""
    return unit.kind in ("percentage_point", "rank")


def is_relative_change(unit: Unit) -> bool:
    """Return whether a change written in ``unit`` is relative (a percentage of the base).

    ``+100%`` doubles whatever it applies to (250 becomes 500, 10% becomes 20%); a change
    in points (ポイント, pp) or in the series' own unit is absolute.

    Args:
        unit: The change's unit.

    Returns:
        True for %, ‰ and 割.
    """
    return unit.kind == "ratio" and unit.symbol != ""


# -- natural limits ---------------------------------------------------------------------

#: Statistics Canada's limit exponent, as sdg-build writes it.
LIMIT_EXPONENT = 4.44


def limit_coefficient(base: float, limit: float) -> float:
    """Return Statistics Canada's threshold coefficient C for a base value near a limit.

    The thresholds of a direction-only assessment are multiplied by C (sdg-build's
    ``ProgressMeasure``; kpimodel's stagnation band): a figure close to its natural limit
    has little room left to move.

    Args:
        base: The base value.
        limit: The natural limit (100% coverage, say).

    Returns:
        C in [0, 1]: ``1 - (|base|/|limit|)^4.44`` at or below the limit, ``1 - ((2|limit|
        - |base|)/|limit|)^4.44`` up to twice it, 1 at or beyond twice the limit (so
        always 1 for a limit of 0); 0 at the limit.
    """
    base, limit = abs(base), abs(limit)
    if base >= 2 * limit:
        return 1.0
    if base <= limit:
        return float(1 - (base / limit) ** LIMIT_EXPONENT)
    return float(1 - ((2 * limit - base) / limit) ** LIMIT_EXPONENT)


def natural_bounds(unit: Unit, *, share: bool = False) -> tuple[float | None, float | None]:
    """Return the least and greatest figure a unit allows, in that unit.

    A count is never below 0 and a rank never above 1st (a position below 1); a share
    (``share=True``, for a ratio target whose figures are all between 0% and 100%) lies
    between 0% and 100%. Other units (amounts of money, ratios that may pass 100%, changes)
    are unbounded.

    Args:
        unit: The working unit.
        share: The figures are shares of a whole.

    Returns:
        ``(lowest, highest)``; ``None`` where there is no bound.
    """
    if unit.kind == "count":
        return 0.0, None
    if unit.kind == "rank":
        return 1.0, None
    if share and unit.kind == "ratio":
        # The whole, 100%, in the unit (100 for %, 1000 for ‰, 1 for a plain ratio).
        return 0.0, float(1 / unit.conversion_factor(Unit(symbol="")))
    return None, None


def clamp(value: float, lowest: float | None, highest: float | None) -> float:
    """Return ``value`` brought within ``[lowest, highest]`` (a bound of ``None``: none).

    Args:
        value: The figure (a projection).
        lowest: The least figure allowed.
        highest: The greatest figure allowed.

    Returns:
        The figure, capped.
    """
    if lowest is not None and value < lowest:
        return lowest
    if highest is not None and value > highest:
        return highest
    return value


# -- when will it be met ----------------------------------------------------------------

#: A trend that needs longer than this to reach its target is taken never to reach it.
HORIZON_YEARS = 1000.0


def years_to_reach(kind: str, start: float, rate: float, goal: float) -> float | None:
    """Return how many years a rate takes to carry ``start`` to ``goal``.

    Args:
        kind: ``compound`` or ``linear``.
        start: The figure now.
        rate: The annual rate (a fraction for compound rates, units a year for linear).
        goal: The figure to reach.

    Returns:
        The years (0 when ``start`` is ``goal``), or ``None`` when the rate never gets
        there (it is zero or runs the other way, a compound rate from a figure of zero or
        below, or it needs more than :data:`HORIZON_YEARS`).
    """
    if goal == start:
        return 0.0
    if not math.isfinite(rate):
        return 0.0 if (rate > 0) == (goal > start) else None
    if kind == RateKind.COMPOUND:
        if start <= 0 or goal <= 0 or rate <= -1 or rate == 0:
            return None
        years = math.log(goal / start) / math.log1p(rate)
    else:
        if rate == 0:
            return None
        years = (goal - start) / rate
    if not math.isfinite(years) or years < 0 or years > HORIZON_YEARS:
        return None
    return years


def period_reached(period: AnyPeriod, years: float) -> AnyPeriod:
    """Return the first period after ``period`` whose figure a trend ``years`` on reaches.

    Periods counted in whole periods (calendar and fiscal years, quarters, months) move
    by whole periods, at least one: a figure for 2023 that needs 0.9 years is reached in
    2024's. Other periods (days, ranges) give the calendar year containing the date the
    trend gets there.

    Args:
        period: The latest figure's period.
        years: The years the trend needs from it (>= 0).

    Returns:
        The period.
    """
    instant = instant_of(period)
    if instant.key >= 0:
        steps = max(1, math.ceil(years * instant.per_year - 1e-9))
        if period.kind in ("calendar_year", "fiscal_year"):
            return period.shifted(steps)
        index = int(instant.index) + steps
        if period.kind == "quarter":
            return Quarter(year=index // 4, quarter=index % 4 + 1)
        return Month(year=index // 12, month=index % 12 + 1)
    day = period.point + dt.timedelta(days=years * DAYS_PER_YEAR)
    return CalendarYear.of(max(day, period.last_day + dt.timedelta(days=1)))
