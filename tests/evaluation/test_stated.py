"""A stated status is reported beside the computed one, never instead of it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import Indicator, Status, evaluate, to_csv, to_html, to_json, to_table

AS_OF = dt.date(2026, 3, 31)

DOC = """
title: t
as_of: "2026-03-31"
themes:
  - id: a
    title: a
    kpis:
      - id: exports
        title: 輸出額
        stated_status: {status: 順調, note: 概ね順調に推移, source: 2025年度フォローアップ}
        target: {kind: absolute, value: 5兆円, deadline: 2030年}
        observations:
          - {period: 2024年, value: 1兆円}
          - {period: 2025年, value: 1.01兆円}
      - id: two
        title: two
        indicators:
          - id: i1
            stated_status: {status: behind}
            target: {kind: absolute, value: 5兆円, deadline: 2030年}
            observations:
              - {period: 2024年, value: 1兆円}
              - {period: 2025年, value: 1.01兆円}
          - id: i2
            stated_status: {status: achieved}
            target: {kind: monitor}
"""


@pytest.fixture(scope="module")
def result() -> kpimodel.ProgramEvaluation:
    return evaluate(kpimodel.loads(DOC))


def test_the_computed_status_is_kept(result: kpimodel.ProgramEvaluation) -> None:
    kpi = result.kpi("exports")
    assert kpi.status is Status.BEHIND
    assert kpi.stated_status is not None
    assert kpi.stated_status.status == "on-track"
    assert kpi.explanation.endswith(" The table states on-track; computed behind.")
    assert kpi.explanation_ja.endswith("表の記載は順調、計算結果は遅れ。")
    # The counts are of computed statuses.
    assert result.summary.behind == 2


def test_no_sentence_when_they_agree(result: kpimodel.ProgramEvaluation) -> None:
    two = result.kpi("two")
    first, second = two.indicators
    assert first.stated_status is not None
    assert "The table states" not in first.explanation
    assert second.status is Status.NO_DATA
    assert second.explanation.endswith("The table states achieved; computed no-data.")


def test_json(result: kpimodel.ProgramEvaluation) -> None:
    data = json.loads(to_json(result))
    assert data["kpis"][0]["stated_status"] == {
        "status": "on-track",
        "note": "概ね順調に推移",
        "source": "2025年度フォローアップ",
    }
    assert data["kpis"][0]["status"] == "behind"
    assert data["kpis"][1]["stated_status"] is None
    assert data["kpis"][1]["indicators"][0]["stated_status"]["status"] == "behind"


def test_csv(result: kpimodel.ProgramEvaluation) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    assert [(r["kpi_stated_status"], r["stated_status"]) for r in rows] == [
        ("on-track", ""),
        ("", "behind"),
        ("", "achieved"),
    ]
    assert rows[0]["status"] == "behind"


def test_tables_and_html_mention_it(result: kpimodel.ProgramEvaluation) -> None:
    assert "pace-insufficient (stated: on-track)" in to_table(result)
    assert "進捗ペース不足（記載：順調）" in to_table(result, lang="ja")
    html = to_html(result)
    assert 'data-stated="on-track"' in html
    assert 'data-stated="behind"' not in html  # i1 states what is computed


def test_dataframe(result: kpimodel.ProgramEvaluation) -> None:
    pytest.importorskip("pandas")
    frame = result.to_dataframe()
    assert next(iter(frame["kpi_stated_status"])) == "on-track"
    assert list(frame["stated_status"])[1:] == ["behind", "achieved"]


def test_presets_keep_it(result: kpimodel.ProgramEvaluation) -> None:
    program = kpimodel.loads(DOC)
    for preset in ("open-sdg", "cabinet", "eurostat", "destatis"):
        kpi = evaluate(program, preset=preset).kpi("exports")
        assert kpi.stated_status is not None
        assert kpi.status is not Status.ON_TRACK or "The table states" not in kpi.explanation
        if kpi.status is not Status.ON_TRACK:
            assert kpi.explanation.endswith(f"The table states on-track; computed {kpi.status}.")


_STATUSES = st.sampled_from([s.value for s in Status])


@given(_STATUSES, st.integers(min_value=0, max_value=3))
def test_a_stated_status_never_changes_the_computed_one(stated: str, case: int) -> None:
    targets = [
        {"kind": "absolute", "value": "5兆円", "deadline": "2030年"},
        {"kind": "ratio", "value": "50%", "deadline": "2028年"},
        {"kind": "monitor"},
        {
            "kind": "completion",
            "deadline": "2027年度",
            "reports": [{"period": "2025年度", "status": "実施中"}],
        },
    ]
    observations = [
        [{"period": "2024年", "value": "1兆円"}, {"period": "2025年", "value": "2兆円"}],
        [{"period": "2024年", "value": "40%"}],
        [{"period": "2025年", "value": "3件"}],
        [],
    ]
    plain = {"id": "i", "target": targets[case], "observations": observations[case]}
    without = evaluate(Indicator.model_validate(plain), AS_OF)
    with_it = evaluate(
        Indicator.model_validate({**plain, "stated_status": {"status": stated}}), AS_OF
    )
    assert (with_it.status, with_it.reason) == (without.status, without.reason)
    assert with_it.explanation.startswith(without.explanation)
    assert (with_it.explanation == without.explanation) == (stated == without.status.value)


def test_a_kpi_of_several_indicators_names_whose_status_it_is() -> None:
    program = kpimodel.loads(
        DOC.replace(
            "        title: two\n",
            "        title: two\n        stated_status: {status: on-track}\n",
        )
    )
    two = evaluate(program).kpi("two")
    assert two.status is Status.BEHIND
    assert two.explanation.endswith("The table states on-track for the KPI; computed behind.")
    assert two.explanation_ja.endswith("表の記載（KPI）は順調、計算結果は遅れ。")
