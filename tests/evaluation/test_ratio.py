"""Ratio targets: a share to reach (``50% or more by 2035``)."""

from __future__ import annotations

import pytest

from kpimodel import RatioEvaluator, Reason, Status, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make, obs

SHARE = {"kind": "ratio", "value": "50%", "deadline": "2035年"}


@pytest.mark.parametrize("method", ["pace", "path", "projection"])
def test_conformance(method: str) -> None:
    check_evaluator(RatioEvaluator(method=method))  # type: ignore[arg-type]


def test_seed_intangible_share_is_achieved() -> None:
    indicator = make(
        SHARE, obs("2025年", "52%", changes=[{"by": "約20ポイント", "since": "2020年"}])
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.TARGET_MET)
    assert result.latest is not None
    assert str(result.latest.value) == "52%"


def test_exactly_the_target_is_achieved() -> None:
    assert evaluate(make(SHARE, ("2025年", "50%")), AS_OF).status is Status.ACHIEVED
    assert evaluate(make(SHARE, ("2025年", "49.9%")), AS_OF).status is Status.NO_DATA


@pytest.mark.parametrize("value", ["35%", "0.35", "3.5割", "350‰"])
def test_shares_in_any_unit_evaluate_alike(value: str) -> None:
    result = evaluate(make(SHARE, ("2022年", "30%"), ("2025年", value)), AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PACE_SUFFICIENT)
    assert result.pace == pytest.approx((5 / 3) / (20 / 13), rel=1e-3)


def test_shares_move_in_points_a_year() -> None:
    result = evaluate(make(SHARE, ("2022年", "30%"), ("2025年", "31%")), AS_OF)
    assert result.rate_kind == "linear"
    assert result.actual_rate == pytest.approx(1 / 3, rel=1e-3)  # points (%) a year
    assert "+0.333 points/yr" in result.explanation  # not "%/yr": not a growth rate
    assert "年+0.333ポイント" in result.explanation_ja
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)


def test_lower_is_better_share() -> None:
    target = {"kind": "ratio", "value": "20%", "direction": "lower", "deadline": "2030年"}
    result = evaluate(make(target, ("2020年", "40%"), ("2025年", "35%")), AS_OF)
    assert (result.status, result.pace) == (Status.BEHIND, pytest.approx(0.5, rel=1e-3))
    assert "at most 20%" in result.explanation
    assert evaluate(make(target, ("2025年", "18%")), AS_OF).status is Status.ACHIEVED


def test_seed_ai_utilisation_without_deadline_or_history_is_no_data() -> None:
    indicator = make({"kind": "ratio", "value": "概ね100%"}, ("2025年度", "55.2%"))
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert "約100%" in result.explanation


def test_without_a_deadline_two_figures_are_judged_by_direction() -> None:
    indicator = make(
        {"kind": "ratio", "value": "概ね100%"}, ("2024年度", "50%"), ("2025年度", "55.2%")
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    assert result.explanation.startswith("No deadline to pace against")
