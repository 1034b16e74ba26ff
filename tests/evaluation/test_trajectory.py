"""Published trajectories: the owner's path replaces the computed one for `expected`."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import RatioEvaluator, Status
from kpimodel.evaluation import Reason
from kpimodel.model import Indicator

_TARGET = (
    "{kind: ratio, value: 80%, deadline: 2028年度, baseline: {value: 40%, period: 2022年度}, "
    "trajectory: [{period: 2024年度, value: 50%}, {period: 2026年度, value: 65%}]}"
)


def _indicator(target: str, figures: str) -> Indicator:
    return Indicator.model_validate(
        kpimodel.loads(
            "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
            f"        title: k\n        target: {target}\n        observations: {figures}\n"
        )
        .kpi("k")
        .indicators[0]
    )


def _path(indicator: Indicator) -> kpimodel.Evaluation:
    return RatioEvaluator(method="path").evaluate(indicator, as_of=dt.date(2026, 3, 31))


def test_the_published_figure_for_the_latest_period_is_the_expected_value() -> None:
    with_path = _indicator(_TARGET, "[{period: 2024年度, value: 52%}]")
    result = _path(with_path)
    assert result.expected == kpimodel.parse_quantity("50%")
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.ON_PATH)
    assert "published trajectory (50% for FY2024)" in result.explanation
    assert "公表された軌道" in result.explanation_ja
    # Without the trajectory the computed linear path expects 53.33%: below it.
    plain = _indicator(_TARGET.split(", trajectory")[0] + "}", "[{period: 2024年度, value: 52%}]")
    assert _path(plain).reason is Reason.BELOW_PATH


def test_between_published_figures_the_path_is_a_straight_line() -> None:
    result = _path(_indicator(_TARGET, "[{period: 2025年度, value: 55%}]"))
    assert result.expected is not None
    assert float(result.expected.magnitude) == pytest.approx(57.5)
    assert "between its published figures" in result.explanation


def test_after_the_last_published_figure_the_line_runs_to_the_target() -> None:
    result = RatioEvaluator(method="path").evaluate(
        _indicator(_TARGET, "[{period: 2027年度, value: 70%}]"), as_of=dt.date(2028, 4, 30)
    )
    assert result.expected is not None
    # From 65% (FY2026) to 80% (FY2028): 72.5% in FY2027.
    assert float(result.expected.magnitude) == pytest.approx(72.5)


@pytest.mark.parametrize(
    ("trajectory", "message"),
    [
        ("[{period: 2029年度, value: 70%}]", "after the deadline"),
        ("[{period: 2026年度, value: 65%}, {period: 2024年度, value: 50%}]", "must be in order"),
        ("[{period: 2024年度, value: 50件}]", "not in a unit compatible"),
    ],
)
def test_a_trajectory_the_rule_cannot_follow_is_refused(trajectory: str, message: str) -> None:
    target = f"{{kind: ratio, value: 80%, deadline: 2028年度, trajectory: {trajectory}}}"
    with pytest.raises(kpimodel.KPIModelError, match=message):
        _indicator(target, "[]")


def test_a_trajectory_round_trips() -> None:
    program = kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        f"        title: k\n        target: {_TARGET}\n"
    )
    for style in ("compact", "full"):
        assert kpimodel.loads(kpimodel.dumps(program, style=style)) == program


@given(figure=st.integers(min_value=0, max_value=100), year=st.integers(2023, 2027))
def test_the_pace_ratio_does_not_depend_on_the_trajectory(figure: int, year: int) -> None:
    figures = f"[{{period: {year}年度, value: {figure}%}}]"
    plain = _indicator(_TARGET.split(", trajectory")[0] + "}", figures)
    with_path = _indicator(_TARGET, figures)
    as_of = dt.date(2028, 4, 30)
    a = RatioEvaluator().evaluate(plain, as_of=as_of)
    b = RatioEvaluator().evaluate(with_path, as_of=as_of)
    assert (a.status, a.reason, a.pace) == (b.status, b.reason, b.pace)
