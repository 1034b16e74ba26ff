"""Builders and hypothesis strategies for the evaluation tests.

``make`` builds an indicator from a target mapping and ``(period, value)`` pairs as a KPI
table prints them. The strategies draw small valid indicators of the progress kinds with
an as-of date; the transforms (other units, shifted years, negated figures, a raised latest
figure, later observations) express the properties the evaluators must have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from kpimodel import (
    Bound,
    CalendarYear,
    Direction,
    FiscalYear,
    Indicator,
    Observation,
    Quantity,
    Rank,
    Target,
    Unit,
    YearSpan,
)
from kpimodel.periods import PeriodBase
from kpimodel.testing._conformance import _KEEP, _rebuild, _replace

AS_OF = dt.date(2026, 3, 31)

# -- builders ------------------------------------------------------------------------------


def obs(period: str | None, value: str, **extra: Any) -> dict[str, Any]:
    """One observation as a mapping (``obs("2025年", "12位")``)."""
    return {"period": period, "value": value, **extra}


def make(
    target: dict[str, Any],
    *observations: tuple[str | None, str] | dict[str, Any],
    id: str = "x",
    **extra: Any,
) -> Indicator:
    """Build an indicator from a target mapping and observations as printed."""
    items = [o if isinstance(o, dict) else obs(o[0], o[1]) for o in observations]
    return Indicator.model_validate({"id": id, "target": target, "observations": items, **extra})


# -- transforms ----------------------------------------------------------------------------

# The conformance check already rebuilds indicators this way: one implementation serves both.
KEEP: Any = _KEEP
rebuild = _rebuild
replace = _replace


OTHER_UNIT = {"億円": "兆円", "兆円": "億円", "人": "万人", "万人": "人", "件": "万件", "%": "‰"}


def in_other_units(indicator: Indicator) -> Indicator:
    """The same figures, each in another compatible unit (億円 <-> 兆円, 人 -> 万人...)."""

    def change(value: Any) -> Any:
        if isinstance(value, Quantity) and not isinstance(value, Rank):
            other = OTHER_UNIT.get(value.unit.symbol)
            return value.to(other) if other else value
        return KEEP

    result: Indicator = rebuild(indicator, change)
    return result


def shifted(indicator: Indicator, years: int) -> Indicator:
    """The same indicator with every period moved by ``years``."""

    def change(value: Any) -> Any:
        if isinstance(value, PeriodBase):
            return value.shifted(years)
        return KEEP

    result: Indicator = rebuild(indicator, change)
    return result


def shift_date(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


_FLIP = {
    Bound.BELOW: Bound.ABOVE,
    Bound.ABOVE: Bound.BELOW,
    Bound.AT_MOST: Bound.AT_LEAST,
    Bound.AT_LEAST: Bound.AT_MOST,
}


def negated(indicator: Indicator) -> Indicator:
    """Every figure negated and the direction flipped (least rates stay magnitudes)."""

    def change(value: Any) -> Any:
        if isinstance(value, Target):
            fields: dict[str, Any] = {}
            for name in type(value).model_fields:
                item = getattr(value, name)
                if name == "direction":
                    fields[name] = value.direction.flipped()
                elif name == "min_rate":
                    fields[name] = item
                else:
                    fields[name] = rebuild(item, change)
            return type(value)(**fields)
        if isinstance(value, Observation) and value.bound is not None:
            return replace(value, value=-value.value, bound=_FLIP[value.bound])
        if isinstance(value, Quantity):
            return -value
        return KEEP

    result: Indicator = rebuild(indicator, change)
    return result


def latest_index(indicator: Indicator) -> int:
    """The index of the latest dated observation."""
    dated = [(o.period.point, i) for i, o in enumerate(indicator.observations) if o.period]
    return max(dated)[1]


def with_latest(indicator: Indicator, value: Quantity) -> Indicator:
    """The indicator with the latest observation's figure replaced."""
    index = latest_index(indicator)
    items = list(indicator.observations)
    items[index] = replace(items[index], value=value)
    result: Indicator = replace(indicator, observations=tuple(items))
    return result


# -- strategies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """An indicator and the date to evaluate it at."""

    indicator: Indicator
    as_of: dt.date

    def __repr__(self) -> str:
        return f"Case(as_of={self.as_of!r}, indicator={self.indicator.model_dump_json()})"


# Not 29 February: a date that moves by whole years without changing its day.
as_of_dates = st.dates(dt.date(2012, 1, 1), dt.date(2042, 12, 31)).filter(
    lambda d: (d.month, d.day) != (2, 29)
)
years = st.lists(st.integers(2010, 2035), min_size=1, max_size=5, unique=True).map(sorted)
directions = st.sampled_from([Direction.HIGHER, Direction.LOWER])


def magnitudes(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Decimals in [low, high], whole or with one decimal place."""
    return st.one_of(
        st.integers(low, high).map(Decimal),
        st.integers(low * 10, high * 10).map(lambda n: Decimal(n).scaleb(-1)),
    )


@st.composite
def _periods(draw: st.DrawFn, count_years: Sequence[int]) -> list[Any]:
    fiscal = draw(st.booleans())
    return [FiscalYear(year=y) if fiscal else CalendarYear(year=y) for y in count_years]


@st.composite
def _deadline_and_baseline(
    draw: st.DrawFn, values: st.SearchStrategy[Quantity], *, optional: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    deadline = (
        draw(st.none() | st.integers(2012, 2040)) if optional else draw(st.integers(2012, 2040))
    )
    if deadline is not None:
        out["deadline"] = CalendarYear(year=deadline)
    if draw(st.booleans()):
        last = deadline if deadline is not None else 2035
        out["baseline"] = {
            "value": draw(values),
            "period": CalendarYear(year=draw(st.integers(2005, last))),
        }
    return out


def _observations(periods: Sequence[Any], values: Sequence[Quantity]) -> list[Observation]:
    return [Observation(period=p, value=v) for p, v in zip(periods, values, strict=True)]


MONEY = ("億円", "兆円")
COUNTS = ("人", "件")


def _floor(unit: Unit, low: int) -> int:
    # Counts are never negative (the model refuses -5件); amounts of money may be.
    return max(low, 0) if unit.kind == "count" else low


@st.composite
def absolute_cases(
    draw: st.DrawFn,
    *,
    low: int = -1000,
    high: int = 100_000,
    units: tuple[str, ...] = MONEY + COUNTS,
) -> Case:
    unit = Unit(symbol=draw(st.sampled_from(units)))
    values = magnitudes(_floor(unit, low), high).map(lambda m: Quantity(magnitude=m, unit=unit))
    ys = draw(years)
    periods = draw(_periods(ys))
    target = {
        "kind": "absolute",
        "value": draw(values),
        "direction": draw(directions),
        **draw(_deadline_and_baseline(values)),
    }
    return _case(draw, target, periods, values, len(ys))


def _case(draw: st.DrawFn, target: dict[str, Any], periods: Any, values: Any, count: int) -> Case:
    figures = [draw(values) for _ in range(count)]
    indicator = Indicator(id="x", target=target, observations=_observations(periods, figures))
    return Case(indicator, draw(as_of_dates))


@st.composite
def ratio_cases(draw: st.DrawFn, *, low: int = 0) -> Case:
    values = magnitudes(low, 100).map(lambda m: Quantity(magnitude=m, unit=Unit(symbol="%")))
    ys = draw(years)
    periods = draw(_periods(ys))
    target = {
        "kind": "ratio",
        "value": draw(values),
        "direction": draw(directions),
        **draw(_deadline_and_baseline(values)),
    }
    return _case(draw, target, periods, values, len(ys))


@st.composite
def rank_cases(draw: st.DrawFn) -> Case:
    values = st.integers(1, 60).map(lambda n: Rank(magnitude=Decimal(n)))
    ys = draw(years)
    periods = draw(_periods(ys))
    target = {
        "kind": "rank",
        "rank": draw(st.integers(1, 20)),
        **draw(_deadline_and_baseline(values)),
    }
    return _case(draw, target, periods, values, len(ys))


@st.composite
def trend_cases(draw: st.DrawFn, *, low: int = 1, units: tuple[str, ...] = MONEY + COUNTS) -> Case:
    unit = Unit(symbol=draw(st.sampled_from(units)))
    values = magnitudes(_floor(unit, low), 100_000).map(lambda m: Quantity(magnitude=m, unit=unit))
    ys = draw(years)
    periods = draw(_periods(ys))
    target: dict[str, Any] = {"kind": "trend", "direction": draw(directions)}
    shape = draw(st.sampled_from(["direction", "min_rate", "change"]))
    if shape == "min_rate":
        target["min_rate"] = Quantity(magnitude=draw(magnitudes(0, 20)), unit=Unit(symbol="%"))
    if shape == "change":
        target["change"] = draw(
            magnitudes(1, 10_000).map(lambda m: Quantity(magnitude=m, unit=unit))
        )
        target.update(draw(_deadline_and_baseline(values, optional=False)))
    elif draw(st.booleans()):
        target["deadline"] = CalendarYear(year=draw(st.integers(2012, 2040)))
    return _case(draw, target, periods, values, len(ys))


@st.composite
def maintain_cases(
    draw: st.DrawFn, *, low: int = 0, units: tuple[str, ...] = ("%", "件"), ranks: bool = True
) -> Case:
    ys = draw(years)
    periods = draw(_periods(ys))
    if ranks and draw(st.booleans()):
        values: st.SearchStrategy[Quantity] = st.integers(1, 30).map(
            lambda n: Rank(magnitude=Decimal(n))
        )
        target: dict[str, Any] = {"kind": "maintain", "value": draw(values)}
    else:
        unit = Unit(symbol=draw(st.sampled_from(units)))
        values = magnitudes(_floor(unit, low), 100).map(lambda m: Quantity(magnitude=m, unit=unit))
        target = {"kind": "maintain", "value": draw(values), "direction": draw(directions)}
    if draw(st.booleans()):
        target["deadline"] = CalendarYear(year=draw(st.integers(2012, 2040)))
    return _case(draw, target, periods, values, len(ys))


@st.composite
def cumulative_cases(
    draw: st.DrawFn, *, low: int = 0, units: tuple[str, ...] = (*MONEY, "件")
) -> Case:
    unit = Unit(symbol=draw(st.sampled_from(units)))
    values = magnitudes(_floor(unit, low), 1000).map(lambda m: Quantity(magnitude=m, unit=unit))
    first = draw(st.integers(2015, 2030))
    span = YearSpan(first=first, last=first + draw(st.integers(0, 6)))
    ys = draw(
        st.lists(st.integers(first - 1, span.last + 1), min_size=1, max_size=6, unique=True).map(
            sorted
        )
    )
    periods = [CalendarYear(year=y) for y in ys]
    target = {
        "kind": "cumulative",
        "value": draw(
            magnitudes(_floor(unit, -1000), 5000).map(lambda m: Quantity(magnitude=m, unit=unit))
        ),
        "direction": draw(directions),
        "period": span,
    }
    return _case(draw, target, periods, values, len(ys))


@st.composite
def reference_ratio_cases(draw: st.DrawFn) -> Case:
    unit = Unit(symbol="件")
    counts = st.integers(1, 10**8).map(lambda n: Quantity(magnitude=Decimal(n), unit=unit))
    ys = draw(years)
    periods = draw(_periods(ys))
    reference = {
        "id": "ref",
        "observations": [
            Observation(period=p, value=draw(counts)) for p in periods if draw(st.booleans())
        ],
    }
    target = {
        "kind": "reference_ratio",
        "reference": "ref",
        "value": Quantity(magnitude=draw(magnitudes(10, 200)), unit=Unit(symbol="%")),
    }
    if draw(st.booleans()):
        target["deadline"] = CalendarYear(year=draw(st.integers(2012, 2040)))
    figures = [draw(counts) for _ in ys]
    indicator = Indicator(
        id="x",
        target=target,
        references=[reference],
        observations=_observations(periods, figures),
    )
    return Case(indicator, draw(as_of_dates))


def progress_cases() -> st.SearchStrategy[Case]:
    """Cases of every kind that has a status to compute."""
    return st.one_of(
        absolute_cases(),
        ratio_cases(),
        rank_cases(),
        trend_cases(),
        maintain_cases(),
        cumulative_cases(),
        reference_ratio_cases(),
    )
