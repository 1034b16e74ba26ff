"""HTML and the display hooks: escaping, badges, MIME bundles, rich, import cost."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest

import kpimodel
from kpimodel import Evaluation, KPIEvaluation, ProgramEvaluation, Status, to_html
from kpimodel._display import _lookup, _mime, _rich
from kpimodel.render import to_rich
from kpimodel.render._hooks import DISPLAYED
from kpimodel.render._html import STATUS_BACKGROUNDS, badge
from kpimodel.render._labels import english_text

from . import bundled_evaluation, small_evaluation, small_program


class _Tags(HTMLParser):
    """Collects the tags of a document, to check it is well formed and harmless."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in ("meta", "br", "wbr"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open, tag
        assert self.open[-1] == tag, (self.open, tag)
        self.open.pop()


def _text(html: str) -> str:
    """The text of an HTML fragment, without its tags (and line-break hints)."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def test_user_text_is_escaped() -> None:
    html = to_html(small_evaluation())
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; | a &amp; b" in html
    tags = _parse(html)
    assert "script" not in tags.tags
    assert tags.open == []


def test_statuses_are_coloured_badges_with_both_labels() -> None:
    html = to_html(small_evaluation())
    assert 'class="kpimodel-status kpimodel-behind"' in html
    assert "behind · 遅れ" in _text(html)
    assert STATUS_BACKGROUNDS[Status.BEHIND] in html
    assert "遅れ · behind" in _text(to_html(small_evaluation(), lang="ja"))
    for status in Status:
        assert STATUS_BACKGROUNDS[status] in badge(status)
    assert _text(badge(Status.ACHIEVED, count=3)) == "achieved · 達成 3"
    assert '<span lang="ja">達成</span>' in badge(Status.ACHIEVED)


def test_grouped_by_theme_in_both_languages() -> None:
    html = _text(to_html(small_evaluation()))
    assert html.index("Exports") < html.index("People")
    assert "輸出" in html
    assert "人材" in html
    assert "Agricultural exports of 5 trillion yen by 2030." in html
    assert "農林水産物・食品の輸出額を2030年までに5兆円とする。" in html
    assert "≥ 5兆円 by 2030" in html
    assert "2030年までに5兆円以上" in html
    markup = to_html(small_evaluation())
    assert markup.count('class="kpimodel-indicator"') == 2
    assert markup.count('class="kpimodel-theme"') == 2


def test_whole_document() -> None:
    html = to_html(bundled_evaluation(), document=True)
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert f"<title>{bundled_evaluation().program_en}</title>" in html
    assert _parse(html).open == []


def test_models_show_without_statuses() -> None:
    html = to_html(small_program())
    assert "kpimodel-status" not in html
    assert "74件 (2025)" in _text(html)


# --- display hooks -------------------------------------------------------------------------


def _displayables() -> list[Any]:
    program = small_program()
    result = small_evaluation()
    return [
        program,
        program.themes[0],
        program.kpi("schools"),
        program.kpi("agri-exports").indicators[0],
        result,
        result.themes[0],
        result.kpi("schools"),
        result.kpi("schools").indicators[0],
    ]


def test_hooks_are_registered_for_every_class() -> None:
    for cls in DISPLAYED:
        assert _lookup(_mime, cls) is not None
        assert _lookup(_rich, cls) is not None


@pytest.mark.parametrize("subject", _displayables(), ids=lambda s: type(s).__name__)
def test_mimebundle_has_html_and_plain_text(subject: Any) -> None:
    bundle = subject._repr_mimebundle_()
    charted = isinstance(subject, ProgramEvaluation | KPIEvaluation | Evaluation)
    extra = {"application/vnd.vegalite.v5+json"} if charted else set()
    assert set(bundle) == {"text/plain", "text/html", *extra}
    assert bundle["text/plain"].strip()
    assert "<div" not in bundle["text/plain"]
    assert bundle["text/html"].startswith('<div class="kpimodel"')
    assert "\x1b[" not in bundle["text/plain"]


def test_mimebundle_include_and_exclude() -> None:
    result = small_evaluation()
    assert set(result._repr_mimebundle_(include=["text/html"])) == {"text/html"}
    assert set(result._repr_mimebundle_(exclude=["text/html"])) == {
        "text/plain",
        "application/vnd.vegalite.v5+json",
    }
    assert result._repr_mimebundle_(include=["image/png"]) == {}
    both = result._repr_mimebundle_(include=["text/html", "text/plain"], exclude=["text/plain"])
    assert set(both) == {"text/html"}


def test_plain_text_of_a_single_kpi_explains_it() -> None:
    kpi = small_evaluation().kpi("agri-exports")
    text = " ".join(kpi._repr_mimebundle_()["text/plain"].split())
    assert " ".join(english_text(kpi.explanation).split()) in text


def test_rich_renderable_or_a_clear_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("rich", "rich.console", "rich.table", "rich.text"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ImportError, match=r'extra "rich" .*pip install -e "\.\[rich\]"'):
        to_rich(small_evaluation())


def test_rich_renderable_when_rich_is_installed() -> None:
    pytest.importorskip("rich")
    from rich.console import Console  # type: ignore[import-not-found, unused-ignore]

    console = Console(width=120, record=True, color_system=None)
    console.print(small_evaluation())
    console.print(small_evaluation().kpi("schools"))
    text = console.export_text()
    assert "agri-exports" in text
    assert "behind" in text
    assert "<script>alert('x')</script>" in text  # shown as written, not as markup


def test_import_loads_no_optional_dependency() -> None:
    code = (
        "import sys, kpimodel\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'rich', 'IPython') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "from kpimodel._display import _lookup, _mime\n"
        "print(_lookup(_mime, kpimodel.ProgramEvaluation) is not None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines() == ["", "True"]


def test_render_functions_are_exported() -> None:
    for name in ("report", "to_csv", "to_html", "to_json", "to_markdown", "to_table"):
        assert name in kpimodel.__all__
