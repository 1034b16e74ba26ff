"""Completion targets: a measure done, or not, by its deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpimodel import (
    CompletionEvaluator,
    InconsistentTargetError,
    Indicator,
    Reason,
    SchemaError,
    Status,
    evaluate,
)
from kpimodel.model import CompletionState
from kpimodel.testing import check_evaluator


def make(deadline: str, *reports: tuple[str, str]) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "measure",
            "target": {
                "kind": "completion",
                "deadline": deadline,
                "reports": [{"period": p, "status": s} for p, s in reports],
            },
        }
    )


def judged(indicator: Indicator, as_of: str) -> tuple[Status, str]:
    result = evaluate(indicator, dt.date.fromisoformat(as_of))
    return result.status, str(result.reason)


def test_conformance() -> None:
    check_evaluator(CompletionEvaluator())


@pytest.mark.parametrize(
    ("reports", "as_of", "expected"),
    [
        # done by the deadline (FY2027 ends 2028-03-31)
        ([("2025年度", "実施中"), ("2027年度", "完了")], "2028-06-30", ("achieved", "completed")),
        ([("2025年度", "done")], "2026-06-30", ("achieved", "completed")),
        # first reported done after the deadline
        (
            [("2027年度", "実施中"), ("2028年度", "実施済み")],
            "2029-06-30",
            ("achieved", "completed-late"),
        ),
        # before the deadline
        ([("2025年度", "実施中")], "2026-06-30", ("on-track", "in-progress")),
        ([("2025年度", "未着手")], "2026-06-30", ("no-data", "not-started")),
        # after the deadline, a report covering it says not done
        ([("2027年度", "in progress")], "2028-06-30", ("behind", "not-completed")),
        ([("2027年度", "未着手")], "2028-06-30", ("behind", "not-completed")),
        # after the deadline, no report covers it
        ([("2025年度", "実施中")], "2028-06-30", ("no-data", "unreported-at-deadline")),
        # nothing known
        ([], "2026-06-30", ("no-data", "no-observations")),
        # a report counts once its period has ended
        ([("2026年度", "完了")], "2026-06-30", ("no-data", "no-observations")),
    ],
)
def test_rules(reports: list[tuple[str, str]], as_of: str, expected: tuple[str, str]) -> None:
    status, reason = judged(make("2027年度", *reports), as_of)
    assert (status.value, reason) == expected
    assert Reason(reason).status is status


def test_an_old_in_progress_report_is_stale() -> None:
    indicator = make("2040年度", ("2020年度", "実施中"))
    assert judged(indicator, "2030-06-30") == (Status.NO_DATA, "stale")
    assert (
        evaluate(
            indicator,
            dt.date(2030, 6, 30),
            evaluators={"completion": CompletionEvaluator(stale_after=None)},
        ).reason
        == Reason.IN_PROGRESS
    )


def test_a_done_report_is_never_stale() -> None:
    assert judged(make("2027年度", ("2020年度", "完了")), "2045-01-01") == (
        Status.ACHIEVED,
        "completed",
    )


def test_explanations_quote_the_report_and_the_deadline() -> None:
    result = evaluate(make("2027年度", ("2025年度", "実施中")), dt.date(2026, 6, 30))
    assert result.explanation == (
        "In progress before the deadline FY2027: the latest report (FY2025) says in progress."
    )
    assert result.explanation_ja == "期限2027年度の前で実施中（最新の報告：2025年度）。"
    late = evaluate(make("2024年度", ("2024年度", "未着手")), dt.date(2026, 6, 30))
    assert "not done in time" in late.explanation
    assert "期限までに完了していない" in late.explanation_ja


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("done", CompletionState.DONE),
        ("Completed", CompletionState.DONE),
        ("完了", CompletionState.DONE),
        ("実施済み", CompletionState.DONE),
        ("ｄｏｎｅ", CompletionState.DONE),
        ("in progress", CompletionState.IN_PROGRESS),
        ("In-Progress", CompletionState.IN_PROGRESS),
        ("実施中", CompletionState.IN_PROGRESS),
        ("not started", CompletionState.NOT_STARTED),
        ("未着手", CompletionState.NOT_STARTED),
    ],
)
def test_the_state_words(word: str, state: CompletionState) -> None:
    indicator = make("2027年度", ("2025年度", word))
    assert indicator.target.reports[0].status is state  # type: ignore[attr-defined]


@pytest.mark.parametrize("word", ["almost done", "ほぼ完了", "50%", "", "yes", "true"])
def test_other_words_are_located_errors(word: str) -> None:
    with pytest.raises(SchemaError) as caught:
        make("2027年度", ("2025年度", word))
    assert caught.value.field == "target.reports.0.status"
    assert "完了" in str(caught.value)


def test_a_done_measure_is_not_undone() -> None:
    with pytest.raises(InconsistentTargetError) as caught:
        make("2027年度", ("2024年度", "完了"), ("2025年度", "実施中"))
    assert caught.value.field == "target.reports.1.status"


def test_reports_repeat_no_period() -> None:
    with pytest.raises(InconsistentTargetError, match="two completion reports"):
        make("2027年度", ("2024年度", "実施中"), ("2024年度", "実施中"))


def test_a_completion_target_needs_a_deadline() -> None:
    with pytest.raises(SchemaError) as caught:
        Indicator.model_validate({"id": "m", "target": {"kind": "completion"}})
    assert "deadline" in str(caught.value)


def test_figures_are_refused_on_a_completion_target() -> None:
    with pytest.raises(InconsistentTargetError) as caught:
        Indicator.model_validate(
            {
                "id": "m",
                "target": {"kind": "completion", "deadline": "2027年度"},
                "observations": [{"period": "2025年度", "value": "3件"}],
            }
        )
    assert caught.value.field == "observations"
    assert "reports" in str(caught.value)


def test_a_baseline_is_refused() -> None:
    with pytest.raises(InconsistentTargetError):
        Indicator.model_validate(
            {
                "id": "m",
                "target": {
                    "kind": "completion",
                    "deadline": "2027年度",
                    "baseline": {"value": "0件", "period": "2020年度"},
                },
            }
        )


def test_cabinet_rates_completion_f() -> None:
    indicator = make("2027年度", ("2025年度", "実施中"))
    result = evaluate(indicator, dt.date(2026, 6, 30), preset="cabinet")
    assert result.status is Status.ON_TRACK
    assert result.rating is not None
    assert result.rating.value == "F"
    behind = evaluate(
        make("2024年度", ("2024年度", "未着手")), dt.date(2026, 6, 30), preset="cabinet"
    )
    assert behind.rating is not None
    assert behind.rating.value == "F"
    none = evaluate(make("2027年度"), dt.date(2026, 6, 30), preset="cabinet")
    assert none.rating is not None
    assert none.rating.value == "N"


# -- properties ------------------------------------------------------------------------------

_YEARS = st.integers(min_value=2000, max_value=2060)
_STATES = st.sampled_from(list(CompletionState))


@st.composite
def _indicators(draw: Any) -> tuple[Indicator, int]:
    deadline = draw(_YEARS)
    years = sorted(draw(st.sets(_YEARS, min_size=0, max_size=6)))
    states = [draw(_STATES) for _ in years]
    # Once done, always done.
    for index, state in enumerate(states):
        if state is CompletionState.DONE:
            states[index:] = [CompletionState.DONE] * (len(states) - index)
            break
    reports = [(f"{y}年度", s.value) for y, s in zip(years, states, strict=True)]
    return make(f"{deadline}年度", *reports), deadline


_AS_OF = st.dates(min_value=dt.date(1999, 1, 1), max_value=dt.date(2075, 12, 31))


@given(_YEARS, _YEARS, _AS_OF)
def test_done_by_the_deadline_is_achieved_whatever_the_as_of(
    done: int, deadline: int, as_of: dt.date
) -> None:
    if done > deadline:
        done, deadline = deadline, done
    indicator = make(f"{deadline}年度", (f"{done}年度", "完了"))
    result = evaluate(indicator, as_of)
    if as_of >= dt.date(done + 1, 3, 31):  # the report's fiscal year has ended
        assert (result.status, result.reason) == (Status.ACHIEVED, Reason.COMPLETED)
    else:
        assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)


@given(_indicators(), _AS_OF)
def test_every_result_is_consistent(case: tuple[Indicator, int], as_of: dt.date) -> None:
    indicator, deadline = case
    result = evaluate(indicator, as_of)
    assert Reason(result.reason).status is result.status
    known = [r for r in indicator.target.reports if r.period.last_day <= as_of]  # type: ignore[attr-defined]
    passed = as_of > dt.date(deadline + 1, 3, 31)
    if any(r.status is CompletionState.DONE for r in known):
        assert result.status is Status.ACHIEVED
    elif not known:
        assert result.reason is Reason.NO_OBSERVATIONS
    elif passed:
        # Never on track once the deadline has passed without a done report.
        assert result.status in (Status.BEHIND, Status.NO_DATA)
    else:
        # Never behind before the deadline.
        assert result.status in (Status.ON_TRACK, Status.NO_DATA)
    assert result.explanation
    assert result.explanation_ja


@given(_indicators(), _AS_OF, st.randoms())
def test_the_order_of_reports_does_not_matter(
    case: tuple[Indicator, int], as_of: dt.date, rng: Any
) -> None:
    indicator, _ = case
    reports = list(indicator.target.reports)  # type: ignore[attr-defined]
    rng.shuffle(reports)
    shuffled = Indicator.model_validate(
        {**indicator.model_dump(), "target": {**indicator.target.model_dump(), "reports": reports}}
    )
    first, second = evaluate(indicator, as_of), evaluate(shuffled, as_of)
    assert (first.status, first.reason, first.explanation) == (
        second.status,
        second.reason,
        second.explanation,
    )


def test_the_deciding_report_is_in_the_result_and_every_output() -> None:
    import json

    import kpimodel

    program = kpimodel.loads(
        "title: t\nas_of: '2026-06-30'\nthemes:\n- id: a\n  title: a\n  kpis:\n"
        "  - id: k\n    title: k\n    target:\n      kind: completion\n"
        "      deadline: 2027年度\n      reports:\n"
        "        - {period: 2025年度, status: 実施中, source: 設計中。}\n"
    )
    result = evaluate(program)
    indicator = result.kpis[0].indicators[0]
    assert indicator.report is not None
    assert indicator.report.source == "設計中。"
    data = json.loads(kpimodel.to_json(result))["kpis"][0]["indicators"][0]
    assert data["report"]["status"] == "in-progress"
    assert data["target_text"] == "done by FY2027"
    assert data["target_text_ja"] == "2027年度までに完了"
    table = kpimodel.to_table(result)
    assert "done by FY2027" in table
    assert "in progress (FY2025)" in table
    assert "実施中（2025年度）" in kpimodel.to_table(result, lang="ja")
    rows = kpimodel.to_csv(result).splitlines()
    assert ",completion,done by FY2027," in rows[1]
    assert "done by FY2027" in kpimodel.to_html(result)
    assert "in progress (FY2025)" in kpimodel.to_html(result)
