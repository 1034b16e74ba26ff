"""Roll-up per KPI: a KPI's own rule, and monitored indicators as context."""

from __future__ import annotations

import datetime as dt

import pytest

import kpimodel
from kpimodel import RollUp, Status

AS_OF = dt.date(2026, 3, 31)
# Cloud uptake is behind, AI uptake has met its target.
_INDICATORS = """
        indicators:
          - id: cloud
            title: cloud
            target: {kind: ratio, value: 75%, deadline: 2030年}
            observations: [{period: 2023年, value: 40%}, {period: 2024年, value: 41%}]
          - id: ai
            title: ai
            target: {kind: ratio, value: 75%, deadline: 2030年}
            observations: [{period: 2024年, value: 80%}]
"""


def _kpi(extra: str = "", indicators: str = _INDICATORS) -> kpimodel.Program:
    return kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        f"        title: k\n{extra}{indicators}"
    )


def test_the_default_rule_is_the_worst_indicator() -> None:
    assert kpimodel.evaluate(_kpi(), AS_OF).kpi("k").status is Status.BEHIND


def test_a_kpi_may_choose_its_own_rule() -> None:
    # "cloud OR AI OR big data": the best indicator decides.
    result = kpimodel.evaluate(_kpi("        roll_up: best\n"), AS_OF).kpi("k")
    assert result.status is Status.ACHIEVED
    assert result.roll_up is RollUp.BEST


def test_the_kpis_rule_wins_over_the_evaluations() -> None:
    program = _kpi("        roll_up: worst\n")
    result = kpimodel.evaluate(program, AS_OF, roll_up="best").kpi("k")
    assert result.status is Status.BEHIND


def test_an_unknown_rule_is_a_located_error() -> None:
    with pytest.raises(kpimodel.SchemaError) as caught:
        _kpi("        roll_up: average\n")
    assert caught.value.field == "roll_up"


@pytest.mark.parametrize("rule", ["worst", "best", "all-assessed"])
def test_a_monitored_context_indicator_never_turns_a_paced_kpi_into_no_data(rule: str) -> None:
    indicators = (
        _INDICATORS
        + """          - id: context
            title: context
            target: {kind: monitor}
"""
    )
    result = kpimodel.evaluate(_kpi(f"        roll_up: {rule}\n", indicators), AS_OF).kpi("k")
    assert result.status is not Status.NO_DATA
    assert result.status is (Status.ACHIEVED if rule == "best" else Status.BEHIND)


def test_a_kpi_of_monitored_indicators_is_decided_by_them() -> None:
    indicators = """
        indicators:
          - id: m1
            title: m1
            target: {kind: monitor}
            observations: [{period: 2024年, value: 5件}]
"""
    result = kpimodel.evaluate(_kpi("", indicators), AS_OF).kpi("k")
    assert result.indicators[0].status is result.status
