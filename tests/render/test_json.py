"""JSON: the documented keys, enum status values, exact figures, deterministic bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import kpimodel
from kpimodel import Status, to_json
from kpimodel.render import to_data

from . import bundled_evaluation, bundled_program, small_evaluation, small_program

DOC = Path(__file__).resolve().parents[2] / "docs" / "json-format.md"
STATUS_VALUES = ["achieved", "on-track", "behind", "no-data"]
KPI_KEYS = {
    "id",
    "theme",
    "title",
    "title_en",
    "status",
    "reason",
    "explanation",
    "explanation_ja",
    "indicators",
}
INDICATOR_KEYS = {
    "id",
    "status",
    "reason",
    "explanation",
    "explanation_ja",
    "latest",
    "target",
    "deadline",
    "baseline",
    "actual_rate",
    "required_rate",
    "pace",
    "pace_grade",
    "progress",
}


def _document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_json(bundled_evaluation()))
    return data


def test_top_level_keys() -> None:
    data = _document()
    result = bundled_evaluation()
    assert {"program", "as_of", "summary", "kpis"} <= set(data)
    assert data["program"] == result.program
    assert data["as_of"] == result.as_of.isoformat()
    assert data["format"] == "kpimodel-evaluation"
    assert data["format_version"] == 1


def test_summary_is_keyed_by_status_value() -> None:
    data = _document()
    assert list(data["summary"]) == STATUS_VALUES
    assert data["summary"] == bundled_evaluation().summary.as_dict()
    for theme in data["themes"]:
        assert list(theme["summary"]) == STATUS_VALUES


def test_every_kpi_and_indicator_has_the_required_keys() -> None:
    data = _document()
    result = bundled_evaluation()
    assert [k["id"] for k in data["kpis"]] == [k.kpi_id for k in result.kpis]
    for item, kpi in zip(data["kpis"], result.kpis, strict=True):
        assert set(item) >= KPI_KEYS
        assert item["theme"] == kpi.theme_id
        assert item["status"] in STATUS_VALUES
        assert item["status"] == kpi.status.value
        assert item["explanation_ja"] == kpi.explanation_ja
        assert len(item["indicators"]) == len(kpi.indicators)
        for ind in item["indicators"]:
            assert set(ind) >= INDICATOR_KEYS
            assert ind["status"] in STATUS_VALUES


def test_figures_are_exact_and_complete() -> None:
    data = json.loads(to_json(small_evaluation()))
    exports = next(k for k in data["kpis"] if k["id"] == "agri-exports")["indicators"][0]
    assert exports["target"] == {
        "text": "5兆円",
        "magnitude": "5",
        "unit": "兆円",
        "approximate": False,
    }
    assert exports["latest"]["value"]["magnitude"] == "1.7"
    assert exports["latest"]["value"]["approximate"] is True
    assert exports["latest"]["period"] == {
        "text": "2025年",
        "kind": "calendar_year",
        "first_day": "2025-01-01",
        "last_day": "2025-12-31",
    }
    assert exports["deadline"]["last_day"] == "2030-12-31"
    assert exports["baseline"] == {
        "text": "約1.5兆円",
        "magnitude": "1.5",
        "unit": "兆円",
        "approximate": True,
    }
    assert isinstance(exports["pace"], float)
    assert exports["pace_grade"] in ("significant", "moderate", "insufficient", "moving-away")
    assert exports["target_text"] == "≥ 5兆円 by 2030"
    assert exports["target_text_ja"] == "2030年までに5兆円以上"


def test_output_is_deterministic_and_unescaped() -> None:
    first = to_json(bundled_evaluation())
    again = to_json(kpimodel.evaluate(kpimodel.loads(kpimodel.dumps(bundled_program()))))
    assert first == again
    assert "知的財産推進計画" in first  # ensure_ascii=False
    assert "\\u" not in first
    assert first.endswith("}\n")


def test_status_values_do_not_depend_on_the_language() -> None:
    text = to_json(small_evaluation())
    assert "遅れ" not in text.split('"explanation_ja"')[0]
    statuses = re.findall(r'"status": "([^"]+)"', text)
    assert statuses
    assert set(statuses) <= set(STATUS_VALUES)


def test_non_finite_numbers_become_null() -> None:
    result = small_evaluation().kpi("agri-exports")
    broken = result.indicators[0].model_copy(update={"pace": float("inf"), "progress": None})
    data = json.loads(to_json(broken))
    assert data["pace"] is None
    assert data["progress"] is None


def test_a_kpi_and_an_indicator_alone() -> None:
    kpi = small_evaluation().kpi("schools")
    data = json.loads(to_json(kpi))
    assert data["as_of"] == "2026-03-31"
    assert data["id"] == "schools"
    assert [i["id"] for i in data["indicators"]] == ["consultations", "to-be-set"]
    lone = to_data(kpi.indicators[1])
    assert lone["status"] == Status.NO_DATA.value
    assert lone["reason"] == "target-pending"
    assert lone["target_text"] == "pending"
    assert json.loads(to_json(kpi.indicators[1], indent=None)) == lone


def test_only_evaluations_are_written() -> None:
    with pytest.raises(TypeError, match="JSON"):
        to_json(small_program())  # type: ignore[arg-type]


def _keys(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            found.add(key)
            if key != "parameters":
                found |= _keys(item)
    elif isinstance(value, list):
        for item in value:
            found |= _keys(item)
    return found


def test_every_key_is_documented() -> None:
    documented = set(re.findall(r"\| `([a-z_-]+)` \|", DOC.read_text(encoding="utf-8")))
    keys = _keys(_document()) | _keys(json.loads(to_json(small_evaluation())))
    assert keys <= documented, sorted(keys - documented)
