"""The evaluator conformance check (placeholder until the evaluation tests land)."""

from __future__ import annotations

from kpimodel.errors import KPIModelError
from kpimodel.evaluation import Evaluator

__all__ = ["ConformanceError", "check_evaluator"]


class ConformanceError(KPIModelError, AssertionError):
    """An evaluator broke one of the rules every evaluator must follow."""


def check_evaluator(evaluator: Evaluator) -> None:
    """Check that ``evaluator`` follows the rules every evaluator must follow.

    Args:
        evaluator: The evaluator to check.

    Raises:
        ConformanceError: When a rule is broken.
    """
    raise NotImplementedError
