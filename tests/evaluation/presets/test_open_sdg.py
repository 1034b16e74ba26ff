"""The open-sdg preset: sdg-build 2.4's statuses and scores, on its fixtures and edge cases.

Expected values are computed here from the published formulas (Statistics Canada /
sdg-build), independently of the preset's code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kpimodel import KPI, Indicator, Status, evaluate
from kpimodel.evaluation.presets import OpenSDGEvaluator
from kpimodel.evaluation.presets.open_sdg import indicator_progress, limit_coefficient

AS_OF = dt.date(2030, 12, 31)


def series(target: dict[str, Any], *rows: tuple[int, str], id: str = "s") -> Indicator:
    observations = [{"period": f"{year}年", "value": value} for year, value in rows]
    return Indicator.model_validate({"id": id, "target": target, "observations": observations})


def rated(indicator: Indicator, **params: Any) -> tuple[str, float | None]:
    evaluator = OpenSDGEvaluator(**params)
    kinds = {"absolute": evaluator, "ratio": evaluator, "trend": evaluator}
    result = evaluate(indicator, AS_OF, preset="open-sdg", evaluators=kinds)
    assert result.rating is not None
    assert result.rating.scale == "open-sdg"
    return result.rating.value, result.rating.score


def method2_score(r: float) -> float:
    return min(7.1429 * r - 4.2857, 5) if r >= 0.6 else max(4.1667 * r - 2.5, -5)


# -- sdg-build's own fixtures (tests/assets/progress-calculation) ---------------------------

FIXTURE_333 = [
    (2010, "1.51"), (2011, "1.51"), (2012, "1.38"), (2013, "1.4"), (2014, "1.27"),
    (2015, "1.55"), (2016, "1.69"), (2017, "1.65"), (2018, "1.62"), (2019, "1.82"),
]  # fmt: skip


def test_fixture_1_1_1_headline() -> None:
    # indicator_1-1-1.csv headline (SEX empty): 2020 100, 2021 120; config: no options, so
    # direction negative, no target (method 1), base year 2015 -> 2020.
    indicator = series({"kind": "trend", "direction": "lower"}, (2020, "100"), (2021, "120"))
    value, score = rated(indicator)
    p = -1 * ((120 / 100) ** (1 / 1) - 1)
    assert value == "deterioration"
    assert score == max(125 * p - 2.5, -5) == -5


def test_fixture_3_3_3_headline() -> None:
    # indicator_3-3-3.csv headline with 3-3-3.yml: direction negative, target 0 (-> 0.001).
    target = {"kind": "absolute", "value": "0", "direction": "lower", "deadline": "2030年"}
    value, score = rated(series(target, *FIXTURE_333))
    observed = (1.82 / 1.55) ** (1 / 4) - 1
    required = (0.001 / 1.55) ** (1 / 15) - 1
    r = -1 * observed / abs(required)
    assert r == pytest.approx(-0.1058, abs=1e-4)
    assert value == "deterioration"
    assert score == method2_score(r)


def test_fixture_3_3_3_as_a_kpi_is_deterioration() -> None:
    target = {"kind": "absolute", "value": "0", "direction": "lower", "deadline": "2030年"}
    kpi = KPI.model_validate(
        {"id": "3-3-3", "title": "t", "indicators": [series(target, *FIXTURE_333)]}
    )
    result = evaluate(kpi, AS_OF, preset="open-sdg")
    assert result.rating is not None
    assert result.rating.value == "deterioration"
    assert result.status is Status.BEHIND


# The headline series of sdg-build's real-data fixtures (tests/assets/progress-calculation/
# data/temp, commit 44027ae) with their configurations.
TEMP_FIXTURES = [
    (
        "3-1-1",
        {"kind": "absolute", "value": "70", "direction": "lower", "deadline": "2030年"},
        [(2015, "7.060817171907362"), (2016, "6.264650145392089"), (2017, "6.625886543619536"),
         (2018, "8.555028886589724"), (2019, "7.526112923948628")],
        "target_achieved",
        5,
    ),
    (
        "3-2-1",
        {"kind": "absolute", "value": "25", "direction": "lower", "deadline": "2030年"},
        [(2015, "5.3"), (2016, "5.29"), (2017, "5.16"), (2018, "5.36"), (2019, "5.07")],
        "target_achieved",
        5,
    ),
    (
        "17-8-1",
        {"kind": "trend", "direction": "higher"},
        [(2018, "91.3"), (2020, "92.3")],
        "moderate_progress",
        250 * ((92.3 / 91.3) ** (1 / 2) - 1) - 1.25,
    ),
    (
        "1-2-1",
        {"kind": "absolute", "value": "7.25", "direction": "lower", "deadline": "2030年"},
        [(2015, "14.5"), (2016, "12.8"), (2017, "11.7"), (2018, "11"), (2019, "10.1")],
        "substantial_progress",
        5,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "target", "rows", "status", "score"), TEMP_FIXTURES, ids=[f[0] for f in TEMP_FIXTURES]
)
def test_real_data_fixtures(
    name: str, target: dict[str, Any], rows: list[tuple[int, str]], status: str, score: float
) -> None:
    indicator = series(target, *rows, id=name)
    assert rated(indicator) == (status, score)
    kpi = KPI.model_validate({"id": name, "title": name, "indicators": [indicator]})
    result = evaluate(kpi, AS_OF, preset="open-sdg")
    assert result.rating is not None
    assert (result.rating.value, result.rating.score) == (status, score)


# -- boundary cases derived from the code ---------------------------------------------------

UP = {"kind": "trend", "direction": "higher"}


def test_base_year_moves_to_the_first_year_after_2015_not_before() -> None:
    indicator = series(UP, (2014, "50"), (2016, "100"), (2018, "110.25"))
    value, score = rated(indicator)
    p = (110.25 / 100) ** (1 / 2) - 1  # from 2016, not from 2014
    assert value == "substantial_progress"
    assert score == min(500 * p - 5, 5)


def test_a_stated_base_year_is_used() -> None:
    indicator = series(UP, (2010, "100"), (2016, "100"), (2018, "99"))
    assert rated(indicator, base_year=2010)[0] == "deterioration"
    assert rated(indicator)[0] == "deterioration"
    assert rated(series(UP, (2010, "99"), (2016, "100")), base_year=2010)[0] != "deterioration"


def test_base_year_after_every_figure_is_not_available() -> None:
    # sdg-build raises here (quirk 1); the preset says not available, with a sentence.
    indicator = series(UP, (2016, "1"), (2018, "2"))
    result = evaluate(indicator, AS_OF, evaluators={"trend": OpenSDGEvaluator(base_year=2025)})
    assert result.status is Status.NO_DATA
    assert "2025" in result.explanation


def test_zero_base_value_becomes_0_001() -> None:
    value, score = rated(series(UP, (2015, "0"), (2016, "1")))
    assert value == "substantial_progress"
    assert score == 5  # (1/0.001) - 1 = 999: capped


def test_zero_target_becomes_0_001_and_counts_as_met_only_below_it() -> None:
    target = {"kind": "absolute", "value": "0", "direction": "lower", "deadline": "2030年"}
    assert rated(series(target, (2015, "4"), (2020, "0")))[0] == "target_achieved"
    value, score = rated(series(target, (2015, "4"), (2020, "2")))
    r = -1 * ((2 / 4) ** (1 / 5) - 1) / abs((0.001 / 4) ** (1 / 15) - 1)
    assert value == ("limited_progress" if r < 0.6 else "moderate_progress")
    assert score == method2_score(r)


def test_mixed_signs_are_not_available() -> None:
    indicator = series(UP, (2015, "-2"), (2020, "3"))
    assert rated(indicator) == ("not_available", None)


def test_all_negative_series_flip_the_direction() -> None:
    # sign = -1 for a negative base: a rise from -10 to -5 (ratio 0.5) counts as progress.
    value, score = rated(series(UP, (2015, "-10"), (2016, "-5")))
    p = -1 * 1 * ((-5 / -10) ** 1 - 1)
    assert p == 0.5
    assert (value, score) == ("substantial_progress", 5)


def test_one_figure_meeting_the_target_is_target_achieved() -> None:
    # Quirk 3: the target check comes before the two-figure requirement.
    target = {"kind": "absolute", "value": "50", "direction": "lower", "deadline": "2030年"}
    assert rated(series(target, (2020, "40"))) == ("target_achieved", 5)
    assert rated(series(target, (2020, "60"))) == ("not_available", None)


@pytest.mark.parametrize(
    ("current", "expected"),
    [("1", "limited_progress"), ("1.75", "moderate_progress"), ("1.95", "substantial_progress")],
)
def test_ratio_exactly_at_the_target_thresholds(current: str, expected: str) -> None:
    # base 1 (2015), target 2 (2016) -> required rate 1; R = current - 1: 0, 0.75, 0.95.
    target = {"kind": "absolute", "value": "2", "deadline": "2016年"}
    value, score = rated(series(target, (2015, "1"), (2016, current)))
    r = (float(current) / 1) ** 1 - 1
    assert value == expected
    assert score == method2_score(r)


def test_ratio_exactly_0_6_is_moderate() -> None:
    target = {"kind": "absolute", "value": "2.25", "deadline": "2016年"}
    value, score = rated(series(target, (2015, "1"), (2016, "1.75")))
    assert 0.75 / 1.25 == 0.6
    assert value == "moderate_progress"
    assert score == method2_score(0.6)


def test_growth_exactly_zero_is_limited_progress_scoring_minus_2_5() -> None:
    assert rated(series(UP, (2015, "7"), (2020, "7"))) == ("limited_progress", -2.5)


def test_rounded_coefficients_lift_a_single_series_kpi_a_status() -> None:
    # Quirk 5: R just below 0.95 is moderate for the series but scores >= 2.5.
    target = {"kind": "absolute", "value": "2", "deadline": "2016年"}
    indicator = series(target, (2015, "1"), (2016, "1.949995"))
    value, score = rated(indicator)
    assert value == "moderate_progress"
    assert score is not None
    assert score >= 2.5
    kpi = KPI.model_validate({"id": "k", "title": "t", "indicators": [indicator]})
    result = evaluate(kpi, AS_OF, preset="open-sdg")
    assert result.rating is not None
    assert result.rating.value == "substantial_progress"
    assert result.status is Status.ON_TRACK


def test_limit_scales_the_thresholds() -> None:
    # base 90 against a limit of 100: C = 1 - 0.9**4.44; growth 1% counts as substantial.
    c = 1 - (90 / 100) ** 4.44
    assert limit_coefficient(90, 100) == c
    value, score = rated(series(UP, (2015, "90"), (2016, "90.9")), limit=100)
    p = (90.9 / 90) ** 1 - 1
    assert p < 0.015
    assert p >= 0.015 * c
    assert value == "substantial_progress"
    assert score == min(500 * p / c - 5, 5)
    assert rated(series(UP, (2015, "90"), (2016, "90.9")))[0] == "moderate_progress"


def test_base_at_the_limit_is_substantial_when_held() -> None:
    assert limit_coefficient(100, 100) == 0
    assert rated(series(UP, (2015, "100"), (2016, "100")), limit=100) == (
        "substantial_progress",
        5,
    )
    assert rated(series(UP, (2015, "100"), (2016, "99")), limit=100)[0] == "deterioration"


def test_limit_is_ignored_with_a_target() -> None:
    target = {"kind": "absolute", "value": "2", "deadline": "2016年"}
    indicator = series(target, (2015, "1"), (2016, "1.75"))
    assert rated(indicator, limit=1) == rated(indicator)


def test_several_series_average_their_scores() -> None:
    up = series(UP, (2015, "100"), (2016, "120"), id="a")  # score 5
    flat = series(UP, (2015, "7"), (2020, "7"), id="b")  # score -2.5
    none = series(UP, (2020, "7"), id="c")  # one figure: no score, left out
    kpi = KPI.model_validate({"id": "k", "title": "t", "indicators": [up, flat, none]})
    result = evaluate(kpi, AS_OF, preset="open-sdg")
    assert result.rating is not None
    assert result.rating.score == (5 + -2.5) / 2
    assert result.rating.value == "moderate_progress"
    assert result.status is Status.BEHIND
    assert "2 series" in result.explanation


def test_target_achieved_needs_every_scored_series() -> None:
    met = series({"kind": "absolute", "value": "5", "deadline": "2030年"}, (2020, "6"), id="a")
    rising = series(UP, (2015, "100"), (2016, "120"), id="b")
    kpi = KPI.model_validate({"id": "k", "title": "t", "indicators": [met, rising]})
    rating = indicator_progress(evaluate(kpi, AS_OF, preset="open-sdg").indicators)
    assert (rating.value, rating.score) == ("substantial_progress", 5.0)
    only = KPI.model_validate({"id": "k", "title": "t", "indicators": [met]})
    assert evaluate(only, AS_OF, preset="open-sdg").status is Status.ACHIEVED


def test_no_scored_series_is_not_available_not_empty() -> None:
    kpi = KPI.model_validate({"id": "k", "title": "t", "indicators": [series(UP, (2020, "7"))]})
    result = evaluate(kpi, AS_OF, preset="open-sdg")
    assert result.rating is not None
    assert result.rating.value == "not_available"
    assert result.status is Status.NO_DATA


def test_figures_that_are_not_yearly_are_not_guessed_into_years() -> None:
    indicator = Indicator.model_validate(
        {"id": "m", "target": UP, "observations": [
            {"period": "2024年3月", "value": "1"}, {"period": "2025年3月", "value": "2"}]}
    )  # fmt: skip
    result = evaluate(indicator, AS_OF, preset="open-sdg")
    assert result.status is Status.NO_DATA
    assert "whole year" in result.explanation


@pytest.mark.parametrize("n", [1, 7, 8, 9, 16, 23, 130, 300])
def test_kpi_mean_adds_in_numpy_order(n: int) -> None:
    np = pytest.importorskip("numpy")
    import random

    from kpimodel.evaluation.presets.open_sdg import _numpy_sum

    draw = random.Random(n)
    values = [draw.uniform(-5, 5) for _ in range(n)]
    assert _numpy_sum(values) / n == float(np.mean(values))
