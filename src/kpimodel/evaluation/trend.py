"""The evaluator of trend targets (``increase``, ``+10 points by 2033``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import localcontext
from typing import Any, ClassVar

from kpimodel.evaluation._base import (
    EvaluationContext,
    Point,
    ProgressEvaluator,
    _band_text,
    _before,
    _instant,
    _rate_compared,
    format_rate,
    since_break,
    with_break,
)
from kpimodel.evaluation._rates import (
    RateKind,
    is_relative_change,
    limit_coefficient,
    relative_rate,
    years_apart,
)
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import Baseline, Indicator, Observation, Target, TrendTarget
from kpimodel.units import Quantity, Unit
from kpimodel.units._numbers import plain

__all__ = ["TrendEvaluator"]


class TrendEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.TrendTarget`.

    With a numeric ``change`` (``+10 points by 2033``) the target is the baseline plus the
    change, evaluated like an absolute target: a change in % (‰, 割) is relative, whatever
    the baseline's unit (``+100%`` doubles 250 to 500 and 10% to 20%); a change in points
    adds to a share, and one in the series' own unit adds to it; without a baseline the
    change is measured from the earliest dated figure. Without a change, the target is a
    direction only and is never "achieved": over the last ``window_years`` of
    observations, an annual rate in the desired direction beyond the stagnation band is **on-track**
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
        return _change_target(target)

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        if isinstance(target, TrendTarget) and target.change is not None:
            if target.baseline is None:
                # Measure the change from the earliest dated figure when no baseline is set.
                dated = [o for o in observations if o.period is not None and o.bound is None]
                breaks = [i for i, o in enumerate(dated) if o.series_break]
                dated = dated[breaks[-1] :] if breaks else dated  # the new series only
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
        verdict = self._assess_direction(indicator, observations, context)
        if observations:
            unit = observations[-1].value.unit
            verdict = with_break(verdict, since_break(self.points(observations, unit))[1])
        return verdict

    def _assess_direction(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        if not observations:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}.",
                f"{context.as_of}時点で数値がない。",
            )
        latest_obs = observations[-1]
        unit = latest_obs.value.unit
        points, broken = since_break(self.points(observations, unit))
        base = target.baseline
        # A baseline stands in for the figures up to its date; one dated after the latest
        # figure is ignored, as the pace rule ignores it (the figures alone decide), and so
        # is one before a series break (it belongs to the old series).
        if broken is not None and _before(base, broken):
            base = None
        if (
            base is not None
            and base.period is not None
            and points
            and base.period.point < points[-1].date
        ):
            exact = base.value.magnitude_in(unit)
            points = [p for p in points if p.date > base.period.point]
            base_obs = Observation(period=base.period, value=base.value)
            points.insert(0, Point(base.period.point, float(exact), exact, base_obs))
        if len(points) < 2:
            if points:
                only = points[0].observation
                en = (
                    f"Only one dated figure, {only.value} ({only.period:en}), and no earlier "
                    "baseline; a trend needs two."
                )
                ja = (
                    f"時期の分かる数値が{only.value}（{only.period:ja}）の1つのみで、"
                    "傾向を判断できない。"
                )
            else:
                en = f"No dated figure gives a trend (the latest figure is {latest_obs.value})."
                ja = f"時期の分かる数値がなく、傾向を判断できない（最新値{latest_obs.value}）。"
            return self.no_data(Reason.INSUFFICIENT_HISTORY, en, ja, latest=latest_obs)
        latest = points[-1]
        window = [p for p in points if self.in_window(p.date, latest.date)]
        if len(window) < 2:
            window = points[-2:]
        first = window[0]
        min_rate = target.min_rate if isinstance(target, TrendTarget) else None
        # A least rate in the series' unit (100人 a year) is compared with the linear rate;
        # a least rate in percent, or the stagnation band, with the relative one.
        per_year = _per_year(min_rate, unit) if min_rate is not None else None
        kind = (
            RateKind.LINEAR
            if per_year is not None
            else self.rate_kind(unit, [p.value for p in window])
        )
        years = years_apart(_instant(first), _instant(latest))
        rate = self.annual_rate(kind, first.value, latest.value, years)
        relative = rate if kind == RateKind.COMPOUND else relative_rate(rate, first.value)
        if per_year is not None:
            band = per_year
            moving = target.direction.sign * rate
            band_en, band_ja = f"±{band:.3g}{unit.symbol}/yr", f"年±{band:.3g}{unit.symbol}"
            rate_text = format_rate(rate, kind, unit)
            rate_ja = format_rate(rate, kind, unit.symbol, lang="ja")
        else:
            band = float(min_rate.magnitude_in("")) if min_rate is not None else self.stagnation
            moving = target.direction.sign * relative
            band_en, band_ja = _band_text(band, moving)
        limit = target.limit if isinstance(target, TrendTarget) else None
        at = float(limit.magnitude_in(unit)) if limit is not None else None
        scaled_en = scaled_ja = ""
        if at is not None:
            # Near a natural limit the band shrinks, as Statistics Canada scales its
            # thresholds: C = 1 - (start/limit)^4.44 (0 at the limit, 1 far from it).
            coefficient = limit_coefficient(first.value, at)
            band *= coefficient
            if f"{coefficient:.3g}" != "1":  # far from the limit the band reads the same
                scaled_en = (
                    f" (the band scaled by {coefficient:.3g} near the limit {limit}: "
                    f"{_band_value(band, per_year is not None, unit)})"
                )
                scaled_ja = (
                    f"（限界値{limit}に近いため幅を{coefficient:.3g}倍："
                    f"{_band_value(band, per_year is not None, unit, 'ja')}）"
                )
        band_en += scaled_en
        band_ja += scaled_ja
        if per_year is None:
            # The figure compared with the band is the relative rate: show it.
            rate_text, rate_ja = _rate_compared(rate, relative, kind, unit, band)
        figures: dict[str, Any] = {
            "latest": latest_obs,
            "rated": latest.observation,
            "baseline": first.observation.value,
            "baseline_period": first.observation.period,
            "actual_rate": float(f"{rate:.10g}") if math.isfinite(rate) else None,
            "rate_kind": kind,
        }
        span = (
            f"from {first.observation.value} ({first.observation.period:en}) to "
            f"{latest.observation.value} ({latest.observation.period:en})"
        )
        span_ja = (
            f"{first.observation.value}（{first.observation.period:ja}）から"
            f"{latest.observation.value}（{latest.observation.period:ja}）"
        )
        want = "increase" if target.direction.sign > 0 else "decrease"
        want_ja = "増加" if target.direction.sign > 0 else "減少"
        if at is not None and target.direction.sign * (latest.value - at) >= 0:
            # At the limit a figure can only stay: holding it is all the target can ask.
            return Verdict(
                **{
                    "status": Status.ON_TRACK,
                    "reason": Reason.AT_LIMIT,
                    "explanation": f"The target is to {want}; {span} is {rate_text}, and the "
                    f"latest figure is at the natural limit {limit}.",
                    "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、最新値は限界値"
                    f"{limit}に達している。",
                    **figures,
                }
            )
        if moving > band:
            return Verdict(
                **{
                    "status": Status.ON_TRACK,
                    "reason": Reason.TREND_FAVOURABLE,
                    "explanation": f"The target is to {want}; {span} is {rate_text}, beyond the "
                    f"stagnation band of {band_en}.",
                    "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、横ばいの幅"
                    f"（{band_ja}）を超えて目標の方向に推移している。",
                    **figures,
                }
            )
        reason = Reason.MOVING_AWAY if moving < -band else Reason.STAGNATING
        if reason is Reason.MOVING_AWAY:
            verdict = f"the wrong way (band {band_en})"
            verdict_ja = f"逆方向に推移（幅{band_ja}）"
        else:
            verdict = f"within the stagnation band of {band_en}"
            verdict_ja = f"横ばいの幅（{band_ja}）以内"
        return Verdict(
            **{
                "status": Status.BEHIND,
                "reason": reason,
                "explanation": f"The target is to {want}; {span} is {rate_text}: {verdict}.",
                "explanation_ja": f"目標は{want_ja}。{span_ja}で{rate_ja}、{verdict_ja}。",
                **figures,
            }
        )


def _band_value(band: float, linear: bool, unit: Unit, lang: str = "en") -> str:
    """The scaled band as printed: ``±0.2%/yr``, or ``±0.2件/yr`` for a least rate in units."""
    if linear:
        return f"年±{band:.3g}{unit.symbol}" if lang == "ja" else f"±{band:.3g}{unit.symbol}/yr"
    en, ja = _band_text(band, 0.0)
    return ja if lang == "ja" else en


def _per_year(min_rate: Quantity, unit: Unit) -> float | None:
    """Return a least rate in the series' unit per year, or ``None`` for a relative one."""
    if min_rate.unit.kind == "ratio":
        return None
    if min_rate.unit.kind == "percentage_point" and unit.kind == "ratio":
        # "1 point a year" on a share: one percent of the whole a year.
        min_rate = Quantity(magnitude=min_rate.magnitude, unit="%")
    return float(min_rate.magnitude_in(unit))


def _change_target(target: TrendTarget) -> Quantity | None:
    """The baseline plus the change, or ``None`` when the change cannot apply to it."""
    if target.baseline is None or target.change is None:
        return None
    base = target.baseline.value
    change = target.change
    approximate = base.approximate or change.approximate
    if is_relative_change(change.unit):
        # "+100%" doubles the baseline, whatever its unit (250 -> 500, 10% -> 20%).
        if base.unit.kind == "rank":
            return None
        with localcontext(prec=60):
            magnitude = base.magnitude * (1 + change.magnitude_in(""))
        return Quantity(magnitude=plain(magnitude), unit=base.unit, approximate=approximate)
    if change.unit.kind == "percentage_point" and base.unit.kind == "ratio":
        if base.unit.symbol == "":
            return None  # points on a plain number: no share to add them to
        return Quantity(
            magnitude=base.magnitude_in("%") + change.magnitude,
            unit="%",
            approximate=approximate,
        ).to(base.unit)
    if change.unit.kind == "ratio" and base.unit.symbol != "":
        return None  # a plain number added to a share: no fixed meaning
    if change.unit.is_compatible(base.unit):
        return base + change
    return None
