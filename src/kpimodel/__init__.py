"""kpimodel: typed key performance indicators and the evaluation of their progress.

Read a KPI table (YAML or JSON) into frozen, validated models; evaluate every KPI to a
status (achieved, on-track, behind, no-data) with the reasoning shown; render the result as
a table, JSON, HTML, a DataFrame or a plot.

Everything public is importable from this namespace; see ``__all__``.
"""

from kpimodel._display import register_converter as _register_converter
from kpimodel.errors import (
    DimensionMismatchError,
    DocumentSyntaxError,
    DuplicateKPIError,
    DuplicateObservationError,
    EvaluationError,
    FileReadError,
    InconsistentTargetError,
    InputError,
    KPIModelError,
    LimitExceededError,
    PeriodParseError,
    QuantityParseError,
    SchemaError,
    UnknownTargetKindError,
    UnknownUnitError,
)
from kpimodel.evaluation import (
    AbsoluteEvaluator,
    CumulativeEvaluator,
    Evaluation,
    EvaluationContext,
    Evaluator,
    KPIEvaluation,
    MaintainEvaluator,
    MonitorEvaluator,
    PaceGrade,
    PendingEvaluator,
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
    evaluate,
    register_evaluator,
)
from kpimodel.integrations._entry import observations_dataframe as _observations_dataframe
from kpimodel.integrations._entry import plot, plot_overview, to_dataframe
from kpimodel.io import dump, dumps, load, loads, parse_program, program_schema
from kpimodel.model import (
    KPI,
    AbsoluteTarget,
    Baseline,
    Bound,
    Change,
    CumulativeTarget,
    Direction,
    Indicator,
    MaintainTarget,
    MonitorTarget,
    Observation,
    PendingTarget,
    Program,
    RankTarget,
    RatioTarget,
    ReferenceRatioTarget,
    ReferenceSeries,
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

__version__ = "0.1.0"

__all__ = [
    "KPI",
    "AbsoluteEvaluator",
    "AbsoluteTarget",
    "Baseline",
    "Bound",
    "CalendarYear",
    "Change",
    "CumulativeEvaluator",
    "CumulativeTarget",
    "DateRange",
    "Day",
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
    "KPIEvaluation",
    "KPIModelError",
    "LimitExceededError",
    "MaintainEvaluator",
    "MaintainTarget",
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
    "Status",
    "StatusCounts",
    "Target",
    "Theme",
    "ThemeEvaluation",
    "TrendEvaluator",
    "TrendTarget",
    "Unit",
    "UnknownTargetKindError",
    "UnknownUnitError",
    "YearSpan",
    "__version__",
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

_SUBPACKAGES = frozenset({"batch", "datasets", "integrations", "render", "testing"})


def __getattr__(name: str) -> object:
    # Subpackages load on first use (``kpimodel.datasets.load(...)``) so that importing
    # kpimodel stays fast and pulls in no optional dependency.
    if name in _SUBPACKAGES:
        import importlib

        return importlib.import_module(f"kpimodel.{name}")
    raise AttributeError(f"module 'kpimodel' has no attribute {name!r}")
