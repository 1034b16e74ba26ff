"""The generated site in a real browser (headless Chromium, driven by playwright).

Every page must load offline with no console error and no request leaving the site, the
charts must draw, the KPI table must filter and sort, the language switch must work, and
the pages must fit desktop and phone widths. Screenshots are written to the directory
named by ``KPIMODEL_SCREENSHOTS`` (default: beside the built site).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import kpimodel
from kpimodel import datasets

PROGRAM = datasets.load("ip-strategic-program-2026")
RESULT = kpimodel.evaluate(PROGRAM)
_CHARTS_READY = (
    "() => [...document.querySelectorAll('figure.chart')]"
    ".every(f => f.classList.contains('chart-ready'))"
)


@dataclass
class Visit:
    """A browser tab on the site, with what it logged and requested."""

    page: Any
    base: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_function(_CHARTS_READY, timeout=30_000)

    def rows(self) -> list[Any]:
        return self.page.locator("#kpi-table tbody tr:visible").all()

    def visible_ids(self) -> list[str]:
        return [row.locator("td").first.inner_text().strip() for row in self.rows()]


def _visit(browser: Any, base: str, width: int = 1280, **options: Any) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    visit = Visit(page, base)

    def route(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            visit.foreign.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    yield from _visit(browser, server)


def _pages(lang: str) -> list[str]:
    from kpimodel.integrations.site._build import page_path, slugs

    names = slugs(PROGRAM)
    return [page_path(lang), *(page_path(lang, names[k.kpi_id]) for k in RESULT.kpis)]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_page_loads_offline_without_errors_and_draws_its_charts(
    visit: Visit, lang: str
) -> None:
    pages = _pages(lang)
    assert len(pages) == 1 + len(RESULT.kpis)
    charts = 0
    for path in pages:
        visit.open(path)
        assert visit.page.evaluate("document.documentElement.lang") == lang, path
        figures = visit.page.locator("figure.chart").all()
        for figure in figures:
            marks = figure.locator(".chart-live svg .role-mark > *").count()
            assert marks > 0, f"{path}: an empty chart"
            assert figure.locator(".chart-static").get_attribute("alt"), path
        charts += len(figures)
        assert visit.page.locator("h1").inner_text().strip(), path
    assert visit.errors == []
    assert visit.foreign == []
    # The overview's chart and at least one trajectory per KPI that has dated figures.
    assert charts > len(RESULT.kpis)


def test_filter_by_text_status_and_theme(visit: Visit) -> None:
    visit.open("index.html")
    total = len(RESULT.kpis)
    assert len(visit.rows()) == total
    visit.page.fill("#filter-text", "agri-food")
    assert visit.visible_ids() == ["agri-food-exports"]
    assert visit.page.inner_text("#shown") == f"Showing 1 of {total} KPIs"
    visit.page.fill("#filter-text", "")
    visit.page.select_option("#filter-status", "behind")
    behind = [k.kpi_id for k in RESULT.kpis if k.status.value == "behind"]
    assert visit.visible_ids() == behind
    theme = RESULT.themes[0].theme_id
    visit.page.select_option("#filter-status", "")
    visit.page.select_option("#filter-theme", theme)
    assert visit.visible_ids() == [k.kpi_id for k in RESULT.kpis if k.theme_id == theme]
    visit.page.select_option("#filter-theme", "")
    visit.page.fill("#filter-text", "no such kpi at all")
    assert visit.visible_ids() == []
    assert visit.page.inner_text("#shown") == f"Showing 0 of {total} KPIs"
    assert visit.errors == []


def test_sorting_by_a_column_and_back(visit: Visit) -> None:
    visit.open("index.html")
    ids = [k.kpi_id for k in RESULT.kpis]
    header = visit.page.locator("#kpi-table th").first
    header.locator("button").click()
    assert visit.visible_ids() == sorted(ids)
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    assert visit.visible_ids() == sorted(ids, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    # By status: achieved first, no-data last, as the reports list them.
    status = visit.page.locator("#kpi-table th").nth(5)
    status.locator("button").click()
    assert header.get_attribute("aria-sort") == "none"
    order = ["achieved", "on-track", "behind", "no-data"]
    seen = [order.index(str(row.get_attribute("data-status"))) for row in visit.rows()]
    assert seen == sorted(seen)


def test_keyboard_reaches_the_skip_link_and_sorts(visit: Visit) -> None:
    visit.open("index.html")
    visit.page.keyboard.press("Tab")
    assert visit.page.evaluate("document.activeElement.className") == "skip"
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_function("document.activeElement.id === 'main'", timeout=5_000)
    visit.page.locator("#kpi-table th button").first.focus()
    visit.page.keyboard.press("Enter")
    ids = [k.kpi_id for k in RESULT.kpis]
    assert visit.visible_ids() == sorted(ids)


def test_language_switch_keeps_the_page(visit: Visit) -> None:
    visit.open("index.html")
    visit.page.click("a[data-lang-switch]")
    visit.page.wait_for_function(_CHARTS_READY)
    assert visit.page.url.endswith("/ja/index.html")
    assert visit.page.evaluate("document.documentElement.lang") == "ja"
    assert visit.page.locator("h1").inner_text() == PROGRAM.title
    assert visit.page.inner_text("#shown") == f"{len(RESULT.kpis)}件中{len(RESULT.kpis)}件を表示"
    visit.page.click("#kpi-table a >> nth=0")
    first = RESULT.kpis[0]
    assert visit.page.locator("h1").inner_text() == first.title
    visit.page.click("a[data-lang-switch]")
    assert visit.page.evaluate("document.documentElement.lang") == "en"
    assert visit.page.locator("h1").inner_text() == first.title_en
    assert visit.errors == []


def test_without_javascript_the_static_charts_show(browser: Any, server: str) -> None:
    for visit in _visit(browser, server, java_script_enabled=False):
        visit.page.goto(server + "kpi/agri-food-exports.html")
        image = visit.page.locator("img.chart-static").first
        image.wait_for()
        visit.page.wait_for_function(
            "() => [...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )
        assert image.is_visible()
        assert visit.foreign == []


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    "path", ["index.html", "ja/index.html", "kpi/agri-food-exports.html", "ja/kpi/japan-fans.html"]
)
def test_screenshots_fit_the_width(
    browser: Any, server: str, site_dir: Path, width: int, path: str
) -> None:
    shots = Path(os.environ.get("KPIMODEL_SCREENSHOTS") or site_dir.parent / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    for visit in _visit(browser, server, width=width):
        visit.open(path)
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"
        visit.page.evaluate("document.fonts.ready.then(() => true)")
        file = shots / f"{path.replace('/', '_').removesuffix('.html')}-{width}.png"
        visit.page.screenshot(path=str(file), full_page=True)
        shot_width, shot_height = _png_size(file)
        assert shot_width == width
        assert shot_height >= 600
        height = visit.page.evaluate("document.documentElement.scrollHeight")
        assert abs(shot_height - height) <= 1, (shot_height, height)
        # Painted to its end: the page's margin at the left edge is white on every row.
        with Image.open(file) as image:
            edge = image.convert("RGB").crop((0, 0, 4, shot_height))
            colours = {colour for _count, colour in edge.getcolors(maxcolors=1 << 16) or []}
        assert colours <= {(255, 255, 255), (246, 248, 250), (208, 215, 222)}, colours
        assert visit.errors == []
