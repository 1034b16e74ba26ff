"""The evaluator of pending targets: KPIs still to be set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Reason
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import Indicator, Observation

__all__ = ["PendingEvaluator"]


class PendingEvaluator(Evaluator):
    """Evaluate a :class:`~kpimodel.PendingTarget`: always **no-data** (``target-pending``).

    Example:
        Data circulation, "KPI to be set at an appropriate time": no-data, target pending.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("pending",)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        latest = observations[-1] if observations else None
        return self.no_data(
            Reason.TARGET_PENDING,
            "The KPI is still to be set.",
            "KPIは今後設定される予定。",
            latest=latest,
        )
