"""Execute examples/seed_walkthrough.ipynb and commit it with its outputs.

The notebook is committed executed, so that it reads with its tables and figures on any
notebook viewer. Run this after changing the notebook or anything it shows; the kernel runs
the kpimodel of this checkout (``src/`` first on the path). ``tests/integrations/
test_notebook.py`` executes the notebook again and fails when the committed outputs differ
(images are compared by their presence, format and size, since the bytes of a PNG vary
with matplotlib's version; timings and kernel versions are left out).

Every figure carries alt text: a code cell that draws one has ``"alt"`` in its metadata,
which this script also writes into the image output's metadata (``{"image/png": {"alt":
...}}``), where nbconvert's templates and notebook viewers look for it.

Usage (needs the test extra: ``pip install -e ".[test]"``)::

    python scripts/run_notebook.py           # execute and rewrite the notebook
    python scripts/run_notebook.py --check   # exit 1 if the committed outputs are stale
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import struct
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "seed_walkthrough.ipynb"


def execute(path: Path = NOTEBOOK) -> Any:
    """Run the notebook in a fresh kernel; return it with its outputs, normalised."""
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    source = str(ROOT / "src")
    paths = [source, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))  # the kernel inherits it
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on failure
    return normalise(notebook)


def normalise(notebook: Any) -> Any:
    """Drop what changes from run to run, and give each figure its cell's alt text."""
    notebook.metadata = {
        "kernelspec": notebook.metadata.get("kernelspec", {}),
        "language_info": {"name": "python"},
    }
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}) and "alt" in cell.metadata:
                output.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = (
                    cell.metadata["alt"]
                )
    return notebook


def _png_size(data: str) -> tuple[int, int]:
    header = base64.b64decode(data)[:24]
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def comparable(notebook: Any) -> list[Any]:
    """The cells as they should match between runs: images by their format and size."""
    import nbformat

    # Through nbformat's reader, so that text stored as a list of lines equals one string.
    cells = nbformat.reads(json.dumps(notebook), as_version=4)["cells"]
    for cell in cells:
        cell.pop("id", None)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                data["image/png"] = ["png", *_png_size(data["image/png"])]
    return json.loads(json.dumps(cells))


def write(notebook: Any, path: Path = NOTEBOOK) -> None:
    """Write the notebook as Jupyter does (one-space indents, a final newline)."""
    import nbformat

    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    """Execute and rewrite the notebook, or with ``--check`` report whether it is current."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the outputs are stale")
    args = parser.parse_args(argv)
    import nbformat

    executed = execute()
    if args.check:
        committed = nbformat.read(NOTEBOOK, as_version=4)
        if comparable(committed) != comparable(executed):
            print(f"{NOTEBOOK} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    write(executed)
    print(f"wrote {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
