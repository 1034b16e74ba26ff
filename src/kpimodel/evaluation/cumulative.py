"""The evaluator of cumulative targets (``180兆円 in total over five years``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from kpimodel.evaluation._base import EvaluationContext, ProgressEvaluator, years_between
from kpimodel.evaluation._result import PaceGrade, Reason, Status
from kpimodel.model import CumulativeTarget, Indicator, Observation
from kpimodel.units import Quantity

__all__ = ["CumulativeEvaluator"]


class CumulativeEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.CumulativeTarget`: a total summed over a span.

    The figures of the observations whose periods fall inside the target's ``period``
    (all dated ones when it has none) add up. Achieved when the total reaches the target.
    Otherwise, once the span is over, **behind** (``deadline-missed``); before that, the
    pace ratio compares the average per year so far with the average per year the target
    needs over the whole span (on track when ``R >= on_track``).

    Example:
        Target 180兆円 over FY2026-2030, 30兆円 in FY2026 and 33兆円 in FY2027: 31.5兆円 a
        year against 36兆円 needed, R = 0.875: behind (moderate).
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("cumulative",)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> dict[str, Any]:
        target = indicator.target
        assert isinstance(target, CumulativeTarget)
        span = target.period
        counted = [
            o
            for o in observations
            if o.period is not None
            and o.bound is None
            and (span is None or (span.start <= o.period.start and o.period.end <= span.end))
        ]
        goal = target.value
        if not counted:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure inside {span or 'the span'} is known as of {context.as_of}; the "
                f"target is a total of {goal}.",
                f"{context.as_of}時点で対象期間の数値がない（目標：合計{goal}）。",
                target_value=goal,
            )
        unit = goal.unit
        total = sum((o.value.magnitude_in(unit) for o in counted), Decimal(0))
        total_q = Quantity(magnitude=total, unit=unit)
        latest = counted[-1]
        figures: dict[str, Any] = {
            "latest": latest,
            "target_value": goal,
            "progress": float(total / goal.magnitude) if goal.magnitude else None,
        }
        sign = target.direction.sign
        if sign * (total - goal.magnitude) >= 0:
            return {
                "status": Status.ACHIEVED,
                "reason": Reason.TARGET_MET,
                "explanation": f"The total so far, {total_q} over {len(counted)} figures, "
                f"reaches the target of {goal}.",
                "explanation_ja": f"これまでの合計{total_q}（{len(counted)}時点）は目標の合計"
                f"{goal}に達している。",
                **figures,
            }
        deadline = target.effective_deadline
        if deadline is not None and deadline.last_day < context.as_of:
            return {
                "status": Status.BEHIND,
                "reason": Reason.DEADLINE_MISSED,
                "explanation": f"{deadline} is over and the total, {total_q}, falls short of "
                f"{goal}.",
                "explanation_ja": f"{deadline}が終わり、合計{total_q}は目標{goal}に届いていない。",
                **figures,
            }
        if span is None or deadline is None:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                f"The total so far is {total_q}; without a stated span the pace toward "
                f"{goal} cannot be judged.",
                f"これまでの合計は{total_q}。対象期間が不明のため目標{goal}への進捗を判断できない。",
                **figures,
            )
        covered_end = max(o.period.end for o in counted if o.period is not None)
        elapsed = years_between(span.start, covered_end)
        whole = years_between(span.start, span.end)
        actual = float(total) / elapsed
        required = float(goal.magnitude) / whole
        pace = actual / required if required else float("inf")
        status, reason = self.classify(pace)
        figures.update(
            actual_rate=float(f"{actual:.10g}"),
            required_rate=float(f"{required:.10g}"),
            rate_kind="linear",
            pace=float(f"{pace:.10g}"),
            pace_grade=self.grade(pace) if pace == pace else PaceGrade.INSUFFICIENT,
        )
        verdict = "on track" if status is Status.ON_TRACK else "behind"
        verdict_ja = "順調" if status is Status.ON_TRACK else "遅れ"
        return {
            "status": status,
            "reason": reason,
            "explanation": f"{total_q} so far is {actual:.4g}{unit.symbol} a year; the total "
            f"of {goal} over {span} needs {required:.4g}{unit.symbol} a year: pace ratio "
            f"{pace:.2f}, {verdict}.",
            "explanation_ja": f"これまでの合計{total_q}は年{actual:.4g}{unit.symbol}、"
            f"{span}の合計{goal}には年{required:.4g}{unit.symbol}が必要。進捗比{pace:.2f}で"
            f"{verdict_ja}。",
            **figures,
        }
