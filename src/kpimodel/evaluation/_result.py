"""Evaluation results: statuses, reasons, and the figures behind them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kpimodel._display import Displayable, convert
from kpimodel.evaluation._rates import RateKind
from kpimodel.evaluation._rating import Rating
from kpimodel.model import (
    AnyTarget,
    CompletionReport,
    Direction,
    Observation,
    RollUp,
    StatedStatus,
    Value,
)
from kpimodel.periods import Period
from kpimodel.units import Quantity

__all__ = [
    "Attainment",
    "AttainmentKind",
    "Evaluation",
    "KPIEvaluation",
    "PaceGrade",
    "ProgramEvaluation",
    "Reason",
    "RollUp",
    "Status",
    "StatusCounts",
    "ThemeEvaluation",
    "roll_up",
]


class Status(StrEnum):
    """The four statuses of a KPI or indicator.

    The order ``behind < on-track < achieved`` is the order of merit; ``no-data`` is not
    on that scale (see :func:`roll_up`).
    """

    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    BEHIND = "behind"
    NO_DATA = "no-data"

    @property
    def merit(self) -> int:
        """Rank on the scale behind (0) < on-track (1) < achieved (2); no-data is -1."""
        return _MERIT[self]

    @property
    def label_ja(self) -> str:
        """The status in Japanese."""
        return _LABEL_JA[self]


_MERIT = {Status.BEHIND: 0, Status.ON_TRACK: 1, Status.ACHIEVED: 2, Status.NO_DATA: -1}
_LABEL_JA = {
    Status.ACHIEVED: "達成",
    Status.ON_TRACK: "順調",
    Status.BEHIND: "遅れ",
    Status.NO_DATA: "データなし",
}


class Reason(StrEnum):
    """Machine-readable reason codes; each status has its own set (:attr:`status`)."""

    # achieved
    TARGET_MET = "target-met"
    BOUND_MEETS_TARGET = "bound-meets-target"
    MAINTAINED = "maintained"
    COMPLETED = "completed"
    COMPLETED_LATE = "completed-late"
    # on-track
    PACE_SUFFICIENT = "pace-sufficient"
    ON_PATH = "on-path"
    PROJECTION_MEETS_TARGET = "projection-meets-target"
    WITHIN_BOUND = "within-bound"
    TREND_FAVOURABLE = "trend-favourable"
    AT_LIMIT = "at-limit"
    MILESTONE_MET = "milestone-met"
    IN_PROGRESS = "in-progress"
    # behind
    DEADLINE_MISSED = "deadline-missed"
    PACE_INSUFFICIENT = "pace-insufficient"
    BELOW_PATH = "below-path"
    PROJECTION_SHORT = "projection-short"
    MOVING_AWAY = "moving-away"
    STAGNATING = "stagnating"
    BOUND_BREACHED = "bound-breached"
    MILESTONE_MISSED = "milestone-missed"
    NOT_COMPLETED = "not-completed"
    # no-data
    NO_OBSERVATIONS = "no-observations"
    NO_TARGET = "no-target"
    TARGET_PENDING = "target-pending"
    INSUFFICIENT_HISTORY = "insufficient-history"
    NOT_ASSESSABLE = "not-assessable"
    STALE = "stale"
    NOT_STARTED = "not-started"
    UNREPORTED_AT_DEADLINE = "unreported-at-deadline"
    # band targets (a status by level): achieved, on-track, behind
    BAND_ACHIEVED = "band-achieved"
    BAND_ON_TRACK = "band-on-track"
    BAND_BEHIND = "band-behind"

    @property
    def status(self) -> Status:
        """The status this reason belongs to."""
        return _REASON_STATUS[self]


_REASON_STATUS = {
    **dict.fromkeys(
        (
            Reason.TARGET_MET,
            Reason.BOUND_MEETS_TARGET,
            Reason.MAINTAINED,
            Reason.COMPLETED,
            Reason.COMPLETED_LATE,
        ),
        Status.ACHIEVED,
    ),
    **dict.fromkeys(
        (
            Reason.PACE_SUFFICIENT,
            Reason.ON_PATH,
            Reason.PROJECTION_MEETS_TARGET,
            Reason.WITHIN_BOUND,
            Reason.TREND_FAVOURABLE,
            Reason.AT_LIMIT,
            Reason.MILESTONE_MET,
            Reason.IN_PROGRESS,
        ),
        Status.ON_TRACK,
    ),
    **dict.fromkeys(
        (
            Reason.DEADLINE_MISSED,
            Reason.PACE_INSUFFICIENT,
            Reason.BELOW_PATH,
            Reason.PROJECTION_SHORT,
            Reason.MOVING_AWAY,
            Reason.STAGNATING,
            Reason.BOUND_BREACHED,
            Reason.MILESTONE_MISSED,
            Reason.NOT_COMPLETED,
        ),
        Status.BEHIND,
    ),
    **dict.fromkeys(
        (
            Reason.NO_OBSERVATIONS,
            Reason.NO_TARGET,
            Reason.TARGET_PENDING,
            Reason.INSUFFICIENT_HISTORY,
            Reason.NOT_ASSESSABLE,
            Reason.STALE,
            Reason.NOT_STARTED,
            Reason.UNREPORTED_AT_DEADLINE,
        ),
        Status.NO_DATA,
    ),
    Reason.BAND_ACHIEVED: Status.ACHIEVED,
    Reason.BAND_ON_TRACK: Status.ON_TRACK,
    Reason.BAND_BEHIND: Status.BEHIND,
}


class PaceGrade(StrEnum):
    """The Eurostat / Statistics Canada grades of the pace ratio R (actual / required)."""

    SIGNIFICANT = "significant"  # R >= 0.95
    MODERATE = "moderate"  # 0.6 <= R < 0.95
    INSUFFICIENT = "insufficient"  # 0 <= R < 0.6
    MOVING_AWAY = "moving-away"  # R < 0


class AttainmentKind(StrEnum):
    """Whether, and how, a target is reached on the current trend."""

    #: The latest figure meets the target already.
    MET = "met"
    #: The recent trend reaches the target in :attr:`Attainment.period`.
    PROJECTED = "projected"
    #: The recent trend never reaches it (it stands still or runs the other way).
    NEVER = "never"


class Attainment(BaseModel):
    """When a target is met on the current trend ("100% by 2027").

    The trend is the recent one the projection extends (the rate over the last
    ``window_years`` of figures, see :attr:`Evaluation.projected`), so a target is
    projected to be reached by its deadline exactly when the projection at the deadline
    meets it.

    Attributes:
        kind: ``met`` (already), ``projected`` or ``never``.
        period: For ``met``, the period of the figure that meets the target; for
            ``projected``, the first period whose figure reaches it on the trend (one of
            the latest figure's kind: 2027 for yearly figures); ``None`` for ``never``.
        by_deadline: Whether that period ends by the deadline (``None`` without a
            deadline or for ``never``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: AttainmentKind
    period: Period | None = None
    by_deadline: bool | None = None


class MilestoneState(StrEnum):
    """Where a milestone stands at the as-of date."""

    #: Due and met: the latest figure known by its deadline meets it.
    MET = "met"
    #: Due and missed, and the latest figure still falls short of it.
    MISSED = "missed"
    #: Due and missed, but the latest figure has since caught up with it.
    RECOVERED = "recovered"
    #: Due, but no figure is known from before its deadline.
    UNKNOWN = "unknown"
    #: The next one due: the KPI is judged against it.
    NEXT = "next"
    #: Due after the next one.
    LATER = "later"


class MilestoneCheck(BaseModel):
    """One milestone of a target, as an evaluation found it.

    Attributes:
        deadline: When it is due.
        value: The figure due (a change resolved against the baseline).
        state: Where it stands (see :class:`MilestoneState`).
        figure: The observation it was judged by (the latest known by its deadline, or
            the latest for ``recovered``); ``None`` for ``unknown``, ``next``, ``later``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    deadline: Period
    value: Value | None = None
    state: MilestoneState
    figure: Observation | None = None


class Evaluation(Displayable, BaseModel):
    """The evaluation of one indicator at one date, with every figure used.

    Attributes:
        kpi_id: The KPI.
        indicator_id: The indicator.
        target_kind: The target's kind.
        status: The status.
        reason: Why, as a code.
        explanation: One sentence in English that quotes the figures.
        explanation_ja: The same in Japanese.
        as_of: The date evaluated at; later observations were ignored.
        direction: ``higher`` or ``lower`` (which way is better).
        target: The target judged against, as the indicator states it (so that a target
            reads the same before and after evaluation).
        latest: The latest observation (as printed: it may be a bound).
        rated: The latest figure the rates were computed to (differs from ``latest`` when
            that is a bound, which gives no rate).
        baseline: The figure progress is measured from (the target's baseline, or the
            earliest observation).
        baseline_period: When the baseline applied.
        target_value: The figure to reach.
        limit: The target's natural limit (``100%`` coverage), which projections never
            pass.
        deadline: The target's deadline.
        expected: The value expected on the path from baseline to target at the latest
            observation's date.
        projected: The value the recent trend reaches at the deadline.
        actual_rate: The annual rate from baseline to latest (a fraction for compound
            rates, units per year for linear ones).
        required_rate: The annual rate needed from baseline to target.
        rate_kind: ``compound`` or ``linear``.
        pace: ``actual_rate / required_rate`` (R).
        pace_grade: The grade of R.
        progress: The movement in the desired direction as a share of the gap from
            baseline to target (not clamped; negative whenever the figures moved the wrong
            way, see :func:`~kpimodel.evaluation._base.progress_share`).
        attainment: When the target is met on the current trend, for results judged by
            their pace (and achieved ones: ``met``).
        milestone: The milestone the result was judged against (``target_value`` is its
            figure, and the rates run to its deadline), or ``None`` for the target itself.
        milestones: Every milestone of the target and where it stands.
        method: The evaluation method (``pace``, ``path``, ``projection``, ...).
        parameters: The evaluator's parameters.
        rating: The result on a status scale (a preset's, or one chosen with ``scale=``).
        stated_status: The status the document states for the indicator, kept beside the
            computed ``status`` (which it never replaces); the explanation says when they
            differ.
        report: For a completion target, the report of the measure's state that decided
            (the first ``done`` one, else the latest known).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kpi_id: str
    indicator_id: str
    target_kind: str
    status: Status
    reason: Reason | str
    explanation: str
    explanation_ja: str
    as_of: dt.date
    direction: Direction | None = None
    target: AnyTarget | None = None
    latest: Observation | None = None
    rated: Observation | None = None
    # Value (not Quantity): a figure in 位 reads back as the Rank it was written from.
    baseline: Value | None = None
    baseline_period: Period | None = None
    target_value: Value | None = None
    limit: Quantity | None = None
    deadline: Period | None = None
    expected: Quantity | None = None
    projected: Quantity | None = None
    actual_rate: float | None = None
    required_rate: float | None = None
    rate_kind: RateKind | None = None
    pace: float | None = None
    pace_grade: PaceGrade | None = None
    progress: float | None = None
    attainment: Attainment | None = None
    milestone: MilestoneCheck | None = None
    milestones: tuple[MilestoneCheck, ...] = ()
    method: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    rating: Rating | None = None
    stated_status: StatedStatus | None = None
    report: CompletionReport | None = None

    def __str__(self) -> str:
        return f"{self.kpi_id}/{self.indicator_id}: {self.status} ({self.reason})"


def roll_up(
    evaluations: Sequence[Evaluation], rule: RollUp | str = RollUp.WORST
) -> Evaluation | None:
    """Return the indicator evaluation that decides a KPI's status under ``rule``.

    Args:
        evaluations: The indicator evaluations.
        rule: The roll-up rule.

    Returns:
        The deciding evaluation (its status is the KPI's), or ``None`` when there are none.
    """
    if not evaluations:
        return None
    rule = RollUp(rule)
    # A monitored indicator is context: it decides only a KPI of monitored indicators.
    paced = [e for e in evaluations if e.target_kind != "monitor"]
    evaluations = paced or list(evaluations)
    assessed = [e for e in evaluations if e.status is not Status.NO_DATA]
    if rule is RollUp.ALL_ASSESSED and len(assessed) != len(evaluations):
        return next(e for e in evaluations if e.status is Status.NO_DATA)
    if not assessed:
        return evaluations[0]
    if rule is RollUp.BEST:
        return max(assessed, key=lambda e: e.status.merit)
    return min(assessed, key=lambda e: e.status.merit)


class StatusCounts(BaseModel):
    """How many items have each status.

    Attributes:
        achieved: Count of achieved.
        on_track: Count of on-track.
        behind: Count of behind.
        no_data: Count of no-data.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    achieved: int = 0
    on_track: int = Field(default=0, alias="on-track")
    behind: int = 0
    no_data: int = Field(default=0, alias="no-data")

    @classmethod
    def of(cls, statuses: Iterable[Status]) -> StatusCounts:
        """Count statuses.

        Args:
            statuses: The statuses to count.

        Returns:
            The counts.
        """
        counts = Counter(statuses)
        return cls(
            achieved=counts[Status.ACHIEVED],
            on_track=counts[Status.ON_TRACK],
            behind=counts[Status.BEHIND],
            no_data=counts[Status.NO_DATA],
        )

    def as_dict(self) -> dict[str, int]:
        """Return the counts keyed by status value (``on-track``, ``no-data``...)."""
        return {
            Status.ACHIEVED.value: self.achieved,
            Status.ON_TRACK.value: self.on_track,
            Status.BEHIND.value: self.behind,
            Status.NO_DATA.value: self.no_data,
        }

    @property
    def total(self) -> int:
        """The number of items counted."""
        return self.achieved + self.on_track + self.behind + self.no_data


class KPIEvaluation(Displayable, BaseModel):
    """The evaluation of a KPI: its indicators' evaluations and the rolled-up status.

    Attributes:
        kpi_id: The KPI id.
        theme_id: The theme id, when evaluated within a program.
        title: The KPI text (original language).
        title_en: The KPI text in English.
        status: The rolled-up status.
        reason: The deciding indicator's reason.
        explanation: The deciding indicator's explanation (English).
        explanation_ja: The deciding indicator's explanation (Japanese).
        roll_up: The roll-up rule used.
        indicators: The indicator evaluations.
        rating: The KPI's result on a status scale (a preset's, or one chosen with
            ``scale=``).
        stated_status: The status the document states for the KPI, kept beside the
            computed ``status`` (which it never replaces); the explanation says when they
            differ.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kpi_id: str
    theme_id: str | None = None
    title: str
    title_en: str | None = None
    status: Status
    reason: Reason | str
    explanation: str
    explanation_ja: str
    roll_up: RollUp = RollUp.WORST
    indicators: tuple[Evaluation, ...]
    rating: Rating | None = None
    stated_status: StatedStatus | None = None

    def to_dataframe(self, *, lang: str = "en", exact: bool = False) -> Any:
        """Return one row per evaluated indicator as a pandas DataFrame.

        Needs the ``pandas`` extra (``pip install -e ".[pandas]"``); see
        :func:`kpimodel.integrations.pandas.to_dataframe` for the columns, ``lang`` and
        ``exact``.
        """
        return convert("dataframe", self, lang=lang, exact=exact)


class ThemeEvaluation(Displayable, BaseModel):
    """A theme's KPI evaluations, and their statuses counted.

    Attributes:
        theme_id: The theme id.
        title: The theme heading.
        title_en: The heading in English.
        summary: KPI counts per status.
        kpis: The theme's KPI evaluations, in table order (the same objects as the
            program's ``kpis``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    theme_id: str
    title: str
    title_en: str | None = None
    summary: StatusCounts
    kpis: tuple[KPIEvaluation, ...] = ()


class ProgramEvaluation(Displayable, BaseModel):
    """The evaluation of a whole program.

    Attributes:
        program: The program's title.
        program_en: The title in English.
        as_of: The date evaluated at.
        roll_up: The roll-up rule used for KPIs.
        summary: KPI counts per status.
        themes: Per-theme summaries, in table order.
        kpis: The KPI evaluations, in table order.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    program: str
    program_en: str | None = None
    as_of: dt.date
    roll_up: RollUp = RollUp.WORST
    summary: StatusCounts
    themes: tuple[ThemeEvaluation, ...]
    kpis: tuple[KPIEvaluation, ...]

    def kpi(self, kpi_id: str) -> KPIEvaluation:
        """Return the evaluation of one KPI.

        Args:
            kpi_id: The KPI id.

        Returns:
            Its evaluation.

        Raises:
            KeyError: When the program has no such KPI.
        """
        for item in self.kpis:
            if item.kpi_id == kpi_id:
                return item
        raise KeyError(kpi_id)

    def indicators(self) -> Iterable[Evaluation]:
        """Iterate over every indicator evaluation, in table order."""
        for item in self.kpis:
            yield from item.indicators

    def to_dataframe(self, *, lang: str = "en", exact: bool = False) -> Any:
        """Return one row per evaluated indicator as a pandas DataFrame.

        Needs the ``pandas`` extra (``pip install -e ".[pandas]"``); see
        :func:`kpimodel.integrations.pandas.to_dataframe` for the columns, ``lang`` and
        ``exact``.
        """
        return convert("dataframe", self, lang=lang, exact=exact)


#: A custom roll-up: takes the indicator evaluations, returns the deciding one.
RollUpFunction = Callable[[Sequence[Evaluation]], Evaluation | None]
