"""The vectorised evaluation behind :mod:`kpimodel.batch` (imports numpy and pandas).

The entry points; the work is split by job: reading and checking the tables
(:mod:`~kpimodel.batch._tables`), the rule over arrays (:mod:`~kpimodel.batch._kernel`),
the object-API fallback (:mod:`~kpimodel.batch._fallback`) and the output frame
(:mod:`~kpimodel.batch._output`).

The rule is :class:`~kpimodel.ProgressEvaluator`'s (and :class:`~kpimodel.TrendEvaluator`'s
and :class:`~kpimodel.MonitorEvaluator`'s), written over arrays: one entry per series for
every figure, computed with the same float operations in the same order as the object
API, so that results agree bit for bit wherever the inputs do.

They can differ in the last bit in two places: a figure converted between units (the
object API converts exact decimals, numpy multiplies floats), and compound rates (numpy's
vectorised ``power`` may differ from the C library's by one ulp). A status can only change
there when a figure lies within a hair of a threshold, so every series with such a figure
within 1e-9 (relative) of a threshold, or with an infinite one, is evaluated exactly by
the object API instead. That keeps statuses and reasons identical, at the cost of a few
series evaluated slowly in the rare tables that have them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from kpimodel.batch._fallback import (
    _Builder,
    _exactly,
    _plan,
)
from kpimodel.batch._kernel import (
    _evaluate,
    _Params,
    _Result,
)
from kpimodel.batch._output import (
    _output,
)
from kpimodel.batch._tables import (
    BoolArray,
    _as_frame,
    _Observations,
    _read_observations,
    _read_targets,
    _Targets,
    _Units,
)
from kpimodel.evaluation import (
    Evaluator,
    ProgressEvaluator,
)
from kpimodel.model import (
    Indicator,
)
from kpimodel.periods import AnyPeriod

# -- the entry points ----------------------------------------------------------------------


def _prepare(
    observations: Any, targets: Any, series: str
) -> tuple[_Observations, _Targets, _Units]:
    obs_frame = _as_frame(observations, "observations")
    target_frame = _as_frame(targets, "targets")
    units = _Units()
    cache: dict[str, AnyPeriod] = {}
    t = _read_targets(target_frame, series, units, cache)
    obs = _read_observations(obs_frame, series, t, units, cache)
    return obs, t, units


def evaluate_frame(
    observations: Any,
    targets: Any,
    *,
    as_of: dt.date,
    method: str = "pace",
    rate: str = "auto",
    on_track: float = 0.95,
    moderate: float = 0.6,
    projection_tolerance: float = 0.05,
    window_years: float = 5.0,
    stagnation: float = 0.005,
    stale_after: float | None = 5.0,
    series: str = "series",
    evaluators: Mapping[str, Evaluator] | None = None,
) -> pd.DataFrame:
    """Evaluate every series (see :func:`kpimodel.batch.evaluate_frame`)."""
    frame, _ = _evaluate_frame(
        observations,
        targets,
        as_of=as_of,
        params=_parameters(
            method,
            rate,
            on_track,
            moderate,
            projection_tolerance,
            window_years,
            stagnation,
            stale_after,
        ),
        series=series,
        evaluators=evaluators,
    )
    return frame


def _parameters(
    method: str,
    rate: str,
    on_track: float,
    moderate: float,
    projection_tolerance: float,
    window_years: float,
    stagnation: float,
    stale_after: float | None = 5.0,
) -> _Params:
    # Validated as the object API validates them.
    checked = ProgressEvaluator(
        method=method,
        rate=rate,
        on_track=on_track,
        moderate=moderate,
        projection_tolerance=projection_tolerance,
        window_years=window_years,
        stagnation=stagnation,
        stale_after=stale_after,
    )
    return _Params(**{name: getattr(checked, name) for name in _Params.__dataclass_fields__})


def _evaluate_frame(
    observations: Any,
    targets: Any,
    *,
    as_of: dt.date,
    params: _Params,
    series: str = "series",
    fallback: bool = True,
    evaluators: Mapping[str, Evaluator] | None = None,
) -> tuple[pd.DataFrame, BoolArray]:
    """Evaluate; return the frame and which series the object API evaluated."""
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    chosen, kernel = _plan(evaluators, params)
    obs, t, units = _prepare(observations, targets, series)
    groups: dict[_Params, list[int]] = {}
    for code, group_params in kernel.items():
        groups.setdefault(group_params or params, []).append(code)
    result: _Result | None = None
    with np.errstate(all="ignore"):  # infinities and NaN are handled where they arise
        for group_params, codes in groups.items():
            part = _evaluate(obs, t, units, as_of, group_params)
            if result is None:
                result = part
                continue
            rows = np.isin(t.kind, codes)
            for name in _Result.__dataclass_fields__:
                getattr(result, name)[rows] = getattr(part, name)[rows]
    assert result is not None
    by_object = [code for code, group_params in kernel.items() if group_params is None]
    if by_object:
        result.exact |= np.isin(t.kind, by_object)
    flagged = result.exact.copy()
    if fallback and flagged.any():
        _exactly(np.flatnonzero(flagged), _Builder(obs, t, units), result, chosen, as_of)
    return _output(result, obs, t, units, series, params), flagged


def to_indicators(
    observations: Any, targets: Any, *, series: str = "series"
) -> dict[Hashable, Indicator]:
    """Build the indicators (see :func:`kpimodel.batch.to_indicators`)."""
    obs, t, units = _prepare(observations, targets, series)
    builder = _Builder(obs, t, units)
    return {t.ids[i]: builder.indicator(i) for i in range(len(t.kind))}
