"""The evaluator of trend targets (``increase``, ``+10 points by 2033``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from kpimodel.evaluation._base import (
    EvaluationContext,
    Point,
    ProgressEvaluator,
    format_rate,
    years_between,
)
from kpimodel.evaluation._result import Reason, Status
from kpimodel.model import Baseline, Indicator, Observation, Target, TrendTarget
from kpimodel.units import Quantity

__all__ = ["TrendEvaluator"]


class TrendEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.TrendTarget`.

    With a numeric ``change`` (``+10 points by 2033``) the target is the baseline plus the
    change, evaluated like an absolute target. Without one, the target is a direction
    only and is never "achieved": over the last ``window_years`` of observations, an
    annual rate in the desired direction beyond the stagnation band (``min_rate`` when the
    target gives one, otherwise the evaluator's ``stagnation`` parameter, relative to the
    starting value) is **on-track** (``trend-favourable``); a smaller one is **behind**
    (``stagnating``) and one in the wrong direction is **behind** (``moving-away``).

    Example:
        PhD holders per million: 124人 (FY2021) -> 123人 (FY2022), target "raise":
        -0.8%/yr, moving away: behind.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("trend",)

    def target_quantity(self, target: Target, context: EvaluationContext) -> Quantity | None:
        """Return baseline + change when the target states a change, else ``None``.

        Override this to interpret the change differently (as a relative change, say).
        """
        if not isinstance(target, TrendTarget) or target.change is None:
            return None
        if target.baseline is None:
            return None
        base = target.baseline.value
        if target.change.unit.is_compatible(base.unit):
            return base + target.change
        return _pp_target(target)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> dict[str, Any]:
        target = indicator.target
        if isinstance(target, TrendTarget) and target.change is not None:
            if target.baseline is None:
                # Measure the change from the earliest dated figure when no baseline is set.
                dated = [o for o in observations if o.period is not None and o.bound is None]
                if dated:
                    start = Baseline(value=dated[0].value, period=dated[0].period)
                    indicator = indicator.model_copy(
                        update={"target": target.model_copy(update={"baseline": start})}
                    )
            return super().assess(indicator, observations, context)
        return self._assess_direction(indicator, observations, context)

    def _assess_direction(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> dict[str, Any]:
        target = indicator.target
        if not observations:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}.",
                f"{context.as_of}時点で数値がない。",
            )
        latest_obs = observations[-1]
        unit = latest_obs.value.unit
        points = self.points(observations, unit)
        if target.baseline is not None and target.baseline.period is not None:
            exact = target.baseline.value.magnitude_in(unit)
            points = [p for p in points if p.date > target.baseline.period.point]
            base_obs = Observation(period=target.baseline.period, value=target.baseline.value)
            points.insert(0, Point(target.baseline.period.point, float(exact), exact, base_obs))
        if len(points) < 2:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"Only one dated figure ({latest_obs.value}); a trend needs two.",
                f"時期の分かる数値が1つ（{latest_obs.value}）のみで、傾向を判断できない。",
                latest=latest_obs,
            )
        latest = points[-1]
        window = [p for p in points if years_between(p.date, latest.date) <= self.window_years]
        if len(window) < 2:
            window = points[-2:]
        first = window[0]
        kind = self.rate_kind(unit, [p.value for p in window])
        years = years_between(first.date, latest.date)
        rate = self.annual_rate(kind, first.value, latest.value, years)
        relative = (
            rate if kind == "compound" else (rate / abs(first.value) if first.value else rate)
        )
        band = self.stagnation
        moving = target.direction.sign * relative
        if isinstance(target, TrendTarget) and target.min_rate is not None:
            if target.min_rate.unit.kind == "ratio":
                band = float(target.min_rate.magnitude_in(""))
            else:
                band = float(target.min_rate.magnitude_in(unit))
                moving = target.direction.sign * rate
        rate_text = format_rate(rate, kind, unit.symbol)
        rate_ja = format_rate(rate, kind, unit.symbol, lang="ja")
        figures: dict[str, Any] = {
            "latest": latest.observation,
            "baseline": Quantity(magnitude=first.exact, unit=unit),
            "baseline_period": first.observation.period,
            "actual_rate": float(f"{rate:.10g}"),
            "rate_kind": kind,
        }
        span = (
            f"from {first.observation.value} ({first.observation.period}) to "
            f"{latest.observation.value} ({latest.observation.period})"
        )
        span_ja = (
            f"{first.observation.value}（{first.observation.period}）から"
            f"{latest.observation.value}（{latest.observation.period}）"
        )
        want = "increase" if target.direction.sign > 0 else "decrease"
        want_ja = "増加" if target.direction.sign > 0 else "減少"
        if moving > band:
            return {
                "status": Status.ON_TRACK,
                "reason": Reason.TREND_FAVOURABLE,
                "explanation": f"The target is to {want}; {span} is {rate_text}, beyond the "
                f"stagnation band of {band:g}.",
                "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、横ばいの幅"
                f"（{band:g}）を超えて目標の方向に推移している。",
                **figures,
            }
        reason = Reason.MOVING_AWAY if moving < -band else Reason.STAGNATING
        verdict = "the wrong way" if reason is Reason.MOVING_AWAY else "within the stagnation band"
        verdict_ja = "逆方向に推移" if reason is Reason.MOVING_AWAY else "横ばい"
        return {
            "status": Status.BEHIND,
            "reason": reason,
            "explanation": f"The target is to {want}; {span} is {rate_text}: {verdict} "
            f"(band {band:g}).",
            "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、{verdict_ja}"
            f"（幅{band:g}）。",
            **figures,
        }


def _pp_target(target: TrendTarget) -> Quantity | None:
    # "+10 points" on a share: the baseline share plus the points.
    if target.baseline is None or target.change is None:
        return None
    base = target.baseline.value
    if target.change.unit.kind == "percentage_point" and base.unit.kind == "ratio":
        return Quantity(
            magnitude=base.magnitude_in("%") + target.change.magnitude,
            unit="%",
            approximate=base.approximate or target.change.approximate,
        ).to(base.unit)
    return None
