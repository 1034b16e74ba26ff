"""Convergence targets: the gap to a reference series or to a fixed level, closing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpimodel import (
    AbsoluteEvaluator,
    ConvergenceEvaluator,
    ConvergenceTarget,
    DimensionMismatchError,
    InconsistentTargetError,
    Reason,
    Status,
    evaluate,
)
from kpimodel.render._labels import describe_target_model
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make

PARITY = {"kind": "convergence", "value": "50%", "deadline": "2030年"}
EU = {"kind": "convergence", "reference": "eu-average", "deadline": "2030年"}


def eu(*pairs: tuple[str, str]) -> list[dict[str, object]]:
    return [{"id": "eu-average", "observations": [{"period": p, "value": v} for p, v in pairs]}]


@pytest.mark.parametrize("method", ["pace", "path", "projection"])
def test_conformance(method: str) -> None:
    check_evaluator(ConvergenceEvaluator(method=method))  # type: ignore[arg-type]


def test_women_in_ict_toward_parity_is_behind() -> None:
    result = evaluate(make(PARITY, ("2021年", "19.1%"), ("2024年", "19.5%")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)
    assert result.latest is not None
    assert str(result.latest.value) == "30.5ポイント"
    assert result.latest.derived
    assert result.latest.note == "|19.5% - 50%|"
    assert str(result.baseline) == "30.9ポイント"
    assert str(result.target_value) == "0ポイント"
    assert result.rate_kind == "linear"
    # The gap closes by 0.4 points in 3 years; closing 30.9 points by 2030 needs 30.9
    # points in 9 years (yearly figures stand at their midpoints, as the deadline does).
    assert result.pace == pytest.approx((0.4 / 3) / (30.9 / 9), rel=1e-9)
    assert result.explanation.startswith("The gap to 50%: from 30.9ポイント (2021)")
    assert result.explanation_ja.startswith("50%との差：30.9ポイント（2021年）")


def test_the_gap_is_absolute_overshooting_counts() -> None:
    # From 45% to 55% around parity: the gap is 5 points both times, no progress.
    result = evaluate(make(PARITY, ("2021年", "45%"), ("2024年", "55%")), AS_OF)
    assert result.actual_rate == 0
    assert result.status is Status.BEHIND


def test_a_closed_gap_is_achieved() -> None:
    result = evaluate(make(PARITY, ("2024年", "50%")), AS_OF)
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.TARGET_MET)
    target = {**PARITY, "gap": "2ポイント"}
    assert evaluate(make(target, ("2024年", "48.5%")), AS_OF).status is Status.ACHIEVED
    assert evaluate(make(target, ("2024年", "51.9%")), AS_OF).status is Status.ACHIEVED
    assert evaluate(make(target, ("2024年", "47.9%")), AS_OF).status is not Status.ACHIEVED


def test_a_reference_series_gives_the_gap_period_by_period() -> None:
    indicator = make(
        {**EU, "gap": "2 pp"},
        ("2021年", "40%"),
        ("2023年", "45%"),  # no EU figure for 2023: skipped
        ("2024年", "48%"),
        references=eu(("2021年", "54%"), ("2024年", "56%")),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.PACE_SUFFICIENT)
    assert str(result.baseline) == "14ポイント"
    assert result.latest is not None
    assert str(result.latest.value) == "8ポイント"
    assert result.explanation.startswith("The gap to the reference series 'eu-average': ")
    # Projections stop at a gap of zero.
    assert result.projected is not None
    assert result.projected.magnitude >= 0


def test_amounts_converge_in_their_own_unit() -> None:
    indicator = make(
        {**EU, "gap": "1,000円"},
        ("2022年", "25万円"),
        ("2024年", "27万円"),
        references=eu(("2022年", "30万円"), ("2024年", "30万円")),
    )
    result = evaluate(indicator, AS_OF)
    assert str(result.baseline) == "5万円"
    assert str(result.target_value) == "1,000円"
    assert result.status is Status.ON_TRACK


def test_the_baseline_gives_the_baseline_gap() -> None:
    target = {**PARITY, "baseline": {"value": "17%", "period": "2019年"}}
    result = evaluate(make(target, ("2024年", "19.5%")), AS_OF)
    assert str(result.baseline) == "33ポイント"
    assert result.baseline_period is not None
    assert str(result.baseline_period) == "2019年"


def test_no_counterpart_is_no_data() -> None:
    indicator = make(EU, ("2023年", "45%"), references=eu(("2024年", "56%")))
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert "counterpart" in result.explanation


def test_no_figure_is_no_data() -> None:
    result = evaluate(make(PARITY), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)


def test_the_deadline_missed_is_behind() -> None:
    target = {**PARITY, "deadline": "2024年"}
    result = evaluate(make(target, ("2021年", "19%"), ("2024年", "30%")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)


def test_methods_apply_to_the_gap() -> None:
    indicator = make(PARITY, ("2021年", "19.1%"), ("2024年", "19.5%"))
    path = ConvergenceEvaluator(method="path").evaluate(indicator, as_of=AS_OF)
    assert path.reason is Reason.BELOW_PATH
    projection = ConvergenceEvaluator(method="projection").evaluate(indicator, as_of=AS_OF)
    assert projection.reason is Reason.PROJECTION_SHORT


def test_the_rule_is_the_absolute_evaluators_on_the_gap() -> None:
    # The gap series judged as "at most 0 points by 2030" by the absolute evaluator.
    figures = [("2021年", "19.1%"), ("2024年", "19.5%")]
    result = evaluate(make(PARITY, *figures), AS_OF)
    gaps = make(
        {"kind": "absolute", "value": "0ポイント", "direction": "lower", "deadline": "2030年"},
        ("2021年", "30.9ポイント"),
        ("2024年", "30.5ポイント"),
    )
    same = AbsoluteEvaluator(rate="linear").evaluate(gaps, as_of=AS_OF)
    assert (result.status, result.reason, result.pace) == (same.status, same.reason, same.pace)


def test_bad_convergence_targets_are_refused() -> None:
    with pytest.raises(InconsistentTargetError, match="not both"):
        ConvergenceTarget.model_validate({**PARITY, "reference": "eu"})
    with pytest.raises(InconsistentTargetError, match="not neither"):
        ConvergenceTarget.model_validate({"kind": "convergence"})
    with pytest.raises(InconsistentTargetError, match="always 'lower'"):
        ConvergenceTarget.model_validate({**PARITY, "direction": "higher"})
    with pytest.raises(InconsistentTargetError, match="never negative"):
        ConvergenceTarget.model_validate({**PARITY, "gap": "-1ポイント"})
    with pytest.raises(DimensionMismatchError, match="in points"):
        ConvergenceTarget.model_validate({**PARITY, "gap": "2%"})
    with pytest.raises(InconsistentTargetError, match="does not define"):
        make(EU, ("2024年", "48%"))
    with pytest.raises(DimensionMismatchError, match="needs its unit"):
        ConvergenceTarget.model_validate({**PARITY, "value": "50"})
    with pytest.raises(DimensionMismatchError, match="compatible"):
        make(PARITY, ("2024年", "48人"))


def test_a_gap_in_the_wrong_unit_is_an_error() -> None:
    # Against a reference series, a share's gap in % (relative? points?) is refused when
    # evaluating, once the series' unit is known; a gap in another dimension at load.
    indicator = make({**EU, "gap": "2%"}, ("2024年", "48%"), references=eu(("2024年", "56%")))
    with pytest.raises(DimensionMismatchError, match="in points"):
        evaluate(indicator, AS_OF)
    with pytest.raises(DimensionMismatchError, match="compatible"):
        make({**EU, "gap": "2人"}, ("2024年", "48%"), references=eu(("2024年", "56%")))


def test_descriptions() -> None:
    parity = ConvergenceTarget.model_validate(PARITY)
    assert describe_target_model(parity, "en") == "gap to 50% ≤ 0 by 2030"
    assert describe_target_model(parity, "ja") == "2030年までに50%との差0以下"
    reference = ConvergenceTarget.model_validate({**EU, "gap": "2ポイント"})
    assert describe_target_model(reference, "ja") == "2030年までにeu-averageとの差2ポイント以下"


@settings(deadline=None)
@given(
    st.decimals(min_value=0, max_value=100, places=1),
    st.decimals(min_value=0, max_value=100, places=1),
    st.decimals(min_value=0, max_value=100, places=1),
)
def test_the_gap_is_symmetric_around_the_level(
    start: Decimal, latest: Decimal, to: Decimal
) -> None:
    # Reflecting every figure through the level converged to leaves the gaps, and so the
    # status, the reason and the pace, unchanged.
    if to * 2 - start < 0 or to * 2 - latest < 0:
        return
    target = {**PARITY, "value": f"{to}%"}
    as_of = dt.date(2026, 3, 31)
    one = evaluate(make(target, ("2021年", f"{start}%"), ("2024年", f"{latest}%")), as_of)
    mirrored = [("2021年", f"{to * 2 - start}%"), ("2024年", f"{to * 2 - latest}%")]
    other = evaluate(make(target, *mirrored), as_of)
    assert (one.status, one.reason, one.pace) == (other.status, other.reason, other.pace)
    assert one.latest is not None
    assert one.latest.value.magnitude == abs(latest - to)


def test_plots_never_draw_a_gap_on_the_series_axis() -> None:
    from kpimodel.render._vegalite import trajectory_spec

    indicator = make(
        {**EU, "gap": "1,000円"},
        ("2022年", "25万円"),
        ("2024年", "27万円"),
        references=eu(("2022年", "30万円"), ("2024年", "30万円")),
    )
    spec = trajectory_spec(evaluate(indicator, AS_OF), indicator.observations)
    rows = [row for layer in spec["layer"] for row in (layer.get("data") or {}).get("values", [])]
    # The series' own figures (25万円, 27万円), not the gaps (5万円, 3万円) or the goal.
    assert {row["value"] for row in rows if "value" in row} <= {25.0, 27.0}
    assert not any(row.get("series") in ("target", "baseline", "path") for row in rows)


def test_a_lagging_reference_makes_the_gap_stale() -> None:
    # The series is current, but the last gap that can be measured is from 2018.
    indicator = make(
        EU,
        ("2017年", "40%"),
        ("2018年", "42%"),
        ("2025年", "55%"),
        references=eu(("2017年", "54%"), ("2018年", "54%")),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.STALE)
    assert "The latest gap that can be measured, 12ポイント (2018)" in result.explanation


def test_a_projection_stops_at_a_gap_of_zero() -> None:
    indicator = make(
        {**EU, "gap": "2ポイント"},
        ("2021年", "40%"),
        ("2024年", "48%"),
        references=eu(("2021年", "54%"), ("2024年", "56%")),
    )
    result = evaluate(indicator, AS_OF)
    assert result.projected is not None
    assert result.projected.magnitude == 0
    assert "The projection stops at 0ポイント, the least a gap can be." in result.explanation


def test_the_reference_figures_known_at_the_as_of_date_count() -> None:
    references = [
        {
            "id": "eu-average",
            "observations": [
                {"period": "2021年", "value": "54%"},
                {"period": "2024年", "value": "56%", "published": "2025-02-01"},
                {"period": "2024年", "value": "58%", "published": "2026-06-01"},  # later
            ],
        }
    ]
    indicator = make(EU, ("2021年", "40%"), ("2024年", "48%"), references=references)
    result = evaluate(indicator, AS_OF)
    assert result.latest is not None
    assert str(result.latest.value) == "8ポイント"  # against 56%, as published by then
    later = evaluate(indicator, dt.date(2026, 12, 31))
    assert later.latest is not None
    assert str(later.latest.value) == "10ポイント"


@settings(deadline=None)
@given(
    st.lists(st.decimals(min_value=0, max_value=100, places=1), min_size=1, max_size=4),
    st.decimals(min_value=0, max_value=100, places=1),
    st.sampled_from(["pace", "path", "projection"]),
)
def test_convergence_is_the_absolute_rule_on_the_gap(
    figures: list[Decimal], to: Decimal, method: str
) -> None:
    # Whatever the figures, the result is the absolute evaluator's (linear rates, lower is
    # better, at most 0 points by the deadline) on the gaps |x - level|.
    periods = [f"{2018 + 2 * i}年" for i in range(len(figures))]
    target = {**PARITY, "value": f"{to}%"}
    result = ConvergenceEvaluator(method=method).evaluate(  # type: ignore[arg-type]
        make(target, *zip(periods, (f"{x}%" for x in figures), strict=True)), as_of=AS_OF
    )
    gaps = make(
        {"kind": "absolute", "value": "0ポイント", "direction": "lower", "deadline": "2030年"},
        *zip(periods, (f"{abs(x - to)}ポイント" for x in figures), strict=True),
    )
    same = AbsoluteEvaluator(method=method, rate="linear").evaluate(gaps, as_of=AS_OF)  # type: ignore[arg-type]
    assert (result.status, result.reason) == (same.status, same.reason)
    assert result.pace == same.pace
    assert result.progress == same.progress
