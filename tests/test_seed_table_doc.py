"""docs/seed-table.md is what scripts/generate_seed_table.py generates from the code now."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import kpimodel
from kpimodel import datasets

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "generate_seed_table.py"
DOC = ROOT / "docs" / "seed-table.md"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_seed_table", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_document_is_up_to_date() -> None:
    generated = _script().generate()
    committed = DOC.read_text(encoding="utf-8")
    assert committed == generated, (
        "docs/seed-table.md is out of date: run 'python scripts/generate_seed_table.py' "
        "and commit the result"
    )


def test_generation_is_deterministic_and_independent_of_today() -> None:
    script = _script()
    assert script.generate() == script.generate()
    # The evaluation date is the program's own, so the text never depends on the clock.
    program = datasets.load(script.DATASET)
    assert program.as_of is not None
    assert f"evaluated as of **{program.as_of}**" in script.generate()


def test_document_covers_every_kpi_with_both_explanations() -> None:
    text = DOC.read_text(encoding="utf-8")
    result = kpimodel.evaluate(datasets.load("ip-strategic-program-2026"))
    for kpi in result.kpis:
        assert f" {kpi.kpi_id}: **{kpi.status.value}** ({kpi.status.label_ja})" in text
    assert text.count("- Reasoning: ") == text.count("- 判定理由: ")
    assert text.count("- Reasoning: ") >= len(result.kpis)
    assert f"| total | 合計 | {result.summary.total} |" in text


def test_check_mode(tmp_path: Path) -> None:
    script = _script()
    stale = tmp_path / "seed-table.md"
    stale.write_text("old\n", encoding="utf-8")
    assert script.main(["--check", "--output", str(stale)]) == 1
    assert script.main(["--output", str(stale)]) == 0
    assert script.main(["--check", "--output", str(stale)]) == 0
