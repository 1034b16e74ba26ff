"""The evaluator of cumulative targets (``180兆円 in total over five years``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from kpimodel.evaluation._base import (
    EvaluationContext,
    ProgressEvaluator,
    _clean,
    years_between,
)
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import CumulativeTarget, Direction, Indicator, Observation
from kpimodel.units import Quantity

__all__ = ["CumulativeEvaluator"]


class CumulativeEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.CumulativeTarget`: a total summed over a span.

    The figures of the observations whose periods fall inside the target's ``period``
    (all dated ones when it has none) add up. Achieved when the total reaches the target.
    Otherwise, once the span is over, **behind** (``deadline-missed``); before that, the
    pace ratio compares the average per year so far with the average per year the target
    needs over the whole span (on track when ``R >= on_track``).

    A target that an empty total already meets (at most 100億円 in total, at least 0) is
    a cap: **behind** (``bound-breached``) as soon as the total breaks it, **achieved**
    (``maintained``) once the span is over within it, **on-track** (``within-bound``)
    before.

    Example:
        Target 180兆円 over FY2026-2030, 30兆円 in FY2026 and 33兆円 in FY2027: 31.5兆円 a
        year against 36兆円 needed, R ≈ 0.87: behind (moderate).
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("cumulative",)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
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
                f"No figure inside {span.text_in('en') if span else 'the span'} is known as of "
                f"{context.as_of}; the target is a total of {goal}.",
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
        if sign * (0 - goal.magnitude) >= 0:
            # An empty total already meets the target: it is a cap (a budget), to stay within.
            return self._assess_cap(target, total_q, counted, context, figures)
        if sign * (total - goal.magnitude) >= 0:
            return Verdict(
                **{
                    "status": Status.ACHIEVED,
                    "reason": Reason.TARGET_MET,
                    "explanation": f"The total so far, {total_q} over {_figures(len(counted))}, "
                    f"reaches the target of {goal}.",
                    "explanation_ja": f"これまでの合計{total_q}（{len(counted)}時点）は目標の合計"
                    f"{goal}に達している。",
                    **figures,
                }
            )
        deadline = target.effective_deadline
        if deadline is not None and deadline.last_day < context.as_of:
            return Verdict(
                **{
                    "status": Status.BEHIND,
                    "reason": Reason.DEADLINE_MISSED,
                    "explanation": f"{deadline:en} is over and the total, {total_q}, falls short "
                    f"of {goal}.",
                    "explanation_ja": (
                        f"{deadline:ja}が終わり、合計{total_q}は目標{goal}に届いていない。"
                    ),
                    **figures,
                }
            )
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
        pace = actual / required  # required != 0: a zero goal is a cap, judged above
        status, reason = self.classify(pace)
        figures.update(
            actual_rate=_clean(actual),
            required_rate=_clean(required),
            rate_kind="linear",
            pace=_clean(pace),
            pace_grade=self.grade(pace),
        )
        verdict = "on track" if status is Status.ON_TRACK else "behind"
        verdict_ja = "順調" if status is Status.ON_TRACK else "遅れ"
        return Verdict(
            **{
                "status": status,
                "reason": reason,
                "explanation": f"{total_q} so far is {actual:.4g}{unit.symbol} a year; the total "
                f"of {goal} over {span:en} needs {required:.4g}{unit.symbol} a year: pace ratio "
                f"{pace:.2f}, {verdict}.",
                "explanation_ja": f"これまでの合計{total_q}は年{actual:.4g}{unit.symbol}、"
                f"{span:ja}の合計{goal}には年{required:.4g}{unit.symbol}が必要。進捗比{pace:.2f}で"
                f"{verdict_ja}。",
                **figures,
            }
        )

    def _assess_cap(
        self,
        target: CumulativeTarget,
        total: Quantity,
        counted: Sequence[Observation],
        context: EvaluationContext,
        figures: dict[str, Any],
    ) -> Verdict:
        goal = target.value
        higher = target.direction is Direction.HIGHER
        within = total >= goal if higher else total <= goal
        where = f"at least {goal}" if higher else f"at most {goal}"
        where_ja = f"{goal}以上" if higher else f"{goal}以下"
        span = target.period.text_in("en") if target.period else "the span"
        span_ja = target.period.text_in("ja") if target.period else "対象期間"
        if not within:
            return Verdict(
                **{
                    "status": Status.BEHIND,
                    "reason": Reason.BOUND_BREACHED,
                    "explanation": f"The total so far, {total} over {_figures(len(counted))}, "
                    f"breaks the bound: the total over {span} is to be {where}.",
                    "explanation_ja": f"これまでの合計{total}（{len(counted)}時点）が範囲を外れた"
                    f"（目標：{span_ja}の合計を{where_ja}）。",
                    **figures,
                }
            )
        deadline = target.effective_deadline
        if deadline is not None and deadline.last_day < context.as_of:
            return Verdict(
                **{
                    "status": Status.ACHIEVED,
                    "reason": Reason.MAINTAINED,
                    "explanation": f"{span} is over and the total, {total}, is {where}.",
                    "explanation_ja": f"{span_ja}が終わり、合計{total}は{where_ja}。",
                    **figures,
                }
            )
        return Verdict(
            **{
                "status": Status.ON_TRACK,
                "reason": Reason.WITHIN_BOUND,
                "explanation": f"The total so far, {total} over {_figures(len(counted))}, is "
                f"{where}, the bound on the total over {span}.",
                "explanation_ja": f"これまでの合計{total}（{len(counted)}時点）は{span_ja}の合計の"
                f"範囲（{where_ja}）内。",
                **figures,
            }
        )


def _figures(count: int) -> str:
    return f"{count} figure" if count == 1 else f"{count} figures"
