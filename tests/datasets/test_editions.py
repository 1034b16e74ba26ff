"""The seed as two editions: the bundled 2026 dataset and the generated 2025 edition."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import ModuleType

import kpimodel
from kpimodel import Program, Status

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_2025_edition.py"
EDITION_2025 = ROOT / "examples" / "ip-strategic-program-2025.yaml"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_2025_edition", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _editions() -> tuple[Program, Program]:
    return kpimodel.load(EDITION_2025), kpimodel.datasets.load("ip-strategic-program-2026")


def test_the_committed_2025_edition_is_up_to_date() -> None:
    assert EDITION_2025.read_text(encoding="utf-8") == _script().generate(), (
        "examples/ip-strategic-program-2025.yaml is out of date: run "
        "'python scripts/make_2025_edition.py' and commit the result"
    )


def test_the_2025_edition_has_the_seeds_2025_side_only() -> None:
    old, new = _editions()
    assert (old.edition, new.edition) == ("2025", "2026")
    assert [kpi.id for _, kpi in old.kpis()] == [kpi.id for _, kpi in new.kpis()]
    # The KPI column is the 2025 program's: the same titles in both editions.
    assert [kpi.title for _, kpi in old.kpis()] == [kpi.title for _, kpi in new.kpis()]
    # The seed gives no figure of the 2025 program's progress.
    assert not any(ind.observations for _, kpi in old.kpis() for ind in kpi.indicators)
    assert all(kpi.progress_text is None for _, kpi in old.kpis())


def test_row_3_was_set_in_2026_replacing_the_2025_pending_kpi() -> None:
    old, new = _editions()
    before = old.kpi("public-private-rd-investment").indicators[0].target
    after = new.kpi("public-private-rd-investment").indicators[0].target
    assert (before.kind, before.edition) == ("pending", "2025")
    assert (after.kind, after.edition) == ("cumulative", "2026")
    (prior,) = after.replaces
    assert (prior.kind, prior.edition, prior.text) == ("pending", "2025", before.text)


def test_row_23s_baselines_are_the_2025_ones_and_revised_in_2026() -> None:
    old, new = _editions()
    for indicator, earlier, later in (
        ("japan-search-linked-metadata-count", "3,100万件", "3,200万件"),
        ("linked-archives", "55機関", "67機関"),
    ):
        before = old.kpi("japan-search-scale").indicator(indicator).target.baseline
        after = new.kpi("japan-search-scale").indicator(indicator).target.baseline
        assert before is not None
        assert after is not None
        assert after.revised_from is not None
        assert (str(before.value), before.edition, before.revised_from) == (earlier, "2025", None)
        assert (str(after.value), after.edition) == (later, "2026")
        assert (str(after.revised_from.value), after.revised_from.edition) == (earlier, "2025")
        # The 2025 target text is the 2025 cell's wording.
        target = old.kpi("japan-search-scale").indicator(indicator).target
        assert target.text is not None
        assert earlier in target.text
        assert target.text in old.kpi("japan-search-scale").title


def test_both_editions_evaluate_as_of_their_own_dates() -> None:
    old, new = _editions()
    before = kpimodel.evaluate(old)
    assert before.as_of == dt.date(2025, 3, 31)
    assert {kpi.status for kpi in before.kpis} == {Status.NO_DATA}
    after = kpimodel.evaluate(new)
    assert after.as_of == dt.date(2026, 3, 31)
    # The 2026 edition evaluated as of a 2024 date uses only the figures known then.
    replay = kpimodel.evaluate(new, dt.date(2024, 7, 2))
    for evaluation in replay.indicators():
        latest = evaluation.latest
        if latest is not None and latest.period is not None:
            assert latest.period.last_day <= dt.date(2024, 7, 2)
