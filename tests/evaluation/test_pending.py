"""Pending targets: KPIs still to be set, always no-data."""

from __future__ import annotations

from kpimodel import PendingEvaluator, Reason, Status, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make


def test_conformance() -> None:
    check_evaluator(PendingEvaluator())


def test_seed_data_circulation_kpi_to_be_set() -> None:
    result = evaluate(
        make({"kind": "pending", "text": "今後適切なタイミングでKPIを設定する。"}), AS_OF
    )
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.TARGET_PENDING)
    assert result.explanation == "The KPI is still to be set."
    assert result.explanation_ja == "KPIは今後設定される予定。"


def test_figures_do_not_make_a_pending_kpi_assessable() -> None:
    result = evaluate(make({"kind": "pending"}, ("2025年", "3件")), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.TARGET_PENDING)
    assert result.latest is not None
