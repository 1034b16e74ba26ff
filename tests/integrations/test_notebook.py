"""The examples run: the walkthrough notebook top to bottom, and the own-table script.

The notebook is committed executed; ``scripts/run_notebook.py`` regenerates it, and the
test below runs it again and compares its outputs with the committed ones.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import kpimodel
from kpimodel import datasets

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "seed_walkthrough.ipynb"
SCRIPT = ROOT / "scripts" / "run_notebook.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_notebook", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _committed() -> dict[str, Any]:
    return json.loads(NOTEBOOK.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_notebook_is_committed_executed() -> None:
    code = [cell for cell in _committed()["cells"] if cell["cell_type"] == "code"]
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1))
    assert all(cell["outputs"] for cell in code), "a cell without output: run the script"
    assert not [o for cell in code for o in cell["outputs"] if o["output_type"] == "error"]


def test_every_figure_has_alt_text() -> None:
    images = 0
    for cell in _committed()["cells"]:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                images += 1
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert len(alt) > 40, cell["source"]  # a description, not a placeholder
                assert alt == cell["metadata"]["alt"]
    assert images == 4


def test_per_theme_counts_count_kpis_as_the_report_does() -> None:
    result = kpimodel.evaluate(datasets.load("ip-strategic-program-2026"))
    html = "".join(
        "".join(output.get("data", {}).get("text/html", ""))
        for cell in _committed()["cells"]
        for output in cell.get("outputs", [])
    )
    rows = [(theme.title_en or theme.title, theme.summary) for theme in result.themes]
    for title, counts in [*rows, ("all themes", result.summary)]:
        cells = r"\s*".join(f"<td>{n}</td>" for n in counts.as_dict().values())
        assert re.search(rf"<th>{re.escape(title)}</th>\s*{cells}", html), title
    total = sum(result.summary.as_dict().values())
    assert total == len(result.kpis) < sum(len(kpi.indicators) for kpi in result.kpis)


@pytest.mark.filterwarnings("ignore::DeprecationWarning:jupyter_client")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:jupyter_core")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:zmq")
def test_walkthrough_notebook_runs_and_its_committed_outputs_are_current() -> None:
    pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    script = _script()
    notebook = script.execute()  # raises CellExecutionError, with the cell, on failure
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    kinds = {kind for o in outputs for kind in o.get("data", {})}
    assert "text/html" in kinds  # the rich table and the DataFrames
    assert "image/png" in kinds  # the plots
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "知的財産推進計画2026" in text
    assert "pace-insufficient" in text
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "agri-food-exports" in html
    assert script.comparable(notebook) == script.comparable(_committed()), (
        "examples/seed_walkthrough.ipynb is out of date: run 'python scripts/run_notebook.py' "
        "and commit the result"
    )


def test_comparison_sees_a_changed_output() -> None:
    script = _script()
    committed = _committed()
    changed = json.loads(json.dumps(committed))
    stream = next(o for c in changed["cells"] for o in c.get("outputs", []) if "text" in o)
    stream["text"] = ["something else\n"]
    assert script.comparable(changed) != script.comparable(committed)


def test_own_table_example_runs() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLES / "own_table.py")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Sakura City digital and livability plan 2030" in run.stdout
    assert "online-procedures" in run.stdout
    assert "pace-sufficient" in run.stdout
    assert "7 KPIs" in run.stdout


def test_own_table_example_in_japanese_at_another_date() -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(EXAMPLES / "own_table.py"),
            "--lang",
            "ja",
            "--as-of",
            "2025-03-31",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "2025-03-31" in run.stdout
    assert "順調" in run.stdout


def test_own_table_example_reports_errors(tmp_path: Path) -> None:
    table = tmp_path / "broken.yaml"
    text = (EXAMPLES / "own_table.yaml").read_text(encoding="utf-8")
    table.write_text(text.replace("value: 420件", "value: 42O件"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(EXAMPLES / "own_table.py"), str(table)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert "open-data" in run.stderr
    assert "42O件" in run.stderr
