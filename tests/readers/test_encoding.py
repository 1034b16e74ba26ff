"""The encoding of a CSV file is stated, never guessed: UTF-8 by default, cp932 on request."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kpimodel
from kpimodel import readers
from kpimodel.readers._cells import decode

from ._files import write_csv

_ROWS = [
    ["テーマ", "KPI", "目標", "期限", "最新値", "時点"],
    ["知財", "無形資産の割合を高める", "50%", "2035年", "52%", "2025年"],
    ["", "海賊版サイトへのアクセス数", "1億アクセス", "2030年", "1.5億アクセス", "2025年"],
]
_MAPPING = readers.TableMapping(
    columns={
        "theme": "テーマ",
        "target": "目標",
        "deadline": "期限",
        "latest": "最新値",
        "latest_period": "時点",
    }
)


def _titles(program: kpimodel.Program) -> list[str]:
    return [kpi.title for _, kpi in program.kpis()]


def test_a_cp932_csv_from_japanese_excel_reads_with_its_encoding(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "kpi.csv", _ROWS, encoding="cp932")
    program = readers.read_table(path, _MAPPING, encoding="cp932")
    assert _titles(program) == ["無形資産の割合を高める", "海賊版サイトへのアクセス数"]
    assert program.themes[0].title == "知財"
    assert kpimodel.evaluate(program).summary.total == 2


def test_a_cp932_csv_read_as_utf8_is_an_error_naming_the_byte(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "kpi.csv", _ROWS, encoding="cp932")
    offset = len("テーマ".encode("cp932")) - 1  # the first byte that is not valid UTF-8
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError) as expected:
        raw.decode("utf-8")
    with pytest.raises(kpimodel.FileReadError) as info:
        readers.read_table(path, _MAPPING)
    assert f"byte offset {expected.value.start}" in str(info.value)
    assert expected.value.start <= offset
    assert "--encoding cp932" in str(info.value)


def test_utf8_with_and_without_a_bom_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "bom").mkdir()
    plain = write_csv(tmp_path / "kpi.csv", _ROWS)
    bom = tmp_path / "bom" / "kpi.csv"
    bom.write_bytes(codecs.BOM_UTF8 + plain.read_bytes())
    first = readers.read_table(plain, _MAPPING)
    second = readers.read_table(bom, _MAPPING)
    # The BOM is not part of the first header: the theme column is still found.
    assert first == second
    assert second.themes[0].title == "知財"


def test_a_bom_file_said_to_be_cp932_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"KPI\nx\n")
    with pytest.raises(kpimodel.FileReadError, match="byte order mark, so it is UTF-8"):
        readers.read_table(path, encoding="cp932")


def test_an_invalid_byte_in_the_stated_encoding_names_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    good = "KPI,Target\n".encode("cp932")
    path.write_bytes(good + b"x,\x81\x20\n")  # 0x81 needs a trail byte of 0x40 or more
    with pytest.raises(kpimodel.FileReadError) as info:
        readers.read_table(path, encoding="cp932")
    assert f"byte offset {len(good) + 2}" in str(info.value)
    assert "not valid cp932" in str(info.value)


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["KPI"], ["x"]])
    with pytest.raises(kpimodel.FileReadError, match="unknown encoding 'shift-jiss'"):
        readers.read_table(path, encoding="shift-jiss")


@given(st.binary(max_size=64), st.sampled_from(["utf-8", "cp932", "latin-1"]))
def test_decoding_matches_python_or_names_the_first_bad_byte(raw: bytes, encoding: str) -> None:
    try:
        expected = raw.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        with pytest.raises(kpimodel.FileReadError, match=rf"byte offset {exc.start} "):
            decode(raw, encoding, "f.csv")
    else:
        if raw.startswith(codecs.BOM_UTF8) and encoding != "utf-8":
            with pytest.raises(kpimodel.FileReadError, match="byte order mark"):
                decode(raw, encoding, "f.csv")
        else:
            assert decode(raw, encoding, "f.csv") == expected.removeprefix("\ufeff")


def test_cp932_characters_need_cp932_not_shift_jis(tmp_path: Path) -> None:
    rows = [["KPI", "Target"], ["①相談件数～2030", "100件"]]
    path = write_csv(tmp_path / "kpi.csv", rows, encoding="cp932")
    assert readers.read_table(path, encoding="cp932").kpi("kpi-2").title == "①相談件数～2030"
    offset = len("KPI,Target\r\n".encode("cp932"))
    with pytest.raises(kpimodel.FileReadError, match=f"not valid shift_jis: byte offset {offset} "):
        readers.read_table(path, encoding="shift_jis")
