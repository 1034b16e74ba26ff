"""The evaluator of reference-ratio targets (``on a par with Europeana by 2035``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import ClassVar

from kpimodel.evaluation._base import EvaluationContext, Point, ProgressEvaluator
from kpimodel.evaluation._result import Reason
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import Indicator, Observation, ReferenceRatioTarget, Target
from kpimodel.units import Quantity, Unit

__all__ = ["ReferenceRatioEvaluator"]


class ReferenceRatioEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.ReferenceRatioTarget`: a ratio to another series.

    Each observation is divided by the reference series' observation for the same period
    (figures without a counterpart are skipped), giving a series of shares in percent;
    that series is then judged against the target ratio like a ratio target (linear
    rates, pace rule, achieved when the latest ratio reaches the target).

    Example:
        Japan Search 32,163,179件 against Europeana 61,426,763件 on 2026-03-26: 52.4% of
        parity, one figure and no baseline: no-data (``insufficient-history``).
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("reference_ratio",)

    def ratios(
        self, observations: Sequence[Observation], reference: Sequence[Observation]
    ) -> tuple[Observation, ...]:
        """Return the observations divided by their reference counterparts, in percent.

        Override this to match periods differently (nearest date, say).

        Args:
            observations: The indicator's observations.
            reference: The reference series' observations.

        Returns:
            One derived observation per matched period, the ratio in ``%``.
        """
        by_period = {o.period: o for o in reference if o.period is not None and o.bound is None}
        result = []
        for obs in observations:
            if obs.period is None or obs.bound is not None:
                continue
            ref = by_period.get(obs.period)
            if ref is None or ref.value.magnitude == 0:
                continue
            with localcontext(prec=28):
                share = obs.value.magnitude_in(ref.value.unit) / ref.value.magnitude * 100
            result.append(
                Observation(
                    period=obs.period,
                    value=Quantity(
                        magnitude=Decimal(f"{share:.6g}"),
                        unit="%",
                        approximate=obs.value.approximate or ref.value.approximate,
                    ),
                    derived=True,
                    source=obs.source,
                    note=f"{obs.value} / {ref.value}",
                )
            )
        return tuple(result)

    def select_baseline(self, target: Target, points: Sequence[Point], unit: Unit) -> Point | None:
        """Measure from the earliest ratio: the target's baseline is in the series' unit.

        Override this to measure from another point.
        """
        if len(points) >= 2 and points[0].date < points[-1].date:
            return points[0]
        return None

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        assert isinstance(target, ReferenceRatioTarget)
        reference = [
            o
            for o in indicator.reference(target.reference).observations
            if o.period is None or o.period.last_day <= context.as_of
        ]
        ratios = self.ratios(observations, reference)
        if observations and not ratios:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"No figure has a counterpart in the reference series {target.reference!r} "
                "for the same period.",
                f"参照系列（{target.reference}）に同じ時期の数値がなく、比率を計算できない。",
                latest=observations[-1],
                target_value=target.value,
            )
        return super().assess(indicator, ratios, context)
