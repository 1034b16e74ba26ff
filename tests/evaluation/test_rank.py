"""Rank targets: positions in a league table, lower is better (``within the top 4``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpimodel import Evaluation, RankEvaluator, Reason, Status, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make

TOP_4 = {"kind": "rank", "rank": 4, "deadline": "2035年"}


@pytest.mark.parametrize("method", ["pace", "path", "projection"])
def test_conformance(method: str) -> None:
    check_evaluator(RankEvaluator(method=method))  # type: ignore[arg-type]


def test_seed_global_innovation_index_is_on_track() -> None:
    result = evaluate(make(TOP_4, ("2024年", "13位"), ("2025年", "12位")), AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PACE_SUFFICIENT)
    assert result.direction == "lower"
    assert result.explanation == (
        "From 13位 (2024) to 12位 (2025) is -1 place/yr; reaching within the top 4 by 2035 "
        "needs -0.818 places/yr: pace ratio 1.22 >= 0.95, on track. "
        "On the recent trend within the top 4 "
        "is reached in 2033."
    )
    assert result.explanation_ja == (
        "13位（2024年）から12位（2025年）へ年-1位、目標（2035年までに上位4位以内）には"
        "年-0.818位が必要。進捗比1.22（0.95以上）で順調。"
        "最近の傾向では2033年に目標（上位4位以内）に達する見込み。"
    )


@pytest.mark.parametrize(
    ("rank", "status"),
    [("3位", Status.ACHIEVED), ("4位", Status.ACHIEVED), ("5位", Status.ON_TRACK)],
)
def test_within_the_top_n_is_achieved(rank: str, status: Status) -> None:
    result = evaluate(make(TOP_4, ("2024年", "13位"), ("2025年", rank)), AS_OF)
    assert result.status is status
    if status is Status.ACHIEVED:
        assert result.explanation == (
            f"The latest figure {rank} (2025) meets the target of within the top 4 by 2035."
        )


def test_falling_places_is_moving_away() -> None:
    result = evaluate(make(TOP_4, ("2024年", "12位"), ("2025年", "14位")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.MOVING_AWAY)
    assert "moving away from the target" in result.explanation


def test_climbing_too_slowly_is_behind() -> None:
    result = evaluate(make(TOP_4, ("2015年", "13位"), ("2025年", "12位")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)
    assert result.pace == pytest.approx(0.1 / (9 / 20), rel=1e-3)


def test_the_targets_baseline_is_measured_from() -> None:
    indicator = make(
        {**TOP_4, "baseline": {"value": "20位", "period": "2020年"}}, ("2025年", "12位")
    )
    result = evaluate(indicator, AS_OF)
    assert str(result.baseline) == "20位"
    assert result.pace == pytest.approx((8 / 5) / (16 / 15), rel=1e-3)
    assert result.status is Status.ON_TRACK


def test_one_rank_without_a_baseline_is_insufficient_history() -> None:
    result = evaluate(make(TOP_4, ("2025年", "12位")), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert result.explanation == (
        "The latest figure 12位 (2025) does not meet the target within the top 4 by 2035, "
        "and one figure without a baseline cannot show a pace."
    )


def test_deadline_missed() -> None:
    result = evaluate(
        make({**TOP_4, "deadline": "2025年"}, ("2024年", "13位"), ("2025年", "12位")),
        dt.date(2026, 1, 1),
    )
    assert (result.status, result.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)


def test_ranks_always_use_linear_rates() -> None:
    result = evaluate(make(TOP_4, ("2024年", "13位"), ("2025年", "12位")), AS_OF)
    assert result.rate_kind == "linear"


def test_rank_figures_survive_a_json_round_trip() -> None:
    # Regression: baseline and target value were typed Quantity, so a Rank read back as a
    # plain Quantity in 位 and the round-tripped result was unequal.
    indicator = make(
        {**TOP_4, "baseline": {"value": "20位", "period": "2020年"}}, ("2025年", "12位")
    )
    result = evaluate(indicator, AS_OF)
    back = Evaluation.model_validate_json(result.model_dump_json())
    assert back == result
    assert type(back.target_value).__name__ == "Rank"
    assert type(back.baseline).__name__ == "Rank"
