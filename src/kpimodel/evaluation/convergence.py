"""The evaluator of convergence targets (``close the gap to the EU average by 2030``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import ClassVar

from kpimodel.errors import DimensionMismatchError
from kpimodel.evaluation._base import (
    EvaluationContext,
    ProgressEvaluator,
    is_stale,
    stale_reference,
)
from kpimodel.evaluation._rates import RateKind
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import (
    AbsoluteTarget,
    Baseline,
    ConvergenceTarget,
    Direction,
    Indicator,
    Observation,
    Target,
)
from kpimodel.model._program import known_as_of
from kpimodel.periods import Period
from kpimodel.units import Quantity, Unit

__all__ = ["ConvergenceEvaluator"]


class ConvergenceEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.ConvergenceTarget`: the gap to a reference, closing.

    Each observation gives a gap: its absolute difference from the reference series'
    figure for the same period (figures without a counterpart are skipped), or from the
    target's fixed ``value``. A share's gap is in points (``ポイント``), any other series'
    in its own unit. That gap series is then judged like an absolute target of at most
    the target ``gap`` (0 by default) by the deadline, lower being better: achieved once
    the latest gap is at most it, otherwise the pace rule of
    :class:`~kpimodel.ProgressEvaluator` (with linear rates unless ``rate`` is
    ``compound``: a gap closes by so many points a year), its methods and parameters
    included. The target's baseline, when it has one, gives the baseline gap (against
    the reference's figure for its period; without one, the earliest gap is the baseline).
    Projections never run below a gap of zero. The reference's figures are those known
    at the as-of date, and the staleness rule applies to the latest gap as well as to the
    latest figure (a lagging reference leaves only old gaps: **no-data**, ``stale``).

    The gap is absolute, not signed: a series that overshoots the reference is as far
    from it as one that falls short by as much (convergence is toward the reference,
    from either side).

    Example:
        Women's share of ICT specialists 19.1% (2021) and 19.5% (2024) toward parity
        50% by 2030: gaps 30.9 and 30.5 points, closing at 0.13 points/yr against 3.4
        needed: behind.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("convergence",)

    def gap_unit(self, unit: Unit) -> Unit:
        """Return the unit of the gap of a series in ``unit``: points for a share.

        Args:
            unit: The series' unit.

        Returns:
            The gap's unit.
        """
        return Unit(symbol="ポイント") if unit.kind == "ratio" else unit

    def gap(self, value: Quantity, reference: Quantity) -> Quantity:
        """Return the gap between a figure and its reference: ``|value - reference|``.

        Override this for a signed gap (a shortfall only, say).

        Args:
            value: The series' figure.
            reference: The reference figure (the reference series', or the fixed level).

        Returns:
            The gap, in :meth:`gap_unit` of the figure's unit.
        """
        unit = value.unit
        with localcontext(prec=28):
            difference = abs(value.magnitude - reference.magnitude_in(unit))
        return Quantity(
            magnitude=difference,
            unit=self.gap_unit(unit),
            approximate=value.approximate or reference.approximate,
        )

    def gaps(
        self, observations: Sequence[Observation], references: dict[Period | None, Quantity]
    ) -> tuple[Observation, ...]:
        """Return one derived observation of the gap per figure with a counterpart.

        Args:
            observations: The indicator's observations.
            references: The reference figure by period (the key ``None`` stands for every
                period: a fixed level).

        Returns:
            The gaps, oldest first; figures given only as bounds are skipped.
        """
        fixed = references.get(None)
        result = []
        for obs in observations:
            if obs.period is None or obs.bound is not None:
                continue
            ref = fixed if fixed is not None else references.get(obs.period)
            if ref is None:
                continue
            result.append(
                Observation(
                    period=obs.period,
                    value=self.gap(obs.value, ref),
                    derived=True,
                    source=obs.source,
                    note=f"|{obs.value} - {ref}|",
                )
            )
        return tuple(result)

    def rate_kind(self, unit: Unit, values: Sequence[float]) -> str:
        """Linear rates (a gap closes by so many units a year), unless ``rate`` is compound."""
        if self.rate == "compound" and all(v > 0 for v in values):
            return RateKind.COMPOUND
        return RateKind.LINEAR

    def bounds(
        self, target: Target, unit: Unit, values: Sequence[float]
    ) -> tuple[float | None, float | None]:
        """A gap is never below zero: projections stop there."""
        lowest, highest = super().bounds(target, unit, values)
        return (0.0 if lowest is None else max(lowest, 0.0)), highest

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        assert isinstance(target, ConvergenceTarget)
        references: dict[Period | None, Quantity]
        if target.value is not None:
            references = {None: target.value}
            toward_en, toward_ja = f"{target.value}", f"{target.value}"
        else:
            assert target.reference is not None  # the model requires one or the other
            # The reference's figures known at the as-of date (of revisions, the latest
            # published by then), as for the series' own.
            series = known_as_of(indicator.reference(target.reference).observations, context.as_of)
            references = {o.period: o.value for o in series if o.period and o.bound is None}
            toward_en = f"the reference series {target.reference!r}"
            toward_ja = f"参照系列（{target.reference}）"
        gaps = self.gaps(observations, references)
        if observations and not gaps:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"No figure has a counterpart in {toward_en} for the same period, so no "
                "gap can be measured.",
                f"{toward_ja}に同じ時期の数値がなく、差を計算できない。",
                latest=observations[-1],
            )
        unit = self.gap_unit(gaps[0].value.unit if gaps else _series_unit(target))
        goal = _goal_gap(target, unit, indicator.id)
        baseline = None
        if target.baseline is not None and target.baseline.period is not None:
            ref = references.get(None, references.get(target.baseline.period))
            if ref is not None:
                baseline = Baseline(
                    value=self.gap(target.baseline.value, ref),
                    period=target.baseline.period,
                    source=target.baseline.source,
                )
        # The gap series is judged as "at most the target gap by the deadline".
        closing = AbsoluteTarget(
            value=goal,
            direction=Direction.LOWER,
            deadline=target.deadline,
            baseline=baseline,
        )
        judged = indicator.model_copy(update={"target": closing, "observations": ()})
        verdict = super().assess(judged, gaps, context)
        explanation = _prefixed(verdict.explanation, f"The gap to {toward_en}: ")
        if explanation is not None:
            # A projection stopped at zero stops at the least a gap (not a share) can be.
            share = ", the least a share can be."
            explanation = explanation.replace(share, ", the least a gap can be.")
            # A gap in points closes by so many points a year, as a share's linear rate does.
            explanation = explanation.replace("ポイント/yr", " points/yr")
        verdict = verdict.model_copy(
            update={
                "explanation": explanation,
                "explanation_ja": _prefixed(verdict.explanation_ja, f"{toward_ja}との差："),
            }
        )
        return self._unless_gap_stale(target, gaps, context, verdict)

    def _unless_gap_stale(
        self,
        target: ConvergenceTarget,
        gaps: Sequence[Observation],
        context: EvaluationContext,
        verdict: Verdict,
    ) -> Verdict:
        """No-data (``stale``) when the latest gap is too old, though a newer figure exists.

        The base class's staleness rule looks at the series' latest figure; when the
        reference lags, the latest gap is older, and it is the gap that is judged. As the
        base class does, a no-data verdict is kept, and the figures are kept.
        """
        if self.stale_after is None or not gaps or verdict.status is Status.NO_DATA:
            return verdict
        latest = gaps[-1]
        assert latest.period is not None  # gaps are dated
        reference, what, what_ja = context.as_of, f"the as-of date {context.as_of}", "評価日"
        deadline = stale_reference(target)
        if deadline is not None and deadline.last_day < context.as_of:
            reference, what, what_ja = deadline.last_day, f"the deadline {deadline:en}", "期限"
        if not is_stale(latest.period.last_day, reference, self.stale_after):
            return verdict
        years = f"{self.stale_after:g}"
        return verdict.model_copy(
            update={
                "status": Status.NO_DATA,
                "reason": Reason.STALE,
                "explanation": f"The latest gap that can be measured, {latest.value} "
                f"({latest.period:en}), is more than {years} years older than {what}: too "
                "old to judge the target by.",
                "explanation_ja": f"計算できる最新の差{latest.value}（{latest.period:ja}）は"
                f"{what_ja}より{years}年以上古く、目標の達成状況を判断できない。",
            }
        )


def _prefixed(text: str | None, prefix: str) -> str | None:
    if text is None:
        return None
    # "The gap to 50%: from 30.9ポイント (2021) ..." (the Japanese has no capitals).
    return prefix + (text[:1].lower() + text[1:] if text[:2].isalpha() else text)


def _series_unit(target: ConvergenceTarget) -> Unit:
    # Without any gap (no figure yet), the unit the gap would be in.
    if target.value is not None:
        return target.value.unit
    if target.baseline is not None:
        return target.baseline.value.unit
    if target.gap is not None and target.gap.unit.kind == "percentage_point":
        return Unit(symbol="%")
    return target.gap.unit if target.gap is not None else Unit(symbol="")


def _goal_gap(target: ConvergenceTarget, unit: Unit, where: str) -> Quantity:
    gap = target.gap
    if gap is None or gap.magnitude == 0:
        return Quantity(magnitude=Decimal(0), unit=unit)
    if not gap.unit.is_compatible(unit):
        points = unit.kind == "percentage_point"
        hint = " (a share's gap is in points: ポイント, pp)" if points else ""
        raise DimensionMismatchError(
            f"the gap to reach {gap} is not in the unit of the gap between the series and "
            f"its reference, {unit.symbol!r}{hint}",
            field="target.gap",
            value=str(gap),
        )
    return gap
