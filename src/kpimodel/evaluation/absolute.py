"""The evaluator of absolute targets (``5兆円 by 2030``, ``0件 by 2030``)."""

from __future__ import annotations

from typing import ClassVar

from kpimodel.evaluation._base import ProgressEvaluator

__all__ = ["AbsoluteEvaluator"]


class AbsoluteEvaluator(ProgressEvaluator):
    """Evaluate an :class:`~kpimodel.AbsoluteTarget`: an amount or count to reach.

    Positive amounts and counts grow at compound annual rates (CAGR) by default; a
    series with a zero or negative value uses linear rates instead. Otherwise as
    :class:`ProgressEvaluator` describes.

    Example:
        Exports 約1.5兆円 (2024) -> 約1.7兆円 (2025), target 5兆円 by 2030: +13.3%/yr
        against +22.2%/yr needed, pace ratio 0.60 (moderate): behind.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("absolute",)
