"""The object API for the series the kernel cannot decide exactly, or must not decide.

Series within a hair of a threshold, and series whose evaluator redefines a hook, are
rebuilt as indicators and evaluated by their evaluator instance.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np

from kpimodel.batch._kernel import (
    _Params,
    _Result,
)
from kpimodel.batch._tables import (
    _BOUNDS,
    _EVALUATORS,
    _KINDS,
    _RATE_KINDS,
    ABSOLUTE,
    GRADE,
    MAINTAIN,
    OBJECT_CODES,
    PENDING,
    RANK,
    RATIO,
    REASON,
    STATUS,
    TREND,
    IntArray,
    _Observations,
    _Targets,
    _Units,
)
from kpimodel.evaluation import (
    Evaluator,
    ProgressEvaluator,
    Reason,
)
from kpimodel.model import (
    AbsoluteTarget,
    Baseline,
    Direction,
    Indicator,
    MaintainTarget,
    MonitorTarget,
    Observation,
    PendingTarget,
    RankTarget,
    RatioTarget,
    Target,
    TrendTarget,
)
from kpimodel.units import Quantity, Rank, Unit

# -- the object API, for the series that need it -------------------------------------------


class _Builder:
    """Build the Indicator a series of the tables stands for."""

    def __init__(self, obs: _Observations, t: _Targets, units: _Units) -> None:
        self.obs = obs
        self.t = t
        self.units = units
        # Rows are sorted by series: each series' rows are a slice.
        self.starts = np.searchsorted(obs.code, np.arange(len(t.kind) + 1))

    def quantity(self, value: float, unit: int) -> Quantity:
        magnitude = Decimal(repr(float(value)))
        if self.units.units[unit].symbol == "位":
            return Rank(magnitude=magnitude)
        return Quantity(magnitude=magnitude, unit=self.units.units[unit])

    def target(self, i: int) -> Target:
        t = self.t
        kind = int(t.kind[i])
        common: dict[str, Any] = {
            "direction": Direction.HIGHER if t.sign[i] > 0 else Direction.LOWER
        }
        if t.deadline[i] >= 0:
            common["deadline"] = t.periods.periods[t.deadline[i]]
        if t.has_base[i]:
            period = t.periods.periods[t.base_period[i]] if t.base_period[i] >= 0 else None
            value = self.quantity(t.base_value[i], int(t.base_unit[i]))
            common["baseline"] = Baseline(value=value, period=period)
        if kind == ABSOLUTE:
            return AbsoluteTarget(value=self.quantity(t.value[i], int(t.unit[i])), **common)
        if kind == RATIO:
            return RatioTarget(value=self.quantity(t.value[i], int(t.unit[i])), **common)
        if kind == RANK:
            return RankTarget(rank=int(t.value[i]), **common)
        if kind == MAINTAIN:
            bound = self.quantity(t.value[i], int(t.unit[i]))
            if isinstance(bound, Rank):
                common["direction"] = Direction.LOWER  # a rank bound: this place or better
            return MaintainTarget(value=bound, **common)
        if kind == PENDING:
            return PendingTarget(**common)
        if kind == TREND:
            change = min_rate = None
            if not math.isnan(t.change[i]):
                change = self.quantity(t.change[i], int(t.change_unit[i]))
            if not math.isnan(t.min_rate[i]):
                min_rate = self.quantity(t.min_rate[i], int(t.min_rate_unit[i]))
            return TrendTarget(change=change, min_rate=min_rate, **common)
        return MonitorTarget(**common)

    def indicator(self, i: int, rows: dict[int, int] | None = None) -> Indicator:
        """Return series ``i`` as an indicator (``rows``: filled with id(obs) -> row)."""
        obs = self.obs
        observations = []
        for k in range(int(self.starts[i]), int(self.starts[i + 1])):
            unit = int(obs.unit[k]) if obs.unit is not None else int(self.t.unit[i])
            period = obs.periods.periods[obs.period[k]] if obs.period[k] >= 0 else None
            bound = _BOUNDS[obs.bound[k]] if obs.bound is not None else None
            value = self.quantity(obs.value[k], unit)
            observation = Observation(period=period, value=value, bound=bound)
            if rows is not None:
                rows[id(observation)] = k
                if period is not None:
                    rows[id(period)] = k
            observations.append(observation)
        name = str(self.t.ids[i])
        if not (0 < len(name) <= 200 and name == name.strip()):
            name = "series"  # an id the model accepts
        return Indicator(id=name, target=self.target(i), observations=tuple(observations))


def _evaluator(kind: int, params: _Params) -> Evaluator:
    cls = _EVALUATORS[kind]
    if issubclass(cls, ProgressEvaluator):
        # The kernel's parameters are the progress evaluators' fields of the same names.
        return cls(**dataclasses.asdict(params))
    return cls(stale_after=params.stale_after)


def _figure(value: Quantity | None, unit: Unit) -> float:
    return float(value.magnitude_in(unit)) if value is not None else math.nan


def _optional(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _exactly(
    series: IntArray,
    builder: _Builder,
    result: _Result,
    evaluators: dict[int, Evaluator],
    as_of: dt.date,
) -> None:
    """Evaluate ``series`` with the object API and record its results in ``result``."""
    t = builder.t
    for i in series.tolist():
        rows: dict[int, int] = {}
        indicator = builder.indicator(i, rows)
        evaluation = evaluators[int(t.kind[i])].evaluate(
            indicator, as_of=as_of, kpi_id=str(t.ids[i])
        )
        unit = builder.units.units[result.unit[i]]
        result.status[i] = STATUS[evaluation.status]
        result.reason[i] = REASON[Reason(evaluation.reason)]
        latest = evaluation.latest
        result.latest[i] = rows[id(latest)] if latest is not None else -1
        result.latest_value[i] = _figure(latest.value if latest is not None else None, unit)
        result.baseline[i] = _figure(evaluation.baseline, unit)
        period = evaluation.baseline_period
        result.baseline_row[i] = rows.get(id(period), -1) if period is not None else -1
        result.baseline_target[i] = period is not None and id(period) not in rows
        result.target[i] = _figure(evaluation.target_value, unit)
        result.expected[i] = _figure(evaluation.expected, unit)
        result.projected[i] = _figure(evaluation.projected, unit)
        result.actual_rate[i] = _optional(evaluation.actual_rate)
        result.required_rate[i] = _optional(evaluation.required_rate)
        result.pace[i] = _optional(evaluation.pace)
        result.progress[i] = _optional(evaluation.progress)
        kind = evaluation.rate_kind
        result.rate_kind[i] = _RATE_KINDS.index(kind) if kind else -1
        grade = evaluation.pace_grade
        result.pace_grade[i] = GRADE[grade] if grade is not None else -1


def _overrides_hooks(evaluator: Evaluator, kernel: type[Evaluator]) -> bool:
    """Whether ``evaluator``'s class redefines a method of the kernel's class."""
    for klass in type(evaluator).__mro__:
        if klass is kernel:
            return False
        for name, value in vars(klass).items():
            if name.startswith(("__", "model_")) or not hasattr(kernel, name):
                continue
            if callable(value) or isinstance(value, (staticmethod, classmethod, property)):
                return True
    return False


def _params_of(evaluator: Evaluator, default: _Params) -> _Params:
    if not isinstance(evaluator, ProgressEvaluator):
        # Only the staleness rule applies to the kernel's other kinds (monitored series).
        return dataclasses.replace(default, stale_after=evaluator.stale_after)
    fields = evaluator.model_dump()
    return _Params(
        **{name: fields.get(name, getattr(default, name)) for name in _Params.__dataclass_fields__}
    )


def _plan(
    evaluators: Mapping[str, Evaluator] | None, params: _Params
) -> tuple[dict[int, Evaluator], dict[int, _Params | None]]:
    """The evaluator of each kind, and the kernel parameters (None: the object API)."""
    given = dict(evaluators or {})
    unknown = sorted(set(given) - set(_KINDS))
    if unknown:
        raise ValueError(
            f"evaluators given for unsupported kinds {', '.join(map(repr, unknown))}; "
            f"the batch API evaluates {', '.join(_KINDS)}"
        )
    chosen: dict[int, Evaluator] = {}
    kernel: dict[int, _Params | None] = {}
    for code, cls in _EVALUATORS.items():
        evaluator = given.get(_KINDS[code])
        if evaluator is None:
            chosen[code], kernel[code] = _evaluator(code, params), params
            if code in OBJECT_CODES:
                kernel[code] = None  # a kind the kernel does not implement
            continue
        if not isinstance(evaluator, cls):
            raise TypeError(
                f"evaluators[{_KINDS[code]!r}] must be a {cls.__name__} (or a subclass), "
                f"not {type(evaluator).__name__}"
            )
        chosen[code] = evaluator
        # A redefined hook may change any answer: those series go to the object API.
        by_objects = code in OBJECT_CODES or _overrides_hooks(evaluator, cls)
        kernel[code] = None if by_objects else _params_of(evaluator, params)
    return chosen, kernel
