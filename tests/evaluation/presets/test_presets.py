"""Presets as a whole: selection, conformance, documents, outputs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpimodel
from kpimodel import Status, evaluate
from kpimodel.evaluation.presets import (
    CabinetEvaluator,
    DestatisEvaluator,
    EurostatEvaluator,
    OpenSDGEvaluator,
    preset_for,
    presets,
)
from kpimodel.testing import ConformanceError, check_evaluator

from ..strategies import Case, progress_cases

AS_OF = dt.date(2026, 3, 31)

PROGRAM = """
title: t
evaluation: {preset: cabinet}
themes:
  - id: a
    title: A
    kpis:
      - id: k
        title: K
        target:
          kind: absolute
          value: "200"
          deadline: 2029年度
          baseline: {value: "100", period: 2019年度}
        observations:
          - {period: 2024年度, value: "149"}
      - id: flat
        title: F
        target: {kind: monitor}
        observations:
          - {period: 2024年度, value: "1"}
"""


@pytest.mark.parametrize(
    "evaluator", [EurostatEvaluator(), DestatisEvaluator(), CabinetEvaluator()], ids=repr
)
def test_conformance(evaluator: kpimodel.Evaluator) -> None:
    check_evaluator(evaluator)


@pytest.mark.parametrize("kind", ["ratio", "trend"])
def test_open_sdg_conformance(kind: str) -> None:
    check_evaluator(OpenSDGEvaluator(), kind=kind)


def test_open_sdg_zero_substitute_depends_on_the_unit_a_known_quirk() -> None:
    # sdg-build replaces a target of 0 by 0.001 in whatever unit the figures are in, so the
    # result of a target of zero depends on the unit: the one conformance rule it breaks.
    with pytest.raises(ConformanceError, match=r"check .units. failed .* on case 'to-zero'"):
        check_evaluator(OpenSDGEvaluator(), kind="absolute")


def test_every_preset_names_its_scale_and_evaluators() -> None:
    assert set(presets()) == {"open-sdg", "eurostat", "destatis", "cabinet"}
    for name, preset in presets().items():
        assert preset_for(name) is preset
        assert kpimodel.evaluation.scales.scale_for(preset.scale).name == preset.scale
        assert preset.evaluators


def test_program_document_chooses_the_preset() -> None:
    program = kpimodel.loads(PROGRAM)
    result = evaluate(program, AS_OF)
    kpi = result.kpi("k")
    assert kpi.rating is not None
    assert (kpi.rating.value, kpi.status) == ("B", Status.BEHIND)
    assert result.kpi("flat").rating is not None
    assert result.kpi("flat").rating.value == "N"  # monitor: kpimodel's rule, on the scale
    assert result.summary.behind == 1
    # The call's own choice wins; a scale alone keeps the document's preset.
    assert evaluate(program, AS_OF, preset="open-sdg").kpi("k").rating.scale == "open-sdg"  # type: ignore[union-attr]
    assert evaluate(program, AS_OF, scale="rag").kpi("k").rating.value == "red"  # type: ignore[union-attr]
    assert "evaluation:" in kpimodel.dumps(program)


def test_unknown_preset_in_a_document_names_the_field() -> None:
    program = kpimodel.loads(PROGRAM.replace("preset: cabinet", "preset: nope"))
    with pytest.raises(kpimodel.UnknownPresetError, match="known presets") as caught:
        evaluate(program, AS_OF)
    assert caught.value.field == "evaluation.preset"


def test_default_is_unchanged_without_a_preset() -> None:
    program = kpimodel.loads(PROGRAM.replace("evaluation: {preset: cabinet}\n", ""))
    result = evaluate(program, AS_OF)
    assert all(k.rating is None for k in result.kpis)
    # kpimodel's compound pace (100 -> 149 in 5 of 10 years) is on track; the Cabinet's
    # linear progress (49% against 50% elapsed) is B: the preset, not the default, differs.
    assert result.kpi("k").status is Status.ON_TRACK


def test_ratings_in_every_output() -> None:
    pytest.importorskip("pandas")
    from kpimodel.render import to_csv, to_html, to_json

    result = evaluate(kpimodel.loads(PROGRAM), AS_OF)
    data = json.loads(to_json(result))
    assert data["kpis"][0]["rating"]["value"] == "B"
    assert data["kpis"][0]["indicators"][0]["rating"]["scale"] == "cabinet"
    csv = to_csv(result, lang="ja").splitlines()
    assert csv[1].endswith(",cabinet,B,B,B：目標期間の経過割合に満たない進捗,,,")
    html = to_html(result)
    assert 'data-scale="cabinet" data-value="B"' in html
    frame = result.to_dataframe()
    assert list(frame["rating"]) == ["B", "N"]
    assert list(frame["kpi_rating"]) == ["B", "N"]


TWO_TARGETS = """
title: t
themes:
  - id: a
    title: A
    kpis:
      - id: k
        title: K
        target:
          kind: absolute
          value: "200"
          deadline: 2029年度
          baseline: {value: "100", period: 2019年度}
          evaluation: {preset: cabinet}
        observations:
          - {period: 2024年度, value: "149"}
      - id: j
        title: J
        target:
          kind: absolute
          value: "200"
          deadline: 2029年度
          baseline: {value: "100", period: 2019年度}
        observations:
          - {period: 2024年度, value: "149"}
"""


def test_a_target_chooses_its_own_preset() -> None:
    result = evaluate(kpimodel.loads(TWO_TARGETS), AS_OF)
    chosen, other = result.kpi("k"), result.kpi("j")
    assert (chosen.status, chosen.indicators[0].method) == (Status.BEHIND, "cabinet")
    assert chosen.indicators[0].rating is not None
    assert chosen.indicators[0].rating.value == "B"
    assert (other.status, other.indicators[0].method, other.indicators[0].rating) == (
        Status.ON_TRACK,
        "pace",
        None,
    )
    # A call's preset applies to every target; a scale re-rates the target's result.
    everywhere = evaluate(kpimodel.loads(TWO_TARGETS), AS_OF, preset="cabinet")
    assert everywhere.kpi("j").status is Status.BEHIND
    rag = evaluate(kpimodel.loads(TWO_TARGETS), AS_OF, scale="rag")
    assert rag.kpi("k").rating is not None
    assert rag.kpi("k").rating.value == "red"


def test_unknown_preset_on_a_target_names_the_kpi_and_field() -> None:
    program = kpimodel.loads(TWO_TARGETS.replace("preset: cabinet", "preset: nope"))
    with pytest.raises(kpimodel.UnknownPresetError) as caught:
        evaluate(program, AS_OF)
    assert caught.value.kpi_id == "k"
    assert caught.value.field == "indicators.k.target.evaluation.preset"


_STATUS_OF = {
    # What each preset's rating means for kpimodel's status (docs/presets.md).
    "open-sdg": {
        "target_achieved": {Status.ACHIEVED},
        "substantial_progress": {Status.ON_TRACK},
        "moderate_progress": {Status.BEHIND},
        "limited_progress": {Status.BEHIND},
        "deterioration": {Status.BEHIND},
        "not_available": {Status.NO_DATA},
    },
    "eurostat": {
        "significant-progress": {Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND},
        "moderate-progress": {Status.BEHIND},
        "insufficient-progress": {Status.BEHIND},
        "movement-away": {Status.BEHIND},
        "not-assessed": {Status.NO_DATA},
    },
    "destatis": {
        "sun": {Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND},
        "partly-sunny": {Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND},
        "cloudy": {Status.BEHIND},
        "thunderstorm": {Status.BEHIND},
        "not-assessed": {Status.NO_DATA},
    },
    "cabinet": {
        "A": {Status.ACHIEVED, Status.ON_TRACK},
        "B": {Status.BEHIND},
        "N": {Status.NO_DATA},
    },
}


@settings(max_examples=60, deadline=None)
@given(progress_cases(), st.sampled_from(sorted(_STATUS_OF)))
def test_every_preset_rates_every_case_consistently(case: Case, name: str) -> None:
    result = evaluate(case.indicator, case.as_of, preset=name)
    assert result.rating is not None
    assert result.rating.scale == name
    if result.method == name:  # evaluated by the preset's own rule
        assert result.status in _STATUS_OF[name][result.rating.value]
    if result.rating.score is not None and name == "open-sdg":
        assert -5 <= result.rating.score <= 5


def test_a_kpi_takes_its_deciding_indicators_preset_rating() -> None:
    # Destatis partly sunny is behind; the KPI's rating is the indicator's own symbol, not
    # one re-derived from kpimodel's status.
    rows = [{"period": f"{2020 + i}年", "value": str(10 + i)} for i in range(6)]
    kpi = kpimodel.KPI.model_validate(
        {
            "id": "k",
            "title": "t",
            "target": {"kind": "absolute", "value": "20", "deadline": "2029年"},
            "observations": rows,
        }
    )
    result = evaluate(kpi, AS_OF, preset="destatis")
    assert result.indicators[0].rating is not None
    assert result.rating == result.indicators[0].rating
    assert result.rating.value == "partly-sunny"


def test_eurostat_leaves_direction_only_trends_to_kpimodel_rule() -> None:
    indicator = kpimodel.Indicator.model_validate(
        {
            "id": "t",
            "target": {"kind": "trend"},
            "observations": [
                {"period": "2020年", "value": "10"},
                {"period": "2025年", "value": "12"},
            ],
        }
    )
    result = evaluate(indicator, AS_OF, preset="eurostat")
    assert result.method == "pace"
    assert result.status is Status.ON_TRACK
    assert result.rating is not None
    assert result.rating.value == "significant-progress"


@pytest.mark.parametrize("name", sorted(_STATUS_OF))
def test_every_preset_evaluates_the_bundled_dataset(name: str) -> None:
    from kpimodel import datasets

    program = datasets.load("ip-strategic-program-2026")
    result = evaluate(program, preset=name)
    assert all(kpi.rating is not None and kpi.rating.scale == name for kpi in result.kpis)
    assert result.summary.total == len(result.kpis)


_OLD_SERIES = """
title: t
themes:
  - id: a
    title: A
    kpis:
      - id: k
        title: K
        target: {kind: absolute, value: "200", deadline: "2030"}
        observations:
          - {period: "2012", value: "100"}
          - {period: "2015", value: "120"}
          - {period: "2019", value: "150"}
"""


@pytest.mark.parametrize("name", ["open-sdg", "eurostat", "destatis", "cabinet"])
def test_presets_rate_old_figures_as_their_institution_does(name: str) -> None:
    # Regression: kpimodel's own staleness cut-off (five years) was applied to the
    # presets, which have none; figures ending 2019 read as no-data (stale) in 2026.
    program = kpimodel.loads(_OLD_SERIES)
    result = evaluate(program, dt.date(2026, 3, 31), preset=name).kpi("k")
    assert result.reason != "stale"
    own = evaluate(program, dt.date(2026, 3, 31)).kpi("k")
    assert own.reason == "stale"
