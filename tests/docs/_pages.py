"""The Markdown pages of the repository and the fenced blocks in them, for the docs tests."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# Directories that hold no pages of ours: virtualenvs, the built site, caches.
_NOT_PAGES = {".git", ".venv", ".ci-venv", "site", "node_modules", "__pycache__", "build", "dist"}

_FENCE = re.compile(
    r"^(?P<indent>[ ]*)```(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)```[ ]*$",
    re.MULTILINE | re.DOTALL,
)
_MARKER = re.compile(r"<!--\s*snippet:(?P<options>[^>]*?)-->\s*\Z")


def pages() -> list[Path]:
    """Every Markdown file of the repository (README, docs/, examples/, benchmarks/...)."""
    found = []
    for path in sorted(ROOT.rglob("*.md")):
        parts = path.relative_to(ROOT).parts
        if not any(part in _NOT_PAGES or part.startswith(".") for part in parts[:-1]):
            found.append(path)
    return found


def name(path: Path) -> str:
    """A page's path from the repository root, with forward slashes."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


@dataclass(frozen=True)
class Block:
    """One fenced block of a page, with the options of the marker just above it.

    A marker is an HTML comment on the line before the fence (invisible on the site):
    ``<!-- snippet: invalid -->`` (the example must be refused),
    ``<!-- snippet: file=my-kpis.yaml -->`` (later blocks of the page read it from that file),
    ``<!-- snippet: output -->`` (a text block: what the python block before it prints).
    ``<!-- snippet: plain -->`` (not a kpimodel document or runnable code, such as a CI
    configuration or a server's entry point: YAML and JSON are only parsed, Python only
    compiled).
    """

    page: str
    line: int
    lang: str
    code: str
    options: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a page, in order."""
    text = path.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n")
        options: dict[str, str] = {}
        marker = _MARKER.search(before.rsplit("\n", 1)[-1])
        if marker:
            for option in marker["options"].split():
                key, _, value = option.partition("=")
                options[key] = value
        code = textwrap.dedent(match["indent"] + match["body"])
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(name(path), line, match["lang"].lower(), code, options))
    return found


def prose(path: Path) -> str:
    """A page without its fenced blocks and inline code: the text links are written in."""
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return re.sub(r"`[^`\n]*`", "", text)
