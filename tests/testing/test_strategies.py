"""The public hypothesis strategies: valid by construction, covering every documented case."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from kpimodel import (
    KPI,
    Indicator,
    Observation,
    Program,
    Quantity,
    Rank,
    RankTarget,
    RatioTarget,
    ReferenceRatioTarget,
    Target,
    Unit,
    parse_quantity,
)
from kpimodel.periods import AnyPeriod
from kpimodel.testing.strategies import (
    PERIOD_KINDS,
    TARGET_KINDS,
    UNIT_SYMBOLS,
    decimals_for,
    fiscal_years,
    indicators,
    kpis,
    magnitudes,
    observations,
    periods,
    programs,
    quantities,
    quantity_texts,
    ranks,
    series,
    targets,
    units,
)

T = TypeVar("T")
# Finding an example is enough: shrinking it (find's default) would cost far more.
_FIND = settings(database=None, max_examples=2000, phases=[Phase.generate])


def _reachable(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    """Return an example satisfying ``condition``, failing the test when there is none."""
    return find(strategy, condition, settings=_FIND)


def test_importing_the_testing_package_does_not_import_hypothesis() -> None:
    code = (
        "import sys, kpimodel, kpimodel.testing\n"
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported eagerly'\n"
        "from kpimodel.testing.strategies import programs\n"
        "assert 'hypothesis' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr


# --- numbers and units --------------------------------------------------------------------------


@given(magnitudes(-5, 5, 3))
def test_magnitudes_are_finite_bounded_and_exact(value: Decimal) -> None:
    assert value.is_finite()
    assert -5 <= value <= 5
    assert value.as_tuple().exponent == -3


@pytest.mark.parametrize("symbol", [*UNIT_SYMBOLS, "位"])
def test_decimals_for_each_unit_make_valid_quantities(symbol: str) -> None:
    @given(decimals_for(symbol), decimals_for(symbol, signed=True))
    def check(level: Decimal, change: Decimal) -> None:
        assert level.is_finite()
        if symbol != "ポイント":
            assert level >= 0
        if symbol == "位":
            Rank(magnitude=level)
        else:
            Quantity(magnitude=level, unit=symbol)
            Quantity(magnitude=change, unit=symbol)

    check()


def test_signed_decimals_can_be_negative() -> None:
    assert _reachable(decimals_for("億円", signed=True), lambda d: d < 0) < 0


@pytest.mark.parametrize("kind", ["currency", "count", "ratio", "percentage_point"])
def test_units_of_a_kind(kind: str) -> None:
    @given(units(kind))
    def check(unit: Unit) -> None:
        assert unit.kind == kind
        assert unit.symbol in UNIT_SYMBOLS

    check()


def test_units_cover_the_documented_list() -> None:
    for symbol in UNIT_SYMBOLS:
        assert _reachable(units(), lambda u, s=symbol: u.symbol == s).symbol == symbol  # type: ignore[misc]


def test_unknown_unit_kind() -> None:
    with pytest.raises(ValueError, match="unknown unit kind"):
        units("rank")


@given(quantities("億円"), quantities("位"), ranks(max_rank=10))
def test_quantities_and_ranks(money: Quantity, rank: Quantity, small: Rank) -> None:
    assert money.unit.symbol == "億円"
    assert type(money) is Quantity
    assert isinstance(rank, Rank)
    assert 1 <= small.position <= 10


@given(quantities(approximate=False), quantities(approximate=True))
def test_quantities_approximate_flag(exact: Quantity, approximate: Quantity) -> None:
    assert not exact.approximate
    assert approximate.approximate


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PERIOD_KINDS)
def test_periods_of_one_kind(kind: str) -> None:
    @given(periods([kind], min_year=2000, max_year=2010))
    def check(period: AnyPeriod) -> None:
        assert period.kind == kind
        assert 2000 <= period.start.year <= 2010

    check()


def test_periods_cover_every_kind() -> None:
    for kind in PERIOD_KINDS:
        assert _reachable(periods(), lambda p, k=kind: p.kind == k).kind == kind  # type: ignore[misc]


def test_periods_cover_other_fiscal_starts_and_texts() -> None:
    assert _reachable(fiscal_years(start_month=None), lambda p: p.start_month != 4)
    assert _reachable(periods(), lambda p: p.text is not None and p.text == p.label)
    with_april = periods(["fiscal_year"], any_fiscal_start=False)
    assert _reachable(with_april, lambda p: True).start_month == 4  # type: ignore[union-attr]


@pytest.mark.parametrize("kinds", [["week"], []])
def test_unknown_period_kinds(kinds: list[str]) -> None:
    with pytest.raises(ValueError, match="period kinds"):
        periods(kinds)


# --- observations and series ------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["億円", "人", "%", "ポイント", "位"])
def test_observations_in_a_unit(unit: str) -> None:
    @given(observations(unit))
    def check(obs: Observation) -> None:
        assert obs.value.unit.is_compatible(Unit(symbol=unit))
        for previous in obs.implied_previous():
            assert previous.value.unit.is_compatible(Unit(symbol=unit))

    check()


def test_observations_cover_changes_and_undated_figures() -> None:
    assert _reachable(observations(), lambda o: len(o.changes) == 2).changes
    assert _reachable(observations(), lambda o: o.period is None).period is None
    assert not _reachable(observations(with_changes=False), lambda o: True).changes
    assert _reachable(
        observations("億円"), lambda o: any(c.by.unit.symbol == "%" for c in o.changes)
    )


@given(series("兆円", n=3))
def test_series_of_a_given_length(values: tuple[Observation, ...]) -> None:
    assert len(values) == 3
    assert len({o.period for o in values}) == 3
    assert all(o.value.unit.dimension == "[currency_jpy]" for o in values)
    points = [(o.period.point, o.period.end) for o in values if o.period is not None]
    assert points == sorted(points)


def test_series_mix_units_of_one_dimension() -> None:
    mixed = _reachable(series("億円", n=4), lambda s: len({o.value.unit for o in s}) > 1)
    assert len({o.value.unit.dimension for o in mixed}) == 1


# --- targets, indicators, KPIs, programs ------------------------------------------------------


_KINDS_BY_UNIT = {
    "位": {"rank", "maintain", "trend", "monitor", "pending"},
    "%": {"ratio", "absolute", "trend", "maintain", "reference_ratio", "monitor", "pending"},
    "億円": {
        "absolute",
        "cumulative",
        "trend",
        "maintain",
        "reference_ratio",
        "monitor",
        "pending",
    },
}


@pytest.mark.parametrize(("unit", "kinds"), list(_KINDS_BY_UNIT.items()))
def test_targets_reach_every_kind_suited_to_the_unit(unit: str, kinds: set[str]) -> None:
    for kind in kinds:
        target = _reachable(targets(unit), lambda t, k=kind: t.kind == k)  # type: ignore[misc]
        assert target.kind == kind
    assert set().union(*_KINDS_BY_UNIT.values()) == set(TARGET_KINDS)


@given(targets("位"))
def test_rank_series_get_rank_targets(target: Target) -> None:
    assert target.kind in _KINDS_BY_UNIT["位"]
    assert all(isinstance(value, Rank) for value in target.units())


@given(targets("億円", kinds=["absolute", "cumulative"]))
def test_targets_of_chosen_kinds(target: Target) -> None:
    assert target.kind in ("absolute", "cumulative")


@given(targets(kinds=["rank"]), indicators(kinds=["ratio"]))
def test_units_are_drawn_to_suit_the_chosen_kinds(rank: Target, ratio: Indicator) -> None:
    assert isinstance(rank, RankTarget)
    assert isinstance(ratio.target, RatioTarget)


def test_targets_that_cannot_fit_the_unit() -> None:
    @settings(database=None, max_examples=1)
    @given(targets("%", kinds=["rank"]))
    def check(target: Target) -> None:
        del target  # pragma: no cover

    with pytest.raises(ValueError, match="suits a series"):
        check()


def test_targets_cover_baselines_and_deadlines() -> None:
    with_both = _reachable(
        targets("億円"),
        lambda t: (
            t.baseline is not None
            and t.baseline.period is not None
            and t.baseline.revised_from is not None
            and t.deadline is not None
        ),
    )
    assert with_both.baseline is not None
    assert with_both.baseline.period is not None
    assert with_both.deadline is not None
    assert with_both.baseline.period.start < with_both.deadline.end


@given(indicators(kinds=["reference_ratio"]))
def test_reference_ratio_indicators_define_their_reference(indicator: Indicator) -> None:
    assert isinstance(indicator.target, ReferenceRatioTarget)
    assert indicator.reference(indicator.target.reference).id == indicator.target.reference


@given(kpis(id="k1", max_indicators=3))
def test_kpis(kpi: KPI) -> None:
    assert kpi.id == "k1"
    ids = [indicator.id for indicator in kpi.indicators]
    assert 1 <= len(ids) <= 3
    assert len(set(ids)) == len(ids)


@settings(
    max_examples=max(10, settings.default.max_examples // 4),
    suppress_health_check=[],  # generation must stay fast and unfiltered
)
@given(programs())
def test_programs_are_small_and_valid(program: Program) -> None:
    assert 1 <= len(program.themes) <= 3
    assert all(len(theme.kpis) <= 3 for theme in program.themes)
    assert program.themes[0].kpis
    kpi_ids = [kpi.id for _, kpi in program.kpis()]
    assert len(set(kpi_ids)) == len(kpi_ids) >= 1
    theme_ids = [theme.id for theme in program.themes]
    assert len(set(theme_ids)) == len(theme_ids)
    assert Program.model_validate(program.model_dump()) == program


def test_programs_reach_their_largest_size() -> None:
    big = _reachable(programs(), lambda p: len(p.themes) == 3 and len(list(p.kpis())) >= 6)
    assert len(big.themes) == 3


def test_strategies_do_not_filter() -> None:
    # A strategy that filtered heavily would fail Hypothesis' filter_too_much health check.
    @settings(max_examples=30, database=None, suppress_health_check=[])
    @given(programs(), quantity_texts(), periods(), targets(), series())
    def check(a: Any, b: Any, c: Any, d: Any, e: Any) -> None:
        del a, b, c, d, e

    check()


# --- printed figures --------------------------------------------------------------------------


@given(quantity_texts())
def test_quantity_texts_parse_to_their_quantity(case: tuple[str, Quantity]) -> None:
    text, expected = case
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("description", "condition"),
    [
        ("digit groups", lambda t: "," in t),
        ("full-width digits", lambda t: any("０" <= c <= "９" for c in t)),
        ("▲", lambda t: "▲" in t),
        ("△", lambda t: "△" in t),
        ("plus sign", lambda t: t.startswith("+")),
        ("約", lambda t: t.startswith("約")),
        ("程度", lambda t: t.endswith("程度")),
        ("compound 兆 and 億", lambda t: "兆" in t and "億" in t),
        ("kanji numerals", lambda t: any(c in "二三四五六七八九" for c in t)),
        ("ranks", lambda t: t.endswith("位")),
        ("ordinal ranks", lambda t: "第" in t),
        ("ASCII units", lambda t: "USD" in t),
        ("multiplier units", lambda t: "億アクセス" in t or "万件" in t),
        ("percentage points", lambda t: "ポイント" in t),
    ],
)
def test_quantity_texts_cover(description: str, condition: Callable[[str], bool]) -> None:
    text, _ = _reachable(quantity_texts(), lambda case: condition(case[0]))
    assert condition(text), description


def test_quantity_texts_include_zero_with_a_multiplier() -> None:
    # The case that found the 0万人 misreading.
    text, expected = _reachable(
        quantity_texts(), lambda case: case[1].magnitude == 0 and "万" in case[0]
    )
    assert parse_quantity(text) == expected


def test_generated_dates_are_in_range() -> None:
    day = _reachable(periods(["day"], min_year=2024, max_year=2024), lambda p: True)
    assert day.start.year == 2024
    assert isinstance(day.start, dt.date)
