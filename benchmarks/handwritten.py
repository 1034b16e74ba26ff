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
from kpimodel.evaluation._rates import WINDOW_SLACK_DAYS, instant_of

DAYS = 365.2425


def _axis(periods: list[Any], at_end: bool = False) -> tuple[Any, Any, Any, Any]:
    """Each period's place on the time axis: day, kind key, index in periods, per year."""
    instants = [instant_of(p, at_end=at_end) for p in periods]
    return (
        np.array([i.day.toordinal() for i in instants], dtype=np.float64),
        np.array([i.key for i in instants]),
        np.array([i.index for i in instants], dtype=np.float64),
        np.array([i.per_year for i in instants], dtype=np.float64),
    )


def _years(a: tuple[Any, ...], b: tuple[Any, ...]) -> Any:
    """Whole periods between periods of one kind, else days / 365.2425 (the rule's axis)."""
    same = (a[1] >= 0) & (a[1] == b[1])
    return np.where(same, (b[2] - a[2]) / a[3], (b[0] - a[0]) / DAYS)


def _at(axis: tuple[Any, ...], codes: Any) -> tuple[Any, ...]:
    return tuple(column[codes] for column in axis)


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
    axis = _axis(periods)
    point_of = np.array([p.point.toordinal() for p in periods])
    last_of = np.array([p.last_day.toordinal() for p in periods])
    codes = observations["period"].cat.codes.to_numpy()
    known = last_of[codes] <= as_of.toordinal()
    series = observations["series"].to_numpy()[known]
    code = codes[known]
    day = point_of[code]
    value = observations["value"].to_numpy()[known]
    starts = np.flatnonzero(np.r_[True, series[1:] != series[:-1]])
    ends = np.r_[starts[1:], len(series)]
    first, last = value[starts], value[ends - 1]
    first_at, last_at = _at(axis, code[starts]), _at(axis, code[ends - 1])
    last_day = day[ends - 1]

    kind = targets["kind"].to_numpy()
    goal = targets["value"].to_numpy()
    sign = np.where(targets["direction"].to_numpy() == "higher", 1.0, -1.0)
    deadline_labels = targets["deadline"].cat.categories
    deadlines = [parse_period(str(label)) for label in deadline_labels]
    deadline_codes = targets["deadline"].cat.codes.to_numpy()
    deadline_last = np.array([p.last_day.toordinal() for p in deadlines])[deadline_codes]
    # The deadline stands at its midpoint, or at its end once the latest figure reaches it.
    mid, end = _at(_axis(deadlines), deadline_codes), _at(_axis(deadlines, True), deadline_codes)
    deadline_at = tuple(np.where(last_day >= mid[0], e, m) for m, e in zip(mid, end, strict=True))
    shares = (kind == "ratio") | (kind == "rank")

    achieved = np.where(sign > 0, last >= goal, last <= goal)
    missed = deadline_last < as_of.toordinal()
    compound = (first > 0) & (last > 0) & (goal > 0) & ~shares
    elapsed = _years(first_at, last_at)
    horizon = _years(first_at, deadline_at)
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
        reach = np.floor(window_years * DAYS + WINDOW_SLACK_DAYS)
        start = np.searchsorted(key, series[starts] * 10_000_000 + last_day - reach)
        start = np.where(ends - start >= 2, start, starts)
        w_first = value[start]
        w_years = _years(_at(axis, code[start]), last_at)
        w_compound = compound & (w_first > 0)
        rate = np.where(
            w_compound, (last / w_first) ** (1.0 / w_years) - 1.0, (last - w_first) / w_years
        )
        ahead = _years(last_at, deadline_at)
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
