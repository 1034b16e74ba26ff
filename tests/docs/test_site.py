"""The documentation site builds in strict mode, and every link of every page resolves.

`.ci/run` builds the site too; these tests catch a broken link in any `pytest` run, and
the build test fails on any warning mkdocs prints (a strict build that hides its warnings
behind ``--quiet`` once let a broken link through while CI stayed green).
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import unquote

import pytest

from ._pages import DOCS, ROOT, name, pages, prose

_LINK = re.compile(r"\]\((?P<target><[^>]+>|[^)\s]+)")


def _local_links(path: Path) -> list[str]:
    targets = [m["target"].strip("<>") for m in _LINK.finditer(prose(path))]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]


def test_pages_are_found() -> None:
    found = {name(p) for p in pages()}
    assert {"README.md", "docs/index.md", "docs/tutorial.md", "docs/api.md"} <= found


@pytest.mark.parametrize("path", pages(), ids=name)
def test_relative_links_resolve(path: Path) -> None:
    problems = []
    for target in _local_links(path):
        file = (path.parent / unquote(target.split("#", 1)[0])).resolve()
        if not file.exists():
            problems.append(f"{target}: no such file")
        elif path.is_relative_to(DOCS) and not file.is_relative_to(DOCS):
            # The site holds only docs/: a link out of it is broken once built.
            problems.append(f"{target}: outside docs/, not part of the site")
    assert not problems, f"{name(path)}: " + "; ".join(problems)


def test_the_link_check_sees_a_link_out_of_the_docs(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("See [the notes](../benchmarks/README.md#x) and `[no](link.md)`.\n")
    assert _local_links(page) == ["../benchmarks/README.md#x"]


def test_every_page_of_the_docs_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = set(re.findall(r"^\s+- [^:\n]+: (\S+\.md)$", config, re.MULTILINE))
    assert nav == {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}


def test_site_builds_strictly_without_warnings(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")  # part of the docs and dev extras, which CI installs
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "src")}
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )
    log = build.stdout + build.stderr
    assert build.returncode == 0, log
    assert "WARNING" not in log, log
    # With only the docs extra, signatures are formatted (not one long scrolling line).
    assert "Formatting signatures requires" not in log, log
    api = (tmp_path / "api" / "index.html").read_text(encoding="utf-8")
    signature = re.search(
        r'id="kpimodel\.evaluate".*?<div class="doc-signature.*?</div>', api, re.S
    )
    assert signature, "the API reference has no signature for kpimodel.evaluate"
    text = html.unescape(re.sub(r"<[^>]+>", "", signature[0]))
    assert "evaluate(\n    subject: Program," in text, text


def test_the_docs_extra_installs_a_signature_formatter() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    names = {re.match(r"[\w-]+", requirement)[0] for requirement in extras["docs"]}  # type: ignore[index]
    assert names & {"ruff", "black"}, extras["docs"]


_API = (DOCS / "api.md").read_text(encoding="utf-8")
_SECTIONS = [
    "Loading and saving",
    "The model",
    "Evaluation",
    "Rendering",
    "Integrations",
    "Errors",
    "Testing",
]


def test_api_reference_is_sectioned() -> None:
    assert re.findall(r"^## (.+)$", _API, re.MULTILINE) == _SECTIONS


def test_api_reference_documents_every_public_name_once() -> None:
    import kpimodel

    entries = re.findall(r"^::: kpimodel\.(\w+)$", _API, re.MULTILINE)
    names = [n for n in kpimodel.__all__ if n != "__version__"]
    assert sorted(set(names) - set(entries)) == []
    assert sorted(e for e in set(entries) if entries.count(e) > 1) == []


def test_api_reference_lists_the_verbs_first() -> None:
    """Within each section and subsection, the functions come before the classes."""
    import importlib
    import inspect

    for part in re.split(r"^#{2,3} .+$", _API, flags=re.MULTILINE):
        kinds = []
        for path in re.findall(r"^::: (kpimodel(?:\.\w+)+)$", part, re.MULTILINE):
            try:
                value = importlib.import_module(path)  # a module: its members follow
            except ModuleNotFoundError:
                module, _, attribute = path.rpartition(".")
                value = getattr(importlib.import_module(module), attribute)
            kinds.append("verb" if inspect.isfunction(value) else "noun")
        assert kinds == sorted(kinds, key=lambda k: k != "verb"), part
