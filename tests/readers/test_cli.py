"""``kpimodel import``, and ``kpimodel report`` on tables and Open SDG data."""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path

import pytest

import kpimodel
from kpimodel import readers
from kpimodel.cli import EXIT_OK, EXIT_USAGE, main

from ._files import WIDE_HEADER, workbook, write_csv
from .test_open_sdg import _repository

_ROWS = [
    WIDE_HEADER,
    ["IP", "Share of intangibles", "50%", "2035年", "32%", "2020年", "52%", "2025年", "s1"],
    ["", "GII rank", "4位", "2035年", "", "", "12位", "2025年", "WIPO"],
]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_a_document_that_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "kpis.csv", _ROWS)
    out = tmp_path / "kpis.yaml"
    assert _run(capsys, "import", str(table), "-o", str(out))[0] == EXIT_OK
    assert kpimodel.load(out) == readers.read_table(table)
    code, report, _ = _run(capsys, "report", str(out), "--as-of", "2026-03-31")
    assert code == EXIT_OK
    assert "Share of intangibles" in report


def test_import_writes_json_by_the_output_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "kpis.csv", _ROWS)
    out = tmp_path / "kpis.json"
    assert _run(capsys, "import", str(table), "-o", str(out))[0] == EXIT_OK
    assert json.loads(out.read_text(encoding="utf-8"))["themes"][0]["title"] == "IP"


def test_import_a_merged_workbook_and_a_cp932_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [list(_ROWS[0]), list(_ROWS[1]), [None, *_ROWS[2][1:]]]
    book = workbook(tmp_path / "kpis.xlsx", rows, merges=("A2:A3",))
    sjis = write_csv(tmp_path / "sjis.csv", [["KPI名", "目標"], ["無形資産", "50%"]], "cp932")
    out = tmp_path / "book.yaml"
    assert _run(capsys, "import", str(book), "-o", str(out))[0] == EXIT_OK
    assert [k.title for k in kpimodel.load(out).themes[0].kpis] == [
        "Share of intangibles",
        "GII rank",
    ]
    code, report, err = _run(capsys, "report", str(out), "--format", "json")
    assert code == EXIT_OK, err
    assert [t["title"] for t in json.loads(report)["themes"]] == ["IP"]
    out = tmp_path / "sjis.yaml"
    code, _, err = _run(
        capsys, "import", str(sjis), "--encoding", "cp932", "--column", "kpi=KPI名", "-o", str(out)
    )
    assert code == EXIT_OK, err
    assert kpimodel.load(out).kpi("kpi-2").title == "無形資産"
    code, report, err = _run(capsys, "report", str(out), "--format", "json")
    assert code == EXIT_OK, err
    assert json.loads(report)["kpis"][0]["title"] == "無形資産"


def test_report_reads_tables_directly_with_the_same_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["id", "when", "value"], ["x", "2020", "10%"], ["x", "2024", "20%"]]
    table = write_csv(tmp_path / "long.csv", rows)
    code, out, err = _run(
        capsys, "report", str(table), "--layout", "long", "--column", "period=when",
        "--format", "json", "--as-of", "2025-01-01",
    )  # fmt: skip
    assert code == EXIT_OK, err
    assert json.loads(out)["kpis"][0]["id"] == "x"


def test_report_from_open_sdg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _repository(tmp_path / "repo")
    code, out, err = _run(
        capsys, "report", "--from", "open-sdg", str(root), "--format", "json",
        "--as-of", "2025-12-31",
    )  # fmt: skip
    assert code == EXIT_OK, err
    ids = [kpi["id"] for kpi in json.loads(out)["kpis"]]
    assert ids == ["1-1-1", "3-2-1", "8-8-1"]
    code, text, _ = _run(capsys, "import", "--from", "open-sdg", str(root))
    assert code == EXIT_OK
    assert kpimodel.loads(text) == readers.open_sdg(root)


def test_open_sdg_units_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "r"
    (root / "data").mkdir(parents=True)
    (root / "data" / "indicator_1-1-1.csv").write_text(
        "Year,Units,Value\n2015,Deaths,3\n", encoding="utf-8"
    )
    code, _, err = _run(capsys, "report", "--from", "open-sdg", str(root))
    assert code == EXIT_USAGE
    assert "--unit 'Deaths=人'" in err
    code, out, err = _run(
        capsys, "report", "--from", "open-sdg", str(root), "--unit", "Deaths=人", "--width", "100"
    )
    assert code == EXIT_OK, err
    assert "3人" in out


def test_report_csv_with_a_bom_for_excel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "kpis.csv", _ROWS)
    out = tmp_path / "report.csv"
    code, _, _ = _run(capsys, "report", str(table), "--format", "csv", "--bom", "-o", str(out))
    assert code == EXIT_OK
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8 + b"kpi_id,")
    assert raw.count(codecs.BOM_UTF8) == 1
    code, _, err = _run(capsys, "report", str(table), "--bom")
    assert code == EXIT_USAGE
    assert "--bom applies to --format csv only" in err


def test_report_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    table = write_csv(tmp_path / "kpis.csv", _ROWS)
    out = tmp_path / "report.xlsx"
    code, _, err = _run(capsys, "report", str(table), "--format", "xlsx", "-o", str(out))
    assert code == EXIT_OK, err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "KPIs"]


def test_cell_errors_are_one_line_with_the_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "bad.csv", [["KPI", "Target"], ["x", "1,5億円"]])
    code, _, err = _run(capsys, "import", str(table))
    assert code == EXIT_USAGE
    assert len(err.strip().splitlines()) == 1
    assert "bad.csv, row 2, column B (Target)" in err
    assert "1,5億円" in err


def test_an_invalid_encoding_names_the_byte_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = write_csv(tmp_path / "sjis.csv", [["KPI"], ["知財"]], "cp932")
    code, _, err = _run(capsys, "report", str(table))
    assert code == EXIT_USAGE
    assert "is not valid utf-8: byte offset 5" in err


def test_table_options_are_refused_for_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "d.yaml"
    document.write_text(kpimodel.dumps(kpimodel.datasets.load("ip-strategic-program-2026")))
    code, _, err = _run(capsys, "report", str(document), "--layout", "long")
    assert code == EXIT_USAGE
    assert "apply to .csv and .xlsx files only" in err


def test_a_missing_excel_extra_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # makes "import openpyxl" fail
    path = tmp_path / "k.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(ImportError, match=r'pip install -e "\.\[excel\]"') as info:
        readers.read_table(path)
    assert info.value.name == "openpyxl"
    code, _, err = _run(capsys, "import", str(path))
    assert code == EXIT_USAGE
    assert 'pip install -e ".[excel]"' in err
    code, _, err = _run(capsys, "report", "--format", "xlsx", "-o", str(tmp_path / "o.xlsx"))
    assert code == EXIT_USAGE
    assert "excel extra" in err


def test_validate_reads_tables_with_the_same_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_csv(tmp_path / "good.csv", [["名前", "Target"], ["x", "50%"]])
    code, out, _ = _run(capsys, "validate", str(good), "--column", "kpi=名前")
    assert (code, out) == (EXIT_OK, "ok\n")
    bad = write_csv(tmp_path / "bad.csv", [["KPI", "Target"], ["x", "1,5億円"]])
    code, out, _ = _run(capsys, "validate", str(bad))
    assert code == EXIT_USAGE
    assert "bad.csv, row 2, column B (Target)" in out


def test_table_options_are_refused_with_open_sdg(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repository(tmp_path / "repo")
    for command in ("import", "report"):
        code, _, err = _run(capsys, command, "--from", "open-sdg", str(root), "--title", "x")
        assert code == EXIT_USAGE
        assert "do not apply to --from open-sdg" in err
    table = write_csv(tmp_path / "t.csv", [["KPI"], ["x"]])
    for command in ("import", "report"):
        code, _, err = _run(capsys, command, str(table), "--unit", "a=b")
        assert code == EXIT_USAGE
        assert "--unit applies to --from open-sdg only" in err
