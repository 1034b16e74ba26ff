"""Completion states and reports: the fixed words, round trips and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kpimodel
from kpimodel import CompletionReport, CompletionTarget, SchemaError
from kpimodel.model import CompletionState
from kpimodel.model._completion import STATE_WORDS, parse_state


@pytest.mark.parametrize(
    ("state", "word"), [(state, word) for state, words in STATE_WORDS.items() for word in words]
)
def test_every_documented_word_reads(state: CompletionState, word: str) -> None:
    assert parse_state(word) is state
    assert parse_state(f"  {word.upper()} ") is state


def test_the_words_are_documented() -> None:
    page = Path(__file__).parents[2] / "docs"
    text = (page / "semantics.md").read_text(encoding="utf-8")
    for words in STATE_WORDS.values():
        for word in words:
            assert f"`{word}`" in text, word


def test_unknown_words_are_refused_with_the_list() -> None:
    with pytest.raises(SchemaError, match="完了, 実施済み"):
        CompletionReport.model_validate({"period": "2025年度", "status": "ほぼ完了"})
    with pytest.raises(SchemaError):
        CompletionReport.model_validate({"period": "2025年度", "status": True})


def test_a_report_needs_a_period() -> None:
    with pytest.raises(SchemaError):
        CompletionReport.model_validate({"status": "完了"})


def test_round_trip_keeps_the_state() -> None:
    target = CompletionTarget.model_validate(
        {
            "deadline": "2027年度",
            "reports": [{"period": "2025年度", "status": "実施中", "source": "実施中である。"}],
        }
    )
    back = kpimodel.Target.parse(json.loads(target.model_dump_json()))
    assert back == target
    assert target.model_dump(mode="json")["reports"][0]["status"] == "in-progress"


def test_the_schema_lists_the_words() -> None:
    schema = json.dumps(kpimodel.program_schema(), ensure_ascii=False)
    assert '"completion"' in schema
    report = kpimodel.program_schema()["$defs"]["CompletionReport"]
    words = report["properties"]["status"]["enum"]
    assert {"done", "完了", "実施中", "未着手"} <= set(words)
