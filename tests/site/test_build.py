"""The files ``kpimodel.site`` writes (kpimodel.integrations.site), read without a browser."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_support import has_extra, require

import kpimodel
from kpimodel import datasets
from kpimodel.cli import main

PROGRAM = datasets.load("ip-strategic-program-2026")
RESULT = kpimodel.evaluate(PROGRAM)
ROOT = Path(__file__).resolve().parents[2]

HOSTILE = """
title: "計画 <script>alert(1)</script>"
title_en: "Plan <b>bold</b> & co"
as_of: "2026-03-31"
themes:
  - id: t
    title: "テーマ <i>"
    kpis:
      - id: "weird id/<x>"
        title: "目標 </script><script>alert(2)</script>"
        title_en: "Goal \\"quoted\\" 'single' <img src=x onerror=alert(3)>"
        target: {kind: absolute, value: 10件, deadline: 2030年}
        observations:
          - {period: 2025年, value: 5件, source: "出典 <a href='http://evil'>x</a>"}
      - id: Weird
        title: 大文字
        target: {kind: monitor}
        observations:
          - {period: 2025年, value: 1件}
      - id: weird
        title: 小文字
        target: {kind: monitor}
"""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.lang: str | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.html"))


def test_a_page_per_kpi_in_both_languages(site_dir: Path) -> None:
    pages = {p.relative_to(site_dir).as_posix() for p in _pages(site_dir)}
    expected = {"index.html", "ja/index.html"}
    for item in RESULT.kpis:
        expected |= {f"kpi/{item.kpi_id}.html", f"ja/kpi/{item.kpi_id}.html"}
    assert pages == expected


def test_every_link_stays_in_the_site_and_resolves(site_dir: Path) -> None:
    for page in _pages(site_dir):
        parsed = _parse(page)
        assert parsed.lang == ("ja" if page.relative_to(site_dir).parts[0] == "ja" else "en")
        for link in parsed.links:
            assert not re.match(r"^[a-z]+:|^//", link), f"{page}: {link}"
            if link.startswith("#"):
                assert f'id="{link[1:]}"' in page.read_text(encoding="utf-8")
                continue
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file(), f"{page}: {link}"
            assert target.is_relative_to(site_dir.resolve())
    css = (site_dir / "assets" / "site.css").read_text(encoding="utf-8")
    assert "url(" not in css
    assert "@import" not in css


def test_the_chart_library_is_copied_in_not_committed(site_dir: Path) -> None:
    bundle = (site_dir / "assets" / "vega.js").read_text(encoding="utf-8")
    assert "window.vegaEmbed=" in bundle
    assert len(bundle) > 100_000
    if (ROOT / ".git").exists():
        tracked = subprocess.run(
            ["git", "ls-files", "*.js"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        assert tracked == ["src/kpimodel/integrations/site/static/site.js"]


def test_every_figure_and_explanation_is_on_its_page(site_dir: Path) -> None:
    for item in RESULT.kpis:
        for lang in ("en", "ja"):
            prefix = "" if lang == "en" else "ja/"
            text = (site_dir / f"{prefix}kpi/{item.kpi_id}.html").read_text(encoding="utf-8")
            assert item.explanation in unescape(text)
            assert item.explanation_ja in unescape(text)
            kpi = PROGRAM.kpi(item.kpi_id)
            for indicator in kpi.indicators:
                observations = (
                    PROGRAM.series_observations(indicator.series)
                    if indicator.series
                    else indicator.all_observations
                )
                for obs in observations:
                    assert str(obs.value) in unescape(text), (item.kpi_id, obs)
                    if obs.source:
                        assert obs.source in unescape(text), (item.kpi_id, obs.source)


def test_every_chart_has_a_static_svg_and_alt_text(site_dir: Path) -> None:
    for page in _pages(site_dir):
        html = page.read_text(encoding="utf-8")
        images = re.findall(r'<img class="chart-static" src="([^"]+)" alt="([^"]*)"', html)
        assert html.count('<figure class="chart"') == len(images), page
        for source, alt in images:
            assert alt.strip()
            svg = (page.parent / source).read_text(encoding="utf-8")
            assert svg.startswith("<svg")
            assert "<path" in svg


def test_user_text_is_escaped_everywhere(tmp_path: Path) -> None:
    require(has_extra(), "the site extra")
    program = kpimodel.loads(HOSTILE)
    kpimodel.site(tmp_path, program)
    pages = _pages(tmp_path)
    assert len(pages) == 2 * 4
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<b>bold", "<img src=x", "<a href='http://evil'", "<i>"):
            assert raw not in html, (page, raw)
        # The JSON in <script> cannot close its element.
        for block in _parse(page).scripts:
            assert "</" not in block
    names = {p.name for p in (tmp_path / "kpi").iterdir()}
    assert names == {"kpi-1.html", "Weird.html", "kpi-3.html"}
    english = (tmp_path / "kpi" / "kpi-1.html").read_text(encoding="utf-8")
    assert "Goal \"quoted\" 'single' <img src=x onerror=alert(3)>" in unescape(english)


COMPLETION = """
title: 計画
as_of: "2026-06-30"
themes:
  - id: t
    title: テーマ
    kpis:
      - id: plan
        title: 避難所運営計画を策定する
        stated_status: {status: 達成, note: 策定済みとの記載}
        target:
          kind: completion
          deadline: 2027年度
          reports:
            - {period: 2024年度, status: 未着手, source: 未着手である。}
            - {period: 2025年度, status: 実施中}
            - {period: 2026年度, status: 完了}
"""


def test_completion_reports_and_stated_statuses_are_on_the_kpi_page(tmp_path: Path) -> None:
    require(has_extra(), "the site extra")
    kpimodel.site(tmp_path, kpimodel.loads(COMPLETION))
    english = unescape((tmp_path / "kpi" / "plan.html").read_text(encoding="utf-8"))
    japanese = unescape((tmp_path / "ja" / "kpi" / "plan.html").read_text(encoding="utf-8"))
    assert "done by FY2027" in english
    assert "in progress (FY2025)" in english  # the deciding report, as the latest
    assert "未着手である。" in english  # every report, with its source
    assert "Status the table states" in english
    assert "achieved (策定済みとの記載)" in english
    assert "The table states achieved; computed on-track." in english
    assert "2027年度までに完了" in japanese
    assert "表に記載の状況" in japanese
    # The FY2026 report is not known at the as-of date: shown, marked, not used.
    assert english.count("<strong>done</strong>") == 1


def test_building_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    require(has_extra(), "the site extra")
    program = kpimodel.loads(HOSTILE)
    first, second = tmp_path / "a", tmp_path / "b"
    kpimodel.site(first, program)
    kpimodel.site(second, program)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_as_of_is_applied(tmp_path: Path) -> None:
    require(has_extra(), "the site extra")
    index = kpimodel.site(tmp_path, PROGRAM, as_of=kpimodel.parse_period("2025年").last_day)
    assert index == tmp_path / "index.html"
    assert "As of 2025-12-31" in index.read_text(encoding="utf-8")


def test_cli_writes_the_bundled_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require(has_extra(), "the site extra")
    assert main(["site", "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {tmp_path / 'out' / 'index.html'}"
    assert (tmp_path / "out" / "ja" / "kpi" / f"{RESULT.kpis[0].kpi_id}.html").is_file()


def test_cli_reports_bad_input_and_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["site", str(tmp_path / "missing.yaml"), "-o", str(tmp_path)]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    assert main(["site"]) == 2
    assert "-o/--output" in capsys.readouterr().err
    assert main(["site", "x.yaml", "--dataset", "y", "-o", str(tmp_path)]) == 2
    assert "not both" in capsys.readouterr().err


def test_a_missing_extra_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "jinja2", None)
    monkeypatch.delitem(sys.modules, "kpimodel.integrations.site._build", raising=False)
    with pytest.raises(ImportError, match=r'pip install -e "\.\[site\]"'):
        importlib.import_module("kpimodel.integrations.site._build")
    with pytest.raises(ImportError, match=r'pip install -e "\.\[site\]"'):
        kpimodel.site(tmp_path)
    assert main(["site", "-o", str(tmp_path)]) == 2


def test_importing_kpimodel_loads_no_site_dependency() -> None:
    probe = (
        "import sys, kpimodel\n"
        "from kpimodel import datasets\n"
        "r = kpimodel.evaluate(datasets.load('ip-strategic-program-2026'))\n"
        "r._repr_mimebundle_()\n"
        "kpimodel.site\n"
        "print([m for m in ('jinja2', 'vl_convert', 'playwright') if m in sys.modules])"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert run.stdout.strip().splitlines()[-1] == "[]"


MILESTONES = """
title: Plan
language: en
as_of: "2026-06-30"
themes:
  - id: t
    title: Theme
    kpis:
      - id: emissions
        title: Emissions
        target:
          kind: trend
          change: -50%
          direction: lower
          deadline: 2030年度
          baseline: {value: 1200万t, period: 2019年度}
          milestones:
            - {deadline: 2022年度, change: -10%}
            - {deadline: 2024年度, change: -20%}
        observations:
          - {period: 2021年度, value: 1100万t}
          - {period: 2022年度, value: 1050万t}
          - {period: 2024年度, value: 990万t}
      - id: coverage
        title: 5G coverage
        target: {kind: ratio, value: 100%, deadline: 2030, limit: 100%}
        observations:
          - {period: 2021, value: 66%}
          - {period: 2023, value: 89%}
"""


def test_milestones_limit_and_attainment_are_on_the_kpi_page(tmp_path: Path) -> None:
    require(has_extra(), "the site extra")
    kpimodel.site(tmp_path, kpimodel.loads(MILESTONES))
    english = unescape((tmp_path / "kpi" / "emissions.html").read_text(encoding="utf-8"))
    assert "Milestones" in english
    assert "milestone met" in english
    assert "milestone missed" in english
    coverage = unescape((tmp_path / "kpi" / "coverage.html").read_text(encoding="utf-8"))
    assert "Natural limit" in coverage
    assert "When met" in coverage
    assert "projected to be met in 2024" in coverage
    japanese = unescape((tmp_path / "ja" / "kpi" / "coverage.html").read_text(encoding="utf-8"))
    assert "限界値" in japanese
    assert "2024年に達成見込み" in japanese
    # The chart's static SVG draws the limit's label and the attainment date.
    (source,) = re.findall(r'<img class="chart-static" src="([^"]+)"', coverage)
    svg = ((tmp_path / "kpi") / source).read_text(encoding="utf-8")
    assert "projected to be met in 2024" in svg
    assert ">limit<" in svg


def test_a_completion_target_has_a_timeline_chart(tmp_path: Path) -> None:
    require(has_extra(), "the site extra")
    kpimodel.site(tmp_path, kpimodel.loads(COMPLETION))
    english = (tmp_path / "kpi" / "plan.html").read_text(encoding="utf-8")
    (source,) = re.findall(r'<img class="chart-static" src="([^"]+)"', english)
    svg = ((tmp_path / "kpi") / source).read_text(encoding="utf-8")
    assert "FY2025: in progress" in svg
