"""CSV: one row per indicator, for spreadsheets and data frames."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation
from kpimodel.render._labels import Lang, check_lang, describe_evaluation_target, english_text

__all__ = ["COLUMNS", "to_csv"]

#: The columns of :func:`to_csv`, in order.
COLUMNS = (
    "kpi_id",
    "indicator_id",
    "theme_id",
    "kpi_title",
    "kpi_title_en",
    "kpi_status",
    "status",
    "reason",
    "target_kind",
    "target",
    "target_value",
    "target_unit",
    "deadline",
    "latest_value",
    "latest_unit",
    "latest_period",
    "latest_bound",
    "pace",
    "pace_grade",
    "progress",
    "explanation",
    "rating_scale",
    "kpi_rating",
    "rating",
    "rating_label",
    "rating_score",
    "kpi_stated_status",
    "stated_status",
)

# A spreadsheet runs a cell that starts with one of these as a formula: quote free text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _float(value: float | None) -> str:
    return "" if value is None else repr(value)


def _rows(
    kpis: Iterable[KPIEvaluation | None], lone: Evaluation | None, lang: Lang
) -> Iterable[list[str]]:
    pairs: list[tuple[KPIEvaluation | None, Evaluation]] = []
    for kpi in kpis:
        if kpi is not None:
            pairs += [(kpi, ind) for ind in kpi.indicators]
    if lone is not None:
        pairs.append((None, lone))
    for kpi, ind in pairs:
        latest = ind.latest
        target = ind.target_value
        explanation = ind.explanation_ja if lang == "ja" else english_text(ind.explanation)
        yield [
            ind.kpi_id,
            ind.indicator_id,
            (kpi.theme_id or "") if kpi else "",
            _text(kpi.title) if kpi else "",
            _text(kpi.title_en) if kpi else "",
            kpi.status.value if kpi else ind.status.value,
            ind.status.value,
            str(ind.reason),
            ind.target_kind,
            describe_evaluation_target(ind, lang),
            format(target.magnitude, "f") if target is not None else "",
            target.unit.symbol if target is not None else "",
            str(ind.deadline) if ind.deadline is not None else "",
            format(latest.value.magnitude, "f") if latest is not None else "",
            latest.value.unit.symbol if latest is not None else "",
            str(latest.period) if latest is not None and latest.period is not None else "",
            latest.bound.value if latest is not None and latest.bound is not None else "",
            _float(ind.pace),
            ind.pace_grade.value if ind.pace_grade is not None else "",
            _float(ind.progress),
            _text(explanation or ind.explanation),
            *_rating_cells(kpi, ind, lang),
            kpi.stated_status.status if kpi is not None and kpi.stated_status else "",
            ind.stated_status.status if ind.stated_status is not None else "",
        ]


def _rating_cells(kpi: KPIEvaluation | None, ind: Evaluation, lang: Lang) -> list[str]:
    # The indicator's rating on the chosen scale, and its KPI's value on the same scale.
    rating = ind.rating
    kpi_rating = kpi.rating if kpi is not None else rating
    if rating is None:
        return ["", kpi_rating.value if kpi_rating is not None else "", "", "", ""]
    return [
        rating.scale,
        kpi_rating.value if kpi_rating is not None else "",
        rating.value,
        _text(rating.label_ja if lang == "ja" else rating.label),
        _float(rating.score),
    ]


def to_csv(evaluation: ProgramEvaluation | KPIEvaluation | Evaluation, *, lang: str = "en") -> str:
    """Render an evaluation as CSV: a header, then one row per indicator.

    Columns (see :data:`COLUMNS`): the KPI, indicator and theme ids, the KPI's titles
    (Japanese and English), the KPI's rolled-up status, the indicator's status and reason
    code, the target (kind, description, value, unit, deadline), the latest figure
    (exact magnitude, unit, period, bound), the pace ratio and its grade, the progress
    (a fraction, not clamped), the explanation, and the rating on a status scale when
    one was asked for (the scale, the KPI's value, the indicator's value, label and
    score; empty otherwise), and the statuses the document states for the KPI and the
    indicator (``stated_status``; empty when it states none). Statuses are the enum
    values in every language. Free text that a spreadsheet would run as a formula
    (starting with ``=``, ``+``, ``-`` or ``@``) is prefixed with ``'``.

    Args:
        evaluation: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation`.
        lang: The language of the target description and the explanation.

    Returns:
        The CSV text (one line per row, ending with a line feed).

    Raises:
        TypeError: For anything but an evaluation.
    """
    language = check_lang(lang)
    if isinstance(evaluation, ProgramEvaluation):
        rows = _rows(evaluation.kpis, None, language)
    elif isinstance(evaluation, KPIEvaluation):
        rows = _rows([evaluation], None, language)
    elif isinstance(evaluation, Evaluation):
        rows = _rows([], evaluation, language)
    else:
        raise TypeError(
            f"cannot write {type(evaluation).__name__} as CSV; pass a ProgramEvaluation, "
            "KPIEvaluation or Evaluation"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
