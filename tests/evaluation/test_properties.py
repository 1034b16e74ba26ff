"""Properties every evaluation has, checked on drawn indicators (hypothesis).

- unit invariance: the same figures in other units (億円 and 兆円) evaluate alike;
- order invariance: shuffled observations change nothing;
- time-shift invariance: moving every period and the as-of date by k years changes nothing
  (exactly for whole 400-year Gregorian cycles; otherwise only through the day count of
  leap years, by well under 1% of a rate);
- direction symmetry: negated figures with the direction flipped evaluate alike;
- monotonicity: a better latest figure never moves the status down behind < on-track <
  achieved, and never makes an assessed indicator no-data;
- observations after the as-of date change nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kpimodel import (
    Day,
    Evaluation,
    Indicator,
    Observation,
    Quantity,
    Rank,
    Status,
    evaluate,
)
from kpimodel.evaluation import default_evaluators
from kpimodel.evaluation._base import ProgressEvaluator, relative_rate
from kpimodel.testing import strategies as kpimodel_strategies

from .strategies import (
    MONEY,
    Case,
    absolute_cases,
    cumulative_cases,
    in_other_units,
    latest_index,
    maintain_cases,
    negated,
    progress_cases,
    ratio_cases,
    replace,
    shift_date,
    shifted,
    trend_cases,
    with_latest,
)

# The number of examples comes from the hypothesis profile (tests/conftest.py): 100 by
# default, 5,000 with HYPOTHESIS_PROFILE=long.
PROPERTY = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PROGRESS_KINDS = [
    kind for kind, cls in default_evaluators().items() if issubclass(cls, ProgressEvaluator)
]


def evaluators(**parameters: Any) -> dict[str, Any]:
    """Every progress evaluator with the given parameters."""
    return {kind: default_evaluators()[kind](**parameters) for kind in PROGRESS_KINDS}


def run(case: Case, **kwargs: Any) -> Evaluation:
    return evaluate(case.indicator, case.as_of, **kwargs)


def close(a: float | None, b: float | None, rel: float) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


# -- unit invariance -----------------------------------------------------------------------


@PROPERTY
@given(progress_cases(), st.sampled_from(["pace", "path", "projection"]))
def test_unit_invariance(case: Case, method: str) -> None:
    chosen = evaluators(method=method)
    base = run(case, evaluators=chosen)
    other = evaluate(in_other_units(case.indicator), case.as_of, evaluators=chosen)
    assert (other.status, other.reason) == (base.status, base.reason)
    for name in ("pace", "progress"):
        assert close(getattr(other, name), getattr(base, name), 1e-6), name


def test_unit_invariance_on_the_seed_example() -> None:
    from .strategies import make

    target = {"kind": "absolute", "value": "5兆円", "deadline": "2030年"}
    in_cho = make(target, ("2024年", "1.5兆円"), ("2025年", "1.7兆円"))
    in_oku = make(
        {**target, "value": "50,000億円"}, ("2024年", "15,000億円"), ("2025年", "17,000億円")
    )
    a, b = evaluate(in_cho, dt.date(2026, 3, 31)), evaluate(in_oku, dt.date(2026, 3, 31))
    assert (a.status, a.reason, a.pace) == (b.status, b.reason, b.pace)


# -- order invariance ----------------------------------------------------------------------


@PROPERTY
@given(progress_cases(), st.randoms(use_true_random=False))
def test_order_invariance(case: Case, rnd: Any) -> None:
    items = list(case.indicator.observations)
    rnd.shuffle(items)
    shuffled = Case(replace(case.indicator, observations=tuple(items)), case.as_of)
    assert run(shuffled) == run(case)


# -- time-shift invariance -----------------------------------------------------------------

_DATED = (
    "as_of",
    "deadline",
    "baseline_period",
    "latest",
    "rated",
    "attainment",
    "target",
    "explanation",
    "explanation_ja",
)


@PROPERTY
@given(progress_cases(), st.sampled_from([-400, 400, 800]))
def test_time_shift_by_whole_calendar_cycles_changes_nothing(case: Case, years: int) -> None:
    # 400 Gregorian years hold a whole number of weeks and leap days: every day count, so
    # every rate, is the same.
    moved = Case(shifted(case.indicator, years), shift_date(case.as_of, years))
    base, other = run(case), run(moved)
    assert base.model_dump(exclude=set(_DATED)) == other.model_dump(exclude=set(_DATED))


def _relative_rate(result: Evaluation) -> float | None:
    """The annual rate relative to the starting figure, as the trend rules compare it."""
    if result.actual_rate is None or result.rate_kind is None:
        return None
    if result.rate_kind == "compound" or result.baseline is None or result.latest is None:
        return result.actual_rate
    start = float(result.baseline.magnitude_in(result.latest.value.unit))
    return relative_rate(result.actual_rate, start)


def _thresholds(result: Evaluation, indicator: Indicator) -> list[tuple[str, float]]:
    on_track = float(result.parameters.get("on_track", 0.95))
    band = float(result.parameters.get("stagnation", 0.005))
    min_rate = getattr(indicator.target, "min_rate", None)
    if min_rate is not None:
        band = float(min_rate.magnitude_in(""))
    return [("pace", on_track), ("pace", 0.0), ("relative", band), ("relative", -band)]


def _straddle(a: Evaluation, b: Evaluation, indicator: Indicator) -> bool:
    """Whether a threshold of the rules lies between the figures of ``a`` and ``b``."""
    figures = {
        "pace": (a.pace, b.pace),
        "relative": (_relative_rate(a), _relative_rate(b)),
    }
    for name, threshold in _thresholds(a, indicator):
        x, y = figures[name]
        if x is not None and y is not None and (x - threshold) * (y - threshold) <= 0:
            return True
    return False


@PROPERTY
@given(progress_cases(), st.integers(-30, 30))
def test_time_shift_invariance(case: Case, years: int) -> None:
    moved = Case(shifted(case.indicator, years), shift_date(case.as_of, years))
    base, other = run(case), run(moved)
    # Rates use days / 365.2425 between period midpoints, and a shift changes how many leap
    # days a span holds: each midpoint may move by a day. So a rate moves by at most about
    # 2 days in the span, and a status can change only where a threshold lies in between.
    if base.baseline_period is not None and base.latest is not None and base.latest.period:
        span = (base.latest.period.point - base.baseline_period.point).days
        if span > 0 and base.actual_rate is not None and other.actual_rate is not None:
            squash = math.log1p if base.rate_kind == "compound" else float
            a, b = squash(base.actual_rate), squash(other.actual_rate)
            assert math.isclose(a, b, rel_tol=2.5 / span, abs_tol=1e-9)
    if (base.status, base.reason) != (other.status, other.reason):
        if _near_staleness(base) or _near_staleness(other):
            return  # the age in days, like a rate, moves with the leap days a span holds
        assert _straddle(base, other, case.indicator), (base.explanation, other.explanation)


def _near_staleness(result: Evaluation) -> bool:
    """Whether the latest figure's age is within two days of the staleness cut-off."""
    stale_after = result.parameters.get("stale_after")
    if stale_after is None or result.latest is None or result.latest.period is None:
        return False
    reference = result.as_of
    if result.deadline is not None and result.deadline.last_day < result.as_of:
        reference = result.deadline.last_day
    age = (reference - result.latest.period.last_day).days / 365.2425
    return abs(age - float(stale_after)) <= 2 / 365.2425


# -- direction symmetry --------------------------------------------------------------------


# Figures that can be negated: money and shares (counts and ranks are never negative).
symmetric_cases = st.one_of(
    absolute_cases(units=MONEY),
    ratio_cases(low=-100),
    trend_cases(units=MONEY),
    maintain_cases(low=-100, units=("%",), ranks=False),
    cumulative_cases(low=-1000, units=MONEY),
)


@PROPERTY
@given(symmetric_cases, st.sampled_from(["pace", "path", "projection"]))
def test_direction_symmetry(case: Case, method: str) -> None:
    # Compound rates are undefined for negative figures, so both sides use linear rates.
    chosen = evaluators(method=method, rate="linear")
    base = run(case, evaluators=chosen)
    flipped = evaluate(negated(case.indicator), case.as_of, evaluators=chosen)
    assert (flipped.status, flipped.reason) == (base.status, base.reason)
    assert flipped.direction != base.direction
    for name in ("pace", "progress"):
        assert close(getattr(flipped, name), getattr(base, name), 1e-9), name


# -- monotonicity --------------------------------------------------------------------------


def _improved(case: Case, step: int) -> Case | None:
    indicator = case.indicator
    latest = indicator.observations[latest_index(indicator)].value
    if isinstance(latest, Rank):
        if latest.position - step < 1:
            return None
        better: Quantity = Rank(magnitude=Decimal(latest.position - step))
    else:
        sign = indicator.target.direction.sign
        better = Quantity(magnitude=latest.magnitude + sign * step, unit=latest.unit)
        if better.unit.kind == "count" and better.magnitude < 0:
            return None  # counts are never negative
    return Case(with_latest(indicator, better), case.as_of)


@PROPERTY
@given(
    progress_cases(),
    st.integers(1, 50_000),
    st.sampled_from(["pace", "path", "projection"]),
)
def test_monotonicity(case: Case, step: int, method: str) -> None:
    better = _improved(case, step)
    assume(better is not None)  # not `return`: Hypothesis refuses a property it never checks
    assert better is not None
    chosen = evaluators(method=method)
    before, after = run(case, evaluators=chosen), run(better, evaluators=chosen)
    if before.status is Status.NO_DATA:
        # Too little history to judge an unmet target: a better figure may meet it.
        assert after.status in (Status.NO_DATA, Status.ACHIEVED), after.explanation
    else:
        assert after.status is not Status.NO_DATA, after.explanation
        assert after.status.merit >= before.status.merit, (before.explanation, after.explanation)


# -- later observations --------------------------------------------------------------------


@PROPERTY
@given(progress_cases(), st.lists(st.integers(1, 3000), min_size=1, max_size=3, unique=True))
def test_observations_after_the_as_of_date_change_nothing(
    case: Case, days_after: list[int]
) -> None:
    indicator = case.indicator
    sample = indicator.observations[-1].value
    extreme: Quantity = (
        Rank(magnitude=Decimal(1))
        if isinstance(sample, Rank)
        else Quantity(magnitude=sample.magnitude * 7 + 1000, unit=sample.unit)
    )
    later = [Day(date=case.as_of + dt.timedelta(days=n)) for n in days_after]
    references = tuple(
        replace(
            ref,
            observations=(*ref.observations, *(Observation(period=p, value=sample) for p in later)),
        )
        for ref in indicator.references
    )
    more: Indicator = replace(
        indicator,
        observations=(
            *indicator.observations,
            *(Observation(period=p, value=extreme) for p in later),
        ),
        references=references,
    )
    assert run(Case(more, case.as_of)) == run(case)


@pytest.mark.parametrize("days", [0, 1])
def test_an_observation_counts_from_the_last_day_of_its_period(days: int) -> None:
    from .strategies import make

    indicator = make(
        {"kind": "absolute", "value": "5兆円", "deadline": "2030年"},
        ("2024年", "1.5兆円"),
        ("2025年", "1.7兆円"),
    )
    result = evaluate(indicator, dt.date(2025, 12, 30) + dt.timedelta(days=days))
    assert result.latest is not None
    assert result.latest.period is not None
    assert str(result.latest.period) == ("2025年" if days else "2024年")


# -- any indicator at all ------------------------------------------------------------------


@PROPERTY
@given(
    kpimodel_strategies.indicators(),
    st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31)),
    st.sampled_from(["pace", "path", "projection"]),
)
def test_any_indicator_evaluates_and_round_trips(
    indicator: Indicator, as_of: dt.date, method: str
) -> None:
    # Zero, negative, huge and undated figures, bounds and stated changes never crash an
    # evaluator, and every result is a status with reasons that survive JSON.
    result = evaluate(indicator, as_of, evaluators=evaluators(method=method))
    assert isinstance(result.status, Status)
    assert result.reason
    assert result.explanation.strip()
    assert result.explanation_ja.strip()
    assert Evaluation.model_validate_json(result.model_dump_json()) == result
