"""The ``cabinet`` preset: the Japanese Cabinet Secretariat's growth-strategy KPI review.

The follow-up papers (「KPIの進捗状況」) grade each KPI:

* **A**: progress from the baseline toward the target is at least the share of the target
  period that has elapsed (目標期間に対する経過期間の割合以上に進捗);
* **B**: progress is below that share;
* **F**: the KPI is the carrying-out of a measure itself (施策の実施そのもの);
* **N**: no figure is available yet (データが未判明).

``progress = (latest - baseline) / (target - baseline)`` and ``elapsed = (latest period -
baseline period) / (deadline - baseline period)``, both exact: in whole (fiscal) years when
the baseline, the latest figure and the deadline are all years, otherwise in days between
the periods' last days. The baseline is the target's (with its period), else the earliest
dated figure. A target met is A (achieved); progress at or above the elapsed share is A
(on-track); below it B (behind; ``moving-away`` when progress is negative). F is given to
completion targets (kind ``completion``), which :class:`~kpimodel.CompletionEvaluator`
judges (done, in progress, not done by the deadline): the ``cabinet`` scale rates every
one with a report of its state F, and N without one (or with a stale one).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, ClassVar

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.evaluation.presets._goal import goal_of
from kpimodel.evaluation.presets._years import year_of
from kpimodel.evaluation.scales import scale_for
from kpimodel.model import Direction, Indicator, Observation
from kpimodel.model._targets import Positive
from kpimodel.periods import Period

__all__ = ["CabinetEvaluator", "elapsed_share"]

SCALE = "cabinet"


def elapsed_share(baseline: Period, latest: Period, deadline: Period) -> Fraction | None:
    """Return the share of the target period elapsed at the latest figure, exactly.

    Whole years when all three periods are (calendar or fiscal) years; otherwise days
    between the periods' last days. ``None`` when the deadline is not after the baseline.

    Args:
        baseline: The baseline's period.
        latest: The latest figure's period.
        deadline: The deadline.

    Returns:
        The share (may exceed 1 after the deadline), or ``None``.
    """
    years = [year_of(p) for p in (baseline, latest, deadline)]
    if all(y is not None for y in years):
        b, now, end = (int(y or 0) for y in years)
        return Fraction(now - b, end - b) if end > b else None
    start = baseline.last_day
    total = (deadline.last_day - start).days
    return Fraction((latest.last_day - start).days, total) if total > 0 else None


class CabinetEvaluator(Evaluator):
    """Grade a target A / B / N as the Cabinet Secretariat's KPI review does.

    Attributes:
        method: ``cabinet``.
    """

    method: str = "cabinet"
    # The institution's rule has no staleness cut-off: it rates whatever figures it is
    # given, so kpimodel's own rule is off unless a caller turns it on.
    stale_after: Positive | None = None

    target_kinds: ClassVar[tuple[str, ...]] = ("absolute", "ratio", "trend")

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict | dict[str, Any]:
        target = indicator.target
        scale = scale_for(SCALE)
        n = scale.rating("N")
        goal = goal_of(target, context)
        dated = [o for o in observations if o.period is not None and o.bound is None]
        if not dated:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"Cabinet review: N: no figure is known as of {context.as_of}.",
                f"内閣官房方式：N（{context.as_of}時点で数値が未判明）。",
                rating=n,
            )
        latest = dated[-1]
        if goal is None:
            return self.no_data(
                Reason.NO_TARGET,
                "Cabinet review: N: the target has no figure to measure progress against.",
                "内閣官房方式：N（目標に数値がなく進捗率を計算できない）。",
                rating=n,
                latest=latest,
            )
        unit = goal.unit
        sign = 1 if target.direction is Direction.HIGHER else -1
        value = latest.value.magnitude_in(unit)
        aim = goal.magnitude_in(unit)
        figures: dict[str, Any] = {"latest": latest, "target_value": goal}
        if sign * (value - aim) >= 0:
            return {
                "status": Status.ACHIEVED,
                "reason": Reason.TARGET_MET,
                "rating": scale.rating("A"),
                "explanation": f"Cabinet review: A: the latest figure {latest.value} "
                f"({latest.period:en}) meets the target {goal}.",
                "explanation_ja": f"内閣官房方式：A。最新値{latest.value}（{latest.period:ja}）は"
                f"目標{goal}を達成。",
                **figures,
            }
        base_period: Period | None = None
        if target.baseline is not None and target.baseline.period is not None:
            base_value, base_period = target.baseline.value, target.baseline.period
        elif len(dated) >= 2:
            base_value, base_period = dated[0].value, dated[0].period
        if base_period is None:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                "Cabinet review: N: no baseline to measure progress from.",
                "内閣官房方式：N（基準値がなく進捗率を計算できない）。",
                rating=n,
                **figures,
            )
        assert base_period is not None
        assert latest.period is not None
        if target.deadline is None:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                "Cabinet review: N: the target has no deadline, so no share of its period "
                "has elapsed.",
                "内閣官房方式：N（目標期限がなく経過期間の割合が定まらない）。",
                rating=n,
                **figures,
            )
        elapsed = elapsed_share(base_period, latest.period, target.deadline)
        start = base_value.magnitude_in(unit)
        if elapsed is None or aim == start or latest.period.last_day <= base_period.last_day:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                "Cabinet review: N: the baseline, the latest figure and the deadline do not "
                "span a period to measure progress over.",
                "内閣官房方式：N（基準・最新値・期限から進捗を測る期間が定まらない）。",
                rating=n,
                **figures,
            )
        progress = Fraction(value - start) / Fraction(aim - start)
        if progress >= elapsed:
            code, status, reason = "A", Status.ON_TRACK, Reason.PACE_SUFFICIENT
        else:
            code, status = "B", Status.BEHIND
            reason = Reason.MOVING_AWAY if progress < 0 else Reason.PACE_INSUFFICIENT
        rating = scale.rating(code)
        relation = "at least" if code == "A" else "below"
        relation_ja = "以上" if code == "A" else "未満"
        return {
            "status": status,
            "reason": reason,
            "rating": rating,
            "baseline": base_value,
            "baseline_period": base_period,
            "progress": float(progress),
            "explanation": f"Cabinet review: {code}: progress from {base_value} ({base_period:en}) "
            f"to {latest.value} ({latest.period:en}) is {float(progress):.1%} of the way to "
            f"{goal}, "
            f"{relation} the {float(elapsed):.1%} of the period to {target.deadline:en} elapsed.",
            "explanation_ja": f"内閣官房方式：{code}。{base_value}（{base_period:ja}）から"
            f"{latest.value}"
            f"（{latest.period:ja}）への進捗率は{float(progress):.1%}で、{target.deadline:ja}までの"
            f"経過期間の割合{float(elapsed):.1%}{relation_ja}。",
            **figures,
        }
