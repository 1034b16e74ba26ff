"""Monitor targets: figures tracked with no target, always no-data."""

from __future__ import annotations

from kpimodel import MonitorEvaluator, Reason, Status, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make, obs


def test_conformance() -> None:
    check_evaluator(MonitorEvaluator())


def test_seed_consultations_are_monitored() -> None:
    indicator = make(
        {"kind": "monitor"}, obs("2025年", "74件", changes=[{"by": "▲6%", "since": "2024年"}])
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_TARGET)
    assert result.latest is not None
    assert str(result.latest.value) == "74件"
    assert result.explanation == (
        "Figures are monitored with no target; the latest is 74件 (2025)."
    )
    assert result.explanation_ja == "目標を設定せず状況を把握する指標。最新値は74件（2025年）。"


def test_no_figure_yet() -> None:
    result = evaluate(make({"kind": "monitor"}), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_TARGET)
    assert result.latest is None


def test_an_indicator_without_a_target_is_monitored() -> None:
    from kpimodel import Indicator

    indicator = Indicator.model_validate(
        {"id": "x", "observations": [{"period": "2025年", "value": "3件"}]}
    )
    assert indicator.target.kind == "monitor"
    assert evaluate(indicator, AS_OF).reason is Reason.NO_TARGET


def test_undated_figure() -> None:
    result = evaluate(make({"kind": "monitor"}, (None, "約8割")), AS_OF)
    assert result.explanation.endswith("the latest is 約8割 (period not stated).")
