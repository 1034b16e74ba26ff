"""kpimodel: typed key performance indicators and the evaluation of their progress.

Read a KPI table (YAML or JSON) into frozen, validated models; evaluate every KPI to a
status (achieved, on-track, behind, no-data) with the reasoning shown; render the result as
a table, JSON, HTML, a DataFrame or a plot.

Everything public is importable from this namespace; see ``__all__``. Names load on first
use (the errors and the entry points to the integrations at once), so that importing
kpimodel, and ``kpimodel --help``, stay fast.
"""

import typing as _typing

from kpimodel._display import register_converter as _register_converter
from kpimodel._display import set_loader as _set_display_loader
from kpimodel.errors import (
    DimensionMismatchError,
    DocumentSyntaxError,
    DuplicateKPIError,
    DuplicateObservationError,
    EvaluationError,
    FileReadError,
    InconsistentTargetError,
    InputError,
    InvalidScaleError,
    KPIModelError,
    LimitExceededError,
    PeriodParseError,
    QuantityParseError,
    SchemaError,
    UnknownPresetError,
    UnknownTargetKindError,
    UnknownUnitError,
)
from kpimodel.integrations._entry import observations_dataframe as _observations_dataframe
from kpimodel.integrations._entry import plot, plot_overview, to_dataframe

if _typing.TYPE_CHECKING:
    from kpimodel.evaluation import (
        AbsoluteEvaluator,
        BandEvaluator,
        CompletionEvaluator,
        ConvergenceEvaluator,
        CumulativeEvaluator,
        DiffEntry,
        DiffKind,
        Evaluation,
        EvaluationContext,
        Evaluator,
        KPIEvaluation,
        MaintainEvaluator,
        MonitorEvaluator,
        PaceGrade,
        PendingEvaluator,
        ProgramDiff,
        ProgramEvaluation,
        ProgressEvaluator,
        RankEvaluator,
        RatioEvaluator,
        Reason,
        ReferenceRatioEvaluator,
        RollUp,
        Status,
        StatusCounts,
        ThemeEvaluation,
        TrendEvaluator,
        diff,
        evaluate,
        register_evaluator,
    )
    from kpimodel.io import dump, dumps, load, loads, parse_program, program_schema
    from kpimodel.model import (
        KPI,
        AbsoluteTarget,
        BandTarget,
        Baseline,
        Bound,
        Change,
        CompletionReport,
        CompletionTarget,
        ConvergenceTarget,
        CumulativeTarget,
        Direction,
        Indicator,
        MaintainTarget,
        Milestone,
        MonitorTarget,
        Observation,
        PendingTarget,
        Program,
        RankTarget,
        RatioTarget,
        ReferenceRatioTarget,
        ReferenceSeries,
        StatedStatus,
        Target,
        Theme,
        TrendTarget,
        target_kinds,
    )
    from kpimodel.periods import (
        CalendarYear,
        DateRange,
        Day,
        FiscalYear,
        Month,
        Period,
        Quarter,
        YearSpan,
        parse_period,
    )
    from kpimodel.render import report, to_csv, to_html, to_json, to_markdown, to_table
    from kpimodel.units import (
        Quantity,
        Rank,
        Unit,
        parse_quantity,
        percentage_point_change,
        relative_change,
    )

if _typing.TYPE_CHECKING:
    from kpimodel.integrations.site import site

__version__ = "0.1.0"

__all__ = [
    "KPI",
    "AbsoluteEvaluator",
    "AbsoluteTarget",
    "BandEvaluator",
    "BandTarget",
    "Baseline",
    "Bound",
    "CalendarYear",
    "Change",
    "CompletionEvaluator",
    "CompletionReport",
    "CompletionTarget",
    "ConvergenceEvaluator",
    "ConvergenceTarget",
    "CumulativeEvaluator",
    "CumulativeTarget",
    "DateRange",
    "Day",
    "DiffEntry",
    "DiffKind",
    "DimensionMismatchError",
    "Direction",
    "DocumentSyntaxError",
    "DuplicateKPIError",
    "DuplicateObservationError",
    "Evaluation",
    "EvaluationContext",
    "EvaluationError",
    "Evaluator",
    "FileReadError",
    "FiscalYear",
    "InconsistentTargetError",
    "Indicator",
    "InputError",
    "InvalidScaleError",
    "KPIEvaluation",
    "KPIModelError",
    "LimitExceededError",
    "MaintainEvaluator",
    "MaintainTarget",
    "Milestone",
    "MonitorEvaluator",
    "MonitorTarget",
    "Month",
    "Observation",
    "PaceGrade",
    "PendingEvaluator",
    "PendingTarget",
    "Period",
    "PeriodParseError",
    "Program",
    "ProgramDiff",
    "ProgramEvaluation",
    "ProgressEvaluator",
    "Quantity",
    "QuantityParseError",
    "Quarter",
    "Rank",
    "RankEvaluator",
    "RankTarget",
    "RatioEvaluator",
    "RatioTarget",
    "Reason",
    "ReferenceRatioEvaluator",
    "ReferenceRatioTarget",
    "ReferenceSeries",
    "RollUp",
    "SchemaError",
    "StatedStatus",
    "Status",
    "StatusCounts",
    "Target",
    "Theme",
    "ThemeEvaluation",
    "TrendEvaluator",
    "TrendTarget",
    "Unit",
    "UnknownPresetError",
    "UnknownTargetKindError",
    "UnknownUnitError",
    "YearSpan",
    "__version__",
    "diff",
    "dump",
    "dumps",
    "evaluate",
    "load",
    "loads",
    "parse_period",
    "parse_program",
    "parse_quantity",
    "percentage_point_change",
    "plot",
    "plot_overview",
    "program_schema",
    "register_evaluator",
    "relative_change",
    "report",
    "site",
    "target_kinds",
    "to_csv",
    "to_dataframe",
    "to_html",
    "to_json",
    "to_markdown",
    "to_table",
]

# Conversion methods (KPI.to_dataframe(), ProgramEvaluation.to_dataframe()) are offered by
# the lower layers and provided here, by the integrations layer, without importing pandas.
_register_converter("dataframe", to_dataframe)
_register_converter("observations", _observations_dataframe)

_SUBPACKAGES = frozenset({"batch", "datasets", "integrations", "readers", "render", "testing"})

#: The module each public name is imported from on first use.
_HOMES: dict[str, str] = {
    # The report site's verb; its module needs the ``site`` extra only when it runs.
    "site": "kpimodel.integrations.site",
    **dict.fromkeys(
        (
            "AbsoluteEvaluator",
            "BandEvaluator",
            "CompletionEvaluator",
            "ConvergenceEvaluator",
            "CumulativeEvaluator",
            "DiffEntry",
            "DiffKind",
            "Evaluation",
            "EvaluationContext",
            "Evaluator",
            "KPIEvaluation",
            "MaintainEvaluator",
            "MonitorEvaluator",
            "PaceGrade",
            "PendingEvaluator",
            "ProgramDiff",
            "ProgramEvaluation",
            "ProgressEvaluator",
            "RankEvaluator",
            "RatioEvaluator",
            "Reason",
            "ReferenceRatioEvaluator",
            "RollUp",
            "Status",
            "StatusCounts",
            "ThemeEvaluation",
            "TrendEvaluator",
            "diff",
            "evaluate",
            "register_evaluator",
        ),
        "kpimodel.evaluation",
    ),
    **dict.fromkeys(
        ("dump", "dumps", "load", "loads", "parse_program", "program_schema"), "kpimodel.io"
    ),
    **dict.fromkeys(
        (
            "KPI",
            "AbsoluteTarget",
            "BandTarget",
            "Baseline",
            "Bound",
            "Change",
            "CompletionReport",
            "CompletionTarget",
            "ConvergenceTarget",
            "CumulativeTarget",
            "Direction",
            "Indicator",
            "MaintainTarget",
            "Milestone",
            "MonitorTarget",
            "Observation",
            "PendingTarget",
            "Program",
            "RankTarget",
            "RatioTarget",
            "ReferenceRatioTarget",
            "ReferenceSeries",
            "StatedStatus",
            "Target",
            "Theme",
            "TrendTarget",
            "target_kinds",
        ),
        "kpimodel.model",
    ),
    **dict.fromkeys(
        (
            "CalendarYear",
            "DateRange",
            "Day",
            "FiscalYear",
            "Month",
            "Period",
            "Quarter",
            "YearSpan",
            "parse_period",
        ),
        "kpimodel.periods",
    ),
    **dict.fromkeys(
        ("report", "to_csv", "to_html", "to_json", "to_markdown", "to_table"), "kpimodel.render"
    ),
    **dict.fromkeys(
        (
            "Quantity",
            "Rank",
            "Unit",
            "parse_quantity",
            "percentage_point_change",
            "relative_change",
        ),
        "kpimodel.units",
    ),
}


def _load_renderers() -> None:
    import importlib

    importlib.import_module("kpimodel.render")


# Display hooks (Jupyter, rich) are registered by the render layer: load it when an object
# is first displayed, not when kpimodel is imported.
_set_display_loader(_load_renderers)


def __getattr__(name: str) -> object:
    # Public names and subpackages load on first use (``kpimodel.evaluate``,
    # ``kpimodel.datasets.load(...)``) so that importing kpimodel stays fast and pulls in
    # no optional dependency.
    import importlib

    home = _HOMES.get(name)
    if home is not None:
        value = getattr(importlib.import_module(home), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name in _SUBPACKAGES:
        return importlib.import_module(f"kpimodel.{name}")
    raise AttributeError(f"module 'kpimodel' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBPACKAGES})
