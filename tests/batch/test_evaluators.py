"""``evaluate_frame(..., evaluators=...)``: evaluator instances instead of parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kpimodel import AbsoluteEvaluator, RatioEvaluator, Reason, Status, evaluate
from kpimodel.batch import (
    KERNEL_EVALUATORS,
    OBJECT_EVALUATORS,
    SUPPORTED_KINDS,
    evaluate_frame,
    to_indicators,
)

pd = pytest.importorskip("pandas")

AS_OF = dt.date(2026, 3, 31)


def tables() -> tuple[Any, Any]:
    observations = pd.DataFrame(
        {
            "series": ["exports", "exports", "share", "share"],
            "period": ["2024年", "2025年", "2024年", "2025年"],
            "value": [1.5, 1.7, 40.0, 43.0],
        }
    )
    targets = pd.DataFrame(
        {
            "series": ["exports", "share"],
            "kind": ["absolute", "ratio"],
            "value": [5.0, 50.0],
            "unit": ["兆円", "%"],
            "deadline": ["2030年", "2030年"],
        }
    )
    return observations, targets


def test_supported_kinds_are_the_kernel_and_object_evaluators_kinds() -> None:
    classes = (*KERNEL_EVALUATORS, *OBJECT_EVALUATORS)
    assert tuple(cls.target_kinds[0] for cls in classes) == SUPPORTED_KINDS


def test_kinds_the_kernel_does_not_implement_are_evaluated_by_the_object_api() -> None:
    # Issue 14: a mixed table falls back by itself, one call, the object API's statuses.
    observations = pd.DataFrame(
        {
            "series": ["rank", "rank", "share", "share", "todo", "exports", "exports"],
            "period": [
                "2024年度",
                "2025年度",
                "2024年度",
                "2025年度",
                "2025年",
                "2024年",
                "2025年",
            ],
            "value": [3.0, 4.0, 72.0, 68.0, 5.0, 1.5, 1.7],
            "unit": ["位", "位", "%", "%", "件", "兆円", "兆円"],
        }
    )
    targets = pd.DataFrame(
        {
            "series": ["rank", "share", "todo", "exports"],
            "kind": ["maintain", "maintain", "pending", "absolute"],
            "value": [5.0, 70.0, None, 5.0],
            "unit": ["位", "%", "件", "兆円"],
            "deadline": ["2030年度", "2030年度", None, "2030年"],
        }
    )
    frame = evaluate_frame(observations, targets, as_of=AS_OF)
    indicators = to_indicators(observations, targets)
    for series, indicator in indicators.items():
        expected = evaluate(indicator, AS_OF)
        assert frame.loc[series, "status"] == expected.status.value, series
        assert frame.loc[series, "reason"] == str(expected.reason), series
    assert list(frame["reason"]) == [
        "within-bound",
        "bound-breached",
        "target-pending",
        "pace-insufficient",
    ]


def test_evaluator_instances_set_the_parameters_per_kind() -> None:
    observations, targets = tables()
    frame = evaluate_frame(
        observations,
        targets,
        as_of=AS_OF,
        evaluators={"absolute": AbsoluteEvaluator(on_track=0.5)},
    )
    assert frame.loc["exports", "status"] == Status.ON_TRACK  # R = 0.60 >= 0.5
    assert frame.loc["share", "status"] == Status.ON_TRACK  # default parameters
    strict = evaluate_frame(
        observations, targets, as_of=AS_OF, evaluators={"ratio": RatioEvaluator(on_track=9.0)}
    )
    assert strict.loc["share", "status"] == Status.BEHIND
    assert strict.loc["exports", "status"] == Status.BEHIND  # R = 0.60 < 0.95


class Lenient(AbsoluteEvaluator):
    """Redefines a hook: the kernel cannot know its rule."""

    def classify(self, pace: float) -> tuple[Status, Reason]:
        return Status.ON_TRACK, Reason.PACE_SUFFICIENT


def test_an_overridden_hook_goes_to_the_object_api() -> None:
    observations, targets = tables()
    frame = evaluate_frame(observations, targets, as_of=AS_OF, evaluators={"absolute": Lenient()})
    indicator = to_indicators(observations, targets)["exports"]
    assert (
        frame.loc["exports", "status"]
        == evaluate(indicator, AS_OF, evaluators={"absolute": Lenient()}).status
    )
    assert frame.loc["exports", "status"] == Status.ON_TRACK


def test_a_wrong_evaluator_or_kind_is_refused() -> None:
    observations, targets = tables()
    with pytest.raises(TypeError, match="AbsoluteEvaluator"):
        evaluate_frame(
            observations, targets, as_of=AS_OF, evaluators={"absolute": RatioEvaluator()}
        )
    with pytest.raises(ValueError, match="cumulative"):
        evaluate_frame(
            observations, targets, as_of=AS_OF, evaluators={"cumulative": AbsoluteEvaluator()}
        )
