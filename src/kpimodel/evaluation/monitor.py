"""The evaluator of monitor targets: figures tracked with no target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Reason
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import Indicator, Observation

__all__ = ["MonitorEvaluator"]


class MonitorEvaluator(Evaluator):
    """Evaluate a :class:`~kpimodel.MonitorTarget`: always **no-data** (``no-target``).

    The latest figure is still reported, so that tables show what is being monitored.

    Example:
        Trade-secret consultations, 74件 in 2025: no-data, no target.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("monitor",)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        if not observations:
            return self.no_data(
                Reason.NO_TARGET,
                "Figures are monitored with no target; none is known yet.",
                "目標を設定せず状況を把握する指標で、数値はまだない。",
            )
        latest = observations[-1]
        when = latest.period.text_in("en") if latest.period else "period not stated"
        when_ja = latest.period.text_in("ja") if latest.period else "時期不明"
        return self.no_data(
            Reason.NO_TARGET,
            f"Figures are monitored with no target; the latest is {latest.value} ({when}).",
            f"目標を設定せず状況を把握する指標。最新値は{latest.value}（{when_ja}）。",
            latest=latest,
        )
