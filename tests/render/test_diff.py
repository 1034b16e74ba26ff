"""Rendering a diff of two editions: every format, both languages, escaping, determinism."""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

import kpimodel
from kpimodel import ProgramDiff, parse_program
from kpimodel.render import DIFF_FORMATS, diff_data, render_diff
from kpimodel.render._diff import DIFF_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


@cache
def _seed_diff() -> ProgramDiff:
    old = kpimodel.load(ROOT / "examples" / "ip-strategic-program-2025.yaml")
    return kpimodel.diff(old, kpimodel.datasets.load("ip-strategic-program-2026"))


def _tricky() -> ProgramDiff:
    def program(kpi_id: str, title: str, figure: str) -> kpimodel.Program:
        return parse_program(
            {
                "title": "P",
                "as_of": "2026-03-31",
                "themes": [
                    {
                        "id": "t",
                        "title": "A | <b>theme</b>",
                        "kpis": [
                            {
                                "id": kpi_id,
                                "title": title,
                                "target": {"kind": "monitor"},
                                "observations": [{"period": "2024年", "value": figure}],
                            }
                        ],
                    }
                ],
            }
        )

    return kpimodel.diff(
        program("k-old", "=cmd | <script>x</script>", "10件"),
        program("k", "=cmd | <script>x</script>!", "12件"),
    )


@pytest.mark.parametrize("fmt", DIFF_FORMATS)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_format_renders_deterministically(fmt: str, lang: str) -> None:
    first = render_diff(_seed_diff(), fmt, lang=lang)
    assert first == render_diff(_seed_diff(), fmt, lang=lang)
    assert first.endswith("\n")
    assert "55機関" in first or fmt == "html"


def test_the_table_lists_changes_by_theme_and_kpi() -> None:
    text = render_diff(_seed_diff(), "table", lang="en")
    assert text.splitlines()[0] == "Changes from 2025 to 2026"
    assert "  public-private-rd-investment\n    target set: pending → total ≥ 180兆円\n" in text
    assert "    baseline revised (linked-archives): 55機関 → 67機関\n" in text
    assert "status changed: no-data (no-observations) → on-track (pace-sufficient)" in text
    ja = render_diff(_seed_diff(), "table", lang="ja")
    assert ja.splitlines()[0] == "2025年版から2026年版への変更"
    assert "    基準値改定（linked-archives）：55機関 → 67機関\n" in ja


def test_a_match_by_title_heads_every_format() -> None:
    result = _tricky()
    assert result.matched_by_title
    assert "k-old → k (similarity" in render_diff(result, "table")
    assert "k-old → k" in render_diff(result, "markdown")
    assert "<code>k-old</code> → <code>k</code>" in render_diff(result, "html")
    data = json.loads(render_diff(result, "json"))
    assert data["matches"] == [
        {
            "old_id": "k-old",
            "new_id": "k",
            "by": "title",
            "similarity": result.matches[0].similarity,
        }
    ]
    assert data["themes"][0]["changes"][0]["change"] == "kpi-matched-by-title"
    rows = list(csv.DictReader(io.StringIO(render_diff(result, "csv"))))
    assert {row["matched_by"] for row in rows} == {"title"}


def test_user_text_is_escaped() -> None:
    result = _tricky()
    markdown = render_diff(result, "markdown")
    assert "\\<script>" in markdown  # escaped as the other Markdown renderers escape it
    assert "\\|" in markdown
    html = render_diff(result, "html")
    assert "<script>" not in html
    assert "&lt;b&gt;theme&lt;/b&gt;" in html

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.opened: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.opened.append(tag)

    parser = Tags()
    parser.feed(html)
    assert "script" not in parser.opened
    assert "b" not in parser.opened


def test_csv_quotes_what_a_spreadsheet_would_run() -> None:
    rows = list(csv.reader(io.StringIO(render_diff(_tricky(), "csv"))))
    assert tuple(rows[0]) == DIFF_COLUMNS
    reworded = next(row for row in rows if row[DIFF_COLUMNS.index("change")] == "kpi-reworded")
    old, new = reworded[DIFF_COLUMNS.index("old")], reworded[DIFF_COLUMNS.index("new")]
    assert old.startswith("'=cmd")
    assert new.startswith("'=cmd")


def test_json_has_every_change_with_both_sides() -> None:
    data = diff_data(_seed_diff())
    assert data["counts"] == _seed_diff().counts()
    changes = [c for theme in data["themes"] for c in theme["changes"]]
    assert len(changes) == len(_seed_diff().entries)
    baseline = next(c for c in changes if c["indicator"] == "linked-archives")
    assert (baseline["old"]["value"]["text"], baseline["new"]["value"]["text"]) == (
        "55機関",
        "67機関",
    )
    assert (baseline["old"]["edition"], baseline["new"]["edition"]) == ("2025", "2026")
    target_set = next(c for c in changes if c["change"] == "target-set")
    assert target_set["old"]["target"]["kind"] == "pending"
    assert target_set["new"]["target"]["description"] == "total ≥ 180兆円"
    assert target_set["new"]["target"]["edition"] == "2026"
    status = next(c for c in changes if c["change"] == "status-changed")
    assert status["old"]["status"] == "no-data"
    assert status["new"]["reason"]


def test_an_empty_diff_says_so() -> None:
    program = kpimodel.datasets.load("ip-strategic-program-2026")
    same = kpimodel.diff(program, program)
    assert "No changes." in render_diff(same, "table")
    assert "変更なし。" in render_diff(same, "markdown", lang="ja")
    assert render_diff(same, "csv").count("\r\n") == 1
    assert json.loads(render_diff(same, "json"))["themes"] == []


def test_unknown_formats_and_languages_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render_diff(_tricky(), "xlsx")
    with pytest.raises(ValueError, match="unknown language"):
        render_diff(_tricky(), "table", lang="fr")
