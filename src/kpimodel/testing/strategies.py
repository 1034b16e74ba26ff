"""Hypothesis strategies that generate valid kpimodel values, for property-based tests.

Every strategy builds its values valid by construction (no filtering), so they are fast
and never trip Hypothesis' health checks. They cover the whole model: units, quantities
and ranks, every period kind, observations with stated changes, every built-in target
kind (consistent with the series it applies to), indicators, KPIs and whole programs.
:func:`quantity_texts` generates figures as tables print them (``3,235億円``,
``約1兆7千億円``, ``▲6%``, full-width digits) with the quantity each must parse to.

Hypothesis is a test-time dependency: import this module from tests only::

    from hypothesis import given
    from kpimodel.testing.strategies import programs

    @given(programs())
    def test_round_trip(program):
        assert kpimodel.loads(kpimodel.dumps(program)) == program

Magnitudes are drawn with :func:`hypothesis.strategies.decimals` with bounds, fixed decimal
places and neither NaN nor infinity; units are drawn from :data:`UNIT_SYMBOLS`, never
parsed by pint's string parser.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

from hypothesis import strategies as st

from kpimodel.model import (
    KPI,
    AbsoluteTarget,
    Baseline,
    Bound,
    Change,
    CumulativeTarget,
    Direction,
    Indicator,
    MaintainTarget,
    MonitorTarget,
    Observation,
    PendingTarget,
    Program,
    RankTarget,
    RatioTarget,
    ReferenceRatioTarget,
    ReferenceSeries,
    Target,
    Theme,
    TrendTarget,
)
from kpimodel.periods import (
    AnyPeriod,
    CalendarYear,
    DateRange,
    Day,
    FiscalYear,
    Month,
    Quarter,
    YearSpan,
)
from kpimodel.units import Quantity, Rank, Unit

__all__ = [
    "PERIOD_KINDS",
    "RANK_SYMBOL",
    "TARGET_KINDS",
    "UNIT_SYMBOLS",
    "calendar_years",
    "date_ranges",
    "days",
    "decimals_for",
    "fiscal_years",
    "indicators",
    "kpis",
    "magnitudes",
    "months",
    "observations",
    "periods",
    "programs",
    "quantities",
    "quantity_texts",
    "quarters",
    "ranks",
    "series",
    "targets",
    "themes",
    "units",
    "year_spans",
]

#: The units :func:`units` draws from, by kind: currencies, counts (each countable kind is
#: its own dimension), the percentage and the percentage point.
UNIT_SYMBOLS: Final[tuple[str, ...]] = (
    "円",
    "万円",
    "億円",
    "兆円",
    "USD",
    "人",
    "万人",
    "件",
    "万件",
    "社",
    "校",
    "機関",
    "アクセス",
    "億アクセス",
    "%",
    "ポイント",
)
#: The unit of ranks (``12位``); pass it as ``unit`` to get rank series and rank targets.
RANK_SYMBOL: Final = "位"
#: The built-in target kinds that :func:`targets` generates.
TARGET_KINDS: Final[tuple[str, ...]] = (
    "rank",
    "ratio",
    "absolute",
    "cumulative",
    "trend",
    "maintain",
    "reference_ratio",
    "monitor",
    "pending",
)
#: The period kinds that :func:`periods` generates (the ``kind`` of each period class).
PERIOD_KINDS: Final[tuple[str, ...]] = (
    "calendar_year",
    "fiscal_year",
    "quarter",
    "month",
    "day",
    "span",
    "range",
)

_MIN_YEAR: Final = 1990
_MAX_YEAR: Final = 2100
# Stated changes and baselines sit up to this many years before the figure they qualify.
_MAX_LOOKBACK: Final = 5
_UNIT_KINDS: Final = ("currency", "count", "ratio", "percentage_point")

# (least, greatest, decimal places) of a level in each unit: plausible figures, exact.
_LEVEL_RANGES: Final[dict[str, tuple[int, int, int]]] = {
    "円": (0, 10**12, 0),
    "万円": (0, 10**8, 1),
    "億円": (0, 10**6, 2),
    "兆円": (0, 10**4, 4),
    "USD": (0, 10**10, 2),
    "人": (0, 10**9, 0),
    "万人": (0, 10**5, 1),
    "件": (0, 10**9, 0),
    "万件": (0, 10**5, 1),
    "社": (0, 10**7, 0),
    "校": (0, 10**5, 0),
    "機関": (0, 10**5, 0),
    "アクセス": (0, 10**10, 0),
    "億アクセス": (0, 10**3, 2),
    "%": (0, 200, 1),
    "ポイント": (-100, 100, 1),
    "割": (0, 10, 1),
    "千円": (0, 10**9, 0),
    "百万円": (0, 10**7, 1),
}
_FULL_WIDTH = str.maketrans("0123456789,.+-%", "０１２３４５６７８９，．＋－％")
_KANJI_DIGITS = "〇一二三四五六七八九"
_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_"
# Readable text for titles and notes: ASCII letters, kana, common kanji and punctuation.
_TEXT_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-'\"()"
    "あいうえおかきくけこアイウエオカキクケコ知財投資人材輸出額件数割合目標進捗、。（）「」・"
)


def _unit_symbol(unit: str | Unit) -> str:
    return unit.symbol if isinstance(unit, Unit) else unit


@functools.cache
def _compatible_symbols(unit: str | Unit) -> tuple[str, ...]:
    """Return the documented unit symbols of the same dimension as ``unit``."""
    symbol = _unit_symbol(unit)
    dimension = Unit(symbol=symbol).dimension
    same = tuple(s for s in UNIT_SYMBOLS if Unit(symbol=s).dimension == dimension)
    return same or (symbol,)


@functools.cache
def _kind_of(unit: str | Unit) -> str:
    return Unit(symbol=_unit_symbol(unit)).kind


# Strategies are built once and reused: Hypothesis validates each new strategy object on
# its first draw, which would dominate the cost of drawing a program.
_cache = functools.lru_cache(maxsize=1024)


# Texts that YAML and JSON writers must quote or escape to keep them as they are.
_TRICKY_TEXTS: Final = (
    "",
    " ",
    "yes",
    "no",
    "null",
    "~",
    "1e3",
    "0x10",
    "010",
    "2025-06-30",
    "12:30",
    "a: b",
    "# not a comment",
    "- not a list",
    "'single'",
    '"double"',
    "{not: a mapping}",
    "[1, 2]",
    "&anchor *alias",
    "!!python/object",
    "trailing space ",
    " leading space",
    "two\nlines",
    "tab\there",
    "\u3000全角スペース",
    "知財・無形資産投資の促進",
    "▲6%（前年比）",
    "約1兆7千億円",
    "\\backslash",
)


@_cache
def _texts(max_size: int = 24) -> st.SearchStrategy[str]:
    return st.sampled_from(_TRICKY_TEXTS) | st.text(alphabet=_TEXT_ALPHABET, max_size=max_size)


@_cache
def _optional_texts(max_size: int = 24) -> st.SearchStrategy[str | None]:
    return st.none() | _texts(max_size)


@_cache
def _ids() -> st.SearchStrategy[str]:
    return st.text(alphabet=_ID_ALPHABET, min_size=1, max_size=10)


# --- numbers and units ---------------------------------------------------------------------


def magnitudes(
    min_value: Decimal | int | str = 0,
    max_value: Decimal | int | str = 10**9,
    places: int = 2,
) -> st.SearchStrategy[Decimal]:
    """Generate exact, finite decimal magnitudes.

    Never NaN or infinite, always within bounds, with exactly ``places`` decimal places
    (``places=0`` gives whole numbers).

    Args:
        min_value: The least magnitude.
        max_value: The greatest magnitude.
        places: The number of decimal places.

    Returns:
        A strategy of ``Decimal`` values.
    """
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def decimals_for(unit: str | Unit, *, signed: bool = False) -> st.SearchStrategy[Decimal]:
    """Generate plausible magnitudes for figures in ``unit``.

    Ranges and decimal places follow how tables print figures in each unit: whole numbers
    of persons and cases, ``3,235.5億円``, ``0.3235兆円``, ``52.1%``.

    Args:
        unit: The unit (a symbol such as ``"億円"`` or a :class:`~kpimodel.Unit`).
        signed: Also generate negative magnitudes (for changes such as ``▲6%``).

    Returns:
        A strategy of ``Decimal`` magnitudes.
    """
    symbol = _unit_symbol(unit)
    if symbol == RANK_SYMBOL:
        return magnitudes(1, 200, 0)
    low, high, places = _LEVEL_RANGES.get(symbol, (0, 10**6, 2))
    if signed:
        low = -high
    return magnitudes(low, high, places)


def units(kind: str | None = None) -> st.SearchStrategy[Unit]:
    """Generate units from :data:`UNIT_SYMBOLS`.

    Args:
        kind: Only units of this kind: ``"currency"``, ``"count"``, ``"ratio"`` (%) or
            ``"percentage_point"``; any kind when ``None``.

    Returns:
        A strategy of :class:`~kpimodel.Unit` values.

    Raises:
        ValueError: When ``kind`` is not one of the kinds above.
    """
    if kind is not None and kind not in _UNIT_KINDS:
        raise ValueError(f"unknown unit kind {kind!r}; expected one of {_UNIT_KINDS}")
    symbols = [s for s in UNIT_SYMBOLS if kind is None or Unit(symbol=s).kind == kind]
    return st.sampled_from([Unit(symbol=s) for s in symbols])


def ranks(max_rank: int = 200) -> st.SearchStrategy[Rank]:
    """Generate ranks (``12位``), sometimes approximate.

    Args:
        max_rank: The greatest position.

    Returns:
        A strategy of :class:`~kpimodel.Rank` values.
    """
    return st.builds(
        lambda position, approximate: Rank(magnitude=position, approximate=approximate),
        st.integers(min_value=1, max_value=max_rank),
        st.booleans(),
    )


@_cache
@st.composite
def _quantities(
    draw: st.DrawFn, unit: str | Unit | None, approximate: bool | None, signed: bool
) -> Quantity:
    chosen = draw(units()) if unit is None else Unit(symbol=_unit_symbol(unit))
    if chosen.symbol == RANK_SYMBOL:
        return draw(ranks())
    magnitude = draw(decimals_for(chosen, signed=signed))
    approx = draw(st.booleans()) if approximate is None else approximate
    return Quantity(magnitude=magnitude, unit=chosen, approximate=approx)


def quantities(
    unit: str | Unit | None = None,
    *,
    approximate: bool | None = None,
    signed: bool = False,
) -> st.SearchStrategy[Quantity]:
    """Generate quantities, each exact, in a unit from :data:`UNIT_SYMBOLS`.

    Args:
        unit: The unit of every quantity; drawn from :func:`units` when ``None``. Passing
            ``"位"`` generates :class:`~kpimodel.Rank` values.
        approximate: Fix the ``approximate`` flag; drawn when ``None``.
        signed: Also generate negative magnitudes.

    Returns:
        A strategy of :class:`~kpimodel.Quantity` values.
    """
    return _quantities(unit, approximate, signed)


# --- periods --------------------------------------------------------------------------------


def calendar_years(
    min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR
) -> st.SearchStrategy[CalendarYear]:
    """Generate calendar years (``2025年``).

    Args:
        min_year: The earliest year.
        max_year: The latest year.

    Returns:
        A strategy of :class:`~kpimodel.CalendarYear` values.
    """
    return st.builds(lambda y: CalendarYear(year=y), st.integers(min_year, max_year))


def fiscal_years(
    min_year: int = _MIN_YEAR,
    max_year: int = _MAX_YEAR,
    start_month: int | None = 4,
) -> st.SearchStrategy[FiscalYear]:
    """Generate fiscal years (``2024年度``).

    Args:
        min_year: The earliest year a fiscal year starts in.
        max_year: The latest year a fiscal year starts in.
        start_month: The fiscal years' first month (April, as in Japan, by default);
            drawn from 1-12 when ``None``.

    Returns:
        A strategy of :class:`~kpimodel.FiscalYear` values.
    """
    months = st.integers(1, 12) if start_month is None else st.just(start_month)
    return st.builds(
        lambda y, m: FiscalYear(year=y, start_month=m), st.integers(min_year, max_year), months
    )


def quarters(min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR) -> st.SearchStrategy[Quarter]:
    """Generate calendar quarters (``2025Q1``).

    Args:
        min_year: The earliest year.
        max_year: The latest year.

    Returns:
        A strategy of :class:`~kpimodel.Quarter` values.
    """
    return st.builds(
        lambda y, q: Quarter(year=y, quarter=q), st.integers(min_year, max_year), st.integers(1, 4)
    )


def months(min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR) -> st.SearchStrategy[Month]:
    """Generate calendar months (``2026年3月``).

    Args:
        min_year: The earliest year.
        max_year: The latest year.

    Returns:
        A strategy of :class:`~kpimodel.Month` values.
    """
    return st.builds(
        lambda y, m: Month(year=y, month=m), st.integers(min_year, max_year), st.integers(1, 12)
    )


def _dates(min_year: int, max_year: int) -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(min_year, 1, 1), max_value=dt.date(max_year, 12, 31))


def days(min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR) -> st.SearchStrategy[Day]:
    """Generate single days (``2026年3月26日現在``).

    Args:
        min_year: The earliest year.
        max_year: The latest year.

    Returns:
        A strategy of :class:`~kpimodel.Day` values.
    """
    return st.builds(lambda d: Day(date=d), _dates(min_year, max_year))


@_cache
@st.composite
def _year_spans(draw: st.DrawFn, min_year: int, max_year: int, fiscal: bool | None) -> YearSpan:
    first = draw(st.integers(min_year, max_year))
    last = draw(st.integers(first, first + 10))
    is_fiscal = draw(st.booleans()) if fiscal is None else fiscal
    start_month = draw(st.sampled_from([4, 4, 4, 1, 7, 10])) if is_fiscal else 4
    return YearSpan(first=first, last=last, fiscal=is_fiscal, start_month=start_month)


def year_spans(
    min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR, *, fiscal: bool | None = None
) -> st.SearchStrategy[YearSpan]:
    """Generate spans of whole years (``2014-2019年``, ``2020〜2024年度``) of 1 to 11 years.

    Args:
        min_year: The earliest first year.
        max_year: The latest first year.
        fiscal: Whether the years are fiscal years; drawn when ``None``.

    Returns:
        A strategy of :class:`~kpimodel.YearSpan` values.
    """
    return _year_spans(min_year, max_year, fiscal)


@_cache
@st.composite
def _date_ranges(draw: st.DrawFn, min_year: int, max_year: int) -> DateRange:
    first = draw(_dates(min_year, max_year))
    last = first + dt.timedelta(days=draw(st.integers(0, 800)))
    return DateRange(first=first, last=last)


def date_ranges(
    min_year: int = _MIN_YEAR, max_year: int = _MAX_YEAR
) -> st.SearchStrategy[DateRange]:
    """Generate ranges of days (``2025年12月〜2026年3月``) of up to 801 days.

    Args:
        min_year: The earliest year of the first day.
        max_year: The latest year of the first day.

    Returns:
        A strategy of :class:`~kpimodel.DateRange` values.
    """
    return _date_ranges(min_year, max_year)


def _with_text(period: AnyPeriod, keep: bool) -> AnyPeriod:
    return period.model_copy(update={"text": period.label}) if keep else period


@_cache
@st.composite
def _periods(
    draw: st.DrawFn, kinds: tuple[str, ...], min_year: int, max_year: int, fiscal_any: bool
) -> AnyPeriod:
    kind = draw(st.sampled_from(kinds))
    period: AnyPeriod
    if kind == "calendar_year":
        period = draw(calendar_years(min_year, max_year))
    elif kind == "fiscal_year":
        period = draw(fiscal_years(min_year, max_year, None if fiscal_any else 4))
    elif kind == "quarter":
        period = draw(quarters(min_year, max_year))
    elif kind == "month":
        period = draw(months(min_year, max_year))
    elif kind == "day":
        period = draw(days(min_year, max_year))
    elif kind == "span":
        period = draw(year_spans(min_year, max_year))
    else:
        period = draw(date_ranges(min_year, max_year))
    return _with_text(period, draw(st.booleans()))


def periods(
    kinds: Sequence[str] | None = None,
    *,
    min_year: int = _MIN_YEAR,
    max_year: int = _MAX_YEAR,
    any_fiscal_start: bool = True,
) -> st.SearchStrategy[AnyPeriod]:
    """Generate periods of every kind: years, fiscal years, quarters, months, days, spans.

    Each period starts in a year from ``min_year`` to ``max_year``; spans and ranges may end
    up to 11 years later. About half carry their :attr:`~kpimodel.periods.PeriodBase.label`
    as ``text``, as if read from a table (equality ignores ``text``).

    Args:
        kinds: The period kinds to draw from (see :data:`PERIOD_KINDS`); all when ``None``.
        min_year: The earliest year a period starts in.
        max_year: The latest year a period starts in.
        any_fiscal_start: Also generate fiscal years that do not start in April.

    Returns:
        A strategy of periods.

    Raises:
        ValueError: When ``kinds`` names an unknown kind.
    """
    chosen = tuple(kinds) if kinds is not None else PERIOD_KINDS
    unknown = set(chosen) - set(PERIOD_KINDS)
    if unknown or not chosen:
        raise ValueError(f"unknown period kinds {sorted(unknown)}; expected {PERIOD_KINDS}")
    return _periods(chosen, min_year, max_year, any_fiscal_start)


# --- observations and series ----------------------------------------------------------------


def _level(draw: st.DrawFn, unit: str) -> Quantity:
    """Draw a level (not a change) in a unit compatible with ``unit``."""
    if unit == RANK_SYMBOL:
        return draw(ranks())
    symbol = draw(st.sampled_from(_compatible_symbols(unit)))
    return draw(quantities(symbol))


def _change(draw: st.DrawFn, value: Quantity, since: AnyPeriod | None) -> Change:
    """Draw a stated change that can apply to ``value`` (see :meth:`Change.earlier_value`)."""
    kind = value.unit.kind
    by: Quantity
    if isinstance(value, Rank):
        by = draw(ranks(max_rank=5))
    elif kind == "ratio":
        by = draw(quantities("ポイント", signed=True))
    elif draw(st.booleans()):
        # A relative change, above -100% so that an earlier figure exists.
        by = Quantity(magnitude=draw(magnitudes(-99, 500, 1)), unit="%")
    elif kind == "count":
        # The earlier count (value - by) must not be negative.
        limit = value.magnitude
        by = Quantity(
            magnitude=draw(magnitudes(-limit, limit, 0)) if limit >= 1 else Decimal(0),
            unit=value.unit,
        )
    else:
        by = draw(quantities(value.unit, signed=True))
    return Change(by=by, since=since)


def _draw_observation(
    draw: st.DrawFn, unit: str, period: AnyPeriod | None, with_changes: bool
) -> Observation:
    value = _level(draw, unit)
    changes: list[Change] = []
    if with_changes and period is not None:
        lookbacks = draw(st.lists(st.integers(1, _MAX_LOOKBACK), max_size=2, unique=True))
        changes = [_change(draw, value, period.shifted(-k)) for k in lookbacks]
    elif with_changes and draw(st.booleans()):
        changes = [_change(draw, value, None)]
    return Observation(
        period=period,
        value=value,
        bound=draw(st.none() | st.sampled_from(list(Bound))),
        changes=tuple(changes),
        derived=draw(st.booleans()),
        source=draw(_optional_texts()),
        note=draw(_optional_texts()),
    )


@_cache
@st.composite
def _any_observations(draw: st.DrawFn, unit: str | Unit | None, with_changes: bool) -> Observation:
    symbol = _unit_symbol(unit) if unit is not None else draw(_series_units())
    period = draw(st.none() | periods(min_year=_MIN_YEAR + _MAX_LOOKBACK))
    return _draw_observation(draw, symbol, period, with_changes)


def observations(
    unit: str | Unit | None = None, *, with_changes: bool = True
) -> st.SearchStrategy[Observation]:
    """Generate observations: a figure for a period (or for no stated period).

    Values are levels in a unit of the same dimension as ``unit`` (億円 and 兆円 mix);
    stated changes (``+18.3%`` since an earlier period, ``約20ポイント`` for shares, an
    amount in the same dimension) always apply to the value.

    Args:
        unit: The unit of the series; drawn when ``None``. ``"位"`` gives ranks.
        with_changes: Also generate stated changes from earlier periods.

    Returns:
        A strategy of :class:`~kpimodel.Observation` values.
    """
    return _any_observations(unit, with_changes)


@_cache
def _series_units(kinds: tuple[str, ...] | None = None) -> st.SearchStrategy[str]:
    """Draw a series unit (ranks included) that suits one of the target ``kinds``, if given."""
    symbols = [
        s
        for s in (*UNIT_SYMBOLS, RANK_SYMBOL)
        if kinds is None or any(k in kinds for k in _kinds_for(s))
    ]
    if not symbols:
        raise ValueError(f"no series unit suits the target kinds {kinds}")
    return st.sampled_from(symbols)


@_cache
@st.composite
def _series(
    draw: st.DrawFn,
    unit: str | Unit | None,
    min_size: int,
    max_size: int,
    with_changes: bool,
) -> tuple[Observation, ...]:
    symbol = _unit_symbol(unit) if unit is not None else draw(_series_units())
    # Mostly one period kind per series, as tables have; periods are distinct (unique=True
    # discards the rare repeat while drawing, it does not filter whole series).
    kinds = draw(st.sampled_from([(k,) for k in PERIOD_KINDS] + [PERIOD_KINDS]))
    when = st.lists(
        periods(kinds, min_year=_MIN_YEAR + _MAX_LOOKBACK),
        min_size=min_size,
        max_size=max_size,
        unique=True,
    )
    return tuple(
        _draw_observation(draw, symbol, period, with_changes)
        for period in sorted(draw(when), key=lambda p: (p.point, p.end))
    )


def series(
    unit: str | Unit | None = None,
    n: int | None = None,
    *,
    max_size: int = 4,
    with_changes: bool = True,
) -> st.SearchStrategy[tuple[Observation, ...]]:
    """Generate a series: observations with distinct periods, in one unit dimension.

    Args:
        unit: The series' unit; drawn (ranks included) when ``None``.
        n: The exact number of observations; from 0 to ``max_size`` when ``None``.
        max_size: The most observations when ``n`` is not given.
        with_changes: Also generate stated changes.

    Returns:
        A strategy of observation tuples, ordered by period.
    """
    low, high = (n, n) if n is not None else (0, max_size)
    return _series(unit, low, high, with_changes)


# --- targets --------------------------------------------------------------------------------


@functools.cache
def _kinds_for(unit: str) -> tuple[str, ...]:
    """Return the built-in target kinds that make sense for a series in ``unit``."""
    kind = _kind_of(unit)
    if kind == "rank":
        return ("rank", "maintain", "trend", "monitor", "pending")
    if kind == "ratio":
        return ("ratio", "absolute", "trend", "maintain", "reference_ratio", "monitor", "pending")
    if kind == "percentage_point":
        return ("absolute", "trend", "maintain", "monitor", "pending")
    return (
        "absolute",
        "cumulative",
        "trend",
        "maintain",
        "reference_ratio",
        "monitor",
        "pending",
    )


def _draw_timing(draw: st.DrawFn, unit: str) -> dict[str, Any]:
    """Draw a deadline and a baseline (in ``unit``) that comes before it."""
    deadline = draw(st.none() | periods(min_year=_MIN_YEAR + _MAX_LOOKBACK + 1))
    baseline = None
    if draw(st.booleans()):
        latest = deadline.start.year - 1 if deadline is not None else _MAX_YEAR
        period = draw(st.none() | periods(min_year=_MIN_YEAR, max_year=latest))
        revised = None
        if draw(st.booleans()):
            revised = Baseline(value=_level(draw, unit), period=period)
        baseline = Baseline(
            value=_level(draw, unit),
            period=period,
            source=draw(_optional_texts()),
            revised_from=revised,
        )
    return {
        "deadline": deadline,
        "baseline": baseline,
        "text": draw(_optional_texts()),
    }


def _directions() -> st.SearchStrategy[Direction]:
    return st.sampled_from(list(Direction))


@_cache
@st.composite
def _targets(
    draw: st.DrawFn, unit: str | Unit | None, kinds: tuple[str, ...] | None, reference: str
) -> Target:
    symbol = _unit_symbol(unit) if unit is not None else draw(_series_units(kinds))
    allowed = _kinds_for(symbol)
    if kinds is not None:
        allowed = tuple(k for k in allowed if k in kinds)
        if not allowed:
            raise ValueError(f"no target kind among {kinds} suits a series in {symbol!r}")
    kind = draw(st.sampled_from(allowed))
    common = _draw_timing(draw, symbol)
    is_rank = symbol == RANK_SYMBOL
    if kind == "rank":
        return RankTarget(rank=draw(st.integers(1, 50)), **common)
    if kind == "ratio":
        return RatioTarget(value=draw(quantities("%")), direction=draw(_directions()), **common)
    if kind == "absolute":
        return AbsoluteTarget(value=_level(draw, symbol), direction=draw(_directions()), **common)
    if kind == "cumulative":
        # The span the total is summed over starts before the deadline ends.
        deadline = common["deadline"]
        latest = deadline.start.year - 1 if deadline is not None else _MAX_YEAR
        over = year_spans(max_year=latest) | date_ranges(max_year=latest)
        return CumulativeTarget(
            value=_level(draw, symbol),
            period=draw(st.none() | over | fiscal_years(max_year=latest)),
            direction=draw(_directions()),
            **common,
        )
    if kind == "trend":
        change: Quantity | None = None
        min_rate: Quantity | None = None
        if not is_rank and draw(st.booleans()):
            pp = _kind_of(symbol) in ("ratio", "percentage_point")
            change = draw(quantities("ポイント" if pp else symbol, signed=True))
        if not is_rank and _kind_of(symbol) != "ratio" and draw(st.booleans()):
            min_rate = draw(quantities(draw(st.sampled_from(["%", symbol]))))
        direction = Direction.LOWER if is_rank else draw(_directions())
        return TrendTarget(change=change, min_rate=min_rate, direction=direction, **common)
    if kind == "maintain":
        direction = Direction.LOWER if is_rank else draw(_directions())
        return MaintainTarget(value=_level(draw, symbol), direction=direction, **common)
    if kind == "reference_ratio":
        return ReferenceRatioTarget(
            reference=reference,
            value=draw(quantities("%", approximate=False)),
            direction=draw(_directions()),
            **common,
        )
    if kind == "monitor":
        return MonitorTarget(direction=draw(_directions()), **common)
    return PendingTarget(direction=draw(_directions()), **common)


def targets(
    unit: str | Unit | None = None,
    *,
    kinds: Sequence[str] | None = None,
    reference: str = "reference",
) -> st.SearchStrategy[Target]:
    """Generate targets of every built-in kind, consistent with a series in ``unit``.

    Rank series get rank, maintain (a rank bound), trend, monitor and pending targets;
    share (%) series get ratio targets and percentage-point trends; amounts and counts
    get absolute, cumulative and trend targets in their own dimension. Baselines are in the
    series' dimension and come before the deadline.

    A ``reference_ratio`` target names the reference series ``reference``: an indicator
    that holds it must define that series (:func:`indicators` does).

    Args:
        unit: The unit of the series the target applies to; drawn when ``None``.
        kinds: Only these kinds (see :data:`TARGET_KINDS`); every kind suited to the unit
            when ``None``.
        reference: The reference series id that ``reference_ratio`` targets name.

    Returns:
        A strategy of targets.

    Raises:
        ValueError: When no kind in ``kinds`` suits ``unit`` (raised when drawing).
    """
    return _targets(unit, tuple(kinds) if kinds is not None else None, reference)


# --- indicators, KPIs, themes, programs -----------------------------------------------------


def _draw_reference_series(draw: st.DrawFn, ref_id: str, unit: str) -> ReferenceSeries:
    return ReferenceSeries(
        id=ref_id,
        title=draw(_optional_texts()),
        title_en=draw(_optional_texts()),
        observations=draw(series(unit, max_size=3, with_changes=False)),
    )


@_cache
@st.composite
def _indicators(
    draw: st.DrawFn,
    unit: str | Unit | None,
    kinds: tuple[str, ...] | None,
    indicator_id: str | None,
) -> Indicator:
    symbol = _unit_symbol(unit) if unit is not None else draw(_series_units(kinds))
    ref_ids = draw(st.lists(_ids(), max_size=1, unique=True))
    chosen = targets(symbol, kinds=kinds, reference=ref_ids[0] if ref_ids else "ref")
    target = draw(chosen if kinds is not None else st.none() | chosen)
    if isinstance(target, ReferenceRatioTarget) and target.reference not in ref_ids:
        ref_ids.append(target.reference)
    references = tuple(_draw_reference_series(draw, ref_id, symbol) for ref_id in ref_ids)
    fields: dict[str, Any] = {
        "id": indicator_id if indicator_id is not None else draw(_ids()),
        "title": draw(_optional_texts()),
        "title_en": draw(_optional_texts()),
        "observations": draw(series(symbol)),
        "references": references,
        "note": draw(_optional_texts()),
    }
    if target is not None:
        fields["target"] = target
    return Indicator(**fields)


def indicators(
    unit: str | Unit | None = None,
    *,
    kinds: Sequence[str] | None = None,
    id: str | None = None,
) -> st.SearchStrategy[Indicator]:
    """Generate indicators: a series with a consistent target and reference series.

    Args:
        unit: The unit of the series; drawn (ranks included) when ``None``.
        kinds: Only these target kinds; when ``None`` any suitable kind, or no target (a
            monitor target by default).
        id: The indicator id; drawn when ``None``.

    Returns:
        A strategy of :class:`~kpimodel.Indicator` values.
    """
    return _indicators(unit, tuple(kinds) if kinds is not None else None, id)


@_cache
@st.composite
def _kpis(draw: st.DrawFn, kpi_id: str | None, max_indicators: int) -> KPI:
    ident = kpi_id if kpi_id is not None else draw(_ids())
    if draw(st.booleans()):
        # The common single-indicator KPI, whose indicator shares the KPI's id.
        indicator_ids = [ident]
    else:
        indicator_ids = draw(st.lists(_ids(), min_size=1, max_size=max_indicators, unique=True))
    return KPI(
        id=ident,
        title=draw(_texts()),
        title_en=draw(_optional_texts()),
        indicators=tuple(draw(indicators(id=i)) for i in indicator_ids),
        progress_text=draw(_optional_texts(60)),
        source_ref=draw(_optional_texts()),
        note=draw(_optional_texts()),
    )


def kpis(id: str | None = None, *, max_indicators: int = 2) -> st.SearchStrategy[KPI]:
    """Generate KPIs with one or more indicators (unique indicator ids).

    Args:
        id: The KPI id; drawn when ``None``.
        max_indicators: The most indicators per KPI.

    Returns:
        A strategy of :class:`~kpimodel.KPI` values.
    """
    return _kpis(id, max_indicators)


@_cache
@st.composite
def _themes(draw: st.DrawFn, theme_id: str | None, kpi_ids: Sequence[str] | None) -> Theme:
    ids = list(kpi_ids) if kpi_ids is not None else draw(st.lists(_ids(), max_size=3, unique=True))
    return Theme(
        id=theme_id if theme_id is not None else draw(_ids()),
        title=draw(_texts()),
        title_en=draw(_optional_texts()),
        kpis=tuple(draw(kpis(id=i)) for i in ids),
    )


def themes(
    id: str | None = None, *, kpi_ids: Sequence[str] | None = None
) -> st.SearchStrategy[Theme]:
    """Generate themes of up to three KPIs with unique ids.

    Args:
        id: The theme id; drawn when ``None``.
        kpi_ids: The ids of the theme's KPIs; up to three unique ids are drawn when ``None``.

    Returns:
        A strategy of :class:`~kpimodel.Theme` values.
    """
    return _themes(id, tuple(kpi_ids) if kpi_ids is not None else None)


@_cache
@st.composite
def _programs(draw: st.DrawFn, max_themes: int, max_kpis: int) -> Program:
    theme_ids = draw(st.lists(_ids(), min_size=1, max_size=max_themes, unique=True))
    # KPI ids are unique across the whole program, not only within a theme; a program has
    # at least one KPI (its first theme does), while later themes may be empty.
    counts = [draw(st.integers(1 if i == 0 else 0, max_kpis)) for i in range(len(theme_ids))]
    kpi_ids = draw(st.lists(_ids(), min_size=sum(counts), max_size=sum(counts), unique=True))
    groups: list[list[str]] = []
    for count in counts:
        groups.append(kpi_ids[:count])
        kpi_ids = kpi_ids[count:]
    return Program(
        title=draw(_texts()),
        title_en=draw(_optional_texts()),
        publisher=draw(_optional_texts()),
        edition=draw(st.none() | st.integers(2000, 2100).map(str)),
        as_of=draw(st.none() | _dates(2000, 2100)),
        source=draw(_optional_texts()),
        note=draw(_optional_texts()),
        themes=tuple(
            draw(themes(id=t, kpi_ids=tuple(ids))) for t, ids in zip(theme_ids, groups, strict=True)
        ),
    )


def programs(*, max_themes: int = 3, max_kpis: int = 3) -> st.SearchStrategy[Program]:
    """Generate small, valid programs: 1 to 3 themes of up to 3 KPIs, all ids unique.

    The first theme always has a KPI (a program without KPIs is refused).

    Args:
        max_themes: The most themes (at least 1).
        max_kpis: The most KPIs per theme (at least 1).

    Returns:
        A strategy of :class:`~kpimodel.Program` values.
    """
    return _programs(max_themes, max_kpis)


# --- printed figures ------------------------------------------------------------------------


def _grouped(magnitude: Decimal, group: bool) -> str:
    """Write a non-negative decimal as a table would: ``3,235``, ``0.3235``, ``1,234.50``."""
    whole, dot, fraction = format(magnitude, "f").partition(".")
    return f"{int(whole):,}{dot}{fraction}" if group else f"{whole}{dot}{fraction}"


def _kanji(number: int) -> str:
    """Write 1-9999 in kanji numerals (``百二十四``, ``二千二十四``)."""
    text = ""
    for value, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, number = divmod(number, value)
        if digit:
            text += ("" if digit == 1 else _KANJI_DIGITS[digit]) + name
    return text + (_KANJI_DIGITS[number] if number else "")


_APPROX_PREFIXES: Final = ("約", "概ね", "およそ", "~")
_APPROX_SUFFIXES: Final = ("程度", "前後")
_MINUS_SIGNS: Final = ("▲", "△", "-", "−")


@st.composite
def _plain_texts(draw: st.DrawFn) -> tuple[str, Quantity]:
    symbol = draw(st.sampled_from((*UNIT_SYMBOLS, "割", "千円", "百万円")))
    magnitude = draw(decimals_for(symbol).map(abs))
    negative = draw(st.booleans()) and magnitude != 0
    sign = draw(st.sampled_from(_MINUS_SIGNS)) if negative else draw(st.sampled_from(["", "+"]))
    space = " " if symbol == "USD" or draw(st.integers(0, 9)) == 0 else ""
    number = _grouped(magnitude, group=draw(st.booleans()))
    expected = Quantity(magnitude=-magnitude if negative else magnitude, unit=symbol)
    return f"{sign}{number}{space}{symbol}", expected


@st.composite
def _rank_texts(draw: st.DrawFn) -> tuple[str, Quantity]:
    position = draw(st.integers(1, 300))
    ordinal = "第" if draw(st.booleans()) else ""
    return f"{ordinal}{position}位", Rank(magnitude=position)


@st.composite
def _compound_texts(draw: st.DrawFn) -> tuple[str, Quantity]:
    # 1兆7千億円 is 1.7兆円; 1億2,000万人 is 1.2億人: the largest multiplier names the unit.
    big, small, scale = draw(st.sampled_from([("兆", "億", 10**4), ("億", "万", 10**4)]))
    base = draw(st.sampled_from(["円", "人", "件"] if big == "億" else ["円"]))
    high = draw(st.integers(1, 9999))
    low = draw(st.integers(1, 9999))
    if low % 1000 == 0 and draw(st.booleans()):
        low_text = f"{low // 1000}千"
    else:
        low_text = _grouped(Decimal(low), group=draw(st.booleans()))
    value = (Decimal(high) * scale + low) / scale
    expected = Quantity(magnitude=value.normalize(), unit=f"{big}{base}")
    return f"{high}{big}{low_text}{small}{base}", expected


@st.composite
def _kanji_texts(draw: st.DrawFn) -> tuple[str, Quantity]:
    # 百 and 千 alone are also unit prefixes (百万円, 千円): keep to unambiguous numbers.
    number = draw(st.integers(1, 9999).map(lambda n: n + 1 if n in (100, 1000) else n))
    symbol = draw(st.sampled_from(["人", "件", "社", "校", "円"]))
    return f"{_kanji(number)}{symbol}", Quantity(magnitude=number, unit=symbol)


@st.composite
def _quantity_texts(draw: st.DrawFn) -> tuple[str, Quantity]:
    text, expected = draw(
        st.one_of(_plain_texts(), _plain_texts(), _rank_texts(), _compound_texts(), _kanji_texts())
    )
    how = draw(st.sampled_from(["exact", "prefix", "suffix"]))
    if how == "prefix":
        text = draw(st.sampled_from(_APPROX_PREFIXES)) + text
    elif how == "suffix":
        text = text + draw(st.sampled_from(_APPROX_SUFFIXES))
    if how != "exact":
        expected = expected.model_copy(update={"approximate": True})
    if draw(st.booleans()):
        text = text.translate(_FULL_WIDTH)
    return text, expected


def quantity_texts() -> st.SearchStrategy[tuple[str, Quantity]]:
    """Generate figures as KPI tables print them, each with the quantity it must parse to.

    Covers digit grouping (``3,235億円``, ``32,163,179件``), decimals (``1.4万社``,
    ``0.3235兆円``), Japanese multipliers in units (``3,100万件``, ``1億アクセス``),
    compound figures (``1兆7千億円`` is 1.7 兆円), kanji numerals (``百二十四人``),
    signs (``+3,003人``, ``▲6%``, ``△6%``), approximate markers (``約``, ``概ね``,
    ``程度``), ranks (``12位``, ``第3位``), ASCII units (``1,500 USD``) and full-width
    digits (``３２３５億円``).

    Returns:
        A strategy of ``(text, expected)`` pairs, where
        ``kpimodel.parse_quantity(text) == expected``.
    """
    return _quantity_texts()
