"""Testing helpers for kpimodel users and extenders.

- :func:`check_evaluator`: the conformance check every evaluator, built-in or custom, must
  pass (no observations give no-data; the same figures in another unit give the same
  result; results serialize; and more).
- :mod:`kpimodel.testing.strategies`: hypothesis strategies for units, quantities, periods,
  targets, KPIs and programs (imports hypothesis, a test-time dependency, on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kpimodel.testing._conformance import ConformanceError, check_evaluator

if TYPE_CHECKING:
    from kpimodel.testing import strategies

__all__ = ["ConformanceError", "check_evaluator", "strategies"]


def __getattr__(name: str) -> Any:
    # hypothesis costs ~100 ms to import: load the strategies only when asked for.
    if name == "strategies":
        import importlib

        return importlib.import_module("kpimodel.testing.strategies")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
