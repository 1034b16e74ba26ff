"""When will it be met (issue 12): every paced result states its attainment."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpimodel import evaluate, to_json
from kpimodel.evaluation import AttainmentKind
from kpimodel.evaluation._rates import period_reached, years_to_reach
from kpimodel.periods import parse_period

from .strategies import AS_OF, make

FIVE_G = [("2021年", "65.8%"), ("2022年", "81.2%"), ("2023年", "89.3%")]


def test_5g_coverage_reaches_100_percent_in_2024() -> None:
    # 89.3% rising 11.75 points a year needs 0.91 years: the 2024 figure reaches 100%.
    target = {"kind": "ratio", "value": "100%", "deadline": "2030年", "limit": "100%"}
    result = evaluate(make(target, *FIVE_G), dt.date(2025, 6, 30))
    assert result.attainment is not None
    assert result.attainment.kind is AttainmentKind.PROJECTED
    assert str(result.attainment.period) == "2024年"
    assert result.attainment.by_deadline is True
    assert result.explanation.endswith("On the recent trend at least 100% is reached in 2024.")
    assert result.explanation_ja.endswith("最近の傾向では2024年に目標（100%以上）に達する見込み。")
    data = json.loads(to_json(result))["attainment"]
    assert data["kind"] == "projected"
    assert data["period"]["first_day"] == "2024-01-01"
    assert data["by_deadline"] is True


def test_a_slow_trend_is_reached_after_the_deadline() -> None:
    # 1.5兆円 -> 1.7兆円 a year grows 13.3%: 5兆円 needs 8.6 more years, so 2034's figure.
    target = {"kind": "absolute", "value": "5兆円", "deadline": "2030年"}
    result = evaluate(make(target, ("2024年", "1.5兆円"), ("2025年", "1.7兆円")), AS_OF)
    assert result.attainment is not None
    assert (result.attainment.kind, str(result.attainment.period)) == (
        AttainmentKind.PROJECTED,
        "2034年",
    )
    assert result.attainment.by_deadline is False
    assert "reached in 2034, after the deadline 2030年." in result.explanation
    assert "（期限2030年より後）" in result.explanation_ja


def test_a_trend_the_wrong_way_never_reaches_the_target() -> None:
    target = {"kind": "absolute", "value": "20兆円", "deadline": "2033年"}
    result = evaluate(make(target, ("2023年", "6.1兆円"), ("2024年", "5.8兆円")), AS_OF)
    assert result.attainment is not None
    assert result.attainment.kind is AttainmentKind.NEVER
    assert result.attainment.period is None
    assert result.explanation.endswith("the target (at least 20兆円) is never reached.")
    assert result.explanation_ja.endswith("最近の傾向では目標（20兆円以上）に達しない。")
    assert json.loads(to_json(result))["attainment"] == {
        "kind": "never",
        "period": None,
        "by_deadline": None,
    }


def test_a_met_target_is_already_met() -> None:
    target = {"kind": "ratio", "value": "50%", "deadline": "2035年"}
    result = evaluate(make(target, ("2025年", "52%")), AS_OF)
    assert result.attainment is not None
    assert result.attainment.kind is AttainmentKind.MET
    assert str(result.attainment.period) == "2025年"
    assert result.attainment.by_deadline is True


def test_results_not_judged_by_pace_have_no_attainment() -> None:
    assert evaluate(make({"kind": "monitor"}, ("2025年", "5件")), AS_OF).attainment is None
    one = evaluate(make({"kind": "ratio", "value": "80%"}, ("2025年", "50%")), AS_OF)
    assert one.attainment is None


def test_attainment_counts_in_the_latest_figures_periods() -> None:
    assert str(period_reached(parse_period("2024Q3"), 0.3)) == "2025Q1"
    assert str(period_reached(parse_period("2025年3月"), 0.05)) == "2025-04"
    assert str(period_reached(parse_period("2023年度"), 2.0)) == "2025年度"
    assert str(period_reached(parse_period("2026年3月26日現在"), 1.5)) == "2027年"
    # At least one period later: the latest figure does not meet the target.
    assert str(period_reached(parse_period("2023年"), 0.0)) == "2024年"


def test_years_to_reach() -> None:
    assert years_to_reach("linear", 89.3, 11.75, 100) == (100 - 89.3) / 11.75
    assert years_to_reach("linear", 10, -1, 20) is None
    assert years_to_reach("linear", 10, 0, 20) is None
    assert years_to_reach("compound", 1, 0.1, 2) is not None
    assert years_to_reach("compound", 0, 0.1, 2) is None
    assert years_to_reach("linear", 0, 1e-6, 1e6) is None  # beyond 1,000 years


@settings(deadline=None, max_examples=300)
@given(
    st.lists(st.integers(1, 1000), min_size=2, max_size=5),
    st.integers(1, 2000),
    st.integers(2027, 2045),
    st.sampled_from(["absolute", "ratio"]),
    st.sampled_from(["higher", "lower"]),
)
def test_reached_by_the_deadline_exactly_when_the_projection_meets_it(
    values: list[int], goal: int, deadline: int, kind: str, direction: str
) -> None:
    unit = "%" if kind == "ratio" else "件"
    scale = 10 if kind == "ratio" else 1
    target = {
        "kind": kind,
        "value": f"{goal / scale}{unit}",
        "deadline": f"{deadline}年",
        "direction": direction,
    }
    rows = [(f"{2020 + i}年", f"{v / scale}{unit}") for i, v in enumerate(values)]
    result = evaluate(make(target, *rows), AS_OF)
    when = result.attainment
    if result.projected is None or when is None or when.kind is AttainmentKind.MET:
        return
    sign = 1 if direction == "higher" else -1
    projected = float(result.projected.magnitude)
    wanted = goal / scale
    assume(abs(projected - wanted) > 1e-4 * max(abs(wanted), 1))  # projected is rounded
    meets = sign * (projected - wanted) >= 0
    assert (when.kind is AttainmentKind.PROJECTED and when.by_deadline is True) == meets
