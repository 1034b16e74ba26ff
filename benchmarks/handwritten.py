"""A hand-written numpy implementation of the pace rule, the batch API's yardstick.

What a data scientist would write for one clean table: observations sorted by series and
period, every series with at least two figures, no undated figures, no bounds, every
figure in its target's unit, targets in series order. It computes the same figures as
:func:`kpimodel.batch.evaluate_frame` for absolute, ratio and rank targets (status,
reason, rates, pace, grade, progress, expected and projected values) and nothing else: no
validation, no unit conversion, no exact fallback, no output frame beyond the arrays.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from kpimodel import parse_period

DAYS = 365.2425


def pace_rule(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    as_of: dt.date,
    on_track: float = 0.95,
    moderate: float = 0.6,
    window_years: float = 5.0,
) -> dict[str, Any]:
    """Return status and reason codes and the figures, one entry per target row."""
    labels = observations["period"].cat.categories
    periods = [parse_period(str(label)) for label in labels]
    point_of = np.array([p.point.toordinal() for p in periods])
    last_of = np.array([p.last_day.toordinal() for p in periods])
    codes = observations["period"].cat.codes.to_numpy()
    known = last_of[codes] <= as_of.toordinal()
    series = observations["series"].to_numpy()[known]
    day = point_of[codes][known]
    value = observations["value"].to_numpy()[known]
    starts = np.flatnonzero(np.r_[True, series[1:] != series[:-1]])
    ends = np.r_[starts[1:], len(series)]
    first, last = value[starts], value[ends - 1]
    first_day, last_day = day[starts], day[ends - 1]

    kind = targets["kind"].to_numpy()
    goal = targets["value"].to_numpy()
    sign = np.where(targets["direction"].to_numpy() == "higher", 1.0, -1.0)
    deadline_labels = targets["deadline"].cat.categories
    deadlines = [parse_period(str(label)) for label in deadline_labels]
    deadline_codes = targets["deadline"].cat.codes.to_numpy()
    deadline_day = np.array([p.point.toordinal() for p in deadlines])[deadline_codes]
    deadline_last = np.array([p.last_day.toordinal() for p in deadlines])[deadline_codes]
    shares = (kind == "ratio") | (kind == "rank")

    achieved = np.where(sign > 0, last >= goal, last <= goal)
    missed = deadline_last < as_of.toordinal()
    compound = (first > 0) & (last > 0) & (goal > 0) & ~shares
    elapsed = (last_day - first_day) / DAYS
    horizon = (deadline_day - first_day) / DAYS
    with np.errstate(all="ignore"):
        actual = np.where(
            compound, (last / first) ** (1.0 / elapsed) - 1.0, (last - first) / elapsed
        )
        required = np.where(
            compound, (goal / first) ** (1.0 / horizon) - 1.0, (goal - first) / horizon
        )
        expected = np.where(
            compound, first * (1.0 + required) ** elapsed, first + required * elapsed
        )
        pace = actual / required
        progress = (last - first) / (goal - first)
        # The projection: the trend of the last window_years of figures.
        key = series * 10_000_000 + day
        reach = np.floor(window_years * DAYS)
        start = np.searchsorted(key, series[starts] * 10_000_000 + last_day - reach)
        start = np.where(ends - start >= 2, start, starts)
        w_first, w_day = value[start], day[start]
        w_years = (last_day - w_day) / DAYS
        w_compound = compound & (w_first > 0)
        rate = np.where(
            w_compound, (last / w_first) ** (1.0 / w_years) - 1.0, (last - w_first) / w_years
        )
        ahead = (deadline_day - last_day) / DAYS
        projected = np.where(w_compound, last * (1.0 + rate) ** ahead, last + rate * ahead)
    away = sign * required <= 0
    grade = np.select([pace >= on_track, pace >= moderate, pace >= 0], [0, 1, 2], 3)
    reason = np.select(
        [achieved, missed, away, pace >= on_track, pace < 0],
        ["target-met", "deadline-missed", "moving-away", "pace-sufficient", "moving-away"],
        "pace-insufficient",
    )
    status = np.select(
        [achieved, missed, away, pace >= on_track],
        ["achieved", "behind", "behind", "on-track"],
        "behind",
    )
    return {
        "status": status,
        "reason": reason,
        "actual_rate": actual,
        "required_rate": required,
        "pace": pace,
        "pace_grade": grade,
        "progress": progress,
        "expected": expected,
        "projected": projected,
    }
