"""The ``open-sdg`` preset: Open SDG's progress status, as sdg-build 2.4 computes it.

A compatibility preset: it reproduces the statuses and scores of sdg-build's
``sdg/ProgressMeasure.py`` (Open SDG 2.4.0, Statistics Canada's methodology), quirks
included, so that a kpimodel table and an Open SDG site agree. Each kpimodel indicator is
one Open SDG *series*; a KPI is an Open SDG *indicator*, whose score is the mean of its
series' scores.

Per series (every figure a float, in the order sdg-build computes it):

1. Yearly figures only. The base year is ``base_year`` (2015), or the target's baseline
   year when the target states one (its figure joins the series when that year has no
   observation); when the base year has no figure, the first year after it that has one.
   The current year is the latest year with a figure.
2. ``direction`` is +1 when higher is better, -1 otherwise; ``sign`` is -1 when the base
   value is negative (it flips the direction for all-negative series).
3. Target achieved (checked first, before the two-figure rule): the current value is at or
   beyond the target. Then a base value of 0 becomes 0.001, a target of 0 becomes 0.001,
   and base and current values of opposite signs, or fewer than two years, give no value.
4. Without a target (a direction-only trend): ``P = sign · direction · CAGR`` against
   thresholds 0.015 / 0.005 / 0, scaled by the limit coefficient ``C`` when a natural
   ``limit`` is given (``C = 1 - (|base|/|limit|)^4.44`` at or below the limit, ``1 - ((2
   |limit| - |base|)/|limit|)^4.44`` up to twice it, 1 beyond).
   With a target: ``R = sign · direction · CAGR / |CAGR to target|`` against 0.95 / 0.6 / 0
   (the limit is ignored).
5. Status: ``target_achieved``; ``substantial_progress`` (>= high), ``moderate_progress``
   (>= med), ``limited_progress`` (>= low), ``deterioration``; ``not_available``.
   Score in [-5, 5] by sdg-build's piecewise-linear formulas (5 when achieved).

Per KPI: the mean of the scored series, and the status of that score ([2.5, 5]
substantial, [0, 2.5) moderate, [-2.5, 0) limited, below deterioration), or
``target_achieved`` when every scored series achieved its target.

Quirks kept, because the site shows them: the target check precedes the two-figure rule (a
single figure can be "target achieved"); deadlines are ignored (a passed target year only
enters the required rate); the scores assume the default thresholds, and their rounded
coefficients (7.1429, 4.2857) can put a KPI of one series one status above its series (R
just below 0.95 scores 2.5); sdg-build's arithmetic is Python's when the configured base
year has a figure and numpy's when the base year moved later, so a negative base with a
positive target divides by the modulus of a complex rate in the first case and gives NaN
(not available) in the second, and a required rate of zero gives an infinite ratio.
Departures, where sdg-build fails: where it raises (a base year after every figure, a
target year equal to the configured base year) the preset gives ``not_available`` with a
sentence; where it leaves the status empty (no series can be scored) the KPI is
``not_available``. kpimodel's own direction is used: a target states it, whereas Open SDG
defaults to "negative". The KPI mean adds the scores in numpy's pairwise order, as
``np.mean`` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import Field

from kpimodel.evaluation._base import EvaluationContext, Evaluator
from kpimodel.evaluation._rates import limit_coefficient
from kpimodel.evaluation._result import Evaluation, PaceGrade, Reason, Status
from kpimodel.evaluation._verdict import Verdict
from kpimodel.evaluation.presets._goal import goal_of
from kpimodel.evaluation.presets._years import YearPoint, year_of, yearly
from kpimodel.evaluation.scales import Rating, scale_for
from kpimodel.model import Direction, Indicator, Observation, Target, TrendTarget
from kpimodel.model._targets import Positive
from kpimodel.units import Quantity, Unit

__all__ = [
    "OpenSDGEvaluator",
    "indicator_progress",
    "kpimodel_status",
    "limit_coefficient",
    "score_status",
    "series_status",
]

SCALE = "open-sdg"
_ZERO_SUBSTITUTE = 0.001

_KPIMODEL_STATUS = {
    "target_achieved": (Status.ACHIEVED, Reason.TARGET_MET),
    "substantial_progress": (Status.ON_TRACK, Reason.PACE_SUFFICIENT),
    "moderate_progress": (Status.BEHIND, Reason.PACE_INSUFFICIENT),
    "limited_progress": (Status.BEHIND, Reason.PACE_INSUFFICIENT),
    "deterioration": (Status.BEHIND, Reason.MOVING_AWAY),
    "not_available": (Status.NO_DATA, Reason.NOT_ASSESSABLE),
}
_GRADE = {
    "substantial_progress": PaceGrade.SIGNIFICANT,
    "moderate_progress": PaceGrade.MODERATE,
    "limited_progress": PaceGrade.INSUFFICIENT,
    "deterioration": PaceGrade.MOVING_AWAY,
}


def kpimodel_status(value: str) -> tuple[Status, Reason]:
    """Return kpimodel's status and reason for an Open SDG status.

    ``target_achieved`` is achieved; ``substantial_progress`` on-track; moderate, limited
    progress and deterioration are behind; ``not_available`` is no-data.
    """
    return _KPIMODEL_STATUS[value]


def series_status(value: float | None, high: float, med: float, low: float, achieved: bool) -> str:
    """Return a series' Open SDG status from its progress value and (scaled) thresholds.

    Args:
        value: The progress value (a CAGR, or the ratio R), or ``None``.
        high: The least value that is substantial progress.
        med: The least value that is moderate progress.
        low: The least value that is limited progress.
        achieved: Whether the target is achieved (decides first).

    Returns:
        One of the six Open SDG statuses.
    """
    if achieved:
        return "target_achieved"
    if value is None or math.isnan(value):
        return "not_available"
    if value >= high:
        return "substantial_progress"
    if med <= value < high:
        return "moderate_progress"
    if low <= value < med:
        return "limited_progress"
    return "deterioration"


def score_status(score: float | None, achieved: bool) -> str:
    """Return the Open SDG status of a score in [-5, 5] (an indicator's mean score).

    Args:
        score: The score, or ``None``.
        achieved: Whether every scored series achieved its target.

    Returns:
        One of the six Open SDG statuses.
    """
    if achieved:
        return "target_achieved"
    if score is None:
        return "not_available"
    if score >= 2.5:
        return "substantial_progress"
    if score >= 0:
        return "moderate_progress"
    if score >= -2.5:
        return "limited_progress"
    return "deterioration"


def _score(
    with_target: bool, value: float, high: float, med: float, low: float, coefficient: float
) -> float:
    # sdg-build's piecewise-linear scores; they assume the default thresholds (its own
    # comment says so), which is why custom thresholds can disagree with the status.
    if not with_target:
        if value < low:
            return max(125 * value - 2.5, -5)
        if coefficient == 0:
            return 5
        if value >= high:
            return min(500 * value / coefficient - 5, 5)
        if value >= med:
            return 250 * value / coefficient - 1.25
        return 500 * value / coefficient - 2.5
    if value >= med:
        return min((7.1429 * value) - 4.2857, 5)
    return max((4.1667 * value) - 2.5, -5)


def _observed(current: float, base: float, current_year: int, base_year: int) -> float:
    # Base and current share a sign and the years differ, so the ratio is positive; an
    # overflow is infinite, as numpy (whose year integers sdg-build computes with) makes it.
    try:
        return float((current / base) ** (1 / (current_year - base_year)) - 1)
    except OverflowError:
        return math.inf if current / base > 1 else -1.0


def _required_size(
    target: float, base: float, target_year: int, base_year: int, numpy_years: bool
) -> float | None:
    """Return ``|CAGR to the target|`` as sdg-build's arithmetic gives it; ``None`` if it fails.

    sdg-build's years are Python integers when the configured base year has a figure and
    numpy integers when it moved to a later year, and the two differ: with Python numbers
    a negative ratio (a negative base, a positive target) to a fractional power gives a
    complex rate, whose
    modulus sdg-build then divides by, and a target year equal to the base year raises;
    with numpy numbers the first is NaN and the second an infinite exponent.
    """
    ratio = target / base
    if target_year == base_year:
        if not numpy_years:
            return None
        exponent = math.inf
    else:
        exponent = 1 / (target_year - base_year)
    if ratio < 0 and math.isfinite(exponent) and not exponent.is_integer():
        if numpy_years:
            return math.nan
        return abs(complex(ratio) ** exponent - 1)
    try:
        return abs(float(ratio**exponent) - 1)
    except OverflowError:
        return math.inf


def _divide(numerator: float, denominator: float) -> float:
    # numpy's division: by zero is an infinity (or NaN for 0/0), not an error.
    if denominator == 0:
        return (
            math.nan
            if numerator == 0 or math.isnan(numerator)
            else math.copysign(math.inf, numerator)
        )
    return numerator / denominator


class OpenSDGEvaluator(Evaluator):
    """Evaluate an indicator as one Open SDG series (sdg-build 2.4 ``SeriesProgress``).

    See the module documentation for the rule. The result's ``rating`` is the series'
    Open SDG status and score; ``pace`` is R (with a target), ``actual_rate`` the observed
    CAGR and ``required_rate`` the CAGR to the target.

    Attributes:
        method: ``open-sdg``.
        base_year: The base year when the target states no baseline year.
        target_year: The target year when the target states no yearly deadline.
        limit: A natural limit (in the series' unit) for direction-only series; a target's
            own ``limit`` takes precedence.
        high: The no-target threshold of substantial progress.
        med: The no-target threshold of moderate progress.
        low: The no-target threshold of limited progress.
        target_high: The target threshold of substantial progress (R).
        target_med: The target threshold of moderate progress (R).
        target_low: The target threshold of limited progress (R).
    """

    method: str = "open-sdg"
    # The institution's rule has no staleness cut-off: it rates whatever figures it is
    # given, so kpimodel's own rule is off unless a caller turns it on.
    stale_after: Positive | None = None
    base_year: int = Field(default=2015, ge=1, le=9999)
    target_year: int = Field(default=2030, ge=1, le=9999)
    limit: float | None = Field(default=None, allow_inf_nan=False)
    high: float = Field(default=0.015, allow_inf_nan=False)
    med: float = Field(default=0.005, allow_inf_nan=False)
    low: float = Field(default=0.0, allow_inf_nan=False)
    target_high: float = Field(default=0.95, allow_inf_nan=False)
    target_med: float = Field(default=0.6, allow_inf_nan=False)
    target_low: float = Field(default=0.0, allow_inf_nan=False)

    target_kinds: ClassVar[tuple[str, ...]] = ("absolute", "ratio", "trend")

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict | dict[str, Any]:
        target = indicator.target
        if (
            isinstance(target, TrendTarget)
            and target.change is not None
            and target.baseline is None
        ):
            return _unavailable(
                Reason.NOT_ASSESSABLE,
                "The target is a change with no baseline to count it from, so Open SDG has "
                "no target value.",
                "目標は変化量だが基準値がなく、Open SDGの目標値が定まらない。",
            )
        goal = goal_of(target, context)
        quantities = [o.value for o in observations if isinstance(o.value, Quantity)]
        if goal is None and not quantities:
            return _unavailable(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}.",
                f"{context.as_of}時点で数値がない。",
            )
        unit = goal.unit if goal is not None else quantities[0].unit
        points, why, why_ja = yearly(observations, unit)
        if why is not None:
            assert why_ja is not None
            return _unavailable(
                Reason.NOT_ASSESSABLE,
                f"Open SDG cannot assess: {why}.",
                f"Open SDGの方式で評価できない：{why_ja}。",
            )
        base_year = self.base_year
        if target.baseline is not None and year_of(target.baseline.period) is not None:
            base_year = year_of(target.baseline.period) or base_year
            if base_year not in {p.year for p in points}:
                value = target.baseline.value
                base_obs = Observation(period=target.baseline.period, value=value)
                points.append(YearPoint(base_year, float(value.magnitude_in(unit)), base_obs))
                points.sort(key=lambda p: p.year)
        if not points:
            return _unavailable(
                Reason.NO_OBSERVATIONS,
                f"No yearly figure is known as of {context.as_of}.",
                f"{context.as_of}時点で年次の数値がない。",
            )
        target_year = self.target_year
        if target.deadline is not None:
            deadline_year = year_of(target.deadline)
            if deadline_year is None:
                return _unavailable(
                    Reason.NOT_ASSESSABLE,
                    f"Open SDG needs a target year; the deadline {target.deadline:en} is not a "
                    "year.",
                    f"Open SDGは目標年を要するが、期限{target.deadline:ja}は年でない。",
                )
            target_year = deadline_year
        return self._series(indicator, points, base_year, target_year, goal, unit)

    def _series(
        self,
        indicator: Indicator,
        points: list[YearPoint],
        base_year: int,
        target_year: int,
        goal: Quantity | None,
        unit: Unit,
    ) -> Verdict | dict[str, Any]:
        target = indicator.target
        current = points[-1]
        years = [p.year for p in points]
        numpy_years = False
        if base_year not in years:
            later = [p for p in points if p.year > base_year]
            if not later:
                return _unavailable(
                    Reason.INSUFFICIENT_HISTORY,
                    f"No figure is given for the base year {base_year} or after it (sdg-build "
                    "fails here).",
                    f"基準年{base_year}以降の数値がない（sdg-buildはここで停止する）。",
                    latest=current.observation,
                )
            base_year = later[0].year
            numpy_years = True
        base = next(p for p in points if p.year == base_year)
        direction = 1 if target.direction is Direction.HIGHER else -1
        base_value, current_value = base.value, current.value
        sign = -1 if base_value < 0 else 1
        target_value = None if goal is None else float(goal.magnitude_in(unit))
        with_target = target_value is not None
        if target_value == 0:
            target_value = _ZERO_SUBSTITUTE
        high, med, low = (
            (self.target_high, self.target_med, self.target_low)
            if with_target
            else (self.high, self.med, self.low)
        )
        coefficient = 1.0
        limit = self._limit(target, unit)
        if not with_target and limit is not None:
            coefficient = limit_coefficient(base_value, limit)
            high, med, low = high * coefficient, med * coefficient, low * coefficient
        achieved = target_value is not None and (
            (direction == -1 and current_value <= target_value)
            or (direction == 1 and current_value >= target_value)
        )
        if base_value == 0:
            base_value = _ZERO_SUBSTITUTE
        value: float | None = None
        observed: float | None = None
        required: float | None = None
        problem = ""
        if (base_value > 0 and current_value < 0) or (base_value < 0 and current_value > 0):
            problem = (
                f"the base value ({base.observation.value}, {base_year}) and the current value "
                f"({current.observation.value}, {current.year}) have opposite signs"
            )
        elif current.year - base_year < 1:
            problem = (
                f"it needs figures for two years from {base_year}; only {current.year} has one"
            )
        else:
            observed = _observed(current_value, base_value, current.year, base_year)
            if not with_target:
                value = sign * direction * observed
            else:
                assert target_value is not None
                size = _required_size(target_value, base_value, target_year, base_year, numpy_years)
                if size is None:
                    problem = (
                        f"the growth rate needed from {base_year} to {target_year} cannot be "
                        "computed (sdg-build fails here)"
                    )
                else:
                    required = size
                    value = _divide(sign * direction * observed, size)
        status = series_status(value, high, med, low, achieved)
        score: float | None
        if achieved:
            score = 5.0
        elif value is None or math.isnan(value):
            score = None
        else:
            score = float(_score(with_target, value, high, med, low, coefficient))
        kp_status, reason = _KPIMODEL_STATUS[status]
        if not with_target and status in ("moderate_progress", "limited_progress"):
            reason = Reason.STAGNATING
        elif not with_target and status == "substantial_progress":
            reason = Reason.TREND_FAVOURABLE
        elif status == "not_available" and problem.startswith("it needs"):
            reason = Reason.INSUFFICIENT_HISTORY
        rating = scale_for(SCALE).rating(status, score)
        en, ja = _sentences(
            status,
            rating,
            value,
            with_target,
            base,
            current,
            base_year,
            target_year,
            goal,
            problem,
            coefficient,
        )
        return {
            "status": kp_status,
            "reason": reason,
            "explanation": en,
            "explanation_ja": ja,
            "latest": current.observation,
            "baseline": base.observation.value,
            "baseline_period": base.observation.period,
            "target_value": goal,
            "actual_rate": _finite(observed),
            "required_rate": _finite(required),
            "rate_kind": "compound",
            "pace": _finite(value) if with_target else None,
            "pace_grade": _GRADE.get(status) if with_target else None,
            "rating": rating,
        }

    def _limit(self, target: Target, unit: Unit) -> float | None:
        # A target's own natural limit (issue 12's ``limit:`` field) wins over the parameter.
        stated = getattr(target, "limit", None)
        if isinstance(stated, Quantity):
            return float(stated.magnitude_in(unit))
        if isinstance(stated, int | float):
            return float(stated)
        return self.limit


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _unavailable(reason: Reason, en: str, ja: str, **fields: Any) -> Verdict | dict[str, Any]:
    return Evaluator.no_data(
        reason, en, ja, rating=scale_for(SCALE).rating("not_available"), **fields
    )


def _sentences(
    status: str,
    rating: Rating,
    value: float | None,
    with_target: bool,
    base: YearPoint,
    current: YearPoint,
    base_year: int,
    target_year: int,
    goal: Quantity | None,
    problem: str,
    coefficient: float,
) -> tuple[str, str]:
    span = f"{base.observation.value} ({base_year}) to {current.observation.value} ({current.year})"
    span_ja = (
        f"{base.observation.value}（{base_year}年）から"
        f"{current.observation.value}（{current.year}年）"
    )
    score = "" if rating.score is None else f", score {rating.score:.2f}"
    score_ja = "" if rating.score is None else f"、スコア{rating.score:.2f}"
    if status == "target_achieved":
        return (
            f"Open SDG: {rating.label}: the latest figure {current.observation.value} "
            f"({current.year}) meets the target {goal}{score}.",
            f"Open SDG：{rating.label_ja}。最新値{current.observation.value}（{current.year}年）は"
            f"目標{goal}を満たす{score_ja}。",
        )
    if value is None:
        return (
            f"Open SDG: {rating.label}: {problem or 'no progress value'}.",
            f"Open SDG：{rating.label_ja}（{problem or '進捗値なし'}）。",
        )
    if with_target:
        return (
            f"Open SDG: {rating.label}: from {span} the growth rate is {value:.4g} times the "
            f"rate needed to reach {goal} by {target_year}{score}.",
            f"Open SDG：{rating.label_ja}。{span_ja}の成長率は、{target_year}年に{goal}に達するのに"
            f"必要な率の{value:.4g}倍{score_ja}。",
        )
    scaled = "" if coefficient == 1 else f" (thresholds scaled by {coefficient:.4g} near the limit)"
    scaled_ja = "" if coefficient == 1 else f"（上限に近いため閾値を{coefficient:.4g}倍）"
    return (
        f"Open SDG: {rating.label}: from {span} the growth rate in the desired direction is "
        f"{value * 100:+.3g}%/yr{scaled}{score}.",
        f"Open SDG：{rating.label_ja}。{span_ja}の望ましい方向への成長率は年{value * 100:+.3g}%"
        f"{scaled_ja}{score_ja}。",
    )


def _numpy_sum(values: Sequence[float]) -> float:
    """Return the sum of ``values`` in numpy's pairwise order (``np.mean`` sums this way).

    sdg-build averages the series' scores with ``np.mean``; adding in the same order gives
    the same last bit. Below 8 values numpy adds in turn; up to 128 it keeps 8 running
    sums; beyond, it splits the values in two halves (a multiple of 8 first).
    """
    n = len(values)
    if n < 8:
        total = 0.0
        for value in values:
            total += value
        return total
    if n <= 128:
        sums = list(values[:8])
        index = 8
        while index < n - n % 8:
            for lane in range(8):
                sums[lane] += values[index + lane]
            index += 8
        total = ((sums[0] + sums[1]) + (sums[2] + sums[3])) + (
            (sums[4] + sums[5]) + (sums[6] + sums[7])
        )
        for value in values[index:]:
            total += value
        return total
    half = n // 2
    half -= half % 8
    return _numpy_sum(values[:half]) + _numpy_sum(values[half:])


def indicator_progress(evaluations: Sequence[Evaluation]) -> Rating:
    """Return a KPI's Open SDG rating: the mean score of its scored series and its status.

    Series without a score (not available) are left out; the status is
    ``target_achieved`` only when every scored series achieved its target, and
    ``not_available`` when no series has a score.

    Args:
        evaluations: The KPI's indicator evaluations (one per series).

    Returns:
        The KPI's rating on the open-sdg scale.
    """
    scored = [
        e.rating
        for e in evaluations
        if e.rating is not None and e.rating.scale == SCALE and e.rating.score is not None
    ]
    if not scored:
        return scale_for(SCALE).rating("not_available")
    scores = [rating.score or 0.0 for rating in scored]
    mean = _numpy_sum(scores) / len(scores)
    achieved = all(r.value == "target_achieved" for r in scored)
    return scale_for(SCALE).rating(score_status(mean, achieved), mean)
