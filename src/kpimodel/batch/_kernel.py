"""The evaluation rule over arrays: the kernel of :mod:`kpimodel.batch`.

The rule is the object evaluators' (the arithmetic and the time axis are imported from
:mod:`kpimodel.evaluation._rates`); see :mod:`kpimodel.batch._frame` for where the two may
differ in the last bit and how such series are handed to the object API.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from kpimodel.batch._tables import (
    _EPS,
    _HUGE,
    _TINY,
    ABOVE,
    ABSOLUTE,
    AT_LEAST,
    AT_MOST,
    BELOW,
    COMPOUND,
    GRADE,
    LINEAR,
    MONITOR,
    RANK,
    RATIO,
    REASON,
    STATUS,
    TREND,
    BoolArray,
    FloatArray,
    IntArray,
    _at,
    _Observations,
    _Targets,
    _Units,
    _When,
    _years,
)
from kpimodel.evaluation import (
    PaceGrade,
    Reason,
    Status,
)
from kpimodel.evaluation._rates import (
    DAYS_PER_YEAR,
    WINDOW_SLACK_DAYS,
    compound_rate,
    compound_value,
    linear_rate,
    linear_value,
)

# -- the rule over arrays ------------------------------------------------------------------


@dataclass(frozen=True)
class _Params:
    method: str
    rate: str
    on_track: float
    moderate: float
    projection_tolerance: float
    window_years: float
    stagnation: float
    stale_after: float | None = 5.0


def _near(a: FloatArray, b: FloatArray | float) -> BoolArray:
    """Whether ``a`` and ``b`` are within a relative hair of each other."""
    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.subtract(a, b)
        # A difference that is not finite: an infinite or NaN side (inf - inf is NaN).
        finite = np.isfinite(gap)
        np.abs(gap, out=gap)
        scale = np.maximum(np.abs(a), np.abs(b))
        scale *= _EPS
        result: BoolArray = (gap <= scale) & finite
    return result


def _near_band(moving: FloatArray, band: FloatArray) -> BoolArray:
    """Whether ``moving`` is within a hair of ``band`` or ``-band`` (or of 0 for no band)."""
    zero_band = (band == 0) & (np.abs(moving) <= _EPS)
    result: BoolArray = _near(moving, band) | _near(moving, -band) | zero_band
    return result


def _annual_rate(
    kind: IntArray, start: FloatArray, end: FloatArray, years: FloatArray
) -> FloatArray:
    """``ProgressEvaluator.annual_rate`` (an exact 0 for equal figures, as ``1.0 ** x``)."""
    with np.errstate(all="ignore"):
        compound = np.where(end == start, 0.0, compound_rate(start, end, years))
        result: FloatArray = np.where(kind == COMPOUND, compound, linear_rate(start, end, years))
    return result


def _value_after(
    kind: IntArray, start: FloatArray, rate: FloatArray, years: FloatArray
) -> FloatArray:
    """``ProgressEvaluator.value_after``."""
    with np.errstate(all="ignore"):
        result: FloatArray = np.where(
            kind == COMPOUND, compound_value(start, rate, years), linear_value(start, rate, years)
        )
    return result


with np.errstate(over="ignore"):
    _POWERS = 10.0 ** np.arange(-330, 331, dtype=np.float64)  # _POWERS[k + 330] == 10.0**k


def _round(values: FloatArray, digits: int) -> FloatArray:
    """Round to ``digits`` significant digits, as ``float(f"{x:.{digits}g}")`` does.

    (To the last bit in most cases; otherwise within one unit of the last digit kept.)
    """
    with np.errstate(all="ignore"):
        magnitude = np.abs(values)
        finite = np.isfinite(values) & (values != 0)
        # The decimal exponent from the binary one (no logarithms: this runs per figure).
        _, binary = np.frexp(np.where(finite, magnitude, 1.0))
        exponent = np.floor((binary - 1) * 0.30102999566398120).astype(np.int64)
        exponent = np.clip(exponent, -320, 320)
        exponent += magnitude >= _POWERS[exponent + 331]
        exponent -= magnitude < _POWERS[exponent + 330]
        scale = digits - 1 - exponent
        # Scale by a power of ten on the side where it is exact in binary.
        power = _POWERS[np.clip(np.abs(scale), 0, 330) + 330]
        up = scale >= 0
        rounded = np.where(up, np.round(values * power) / power, np.round(values / power) * power)
        result: FloatArray = np.where(finite, rounded, values)
    return result


def _rate_kinds(rate: str, positive: BoolArray, shares: BoolArray) -> IntArray:
    """``ProgressEvaluator.rate_kind``: compound for positive amounts, else linear."""
    if rate == "linear":
        return np.full(len(positive), LINEAR, dtype=np.int64)
    compound = positive if rate == "compound" else positive & ~shares
    return np.where(compound, COMPOUND, LINEAR).astype(np.int64)


def _window_days(window_years: float) -> int:
    """The most whole days a figure may lie before the latest one and be in the window.

    ``ProgressEvaluator.in_window``: ``days <= window_years * 365.2425 + 3``, as floats
    compare.
    """
    return math.floor(window_years * DAYS_PER_YEAR + WINDOW_SLACK_DAYS)


def _relative(rate: FloatArray, start: FloatArray) -> FloatArray:
    """``relative_rate``: the rate over ``|start|``; from zero, an infinity of its sign."""
    with np.errstate(all="ignore"):
        from_zero = np.where(rate != 0, np.copysign(np.inf, rate), 0.0)
        result: FloatArray = np.where(start != 0, rate / np.abs(start), from_zero)
    return result


@dataclass
class _Result:
    status: IntArray
    reason: IntArray
    unit: IntArray
    latest: IntArray  # sorted row of the latest figure reported, -1 for none
    latest_value: FloatArray
    baseline: FloatArray
    baseline_row: IntArray  # sorted row of the baseline figure, -1 for none
    baseline_target: BoolArray  # the baseline is the target's
    target: FloatArray
    actual_rate: FloatArray
    required_rate: FloatArray
    rate_kind: IntArray
    pace: FloatArray
    pace_grade: IntArray
    progress: FloatArray
    expected: FloatArray
    projected: FloatArray
    done: BoolArray
    exact: BoolArray  # to be evaluated exactly by the object API instead

    @classmethod
    def empty(cls, n: int) -> _Result:
        def ints() -> IntArray:
            return np.full(n, -1, dtype=np.int64)

        def floats() -> FloatArray:
            return np.full(n, np.nan)

        return cls(
            status=ints(),
            reason=ints(),
            unit=ints(),
            latest=ints(),
            latest_value=floats(),
            baseline=floats(),
            baseline_row=ints(),
            baseline_target=np.zeros(n, dtype=bool),
            target=floats(),
            actual_rate=floats(),
            required_rate=floats(),
            rate_kind=ints(),
            pace=floats(),
            pace_grade=ints(),
            progress=floats(),
            expected=floats(),
            projected=floats(),
            done=np.zeros(n, dtype=bool),
            exact=np.zeros(n, dtype=bool),
        )

    def decide(self, mask: BoolArray, status: Status, reason: Reason) -> BoolArray:
        """Give the series of ``mask`` not yet decided this status and reason."""
        chosen: BoolArray = mask & ~self.done
        self.status[chosen] = STATUS[status]
        self.reason[chosen] = REASON[reason]
        self.done |= chosen
        return chosen

    def show_latest(self, mask: BoolArray, rows: IntArray, values: FloatArray) -> None:
        self.latest[mask] = rows[mask]
        self.latest_value[mask] = values[mask]

    def show_baseline(
        self, mask: BoolArray, values: FloatArray, rows: IntArray, from_target: BoolArray
    ) -> None:
        self.baseline[mask] = values[mask]
        self.baseline_target[mask] = from_target[mask]
        self.baseline_row[mask] = np.where(from_target, -1, rows)[mask]


class _Context:
    """The observations known at the as-of date, with per-series lookups over them."""

    def __init__(self, obs: _Observations, t: _Targets, units: _Units, as_of: dt.date) -> None:
        self.obs, self.t, self.units = obs, t, units
        n = len(t.kind)
        self.series = np.arange(n, dtype=np.int64)
        p = obs.periods
        # Figures known at the as-of date: undated ones and those whose period has ended.
        kept: IntArray | None = None
        known_period = p.last <= as_of.toordinal()
        known_period[-1] = True  # the sentinel, read by undated figures
        if len(obs.code) and not known_period.all():
            known = known_period[obs.period]
            if not known.all():
                kept = np.flatnonzero(known).astype(np.int64)
        code = obs.code if kept is None else obs.code[kept]
        period = obs.period if kept is None else obs.period[kept]
        rank = obs.rank if kept is None else obs.rank[kept]
        counts = np.bincount(code, minlength=n).astype(np.int64)
        self.has_obs: BoolArray = counts > 0
        latest = np.where(self.has_obs, np.cumsum(counts) - 1, 0)
        self.latest_row = self._row(kept, latest, self.has_obs)
        # The points: dated figures that are not bounds.
        is_point = rank > 0
        if obs.bound is not None:
            is_point &= (obs.bound if kept is None else obs.bound[kept]) == 0
        every = bool(is_point.all())
        if every:
            self._points = kept
        else:
            inner = np.flatnonzero(is_point).astype(np.int64)
            self._points = inner if kept is None else kept[inner]
        point_code = code if every else code[is_point]
        self.point_code: IntArray = point_code
        self.point_period = period if every else period[is_point]
        point_counts = np.bincount(point_code, minlength=n).astype(np.int64)
        self.point_end = np.cumsum(point_counts)
        self.point_start = self.point_end - point_counts
        self.n_points = point_counts
        self.n_all_points = len(point_code)
        self._width = len(p.labels) + 2
        self._point_key = point_code * self._width + (rank if every else rank[is_point])

    @staticmethod
    def _row(kept: IntArray | None, i: IntArray, valid: BoolArray) -> IntArray:
        rows = i if kept is None else kept[np.where(valid, i, 0)] if len(kept) else i
        return np.where(valid, rows, -1)

    def point_row(self, i: IntArray, valid: BoolArray) -> IntArray:
        """The sorted row of point ``i`` (-1 where not valid)."""
        if self.n_all_points == 0:
            return np.full(len(i), -1, dtype=np.int64)
        safe = np.where(valid, i, 0)
        rows = safe if self._points is None else self._points[safe]
        return np.where(valid, rows, -1)

    def point_day(self, i: IntArray, valid: BoolArray) -> IntArray:
        """The date (ordinal) of point ``i`` (0 where not valid)."""
        if self.n_all_points == 0:
            return np.zeros(len(i), dtype=np.int64)
        days = self.obs.periods.point[self.point_period[np.where(valid, i, 0)]]
        return np.where(valid, days, 0)

    def point_when(self, i: IntArray, valid: BoolArray) -> _When:
        """Where point ``i`` stands on the time axis."""
        if self.n_all_points == 0:
            none = np.zeros(len(i), dtype=bool)
            return self.obs.periods.when(np.full(len(i), -1, dtype=np.int64), none)
        codes: IntArray = self.point_period[np.where(valid, i, 0)].astype(np.int64)
        return self.obs.periods.when(codes, valid)

    def first_point_from(self, rank: IntArray, where: BoolArray) -> IntArray:
        """Per series (of ``where``; others: their first), its first point of rank >= ``rank``."""
        found = self.point_start.copy()
        if self.n_all_points == 0:
            return found
        series = np.flatnonzero(where)
        keys = series * self._width + rank[series]
        found[series] = np.searchsorted(self._point_key, keys)
        result: IntArray = np.clip(found, self.point_start, self.point_end)
        return result

    def first_point_on_or_after(
        self, day: IntArray, where: BoolArray, strictly: bool = False
    ) -> IntArray:
        """Per series (of ``where``), its first point dated on or after ``day`` (or after)."""
        side = "right" if strictly else "left"
        rank = np.searchsorted(self.obs.periods.rank_point, day, side=side)  # type: ignore[call-overload]
        return self.first_point_from(np.asarray(rank, dtype=np.int64), where)

    def nonpositive_points(self, low: IntArray, high: IntArray) -> IntArray:
        """Per series, how many points in ``[low, high)`` have a figure <= 0."""
        if self.n_all_points == 0:
            return np.zeros(len(low), dtype=np.int64)
        values = self.obs.value if self._points is None else self.obs.value[self._points]
        found = np.flatnonzero(values <= 0)
        result: IntArray = np.searchsorted(found, high) - np.searchsorted(found, low)
        return result

    def points_outside(
        self, low: FloatArray, high: FloatArray, unit: IntArray, where: BoolArray
    ) -> IntArray:
        """Per series (of ``where``; 0 for others), its points in ``unit`` outside the bounds."""
        if self.n_all_points == 0 or not where.any():
            return np.zeros(len(low), dtype=np.int64)
        # Only the points of the series asked about: the others' are never read.
        chosen = np.flatnonzero(where[self.point_code]).astype(np.int64)
        code = self.point_code[chosen]
        rows = chosen if self._points is None else self._points[chosen]
        source = self.t.unit[code] if self.obs.unit is None else self.obs.unit[rows]
        factors, one = self.units.factors(source, unit[code])
        raw = self.obs.value[rows]
        values = raw if one.all() else np.where(one, raw, raw * factors)
        outside = (values < low[code]) | (values > high[code])
        result: IntArray = np.bincount(code[outside], minlength=len(low)).astype(np.int64)
        return result

    def unit_of(self, rows: IntArray, valid: BoolArray) -> IntArray:
        """The unit of the figure at sorted ``rows`` (the target's unit where not valid)."""
        if self.obs.unit is None or len(self.obs.unit) == 0:
            return self.t.unit.copy()
        return np.where(valid, self.obs.unit[np.where(valid, rows, 0)], self.t.unit)

    def values(
        self, rows: IntArray, valid: BoolArray, unit: IntArray
    ) -> tuple[FloatArray, BoolArray]:
        """The figures at sorted ``rows`` in ``unit``, and whether each was converted."""
        if len(self.obs.value) == 0:
            return np.full(len(rows), np.nan), np.zeros(len(rows), dtype=bool)
        raw = self.obs.value[np.where(valid, rows, 0)]
        factors, one = self.units.factors(self.unit_of(rows, valid), unit)
        converted = np.where(one, raw, raw * factors)
        return np.where(valid, converted, np.nan), valid & ~one


def _evaluate(
    obs: _Observations, t: _Targets, units: _Units, as_of: dt.date, params: _Params
) -> _Result:
    ctx = _Context(obs, t, units, as_of)
    result = _Result.empty(len(t.kind))
    has_change = ~np.isnan(t.change)
    progress = np.isin(t.kind, (ABSOLUTE, RATIO, RANK)) | ((t.kind == TREND) & has_change)
    direction = (t.kind == TREND) & ~has_change
    monitor = t.kind == MONITOR
    # The working unit: the target's; for a change without a baseline, the first point's;
    # for trends without a change and monitored series, the latest figure's.
    has_points = ctx.n_points > 0
    latest_unit = ctx.unit_of(ctx.latest_row, ctx.has_obs)
    first_row = ctx.point_row(ctx.point_start, has_points)
    first_unit = np.where(has_points, ctx.unit_of(first_row, has_points), latest_unit)
    result.unit[:] = np.where(
        progress & (t.kind != TREND),
        t.goal_unit,
        np.where(progress, np.where(t.has_base, t.base_unit, first_unit), latest_unit),
    )
    latest_value, latest_converted = ctx.values(ctx.latest_row, ctx.has_obs, result.unit)

    result.show_latest(monitor & ctx.has_obs, ctx.latest_row, latest_value)
    result.decide(monitor, Status.NO_DATA, Reason.NO_TARGET)
    if progress.any():
        _progress(ctx, params, result, progress, latest_value, latest_converted, as_of)
    if direction.any():
        _direction(ctx, params, result, direction, latest_value)
    if params.stale_after is not None:
        _staleness(ctx, result, as_of, params.stale_after)
    return result


def _staleness(ctx: _Context, result: _Result, as_of: dt.date, stale_after: float) -> None:
    """``Evaluator._unless_stale``: no-data when the latest dated figure is too old."""
    t, op = ctx.t, ctx.obs.periods
    code = _at(ctx.obs.period, ctx.latest_row)
    dated = code >= 0
    last = op.last[np.where(dated, code, -1)]
    has_deadline = t.deadline >= 0
    deadline_last = t.periods.last[np.where(has_deadline, t.deadline, -1)]
    today = as_of.toordinal()
    reference = np.where(has_deadline & (deadline_last < today), deadline_last, today)
    stale = dated & ((reference - last) / DAYS_PER_YEAR > stale_after)
    stale &= result.status != STATUS[Status.NO_DATA]
    result.status[stale] = STATUS[Status.NO_DATA]
    result.reason[stale] = REASON[Reason.STALE]


def _base_values(ctx: _Context, result: _Result) -> tuple[FloatArray, BoolArray]:
    """The targets' baselines in the working unit, and whether each was converted."""
    t = ctx.t
    if not t.has_base.any():
        return np.full(len(t.kind), np.nan), np.zeros(len(t.kind), dtype=bool)
    factors, one = ctx.units.factors(np.where(t.has_base, t.base_unit, result.unit), result.unit)
    values = np.where(one, t.base_value, t.base_value * factors)
    return np.where(t.has_base, values, np.nan), t.has_base & ~one


def _progress(
    ctx: _Context,
    params: _Params,
    result: _Result,
    mask: BoolArray,
    latest_value: FloatArray,
    latest_converted: BoolArray,
    as_of: dt.date,
) -> None:
    """``ProgressEvaluator.assess`` (and ``TrendEvaluator`` with a change) over arrays."""
    t, units = ctx.t, ctx.units
    p = t.periods
    sign = t.sign
    has_points = ctx.n_points > 0
    first_row = ctx.point_row(ctx.point_start, has_points)
    first_value, first_converted = ctx.values(first_row, has_points, result.unit)
    base_value_t, base_converted_t = _base_values(ctx, result)
    goal = np.where(t.kind != TREND, t.value, np.nan)
    goal_inexact = np.zeros(len(mask), dtype=bool)
    change = mask & (t.kind == TREND)
    if change.any():
        goal, none = _change_goals(change, ctx, result.unit, base_value_t, first_value, goal)
        goal_inexact = change.copy()
        # Near zero, a computed goal's sign (which decides compound rates) is uncertain.
        scale = np.abs(np.where(t.has_base, base_value_t, first_value))
        result.exact |= change & (np.abs(goal) <= _EPS * scale)
    else:
        none = np.zeros(len(mask), dtype=bool)

    no_obs = result.decide(mask & ~ctx.has_obs, Status.NO_DATA, Reason.NO_OBSERVATIONS)
    result.target[no_obs] = goal[no_obs]
    unmeasured = change & ~t.has_base & ~has_points
    shown = result.decide(unmeasured, Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    result.show_latest(shown, ctx.latest_row, latest_value)
    shown = result.decide(mask & none, Status.NO_DATA, Reason.NO_TARGET)
    result.show_latest(shown, ctx.latest_row, latest_value)

    open_ = mask & ~result.done
    result.target[open_] = goal[open_]
    result.show_latest(open_, ctx.latest_row, latest_value)
    # Achieved: the latest figure meets the target (a bound, when every figure it allows does).
    bound = (
        ctx.obs.bound[np.maximum(ctx.latest_row, 0)]
        if ctx.obs.bound is not None
        else np.zeros(len(mask), dtype=np.int8)
    )
    higher = sign > 0
    meets = np.where(higher, latest_value >= goal, latest_value <= goal)
    bound_ok = np.where(higher, np.isin(bound, (ABOVE, AT_LEAST)), np.isin(bound, (BELOW, AT_MOST)))
    result.exact |= open_ & (latest_converted | goal_inexact) & _near(latest_value, goal)
    result.decide(open_ & (bound == 0) & meets, Status.ACHIEVED, Reason.TARGET_MET)
    result.decide(open_ & bound_ok & meets, Status.ACHIEVED, Reason.BOUND_MEETS_TARGET)
    has_deadline = t.deadline >= 0
    deadline = np.maximum(t.deadline, 0)
    passed = has_deadline & (p.last[deadline] < as_of.toordinal())
    result.decide(mask & passed, Status.BEHIND, Reason.DEADLINE_MISSED)
    result.decide(mask & ~has_points, Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)

    # The baseline: the target's when dated before the latest point, else the first point.
    last = np.where(has_points, ctx.point_end - 1, 0)
    last_day = ctx.point_day(last, has_points)
    last_row = ctx.point_row(last, has_points)
    last_value, last_converted = ctx.values(last_row, has_points, result.unit)
    first_day = ctx.point_day(ctx.point_start, has_points)
    last_when = ctx.point_when(last, has_points)
    first_when = ctx.point_when(ctx.point_start, has_points)
    base_when_t = p.when(t.base_period, t.base_period >= 0)
    base_day_t = np.where(t.base_period >= 0, p.point[np.maximum(t.base_period, 0)], 0)
    from_target = t.has_base & (t.base_period >= 0) & (base_day_t < last_day)
    from_points = ~from_target & (ctx.n_points >= 2) & (first_day < last_day)
    result.decide(mask & ~from_target & ~from_points, Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    open_ = mask & ~result.done
    base = np.where(from_target, base_value_t, first_value)
    base_when = _When.where(from_target, base_when_t, first_when)
    inexact = last_converted | np.where(from_target, base_converted_t, first_converted)
    inexact |= goal_inexact
    result.show_baseline(open_, base, first_row, from_target)
    shares = units.is_share(result.unit)
    rate_kind = _rate_kinds(params.rate, (base > 0) & (last_value > 0) & (goal > 0), shares)
    powered = rate_kind == COMPOUND
    fuzzy = inexact | powered
    elapsed = _years(base_when, last_when)
    actual = _annual_rate(rate_kind, base, last_value, elapsed)
    gap = goal - base
    with np.errstate(all="ignore"):
        # progress_share: the movement in the desired direction over the gap.
        safe_gap = np.abs(np.where(gap != 0, gap, 1.0))
        progress = np.where(gap != 0, sign * (last_value - base) / safe_gap, np.nan)
    result.actual_rate[open_] = actual[open_]
    result.rate_kind[open_] = rate_kind[open_]
    result.progress[open_] = progress[open_]
    # The sign of the actual rate, and the gap, are uncertain when the figures nearly agree.
    still = (last_value == base) & ~inexact
    result.exact |= open_ & fuzzy & _near(last_value, base) & ~still
    result.exact |= open_ & inexact & _near(goal, base)
    result.exact |= open_ & ~np.isfinite(actual)

    # No deadline to pace against (or one before the baseline): judge the direction.
    # The deadline stands at its midpoint, or at its end once the latest figure reaches
    # the midpoint (ProgressEvaluator.deadline_instant).
    at_end = has_deadline & (last_day >= p.point[deadline])
    goal_when = p.when(t.deadline, has_deadline, at_end=at_end)
    horizon = _years(base_when, goal_when)
    undated = open_ & (~has_deadline | (horizon <= 0))
    with np.errstate(all="ignore"):
        relative = np.where(powered, actual, _relative(actual, base))
    moving = sign * relative
    band = np.full(len(mask), params.stagnation)
    result.exact |= undated & fuzzy & _near_band(moving, band) & ~still
    result.decide(undated & (moving > band), Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    result.decide(undated & (moving < -band), Status.BEHIND, Reason.MOVING_AWAY)
    result.decide(undated, Status.BEHIND, Reason.STAGNATING)

    # The required rate, the expected value and the projection.
    open_ = mask & ~result.done
    required = _annual_rate(rate_kind, base, goal, horizon)
    expected = _value_after(rate_kind, base, required, elapsed)
    projected, projected_ok, projection_powered, recent = _projection(
        ctx,
        params,
        open_,
        result.unit,
        rate_kind,
        last_day,
        last_when,
        last_value,
        base,
        base_when,
        goal_when,
    )
    # Never past the unit's own bounds (ProgressEvaluator.bounds; a limit is refused).
    projected = _bounded(ctx, open_, result.unit, projected, base, goal)
    result.required_rate[open_] = required[open_]
    result.expected[open_] = expected[open_]
    shown = open_ & projected_ok
    result.projected[shown] = projected[shown]
    result.exact |= open_ & (~np.isfinite(required) | ~np.isfinite(expected))
    result.exact |= shown & ~np.isfinite(projected)
    result.exact |= open_ & powered & _near(goal, base) & (goal != base)
    away = open_ & (sign * required <= 0)
    result.pace_grade[away] = GRADE[PaceGrade.MOVING_AWAY]
    result.decide(away, Status.BEHIND, Reason.MOVING_AWAY)

    open_ = mask & ~result.done
    with np.errstate(all="ignore"):
        pace = actual / np.where(open_, required, 1.0)
    result.pace[open_] = pace[open_]
    grade = np.select(
        [pace >= params.on_track, pace >= params.moderate, pace >= 0],
        [GRADE[PaceGrade.SIGNIFICANT], GRADE[PaceGrade.MODERATE], GRADE[PaceGrade.INSUFFICIENT]],
        GRADE[PaceGrade.MOVING_AWAY],
    )
    result.pace_grade[open_] = grade[open_]
    result.exact |= open_ & ~np.isfinite(pace)
    result.exact |= open_ & fuzzy & (_near(pace, params.on_track) | _near(pace, params.moderate))
    if params.method == "path":
        below = sign * (last_value - expected)
        margin = np.maximum(np.abs(expected), 1.0)
        scale = np.maximum(margin, np.abs(last_value))
        result.exact |= open_ & fuzzy & (np.abs(below + 1e-12 * margin) <= _EPS * scale)
        result.decide(open_ & (below >= -1e-12 * margin), Status.ON_TRACK, Reason.ON_PATH)
        result.decide(open_, Status.BEHIND, Reason.BELOW_PATH)
    elif params.method == "projection":
        # "Moving away" by the recent trend the projection extends.
        moving_away = sign * np.where(projected_ok, recent, actual) < 0
        result.exact |= open_ & projected_ok & ~np.isfinite(recent)
        # Without a projection: classify(-1.0 or 0.0), and on_track > 0.
        none_ = open_ & ~projected_ok
        result.decide(none_ & moving_away, Status.BEHIND, Reason.MOVING_AWAY)
        result.decide(none_, Status.BEHIND, Reason.PACE_INSUFFICIENT)
        result.decide(open_ & moving_away, Status.BEHIND, Reason.MOVING_AWAY)
        shortfall = sign * (goal - projected)
        allowed = params.projection_tolerance * np.abs(goal - last_value)
        scale = np.maximum(np.maximum(np.abs(goal), np.abs(projected)), np.abs(last_value))
        near = np.abs(shortfall - allowed) <= _EPS * scale
        result.exact |= open_ & projected_ok & (fuzzy | projection_powered) & near
        meets_ = open_ & (shortfall <= allowed)
        result.decide(meets_, Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET)
        result.decide(open_, Status.BEHIND, Reason.PROJECTION_SHORT)
    else:
        result.decide(open_ & (pace >= params.on_track), Status.ON_TRACK, Reason.PACE_SUFFICIENT)
        result.decide(open_ & (pace < 0), Status.BEHIND, Reason.MOVING_AWAY)
        result.decide(open_, Status.BEHIND, Reason.PACE_INSUFFICIENT)
    # Figures the object API could not hold as quantities (beyond 1e±100).
    for values in (expected, projected):
        magnitude = np.abs(values)
        result.exact |= (
            open_
            & np.isfinite(values)
            & ((magnitude > _HUGE) | ((magnitude < _TINY) & (magnitude > 0)))
        )


def _bounded(
    ctx: _Context,
    mask: BoolArray,
    unit: IntArray,
    projected: FloatArray,
    base: FloatArray,
    goal: FloatArray,
) -> FloatArray:
    """``ProgressEvaluator.bounds`` over arrays: projections clamped to the unit's bounds."""
    if not mask.any():
        return projected
    low, high = ctx.units.bounds(unit, share=False)
    share_low, share_high = ctx.units.bounds(unit, share=True)
    # A ratio target's figures are shares when every one lies between 0% and 100%.
    maybe = mask & (ctx.t.kind == RATIO) & ~np.isnan(share_high)
    if maybe.any():
        inside = (base >= share_low) & (base <= share_high)
        inside &= (goal >= share_low) & (goal <= share_high)
        inside &= ctx.points_outside(share_low, share_high, unit, where=maybe & inside) == 0
        share = maybe & inside
        low = np.where(share, share_low, low)
        high = np.where(share, share_high, high)
    with np.errstate(invalid="ignore"):
        bounded = np.where(mask & (projected < low), low, projected)
        bounded = np.where(mask & (bounded > high), high, bounded)
    result: FloatArray = bounded
    return result


def _change_goals(
    mask: BoolArray,
    ctx: _Context,
    unit: IntArray,
    base_value_t: FloatArray,
    first_value: FloatArray,
    goal: FloatArray,
) -> tuple[FloatArray, BoolArray]:
    """``TrendEvaluator.target_quantity``: baseline (or first figure) plus the change.

    Returns:
        The goals (in the working unit), and where there is none (a change in a unit that
        cannot apply to the series).
    """
    t, units = ctx.t, ctx.units
    goal = goal.copy()
    rows = np.flatnonzero(mask)
    base = np.where(t.has_base, base_value_t, first_value)[rows]
    change, change_unit, target_unit = t.change[rows], t.change_unit[rows], unit[rows]
    # TrendEvaluator's _change_target: a change in % is relative whatever the unit; points
    # add to a share; a plain number cannot add to a share; otherwise same dimension adds.
    relative = units.is_relative(change_unit)
    growth = relative & ~units.is_kind(target_unit, "rank")
    points = ~relative & units.is_kind(change_unit, "percentage_point")
    points &= units.is_kind(target_unit, "ratio") & ~units.is_plain(target_unit)
    plain_on_share = ~relative & units.is_kind(change_unit, "ratio")
    plain_on_share &= ~units.is_plain(target_unit)
    direct = ~relative & ~points & ~plain_on_share
    direct &= units.dimensions(change_unit) == units.dimensions(target_unit)
    values = np.full(len(rows), np.nan)
    if direct.any():
        factors, _ = units.factors(change_unit[direct], target_unit[direct])
        values[direct] = base[direct] + change[direct] * factors
    if points.any():
        percent = np.full(int(points.sum()), units.code("%"))
        into, _ = units.factors(target_unit[points], percent)
        back, _ = units.factors(percent, target_unit[points])
        values[points] = (base[points] * into + change[points]) * back
    if growth.any():
        plain = np.full(int(growth.sum()), units.code(""))
        factors, _ = units.factors(change_unit[growth], plain)
        values[growth] = base[growth] * (1 + change[growth] * factors)
    goal[rows] = values
    none = np.zeros(len(mask), dtype=bool)
    none[rows] = ~(direct | points | growth)
    return goal, none


def _projection(
    ctx: _Context,
    params: _Params,
    mask: BoolArray,
    unit: IntArray,
    rate_kind: IntArray,
    last_day: IntArray,
    last_when: _When,
    last_value: FloatArray,
    base: FloatArray,
    base_when: _When,
    goal_when: _When,
) -> tuple[FloatArray, BoolArray, BoolArray, FloatArray]:
    """``ProgressEvaluator._project``: the recent trend extended to the deadline.

    Returns:
        The projections, where there is one, where a compound rate made it, and the
        recent rate.
    """
    reach = last_day - _window_days(params.window_years)
    start = ctx.first_point_on_or_after(reach, where=mask)
    from_points = (ctx.point_end - start) >= 2
    first_when = _When.where(from_points, ctx.point_when(start, from_points), base_when)
    first_value, _ = ctx.values(ctx.point_row(start, from_points), from_points, unit)
    first_value = np.where(from_points, first_value, base)
    years = _years(first_when, last_when)
    ok = years > 0
    nonpositive = (first_value <= 0) | (last_value <= 0)
    kind = np.where((rate_kind == COMPOUND) & nonpositive, LINEAR, rate_kind)
    rate = _annual_rate(kind, first_value, last_value, np.where(ok, years, 1.0))
    projected = _value_after(kind, last_value, rate, _years(last_when, goal_when))
    return projected, ok, kind == COMPOUND, rate


def _direction(
    ctx: _Context,
    params: _Params,
    result: _Result,
    mask: BoolArray,
    latest_value: FloatArray,
) -> None:
    """``TrendEvaluator._assess_direction`` over arrays: the direction of recent figures."""
    t, units = ctx.t, ctx.units
    p = t.periods
    unit = result.unit
    result.decide(mask & ~ctx.has_obs, Status.NO_DATA, Reason.NO_OBSERVATIONS)
    # The target's baseline, when dated before the latest figure, stands in for the
    # figures up to its date; a later one is ignored.
    has_points = ctx.n_points > 0
    newest = ctx.point_day(np.where(has_points, ctx.point_end - 1, 0), has_points)
    dated_base = t.has_base & (t.base_period >= 0)
    base_day = np.where(dated_base, p.point[np.maximum(t.base_period, 0)], 0)
    with_base = mask & dated_base & (~has_points | (base_day < newest))
    base_day = np.where(with_base, base_day, 0)
    base_when = p.when(t.base_period, with_base)
    base_value_t, base_converted = _base_values(ctx, result)
    after = ctx.first_point_on_or_after(base_day, where=with_base, strictly=True)
    real = ctx.point_end - after
    few = mask & (real + with_base < 2)
    shown = result.decide(few, Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    result.show_latest(shown, ctx.latest_row, latest_value)
    open_ = mask & ~result.done
    if not open_.any():
        return
    has_last = open_ & (real > 0)
    last = np.where(has_last, ctx.point_end - 1, 0)
    last_day = ctx.point_day(last, has_last)
    last_when = ctx.point_when(last, has_last)
    last_row = ctx.point_row(last, has_last)
    last_value, last_converted = ctx.values(last_row, has_last, unit)
    reach = last_day - _window_days(params.window_years)
    start = np.maximum(ctx.first_point_on_or_after(reach, where=open_), after)
    base_in = with_base & ((last_day - base_day) <= _window_days(params.window_years))
    short = (ctx.point_end - start) + base_in < 2
    # The window's first figure (with a short window, the second-to-last figure).
    first_is_base = np.where(short, real < 2, base_in)
    first = np.where(short, ctx.point_end - 2, start)
    from_points = open_ & ~first_is_base
    first_row = ctx.point_row(first, from_points)
    first_value, first_converted = ctx.values(first_row, from_points, unit)
    first_value = np.where(first_is_base, base_value_t, first_value)
    first_when = _When.where(first_is_base, base_when, ctx.point_when(first, from_points))
    first_converted = np.where(first_is_base, base_converted, first_converted)
    # A compound rate needs every figure of the window positive.
    lo = np.where(short, np.where(first_is_base, last, ctx.point_end - 2), start)
    hi = np.where(open_, ctx.point_end, 0)
    nonpositive = ctx.nonpositive_points(np.where(open_, np.maximum(lo, 0), 0), hi)
    base_used = np.where(short, first_is_base, base_in)
    positive = (nonpositive == 0) & ~(base_used & (base_value_t <= 0))
    # The least rate: in the series' unit per year (linear), or relative.
    has_min = ~np.isnan(t.min_rate)
    per_year = open_ & has_min & ~units.is_kind(t.min_rate_unit, "ratio")
    band = np.full(len(mask), params.stagnation)
    band_inexact = np.zeros(len(mask), dtype=bool)
    if per_year.any():
        rows = np.flatnonzero(per_year)
        source = np.where(
            units.is_kind(t.min_rate_unit[rows], "percentage_point")
            & units.is_kind(unit[rows], "ratio"),
            units.code("%"),
            t.min_rate_unit[rows],
        )
        compatible = units.dimensions(source) == units.dimensions(unit[rows])
        # The object API raises for an incompatible least rate: let it.
        result.exact[rows[~compatible]] = True
        factors = np.ones(len(rows))
        one = np.ones(len(rows), dtype=bool)
        if compatible.any():
            factors[compatible], one[compatible] = units.factors(
                source[compatible], unit[rows][compatible]
            )
        band[rows] = np.where(one, t.min_rate[rows], t.min_rate[rows] * factors)
        band_inexact[rows] = ~one
    relative_min = open_ & has_min & ~per_year
    if relative_min.any():
        rows = np.flatnonzero(relative_min)
        factors, one = units.factors(t.min_rate_unit[rows], np.full(len(rows), units.code("")))
        band[rows] = np.where(one, t.min_rate[rows], t.min_rate[rows] * factors)
        band_inexact[rows] = ~one
    rate_kind = np.where(per_year, LINEAR, _rate_kinds(params.rate, positive, units.is_share(unit)))
    years = _years(first_when, last_when)
    result.exact |= open_ & (years == 0)  # the object API divides by zero: let it raise
    rate = _annual_rate(rate_kind, first_value, last_value, np.where(years == 0, 1.0, years))
    with np.errstate(all="ignore"):
        relative = np.where(rate_kind == COMPOUND, rate, _relative(rate, first_value))
    moving = t.sign * np.where(per_year, rate, relative)
    inexact = last_converted | first_converted | band_inexact
    still = (last_value == first_value) & ~inexact
    fuzzy = inexact | (rate_kind == COMPOUND)
    result.exact |= open_ & fuzzy & _near_band(moving, band) & ~still
    result.exact |= open_ & ~np.isfinite(rate)
    # The latest figure as printed (it may be a bound the rate does not use).
    result.show_latest(open_, ctx.latest_row, latest_value)
    result.show_baseline(open_, first_value, first_row, first_is_base)
    result.actual_rate[open_] = rate[open_]
    result.rate_kind[open_] = rate_kind[open_]
    result.decide(open_ & (moving > band), Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    result.decide(open_ & (moving < -band), Status.BEHIND, Reason.MOVING_AWAY)
    result.decide(open_, Status.BEHIND, Reason.STAGNATING)
