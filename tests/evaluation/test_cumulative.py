"""Cumulative targets: a total over a span (``180兆円 over the next five years``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpimodel import CumulativeEvaluator, PaceGrade, Reason, Status, evaluate
from kpimodel.evaluation import years_between
from kpimodel.testing import check_evaluator

from .strategies import make

RD = {"kind": "cumulative", "value": "180兆円", "period": "2026-2030年度"}
MID_2028 = dt.date(2028, 6, 30)


def test_conformance() -> None:
    check_evaluator(CumulativeEvaluator())


def test_behind_when_the_average_a_year_falls_short() -> None:
    result = evaluate(make(RD, ("2026年度", "30兆円"), ("2027年度", "33兆円")), MID_2028)
    elapsed = years_between(dt.date(2026, 4, 1), dt.date(2028, 4, 1))
    whole = years_between(dt.date(2026, 4, 1), dt.date(2031, 4, 1))
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)
    assert result.pace == pytest.approx((63 / elapsed) / (180 / whole), rel=1e-9)  # 0.874
    assert result.pace_grade is PaceGrade.MODERATE
    assert result.progress == pytest.approx(63 / 180)
    assert result.explanation == (
        "63兆円 so far is 31.48兆円 a year; the total of 180兆円 over FY2026-2030 needs "
        "36兆円 a year: pace ratio 0.87, behind."
    )


def test_on_track_and_achieved() -> None:
    fast = evaluate(make(RD, ("2026年度", "40兆円"), ("2027年度", "45兆円")), MID_2028)
    assert (fast.status, fast.reason) == (Status.ON_TRACK, Reason.PACE_SUFFICIENT)
    done = evaluate(make(RD, ("2026年度", "90兆円"), ("2027年度", "95兆円")), MID_2028)
    assert (done.status, done.reason) == (Status.ACHIEVED, Reason.TARGET_MET)
    assert done.explanation == (
        "The total so far, 185兆円 over 2 figures, reaches the target of 180兆円."
    )


def test_behind_once_the_span_is_over() -> None:
    result = evaluate(make(RD, ("2026年度", "30兆円"), ("2027年度", "33兆円")), dt.date(2031, 4, 1))
    assert (result.status, result.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)


def test_figures_outside_the_span_do_not_count() -> None:
    result = evaluate(make(RD, ("2025年度", "100兆円"), ("2026年度", "30兆円")), MID_2028)
    assert result.progress == pytest.approx(30 / 180)


def test_seed_without_a_span_or_figures() -> None:
    # Row 3: 180兆円 "over the next five years", which five years unstated, no figure yet.
    seed = make({"kind": "cumulative", "value": "180兆円"})
    result = evaluate(seed, dt.date(2026, 3, 31))
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)
    with_figure = make({"kind": "cumulative", "value": "180兆円"}, ("2026年度", "30兆円"))
    result = evaluate(with_figure, MID_2028)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NOT_ASSESSABLE)


def test_units_mix_within_a_total() -> None:
    result = evaluate(make(RD, ("2026年度", "300,000億円"), ("2027年度", "33兆円")), MID_2028)
    assert result.progress == pytest.approx(63 / 180)


CAP = {"kind": "cumulative", "value": "100億円", "direction": "lower", "period": "2026-2030年度"}


def test_a_cap_is_on_track_while_the_total_stays_within_it() -> None:
    # Regression: a lower-is-better total (a budget) was "achieved" as soon as the first
    # figure was under the cap, and "on track" (pace ratio 3.0) once the total broke it.
    result = evaluate(make(CAP, ("2026年度", "20億円")), MID_2028)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.WITHIN_BOUND)
    assert result.explanation == (
        "The total so far, 20億円 over 1 figure, is at most 100億円, the bound on the total "
        "over FY2026-2030."
    )


def test_a_cap_broken_is_behind() -> None:
    result = evaluate(make(CAP, ("2026年度", "60億円"), ("2027年度", "60億円")), MID_2028)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.BOUND_BREACHED)
    assert "120億円 over 2 figures, breaks the bound" in result.explanation


def test_a_cap_kept_to_the_end_is_achieved() -> None:
    result = evaluate(make(CAP, ("2026年度", "20億円")), dt.date(2031, 6, 1))
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.MAINTAINED)


def test_negative_flows_toward_a_negative_goal_mirror_positive_ones() -> None:
    mirrored = {**RD, "value": "-180兆円", "direction": "lower"}
    result = evaluate(make(mirrored, ("2026年度", "-30兆円"), ("2027年度", "-33兆円")), MID_2028)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)
    assert result.pace == pytest.approx(
        evaluate(make(RD, ("2026年度", "30兆円"), ("2027年度", "33兆円")), MID_2028).pace
    )
