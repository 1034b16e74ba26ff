"""``kpimodel.testing.check_evaluator``: every built-in evaluator passes, broken ones fail."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from typing import Any, ClassVar

import pytest
from pydantic import ConfigDict

from kpimodel import (
    AbsoluteEvaluator,
    Evaluator,
    Indicator,
    KPIModelError,
    Observation,
    Reason,
    Status,
)
from kpimodel.evaluation import EvaluationContext, default_evaluators
from kpimodel.evaluation._base import ProgressEvaluator
from kpimodel.testing import ConformanceError, check_evaluator


def _variants() -> list[Evaluator]:
    found: list[Evaluator] = []
    for cls in default_evaluators().values():
        if issubclass(cls, ProgressEvaluator):
            for method, rate in itertools.product(
                ("pace", "path", "projection"), ("auto", "linear")
            ):
                found.append(cls(method=method, rate=rate))  # type: ignore[arg-type]
        else:
            found.append(cls())
    return found


@pytest.mark.parametrize("evaluator", _variants(), ids=repr)
def test_every_built_in_evaluator_conforms(evaluator: Evaluator) -> None:
    check_evaluator(evaluator)


def test_tuned_evaluators_conform() -> None:
    check_evaluator(AbsoluteEvaluator(on_track=0.8, moderate=0.4, window_years=3, stagnation=0.01))


def test_the_error_is_an_assertion_and_a_kpimodel_error() -> None:
    assert issubclass(ConformanceError, AssertionError)
    assert issubclass(ConformanceError, KPIModelError)


# -- broken evaluators -----------------------------------------------------------------------


class Sloppy(AbsoluteEvaluator):
    """A base for broken evaluators of absolute targets."""


class AlwaysAchieved(Sloppy):
    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        return {
            "status": Status.ACHIEVED,
            "reason": Reason.TARGET_MET,
            "explanation": "Yes.",
            "explanation_ja": "はい。",
        }


class UnitBound(Sloppy):
    """Compares raw magnitudes, ignoring units."""

    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        fields = super().assess(indicator, observations, context)
        if observations and observations[-1].value.magnitude > 1000:
            return {**fields, "status": Status.ACHIEVED, "reason": Reason.TARGET_MET}
        return fields


class OrderBound(Sloppy):
    """Takes the last observation as given, not the latest."""

    def select_observations(
        self, indicator: Indicator, context: EvaluationContext
    ) -> tuple[Observation, ...]:
        return tuple(
            o
            for o in indicator.observations
            if o.period is None or o.period.last_day <= context.as_of
        )


class Clairvoyant(Sloppy):
    """Sees observations after the as-of date."""

    def select_observations(
        self, indicator: Indicator, context: EvaluationContext
    ) -> tuple[Observation, ...]:
        return indicator.all_observations


_calls = itertools.count()


class Fickle(Sloppy):
    """Says something different every time."""

    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        fields = super().assess(indicator, observations, context)
        return {**fields, "explanation": f"{fields['explanation']} (call {next(_calls)})"}


class Mutable(Sloppy):
    model_config = ConfigDict(frozen=False, extra="forbid")


class WrongReason(Sloppy):
    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        fields = super().assess(indicator, observations, context)
        if fields["status"] is Status.BEHIND:
            return {**fields, "reason": Reason.TARGET_MET}
        return fields


class Monolingual(Sloppy):
    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        return {**super().assess(indicator, observations, context), "explanation_ja": " "}


class TupleParameters(Sloppy):
    """Records parameters that do not survive JSON (a tuple reads back as a list)."""

    def parameters(self) -> dict[str, Any]:
        return {"window": (1, 2)}


class Unstamped(Sloppy):
    def evaluate(self, indicator: Indicator, *, as_of: dt.date, **kwargs: Any) -> Any:
        result = super().evaluate(indicator, as_of=as_of, **kwargs)
        return result.model_copy(update={"as_of": dt.date(2000, 1, 1)})


class Crashes(Sloppy):
    def rate_kind(self, *args: Any) -> str:
        raise RuntimeError("unexpected")


@pytest.mark.parametrize(
    ("evaluator", "check", "says"),
    [
        (AlwaysAchieved(), "no-data", "no observations gave achieved (target-met), not no-data"),
        (UnitBound(), "units", "with every figure in another unit the result is"),
        (OrderBound(), "order", "observations in the order"),
        (Clairvoyant(), "as-of", "after the as-of date 2026-03-31 changed the result"),
        (Fickle(), "deterministic", "a second evaluation gave"),
        (Mutable(), "immutable", "the field 'method' can be assigned"),
        (WrongReason(), "result", "reason target-met belongs to achieved, not behind"),
        (Monolingual(), "result", "explanation_ja ' ' is empty"),
        (TupleParameters(), "json", "the result changes in a JSON round trip: parameters"),
        (
            Unstamped(),
            "result",
            "as_of is datetime.date(2000, 1, 1), not datetime.date(2026, 3, 31)",
        ),
        (Crashes(), "result", "evaluate() raised RuntimeError: unexpected"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Evaluator) else None,
)
def test_broken_evaluators_fail(evaluator: Evaluator, check: str, says: str) -> None:
    with pytest.raises(ConformanceError) as caught:
        check_evaluator(evaluator)
    error = caught.value
    assert error.check == check
    message = str(error)
    assert f"check {check!r} failed for {type(evaluator).__name__}(" in message
    assert says in message


def test_the_message_quotes_the_input() -> None:
    with pytest.raises(ConformanceError) as caught:
        check_evaluator(UnitBound())
    message = str(caught.value)
    assert re.search(r"\) on case '[\w-]+'\n", message), message
    assert "input (as of 2026-03-31): {" in message
    assert '"kind":"absolute"' in message
    assert "variant: {" in message


# -- custom kinds --------------------------------------------------------------------------


class CountEvaluator(Evaluator):
    """Counts figures known at the as-of date: on track once there are three (any kind)."""

    method: str = "count"

    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        if not observations:
            return self.no_data(Reason.NO_OBSERVATIONS, "No figure yet.", "数値がない。")
        status = Status.ON_TRACK if len(observations) >= 3 else Status.BEHIND
        reason = Reason.WITHIN_BOUND if status is Status.ON_TRACK else Reason.PACE_INSUFFICIENT
        return {
            "status": status,
            "reason": reason,
            "explanation": f"{len(observations)} figures.",
            "explanation_ja": f"{len(observations)}時点。",
            "latest": observations[-1],
        }


def test_an_evaluator_of_any_kind_needs_a_kind_or_cases() -> None:
    with pytest.raises(ValueError, match=r"declares no target kind; pass kind=\.\.\. or cases="):
        check_evaluator(CountEvaluator())
    check_evaluator(CountEvaluator(), kind="monitor")


def test_cases_for_a_kind_kpimodel_does_not_define() -> None:
    class Scores(CountEvaluator):
        target_kinds: ClassVar[tuple[str, ...]] = ("conformance-score",)

    with pytest.raises(ValueError, match="no built-in cases for the target kind"):
        check_evaluator(Scores())
    cases = [
        Indicator.model_validate(
            {
                "id": "scores",
                "observations": [
                    {"period": f"{y}年", "value": f"{n}件"}
                    for y, n in ((2023, 5), (2024, 7), (2025, 9))
                ],
            }
        )
    ]
    check_evaluator(CountEvaluator(), cases=cases)
    check_evaluator(CountEvaluator(), cases=cases, as_of=dt.date(2026, 3, 31))
