"""Targets: every built-in kind, consistency checks and the open registry of kinds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import kpimodel
from kpimodel import (
    AbsoluteTarget,
    Baseline,
    CumulativeTarget,
    DimensionMismatchError,
    Direction,
    InconsistentTargetError,
    Indicator,
    MaintainTarget,
    MonitorTarget,
    Observation,
    PendingTarget,
    Quantity,
    Rank,
    RankTarget,
    RatioTarget,
    ReferenceRatioTarget,
    ReferenceSeries,
    SchemaError,
    Target,
    TrendTarget,
    UnknownTargetKindError,
    YearSpan,
    parse_quantity,
    target_kinds,
)
from kpimodel.testing.strategies import TARGET_KINDS, UNIT_SYMBOLS, quantities, targets

_BUILT_IN = {
    "rank": RankTarget,
    "ratio": RatioTarget,
    "absolute": AbsoluteTarget,
    "cumulative": CumulativeTarget,
    "trend": TrendTarget,
    "maintain": MaintainTarget,
    "reference_ratio": ReferenceRatioTarget,
    "monitor": MonitorTarget,
    "pending": PendingTarget,
}


def _error(exc: ValidationError) -> BaseException | None:
    for item in exc.errors(include_url=False):
        original = (item.get("ctx") or {}).get("error")
        if isinstance(original, BaseException):
            return original
    return None


@pytest.fixture
def registry() -> Iterator[None]:
    """Restore the process-wide registry of target kinds after a test that adds to it."""
    kinds = dict(Target._kinds)
    yield
    Target._kinds.clear()
    Target._kinds.update(kinds)
    Target._adapter = None


def test_built_in_kinds_are_registered() -> None:
    kinds = target_kinds()
    for kind, cls in _BUILT_IN.items():
        assert kinds[kind] is cls
    assert set(TARGET_KINDS) == set(_BUILT_IN)


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ({"kind": "rank", "rank": 4, "deadline": "2035年"}, RankTarget),
        ({"kind": "ratio", "value": "50%", "deadline": "2035年"}, RatioTarget),
        (
            {
                "kind": "absolute",
                "value": "5兆円",
                "deadline": "2030年",
                "baseline": {"value": "約1.5兆円", "period": "2024年"},
            },
            AbsoluteTarget,
        ),
        ({"kind": "cumulative", "value": "180兆円", "period": "2026〜2030年度"}, CumulativeTarget),
        ({"kind": "trend"}, TrendTarget),
        ({"kind": "trend", "change": "10ポイント", "deadline": "2033年"}, TrendTarget),
        ({"kind": "maintain", "value": "5位", "deadline": "2030年度"}, MaintainTarget),
        (
            {"kind": "reference_ratio", "reference": "europeana", "deadline": "2035年"},
            ReferenceRatioTarget,
        ),
        ({"kind": "monitor"}, MonitorTarget),
        ({"kind": "pending", "text": "今後、適切なタイミングでKPIを設定する"}, PendingTarget),
    ],
)
def test_parse_each_kind(data: dict[str, Any], cls: type[Target]) -> None:
    target = Target.parse(data)
    assert type(target) is cls
    assert target.kind == data["kind"]
    assert Target.parse(target.model_dump(mode="json")) == target


def test_target_defaults() -> None:
    assert RankTarget(rank=4).direction is Direction.LOWER
    assert RankTarget(rank=4).target_value() == Rank(magnitude=4)
    assert ReferenceRatioTarget(reference="e").value == parse_quantity("100%")
    assert MaintainTarget(value="5位").direction is Direction.LOWER
    assert MaintainTarget(value="5億円").direction is Direction.HIGHER
    assert TrendTarget().units() == ()
    assert MonitorTarget().target_value() is None
    assert Direction.LOWER.sign == -1
    assert Direction.HIGHER.flipped() is Direction.LOWER


@pytest.mark.parametrize(
    ("cls", "data", "error"),
    [
        (RankTarget, {"rank": 4, "direction": "higher"}, InconsistentTargetError),
        (MaintainTarget, {"value": "5位", "direction": "higher"}, InconsistentTargetError),
        (RatioTarget, {"value": "5億円"}, DimensionMismatchError),
        (ReferenceRatioTarget, {"reference": "e", "value": "5件"}, DimensionMismatchError),
        (AbsoluteTarget, {"value": "12位"}, DimensionMismatchError),
        (CumulativeTarget, {"value": "3位"}, DimensionMismatchError),
        (AbsoluteTarget, {"value": "▲5件"}, SchemaError),
        (
            AbsoluteTarget,
            {"value": "5兆円", "baseline": {"value": "100人"}},
            DimensionMismatchError,
        ),
        (
            AbsoluteTarget,
            {
                "value": "5兆円",
                "deadline": "2030年",
                "baseline": {"value": "1兆円", "period": "2031年"},
            },
            InconsistentTargetError,
        ),
        (
            CumulativeTarget,
            {"value": "180兆円", "period": "2026〜2030年度", "deadline": "2025年"},
            InconsistentTargetError,
        ),
    ],
)
def test_inconsistent_targets(
    cls: type[Target], data: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(ValidationError) as info:
        cls.model_validate(data)
    assert isinstance(_error(info.value), error)


@pytest.mark.parametrize("change", ["▲100人", "+100人", "▲6%", "▲2ポイント"])
def test_a_trend_may_be_a_fall_in_a_count(change: str) -> None:
    # Regression: the no-negative-counts rule for levels refused a trend's ▲100人.
    target = TrendTarget(change=change, direction="lower", baseline={"value": "2,766人"})
    assert target.change == parse_quantity(change)


def test_rank_must_be_positive() -> None:
    with pytest.raises(ValidationError):
        RankTarget(rank=0)


def test_baseline_in_the_deadline_period_is_fine() -> None:
    target = AbsoluteTarget(
        value="5兆円", deadline="2030年", baseline={"value": "1兆円", "period": "2030年"}
    )
    assert target.baseline is not None
    assert target.baseline.period is not None


def test_baseline_revisions_nest() -> None:
    baseline = Baseline(
        value="3,200万件", period="2026年", revised_from={"value": "3,100万件", "period": "2025年"}
    )
    assert baseline.revised_from is not None
    assert baseline.revised_from.value == Quantity.of("3100", "万件")


def test_cumulative_effective_deadline() -> None:
    target = CumulativeTarget(value="180兆円", period="2026〜2030年度")
    assert target.effective_deadline == YearSpan(first=2026, last=2030, fiscal=True)


def test_reference_ratio_needs_its_reference_series() -> None:
    target = {"kind": "reference_ratio", "reference": "europeana"}
    with pytest.raises(ValidationError) as info:
        Indicator(id="japan-search", target=target)
    assert isinstance(_error(info.value), InconsistentTargetError)
    indicator = Indicator(
        id="japan-search",
        target=target,
        observations=[{"period": "2026年3月26日現在", "value": "32,163,179件"}],
        references=[
            {
                "id": "europeana",
                "observations": [{"period": "2026年3月26日現在", "value": "61,426,763件"}],
            }
        ],
    )
    assert indicator.reference("europeana").observations[0].value.magnitude == 61426763
    with pytest.raises(KeyError):
        indicator.reference("dpla")


@pytest.mark.parametrize("kind", ["nope", None, 3, "RANK"])
def test_unknown_kind(kind: object) -> None:
    with pytest.raises(UnknownTargetKindError) as info:
        Target.parse({"kind": kind})
    assert "known kinds" in str(info.value)
    assert "absolute" in str(info.value)


def test_unknown_kind_through_loads_names_the_kpi() -> None:
    document = """
title: P
themes:
- id: t
  title: T
  kpis:
  - id: k1
    title: K
    target: {kind: nope}
"""
    with pytest.raises(UnknownTargetKindError) as info:
        kpimodel.loads(document)
    assert info.value.kpi_id == "k1"
    assert "KPI 'k1'" in str(info.value)
    assert "'nope'" in str(info.value)


_CUSTOM_DOCUMENT = """
title: P
themes:
- id: t
  title: T
  kpis:
  - id: k1
    title: K
    target: {kind: test-targets-share-of-top-k, top: 10, share: 30%}
    observations:
    - {period: 2025年, value: 25%}
"""


@pytest.mark.usefixtures("registry")
def test_custom_kind_defined_later_is_accepted_by_loads() -> None:
    with pytest.raises(UnknownTargetKindError):
        kpimodel.loads(_CUSTOM_DOCUMENT)

    class ShareOfTopTarget(Target):
        kind: Literal["test-targets-share-of-top-k"] = "test-targets-share-of-top-k"
        top: int
        share: kpimodel.model.Value

        def target_value(self) -> Quantity:
            return self.share

    program = kpimodel.loads(_CUSTOM_DOCUMENT)
    target = program.kpi("k1").targets[0]
    assert isinstance(target, ShareOfTopTarget)
    assert (target.top, target.share) == (10, parse_quantity("30%"))
    for fmt in ("yaml", "json"):
        assert kpimodel.loads(kpimodel.dumps(program, fmt), fmt) == program
    assert "test-targets-share-of-top-k" in target_kinds()
    schema = str(kpimodel.program_schema())
    assert "test-targets-share-of-top-k" in schema


@pytest.mark.usefixtures("registry")
def test_custom_kind_units_are_checked_against_observations() -> None:
    class ShareOfTopTarget(Target):
        kind: Literal["test-targets-share-of-top-k"] = "test-targets-share-of-top-k"
        top: int
        share: kpimodel.model.Value

        def target_value(self) -> Quantity:
            return self.share

    with pytest.raises(DimensionMismatchError):
        kpimodel.loads(_CUSTOM_DOCUMENT.replace("value: 25%", "value: 25件"))


@pytest.mark.usefixtures("registry")
def test_a_second_class_cannot_claim_a_kind() -> None:
    with pytest.raises(TypeError, match="already registered"):

        class Other(Target):
            kind: Literal["ratio"] = "ratio"

    assert target_kinds()["ratio"] is RatioTarget


@pytest.mark.usefixtures("registry")
def test_a_class_of_the_same_name_elsewhere_cannot_claim_a_kind() -> None:
    # Regression: a class named like a built-in one silently replaced it.
    namespace: dict[str, Any] = {"__name__": "somebody_elses_plugin"}
    code = (
        "from typing import Literal\n"
        "from kpimodel import Target\n"
        "class RankTarget(Target):\n"
        "    kind: Literal['rank'] = 'rank'\n"
    )
    with pytest.raises(TypeError, match="already registered"):
        exec(code, namespace)
    assert target_kinds()["rank"] is RankTarget


@pytest.mark.usefixtures("registry")
def test_abstract_intermediate_classes_are_not_registered() -> None:
    before = target_kinds()

    class Intermediate(Target):
        pass

    assert target_kinds() == before


@given(targets())
def test_generated_targets_round_trip(target: Target) -> None:
    assert type(target).__name__ in {cls.__name__ for cls in _BUILT_IN.values()}
    assert Target.parse(target.model_dump(mode="json")) == target
    assert Target.adapter().validate_json(target.model_dump_json()) == target


@given(st.data())
def test_generated_targets_fit_a_series_in_their_unit(data: st.DataObject) -> None:
    unit = data.draw(st.sampled_from([*UNIT_SYMBOLS, "位"]))
    target = data.draw(targets(unit))
    value = data.draw(quantities(unit))
    assert all(v.unit.is_compatible(value.unit) for v in target.units())
    if isinstance(target, RankTarget):
        assert unit == "位"
    if isinstance(target, RatioTarget):
        assert unit == "%"
    indicator = Indicator(
        id="i",
        target=target,
        observations=[Observation(period="2025年", value=value)],
        references=[ReferenceSeries(id="reference")],
    )
    assert indicator.target == target


@pytest.mark.parametrize(
    ("written", "rank"),
    [
        ("4位", 4),
        ("4th", 4),
        ("上位4位以内", 4),
        ("上位４位", 4),
        ("top 4", 4),
        ("Top 10", 10),
        ("4", 4),
    ],
)
def test_a_rank_target_reads_the_position_as_tables_write_it(written: str, rank: int) -> None:
    # Regression: rank: 4位 was "Input should be a valid integer".
    from kpimodel.model import RankTarget

    assert RankTarget.model_validate({"rank": written}).rank == rank


@pytest.mark.parametrize("written", ["4%", "abc", "4.5位", "0位"])
def test_a_rank_that_is_not_a_position_is_refused(written: str) -> None:
    from kpimodel import KPIModelError
    from kpimodel.model import RankTarget

    with pytest.raises(KPIModelError, match="rank"):
        RankTarget.model_validate({"rank": written})
