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
import functools
import inspect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from kpimodel.errors import EvaluationError, KPIModelError
from kpimodel.evaluation._rates import (
    DAYS_PER_YEAR,
    WINDOW_SLACK_DAYS,
    Instant,
    RateKind,
    clamp,
    instant_of,
    linear_by_default,
    natural_bounds,
    period_reached,
    relative_rate,
    years_apart,
    years_between,
    years_to_reach,
)
from kpimodel.evaluation._rates import annual_rate as _annual_rate
from kpimodel.evaluation._rates import value_after as _value_after
from kpimodel.evaluation._result import (
    Attainment,
    AttainmentKind,
    Evaluation,
    MilestoneCheck,
    MilestoneState,
    PaceGrade,
    Reason,
    Status,
)
from kpimodel.evaluation._verdict import Verdict, with_stated
from kpimodel.model import (
    Bound,
    Direction,
    Indicator,
    LimitedTarget,
    Observation,
    Program,
    Target,
    TrendTarget,
)
from kpimodel.model._program import known_as_of
from kpimodel.model._targets import Method, NonNegative, Positive, RateChoice
from kpimodel.periods import AnyPeriod
from kpimodel.units import Quantity, Rank, Unit
from kpimodel.units._english import english_amount

__all__ = [
    "EvaluationContext",
    "Evaluator",
    "Point",
    "ProgressEvaluator",
    "compared_text",
    "format_rate",
    "progress_share",
    "relative_rate",
    "years_between",
]


@dataclass(frozen=True, slots=True)
class EvaluationContext:
    """What an evaluator may know beyond the indicator itself.

    Attributes:
        as_of: The evaluation date; observations whose period ends after it, or published
            after it, are ignored.
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


def format_rate(rate: float, kind: str, unit: str | Unit, lang: str = "en") -> str:
    """Format an annual rate for an explanation (``+13.3%/yr``, ``年率+13.3%``).

    A linear rate of a percentage is in percentage points (``+2 points/yr``, ``年+2ポイント``).
    In English, a linear rate in a unit of a Japanese table is written in English words
    when ``unit`` is a :class:`~kpimodel.Unit` (``+¥20bn/yr`` for 200億円 a year, ``-1
    place/yr`` for a rank); the figures the table printed are quoted as printed elsewhere.

    Args:
        rate: The rate.
        kind: ``compound`` (a fraction per year) or ``linear`` (units per year).
        unit: The working unit (or its symbol), for linear rates.
        lang: ``en`` or ``ja``.

    Returns:
        The formatted rate.
    """
    symbol = unit.symbol if isinstance(unit, Unit) else unit
    if not math.isfinite(rate):
        # A tenfold rise between two consecutive days: no annual rate means anything.
        return "年率無限大" if lang == "ja" else "an unbounded rate"
    if kind == "compound":
        return f"年率{rate * 100:+.3g}%" if lang == "ja" else f"{rate * 100:+.3g}%/yr"
    if symbol == "%":
        # A linear change of a percentage is in points: "+2%/yr" would read as a growth rate.
        return f"年{rate:+.3g}ポイント" if lang == "ja" else f"{rate:+.3g} points/yr"
    if lang == "ja":
        return f"年{rate:+.3g}{symbol}"
    words = english_amount(rate, unit) if isinstance(unit, Unit) else None
    return f"{words}/yr" if words is not None else f"{rate:+.3g}{symbol}/yr"


class Evaluator(BaseModel):
    """Base class of every evaluator: subclass it and override :meth:`assess`.

    The public :meth:`evaluate` handles the common work. To support a new target kind,
    subclass ``Evaluator`` (or :class:`ProgressEvaluator` for targets with a figure to
    reach), override :meth:`assess`, and register the class with
    :func:`kpimodel.register_evaluator`.

    Attributes:
        method: The name of the evaluation method, recorded in every result.
        stale_after: The staleness rule: a status is given only while the latest dated
            figure is at most this many years older than the as-of date (or than the end
            of the deadline, once it has passed); an older one gives **no-data**
            (``stale``). ``None`` turns the rule off.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str = "status"
    stale_after: Positive | None = 5.0

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
            decided = self.assess(indicator, observations, context)
            fields = decided.fields(target) if isinstance(decided, Verdict) else decided
            fields = self._unless_stale(target, observations, context, fields)
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
            "direction": target.direction,
            "target": target,
            "limit": getattr(target, "limit", None),
            "deadline": target.deadline,
            "method": self.method,
            "parameters": self.parameters(),
        }
        stated = indicator.stated_status
        if stated is not None:  # reported beside the computed status, never instead of it
            en, ja = with_stated(
                fields["explanation"], fields["explanation_ja"], stated, fields["status"]
            )
            fields = {**fields, "explanation": en, "explanation_ja": ja, "stated_status": stated}
        return Evaluation(**{**common, **fields})

    def _unless_stale(
        self,
        target: Target,
        observations: Sequence[Observation],
        context: EvaluationContext,
        fields: dict[str, Any],
    ) -> dict[str, Any]:
        """Replace a status by no-data (``stale``) when the latest figure is too old."""
        if self.stale_after is None or fields.get("status") is Status.NO_DATA:
            return fields
        latest = observations[-1] if observations else None
        if latest is None or latest.period is None:
            return fields
        reference, what, what_ja = context.as_of, f"the as-of date {context.as_of}", "評価日"
        deadline = stale_reference(target)
        if deadline is not None and deadline.last_day < context.as_of:
            reference, what, what_ja = deadline.last_day, f"the deadline {deadline:en}", "期限"
        if not is_stale(latest.period.last_day, reference, self.stale_after):
            return fields
        years = f"{self.stale_after:g}"
        return {
            **fields,
            "status": Status.NO_DATA,
            "reason": Reason.STALE,
            "explanation": f"The latest figure, {_obs_en(latest)}, is more than {years} years "
            f"older than {what}: too old to judge the target by.",
            "explanation_ja": f"最新値{_obs_ja(latest)}は{what_ja}より{years}年以上古く、"
            "目標の達成状況を判断できない。",
        }

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
        ended by the as-of date, plus undated ones; of the revisions of one period's
        figure, the latest published by the as-of date (see
        :func:`kpimodel.model.known_as_of`).

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
        # Of each period's figures (revisions included), the latest published by the as-of
        # date; a figure without a publication date counts as published at its period's end.
        return known_as_of(pool, context.as_of)

    def assess(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict | dict[str, Any]:
        """Judge the indicator: return the result's status, reason and figures.

        Override this to implement a target kind. Return a
        :class:`~kpimodel.evaluation.Verdict` (status, reason and figures; its
        sentences, when left out, are written from the reason and the figures), or a
        mapping of :class:`~kpimodel.Evaluation` fields with at least ``status``,
        ``reason``, ``explanation`` and ``explanation_ja``. The base class adds the ids,
        the as-of date, the target, the deadline, the method and the parameters.

        Args:
            indicator: The indicator.
            observations: The observations known at the as-of date, oldest first.
            context: The evaluation context.

        Returns:
            The result's fields.
        """
        raise NotImplementedError(f"{type(self).__name__} must override assess()")

    @staticmethod
    def no_data(reason: Reason, explanation: str, explanation_ja: str, **fields: Any) -> Verdict:
        """Build the fields of a no-data result.

        Args:
            reason: Why there is no status.
            explanation: The English sentence.
            explanation_ja: The Japanese sentence.
            **fields: Further figures to record.

        Returns:
            The result's fields.
        """
        return Verdict(
            **{
                "status": Status.NO_DATA,
                "reason": reason,
                "explanation": explanation,
                "explanation_ja": explanation_ja,
                **fields,
            }
        )


def stale_reference(target: Target) -> AnyPeriod | None:
    """Return the deadline the staleness rule measures from once it has passed."""
    deadline: AnyPeriod | None = getattr(target, "effective_deadline", target.deadline)
    return deadline


def is_stale(last_day: dt.date, reference: dt.date, stale_after: float) -> bool:
    """Return whether a figure whose period ended on ``last_day`` is too old at ``reference``.

    Args:
        last_day: The figure's period's last day.
        reference: The as-of date, or the passed deadline's last day.
        stale_after: The most years a figure may be older.

    Returns:
        True when it is older by more than ``stale_after`` years of 365.2425 days.
    """
    return years_between(last_day, reference) > stale_after


def _dated(observations: Sequence[Observation]) -> list[Observation]:
    return [o for o in observations if o.period is not None]


def _period_text(period: AnyPeriod | None) -> str:
    return period.text_in("en") if period is not None else "period not stated"


def _period_text_ja(period: AnyPeriod | None) -> str:
    return period.text_in("ja") if period is not None else "時期不明"


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

    # The types and bounds are EvaluationSettings' (the document's `evaluation:`).
    method: Method = "pace"
    rate: RateChoice = "auto"
    on_track: Positive = 0.95
    moderate: NonNegative = 0.6
    projection_tolerance: NonNegative = 0.05
    window_years: Positive = 5.0
    stagnation: NonNegative = 0.005

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

    def _achieved(self, latest: Observation, target_value: Quantity, target: Target) -> Any:
        if not getattr(target, "strict", False):
            return self.is_achieved(latest, target_value, target.direction)
        if not takes_strict(type(self).is_achieved):
            raise EvaluationError(
                f"{type(self).__name__}.is_achieved() takes no 'strict' argument, so it "
                f"cannot judge a strict target (strict: true, as '>', '超' or 'more than' "
                f"set); add the keyword-only argument strict: bool = False to the override",
                field="target.strict",
                value="true",
            )
        return self.is_achieved(latest, target_value, target.direction, strict=True)

    def is_achieved(
        self,
        latest: Observation,
        target_value: Quantity,
        direction: Direction,
        *,
        strict: bool = False,
    ) -> Reason | None:
        """Return why the latest observation meets the target, or ``None`` if it does not.

        Override this to change what "met" means (a tolerance, a band). An override
        that judges strict targets ("more than 90%") takes ``strict`` too; one without
        it is refused for them with an :class:`~kpimodel.EvaluationError`, never run as
        if the target were not strict.

        Args:
            latest: The latest observation.
            target_value: The figure to reach.
            direction: Which way is better.
            strict: The figure must pass ``target_value``, not only reach it.

        Returns:
            ``target-met``, ``bound-meets-target`` or ``None``.
        """
        return meets(latest, target_value, direction, strict=strict)

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

        ``auto`` uses compound (CAGR) rates for positive amounts, counts and plain numbers,
        and linear rates for shares, percentage points, ranks, and any series with a value <= 0
        (a compound rate is undefined there; kpimodel never substitutes 0.001).

        Override this to choose differently.

        Args:
            unit: The working unit.
            values: Every value involved (baseline, observations, target).

        Returns:
            The rate kind.
        """
        if self.rate == "linear":
            return RateKind.LINEAR
        positive = all(v > 0 for v in values)
        if self.rate == "compound":
            return RateKind.COMPOUND if positive else RateKind.LINEAR
        if linear_by_default(unit):
            return RateKind.LINEAR
        return RateKind.COMPOUND if positive else RateKind.LINEAR

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
            linear ones (:mod:`kpimodel.evaluation._rates`).
        """
        return _annual_rate(kind, start, end, years)

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
        return _value_after(kind, start, rate, years)

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
        return (latest - day).days <= self.window_years * DAYS_PER_YEAR + WINDOW_SLACK_DAYS

    def bounds(
        self, target: Target, unit: Unit, values: Sequence[float]
    ) -> tuple[float | None, float | None]:
        """Return the least and greatest figure a projection may reach, in ``unit``.

        The unit's own bounds (a count is never below 0, a rank never better than 1st; the
        figures of a ratio target that all lie between 0% and 100% are shares, never
        beyond either) and the target's natural ``limit`` on its desired side.

        Override this to bound projections otherwise.

        Args:
            target: The target.
            unit: The working unit.
            values: Every figure involved (baseline, observations, target), in ``unit``.

        Returns:
            ``(lowest, highest)``; ``None`` where there is no bound.
        """
        lowest, highest = natural_bounds(unit)
        if target.kind == "ratio":
            low, high = natural_bounds(unit, share=True)
            if low is not None and high is not None and all(low <= v <= high for v in values):
                lowest, highest = low, high
        limit = getattr(target, "limit", None)
        if isinstance(limit, Quantity):
            at = float(limit.magnitude_in(unit))
            if target.direction is Direction.HIGHER:
                highest = at if highest is None else min(highest, at)
            else:
                lowest = at if lowest is None else max(lowest, at)
        return lowest, highest

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
    ) -> Verdict:
        target = indicator.target
        if isinstance(target, LimitedTarget) and target.milestones:
            return self._assess_milestones(indicator, target, observations, context)
        return self._assess_target(indicator, observations, context)

    def _assess_milestones(
        self,
        indicator: Indicator,
        target: LimitedTarget,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        """Judge a target with milestones (docs/semantics.md, "Milestones").

        The target itself decides once it is met or its deadline has passed; before
        that, a missed milestone the figures have not caught up with makes the KPI
        behind, and otherwise the KPI is judged against the next milestone due.
        """

        def judged(goal: Target) -> Verdict:
            return self.assess(indicator.model_copy(update={"target": goal}), observations, context)

        final = judged(target.model_copy(update={"milestones": ()}))
        checks = self._milestone_checks(target, observations, context)
        done = target.deadline is not None and target.deadline.last_day < context.as_of
        if final.status is Status.ACHIEVED or done:
            return final.model_copy(update={"milestones": checks})
        whole_en, whole_ja = _goal_by(target, self.target_quantity(target, context))
        missed = [c for c in checks if c.state is MilestoneState.MISSED]
        if missed and observations:
            check, latest = missed[-1], observations[-1]
            # A missed milestone has its figure and the observation it was judged by.
            assert check.value is not None
            assert check.figure is not None
            goal = target.at_milestone(target.milestones[checks.index(check)])
            due_en, due_ja = _goal_by(goal, check.value)
            same = check.figure == latest
            return Verdict(
                status=Status.BEHIND,
                reason=Reason.MILESTONE_MISSED,
                explanation=f"The milestone of {due_en} was missed: the figure by its deadline, "
                f"{_obs_en(check.figure)}, falls short of it"
                + ("" if same else f", as does the latest figure {_obs_en(latest)}")
                + f". The target is {whole_en}.",
                explanation_ja=f"中間目標（{due_ja}）は期限までの数値{_obs_ja(check.figure)}で未達"
                + ("" if same else f"、最新値{_obs_ja(latest)}もまだ届いていない")
                + f"（目標：{whole_ja}）。",
                latest=latest,
                target_value=check.value,
                attainment=final.attainment,
                milestone=check,
                milestones=checks,
            )
        upcoming = [c for c in checks if c.state is MilestoneState.NEXT]
        if not upcoming:
            return final.model_copy(update={"milestones": checks})
        check = upcoming[0]
        goal = target.at_milestone(target.milestones[checks.index(check)])
        toward = judged(goal)
        due_en, due_ja = _goal_by(goal, check.value)
        if toward.status is Status.ACHIEVED:
            met_by = toward.latest
            shown = _obs_en(met_by) if met_by is not None else ""
            shown_ja = _obs_ja(met_by) if met_by is not None else ""
            return toward.model_copy(
                update={
                    "status": Status.ON_TRACK,
                    "reason": Reason.MILESTONE_MET,
                    "explanation": f"The latest figure {shown} meets the next milestone, "
                    f"{due_en}; the target is {whole_en}.",
                    "explanation_ja": f"最新値{shown_ja}は次の中間目標（{due_ja}）を達成している"
                    f"（目標：{whole_ja}）。",
                    "attainment": final.attainment,
                    "milestone": check,
                    "milestones": checks,
                }
            )
        en = toward.explanation
        ja = toward.explanation_ja
        return toward.model_copy(
            update={
                "explanation": None
                if en is None
                else f"Judged against the next milestone, {due_en} (the target is {whole_en}): "
                f"{en}",
                "explanation_ja": None
                if ja is None
                else f"次の中間目標（{due_ja}、目標は{whole_ja}）に対して：{ja}",
                # When the target itself is reached on the trend, not the milestone.
                "attainment": final.attainment,
                "milestone": check,
                "milestones": checks,
            }
        )

    def _milestone_checks(
        self, target: LimitedTarget, observations: Sequence[Observation], context: EvaluationContext
    ) -> tuple[MilestoneCheck, ...]:
        """Where each milestone stands at the as-of date."""
        checks: list[MilestoneCheck] = []
        dated = [o for o in observations if o.period is not None]
        for milestone in target.milestones:
            goal = target.at_milestone(milestone)
            value = self.target_quantity(goal, context)
            if milestone.deadline.last_day >= context.as_of:
                state = MilestoneState.LATER
                if not any(c.state is MilestoneState.NEXT for c in checks):
                    state = MilestoneState.NEXT
                checks.append(MilestoneCheck(deadline=milestone.deadline, value=value, state=state))
                continue
            known = [
                o for o in dated if o.period and o.period.last_day <= milestone.deadline.last_day
            ]
            if value is None or not known:
                checks.append(
                    MilestoneCheck(
                        deadline=milestone.deadline, value=value, state=MilestoneState.UNKNOWN
                    )
                )
                continue
            figure = known[-1]
            if self._achieved(figure, value, goal) is not None:
                state = MilestoneState.MET
            elif dated and self._achieved(dated[-1], value, goal) is not None:
                state = MilestoneState.RECOVERED
            else:
                state = MilestoneState.MISSED
            checks.append(
                MilestoneCheck(deadline=milestone.deadline, value=value, state=state, figure=figure)
            )
        return tuple(checks)

    def _assess_target(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
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
        broken_at = [o.period for o in observations if o.series_break and o.period is not None]
        if (
            isinstance(target, TrendTarget)
            and target.change is not None
            and broken_at
            and target.baseline is not None
            and target.baseline.period is not None
            and target.baseline.period.point < broken_at[-1].point
        ):
            # The figure to reach is the old series' baseline plus the change.
            return self.no_data(
                Reason.NOT_ASSESSABLE,
                f"The series breaks in {_period_text(broken_at[-1])}, and the change of "
                f"{target.change} is measured from a baseline before the break, which the new "
                "series cannot be compared with.",
                f"{_period_text_ja(broken_at[-1])}に系列が断絶しており、{target.change}の変化は"
                "断絶前の基準値から測るため比較できない。",
                **figures,
            )
        met = self._achieved(latest, target_value, target)
        if met is not None:
            return Verdict(
                **{
                    "status": Status.ACHIEVED,
                    "reason": met,
                    "explanation": _achieved_en(latest, target_value, target, met),
                    "explanation_ja": _achieved_ja(latest, target_value, target, met),
                    "progress": None,
                    "attainment": _attained(AttainmentKind.MET, latest.period, target),
                    **figures,
                }
            )
        deadline = target.deadline
        if deadline is not None and deadline.last_day < context.as_of:
            return Verdict(
                **{
                    "status": Status.BEHIND,
                    "reason": Reason.DEADLINE_MISSED,
                    "explanation": f"The deadline {deadline:en} has passed and the latest figure "
                    f"{_obs_en(latest)} does not meet the target {_unmet(target, target_value)}.",
                    "explanation_ja": f"期限（{deadline:ja}）を過ぎ、最新値{_obs_ja(latest)}は目標"
                    f"{_unmet_ja(target, target_value)}に届いていない。",
                    **figures,
                }
            )
        points = self.points(observations, unit)
        if not points:
            if latest.period is not None and latest.bound is not None:
                goal_en, goal_ja = _comparator(target, target_value)
                return self.no_data(
                    Reason.INSUFFICIENT_HISTORY,
                    f"The latest figure {_obs_en(latest)} does not meet the target of "
                    f"{goal_en}{_by(target)}, and figures given only as bounds give no pace.",
                    f"最新値{_obs_ja(latest)}は目標（{_by_ja(target)}{goal_ja}）に届かず、"
                    "範囲だけの数値からは進捗の速さを判断できない。",
                    **figures,
                )
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"The latest figure {latest.value} does not meet the target "
                f"{_unmet(target, target_value)}"
                f" and no dated figure gives a pace to judge.",
                f"最新値{latest.value}は目標{_unmet_ja(target, target_value)}に届かず、"
                "時期の分かる数値がなく進捗の速さを判断できない。",
                **figures,
            )
        points, broken = since_break(points)
        if broken is not None and _before(target.baseline, broken):
            # The baseline belongs to the old series: measure from the break instead.
            target = target.model_copy(update={"baseline": None})
        verdict = self.assess_pace(target, target_value, unit, points, context, figures)
        return with_break(verdict, broken)

    def deadline_instant(self, deadline: AnyPeriod, latest: Point) -> Instant:
        """Return the instant the required rate runs to.

        A deadline stands at its midpoint (mid-2030 for "by 2030"), like every period on
        the time axis; once the latest figure is at or past that midpoint (a figure for
        2026年9月 against "by 2026年"), at its end, since the deadline is met or missed only
        when its period ends.

        Args:
            deadline: The deadline.
            latest: The latest figure the rates use.

        Returns:
            The instant.
        """
        return instant_of(deadline, at_end=latest.date >= deadline.point)

    def assess_pace(
        self,
        target: Target,
        target_value: Quantity,
        unit: Unit,
        points: Sequence[Point],
        context: EvaluationContext,
        figures: dict[str, Any],
    ) -> Verdict:
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
        printed = figures.get("latest")
        # The latest printed figure may be a bound the rates cannot use: say so.
        note_en = note_ja = ""
        if isinstance(printed, Observation) and printed is not latest.observation:
            note_en = f" The latest figure, {_obs_en(printed)}, is a bound and gives no rate."
            note_ja = f"最新値{_obs_ja(printed)}は範囲のため速さの計算に使っていない。"
        baseline = self.select_baseline(target, points, unit)
        if baseline is None:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"The latest figure {latest.observation.value} "
                f"({_period_text(latest.observation.period)}) does not meet the target "
                f"{_unmet(target, target_value)}{_by(target)}, and one figure without a "
                f"baseline cannot show a pace.{note_en}",
                f"最新値{latest.observation.value}（{_period_text_ja(latest.observation.period)}）"
                f"は目標（{_by_ja(target)}{_unmet_ja(target, target_value)}）に届かず、"
                f"基準値がなく1時点のみのため進捗を判断できない。{note_ja}",
                **figures,
            )
        base_value = baseline.value
        kind = self.rate_kind(unit, [base_value, latest.value, goal])
        base_at, latest_at = _instant(baseline), _instant(latest)
        elapsed = years_apart(base_at, latest_at)
        actual = self.annual_rate(kind, base_value, latest.value, elapsed)
        figures = {
            **figures,
            "rated": latest.observation,
            "baseline": baseline.observation.value,
            "baseline_period": baseline.observation.period,
            "actual_rate": _clean(actual),
            "rate_kind": kind,
            "progress": _clean(progress_share(sign, base_value, latest.value, goal)),
        }
        deadline = target.deadline
        goal_at = self.deadline_instant(deadline, latest) if deadline is not None else None
        if goal_at is None or years_apart(base_at, goal_at) <= 0:
            return self._direction_only(target, unit, actual, baseline, latest, kind, figures)
        horizon = years_apart(base_at, goal_at)
        required = self.annual_rate(kind, base_value, goal, horizon)
        expected = self.value_after(kind, base_value, required, elapsed)
        published = _on_trajectory(target, unit, baseline, latest, goal, goal_at)
        if published is not None:
            # The owner's published path replaces the computed one (docs/semantics.md).
            expected, printed_for_period = published
            shown = _quantity(expected, unit)
            at = latest.observation.period
            between = "" if printed_for_period else ", between its published figures"
            between_ja = "" if printed_for_period else "、公表値の間を補間"
            note_en += f" The path is the published trajectory ({shown} for {at:en}{between})."
            note_ja += f"経路は公表された軌道（{at:ja}に{shown}{between_ja}）。"
        trend = self._project(kind, points, goal_at, baseline)
        if trend is not None:
            # Never past the natural limit or the unit's own bounds (a share above 100%).
            values = [base_value, goal, *(p.value for p in points)]
            lowest, highest = self.bounds(target, unit, values)
            bounded = clamp(trend[0], lowest, highest)
            if bounded != trend[0]:
                cap_en, cap_ja = _cap_note(target, unit, bounded)
                note_en, note_ja = note_en + cap_en, note_ja + cap_ja
            trend = (bounded, *trend[1:])
        projected = trend[0] if trend is not None else None
        attainment = self.attainment(target, latest, goal, trend, (actual, kind))
        figures["attainment"] = attainment
        when_en, when_ja = _attainment_sentences(attainment, target_value, target)
        note_en, note_ja = note_en + when_en, note_ja + when_ja
        figures.update(
            required_rate=_clean(required),
            expected=_quantity(expected, unit),
            projected=_quantity(projected, unit) if projected is not None else None,
        )
        if sign * required <= 0:
            # The baseline already met the target, yet the latest figure does not.
            return Verdict(
                **{
                    "status": Status.BEHIND,
                    "reason": Reason.MOVING_AWAY,
                    "explanation": f"The baseline {baseline.observation.value} "
                    f"({_period_text(baseline.observation.period)}) met the target "
                    f"{_goal(target_value)} but the latest figure {latest.observation.value} "
                    f"({_period_text(latest.observation.period)}) does not.{note_en}",
                    "explanation_ja": f"基準値{baseline.observation.value}"
                    f"（{_period_text_ja(baseline.observation.period)}）は目標"
                    f"{_goal_ja(target_value)}を満たしていたが、最新値{latest.observation.value}"
                    f"（{_period_text_ja(latest.observation.period)}）は満たしていない。{note_ja}",
                    "pace": None,
                    "pace_grade": PaceGrade.MOVING_AWAY,
                    **figures,
                }
            )
        pace = actual / required
        thresholds = (self.on_track, self.moderate, 0.0)
        figures.update(pace=_clean(pace, thresholds), pace_grade=self.grade(pace))
        recent = trend[1] if trend is not None else None
        if self.method == "path":
            status, reason = self._path_status(sign, latest.value, expected)
        elif self.method == "projection":
            status, reason = self._projection_status(
                sign, goal, latest.value, projected, recent if recent is not None else actual
            )
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
            trend,
            baseline,
            self,
        )
        return Verdict(
            **{
                "status": status,
                "reason": reason,
                "explanation": en + note_en,
                "explanation_ja": ja + note_ja,
                **figures,
            }
        )

    def attainment(
        self,
        target: Target,
        latest: Point,
        goal: float,
        trend: tuple[float, float, Point, str] | None,
        since_baseline: tuple[float, str],
    ) -> Attainment:
        """Return when the target is met on the current trend.

        The trend is the recent one the projection extends (or, when there is none, the
        rate since the baseline). Override this to project attainment otherwise.

        Args:
            target: The target.
            latest: The latest figure the rates use.
            goal: The figure to reach, in the working unit.
            trend: The projection (its value, rate, first point and rate kind), if any.
            since_baseline: The rate since the baseline and its kind.

        Returns:
            ``projected`` with the first period whose figure reaches the target, or
            ``never``.
        """
        rate, kind = (trend[1], trend[3]) if trend is not None else since_baseline
        moving = target.direction.sign * (rate if math.isfinite(rate) else math.copysign(1, rate))
        years = years_to_reach(kind, latest.value, rate, goal) if moving > 0 else None
        period = latest.observation.period
        if years is None or period is None:
            return Attainment(kind=AttainmentKind.NEVER)
        try:
            reached = period_reached(period, years)
        except KPIModelError:
            return Attainment(kind=AttainmentKind.NEVER)  # beyond the years periods hold
        return _attained(AttainmentKind.PROJECTED, reached, target)

    def _direction_only(
        self,
        target: Target,
        unit: Unit,
        actual: float,
        baseline: Point,
        latest: Point,
        kind: str,
        figures: dict[str, Any],
    ) -> Verdict:
        relative = actual if kind == RateKind.COMPOUND else relative_rate(actual, baseline.value)
        moving = target.direction.sign * relative
        band = self.stagnation
        rate_en, rate_ja = _rate_compared(actual, relative, kind, unit, band)
        band_en, band_ja = _band_text(band, moving)
        span_en = (
            f"from {baseline.observation.value} ({_period_text(baseline.observation.period)}) "
            f"to {latest.observation.value} ({_period_text(latest.observation.period)})"
        )
        span_ja = (
            f"{baseline.observation.value}（{_period_text_ja(baseline.observation.period)}）から"
            f"{latest.observation.value}（{_period_text_ja(latest.observation.period)}）"
        )
        if moving > band:
            status, reason = Status.ON_TRACK, Reason.TREND_FAVOURABLE
            verdict_en = f"toward the target, beyond the stagnation band of {band_en}"
            verdict_ja = f"横ばいの幅（{band_ja}）を超えて目標の方向に推移している"
        elif moving < -band:
            status, reason = Status.BEHIND, Reason.MOVING_AWAY
            verdict_en = f"away from the target (band {band_en})"
            verdict_ja = f"目標から遠ざかっている（幅{band_ja}）"
        else:
            status, reason = Status.BEHIND, Reason.STAGNATING
            verdict_en = f"within the stagnation band of {band_en}, short of the target"
            verdict_ja = f"横ばいの幅（{band_ja}）以内で目標に届いていない"
        return Verdict(
            **{
                "status": status,
                "reason": reason,
                "explanation": (
                    f"No deadline to pace against; {span_en} is {rate_en}: {verdict_en}."
                ),
                "explanation_ja": f"期限がないため方向で判断：{span_ja}で{rate_ja}、{verdict_ja}。",
                **figures,
            }
        )

    def _path_status(self, sign: int, latest: float, expected: float) -> tuple[Status, Reason]:
        if sign * (latest - expected) >= -1e-12 * max(abs(expected), 1.0):
            return Status.ON_TRACK, Reason.ON_PATH
        return Status.BEHIND, Reason.BELOW_PATH

    def _projection_status(
        self, sign: int, goal: float, latest: float, projected: float | None, recent: float
    ) -> tuple[Status, Reason]:
        # "Moving away" is judged by the recent trend the projection extends (Destatis),
        # not by the rate since the baseline.
        if projected is None:
            return self.classify(-1.0 if sign * recent < 0 else 0.0)
        if sign * recent < 0:
            return Status.BEHIND, Reason.MOVING_AWAY
        shortfall = sign * (goal - projected)
        if shortfall <= self.projection_tolerance * abs(goal - latest):
            return Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET
        return Status.BEHIND, Reason.PROJECTION_SHORT

    def _project(
        self, kind: str, points: Sequence[Point], goal_at: Instant, baseline: Point | None = None
    ) -> tuple[float, float, Point, str] | None:
        """The recent trend extended to ``goal_at``: (projection, rate, first point, kind)."""
        latest = points[-1]
        window = [p for p in points if self.in_window(p.date, latest.date)]
        if len(window) < 2 and baseline is not None and baseline.date < latest.date:
            # One recent figure: project the trend from the baseline instead.
            window = [baseline, latest]
        if len(window) < 2:
            return None
        first = window[0]
        latest_at = _instant(latest)
        years = years_apart(_instant(first), latest_at)
        if years <= 0:
            return None
        if kind == RateKind.COMPOUND and (first.value <= 0 or latest.value <= 0):
            kind = RateKind.LINEAR
        rate = self.annual_rate(kind, first.value, latest.value, years)
        projected = self.value_after(kind, latest.value, rate, years_apart(latest_at, goal_at))
        return projected, rate, first, kind


#: A pace ratio this large says more about the figures' dates than about progress.
_IMPLAUSIBLE = 1e6


def _attained(kind: AttainmentKind, period: AnyPeriod | None, target: Target) -> Attainment:
    deadline = getattr(target, "effective_deadline", target.deadline)
    by = None if deadline is None or period is None else period.last_day <= deadline.last_day
    return Attainment(kind=kind, period=period, by_deadline=by)


def _attainment_sentences(
    attainment: Attainment, target_value: Quantity, target: Target
) -> tuple[str, str]:
    """The sentence saying when the target is met on the current trend (en, ja)."""
    goal_en, goal_ja = _comparator(target, target_value)
    if attainment.kind is AttainmentKind.NEVER or attainment.period is None:
        return (
            f" On the recent trend the target ({goal_en}) is never reached.",
            f"最近の傾向では目標（{goal_ja}）に達しない。",
        )
    late_en = late_ja = ""
    if attainment.by_deadline is False:
        late_en = f", after the deadline {target.deadline}"
        late_ja = f"（期限{target.deadline}より後）"
    return (
        f" On the recent trend {goal_en} is reached in {_period_en(attainment.period)}{late_en}.",
        f"最近の傾向では{_period_ja(attainment.period)}に目標（{goal_ja}）に達する見込み{late_ja}。",
    )


def _period_ja(period: AnyPeriod) -> str:
    """A period kpimodel computed, written for a Japanese sentence (2027年2月)."""
    if not period.text and period.kind == "month":
        return f"{getattr(period, 'year', '')}年{getattr(period, 'month', '')}月"
    return str(period)


def _period_en(period: AnyPeriod) -> str:
    """A period kpimodel computed (no source text), written for an English sentence."""
    if period.text:
        return period.text
    if period.kind == "calendar_year":
        return str(getattr(period, "year", period))
    if period.kind == "fiscal_year" and getattr(period, "start_month", 4) == 4:
        return f"FY{getattr(period, 'year', period)}"
    return str(period)


def _cap_note(target: Target, unit: Unit, bound: float) -> tuple[str, str]:
    """The sentence saying a projection stopped at a limit or at the unit's own bound."""
    at = _quantity(bound, unit)
    limit = getattr(target, "limit", None)
    if isinstance(limit, Quantity) and float(limit.magnitude_in(unit)) == bound:
        return (
            f" The projection stops at the natural limit {limit}.",
            f"見込みは限界値{limit}で止めた。",
        )
    what = {"count": "a count", "rank": "a position"}.get(unit.kind, "a share")
    least = (bound <= 1 and unit.kind in ("count", "rank")) or bound == 0
    most_en = "the least" if least else "the most"
    most_ja = "最小" if least else "最大"
    return (
        f" The projection stops at {at}, {most_en} {what} can be.",
        f"見込みは{at}（取り得る{most_ja}値）で止めた。",
    )


def _on_trajectory(
    target: Target, unit: Unit, baseline: Point, latest: Point, goal: float, goal_at: Instant
) -> tuple[float, bool] | None:
    """The published trajectory's value at the latest figure, or ``None`` without one.

    Returns the value and whether the trajectory prints it for that very period.

    The trajectory runs from the baseline through the published figures to the target at
    its deadline, straight between neighbours on the time axis; a published figure for
    the latest figure's own period is taken as it is.
    """
    trajectory = getattr(target, "trajectory", ())
    if not trajectory:
        return None
    at = latest.observation.period
    for point in trajectory:
        if point.period == at:
            return float(point.value.magnitude_in(unit)), True
    start = _instant(baseline)
    knots = [(start, baseline.value)]
    for point in trajectory:
        when = instant_of(point.period)
        if years_apart(start, when) > 0:
            knots.append((when, float(point.value.magnitude_in(unit))))
    knots.append((goal_at, goal))
    now = _instant(latest)
    for (a, value_a), (b, value_b) in itertools.pairwise(knots):
        span, into = years_apart(a, b), years_apart(a, now)
        if span > 0 and 0 <= into <= span:
            return value_a + (value_b - value_a) * into / span, False
    return None


def since_break(points: Sequence[Point]) -> tuple[list[Point], Point | None]:
    """The points from the latest series break on, and the point that starts it.

    Rates, paths and projections never span a break (an observation with
    ``series_break: true``): the figures before it belong to another series.

    Args:
        points: The dated points, oldest first.

    Returns:
        The points from the latest break on (all of them without one), and the first
        figure of the new series (``None`` without a break).
    """
    for index in range(len(points) - 1, -1, -1):
        if points[index].observation.series_break:
            return list(points[index:]), points[index]
    return list(points), None


def with_break(verdict: Verdict, broken: Point | None) -> Verdict:
    """Add to the explanation that the figures before a series break were not compared."""
    if broken is None or verdict.explanation is None or verdict.explanation_ja is None:
        return verdict
    period = broken.observation.period
    return verdict.model_copy(
        update={
            "explanation": f"{verdict.explanation} The series breaks in {_period_text(period)}: "
            "earlier figures are not compared with it.",
            "explanation_ja": f"{verdict.explanation_ja}{_period_text_ja(period)}に系列が"
            "断絶しており、それより前の数値とは比較していない。",
        }
    )


def _before(baseline: Any, broken: Point) -> bool:
    period = getattr(baseline, "period", None)
    return period is not None and period.point < broken.date


def _instant(point: Point) -> Instant:
    period = point.observation.period
    assert period is not None  # points are dated
    return instant_of(period)


def progress_share(sign: int, base: float, latest: float, goal: float) -> float | None:
    """Return the progress share: the movement in the desired direction over the gap.

    ``sign * (latest - base) / |goal - base|``: 0 at the baseline, 1 at the target,
    negative whenever the figures moved the wrong way, including when the baseline
    already met the target (the share is then of the baseline's margin over the target).
    ``None`` when the baseline is the target.

    Args:
        sign: ``+1`` when higher is better, ``-1`` when lower is.
        base: The baseline.
        latest: The latest figure.
        goal: The figure to reach.

    Returns:
        The share, not clamped.
    """
    gap = abs(goal - base)
    if gap == 0:
        return None
    return sign * (latest - base) / gap


def _clean(value: float | None, thresholds: Sequence[float] = ()) -> float | None:
    """Round to 10 significant digits, keeping more where rounding would cross a threshold."""
    if value is None or not math.isfinite(value):
        return None
    rounded = float(f"{value:.10g}")
    for threshold in thresholds:
        if (rounded >= threshold) != (value >= threshold):
            return value
    return rounded


def _quantity(value: float, unit: Unit) -> Quantity | None:
    if not math.isfinite(value):
        return None
    # Expected and projected ranks are fractional: plain quantities in 位, not Rank values.
    try:
        return Quantity(magnitude=Decimal(f"{value:.6g}"), unit=unit)
    except ValueError:
        return None  # beyond the magnitudes a quantity holds (1e±100): not recorded


def compared_text(value: float, threshold: float, digits: int = 2) -> str:
    """Format ``value`` with as many decimals as it takes to stay on its side of ``threshold``.

    ``0.9496`` against 0.95 prints ``0.9496``, never ``0.95``; values of a thousand or
    more print in three significant digits (``1.2e+180``), infinities as ``unbounded``.

    Args:
        value: The figure compared.
        threshold: What it was compared with.
        digits: The fewest decimals.

    Returns:
        The text.
    """
    if not math.isfinite(value):
        return "unbounded" if value > 0 else "-unbounded" if value < 0 else "undefined"
    if abs(value) >= 1000:
        return f"{value:.3g}"
    above = value >= threshold
    for places in range(digits, 17):
        text = f"{value:.{places}f}"
        shown = float(text)
        if (shown >= threshold) == above and (shown != threshold or value == threshold):
            return text
    return repr(value)


def _rate_compared(
    rate: float, relative: float, kind: str, unit: Unit, band: float
) -> tuple[str, str]:
    """The rate as printed, with the relative rate the band was compared with."""
    en = format_rate(rate, kind, unit)
    ja = format_rate(rate, kind, unit.symbol, lang="ja")
    if kind == RateKind.COMPOUND:
        return en, ja
    if not math.isfinite(relative):
        return f"{en} (from zero: unbounded relative to the start)", f"{ja}（ゼロからの変化）"
    pct = compared_text(abs(relative) * 100, band * 100, digits=2).rstrip("0").rstrip(".")
    signed = f"{'-' if relative < 0 else '+'}{pct}%"
    return f"{en} ({signed} a year of the starting figure)", f"{ja}（始点比で年{signed}）"


def _band_text(band: float, moving: float) -> tuple[str, str]:
    text = f"{band * 100:.3g}"
    return f"±{text}%/yr", f"年率±{text}%"


def meets(
    latest: Observation, target_value: Quantity, direction: Direction, *, strict: bool = False
) -> Reason | None:
    """Whether a figure meets a target value: the one comparison every evaluator uses.

    A plain figure meets it when it reaches it (passes it, for a ``strict`` target); a
    figure given only as a bound meets it when every figure the bound allows does: for
    "more than 90%", ``above 90%`` does and ``at least 90%`` does not.

    Args:
        latest: The observation.
        target_value: The figure to reach.
        direction: Which way is better.
        strict: The figure must pass ``target_value``.

    Returns:
        ``target-met``, ``bound-meets-target`` or ``None``.
    """
    value = latest.value
    higher = direction is Direction.HIGHER
    if latest.bound is None:
        if higher:
            met = value > target_value if strict else value >= target_value
        else:
            met = value < target_value if strict else value <= target_value
        return Reason.TARGET_MET if met else None
    # A bound meets the target only when every figure it allows does.
    if higher and latest.bound in (Bound.ABOVE, Bound.AT_LEAST):
        open_bound = latest.bound is Bound.ABOVE
        ok = value >= target_value if open_bound or not strict else value > target_value
        return Reason.BOUND_MEETS_TARGET if ok else None
    if not higher and latest.bound in (Bound.BELOW, Bound.AT_MOST):
        open_bound = latest.bound is Bound.BELOW
        ok = value <= target_value if open_bound or not strict else value < target_value
        return Reason.BOUND_MEETS_TARGET if ok else None
    return None


@functools.cache
def takes_strict(method: Any) -> bool:
    try:
        parameters = inspect.signature(method).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins and C callables
        return False
    return "strict" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )


def _goal(value: Quantity) -> str:
    # A rank target reads "within the top 4", not "4位".
    return f"within the top {value.position}" if isinstance(value, Rank) else str(value)


def _goal_ja(value: Quantity) -> str:
    return f"上位{value.position}位以内" if isinstance(value, Rank) else str(value)


def _goal_by(target: Target, value: Quantity | None) -> tuple[str, str]:
    """``at least 500件 by 2025``, ``2025年までに500件以上`` (the figure, else the kind)."""
    if value is None:
        return f"{target.kind}{_by(target)}", f"{_by_ja(target)}{target.kind}"
    en, ja = _comparator(target, value)
    return f"{en}{_by(target)}", f"{_by_ja(target)}{ja}"


def _unmet(target: Target, value: Quantity) -> str:
    # "does not meet the target 90%", or for a strict target "... of more than 90%".
    if getattr(target, "strict", False):
        return "of " + _comparator(target, value)[0]
    return _goal(value)


def _unmet_ja(target: Target, value: Quantity) -> str:
    return _comparator(target, value)[1] if getattr(target, "strict", False) else _goal_ja(value)


def _by(target: Target) -> str:
    return f" by {target.deadline:en}" if target.deadline is not None else ""


def _by_ja(target: Target) -> str:
    return f"{target.deadline:ja}までに" if target.deadline is not None else ""


def _comparator(target: Target, value: Quantity) -> tuple[str, str]:
    return comparison_text(value, target.direction, strict=bool(getattr(target, "strict", False)))


def comparison_text(value: Quantity, direction: Direction, *, strict: bool) -> tuple[str, str]:
    """The comparison a target makes, in English and Japanese (``more than 90%``, ``90%超``)."""
    if isinstance(value, Rank):
        return f"within the top {value.position}", f"上位{value.position}位以内"
    if direction is Direction.HIGHER:
        return (f"more than {value}", f"{value}超") if strict else (
            f"at least {value}", f"{value}以上")  # fmt: skip
    return (f"below {value}", f"{value}未満") if strict else (f"at most {value}", f"{value}以下")


_BOUND_EN = {
    Bound.BELOW: "below",
    Bound.AT_MOST: "at most",
    Bound.ABOVE: "above",
    Bound.AT_LEAST: "at least",
}
_BOUND_JA = {
    Bound.BELOW: "を下回る",
    Bound.AT_MOST: "以下",
    Bound.ABOVE: "を上回る",
    Bound.AT_LEAST: "以上",
}


def _obs_en(obs: Observation) -> str:
    """A figure as printed, with its bound and its period (``above 1億アクセス (2025年)``)."""
    value = f"{_BOUND_EN[obs.bound]} {obs.value}" if obs.bound else f"{obs.value}"
    return f"{value} ({obs.period:en})" if obs.period is not None else value


def _obs_ja(obs: Observation) -> str:
    value = f"{obs.value}{_BOUND_JA[obs.bound]}" if obs.bound else f"{obs.value}"
    return f"{value}（{obs.period:ja}）" if obs.period is not None else value


def _achieved_en(latest: Observation, target_value: Quantity, target: Target, why: Reason) -> str:
    goal, _ = _comparator(target, target_value)
    bound = f" (a bound: {latest.bound.value} {latest.value})" if latest.bound else ""
    return (
        f"The latest figure {latest.value} ({_period_text(latest.period)}){bound} meets the "
        f"target of {goal}{_by(target)}."
    )


def _achieved_ja(latest: Observation, target_value: Quantity, target: Target, why: Reason) -> str:
    _, goal = _comparator(target, target_value)
    value = f"{latest.value}{_BOUND_JA[latest.bound]}" if latest.bound else f"{latest.value}"
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
    trend: tuple[float, float, Point, str] | None,
    baseline: Point,
    evaluator: ProgressEvaluator,
) -> tuple[str, str]:
    base = baseline.observation.value
    base_period = baseline.observation.period
    since = _period_text(base_period)
    act = format_rate(actual, kind, unit)
    req = format_rate(required, kind, unit)
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
    if evaluator.method == "projection":
        if trend is None:
            return (
                f"{head_en}: no recent trend can be projected to the deadline.",
                f"{head_ja}。期限まで延ばせる最近の傾向がない。",
            )
        projected, recent, first, recent_kind = trend
        rec = format_rate(recent, recent_kind, unit)
        rec_ja = format_rate(recent, recent_kind, unit.symbol, lang="ja")
        start_en = f"{first.observation.value} ({_period_text(first.observation.period)})"
        start_ja = f"{first.observation.value}（{_period_text_ja(first.observation.period)}）"
        if reason is Reason.MOVING_AWAY:
            return (
                f"{head_en}: the recent trend, {rec} since {start_en}, moves away from the target.",
                f"{head_ja}。最近の傾向（{start_ja}以降{rec_ja}）は目標から遠ざかっている。",
            )
        proj = _quantity(projected, unit)
        if proj is None:
            return (
                f"{head_en}: the recent trend, {rec} since {start_en}, gives no finite "
                "projection at the deadline.",
                f"{head_ja}。最近の傾向（{start_ja}以降{rec_ja}）では期限時点の見込みを計算できない。",
            )
        ok = reason is Reason.PROJECTION_MEETS_TARGET
        tolerance = f"{evaluator.projection_tolerance:.0%}"
        return (
            f"{head_en}: the recent trend, {rec} since {start_en}, projects {proj} at the "
            f"deadline, {'within' if ok else 'beyond'} {tolerance} of the gap.",
            f"{head_ja}。最近の傾向（{start_ja}以降{rec_ja}）では期限時点で{proj}の見込み"
            f"（不足が差の{tolerance}{'以内' if ok else '超'}）。",
        )
    ratio = compared_text(pace, evaluator.on_track)
    if not math.isfinite(pace) or abs(pace) >= _IMPLAUSIBLE:
        head_en += " (a rate this large means the figures are too close in time to annualise)"
        head_ja += "（数値の間隔が短すぎ、年率は意味をなさない）"
    verdict_en = {
        Status.ON_TRACK: f"pace ratio {ratio} >= {evaluator.on_track}, on track",
        Status.BEHIND: f"pace ratio {ratio} < {evaluator.on_track}, behind"
        if reason is not Reason.MOVING_AWAY
        else f"pace ratio {compared_text(pace, 0.0)}: moving away from the target",
    }[status]
    verdict_ja = {
        Status.ON_TRACK: f"進捗比{ratio}（{evaluator.on_track}以上）で順調",
        Status.BEHIND: f"進捗比{ratio}（{evaluator.on_track}未満）で遅れ"
        if reason is not Reason.MOVING_AWAY
        else f"進捗比{compared_text(pace, 0.0)}で目標から遠ざかっている",
    }[status]
    return f"{head_en}: {verdict_en}.", f"{head_ja}。{verdict_ja}。"
