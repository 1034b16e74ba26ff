"""``kpimodel.evaluate``: evaluate a program, a KPI or an indicator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import overload

from kpimodel.evaluation._base import Evaluator
from kpimodel.evaluation._registry import evaluator_for
from kpimodel.evaluation._result import (
    Evaluation,
    KPIEvaluation,
    ProgramEvaluation,
    RollUp,
    StatusCounts,
    ThemeEvaluation,
    roll_up,
)
from kpimodel.model import KPI, Indicator, Program

__all__ = ["evaluate"]

#: Per-call evaluator overrides: by target kind, an evaluator instance or class.
Evaluators = Mapping[str, Evaluator | type[Evaluator]]


def _resolve(kind: str, evaluators: Evaluators | None) -> Evaluator:
    if evaluators and kind in evaluators:
        chosen = evaluators[kind]
        return chosen() if isinstance(chosen, type) else chosen
    return evaluator_for(kind)


def _evaluate_kpi(
    kpi: KPI,
    as_of: dt.date,
    evaluators: Evaluators | None,
    rule: RollUp,
    program: Program | None,
    theme_id: str | None,
) -> KPIEvaluation:
    results = tuple(
        _resolve(ind.target.kind, evaluators).evaluate(
            ind, as_of=as_of, kpi_id=kpi.id, program=program
        )
        for ind in kpi.indicators
    )
    deciding = roll_up(results, rule)
    assert deciding is not None  # a KPI has at least one indicator
    return KPIEvaluation(
        kpi_id=kpi.id,
        theme_id=theme_id,
        title=kpi.title,
        title_en=kpi.title_en,
        status=deciding.status,
        reason=deciding.reason,
        explanation=deciding.explanation,
        explanation_ja=deciding.explanation_ja,
        roll_up=rule,
        indicators=results,
    )


@overload
def evaluate(
    subject: Program,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
) -> ProgramEvaluation: ...


@overload
def evaluate(
    subject: KPI,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
) -> KPIEvaluation: ...


@overload
def evaluate(
    subject: Indicator,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
) -> Evaluation: ...


def evaluate(
    subject: Program | KPI | Indicator,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
) -> ProgramEvaluation | KPIEvaluation | Evaluation:
    """Evaluate a program, a KPI or an indicator at a date.

    Evaluation is pure: the same inputs give the same result, nothing global changes, and
    it is safe to call from many threads at once.

    Args:
        subject: What to evaluate.
        as_of: The evaluation date. Observations whose period ends after it are ignored.
            Defaults to the program's ``as_of`` when evaluating a program that declares
            one, otherwise to today.
        evaluators: Evaluators to use instead of the registered defaults, by target kind
            (instances, or classes to instantiate with default parameters).
        roll_up: How indicator statuses combine into a KPI status (see
            :class:`~kpimodel.RollUp`); by default the worst assessed indicator decides.

    Returns:
        A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation` or
        :class:`~kpimodel.Evaluation`.

    Raises:
        UnknownTargetKindError: When a target kind has no evaluator.
        EvaluationError: When an evaluator fails; the message names the KPI.
    """
    rule = RollUp(roll_up)
    if isinstance(subject, Program):
        when = as_of or subject.as_of or dt.date.today()
        kpis: list[KPIEvaluation] = []
        themes: list[ThemeEvaluation] = []
        for theme in subject.themes:
            results = [
                _evaluate_kpi(kpi, when, evaluators, rule, subject, theme.id) for kpi in theme.kpis
            ]
            kpis.extend(results)
            themes.append(
                ThemeEvaluation(
                    theme_id=theme.id,
                    title=theme.title,
                    title_en=theme.title_en,
                    summary=StatusCounts.of(r.status for r in results),
                )
            )
        return ProgramEvaluation(
            program=subject.title,
            program_en=subject.title_en,
            as_of=when,
            roll_up=rule,
            summary=StatusCounts.of(k.status for k in kpis),
            themes=tuple(themes),
            kpis=tuple(kpis),
        )
    when = as_of or dt.date.today()
    if isinstance(subject, KPI):
        return _evaluate_kpi(subject, when, evaluators, rule, None, None)
    if isinstance(subject, Indicator):
        return _resolve(subject.target.kind, evaluators).evaluate(subject, as_of=when)
    raise TypeError(f"cannot evaluate {type(subject).__name__}; pass a Program, KPI or Indicator")
