"""The figure an institution's rule judges against, as kpimodel's own evaluators read it."""

from __future__ import annotations

from kpimodel.evaluation._base import EvaluationContext
from kpimodel.evaluation.trend import TrendEvaluator
from kpimodel.model import Target, TrendTarget
from kpimodel.units import Quantity

__all__ = ["goal_of"]


def goal_of(target: Target, context: EvaluationContext) -> Quantity | None:
    """Return the figure to reach: a trend's change resolved against its baseline.

    Args:
        target: The target.
        context: The evaluation context.

    Returns:
        The figure, or ``None`` when the target has none (a direction-only trend).
    """
    if isinstance(target, TrendTarget):
        return TrendEvaluator().target_quantity(target, context)
    return target.target_value()
