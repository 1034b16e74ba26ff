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


@_PROGRAM_SETTINGS
@given(programs(), st.sampled_from(["yaml", "json"]))
def test_both_styles_read_back_to_the_same_program(program: Program, fmt: str) -> None:
    compact = dumps(program, fmt, style="compact")  # type: ignore[arg-type]
    full = dumps(program, fmt, style="full")  # type: ignore[arg-type]
    assert loads(compact, fmt) == program  # type: ignore[arg-type]
    assert loads(full, fmt) == program  # type: ignore[arg-type]
    # Same model, field for field and digit for digit (== on Decimals ignores 8.9 vs 8.90).
    assert dumps(loads(compact, fmt), fmt, style="full") == full  # type: ignore[arg-type]
    assert len(compact) <= len(full)


def test_the_compact_form_writes_what_the_table_prints() -> None:
    program = loads(_SEED)
    data = yaml.safe_load(dumps(program))
    kpis = {kpi["id"]: kpi for kpi in data["themes"][0]["kpis"]}
    exports = kpis["exports"]
    assert "indicators" not in exports  # one indicator named as the KPI: written flat
    assert exports["target"] == {
        "kind": "absolute",
        "value": "5兆円",
        "deadline": "2030年",
        "baseline": {"value": "約1.5兆円", "period": "2024年"},
    }
    assert exports["observations"][1] == {"period": "2026年", "value": "0.3235兆円"}
    assert kpis["ai-research"]["observations"][0]["changes"] == [
        {"by": "18.3%", "since": "2023年度"}
    ]
    assert "derived" not in json.dumps(data)  # defaults are left out


def test_a_figure_whose_text_would_lose_digits_keeps_its_mapping() -> None:
    # 8.90 prints as 8.9 (the text would read back as another exponent): keep the mapping.
    program = loads(
        _HEAD
        + "    observations:\n    - period: 2024年\n"
        + "      value: {magnitude: '8.90', unit: 件}\n"
    )
    data = yaml.safe_load(dumps(program))
    value = data["themes"][0]["kpis"][0]["observations"][0]["value"]
    assert value in ({"magnitude": "8.90", "unit": "件"}, "8.90件")
    assert str(loads(dumps(program)).kpi("k1").indicators[0].observations[0].value.magnitude) == (
        "8.90"
    )


def test_an_unknown_style_is_refused() -> None:
    with pytest.raises(SchemaError, match="style must be 'compact' or 'full'"):
        dumps(loads(_HEAD), style="short")  # type: ignore[arg-type]


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


@pytest.mark.parametrize("style", ["compact", "full"])
def test_every_digit_is_kept(style: str) -> None:
    program = loads(_SEED)
    for fmt in ("yaml", "json"):
        text = dumps(program, fmt, style=style)  # type: ignore[arg-type]
        assert ("32,163,179件" if style == "compact" else "32163179") in text
        assert "0.3235" in text
        assert "18.3" in text
        back = loads(text, fmt)  # type: ignore[arg-type]
        assert back == program
        value = back.kpi("exports").indicators[0].observations[1].value
        assert str(value.magnitude) == "0.3235"
    data = json.loads(dumps(program, "json", style="full"))
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
    assert "observations.0.value.magnitude" in str(info.value)


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
            "observations.0.value",
        ),
        (
            "    observations:\n    - period: 2024年度\n      value: 5 furlongs\n",
            QuantityParseError,
            "observations.0.value",
        ),
        (
            "    observations:\n    - period: 2025-02-30\n      value: 1億円\n",
            PeriodParseError,
            "observations.0.period",
        ),
        (
            "    observations:\n    - period: 2024年度\n      value: 5\n",
            DimensionMismatchError,
            "observations.0.value",
        ),
        (
            "    observations:\n    - {period: 2024年度, value: 1億円}\n"
            "    - {period: FY2024, value: 2億円}\n",
            DuplicateObservationError,
            "observations.1.period",
        ),
        (
            "    target: {kind: absolute, value: 5兆円}\n"
            "    observations:\n    - {period: 2024年度, value: 1人}\n",
            DimensionMismatchError,
            "observations.0.value",
        ),
        (
            "    target:\n      kind: absolute\n      value: 5兆円\n      deadline: 2030年\n"
            "      baseline: {value: 1兆円, period: 2031年}\n",
            InconsistentTargetError,
            "target.baseline.period",
        ),
        ("    target: {kind: nope}\n", UnknownTargetKindError, "target"),
        ("    target: {kind: rank, rank: 0}\n", SchemaError, "target.rank"),
        (
            "    observations:\n    - {period: 2024年度, value: 1億円, valu: 2}\n",
            SchemaError,
            "observations.0.valu",
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


def test_loads_refuses_non_text_with_its_own_error() -> None:
    for value in (None, 3, ["title: P"], {"title": "P"}):
        with pytest.raises(SchemaError, match="text or bytes"):
            loads(value)  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="format must be"):
        loads(_SEED, "toml")  # type: ignore[arg-type]


# --- YAML 1.2 numbers (issue 11: YAML 1.1 forms read as other values) --------------------------

_CORE = {
    # text: what YAML 1.2's core schema reads (never YAML 1.1's octal, base 60 or yes/no)
    "010": 10,
    "02025": 2025,
    "-007": -7,
    "0o17": 15,
    "0x1F": 31,
    "1:30": "1:30",
    "190:20:30": "190:20:30",
    "1_000": "1_000",
    "0b101": "0b101",
    "yes": "yes",
    "No": "No",
    "on": "on",
    "y": "y",
    "true": True,
    "FALSE": False,
    "~": None,
    "Null": None,
    "1e3": Decimal("1e3"),
    ".5": Decimal("0.5"),
    "2025-06-30": "2025-06-30",
}


@pytest.mark.parametrize(("text", "expected"), list(_CORE.items()))
def test_yaml_reads_numbers_as_yaml_1_2_does(text: str, expected: object) -> None:
    from kpimodel.io._api import _parse_text

    value = _parse_text(f"a: {text}\n", "yaml")["a"]
    assert value == expected
    assert type(value) is type(expected)


def test_base_60_floats_neither_overflow_nor_take_quadratic_time() -> None:
    from kpimodel.io._api import _parse_text

    long = "1" + ":59" * 180 + ".5"  # YAML 1.1: an OverflowError (issue 11)
    assert _parse_text(f"a: {long}\n", "yaml") == {"a": long}


@pytest.mark.parametrize(
    ("rank", "expected"),
    [("010", 10), ("'010'", 10), ("02", 2)],
)
def test_a_rank_reads_as_a_person_reads_it(rank: str, expected: int) -> None:
    text = (
        _HEAD + f"    target: {{kind: rank, rank: {rank}, deadline: 2030年}}\n"
        "    observations: [{period: 2024年, value: 3位}]\n"
    )
    target = loads(text).themes[0].kpis[0].indicators[0].target
    assert target.rank == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", ["true", "false", "True"])
def test_a_boolean_is_never_a_number(value: str) -> None:
    text = (
        _HEAD + f"    target: {{kind: rank, rank: {value}, deadline: 2030年}}\n"
        "    observations: [{period: 2024年, value: 3位}]\n"
    )
    with pytest.raises(SchemaError, match="not the boolean") as info:
        loads(text)
    assert info.value.kpi_id == "k1"
    assert info.value.field == "target.rank"


def test_a_boolean_year_is_refused_in_a_period_mapping() -> None:
    text = (
        _HEAD + "    observations:\n    - period: {kind: calendar_year, year: true}\n"
        "      value: 5件\n"
    )
    with pytest.raises(SchemaError, match="not the boolean"):
        loads(text)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: !!bool maybe\n", "tagged !!bool is not true or false"),
        ('a: !!int ""\n', "tagged !!int is not a whole number"),
        ("a: !!int 1:30\n", "tagged !!int is not a whole number"),
        ("a: !!float abc\n", "tagged !!float is not a number"),
        ("a: !!null x\n", "tagged !!null is not null"),
        ("a: !!map abc\n", "tagged !!map is not a mapping"),
        ("a: !!seq abc\n", "tagged !!seq is not a list"),
        ("a: !!map [1]\n", "tagged !!map is not a mapping"),
    ],
)
def test_allowed_tags_with_bad_content_are_located_errors(text: str, fragment: str) -> None:
    with pytest.raises(DocumentSyntaxError, match=fragment) as info:
        loads(text)
    assert info.value.line == 1
    assert info.value.column == 4


@pytest.mark.parametrize("text", ["1e3", "010", "yes", "on", "1:30", "1_000", "0x1F", "Null", ".5"])
def test_text_that_any_yaml_reads_as_another_type_is_quoted(text: str) -> None:
    written = dumps(loads(_HEAD + f"    note: '{text}'\n"))
    assert f"'{text}'" in written
    assert yaml.safe_load(written)["themes"][0]["kpis"][0]["note"] == text
    assert loads(written).themes[0].kpis[0].note == text


# --- JSON text is read by the JSON parser ----------------------------------------------------


def _one_figure(magnitude_text: str) -> str:
    return (
        '{"title": "P", "themes": [{"id": "t", "title": "T", "kpis": [{"id": "k", "title": "K",'
        ' "observations": [{"period": "2025年", "value": {"magnitude": '
        + magnitude_text
        + ', "unit": "件"}}]}]}]}'
    )


@settings(max_examples=60, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=0, max_value=10**20, places=15))
def test_json_numbers_round_trip_digit_for_digit(number: Decimal) -> None:
    text = str(number) if "E" not in str(number) else f"{number:f}"
    for fmt in ("yaml", "json"):
        program = loads(_one_figure(text), fmt)  # type: ignore[arg-type]
        magnitude = program.kpi("k").indicators[0].observations[0].value.magnitude
        # Digit for digit: the same digits and exponent as written, not just an equal value.
        assert magnitude.as_tuple() == Decimal(text).as_tuple()
        again = loads(dumps(program, "json"))
        back = again.kpi("k").indicators[0].observations[0].value.magnitude
        assert back.as_tuple() == Decimal(text).as_tuple()


def test_json_text_is_detected_and_not_read_by_the_yaml_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kpimodel.io._api as api

    def no_yaml(text: str) -> object:
        raise AssertionError("JSON text went to the YAML reader")

    monkeypatch.setattr(api, "parse_yaml", no_yaml)
    program = loads("  \n" + _one_figure("32163179.123456789012345"))
    value = program.kpi("k").indicators[0].observations[0].value.magnitude
    assert str(value) == "32163179.123456789012345"


def test_a_yaml_flow_mapping_that_is_not_json_is_still_yaml() -> None:
    text = _one_figure("1.5").replace('"title": "P"', "title: P", 1)
    assert loads(text).title == "P"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_repeated_json_key_is_refused_with_its_line_and_column(fmt: str) -> None:
    text = '{\n  "title": "P",\n  "title": "Q"\n}'
    with pytest.raises(DocumentSyntaxError, match="duplicate key 'title' in a JSON object") as e:
        loads(text, fmt)  # type: ignore[arg-type]
    assert (e.value.line, e.value.column) == (3, 3)
    assert e.value.field == "line 3, column 3"


def test_load_reads_json_files_by_extension(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"title": "P", "title": "Q"}', encoding="utf-8")
    with pytest.raises(DocumentSyntaxError, match="in a JSON object"):
        load(path)


# --- YAML on libyaml: the same data and the same errors as the pure-Python reader ------------


def _python_path(text: str) -> object:
    from kpimodel.io._yaml import _StrictLoader

    return yaml.load(text, Loader=_StrictLoader)


def _yaml_texts() -> list[str]:
    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("src/kpimodel/datasets/**/*.yaml"), *root.glob("examples/**/*.yaml")]
    files += [*root.glob("tests/corpus/**/*.yaml")]
    return [file.read_text(encoding="utf-8") for file in sorted(files)]


def test_the_c_path_builds_what_the_python_path_builds() -> None:
    from kpimodel.io._yaml import _CParser, _parse_fast

    if _CParser is None:
        pytest.skip("PyYAML without libyaml")
    fast = 0
    for text in _yaml_texts():
        try:
            expected: object = _python_path(text)
        except (yaml.YAMLError, KPIModelError) as exc:
            expected = type(exc)
        try:
            got = _parse_fast(text)
        except KPIModelError as exc:
            got = type(exc)
        if got is not _MISSING_FAST():
            fast += 1
            assert repr(got) == repr(expected), text[:200]  # Decimal digits, types, NaN too
    assert fast > 10  # the bundled documents do take the C path


def _MISSING_FAST() -> object:
    from kpimodel.io._yaml import _MISSING

    return _MISSING


@settings(max_examples=40, deadline=None)
@given(programs())
def test_generated_documents_read_the_same_on_both_paths(program: Program) -> None:
    from kpimodel.io._yaml import _CParser, _parse_fast

    text = dumps(program)
    expected = _python_path(text)
    got = _parse_fast(text)
    if _CParser is not None and got is not _MISSING_FAST():
        assert repr(got) == repr(expected)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("<<: {a: 1}\n", "merge keys"),
        ("1: x\n", "a key must be text"),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(40)), "nests deeper"),
        ("a: [1, 2\n", "invalid YAML"),
        ("a: 010\nb: 1:30\nc: yes\n", None),
    ],
)
def test_the_c_path_keeps_the_strict_rules(
    text: str, fragment: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kpimodel.io._yaml as reader

    if fragment is None:
        assert reader.parse_yaml(text) == {"a": 10, "b": "1:30", "c": "yes"}
        return
    with pytest.raises(KPIModelError, match=fragment) as error:
        reader.parse_yaml(text)
    monkeypatch.setattr(reader, "_CParser", None)  # the pure-Python reader alone
    with pytest.raises(KPIModelError, match=fragment) as python_error:
        reader.parse_yaml(text)
    assert str(error.value) == str(python_error.value)
    assert (error.value.line, error.value.column) == (
        python_error.value.line,
        python_error.value.column,
    )


# --- a series' own checks despite a bad figure in it ------------------------------------


def _series_document(observations: list[dict[str, str]], *, flat: bool = True) -> str:
    target = {"kind": "absolute", "value": "100件", "deadline": "2030年", "limit": "1000件"}
    series = {"target": target, "observations": observations}
    kpi = (
        {"id": "k", "title": "K", **series}
        if flat
        else {
            "id": "k",
            "title": "K",
            "indicators": [{"id": "a", **series}],
        }
    )
    return json.dumps({"title": "T", "themes": [{"id": "t", "title": "T", "kpis": [kpi]}]})


def _listed(text: str) -> list[tuple[str, str | None, str]]:
    with pytest.raises(KPIModelError) as caught:
        loads(text, "json")
    found = getattr(caught.value, "problems", (caught.value,))
    return [(type(p).__name__, p.field, p.message) for p in found]


def test_series_checks_run_despite_a_bad_figure() -> None:
    good = [
        {"period": "2024年", "value": "10件"},
        {"period": "2024年", "value": "12件"},
        {"period": "2026年", "value": "5億円"},
        {"period": "2027年", "value": "2000件"},
    ]
    bad = {"period": "2025年", "value": "abc"}
    listed = _listed(_series_document([*good[:2], bad, *good[2:]]))
    assert [(kind, field) for kind, field, _ in listed] == [
        ("QuantityParseError", "observations.2.value"),
        ("DuplicateObservationError", "observations.1.period"),
        ("DimensionMismatchError", "observations.3.value"),
    ]
    # The same messages as once the bad figure is gone, at the document's own indices.
    assert [message for _, _, message in listed[1:]] == [
        message for _, _, message in _listed(_series_document(good))
    ]
    # Beyond the limit: checked once the periods and units are right, as without the bad figure.
    listed = _listed(_series_document([good[0], bad, good[3]]))
    assert [(kind, field) for kind, field, _ in listed] == [
        ("QuantityParseError", "observations.1.value"),
        ("InconsistentTargetError", "observations.2.value"),
    ]


def test_series_checks_without_a_valid_target_only_find_repeated_periods() -> None:
    observations = [
        {"period": "2024年", "value": "10件"},
        {"period": "2024年", "value": "12億円"},
        {"period": "2025年", "value": "abc"},
    ]
    document = json.loads(_series_document(observations))
    document["themes"][0]["kpis"][0]["target"]["value"] = "many"
    listed = _listed(json.dumps(document))
    assert [(kind, field) for kind, field, _ in listed] == [
        ("QuantityParseError", "target.value"),
        ("QuantityParseError", "observations.2.value"),
        ("DuplicateObservationError", "observations.1.period"),
    ]


_FIGURES = st.sampled_from(["10件", "12件", "3億円", "2000件", "5件"])
_PERIODS = st.sampled_from(["2023年", "2024年", "2025年", "2024年度"])


@given(
    good=st.lists(st.fixed_dictionaries({"period": _PERIODS, "value": _FIGURES}), max_size=6),
    data=st.data(),
    flat=st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_one_reading_lists_what_fixing_the_figure_would_show(
    good: list[dict[str, str]], data: st.DataObject, flat: bool
) -> None:
    # Listing a bad figure's error must not hide the series' other problems: they are the
    # ones the document shows once the figure is fixed, moved to the document's indices.
    at = data.draw(st.integers(0, len(good)))
    with_bad = [*good[:at], {"period": "2030年", "value": "abc"}, *good[at:]]
    listed = _listed(_series_document(with_bad, flat=flat))
    prefix = "" if flat else "indicators.0."
    assert listed[0][:2] == ("QuantityParseError", f"{prefix}observations.{at}.value")
    try:
        loads(_series_document(good, flat=flat), "json")
        expected: list[tuple[str, str | None]] = []
    except KPIModelError as exc:
        expected = []
        for problem in getattr(exc, "problems", (exc,)):
            kind, field = type(problem).__name__, problem.field or ""
            head, index, rest = field.removeprefix(prefix).split(".", 2)
            moved = int(index) + (int(index) >= at)
            expected.append((kind, f"{prefix}{head}.{moved}.{rest}"))
    assert [(kind, field) for kind, field, _ in listed[1:]] == expected
