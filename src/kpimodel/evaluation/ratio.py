"""The evaluator of ratio targets (``50% or more by 2035``)."""

from __future__ import annotations

from typing import ClassVar

from kpimodel.evaluation._base import ProgressEvaluator

__all__ = ["RatioEvaluator"]


class RatioEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.RatioTarget`: a share to reach.

    Shares change linearly (in percentage points per year) by default: a compound rate of
    a percentage means little. Otherwise as :class:`ProgressEvaluator` describes.

    Example:
        52% in 2025 against "at least 50% by 2035": achieved (``target-met``).
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("ratio",)
