"""Yearly figures: the whole-year time axis the institutions' rules are written on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kpimodel.model import Observation
from kpimodel.periods import CalendarYear, FiscalYear, Period
from kpimodel.units import Quantity, Unit

__all__ = ["YearPoint", "year_of", "yearly"]


@dataclass(frozen=True, slots=True)
class YearPoint:
    """One yearly figure.

    Attributes:
        year: The year (a fiscal year counts as the year it starts in, as Open SDG reads
            ``2015-16`` as 2015).
        value: The value in the working unit.
        observation: The observation.
    """

    year: int
    value: float
    observation: Observation


def year_of(period: Period | None) -> int | None:
    """Return the year a calendar or fiscal year stands for; ``None`` for other periods."""
    if isinstance(period, CalendarYear | FiscalYear):
        return period.year
    return None


def yearly(
    observations: Sequence[Observation], unit: Unit
) -> tuple[list[YearPoint], str | None, str | None]:
    """Return the unbounded yearly figures, oldest first, or why there are none usable.

    Figures known only as a bound (``below 1億``) and undated figures are left out: the
    rules compute with figures, not bounds. A figure for a period that is not a whole
    year (a month, a day ``現在``), or two figures for one year, make the series unusable:
    the rules are written for one figure a year, and choosing one would be a guess.

    Args:
        observations: The observations, oldest first.
        unit: The working unit.

    Returns:
        The points, and (when unusable) an English and a Japanese sentence saying why.
    """
    points: dict[int, YearPoint] = {}
    for obs in observations:
        if obs.period is None or obs.bound is not None:
            continue
        year = year_of(obs.period)
        if year is None:
            return (
                [],
                f"the figure for {obs.period:en} is not for a whole year, and the rule is written "
                "for one figure a year",
                f"{obs.period:ja}の数値は年単位でなく、この方式は年1つの数値を前提とする",
            )
        if year in points:
            return (
                [],
                f"two figures are given for the year {year}",
                f"{year}年の数値が2つある",
            )
        value = obs.value
        assert isinstance(value, Quantity)
        points[year] = YearPoint(year, float(value.magnitude_in(unit)), obs)
    return sorted(points.values(), key=lambda p: p.year), None, None
