"""The domain model: programs, themes, KPIs, indicators, targets and observations.

Every class is a frozen pydantic model with a JSON Schema. Magnitudes are exact
``Decimal`` values, so a figure such as 32,163,179 or 3,235億円 survives a JSON or YAML
round trip digit for digit.
"""

from kpimodel.model._completion import CompletionReport, CompletionState
from kpimodel.model._observation import Bound, Change, Observation, Value
from kpimodel.model._program import (
    KPI,
    MAX_OBSERVATIONS,
    Indicator,
    Program,
    ReferenceSeries,
    RollUp,
    Theme,
    known_as_of,
)
from kpimodel.model._stated import StatedStatus
from kpimodel.model._targets import (
    AbsoluteTarget,
    AnyTarget,
    Bands,
    BandTarget,
    Baseline,
    CompletionTarget,
    ConvergenceTarget,
    CumulativeTarget,
    Direction,
    EvaluationSettings,
    LimitedTarget,
    MaintainTarget,
    Milestone,
    MonitorTarget,
    PendingTarget,
    PriorTarget,
    RankTarget,
    RatioTarget,
    ReferenceRatioTarget,
    Target,
    TrajectoryPoint,
    TrendTarget,
    target_kinds,
)

__all__ = [
    "KPI",
    "MAX_OBSERVATIONS",
    "AbsoluteTarget",
    "AnyTarget",
    "BandTarget",
    "Bands",
    "Baseline",
    "Bound",
    "Change",
    "CompletionReport",
    "CompletionState",
    "CompletionTarget",
    "ConvergenceTarget",
    "CumulativeTarget",
    "Direction",
    "EvaluationSettings",
    "Indicator",
    "LimitedTarget",
    "MaintainTarget",
    "Milestone",
    "MonitorTarget",
    "Observation",
    "PendingTarget",
    "PriorTarget",
    "Program",
    "RankTarget",
    "RatioTarget",
    "ReferenceRatioTarget",
    "ReferenceSeries",
    "RollUp",
    "StatedStatus",
    "Target",
    "Theme",
    "TrajectoryPoint",
    "TrendTarget",
    "Value",
    "known_as_of",
    "target_kinds",
]
