"""Evaluation: from a target and its observations to a status with the reasoning shown.

One evaluator per target kind, beside the small base classes in ``_base``:

========================  ====================================  ========================
target kind               evaluator                             module
========================  ====================================  ========================
``rank``                  :class:`RankEvaluator`                ``evaluation.rank``
``ratio``                 :class:`RatioEvaluator`               ``evaluation.ratio``
``absolute``              :class:`AbsoluteEvaluator`            ``evaluation.absolute``
``cumulative``            :class:`CumulativeEvaluator`          ``evaluation.cumulative``
``trend``                 :class:`TrendEvaluator`               ``evaluation.trend``
``maintain``              :class:`MaintainEvaluator`            ``evaluation.maintain``
``reference_ratio``       :class:`ReferenceRatioEvaluator`      ``evaluation.reference_ratio``
``monitor``               :class:`MonitorEvaluator`             ``evaluation.monitor``
``pending``               :class:`PendingEvaluator`             ``evaluation.pending``
``completion``            :class:`CompletionEvaluator`          ``evaluation.completion``
``band``                  :class:`BandEvaluator`                ``evaluation.band``
``convergence``           :class:`ConvergenceEvaluator`         ``evaluation.convergence``
========================  ====================================  ========================
"""

from kpimodel.evaluation._api import evaluate
from kpimodel.evaluation._base import (
    EvaluationContext,
    Evaluator,
    Point,
    ProgressEvaluator,
    years_between,
)
from kpimodel.evaluation._diff import DiffEntry, DiffKind, KPIMatch, ProgramDiff, diff
from kpimodel.evaluation._registry import default_evaluators, evaluator_for, register_evaluator
from kpimodel.evaluation._result import (
    Attainment,
    AttainmentKind,
    Evaluation,
    KPIEvaluation,
    MilestoneCheck,
    MilestoneState,
    PaceGrade,
    ProgramEvaluation,
    Reason,
    RollUp,
    Status,
    StatusCounts,
    ThemeEvaluation,
    roll_up,
)
from kpimodel.evaluation._rows import BATCH_COLUMNS, ROW_COLUMNS, Column, ColumnKind
from kpimodel.evaluation._verdict import Verdict, default_sentences
from kpimodel.evaluation.absolute import AbsoluteEvaluator
from kpimodel.evaluation.band import BandEvaluator
from kpimodel.evaluation.completion import CompletionEvaluator
from kpimodel.evaluation.convergence import ConvergenceEvaluator
from kpimodel.evaluation.cumulative import CumulativeEvaluator
from kpimodel.evaluation.maintain import MaintainEvaluator
from kpimodel.evaluation.monitor import MonitorEvaluator
from kpimodel.evaluation.pending import PendingEvaluator
from kpimodel.evaluation.rank import RankEvaluator
from kpimodel.evaluation.ratio import RatioEvaluator
from kpimodel.evaluation.reference_ratio import ReferenceRatioEvaluator
from kpimodel.evaluation.trend import TrendEvaluator

__all__ = [
    "BATCH_COLUMNS",
    "ROW_COLUMNS",
    "AbsoluteEvaluator",
    "Attainment",
    "AttainmentKind",
    "BandEvaluator",
    "Column",
    "ColumnKind",
    "CompletionEvaluator",
    "ConvergenceEvaluator",
    "CumulativeEvaluator",
    "DiffEntry",
    "DiffKind",
    "Evaluation",
    "EvaluationContext",
    "Evaluator",
    "KPIEvaluation",
    "KPIMatch",
    "MaintainEvaluator",
    "MilestoneCheck",
    "MilestoneState",
    "MonitorEvaluator",
    "PaceGrade",
    "PendingEvaluator",
    "Point",
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
    "Verdict",
    "default_evaluators",
    "default_sentences",
    "diff",
    "evaluate",
    "evaluator_for",
    "register_evaluator",
    "roll_up",
    "years_between",
]
