"""Stated statuses: the four statuses in English or Japanese, on KPIs and indicators."""

from __future__ import annotations

import json

import pytest

import kpimodel
from kpimodel import KPI, Indicator, SchemaError, StatedStatus


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("on-track", "on-track"),
        ("順調", "on-track"),
        (" Achieved ", "achieved"),
        ("遅れ", "behind"),
        ("データなし", "no-data"),
    ],
)
def test_the_words(word: str, status: str) -> None:
    assert StatedStatus.model_validate({"status": word}).status == status


@pytest.mark.parametrize("word", ["green", "概ね順調", "", "A"])
def test_other_words_are_located_errors(word: str) -> None:
    doc = (
        "title: t\nthemes:\n- id: a\n  title: a\n  kpis:\n  - id: k\n    title: k\n"
        f"    stated_status: {{status: '{word}'}}\n    target: {{kind: monitor}}\n"
    )
    with pytest.raises(SchemaError) as caught:
        kpimodel.loads(doc)
    assert (caught.value.kpi_id, caught.value.field) == ("k", "stated_status.status")
    assert "順調" in str(caught.value)


def test_on_a_flat_kpi_it_is_the_kpis_and_on_an_indicator_its_own() -> None:
    kpi = KPI.model_validate(
        {
            "id": "k",
            "title": "k",
            "stated_status": {"status": "順調", "note": "概ね順調", "source": "フォローアップ"},
            "target": {"kind": "monitor"},
        }
    )
    assert kpi.stated_status is not None
    assert kpi.stated_status.note == "概ね順調"
    assert kpi.indicators[0].stated_status is None
    indicator = Indicator.model_validate({"id": "i", "stated_status": {"status": "behind"}})
    assert indicator.stated_status == StatedStatus(status="behind")


def test_round_trip_and_schema() -> None:
    kpi = KPI.model_validate(
        {"id": "k", "title": "k", "stated_status": {"status": "遅れ", "source": "s"}}
        | {"target": {"kind": "monitor"}}
    )
    assert KPI.model_validate(json.loads(kpi.model_dump_json())) == kpi
    schema = json.dumps(kpimodel.program_schema(), ensure_ascii=False)
    assert "StatedStatus" in schema
    assert "データなし" in schema
