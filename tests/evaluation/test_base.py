"""The evaluator base classes: the template method, the hooks, as-of, bounds, odd figures,
and the pace, path and projection methods on hand-computed examples (the seed's among them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar

import pytest

from kpimodel import (
    AbsoluteEvaluator,
    Direction,
    EvaluationError,
    Evaluator,
    InconsistentTargetError,
    Indicator,
    Observation,
    PaceGrade,
    Quantity,
    RankEvaluator,
    RatioEvaluator,
    Reason,
    Status,
    Target,
    evaluate,
)
from kpimodel.evaluation import EvaluationContext, Point
from kpimodel.units import Unit

from .strategies import AS_OF, make, obs

# -- the seed's examples -------------------------------------------------------------------

EXPORTS = {
    "kind": "absolute",
    "value": "5兆円",
    "deadline": "2030年",
    "baseline": {"value": "約1兆5千億円", "period": "2024年"},
}


def exports() -> Indicator:
    """Agricultural and food exports: 約1.5兆円 (2024) -> 約1.7兆円 (2025), 5兆円 by 2030."""
    return make(
        EXPORTS,
        ("2024年", "約1兆5千億円"),
        obs("2025年", "約1兆7千億円", changes=[{"by": "12.8%", "since": "2024年"}]),
    )


def gii() -> Indicator:
    """WIPO Global Innovation Index: 13位 (2024) -> 12位 (2025), top 4 by 2035."""
    return make(
        {"kind": "rank", "rank": 4, "deadline": "2035年"}, ("2024年", "13位"), ("2025年", "12位")
    )


def intangible_share() -> Indicator:
    """Intangible assets' share of market capitalisation: 52% (2025) against >= 50% by 2035."""
    return make(
        {"kind": "ratio", "value": "50%", "deadline": "2035年"},
        obs("2025年", "52%", changes=[{"by": "約20ポイント", "since": "2020年"}]),
    )


# Period midpoints: calendar 2024 and 2025 both stand at 2 July.
Y2024, Y2025 = dt.date(2024, 7, 2), dt.date(2025, 7, 2)
Y2030, Y2035 = dt.date(2030, 7, 2), dt.date(2035, 7, 2)


def test_agricultural_exports_are_behind_with_pace_ratio_060() -> None:
    result = evaluate(exports(), AS_OF)
    elapsed, horizon = 1, 6
    actual = (1.7 / 1.5) ** (1 / elapsed) - 1
    required = (5 / 1.5) ** (1 / horizon) - 1
    assert result.status is Status.BEHIND
    assert result.reason is Reason.PACE_INSUFFICIENT
    assert result.rate_kind == "compound"
    assert result.actual_rate == pytest.approx(actual, rel=1e-9)
    assert result.required_rate == pytest.approx(required, rel=1e-9)
    assert result.pace == pytest.approx(actual / required, rel=1e-9)
    assert result.pace == pytest.approx(0.60, abs=0.005)
    assert result.pace_grade is PaceGrade.MODERATE
    assert result.progress == pytest.approx((1.7 - 1.5) / (5 - 1.5), rel=1e-9)
    assert result.baseline is not None
    assert str(result.baseline) == "約1.5兆円"
    assert result.expected is not None
    assert float(result.expected.magnitude) == pytest.approx(
        1.5 * (1 + required) ** elapsed, rel=1e-5
    )
    for figure in ("約1.5兆円", "約1.7兆円", "+13.3%/yr", "+22.2%/yr", "0.60"):
        assert figure in result.explanation
    for figure in ("約1.5兆円", "約1.7兆円", "年率+13.3%", "年率+22.2%", "進捗比0.60", "遅れ"):
        assert figure in result.explanation_ja


def test_intangible_share_of_52_percent_meets_at_least_50_percent() -> None:
    result = evaluate(intangible_share(), AS_OF)
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.TARGET_MET)
    assert result.explanation == (
        "The latest figure 52% (2025) meets the target of at least 50% by 2035."
    )
    assert (
        result.explanation_ja == "最新値52%（2025年）は目標（2035年までに50%以上）を達成している。"
    )


def test_global_innovation_index_climbing_one_place_a_year_is_on_track() -> None:
    result = evaluate(gii(), AS_OF)
    elapsed, horizon = 1, 11
    actual, required = (12 - 13) / elapsed, (4 - 13) / horizon
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PACE_SUFFICIENT)
    assert result.rate_kind == "linear"
    assert result.actual_rate == pytest.approx(actual, rel=1e-9)
    assert result.required_rate == pytest.approx(required, rel=1e-9)
    assert result.pace == pytest.approx(11 / 9, rel=1e-9)  # whole years: 1.2222
    assert result.pace_grade is PaceGrade.SIGNIFICANT
    assert "within the top 4 by 2035" in result.explanation
    assert "pace ratio 1.22 >= 0.95, on track" in result.explanation


# -- the three methods on the seed's examples ----------------------------------------------


def test_path_method_compares_the_latest_figure_with_the_path() -> None:
    result = AbsoluteEvaluator(method="path").evaluate(exports(), as_of=AS_OF)
    required = (5 / 1.5) ** (1 / 6) - 1
    expected = 1.5 * (1 + required) ** 1  # 1.833兆円
    assert (result.status, result.reason) == (Status.BEHIND, Reason.BELOW_PATH)
    assert result.method == "path"
    assert result.expected is not None
    assert float(result.expected.magnitude) == pytest.approx(expected, rel=1e-5)
    assert "short of the 1.83332兆円 expected on the path" in result.explanation
    on_path = make(EXPORTS, ("2025年", "1.9兆円"))
    assert AbsoluteEvaluator(method="path").evaluate(on_path, as_of=AS_OF).reason is Reason.ON_PATH


def test_projection_method_extends_the_recent_trend_to_the_deadline() -> None:
    result = AbsoluteEvaluator(method="projection").evaluate(exports(), as_of=AS_OF)
    rate = (1.7 / 1.5) ** (1 / 1) - 1
    projected = 1.7 * (1 + rate) ** 5  # 3.18兆円
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PROJECTION_SHORT)
    assert result.projected is not None
    assert float(result.projected.magnitude) == pytest.approx(projected, rel=1e-5)
    assert "projects 3.17861兆円 at the deadline" in result.explanation


def test_projection_tolerates_a_miss_within_five_percent_of_the_gap() -> None:
    # 3.6 -> 7.2 over 2024-2025 projects 25.2 by 2030 against a target of 26: a miss of 0.8,
    # under 5% of the gap 26 - 7.2 = 18.8 (0.94), so on track (Destatis).
    indicator = make(
        {"kind": "absolute", "value": "26兆円", "deadline": "2030年"},
        ("2024年", "3.6兆円"),
        ("2025年", "7.2兆円"),
    )
    lenient = AbsoluteEvaluator(method="projection", rate="linear")
    result = lenient.evaluate(indicator, as_of=AS_OF)
    assert result.projected is not None
    assert float(result.projected.magnitude) == pytest.approx(7.2 + 3.6 / 1 * 5, rel=1e-5)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET)
    strict = lenient.model_copy(update={"projection_tolerance": 0.0})
    assert strict.evaluate(indicator, as_of=AS_OF).reason is Reason.PROJECTION_SHORT


def test_projection_from_the_baseline_when_only_one_figure_is_recent() -> None:
    # Regression: a baseline and a single observation gave no projection, and the method
    # then judged every such indicator behind. The trend from the baseline is projected.
    indicator = make(EXPORTS, ("2025年", "2.5兆円"))
    result = AbsoluteEvaluator(method="projection").evaluate(indicator, as_of=AS_OF)
    assert result.projected is not None
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET)


@pytest.mark.parametrize(
    ("method", "status", "reason"),
    [
        ("pace", Status.ON_TRACK, Reason.PACE_SUFFICIENT),
        ("path", Status.ON_TRACK, Reason.ON_PATH),
        ("projection", Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET),
    ],
)
def test_methods_agree_on_the_global_innovation_index(
    method: str, status: Status, reason: Reason
) -> None:
    result = RankEvaluator(method=method).evaluate(gii(), as_of=AS_OF)  # type: ignore[arg-type]
    assert (result.status, result.reason) == (status, reason)


def test_methods_can_disagree() -> None:
    # 30% (2020) -> 38% (2025) toward 50% by 2030 needs 2 points a year; it made 1.6 a year
    # (R = 0.8, behind), and the path expects 40% in 2025 (behind). But the share was flat
    # until 2023 and has risen 4 points a year since: a projection from the last 2.5 years
    # reaches 58% by 2030 (on track).
    indicator = make(
        {"kind": "ratio", "value": "50%", "deadline": "2030年"},
        ("2020年", "30%"),
        ("2023年", "30%"),
        ("2025年", "38%"),
    )
    pace = RatioEvaluator().evaluate(indicator, as_of=AS_OF)
    path = RatioEvaluator(method="path").evaluate(indicator, as_of=AS_OF)
    short_window = RatioEvaluator(method="projection", window_years=2.5)
    projection = short_window.evaluate(indicator, as_of=AS_OF)
    assert pace.status is Status.BEHIND
    assert pace.pace == pytest.approx(0.8, rel=1e-3)
    assert path.reason is Reason.BELOW_PATH
    assert projection.reason is Reason.PROJECTION_MEETS_TARGET


# -- the pace rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pace", "grade", "status", "reason"),
    [
        (1.5, PaceGrade.SIGNIFICANT, Status.ON_TRACK, Reason.PACE_SUFFICIENT),
        (0.95, PaceGrade.SIGNIFICANT, Status.ON_TRACK, Reason.PACE_SUFFICIENT),
        (0.9499, PaceGrade.MODERATE, Status.BEHIND, Reason.PACE_INSUFFICIENT),
        (0.6, PaceGrade.MODERATE, Status.BEHIND, Reason.PACE_INSUFFICIENT),
        (0.5999, PaceGrade.INSUFFICIENT, Status.BEHIND, Reason.PACE_INSUFFICIENT),
        (0.0, PaceGrade.INSUFFICIENT, Status.BEHIND, Reason.PACE_INSUFFICIENT),
        (-0.01, PaceGrade.MOVING_AWAY, Status.BEHIND, Reason.MOVING_AWAY),
    ],
)
def test_pace_grades_and_statuses(
    pace: float, grade: PaceGrade, status: Status, reason: Reason
) -> None:
    evaluator = AbsoluteEvaluator()
    assert evaluator.grade(pace) is grade
    assert evaluator.classify(pace) == (status, reason)


def test_pace_thresholds_are_parameters() -> None:
    relaxed = AbsoluteEvaluator(on_track=0.5, moderate=0.3)
    result = relaxed.evaluate(exports(), as_of=AS_OF)
    assert (result.status, result.pace_grade) == (Status.ON_TRACK, PaceGrade.SIGNIFICANT)
    assert result.parameters["on_track"] == 0.5
    assert "pace ratio 0.60 >= 0.5, on track" in result.explanation


def test_moving_away_from_the_target_is_behind_with_negative_progress() -> None:
    falling = make(EXPORTS, ("2025年", "1.2兆円"))
    result = evaluate(falling, AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.MOVING_AWAY)
    assert result.pace is not None
    assert result.pace < 0
    assert result.pace_grade is PaceGrade.MOVING_AWAY
    assert result.progress == pytest.approx((1.2 - 1.5) / (5 - 1.5))  # not clamped to 0


def test_a_baseline_that_met_the_target_then_a_miss_is_moving_away() -> None:
    indicator = make(
        {"kind": "ratio", "value": "50%", "deadline": "2035年"},
        ("2024年", "55%"),
        ("2025年", "48%"),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.MOVING_AWAY)
    assert "The baseline 55% (2024) met the target 50%" in result.explanation


# -- rate kinds -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "values", "kind"),
    [
        ("億円", [100.0, 120.0, 200.0], "compound"),
        ("人", [100.0, 120.0, 200.0], "compound"),
        ("%", [30.0, 35.0, 50.0], "linear"),
        ("ポイント", [1.0, 2.0, 10.0], "linear"),
        ("位", [13.0, 12.0, 4.0], "linear"),
        ("億円", [0.0, 120.0, 200.0], "linear"),
        ("億円", [-5.0, -2.0, 3.0], "linear"),
    ],
)
def test_rate_kind_auto(unit: str, values: list[float], kind: str) -> None:
    assert AbsoluteEvaluator().rate_kind(Unit(symbol=unit), values) == kind


def test_rate_kind_parameter() -> None:
    money = Unit(symbol="億円")
    assert AbsoluteEvaluator(rate="linear").rate_kind(money, [1.0, 2.0]) == "linear"
    assert RatioEvaluator(rate="compound").rate_kind(Unit(symbol="%"), [30.0, 35.0]) == "compound"
    # Compound rates are undefined through zero: "compound" falls back to linear there.
    assert AbsoluteEvaluator(rate="compound").rate_kind(money, [0.0, 2.0]) == "linear"


def test_linear_rates_for_exports_give_a_lower_pace() -> None:
    result = AbsoluteEvaluator(rate="linear").evaluate(exports(), as_of=AS_OF)
    elapsed, horizon = 1, 6
    assert result.rate_kind == "linear"
    assert result.pace == pytest.approx((0.2 / elapsed) / (3.5 / horizon), rel=1e-9)  # 0.343
    assert "+¥200bn/yr" in result.explanation  # 0.2兆円 a year, in English words
    assert "年+0.2兆円" in result.explanation_ja


# -- zero and negative figures ------------------------------------------------------------


def test_zero_target_uses_linear_rates_and_never_substitutes_0001() -> None:
    indicator = make(
        {"kind": "absolute", "value": "0件", "direction": "lower", "deadline": "2030年"},
        ("2024年", "10件"),
        ("2025年", "8件"),
    )
    result = evaluate(indicator, AS_OF)
    elapsed, horizon = 1, 6
    assert result.rate_kind == "linear"
    assert result.actual_rate == pytest.approx(-2 / elapsed)
    assert result.required_rate == pytest.approx(-10 / horizon)
    assert result.status is Status.ON_TRACK
    assert (
        evaluate(make(indicator.target.model_dump(), ("2025年", "0件")), AS_OF).status
        is Status.ACHIEVED
    )


def test_zero_baseline_never_crashes() -> None:
    indicator = make(
        {"kind": "absolute", "value": "10件", "deadline": "2030年"},
        ("2024年", "0件"),
        ("2025年", "3件"),
    )
    result = evaluate(indicator, AS_OF)
    assert result.rate_kind == "linear"
    assert result.status is Status.ON_TRACK
    assert result.pace == pytest.approx((3 / 1) / (10 / 6))


def test_negative_figures_never_crash() -> None:
    # An operating loss of 5億円 becoming a loss of 2億円, toward a profit of 3億円 by 2028.
    indicator = make(
        {"kind": "absolute", "value": "3億円", "deadline": "2028年"},
        ("2024年", "-5億円"),
        ("2025年", "-2億円"),
    )
    result = evaluate(indicator, AS_OF)
    assert result.rate_kind == "linear"
    assert result.status is Status.ON_TRACK
    assert result.progress == pytest.approx(3 / 8)


def test_a_tenfold_rise_in_a_day_is_an_infinite_rate_not_an_error() -> None:
    # Regression: (10) ** 365 overflowed a float and the evaluation raised.
    indicator = make(
        {"kind": "absolute", "value": "10,000件", "deadline": "2030年"},
        ("2026年3月1日", "10件"),
        ("2026年3月2日", "100件"),
    )
    result = evaluate(indicator, AS_OF)
    assert result.status is Status.ON_TRACK
    assert result.actual_rate is None  # not finite: not recorded
    assert result.pace_grade is PaceGrade.SIGNIFICANT
    assert AbsoluteEvaluator.annual_rate("compound", 1.0, 10.0, 1 / 365) == math.inf
    assert AbsoluteEvaluator.value_after("compound", 1.0, 1e10, 1000.0) == math.inf


# -- as-of semantics ------------------------------------------------------------------------


def test_observations_after_the_as_of_date_are_ignored() -> None:
    result = evaluate(gii(), dt.date(2025, 6, 30))
    assert result.latest is not None
    assert str(result.latest.value) == "13位"  # 2025's figure is not known until 2025 ends
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert result.as_of == dt.date(2025, 6, 30)


def test_nothing_known_at_the_as_of_date_is_no_observations() -> None:
    result = evaluate(gii(), dt.date(2020, 1, 1))
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)
    assert result.explanation == (
        "No figure is known as of 2020-01-01; the target is within the top 4 by 2035."
    )


def test_the_deadline_passes_after_its_last_day() -> None:
    indicator = make(
        {"kind": "absolute", "value": "20兆円", "deadline": "2025年"},
        ("2023年", "5.8兆円"),
        ("2024年", "約6.1兆円"),
    )
    assert evaluate(indicator, dt.date(2025, 12, 31)).reason is not Reason.DEADLINE_MISSED
    missed = evaluate(indicator, dt.date(2026, 1, 1))
    assert (missed.status, missed.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)
    assert missed.explanation == (
        "The deadline 2025 has passed and the latest figure 約6.1兆円 (2024) does not "
        "meet the target 20兆円."
    )


def test_a_target_met_after_the_deadline_is_achieved() -> None:
    late = make({"kind": "absolute", "value": "20兆円", "deadline": "2025年"}, ("2026年", "21兆円"))
    assert evaluate(late, dt.date(2027, 6, 1)).status is Status.ACHIEVED


def test_undated_figures_count_but_give_no_pace() -> None:
    # Row 18 of the seed: the latest total (30.7兆円, +3.6兆円 on "the previous value"),
    # neither dated. The latest figure is the printed one, not the derived earlier one.
    indicator = make(
        {"kind": "absolute", "value": "50兆円", "deadline": "2033年"},
        obs(None, "30.7兆円", changes=[{"by": "3.6兆円"}, {"by": "13.42%"}]),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert result.latest is not None
    assert str(result.latest.value) == "30.7兆円"
    assert "no dated figure gives a pace" in result.explanation


# -- bounds -------------------------------------------------------------------------------


PIRACY = {"kind": "absolute", "value": "約1億アクセス", "direction": "lower"}


def test_a_bound_that_implies_the_target_is_achieved() -> None:
    indicator = make(PIRACY, obs("2025年12月〜2026年3月", "1億アクセス", bound="below"))
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.BOUND_MEETS_TARGET)
    assert "(a bound: below 1億アクセス)" in result.explanation
    assert "1億アクセスを下回る" in result.explanation_ja


@pytest.mark.parametrize(
    ("bound", "value"), [("above", "5,000万アクセス"), ("below", "2億アクセス")]
)
def test_a_bound_that_does_not_imply_the_target_is_not_achieved(bound: str, value: str) -> None:
    indicator = make(PIRACY, obs("2025年12月〜2026年3月", value, bound=bound))
    result = evaluate(indicator, AS_OF)
    assert result.status is Status.NO_DATA  # a bound gives no figure to take a pace from
    assert result.reason is Reason.INSUFFICIENT_HISTORY


def test_bounds_on_higher_is_better_targets() -> None:
    target = {"kind": "absolute", "value": "100件", "deadline": "2030年"}
    assert (
        evaluate(make(target, obs("2025年", "120件", bound="at_least")), AS_OF).reason
        is Reason.BOUND_MEETS_TARGET
    )
    assert (
        evaluate(make(target, obs("2025年", "120件", bound="at_most")), AS_OF).status
        is Status.NO_DATA
    )


def test_bounded_figures_are_left_out_of_the_pace() -> None:
    target = {"kind": "absolute", "value": "100件", "deadline": "2030年"}
    indicator = make(
        target, ("2023年", "40件"), ("2024年", "50件"), obs("2025年", "60件", bound="above")
    )
    result = evaluate(indicator, AS_OF)
    assert result.latest is not None
    assert result.latest.bound is not None  # the latest figure is reported...
    assert result.actual_rate == pytest.approx(50 / 40 - 1)  # 2023年 -> 2024年: one year
    assert result.rated is not None  # ...and the figure the rates used
    assert result.rated.bound is None
    assert "The latest figure, above 60件 (2025), is a bound" in result.explanation


# -- the template method ----------------------------------------------------------------------


class Always(Evaluator):
    """A minimal evaluator: on track whenever there is a figure."""

    target_kinds: ClassVar[tuple[str, ...]] = ("absolute",)
    method: str = "always"
    note: str = "minimal"

    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        if not observations:
            return self.no_data(Reason.NO_OBSERVATIONS, "Nothing yet.", "数値がない。")
        return {
            "status": Status.ON_TRACK,
            "reason": "custom-reason",
            "explanation": f"{len(observations)} figures.",
            "explanation_ja": f"{len(observations)}時点。",
            "latest": observations[-1],
        }


def test_evaluate_stamps_ids_dates_method_and_parameters() -> None:
    result = Always().evaluate(exports(), as_of=AS_OF, kpi_id="agri")
    assert result.kpi_id == "agri"
    assert result.indicator_id == "x"
    assert result.target_kind == "absolute"
    assert result.as_of == AS_OF
    assert result.direction == "higher"
    assert str(result.deadline) == "2030年"
    assert result.method == "always"
    assert result.parameters == {"method": "always", "stale_after": 5.0, "note": "minimal"}
    assert result.reason == "custom-reason"
    assert Always().evaluate(exports(), as_of=AS_OF).kpi_id == "x"  # defaults to the indicator


def test_evaluate_passes_the_observations_known_at_the_as_of_date_oldest_first() -> None:
    result = Always().evaluate(exports(), as_of=dt.date(2025, 6, 1))
    assert result.explanation == "1 figures."
    result = Always().evaluate(exports(), as_of=AS_OF)
    assert result.explanation == "2 figures."
    assert result.latest is not None
    assert str(result.latest.period) == "2025年"


def test_evaluate_refuses_another_target_kind() -> None:
    with pytest.raises(EvaluationError, match=r"KPI 'gii'.*evaluates absolute targets, not 'rank'"):
        Always().evaluate(gii(), as_of=AS_OF, kpi_id="gii")


def test_errors_in_assess_name_the_kpi() -> None:
    class Fails(Always):
        def assess(self, *args: Any) -> dict[str, Any]:
            raise InconsistentTargetError("bad figure", field="value")

    with pytest.raises(InconsistentTargetError, match="KPI 'agri', field 'value': bad figure"):
        Fails().evaluate(exports(), as_of=AS_OF, kpi_id="agri")

    class Divides(Always):
        def assess(self, *args: Any) -> dict[str, Any]:
            return {"x": 1 / 0}

    with pytest.raises(EvaluationError, match=r"KPI 'agri'.*Divides failed: division by zero"):
        Divides().evaluate(exports(), as_of=AS_OF, kpi_id="agri")


def test_the_base_class_requires_assess() -> None:
    with pytest.raises(NotImplementedError, match="must override assess"):
        Evaluator().evaluate(exports(), as_of=AS_OF)


def test_evaluators_are_frozen_hashable_and_copyable() -> None:
    evaluator = AbsoluteEvaluator(method="path")
    with pytest.raises(ValueError, match="frozen"):
        evaluator.method = "pace"  # type: ignore[misc]
    assert hash(evaluator) == hash(AbsoluteEvaluator(method="path"))
    assert evaluator.model_copy() == evaluator
    assert evaluator.model_copy(update={"on_track": 0.9}).on_track == 0.9
    assert AbsoluteEvaluator.model_validate(evaluator.model_dump()) == evaluator


@pytest.mark.parametrize(
    "parameters",
    [
        {"on_track": 0},
        {"moderate": -1},
        {"method": "magic"},
        {"rate": "log"},
        {"on_track": math.nan},
    ],
)
def test_parameters_are_validated(parameters: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="validation error"):
        AbsoluteEvaluator(**parameters)


# -- hooks, overridden one at a time ----------------------------------------------------------


def test_hook_is_achieved_with_a_tolerance() -> None:
    class Within5Percent(AbsoluteEvaluator):
        def is_achieved(
            self, latest: Observation, target_value: Quantity, direction: Direction
        ) -> Reason | None:
            found = super().is_achieved(latest, target_value, direction)
            if found is None and latest.bound is None and direction is Direction.HIGHER:
                share = latest.value.magnitude_in(target_value.unit) / target_value.magnitude
                return Reason.TARGET_MET if share >= Decimal("0.95") else None
            return found

    nearly = make(EXPORTS, ("2025年", "4.8兆円"))
    assert evaluate(nearly, AS_OF).status is Status.ON_TRACK
    assert Within5Percent().evaluate(nearly, as_of=AS_OF).status is Status.ACHIEVED


def test_hook_select_baseline() -> None:
    class FromEarliest(AbsoluteEvaluator):
        def select_baseline(
            self, target: Target, points: Sequence[Point], unit: Unit
        ) -> Point | None:
            return points[0] if len(points) > 1 else None

    indicator = make(
        {**EXPORTS, "baseline": {"value": "1兆円", "period": "2020年"}},
        ("2024年", "1.5兆円"),
        ("2025年", "1.7兆円"),
    )
    default, custom = evaluate(indicator, AS_OF), FromEarliest().evaluate(indicator, as_of=AS_OF)
    assert str(default.baseline) == "1兆円"
    assert str(custom.baseline) == "1.5兆円"
    assert custom.pace == pytest.approx(evaluate(exports(), AS_OF).pace)


def test_hook_rate_kind() -> None:
    class AlwaysLinear(AbsoluteEvaluator):
        def rate_kind(self, unit: Unit, values: Sequence[float]) -> str:
            return "linear"

    assert AlwaysLinear().evaluate(exports(), as_of=AS_OF).pace == pytest.approx(
        AbsoluteEvaluator(rate="linear").evaluate(exports(), as_of=AS_OF).pace
    )


def test_hook_grade_and_classify() -> None:
    class Lenient(AbsoluteEvaluator):
        def classify(self, pace: float) -> tuple[Status, Reason]:
            if pace >= 0.5:
                return Status.ON_TRACK, Reason.PACE_SUFFICIENT
            return super().classify(pace)

    class Coarse(AbsoluteEvaluator):
        def grade(self, pace: float) -> PaceGrade:
            return PaceGrade.SIGNIFICANT if pace > 0 else PaceGrade.MOVING_AWAY

    lenient = Lenient().evaluate(exports(), as_of=AS_OF)
    assert (lenient.status, lenient.pace_grade) == (Status.ON_TRACK, PaceGrade.MODERATE)
    coarse = Coarse().evaluate(exports(), as_of=AS_OF)
    assert (coarse.status, coarse.pace_grade) == (Status.BEHIND, PaceGrade.SIGNIFICANT)


def test_hook_working_unit_does_not_change_the_result() -> None:
    class InOku(AbsoluteEvaluator):
        def working_unit(self, target_value: Quantity, observations: Sequence[Observation]) -> Unit:
            return Unit(symbol="億円")

    default, custom = evaluate(exports(), AS_OF), InOku().evaluate(exports(), as_of=AS_OF)
    assert (custom.status, custom.reason) == (default.status, default.reason)
    assert custom.pace == pytest.approx(default.pace, rel=1e-9)


def test_hook_points() -> None:
    class PrintedOnly(AbsoluteEvaluator):
        def points(self, observations: Sequence[Observation], unit: Unit) -> list[Point]:
            return super().points([o for o in observations if not o.derived], unit)

    # Row 13 without the stated 2024 figure: only the +12.8% change gives one (derived).
    indicator = make(
        {**EXPORTS, "baseline": None},
        obs("2025年", "約1兆7千億円", changes=[{"by": "12.8%", "since": "2024年"}]),
    )
    assert evaluate(indicator, AS_OF).status is Status.BEHIND
    assert PrintedOnly().evaluate(indicator, as_of=AS_OF).reason is Reason.INSUFFICIENT_HISTORY


def test_hook_target_quantity() -> None:
    class HalfWay(AbsoluteEvaluator):
        def target_quantity(self, target: Target, context: EvaluationContext) -> Quantity | None:
            value = target.target_value()
            return (
                None if value is None else Quantity(magnitude=value.magnitude / 2, unit=value.unit)
            )

    result = HalfWay().evaluate(exports(), as_of=AS_OF)
    assert str(result.target_value) == "2.5兆円"
    assert result.status is Status.ON_TRACK


def test_hook_select_observations() -> None:
    class PrintedFiguresOnly(AbsoluteEvaluator):
        def select_observations(
            self, indicator: Indicator, context: EvaluationContext
        ) -> tuple[Observation, ...]:
            return tuple(
                o for o in super().select_observations(indicator, context) if not o.derived
            )

    indicator = make(
        {**EXPORTS, "baseline": None},
        obs("2025年", "1.7兆円", changes=[{"by": "12.8%", "since": "2024年"}]),
    )
    assert PrintedFiguresOnly().evaluate(indicator, as_of=AS_OF).status is Status.NO_DATA


def test_hook_parameters() -> None:
    class Quiet(AbsoluteEvaluator):
        def parameters(self) -> dict[str, Any]:
            return {"method": self.method}

    assert Quiet().evaluate(exports(), as_of=AS_OF).parameters == {"method": "pace"}


def test_hook_assess_pace() -> None:
    class Strict(AbsoluteEvaluator):
        def assess_pace(self, *args: Any) -> dict[str, Any]:
            fields = super().assess_pace(*args)
            if fields["status"] is Status.ON_TRACK and (fields.get("pace") or 0) < 1:
                return {**fields, "status": Status.BEHIND, "reason": Reason.PACE_INSUFFICIENT}
            return fields

    indicator = make(EXPORTS, ("2025年", "1.82兆円"))  # R = 0.97
    assert evaluate(indicator, AS_OF).status is Status.ON_TRACK
    assert Strict().evaluate(indicator, as_of=AS_OF).status is Status.BEHIND


# -- regressions found by the properties ------------------------------------------------------


@pytest.mark.parametrize("unit", ["億円", "兆円"])
def test_a_direction_judged_from_zero_does_not_depend_on_the_unit(unit: str) -> None:
    # Regression: from 0, the "relative" rate fell back to the rate in the working unit, so
    # 0 -> 1億円 was on track in 億円 (1 a year) and stagnating in 兆円 (0.0001 a year).
    one = "1億円" if unit == "億円" else "0.0001兆円"
    indicator = make(
        {"kind": "absolute", "value": f"2{unit}" if unit == "億円" else "0.0002兆円"},
        ("2021年", f"0{unit}"),
        ("2022年", one),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    trend = make({"kind": "trend"}, ("2021年", f"0{unit}"), ("2022年", one))
    assert evaluate(trend, AS_OF).reason is Reason.TREND_FAVOURABLE


def test_a_projection_beyond_the_range_of_a_quantity_is_not_recorded() -> None:
    # Regression: a projection of 1e101 could not be stored in a Quantity and the evaluation
    # raised a ValidationError.
    big = {"magnitude": "1E+99", "unit": "兆円"}
    indicator = make(
        {"kind": "absolute", "value": big, "deadline": "2040年"},
        ("2024年", "1兆円"),
        obs("2025年", {"magnitude": "1E+10", "unit": "兆円"}),  # type: ignore[arg-type]
    )
    result = AbsoluteEvaluator(method="projection").evaluate(indicator, as_of=AS_OF)
    assert result.projected is None
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET)
