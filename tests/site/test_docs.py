"""Every snippet of docs/site.md runs (Python) or parses (the commands)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from site_support import has_extra, require

from kpimodel.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "site.md"
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_page_has_snippets() -> None:
    assert {kind for kind, _ in BLOCKS} == {"console", "python"}


@pytest.mark.parametrize("code", [c for k, c in BLOCKS if k == "python"])
def test_python_snippets_run(code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "kpimodel.site(" in code:
        require(has_extra(), "the site extra")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, str(DOC), "exec"), {})


def test_site_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require(has_extra(), "the site extra")
    monkeypatch.chdir(tmp_path)
    Path("kpis.yaml").write_text(
        (DOC.parents[1] / "src/kpimodel/datasets/ip-strategic-program-2026.yaml").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    commands = [
        line.removeprefix("$ ")
        for kind, code in BLOCKS
        if kind == "console"
        for line in code.splitlines()
        if line.startswith("$ kpimodel ")
    ]
    assert len(commands) == 2
    for command in commands:
        assert main(shlex.split(command)[1:]) == 0, command
        assert Path("public/index.html").is_file()
