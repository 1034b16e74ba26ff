"""docs/readers.md runs: its files are written, its commands and code run, outputs compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kpimodel.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "readers.md"
_BLOCK = re.compile(r'```(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)```', re.DOTALL)


def _blocks() -> list[tuple[str, str | None, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [(m["lang"], m["title"], m["body"]) for m in _BLOCK.finditer(text)]


def test_the_page_has_files_commands_and_code() -> None:
    kinds = {lang for lang, _, _ in _blocks()}
    assert {"csv", "yaml", "sh", "text", "python"} <= kinds


def test_every_block_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("openpyxl")
    monkeypatch.chdir(tmp_path)
    blocks = _blocks()
    last_output: str | None = None
    for index, (lang, title, body) in enumerate(blocks):
        if title is not None:
            path = tmp_path / title
            if path.exists():  # written by a command above: the page shows it as it is
                assert path.read_text(encoding="utf-8") == body, title
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
        elif lang == "sh":
            outputs = []
            for line in body.splitlines():
                assert line.startswith("$ kpimodel "), line
                code = main(shlex.split(line)[2:])
                out, err = capsys.readouterr()
                assert code == 0, f"{line}: {err}"
                outputs.append(out)
            last_output = "".join(outputs)
        elif lang == "text":
            assert last_output is not None, f"block {index}: output with no command above"
            assert last_output == body, f"block {index}"
            last_output = None
        elif lang == "python":
            exec(compile(body, f"{DOC.name} block {index}", "exec"), {})
