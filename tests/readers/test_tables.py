"""One-row-per-KPI and long tables, in CSV files and workbooks, become programs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import kpimodel
from kpimodel import readers
from kpimodel.errors import KPIModelError, PeriodParseError, QuantityParseError, SchemaError

from ._files import WIDE_HEADER, workbook, write_csv

AS_OF = dt.date(2026, 3, 31)


def _wide_rows() -> list[list[str]]:
    return [
        WIDE_HEADER,
        ["IP", "Share of intangibles", "50%", "2035年", "32%", "2020年", "52%", "2025年", "s1"],
        ["", "GII rank", "4位", "2035年", "", "", "12位", "2025年", "WIPO"],
        ["Exports", "Agri exports", "5兆円", "2030年", "0.9兆円", "2020年", "1.5兆円", "2024年",
         ""],
    ]  # fmt: skip


def test_a_wide_csv_reads_into_themes_kpis_targets_and_observations(tmp_path: Path) -> None:
    program = readers.read_table(write_csv(tmp_path / "kpis.csv", _wide_rows()))
    assert program.title == "kpis"
    assert [t.title for t in program.themes] == ["IP", "Exports"]
    # The blank theme cell below "IP" takes the theme above.
    assert [k.id for k in program.themes[0].kpis] == ["kpi-2", "kpi-3"]
    share = program.kpi("kpi-2").indicators[0]
    assert share.target.kind == "ratio"
    assert share.target.target_value() == kpimodel.parse_quantity("50%")
    assert share.target.baseline is not None
    assert share.target.baseline.period == kpimodel.parse_period("2020年")
    assert share.observations[0].value == kpimodel.parse_quantity("52%")
    assert share.observations[0].source == "s1"
    assert program.kpi("kpi-3").indicators[0].target.kind == "rank"
    assert program.kpi("kpi-4").indicators[0].target.kind == "absolute"
    result = kpimodel.evaluate(program, AS_OF)
    assert result.kpi("kpi-2").status is kpimodel.Status.ACHIEVED


def test_the_document_reads_back_to_the_same_program(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "kpis.csv", _wide_rows())
    program = readers.read_table(path)
    document = readers.table_document(path)
    for fmt in ("yaml", "json"):
        text = readers.document_text(document, fmt)
        assert kpimodel.loads(text, fmt) == program
    # Figures stay as the table printed them.
    assert "1.5兆円" in readers.document_text(document)


def test_a_workbook_with_merged_theme_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        WIDE_HEADER,
        ["IP", "Share of intangibles", "50%", "2035年", None, None, "52%", "2025年", None],
        [None, "GII rank", "4位", 2035, None, None, "12位", 2025, None],
        [None, "Patents", 300000, 2030, 250000, 2020, 280000, 2024, None],
        ["Exports", "Agri exports", "5兆円", dt.date(2030, 12, 31), None, None, "1.5兆円", "2024年",
         None],
    ]  # fmt: skip
    path = workbook(tmp_path / "kpis.xlsx", rows, merges=("A2:A4",))
    mapping = readers.TableMapping(title="Workbook", columns={"theme": "Theme"})
    program = readers.read_table(path, mapping)
    assert program.title == "Workbook"
    assert [[k.title for k in t.kpis] for t in program.themes] == [
        ["Share of intangibles", "GII rank", "Patents"],
        ["Agri exports"],
    ]
    patents = program.kpi("kpi-4").indicators[0]
    # A bare number is a plain number: kpimodel does not guess a unit for it.
    assert patents.observations[0].value == kpimodel.Quantity.of(280000)
    assert patents.target.deadline == kpimodel.parse_period("2030")
    exports = program.kpi("kpi-5").indicators[0]
    assert exports.target.deadline == kpimodel.Day(date=dt.date(2030, 12, 31))
    assert kpimodel.evaluate(program, AS_OF).summary.total == 4


def test_a_unit_column_completes_bare_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["KPI", "Target", "Latest", "Latest period", "Unit"],
        ["Exports", 5, 1.5, "2024年", "兆円"],
        ["Share", 0.5, 0.52, "2025", "%"],
    ]
    path = workbook(tmp_path / "units.xlsx", rows, formats={"B3": "0%", "C3": "0%"})
    program = readers.read_table(path)
    exports = program.kpi("kpi-2").indicators[0]
    assert exports.observations[0].value == kpimodel.parse_quantity("1.5兆円")
    # A cell shown as a percentage holds a fraction: 0.52 shown as 52% is 52%, not 0.52%.
    share = program.kpi("kpi-3").indicators[0]
    assert share.observations[0].value == kpimodel.parse_quantity("52%")
    assert share.target.target_value() == kpimodel.parse_quantity("50%")


def test_excel_floats_keep_the_digits_excel_shows(tmp_path: Path) -> None:
    rows: list[list[object]] = [["KPI", "Latest", "Latest period"], ["x", 0.1 + 0.2, 2024]]
    program = readers.read_table(workbook(tmp_path / "f.xlsx", rows))
    assert program.kpi("kpi-2").indicators[0].observations[0].value.magnitude == Decimal("0.3")


def test_a_mapping_file_names_the_columns(tmp_path: Path) -> None:
    rows = [
        ["分野", "KPI", "目標値", "目標年", "実績", "時点"],
        ["知財", "無形資産の割合", "50%", "2035年", "52%", "2025年"],
    ]
    path = write_csv(tmp_path / "ja.csv", rows)
    (tmp_path / "map.yaml").write_text(
        "title: 知財KPI\ncolumns:\n  theme: 分野\n  target: 目標値\n  deadline: 目標年\n"
        "  latest: 実績\n  latest_period: 時点\n",
        encoding="utf-8",
    )
    program = readers.read_table(path, tmp_path / "map.yaml")
    assert program.title == "知財KPI"
    assert program.themes[0].title == "知財"
    assert program.kpi("kpi-2").indicators[0].target.kind == "ratio"


def test_a_long_table(tmp_path: Path) -> None:
    rows = [
        ["id", "kpi", "period", "value", "unit", "target", "deadline", "baseline",
         "baseline period"],
        ["exports", "Agri exports", "2020", "1.2", "兆円", "5", "2030", "1.2", "2020"],
        ["exports", "", "2021", "1.3", "兆円", "", "", "", ""],
        ["exports", "", "2022", "1.4", "兆円", "", "", "", ""],
        ["share", "Share", "2022", "40", "%", "", "", "", ""],
        ["share", "", "2023", "45", "%", "", "", "", ""],
    ]  # fmt: skip
    path = write_csv(tmp_path / "long.csv", rows)
    program = readers.read_table(path, readers.TableMapping(layout="long"))
    exports = program.kpi("exports")
    assert exports.title == "Agri exports"
    assert [str(o.value) for o in exports.indicators[0].observations] == [
        "1.2兆円",
        "1.3兆円",
        "1.4兆円",
    ]
    assert exports.indicators[0].target.target_value() == kpimodel.parse_quantity("5兆円")
    assert program.kpi("share").indicators[0].target.kind == "monitor"
    result = kpimodel.evaluate(program, AS_OF)
    assert result.kpi("exports").status is kpimodel.Status.BEHIND


def test_a_long_table_refuses_two_values_of_a_kpi_field(tmp_path: Path) -> None:
    rows = [
        ["id", "period", "value", "target"],
        ["x", "2020", "1%", "5%"],
        ["x", "2021", "2%", "6%"],
    ]
    path = write_csv(tmp_path / "long.csv", rows)
    with pytest.raises(SchemaError, match=r"two different target values: '5%' \(long.csv, row 2"):
        readers.read_table(path, readers.TableMapping(layout="long"))


def test_a_long_table_refuses_two_figures_for_a_period(tmp_path: Path) -> None:
    rows = [["id", "period", "value"], ["x", "2020", "1%"], ["x", "2020年", "2%"]]
    path = write_csv(tmp_path / "long.csv", rows)
    with pytest.raises(SchemaError, match=r"two figures for 2020年 \(rows 2 and 3\)"):
        readers.read_table(path, readers.TableMapping(layout="long"))


@pytest.mark.parametrize(
    ("cell", "error", "quoted"),
    [
        ("1,5億円", QuantityParseError, "1,5億円"),
        ("5 furlongs", QuantityParseError, "furlongs"),
    ],
)
def test_a_bad_figure_names_its_cell(
    tmp_path: Path, cell: str, error: type[KPIModelError], quoted: str
) -> None:
    rows = [["KPI", "Target"], ["ok", "50%"], ["bad", cell]]
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(error) as info:
        readers.read_table(path)
    assert info.value.field == "bad.csv, row 3, column B (Target)"
    assert quoted in str(info.value)


def test_a_bad_period_names_its_sheet_row_and_column(tmp_path: Path) -> None:
    rows: list[list[object]] = [["KPI", "Latest", "Latest period"], ["x", "5%", "someday"]]
    path = workbook(tmp_path / "bad.xlsx", rows, title="表")
    with pytest.raises(PeriodParseError) as info:
        readers.read_table(path)
    assert info.value.field == "bad.xlsx, sheet '表', row 2, column C (Latest period)"
    assert "'someday'" in str(info.value)


def test_a_missing_column_says_how_to_map_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["Name", "Goal"], ["x", "5%"]])
    with pytest.raises(SchemaError, match=r"no column for kpi .*--column kpi=HEADER"):
        readers.read_table(path)


def test_a_mapped_header_that_is_absent_is_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["KPI"], ["x"]])
    mapping = readers.TableMapping(columns={"target": "目標"})
    with pytest.raises(SchemaError, match="has no such header"):
        readers.read_table(path, mapping)


def test_an_unknown_field_in_a_mapping_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown field 'latest' for the long layout"):
        readers.TableMapping(layout="long", columns={"latest": "x"})
    (tmp_path / "map.yaml").write_text("layout: long\ncolumns: {latest: x}\n", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"map.yaml: unknown field 'latest'"):
        readers.load_mapping(tmp_path / "map.yaml")


def test_a_model_error_names_the_row(tmp_path: Path) -> None:
    rows = [["KPI", "Target", "Latest", "Latest period"], ["x", "5兆円", "52%", "2024"]]
    with pytest.raises(KPIModelError, match=r"t.csv, row 2"):
        readers.read_table(write_csv(tmp_path / "t.csv", rows))


def test_a_formula_without_a_saved_value_is_refused(tmp_path: Path) -> None:
    rows: list[list[object]] = [["KPI", "Latest", "Latest period"], ["x", "=1+1", 2024]]
    with pytest.raises(kpimodel.FileReadError, match="formula with no saved value"):
        readers.read_table(workbook(tmp_path / "f.xlsx", rows))


def test_a_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "s.xlsx", [["KPI"], ["x"]])
    with pytest.raises(kpimodel.FileReadError, match="no sheet 'Other'; its sheets: KPIs"):
        readers.read_table(path, readers.TableMapping(sheet="Other"))


def test_two_columns_with_one_header_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["KPI", "Target", "target"], ["x", "5%", "6%"]])
    with pytest.raises(SchemaError, match="columns B and C of row 1 are both headed 'Target'"):
        readers.read_table(path)


def test_one_column_read_as_two_fields_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "t.csv", [["KPI", "値"], ["x", "5%"]])
    mapping = readers.TableMapping(columns={"target": "値", "latest": "値"})
    with pytest.raises(SchemaError, match=r"column B \('値'\) is read as both target and latest"):
        readers.read_table(path, mapping)


def test_a_progress_column_is_the_kpis_progress_text(tmp_path: Path) -> None:
    rows = [["KPI", "Progress", "Note"], ["x", "2025年には52%に達した", "n"]]
    kpi = readers.read_table(write_csv(tmp_path / "t.csv", rows)).kpi("kpi-2")
    assert (kpi.progress_text, kpi.note) == ("2025年には52%に達した", "n")


def test_a_bare_target_with_several_units_is_refused(tmp_path: Path) -> None:
    rows = [["id", "period", "value", "unit", "target"], ["x", "2020", "3235", "億円", "5"],
            ["x", "2021", "0.4", "兆円", ""]]  # fmt: skip
    path = write_csv(tmp_path / "long.csv", rows)
    with pytest.raises(SchemaError, match=r"target 5 is a bare number.*'億円', '兆円'") as info:
        readers.read_table(path, readers.TableMapping(layout="long"))
    assert info.value.field == "long.csv, row 2, column E (target)"
    rows[1][4] = "5兆円"
    program = readers.read_table(write_csv(path, rows), readers.TableMapping(layout="long"))
    assert str(program.kpi("x").indicators[0].target.target_value()) == "5兆円"


def test_a_file_that_is_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "k.xlsx"
    path.write_bytes(b"KPI,Target\nx,5%\n")
    with pytest.raises(kpimodel.FileReadError, match=r"k.xlsx is not a readable Excel workbook"):
        readers.read_table(path)


def test_a_table_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.ods"
    path.write_bytes(b"")
    with pytest.raises(SchemaError, match=r"use a .csv or .xlsx file"):
        readers.read_table(path)
