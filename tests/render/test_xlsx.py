"""Excel workbooks of evaluations: summary, one row per indicator, coloured statuses."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

import pytest

import kpimodel
from kpimodel.render import to_csv, to_xlsx
from kpimodel.render._csv import COLUMNS
from kpimodel.render._html import STATUS_BACKGROUNDS

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def result() -> kpimodel.ProgramEvaluation:
    return kpimodel.evaluate(kpimodel.datasets.load("ip-strategic-program-2026"))


def _book(data: bytes) -> object:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_kpi_sheet_holds_the_csv_rows(result: kpimodel.ProgramEvaluation) -> None:
    book = _book(to_xlsx(result))
    assert book.sheetnames == ["Summary", "KPIs"]
    sheet = book["KPIs"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    csv_rows = to_csv(result).splitlines()[1:]
    assert sheet.max_row - 1 == len(csv_rows)
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref is not None


def test_statuses_are_coloured_as_in_html(result: kpimodel.ProgramEvaluation) -> None:
    sheet = _book(to_xlsx(result))["KPIs"]
    status_column = list(COLUMNS).index("status") + 1
    seen = set()
    for row in range(2, sheet.max_row + 1):
        cell = sheet.cell(row, status_column)
        status = kpimodel.Status(cell.value)
        color = STATUS_BACKGROUNDS[status].lstrip("#").upper()
        assert cell.fill.fgColor.rgb.endswith(color)
        seen.add(status)
    assert len(seen) >= 3


def test_figures_are_numbers_when_excel_holds_every_digit(
    result: kpimodel.ProgramEvaluation,
) -> None:
    sheet = _book(to_xlsx(result))["KPIs"]
    index = list(COLUMNS).index("latest_value")
    expected = [row[index] for row in list(csv.reader(io.StringIO(to_csv(result))))[1:]]
    values = [sheet.cell(row, index + 1).value for row in range(2, sheet.max_row + 1)]
    assert any(isinstance(value, int | float) for value in values)
    for value, text in zip(values, expected, strict=True):
        if isinstance(value, int | float):
            assert Decimal(repr(value)) == Decimal(text)  # every digit of the figure
        else:
            assert (value or "") == text


def test_the_summary_counts_match_the_evaluation(result: kpimodel.ProgramEvaluation) -> None:
    summary = _book(to_xlsx(result))["Summary"]
    last = [c.value for c in summary[summary.max_row]]
    counts = result.summary.as_dict()
    assert last[1:] == [
        counts["achieved"],
        counts["on-track"],
        counts["behind"],
        counts["no-data"],
        result.summary.total,
    ]


def test_one_sheet_per_theme_in_japanese(result: kpimodel.ProgramEvaluation) -> None:
    book = _book(to_xlsx(result, lang="ja", by_theme=True))
    assert book.sheetnames[0] == "集計"
    assert len(book.sheetnames) == 1 + len(result.themes)
    assert all(len(name) <= 31 for name in book.sheetnames)
    rows = sum(book[name].max_row - 1 for name in book.sheetnames[1:])
    assert rows == len(to_csv(result).splitlines()) - 1


def test_anything_else_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot write str as a workbook"):
        to_xlsx("x")  # type: ignore[arg-type]


def test_the_same_evaluation_gives_the_same_bytes(result: kpimodel.ProgramEvaluation) -> None:
    first = to_xlsx(result)
    assert to_xlsx(result) == first
    assert b"1980-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
