"""docs/semantics.md shows real output: every worked example and table is re-run here.

Each example in the page is a ``yaml`` block (an indicator, with ``# as of YYYY-MM-DD`` and
optionally ``# evaluator: Class(param=value)`` comments) followed by a ``text`` block with
the result as :func:`render` prints it. To update the page after a deliberate change, run
``python -m tests.evaluation.test_semantics_doc`` from the repository root and paste.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import kpimodel
from kpimodel import Evaluation, Indicator, evaluate

DOC = Path(__file__).resolve().parents[2] / "docs" / "semantics.md"
_BLOCK = re.compile(r"```yaml\n(?P<input>.*?)```\n+```text\n(?P<output>.*?)```", re.DOTALL)


def _evaluator(spec: str) -> Any:
    name, _, args = spec.partition("(")
    pairs = re.findall(r"(\w+)=([^,)]+)", args)
    parameters = {key.strip(): yaml.safe_load(value) for key, value in pairs}
    return getattr(kpimodel, name.strip())(**parameters)


def run_example(text: str) -> Evaluation:
    """Evaluate one example block: an indicator in YAML with its comments."""
    as_of = dt.date.fromisoformat(re.search(r"# as of (\S+)", text).group(1))  # type: ignore[union-attr]
    indicator = Indicator.model_validate(yaml.safe_load(text))
    found = re.search(r"# evaluator: (.+)", text)
    if found:
        return _evaluator(found.group(1)).evaluate(indicator, as_of=as_of)  # type: ignore[no-any-return]
    return evaluate(indicator, as_of)


def render(result: Evaluation) -> str:
    """The text block shown under an example."""
    lines = [
        f"status:         {result.status.value}",
        f"reason:         {result.reason}",
        f"explanation:    {result.explanation}",
        f"explanation_ja: {result.explanation_ja}",
    ]
    figures = []
    if result.pace is not None:
        figures.append(f"pace {result.pace:.4g} ({result.pace_grade})")
    if result.actual_rate is not None:
        figures.append(f"{result.rate_kind} rate {result.actual_rate:.4g}")
    if result.required_rate is not None:
        figures.append(f"required {result.required_rate:.4g}")
    for name in ("expected", "projected"):
        value = getattr(result, name)
        if value is not None:
            figures.append(f"{name} {value}")
    if result.progress is not None:
        figures.append(f"progress {result.progress:.3g}")
    if result.attainment is not None:
        when = result.attainment
        figures.append(f"attainment {when.kind}" + (f" {when.period}" if when.period else ""))
    if figures:
        lines.append(f"figures:        {', '.join(figures)}")
    return "\n".join(lines) + "\n"


def examples() -> list[tuple[str, str]]:
    return [(m["input"], m["output"]) for m in _BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def test_the_page_has_examples() -> None:
    assert len(examples()) >= 12


@pytest.mark.parametrize(("given", "shown"), examples(), ids=lambda v: v.splitlines()[1][:40])
def test_every_example_shows_real_output(given: str, shown: str) -> None:
    assert render(run_example(given)) == shown


# -- the methods table ---------------------------------------------------------------------

SEED_EXAMPLES = {
    "agricultural exports": """
id: agri-food-exports
target:
  kind: absolute
  value: 5兆円
  deadline: 2030年
  baseline: {value: 約1兆5千億円, period: 2024年}
observations:
  - {period: 2024年, value: 約1兆5千億円}
  - {period: 2025年, value: 約1兆7千億円}
""",
    "content market": """
id: content-overseas-market
target: {kind: absolute, value: 20兆円, deadline: 2033年}
observations:
  - {period: 2023年, value: 5.8兆円}
  - {period: 2024年, value: 約6.1兆円}
""",
    "GII rank": """
id: global-innovation-index-rank
target: {kind: rank, rank: 4, deadline: 2035年}
observations:
  - {period: 2024年, value: 13位}
  - {period: 2025年, value: 12位}
""",
}
_CLASSES = {"absolute": kpimodel.AbsoluteEvaluator, "rank": kpimodel.RankEvaluator}


def methods_table() -> str:
    """The table comparing the methods (and rate kinds) on the seed's examples."""
    rows = [
        "| seed KPI | pace, CAGR/auto | pace, linear | path | projection |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, text in SEED_EXAMPLES.items():
        indicator = Indicator.model_validate(yaml.safe_load(text))
        cls = _CLASSES[indicator.target.kind]
        cells = []
        for parameters in ({}, {"rate": "linear"}, {"method": "path"}, {"method": "projection"}):
            result = cls(**parameters).evaluate(indicator, as_of=dt.date(2026, 3, 31))
            if result.method == "path":
                figure = f"expected {result.expected}"
            elif result.method == "projection":
                figure = f"projected {result.projected}"
            else:
                figure = f"R = {result.pace:.2f} ({result.pace_grade})"
            cells.append(f"{result.status.value}: {figure}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def test_the_methods_table_is_real_output() -> None:
    assert methods_table() in DOC.read_text(encoding="utf-8")


def regenerate() -> None:
    """Rewrite every example's text block (and the methods table) with real output."""
    text = DOC.read_text(encoding="utf-8")

    def fresh(match: re.Match[str]) -> str:
        given = match["input"]
        return f"```yaml\n{given}```\n\n```text\n{render(run_example(given))}```"

    text = _BLOCK.sub(fresh, text)
    start = text.index("| seed KPI | pace, CAGR/auto |")
    end = text.index("\n\n", start) + 1
    DOC.write_text(text[:start] + methods_table() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    regenerate()
