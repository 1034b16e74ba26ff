"""The ``eurostat`` preset: Eurostat's EU SDG monitoring assessment of targets.

For a target with a figure to reach by a target year, Eurostat compares the compound
annual growth rate observed over an assessment period with the rate needed to reach the
target from the period's start (``R = observed / required``), on whole years, for every
positive series, shares included:

==========================  ===============================
``R >= 0.95``               significant progress
``0.6 <= R < 0.95``         moderate progress
``0 <= R < 0.6``            insufficient progress
``R < 0``                   movement away
==========================  ===============================

Two periods are assessed side by side: the long term (the past 15 years) and the short
term (the past 5 years). A period starts at the first yearly figure at most ``long_years``
(``short_years``) before the latest one and must span at least ``min_long_years``
(``min_short_years``) years; otherwise it is not assessed. The rating is the short-term
assessment (the long-term one when the short term cannot be assessed), with both in
``rating.parts``; kpimodel's status is on-track for significant progress, behind
otherwise, achieved when the latest figure meets the target (rated significant progress),
behind (``deadline-missed``) once the target year has passed unmet.

Not covered (the kpimodel default evaluator is used, its result placed on this scale):
direction-only trends (Eurostat assesses them against fixed growth thresholds whose
current values are not confirmed here), and kinds without a figure to reach. A series
with a value <= 0 cannot have a compound rate and is not assessed (never a substitute).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import Field

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Evaluation, PaceGrade, Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.evaluation.presets._goal import goal_of
from kpimodel.evaluation.presets._years import YearPoint, year_of, yearly
from kpimodel.evaluation.scales import Rating, scale_for
from kpimodel.evaluation.trend import TrendEvaluator
from kpimodel.model import Direction, Indicator, Observation, Program, TrendTarget
from kpimodel.model._targets import Positive
from kpimodel.units import Quantity

__all__ = ["EurostatEvaluator"]

SCALE = "eurostat"
_VALUE = {
    PaceGrade.SIGNIFICANT: "significant-progress",
    PaceGrade.MODERATE: "moderate-progress",
    PaceGrade.INSUFFICIENT: "insufficient-progress",
    PaceGrade.MOVING_AWAY: "movement-away",
}


class EurostatEvaluator(Evaluator):
    """Evaluate a target as Eurostat's EU SDG monitoring report does (see the module).

    Attributes:
        method: ``eurostat``.
        long_years: The long-term period, in years.
        short_years: The short-term period, in years.
        min_long_years: The shortest span a long-term assessment accepts.
        min_short_years: The shortest span a short-term assessment accepts.
        significant: The least R that is significant progress.
        moderate: The least R that is moderate progress.
    """

    method: str = "eurostat"
    # The institution's rule has no staleness cut-off: it rates whatever figures it is
    # given, so kpimodel's own rule is off unless a caller turns it on.
    stale_after: Positive | None = None
    long_years: int = Field(default=15, ge=1, le=100)
    short_years: int = Field(default=5, ge=1, le=100)
    min_long_years: int = Field(default=10, ge=1, le=100)
    min_short_years: int = Field(default=3, ge=1, le=100)
    significant: float = Field(default=0.95, gt=0, allow_inf_nan=False)
    moderate: float = Field(default=0.6, ge=0, allow_inf_nan=False)

    target_kinds: ClassVar[tuple[str, ...]] = ("absolute", "ratio", "trend")

    def grade(self, pace: float) -> PaceGrade:
        """Return Eurostat's grade of the ratio R of observed to required growth."""
        if pace >= self.significant:
            return PaceGrade.SIGNIFICANT
        if pace >= self.moderate:
            return PaceGrade.MODERATE
        if pace >= 0:
            return PaceGrade.INSUFFICIENT
        return PaceGrade.MOVING_AWAY

    def evaluate(
        self,
        indicator: Indicator,
        *,
        as_of: dt.date,
        kpi_id: str = "",
        program: Program | None = None,
    ) -> Evaluation:
        """Evaluate as Eurostat does; a direction-only trend by kpimodel's trend rule.

        A trend without a figure is not Eurostat's target method: its result is kpimodel's
        (method and parameters included), placed on the Eurostat scale by the preset.
        """
        target = indicator.target
        if isinstance(target, TrendTarget) and target.change is None:
            return TrendEvaluator().evaluate(indicator, as_of=as_of, kpi_id=kpi_id, program=program)
        return super().evaluate(indicator, as_of=as_of, kpi_id=kpi_id, program=program)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict | dict[str, Any]:
        target = indicator.target
        goal = goal_of(target, context)
        scale = scale_for(SCALE)
        if not observations:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"Eurostat: not assessed: no figure is known as of {context.as_of}.",
                f"Eurostat：評価なし（{context.as_of}時点で数値がない）。",
                rating=scale.rating("not-assessed"),
            )
        if goal is None:
            return self.no_data(
                Reason.NO_TARGET,
                "Eurostat: not assessed: the target has no figure to reach.",
                "Eurostat：評価なし（目標に数値がない）。",
                rating=scale.rating("not-assessed"),
            )
        points, why, why_ja = yearly(observations, goal.unit)
        if why is not None or not points:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                f"Eurostat: not assessed: {why or 'no yearly figure is known'}.",
                f"Eurostat：評価なし（{why_ja or '年次の数値がない'}）。",
                rating=scale.rating("not-assessed"),
            )
        target_year = year_of(target.deadline)
        latest = points[-1]
        sign = 1 if target.direction is Direction.HIGHER else -1
        goal_value = float(goal.magnitude_in(goal.unit))
        figures: dict[str, Any] = {
            "latest": latest.observation,
            "target_value": goal,
            "rate_kind": "compound",
        }
        if sign * (latest.value - goal_value) >= 0:
            return {
                "status": Status.ACHIEVED,
                "reason": Reason.TARGET_MET,
                "explanation": f"Eurostat: the latest figure {latest.observation.value} "
                f"({latest.year}) meets the target {goal}.",
                "explanation_ja": f"Eurostat：最新値{latest.observation.value}（{latest.year}年）は"
                f"目標{goal}を満たす。",
                "rating": scale.rating(
                    "significant-progress",
                    parts={
                        "long-term": scale.rating("significant-progress"),
                        "short-term": scale.rating("significant-progress"),
                    },
                ),
                **figures,
            }
        if target_year is None:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                f"Eurostat: not assessed: the target needs a target year"
                f"{'' if target.deadline is None else f'; {target.deadline:en} is not a year'}.",
                "Eurostat：評価なし（目標年が年で示されていない）。",
                rating=scale.rating("not-assessed"),
                **figures,
            )
        if any(p.value <= 0 for p in points) or goal_value <= 0:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                "Eurostat: not assessed: a compound growth rate needs positive figures.",
                "Eurostat：評価なし（複利の成長率には正の数値が必要）。",
                rating=scale.rating("not-assessed"),
                **figures,
            )
        long = self._period(
            points, self.long_years, self.min_long_years, goal_value, target_year, sign
        )
        short = self._period(
            points, self.short_years, self.min_short_years, goal_value, target_year, sign
        )
        parts = {
            "long-term": scale.rating(_VALUE[long[0]] if long else "not-assessed"),
            "short-term": scale.rating(_VALUE[short[0]] if short else "not-assessed"),
        }
        deciding, name = (short, "short-term") if short else (long, "long-term")
        if deciding is None:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"Eurostat: not assessed: neither the past {self.long_years} years (at least "
                f"{self.min_long_years}) nor the past {self.short_years} (at least "
                f"{self.min_short_years}) have figures to compare.",
                f"Eurostat：評価なし（過去{self.long_years}年（最低{self.min_long_years}年）も"
                f"過去{self.short_years}年（最低{self.min_short_years}年）も比較できる数値がない）。",
                rating=scale.rating("not-assessed", parts=parts),
                **figures,
            )
        grade, start, observed, required, pace = deciding
        rating = scale.rating(_VALUE[grade], parts=parts)
        if grade is PaceGrade.SIGNIFICANT:
            status, reason = Status.ON_TRACK, Reason.PACE_SUFFICIENT
        elif grade is PaceGrade.MOVING_AWAY:
            status, reason = Status.BEHIND, Reason.MOVING_AWAY
        else:
            status, reason = Status.BEHIND, Reason.PACE_INSUFFICIENT
        passed = target_year < latest.year or (
            target.deadline is not None and target.deadline.last_day < context.as_of
        )
        if passed:
            status, reason = Status.BEHIND, Reason.DEADLINE_MISSED
        en, ja = _sentences(
            rating, parts, name, start, latest, goal, target_year, observed, required, pace, passed
        )
        return {
            "status": status,
            "reason": reason,
            "explanation": en,
            "explanation_ja": ja,
            "baseline": start.observation.value,
            "baseline_period": start.observation.period,
            "actual_rate": observed,
            "required_rate": required,
            "pace": pace,
            "pace_grade": grade,
            "rating": rating,
            **figures,
        }

    def _period(
        self,
        points: Sequence[YearPoint],
        years: int,
        least: int,
        goal: float,
        target_year: int,
        sign: int,
    ) -> tuple[PaceGrade, YearPoint, float, float | None, float | None] | None:
        latest = points[-1]
        inside = [p for p in points if latest.year - years <= p.year < latest.year]
        if not inside or latest.year - inside[0].year < least:
            return None
        start = inside[0]
        span = latest.year - start.year
        observed = (latest.value / start.value) ** (1 / span) - 1
        horizon = target_year - start.year
        if horizon <= 0:
            return None
        required = (goal / start.value) ** (1 / horizon) - 1
        if sign * required <= 0:
            # The period's start already met the target, and the latest figure does not.
            return PaceGrade.MOVING_AWAY, start, observed, required, None
        pace = observed / required
        return self.grade(pace), start, observed, required, pace


def _sentences(
    rating: Rating,
    parts: dict[str, Rating],
    name: str,
    start: YearPoint,
    latest: YearPoint,
    goal: Quantity,
    target_year: int,
    observed: float,
    required: float | None,
    pace: float | None,
    passed: bool,
) -> tuple[str, str]:
    both = f"long term: {parts['long-term'].label}; short term: {parts['short-term'].label}"
    both_ja = f"長期：{parts['long-term'].label_ja}、短期：{parts['short-term'].label_ja}"
    ratio = (
        ""
        if pace is None
        else f", {pace:.2f} times the {required * 100 if required else 0:+.3g}%/yr needed"
    )
    ratio_ja = (
        ""
        if pace is None
        else f"、必要な年率{required * 100 if required else 0:+.3g}%の{pace:.2f}倍"
    )
    late = f" The target year {target_year} has passed." if passed else ""
    late_ja = f"目標年{target_year}年を過ぎている。" if passed else ""
    name_ja = "短期" if name == "short-term" else "長期"
    return (
        f"Eurostat ({name}): {rating.label}: from {start.observation.value} ({start.year}) to "
        f"{latest.observation.value} ({latest.year}) the growth rate is {observed * 100:+.3g}%/yr"
        f"{ratio} to reach {goal} by {target_year} ({both}).{late}",
        f"Eurostat（{name_ja}）：{rating.label_ja}。{start.observation.value}（{start.year}年）から"
        f"{latest.observation.value}（{latest.year}年）の年率{observed * 100:+.3g}%{ratio_ja}"
        f"（{target_year}年に{goal}）（{both_ja}）。{late_ja}",
    )
