"""Strict and non-strict comparisons on targets: "more than 90%" is not met by 90%."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import Direction, EvaluationError, InconsistentTargetError, Status
from kpimodel.evaluation import AbsoluteEvaluator, MaintainEvaluator
from kpimodel.model import AbsoluteTarget, MaintainTarget, RatioTarget, ReferenceRatioTarget
from kpimodel.units import parse_quantity

AS_OF = dt.date(2026, 1, 1)


def _program(target: str, figure: str = "90%", extra: str = "") -> kpimodel.Program:
    return kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        f"        title: k\n        target: {target}\n{extra}"
        f"        observations: [{{period: 2025年, value: '{figure}'}}]\n"
    )


def _evaluation(target: str, figure: str = "90%", extra: str = "") -> kpimodel.Evaluation:
    result = kpimodel.evaluate(_program(target, figure, extra), AS_OF)
    return result.kpis[0].indicators[0]


@pytest.mark.parametrize(
    ("written", "direction", "strict"),
    [
        ("90%超", Direction.HIGHER, True),
        ("more than 90%", Direction.HIGHER, True),
        ("> 90%", Direction.HIGHER, True),
        (">90%", Direction.HIGHER, True),
        ("＞90%", Direction.HIGHER, True),
        ("90%以上", Direction.HIGHER, False),
        ("at least 90%", Direction.HIGHER, False),
        ("≥ 90%", Direction.HIGHER, False),
        ("≧90%", Direction.HIGHER, False),
        (">= 90%", Direction.HIGHER, False),
        ("90%未満", Direction.LOWER, True),
        ("below 90%", Direction.LOWER, True),
        ("< 90%", Direction.LOWER, True),
        ("90%以下", Direction.LOWER, False),
        ("at most 90%", Direction.LOWER, False),
        ("≤90%", Direction.LOWER, False),
        ("≦ 90%", Direction.LOWER, False),
    ],
)
def test_a_comparison_in_the_value_sets_direction_and_strictness(
    written: str, direction: Direction, strict: bool
) -> None:
    target = RatioTarget.model_validate({"value": written, "deadline": "2030年"})
    assert target.value == parse_quantity("90%")
    assert (target.direction, target.strict) == (direction, strict)


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("{kind: ratio, value: 90%超, deadline: 2030年}", Status.NO_DATA),
        ("{kind: ratio, value: 90%以上, deadline: 2030年}", Status.ACHIEVED),
        ("{kind: ratio, value: 90%, deadline: 2030年}", Status.ACHIEVED),
        ("{kind: ratio, value: '> 90%', deadline: 2030年}", Status.NO_DATA),
        ("{kind: ratio, value: 90%未満, deadline: 2030年}", Status.NO_DATA),
        ("{kind: ratio, value: 90%以下, deadline: 2030年}", Status.ACHIEVED),
    ],
)
def test_exactly_the_value_meets_only_a_non_strict_target(target: str, status: Status) -> None:
    # One figure and no baseline: a target not met cannot be paced (no-data).
    assert _evaluation(target).status is status


def test_the_explanation_names_the_strict_comparison() -> None:
    evaluation = _evaluation("{kind: ratio, value: 90%超, deadline: 2030年}")
    assert "does not meet the target of more than 90% by 2030" in evaluation.explanation
    assert "90%超" in evaluation.explanation_ja
    met = _evaluation("{kind: ratio, value: 90%超, deadline: 2030年}", "91%")
    assert met.status is Status.ACHIEVED
    assert "meets the target of more than 90% by 2030" in met.explanation
    assert "目標（2030年までに90%超）を達成" in met.explanation_ja


def test_past_the_deadline_exactly_the_value_misses_a_strict_target() -> None:
    evaluation = (
        kpimodel.evaluate(
            _program("{kind: absolute, value: 100件超, deadline: 2024年}", "100件"), AS_OF
        )
        .kpis[0]
        .indicators[0]
    )
    assert (evaluation.status, str(evaluation.reason)) == (Status.BEHIND, "deadline-missed")
    assert "of more than 100件" in evaluation.explanation


def test_a_bound_meets_a_strict_target_only_when_every_figure_it_allows_does() -> None:
    target = "{kind: ratio, value: 90%超, deadline: 2030年}"
    assert _evaluation(target, "90%超").status is Status.ACHIEVED  # every figure > 90%
    assert _evaluation(target, "90%以上").status is not Status.ACHIEVED  # 90% itself allowed
    assert _evaluation(target, "91%以上").status is Status.ACHIEVED
    lower = "{kind: ratio, value: 9%未満, deadline: 2030年}"
    assert _evaluation(lower, "9%未満").status is Status.ACHIEVED
    assert _evaluation(lower, "9%以下").status is not Status.ACHIEVED


def test_a_contradicting_direction_or_strict_is_an_error() -> None:
    with pytest.raises(InconsistentTargetError, match="direction is 'lower'"):
        _program("{kind: ratio, value: 90%超, direction: lower, deadline: 2030年}")
    with pytest.raises(InconsistentTargetError, match="strict is False"):
        _program("{kind: ratio, value: '> 90%', strict: false, deadline: 2030年}")
    # Agreeing statements are fine.
    _program("{kind: ratio, value: 90%超, direction: higher, strict: true, deadline: 2030年}")


def test_strict_is_a_field_of_its_own_too() -> None:
    target = AbsoluteTarget(value=parse_quantity("5兆円"), strict=True)
    assert target.strict
    program = _program("{kind: absolute, value: 5兆円, strict: true, deadline: 2030年}", "5兆円")
    evaluation = kpimodel.evaluate(program, AS_OF).kpis[0].indicators[0]
    assert evaluation.status is not Status.ACHIEVED


def test_kinds_without_a_strict_comparison_refuse_it() -> None:
    with pytest.raises(kpimodel.SchemaError, match="unknown key 'strict'"):
        _program("{kind: trend, strict: true, deadline: 2030年}")


def test_maintain_above_a_level_strictly() -> None:
    extra = ""
    stays = _evaluation("{kind: maintain, value: 90%超, deadline: 2030年}", "91%", extra)
    assert stays.status is Status.ON_TRACK
    at = _evaluation("{kind: maintain, value: 90%超, deadline: 2030年}", "90%", extra)
    assert at.status is Status.BEHIND
    assert "more than 90%" in at.explanation
    assert MaintainTarget.model_validate({"value": "5位以下"}).direction is Direction.LOWER


def test_reference_ratio_takes_a_comparison() -> None:
    target = ReferenceRatioTarget.model_validate({"reference": "eu", "value": "100%超"})
    assert target.strict
    assert target.direction is Direction.HIGHER


@pytest.mark.parametrize(
    ("written", "bound"),
    [("> 90%", "above"), ("≥90%", "at_least"), ("< 9%", "below"), ("≦9%", "at_most")],
)
def test_an_observation_reads_a_comparison_sign_as_its_bound(written: str, bound: str) -> None:
    from kpimodel.model import Observation

    observation = Observation.model_validate({"period": "2025年", "value": written})
    assert observation.bound is not None
    assert observation.bound.value == bound


def test_the_description_and_the_row_show_the_comparison() -> None:
    evaluation = _evaluation("{kind: ratio, value: 90%超, deadline: 2030年}", "91%")
    (row,) = kpimodel.to_csv(evaluation).splitlines()[1:]
    assert "> 90% by 2030" in row
    text = kpimodel.to_csv(evaluation, lang="ja")
    assert "2030年までに90%超" in text


def test_a_strict_target_round_trips_through_both_document_styles() -> None:
    program = _program("{kind: ratio, value: 90%超, deadline: 2030年}")
    for style in ("compact", "full"):
        again = kpimodel.loads(kpimodel.dumps(program, style=style))
        assert again == program, style


class _Tolerant(AbsoluteEvaluator):
    """An override written before strict targets existed: no ``strict`` argument."""

    def is_achieved(self, latest: Any, target_value: Any, direction: Any) -> Any:  # type: ignore[override]
        lower = target_value.model_copy(update={"magnitude": target_value.magnitude * 99 / 100})
        return super().is_achieved(latest, lower, direction)


def test_an_override_without_strict_is_refused_for_strict_targets_only() -> None:
    evaluators = {"absolute": _Tolerant()}
    plain = _program("{kind: absolute, value: 100件, deadline: 2030年}", "99件")
    result = kpimodel.evaluate(plain, AS_OF, evaluators=evaluators)
    assert result.kpis[0].status is Status.ACHIEVED
    strict = _program("{kind: absolute, value: 100件超, deadline: 2030年}", "99件")
    with pytest.raises(EvaluationError, match="takes no 'strict' argument"):
        kpimodel.evaluate(strict, AS_OF, evaluators=evaluators)


class _MaintainTolerant(MaintainEvaluator):
    def inside(self, value: Any, bound: Any, direction: Any) -> bool:  # type: ignore[override]
        return bool(super().inside(value, bound, direction))


def test_a_maintain_override_without_strict_is_refused_for_strict_bounds() -> None:
    strict = _program("{kind: maintain, value: 90%超, deadline: 2030年}", "91%")
    with pytest.raises(EvaluationError, match="takes no 'strict' argument"):
        kpimodel.evaluate(strict, AS_OF, evaluators={"maintain": _MaintainTolerant()})


_FIGURES = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False)


@given(figure=_FIGURES, goal=_FIGURES, higher=st.booleans(), strict=st.booleans())
def test_met_is_exactly_the_comparison_the_target_states(
    figure: Decimal, goal: Decimal, higher: bool, strict: bool
) -> None:
    from kpimodel.evaluation._base import meets
    from kpimodel.model import Observation

    observation = Observation.model_validate({"period": "2025年", "value": f"{figure}件"})
    direction = Direction.HIGHER if higher else Direction.LOWER
    met = meets(observation, parse_quantity(f"{goal}件"), direction, strict=strict) is not None
    if higher:
        assert met == (figure > goal if strict else figure >= goal)
    else:
        assert met == (figure < goal if strict else figure <= goal)
