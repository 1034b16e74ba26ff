"""Presets: other institutions' progress rules, as named sets of evaluator choices.

``kpimodel.evaluate(program, preset="open-sdg")``, ``kpimodel report --preset open-sdg``
or ``evaluation: {preset: open-sdg}`` in a program document evaluates with an
institution's rule instead of kpimodel's default (which is unchanged), and rates every
result on the preset's status scale:

============  ==================================================  ============
preset        rule                                                scale
============  ==================================================  ============
``open-sdg``  sdg-build 2.4 ``ProgressMeasure`` (compatibility)   ``open-sdg``
``eurostat``  Eurostat EU SDG monitoring, long and short term     ``eurostat``
``destatis``  Destatis weather symbols (5-year projection)        ``destatis``
``cabinet``   Cabinet Secretariat KPI review (A / B / F / N)      ``cabinet``
============  ==================================================  ============

A preset replaces the evaluators of the target kinds its rule covers; other kinds keep
kpimodel's default evaluator, and their results are placed on the preset's scale by the
scale's rules. Evaluators passed explicitly (``evaluators=``) win over the preset's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ConfigDict

from kpimodel.errors import KPIModelError, UnknownPresetError
from kpimodel.evaluation._base import Evaluator
from kpimodel.evaluation._registry import evaluator_for
from kpimodel.evaluation._result import (
    Evaluation,
    KPIEvaluation,
    ProgramEvaluation,
    RollUp,
    StatusCounts,
    ThemeEvaluation,
)
from kpimodel.evaluation._verdict import with_stated
from kpimodel.evaluation.presets import open_sdg
from kpimodel.evaluation.presets.cabinet import CabinetEvaluator
from kpimodel.evaluation.presets.destatis import DestatisEvaluator
from kpimodel.evaluation.presets.eurostat import EurostatEvaluator
from kpimodel.evaluation.presets.open_sdg import OpenSDGEvaluator
from kpimodel.evaluation.scales import StatusScale, rate, scale_for
from kpimodel.model import KPI, Indicator, Program, target_kinds

__all__ = [
    "CabinetEvaluator",
    "DestatisEvaluator",
    "EurostatEvaluator",
    "OpenSDGEvaluator",
    "Preset",
    "preset_for",
    "presets",
]


@dataclass(frozen=True)
class Preset:
    """A named, documented set of evaluator choices and the scale its results are rated on.

    Attributes:
        name: The preset's name (``open-sdg``).
        title: Its title in English.
        title_ja: Its title in Japanese.
        source: The published rule it reproduces.
        evaluators: The evaluators it uses, by target kind.
        scale: The name of its status scale.
        kpi_rating: How a KPI's rating follows from its indicators' (``None``: the
            scale's rules applied to the KPI's rolled-up status).
        kpi_status: Whether the KPI's status follows its rating (Open SDG's mean score)
            rather than kpimodel's roll-up of the indicators' statuses.
    """

    name: str
    title: str
    title_ja: str
    source: str
    evaluators: Mapping[str, Evaluator]
    scale: str
    kpi_rating: Callable[[KPIEvaluation], Any] | None = None
    kpi_status: bool = False
    notes: tuple[str, ...] = field(default=())


def _open_sdg_kpi(kpi: KPIEvaluation) -> Any:
    return open_sdg.indicator_progress(kpi.indicators)


def _builtin() -> dict[str, Preset]:
    sdg = OpenSDGEvaluator()
    eurostat = EurostatEvaluator()
    destatis = DestatisEvaluator()
    cabinet = CabinetEvaluator()
    return {
        "open-sdg": Preset(
            name="open-sdg",
            title="Open SDG progress status (sdg-build 2.4, compatibility)",
            title_ja="Open SDG 進捗状況（sdg-build 2.4 互換）",
            source=(
                "open-sdg/sdg-build sdg/ProgressMeasure.py; open-sdg docs/progress-methodology.md"
            ),
            evaluators=dict.fromkeys(sdg.target_kinds, sdg),
            scale="open-sdg",
            kpi_rating=_open_sdg_kpi,
            kpi_status=True,
        ),
        "eurostat": Preset(
            name="eurostat",
            title="Eurostat EU SDG monitoring (long and short term)",
            title_ja="Eurostat EU SDG モニタリング（長期・短期）",
            source="Eurostat, Sustainable development in the European Union, monitoring report",
            evaluators=dict.fromkeys(eurostat.target_kinds, eurostat),
            scale="eurostat",
        ),
        "destatis": Preset(
            name="destatis",
            title="Destatis weather symbols",
            title_ja="ドイツ連邦統計局の天気記号",
            source="German Sustainable Development Strategy, indicator status methodology",
            evaluators=dict.fromkeys(destatis.target_kinds, destatis),
            scale="destatis",
        ),
        "cabinet": Preset(
            name="cabinet",
            title="Cabinet Secretariat KPI review (A / B / F / N)",
            title_ja="内閣官房 KPI 進捗状況（A・B・F・N）",
            source="Cabinet Secretariat growth-strategy KPI follow-up (KPIの進捗状況)",
            evaluators=dict.fromkeys(cabinet.target_kinds, cabinet),
            scale="cabinet",
        ),
    }


_PRESETS = _builtin()


def presets() -> dict[str, Preset]:
    """Return the built-in presets, by name."""
    return dict(_PRESETS)


def preset_for(preset: str | Preset) -> Preset:
    """Return the preset named ``preset`` (a preset is returned as it is).

    Raises:
        UnknownPresetError: When no preset has that name.
    """
    if isinstance(preset, Preset):
        return preset
    found = _PRESETS.get(preset)
    if found is None:
        raise UnknownPresetError(
            f"unknown evaluation preset {preset!r}; known presets: {', '.join(sorted(_PRESETS))}",
            field="evaluation.preset",
            value=preset,
        )
    return found


def apply(
    result: Any,
    preset: Preset | None,
    scale: StatusScale | None,
) -> Any:
    """Rate a result evaluated with a preset's evaluators on the scale, and roll KPIs up.

    Args:
        result: An indicator, KPI or program evaluation.
        preset: The preset used, if any.
        scale: The scale to rate on (by default the preset's).

    Returns:
        The result with its ratings, and (for a preset whose KPI status follows its
        rating) its KPI statuses and program counts recomputed.
    """
    chosen = scale if scale is not None else scale_for(preset.scale) if preset else None
    if chosen is None:
        return result
    if isinstance(result, ProgramEvaluation):
        kpis = tuple(_kpi(k, preset, chosen) for k in result.kpis)
        themes = tuple(
            ThemeEvaluation(
                theme_id=t.theme_id,
                title=t.title,
                title_en=t.title_en,
                summary=StatusCounts.of(k.status for k in kpis if k.theme_id == t.theme_id),
            )
            for t in result.themes
        )
        return result.model_copy(
            update={
                "kpis": kpis,
                "themes": themes,
                "summary": StatusCounts.of(k.status for k in kpis),
            }
        )
    if isinstance(result, KPIEvaluation):
        return _kpi(result, preset, chosen)
    return rate(result, chosen)


def _kpi(kpi: KPIEvaluation, preset: Preset | None, scale: StatusScale) -> KPIEvaluation:
    indicators = tuple(rate(item, scale) for item in kpi.indicators)
    kpi = kpi.model_copy(update={"indicators": indicators, "rating": None})
    if preset is None or preset.kpi_rating is None or preset.scale != scale.name:
        return kpi.model_copy(update={"rating": scale.rate(kpi)})
    rating = preset.kpi_rating(kpi)
    update: dict[str, Any] = {"rating": rating}
    if preset.kpi_status:
        update.update(_status_from_rating(kpi, rating))
        update["explanation"], update["explanation_ja"] = with_stated(
            update["explanation"],
            update["explanation_ja"],
            kpi.stated_status,
            update["status"],
            of_kpi=len(kpi.indicators) > 1,
        )
    return kpi.model_copy(update=update)


def _status_from_rating(kpi: KPIEvaluation, rating: Any) -> dict[str, Any]:
    status, reason = open_sdg.kpimodel_status(rating.value)
    scored = [i for i in kpi.indicators if i.rating is not None and i.rating.score is not None]
    if len(scored) == 1 and scored[0].rating is not None and scored[0].rating.value == rating.value:
        only = scored[0]
        return {
            "status": only.status,
            "reason": only.reason,
            "explanation": only.explanation,
            "explanation_ja": only.explanation_ja,
        }
    score = (
        "no series can be scored"
        if rating.score is None
        else f"mean score {rating.score:.2f} over {len(scored)} series"
    )
    score_ja = (
        "スコアを計算できる系列がない"
        if rating.score is None
        else f"{len(scored)}系列の平均スコア{rating.score:.2f}"
    )
    return {
        "status": status,
        "reason": reason,
        "explanation": f"Open SDG: {rating.label}: {score}.",
        "explanation_ja": f"Open SDG：{rating.label_ja}（{score_ja}）。",
    }


def _indicators(subject: Any) -> list[Indicator]:
    if isinstance(subject, Indicator):
        return [subject]
    if isinstance(subject, KPI):
        return list(subject.indicators)
    if isinstance(subject, Program):
        return [ind for _, kpi in subject.kpis() for ind in kpi.indicators]
    return []


class _PerTarget(Evaluator):
    """Evaluate with the preset a target names (``evaluation: {preset: ...}``), if any."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    fallback: Evaluator

    def evaluate(
        self,
        indicator: Indicator,
        *,
        as_of: dt.date,
        kpi_id: str = "",
        program: Program | None = None,
    ) -> Evaluation:
        choice = indicator.target.evaluation
        if choice is None or (choice.preset is None and choice.scale is None):
            return self.fallback.evaluate(indicator, as_of=as_of, kpi_id=kpi_id, program=program)
        try:
            chosen = preset_for(choice.preset) if choice.preset is not None else None
            scale = scale_for(choice.scale or (chosen.scale if chosen else ""))
        except KPIModelError as exc:
            field = "preset" if exc.field == "evaluation.preset" else "scale"
            raise type(exc)(
                exc.message,
                kpi_id=kpi_id or indicator.id,
                field=f"indicators.{indicator.id}.target.evaluation.{field}",
                value=exc.value,
            ) from None
        kind = indicator.target.kind
        evaluator = chosen.evaluators.get(kind, self.fallback) if chosen else self.fallback
        result = evaluator.evaluate(indicator, as_of=as_of, kpi_id=kpi_id, program=program)
        return result.model_copy(update={"rating": scale.rate(result)})


def evaluate_with(
    run: Callable[..., Any],
    subject: Any,
    as_of: dt.date | None,
    *,
    evaluators: Mapping[str, Evaluator | type[Evaluator]] | None,
    roll_up: RollUp | str,
    method: str | None = None,
    preset: str | Preset | None,
    scale: str | StatusScale | None,
) -> Any:
    """Evaluate ``subject`` with a preset and/or a scale (``kpimodel.evaluate``'s work).

    The program's own ``evaluation: {preset, scale}`` applies when the call names none.

    Args:
        run: The plain evaluation function (``kpimodel.evaluate`` without a preset).
        subject: A program, KPI or indicator.
        as_of: The evaluation date.
        evaluators: Explicit evaluators, by target kind (they win over the preset's).
        roll_up: The roll-up rule.
        method: The run's evaluation method (``kpimodel.evaluate``'s ``method``).
        preset: The preset or its name.
        scale: The scale or its name.

    Returns:
        The evaluation, rated.
    """
    per_target = preset is None and any(
        ind.target.evaluation is not None
        and (ind.target.evaluation.preset is not None or ind.target.evaluation.scale is not None)
        for ind in _indicators(subject)
    )
    choice = getattr(subject, "evaluation", None)
    if preset is None and choice is not None:
        preset = getattr(choice, "preset", None)
    if scale is None and choice is not None:
        scale = getattr(choice, "scale", None)
    chosen = preset_for(preset) if preset is not None else None
    merged: dict[str, Evaluator | type[Evaluator]] = dict(chosen.evaluators) if chosen else {}
    if per_target:
        # Targets that name their own preset are evaluated by it; the others as before.
        for kind in target_kinds():
            fallback = merged.get(kind) or evaluator_for(kind)
            if isinstance(fallback, type):
                fallback = fallback()
            merged[kind] = _PerTarget(fallback=fallback)
    merged.update(evaluators or {})
    result = run(subject, as_of, evaluators=merged or None, roll_up=roll_up, method=method)
    return apply(result, chosen, scale_for(scale) if scale is not None else None)
