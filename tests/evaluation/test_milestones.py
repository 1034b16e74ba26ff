"""Milestones: interim targets, each judged; the next one due sets the pace."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import InconsistentTargetError, Milestone, Status
from kpimodel.evaluation import MilestoneState, Reason

_TREND = (
    "{kind: trend, change: -50%, direction: lower, deadline: 2030年度, "
    "baseline: {value: 1200万t, period: 2019年度}, "
    "milestones: [{deadline: 2024年度, change: -20%}]}"
)
_ABSOLUTE = (
    "{kind: absolute, value: '1,000件', deadline: 2027年, "
    "milestones: [{deadline: 2025年, value: 500件}, {deadline: 2026年, value: 700件}]}"
)


def _program(target: str, observations: str) -> kpimodel.Program:
    return kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        f"        title: k\n        target: {target}\n        observations: {observations}\n"
    )


def _evaluation(target: str, observations: str, as_of: dt.date) -> kpimodel.Evaluation:
    return kpimodel.evaluate(_program(target, observations), as_of).kpis[0].indicators[0]


def test_before_the_milestone_the_pace_runs_to_it() -> None:
    result = _evaluation(
        _TREND, "[{period: 2021年度, value: 1100万t}, {period: 2022年度, value: 1050万t}]",
        dt.date(2023, 6, 30),
    )  # fmt: skip
    assert result.status is Status.ON_TRACK
    assert result.reason is Reason.PACE_SUFFICIENT
    assert result.milestone is not None
    assert str(result.milestone.deadline) == "2024年度"
    assert result.target_value == kpimodel.parse_quantity("960万t")
    assert result.explanation.startswith("Judged against the next milestone, at most")
    assert result.explanation_ja.startswith("次の中間目標")
    assert [c.state for c in result.milestones] == [MilestoneState.NEXT]
    # The row says which deadline the figures run to.
    (row,) = kpimodel.to_csv(result).splitlines()[1:]
    assert "2024年度" in row


def test_a_missed_milestone_not_caught_up_is_behind() -> None:
    figures = "[{period: 2022年度, value: 1050万t}, {period: 2024年度, value: 990万t}]"
    result = _evaluation(_TREND, figures, dt.date(2025, 6, 30))
    assert (result.status, result.reason) == (Status.BEHIND, Reason.MILESTONE_MISSED)
    assert [c.state for c in result.milestones] == [MilestoneState.MISSED]
    assert result.milestones[0].figure is not None
    assert "was missed" in result.explanation
    assert "未達" in result.explanation_ja


def test_a_missed_milestone_caught_up_since_is_recovered_and_the_target_decides() -> None:
    figures = (
        "[{period: 2022年度, value: 1050万t}, {period: 2024年度, value: 990万t}, "
        "{period: 2025年度, value: 900万t}]"
    )
    result = _evaluation(_TREND, figures, dt.date(2026, 6, 30))
    assert [c.state for c in result.milestones] == [MilestoneState.RECOVERED]
    assert result.reason is not Reason.MILESTONE_MISSED
    assert result.milestone is None  # judged against the target itself
    assert str(result.deadline) == "2030年度"


def test_meeting_the_next_milestone_is_on_track_not_achieved() -> None:
    result = _evaluation(
        _ABSOLUTE, "[{period: 2023年, value: 300件}, {period: 2024年, value: 520件}]",
        dt.date(2025, 3, 1),
    )  # fmt: skip
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.MILESTONE_MET)
    assert [c.state for c in result.milestones] == [MilestoneState.NEXT, MilestoneState.LATER]
    assert result.attainment is None or result.attainment.kind != "met"


def test_the_target_met_is_achieved_whatever_the_milestones() -> None:
    result = _evaluation(
        _ABSOLUTE, "[{period: 2024年, value: 300件}, {period: 2026年, value: '1,200件'}]",
        dt.date(2027, 3, 1),
    )  # fmt: skip
    assert result.status is Status.ACHIEVED
    # 2025's milestone was judged by 2024's 300件 (missed, then caught up); 2026's by the
    # 2026 figure itself.
    assert [c.state for c in result.milestones] == [MilestoneState.RECOVERED, MilestoneState.MET]


def test_no_figure_before_a_milestone_is_unknown_not_missed() -> None:
    early = _evaluation(_ABSOLUTE, "[{period: 2026年1月, value: 650件}]", dt.date(2026, 2, 1))
    assert early.milestones[0].state is MilestoneState.UNKNOWN
    assert early.reason is not Reason.MILESTONE_MISSED


def test_past_the_deadline_the_target_decides() -> None:
    result = _evaluation(
        _ABSOLUTE, "[{period: 2024年, value: 600件}, {period: 2027年, value: 900件}]",
        dt.date(2028, 3, 1),
    )  # fmt: skip
    assert (result.status, result.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)
    assert [c.state for c in result.milestones] == [MilestoneState.MET, MilestoneState.RECOVERED]


_T = "{kind: absolute, value: 10件, deadline: 2030年, milestones: "


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("{kind: absolute, value: 10件, milestones: [{deadline: 2025年, value: 5件}]}",
         "need the target's own deadline"),
        ("{kind: absolute, value: 10件, deadline: 2025年, "
         "milestones: [{deadline: 2026年, value: 5件}]}",
         "is not before the target's deadline"),
        (_T + "[{deadline: 2026年, value: 5件}, {deadline: 2025年, value: 3件}]}",
         "in order of their deadlines"),
        (_T + "[{deadline: 2026年}]}",
         "either a value or a change"),
        (_T + "[{deadline: 2026年, change: -5%}]}",
         "states a value"),
        (_T + "[{deadline: 2026年, value: 5人}]}",
         "not in a unit compatible"),
        ("{kind: trend, deadline: 2030年, milestones: [{deadline: 2026年, change: -5%}]}",
         "without a change"),
    ],
)  # fmt: skip
def test_milestones_the_rule_cannot_judge_are_refused(target: str, message: str) -> None:
    with pytest.raises(kpimodel.KPIModelError, match=message):
        _program(target, "[]")


def test_milestones_round_trip_and_describe() -> None:
    program = _program(_ABSOLUTE, "[{period: 2024年, value: 520件}]")
    for style in ("compact", "full"):
        assert kpimodel.loads(kpimodel.dumps(program, style=style)) == program
    result = kpimodel.evaluate(program, dt.date(2025, 3, 1))
    text = kpimodel.to_csv(result)
    assert "(milestones: 500件 by 2025, 700件 by 2026)" in text
    assert "（中間目標：2025年までに500件、2026年までに700件）" in kpimodel.to_csv(
        result, lang="ja"
    )
    assert "milestones" in kpimodel.to_json(result)


def test_a_milestone_needs_a_figure() -> None:
    with pytest.raises(InconsistentTargetError):
        Milestone.model_validate({"deadline": "2025年"})


def test_the_batch_api_refuses_milestones() -> None:
    pd = pytest.importorskip("pandas")
    from kpimodel.batch import evaluate_frame

    observations = pd.DataFrame({"series": ["a"], "period": ["2024年"], "value": [5.0]})
    targets = pd.DataFrame(
        {"series": ["a"], "kind": ["absolute"], "value": [10.0], "unit": ["件"],
         "deadline": ["2030年"], "milestones": [[{"deadline": "2026年", "value": "7件"}]]}
    )  # fmt: skip
    with pytest.raises(kpimodel.InputError, match="milestones"):
        evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))


@given(
    figure=st.integers(min_value=0, max_value=2000),
    year=st.integers(min_value=2024, max_value=2028),
)
def test_never_achieved_short_of_the_target_and_never_behind_for_a_milestone_met(
    figure: int, year: int
) -> None:
    # One figure a year before the as-of date: achieved exactly when it meets 1,000件;
    # before the deadline, behind for a milestone only when a due milestone was missed.
    program = _program(_ABSOLUTE, f"[{{period: {year - 1}年, value: {figure}件}}]")
    result = kpimodel.evaluate(program, dt.date(year, 3, 1)).kpis[0].indicators[0]
    assert (result.status is Status.ACHIEVED) == (figure >= 1000)
    if result.reason is Reason.MILESTONE_MISSED:
        assert any(c.state is MilestoneState.MISSED for c in result.milestones)
        assert all(
            figure < c.value.magnitude
            for c in result.milestones
            if c.state is MilestoneState.MISSED
        )
