"""Evaluations as flat rows of the schema in :mod:`kpimodel.evaluation._rows`.

One function turns an evaluation into rows of plain Python values; CSV, workbooks and
DataFrames only choose how to write them, so a column means the same in each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from kpimodel.errors import KPIModelError
from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation
from kpimodel.evaluation._rows import ROW_NAMES
from kpimodel.render._labels import Lang, describe_evaluation_target, english_text
from kpimodel.units import Quantity, Unit

__all__ = ["Row", "evaluation_rows", "pairs"]

#: One row: a value per column of :data:`~kpimodel.evaluation._rows.ROW_COLUMNS` (text,
#: ``Decimal`` figures, floats, dates, booleans; ``None`` when missing).
Row = dict[str, Any]


def pairs(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation, what: str
) -> list[tuple[KPIEvaluation | None, Evaluation]]:
    """Return each indicator's evaluation with its KPI's, in table order.

    Args:
        evaluation: A program's, a KPI's or an indicator's evaluation.
        what: What the caller writes, for the error (``"CSV"``).

    Returns:
        ``(kpi, indicator)`` pairs; ``kpi`` is ``None`` for a lone indicator.

    Raises:
        TypeError: For anything but an evaluation.
    """
    if isinstance(evaluation, ProgramEvaluation):
        return [(kpi, item) for kpi in evaluation.kpis for item in kpi.indicators]
    if isinstance(evaluation, KPIEvaluation):
        return [(evaluation, item) for item in evaluation.indicators]
    if isinstance(evaluation, Evaluation):
        return [(None, evaluation)]
    raise TypeError(
        f"cannot write {type(evaluation).__name__} as {what}; pass a ProgramEvaluation, "
        "KPIEvaluation or Evaluation (evaluate it first with kpimodel.evaluate())"
    )


def _working_unit(item: Evaluation) -> Unit | None:
    # The unit the evaluation compared in, as the batch kernel reports it: the target
    # figure's, else the rated figure's, else the latest's.
    for figure in (
        item.target_value,
        item.rated.value if item.rated is not None else None,
        item.latest.value if item.latest is not None else None,
    ):
        if figure is not None:
            return figure.unit
    return None


def _in(figure: Quantity | None, unit: Unit | None) -> Decimal | None:
    """``figure``'s magnitude in ``unit``; ``None`` when it cannot be written in it."""
    if figure is None or unit is None:
        return None
    if figure.unit == unit:
        return figure.magnitude
    try:
        return figure.magnitude_in(unit)
    except KPIModelError:
        # A figure in a unit the row's cannot hold (the reason says why the evaluator
        # could not compare them): an empty cell, never a number in a unit nobody reads.
        return None


def _label(period: Any) -> str | None:
    return str(period) if period is not None else None


def _point(period: Any) -> Any:
    return period.point if period is not None else None


def _row(
    kpi: KPIEvaluation | None,
    item: Evaluation,
    themes: Mapping[str, tuple[str, str | None]],
    lang: Lang,
) -> Row:
    theme_id = kpi.theme_id if kpi is not None else None
    theme_title, theme_title_en = themes.get(theme_id or "", (None, None))
    unit = _working_unit(item)
    latest, rated = item.latest, item.rated
    rating = item.rating
    kpi_rating = kpi.rating if kpi is not None else rating
    explanation = item.explanation_ja if lang == "ja" else english_text(item.explanation)
    attainment = item.attainment
    values: Row = {
        "theme_id": theme_id,
        "theme_title": theme_title,
        "theme_title_en": theme_title_en,
        "kpi_id": item.kpi_id,
        "indicator_id": item.indicator_id,
        "kpi_title": kpi.title if kpi is not None else None,
        "kpi_title_en": kpi.title_en if kpi is not None else None,
        "kpi_status": (kpi.status if kpi is not None else item.status).value,
        "status": item.status.value,
        "reason": str(item.reason),
        "kpi_stated_status": str(kpi.stated_status.status)
        if kpi is not None and kpi.stated_status is not None
        else None,
        "stated_status": str(item.stated_status.status) if item.stated_status else None,
        "explanation": explanation or item.explanation,
        "target_kind": item.target_kind,
        "target": describe_evaluation_target(item, lang) or None,
        "direction": item.direction.value if item.direction is not None else None,
        "deadline": _label(item.deadline),
        "milestone_deadline": _label(item.milestone.deadline) if item.milestone else None,
        "unit": unit.symbol if unit is not None else None,
        "latest_value": _in(latest.value, unit) if latest is not None else None,
        "latest_period": _label(latest.period) if latest is not None else None,
        "latest_date": _point(latest.period) if latest is not None else None,
        "report_status": str(item.report.status) if item.report is not None else None,
        "report_period": _label(item.report.period) if item.report is not None else None,
        "latest_bound": latest.bound.value if latest is not None and latest.bound else None,
        "latest_approximate": latest.value.approximate if latest is not None else None,
        "rated_value": _in(rated.value, unit) if rated is not None else None,
        "rated_period": _label(rated.period) if rated is not None else None,
        "baseline_value": _in(item.baseline, unit),
        "baseline_period": _label(item.baseline_period),
        "baseline_date": _point(item.baseline_period),
        "target_value": _in(item.target_value, unit),
        "limit_value": _in(item.limit, unit),
        "expected_value": _in(item.expected, unit),
        "projected_value": _in(item.projected, unit),
        "actual_rate": item.actual_rate,
        "required_rate": item.required_rate,
        "rate_kind": str(item.rate_kind) if item.rate_kind is not None else None,
        "pace": item.pace,
        "pace_grade": item.pace_grade.value if item.pace_grade is not None else None,
        "progress": item.progress,
        "attainment": attainment.kind.value if attainment is not None else None,
        "attainment_period": _label(attainment.period) if attainment is not None else None,
        "method": item.method,
        "as_of": item.as_of,
        "rating_scale": rating.scale if rating is not None else None,
        "kpi_rating": kpi_rating.value if kpi_rating is not None else None,
        "rating": rating.value if rating is not None else None,
        "rating_label": (rating.label_ja if lang == "ja" else rating.label) if rating else None,
        "rating_score": rating.score if rating is not None else None,
    }
    return {name: values[name] for name in ROW_NAMES}


def evaluation_rows(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation, lang: Lang, what: str
) -> Iterator[Row]:
    """Yield one row per evaluated indicator, in table order.

    Args:
        evaluation: A program's, a KPI's or an indicator's evaluation.
        lang: The language of the prose columns (``explanation``, ``target``,
            ``rating_label``).
        what: What the caller writes, for the error (``"CSV"``).

    Yields:
        Rows with a value for every column of the schema, in its order.

    Raises:
        TypeError: For anything but an evaluation.
    """
    themes: dict[str, tuple[str, str | None]] = {}
    if isinstance(evaluation, ProgramEvaluation):
        themes = {t.theme_id: (t.title, t.title_en) for t in evaluation.themes}
    for kpi, item in pairs(evaluation, what):
        yield _row(kpi, item, themes, lang)
