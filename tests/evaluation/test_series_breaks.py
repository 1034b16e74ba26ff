"""Series breaks: rates and projections never span a figure marked series_break."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import Status
from kpimodel.evaluation import Reason

AS_OF = dt.date(2026, 3, 31)
# The EU's SME digital-intensity figures alternate questionnaires: 55, 69, 58, 73%.
_SME = (
    "[{period: 2021年, value: 55%}, {period: 2022年, value: 69%}, "
    "{period: 2023年, value: 58%, series_break: true}, {period: 2024年, value: 73%}]"
)


def _evaluation(target: str, observations: str = _SME) -> kpimodel.Evaluation:
    program = kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        f"        title: k\n        target: {target}\n        observations: {observations}\n"
    )
    return kpimodel.evaluate(program, AS_OF).kpis[0].indicators[0]


def test_rates_start_at_the_break() -> None:
    result = _evaluation("{kind: ratio, value: 90%, deadline: 2030年}")
    assert str(result.baseline_period) == "2023年"
    assert result.actual_rate is not None
    assert abs(result.actual_rate - 15) < 1e-9  # 58% -> 73%, not 55% -> 73%
    assert "The series breaks in 2023: earlier figures are not compared with it." in (
        result.explanation
    )
    assert "系列が断絶" in result.explanation_ja


def test_a_baseline_before_the_break_is_not_used() -> None:
    baseline = "baseline: {value: 40%, period: 2020年}"
    result = _evaluation(f"{{kind: ratio, value: 90%, deadline: 2030年, {baseline}}}")
    assert str(result.baseline_period) == "2023年"


def test_a_direction_only_trend_is_judged_on_the_new_series() -> None:
    falling = (
        "[{period: 2021年, value: 90%}, {period: 2023年, value: 40%, series_break: true}, "
        "{period: 2024年, value: 45%}]"
    )
    result = _evaluation("{kind: trend}", falling)
    assert result.reason is Reason.TREND_FAVOURABLE  # 40% -> 45%, not 90% -> 45%
    assert "series breaks in 2023" in result.explanation


def test_a_change_from_an_old_baseline_cannot_be_judged_across_a_break() -> None:
    baseline = "baseline: {value: 50%, period: 2020年}"
    target = f"{{kind: trend, change: +20ポイント, deadline: 2030年, {baseline}}}"
    result = _evaluation(target)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NOT_ASSESSABLE)
    assert "measured from a baseline before the break" in result.explanation


def test_a_change_without_a_baseline_is_measured_from_the_break() -> None:
    result = _evaluation("{kind: trend, change: +20ポイント, deadline: 2030年}")
    assert str(result.baseline_period) == "2023年"
    assert result.target_value == kpimodel.parse_quantity("78%")


def test_a_break_round_trips() -> None:
    program = kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        f"        title: k\n        target: {{kind: trend}}\n        observations: {_SME}\n"
    )
    for style in ("compact", "full"):
        assert kpimodel.loads(kpimodel.dumps(program, style=style)) == program


@given(
    before=st.lists(st.integers(0, 100), min_size=1, max_size=4),
    after=st.lists(st.integers(0, 100), min_size=2, max_size=4),
)
def test_figures_before_the_break_never_change_the_result(
    before: list[int], after: list[int]
) -> None:
    years = iter(range(2010, 2030))
    old = [f"{{period: {next(years)}年, value: {v}%}}" for v in before]
    new = [f"{{period: {next(years)}年, value: {v}%}}" for v in after]
    new[0] = new[0].replace("}", ", series_break: true}")
    with_old = _evaluation(
        "{kind: ratio, value: 90%, deadline: 2040年}", f"[{', '.join(old + new)}]"
    )
    alone = _evaluation("{kind: ratio, value: 90%, deadline: 2040年}", f"[{', '.join(new)}]")
    assert (with_old.status, with_old.reason, with_old.pace) == (
        alone.status,
        alone.reason,
        alone.pace,
    )
