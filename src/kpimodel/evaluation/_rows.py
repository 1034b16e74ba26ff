"""The flat row schema: one row per evaluated indicator, the same columns everywhere.

CSV (:func:`kpimodel.to_csv`), workbooks, :func:`kpimodel.to_dataframe` and the batch
output (:func:`kpimodel.batch.evaluate_frame`) all write these columns, with these names
and these meanings; each writes the subset it can compute, in this order. A column is
defined here once, so that ``target`` (the target as the table states it) or
``target_value`` (its figure in the row's ``unit``) means one thing in every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["BATCH_COLUMNS", "BATCH_NAMES", "ROW_COLUMNS", "ROW_NAMES", "Column", "ColumnKind"]


class ColumnKind(StrEnum):
    """What a column holds, and so how each output writes it."""

    #: An identifier or free text (a CSV cell; ``object`` strings in a DataFrame).
    TEXT = "text"
    #: One of a fixed set of codes (statuses, reasons, grades): a category in a DataFrame.
    CODE = "code"
    #: An exact figure in the row's ``unit``: digits as printed in CSV, ``float64`` (or
    #: ``Decimal`` with ``exact=True``) in a DataFrame, ``float64`` in the batch output.
    FIGURE = "figure"
    #: A computed float (rates, pace, progress, scores).
    NUMBER = "number"
    #: A period's label (``2025年``, ``FY2024``).
    PERIOD = "period"
    #: A calendar date (a period's point, the evaluation's as-of date).
    DATE = "date"
    #: True or false (empty when unknown).
    FLAG = "flag"


@dataclass(frozen=True)
class Column:
    """One column of the flat row schema.

    Attributes:
        name: The column's name in every output.
        kind: What it holds (see :class:`ColumnKind`).
        doc: What it means, in one sentence.
        batch: Whether the batch output has it (the vectorised kernel computes figures
            and statuses, not the prose and titles that come from the model).
    """

    name: str
    kind: ColumnKind
    doc: str
    batch: bool = False


_T, _C, _F, _N, _P, _D, _B = (
    ColumnKind.TEXT,
    ColumnKind.CODE,
    ColumnKind.FIGURE,
    ColumnKind.NUMBER,
    ColumnKind.PERIOD,
    ColumnKind.DATE,
    ColumnKind.FLAG,
)

#: Every column of the flat row schema, in order.
ROW_COLUMNS: tuple[Column, ...] = (
    Column("kpi_id", _T, "The KPI's id."),
    Column("indicator_id", _T, "The indicator's id within its KPI."),
    Column("theme_id", _T, "The theme's id (empty for a KPI outside themes)."),
    Column("theme_title", _T, "The theme's title as the table prints it."),
    Column("theme_title_en", _T, "The theme's English title, when the document gives one."),
    Column("kpi_title", _T, "The KPI's title as the table prints it."),
    Column("kpi_title_en", _T, "The KPI's English title, when the document gives one."),
    Column("kpi_status", _C, "The KPI's status, rolled up from its indicators."),
    Column("status", _C, "The indicator's status.", batch=True),
    Column("reason", _C, "The machine-readable reason code of the status.", batch=True),
    Column(
        "kpi_stated_status",
        _C,
        "The KPI's status as the document states it (empty "
        "when it states none); `kpi_status` is the computed one.",
    ),
    Column(
        "stated_status",
        _C,
        "The indicator's status as the document states it; `status` is the computed one.",
    ),
    Column("explanation", _T, "The sentence that explains the status, in the output's language."),
    Column("target_kind", _C, "The kind of target (rank, ratio, absolute, trend, ...).", True),
    Column(
        "target", _T, "The target as a sentence (`≥ 5兆円 by 2030年`), in the output's language."
    ),
    Column("direction", _C, "Which way is better: higher or lower (empty when not known)."),
    Column("deadline", _P, "The target's deadline period.", batch=True),
    Column(
        "milestone_deadline",
        _P,
        "The deadline of the milestone the row was judged against (`target_value` is its "
        "figure, and the rates run to it); empty when judged against the target itself.",
    ),
    Column(
        "unit",
        _T,
        "The unit of every figure of the row: the target figure's, else the rated "
        "figure's, else the latest figure's.",
        batch=True,
    ),
    Column("latest_value", _F, "The latest figure, in `unit`.", batch=True),
    Column("latest_period", _P, "The latest figure's period.", batch=True),
    Column("latest_date", _D, "The latest figure's period's point (its end).", batch=True),
    Column(
        "report_status",
        _C,
        "For a completion target, the state of the report that "
        "decided (done, in-progress, not-started).",
    ),
    Column("report_period", _P, "The period of that report."),
    Column("latest_bound", _C, "`above` or `below` when the latest figure is a bound."),
    Column("latest_approximate", _B, "Whether the latest figure is approximate (約)."),
    Column(
        "rated_value",
        _F,
        "The figure the rates used, in `unit` (differs from the latest "
        "when the latest is a bound the rates cannot use).",
    ),
    Column("rated_period", _P, "The period of `rated_value`."),
    Column("baseline_value", _F, "The baseline the rates start from, in `unit`.", batch=True),
    Column("baseline_period", _P, "The baseline's period.", batch=True),
    Column("baseline_date", _D, "The baseline's period's point.", batch=True),
    Column("target_value", _F, "The target figure, in `unit` (a change resolved).", batch=True),
    Column("limit_value", _F, "The natural limit the thresholds scale by, in `unit`."),
    Column(
        "expected_value",
        _F,
        "Where the path to the target is as of the latest period, in `unit`.",
        batch=True,
    ),
    Column(
        "projected_value",
        _F,
        "Where the recent trend leads by the deadline, in `unit`.",
        batch=True,
    ),
    Column("actual_rate", _N, "The rate achieved per year (see `rate_kind`).", batch=True),
    Column("required_rate", _N, "The rate per year the target needs.", batch=True),
    Column("rate_kind", _C, "How the rates are measured: compound, linear or rank.", batch=True),
    Column("pace", _N, "The pace ratio (actual rate / required rate).", batch=True),
    Column("pace_grade", _C, "The pace ratio's grade on the four-grade scale.", batch=True),
    Column(
        "progress",
        _N,
        "The share of the way from baseline to target covered (negative "
        "when moving away; not clamped).",
        batch=True,
    ),
    Column("attainment", _C, "When the target is or will be met (met, projected, never)."),
    Column("attainment_period", _P, "The period in which the target is or will be met."),
    Column("method", _C, "The evaluation method (pace, path or projection)."),
    Column("as_of", _D, "The date the evaluation is as of."),
    Column("rating_scale", _C, "The status scale of the ratings (empty when none was asked)."),
    Column("kpi_rating", _C, "The KPI's value on the scale."),
    Column("rating", _C, "The indicator's value on the scale."),
    Column("rating_label", _T, "The label of `rating`, in the output's language."),
    Column("rating_score", _N, "The score of `rating` on the scale."),
)

#: The columns of the batch output, in order: the figures and codes its kernel computes.
BATCH_COLUMNS: tuple[Column, ...] = tuple(column for column in ROW_COLUMNS if column.batch)

#: The names of :data:`ROW_COLUMNS` and of :data:`BATCH_COLUMNS`, in order.
ROW_NAMES: tuple[str, ...] = tuple(column.name for column in ROW_COLUMNS)
BATCH_NAMES: tuple[str, ...] = tuple(column.name for column in BATCH_COLUMNS)
