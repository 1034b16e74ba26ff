"""Properties of table reading: every cell means what kpimodel's parsers say it means."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpimodel
from kpimodel import readers

from ._files import workbook, write_csv

_FIGURES = ["52%", "3,235億円", "12位", "約20ポイント", "1.4万社", "▲6%", "32,163,179件", "0.5%"]
_PERIODS = ["2025年", "2024年度", "FY2024", "2025Q1", "2026年3月現在", "2025-06-30", "2020"]
_THEMES = ["", "", "知財", "Digital", "デジタル 2030"]

_rows = st.lists(
    st.tuples(st.sampled_from(_THEMES), st.sampled_from(_FIGURES), st.sampled_from(_PERIODS)),
    min_size=1,
    max_size=8,
)


def _expected_themes(rows: list[tuple[str, str, str]]) -> list[str]:
    """Themes as a person reads the column: a blank cell repeats the theme above."""
    current, seen = "KPIs", []
    for theme, _, _ in rows:
        current = theme or current
        if not seen or seen[-1] != current:
            seen.append(current)
    return seen


@settings(max_examples=30)
@given(_rows, st.sampled_from(["csv", "xlsx", "cp932"]))
def test_each_cell_reads_to_what_the_parsers_read(
    rows: list[tuple[str, str, str]], kind: str
) -> None:
    table = [["Theme", "KPI", "Latest", "Latest period"]]
    table += [[theme, f"KPI {n}", figure, period] for n, (theme, figure, period) in enumerate(rows)]
    with tempfile.TemporaryDirectory() as folder:
        if kind == "xlsx":
            path = workbook(Path(folder) / "t.xlsx", [list(r) for r in table])
            program = readers.read_table(path)
        else:
            encoding = "cp932" if kind == "cp932" else "utf-8"
            path = write_csv(Path(folder) / "t.csv", table, encoding)
            program = readers.read_table(path, encoding=None if kind == "csv" else encoding)
        document = readers.table_document(path, encoding="cp932" if kind == "cp932" else None)
    kpis = [kpi for _, kpi in program.kpis()]
    assert [kpi.title for kpi in kpis] == [f"KPI {n}" for n in range(len(rows))]
    for kpi, (_, figure, period) in zip(kpis, rows, strict=True):
        (observation,) = kpi.indicators[0].observations
        assert observation.value == kpimodel.parse_quantity(figure)
        assert observation.period == kpimodel.parse_period(period)
    assert [theme.title for theme in program.themes] == _expected_themes(rows)
    # The document written reads back to the same program.
    assert kpimodel.loads(readers.document_text(document, "json"), "json") == program


def test_importing_kpimodel_loads_no_reader_and_no_openpyxl() -> None:
    probe = (
        "import json, sys, kpimodel\n"
        "print(json.dumps([m for m in sys.modules if m.startswith(('kpimodel.readers', "
        "'openpyxl'))]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []


def test_the_readers_import_no_evaluation_or_render() -> None:
    import ast

    folder = Path(readers.__file__).parent
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(
                    ("kpimodel.evaluation", "kpimodel.render", "kpimodel.cli")
                ), f"{path.name} imports {node.module}"


_sdg_rows = st.lists(
    st.tuples(
        st.integers(2010, 2030),
        st.sampled_from(["", "", "Female", "Male"]),
        st.sampled_from(["", "", "Urban"]),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=20,
    unique_by=lambda row: row[:3],
)


@settings(max_examples=40)
@given(_sdg_rows)
def test_open_sdg_measures_exactly_the_headline_rows(rows: list[tuple[int, str, str, int]]) -> None:
    headline = {(year, value) for year, sex, area, value in rows if not sex and not area}
    data = "Year,Sex,Area,Value\n" + "".join(f"{y},{s},{a},{v}\n" for y, s, a, v in rows)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "data").mkdir()
        (root / "data" / "indicator_1-2-1.csv").write_text(data, encoding="utf-8")
        (root / "meta").mkdir()
        (root / "meta" / "1-2-1.yml").write_text(
            "auto_progress_calculation: true\n", encoding="utf-8"
        )
        if not headline:
            with pytest.raises(kpimodel.SchemaError, match="no headline rows"):
                readers.open_sdg(root)
            return
        program = readers.open_sdg(root)
    indicator = program.kpi("1-2-1").indicators[0]
    read = {(o.period.start.year, int(o.value.magnitude)) for o in indicator.observations}
    assert read == headline
    baseline = indicator.target.baseline
    later = sorted(year for year, _ in headline if year >= 2015)
    if later:
        assert baseline is not None
        assert baseline.period == kpimodel.parse_period(str(later[0]))
    else:
        assert baseline is None
