"""docs/presets.md and docs/scales.md show real output: every worked example is re-run here.

An example is a ``yaml`` block (an indicator, or a KPI with ``indicators``, with ``# as of
YYYY-MM-DD`` and ``# preset: NAME`` or ``# scale: NAME`` comments) followed by a ``text``
block with the result as :func:`render` prints it. A ``yaml`` block that starts with
``name:`` defines a scale: it is loaded and registered for the examples after it. To
update the pages after a deliberate change, run ``python -m
tests.evaluation.presets.test_docs`` from the repository root.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kpimodel import KPI, Indicator, KPIEvaluation, evaluate
from kpimodel.evaluation.scales import load_scale, register_scale

DOCS = Path(__file__).resolve().parents[3] / "docs"
PAGES = [DOCS / "presets.md", DOCS / "scales.md"]
_BLOCK = re.compile(r"```yaml\n(?P<input>.*?)```\n(?:\n*```text\n(?P<output>.*?)```\n)?", re.DOTALL)


def run_example(text: str) -> Any:
    """Evaluate one example block."""
    as_of = dt.date.fromisoformat(re.search(r"# as of (\S+)", text).group(1))  # type: ignore[union-attr]
    preset = re.search(r"# preset: (\S+)", text)
    scale = re.search(r"# scale: (\S+)", text)
    data = yaml.safe_load(text)
    subject = KPI.model_validate(data) if "indicators" in data else Indicator.model_validate(data)
    return evaluate(
        subject,
        as_of,
        preset=preset.group(1) if preset else None,
        scale=scale.group(1) if scale else None,
    )


def _line(result: Any, prefix: str = "") -> list[str]:
    rating = result.rating
    score = "" if rating is None or rating.score is None else f", score {rating.score:.4g}"
    shown = "none" if rating is None else f"{rating.scale}:{rating.value} ({rating.label}{score})"
    lines = [f"{prefix}status: {result.status.value} ({result.reason})", f"{prefix}rating: {shown}"]
    if rating is not None and rating.parts:
        parts = ", ".join(f"{name} {part.value}" for name, part in rating.parts.items())
        lines.append(f"{prefix}parts:  {parts}")
    return lines


def render(result: Any) -> str:
    """The text block shown under an example."""
    lines = _line(result)
    lines.append(f"explanation: {result.explanation}")
    if isinstance(result, KPIEvaluation) and len(result.indicators) > 1:
        for item in result.indicators:
            lines.append(f"- {item.indicator_id}:")
            lines += _line(item, "    ")
    return "\n".join(lines) + "\n"


def _examples(page: Path) -> list[tuple[str, str | None]]:
    found = []
    for match in _BLOCK.finditer(page.read_text(encoding="utf-8")):
        text = match.group("input")
        if text.startswith("name:"):
            register_scale(load_scale(text), replace=True)
            continue
        found.append((text, match.group("output")))
    return found


def _all() -> list[tuple[str, str, str | None]]:
    return [(page.name, text, out) for page in PAGES for text, out in _examples(page)]


@pytest.mark.parametrize(("page", "text", "output"), _all(), ids=lambda v: str(v)[:40])
def test_example_output_is_current(page: str, text: str, output: str | None) -> None:
    assert output is not None, f"{page}: an example has no text block"
    assert render(run_example(text)) == output


def test_pages_have_enough_examples() -> None:
    counts = {page.name: len(_examples(page)) for page in PAGES}
    assert counts["presets.md"] >= 4
    assert counts["scales.md"] >= 2


def main() -> None:
    """Rewrite the text blocks of the pages with the current output."""
    for page in PAGES:
        source = page.read_text(encoding="utf-8")

        def replace(match: re.Match[str]) -> str:
            text = match.group("input")
            if text.startswith("name:"):
                register_scale(load_scale(text), replace=True)
                return match.group(0)
            return f"```yaml\n{text}```\n\n```text\n{render(run_example(text))}```\n"

        page.write_text(_BLOCK.sub(replace, source), encoding="utf-8")
        print(f"updated {page}", file=sys.stderr)


if __name__ == "__main__":
    main()
