"""The ``destatis`` preset: the weather symbols of Germany's sustainability indicators.

The rule (Destatis / the German Sustainable Development Strategy, "Indicator status -
Methodology"), on yearly figures:

* The **average annual change** over the last five years, from the last six yearly
  figures (at least the last four consecutive ones): ``a = (y_t - y_s) / (t - s)``, the
  mean of the year-on-year changes.
* **A figure to reach by a target year**, not yet reached: the change is carried forward
  to the target year, ``projected = y_t + a * (T - t)``, and the miss ``target - projected``
  (in the desired direction) is compared with the gap ``|target - y_t|``:

  ======================  =========================================================
  ☀ sun                   the projection meets the target, or misses by < 5% of the gap
  🌤 partly sunny          misses by at least 5% and at most 20% of the gap
  ☁ cloudy                moving in the right direction, misses by more than 20%
  ⚡ thunderstorm          not moving in the right direction (``a`` zero or adverse)
  ======================  =========================================================

* **Already reached, or a level to hold every year** (a maintain target): primarily the
  latest figure, subordinately the average change: reached and the change not adverse:
  sun; reached but the change adverse (a setback looms): partly sunny; not reached and
  the change not adverse: cloudy; not reached and adverse: thunderstorm.
* **A direction only** (a trend without a figure): primarily the average change,
  subordinately the last annual change: both in the right direction: sun; the average
  right but the last change not: partly sunny; the average not right but the last change
  right: cloudy; neither: thunderstorm.

kpimodel's status: a figure to reach: sun is on-track (within 5% of the gap counts as on
track), achieved when reached; partly sunny and cloudy are behind (``projection-short``),
thunderstorm behind (``moving-away``). A level to hold: inside it on-track (achieved
after the deadline), outside behind. A direction: sun and partly sunny on-track
(``trend-favourable``), cloudy behind (``stagnating``), thunderstorm behind
(``moving-away``). Fewer than four consecutive yearly figures: no-data.

The average change is read as linear (the mean of the year-on-year changes, in the
series' unit); the methodology page does not say "growth rate".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import Field

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.evaluation.presets._goal import goal_of
from kpimodel.evaluation.presets._years import YearPoint, year_of, yearly
from kpimodel.evaluation.scales import scale_for
from kpimodel.model import Direction, Indicator, MaintainTarget, Observation, TrendTarget
from kpimodel.model._targets import Positive
from kpimodel.units import Quantity, Unit

__all__ = ["DestatisEvaluator"]

SCALE = "destatis"


class DestatisEvaluator(Evaluator):
    """Evaluate a target by Destatis's weather symbols (see the module documentation).

    Attributes:
        method: ``destatis``.
        window_years: The years the average change spans (five: six figures).
        min_points: The least consecutive yearly figures the average change needs.
        sunny: The miss, as a share of the gap, below which the symbol is the sun.
        partly_sunny: The largest miss share that is partly sunny.
    """

    method: str = "destatis"
    # The institution's rule has no staleness cut-off: it rates whatever figures it is
    # given, so kpimodel's own rule is off unless a caller turns it on.
    stale_after: Positive | None = None
    window_years: int = Field(default=5, ge=1, le=50)
    min_points: int = Field(default=4, ge=2, le=50)
    sunny: Decimal = Field(default=Decimal("0.05"), ge=0)
    partly_sunny: Decimal = Field(default=Decimal("0.20"), ge=0)

    target_kinds: ClassVar[tuple[str, ...]] = ("absolute", "ratio", "trend", "maintain")

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict | dict[str, Any]:
        target = indicator.target
        scale = scale_for(SCALE)
        none = scale.rating("not-assessed")
        goal = goal_of(target, context)
        directional = isinstance(target, TrendTarget) and target.change is None
        if not observations:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"Destatis: no symbol: no figure is known as of {context.as_of}.",
                f"Destatis：評価なし（{context.as_of}時点で数値がない）。",
                rating=none,
            )
        if goal is None and not directional:
            return self.no_data(
                Reason.NO_TARGET,
                "Destatis: no symbol: the target has no figure to reach.",
                "Destatis：評価なし（目標に数値がない）。",
                rating=none,
            )
        unit = goal.unit if goal is not None else observations[-1].value.unit
        points, why, why_ja = yearly(observations, unit)
        run = _recent_run(points, self.window_years, unit) if why is None else []
        short = f"the average change needs {self.min_points} consecutive yearly figures"
        short_ja = f"平均変化には連続{self.min_points}年以上の数値が必要"
        if why is not None or len(run) < self.min_points:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY if why is None else Reason.NOT_ASSESSABLE,
                f"Destatis: no symbol: {why or short}.",
                f"Destatis：評価なし（{why_ja or short_ja}）。",
                rating=none,
                latest=observations[-1],
            )
        sign = 1 if target.direction is Direction.HIGHER else -1
        first, latest = run[0], run[-1]
        change = (latest.exact - first.exact) / (latest.year - first.year)
        trend = sign * change
        figures: dict[str, Any] = {
            "latest": latest.observation,
            "baseline": first.observation.value,
            "baseline_period": first.observation.period,
            "target_value": goal,
            "actual_rate": float(change),
            "rate_kind": "linear",
        }
        sym = f" {unit.symbol}" if unit.symbol else ""
        rate_text = f"{change:+.4g}{sym}/yr over {first.year}-{latest.year}"
        rate_ja = f"{first.year}〜{latest.year}年の平均変化 年{change:+.4g}{unit.symbol}"
        if directional:
            last = run[-2]
            step = sign * (latest.exact - last.exact)
            code = {
                (True, True): "sun",
                (True, False): "partly-sunny",
                (False, True): "cloudy",
                (False, False): "thunderstorm",
            }[(trend > 0, step > 0)]
            status, reason = {
                "sun": (Status.ON_TRACK, Reason.TREND_FAVOURABLE),
                "partly-sunny": (Status.ON_TRACK, Reason.TREND_FAVOURABLE),
                "cloudy": (Status.BEHIND, Reason.STAGNATING),
                "thunderstorm": (Status.BEHIND, Reason.MOVING_AWAY),
            }[code]
            rating = scale.rating(code)
            return {
                "status": status,
                "reason": reason,
                "rating": rating,
                "explanation": f"Destatis: {rating.label}: average change {rate_text}; last "
                f"annual change {latest.exact - last.exact:+.4g}{sym} "
                "(a direction-only target).",
                "explanation_ja": f"Destatis：{rating.label_ja}。{rate_ja}、直近1年の変化"
                f"{latest.exact - last.exact:+.4g}{unit.symbol}（方向のみの目標）。",
                **figures,
            }
        assert goal is not None
        goal_exact = goal.magnitude_in(unit)
        reached = sign * (latest.exact - goal_exact) >= 0
        holding = isinstance(target, MaintainTarget)
        if reached or holding:
            code = {
                (True, True): "sun",
                (True, False): "partly-sunny",
                (False, True): "cloudy",
                (False, False): "thunderstorm",
            }[(reached, trend >= 0)]
            rating = scale.rating(code)
            passed = target.deadline is not None and target.deadline.last_day < context.as_of
            if reached and (not holding or passed):
                status, reason = (
                    Status.ACHIEVED,
                    (Reason.MAINTAINED if holding else Reason.TARGET_MET),
                )
            elif reached:
                status, reason = Status.ON_TRACK, Reason.WITHIN_BOUND
            else:
                status, reason = (
                    Status.BEHIND,
                    Reason.BOUND_BREACHED if holding else Reason.MOVING_AWAY,
                )
            word = "holds" if reached else "misses"
            word_ja = "満たす" if reached else "満たさない"
            return {
                "status": status,
                "reason": reason,
                "rating": rating,
                "explanation": f"Destatis: {rating.label}: the latest figure "
                f"{latest.observation.value} "
                f"({latest.year}) {word} the target {goal}; average change {rate_text}.",
                "explanation_ja": f"Destatis：{rating.label_ja}。最新値{latest.observation.value}"
                f"（{latest.year}年）は目標{goal}を{word_ja}。{rate_ja}。",
                **figures,
            }
        target_year = year_of(target.deadline)
        if target_year is None:
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                "Destatis: no symbol: the target needs a target year"
                f"{'' if target.deadline is None else f'; {target.deadline:en} is not a year'}.",
                "Destatis：評価なし（目標年が年で示されていない）。",
                rating=none,
                **figures,
            )
        projected = latest.exact + change * (target_year - latest.year)
        gap = abs(goal_exact - latest.exact)
        miss = sign * (goal_exact - projected)
        share = miss / gap
        if trend <= 0:
            code = "thunderstorm"
        elif miss <= 0 or share < self.sunny:
            code = "sun"
        elif share <= self.partly_sunny:
            code = "partly-sunny"
        else:
            code = "cloudy"
        rating = scale.rating(code)
        if code == "sun":
            status, reason = Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET
        elif code == "thunderstorm":
            status, reason = Status.BEHIND, Reason.MOVING_AWAY
        else:
            status, reason = Status.BEHIND, Reason.PROJECTION_SHORT
        if target.deadline is not None and target.deadline.last_day < context.as_of:
            status, reason = Status.BEHIND, Reason.DEADLINE_MISSED
        shown = max(miss, Decimal(0)) / gap * 100
        return {
            "status": status,
            "reason": reason,
            "rating": rating,
            "projected": Quantity(magnitude=projected, unit=unit.symbol),
            "explanation": f"Destatis: {rating.label}: at the average change ({rate_text}) the "
            f"figure reaches {projected:.4g}{sym} in {target_year}, missing the target "
            f"{goal} "
            f"by {shown:.3g}% of the remaining gap.",
            "explanation_ja": f"Destatis：{rating.label_ja}。{rate_ja}が続くと{target_year}年に"
            f"{projected:.4g}{unit.symbol}となり、目標{goal}まで残る差の{shown:.3g}%不足する。",
            **figures,
        }


def _recent_run(points: Sequence[YearPoint], years: int, unit: Unit) -> list[_ExactPoint]:
    # The consecutive yearly figures ending with the latest, at most ``years`` back.
    if not points:
        return []
    run = [points[-1]]
    for point in reversed(points[:-1]):
        if point.year != run[-1].year - 1 or points[-1].year - point.year > years:
            break
        run.append(point)
    return [_ExactPoint(p, unit) for p in reversed(run)]


class _ExactPoint:
    """A yearly point with its exact value, for arithmetic that lands exactly on 5% or 20%."""

    __slots__ = ("exact", "observation", "year")

    def __init__(self, point: YearPoint, unit: Unit) -> None:
        self.year = point.year
        self.observation = point.observation
        self.exact = point.observation.value.magnitude_in(unit)
