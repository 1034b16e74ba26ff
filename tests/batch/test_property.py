"""The batch API gives what the object API gives, on random programs (hypothesis).

Each example is a handful of random series (every supported kind, units converted within a
family, undated figures, bounds, baselines, changes, least rates, periods after the as-of
date, ties with the target) evaluated twice: as a KPI document through
``kpimodel.evaluate``, and as long tables through ``kpimodel.batch.evaluate_frame``.
Statuses and reasons must be identical, figures equal within the documented tolerance.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpimodel.batch import evaluate_frame
from kpimodel.errors import KPIModelError

from ._series import Series, compare, object_results, tables

_frame = pytest.importorskip("kpimodel.batch._frame")

FAMILIES: dict[str, dict[str, Decimal]] = {
    # unit -> its size in the family's first unit
    "money": {"億円": Decimal(1), "兆円": Decimal(10000), "万円": Decimal("0.0001")},
    "people": {"人": Decimal(1), "万人": Decimal(10000)},
    "share": {"%": Decimal(1), "‰": Decimal("0.1"), "": Decimal(100)},
    "rank": {"位": Decimal(1)},
}
PERIODS = (
    "2019年",
    "2020年",
    "2021年",
    "2022年",
    "2023年",
    "2024年",
    "2025年",
    "2026年",
    "2027年",
    "2021年度",
    "2023年度",
    "2024年度",
    "2025年度",
    "2024Q3",
    "2025Q1",
    "2025-06",
    "2025-06-30",
    "2025-07-01",
    "2024-01-01/2024-12-31",
    "2018-2020年",
)
DEADLINES = ("2022年", "2025年", "2026年度", "2030年", "2035年", "2026-06")


def _in_unit(value: Decimal, family: str, unit: str) -> Decimal | None:
    """``value`` (in the family's first unit) expressed in ``unit``, if printable simply."""
    converted = value / FAMILIES[family][unit]
    number = float(converted)
    text = repr(number)
    if "e" in text or "inf" in text or Decimal(text) != converted:
        return None
    return converted


@st.composite
def figures(draw: st.DrawFn, family: str) -> Decimal:
    if family == "rank":
        return Decimal(draw(st.integers(1, 30)))
    least = 0 if family == "people" else -500  # counts cannot be negative
    cents = draw(st.one_of(st.integers(least, 50_000), st.sampled_from([0, 100, 10_000, 5000])))
    return Decimal(cents) / 100


@st.composite
def series(draw: st.DrawFn, index: int) -> Series:
    kinds = ["absolute", "ratio", "rank", "trend", "trend", "monitor", "maintain", "pending"]
    kind = draw(st.sampled_from(kinds))
    family = {
        "ratio": "share",
        "rank": "rank",
    }.get(kind) or draw(st.sampled_from(["money", "people", "share"]))
    units = list(FAMILIES[family])
    unit = draw(st.sampled_from(units))
    s = Series(id=f"s{index}", kind=kind, unit=unit)
    if kind != "rank" and draw(st.booleans()):
        s.direction = draw(st.sampled_from(["higher", "lower"]))
    values: list[Decimal] = []
    size = draw(st.sampled_from([0, 1, 2, 3, 3, 4, 5, 6]))
    periods = draw(st.lists(st.sampled_from(PERIODS), min_size=size, max_size=size, unique=True))
    undated = draw(st.integers(0, 1)) if draw(st.integers(0, 4)) == 0 else 0
    for period in [*periods, *([None] * undated)]:
        value = draw(figures(family))
        values.append(value)
        shown_unit = draw(st.sampled_from(units)) if draw(st.booleans()) else unit
        shown = _in_unit(value, family, shown_unit)
        if shown is None:
            shown_unit, shown = unit, _in_unit(value, family, unit)
        if shown is None:
            continue
        bound = None
        if family != "rank" and draw(st.integers(0, 9)) == 0:
            bound = draw(st.sampled_from(["below", "at_most", "above", "at_least"]))
        s.observations.append((period, float(shown), shown_unit, bound))
    if kind in ("absolute", "ratio", "rank", "maintain"):
        # Often exactly a figure of the series: ties must come out the same both ways.
        goal = draw(st.sampled_from(values)) if values and draw(st.booleans()) else None
        goal = goal if goal is not None else draw(figures(family))
        if kind == "rank":
            s.value = float(goal)
        else:
            printed = _in_unit(goal, family, unit)
            s.value = float(printed) if printed is not None else float(goal)
            if printed is None:
                s.unit = units[0]
    if kind != "monitor" or draw(st.booleans()):
        s.deadline = draw(st.none() | st.sampled_from(DEADLINES))
    if kind != "monitor" and draw(st.integers(0, 2)) == 0:
        base_unit = s.unit if kind in ("absolute", "ratio") else draw(st.sampled_from(units))
        value = draw(figures(family))
        printed = _in_unit(value, family, base_unit)
        if printed is not None:
            period = draw(st.none() | st.sampled_from(PERIODS[:9]))
            if s.deadline is not None and period is not None:
                period = period if period < s.deadline[:4] else None
            s.baseline = (float(printed), base_unit, period)
    if kind == "trend" and draw(st.booleans()):
        # Points on a share, a percentage of an amount, or (no target) points on an amount.
        options = [*units] + (["ポイント"] if family == "share" else ["%", "%", "ポイント"])
        change_unit = draw(st.sampled_from(options))
        s.change = (float(draw(figures("share"))), change_unit)
    elif kind == "trend" and draw(st.integers(0, 2)) == 0:
        options = ["%", *units] + (["ポイント"] if family == "share" else [])
        s.min_rate = (float(abs(draw(figures("share")))) / 10, draw(st.sampled_from(options)))
    return s


@st.composite
def programs(draw: st.DrawFn) -> list[Series]:
    count = draw(st.integers(1, 6))
    return [draw(series(i)) for i in range(count)]


PARAMETERS = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["pace", "pace", "path", "projection"]),
        "rate": st.sampled_from(["auto", "auto", "compound", "linear"]),
        "stagnation": st.sampled_from([0.005, 0.0, 0.02]),
        "window_years": st.sampled_from([5.0, 1.0, 2.5]),
        "stale_after": st.sampled_from([5.0, 5.0, None, 1.0]),
    }
)
AS_OF = st.sampled_from([dt.date(2026, 3, 31), dt.date(2024, 12, 31), dt.date(2025, 7, 1)])


def _both(
    generated: list[Series], as_of: dt.date, params: dict[str, Any], fallback: bool = True
) -> tuple[Any, Any, Any]:
    try:
        expected = object_results(generated, as_of, params)
    except KPIModelError:
        expected = None
    observations, targets = tables(generated)
    if expected is None:
        with pytest.raises(KPIModelError):
            evaluate_frame(observations, targets, as_of=as_of, **params)
        return None, None, None
    frame, flagged = _frame._evaluate_frame(
        observations,
        targets,
        as_of=as_of,
        params=_frame._parameters(
            params["method"],
            params["rate"],
            0.95,
            0.6,
            0.05,
            params["window_years"],
            params["stagnation"],
            params["stale_after"],
        ),
        fallback=fallback,
    )
    return expected, frame, flagged


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=programs(), as_of=AS_OF, params=PARAMETERS)
def test_batch_matches_object_api(
    generated: list[Series], as_of: dt.date, params: dict[str, Any]
) -> None:
    expected, frame, _ = _both(generated, as_of, params)
    if expected is None:
        return
    for s in generated:
        compare(frame.loc[s.id], expected[s.id], f"{s} {params} {as_of}")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=programs(), as_of=AS_OF, params=PARAMETERS)
def test_vectorised_path_alone_matches(
    generated: list[Series], as_of: dt.date, params: dict[str, Any]
) -> None:
    # Without the exact fallback, every series not flagged must already match.
    expected, frame, flagged = _both(generated, as_of, params, fallback=False)
    if expected is None:
        return
    for i, s in enumerate(generated):
        if not flagged[i]:
            compare(frame.loc[s.id], expected[s.id], f"{s} {params} {as_of}")
