"""Optional dependencies stay optional: nothing heavy is imported until asked for."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

# numpy is left out: pint imports it whenever it is installed.
OPTIONAL = ("pandas", "matplotlib", "IPython", "rich", "fastapi", "nbformat")


def _imported_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps([m for m in {OPTIONAL!r} if m in sys.modules]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    imported: list[str] = json.loads(run.stdout.strip().splitlines()[-1])
    return imported


def test_import_kpimodel_imports_no_optional_dependency() -> None:
    assert _imported_after("import kpimodel") == []


def test_everyday_use_imports_no_optional_dependency() -> None:
    code = (
        "import kpimodel\n"
        "from kpimodel import datasets\n"
        "import kpimodel.integrations\n"
        "program = datasets.load('ip-strategic-program-2026')\n"
        "result = kpimodel.evaluate(program)\n"
        "result._repr_mimebundle_()\n"
        "kpimodel.to_table(result)\n"
    )
    assert _imported_after(code) == []


@pytest.mark.parametrize(
    ("module", "library", "extra"),
    [
        ("kpimodel.integrations.pandas", "pandas", "pandas"),
        ("kpimodel.integrations.plot", "matplotlib", "plot"),
    ],
)
def test_a_missing_extra_is_named(
    monkeypatch: pytest.MonkeyPatch, module: str, library: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, library, None)  # makes "import library" fail
    monkeypatch.delitem(sys.modules, module, raising=False)
    message = rf'extra "{extra}" .*pip install -e "\.\[{extra}\]"'
    with pytest.raises(ImportError, match=message) as info:
        importlib.import_module(module)
    assert info.value.name == library
    assert module not in sys.modules


def test_missing_extra_message() -> None:
    from kpimodel.integrations import missing_extra

    error = missing_extra("pandas", "pandas")
    assert isinstance(error, ImportError)
    assert 'extra "pandas" from the kpimodel checkout' in str(error)
    assert str(error).endswith('pip install -e ".[pandas]"')
