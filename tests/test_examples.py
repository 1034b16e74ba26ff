"""The extension examples run end to end and print what they promise.

Each runs in its own interpreter: defining a target kind and registering an evaluator
change process-wide registries, which the rest of the test session must not see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(name: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-W", "error", str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    return completed.stdout


@pytest.fixture(scope="module")
def custom_evaluator() -> str:
    return run("custom_evaluator.py")


@pytest.fixture(scope="module")
def custom_target_kind() -> str:
    return run("custom_target_kind.py")


def test_custom_evaluator_passes_the_conformance_check(custom_evaluator: str) -> None:
    assert custom_evaluator.startswith("conformance: ApproximateTargetEvaluator(")
    assert "tolerance=0.02) passes check_evaluator" in custom_evaluator


def test_custom_evaluator_changes_only_approximate_targets(custom_evaluator: str) -> None:
    blocks = custom_evaluator.split("\n\n")
    ai = next(b for b in blocks if b.startswith("ai-utilisation-rate"))
    assert "  default:   on-track  From 55.2% (2025年度) to 98.5% (2028年度)" in ai
    assert (
        "  tolerance: achieved  The latest figure 98.5% (2028年度) meets the target of at "
        "least 約100% by 2029年度." in ai
    )
    schools = next(b for b in blocks if b.startswith("schools-online"))
    assert "  default:   on-track" in schools
    assert "  tolerance: on-track" in schools  # an exact target: judged as usual
    assert custom_evaluator.rstrip().endswith("parameters recorded: 0.02")


def test_custom_target_kind_end_to_end(custom_target_kind: str) -> None:
    lines = custom_target_kind.splitlines()
    assert lines[0] == "conformance: BandEvaluator passes check_evaluator"
    assert lines[1] == (
        "Fiscal indicators (example) as of 2026-03-31: "
        "{'achieved': 1, 'on-track': 1, 'behind': 1, 'no-data': 0}"
    )
    assert "- execution-rate: on-track (trend-favourable)" in lines
    assert "    From 88% to 92.5% the figure moves toward the band 95% to 105%." in lines
    assert "- reserve-ratio: achieved (target-met)" in lines
    assert "    12.1%（2024年度）は目標の範囲10%〜15%内。" in lines
    assert "- counter-consultations: behind (moving-away)" in lines
    assert lines[-1] == "3 band targets written back to YAML"
