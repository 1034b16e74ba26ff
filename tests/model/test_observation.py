"""Observations and stated changes: values as printed, derived earlier figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from pydantic import ValidationError

from kpimodel import (
    Bound,
    CalendarYear,
    Change,
    DimensionMismatchError,
    FiscalYear,
    InconsistentTargetError,
    Indicator,
    Observation,
    Quantity,
    Rank,
    SchemaError,
    parse_quantity,
)
from kpimodel.testing.strategies import observations, series


def _error(exc: ValidationError) -> BaseException | None:
    """Return the kpimodel error a pydantic ValidationError wraps."""
    for item in exc.errors(include_url=False):
        original = (item.get("ctx") or {}).get("error")
        if isinstance(original, BaseException):
            return original
    return None


@pytest.mark.parametrize(
    ("value", "by", "earlier", "approximate"),
    [
        # AI research spending, FY2024: 3,235億円, +18.3% on FY2023.
        ("3,235億円", "+18.3%", "2734.57億円", True),
        # Intangible share, 2025: 52%, about 20 points up on 2020.
        ("52%", "約20ポイント", "32%", True),
        # Highly skilled foreign professionals: 2,766人, +290 on the year before.
        ("2,766人", "+290人", "2476人", False),
        ("22,923人", "+3,003人", "19920人", False),
        # Consultations: 74件, 6% down on the year before.
        ("74件", "▲6%", "78.72件", True),
        ("約1兆7千億円", "+12.8%", "1.507兆円", True),  # two more places than 1.7
        ("30.7兆円", "+3.6兆円", "27.1兆円", False),
        ("12位", "1位", "13位", False),
        ("0.52", "2ポイント", "0.50", False),
        ("12ポイント", "+2ポイント", "10ポイント", False),  # regression: a series in points
        ("3,235億円", "+0.1兆円", "2235億円", False),
    ],
)
def test_earlier_value(value: str, by: str, earlier: str, approximate: bool) -> None:
    current = parse_quantity(value)
    result = Change(by=by).earlier_value(current)
    expected = parse_quantity(earlier)
    assert result.magnitude == expected.magnitude
    assert result.unit == current.unit
    assert result.approximate is approximate
    assert type(result) is type(current)


@pytest.mark.parametrize(
    ("value", "by"),
    [
        ("52%", "+2%"),  # a change of a share in % is ambiguous
        ("3,235億円", "+2ポイント"),  # points need a share
        ("12位", "+1人"),  # a rank changes by ranks only
        ("100人", "+5件"),  # another dimension
    ],
)
def test_changes_that_cannot_apply(value: str, by: str) -> None:
    with pytest.raises(DimensionMismatchError):
        Change(by=by).earlier_value(parse_quantity(value))


def test_relative_change_of_minus_100_percent_implies_nothing() -> None:
    with pytest.raises(InconsistentTargetError):
        Change(by="▲100%").earlier_value(parse_quantity("5件"))


def test_derived_observation() -> None:
    obs = Observation(
        period="2024年度",
        value="3,235億円",
        changes=[{"by": "+18.3%", "since": "2023年度"}],
        source="AI分野の研究費は2024年度には3,235億円となり",
    )
    (previous,) = obs.implied_previous()
    assert previous.period == FiscalYear(year=2023)
    assert previous.value == Quantity.of("2734.57", "億円", approximate=True)
    assert previous.derived
    assert previous.source == obs.source
    assert "3,235億円" in (previous.note or "")


def test_several_changes_imply_several_observations() -> None:
    obs = Observation(
        period="2025年",
        value="52%",
        changes=[
            {"by": "約20ポイント", "since": "2020年"},
            {"by": "+2ポイント", "since": "2024年"},
        ],
    )
    previous = obs.implied_previous()
    assert [p.period for p in previous] == [CalendarYear(year=2020), CalendarYear(year=2024)]
    assert [p.value.magnitude for p in previous] == [Decimal(32), Decimal(50)]
    assert [p.value.approximate for p in previous] == [True, False]


def test_change_since_must_be_earlier() -> None:
    with pytest.raises(ValidationError) as info:
        Observation(period="2024年度", value="5件", changes=[{"by": "+1件", "since": "2025年度"}])
    assert isinstance(_error(info.value), InconsistentTargetError)
    assert "changes.0.since" in str(info.value)


@pytest.mark.parametrize(
    ("value", "by", "error"),
    [
        ("52%", "+2%", DimensionMismatchError),
        ("5件", "+6件", InconsistentTargetError),  # the earlier count would be negative
        ("5件", "▲100%", InconsistentTargetError),
    ],
)
def test_changes_are_checked_when_read(value: str, by: str, error: type[Exception]) -> None:
    with pytest.raises(ValidationError) as info:
        Observation(period="2025年", value=value, changes=[{"by": by, "since": "2024年"}])
    assert isinstance(_error(info.value), error)
    assert "changes.0.by" in str(info.value)


def test_counts_cannot_be_negative_but_amounts_can() -> None:
    with pytest.raises(ValidationError) as info:
        Observation(period="2025年", value="▲5件")
    assert isinstance(_error(info.value), SchemaError)
    assert Observation(period="2025年", value="▲5億円").value.magnitude == -5
    assert Observation(period="2025年", value="▲6%").value.magnitude == -6


@pytest.mark.parametrize("value", [5, 5.5, True])
def test_bare_numbers_need_a_unit(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        Observation.model_validate({"period": "2025年", "value": value})
    assert isinstance(_error(info.value), DimensionMismatchError)


def test_values_read_text_mappings_and_ranks() -> None:
    rank = Observation.model_validate(
        {"period": "2025年", "value": {"magnitude": "12", "unit": "位"}}
    )
    assert isinstance(rank.value, Rank)
    assert rank.value == parse_quantity("12位")
    money = Observation.model_validate(
        {"period": "2025年", "value": {"magnitude": "3235", "unit": "億円"}}
    )
    assert money.value == parse_quantity("3,235億円")
    assert Observation(period="2025年", value="12位").value == Rank(magnitude=12)


def test_undated_observation() -> None:
    obs = Observation(value="1億アクセス", bound=Bound.BELOW)
    assert obs.period is None
    assert obs.bound is Bound.BELOW
    assert obs.magnitude == 1


def test_all_observations_add_derived_figures_without_overriding_printed_ones() -> None:
    indicator = Indicator(
        id="foreign",
        observations=[
            {"period": "2024年6月末", "value": "2,500人"},
            {
                "period": "2025年6月末時点",
                "value": "2,766人",
                "changes": [{"by": "+290人", "since": "2024年6月末"}],
            },
            {
                "period": "2026年3月26日",
                "value": "2,900人",
                "changes": [{"by": "+100人", "since": "2023年"}],
            },
        ],
    )
    printed = indicator.all_observations
    assert len(printed) == 4
    # The printed 2024 figure wins over the derived one (2,476人) for the same period.
    june_2024 = [o for o in printed if o.period == indicator.observations[0].period]
    assert [o.value.magnitude for o in june_2024] == [Decimal(2500)]
    derived = [o for o in printed if o.derived]
    assert [(o.period, o.value.magnitude) for o in derived] == [
        (CalendarYear(year=2023), Decimal(2800))
    ]
    points = [o.period.point for o in printed if o.period is not None]
    assert points == sorted(points)


def test_undated_derived_figures_sort_before_their_sources() -> None:
    indicator = Indicator(id="x", observations=[{"value": "74件", "changes": [{"by": "▲6%"}]}])
    first, last = indicator.all_observations
    assert first.derived
    assert not last.derived
    assert last.value == parse_quantity("74件")


@given(observations())
def test_generated_observations_apply_their_changes(obs: Observation) -> None:
    previous = obs.implied_previous()
    assert len(previous) == len(obs.changes)
    for change, earlier in zip(obs.changes, previous, strict=True):
        assert earlier.derived
        assert earlier.value.unit.is_compatible(obs.value.unit)
        assert earlier.period == change.since
        if change.since is not None and obs.period is not None:
            assert earlier.period is not None
            assert earlier.period.point < obs.period.point


@given(observations())
def test_observation_json_round_trip(obs: Observation) -> None:
    assert Observation.model_validate_json(obs.model_dump_json()) == obs


@given(series())
def test_generated_series_have_distinct_periods_and_one_dimension(
    values: tuple[Observation, ...],
) -> None:
    periods = [o.period for o in values if o.period is not None]
    assert len(set(periods)) == len(periods)
    assert len({o.value.unit.dimension for o in values}) <= 1
    Indicator(id="s", observations=values)  # a valid series
