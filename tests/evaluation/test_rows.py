"""The flat row schema: one definition, written by CSV, DataFrames and the batch output."""

from __future__ import annotations

from pathlib import Path

from kpimodel.evaluation import BATCH_COLUMNS, ROW_COLUMNS, ColumnKind
from kpimodel.render._csv import COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "json-format.md"


def rows_table() -> str:
    """The Markdown table of docs/json-format.md's "Rows" section, from the schema."""
    lines = ["| column | holds | batch | meaning |", "| --- | --- | --- | --- |"]
    for column in ROW_COLUMNS:
        batch = "yes" if column.batch else ""
        lines.append(f"| `{column.name}` | {column.kind.value} | {batch} | {column.doc} |")
    return "\n".join(lines) + "\n"


def test_names_are_unique_and_batch_is_a_subset_in_order() -> None:
    names = [column.name for column in ROW_COLUMNS]
    assert len(names) == len(set(names))
    batch = [column.name for column in BATCH_COLUMNS]
    assert batch == [name for name in names if name in set(batch)]
    assert tuple(names) == COLUMNS


def test_every_figure_column_is_a_value_in_the_rows_unit() -> None:
    figures = [c.name for c in ROW_COLUMNS if c.kind is ColumnKind.FIGURE]
    assert all(name.endswith("_value") for name in figures)
    assert all("`unit`" in c.doc for c in ROW_COLUMNS if c.kind is ColumnKind.FIGURE)


def test_the_json_format_page_documents_every_column() -> None:
    assert rows_table() in DOC.read_text(encoding="utf-8"), (
        "docs/json-format.md's Rows table is stale; replace it with:\n" + rows_table()
    )


def test_stated_statuses_and_completion_reports_have_their_columns() -> None:
    import csv
    import datetime as dt
    import io

    import kpimodel

    program = kpimodel.loads(
        "title: t\nthemes:\n  - id: a\n    title: a\n    kpis:\n      - id: k\n"
        "        title: k\n        stated_status: {status: on-track}\n"
        "        target: {kind: completion, deadline: 2027年度, "
        "reports: [{period: 2024年度, status: 実施中}]}\n"
    )
    result = kpimodel.evaluate(program, dt.date(2025, 6, 1))
    (row,) = csv.DictReader(io.StringIO(kpimodel.to_csv(result)))
    assert row["kpi_stated_status"] == "on-track"
    assert (row["report_status"], row["report_period"]) == ("in-progress", "2024年度")
    assert row["status"] == "on-track"
