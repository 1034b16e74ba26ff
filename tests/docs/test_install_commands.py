"""Every install command printed anywhere works from a checkout: kpimodel is not on PyPI.

Pages, docstrings, error messages, the notebook and the scripts may only install kpimodel
from the repository (``pip install .``, ``pip install -e ".[plot]"``), with extras that
``pyproject.toml`` defines.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from ._pages import ROOT, name

EXTRAS = set(
    tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
)
# Files that people read or that print messages; not the tests, which quote messages.
FILES = sorted(
    p
    for pattern in ("*.md", "*.py", "*.ipynb", "*.yml", "*.yaml", "*.toml", "run")
    for p in ROOT.rglob(pattern)
    if p.is_file()
    and p.relative_to(ROOT).parts[0]
    in {
        "README.md",
        "docs",
        "src",
        "examples",
        "scripts",
        "benchmarks",
        "mkdocs.yml",
        "pyproject.toml",
        ".ci",
    }
)
_OPTIONS = r"(?:\s+-{1,2}[\w-]+)*"
# An argument: a requirement, a path, an option; a command ends at `#`, `&&`, a backtick...
_ARGUMENT = r"(?:\"[\w.\[\], =<>~-]*\"|'[\w.\[\], =<>~-]*'|[\w.\[\],=<>~-]+)"
# The package index's kpimodel: `pip install kpimodel`, `pip install 'kpimodel[plot]'`.
_FROM_INDEX = re.compile(rf"pip install(?:\s+{_ARGUMENT})*?\s+['\"]?kpimodel\b(?![/.-])")
_FROM_CHECKOUT = re.compile(rf"pip install{_OPTIONS}\s+(['\"]?)\.(?:\[(?P<extras>[^\]]*)\])?\1")


def commands(path: Path) -> tuple[list[str], list[str]]:
    """The commands installing kpimodel from the index, and the extras asked of the checkout."""
    text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))  # commands wrapped in prose
    wrong = [m[0] for m in _FROM_INDEX.finditer(text)]
    extras = [
        e.strip()
        for m in _FROM_CHECKOUT.finditer(text)
        for e in (m["extras"] or "").split(",")
        if e.strip()
    ]
    return wrong, extras


def test_files_are_found() -> None:
    names = {name(p) for p in FILES}
    assert {
        "README.md",
        "docs/index.md",
        "src/kpimodel/integrations/__init__.py",
        "examples/seed_walkthrough.ipynb",
        ".ci/run",
    } <= names


@pytest.mark.parametrize("path", FILES, ids=name)
def test_install_commands_work_from_the_checkout(path: Path) -> None:
    wrong, extras = commands(path)
    assert not wrong, f"{name(path)}: kpimodel is not on the package index: {wrong}"
    # `EXTRA` and `{extra}` are placeholders (in prose, in an f-string).
    unknown = sorted(e for e in set(extras) - EXTRAS if not re.fullmatch(r"[A-Z]+|\{\w+\}", e))
    assert not unknown, (
        f"{name(path)}: no such extra {unknown}; pyproject.toml has {sorted(EXTRAS)}"
    )


@pytest.mark.parametrize(
    ("text", "wrong", "extras"),
    [
        ("pip install kpimodel", 1, []),
        ("with `pip install\n'kpimodel[pandas,plot]'`", 1, []),
        ("pip install -e '.[pandas, plot]' fastapi", 0, ["pandas", "plot"]),
        ('pip install --quiet -e ".[dev]"', 0, ["dev"]),
        ("pip install . && kpimodel report", 0, []),
        ("pip install mkdocs kpimodel-extras", 0, []),
    ],
)
def test_the_check_reads_commands(tmp_path: Path, text: str, wrong: int, extras: list[str]) -> None:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    found = commands(page)
    assert (len(found[0]), found[1]) == (wrong, extras)


def test_every_missing_extra_message_names_the_extra_and_the_command() -> None:
    from kpimodel.integrations import missing_extra
    from kpimodel.integrations.plot import _INSTALL_HINT
    from kpimodel.render._rich import _MISSING

    messages = [str(missing_extra(extra, extra)) for extra in sorted(EXTRAS)] + [_MISSING]
    for message in messages:
        extra = re.search(r'extra "(\w+)"', message)
        assert extra, message
        assert extra[1] in EXTRAS
        assert f'pip install -e ".[{extra[1]}]"' in message
    assert 'the extra "plot"' in _INSTALL_HINT
    assert 'pip install -e ".[plot]"' in _INSTALL_HINT
