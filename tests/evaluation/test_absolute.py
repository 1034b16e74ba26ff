"""Absolute targets: an amount or count to reach (``5兆円 by 2030``, ``0件 by 2030``)."""

from __future__ import annotations

import pytest

from kpimodel import AbsoluteEvaluator, Reason, Status, evaluate
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make, obs

CONTENT = {"kind": "absolute", "value": "20兆円", "deadline": "2033年"}


@pytest.mark.parametrize("method", ["pace", "path", "projection"])
@pytest.mark.parametrize("rate", ["auto", "linear", "compound"])
def test_conformance(method: str, rate: str) -> None:
    check_evaluator(AbsoluteEvaluator(method=method, rate=rate))  # type: ignore[arg-type]


def test_seed_content_market_is_behind() -> None:
    result = evaluate(make(CONTENT, ("2023年", "5.8兆円"), ("2024年", "約6.1兆円")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)
    assert result.pace == pytest.approx(0.39, abs=0.005)
    assert result.explanation == (
        "From 5.8兆円 (2023) to 約6.1兆円 (2024) is +5.17%/yr; reaching at least 20兆円 "
        "by 2033 needs +13.2%/yr: pace ratio 0.39 < 0.95, behind. "
        "On the recent trend at least 20兆円 is "
        "reached in 2048, after the deadline 2033年."
    )


def test_figures_in_different_units_of_one_series() -> None:
    result = evaluate(make(CONTENT, ("2023年", "58,000億円"), ("2024年", "約6.1兆円")), AS_OF)
    assert result.pace == pytest.approx(0.39, abs=0.005)


def test_seed_sme_filers_without_figures_is_no_observations() -> None:
    result = evaluate(make({"kind": "absolute", "value": "約1.4万社"}), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)
    assert result.explanation == "No figure is known as of 2026-03-31; the target is 約1.4万社."
    assert result.explanation_ja == "2026-03-31時点で数値がない（目標：約1.4万社）。"
    assert str(result.target_value) == "約1.4万社"


def test_seed_piracy_below_the_reference_level_is_achieved() -> None:
    target = {"kind": "absolute", "value": "約1億アクセス", "direction": "lower"}
    result = evaluate(
        make(target, obs("2025年12月以降、2026年3月現在", "1億アクセス", bound="below")), AS_OF
    )
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.BOUND_MEETS_TARGET)


def test_seed_cool_japan_undated_is_insufficient_history() -> None:
    indicator = make(
        {"kind": "absolute", "value": "50兆円", "deadline": "2033年"},
        obs(None, "30.7兆円", changes=[{"by": "3.6兆円"}, {"by": "13.42%"}]),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert result.explanation == (
        "The latest figure 30.7兆円 does not meet the target 50兆円 and no dated figure gives a "
        "pace to judge."
    )


def test_down_to_zero() -> None:
    target = {"kind": "absolute", "value": "0件", "direction": "lower", "deadline": "2030年"}
    assert (
        evaluate(make(target, ("2024年", "10件"), ("2025年", "8件")), AS_OF).status
        is Status.ON_TRACK
    )
    assert (
        evaluate(make(target, ("2024年", "10件"), ("2025年", "9.9件")), AS_OF).status
        is Status.BEHIND
    )
    assert (
        evaluate(make(target, ("2024年", "10件"), ("2025年", "0件")), AS_OF).status
        is Status.ACHIEVED
    )


def test_the_derived_earlier_figure_gives_the_pace() -> None:
    # Only a change is stated: +12.8% on 2024 implies 2024's figure.
    indicator = make(
        {"kind": "absolute", "value": "5兆円", "deadline": "2030年"},
        obs("2025年", "約1.7兆円", changes=[{"by": "12.8%", "since": "2024年"}]),
    )
    result = evaluate(indicator, AS_OF)
    assert result.baseline is not None
    assert result.baseline.approximate
    assert float(result.baseline.magnitude) == pytest.approx(1.7 / 1.128, rel=1e-3)
    assert result.actual_rate == pytest.approx(0.128, abs=0.001)
