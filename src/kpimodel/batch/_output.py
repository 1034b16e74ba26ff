"""The output frame of :func:`kpimodel.batch.evaluate_frame`: one row per series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from kpimodel.batch._kernel import (
    _Params,
    _Result,
    _round,
)
from kpimodel.batch._tables import (
    _EPOCH,
    _GRADES,
    _KINDS,
    _RATE_KINDS,
    _REASONS,
    _STATUSES,
    BoolArray,
    FloatArray,
    IntArray,
    _at,
    _Observations,
    _Targets,
    _Units,
)
from kpimodel.evaluation._rows import BATCH_NAMES

# -- the output ---------------------------------------------------------------------------


def _categorical(codes: IntArray, categories: Sequence[str]) -> pd.Categorical[str]:
    result: pd.Categorical[str] = pd.Categorical.from_codes(
        codes, categories=pd.Index(list(categories))
    )
    return result


def _dates(days: IntArray, valid: BoolArray) -> npt.NDArray[np.datetime64]:
    values = (np.where(valid, days, _EPOCH) - _EPOCH).astype("datetime64[D]")
    values = values.astype("datetime64[s]")
    values[~valid] = np.datetime64("NaT")
    return values


def _labels(labels: list[str], codes: IntArray) -> npt.NDArray[np.object_]:
    """The period labels of ``codes`` (None for -1)."""
    table = np.array([*labels, None], dtype=object)
    result: npt.NDArray[np.object_] = table[codes]
    return result


def _round_against(values: FloatArray, thresholds: Sequence[float]) -> FloatArray:
    """``_clean(value, thresholds)``: 10 digits, unless rounding crosses a threshold."""
    rounded = _round(values, 10)
    crossed = np.zeros(len(values), dtype=bool)
    for threshold in thresholds:
        crossed |= (rounded >= threshold) != (values >= threshold)
    result: FloatArray = np.where(crossed, values, rounded)
    return result


def _output(
    result: _Result,
    obs: _Observations,
    t: _Targets,
    units: _Units,
    column: str,
    params: _Params,
) -> pd.DataFrame:
    op, tp = obs.periods, t.periods
    has_latest = result.latest >= 0
    latest_code = _at(obs.period, np.where(has_latest, result.latest, -1))
    latest_dated = latest_code >= 0
    latest_day = np.where(latest_dated, op.point[np.maximum(latest_code, 0)], 0)
    from_rows = result.baseline_row >= 0
    base_code = _at(obs.period, np.where(from_rows, result.baseline_row, -1))
    target_code = np.where(result.baseline_target, t.base_period, -1)
    base_dated = (base_code >= 0) | (target_code >= 0)
    base_day = np.where(
        base_code >= 0, op.point[np.maximum(base_code, 0)], tp.point[np.maximum(target_code, 0)]
    )
    base_labels = np.where(
        base_code >= 0, _labels(op.labels, base_code), _labels(tp.labels, target_code)
    )
    symbols = np.array([u.symbol for u in units.units] + [""], dtype=object)
    index = pd.Index(t.ids, name=column)

    def text(values: npt.NDArray[np.object_]) -> pd.Series[Any]:
        # Plain Python strings (object dtype) whatever the pandas version and input dtypes.
        return pd.Series(values, index=index, dtype=object)

    columns = {
        "target_kind": _categorical(t.kind, _KINDS),
        "status": _categorical(result.status, _STATUSES),
        "reason": _categorical(result.reason, _REASONS),
        "unit": text(symbols[result.unit]),
        "latest_value": result.latest_value,
        "latest_period": text(_labels(op.labels, latest_code)),
        "latest_date": _dates(latest_day, latest_dated),
        "baseline_value": result.baseline,
        "baseline_period": text(base_labels),
        "baseline_date": _dates(base_day, base_dated),
        "target_value": result.target,
        "deadline": text(_labels(tp.labels, t.deadline)),
        "actual_rate": _round(result.actual_rate, 10),
        "required_rate": _round(result.required_rate, 10),
        "rate_kind": _categorical(result.rate_kind, _RATE_KINDS),
        "pace": _round_against(result.pace, (params.on_track, params.moderate, 0.0)),
        "pace_grade": _categorical(result.pace_grade, _GRADES),
        "progress": _round(result.progress, 10),
        "expected_value": _round(result.expected, 6),
        "projected_value": _round(result.projected, 6),
    }
    # The flat row schema's columns, in its order (kpimodel.evaluation._rows).
    return pd.DataFrame({name: columns[name] for name in BATCH_NAMES}, index=index)
