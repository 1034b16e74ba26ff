"""A custom target kind, end to end: a Target subclass, its evaluator, a YAML document.

Some KPIs aim at a band rather than a level: a budget execution rate between 95% and
105%, an unemployment rate kept between 2% and 3% (Open SDG's "Goldilocks" indicators).
This example

1. defines ``CorridorTarget``, a :class:`~kpimodel.Target` subclass with ``kind: corridor``
   (defining the class registers the kind: documents read afterwards may use it);
2. defines ``CorridorEvaluator``, an :class:`~kpimodel.Evaluator` subclass that overrides
   :meth:`~kpimodel.Evaluator.assess`, and registers it with
   :func:`kpimodel.register_evaluator`;
3. checks the evaluator with :func:`kpimodel.testing.check_evaluator`, giving it cases of
   the new kind;
4. loads a YAML document that uses ``kind: corridor``, evaluates it and prints the result.

Run it with ``python examples/custom_target_kind.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, ClassVar, Literal, Self

from pydantic import model_validator

import kpimodel
from kpimodel import (
    Evaluator,
    InconsistentTargetError,
    Indicator,
    Observation,
    Quantity,
    Reason,
    Status,
    Target,
)
from kpimodel.evaluation import EvaluationContext
from kpimodel.model import Value
from kpimodel.testing import check_evaluator


class CorridorTarget(Target):
    """Bring a figure inside a band ``[low, high]`` by the deadline, and keep it there.

    Attributes:
        low: The least figure inside the band.
        high: The greatest figure inside the band.
    """

    kind: Literal["corridor"] = "corridor"
    low: Value
    high: Value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise InconsistentTargetError(
                f"the band's low end {self.low} is above its high end {self.high}", field="low"
            )
        return self

    def units(self) -> tuple[Quantity, ...]:
        # Observations must be in a unit compatible with the band's ends.
        return (self.low, self.high)


class CorridorEvaluator(Evaluator):
    """Evaluate a :class:`CorridorTarget`.

    Inside the band: **achieved**. Outside it once the deadline has passed: **behind**.
    Before that, **on-track** when the last two figures move toward the band, **behind**
    when they do not; one figure alone is **no-data**.
    """

    target_kinds: ClassVar[tuple[str, ...]] = ("corridor",)
    method: str = "corridor"

    @staticmethod
    def distance(value: Quantity, target: CorridorTarget) -> float:
        """How far ``value`` lies outside the band, in the band's unit (0 inside)."""
        figure = value.magnitude_in(target.low.unit)
        low, high = target.low.magnitude, target.high.magnitude_in(target.low.unit)
        return float(max(low - figure, figure - high, 0))

    def assess(
        self, indicator: Indicator, observations: Sequence[Observation], context: EvaluationContext
    ) -> dict[str, Any]:
        """Judge the latest figure against the band, and the last move toward it."""
        target = indicator.target
        assert isinstance(target, CorridorTarget)
        band = f"{target.low} to {target.high}"
        band_ja = f"{target.low}〜{target.high}"
        dated = [o for o in observations if o.period is not None and o.bound is None]
        if not dated:
            return self.no_data(
                Reason.NO_OBSERVATIONS,
                f"No figure is known as of {context.as_of}; the target band is {band}.",
                f"{context.as_of}時点で数値がない（目標：{band_ja}）。",
            )
        latest = dated[-1]
        fields: dict[str, Any] = {"latest": latest}
        if self.distance(latest.value, target) == 0:
            return self.verdict(
                Status.ACHIEVED,
                Reason.TARGET_MET,
                f"{latest.value} ({latest.period}) is inside the band {band}.",
                f"{latest.value}（{latest.period}）は目標の範囲{band_ja}内。",
                fields,
            )
        if target.deadline is not None and target.deadline.last_day < context.as_of:
            return self.verdict(
                Status.BEHIND,
                Reason.DEADLINE_MISSED,
                f"{target.deadline} has passed with {latest.value} outside the band {band}.",
                f"{target.deadline}を過ぎ、{latest.value}は範囲{band_ja}の外。",
                fields,
            )
        if len(dated) < 2:
            return self.no_data(
                Reason.INSUFFICIENT_HISTORY,
                f"{latest.value} ({latest.period}) is outside the band {band}; one figure "
                "shows no direction.",
                f"{latest.value}（{latest.period}）は範囲{band_ja}の外で、1時点のみのため"
                "方向を判断できない。",
                **fields,
            )
        previous = dated[-2]
        before, now = self.distance(previous.value, target), self.distance(latest.value, target)
        toward = now < before
        return self.verdict(
            Status.ON_TRACK if toward else Status.BEHIND,
            Reason.TREND_FAVOURABLE if toward else Reason.MOVING_AWAY,
            f"From {previous.value} to {latest.value} the figure moves "
            f"{'toward' if toward else 'away from'} the band {band}.",
            f"{previous.value}から{latest.value}へ、範囲{band_ja}"
            f"{'に近づいている' if toward else 'から遠ざかっている'}。",
            fields,
        )

    @staticmethod
    def verdict(
        status: Status, reason: Reason, en: str, ja: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Build the fields of a result."""
        return {
            "status": status,
            "reason": reason,
            "explanation": en,
            "explanation_ja": ja,
            **fields,
        }


kpimodel.register_evaluator("corridor", CorridorEvaluator)

DOCUMENT = """
title: 財政運営の指標（例）
title_en: Fiscal indicators (example)
as_of: "2026-03-31"
themes:
  - id: budget
    title: 予算執行
    kpis:
      - id: execution-rate
        title: 予算執行率を95%〜105%に収める。
        target: {kind: corridor, low: 95%, high: 105%, deadline: 2027年度}
        observations:
          - {period: 2023年度, value: 88%}
          - {period: 2024年度, value: 92.5%}
      - id: reserve-ratio
        title: 準備金比率を10%〜15%に保つ。
        target: {kind: corridor, low: 10%, high: 15%}
        observations:
          - {period: 2024年度, value: 12.1%}
      - id: counter-consultations
        title: 窓口相談件数（月平均）を20件〜30件に保つ。
        target: {kind: corridor, low: 20件, high: 30件, deadline: 2026年度}
        observations:
          - {period: 2023年度, value: 34件}
          - {period: 2024年度, value: 37件}
"""


def main() -> None:
    """Check the evaluator, then load, evaluate and print the document."""
    cases = [
        Indicator.model_validate(
            {
                "id": "execution-rate",
                "target": {
                    "kind": "corridor",
                    "low": "95%",
                    "high": "105%",
                    "deadline": "2027年度",
                },
                "observations": [
                    {"period": "2023年度", "value": "88%"},
                    {"period": "2024年度", "value": "92.5%"},
                ],
            }
        )
    ]
    check_evaluator(CorridorEvaluator(), cases=cases, as_of=dt.date(2026, 3, 31))
    print("conformance: CorridorEvaluator passes check_evaluator")

    program = kpimodel.loads(DOCUMENT)
    result = kpimodel.evaluate(program)
    print(f"{result.program_en} as of {result.as_of}: {result.summary.as_dict()}")
    for kpi in result.kpis:
        print(f"- {kpi.kpi_id}: {kpi.status.value} ({kpi.reason})")
        print(f"    {kpi.explanation}")
        print(f"    {kpi.explanation_ja}")
    print(kpimodel.dumps(program).count("kind: corridor"), "corridor targets written back to YAML")


if __name__ == "__main__":
    main()
