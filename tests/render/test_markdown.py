"""Markdown: headings per theme, pipe tables, explanations, escaping."""

from __future__ import annotations

import re

import pytest

from kpimodel import to_markdown
from kpimodel.render._labels import english_text
from kpimodel.render._markdown import escape

from . import bundled_evaluation, small_evaluation, small_program


def test_document_structure() -> None:
    text = to_markdown(small_evaluation())
    lines = text.splitlines()
    assert lines[0] == "# A small program"
    assert "As of 2026-03-31." in lines
    assert lines.index("## Exports") < lines.index("## People")
    assert "| ID | KPI | Target | Latest | Status | Reason |" in lines
    assert "| --- | --- | --- | --- | --- | --- |" in lines
    assert lines[-1] == "**Summary**: 0 achieved, 2 on-track, 1 behind, 1 no-data (4 KPIs)"


def test_rows_and_indicators() -> None:
    text = to_markdown(small_evaluation())
    row = next(line for line in text.splitlines() if line.startswith("| agri-exports |"))
    cells = [cell.strip() for cell in row.strip("|").split(" | ")]
    assert cells[2:] == [
        "≥ 5兆円 by 2030",
        "about 1.7兆円 (2025)",
        "**behind**",
        "pace-insufficient",
    ]
    assert "| ↳ consultations |  | monitor | 74件 (2025) | **no-data** | no-target |" in text


def test_every_table_row_has_the_same_number_of_cells() -> None:
    text = to_markdown(bundled_evaluation())
    for line in text.splitlines():
        if line.startswith("| "):
            unescaped = line.replace("\\|", "")
            assert unescaped.count("|") == 7, line


def test_explanations_are_listed_unless_turned_off() -> None:
    result = small_evaluation()
    text = to_markdown(result)
    for kpi in result.kpis:
        assert escape(english_text(kpi.explanation)) in text
    assert english_text(result.kpis[0].explanation) not in to_markdown(result, explain=False)


def test_japanese() -> None:
    text = to_markdown(small_evaluation(), lang="ja")
    assert text.startswith("# 小さな計画\n")
    assert "## 輸出" in text
    assert "| ID | KPI | 目標 | 最新値 | 状況 | 理由 |" in text
    assert "**遅れ**" in text
    assert "**集計**：達成 0、順調 2、遅れ 1、データなし 1（全4件）" in text


def test_user_text_is_escaped() -> None:
    text = to_markdown(small_evaluation())
    assert re.search(r"(?<!\\)<", text) is None  # every < is escaped: no HTML tag can open
    assert "\\<script>alert('x')\\</script> \\| a & b" in text
    assert escape("a|b*c_d`e[f]g<h>") == "a\\|b\\*c\\_d\\`e\\[f\\]g\\<h>"
    assert escape("&amp; & R&D") == "&amp;amp; & R&D"
    assert escape("two\nlines") == "two lines"


def test_models_and_heading_levels() -> None:
    text = to_markdown(small_program(), heading_level=2)
    assert text.startswith("## A small program\n")
    assert "### Exports" in text
    assert "Status" not in text
    with pytest.raises(ValueError, match="heading_level"):
        to_markdown(small_program(), heading_level=7)


def test_a_rating_shows_beside_the_status() -> None:
    import datetime as dt

    import kpimodel

    indicator = kpimodel.Indicator.model_validate(
        {
            "id": "x",
            "target": {"kind": "ratio", "value": "50%", "deadline": "2030年"},
            "observations": [{"period": "2025年", "value": "52%"}],
        }
    )
    result = kpimodel.evaluate(indicator, dt.date(2026, 3, 31), scale="cabinet")
    assert "(A: progress at least the share of the period elapsed)" in to_markdown(result)
    assert "(A：目標期間の経過割合以上に進捗)" in to_markdown(result, lang="ja")
    assert "(A" not in to_markdown(kpimodel.evaluate(indicator, dt.date(2026, 3, 31)))
