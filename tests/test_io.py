"""Reading and writing programs: lossless round trips, strict YAML, located errors."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kpimodel import (
    DimensionMismatchError,
    DocumentSyntaxError,
    DuplicateKPIError,
    DuplicateObservationError,
    FileReadError,
    InconsistentTargetError,
    KPIModelError,
    PeriodParseError,
    Program,
    QuantityParseError,
    SchemaError,
    UnknownTargetKindError,
    dump,
    dumps,
    load,
    loads,
)
from kpimodel.testing.strategies import programs

# Whole programs are slow to draw and to round trip: give them half the profile's examples.
_PROGRAM_SETTINGS = settings(max_examples=max(10, settings.default.max_examples // 2))

_HEAD = """\
title: P
themes:
- id: t
  title: T
  kpis:
  - id: k1
    title: K
"""
_NAN = "    observations:\n    - period: 2024年度\n      value: {magnitude: .nan, unit: 円}\n"


# --- round trips ------------------------------------------------------------------------------


@_PROGRAM_SETTINGS
@given(programs(), st.sampled_from(["yaml", "json"]))
def test_round_trip_is_exact(program: Program, fmt: str) -> None:
    text = dumps(program, fmt)  # type: ignore[arg-type]
    back = loads(text, fmt)  # type: ignore[arg-type]
    assert back == program
    assert dumps(back, fmt) == text  # type: ignore[arg-type]


@settings(max_examples=max(10, settings.default.max_examples // 4))
@given(programs())
def test_yaml_reads_the_json_output(program: Program) -> None:
    assert loads(dumps(program, "json"), "yaml") == program


@given(st.text(max_size=40), st.from_regex(r"\S(?:[^\n]{0,18}\S)?", fullmatch=True))
def test_any_text_survives_a_round_trip(text: str, kpi_id: str) -> None:
    program = Program.model_validate(
        {
            "title": text,
            "note": text,
            "themes": [{"id": "t", "title": text, "kpis": [{"id": kpi_id, "title": text}]}],
        }
    )
    for fmt in ("yaml", "json"):
        assert loads(dumps(program, fmt), fmt) == program  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["\x85", "a\x85b", "a\u2028b", "\ufeffx", "yes", "null", "1e3"])
def test_tricky_text_survives_yaml(text: str) -> None:
    program = loads(_HEAD).model_copy(update={"note": text})
    assert loads(dumps(program)).note == text


_SEED = (
    _HEAD.replace("  - id: k1\n    title: K\n", "")
    + """\
  - id: japan-search
    title: ジャパンサーチ
    target: {kind: reference_ratio, reference: europeana, deadline: 2035年}
    observations:
    - {period: 2026年3月26日現在, value: "32,163,179件"}
    references:
    - id: europeana
      observations: [{period: 2026年3月26日現在, value: "61,426,763件"}]
  - id: ai-research
    title: AI分野の研究費
    target: {kind: trend}
    observations:
    - period: 2024年度
      value: 3,235億円
      changes: [{by: +18.3%, since: 2023年度}]
  - id: exports
    title: 農林水産物・食品の輸出額
    target:
      kind: absolute
      value: 5兆円
      deadline: 2030年
      baseline: {value: 約1兆5千億円, period: 2024年}
    observations:
    - {period: 2025年, value: 約1兆7千億円}
    - {period: 2026年, value: {magnitude: "0.3235", unit: 兆円}}
"""
)


def test_every_digit_is_kept() -> None:
    program = loads(_SEED)
    for fmt in ("yaml", "json"):
        text = dumps(program, fmt)  # type: ignore[arg-type]
        assert "32163179" in text
        assert "0.3235" in text
        assert "18.3" in text
        back = loads(text, fmt)  # type: ignore[arg-type]
        assert back == program
        value = back.kpi("exports").indicators[0].observations[1].value
        assert str(value.magnitude) == "0.3235"
    data = json.loads(dumps(program, "json"))
    figure = data["themes"][0]["kpis"][0]["indicators"][0]["observations"][0]["value"]
    assert figure == {"magnitude": "32163179", "unit": "件", "approximate": False}


def test_output_is_deterministic() -> None:
    assert dumps(loads(_SEED)) == dumps(loads(_SEED))
    assert dumps(loads(_SEED), "json") == dumps(loads(_SEED), "json")


def test_json_numbers_are_read_exactly() -> None:
    document = {
        "title": "P",
        "themes": [
            {
                "id": "t",
                "title": "T",
                "kpis": [
                    {
                        "id": "k",
                        "title": "K",
                        "observations": [
                            {"period": "2025年", "value": {"magnitude": 0.1, "unit": "兆円"}}
                        ],
                    }
                ],
            }
        ],
    }
    for fmt in ("json", "yaml"):
        program = loads(json.dumps(document), fmt)  # type: ignore[arg-type]
        magnitude = program.kpi("k").indicators[0].observations[0].value.magnitude
        assert magnitude == Decimal("0.1")
        assert str(magnitude) == "0.1"


def test_utf8_bytes_and_a_byte_order_mark_are_read() -> None:
    program = loads(_SEED)
    assert loads(_SEED.encode()) == program
    assert loads(b"\xef\xbb\xbf" + _SEED.encode()) == program
    assert loads("\ufeff" + _SEED) == program


def test_files(tmp_path: Path) -> None:
    program = loads(_SEED)
    for name in ("program.yaml", "program.yml", "program.json", "program.txt"):
        path = tmp_path / name
        dump(program, path)
        assert load(path) == program
        assert load(str(path)) == program
    json_text = (tmp_path / "program.json").read_text(encoding="utf-8")
    assert json_text.startswith("{")
    yaml_text = (tmp_path / "program.yaml").read_text(encoding="utf-8")
    assert yaml_text.startswith("title:")
    dump(program, tmp_path / "forced.yaml", format="json")
    assert load(tmp_path / "forced.yaml", format="json") == program
    assert (tmp_path / "forced.yaml").read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("name", ["missing.yaml", "missing.json", "no/such/dir/x.yaml"])
def test_load_of_a_missing_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(FileReadError) as info:
        load(tmp_path / name)
    assert name.split("/")[-1] in str(info.value)


def test_load_of_a_directory(tmp_path: Path) -> None:
    with pytest.raises(FileReadError):
        load(tmp_path)


@pytest.mark.parametrize("text", ["title: [unclosed\n", "title: a\ntitle: b\n"])
def test_load_names_the_file_in_syntax_errors(tmp_path: Path, text: str) -> None:
    # Regression: the file name was meant to be added but never was.
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentSyntaxError) as info:
        load(path)
    assert "broken.yaml" in str(info.value)
    assert info.value.line == 2
    assert "line 2" in str(info.value)


# --- strict YAML and JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("title: a\ntitle: b\n", "duplicate key 'title'", 2),
        (_HEAD + "    title: again\n", "duplicate key 'title'", 8),
        ("title: &x a\nnote: b\n", "anchors", 1),
        ("a: &x 1\nb: *x\n", "anchors", 1),
        ("title: !!python/object/apply:os.system ['echo hi']\n", "tags", 1),
        ("title: !!python/object:builtins.dict {}\n", "tags", 1),
        ("title: !!binary aGVsbG8=\n", "tags", 1),
        ("a: {b: 1}\nc:\n  <<: {b: 2}\n", "merge", 3),
        ("1: a\ntitle: P\n", "key must be text", 1),
        ("title: [unclosed\n", "invalid YAML", 2),
        ('title: "bell\x07"\n', "control character", 1),
    ],
)
def test_yaml_refusals(text: str, fragment: str, line: int) -> None:
    with pytest.raises(DocumentSyntaxError) as info:
        loads(text)
    assert fragment in str(info.value)
    assert info.value.line == line


def test_yaml_tags_run_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    text = f"title: !!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(DocumentSyntaxError):
        loads(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"title": "a", "title": "b"}', "duplicate key 'title'"),
        ('{"title": ', "invalid JSON"),
    ],
)
def test_json_refusals(text: str, fragment: str) -> None:
    with pytest.raises(DocumentSyntaxError) as info:
        loads(text, "json")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('{"title": NaN}', "json"),
        ('{"title": "P", "note": Infinity}', "json"),
        ('{"title": "P", "note": -Infinity}', "json"),
        (_HEAD + _NAN, "yaml"),
        (_HEAD + _NAN.replace(".nan", ".inf"), "yaml"),
    ],
)
def test_nan_and_infinity_are_refused(text: str, fmt: str) -> None:
    with pytest.raises(SchemaError) as info:
        loads(text, fmt)  # type: ignore[arg-type]
    assert "finite" in str(info.value)


def test_nan_inside_a_kpi_is_located() -> None:
    text = _HEAD + _NAN
    with pytest.raises(SchemaError) as info:
        loads(text)
    assert "KPI 'k1'" in str(info.value)
    assert "indicators.0.observations.0.value.magnitude" in str(info.value)


@pytest.mark.parametrize("raw", [b"title: \xff\xfe\n", b"\xc3\x28", b"title: P\n\x80"])
def test_invalid_utf8(raw: bytes) -> None:
    with pytest.raises(FileReadError) as info:
        loads(raw)
    assert "UTF-8" in str(info.value)


def test_invalid_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: café\n".encode("latin-1"))
    with pytest.raises(FileReadError, match="UTF-8"):
        load(path)


@pytest.mark.parametrize("text", ["", "   \n\t", "# only a comment\n", "null\n", "~\n", "---\n"])
def test_empty_documents(text: str) -> None:
    with pytest.raises(SchemaError) as info:
        loads(text)
    assert "empty" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("- a\n- b\n", "yaml"),
        ("hello\n", "yaml"),
        ("42\n", "yaml"),
        ("true\n", "yaml"),
        ("[1, 2]", "json"),
        ('"text"', "json"),
        ("3.5", "json"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, fmt: str) -> None:
    with pytest.raises(SchemaError) as info:
        loads(text, fmt)  # type: ignore[arg-type]
    assert "mapping" in str(info.value)


# --- located errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "error", "field"),
    [
        (
            "    observations:\n    - period: 2024年度\n      value: 1,5億円\n",
            QuantityParseError,
            "indicators.0.observations.0.value",
        ),
        (
            "    observations:\n    - period: 2024年度\n      value: 5 furlongs\n",
            QuantityParseError,
            "indicators.0.observations.0.value",
        ),
        (
            "    observations:\n    - period: 2025-02-30\n      value: 1億円\n",
            PeriodParseError,
            "indicators.0.observations.0.period",
        ),
        (
            "    observations:\n    - period: 2024年度\n      value: 5\n",
            DimensionMismatchError,
            "indicators.0.observations.0.value",
        ),
        (
            "    observations:\n    - {period: 2024年度, value: 1億円}\n"
            "    - {period: FY2024, value: 2億円}\n",
            DuplicateObservationError,
            "indicators.0.observations.1.period",
        ),
        (
            "    target: {kind: absolute, value: 5兆円}\n"
            "    observations:\n    - {period: 2024年度, value: 1人}\n",
            DimensionMismatchError,
            "indicators.0.observations.0.value",
        ),
        (
            "    target:\n      kind: absolute\n      value: 5兆円\n      deadline: 2030年\n"
            "      baseline: {value: 1兆円, period: 2031年}\n",
            InconsistentTargetError,
            "indicators.0.target.baseline.period",
        ),
        ("    target: {kind: nope}\n", UnknownTargetKindError, "indicators.0.target"),
        ("    target: {kind: rank, rank: 0}\n", SchemaError, "indicators.0.target.rank"),
        (
            "    observations:\n    - {period: 2024年度, value: 1億円, valu: 2}\n",
            SchemaError,
            "indicators.0.observations.0.valu",
        ),
        (
            "    indicators:\n    - id: a\n      observations:\n"
            "      - {period: 2024年度, value: 3億円}\n"
            "      - period: 2025年度\n        value: 1,5億円\n",
            QuantityParseError,
            "indicators.0.observations.1.value",
        ),
    ],
)
def test_errors_inside_a_kpi_name_the_kpi_and_the_field(
    body: str, error: type[KPIModelError], field: str
) -> None:
    with pytest.raises(error) as info:
        loads(_HEAD + body)
    message = str(info.value)
    assert "KPI 'k1'" in message
    assert field in message
    assert info.value.kpi_id == "k1"
    assert info.value.field is not None
    assert info.value.field.startswith(field)


def test_errors_name_the_right_kpi() -> None:
    text = (
        _HEAD
        + "  - id: k2\n    title: K2\n    observations:\n    - period: 2024年度\n      value: abc\n"
    )
    with pytest.raises(QuantityParseError) as info:
        loads(text)
    assert info.value.kpi_id == "k2"
    assert "'abc'" in str(info.value)


def test_duplicate_kpi_ids_through_loads() -> None:
    text = _HEAD + "  - id: k1\n    title: again\n"
    with pytest.raises(DuplicateKPIError) as info:
        loads(text)
    assert "KPI 'k1'" in str(info.value)


def test_every_problem_is_listed() -> None:
    text = (
        _HEAD + "    observations:\n    - period: 2024年度\n      value: 1,5億円\n"
        "    - period: 2025-02-30\n      value: 1億円\n"
    )
    with pytest.raises(KPIModelError) as info:
        loads(text)
    problems = info.value.problems  # type: ignore[attr-defined]
    kinds = {type(problem) for problem in problems}
    assert {QuantityParseError, PeriodParseError} <= kinds
    assert all(problem.kpi_id == "k1" for problem in problems)


def test_errors_outside_kpis_name_the_field() -> None:
    with pytest.raises(SchemaError) as info:
        loads("title: P\nbogus: 1\n" + _HEAD.removeprefix("title: P\n"))
    assert info.value.kpi_id is None
    assert info.value.field == "bogus"


def test_pydantic_and_yaml_errors_never_escape() -> None:
    for text in ("title: [", "title: P\nthemes: 3\n", "title: {a: 1}\n", "themes: []\n"):
        with pytest.raises(KPIModelError):
            loads(text)


def test_loads_refuses_non_text() -> None:
    with pytest.raises((KPIModelError, TypeError)):
        loads(None)  # type: ignore[arg-type]


def test_yaml_dumps_safely() -> None:
    text = dumps(loads(_SEED))
    assert "!!" not in text
    assert yaml.safe_load(text)["title"] == "P"
