"""The evaluator of rank targets (``within the top 4 by 2035``)."""

from __future__ import annotations

from typing import ClassVar

from kpimodel.evaluation._base import ProgressEvaluator

__all__ = ["RankEvaluator"]


class RankEvaluator(ProgressEvaluator):
    """Evaluate a :class:`~kpimodel.RankTarget`: positions, where lower is better.

    Achieved when the latest position is within the top ``rank``. Otherwise the pace of
    climbing (in places per year, a linear rate) is compared with the pace needed to
    reach the top ``rank`` by the deadline, as :class:`ProgressEvaluator` describes.

    Example:
        12位 in 2025 after 13位 in 2024, target top 4 by 2035: one place a year against
        0.82 needed, pace ratio 1.22: on track.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("rank",)
