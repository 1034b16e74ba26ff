"""Which evaluator evaluates which target kind."""

from __future__ import annotations

import threading

from kpimodel.errors import UnknownTargetKindError
from kpimodel.evaluation._base import Evaluator
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

__all__ = ["default_evaluators", "evaluator_for", "register_evaluator"]

_lock = threading.Lock()
_DEFAULTS: dict[str, type[Evaluator]] = {
    "absolute": AbsoluteEvaluator,
    "completion": CompletionEvaluator,
    "cumulative": CumulativeEvaluator,
    "maintain": MaintainEvaluator,
    "monitor": MonitorEvaluator,
    "pending": PendingEvaluator,
    "rank": RankEvaluator,
    "ratio": RatioEvaluator,
    "reference_ratio": ReferenceRatioEvaluator,
    "trend": TrendEvaluator,
    "band": BandEvaluator,
    "convergence": ConvergenceEvaluator,
}


def register_evaluator(kind: str, evaluator: type[Evaluator], *, replace: bool = False) -> None:
    """Make ``evaluator`` the default evaluator of target kind ``kind``.

    Register evaluators for new target kinds at import time of the module that defines
    the kind. To use a different evaluator for one call only, pass
    ``evaluators={kind: instance}`` to :func:`kpimodel.evaluate` instead: it changes no
    global state.

    Args:
        kind: The target kind (the ``kind`` of a :class:`~kpimodel.Target` subclass).
        evaluator: The evaluator class; it is instantiated with its default parameters.
        replace: Allow replacing an existing registration.

    Raises:
        ValueError: When ``kind`` already has an evaluator and ``replace`` is false.
        TypeError: When ``evaluator`` is not an :class:`Evaluator` subclass.
    """
    if not (isinstance(evaluator, type) and issubclass(evaluator, Evaluator)):
        raise TypeError(f"{evaluator!r} is not an Evaluator subclass")
    with _lock:
        known = _DEFAULTS.get(kind)
        if known is not None and known is not evaluator and not replace:
            raise ValueError(
                f"target kind {kind!r} already has the evaluator {known.__name__}; "
                "pass replace=True to replace it"
            )
        _DEFAULTS[kind] = evaluator


def default_evaluators() -> dict[str, type[Evaluator]]:
    """Return the registered evaluator classes, by target kind."""
    with _lock:
        return dict(_DEFAULTS)


def evaluator_for(kind: str) -> Evaluator:
    """Return a default-parameter instance of the evaluator registered for ``kind``.

    Args:
        kind: The target kind.

    Returns:
        The evaluator.

    Raises:
        UnknownTargetKindError: When no evaluator is registered for ``kind``.
    """
    with _lock:
        cls = _DEFAULTS.get(kind)
    if cls is None:
        raise UnknownTargetKindError(
            f"no evaluator is registered for target kind {kind!r}; use "
            "kpimodel.register_evaluator()",
            field="target.kind",
            value=kind,
        )
    return _instance(cls)


_instances: dict[type[Evaluator], Evaluator] = {}


def _instance(cls: type[Evaluator]) -> Evaluator:
    # Evaluators are immutable, so one default instance per class serves every call.
    found = _instances.get(cls)
    if found is None:
        found = _instances.setdefault(cls, cls())
    return found
