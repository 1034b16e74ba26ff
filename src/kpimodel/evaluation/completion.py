"""The evaluator of completion targets: a measure done, or not, by its deadline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from kpimodel.evaluation._base import EvaluationContext, Evaluator, is_stale
from kpimodel.evaluation._result import Reason, Status
from kpimodel.evaluation._verdict import Verdict, completion_sentences
from kpimodel.model import (
    CompletionReport,
    CompletionState,
    CompletionTarget,
    Indicator,
    Observation,
)

__all__ = ["CompletionEvaluator"]


class CompletionEvaluator(Evaluator):
    """Evaluate a :class:`~kpimodel.CompletionTarget` from its reports of the measure's state.

    Reports count once their period has ended by the as-of date. With ``D`` the deadline:

    1. No report known: **no-data** (``no-observations``).
    2. A report says ``done``: **achieved**; ``completed`` when the first such report's
       period ends by ``D``, ``completed-late`` when it ends after.
    3. Otherwise, once ``D`` has passed: **behind** (``not-completed``) when the latest
       report's period ends on or after ``D``'s last day (it says the measure was not done
       at the deadline); **no-data** (``unreported-at-deadline``) when it ends before,
       since nothing then says whether the measure was done in time.
    4. Before ``D``: ``in-progress`` is **on-track** (``in-progress``), unless that report
       is more than ``stale_after`` years old (**no-data**, ``stale``); ``not-started`` is
       **no-data** (``not-started``): nothing says whether it can still be done in time.

    A ``done`` report is never stale: a finished measure stays finished.

    Attributes:
        method: ``completion``.
        stale_after: The most years an ``in-progress`` report may be older than the as-of
            date (``None`` turns the rule off).

    Example:
        Deadline FY2027, reported ``実施中`` for FY2025, as of 2026-06-30: on-track.
    """

    method: str = "completion"

    target_kinds: ClassVar[tuple[str, ...]] = ("completion",)

    def select_observations(  # noqa: D102 - documented on the base class
        self, indicator: Indicator, context: EvaluationContext
    ) -> tuple[Observation, ...]:
        # Judged from the target's reports, not from figures (an indicator with a
        # completion target holds none; see Indicator).
        return ()

    def known_reports(
        self, target: CompletionTarget, context: EvaluationContext
    ) -> tuple[CompletionReport, ...]:
        """Return the reports whose period has ended by the as-of date, oldest first.

        Args:
            target: The completion target.
            context: The evaluation context.

        Returns:
            The reports.
        """
        known = (r for r in target.reports if r.period.last_day <= context.as_of)
        return tuple(sorted(known, key=lambda r: (r.period.point, r.period.end)))

    def assess(  # noqa: D102 - documented on the base class
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        target = indicator.target
        assert isinstance(target, CompletionTarget)  # evaluate() checked the kind
        deadline = target.deadline
        reports = self.known_reports(target, context)
        done = next((r for r in reports if r.status is CompletionState.DONE), None)
        if not reports:
            reason, report = Reason.NO_OBSERVATIONS, None
        elif done is not None:
            late = done.period.last_day > deadline.last_day
            reason, report = (Reason.COMPLETED_LATE if late else Reason.COMPLETED), done
        else:
            report = reports[-1]
            if context.as_of > deadline.last_day:
                covers = report.period.last_day >= deadline.last_day
                reason = Reason.NOT_COMPLETED if covers else Reason.UNREPORTED_AT_DEADLINE
            elif report.status is CompletionState.NOT_STARTED:
                reason = Reason.NOT_STARTED
            elif self.stale_after is not None and is_stale(
                report.period.last_day, context.as_of, self.stale_after
            ):
                reason = Reason.STALE
            else:
                reason = Reason.IN_PROGRESS
        en, ja = completion_sentences(
            reason, deadline, report, as_of=context.as_of, stale_after=self.stale_after
        )
        status = Status.NO_DATA if reason is Reason.NO_OBSERVATIONS else reason.status
        return Verdict(
            status=status, reason=reason, explanation=en, explanation_ja=ja, report=report
        )
