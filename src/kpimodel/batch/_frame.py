"""The vectorised evaluation behind :mod:`kpimodel.batch` (imports numpy and pandas).

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
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import ValidationError

from kpimodel.errors import (
    DimensionMismatchError,
    DuplicateObservationError,
    InconsistentTargetError,
    KPIModelError,
    QuantityParseError,
    SchemaError,
)
from kpimodel.evaluation import (
    AbsoluteEvaluator,
    Evaluator,
    MonitorEvaluator,
    PaceGrade,
    ProgressEvaluator,
    RankEvaluator,
    RatioEvaluator,
    Reason,
    Status,
    TrendEvaluator,
)
from kpimodel.model import (
    AbsoluteTarget,
    Baseline,
    Bound,
    Direction,
    Indicator,
    MonitorTarget,
    Observation,
    RankTarget,
    RatioTarget,
    Target,
    TrendTarget,
)
from kpimodel.periods import AnyPeriod, parse_period
from kpimodel.units import Quantity, Rank, Unit

__all__ = ["evaluate_frame", "to_indicators"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_KINDS = ("absolute", "ratio", "rank", "trend", "monitor")
ABSOLUTE, RATIO, RANK, TREND, MONITOR = range(5)
_BOUNDS = (None, Bound.BELOW, Bound.AT_MOST, Bound.ABOVE, Bound.AT_LEAST)
BELOW, AT_MOST, ABOVE, AT_LEAST = 1, 2, 3, 4
_STATUSES = tuple(s.value for s in Status)
_REASONS = tuple(r.value for r in Reason)
_GRADES = tuple(g.value for g in PaceGrade)
_RATE_KINDS = ("compound", "linear")
COMPOUND, LINEAR = 0, 1
_EVALUATORS: dict[int, type[Evaluator]] = {
    ABSOLUTE: AbsoluteEvaluator,
    RATIO: RatioEvaluator,
    RANK: RankEvaluator,
    TREND: TrendEvaluator,
    MONITOR: MonitorEvaluator,
}
_DAYS_PER_YEAR = 365.2425
_WINDOW_SLACK_DAYS = 3  # as kpimodel.evaluation._base
#: How close (relative) a figure computed in floats may come to a threshold before the
#: series is evaluated exactly by the object API instead.
_EPS = 1e-9
#: Figures beyond this the object API cannot hold as a Quantity (1e±100), with a margin.
_HUGE = 1e99
_TINY = 1e-99
_EPOCH = dt.date(1970, 1, 1).toordinal()


STATUS = {s: i for i, s in enumerate(Status)}
REASON = {r: i for i, r in enumerate(Reason)}
GRADE = {g: i for i, g in enumerate(PaceGrade)}


# -- reading the tables --------------------------------------------------------------------


def _as_frame(table: Any, name: str) -> pd.DataFrame:
    if isinstance(table, pd.DataFrame):
        return table
    to_pandas = getattr(table, "to_pandas", None)
    if callable(to_pandas):
        frame = to_pandas()
        if isinstance(frame, pd.DataFrame):
            return frame
    raise TypeError(f"{name} must be a pandas DataFrame or an Arrow table, not {type(table)}")


def _ids(frame: pd.DataFrame, column: str) -> Any:
    """Return the series ids: the column, or else the index (an array-like)."""
    if column in frame.columns:
        return frame[column].array
    return frame.index.array


def _column(frame: pd.DataFrame, name: str) -> Any | None:
    return frame[name].array if name in frame.columns else None


def _factorize(values: Any) -> tuple[IntArray, list[Any]]:
    """Return codes (-1 for null) and the distinct values, cheaply for categoricals."""
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), list(values.categories)
    codes, uniques = pd.factorize(values)
    return codes.astype(np.int64), list(uniques)


def _text(value: Any) -> str:
    """Return a label as text (an integral float read from a column with nulls: ``2024``)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _floats(values: Any | None, n: int) -> FloatArray:
    if values is None:
        return np.full(n, np.nan)
    result: FloatArray = np.asarray(pd.array(values).to_numpy(dtype=np.float64, na_value=np.nan))
    return result


def _positions(ids: Any, index: pd.Index[Any]) -> tuple[IntArray, bool]:
    """Return each observation's row in the targets table, checking that it has one.

    Returns:
        The rows, and whether they are known to be in order already (grouped by series, in
        the order of the targets).
    """
    n = len(ids)
    if n == 0:
        return np.zeros(0, dtype=np.int64), True
    ordered = False
    plain = np.asarray(ids) if not isinstance(ids, pd.Categorical) else None
    if plain is not None and plain.dtype.kind in "iub":
        # Numeric ids, usually grouped: look up one id per run, not per row.
        starts = np.flatnonzero(plain[1:] != plain[:-1]) + 1
        starts = np.concatenate(([0], starts))
        run_positions = index.get_indexer(pd.Index(plain[starts])).astype(np.int64)
        positions = np.repeat(run_positions, np.diff(np.append(starts, n)))
        ordered = bool(np.all(np.diff(run_positions) > 0))
    else:
        codes, uniques = _factorize(ids)
        if (codes < 0).any():
            raise ValueError("observations has a null series id")
        positions = index.get_indexer(pd.Index(uniques)).astype(np.int64)[codes]
    if (positions < 0).any():
        missing = pd.unique(np.asarray(ids)[positions < 0])[:5]
        raise ValueError(
            f"observations has series with no row in targets: {', '.join(map(repr, missing))}"
        )
    return positions, ordered


@dataclass
class _Periods:
    """The distinct period labels of a column, parsed once each."""

    labels: list[str]
    periods: list[AnyPeriod]
    point: IntArray  # the period's point (date ordinal)
    start: IntArray
    end: IntArray
    last: IntArray  # the last day
    rank: IntArray  # 1.. by (point, end); periods with the same point and end share one
    identity: IntArray  # equal periods (text aside) share one
    rank_point: IntArray  # the point of each rank, by rank (index 0 unused)
    shared_rank: bool  # whether distinct periods share a rank

    @classmethod
    def of(cls, labels: list[str], cache: dict[str, AnyPeriod]) -> _Periods:
        periods = []
        for label in labels:
            period = cache.get(label)
            if period is None:
                period = cache[label] = parse_period(label)
            periods.append(period)
        # Each table ends with a sentinel entry, which code -1 (no period) reads.
        point = np.array([p.point.toordinal() for p in periods] + [0], dtype=np.int64)
        start = np.array([p.start.toordinal() for p in periods] + [0], dtype=np.int64)
        end = np.array([p.end.toordinal() for p in periods] + [0], dtype=np.int64)
        identities: dict[AnyPeriod, int] = {}
        identity = np.array([identities.setdefault(p, len(identities)) for p in periods] + [-1])
        pairs = point[:-1] * 8_000_000 + end[:-1]
        unique_pairs, inverse = np.unique(pairs, return_inverse=True)
        rank = np.append(inverse.astype(np.int64) + 1, 0)
        rank_point = np.concatenate(([np.iinfo(np.int64).min], unique_pairs // 8_000_000))
        shared = len(identities) > len(unique_pairs)
        return cls(
            labels=labels,
            periods=periods,
            point=point,
            start=start,
            end=end,
            last=end - 1,
            rank=rank,
            identity=identity.astype(np.int64),
            rank_point=rank_point.astype(np.int64),
            shared_rank=shared,
        )


class _Units:
    """The distinct units of the tables, each read once by kpimodel's own Unit."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self._codes: dict[str, int] = {}
        self._factors: dict[tuple[int, int], Decimal | None] = {}

    def code(self, symbol: Any) -> int:
        text = "" if symbol is None else str(symbol)
        found = self._codes.get(text)
        if found is None:
            try:
                unit = Unit(symbol=text)
            except ValidationError as exc:
                cause = (exc.errors()[0].get("ctx") or {}).get("error")
                if isinstance(cause, KPIModelError):
                    raise cause from None
                raise
            found = next((i for i, u in enumerate(self.units) if u == unit), None)
            if found is None:
                found = len(self.units)
                self.units.append(unit)
            self._codes[text] = found
        return found

    def codes(
        self, values: Any | None, default: IntArray | Callable[[IntArray], IntArray]
    ) -> IntArray:
        """Return the unit code of each value, the default where it is null.

        Args:
            values: The unit column, or None.
            default: The default codes, or a function of the rows that need them.
        """
        if values is None:
            return default if isinstance(default, np.ndarray) else default(np.arange(0))
        codes, uniques = _factorize(values)
        table = np.array([self.code(u) for u in uniques] + [-1], dtype=np.int64)
        result: IntArray = table[codes]
        missing = np.flatnonzero(result < 0)
        if len(missing):
            result[missing] = (
                default[missing] if isinstance(default, np.ndarray) else default(missing)
            )
        return result

    def factor(self, source: int, target: int) -> Decimal | None:
        """The exact factor from unit ``source`` to ``target``, or None if incompatible."""
        key = (source, target)
        if key not in self._factors:
            a, b = self.units[source], self.units[target]
            self._factors[key] = a.conversion_factor(b) if a.is_compatible(b) else None
        return self._factors[key]

    def factors(self, source: IntArray, target: IntArray) -> tuple[FloatArray, BoolArray]:
        """Return float factors from ``source`` to ``target`` units and whether each is 1.

        Raises:
            DimensionMismatchError: When a pair is incompatible.
        """
        if len(source) == 0 or np.array_equal(source, target):
            return np.ones(len(source)), np.ones(len(source), dtype=bool)
        width = max(len(self.units), 1)
        if width * width <= 1 << 20:
            # Few units: a dense table of the pairs met, indexed directly.
            pair = source * width + target
            met = np.flatnonzero(np.bincount(pair, minlength=width * width))
            table = np.ones(width * width)
            one = np.ones(width * width, dtype=bool)
            table[met], one[met] = self._pair_factors(met, width)
            return table[pair], one[pair]
        pairs, inverse = np.unique(source * width + target, return_inverse=True)
        values, exact = self._pair_factors(pairs, width)
        return values[inverse], exact[inverse]

    def _pair_factors(self, pairs: IntArray, width: int) -> tuple[FloatArray, BoolArray]:
        values = np.empty(len(pairs))
        exact = np.empty(len(pairs), dtype=bool)
        for i, pair in enumerate(pairs.tolist()):
            factor = self.factor(pair // width, pair % width)
            if factor is None:
                a, b = self.units[pair // width], self.units[pair % width]
                raise DimensionMismatchError(
                    f"cannot convert {a.symbol or 'a plain number'!r} to "
                    f"{b.symbol or 'a plain number'!r}",
                    value=a.symbol,
                )
            values[i] = float(factor)
            exact[i] = factor == 1
        return values, exact

    def is_kind(self, codes: IntArray, kind: str) -> BoolArray:
        """Whether each unit is of ``kind`` (``ratio``, ``rank``, ``percentage_point``...)."""
        table = np.array([u.kind == kind for u in self.units] + [False])
        result: BoolArray = table[codes]
        return result

    def is_rate(self, codes: IntArray) -> BoolArray:
        """Whether each unit is a relative rate or points (%, ポイント), not an amount."""
        table = np.array([u.kind in ("ratio", "percentage_point") for u in self.units] + [False])
        result: BoolArray = table[codes]
        return result

    def is_share(self, codes: IntArray) -> BoolArray:
        """Whether each unit is one whose rates are linear by default (shares, ranks)."""
        shares = ("ratio", "percentage_point", "rank")
        table = np.array([u.kind in shares for u in self.units] + [False])
        result: BoolArray = table[codes]
        return result

    def dimensions(self, codes: IntArray) -> IntArray:
        """A code per dimension: equal codes, compatible units."""
        names: dict[str, int] = {}
        table = np.array(
            [names.setdefault(u.dimension, len(names)) for u in self.units] + [-1], dtype=np.int64
        )
        result: IntArray = table[codes]
        return result


@dataclass
class _Targets:
    ids: pd.Index[Any]
    kind: IntArray
    sign: FloatArray
    value: FloatArray
    unit: IntArray  # the unit of the value (and the default unit of observations)
    goal_unit: IntArray  # the unit of the figure to reach (位 for ranks)
    deadline: IntArray  # code into periods, -1 for none
    base_value: FloatArray
    base_unit: IntArray
    base_period: IntArray  # code into periods, -1 for none
    has_base: BoolArray
    change: FloatArray
    change_unit: IntArray
    min_rate: FloatArray
    min_rate_unit: IntArray
    periods: _Periods


def _read_targets(
    frame: pd.DataFrame, column: str, units: _Units, cache: dict[str, AnyPeriod]
) -> _Targets:
    ids = pd.Index(_ids(frame, column))
    if not ids.is_unique:
        repeated = ids[ids.duplicated()].unique()[:5]
        raise ValueError(f"targets repeats series: {', '.join(map(repr, repeated))}")
    n = len(ids)
    if "kind" not in frame.columns:
        raise ValueError("targets needs a 'kind' column")
    kind_codes, kind_values = _factorize(frame["kind"].array)
    table = []
    for value in kind_values:
        if value not in _KINDS:
            raise ValueError(
                f"kpimodel.batch does not evaluate {value!r} targets; it evaluates "
                f"{', '.join(_KINDS)} (use kpimodel.evaluate for the others)"
            )
        table.append(_KINDS.index(value))
    if (kind_codes < 0).any():
        raise ValueError("targets has a null kind")
    kind = np.array(table, dtype=np.int64)[kind_codes] if n else np.zeros(0, dtype=np.int64)
    is_rank = kind == RANK
    rank_unit = units.code("位")
    plain = units.code("")
    default_unit = np.where(is_rank, rank_unit, plain).astype(np.int64)
    unit = units.codes(_column(frame, "unit"), default_unit)
    goal_unit = np.where(is_rank, rank_unit, unit)
    sign = np.ones(n)
    direction = _column(frame, "direction")
    if direction is not None:
        codes, values = _factorize(direction)
        signs = []
        for value in values:
            if value not in ("higher", "lower"):
                raise ValueError(f"direction must be 'higher' or 'lower', not {value!r}")
            signs.append(1.0 if value == "higher" else -1.0)
        given = np.array([*signs, 0.0])[codes]
        if (is_rank & (given > 0)).any():
            raise InconsistentTargetError(
                "a rank target's direction is always 'lower'", field="direction", value="higher"
            )
        sign = np.where(given == 0, sign, given)
    sign = np.where(is_rank, -1.0, sign)
    labels: list[str] = []
    label_codes: dict[str, int] = {}

    def period_codes(name: str) -> IntArray:
        values = _column(frame, name)
        if values is None:
            return np.full(n, -1, dtype=np.int64)
        codes, uniques = _factorize(values)
        mapping = [label_codes.setdefault(_text(u), len(label_codes)) for u in uniques]
        return np.array([*mapping, -1], dtype=np.int64)[codes]

    deadline = period_codes("deadline")
    base_period = period_codes("baseline_period")
    labels = list(label_codes)
    periods = _Periods.of(labels, cache)
    value = _floats(_column(frame, "value"), n)
    base_value = _floats(_column(frame, "baseline"), n)
    has_base = ~np.isnan(base_value)
    if (~has_base & (base_period >= 0)).any():
        raise ValueError("targets has a baseline_period without a baseline")
    base_unit = units.codes(_column(frame, "baseline_unit"), unit)
    change = _floats(_column(frame, "change"), n)
    change_unit = units.codes(_column(frame, "change_unit"), unit)
    min_rate = _floats(_column(frame, "min_rate"), n)
    min_rate_unit = units.codes(_column(frame, "min_rate_unit"), unit)
    targets = _Targets(
        ids=ids,
        kind=kind,
        sign=sign,
        value=value,
        unit=unit,
        goal_unit=goal_unit,
        deadline=deadline,
        base_value=base_value,
        base_unit=np.where(is_rank, rank_unit, base_unit),
        base_period=base_period,
        has_base=has_base,
        change=change,
        change_unit=change_unit,
        min_rate=min_rate,
        min_rate_unit=min_rate_unit,
        periods=periods,
    )
    _check_targets(targets, units)
    return targets


def _check_targets(t: _Targets, units: _Units) -> None:
    """Refuse what the object model refuses (as far as the batch can express it)."""
    for values, what in ((t.value, "target"), (t.base_value, "baseline")):
        bad = ~np.isnan(values) & ~(np.abs(values) < 1e101)
        if bad.any():
            raise QuantityParseError(
                f"{what} figure out of range for series {t.ids[int(np.argmax(bad))]!r}",
                value=float(values[np.argmax(bad)]),
            )
    needs_value = np.isin(t.kind, (ABSOLUTE, RATIO, RANK))
    missing = needs_value & np.isnan(t.value)
    if missing.any():
        i = int(np.argmax(missing))
        raise ValueError(f"the {_KINDS[t.kind[i]]} target of series {t.ids[i]!r} has no value")
    is_rank = t.kind == RANK
    bad_rank = is_rank & ((t.value < 1) | (t.value != np.round(t.value)))
    if bad_rank.any():
        i = int(np.argmax(bad_rank))
        raise QuantityParseError(
            f"a rank target must be a whole number from 1 (series {t.ids[i]!r})",
            value=float(t.value[i]),
        )
    wrong = (t.kind == ABSOLUTE) & units.is_kind(t.goal_unit, "rank")
    if wrong.any():
        i = int(np.argmax(wrong))
        raise DimensionMismatchError(
            f"use a rank target for positions (series {t.ids[i]!r})", field="value"
        )
    wrong = (t.kind == RATIO) & ~units.is_kind(t.goal_unit, "ratio")
    if wrong.any():
        i = int(np.argmax(wrong))
        raise DimensionMismatchError(
            f"a ratio target must be given in ratio units, not "
            f"{units.units[t.goal_unit[i]].symbol!r} (series {t.ids[i]!r})",
            field="value",
        )
    # A trend's change or least rate given as an amount (not % nor points) must be in the
    # series' unit, as its baseline.
    trend = t.kind == TREND
    amount_change = trend & ~np.isnan(t.change) & ~units.is_rate(t.change_unit)
    amount_min = trend & ~np.isnan(t.min_rate) & ~units.is_rate(t.min_rate_unit)
    reference = np.where(t.has_base, t.base_unit, np.where(amount_change, t.change_unit, -1))
    for used, unit in ((amount_change, t.change_unit), (amount_min, t.min_rate_unit)):
        checked = used & (reference >= 0)
        wrong = checked & (units.dimensions(unit) != units.dimensions(np.maximum(reference, 0)))
        if wrong.any():
            i = int(np.argmax(wrong))
            raise DimensionMismatchError(
                f"the trend target of series {t.ids[i]!r} mixes incompatible units",
                field="change",
            )
    # Levels (the figure to reach, the baseline) cannot be negative counts (人, 件...);
    # changes and rates can.
    for values, unit, used in (
        (t.value, t.goal_unit, needs_value),
        (t.base_value, t.base_unit, t.has_base),
    ):
        negative = used & (values < 0) & units.is_kind(unit, "count")
        if negative.any():
            _negative_count(t.ids[int(np.argmax(negative))])
    rank_base = is_rank & t.has_base
    if rank_base.any():
        _check_ranks(t.base_value[rank_base], "baseline")
    # The baseline must be in a unit compatible with the figure to reach.
    checked = t.has_base & needs_value
    if checked.any():
        dims = units.dimensions(np.concatenate((t.goal_unit[checked], t.base_unit[checked])))
        half = int(checked.sum())
        wrong_dims = dims[:half] != dims[half:]
        if wrong_dims.any():
            i = int(np.flatnonzero(checked)[np.argmax(wrong_dims)])
            raise DimensionMismatchError(
                f"the baseline of series {t.ids[i]!r} is not in a unit compatible with the target",
                field="baseline.value",
            )
    both = (t.base_period >= 0) & (t.deadline >= 0)
    if both.any():
        p = t.periods
        late = both & (p.start[np.maximum(t.base_period, 0)] >= p.end[np.maximum(t.deadline, 0)])
        if late.any():
            i = int(np.argmax(late))
            raise InconsistentTargetError(
                f"the baseline period of series {t.ids[i]!r} is after the deadline",
                field="baseline.period",
            )


def _check_ranks(values: FloatArray, what: str) -> None:
    bad = (values < 1) | (values != np.round(values))
    if bad.any():
        raise QuantityParseError(
            f"a rank must be a whole number from 1 ({what} {values[np.argmax(bad)]!r})",
            value=float(values[np.argmax(bad)]),
        )


@dataclass
class _Observations:
    """The observations, sorted by series and period (undated first), as arrays."""

    code: IntArray  # the series (row of targets)
    period: npt.NDArray[np.integer[Any]]  # code into periods, -1 undated
    rank: IntArray  # the period's rank (0 undated)
    value: FloatArray
    unit: IntArray | None  # unit code; None: every figure is in its target's unit
    bound: npt.NDArray[np.int8] | None  # 0 none, 1..4 as _BOUNDS; None: no bounds at all
    row: IntArray | None  # the input row of each sorted row; None: already sorted
    periods: _Periods


def _read_observations(
    frame: pd.DataFrame,
    column: str,
    targets: _Targets,
    units: _Units,
    cache: dict[str, AnyPeriod],
) -> _Observations:
    for name in ("period", "value"):
        if name not in frame.columns:
            raise ValueError(f"observations needs a {name!r} column")
    code, ordered = _positions(_ids(frame, column), targets.ids)
    n = len(code)
    labels = frame["period"].array
    if isinstance(labels, pd.Categorical):
        period_codes: npt.NDArray[np.integer[Any]] = labels.codes  # int8/16/32: not copied
        period_values = list(labels.categories)
    else:
        period_codes, period_values = _factorize(labels)
    periods = _Periods.of([_text(v) for v in period_values], cache)
    value = _floats(frame["value"].array, n)
    _check_values(value, code, targets)
    unit_column = _column(frame, "unit")
    unit = (
        None
        if unit_column is None
        else units.codes(unit_column, lambda rows: targets.unit[code[rows]])
    )
    bound_column = _column(frame, "bound")
    bound = None
    if bound_column is not None:
        codes, values = _factorize(bound_column)
        mapping = []
        for v in values:
            if v not in ("below", "at_most", "above", "at_least"):
                raise ValueError(f"bound must be below, at_most, above or at_least, not {v!r}")
            mapping.append(_BOUNDS.index(Bound(v)))
        bound = np.array([*mapping, 0], dtype=np.int8)[codes]
        if not bound.any():
            bound = None
    observations = _Observations(
        code=code,
        period=period_codes,
        rank=periods.rank[period_codes],
        value=value,
        unit=unit,
        bound=bound,
        row=None,
        periods=periods,
    )
    rank_step = _sort(observations, ordered)
    _check_duplicates(observations, rank_step, targets)
    _check_units(observations, targets, units)
    return observations


def _check_values(value: FloatArray, code: IntArray, targets: _Targets) -> None:
    """Refuse figures a Quantity cannot hold: NaN, infinities, beyond 1e±100."""
    if len(value) == 0:
        return
    if not (value.max() < 1e101 and value.min() > -1e101):  # NaN fails both
        bad = ~(np.abs(value) < 1e101)
        i = int(np.argmax(bad))
        raise QuantityParseError(
            f"figure {value[i]!r} of series {targets.ids[code[i]]!r} is not a finite number "
            "within 1e±100",
            value=float(value[i]),
        )
    small = np.abs(value) < 1e-100
    if small.any() and (value[small] != 0).any():
        raise QuantityParseError(
            "figure out of range (below 1e-100)", value=float(value[small][value[small] != 0][0])
        )


def _sort(obs: _Observations, ordered: bool) -> IntArray:
    """Sort rows by series, then period (undated first), keeping the input order of ties.

    Args:
        obs: The observations (sorted in place).
        ordered: Whether the rows are known to be grouped by series in targets order.

    Returns:
        The rank steps between consecutive (sorted) rows.
    """
    if len(obs.code) < 2:
        return np.zeros(0, dtype=np.int64)
    rank_step = np.diff(obs.rank)
    if not ordered:
        ordered = bool(np.all(np.diff(obs.code) >= 0))
    if ordered:
        # In order unless the rank falls within a series (it falls at each new series).
        falls = np.flatnonzero(rank_step < 0)
        if not (obs.code[falls + 1] == obs.code[falls]).any():
            return rank_step
    key = obs.code * (len(obs.periods.labels) + 1) + obs.rank
    order = np.argsort(key, kind="stable")
    obs.code = obs.code[order]
    obs.period = obs.period[order]
    obs.rank = obs.rank[order]
    obs.value = obs.value[order]
    obs.unit = None if obs.unit is None else obs.unit[order]
    obs.bound = None if obs.bound is None else obs.bound[order]
    obs.row = order.astype(np.int64)
    return np.diff(obs.rank)


def _check_duplicates(obs: _Observations, rank_step: IntArray, t: _Targets) -> None:
    """Refuse two figures of a series for the same period, as the model does."""
    p = obs.periods
    if len(obs.code) < 2:
        return
    if not p.shared_rank:
        # A rank is one period: a repeat is the same rank twice in a row, in one series.
        same = np.flatnonzero(rank_step == 0)
        same = same[(obs.rank[same] > 0) & (obs.code[same] == obs.code[same + 1])]
        repeat = same + 1
    else:
        # Periods sharing a rank (2024年 and 2024-01-01/2024-12-31) need not be adjacent.
        dated = np.flatnonzero(obs.period >= 0)
        key = pd.MultiIndex.from_arrays([obs.code[dated], p.identity[obs.period[dated]]])
        repeat = dated[key.duplicated()]
    if len(repeat):
        i = int(repeat[0])
        raise DuplicateObservationError(
            f"two observations of series {t.ids[obs.code[i]]!r} for the period "
            f"{p.labels[obs.period[i]]}",
            field="period",
            value=p.labels[obs.period[i]],
        )


def _check_units(obs: _Observations, t: _Targets, units: _Units) -> None:
    """Refuse incompatible units, impossible ranks and negative counts, as the model does."""
    if len(obs.code) == 0:
        return
    # Every figure must be compatible with the target's figures (or, failing those, with
    # the series' first figure, in input order).
    reference = _reference_units(t, units)
    has_obs = np.bincount(obs.code, minlength=len(t.kind)) > 0
    rank_unit = units.code("位")
    if obs.unit is None:
        # Every figure is in its target's unit.
        reference = np.where(reference < 0, t.unit, reference)
        wrong = has_obs & (units.dimensions(t.unit) != units.dimensions(reference))
        if wrong.any():
            i = int(np.argmax(wrong))
            raise DimensionMismatchError(
                f"the figures of series {t.ids[i]!r} ({units.units[t.unit[i]].symbol!r}) are "
                "not in a unit compatible with its target",
                field="value",
            )
        rank_series = units.is_kind(t.unit, "rank") & has_obs
        if (t.unit[rank_series] != rank_unit).any():
            raise QuantityParseError("a rank must have the unit '位'", value="位")
        count_series = units.is_kind(t.unit, "count") & has_obs
        ranks = rank_series[obs.code] if rank_series.any() else None
        counts = count_series[obs.code] if count_series.any() else None
    else:
        unit = obs.unit
        # Per series, the dimensions its figures span (rows are grouped by series).
        dims = units.dimensions(unit)
        sizes = np.bincount(obs.code, minlength=len(t.kind))
        starts = np.flatnonzero(has_obs)
        group_starts = (np.cumsum(sizes) - sizes)[starts]
        low = np.full(len(t.kind), -1, dtype=np.int64)
        high = np.full(len(t.kind), -1, dtype=np.int64)
        low[starts] = np.minimum.reduceat(dims, group_starts)
        high[starts] = np.maximum.reduceat(dims, group_starts)
        expected = np.where(reference >= 0, units.dimensions(np.maximum(reference, 0)), low)
        wrong_series = has_obs & ((low != expected) | (high != expected))
        if wrong_series.any():
            i = int(np.argmax(wrong_series))
            rows = np.flatnonzero(obs.code == i)
            order = rows if obs.row is None else rows[np.argsort(obs.row[rows])]
            first = units.units[unit[order[0]]]
            reference_unit = units.units[reference[i]] if reference[i] >= 0 else first
            bad = order[
                units.dimensions(unit[order])
                != units.dimensions(np.array([units.code(reference_unit.symbol)]))[0]
            ][0]
            raise DimensionMismatchError(
                f"observation {obs.value[bad]!r} {units.units[unit[bad]].symbol} of series "
                f"{t.ids[i]!r} is not in a unit compatible with "
                f"{reference_unit.symbol or 'a plain number'!r}",
                field="value",
                value=float(obs.value[bad]),
            )
        present = np.bincount(unit, minlength=len(units.units)) > 0
        kinds = {units.units[c].kind for c in np.flatnonzero(present)}
        ranks = units.is_kind(unit, "rank") if "rank" in kinds else None
        if ranks is not None and (unit[ranks] != rank_unit).any():
            raise QuantityParseError("a rank must have the unit '位'", value="位")
        counts = units.is_kind(unit, "count") if "count" in kinds else None
    if ranks is not None and ranks.any():
        _check_ranks(obs.value[ranks], "figure")
    if counts is not None:
        negative = counts & (obs.value < 0)
        if negative.any():
            _negative_count(t.ids[obs.code[int(np.argmax(negative))]])


def _reference_units(t: _Targets, units: _Units) -> IntArray:
    """The unit every figure of a series must be compatible with (-1: its first figure's).

    ``Target.units()[0]``: the figure to reach, else the baseline, else (trends) a change
    or least rate given as an amount.
    """
    trend = t.kind == TREND
    amount_change = trend & ~np.isnan(t.change) & ~units.is_rate(t.change_unit)
    amount_min = trend & ~np.isnan(t.min_rate) & ~units.is_rate(t.min_rate_unit)
    result: IntArray = np.select(
        [np.isin(t.kind, (ABSOLUTE, RATIO, RANK)), t.has_base, amount_change, amount_min],
        [t.goal_unit, t.base_unit, t.change_unit, t.min_rate_unit],
        -1,
    ).astype(np.int64)
    return result


def _negative_count(series: Any) -> None:
    raise SchemaError(
        f"a count cannot be negative (series {series!r}); write a fall as a trend target's "
        "change instead",
        field="value",
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


def _near(a: FloatArray, b: FloatArray | float) -> BoolArray:
    """Whether ``a`` and ``b`` are within a relative hair of each other."""
    with np.errstate(invalid="ignore"):
        close = np.abs(a - b) <= _EPS * np.maximum(np.abs(a), np.abs(b))
        result: BoolArray = close & np.isfinite(a) & np.isfinite(b)
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
        compound = np.where(end == start, 0.0, np.power(end / start, 1.0 / years) - 1.0)
        result: FloatArray = np.where(kind == COMPOUND, compound, (end - start) / years)
    return result


def _value_after(
    kind: IntArray, start: FloatArray, rate: FloatArray, years: FloatArray
) -> FloatArray:
    """``ProgressEvaluator.value_after``."""
    with np.errstate(all="ignore"):
        result: FloatArray = np.where(
            kind == COMPOUND, start * np.power(1.0 + rate, years), start + rate * years
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
    return math.floor(window_years * _DAYS_PER_YEAR + _WINDOW_SLACK_DAYS)


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
    return result


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
    base_day_t = np.where(t.base_period >= 0, p.point[np.maximum(t.base_period, 0)], 0)
    from_target = t.has_base & (t.base_period >= 0) & (base_day_t < last_day)
    from_points = ~from_target & (ctx.n_points >= 2) & (first_day < last_day)
    result.decide(mask & ~from_target & ~from_points, Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    open_ = mask & ~result.done
    base = np.where(from_target, base_value_t, first_value)
    base_day = np.where(from_target, base_day_t, first_day)
    inexact = last_converted | np.where(from_target, base_converted_t, first_converted)
    inexact |= goal_inexact
    result.show_baseline(open_, base, first_row, from_target)
    shares = units.is_share(result.unit)
    rate_kind = _rate_kinds(params.rate, (base > 0) & (last_value > 0) & (goal > 0), shares)
    powered = rate_kind == COMPOUND
    fuzzy = inexact | powered
    elapsed = (last_day - base_day) / _DAYS_PER_YEAR
    actual = _annual_rate(rate_kind, base, last_value, elapsed)
    gap = goal - base
    with np.errstate(all="ignore"):
        progress = np.where(gap != 0, (last_value - base) / np.where(gap != 0, gap, 1.0), np.nan)
    result.actual_rate[open_] = actual[open_]
    result.rate_kind[open_] = rate_kind[open_]
    result.progress[open_] = progress[open_]
    # The sign of the actual rate, and the gap, are uncertain when the figures nearly agree.
    still = (last_value == base) & ~inexact
    result.exact |= open_ & fuzzy & _near(last_value, base) & ~still
    result.exact |= open_ & inexact & _near(goal, base)
    result.exact |= open_ & ~np.isfinite(actual)

    # No deadline to pace against (or one before the baseline): judge the direction.
    deadline_day = np.where(has_deadline, p.point[deadline], 0)
    undated = open_ & (~has_deadline | (deadline_day <= base_day))
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
    horizon = (deadline_day - base_day) / _DAYS_PER_YEAR
    required = _annual_rate(rate_kind, base, goal, horizon)
    expected = _value_after(rate_kind, base, required, elapsed)
    projected, projected_ok, projection_powered = _projection(
        ctx,
        params,
        open_,
        result.unit,
        rate_kind,
        last_day,
        last_value,
        base,
        base_day,
        deadline_day,
    )
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
        moving_away = sign * actual < 0
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
    direct = units.dimensions(change_unit) == units.dimensions(target_unit)
    points = ~direct & units.is_kind(change_unit, "percentage_point")
    points &= units.is_kind(target_unit, "ratio")
    growth = ~direct & ~points & units.is_kind(change_unit, "ratio")
    growth &= ~units.is_share(target_unit) | units.is_kind(target_unit, "percentage_point")
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
    last_value: FloatArray,
    base: FloatArray,
    base_day: IntArray,
    deadline_day: IntArray,
) -> tuple[FloatArray, BoolArray, BoolArray]:
    """``ProgressEvaluator._project``: the recent trend extended to the deadline.

    Returns:
        The projections, where there is one, and where a compound rate made it.
    """
    reach = last_day - _window_days(params.window_years)
    start = ctx.first_point_on_or_after(reach, where=mask)
    from_points = (ctx.point_end - start) >= 2
    first_day = np.where(from_points, ctx.point_day(start, from_points), base_day)
    first_value, _ = ctx.values(ctx.point_row(start, from_points), from_points, unit)
    first_value = np.where(from_points, first_value, base)
    years = (last_day - first_day) / _DAYS_PER_YEAR
    ok = years > 0
    nonpositive = (first_value <= 0) | (last_value <= 0)
    kind = np.where((rate_kind == COMPOUND) & nonpositive, LINEAR, rate_kind)
    rate = _annual_rate(kind, first_value, last_value, np.where(ok, years, 1.0))
    projected = _value_after(kind, last_value, rate, (deadline_day - last_day) / _DAYS_PER_YEAR)
    return projected, ok, kind == COMPOUND


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
    # The target's baseline, when dated, stands in for the figures up to its date.
    with_base = mask & t.has_base & (t.base_period >= 0)
    base_day = np.where(with_base, p.point[np.maximum(t.base_period, 0)], 0)
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
    first_day = np.where(first_is_base, base_day, ctx.point_day(first, from_points))
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
    years = (last_day - first_day) / _DAYS_PER_YEAR
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
    result.show_latest(open_, last_row, last_value)
    result.show_baseline(open_, first_value, first_row, first_is_base)
    result.actual_rate[open_] = rate[open_]
    result.rate_kind[open_] = rate_kind[open_]
    result.decide(open_ & (moving > band), Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    result.decide(open_ & (moving < -band), Status.BEHIND, Reason.MOVING_AWAY)
    result.decide(open_, Status.BEHIND, Reason.STAGNATING)


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
        return cls(
            method=params.method,
            rate=params.rate,
            on_track=params.on_track,
            moderate=params.moderate,
            projection_tolerance=params.projection_tolerance,
            window_years=params.window_years,
            stagnation=params.stagnation,
        )
    return cls()


def _figure(value: Quantity | None, unit: Unit) -> float:
    return float(value.magnitude_in(unit)) if value is not None else math.nan


def _optional(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _exactly(
    series: IntArray, builder: _Builder, result: _Result, params: _Params, as_of: dt.date
) -> None:
    """Evaluate ``series`` with the object API and record its results in ``result``."""
    t = builder.t
    evaluators = {kind: _evaluator(kind, params) for kind in _EVALUATORS}
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


def _at(values: npt.NDArray[np.integer[Any]], index: IntArray, fill: int = -1) -> IntArray:
    """``values[index]``, with ``fill`` where ``index`` is -1."""
    if len(values) == 0:
        return np.full(len(index), fill, dtype=np.int64)
    result: IntArray = np.where(index >= 0, values[np.maximum(index, 0)], fill).astype(np.int64)
    return result


def _labels(labels: list[str], codes: IntArray) -> npt.NDArray[np.object_]:
    """The period labels of ``codes`` (None for -1)."""
    table = np.array([*labels, None], dtype=object)
    result: npt.NDArray[np.object_] = table[codes]
    return result


def _output(
    result: _Result, obs: _Observations, t: _Targets, units: _Units, column: str
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

    return pd.DataFrame(
        {
            "kind": _categorical(t.kind, _KINDS),
            "status": _categorical(result.status, _STATUSES),
            "reason": _categorical(result.reason, _REASONS),
            "unit": text(symbols[result.unit]),
            "latest_value": result.latest_value,
            "latest_period": text(_labels(op.labels, latest_code)),
            "latest_date": _dates(latest_day, latest_dated),
            "baseline": result.baseline,
            "baseline_period": text(base_labels),
            "baseline_date": _dates(base_day, base_dated),
            "target": result.target,
            "deadline": text(_labels(tp.labels, t.deadline)),
            "actual_rate": _round(result.actual_rate, 10),
            "required_rate": _round(result.required_rate, 10),
            "rate_kind": _categorical(result.rate_kind, _RATE_KINDS),
            "pace": _round(result.pace, 10),
            "pace_grade": _categorical(result.pace_grade, _GRADES),
            "progress": _round(result.progress, 10),
            "expected": _round(result.expected, 6),
            "projected": _round(result.projected, 6),
        },
        index=index,
    )


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
    series: str = "series",
) -> pd.DataFrame:
    """Evaluate every series (see :func:`kpimodel.batch.evaluate_frame`)."""
    frame, _ = _evaluate_frame(
        observations,
        targets,
        as_of=as_of,
        params=_parameters(
            method, rate, on_track, moderate, projection_tolerance, window_years, stagnation
        ),
        series=series,
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
    )
    return _Params(
        method=checked.method,
        rate=checked.rate,
        on_track=checked.on_track,
        moderate=checked.moderate,
        projection_tolerance=checked.projection_tolerance,
        window_years=checked.window_years,
        stagnation=checked.stagnation,
    )


def _evaluate_frame(
    observations: Any,
    targets: Any,
    *,
    as_of: dt.date,
    params: _Params,
    series: str = "series",
    fallback: bool = True,
) -> tuple[pd.DataFrame, BoolArray]:
    """Evaluate; return the frame and which series the object API evaluated."""
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    obs, t, units = _prepare(observations, targets, series)
    with np.errstate(all="ignore"):  # infinities and NaN are handled where they arise
        result = _evaluate(obs, t, units, as_of, params)
    flagged = result.exact.copy()
    if fallback and flagged.any():
        _exactly(np.flatnonzero(flagged), _Builder(obs, t, units), result, params, as_of)
    return _output(result, obs, t, units, series), flagged


def to_indicators(
    observations: Any, targets: Any, *, series: str = "series"
) -> dict[Hashable, Indicator]:
    """Build the indicators (see :func:`kpimodel.batch.to_indicators`)."""
    obs, t, units = _prepare(observations, targets, series)
    builder = _Builder(obs, t, units)
    return {t.ids[i]: builder.indicator(i) for i in range(len(t.kind))}
