"""``kpimodel.evaluate``: evaluate a program, a KPI or an indicator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, get_args, overload

from kpimodel.errors import InputError
from kpimodel.evaluation._base import Evaluator, ProgressEvaluator
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
from kpimodel.evaluation._verdict import with_stated
from kpimodel.model import KPI, Indicator, Program
from kpimodel.model._targets import EvaluationSettings, Method

if TYPE_CHECKING:
    from kpimodel.evaluation.presets import Preset
    from kpimodel.evaluation.scales import StatusScale

__all__ = ["evaluate"]

#: Per-call evaluator overrides: by target kind, an evaluator instance or class.
Evaluators = Mapping[str, Evaluator | type[Evaluator]]


def _resolve(kind: str, evaluators: Evaluators | None) -> Evaluator:
    if evaluators and kind in evaluators:
        chosen = evaluators[kind]
        return chosen() if isinstance(chosen, type) else chosen
    return evaluator_for(kind)


class _Chooser:
    """Choose each indicator's evaluator.

    The registered one, then the document's settings, then the run's method, in that
    order of precedence; an evaluator passed by the caller is used as given, save for the
    run's method.
    """

    def __init__(
        self, evaluators: Evaluators | None, program: Program | None, method: str | None
    ) -> None:
        self.evaluators = evaluators
        self.program_settings = program.evaluation if program is not None else None
        self.method = method
        self._cache: dict[tuple[int, tuple[tuple[str, object], ...]], Evaluator] = {}
        self._keep: list[Evaluator] = []  # keeps cached keys' evaluators alive

    def __call__(self, indicator: Indicator, kpi_id: str) -> Evaluator:
        target = indicator.target
        base = _resolve(target.kind, self.evaluators)
        given = bool(self.evaluators) and target.kind in (self.evaluators or {})
        updates: dict[str, object] = {}
        local: dict[str, object] = {}
        if not given:
            if self.program_settings is not None:
                updates.update(self.program_settings.overrides())
            if target.evaluation is not None:
                local = target.evaluation.overrides()
                updates.update(local)
        if self.method is not None:
            updates["method"] = self.method
        if not updates:
            return base
        fields = type(base).model_fields
        progress = isinstance(base, ProgressEvaluator)
        for key in local:  # a target's own settings must all apply
            if key not in fields or (key == "method" and not progress):
                raise InputError(
                    f"{type(base).__name__} takes no parameter {key!r} (a {target.kind} target)",
                    kpi_id=kpi_id,
                    field=f"target.evaluation.{key}",
                    value=local[key],
                )
        chosen = {
            key: value
            for key, value in updates.items()
            if key in fields and (key != "method" or progress)
        }
        if not chosen:
            return base
        ident = (id(base), tuple(sorted(chosen.items())))
        found = self._cache.get(ident)
        if found is None:
            found = type(base).model_validate({**base.model_dump(), **chosen})
            self._cache[ident] = found
            self._keep.append(base)
        return found


def _evaluate_kpi(
    kpi: KPI,
    as_of: dt.date,
    choose: _Chooser,
    rule: RollUp,
    program: Program | None,
    theme_id: str | None,
) -> KPIEvaluation:
    results = tuple(
        choose(ind, kpi.id).evaluate(ind, as_of=as_of, kpi_id=kpi.id, program=program)
        for ind in kpi.indicators
    )
    rule = kpi.roll_up or rule  # the KPI's own rule, over the evaluation's
    deciding = roll_up(results, rule)
    assert deciding is not None  # a KPI has at least one indicator
    en, ja = with_stated(
        deciding.explanation,
        deciding.explanation_ja,
        kpi.stated_status,
        deciding.status,
        of_kpi=len(results) > 1,
    )
    return KPIEvaluation(
        kpi_id=kpi.id,
        theme_id=theme_id,
        title=kpi.title,
        title_en=kpi.title_en,
        status=deciding.status,
        reason=deciding.reason,
        explanation=en,
        explanation_ja=ja,
        roll_up=rule,
        indicators=results,
        stated_status=kpi.stated_status,
    )


def _check_as_of(as_of: object) -> None:
    # A datetime is a date subclass whose comparisons with dates raise: refuse it plainly,
    # with every other non-date (0, a string), rather than fail deep in an evaluator.
    if as_of is None or (isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime)):
        return
    hint = " (pass as_of.date())" if isinstance(as_of, dt.datetime) else ""
    raise InputError(
        f"as_of must be a datetime.date, not {type(as_of).__name__}{hint}",
        field="as_of",
        value=as_of,
    )


@overload
def evaluate(
    subject: Program,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
    method: str | None = None,
    preset: str | Preset | None = None,
    scale: str | StatusScale | None = None,
) -> ProgramEvaluation: ...


@overload
def evaluate(
    subject: KPI,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
    method: str | None = None,
    preset: str | Preset | None = None,
    scale: str | StatusScale | None = None,
) -> KPIEvaluation: ...


@overload
def evaluate(
    subject: Indicator,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
    method: str | None = None,
    preset: str | Preset | None = None,
    scale: str | StatusScale | None = None,
) -> Evaluation: ...


def evaluate(
    subject: Program | KPI | Indicator,
    as_of: dt.date | None = None,
    *,
    evaluators: Evaluators | None = None,
    roll_up: RollUp | str = RollUp.WORST,
    method: str | None = None,
    preset: str | Preset | None = None,
    scale: str | StatusScale | None = None,
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
        method: ``pace``, ``path`` or ``projection``: the method of every evaluator of a
            target with a figure to reach, for this run, over the document's
            ``evaluation:`` settings (the program's, then each target's, which otherwise
            apply to the registered evaluators). Every result records the method and
            parameters used.
        preset: An institution's rule to evaluate with instead of kpimodel's default
            (``open-sdg``, ``eurostat``, ``destatis``, ``cabinet``; see
            :mod:`kpimodel.evaluation.presets`); a program's ``evaluation: {preset: ...}``
            applies when none is given.
        scale: A status scale to rate every result on (``rating``; by default the
            preset's); a name or a :class:`~kpimodel.evaluation.scales.StatusScale`.

    Returns:
        A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation` or
        :class:`~kpimodel.Evaluation`.

    Raises:
        InputError: When ``as_of`` is not a date (a datetime, a number); names ``as_of``.
        UnknownTargetKindError: When a target kind has no evaluator.
        EvaluationError: When an evaluator fails; the message names the KPI.
        UnknownPresetError: When ``preset`` names no preset.
        InvalidScaleError: When ``scale`` names no scale.
    """
    _check_as_of(as_of)
    if method is not None and method not in get_args(Method):
        raise InputError(
            f"unknown method {method!r}; known methods: {', '.join(get_args(Method))}",
            field="method",
            value=method,
        )
    if preset is not None or scale is not None or _asks_for_a_preset(subject):
        from kpimodel.evaluation.presets import evaluate_with

        return evaluate_with(  # type: ignore[no-any-return]
            _evaluate,
            subject,
            as_of,
            evaluators=evaluators,
            roll_up=roll_up,
            method=method,
            preset=preset,
            scale=scale,
        )
    return _evaluate(subject, as_of, evaluators=evaluators, roll_up=roll_up, method=method)


def _asks_for_a_preset(subject: Program | KPI | Indicator) -> bool:
    # A program or a target may name a preset or a scale in its ``evaluation:`` settings.
    def asks(settings: EvaluationSettings | None) -> bool:
        return settings is not None and (settings.preset is not None or settings.scale is not None)

    if isinstance(subject, Program):
        if asks(subject.evaluation):
            return True
        kpis = [kpi for _, kpi in subject.kpis()]
    elif isinstance(subject, KPI):
        kpis = [subject]
    else:
        return isinstance(subject, Indicator) and asks(subject.target.evaluation)
    return any(asks(ind.target.evaluation) for kpi in kpis for ind in kpi.indicators)


def _evaluate(
    subject: Program | KPI | Indicator,
    as_of: dt.date | None,
    *,
    evaluators: Evaluators | None,
    roll_up: RollUp | str,
    method: str | None = None,
) -> ProgramEvaluation | KPIEvaluation | Evaluation:
    rule = RollUp(roll_up)
    if isinstance(subject, Program):
        when = as_of or subject.as_of or dt.date.today()
        kpis: list[KPIEvaluation] = []
        themes: list[ThemeEvaluation] = []
        for theme in subject.themes:
            choose = _Chooser(evaluators, subject, method)
            results = [
                _evaluate_kpi(kpi, when, choose, rule, subject, theme.id) for kpi in theme.kpis
            ]
            kpis.extend(results)
            themes.append(
                ThemeEvaluation(
                    theme_id=theme.id,
                    title=theme.title,
                    title_en=theme.title_en,
                    summary=StatusCounts.of(r.status for r in results),
                    kpis=tuple(results),
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
        return _evaluate_kpi(subject, when, _Chooser(evaluators, None, method), rule, None, None)
    if isinstance(subject, Indicator):
        chooser = _Chooser(evaluators, None, method)
        return chooser(subject, subject.id).evaluate(subject, as_of=when)
    raise TypeError(f"cannot evaluate {type(subject).__name__}; pass a Program, KPI or Indicator")
