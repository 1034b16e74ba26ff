"""The HTML report in a real browser: headless Chromium at desktop and phone widths.

Renders the bundled dataset's report in both languages, loads it into the system's
Chromium (``/usr/bin/chromium``, driven by the ``playwright`` package; no browser is ever
downloaded) and checks what a reader would see: nothing wider than the screen, no text
spilling out of its cell, every figure on one line with its unit, every piece of Japanese
text inside a ``lang="ja"`` element, and the explanation column wider than the id column.
Screenshots are written to ``$KPIMODEL_SCREENSHOTS`` when it is set (to look at them).

Without Chromium or playwright the test is skipped on a workstation and FAILS under CI
(``CI=true``), where ``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kpimodel import report

from . import bundled_evaluation

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: the browser test must run in CI (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable('playwright is not installed (pip install -e ".[test]")')
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# What the page says about itself, measured by the browser's layout.
_MEASURE = """() => {
  const doc = document.documentElement;
  const cells = Array.from(document.querySelectorAll("td, th"));
  const spilled = cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.outerHTML);
  const broken = Array.from(document.querySelectorAll(".kpimodel-figure")).filter(e => {
    const boxes = Array.from(e.getClientRects());
    return Math.max(...boxes.map(b => b.top)) >= Math.min(...boxes.map(b => b.bottom));
  }).map(e => e.textContent);
  const japanese = /[\\u3040-\\u30ff\\u4e00-\\u9fff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const unmarked = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement.closest("[lang]");
    if (japanese.test(node.data) && (!owner || owner.lang !== "ja")) unmarked.push(node.data);
  }
  const head = Array.from(document.querySelectorAll("thead th"));
  return {
    scrollWidth: doc.scrollWidth,
    clientWidth: doc.clientWidth,
    spilled: spilled,
    broken: broken,
    figures: document.querySelectorAll(".kpimodel-figure").length,
    unmarked: unmarked,
    headWidths: head.map(th => th.getBoundingClientRect().width),
    headVisible: head.some(th => th.getBoundingClientRect().height > 0),
  };
}"""


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_html_report_in_a_browser(browser: Any, lang: str, device: str) -> None:
    html = report(bundled_evaluation(), "html", lang=lang)
    width, height = VIEWPORTS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.set_content(html, wait_until="load")
        seen = page.evaluate(_MEASURE)
        shot = page.screenshot(full_page=True)
    finally:
        page.close()
    folder = os.environ.get("KPIMODEL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"report-{lang}-{device}.png").write_bytes(shot)

    # The page fits the screen: no horizontal scrolling, no text spilling out of a cell.
    assert seen["scrollWidth"] <= seen["clientWidth"] == width, seen["scrollWidth"]
    assert seen["spilled"] == [], seen["spilled"][:3]
    # A figure and its unit stay on one line (180兆円, never 180 / 兆円).
    assert seen["figures"] > 100
    assert seen["broken"] == []
    # Japanese text is marked as Japanese, so that browsers pick Japanese glyph shapes.
    assert seen["unmarked"] == []
    # The screenshot shows the whole report: as wide as the screen, many screens tall.
    shot_width, shot_height = _png_size(shot)
    assert shot_width == width
    assert shot_height > 3 * height
    assert len(shot) > 50_000  # not a blank page
    if device == "desktop":
        assert seen["headVisible"]
        id_column, *_, reason_column = seen["headWidths"]
        assert reason_column > 2.5 * id_column  # the explanation gets the width
        assert id_column < width / 8
    else:
        # On a phone each row is a block of labelled lines: no header row to line up with.
        assert not seen["headVisible"]


def test_a_missing_browser_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run in CI"):
        _unavailable("no chromium")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no chromium"):
        _unavailable("no chromium")
