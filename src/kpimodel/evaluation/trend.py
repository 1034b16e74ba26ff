"""The evaluator of trend targets (``increase``, ``+10 points by 2033``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import localcontext
from typing import Any, ClassVar

from kpimodel.evaluation._base import (
    EvaluationContext,
    Point,
    ProgressEvaluator,
    format_rate,
    relative_rate,
    years_between,
)
from kpimodel.evaluation._result import Reason, Status
from kpimodel.model import Baseline, Indicator, Observation, Target, TrendTarget
from kpimodel.units import Quantity, Unit
from kpimodel.units._numbers import plain

__all__ = ["TrendEvaluator"]


class TrendEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.TrendTarget`.

    With a numeric ``change`` (``+10 points by 2033``) the target is the baseline plus the
    change (points on a share, an amount in the series' unit, or a percentage of an
    amount), evaluated like an absolute target; without a baseline the change is measured
    from the earliest dated figure. Without a change, the target is a direction only and
    is never "achieved": over the last ``window_years`` of observations, an annual rate in
    the desired direction beyond the stagnation band is **on-track**
    (``trend-favourable``); a smaller one is **behind** (``stagnating``) and one in the
    wrong direction is **behind** (``moving-away``). The band is the target's ``min_rate``
    when it gives one (a percentage: a relative rate; an amount or points: a linear rate in
    the series' unit per year), otherwise the evaluator's ``stagnation`` parameter, a
    relative rate.

    Example:
        PhD holders per million: 124人 (FY2021) -> 123人 (FY2022), target "raise":
        -0.8%/yr, moving away: behind.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("trend",)

    def target_quantity(self, target: Target, context: EvaluationContext) -> Quantity | None:
        """Return baseline + change when the target states a change, else ``None``.

        Override this to interpret the change differently.
        """
        if not isinstance(target, TrendTarget) or target.change is None:
            return None
        if target.baseline is None:
            return None
        base = target.baseline.value
        if target.change.unit.is_compatible(base.unit):
            return base + target.change
        return _change_target(target)

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
                elif observations:
                    latest = observations[-1]
                    return self.no_data(
                        Reason.INSUFFICIENT_HISTORY,
                        f"The target is a change of {target.change}, but no baseline is set "
                        f"and no dated figure gives one (the latest figure is {latest.value}).",
                        f"目標は{target.change}の変化だが、基準値がなく、時期の分かる数値もない"
                        f"（最新値{latest.value}）。",
                        latest=latest,
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
        window = [p for p in points if self.in_window(p.date, latest.date)]
        if len(window) < 2:
            window = points[-2:]
        first = window[0]
        min_rate = target.min_rate if isinstance(target, TrendTarget) else None
        # A least rate in the series' unit (100人 a year) is compared with the linear rate;
        # a least rate in percent, or the stagnation band, with the relative one.
        per_year = _per_year(min_rate, unit) if min_rate is not None else None
        kind = "linear" if per_year is not None else self.rate_kind(unit, [p.value for p in window])
        years = years_between(first.date, latest.date)
        rate = self.annual_rate(kind, first.value, latest.value, years)
        relative = rate if kind == "compound" else relative_rate(rate, first.value)
        if per_year is not None:
            band = per_year
            moving = target.direction.sign * rate
            band_en, band_ja = f"±{band:.3g}{unit.symbol}/yr", f"年±{band:.3g}{unit.symbol}"
        else:
            band = float(min_rate.magnitude_in("")) if min_rate is not None else self.stagnation
            moving = target.direction.sign * relative
            band_en, band_ja = f"±{band * 100:.3g}%/yr", f"年率±{band * 100:.3g}%"
        rate_text = format_rate(rate, kind, unit.symbol)
        rate_ja = format_rate(rate, kind, unit.symbol, lang="ja")
        figures: dict[str, Any] = {
            "latest": latest.observation,
            "baseline": first.observation.value,
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
                f"stagnation band of {band_en}.",
                "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、横ばいの幅"
                f"（{band_ja}）を超えて目標の方向に推移している。",
                **figures,
            }
        reason = Reason.MOVING_AWAY if moving < -band else Reason.STAGNATING
        if reason is Reason.MOVING_AWAY:
            verdict = f"the wrong way (band {band_en})"
            verdict_ja = f"逆方向に推移（幅{band_ja}）"
        else:
            verdict = f"within the stagnation band of {band_en}"
            verdict_ja = f"横ばいの幅（{band_ja}）以内"
        return {
            "status": Status.BEHIND,
            "reason": reason,
            "explanation": f"The target is to {want}; {span} is {rate_text}: {verdict}.",
            "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、{verdict_ja}。",
            **figures,
        }


def _per_year(min_rate: Quantity, unit: Unit) -> float | None:
    """Return a least rate in the series' unit per year, or ``None`` for a relative one."""
    if min_rate.unit.kind == "ratio":
        return None
    if min_rate.unit.kind == "percentage_point" and unit.kind == "ratio":
        # "1 point a year" on a share: one percent of the whole a year.
        min_rate = Quantity(magnitude=min_rate.magnitude, unit="%")
    return float(min_rate.magnitude_in(unit))


def _change_target(target: TrendTarget) -> Quantity | None:
    # "+10 points" on a share: the baseline share plus the points; "+10%" on an amount:
    # the baseline amount grown by ten percent.
    if target.baseline is None or target.change is None:
        return None
    base = target.baseline.value
    change = target.change
    approximate = base.approximate or change.approximate
    if change.unit.kind == "percentage_point" and base.unit.kind == "ratio":
        return Quantity(
            magnitude=base.magnitude_in("%") + change.magnitude,
            unit="%",
            approximate=approximate,
        ).to(base.unit)
    if change.unit.kind == "ratio" and base.unit.kind not in ("ratio", "rank"):
        with localcontext(prec=60):
            magnitude = base.magnitude * (1 + change.magnitude_in(""))
        return Quantity(magnitude=plain(magnitude), unit=base.unit, approximate=approximate)
    return None
