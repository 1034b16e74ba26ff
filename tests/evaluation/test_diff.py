"""kpimodel.diff: KPIs matched by id or (reported) by title, and every category of change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import kpimodel
from kpimodel import DiffKind, InputError, Program, Status, parse_program
from kpimodel.testing.strategies import programs

ROOT = Path(__file__).resolve().parents[2]
EDITION_2025 = ROOT / "examples" / "ip-strategic-program-2025.yaml"


def _program(*kpis: dict[str, Any], edition: str = "1", as_of: str = "2026-03-31") -> Program:
    return parse_program(
        {
            "title": f"P {edition}",
            "edition": edition,
            "as_of": as_of,
            "themes": [{"id": "t", "title": "テーマ", "title_en": "Theme", "kpis": list(kpis)}],
        }
    )


def _kpi(
    kpi_id: str = "exports", title: str = "農林水産物・食品の輸出額を5兆円にする", **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": kpi_id,
        "title": title,
        "target": {"kind": "absolute", "value": "5兆円", "deadline": "2030年"},
        "observations": [{"period": "2024年", "value": "1.5兆円"}],
    }
    data.update(extra)
    return data


def _kinds(result: kpimodel.ProgramDiff) -> list[str]:
    return [entry.kind.value for entry in result.entries]


def test_the_same_program_has_no_changes() -> None:
    program = kpimodel.datasets.load("ip-strategic-program-2026")
    result = kpimodel.diff(program, program)
    assert result.empty
    assert result.counts() == {}
    assert all(match.by == "id" for match in result.matches)
    assert len(result.matches) == 23


def test_kpis_added_removed_and_reworded() -> None:
    old = _program(_kpi(), _kpi("gone", "廃止されたKPI"))
    new = _program(
        _kpi(title="農林水産物・食品の輸出額を2030年までに5兆円にする"), _kpi("fresh", "新KPI")
    )
    result = kpimodel.diff(old, new, fallback=False)
    assert _kinds(result) == ["kpi-reworded", "kpi-added", "kpi-removed"]
    reworded, added, removed = result.entries
    assert reworded.old_text == "農林水産物・食品の輸出額を5兆円にする"
    assert reworded.new_text == "農林水産物・食品の輸出額を2030年までに5兆円にする"
    assert (added.kpi_id, removed.kpi_id) == ("fresh", "gone")
    assert added.matched_by is None


def test_targets_set_and_revised_and_baselines_revised() -> None:
    old = _program(
        _kpi("a", "A", target={"kind": "pending"}),
        _kpi(
            "b",
            "B",
            target={
                "kind": "absolute",
                "value": "5兆円",
                "deadline": "2030年",
                "baseline": {"value": "1.2兆円"},
            },
        ),
    )
    new = _program(
        _kpi("a", "A", target={"kind": "cumulative", "value": "180兆円", "edition": "2"}),
        _kpi(
            "b",
            "B",
            target={
                "kind": "absolute",
                "value": "6兆円",
                "deadline": "2030年",
                "baseline": {"value": "1.3兆円", "revised_from": {"value": "1.2兆円"}},
            },
        ),
    )
    result = kpimodel.diff(old, new)
    assert _kinds(result) == ["target-set", "target-revised", "baseline-revised"]
    target_set, revised, baseline = result.entries
    assert target_set.old_target is not None
    assert target_set.old_target.kind == "pending"
    assert target_set.new_target is not None
    assert target_set.new_target.kind == "cumulative"
    assert revised.new_target is not None
    assert str(revised.new_target.target_value()) == "6兆円"
    assert (str(baseline.old_value), str(baseline.new_value)) == ("1.2兆円", "1.3兆円")


def test_a_change_of_wording_alone_is_no_target_revision() -> None:
    old = _program(_kpi(target={"kind": "absolute", "value": "5兆円", "text": "5兆円"}))
    new = _program(_kpi(target={"kind": "absolute", "value": "5兆円", "text": "5兆円を目指す"}))
    assert kpimodel.diff(old, new).empty


def test_figures_added_revised_and_removed_with_both_values() -> None:
    old = _program(
        _kpi(
            observations=[
                {"period": "2023年", "value": "1.4兆円"},
                {"period": "2024年", "value": "1.5兆円"},
            ]
        )
    )
    new = _program(
        _kpi(
            observations=[
                {"period": "2024年", "value": "1.6兆円", "published": "2025-06-01", "edition": "2"},
                {"period": "2025年", "value": "約1.7兆円"},
            ]
        )
    )
    result = kpimodel.diff(old, new)
    figures = [e for e in result.entries if e.kind.value.startswith("figure")]
    assert [(e.kind.value, str(e.period)) for e in figures] == [
        ("figure-removed", "2023年"),
        ("figure-revised", "2024年"),
        ("figure-added", "2025年"),
    ]
    revised = figures[1]
    assert (str(revised.old_value), str(revised.new_value)) == ("1.5兆円", "1.6兆円")
    assert (revised.new_published, revised.new_edition) == (dt.date(2025, 6, 1), "2")


def test_a_figure_in_another_unit_of_the_same_amount_is_not_revised() -> None:
    old = _program(_kpi(observations=[{"period": "2024年", "value": "1.5兆円"}]))
    new = _program(_kpi(observations=[{"period": "2024年", "value": "15,000億円"}]))
    assert kpimodel.diff(old, new).empty


def test_status_changes_carry_both_reasons() -> None:
    old = _program(_kpi(observations=[]))
    new = _program(_kpi(observations=[{"period": "2025年", "value": "5.1兆円"}]))
    (entry,) = [e for e in kpimodel.diff(old, new).entries if e.kind is DiffKind.STATUS_CHANGED]
    assert (entry.old_status, entry.new_status) == (Status.NO_DATA, Status.ACHIEVED)
    assert (entry.old_reason, entry.new_reason) == ("no-observations", "target-met")
    assert entry.old_explanation
    assert entry.new_explanation_ja


def test_a_kpi_under_a_new_id_is_matched_by_title_and_reported() -> None:
    old = _program(_kpi("exports-2025"))
    new = _program(_kpi("exports", observations=[{"period": "2024年", "value": "1.6兆円"}]))
    result = kpimodel.diff(old, new)
    (match,) = result.matched_by_title
    assert (match.old_id, match.new_id, match.by) == ("exports-2025", "exports", "title")
    assert match.similarity == 1.0
    first = result.entries[0]
    assert first.kind is DiffKind.KPI_MATCHED_BY_TITLE
    assert (first.old_kpi_id, first.kpi_id) == ("exports-2025", "exports")
    # ... and the matched KPI's own changes follow, flagged as matched by title.
    revised = result.entries[1]
    assert revised.kind is DiffKind.FIGURE_REVISED
    assert revised.matched_by == "title"


def test_without_the_fallback_or_below_the_threshold_no_title_match() -> None:
    old = _program(_kpi("exports-2025"))
    new = _program(_kpi("exports"))
    assert _kinds(kpimodel.diff(old, new, fallback=False)) == ["kpi-added", "kpi-removed"]
    unlike = _program(_kpi("other", "まったく別の指標"))
    assert _kinds(kpimodel.diff(old, unlike)) == ["kpi-added", "kpi-removed"]


def test_title_matching_pairs_the_most_similar_first() -> None:
    old = _program(_kpi("a1", "研究開発費を増やす"), _kpi("b1", "研究開発費の総額を増やす"))
    new = _program(_kpi("b2", "研究開発費の総額を増やす"))
    (match,) = kpimodel.diff(old, new).matched_by_title
    assert (match.old_id, match.new_id) == ("b1", "b2")


def test_changes_are_grouped_by_theme() -> None:
    old = parse_program(
        {
            "title": "P",
            "as_of": "2026-03-31",
            "themes": [
                {"id": "t1", "title": "T1", "kpis": [_kpi("a", "A")]},
                {"id": "t2", "title": "T2", "kpis": [_kpi("b", "B")]},
            ],
        }
    )
    new = parse_program(
        {
            "title": "P",
            "as_of": "2026-03-31",
            "themes": [
                {"id": "t2", "title": "T2", "kpis": [_kpi("b", "B2"), _kpi("c", "C")]},
                {"id": "t1", "title": "T1", "kpis": [_kpi("a", "A2")]},
            ],
        }
    )
    themes = kpimodel.diff(old, new, fallback=False).themes()
    assert [(t.theme_id, [e.kpi_id for e in t.entries]) for t in themes] == [
        ("t2", ["b", "c"]),
        ("t1", ["a"]),
    ]


def test_bad_arguments_are_refused() -> None:
    program = _program(_kpi())
    with pytest.raises(InputError, match="two programs"):
        kpimodel.diff(program, "new.yaml")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="threshold"):
        kpimodel.diff(program, program, threshold=0)


def test_the_seeds_two_editions_show_its_real_revisions() -> None:
    old = kpimodel.load(EDITION_2025)
    new = kpimodel.datasets.load("ip-strategic-program-2026")
    result = kpimodel.diff(old, new)
    assert result.matched_by_title == ()
    by_kind: dict[str, list[Any]] = {}
    for entry in result.entries:
        by_kind.setdefault(entry.kind.value, []).append(entry)
    # Row 3: the KPI the 2025 program left to be set, set in 2026.
    (target_set,) = by_kind["target-set"]
    assert target_set.kpi_id == "public-private-rd-investment"
    assert target_set.new_target.edition == "2026"
    # Row 23: both baselines revised.
    assert [
        (e.indicator_id, str(e.old_value), str(e.new_value)) for e in by_kind["baseline-revised"]
    ] == [
        ("japan-search-linked-metadata-count", "3,100万件", "3,200万件"),
        ("linked-archives", "55機関", "67機関"),
    ]
    # Row 16: the two main KPIs of 2026 replace the 2025 per-measure KPIs.
    assert {e.indicator_id for e in by_kind["indicator-added"]} == {
        "iso-iec-secretariats",
        "japan-led-standards-and-rules",
    }
    # No KPI is reworded (the titles are the 2025 cells in both), none added or removed.
    assert not {"kpi-reworded", "kpi-added", "kpi-removed", "figure-revised"} & set(by_kind)
    # Every figure of 2026 is new (the seed gives none of 2025's), and every status that the
    # 2026 figures establish changed from no-data.
    assert all(e.old_status is Status.NO_DATA for e in by_kind["status-changed"])
    statuses = {k.kpi_id: k.status for k in kpimodel.evaluate(new).kpis}
    assert {e.kpi_id for e in by_kind["status-changed"]} == {
        kpi for kpi, status in statuses.items() if status is not Status.NO_DATA
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs(max_themes=2, max_kpis=2))
def test_a_program_compared_with_itself_has_no_changes(program: Program) -> None:
    as_of = dt.date(2026, 3, 31)
    result = kpimodel.diff(program, program, old_as_of=as_of, new_as_of=as_of)
    assert result.empty
    assert [m.by for m in result.matches] == ["id"] * sum(1 for _ in program.kpis())


def test_reference_series_figures_are_compared_too() -> None:
    def program(korea: str) -> Program:
        return _program(
            {
                "id": "gii",
                "title": "GII",
                "target": {"kind": "rank", "rank": 4},
                "observations": [{"period": "2025年", "value": "12位"}],
                "references": [
                    {"id": "korea", "observations": [{"period": "2025年", "value": korea}]}
                ],
            }
        )

    (entry,) = kpimodel.diff(program("4位"), program("5位")).entries
    assert (entry.kind, entry.indicator_id, entry.reference_id) == (
        DiffKind.FIGURE_REVISED,
        "gii",
        "korea",
    )
    assert (str(entry.old_value), str(entry.new_value)) == ("4位", "5位")
