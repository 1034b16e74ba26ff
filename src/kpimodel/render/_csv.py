"""CSV: one row per indicator, for spreadsheets and data frames."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation
from kpimodel.evaluation._rows import ROW_COLUMNS, ROW_NAMES, ColumnKind
from kpimodel.render._labels import check_lang
from kpimodel.render._rows import evaluation_rows

__all__ = ["COLUMNS", "to_csv"]

#: The columns of :func:`to_csv`, in order: every column of the flat row schema
#: (:data:`kpimodel.evaluation.ROW_COLUMNS`).
COLUMNS = ROW_NAMES

# A spreadsheet runs a cell that starts with one of these as a formula: quote free text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_KINDS = {column.name: column.kind for column in ROW_COLUMNS}


def _cell(kind: ColumnKind, value: Any) -> str:
    """Write one value as CSV text: exact digits for figures, ISO dates, true/false."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if kind is ColumnKind.TEXT and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _rows(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation, lang: str, what: str = "CSV"
) -> list[list[str]]:
    """The rows of :func:`to_csv` as text cells (also written into workbooks)."""
    language = check_lang(lang)
    return [
        [_cell(_KINDS[name], value) for name, value in row.items()]
        for row in evaluation_rows(evaluation, language, what)
    ]


def to_csv(evaluation: ProgramEvaluation | KPIEvaluation | Evaluation, *, lang: str = "en") -> str:
    """Render an evaluation as CSV: a header, then one row per indicator.

    The columns are the flat row schema's (:data:`COLUMNS`, documented in
    docs/json-format.md#rows), the same as :func:`kpimodel.to_dataframe` and the batch
    output: ids and titles, the KPI's and the indicator's status, the reason code and
    the explanation, the target (as a sentence and as a figure), and every figure of the
    evaluation in the row's ``unit``. Figures are written with every digit they have
    (``format(Decimal, "f")``), floats as ``repr``, dates in ISO form, flags as ``true``
    / ``false``; missing values are empty. Statuses and codes are the enum values in
    every language. Free text that a spreadsheet would run as a formula (starting with
    ``=``, ``+``, ``-`` or ``@``) is prefixed with ``'``.

    Args:
        evaluation: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation`.
        lang: The language of the prose columns (``target``, ``explanation``,
            ``rating_label``).

    Returns:
        The CSV text (one line per row, ending with a line feed).

    Raises:
        TypeError: For anything but an evaluation.
    """
    rows = _rows(evaluation, lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()
