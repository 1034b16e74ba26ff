"""The evaluator of maintain targets (``stay within the top 5 until FY2030``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from kpimodel.errors import EvaluationError
from kpimodel.evaluation._base import EvaluationContext, Evaluator, comparison_text, takes_strict
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import Bound, Direction, Indicator, MaintainTarget, Observation
from kpimodel.units import Quantity

__all__ = ["MaintainEvaluator"]


class MaintainEvaluator(Evaluator):
    """Evaluate a :class:`~kpimodel.MaintainTarget`: stay within a bound.

    Every dated observation up to the as-of date (and for a period that begins before the
    deadline ends) must be within the bound (at least the value when higher is better, at
    most when lower is better; within the top N for ranks). One outside: **behind**
    (``bound-breached``). All inside: **achieved** (``maintained``) once the deadline has
    passed, **on-track** (``within-bound``) before. A figure given only as a bound
    ("below 1億") is inside when every figure it allows is, outside when every figure it
    allows is outside, and otherwise not counted.

    Example:
        ISO/IEC secretariats, "stay within the top 5 until FY2030": 3位 in 2026 and 4位 in
        2027, evaluated in 2028: on track.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("maintain",)

    def inside(
        self, value: Quantity, bound: Quantity, direction: Direction, *, strict: bool = False
    ) -> bool:
        """Return whether ``value`` is within ``bound``.

        Override this to add a tolerance. An override that judges strict bounds ("stay
        above 90%") takes ``strict`` too; one without it is refused for them.

        Args:
            value: An observed figure.
            bound: The bound.
            direction: Which way is better.
            strict: ``value`` must pass ``bound``, not only reach it.

        Returns:
            True when the value is inside.
        """
        if direction is Direction.HIGHER:
            return value > bound if strict else value >= bound
        return value < bound if strict else value <= bound

    def _placed(
        self, obs: Observation, bound: Quantity, direction: Direction, strict: bool
    ) -> bool | None:
        # Inside (True), outside (False), or unknown (None) for a bound that allows both.
        if not strict:
            inside = self.inside(obs.value, bound, direction)
        elif takes_strict(type(self).inside):
            inside = self.inside(obs.value, bound, direction, strict=True)
        else:
            raise EvaluationError(
                f"{type(self).__name__}.inside() takes no 'strict' argument, so it cannot "
                "judge a strict bound (strict: true, as '>', '超' or 'more than' set); add "
                "the keyword-only argument strict: bool = False to the override",
                field="target.strict",
                value="true",
            )
        if obs.bound is None:
            return inside
        higher = direction is Direction.HIGHER
        towards_inside = obs.bound in (
            (Bound.ABOVE, Bound.AT_LEAST) if higher else (Bound.BELOW, Bound.AT_MOST)
        )
        if towards_inside:
            # "above 60%" against "at least 50%": every figure it allows is inside.
            return True if inside else None
        # "below 40%" against "at least 50%": every figure it allows is outside.
        return False if not inside else None

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        assert isinstance(target, MaintainTarget)
        bound = target.value
        where, where_ja = comparison_text(bound, target.direction, strict=target.strict)
        deadline = target.deadline
        # Figures for periods that begin after the deadline say nothing about the target.
        dated = [
            o
            for o in observations
            if o.period is not None and (deadline is None or o.period.start < deadline.end)
        ]
        if not dated:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}; the target is to stay {where}.",
                f"{context.as_of}時点で数値がない（目標：{where_ja}を維持）。",
                target_value=bound,
            )
        latest = dated[-1]
        figures: dict[str, Any] = {"latest": latest, "target_value": bound}
        placed = [(o, self._placed(o, bound, target.direction, target.strict)) for o in dated]
        outside = [o for o, inside in placed if inside is False]
        if outside:
            first = outside[0]
            return Verdict(
                **{
                    "status": Status.BEHIND,
                    "reason": Reason.BOUND_BREACHED,
                    "explanation": f"{_figure(first)} ({first.period:en}) is outside the bound: "
                    f"the target is to stay {where}.",
                    "explanation_ja": f"{_figure_ja(first)}（{first.period:ja}）が範囲外（目標："
                    f"{where_ja}を維持）。",
                    **figures,
                }
            )
        dated = [o for o, inside in placed if inside]
        if not dated:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                f"The figures are given only as bounds ({_figure(latest)}) that do not show "
                f"whether they stay {where}.",
                f"数値が範囲（{_figure_ja(latest)}）でしか示されず、{where_ja}を維持しているか"
                "判断できない。",
                **figures,
            )
        latest = dated[-1]
        figures["latest"] = latest
        if deadline is not None and deadline.last_day < context.as_of:
            return Verdict(
                **{
                    "status": Status.ACHIEVED,
                    "reason": Reason.MAINTAINED,
                    "explanation": f"{_all(len(dated))} up to {deadline:en} stayed {where}.",
                    "explanation_ja": f"{deadline:ja}まで全{len(dated)}時点で{where_ja}を"
                    "維持した。",
                    **figures,
                }
            )
        return Verdict(
            **{
                "status": Status.ON_TRACK,
                "reason": Reason.WITHIN_BOUND,
                "explanation": f"{_all(len(dated))} so far, the latest {latest.value} "
                f"({latest.period:en}), {'is' if len(dated) == 1 else 'are'} {where}.",
                "explanation_ja": f"これまでの全{len(dated)}時点（最新値{latest.value}、"
                f"{latest.period:ja}）が{where_ja}。",
                **figures,
            }
        )


_BOUND_EN = {
    Bound.BELOW: "below",
    Bound.AT_MOST: "at most",
    Bound.ABOVE: "above",
    Bound.AT_LEAST: "at least",
}
_BOUND_JA = {
    Bound.BELOW: "未満",
    Bound.AT_MOST: "以下",
    Bound.ABOVE: "超",
    Bound.AT_LEAST: "以上",
}


def _figure(obs: Observation) -> str:
    return f"{_BOUND_EN[obs.bound]} {obs.value}" if obs.bound else str(obs.value)


def _figure_ja(obs: Observation) -> str:
    return f"{obs.value}{_BOUND_JA[obs.bound]}" if obs.bound else str(obs.value)


def _all(count: int) -> str:
    return "The only figure" if count == 1 else f"All {count} figures"
