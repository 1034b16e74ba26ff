"""The evaluator of band targets: a status by level (SDSN thresholds, RAG on % of target)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from typing import ClassVar

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.model import BandTarget, Bound, Direction, Indicator, Observation
from kpimodel.units import Quantity

__all__ = ["BandEvaluator"]

#: The reason of each band, best first.
_BANDS = (Reason.BAND_ACHIEVED, Reason.BAND_ON_TRACK, Reason.BAND_BEHIND)


class BandEvaluator(Evaluator):
    """Evaluate a :class:`~kpimodel.BandTarget`: the latest figure's band, not its pace.

    The latest figure known at the as-of date (its share of the target's ``value``, in
    percent, when the target has one) is compared with the thresholds. When higher is
    better: at least ``achieved`` is **achieved** (``band-achieved``), at least
    ``on_track`` is **on-track** (``band-on-track``), anything less **behind**
    (``band-behind``); when lower is better, at most and above. Once the deadline (if
    any) has passed, a figure short of ``achieved`` is **behind** (``deadline-missed``).
    A figure given only as a bound ("below 1億") decides only when every figure it allows
    falls in one band; otherwise **no-data** (``not-assessable``). No figure:
    **no-data** (``no-observations``). The staleness rule is the base class's.

    Attributes:
        method: ``band``.

    Example:
        Bands achieved 90% / on track 70%, latest 85% (2025): on-track.
    """

    method: str = "band"

    target_kinds: ClassVar[tuple[str, ...]] = ("band",)

    def level(self, observation: Observation, target: BandTarget) -> Quantity:
        """Return the figure compared with the thresholds.

        Override this to compare something else (a moving average, say).

        Args:
            observation: The latest observation.
            target: The band target.

        Returns:
            The observation's value, or with a target ``value`` its share of it in ``%``
            (exact: not rounded before the comparison).
        """
        if target.value is None:
            return observation.value
        with localcontext(prec=28):
            share = observation.value.magnitude_in(target.value.unit) / target.value.magnitude
            percent = share * 100
        return Quantity(magnitude=percent, unit="%", approximate=observation.value.approximate)

    def band(self, level: Quantity, target: BandTarget) -> Reason:
        """Return the band of a level: ``band-achieved``, ``band-on-track`` or ``band-behind``.

        Args:
            level: The figure compared (see :meth:`level`).
            target: The band target.

        Returns:
            The band's reason.
        """
        passed = sum(1 for t in target.thresholds() if _reaches(level, t, target.direction))
        return _band_of(passed, len(target.thresholds()))

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        assert isinstance(target, BandTarget)
        bands_en, bands_ja = _bands_text(target)
        if not observations:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}; the bands are {bands_en}.",
                f"{context.as_of}時点で数値がない（区分：{bands_ja}）。",
                target_value=target.target_value(),
            )
        latest = observations[-1]
        level = self.level(latest, target)
        figures = {"latest": latest, "target_value": target.target_value()}
        figure_en, figure_ja = _figure(latest, level, target)
        reason = self._bound_band(latest, level, target) if latest.bound else None
        if latest.bound is not None and reason is None:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                f"The latest figure {figure_en} is a bound that allows figures in more than "
                f"one band ({bands_en}).",
                f"最新値{figure_ja}は範囲で示され、複数の区分にまたがる（区分：{bands_ja}）。",
                **figures,
            )
        if reason is None:
            reason = self.band(level, target)
        where_en, where_ja = _where(reason, target)
        deadline = target.deadline
        if reason is not Reason.BAND_ACHIEVED and deadline and deadline.last_day < context.as_of:
            return Verdict(
                status=Status.BEHIND,
                reason=Reason.DEADLINE_MISSED,
                explanation=f"The deadline {deadline:en} has passed and the latest figure "
                f"{figure_en} is {where_en}, short of the achieved band (bands: {bands_en}).",
                explanation_ja=f"期限（{deadline:ja}）を過ぎ、最新値{figure_ja}は{where_ja}で達成の"
                f"区分に届いていない（区分：{bands_ja}）。",
                **figures,
            )
        status = reason.status
        return Verdict(
            status=status,
            reason=reason,
            explanation=f"The latest figure {figure_en} is {where_en}: "
            f"{_STATUS_EN[status]} (bands: {bands_en}).",
            explanation_ja=f"最新値{figure_ja}は{where_ja}で{status.label_ja}（区分：{bands_ja}）。",
            **figures,
        )

    def _bound_band(
        self, latest: Observation, level: Quantity, target: BandTarget
    ) -> Reason | None:
        """The band every figure a bound allows falls in, or ``None`` when they differ."""
        higher = target.direction is Direction.HIGHER
        bound = latest.bound
        towards_better = bound in ((Bound.ABOVE, Bound.AT_LEAST) if higher else (
            Bound.BELOW, Bound.AT_MOST))  # fmt: skip
        if towards_better:
            # Every figure allowed is at least as good as the bound: one band only if the
            # bound itself is achieved.
            found = self.band(level, target)
            return found if found is Reason.BAND_ACHIEVED else None
        # Every figure allowed is worse than the bound (strictly, for below / above).
        worst = target.thresholds()[-1]
        strict = bound in (Bound.BELOW, Bound.ABOVE)
        if strict:
            behind = not _passes(level, worst, target.direction)
        else:
            behind = not _reaches(level, worst, target.direction)
        return Reason.BAND_BEHIND if behind else None


def _reaches(level: Quantity, threshold: Quantity, direction: Direction) -> bool:
    return level >= threshold if direction is Direction.HIGHER else level <= threshold


def _passes(level: Quantity, threshold: Quantity, direction: Direction) -> bool:
    return level > threshold if direction is Direction.HIGHER else level < threshold


def _band_of(passed: int, count: int) -> Reason:
    if passed == count:
        return Reason.BAND_ACHIEVED
    return Reason.BAND_BEHIND if passed == 0 else Reason.BAND_ON_TRACK


_STATUS_EN = {
    Status.ACHIEVED: "achieved",
    Status.ON_TRACK: "on track",
    Status.BEHIND: "behind",
}


def _at(threshold: Quantity, direction: Direction) -> tuple[str, str]:
    if direction is Direction.HIGHER:
        return f"at least {threshold}", f"{threshold}以上"
    return f"at most {threshold}", f"{threshold}以下"


def _short(threshold: Quantity, direction: Direction) -> tuple[str, str]:
    if direction is Direction.HIGHER:
        return f"below {threshold}", f"{threshold}未満"
    return f"above {threshold}", f"{threshold}超"


def _bands_text(target: BandTarget) -> tuple[str, str]:
    """``achieved at least 90%, on track at least 70%`` / ``達成90%以上、順調70%以上``."""
    achieved_en, achieved_ja = _at(target.bands.achieved, target.direction)
    en, ja = [f"achieved {achieved_en}"], [f"達成{achieved_ja}"]
    if target.bands.on_track is not None:
        on_en, on_ja = _at(target.bands.on_track, target.direction)
        en.append(f"on track {on_en}")
        ja.append(f"順調{on_ja}")
    of_en = f" of {target.value}" if target.value is not None else ""
    of_ja = f"（{target.value}に対する割合）" if target.value is not None else ""
    return ", ".join(en) + of_en, "、".join(ja) + of_ja


def _where(reason: Reason, target: BandTarget) -> tuple[str, str]:
    """Where the figure lies: ``at least 70% and below 90%`` / ``70%以上90%未満``."""
    direction, achieved, on_track = target.direction, target.bands.achieved, target.bands.on_track
    if reason is Reason.BAND_ACHIEVED:
        return _at(achieved, direction)
    if reason is Reason.BAND_ON_TRACK:
        assert on_track is not None  # an on-track band has its threshold
        low_en, low_ja = _at(on_track, direction)
        high_en, high_ja = _short(achieved, direction)
        return f"{low_en} and {high_en}", f"{low_ja}{high_ja}"
    return _short(on_track if on_track is not None else achieved, direction)


_BOUND_EN = {Bound.BELOW: "below", Bound.AT_MOST: "at most", Bound.ABOVE: "above",
             Bound.AT_LEAST: "at least"}  # fmt: skip
_BOUND_JA = {Bound.BELOW: "未満", Bound.AT_MOST: "以下", Bound.ABOVE: "超", Bound.AT_LEAST: "以上"}


def _figure(latest: Observation, level: Quantity, target: BandTarget) -> tuple[str, str]:
    """The latest figure as printed, with its period and its share of the target value."""
    value = latest.value
    en = f"{_BOUND_EN[latest.bound]} {value}" if latest.bound else str(value)
    ja = f"{value}{_BOUND_JA[latest.bound]}" if latest.bound else str(value)
    if latest.period is not None:
        en, ja = f"{en} ({latest.period:en})", f"{ja}（{latest.period:ja}）"
    if target.value is not None:
        share = _shown(level, target.thresholds())
        en, ja = f"{en}, {share} of {target.value},", f"{ja}、{target.value}の{share}"
    return en, ja


def _shown(level: Quantity, thresholds: Sequence[Quantity]) -> Quantity:
    """The share rounded to 6 significant digits, or more where rounding crosses a threshold."""
    exact = level.magnitude
    cuts = [t.magnitude_in(level.unit) for t in thresholds]
    for digits in range(6, 29):
        text = f"{exact:.{digits}g}"
        rounded = Decimal(text.rstrip("0").rstrip(".") if "." in text and "E" not in text else text)
        if all((rounded >= c) == (exact >= c) and (rounded != c or exact == c) for c in cuts):
            return Quantity(magnitude=rounded, unit=level.unit, approximate=level.approximate)
    return level
