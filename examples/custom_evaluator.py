"""A custom evaluator: subclass a built-in one and override one documented hook.

KPI tables often set approximate targets: the seed table's AI utilisation KPI aims at
"概ね100%" (about 100%). kpimodel keeps the 概ね marker (``Quantity.approximate``) but, by
default, judges the target as the exact figure: 98.5% does not meet 約100%. This example
overrides one hook, :meth:`~kpimodel.ProgressEvaluator.is_achieved`, so that an
approximate target counts as met within a tolerance (a parameter, recorded in every
result), checks the new evaluator with :func:`kpimodel.testing.check_evaluator`, and
evaluates a small program with it, per call, beside the default.

Run it with ``python examples/custom_evaluator.py``.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

import kpimodel
from kpimodel import Direction, Observation, Quantity, RatioEvaluator, Reason
from kpimodel.testing import check_evaluator

PROGRAM = """
title: AI活用計画（例）
title_en: An AI plan (example)
as_of: "2030-03-31"
themes:
  - id: ai
    title: AIの利活用
    kpis:
      - id: ai-utilisation-rate
        title: 日本企業のAIの利活用率を概ね100%まで高める。
        target: {kind: ratio, value: 概ね100%, deadline: 2029年度}
        observations:
          - {period: 2025年度, value: 55.2%}
          - {period: 2028年度, value: 98.5%}
      - id: schools-online
        title: 学校のオンライン化率を100%にする。
        target: {kind: ratio, value: 100%, deadline: 2029年度}
        observations:
          - {period: 2025年度, value: 80%}
          - {period: 2028年度, value: 98.5%}
"""


class ApproximateTargetEvaluator(RatioEvaluator):
    """Judge a share against an approximate target (概ね, 約) with a tolerance.

    Attributes:
        tolerance: How far short of an approximate target, relative to it, still meets it
            (0.02: within 2% of the figure). Exact targets are judged as usual.
    """

    tolerance: float = Field(default=0.02, ge=0, le=1, allow_inf_nan=False)

    def is_achieved(
        self,
        latest: Observation,
        target_value: Quantity,
        direction: Direction,
        *,
        strict: bool = False,
    ) -> Reason | None:
        """Meet an approximate target within ``tolerance`` of it; else as the default does."""
        met = super().is_achieved(latest, target_value, direction, strict=strict)
        if met is not None or not target_value.approximate or latest.bound is not None:
            return met
        goal = target_value.magnitude
        value = latest.value.magnitude_in(target_value.unit)
        slack = abs(goal) * Decimal(str(self.tolerance))
        close = value >= goal - slack if direction is Direction.HIGHER else value <= goal + slack
        return Reason.TARGET_MET if close else None


def main() -> None:
    """Check the evaluator, then evaluate the program with and without it."""
    evaluator = ApproximateTargetEvaluator(tolerance=0.02)
    check_evaluator(evaluator)  # raises ConformanceError if a rule is broken
    print(f"conformance: {evaluator!r} passes check_evaluator")

    program = kpimodel.loads(PROGRAM)
    default = kpimodel.evaluate(program)
    custom = kpimodel.evaluate(program, evaluators={"ratio": evaluator})
    for before, after in zip(default.kpis, custom.kpis, strict=True):
        print(f"\n{before.kpi_id}")
        print(f"  default:   {before.status.value:<9} {before.explanation}")
        print(f"  tolerance: {after.status.value:<9} {after.explanation}")
    print(f"\nparameters recorded: {custom.kpis[0].indicators[0].parameters['tolerance']}")


if __name__ == "__main__":
    main()
