"""The CI script's checks can fail: warnings are shown, failures are not swallowed, skips fail.

`.ci/run` once built the docs with ``mkdocs build --strict --quiet``: ``--quiet`` hides the
warnings that strict mode turns into failures, so a broken link passed. These tests keep
each step of the script able to fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
STEPS = [
    line.strip() for line in CI.splitlines() if line.strip() and not line.lstrip().startswith("#")
]


def test_the_script_stops_at_the_first_failure() -> None:
    assert "set -euo pipefail" in STEPS
    swallowed = [s for s in STEPS if re.search(r"\|\|\s*(true|:)\b|;\s*true\b|--exit-zero", s)]
    assert not swallowed


def test_the_docs_build_is_strict_and_shows_its_warnings() -> None:
    (build,) = [s for s in STEPS if "mkdocs build" in s]
    options = build.split()
    assert "--strict" in options
    assert not {"--quiet", "-q"} & set(options), build


def test_the_linters_and_the_type_checker_check_everything() -> None:
    assert "ruff check ." in STEPS
    assert "ruff format --check ." in STEPS
    assert "mypy --strict src" in STEPS


def test_the_tests_run_without_skips() -> None:
    (tests,) = [s for s in STEPS if "python -m pytest" in s]
    assert tests.startswith("KPIMODEL_NO_SKIPS=1 ")


def test_a_skip_fails_when_skips_are_not_allowed(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_example.py").write_text(
        "import pytest\n\n"
        "def test_runs():\n    pass\n\n"
        "def test_needs_a_tool():\n    pytest.skip('the tool is missing')\n\n"
        "@pytest.mark.xfail(strict=True)\n"
        "def test_known_bug():\n    assert False\n",
        encoding="utf-8",
    )

    def run(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            timeout=120,
            check=False,
        )

    relaxed, strict = run(KPIMODEL_NO_SKIPS="0"), run(KPIMODEL_NO_SKIPS="1")
    assert relaxed.returncode == 0, relaxed.stdout
    assert "1 passed, 1 skipped, 1 xfailed" in relaxed.stdout
    assert strict.returncode == 1, strict.stdout
    assert "1 failed, 1 passed, 1 xfailed" in strict.stdout
    assert "the tool is missing" in strict.stdout
