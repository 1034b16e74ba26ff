"""Natural limits on targets (issue 12): ``limit:`` loads, checks its side and unit."""

from __future__ import annotations

from typing import Any

import pytest

import kpimodel
from kpimodel import DimensionMismatchError, InconsistentTargetError, Indicator, SchemaError
from kpimodel.model import LimitedTarget


def _indicator(target: dict[str, Any], *values: str) -> Indicator:
    observations = [{"period": 2020 + i, "value": v} for i, v in enumerate(values)]
    return Indicator.model_validate({"id": "k", "target": target, "observations": observations})


@pytest.mark.parametrize("kind", ["ratio", "absolute", "trend"])
def test_limit_loads_on_kinds_with_figures(kind: str) -> None:
    target = {"kind": kind, "limit": "100%"}
    if kind != "trend":
        target["value"] = "90%"
    indicator = _indicator(target, "50%", "60%")
    assert isinstance(indicator.target, LimitedTarget)
    assert str(indicator.target.limit) == "100%"


@pytest.mark.parametrize("kind", ["rank", "maintain", "cumulative", "monitor", "pending"])
def test_limit_is_unknown_elsewhere(kind: str) -> None:
    target: dict[str, Any] = {"kind": kind, "limit": "100%"}
    if kind == "rank":
        target["rank"] = 3
    elif kind in ("maintain", "cumulative"):
        target["value"] = "5件"
    with pytest.raises(SchemaError, match="limit"):
        _indicator(target)


def test_limit_round_trips_through_yaml_and_json() -> None:
    text = """
title: t
themes:
  - id: a
    title: a
    kpis:
      - id: k
        title: k
        target: {kind: ratio, value: 100%, deadline: 2030年, limit: 100%}
        observations: [{period: 2024年, value: 90%}]
"""
    program = kpimodel.loads(text, "yaml")
    for fmt in ("yaml", "json"):
        again = kpimodel.loads(kpimodel.dumps(program, fmt), fmt)
        assert again == program
    schema = kpimodel.program_schema()
    assert "limit" in schema["$defs"]["RatioTarget"]["properties"]


@pytest.mark.parametrize(
    ("target", "values", "error", "field", "fragment"),
    [
        # The target beyond the limit in its desired direction.
        (
            {"kind": "ratio", "value": "100%", "limit": "90%"},
            (),
            InconsistentTargetError,
            "limit",
            "the target 100% lies above the limit 90%",
        ),
        # The baseline beyond it (higher is better, the limit below the baseline).
        (
            {"kind": "trend", "limit": "100%", "baseline": {"value": "120%", "period": 2019}},
            (),
            InconsistentTargetError,
            "limit",
            "the baseline 120% lies above",
        ),
        # Lower is better: a limit of 5件 above the target of 0件 cannot be reached past.
        (
            {"kind": "absolute", "value": "0件", "direction": "lower", "limit": "5件"},
            (),
            InconsistentTargetError,
            "limit",
            "lies below the limit 5件",
        ),
        # A limit in another unit.
        (
            {"kind": "ratio", "value": "50%", "limit": "5件"},
            (),
            DimensionMismatchError,
            "limit",
            "incompatible units",
        ),
        (
            {"kind": "trend", "limit": "100%"},
            ("5件", "6件"),
            DimensionMismatchError,
            "observations.0.value",
            "not in a unit compatible",
        ),
        # A figure past the limit.
        (
            {"kind": "ratio", "value": "100%", "limit": "100%"},
            ("90%", "101%"),
            InconsistentTargetError,
            "observations.1.value",
            "lies above the target's limit",
        ),
        # A rank or a negative count as a limit.
        (
            {"kind": "absolute", "value": "5件", "limit": "-1件", "direction": "lower"},
            (),
            SchemaError,
            "limit",
            "cannot be negative",
        ),
    ],
)
def test_a_limit_that_contradicts_the_target_is_refused(
    target: dict[str, Any],
    values: tuple[str, ...],
    error: type[Exception],
    field: str,
    fragment: str,
) -> None:
    with pytest.raises(error, match=fragment) as caught:
        _indicator(target, *values)
    assert getattr(caught.value, "field", None) is not None
    assert str(caught.value.field).endswith(field)  # type: ignore[attr-defined]
