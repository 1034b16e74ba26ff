"""Reading and checking the batch tables: ids, periods, units, targets, observations.

The numbering of kinds, statuses, reasons and bounds the kernel works in lives here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import ValidationError

from kpimodel.batch import KERNEL_EVALUATORS, OBJECT_EVALUATORS, SUPPORTED_KINDS
from kpimodel.errors import (
    DimensionMismatchError,
    DuplicateObservationError,
    InconsistentTargetError,
    InputError,
    KPIModelError,
    QuantityParseError,
    SchemaError,
)
from kpimodel.evaluation import (
    AbsoluteEvaluator,
    Evaluator,
    MaintainEvaluator,
    MonitorEvaluator,
    PaceGrade,
    PendingEvaluator,
    RankEvaluator,
    RatioEvaluator,
    Reason,
    Status,
    TrendEvaluator,
)
from kpimodel.evaluation._rates import (
    DAYS_PER_YEAR,
    instant_of,
    is_relative_change,
    linear_by_default,
    natural_bounds,
)
from kpimodel.model import (
    Bound,
)
from kpimodel.periods import AnyPeriod, parse_period
from kpimodel.units import Unit

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: The evaluator class per kind code; the kinds are the classes' (SUPPORTED_KINDS): the
#: kernel's first, then those only the object API evaluates (OBJECT_CODES).
_EVALUATORS: dict[int, type[Evaluator]] = dict(enumerate((*KERNEL_EVALUATORS, *OBJECT_EVALUATORS)))
_KINDS = SUPPORTED_KINDS
OBJECT_CODES = frozenset(range(len(KERNEL_EVALUATORS), len(_EVALUATORS)))
ABSOLUTE, RATIO, RANK, TREND, MONITOR, MAINTAIN, PENDING = (
    _KINDS.index(cls.target_kinds[0])
    for cls in (
        AbsoluteEvaluator,
        RatioEvaluator,
        RankEvaluator,
        TrendEvaluator,
        MonitorEvaluator,
        MaintainEvaluator,
        PendingEvaluator,
    )
)
_BOUNDS = (None, Bound.BELOW, Bound.AT_MOST, Bound.ABOVE, Bound.AT_LEAST)
BELOW, AT_MOST, ABOVE, AT_LEAST = 1, 2, 3, 4
_STATUSES = tuple(s.value for s in Status)
_REASONS = tuple(r.value for r in Reason)
_GRADES = tuple(g.value for g in PaceGrade)
_RATE_KINDS = ("compound", "linear")
COMPOUND, LINEAR = 0, 1
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
    # The time axis (kpimodel.evaluation._rates.instant_of): the kind of whole periods
    # (-1: none), the position in periods, and how many make a year.
    key: IntArray
    index: FloatArray
    per_year: FloatArray

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
        instants = [instant_of(p) for p in periods]
        key = np.array([i.key for i in instants] + [-1], dtype=np.int64)
        index = np.array([i.index for i in instants] + [0.0], dtype=np.float64)
        per_year = np.array([i.per_year for i in instants] + [1], dtype=np.float64)
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
            key=key,
            index=index,
            per_year=per_year,
        )

    def when(self, codes: IntArray, valid: BoolArray, at_end: BoolArray | None = None) -> _When:
        """Where the periods ``codes`` stand on the time axis (their midpoints, or ends)."""
        every = bool(valid.all())
        safe = codes if every else np.where(valid, codes, -1)
        day = self.point[safe]
        index = self.index[safe]
        if at_end is not None:
            day = np.where(at_end, self.end[safe], day)
            index = np.where(at_end, index + 0.5, index)
        key = self.key[safe]
        return _When(
            # The sentinel code -1 reads day 0 and key -1 already; only masked codes differ.
            day=day if every else np.where(valid, day, 0),
            key=key if every else np.where(valid, key, -1),
            index=index,
            per_year=self.per_year[safe],
        )


@dataclass(frozen=True)
class _When:
    """Instants on the time axis, one per series (``kpimodel.evaluation._rates.Instant``)."""

    day: IntArray
    key: IntArray
    index: FloatArray
    per_year: FloatArray

    @staticmethod
    def where(mask: BoolArray, a: _When, b: _When) -> _When:
        return _When(
            day=np.where(mask, a.day, b.day),
            key=np.where(mask, a.key, b.key),
            index=np.where(mask, a.index, b.index),
            per_year=np.where(mask, a.per_year, b.per_year),
        )


def _years(start: _When, end: _When) -> FloatArray:
    """``years_apart``: whole periods between periods of one kind, else days / 365.2425."""
    same = (start.key >= 0) & (start.key == end.key)
    with np.errstate(all="ignore"):
        result: FloatArray = np.where(
            same, (end.index - start.index) / start.per_year, (end.day - start.day) / DAYS_PER_YEAR
        )
    return result


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
        table = np.array([linear_by_default(u) for u in self.units] + [False])
        result: BoolArray = table[codes]
        return result

    def bounds(self, codes: IntArray, *, share: bool) -> tuple[FloatArray, FloatArray]:
        """The least and greatest figure each unit allows (``natural_bounds``; NaN: none)."""
        pairs = [natural_bounds(u, share=share) for u in self.units] + [(None, None)]
        low = np.array([np.nan if a is None else a for a, _ in pairs])[codes]
        high = np.array([np.nan if b is None else b for _, b in pairs])[codes]
        return low, high

    def is_relative(self, codes: IntArray) -> BoolArray:
        """Whether a change in each unit is relative (%, ‰, 割)."""
        table = np.array([is_relative_change(u) for u in self.units] + [False])
        result: BoolArray = table[codes]
        return result

    def is_plain(self, codes: IntArray) -> BoolArray:
        """Whether each unit is the plain number (no unit)."""
        table = np.array([u.symbol == "" for u in self.units] + [False])
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


#: Target fields the kernel does not evaluate: given, they are refused, never ignored.
_UNSUPPORTED_TARGET_COLUMNS = {
    "limit": "natural limits",
    "limit_unit": "natural limits",
    "strict": "strict comparisons ('more than 90%')",
    "milestones": "milestones",
    "stated_status": "stated statuses",
}


def _refuse_columns(frame: pd.DataFrame, ids: Any, columns: dict[str, str], table: str) -> None:
    """Refuse a column the kernel would otherwise ignore, naming the first series using it."""
    for name, what in columns.items():
        values = _column(frame, name)
        if values is None:
            continue
        cells = np.asarray(values, dtype=object)
        # False (strict: False) states the default: only a value that asks for more counts.
        used = np.flatnonzero(~pd.isna(cells) & np.array([c is not False for c in cells]))
        if len(used) == 0:
            continue
        series, value = ids[int(used[0])], values[int(used[0])]
        shown = value.item() if isinstance(value, np.generic) else value
        raise InputError(
            f"kpimodel.batch does not evaluate {what}: the {table} column {name!r} is set "
            f"for series {series!r} (to {shown!r}); evaluate such series with "
            "kpimodel.evaluate (an Indicator whose target states it), or drop the column",
            kpi_id=str(series),
            field=name,
            value=shown,
        )


def _read_targets(
    frame: pd.DataFrame, column: str, units: _Units, cache: dict[str, AnyPeriod]
) -> _Targets:
    ids = pd.Index(_ids(frame, column))
    if not ids.is_unique:
        repeated = ids[ids.duplicated()].unique()[:5]
        raise ValueError(f"targets repeats series: {', '.join(map(repr, repeated))}")
    n = len(ids)
    _refuse_columns(frame, ids, _UNSUPPORTED_TARGET_COLUMNS, "targets")
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
    needs_value = np.isin(t.kind, (ABSOLUTE, RATIO, RANK, MAINTAIN))
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


def _at(values: npt.NDArray[np.integer[Any]], index: IntArray, fill: int = -1) -> IntArray:
    """``values[index]``, with ``fill`` where ``index`` is -1."""
    if len(values) == 0:
        return np.full(len(index), fill, dtype=np.int64)
    result: IntArray = np.where(index >= 0, values[np.maximum(index, 0)], fill).astype(np.int64)
    return result
