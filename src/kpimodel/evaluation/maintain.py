"""The evaluator of maintain targets (``stay within the top 5 until FY2030``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Reason, Status
from kpimodel.model import Direction, Indicator, MaintainTarget, Observation
from kpimodel.units import Quantity, Rank

__all__ = ["MaintainEvaluator"]


class MaintainEvaluator(Evaluator):
    """Evaluate a :class:`~kpimodel.MaintainTarget`: stay within a bound.

    Every dated observation up to the as-of date must be within the bound (at least the
    value when higher is better, at most when lower is better; within the top N for
    ranks). One outside: **behind** (``bound-breached``). All inside: **achieved**
    (``maintained``) once the deadline has passed, **on-track** (``within-bound``) before.

    Example:
        ISO/IEC secretariats, "stay within the top 5 until FY2030": 3位 in 2026 and 4位 in
        2027, evaluated in 2028: on track.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("maintain",)

    def inside(self, value: Quantity, bound: Quantity, direction: Direction) -> bool:
        """Return whether ``value`` is within ``bound``.

        Override this to add a tolerance.

        Args:
            value: An observed figure.
            bound: The bound.
            direction: Which way is better.

        Returns:
            True when the value is inside.
        """
        return value >= bound if direction is Direction.HIGHER else value <= bound

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> dict[str, Any]:
        target = indicator.target
        assert isinstance(target, MaintainTarget)
        bound = target.value
        where = (
            f"within the top {bound.position}"
            if isinstance(bound, Rank)
            else (
                f"at least {bound}" if target.direction is Direction.HIGHER else f"at most {bound}"
            )
        )
        where_ja = (
            f"上位{bound.position}位以内"
            if isinstance(bound, Rank)
            else (f"{bound}以上" if target.direction is Direction.HIGHER else f"{bound}以下")
        )
        dated = [o for o in observations if o.period is not None]
        if not dated:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}; the target is to stay {where}.",
                f"{context.as_of}時点で数値がない（目標：{where_ja}を維持）。",
                target_value=bound,
            )
        latest = dated[-1]
        figures: dict[str, Any] = {"latest": latest, "target_value": bound}
        outside = [o for o in dated if not self.inside(o.value, bound, target.direction)]
        if outside:
            first = outside[0]
            return {
                "status": Status.BEHIND,
                "reason": Reason.BOUND_BREACHED,
                "explanation": f"{first.value} ({first.period}) is outside the bound: the target "
                f"is to stay {where}.",
                "explanation_ja": f"{first.value}（{first.period}）が範囲外（目標：{where_ja}を"
                "維持）。",
                **figures,
            }
        deadline = target.deadline
        if deadline is not None and deadline.last_day < context.as_of:
            return {
                "status": Status.ACHIEVED,
                "reason": Reason.MAINTAINED,
                "explanation": f"All {len(dated)} figures up to {deadline} stayed {where}.",
                "explanation_ja": f"{deadline}まで全{len(dated)}時点で{where_ja}を維持した。",
                **figures,
            }
        return {
            "status": Status.ON_TRACK,
            "reason": Reason.WITHIN_BOUND,
            "explanation": f"All {len(dated)} figures so far, the latest {latest.value} "
            f"({latest.period}), are {where}.",
            "explanation_ja": f"これまでの全{len(dated)}時点（最新値{latest.value}、"
            f"{latest.period}）が{where_ja}。",
            **figures,
        }
