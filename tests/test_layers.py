"""Data flows one way: lower layers never import higher ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kpimodel"

# Each layer may import itself and the layers listed before it, never those after it.
LAYERS = [
    ["errors", "_display", "_validation"],
    ["units"],
    ["periods"],
    ["model"],
    ["io", "evaluation", "readers"],
    ["batch", "render", "datasets"],
    ["integrations", "testing", "cli", "__main__"],
]
RANK = {name: index for index, names in enumerate(LAYERS) for name in names}


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "kpimodel" or len(parts) < 2:
        return None
    return parts[1].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_upward_imports(path: Path) -> None:
    own = path.relative_to(SRC).parts[0].removesuffix(".py")
    if own not in RANK:
        pytest.fail(f"module {own!r} is not assigned to a layer in tests/test_layers.py")
    for module in _imports(path):
        target = _layer_of(module)
        if target is None or target == own:
            continue
        assert target in RANK, f"{path.name} imports unknown layer {target!r}"
        assert RANK[target] <= RANK[own], f"{own} (layer {RANK[own]}) imports {module}"
