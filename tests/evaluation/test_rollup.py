"""Roll-up: indicator statuses into a KPI status, KPI statuses into theme and program counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kpimodel import (
    KPI,
    Evaluation,
    Program,
    RollUp,
    Status,
    StatusCounts,
    evaluate,
)
from kpimodel.evaluation import roll_up

AS_OF = dt.date(2026, 3, 31)


def result(status: Status, name: str = "x") -> Evaluation:
    return Evaluation(
        kpi_id="k",
        indicator_id=name,
        target_kind="absolute",
        status=status,
        reason=f"{status.value}-reason",
        explanation=f"{name} is {status.value}.",
        explanation_ja=f"{name}は{status.label_ja}。",
        as_of=AS_OF,
        method="test",
    )


A, T, B, N = Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.NO_DATA  # T: on track


@pytest.mark.parametrize(
    ("statuses", "worst", "best", "all_assessed"),
    [
        ([A, T, B], B, A, B),
        ([A, T], T, A, T),
        ([A, N], A, A, N),
        ([T, N, B], B, T, N),
        ([N, N], N, N, N),
        ([A], A, A, A),
        ([N], N, N, N),
    ],
)
def test_rules(statuses: list[Status], worst: Status, best: Status, all_assessed: Status) -> None:
    results = [result(s, f"i{n}") for n, s in enumerate(statuses)]
    for rule, wanted in (
        (RollUp.WORST, worst),
        (RollUp.BEST, best),
        (RollUp.ALL_ASSESSED, all_assessed),
    ):
        deciding = roll_up(results, rule)
        assert deciding is not None
        assert deciding.status is wanted, rule


def test_worst_is_the_default_and_ties_go_to_the_first() -> None:
    results = [result(B, "first"), result(B, "second"), result(A, "third")]
    deciding = roll_up(results)
    assert deciding is not None
    assert deciding.indicator_id == "first"


def test_no_data_decides_only_when_nothing_can_be_assessed() -> None:
    deciding = roll_up([result(N, "pending"), result(T, "rank")])
    assert deciding is not None
    assert deciding.indicator_id == "rank"
    deciding = roll_up([result(N, "first"), result(N, "second")])
    assert deciding is not None
    assert deciding.indicator_id == "first"


def test_no_evaluations() -> None:
    assert roll_up([]) is None


def test_rules_by_name() -> None:
    assert roll_up([result(A), result(B)], "best") is not None
    with pytest.raises(ValueError, match="'median' is not a valid RollUp"):
        roll_up([result(A)], "median")


def kpi(id: str, *indicators: dict[str, Any]) -> dict[str, Any]:
    return {"id": id, "title": id, "indicators": list(indicators)}


def indicator(id: str, target: dict[str, Any], *pairs: tuple[str, str]) -> dict[str, Any]:
    return {
        "id": id,
        "target": target,
        "observations": [{"period": p, "value": v} for p, v in pairs],
    }


UP = {"kind": "trend"}
IP_EDUCATION = kpi(
    "ip-education",
    indicator("participants", UP, ("2023年度", "17,083人"), ("2024年度", "15,063人")),
    indicator("schools", UP, ("2024年度", "48校"), ("2025年度", "65校")),
    indicator("trials", UP, ("2025年度", "6回")),
)


def test_seed_ip_education_is_behind_by_its_worst_indicator() -> None:
    result = evaluate(KPI.model_validate(IP_EDUCATION), AS_OF)
    assert [e.status for e in result.indicators] == [B, T, N]
    assert result.status is B
    assert result.reason == "moving-away"
    assert result.explanation == result.indicators[0].explanation
    assert result.explanation_ja == result.indicators[0].explanation_ja
    assert result.roll_up is RollUp.WORST


@pytest.mark.parametrize(("rule", "status"), [("worst", B), ("best", T), ("all-assessed", N)])
def test_the_rule_is_a_parameter(rule: str, status: Status) -> None:
    result = evaluate(KPI.model_validate(IP_EDUCATION), AS_OF, roll_up=rule)
    assert result.status is status
    assert result.roll_up == RollUp(rule)


def program() -> Program:
    return Program.model_validate(
        {
            "title": "計画",
            "as_of": "2026-03-31",
            "themes": [
                {
                    "id": "one",
                    "title": "テーマ1",
                    "kpis": [
                        IP_EDUCATION,
                        kpi(
                            "share",
                            indicator(
                                "share", {"kind": "ratio", "value": "50%"}, ("2025年", "52%")
                            ),
                        ),
                    ],
                },
                {
                    "id": "two",
                    "title": "テーマ2",
                    "kpis": [
                        kpi("pending", indicator("pending", {"kind": "pending"})),
                        kpi(
                            "monitor", indicator("monitor", {"kind": "monitor"}, ("2025年", "74件"))
                        ),
                    ],
                },
            ],
        }
    )


def test_theme_and_program_summaries_count_kpis() -> None:
    result = evaluate(program())
    assert [t.theme_id for t in result.themes] == ["one", "two"]
    assert result.themes[0].summary.as_dict() == {
        "achieved": 1,
        "on-track": 0,
        "behind": 1,
        "no-data": 0,
    }
    assert result.themes[1].summary == StatusCounts(no_data=2)
    assert result.summary.as_dict() == {"achieved": 1, "on-track": 0, "behind": 1, "no-data": 2}
    assert result.summary.total == 4
    assert [k.kpi_id for k in result.kpis] == ["ip-education", "share", "pending", "monitor"]
    assert [k.theme_id for k in result.kpis] == ["one", "one", "two", "two"]


def test_summaries_follow_the_rule() -> None:
    result = evaluate(program(), roll_up="best")
    assert result.summary.as_dict() == {"achieved": 1, "on-track": 1, "behind": 0, "no-data": 2}


def test_status_counts() -> None:
    counts = StatusCounts.of([A, A, T, N])
    assert (counts.achieved, counts.on_track, counts.behind, counts.no_data) == (2, 1, 0, 1)
    assert counts.model_dump() == {"achieved": 2, "on-track": 1, "behind": 0, "no-data": 1}
    assert StatusCounts.model_validate({"on-track": 3}).on_track == 3


def test_status_order_of_merit() -> None:
    assert B.merit < T.merit < A.merit
    assert N.merit < 0
    assert [s.label_ja for s in Status] == ["達成", "順調", "遅れ", "データなし"]
