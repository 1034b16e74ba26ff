"""JSON: every status, reason and figure of an evaluation, in a stable documented shape.

The format is documented in ``docs/json-format.md``; its keys are stable. Output is
deterministic: the same evaluation always gives the same bytes (keys in a fixed order,
UTF-8 text unescaped, exact magnitudes as strings, non-finite numbers as ``null``).
"""

from __future__ import annotations

import json
import math
from typing import Any

from kpimodel.evaluation import (
    Attainment,
    Evaluation,
    KPIEvaluation,
    ProgramEvaluation,
    StatusCounts,
)
from kpimodel.evaluation.scales import Rating
from kpimodel.model import CompletionReport, Observation, PriorTarget, StatedStatus
from kpimodel.periods import Period
from kpimodel.render._labels import describe_evaluation_target
from kpimodel.units import Quantity

__all__ = ["FORMAT", "FORMAT_VERSION", "to_data", "to_json"]

#: The value of the ``format`` key of every document.
FORMAT = "kpimodel-evaluation"
#: The value of the ``format_version`` key; it changes only when a key changes meaning.
FORMAT_VERSION = 1


def _number(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return value


def _quantity(value: Quantity | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "text": str(value),
        "magnitude": format(value.magnitude, "f"),
        "unit": value.unit.symbol,
        "approximate": value.approximate,
    }


def _period(period: Period | None) -> dict[str, Any] | None:
    if period is None:
        return None
    return {
        "text": str(period),
        "kind": period.kind,
        "first_day": period.start.isoformat(),
        "last_day": period.last_day.isoformat(),
    }


def _observation(obs: Observation | None) -> dict[str, Any] | None:
    if obs is None:
        return None
    return {
        "value": _quantity(obs.value),
        "period": _period(obs.period),
        "bound": obs.bound.value if obs.bound is not None else None,
        "derived": obs.derived,
        "published": obs.published.isoformat() if obs.published is not None else None,
        "edition": obs.edition,
    }


def _prior(prior: PriorTarget) -> dict[str, Any]:
    return {
        "kind": prior.kind,
        "value": _quantity(prior.value),
        "deadline": _period(prior.deadline),
        "text": prior.text,
        "edition": prior.edition,
    }


def _lineage(item: Evaluation) -> dict[str, Any]:
    """The target's lineage: the edition that set it, what it replaced, the old baseline."""
    target = item.target
    baseline = target.baseline if target is not None else None
    revised = baseline.revised_from if baseline is not None else None
    return {
        "target_edition": target.edition if target is not None else None,
        "target_replaces": [_prior(p) for p in target.replaces] if target is not None else [],
        "baseline_edition": baseline.edition if baseline is not None else None,
        "baseline_revised_from": _quantity(revised.value) if revised is not None else None,
    }


def _summary(counts: StatusCounts) -> dict[str, int]:
    return counts.as_dict()


def _plain(value: Any) -> Any:
    """Make evaluator parameters JSON-safe and key-sorted, whatever a custom one holds."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return _number(value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def rating_data(rating: Rating | None) -> dict[str, Any] | None:
    """Return the JSON object of a rating: scale, value, labels, score, colour, icon, parts."""
    if rating is None:
        return None
    return {
        "scale": rating.scale,
        "value": rating.value,
        "label": rating.label,
        "label_ja": rating.label_ja,
        "score": _number(rating.score),
        "colour": rating.colour,
        "icon": rating.icon,
        "parts": {name: rating_data(part) for name, part in rating.parts.items()},
    }


def _report(report: CompletionReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "period": _period(report.period),
        "status": report.status.value,
        "source": report.source,
        "note": report.note,
    }


def stated_data(stated: StatedStatus | None) -> dict[str, Any] | None:
    """Return the JSON object of a status the document states (``{status, note, source}``)."""
    if stated is None:
        return None
    return {"status": stated.status, "note": stated.note, "source": stated.source}


def _attainment(attainment: Attainment | None) -> dict[str, Any] | None:
    if attainment is None:
        return None
    return {
        "kind": attainment.kind.value,
        "period": _period(attainment.period),
        "by_deadline": attainment.by_deadline,
    }


def indicator_data(item: Evaluation) -> dict[str, Any]:
    """Return the JSON object of one indicator evaluation (see ``docs/json-format.md``)."""
    return {
        "id": item.indicator_id,
        "kpi": item.kpi_id,
        "target_kind": item.target_kind,
        "status": item.status.value,
        "rating": rating_data(item.rating),
        "stated_status": stated_data(item.stated_status),
        "reason": str(item.reason),
        "explanation": item.explanation,
        "explanation_ja": item.explanation_ja,
        "direction": item.direction,
        "target": _quantity(item.target_value),
        "target_text": describe_evaluation_target(item, "en"),
        "target_text_ja": describe_evaluation_target(item, "ja"),
        "limit": _quantity(item.limit),
        "deadline": _period(item.deadline),
        "latest": _observation(item.latest),
        "baseline": _quantity(item.baseline),
        "baseline_period": _period(item.baseline_period),
        **_lineage(item),
        "expected": _quantity(item.expected),
        "projected": _quantity(item.projected),
        "actual_rate": _number(item.actual_rate),
        "required_rate": _number(item.required_rate),
        "rate_kind": item.rate_kind,
        "pace": _number(item.pace),
        "pace_grade": item.pace_grade.value if item.pace_grade is not None else None,
        "progress": _number(item.progress),
        "attainment": _attainment(item.attainment),
        "report": _report(item.report),
        "method": item.method,
        "parameters": _plain(item.parameters),
    }


def kpi_data(item: KPIEvaluation) -> dict[str, Any]:
    """Return the JSON object of one KPI evaluation (see ``docs/json-format.md``)."""
    return {
        "id": item.kpi_id,
        "theme": item.theme_id,
        "title": item.title,
        "title_en": item.title_en,
        "status": item.status.value,
        "rating": rating_data(item.rating),
        "stated_status": stated_data(item.stated_status),
        "reason": str(item.reason),
        "explanation": item.explanation,
        "explanation_ja": item.explanation_ja,
        "roll_up": item.roll_up.value,
        "indicators": [indicator_data(ind) for ind in item.indicators],
    }


def program_data(item: ProgramEvaluation) -> dict[str, Any]:
    """Return the JSON document of a program evaluation (see ``docs/json-format.md``)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "program": item.program,
        "program_en": item.program_en,
        "as_of": item.as_of.isoformat(),
        "roll_up": item.roll_up.value,
        "summary": _summary(item.summary),
        "themes": [
            {
                "id": theme.theme_id,
                "title": theme.title,
                "title_en": theme.title_en,
                "summary": _summary(theme.summary),
            }
            for theme in item.themes
        ],
        "kpis": [kpi_data(kpi) for kpi in item.kpis],
    }


def to_data(evaluation: ProgramEvaluation | KPIEvaluation | Evaluation) -> dict[str, Any]:
    """Return what :func:`to_json` writes, as plain Python data.

    Args:
        evaluation: A program, KPI or indicator evaluation.

    Returns:
        The document: for a program, the whole document; for a KPI or an indicator, its
        object with ``format``, ``format_version`` and ``as_of`` keys in front.

    Raises:
        TypeError: For anything but an evaluation.
    """
    if isinstance(evaluation, ProgramEvaluation):
        return program_data(evaluation)
    head: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    if isinstance(evaluation, KPIEvaluation):
        as_of = evaluation.indicators[0].as_of.isoformat() if evaluation.indicators else None
        return {**head, "as_of": as_of, **kpi_data(evaluation)}
    if isinstance(evaluation, Evaluation):
        return {**head, "as_of": evaluation.as_of.isoformat(), **indicator_data(evaluation)}
    raise TypeError(
        f"cannot write {type(evaluation).__name__} as JSON; pass a ProgramEvaluation, "
        "KPIEvaluation or Evaluation"
    )


def to_json(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation, *, indent: int | None = 2
) -> str:
    """Render an evaluation as JSON (format documented in ``docs/json-format.md``).

    A program evaluation gives an object with ``program``, ``as_of``, ``summary`` (KPI
    counts keyed by status value), ``themes`` and ``kpis``; each KPI lists its
    ``indicators`` with their statuses, reasons, explanations (English and Japanese) and
    figures (latest value and period, target, deadline, baseline, rates, pace, grade,
    progress). Status values are ``achieved``, ``on-track``, ``behind`` and ``no-data``.
    The output is deterministic: the same evaluation gives byte-identical text.

    Args:
        evaluation: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation`.
        indent: Indentation (``None`` for one line).

    Returns:
        The JSON text, ending with a newline.
    """
    text = json.dumps(to_data(evaluation), ensure_ascii=False, indent=indent, allow_nan=False)
    return text + "\n"
