"""Random series as a KPI document (object API) and as long tables (kpimodel.batch)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("numpy")

import kpimodel  # noqa: E402
from kpimodel.batch import OUTPUT_COLUMNS  # noqa: E402
from kpimodel.evaluation import (  # noqa: E402
    AbsoluteEvaluator,
    Evaluation,
    MaintainEvaluator,
    MonitorEvaluator,
    PendingEvaluator,
    RankEvaluator,
    RatioEvaluator,
    TrendEvaluator,
)


@dataclass
class Series:
    """One generated series: its target and its figures, in a neutral form."""

    id: str
    kind: str  # absolute, ratio, rank, trend, monitor, maintain, pending
    unit: str
    direction: str | None = None
    value: float | None = None
    deadline: str | None = None
    baseline: tuple[float, str, str | None] | None = None  # value, unit, period
    change: tuple[float, str] | None = None
    min_rate: tuple[float, str] | None = None
    observations: list[tuple[str | None, float, str, str | None]] = field(default_factory=list)


def figure(value: float, unit: str) -> str:
    """The figure as a table prints it: the float's repr, then the unit."""
    return f"{value!r}{unit}"


def document(series: list[Series], as_of: dt.date) -> dict[str, Any]:
    """The KPI document (YAML/JSON data) of ``series``, one KPI per series."""
    kpis = []
    for s in series:
        target: dict[str, Any] = {"kind": s.kind}
        if s.direction is not None and s.kind != "rank":
            target["direction"] = s.direction
        if s.kind in ("absolute", "ratio", "maintain"):
            assert s.value is not None
            # A plain ratio target is written as a mapping: bare text ('0.5') is refused
            # where a share is expected (issue 11), while unit '' says it is a fraction.
            target["value"] = (
                figure(s.value, s.unit) if s.unit else {"magnitude": repr(s.value), "unit": ""}
            )
        if s.kind == "rank":
            assert s.value is not None
            target["rank"] = int(s.value)
        if s.deadline is not None:
            target["deadline"] = s.deadline
        if s.baseline is not None:
            value, unit, period = s.baseline
            target["baseline"] = {"value": figure(value, unit), "period": period}
        if s.change is not None:
            target["change"] = figure(*s.change)
        if s.min_rate is not None:
            target["min_rate"] = figure(*s.min_rate)
        observations = []
        for period, value, unit, bound in s.observations:
            item: dict[str, Any] = {"period": period, "value": figure(value, unit)}
            if bound is not None:
                item["bound"] = bound
            observations.append(item)
        kpis.append({"id": s.id, "title": s.id, "target": target, "observations": observations})
    return {
        "title": "generated",
        "as_of": as_of.isoformat(),
        "themes": [{"id": "t", "title": "t", "kpis": kpis}],
    }


def tables(series: list[Series]) -> tuple[Any, Any]:
    """The long tables of ``series`` (observations, targets) for kpimodel.batch."""
    rows = [
        {"series": s.id, "period": period, "value": value, "unit": unit, "bound": bound}
        for s in series
        for period, value, unit, bound in s.observations
    ]
    observations = pd.DataFrame(rows, columns=["series", "period", "value", "unit", "bound"])
    observations["value"] = observations["value"].astype(float)
    targets = pd.DataFrame(
        [
            {
                "series": s.id,
                "kind": s.kind,
                "value": s.value if s.value is not None else math.nan,
                "unit": s.unit,
                "direction": s.direction,
                "deadline": s.deadline,
                "baseline": s.baseline[0] if s.baseline else math.nan,
                "baseline_unit": s.baseline[1] if s.baseline else None,
                "baseline_period": s.baseline[2] if s.baseline else None,
                "change": s.change[0] if s.change else math.nan,
                "change_unit": s.change[1] if s.change else None,
                "min_rate": s.min_rate[0] if s.min_rate else math.nan,
                "min_rate_unit": s.min_rate[1] if s.min_rate else None,
            }
            for s in series
        ]
    )
    return observations, targets


EVALUATORS = {
    "absolute": AbsoluteEvaluator,
    "ratio": RatioEvaluator,
    "rank": RankEvaluator,
    "trend": TrendEvaluator,
}


def object_results(
    series: list[Series], as_of: dt.date, params: dict[str, Any]
) -> dict[str, Evaluation]:
    """Evaluate ``series`` with the object API, from the KPI document."""
    program = kpimodel.parse_program(document(series, as_of))
    evaluators: dict[str, Any] = {kind: cls(**params) for kind, cls in EVALUATORS.items()}
    stale_after = params.get("stale_after", 5.0)
    evaluators["monitor"] = MonitorEvaluator(stale_after=stale_after)
    evaluators["maintain"] = MaintainEvaluator(stale_after=stale_after)
    evaluators["pending"] = PendingEvaluator(stale_after=stale_after)
    result = kpimodel.evaluate(program, as_of, evaluators=evaluators)
    return {kpi.kpi_id: kpi.indicators[0] for kpi in result.kpis}


RATE_FIELDS = ("actual_rate", "required_rate", "pace", "progress")
VALUE_FIELDS = ("expected", "projected")  # the evaluation's fields; *_value in a row


def _close(a: float, b: float, rtol: float, scale: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + 1e-9 * scale


def _value(quantity: Any, unit: str) -> float:
    if quantity is None:
        return math.nan
    return float(quantity.magnitude_in(unit))


def _number(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _label(period: Any) -> str | None:
    return None if period is None else str(period)


def _text(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def compare(row: Any, evaluation: Evaluation, where: str) -> None:
    """Assert that a batch row says what the object API's evaluation says."""
    assert list(row.index) == list(OUTPUT_COLUMNS)
    assert row["status"] == evaluation.status.value, where
    assert row["reason"] == str(evaluation.reason), where
    unit = row["unit"]
    latest = evaluation.latest
    assert _text(row["latest_period"]) == _label(latest.period if latest else None), where
    expected_date = latest.period.point if latest and latest.period else None
    got_date = None if pd.isna(row["latest_date"]) else row["latest_date"].date()
    assert got_date == expected_date, where
    figures = {
        "latest_value": _value(latest.value if latest else None, unit),
        "baseline_value": _value(evaluation.baseline, unit),
        "target_value": _value(evaluation.target_value, unit),
    }
    scale = max([abs(v) for v in figures.values() if not math.isnan(v)] + [1e-300])
    for name, want in figures.items():
        assert _close(row[name], want, 1e-12, scale * 1e-3), (where, name, row[name], want)
    assert _text(row["baseline_period"]) == _label(evaluation.baseline_period), where
    base_date = evaluation.baseline_period.point if evaluation.baseline_period else None
    got_base = None if pd.isna(row["baseline_date"]) else row["baseline_date"].date()
    assert got_base == base_date, where
    for name in RATE_FIELDS:
        want = _number(getattr(evaluation, name))
        assert _close(row[name], want, 1e-9, 1e-3), (where, name, row[name], want)
    for name in VALUE_FIELDS:
        want = _value(getattr(evaluation, name), unit)
        got = row[f"{name}_value"]
        assert _close(got, want, 1e-5, scale), (where, name, got, want)
    assert _text(row["rate_kind"]) == evaluation.rate_kind, where
    grade = evaluation.pace_grade.value if evaluation.pace_grade else None
    assert _text(row["pace_grade"]) == grade, where
    deadline = evaluation.deadline
    assert _text(row["deadline"]) == _label(deadline), where
