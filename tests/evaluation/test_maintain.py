"""Maintain targets: stay within a bound until the deadline (``stay within the top 5``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpimodel import MaintainEvaluator, Reason, Status, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make, obs

TOP_5 = {"kind": "maintain", "value": "5位", "deadline": "2030年度"}
MID_2028 = dt.date(2028, 6, 30)


def test_conformance() -> None:
    check_evaluator(MaintainEvaluator())


def test_inside_before_the_deadline_is_on_track() -> None:
    result = evaluate(make(TOP_5, ("2026年度", "3位"), ("2027年度", "4位")), MID_2028)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.WITHIN_BOUND)
    assert result.direction == "lower"  # ranks: lower is better, by default
    assert result.explanation == (
        "All 2 figures so far, the latest 4位 (FY2027), are within the top 5."
    )
    assert result.explanation_ja == "これまでの全2時点（最新値4位、2027年度）が上位5位以内。"


def test_inside_until_the_deadline_passed_is_achieved() -> None:
    result = evaluate(make(TOP_5, ("2029年度", "3位"), ("2030年度", "5位")), dt.date(2031, 6, 30))
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.MAINTAINED)
    assert result.explanation == "All 2 figures up to FY2030 stayed within the top 5."


def test_one_figure_outside_is_behind() -> None:
    result = evaluate(
        make(TOP_5, ("2026年度", "3位"), ("2027年度", "7位"), ("2028年度", "2位")),
        dt.date(2029, 6, 30),
    )
    assert (result.status, result.reason) == (Status.BEHIND, Reason.BOUND_BREACHED)
    assert result.explanation == (
        "7位 (FY2027) is outside the bound: the target is to stay within the top 5."
    )


def test_figures_after_the_deadline_do_not_count() -> None:
    # Regression: a figure for FY2032 broke a target "until FY2030".
    indicator = make(TOP_5, ("2030年度", "4位"), ("2032年度", "9位"))
    result = evaluate(indicator, dt.date(2033, 6, 30))
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.MAINTAINED)
    assert result.latest is not None
    assert str(result.latest.period) == "2030年度"


def test_no_figure_is_no_observations() -> None:
    result = evaluate(make(TOP_5), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)
    assert result.explanation == (
        "No figure is known as of 2026-03-31; the target is to stay within the top 5."
    )


def test_a_level_to_stay_above() -> None:
    share = {"kind": "maintain", "value": "50%"}
    assert (
        evaluate(make(share, ("2024年", "55%"), ("2025年", "50%")), AS_OF).status is Status.ON_TRACK
    )
    assert (
        evaluate(make(share, ("2024年", "55%"), ("2025年", "49%")), AS_OF).status is Status.BEHIND
    )


ACCESS_CAP = {"kind": "maintain", "value": "1億アクセス", "direction": "lower"}


@pytest.mark.parametrize(
    ("bound", "value", "status", "reason"),
    [
        ("below", "1億アクセス", Status.ON_TRACK, Reason.WITHIN_BOUND),
        ("at_most", "9,000万アクセス", Status.ON_TRACK, Reason.WITHIN_BOUND),
        ("above", "1.2億アクセス", Status.BEHIND, Reason.BOUND_BREACHED),
        ("above", "5,000万アクセス", Status.NO_DATA, Reason.NOT_ASSESSABLE),
        ("below", "2億アクセス", Status.NO_DATA, Reason.NOT_ASSESSABLE),
    ],
)
def test_figures_given_as_bounds(bound: str, value: str, status: Status, reason: Reason) -> None:
    # Regression: a bound was read as the figure itself ("above 5,000万" as 5,000万: inside).
    result = evaluate(make(ACCESS_CAP, obs("2026年1月", value, bound=bound)), AS_OF)
    assert (result.status, result.reason) == (status, reason)


def test_a_breach_given_as_a_bound_is_quoted_as_one() -> None:
    result = evaluate(make(ACCESS_CAP, obs("2026年1月", "1.2億アクセス", bound="above")), AS_OF)
    assert result.explanation.startswith("above 1.2億アクセス (Jan 2026) is outside the bound")
