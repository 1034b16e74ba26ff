"""Trend targets: a direction (``increase``) or a change (``+10 points by 2033``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpimodel import Reason, Status, TrendEvaluator, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make, obs

UP = {"kind": "trend", "direction": "higher"}


@pytest.mark.parametrize("method", ["pace", "path", "projection"])
def test_conformance(method: str) -> None:
    check_evaluator(TrendEvaluator(method=method))  # type: ignore[arg-type]


def test_seed_doctorates_falling_is_moving_away() -> None:
    indicator = make({**UP, "deadline": "2040年"}, ("2021年度", "124人"), ("2022年度", "123人"))
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.MOVING_AWAY)
    assert result.actual_rate == pytest.approx(123 / 124 - 1, rel=1e-3)
    assert result.explanation == (
        "The target is to increase; from 124人 (FY2021) to 123人 (FY2022) is -0.806%/yr: "
        "the wrong way (band ±0.5%/yr)."
    )
    assert result.explanation_ja == (
        "目標は増加。124人（2021年度）から123人（2022年度）で年率-0.806%、逆方向に推移"
        "（幅年率±0.5%）。"
    )


def test_seed_schools_rising_is_on_track() -> None:
    result = evaluate(make(UP, ("2024年度", "48校"), ("2025年度", "65校")), AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)


def test_seed_ai_spending_from_a_stated_change() -> None:
    indicator = make(
        UP, obs("2024年度", "3,235億円", changes=[{"by": "18.3%", "since": "2023年度"}])
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    assert result.actual_rate == pytest.approx(0.183, abs=1e-3)  # FY midpoints 365 days apart
    assert "約2,734.57億円 (FY2023)" in result.explanation


def test_seed_one_figure_is_insufficient_history() -> None:
    result = evaluate(make(UP, ("2025年度", "6回")), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert result.explanation == (
        "Only one dated figure, 6回 (FY2025), and no earlier baseline; a trend needs two."
    )


def test_within_the_stagnation_band_is_behind() -> None:
    result = evaluate(make(UP, ("2023年", "1,000人"), ("2025年", "1,002人")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.STAGNATING)
    wide = TrendEvaluator(stagnation=0.0001).evaluate(
        make(UP, ("2023年", "1,000人"), ("2025年", "1,002人")), as_of=AS_OF
    )
    assert wide.status is Status.ON_TRACK


def test_a_direction_is_never_achieved() -> None:
    result = evaluate(make(UP, ("2024年", "1人"), ("2025年", "1,000,000人")), AS_OF)
    assert result.status is Status.ON_TRACK


def test_lower_is_better_direction() -> None:
    down = {"kind": "trend", "direction": "lower"}
    assert (
        evaluate(make(down, ("2024年", "100件"), ("2025年", "90件")), AS_OF).status
        is Status.ON_TRACK
    )
    assert (
        evaluate(make(down, ("2024年", "100件"), ("2025年", "110件")), AS_OF).reason
        is Reason.MOVING_AWAY
    )


def test_only_the_recent_window_counts() -> None:
    indicator = make(UP, ("2010年", "10件"), ("2020年", "100件"), ("2025年", "90件"))
    assert evaluate(indicator, AS_OF).reason is Reason.MOVING_AWAY
    long = TrendEvaluator(window_years=20).evaluate(indicator, as_of=AS_OF)
    assert long.reason is Reason.TREND_FAVOURABLE


def test_a_least_rate_in_the_series_unit_uses_the_linear_rate() -> None:
    # Regression: an absolute min_rate (100人 a year) was compared with the compound rate (a
    # fraction such as 0.2), so every count series was "stagnating".
    target = {**UP, "min_rate": "100人"}
    fast = evaluate(make(target, ("2024年", "1,000人"), ("2025年", "1,200人")), AS_OF)
    assert (fast.status, fast.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    assert fast.rate_kind == "linear"
    assert "beyond the stagnation band of ±100人/yr" in fast.explanation
    slow = evaluate(make(target, ("2024年", "1,000人"), ("2025年", "1,050人")), AS_OF)
    assert (slow.status, slow.reason) == (Status.BEHIND, Reason.STAGNATING)


def test_a_least_rate_in_points_on_a_share() -> None:
    # Regression: "1ポイント" a year on a share in % raised a dimension error.
    target = {**UP, "min_rate": "1ポイント"}
    result = evaluate(make(target, ("2024年", "30%"), ("2025年", "33%")), AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    slow = evaluate(make(target, ("2024年", "30%"), ("2025年", "30.5%")), AS_OF)
    assert slow.reason is Reason.STAGNATING


def test_a_least_rate_in_percent_is_relative() -> None:
    target = {**UP, "min_rate": "5%"}
    assert (
        evaluate(make(target, ("2024年", "100件"), ("2025年", "104件")), AS_OF).reason
        is Reason.STAGNATING
    )
    assert (
        evaluate(make(target, ("2024年", "100件"), ("2025年", "106件")), AS_OF).reason
        is Reason.TREND_FAVOURABLE
    )


LOVE_JAPAN = {
    "kind": "trend",
    "change": "10ポイント",
    "deadline": "2033年",
    "baseline": {"value": "40%", "period": "2023年"},
}


def test_a_change_in_points_is_a_figure_to_reach() -> None:
    result = evaluate(make(LOVE_JAPAN, ("2024年", "41%"), ("2025年", "43%")), AS_OF)
    assert str(result.target_value) == "50%"
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PACE_SUFFICIENT)
    assert result.pace == pytest.approx((3 / 2) / (10 / 10), rel=1e-3)
    assert evaluate(make(LOVE_JAPAN, ("2025年", "50%")), AS_OF).status is Status.ACHIEVED


def test_a_change_without_a_baseline_is_measured_from_the_earliest_figure() -> None:
    target = {**LOVE_JAPAN, "baseline": None}
    result = evaluate(make(target, ("2024年", "41%"), ("2025年", "43%")), AS_OF)
    assert str(result.target_value) == "51%"
    assert result.baseline is not None
    assert str(result.baseline) == "41%"


def test_seed_love_japan_without_figures_is_no_observations() -> None:
    # Regression: with no baseline and no figure the reason was "no-target" ("The target has
    # no figure to reach"), though the target is a rise of 10 points.
    result = evaluate(make({**LOVE_JAPAN, "baseline": None}), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)
    assert result.explanation == "No figure is known as of 2026-03-31."


def test_a_change_with_only_undated_figures_is_insufficient_history() -> None:
    result = evaluate(make({**LOVE_JAPAN, "baseline": None}, (None, "45%")), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert "no baseline is set and no dated figure gives one" in result.explanation


def test_a_relative_change_of_an_amount() -> None:
    # Regression: "+10%" on an amount had no figure to reach (no-target).
    target = {
        "kind": "trend",
        "change": "10%",
        "deadline": "2030年",
        "baseline": {"value": "100億円", "period": "2023年"},
    }
    result = evaluate(make(target, ("2025年", "103億円")), AS_OF)
    assert str(result.target_value) == "110億円"
    assert result.status is Status.ON_TRACK
    assert evaluate(make(target, ("2025年", "111億円")), AS_OF).status is Status.ACHIEVED


def test_a_trend_of_ranks_round_trips() -> None:
    # Regression: the baseline of a direction-only trend was rebuilt as a plain Quantity in
    # 位, which read back from JSON as a Rank: the round trip changed the result.
    from kpimodel import Evaluation

    indicator = make(
        {"kind": "trend", "direction": "lower"}, ("2024年", "13位"), ("2025年", "12位")
    )
    result = evaluate(indicator, dt.date(2026, 3, 31))
    assert result.status is Status.ON_TRACK
    assert Evaluation.model_validate_json(result.model_dump_json()) == result


@pytest.mark.parametrize("first", [2010, 2011, 2012, 2013])
def test_the_window_holds_the_figure_five_years_back_whatever_the_leap_days(first: int) -> None:
    # Regression (found by the time-shift property): 2010-07-02 -> 2015-07-02 is 1,826 days
    # (4.9994 years, inside a 5-year window) but 2011 -> 2016 is 1,827 (5.0021, outside), so
    # the same figures one year later were judged from a different starting point.
    indicator = make(
        UP, (f"{first}年", "1億円"), (f"{first + 1}年", "1億円"), (f"{first + 5}年", "2億円")
    )
    result = evaluate(indicator, dt.date(first + 6, 1, 1))
    assert result.baseline_period is not None
    assert str(result.baseline_period) == f"{first}年"


def test_min_rate_in_another_unit_is_refused_when_loading() -> None:
    # Regression: a trend's min_rate given as an amount was not unit-checked against the
    # series, so the mismatch surfaced only when evaluating.
    import pytest

    import kpimodel

    with pytest.raises(kpimodel.DimensionMismatchError, match="人"):
        kpimodel.loads(
            "title: t\nthemes:\n- id: a\n  title: A\n  kpis:\n  - id: x\n    title: x\n"
            "    target: {kind: trend, min_rate: 100人}\n"
            "    observations: [{period: 2024年, value: 3億円}]\n"
        )
