"""The examples run: the walkthrough notebook top to bottom, and the own-table script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOTEBOOK = EXAMPLES / "seed_walkthrough.ipynb"


def test_notebook_is_committed_without_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], cell["source"]
            assert cell["execution_count"] is None


@pytest.mark.filterwarnings("ignore::DeprecationWarning:jupyter_client")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:jupyter_core")
@pytest.mark.filterwarnings("ignore::DeprecationWarning:zmq")
def test_walkthrough_notebook_runs(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on failure
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    kinds = {kind for o in outputs for kind in o.get("data", {})}
    assert "text/html" in kinds  # the rich table and the DataFrames
    assert "image/png" in kinds  # the plots
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "知的財産推進計画2026" in text
    assert "pace-insufficient" in text
    # The HTML table of the evaluation (rendered through the display hooks).
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "agri-food-exports" in html
    nbformat.write(notebook, tmp_path / "executed.ipynb")


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
