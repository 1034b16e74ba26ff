"""Status scales: built-in and user-defined, the rating beside every status."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings

import kpimodel
from kpimodel import KPI, Indicator, evaluate
from kpimodel.evaluation.scales import load_scale, rate, register_scale, scale_for, scales

from .strategies import Case, progress_cases

AS_OF = dt.date(2026, 3, 31)

TRAFFIC = """
name: traffic
title: Traffic light
values:
  - {value: go, label: Go, label_ja: 良好, colour: "#2e7d32", score: 1}
  - {value: stop, label: Stop, label_ja: 要対応, colour: "#c62828", score: 0}
  - {value: none, label: No data, label_ja: データなし}
rules:
  - {status: [achieved, on-track], value: go}
  - {status: behind, value: stop}
  - {value: none}
"""


def indicator(*rows: tuple[str, str], value: str = "50%") -> Indicator:
    return Indicator.model_validate(
        {
            "id": "x",
            "target": {"kind": "ratio", "value": value, "deadline": "2030年"},
            "observations": [{"period": p, "value": v} for p, v in rows],
        }
    )


def test_builtin_scales() -> None:
    assert {"open-sdg", "eurostat", "destatis", "cabinet", "rag"} <= set(scales())
    assert len(scale_for("open-sdg").values) == 6
    assert [v.value for v in scale_for("cabinet").values] == ["A", "B", "F", "N"]
    assert [v.value for v in scale_for("rag").values][:3] == ["green", "amber", "red"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ((("2025年", "52%"),), "green"),  # achieved
        ((("2020年", "30%"), ("2025年", "40%")), "green"),  # on track
        ((("2020年", "30%"), ("2025年", "36%")), "amber"),  # behind, moderate pace (R 0.6)
        ((("2020年", "30%"), ("2025年", "31%")), "red"),  # behind, insufficient
        ((), "grey"),  # no data
    ],
)
def test_rag_follows_status_and_pace_grade(
    rows: tuple[tuple[str, str], ...], expected: str
) -> None:
    result = evaluate(indicator(*rows), AS_OF, scale="rag")
    assert result.rating is not None
    assert result.rating.value == expected
    assert result.rating.label_ja


def test_open_sdg_scale_on_kpimodel_own_rule_has_no_score() -> None:
    result = evaluate(indicator(("2020年", "30%"), ("2025年", "40%")), AS_OF, scale="open-sdg")
    assert result.rating is not None
    assert (result.rating.value, result.rating.score) == ("substantial_progress", None)


def test_user_scale_from_yaml_text_and_file(tmp_path: Path) -> None:
    scale = load_scale(TRAFFIC)
    path = tmp_path / "traffic.yaml"
    path.write_text(TRAFFIC, encoding="utf-8")
    assert load_scale(path) == load_scale(str(path)) == scale
    result = evaluate(indicator(("2020年", "30%"), ("2025年", "31%")), AS_OF, scale=scale)
    assert result.rating is not None
    assert (result.rating.value, result.rating.score, result.rating.label_ja) == (
        "stop",
        0,
        "要対応",
    )


def test_registered_scale_is_selectable_by_name() -> None:
    scale = load_scale(TRAFFIC.replace("name: traffic", "name: traffic-test"))
    register_scale(scale)
    register_scale(scale)  # the same again is fine
    with pytest.raises(ValueError, match="exists"):
        register_scale(scale.model_copy(update={"title": "Other"}))
    result = evaluate(indicator(("2025年", "52%")), AS_OF, scale="traffic-test")
    assert result.rating is not None
    assert result.rating.value == "go"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (TRAFFIC.replace("value: none}\n", "value: nowhere}\n"), "not one of its values"),
        (TRAFFIC.replace("value: stop, label", "value: go, label"), "twice"),
        ("- a list", "mapping"),
        ("name: [", "YAML"),
        (TRAFFIC.replace("status: behind", "status: late"), "status"),
    ],
)
def test_bad_scales_are_clear_errors(text: str, match: str) -> None:
    with pytest.raises(kpimodel.InvalidScaleError, match=match):
        load_scale(text)


def test_unknown_scale_and_preset_name_the_known_ones() -> None:
    with pytest.raises(kpimodel.InvalidScaleError, match=r"known scales: .*rag"):
        evaluate(indicator(), AS_OF, scale="nope")
    with pytest.raises(kpimodel.UnknownPresetError, match="known presets: cabinet, destatis"):
        evaluate(indicator(), AS_OF, preset="nope")


def test_kpi_and_program_ratings() -> None:
    kpi = KPI.model_validate(
        {"id": "k", "title": "t", "indicators": [indicator(("2020年", "30%"), ("2025年", "31%"))]}
    )
    result = evaluate(kpi, AS_OF, scale="cabinet")
    assert result.rating is not None
    assert result.rating.value == "B"
    assert result.indicators[0].rating is not None


def test_rating_reaches_json() -> None:
    result = evaluate(indicator(("2025年", "52%")), AS_OF, scale="rag")
    data = json.loads(kpimodel.render.to_json(result))
    assert data["rating"]["scale"] == "rag"
    assert data["rating"]["value"] == "green"
    assert data["status"] == "achieved"
    plain = json.loads(kpimodel.render.to_json(evaluate(indicator(("2025年", "52%")), AS_OF)))
    assert plain["rating"] is None


def test_without_a_preset_or_scale_nothing_changes() -> None:
    case = indicator(("2020年", "30%"), ("2025年", "36%"))
    plain = evaluate(case, AS_OF)
    rated = evaluate(case, AS_OF, scale="rag")
    assert plain.rating is None
    assert rated.model_copy(update={"rating": None}) == plain


@settings(max_examples=40, deadline=None)
@given(progress_cases())
def test_every_builtin_scale_rates_every_result(case: Case) -> None:
    # A property the docs promise: each built-in scale has a value for every result.
    result = evaluate(case.indicator, case.as_of)
    for scale in ("open-sdg", "eurostat", "destatis", "cabinet", "rag"):
        rated = rate(result, scale)
        assert rated.rating is not None
        assert rated.rating.value in {v.value for v in scale_for(scale).values}
        assert rated.status is result.status
