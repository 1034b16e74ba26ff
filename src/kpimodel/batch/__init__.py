"""Evaluate long tables of observations with vectorised numpy: millions of series at once.

:func:`evaluate_frame` takes a long table of observations (one row per figure: series id,
period, value) and a table of targets (one row per series) as pandas DataFrames (or Arrow
tables), and returns one row per series with the status, the reason and the figures
behind them: exactly the statuses and reasons that :func:`kpimodel.evaluate` gives for the
same series modelled as objects (see :func:`to_indicators`), and the same figures within
float tolerance.

It works on whole series, partition by partition, so the same function runs on a
distributed engine whose partitions hold whole series (a Dask DataFrame indexed by series
id, through ``map_partitions``).

numpy and pandas are imported on first use, not by ``import kpimodel`` nor by importing
this module; without them the functions raise an :class:`ImportError` that names the
extra to install (``pip install -e ".[batch]"``).

Example:
    >>> import datetime as dt
    >>> import pandas as pd
    >>> from kpimodel.batch import evaluate_frame
    >>> observations = pd.DataFrame(
    ...     {"series": ["exports"] * 2, "period": ["2024年", "2025年"], "value": [1.5, 1.7]}
    ... )
    >>> targets = pd.DataFrame(
    ...     {"series": ["exports"], "kind": ["absolute"], "value": [5.0], "unit": ["兆円"],
    ...      "deadline": ["2030年"]}
    ... )
    >>> evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))[["status", "pace"]]
             status      pace
    series
    exports  behind  0.600315
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from kpimodel.errors import InputError
from kpimodel.evaluation import (
    AbsoluteEvaluator,
    Evaluator,
    MaintainEvaluator,
    MonitorEvaluator,
    PendingEvaluator,
    RankEvaluator,
    RatioEvaluator,
    TrendEvaluator,
)
from kpimodel.evaluation._rows import BATCH_NAMES

if TYPE_CHECKING:
    import pandas as pd

    from kpimodel.model import Indicator

__all__ = [
    "KERNEL_EVALUATORS",
    "OBJECT_EVALUATORS",
    "OUTPUT_COLUMNS",
    "SUPPORTED_KINDS",
    "evaluate_frame",
    "to_indicators",
]

#: The evaluators whose rule the vectorised kernel implements, one per supported kind.
KERNEL_EVALUATORS: tuple[type[Evaluator], ...] = (
    AbsoluteEvaluator,
    RatioEvaluator,
    RankEvaluator,
    TrendEvaluator,
    MonitorEvaluator,
)

#: The kinds whose rule the kernel does not implement but whose targets the table columns
#: state (a maintain bound: value, unit, direction, deadline; a pending target: the kind):
#: their series are evaluated by the object API, in the same call, one series at a time.
OBJECT_EVALUATORS: tuple[type[Evaluator], ...] = (MaintainEvaluator, PendingEvaluator)

#: The target kinds :func:`evaluate_frame` evaluates: those of :data:`KERNEL_EVALUATORS`
#: with numpy, then those of :data:`OBJECT_EVALUATORS` with the object API.
SUPPORTED_KINDS: tuple[str, ...] = tuple(
    kind for cls in (*KERNEL_EVALUATORS, *OBJECT_EVALUATORS) for kind in cls.target_kinds
)

#: The columns of the frame :func:`evaluate_frame` returns, in order: the columns of the
#: flat row schema (:data:`kpimodel.evaluation.ROW_COLUMNS`) that the kernel computes, with
#: the same names and meanings as in CSV and :func:`kpimodel.to_dataframe`.
OUTPUT_COLUMNS: tuple[str, ...] = BATCH_NAMES


def _implementation() -> Any:
    import importlib

    for library in ("numpy", "pandas"):
        try:
            importlib.import_module(library)
        except ImportError as exc:
            raise ImportError(
                f"kpimodel.batch needs numpy and pandas, and {library} cannot be imported "
                f'({exc}): install the extra "batch" from the kpimodel checkout with '
                'pip install -e ".[batch]"',
                name=library,
            ) from exc
    from kpimodel.batch import _frame

    return _frame


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
    preset: str | None = None,
    scale: str | None = None,
) -> pd.DataFrame:
    """Evaluate every series of a long table against its target, vectorised.

    **observations**, one row per figure:

    ============  ==============================================================
    ``series``    the series id (a column, or else the index)
    ``period``    the period label, read with :func:`kpimodel.parse_period` once
                  per distinct label (``2024年度``, ``2025Q1``, ``2026-03``); null
                  for a figure whose period is not known
    ``value``     the figure, a float
    ``unit``      optional: its unit (default: the target's ``unit``)
    ``bound``     optional: ``below``, ``at_most``, ``above`` or ``at_least``
                  when the figure is only a bound on the true one (null otherwise)
    ============  ==============================================================

    **targets**, one row per series:

    ==============================  ================================================
    ``series``                      the series id (a column, or else the index)
    ``kind``                        ``absolute``, ``ratio``, ``rank``, ``trend`` or
                                    ``monitor``
    ``value``                       the figure to reach (the position for ``rank``)
    ``unit``                        the unit of ``value``, of the baseline and, by
                                    default, of the observations (``位`` for ranks)
    ``direction``                   optional: ``higher`` or ``lower`` (default: the
                                    kind's; ranks are always ``lower``)
    ``deadline``                    optional: a period label
    ``baseline``,                   optional: the baseline figure and its period
    ``baseline_period``
    ``baseline_unit``               optional: the baseline's unit (default ``unit``)
    ``change``, ``change_unit``     optional, trend targets: the change to achieve
    ``min_rate``, ``min_rate_unit``  optional, trend targets: the least annual rate
    ==============================  ================================================

    A float ``x`` stands for the decimal ``repr(x)`` writes (``0.1`` is 0.1), so the
    series of a row equals the :class:`~kpimodel.Indicator` that :func:`to_indicators`
    builds, and its result equals :func:`kpimodel.evaluate` of that indicator with the
    same evaluator parameters: the same status and reason, and figures equal within float
    tolerance (rates, pace and progress to 1e-9 relative, expected and projected values
    to 1e-5 relative, as kpimodel rounds them to 10 and 6 significant digits). Series
    whose figures fall within a hair (1e-9 relative) of a threshold, or that overflow,
    are evaluated exactly by the object API instead.

    Not covered: the target kinds ``cumulative``, ``maintain``, ``reference_ratio``,
    ``pending``, ``band`` and ``convergence``; stated changes that imply earlier figures
    (give them as rows); series pooled across KPIs (``Indicator.series``); reference
    series; custom evaluators and hooks; the explanation sentences (use
    :func:`to_indicators` and :func:`kpimodel.evaluate` for the few series you want to
    explain).

    Args:
        observations: The long table (pandas DataFrame or Arrow table).
        targets: The targets (pandas DataFrame or Arrow table), one row per series.
        as_of: The evaluation date; figures whose period ends after it are ignored.
        method: ``pace``, ``path`` or ``projection`` (see
            :class:`~kpimodel.ProgressEvaluator`).
        rate: ``auto``, ``compound`` or ``linear``.
        on_track: The least pace ratio that is on track.
        moderate: The least pace ratio graded moderate.
        projection_tolerance: The share of the gap a projection may miss by.
        window_years: How many years of recent figures projections and trends use.
        stagnation: The band of relative annual rates treated as no movement.
        stale_after: The staleness rule: no-data (``stale``) when the latest dated figure
            is more than this many years older than the as-of date (or than the passed
            deadline); ``None`` turns it off.
        series: The name of the series id column.
        evaluators: Evaluator instances by kind, used instead of the seven parameters
            above for their kinds (each an instance of the kind's class in
            :data:`KERNEL_EVALUATORS`, or of a subclass). The kernel runs with each one's
            parameters; a subclass that redefines any method (a hook) has its series
            evaluated by the object API with that instance, so it is never silently given
            a different answer.
        preset: Refused: presets (``kpimodel.evaluate(..., preset=...)``) and status
            scales are evaluated by the object API only; given here, an error says so
            rather than a result under kpimodel's own rule.
        scale: Refused, as ``preset``.

    Returns:
        One row per row of ``targets``, in its order, indexed by series id, with the
        columns :data:`OUTPUT_COLUMNS`. Figures are floats in the series' working unit
        (the ``unit`` column: the target's unit, or for trends without a change and for
        monitored series the latest figure's), missing ones NaN; dates are
        ``datetime64``; statuses, reasons and grades are categoricals of the values of
        :class:`~kpimodel.Status`, :class:`~kpimodel.Reason` and
        :class:`~kpimodel.PaceGrade`.

    Raises:
        ImportError: When numpy or pandas is not installed.
        TypeError: When an evaluator is not an instance of its kind's kernel class.
        ValueError: When evaluators are given for unsupported kinds, a table lacks a
            column, repeats a series in ``targets``, names a series with no target, or
            names an unsupported kind.
        KPIModelError: When the data is invalid as the object model would find it (an
            unknown unit, incompatible units, a duplicate period, a bad rank), or the
            evaluation fails as the object API would.
        InputError: When a ``preset`` or a ``scale`` is given.
    """
    if preset is not None or scale is not None:
        what = f"preset={preset!r}" if preset is not None else f"scale={scale!r}"
        raise InputError(
            f"kpimodel.batch.evaluate_frame does not evaluate presets or status scales "
            f"({what}); build the indicators with kpimodel.batch.to_indicators() and "
            f"evaluate them with kpimodel.evaluate(indicator, as_of, {what})",
            field="preset" if preset is not None else "scale",
            value=preset if preset is not None else scale,
        )
    frame: pd.DataFrame = _implementation().evaluate_frame(
        observations,
        targets,
        as_of=as_of,
        method=method,
        rate=rate,
        on_track=on_track,
        moderate=moderate,
        projection_tolerance=projection_tolerance,
        window_years=window_years,
        stagnation=stagnation,
        stale_after=stale_after,
        series=series,
        evaluators=evaluators,
    )
    return frame


def to_indicators(
    observations: Any, targets: Any, *, series: str = "series"
) -> dict[Hashable, Indicator]:
    """Build the :class:`~kpimodel.Indicator` that each series of the tables stands for.

    The object model of what :func:`evaluate_frame` evaluates: evaluating one of these
    indicators with :func:`kpimodel.evaluate` gives that series' row of
    :func:`evaluate_frame`, with the explanation sentences besides. Meant for a few series
    (each takes tens of microseconds), for explanations and checks.

    Args:
        observations: The long table (see :func:`evaluate_frame`).
        targets: The targets (see :func:`evaluate_frame`).
        series: The name of the series id column.

    Returns:
        The indicators by series id, in the order of ``targets``.

    Raises:
        ImportError: When numpy or pandas is not installed.
        ValueError: When a table is malformed (see :func:`evaluate_frame`).
        KPIModelError: When the data is invalid as the object model would find it.
    """
    result: dict[Hashable, Indicator] = _implementation().to_indicators(
        observations, targets, series=series
    )
    return result
