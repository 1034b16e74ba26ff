"""Words in either language: reason labels, "about" for 約, figures as the table gave them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import Reason, report, to_csv, to_json
from kpimodel.render import document_language
from kpimodel.render._labels import (
    REASON_LABELS_JA,
    check_lang,
    english_text,
    figure_text,
    reason_label,
    title_in,
)
from kpimodel.units import parse_quantity

from . import bundled_evaluation, small_evaluation


def test_every_reason_has_a_japanese_label() -> None:
    assert set(REASON_LABELS_JA) == set(Reason)
    labels = list(REASON_LABELS_JA.values())
    assert len(set(labels)) == len(labels)  # no two reasons read alike
    assert all(not label.isascii() for label in labels)


def test_reason_label_by_language() -> None:
    assert reason_label(Reason.PACE_INSUFFICIENT, "en") == "pace-insufficient"
    assert reason_label(Reason.PACE_INSUFFICIENT, "ja") == "進捗ペース不足"
    # A code without a label (a third-party evaluator's) is shown as it is.
    assert reason_label("custom-reason", "ja") == "custom-reason"


def test_japanese_reports_show_labels_and_machine_formats_keep_codes() -> None:
    result = bundled_evaluation()
    codes = {str(ind.reason) for ind in result.indicators()}
    for fmt in ("table", "markdown", "html"):
        text = report(result, fmt, lang="ja", width=200)
        for code in codes:
            assert REASON_LABELS_JA[Reason(code)] in text, (fmt, code)
        if fmt == "table":
            assert not any(code in text for code in codes), fmt
    data = json.loads(to_json(result))
    assert {kpi["reason"] for kpi in data["kpis"]} <= codes
    rows = list(csv.DictReader(io.StringIO(to_csv(result, lang="ja"))))
    assert {row["reason"] for row in rows} == codes


def test_english_reports_read_about_not_yaku() -> None:
    for result in (bundled_evaluation(), small_evaluation()):
        for fmt in ("table", "markdown"):
            text = report(result, fmt, lang="en", width=200, explain=True)
            # Titles without an English version fall back to Japanese; figures never do.
            figures = [line for line in text.splitlines() if "約" in line]
            assert all(english_text(line) == line for line in figures), (fmt, figures[:3])
        # CSV keeps both titles as given; its target and explanation are in English.
        for row in csv.DictReader(io.StringIO(to_csv(result, lang="en"))):
            for column in ("target", "explanation"):
                assert english_text(row[column]) == row[column], row
    assert "about 1.7兆円" in report(small_evaluation(), "table", lang="en")


def test_english_text_keeps_the_tables_units() -> None:
    assert english_text("≥ 約100% by 2030年") == "≥ about 100% by 2030年"
    assert english_text("from 約1.5兆円 to 3,235億円") == "from about 1.5兆円 to 3,235億円"
    assert english_text("約束 (a promise)") == "約束 (a promise)"  # not before a figure
    assert figure_text(parse_quantity("約1.4万社"), "en") == "about 1.4万社"
    assert figure_text(parse_quantity("約1.4万社"), "ja") == "約1.4万社"


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_an_approximate_figure_reads_about_plus_the_exact_figure(number: object) -> None:
    exact = parse_quantity(f"{number}億円")
    approx = parse_quantity(f"約{number}億円")
    assert figure_text(approx, "en") == f"about {figure_text(exact, 'en')}"
    assert figure_text(approx, "ja") == f"約{figure_text(exact, 'ja')}"


def test_document_language() -> None:
    program = bundled_evaluation()
    assert document_language(program) == "ja"
    english = kpimodel.loads(
        "title: Plan\nthemes:\n  - id: t\n    title: Trade\n    kpis:\n"
        "      - {id: a, title: Exports, target: {kind: monitor}}\n"
        "      - {id: b, title: 輸入, target: {kind: monitor}}\n"
        "      - {id: c, title: Tariffs, target: {kind: monitor}}\n"
    )
    assert document_language(english) == "en"  # one Japanese title in five
    assert document_language(kpimodel.evaluate(english)) == "en"
    assert document_language(english.model_copy(update={"language": "ja"})) == "ja"
    assert document_language(english.kpi("b")) == "ja"
    assert document_language(kpimodel.evaluate(english).kpis[0].indicators[0], "ja") == "ja"


def test_title_in() -> None:
    assert title_in("輸出", "Exports", "en") == "Exports"
    assert title_in("Exports", None, "en") == "Exports"
    assert title_in("輸出", None, "en") is None
    assert title_in("輸出", None, "ja") == "輸出"
    assert title_in(None, "Exports", "ja") == "Exports"


# --- a target reads the same before and after evaluation -------------------------------------

_TARGETS = [
    {"kind": "cumulative", "value": "180兆円", "period": "2026-2030年度"},
    {"kind": "absolute", "value": "5兆円", "deadline": "2030年"},
    {"kind": "rank", "rank": 4, "deadline": "2035年"},
    {
        "kind": "trend",
        "change": "+100%",
        "deadline": "2030年",
        "baseline": {"value": "250", "period": "2021年"},
    },
    {"kind": "maintain", "value": "5位", "deadline": "2030年度"},
    {"kind": "monitor"},
]


@pytest.mark.parametrize("target", _TARGETS, ids=lambda t: str(t["kind"]))
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_evaluated_target_reads_as_the_model_does(target: dict[str, object], lang: str) -> None:
    import datetime as _dt

    from kpimodel import Indicator, evaluate
    from kpimodel.render._labels import describe_evaluation_target, describe_target_model

    indicator = Indicator.model_validate(
        {"id": "x", "target": target, "observations": [{"period": "2026年度", "value": "1"}]}
        if target["kind"] in ("monitor",)
        else {"id": "x", "target": target}
    )
    result = evaluate(indicator, _dt.date(2026, 3, 31))
    lang_ = check_lang(lang)
    assert describe_evaluation_target(result, lang_) == describe_target_model(
        indicator.target, lang_
    )


def test_a_cumulative_target_keeps_its_span_after_evaluation() -> None:
    import datetime as _dt

    from kpimodel import Indicator, evaluate
    from kpimodel.render._labels import describe_evaluation_target

    indicator = Indicator.model_validate(
        {"id": "x", "target": {"kind": "cumulative", "value": "180兆円", "period": "2026-2030年度"}}
    )
    result = evaluate(indicator, _dt.date(2026, 3, 31))
    assert describe_evaluation_target(result, "ja") == "2026-2030年度の合計180兆円以上"
    assert describe_evaluation_target(result, "en") == "total ≥ 180兆円 over FY2026-2030"
