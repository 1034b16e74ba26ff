"""The evaluator base classes: the common work, and small documented hooks.

:meth:`Evaluator.evaluate` is a template method. It checks the target's kind, selects the
observations known at the as-of date (:meth:`~Evaluator.select_observations`), calls
:meth:`~Evaluator.assess` for the kind's logic, turns failures into errors that name the
KPI, and stamps the result with ids, the as-of date, the direction, the deadline, the
method and the parameters. ``assess`` must return a no-data result when it gets no
observations (:func:`kpimodel.testing.check_evaluator` checks this and the other rules).

:class:`ProgressEvaluator` implements :meth:`assess` for targets with a figure to reach,
through finer hooks (``is_achieved``, ``select_baseline``, ``rate_kind``, ``grade``,
``classify``...) that subclasses override one at a time.

Evaluators are frozen pydantic models whose fields are their parameters and nothing else
(as scikit-learn estimators store only their constructor arguments), so they compare,
copy (``model_copy(update=...)``) and serialize trivially.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from kpimodel.errors import EvaluationError, KPIModelError
from kpimodel.evaluation._result import Evaluation, PaceGrade, Reason, Status
from kpimodel.model import Bound, Direction, Indicator, Observation, Program, Target
from kpimodel.model._program import observation_order
from kpimodel.periods import AnyPeriod
from kpimodel.units import Quantity, Rank, Unit

__all__ = [
    "EvaluationContext",
    "Evaluator",
    "Point",
    "ProgressEvaluator",
    "format_rate",
    "relative_rate",
    "years_between",
]

_DAYS_PER_YEAR = 365.2425
# Days the trend window may overrun: leap days and period midpoints move dates by a day.
_WINDOW_SLACK_DAYS = 3


def years_between(start: dt.date, end: dt.date) -> float:
    """Return the time from ``start`` to ``end`` in years of 365.2425 days.

    Args:
        start: The earlier date.
        end: The later date.

    Returns:
        The difference in years (negative when ``end`` is earlier).
    """
    return (end - start).days / _DAYS_PER_YEAR


@dataclass(frozen=True, slots=True)
class EvaluationContext:
    """What an evaluator may know beyond the indicator itself.

    Attributes:
        as_of: The evaluation date; observations whose period ends after it are ignored.
        kpi_id: The KPI the indicator belongs to.
        program: The program, when evaluating within one (for series shared across KPIs).
    """

    as_of: dt.date
    kpi_id: str
    program: Program | None = None


@dataclass(frozen=True, slots=True)
class Point:
    """One observation as a number on a time axis.

    Attributes:
        date: The observation's period point.
        value: The value in the working unit, as a float for rate arithmetic.
        exact: The exact value in the working unit.
        observation: The observation itself.
    """

    date: dt.date
    value: float
    exact: Decimal
    observation: Observation


def format_rate(rate: float, kind: str, unit: str, lang: str = "en") -> str:
    """Format an annual rate for an explanation (``+13.3%/yr``, ``年率+13.3%``).

    A linear rate of a percentage is in percentage points (``+2 points/yr``, ``年+2ポイント``).

    Args:
        rate: The rate.
        kind: ``compound`` (a fraction per year) or ``linear`` (units per year).
        unit: The working unit's symbol, for linear rates.
        lang: ``en`` or ``ja``.

    Returns:
        The formatted rate.
    """
    if kind == "compound":
        return f"年率{rate * 100:+.3g}%" if lang == "ja" else f"{rate * 100:+.3g}%/yr"
    if unit == "%":
        # A linear change of a percentage is in points: "+2%/yr" would read as a growth rate.
        return f"年{rate:+.3g}ポイント" if lang == "ja" else f"{rate:+.3g} points/yr"
    return f"年{rate:+.3g}{unit}" if lang == "ja" else f"{rate:+.3g}{unit}/yr"


def _fmt_ratio(value: float) -> str:
    return f"{value:.2f}"


class Evaluator(BaseModel):
    """Base class of every evaluator: subclass it and override :meth:`assess`.

    The public :meth:`evaluate` handles the common work. To support a new target kind,
    subclass ``Evaluator`` (or :class:`ProgressEvaluator` for targets with a figure to
    reach), override :meth:`assess`, and register the class with
    :func:`kpimodel.register_evaluator`.

    Attributes:
        method: The name of the evaluation method, recorded in every result.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str = "status"

    #: The target kinds this evaluator understands (empty: any).
    target_kinds: ClassVar[tuple[str, ...]] = ()

    def evaluate(
        self,
        indicator: Indicator,
        *,
        as_of: dt.date,
        kpi_id: str = "",
        program: Program | None = None,
    ) -> Evaluation:
        """Evaluate one indicator at ``as_of``.

        Args:
            indicator: The indicator, with its target and observations.
            as_of: The evaluation date.
            kpi_id: The id of the indicator's KPI, for the result and for errors.
            program: The program, so that series shared across KPIs are pooled.

        Returns:
            The evaluation.

        Raises:
            EvaluationError: When the evaluator fails; the message names the KPI.
        """
        context = EvaluationContext(as_of=as_of, kpi_id=kpi_id or indicator.id, program=program)
        target = indicator.target
        if self.target_kinds and target.kind not in self.target_kinds:
            raise EvaluationError(
                f"{type(self).__name__} evaluates {', '.join(self.target_kinds)} targets, "
                f"not {target.kind!r}",
                kpi_id=context.kpi_id,
                field="target.kind",
                value=target.kind,
            )
        try:
            observations = self.select_observations(indicator, context)
            fields = self.assess(indicator, observations, context)
        except KPIModelError as exc:
            raise exc.located(kpi_id=context.kpi_id) from exc
        except (ArithmeticError, ValueError, TypeError, OverflowError) as exc:
            raise EvaluationError(
                f"{type(self).__name__} failed: {exc}",
                kpi_id=context.kpi_id,
                field=f"indicators.{indicator.id}",
            ) from exc
        common: dict[str, Any] = {
            "kpi_id": context.kpi_id,
            "indicator_id": indicator.id,
            "target_kind": target.kind,
            "as_of": as_of,
            "direction": target.direction.value,
            "deadline": target.deadline,
            "method": self.method,
            "parameters": self.parameters(),
        }
        return Evaluation(**{**common, **fields})

    def parameters(self) -> dict[str, Any]:
        """Return the evaluator's parameters, as recorded in every result.

        Override this to hide or add parameters.
        """
        return self.model_dump(mode="json")

    def select_observations(
        self, indicator: Indicator, context: EvaluationContext
    ) -> tuple[Observation, ...]:
        """Return the observations to use, oldest first.

        By default: the indicator's observations (pooled with every indicator of the
        program that shares its ``series``), derived ones included, whose period has
        ended by the as-of date, plus undated ones.

        Override this to use a window, to drop derived figures, or to add data.

        Args:
            indicator: The indicator.
            context: The evaluation context.

        Returns:
            The observations, oldest first (undated ones first of all).
        """
        if indicator.series is not None and context.program is not None:
            pool = context.program.series_observations(indicator.series)
        else:
            pool = indicator.all_observations
        return tuple(
            sorted(
                (o for o in pool if o.period is None or o.period.last_day <= context.as_of),
                key=observation_order,
            )
        )

    def assess(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> dict[str, Any]:
        """Judge the indicator: return the result's status, reason and figures.

        Override this to implement a target kind. Return a mapping of
        :class:`~kpimodel.Evaluation` fields with at least ``status``, ``reason``,
        ``explanation`` and ``explanation_ja``; the base class adds the ids, the as-of
        date, the deadline, the method and the parameters.

        Args:
            indicator: The indicator.
            observations: The observations known at the as-of date, oldest first.
            context: The evaluation context.

        Returns:
            The result's fields.
        """
        raise NotImplementedError(f"{type(self).__name__} must override assess()")

    @staticmethod
    def no_data(
        reason: Reason, explanation: str, explanation_ja: str, **fields: Any
    ) -> dict[str, Any]:
        """Build the fields of a no-data result.

        Args:
            reason: Why there is no status.
            explanation: The English sentence.
            explanation_ja: The Japanese sentence.
            **fields: Further figures to record.

        Returns:
            The result's fields.
        """
        return {
            "status": Status.NO_DATA,
            "reason": reason,
            "explanation": explanation,
            "explanation_ja": explanation_ja,
            **fields,
        }


def _dated(observations: Sequence[Observation]) -> list[Observation]:
    return [o for o in observations if o.period is not None]


def _period_text(period: AnyPeriod | None) -> str:
    return str(period) if period is not None else "period not stated"


def _period_text_ja(period: AnyPeriod | None) -> str:
    return str(period) if period is not None else "時期不明"


class ProgressEvaluator(Evaluator):
    """Evaluate a target with a figure to reach by a deadline, from the pace of progress.

    The rule, by default the Eurostat / Statistics Canada one:

    1. No observation known at the as-of date: **no-data** (``no-observations``).
    2. The latest observation meets the target in its direction: **achieved**
       (``target-met``; ``bound-meets-target`` when a bound such as "below 100 million"
       implies it).
    3. The deadline has passed unmet: **behind** (``deadline-missed``).
    4. No baseline and a single observation, or no deadline to pace against:
       judged by direction if possible, otherwise **no-data** (``insufficient-history``).
    5. Otherwise, the pace ratio ``R = actual rate / required rate`` (baseline to latest,
       against baseline to target at the deadline): **on-track** when ``R >= on_track``
       (``pace-sufficient``), otherwise **behind** (``pace-insufficient``, or
       ``moving-away`` when ``R < 0``). The grade of R is kept.

    ``method="path"`` instead compares the latest value with the value expected on the
    path from baseline to target at that date; ``method="projection"`` extends the recent
    trend to the deadline and accepts a miss within ``projection_tolerance`` of the gap
    (Destatis).

    Attributes:
        method: ``pace`` (default), ``path`` or ``projection``.
        rate: ``auto`` (compound for positive amounts and counts, linear for shares,
            percentage points and ranks), ``compound`` or ``linear``.
        on_track: The least pace ratio R that is on track.
        moderate: The least R graded "moderate" (below it: "insufficient").
        projection_tolerance: The share of the remaining gap a projection may miss by.
        window_years: How many years of recent observations the projection and direction-only
            trends use (see :meth:`in_window`).
        stagnation: The band of annual rates (relative to the baseline) treated as no
            movement, for direction-only judgements.
    """

    method: Literal["pace", "path", "projection"] = "pace"
    rate: Literal["auto", "compound", "linear"] = "auto"
    on_track: float = Field(default=0.95, gt=0, allow_inf_nan=False)
    moderate: float = Field(default=0.6, ge=0, allow_inf_nan=False)
    projection_tolerance: float = Field(default=0.05, ge=0, allow_inf_nan=False)
    window_years: float = Field(default=5.0, gt=0, allow_inf_nan=False)
    stagnation: float = Field(default=0.005, ge=0, allow_inf_nan=False)

    # -- hooks ---------------------------------------------------------------------------

    def target_quantity(self, target: Target, context: EvaluationContext) -> Quantity | None:
        """Return the figure to reach, or ``None`` when the target has none.

        Override this to derive the figure differently (for example from a baseline
        plus a change).

        Args:
            target: The target.
            context: The evaluation context.

        Returns:
            The figure.
        """
        return target.target_value()

    def working_unit(self, target_value: Quantity, observations: Sequence[Observation]) -> Unit:
        """Return the unit every figure is converted to before arithmetic.

        Override this to compute in another unit; the result must not depend on it.

        Args:
            target_value: The figure to reach.
            observations: The observations.

        Returns:
            The unit (by default the target's).
        """
        return target_value.unit

    def is_achieved(
        self, latest: Observation, target_value: Quantity, direction: Direction
    ) -> Reason | None:
        """Return why the latest observation meets the target, or ``None`` if it does not.

        Override this to change what "met" means (a tolerance, a band).

        Args:
            latest: The latest observation.
            target_value: The figure to reach.
            direction: Which way is better.

        Returns:
            ``target-met``, ``bound-meets-target`` or ``None``.
        """
        value = latest.value
        higher = direction is Direction.HIGHER
        if latest.bound is None:
            met = value >= target_value if higher else value <= target_value
            return Reason.TARGET_MET if met else None
        # A bound meets the target only when every figure it allows does.
        if not higher and latest.bound in (Bound.BELOW, Bound.AT_MOST):
            return Reason.BOUND_MEETS_TARGET if value <= target_value else None
        if higher and latest.bound in (Bound.ABOVE, Bound.AT_LEAST):
            return Reason.BOUND_MEETS_TARGET if value >= target_value else None
        return None

    def select_baseline(self, target: Target, points: Sequence[Point], unit: Unit) -> Point | None:
        """Return the baseline progress is measured from.

        By default the target's baseline when it has a period earlier than the latest
        observation, otherwise the earliest observation if it is earlier than the latest.

        Override this to measure from another point (a fixed base year, say).

        Args:
            target: The target.
            points: The dated, unbounded observations as numbers, oldest first.
            unit: The working unit.

        Returns:
            The baseline as a point (its observation carries the figure as written), or
            ``None`` when there is none to measure from.
        """
        latest = points[-1]
        base = target.baseline
        if base is not None and base.period is not None and base.period.point < latest.date:
            exact = base.value.magnitude_in(unit)
            observation = Observation(period=base.period, value=base.value, source=base.source)
            return Point(base.period.point, float(exact), exact, observation)
        if len(points) >= 2 and points[0].date < latest.date:
            return points[0]
        return None

    def rate_kind(self, unit: Unit, values: Sequence[float]) -> str:
        """Return ``compound`` or ``linear``: how rates are computed for these figures.

        ``auto`` uses compound (CAGR) rates for positive amounts and counts, and linear
        rates for shares, percentage points, ranks, and any series with a value <= 0
        (a compound rate is undefined there; kpimodel never substitutes 0.001).

        Override this to choose differently.

        Args:
            unit: The working unit.
            values: Every value involved (baseline, observations, target).

        Returns:
            The rate kind.
        """
        if self.rate == "linear":
            return "linear"
        positive = all(v > 0 for v in values)
        if self.rate == "compound":
            return "compound" if positive else "linear"
        if unit.kind in ("ratio", "percentage_point", "rank"):
            return "linear"
        return "compound" if positive else "linear"

    @staticmethod
    def annual_rate(kind: str, start: float, end: float, years: float) -> float:
        """Return the annual rate from ``start`` to ``end`` over ``years``.

        Args:
            kind: ``compound`` or ``linear``.
            start: The starting value.
            end: The ending value.
            years: The time between them, > 0.

        Returns:
            ``(end/start)**(1/years) - 1`` for compound rates, ``(end-start)/years`` for
            linear ones.
        """
        try:
            if kind == "compound":
                return float((end / start) ** (1.0 / years) - 1.0)
            return (end - start) / years
        except OverflowError:
            # Say, a tenfold rise between two consecutive days: an infinite annual rate,
            # reported as such rather than an evaluation error.
            return math.inf if end > start else -math.inf

    @staticmethod
    def value_after(kind: str, start: float, rate: float, years: float) -> float:
        """Return the value reached from ``start`` at ``rate`` after ``years``.

        Args:
            kind: ``compound`` or ``linear``.
            start: The starting value.
            rate: The annual rate.
            years: The time elapsed.

        Returns:
            The value.
        """
        try:
            if kind == "compound":
                return float(start * (1.0 + rate) ** years)
            return start + rate * years
        except OverflowError:
            return math.copysign(math.inf, start)

    def grade(self, pace: float) -> PaceGrade:
        """Return the grade of a pace ratio R.

        Override this to change the grade thresholds.

        Args:
            pace: The pace ratio.

        Returns:
            ``significant`` (R >= ``on_track``), ``moderate`` (R >= ``moderate``),
            ``insufficient`` (R >= 0) or ``moving-away``.
        """
        if pace >= self.on_track:
            return PaceGrade.SIGNIFICANT
        if pace >= self.moderate:
            return PaceGrade.MODERATE
        if pace >= 0:
            return PaceGrade.INSUFFICIENT
        return PaceGrade.MOVING_AWAY

    def classify(self, pace: float) -> tuple[Status, Reason]:
        """Return the status and reason for a pace ratio R (``method="pace"``).

        Override this to change what counts as on track.

        Args:
            pace: The pace ratio.

        Returns:
            on-track / pace-sufficient, behind / pace-insufficient, or behind /
            moving-away.
        """
        if pace >= self.on_track:
            return Status.ON_TRACK, Reason.PACE_SUFFICIENT
        if pace < 0:
            return Status.BEHIND, Reason.MOVING_AWAY
        return Status.BEHIND, Reason.PACE_INSUFFICIENT

    def in_window(self, day: dt.date, latest: dt.date) -> bool:
        """Return whether a figure at ``day`` is among the recent ones the trend uses.

        The window reaches back ``window_years`` from the latest figure, with three days to
        spare, so that yearly figures five years apart count whatever the leap days in
        between (2010-2015 spans 1,826 days, 2011-2016 1,827).

        Args:
            day: The figure's date.
            latest: The latest figure's date.

        Returns:
            True when the figure is in the window.
        """
        return (latest - day).days <= self.window_years * _DAYS_PER_YEAR + _WINDOW_SLACK_DAYS

    # -- the algorithm -------------------------------------------------------------------

    def points(self, observations: Sequence[Observation], unit: Unit) -> list[Point]:
        """Return the dated, unbounded observations as numbers in ``unit``, oldest first.

        Override this to transform figures before rates are computed (a parity transform,
        a floor).

        Args:
            observations: The observations.
            unit: The working unit.

        Returns:
            The points.
        """
        result = []
        for obs in _dated(observations):
            if obs.bound is not None:
                continue
            exact = obs.value.magnitude_in(unit)
            assert obs.period is not None  # for the type checker: _dated keeps dated ones
            result.append(Point(obs.period.point, float(exact), exact, obs))
        return result

    def assess(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> dict[str, Any]:
        target = indicator.target
        target_value = self.target_quantity(target, context)
        if not observations:
            # Checked first: with no figure, "no observations" is the reason to give, even
            # when the figure to reach depends on a baseline not yet known.
            goal = goal_ja = ""
            if target_value is not None:
                goal = f"; the target is {_goal(target_value)}{_by(target)}"
                goal_ja = f"（目標：{_by_ja(target)}{_goal_ja(target_value)}）"
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}{goal}.",
                f"{context.as_of}時点で数値がない{goal_ja}。",
                target_value=target_value,
            )
        if target_value is None:
            return self.no_data(
                Reason.NO_TARGET,
                "The target has no figure to reach.",
                "目標に数値がない。",
                latest=observations[-1],
            )
        unit = self.working_unit(target_value, observations)
        latest = observations[-1]
        figures: dict[str, Any] = {"latest": latest, "target_value": target_value}
        met = self.is_achieved(latest, target_value, target.direction)
        if met is not None:
            return {
                "status": Status.ACHIEVED,
                "reason": met,
                "explanation": _achieved_en(latest, target_value, target, met),
                "explanation_ja": _achieved_ja(latest, target_value, target, met),
                "progress": None,
                **figures,
            }
        deadline = target.deadline
        if deadline is not None and deadline.last_day < context.as_of:
            return {
                "status": Status.BEHIND,
                "reason": Reason.DEADLINE_MISSED,
                "explanation": f"The deadline {deadline} has passed and the latest figure "
                f"{latest.value} ({_period_text(latest.period)}) does not meet the target "
                f"{_goal(target_value)}.",
                "explanation_ja": f"期限（{deadline}）を過ぎ、最新値{latest.value}"
                f"（{_period_text_ja(latest.period)}）は目標{_goal_ja(target_value)}に届いていない。",
                **figures,
            }
        points = self.points(observations, unit)
        if not points:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"The latest figure {latest.value} does not meet the target {_goal(target_value)}"
                f" and no dated figure gives a pace to judge.",
                f"最新値{latest.value}は目標{_goal_ja(target_value)}に届かず、時期の分かる数値がなく"
                "進捗の速さを判断できない。",
                **figures,
            )
        return self.assess_pace(target, target_value, unit, points, context, figures)

    def assess_pace(
        self,
        target: Target,
        target_value: Quantity,
        unit: Unit,
        points: Sequence[Point],
        context: EvaluationContext,
        figures: dict[str, Any],
    ) -> dict[str, Any]:
        """Judge an unmet target from the pace of progress.

        Override this to replace the pace rule wholesale; override :meth:`classify` or
        :meth:`grade` to change only the thresholds.

        Args:
            target: The target.
            target_value: The figure to reach.
            unit: The working unit.
            points: The dated observations as numbers, oldest first.
            context: The evaluation context.
            figures: The figures gathered so far (latest, target value).

        Returns:
            The result's fields.
        """
        latest = points[-1]
        goal = float(target_value.magnitude_in(unit))
        sign = target.direction.sign
        baseline = self.select_baseline(target, points, unit)
        if baseline is None:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"The latest figure {latest.observation.value} "
                f"({_period_text(latest.observation.period)}) does not meet the target "
                f"{_goal(target_value)}{_by(target)}, and one figure without a baseline cannot "
                "show a pace.",
                f"最新値{latest.observation.value}（{_period_text_ja(latest.observation.period)}）"
                f"は目標（{_by_ja(target)}{_goal_ja(target_value)}）に届かず、基準値がなく1時点のみのため"
                "進捗を判断できない。",
                **figures,
            )
        base_date, base_value = baseline.date, baseline.value
        kind = self.rate_kind(unit, [base_value, latest.value, goal])
        elapsed = years_between(base_date, latest.date)
        actual = self.annual_rate(kind, base_value, latest.value, elapsed)
        gap = goal - base_value
        progress = (latest.value - base_value) / gap if gap != 0 else None
        figures = {
            **figures,
            "baseline": baseline.observation.value,
            "baseline_period": baseline.observation.period,
            "actual_rate": _clean(actual),
            "rate_kind": kind,
            "progress": _clean(progress),
        }
        deadline = target.deadline
        if deadline is None or deadline.point <= base_date:
            return self._direction_only(target, unit, actual, base_value, kind, figures)
        horizon = years_between(base_date, deadline.point)
        required = self.annual_rate(kind, base_value, goal, horizon)
        to_latest = years_between(base_date, latest.date)
        expected = self.value_after(kind, base_value, required, to_latest)
        projected = self._project(kind, points, deadline.point, baseline)
        figures.update(
            required_rate=_clean(required),
            expected=_quantity(expected, unit),
            projected=_quantity(projected, unit) if projected is not None else None,
        )
        if sign * required <= 0:
            # The baseline already met the target, yet the latest figure does not.
            return {
                "status": Status.BEHIND,
                "reason": Reason.MOVING_AWAY,
                "explanation": f"The baseline {baseline.observation.value} met the target "
                f"{_goal(target_value)} but the latest figure {latest.observation.value} does "
                "not.",
                "explanation_ja": f"基準値{baseline.observation.value}は目標"
                f"{_goal_ja(target_value)}を満たしていたが、最新値{latest.observation.value}は"
                "満たしていない。",
                "pace": None,
                "pace_grade": PaceGrade.MOVING_AWAY,
                **figures,
            }
        pace = actual / required
        figures.update(pace=_clean(pace), pace_grade=self.grade(pace))
        if self.method == "path":
            status, reason = self._path_status(sign, latest.value, expected)
        elif self.method == "projection":
            status, reason = self._projection_status(sign, goal, latest.value, projected, actual)
        else:
            status, reason = self.classify(pace)
        en, ja = _pace_sentences(
            status,
            reason,
            latest,
            target,
            target_value,
            unit,
            kind,
            actual,
            required,
            pace,
            expected,
            projected,
            baseline,
            self,
        )
        return {
            "status": status,
            "reason": reason,
            "explanation": en,
            "explanation_ja": ja,
            **figures,
        }

    def _direction_only(
        self,
        target: Target,
        unit: Unit,
        actual: float,
        base_value: float,
        kind: str,
        figures: dict[str, Any],
    ) -> dict[str, Any]:
        relative = actual if kind == "compound" else relative_rate(actual, base_value)
        moving = target.direction.sign * relative
        rate_text = format_rate(actual, kind, unit.symbol)
        rate_ja = format_rate(actual, kind, unit.symbol, lang="ja")
        latest = figures["latest"]
        if moving > self.stagnation:
            return {
                "status": Status.ON_TRACK,
                "reason": Reason.TREND_FAVOURABLE,
                "explanation": f"No deadline to pace against; the figures move toward the "
                f"target ({rate_text} to {latest.value}).",
                "explanation_ja": f"期限がないため方向で判断：目標に向かって推移している"
                f"（{rate_ja}、最新値{latest.value}）。",
                **figures,
            }
        reason = Reason.MOVING_AWAY if moving < -self.stagnation else Reason.STAGNATING
        return {
            "status": Status.BEHIND,
            "reason": reason,
            "explanation": f"No deadline to pace against; the figures "
            f"{'move away from' if reason is Reason.MOVING_AWAY else 'stagnate short of'} the "
            f"target ({rate_text} to {latest.value}).",
            "explanation_ja": f"期限がないため方向で判断：目標から"
            f"{'遠ざかっている' if reason is Reason.MOVING_AWAY else '横ばいで届いていない'}"
            f"（{rate_ja}、最新値{latest.value}）。",
            **figures,
        }

    def _path_status(self, sign: int, latest: float, expected: float) -> tuple[Status, Reason]:
        if sign * (latest - expected) >= -1e-12 * max(abs(expected), 1.0):
            return Status.ON_TRACK, Reason.ON_PATH
        return Status.BEHIND, Reason.BELOW_PATH

    def _projection_status(
        self, sign: int, goal: float, latest: float, projected: float | None, actual: float
    ) -> tuple[Status, Reason]:
        if projected is None:
            return self.classify(-1.0 if sign * actual < 0 else 0.0)
        if sign * actual < 0:
            return Status.BEHIND, Reason.MOVING_AWAY
        shortfall = sign * (goal - projected)
        if shortfall <= self.projection_tolerance * abs(goal - latest):
            return Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET
        return Status.BEHIND, Reason.PROJECTION_SHORT

    def _project(
        self, kind: str, points: Sequence[Point], deadline: dt.date, baseline: Point | None = None
    ) -> float | None:
        latest = points[-1]
        window = [p for p in points if self.in_window(p.date, latest.date)]
        if len(window) < 2 and baseline is not None and baseline.date < latest.date:
            # One recent figure: project the trend from the baseline instead.
            window = [baseline, latest]
        if len(window) < 2:
            return None
        first = window[0]
        years = years_between(first.date, latest.date)
        if years <= 0:
            return None
        if kind == "compound" and (first.value <= 0 or latest.value <= 0):
            kind = "linear"
        rate = self.annual_rate(kind, first.value, latest.value, years)
        return self.value_after(kind, latest.value, rate, years_between(latest.date, deadline))


def _clean(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.10g}")


def _quantity(value: float, unit: Unit) -> Quantity | None:
    if not math.isfinite(value):
        return None
    # Expected and projected ranks are fractional: plain quantities in 位, not Rank values.
    try:
        return Quantity(magnitude=Decimal(f"{value:.6g}"), unit=unit)
    except ValueError:
        return None  # beyond the magnitudes a quantity holds (1e±100): not recorded


def relative_rate(rate: float, start: float) -> float:
    """Return a linear annual rate relative to its starting value.

    From zero, any change is infinitely large relative to the start: the result is an
    infinity of the rate's sign (zero for no change), never the rate in the working unit,
    which would make the judgement depend on the unit (1億円 a year is 0.0001兆円 a year).

    Args:
        rate: The annual change, in the working unit.
        start: The starting value, in the working unit.

    Returns:
        ``rate / |start|``.
    """
    if start:
        return rate / abs(start)
    return math.copysign(math.inf, rate) if rate else 0.0


def _goal(value: Quantity) -> str:
    # A rank target reads "within the top 4", not "4位".
    return f"within the top {value.position}" if isinstance(value, Rank) else str(value)


def _goal_ja(value: Quantity) -> str:
    return f"上位{value.position}位以内" if isinstance(value, Rank) else str(value)


def _by(target: Target) -> str:
    return f" by {target.deadline}" if target.deadline is not None else ""


def _by_ja(target: Target) -> str:
    return f"{target.deadline}までに" if target.deadline is not None else ""


def _comparator(target: Target, value: Quantity) -> tuple[str, str]:
    if isinstance(value, Rank):
        return f"within the top {value.position}", f"上位{value.position}位以内"
    if target.direction is Direction.HIGHER:
        return f"at least {value}", f"{value}以上"
    return f"at most {value}", f"{value}以下"


def _achieved_en(latest: Observation, target_value: Quantity, target: Target, why: Reason) -> str:
    goal, _ = _comparator(target, target_value)
    bound = f" (a bound: {latest.bound.value} {latest.value})" if latest.bound else ""
    return (
        f"The latest figure {latest.value} ({_period_text(latest.period)}){bound} meets the "
        f"target of {goal}{_by(target)}."
    )


def _achieved_ja(latest: Observation, target_value: Quantity, target: Target, why: Reason) -> str:
    _, goal = _comparator(target, target_value)
    bound = {
        Bound.BELOW: "を下回る",
        Bound.AT_MOST: "以下",
        Bound.ABOVE: "を上回る",
        Bound.AT_LEAST: "以上",
    }
    value = f"{latest.value}{bound[latest.bound]}" if latest.bound else f"{latest.value}"
    return (
        f"最新値{value}（{_period_text_ja(latest.period)}）は目標（{_by_ja(target)}{goal}）を"
        "達成している。"
    )


def _pace_sentences(
    status: Status,
    reason: Reason,
    latest: Point,
    target: Target,
    target_value: Quantity,
    unit: Unit,
    kind: str,
    actual: float,
    required: float,
    pace: float,
    expected: float,
    projected: float | None,
    baseline: Point,
    evaluator: ProgressEvaluator,
) -> tuple[str, str]:
    base = baseline.observation.value
    base_period = baseline.observation.period
    since = _period_text(base_period)
    act = format_rate(actual, kind, unit.symbol)
    req = format_rate(required, kind, unit.symbol)
    act_ja = format_rate(actual, kind, unit.symbol, lang="ja")
    req_ja = format_rate(required, kind, unit.symbol, lang="ja")
    goal_en, goal_ja = _comparator(target, target_value)
    head_en = (
        f"From {base} ({since}) to {latest.observation.value} "
        f"({_period_text(latest.observation.period)}) is {act}; reaching {goal_en}"
        f"{_by(target)} needs {req}"
    )
    head_ja = (
        f"{base}（{_period_text_ja(base_period)}）から{latest.observation.value}"
        f"（{_period_text_ja(latest.observation.period)}）へ{act_ja}、目標（{_by_ja(target)}"
        f"{goal_ja}）には{req_ja}が必要"
    )
    if reason in (Reason.ON_PATH, Reason.BELOW_PATH):
        exp = _quantity(expected, unit)
        verdict = "at or beyond" if reason is Reason.ON_PATH else "short of"
        verdict_ja = "以上" if reason is Reason.ON_PATH else "未満"
        return (
            f"{head_en}: the latest figure is {verdict} the {exp} expected on the path.",
            f"{head_ja}。最新値は経路上の期待値{exp}{verdict_ja}。",
        )
    if reason in (Reason.PROJECTION_MEETS_TARGET, Reason.PROJECTION_SHORT) or (
        evaluator.method == "projection" and projected is not None
    ):
        proj = _quantity(projected, unit) if projected is not None else None
        ok = reason is Reason.PROJECTION_MEETS_TARGET
        return (
            f"{head_en}: the recent trend projects {proj} at the deadline, "
            f"{'within' if ok else 'beyond'} {evaluator.projection_tolerance:.0%} of the gap.",
            f"{head_ja}。最近の傾向では期限時点で{proj}の見込み"
            f"（不足が差の{evaluator.projection_tolerance:.0%}{'以内' if ok else '超'}）。",
        )
    verdict_en = {
        Status.ON_TRACK: f"pace ratio {_fmt_ratio(pace)} >= {evaluator.on_track}, on track",
        Status.BEHIND: f"pace ratio {_fmt_ratio(pace)} < {evaluator.on_track}, behind"
        if reason is not Reason.MOVING_AWAY
        else f"pace ratio {_fmt_ratio(pace)}: moving away from the target",
    }[status]
    verdict_ja = {
        Status.ON_TRACK: f"進捗比{_fmt_ratio(pace)}（{evaluator.on_track}以上）で順調",
        Status.BEHIND: f"進捗比{_fmt_ratio(pace)}（{evaluator.on_track}未満）で遅れ"
        if reason is not Reason.MOVING_AWAY
        else f"進捗比{_fmt_ratio(pace)}で目標から遠ざかっている",
    }[status]
    return f"{head_en}: {verdict_en}.", f"{head_ja}。{verdict_ja}。"
