"""The README stays true: its quick start, its report excerpt and its code run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kpimodel
from kpimodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str, text: str = README) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.MULTILINE | re.DOTALL)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def test_quick_start_has_exactly_two_commands() -> None:
    commands = [block.strip() for block in _blocks("sh", _section("Quick start"))]
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    report, tests = commands
    assert report.endswith("kpimodel report")
    assert "pip install ." in report
    assert tests.endswith("python -m pytest")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, tests = (block.strip() for block in _blocks("sh", _section("Quick start")))
    install = re.search(r'pip install (-e "\.\[dev\]")', tests)
    assert install, tests
    assert f"pip install --quiet {install.group(1)}" in ci
    assert "python -m pytest" in ci


def test_report_excerpt_matches_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    excerpt = _blocks("text", _section("Quick start"))[0].splitlines()
    assert excerpt[0] == "$ kpimodel report"
    assert main(["report", "--width", "100", "--color", "never"]) == 0
    output = capsys.readouterr().out.splitlines()
    shown = [line for line in excerpt[1:] if line != "..."]
    head = excerpt[1 : excerpt.index("...")]
    assert output[: len(head)] == head
    assert output[-1] == shown[-1]


def test_tour_runs() -> None:
    tour = _section("A short tour")
    python, quantities = _blocks("python", tour)[:2]
    namespace: dict[str, object] = {}
    exec(compile(python, "README tour", "exec"), namespace)
    exec(compile(quantities, "README quantities", "exec"), namespace)
    result = namespace["exports"]
    assert isinstance(result, kpimodel.KPIEvaluation)
    assert (result.status, result.reason) == (kpimodel.Status.BEHIND, "pace-insufficient")


def test_tour_yaml_loads() -> None:
    (document,) = _blocks("yaml", _section("A short tour"))
    program = kpimodel.loads(document)
    assert program.kpi("agri-food-exports").indicators[0].target.kind == "absolute"
