"""CSV: one row per indicator, with ids, titles, statuses, figures and explanations."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

import kpimodel
from kpimodel import to_csv
from kpimodel.render._csv import COLUMNS
from kpimodel.render._labels import english_text

from . import bundled_evaluation, small_evaluation, small_program


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_header_and_one_row_per_indicator() -> None:
    result = bundled_evaluation()
    text = to_csv(result)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = _read(text)
    assert len(rows) == sum(len(k.indicators) for k in result.kpis)
    pairs = [(r["kpi_id"], r["indicator_id"]) for r in rows]
    assert pairs == [(i.kpi_id, i.indicator_id) for i in result.indicators()]


def test_values_of_a_row() -> None:
    result = small_evaluation()
    rows = {r["indicator_id"]: r for r in _read(to_csv(result))}
    exports = rows["agri-exports"]
    evaluation = result.kpi("agri-exports").indicators[0]
    assert exports["theme_id"] == "exports"
    assert exports["kpi_title"] == "農林水産物・食品の輸出額を2030年までに5兆円とする。"
    assert exports["kpi_title_en"] == "Agricultural exports of 5 trillion yen by 2030."
    assert exports["status"] == evaluation.status.value == exports["kpi_status"]
    assert exports["reason"] == str(evaluation.reason)
    assert exports["target"] == "≥ 5兆円 by 2030"
    assert (exports["target_value"], exports["unit"]) == ("5", "兆円")
    assert exports["deadline"] == "2030年"
    assert exports["latest_value"] == "1.7"
    assert exports["latest_period"] == "2025年"
    assert float(exports["pace"]) == pytest.approx(evaluation.pace)
    assert float(exports["progress"]) == pytest.approx(evaluation.progress)
    # English output reads 約 as "about"; the figures stay as the table printed them.
    assert exports["explanation"] == english_text(evaluation.explanation)
    assert "about 1.5兆円" in exports["explanation"]
    pending = rows["to-be-set"]
    assert pending["kpi_status"] == "no-data"
    assert pending["target"] == "pending"
    assert pending["latest_value"] == pending["pace"] == ""


def test_japanese_descriptions_and_enum_statuses() -> None:
    rows = _read(to_csv(small_evaluation(), lang="ja"))
    exports = rows[0]
    assert exports["target"] == "2030年までに5兆円以上"
    assert exports["explanation"] == small_evaluation().kpis[0].explanation_ja
    assert {r["status"] for r in rows} <= {"achieved", "on-track", "behind", "no-data"}


def test_free_text_cannot_become_a_spreadsheet_formula() -> None:
    yaml = """
title: t
themes:
  - id: t
    title: t
    kpis:
      - id: k
        title: "=HYPERLINK(\\"http://example.invalid\\")"
        title_en: "@SUM(A1)"
        target: {kind: monitor}
"""
    row = _read(to_csv(kpimodel.evaluate(kpimodel.loads(yaml))))[0]
    assert row["kpi_title"].startswith("'=")
    assert row["kpi_title_en"].startswith("'@")


def test_a_kpi_and_an_indicator_alone() -> None:
    kpi = small_evaluation().kpi("schools")
    assert len(_read(to_csv(kpi))) == 2
    lone = _read(to_csv(kpi.indicators[0]))
    assert len(lone) == 1
    assert lone[0]["kpi_id"] == "schools"
    assert lone[0]["kpi_title"] == ""


def test_deterministic_and_checked() -> None:
    assert to_csv(small_evaluation()) == to_csv(kpimodel.evaluate(small_program()))
    with pytest.raises(TypeError, match="CSV"):
        to_csv(small_program())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        to_csv(small_evaluation(), lang="de")


def test_every_figure_of_a_row_is_in_the_rows_unit() -> None:
    # The target is written in 兆円 and the figures in 億円: one unit column (the target's),
    # every figure converted to it exactly, so the figures can be compared as written.
    yaml = """
title: t
themes:
  - id: t
    title: t
    kpis:
      - id: k
        title: k
        target: {kind: absolute, value: 5兆円, deadline: 2030年}
        observations: [{period: 2020年, value: 10000億円}, {period: 2024年, value: '20,000億円'}]
"""
    (row,) = _read(to_csv(kpimodel.evaluate(kpimodel.loads(yaml), dt.date(2025, 6, 1))))
    assert row["unit"] == "兆円"
    assert (row["latest_value"], row["baseline_value"], row["target_value"]) == ("2", "1", "5")
    assert row["target"] == "≥ 5兆円 by 2030"
    # The compound path from 1兆円 (2020年) to 5兆円 (2030年), at 2024年.
    assert float(row["expected_value"]) == pytest.approx(5**0.4, rel=1e-5)
    assert row["rated_value"] == row["latest_value"]
    assert row["latest_approximate"] == "false"
