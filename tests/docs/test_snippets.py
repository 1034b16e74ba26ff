"""Every snippet of every Markdown page runs or validates, in the page's order.

For each page, one fresh interpreter (snippets register target kinds and evaluators) runs
its fenced blocks in order, in a scratch directory where ``examples/`` is the repository's:
``python`` blocks are executed in one namespace, ``yaml`` blocks are read by
:func:`kpimodel.loads` (a part of a document, such as one KPI or a target, inside a minimal
program) and evaluated, ``json`` blocks are parsed, and target mappings written inline
(`` `{kind: ..., ...}` ``) are validated like YAML blocks. A page may mark a block with an
HTML comment on the line above it (see :class:`tests.docs._pages.Block`): ``invalid``,
``file=NAME``, ``output`` or ``plain``. Setup a page needs but does not show (the data frames
of the performance page) lives in ``tests/docs/setup/<page>.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from ._pages import ROOT, Block, blocks, name, pages
from ._runner import program_text

RUNNER = Path(__file__).with_name("_runner.py")
SETUP = Path(__file__).with_name("setup")
RUN = {"python", "py", "yaml", "yml", "json"}
# A target written inline, of a built-in kind (`{kind: fiscal_year, ...}` is a period).
_INLINE_TARGET = re.compile(
    r"`(\{kind: (?:rank|ratio|absolute|cumulative|trend|maintain|reference_ratio|monitor|"
    r"pending)\b[^`]*\})`"
)


def inline_targets(path: Path) -> list[Block]:
    """The targets a page writes inline, as YAML blocks (after the page's own blocks)."""
    # Fenced blocks blanked out, line breaks kept: inline code is outside them.
    text = re.sub(
        r"^[ ]*```.*?^[ ]*```",
        lambda m: "\n" * m[0].count("\n"),
        path.read_text(encoding="utf-8"),
        flags=re.M | re.S,
    )
    return [
        Block(name(path), text.count("\n", 0, m.start()) + 1, "yaml", m[1] + "\n", {"inline": ""})
        for m in _INLINE_TARGET.finditer(text)
    ]


def runnable(path: Path) -> list[Block]:
    """The blocks of a page to run, in order: setup, its fenced blocks, its inline targets."""
    found = [b for b in blocks(path) if (b.lang in RUN or "output" in b.options)]
    setup = SETUP / Path(name(path)).with_suffix(".py")
    if setup.exists():
        found.insert(0, Block(name(setup), 1, "python", setup.read_text(encoding="utf-8")))
    return found + inline_targets(path)


def run_page(path: Path, workdir: Path) -> list[dict[str, object]]:
    """Run a page's blocks in a fresh interpreter in `workdir`; one result per block."""
    (workdir / "examples").symlink_to(ROOT / "examples")
    snippets, results = workdir / ".snippets.json", workdir / ".results.json"
    snippets.write_text(json.dumps([asdict(b) | {"where": b.where} for b in runnable(path)]))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "MPLBACKEND": "Agg",
        "PYTHONIOENCODING": "utf-8",
    }
    run = subprocess.run(
        [sys.executable, "-W", "error", str(RUNNER), str(snippets), str(results)],
        cwd=workdir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(results.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


#: Pages whose blocks need files written and commands run in order: each has a test of its
#: own that runs every block of the page (checked below), so the general runner leaves them.
OWN_TESTS = {
    "docs/readers.md": "tests/readers/test_docs.py",
    "docs/presets.md": "tests/evaluation/presets/test_docs.py",
    "docs/scales.md": "tests/evaluation/presets/test_docs.py",
    "docs/editions.md": "tests/evaluation/test_editions_doc.py",
}

PAGES = [p for p in pages() if runnable(p) and name(p) not in OWN_TESTS]


@pytest.mark.parametrize("page", sorted(OWN_TESTS))
def test_pages_left_to_their_own_test_have_one(page: str) -> None:
    test = ROOT / OWN_TESTS[page]
    assert (ROOT / page).exists()
    assert Path(page).name in test.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", PAGES, ids=name)
def test_every_snippet_of_the_page_works(path: Path, tmp_path: Path) -> None:
    results = run_page(path, tmp_path)
    assert len(results) == len(runnable(path))
    failures = [f"{r['where']}:\n{r['error']}" for r in results if not r["ok"]]
    assert not failures, "\n\n".join(failures)


def test_the_pages_with_snippets_are_all_there() -> None:
    names = {name(p) for p in PAGES}
    assert {"README.md", "docs/tutorial.md", "docs/semantics.md", "docs/extending.md"} <= names


# -- the machinery itself ---------------------------------------------------------------


def test_markers_and_fences_are_read(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text\n\n<!-- snippet: invalid file=a.yaml -->\n```yaml\nkind: x\n```\n\n"
        "1. A list\n\n   ```python\n   x = 1\n   ```\n\nAnd `{kind: monitor}`.\n",
        encoding="utf-8",
    )
    first, second = blocks(page)
    assert (first.lang, first.code, first.options) == (
        "yaml",
        "kind: x\n",
        {"invalid": "", "file": "a.yaml"},
    )
    assert (second.lang, second.code, second.options, second.line) == ("python", "x = 1\n", {}, 10)


def test_a_target_written_with_a_comma_is_refused() -> None:
    """The tutorial once showed this: YAML reads `1` as the value and `000件` as a key."""
    import kpimodel

    with pytest.raises(kpimodel.KPIModelError):
        kpimodel.loads(program_text("{kind: absolute, value: 1,000件, deadline: 2027年}\n"))
    kpimodel.loads(program_text('{kind: absolute, value: "1,000件", deadline: 2027年}\n'))


@pytest.mark.parametrize(
    "snippet",
    [
        "id: x\ntarget: {kind: rank, rank: 4}\nobservations:\n  - {period: 2025年, value: 12位}\n",
        "kpis:\n  - id: a\n    title: A\n    target: {kind: monitor}\n",
        "title: T\nthemes: [{id: t, title: T, kpis: [{id: k, title: K}]}]\n",
    ],
)
def test_parts_of_a_document_are_validated_as_such(snippet: str) -> None:
    import kpimodel

    kpimodel.loads(program_text(snippet))
    with pytest.raises(kpimodel.KPIModelError):
        kpimodel.loads(
            program_text(
                snippet.replace("4", "0")
                .replace("monitor", "nope")
                .replace("themes: [", "themes: 3 [")
            )
        )


def test_plain_and_invalid_blocks_are_still_checked(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- snippet: plain -->\n```yaml\nsteps: [checkout, test]\n```\n\n"
        "<!-- snippet: plain -->\n```python\nserve(forever=True)\n```\n\n"
        "<!-- snippet: plain -->\n```python\ndef broken(:\n```\n\n"
        "<!-- snippet: invalid -->\n```yaml\n{kind: rank, rank: 0}\n```\n\n"
        "<!-- snippet: invalid -->\n```yaml\n{kind: rank, rank: 3}\n```\n",
        encoding="utf-8",
    )
    workdir = tmp_path / "run"
    workdir.mkdir()
    results = run_page(page, workdir)
    assert [r["ok"] for r in results] == [True, True, False, True, False]


def test_an_unknown_part_is_not_waved_through() -> None:
    with pytest.raises(ValueError, match="cannot tell what this YAML snippet is"):
        program_text("colour: blue\n")
