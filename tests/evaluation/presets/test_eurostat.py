"""The eurostat preset: compound rates on whole years, long and short term side by side."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kpimodel import Indicator, PaceGrade, Reason, Status, evaluate
from kpimodel.evaluation.presets import EurostatEvaluator

AS_OF = dt.date(2026, 12, 31)


def run(goal: dict[str, Any], rows: dict[int, float | str]) -> Any:
    observations = [{"period": f"{year}年", "value": str(value)} for year, value in rows.items()]
    indicator = Indicator.model_validate({"id": "x", "target": goal, "observations": observations})
    result = evaluate(indicator, AS_OF, preset="eurostat")
    assert result.rating is not None
    assert result.rating.scale == "eurostat"
    return result


def reach(value: str, year: int = 2030, direction: str = "higher") -> dict[str, Any]:
    return {"kind": "absolute", "value": value, "deadline": f"{year}年", "direction": direction}


def pace(start: float, end: float, span: int, goal: float, horizon: int) -> float:
    return ((end / start) ** (1 / span) - 1) / ((goal / start) ** (1 / horizon) - 1)


def grades(result: Any) -> tuple[str, str, str]:
    parts = result.rating.parts
    return result.rating.value, parts["long-term"].value, parts["short-term"].value


def steady(first: float, rate: float, start: int = 2010, end: int = 2025) -> dict[int, float]:
    return {y: round(first * (1 + rate) ** (y - start), 6) for y in range(start, end + 1)}


def test_exact_grade_thresholds() -> None:
    evaluator = EurostatEvaluator()
    assert evaluator.grade(0.95) is PaceGrade.SIGNIFICANT
    assert evaluator.grade(0.9499999) is PaceGrade.MODERATE
    assert evaluator.grade(0.6) is PaceGrade.MODERATE
    assert evaluator.grade(0.5999999) is PaceGrade.INSUFFICIENT
    assert evaluator.grade(0.0) is PaceGrade.INSUFFICIENT
    assert evaluator.grade(-1e-9) is PaceGrade.MOVING_AWAY


def test_significant_progress_in_both_periods() -> None:
    rows = steady(100, 0.05)  # 5%/yr; 250 by 2030 needs 4.7%/yr from 2010, 4.4% from 2020
    result = run(reach("250"), rows)
    assert grades(result) == ("significant-progress",) * 3
    assert result.status is Status.ON_TRACK
    # Short term: 2020 -> 2025 against 2020 -> 2030.
    expected = pace(rows[2020], rows[2025], 5, 250, 10)
    assert expected >= 0.95
    assert result.pace == pytest.approx(expected, rel=1e-12)


def test_moderate_insufficient_and_away_from_the_ratio() -> None:
    rows = steady(100, 0.02)
    observed = (rows[2025] / rows[2020]) ** (1 / 5) - 1
    for r, grade in [(0.8, "moderate-progress"), (0.3, "insufficient-progress")]:
        goal = rows[2020] * (1 + observed / r) ** 10  # the target at which R = r
        result = run(reach(f"{goal:.6f}"), rows)
        assert result.rating.value == grade
        assert result.pace == pytest.approx(r, rel=1e-6)
        assert result.status is Status.BEHIND
    away = run(reach("400"), steady(100, -0.01))
    assert grades(away) == ("movement-away",) * 3
    assert away.reason is Reason.MOVING_AWAY


def test_just_either_side_of_0_95() -> None:
    # Short term 2020 -> 2025 at 10%/yr: choose the target so that R is 0.95 +- 1e-6.
    rows = {2020: 100.0, 2025: round(100 * 1.1**5, 10)}
    observed = (rows[2025] / 100) ** (1 / 5) - 1
    either_side = [
        (0.95 * (1 - 1e-6), "moderate-progress"),
        (0.95 * (1 + 1e-6), "significant-progress"),
    ]
    for r, grade in either_side:
        required = observed / r
        goal = 100 * (1 + required) ** 10
        result = run(reach(f"{goal:.12f}"), rows)
        assert result.rating.value == grade


def test_long_and_short_term_side_by_side() -> None:
    # Fast until 2020, flat since: long term significant, short term insufficient.
    rows = {**steady(100, 0.06, 2010, 2020), **dict.fromkeys(range(2021, 2026), 179.084770)}
    # Long term: 100 (2010) -> 179.08 (2025), 3.96%/yr against 3.53%/yr to 200 by 2030.
    result = run(reach("200"), rows)
    assert grades(result)[1:] == ("significant-progress", "insufficient-progress")
    assert result.rating.value == "insufficient-progress"  # the short term decides
    assert "long term: Significant progress" in result.explanation


def test_compound_rates_for_shares() -> None:
    rows = {2020: "40%", 2025: "50%"}
    result = run({"kind": "ratio", "value": "60%", "deadline": "2030年"}, rows)
    assert result.rate_kind == "compound"
    assert result.pace == pytest.approx(pace(40, 50, 5, 60, 10), rel=1e-12)


def test_lower_is_better() -> None:
    rows = {2020: 100, 2025: 90}
    result = run(reach("50", direction="lower"), rows)
    assert result.pace == pytest.approx(pace(100, 90, 5, 50, 10), rel=1e-12)
    assert result.rating.value == "insufficient-progress"


def test_short_history_assesses_only_the_short_term() -> None:
    # Span 3: short term only; 140 by 2030 needs 4.3%/yr from 2022, against 5%.
    result = run(reach("140"), steady(100, 0.05, 2022, 2025))
    assert grades(result) == ("significant-progress", "not-assessed", "significant-progress")
    too_short = run(reach("400"), {2024: 100, 2025: 105})
    assert too_short.status is Status.NO_DATA
    assert too_short.rating.value == "not-assessed"


def test_target_met_is_achieved() -> None:
    result = run(reach("100"), {2020: 90, 2025: 100})
    assert (result.status, result.rating.value) == (Status.ACHIEVED, "significant-progress")


def test_non_positive_figures_are_not_assessed() -> None:
    result = run(reach("10"), {2020: 0, 2025: 5})
    assert result.status is Status.NO_DATA
    assert "positive" in result.explanation


def test_target_year_passed_unmet_is_behind() -> None:
    result = run(reach("400", 2024), steady(100, 0.05, 2015, 2025))
    assert (result.status, result.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)
