"""docs/editions.md runs: its file is written, its commands and code run, outputs compared."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from kpimodel.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "editions.md"
_BLOCK = re.compile(r'```(?P<lang>\w+)(?: title="(?P<title>[^"]+)")?\n(?P<body>.*?)```', re.DOTALL)


def _blocks() -> list[tuple[str, str | None, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [(m["lang"], m["title"], m["body"]) for m in _BLOCK.finditer(text)]


def test_the_page_has_a_file_commands_code_and_outputs() -> None:
    kinds = {lang for lang, _, _ in _blocks()}
    assert {"yaml", "sh", "text", "python"} <= kinds


def test_every_block_runs_and_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    last_output: str | None = None
    checked = 0
    for index, (lang, title, body) in enumerate(_blocks()):
        if title is not None:
            (tmp_path / title).write_text(body, encoding="utf-8")
        elif lang == "sh":
            outputs = []
            for line in body.splitlines():
                assert line.startswith("$ kpimodel "), line
                code = main(shlex.split(line)[2:])
                out, err = capsys.readouterr()
                assert code == 0, f"{line}: {err}"
                outputs.append(out)
            last_output = "".join(outputs)
        elif lang == "python":
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(body, f"{DOC.name} block {index}", "exec"), {})
            last_output = buffer.getvalue()
        elif lang == "text":
            assert last_output is not None, f"block {index}: output with no command above"
            assert last_output == body, f"block {index}"
            last_output = None
            checked += 1
    assert checked >= 5


def test_the_page_documents_every_kind_of_change_and_every_json_key() -> None:
    import json

    import kpimodel
    from kpimodel.render import render_diff

    text = DOC.read_text(encoding="utf-8")
    for kind in kpimodel.DiffKind:
        assert f"`{kind.value}`" in text, kind
    old = kpimodel.load(ROOT / "examples" / "ip-strategic-program-2025.yaml")
    new = kpimodel.datasets.load("ip-strategic-program-2026")
    data = json.loads(render_diff(kpimodel.diff(old, new), "json"))
    change = data["themes"][0]["changes"][0]
    keys = set(data) | set(data["old"]) | set(change) | set(change["old"])
    keys |= set(data["matches"][0])
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert missing == []
