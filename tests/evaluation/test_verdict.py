"""The typed verdict of ``assess`` and the default sentences written from it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kpimodel import Evaluator, Indicator, Observation, Reason, Status
from kpimodel.evaluation import EvaluationContext, Verdict, default_sentences
from kpimodel.testing import check_evaluator

AS_OF = dt.date(2026, 3, 31)


class LatestOnly(Evaluator):
    """A minimal evaluator that gives no prose of its own."""

    method: str = "latest-only"

    def assess(
        self,
        indicator: Indicator,
        observations: Sequence[Observation],
        context: EvaluationContext,
    ) -> Verdict:
        if not observations:
            return Verdict(status=Status.NO_DATA, reason=Reason.NO_OBSERVATIONS)
        target = indicator.target.target_value()
        latest = observations[-1]
        met = target is not None and latest.bound is None and latest.value >= target
        return Verdict(
            status=Status.ACHIEVED if met else Status.BEHIND,
            reason=Reason.TARGET_MET if met else Reason.PACE_INSUFFICIENT,
            latest=latest,
            target_value=target,
        )


def indicator(value: str) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "x",
            "target": {"kind": "absolute", "value": "5兆円", "deadline": "2030年"},
            "observations": [{"period": "2025年", "value": value}],
        }
    )


def test_a_verdict_without_prose_gets_default_sentences_in_both_languages() -> None:
    result = LatestOnly().evaluate(indicator("6兆円"), as_of=AS_OF)
    assert result.status is Status.ACHIEVED
    assert result.explanation == (
        "Achieved for the absolute target: the latest figure meets the target "
        "(the latest figure is 6兆円 (2025); the target 5兆円 by 2030)."
    )
    assert result.explanation_ja == (
        "absoluteの目標は達成：最新値が目標を達成している（最新値6兆円（2025年）、目標5兆円（2030年まで））。"
    )
    assert result.target_value is not None


def test_an_evaluator_may_still_supply_its_own_sentence() -> None:
    verdict = Verdict(status=Status.BEHIND, reason="custom", explanation="Mine.")
    fields = verdict.fields(indicator("1兆円").target)
    assert fields["explanation"] == "Mine."
    assert "custom" in fields["explanation_ja"]  # an unknown reason is named as it is


def test_every_reason_has_a_default_sentence() -> None:
    target = indicator("1兆円").target
    for reason in Reason:
        en, ja = default_sentences(Verdict(status=reason.status, reason=reason), target)
        assert en.endswith(".")
        assert ja.endswith("。")
        assert reason.value not in en


def test_a_verdict_evaluator_passes_the_conformance_check() -> None:
    check_evaluator(LatestOnly(), kind="absolute")
