"""Fuzzing: random and mutated YAML and JSON programs never break kpimodel.

Loading any text or bytes either returns a valid :class:`~kpimodel.Program` or raises one of
kpimodel's own errors (never a pydantic, pint, PyYAML, dateutil or built-in exception), and
every program that loads round-trips exactly through YAML and JSON and evaluates without an
unexpected exception.

In CI each property runs 200 examples (50 for the three that build whole programs): about
20 seconds in all. ``HYPOTHESIS_PROFILE=long`` runs 20,000 (5,000), ``KPIMODEL_FUZZ_EXAMPLES``
any number; ``scripts/fuzz_campaign.py`` runs a long campaign and reports its findings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpimodel
from kpimodel import KPIModelError, Program
from kpimodel.io import Format
from kpimodel.testing.strategies import programs
from kpimodel.units import unit_info

# The fuzz properties set their own number of examples, leaving the shared profiles of
# tests/conftest.py alone: 200 in CI, 20,000 with HYPOTHESIS_PROFILE=long, or any number
# with KPIMODEL_FUZZ_EXAMPLES (scripts/fuzz_campaign.py sets it).
_DEFAULT_EXAMPLES = 20_000 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 200
FUZZ_EXAMPLES = int(os.environ.get("KPIMODEL_FUZZ_EXAMPLES", _DEFAULT_EXAMPLES))
fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: The properties that build, dump and load whole programs cost ~50 ms an example: they run
#: a quarter of the examples (50 in CI).
heavy = settings(fuzz, max_examples=max(FUZZ_EXAMPLES // 4, 1))


# --- the pieces of a KPI document ------------------------------------------------------------

QUANTITY_TEXTS = [
    "3,235億円",
    "約1兆7千億円",
    "52%",
    "12位",
    "第3位",
    "▲6%",
    "△0.5%",
    "+3,003人",
    "約20ポイント",
    "1.4万社",
    "3,100万件",
    "32,163,179件",
    "5 USD",
    "3億 USD",
    "100",
    "0.5割",
    "7機関",
    "120校",
    "約3,000万アクセス",
    "５２％",
    "百二十四件",
    "1,200件程度",
    "about 5 EUR",
    "~3%",
    "1,5億円",
    "5 furlongs",
    "-5件",
    "▲290人",
    "NaN億円",
    "1e400億円",
    "",
    "位",
    "約",
    "円",
    "0位",
    "1" * 61 + "円",
    "1" * 300,
    "3 円#x",
    "5 円 円",
    "5 円/円",
    "5 円/人",
]
PERIOD_TEXTS = [
    "2024年度",
    "2025年",
    "2025",
    "令和6年度",
    "令和元年",
    "平成31年",
    "FY2024",
    "2026年3月現在",
    "2025年6月末時点",
    "2026年3月26日",
    "2014-2019年",
    "2020〜2024年度",
    "2025Q1",
    "2025年第1四半期",
    "2025-06-30",
    "2026-03",
    "2025年12月〜2026年3月",
    "2025-12-01/2026-03-31",
    "2025-02-30",
    "令和0年",
    "2025年13月",
    "2025Q5",
    "2024-2020年",
    "next year",
    "",
    "9999年",
    "0999年",
]
UNITS = [
    "億円",
    "兆円",
    "円",
    "%",
    "ポイント",
    "人",
    "件",
    "社",
    "校",
    "位",
    "USD",
    "",
    "万件",
    "meter",
]
KINDS = [
    "rank",
    "ratio",
    "absolute",
    "cumulative",
    "trend",
    "maintain",
    "reference_ratio",
    "monitor",
    "pending",
    "stretch",
]
IDS = st.sampled_from(["a", "b", "c", "k1", "exports", "知財", " padded", ""])
TEXT = st.one_of(
    st.sampled_from(["T", "テーマ", "KPI", "yes", "null", "1e5", "- x"]), st.text(max_size=20)
)

# Scalars that break naive loaders: NaN, infinity, huge and tiny numbers, odd types.
ODD_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, 5e-324, 0.1, -0.0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["9" * 2000, "1e400", "-1e-400", "Infinity", "NaN", "0x1F", "1_000"]),
)
JSON_VALUES = st.recursive(
    ODD_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)


def _magnitudes() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(min_value=-(10**6), max_value=10**12),
        st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
        st.sampled_from(["1e400", "NaN", "-0", "1" * 70, "abc"]),
        ODD_SCALARS,
    )


VALUES = st.one_of(
    st.sampled_from(QUANTITY_TEXTS),
    st.fixed_dictionaries(
        {"magnitude": _magnitudes(), "unit": st.sampled_from(UNITS)},
        optional={"approximate": st.booleans()},
    ),
    ODD_SCALARS,
)
PERIODS = st.one_of(
    st.sampled_from(PERIOD_TEXTS),
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["calendar_year", "fiscal_year", "decade"]),
            "year": st.integers(min_value=900, max_value=10_100),
        }
    ),
    st.none(),
)
CHANGES = st.fixed_dictionaries(
    {"by": st.sampled_from(["+18.3%", "▲6%", "約20ポイント", "+290人", "-100%", "+1位", "5億円"])},
    optional={"since": PERIODS},
)
OBSERVATIONS = st.fixed_dictionaries(
    {"value": VALUES},
    optional={
        "period": PERIODS,
        "bound": st.sampled_from(["below", "at_least", "sideways"]),
        "changes": st.lists(CHANGES, max_size=2),
        "source": TEXT,
    },
)
BASELINES = st.fixed_dictionaries({"value": VALUES}, optional={"period": PERIODS})
TARGETS = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={
        "value": VALUES,
        "rank": st.one_of(st.integers(min_value=-2, max_value=50), ODD_SCALARS),
        "deadline": PERIODS,
        "baseline": BASELINES,
        "direction": st.sampled_from(["higher", "lower", "sideways"]),
        "change": VALUES,
        "period": PERIODS,
        "reference": IDS,
        "text": TEXT,
    },
)
REFERENCES = st.fixed_dictionaries(
    {"id": IDS}, optional={"observations": st.lists(OBSERVATIONS, max_size=3)}
)
KPIS = st.fixed_dictionaries(
    {"id": IDS, "title": TEXT},
    optional={
        "target": TARGETS,
        "observations": st.lists(OBSERVATIONS, max_size=4),
        "references": st.lists(REFERENCES, max_size=2),
        "series": st.sampled_from(["s", "t"]),
        "note": TEXT,
    },
)
THEMES = st.fixed_dictionaries(
    {"id": IDS, "title": TEXT}, optional={"kpis": st.lists(KPIS, min_size=0, max_size=3)}
)
PROGRAMS = st.fixed_dictionaries(
    {"title": TEXT},
    optional={
        "themes": st.lists(THEMES, max_size=3),
        "as_of": st.sampled_from(["2026-03-31", "2025-02-30", "soon", 20260331]),
        "publisher": TEXT,
    },
)

# Mostly valid programs: each KPI keeps to one family of units, one period style, unique ids.
FAMILIES: dict[str, tuple[list[str], list[str], list[str]]] = {
    # family: (figures as text, units for {magnitude, unit}, target kinds)
    "yen": (
        ["3,235億円", "約1兆7千億円", "1.5兆円", "500万円", "▲3億円", "0.3235兆円"],
        ["億円", "兆円", "円"],
        ["absolute", "cumulative", "trend", "maintain", "monitor", "pending"],
    ),
    "count": (
        ["1,200件", "3,100万件", "約3,000万件", "百二十四件", "0件"],
        ["件", "万件"],
        ["absolute", "cumulative", "trend", "maintain", "monitor", "pending"],
    ),
    "share": (
        ["52%", "約30%", "0.5割", "▲1.5%", "100%"],
        ["%"],
        ["ratio", "trend", "maintain", "absolute", "monitor", "pending"],
    ),
    "rank": (["12位", "4位", "1位"], ["位"], ["rank", "maintain", "monitor", "pending"]),
}
FREE_TEXT = st.text(max_size=40)


@st.composite
def valid_kpis(draw: Callable[[st.SearchStrategy[Any]], Any], kpi_id: str) -> dict[str, Any]:
    """A KPI that is valid as often as not (its units, periods and target agree)."""
    family = draw(st.sampled_from(sorted(FAMILIES)))
    texts, units, kinds = FAMILIES[family]
    fiscal = draw(st.booleans())
    style = "{}年度" if fiscal else "{}年"

    def value() -> Any:
        if family == "rank" or draw(st.booleans()):
            return draw(st.sampled_from(texts))
        magnitude = draw(st.decimals(min_value=0, max_value=10**9, places=3))
        return {"magnitude": str(magnitude), "unit": draw(st.sampled_from(units))}

    years = draw(st.lists(st.integers(2010, 2026), unique=True, max_size=3))
    observations: list[dict[str, Any]] = []
    for year in sorted(years):
        observation: dict[str, Any] = {"period": style.format(year), "value": value()}
        if draw(st.booleans()) and family in ("yen", "count"):
            change = draw(st.sampled_from(["+18.3%", "▲6%", "+5%"]))
            observation["changes"] = [{"by": change, "since": style.format(year - 3)}]
        if draw(st.booleans()):
            observation["source"] = draw(FREE_TEXT)
        observations.append(observation)
    kind = draw(st.sampled_from(kinds))
    target: dict[str, Any] = {"kind": kind}
    deadline = style.format(draw(st.integers(2026, 2040)))
    if kind == "rank":
        target.update(rank=draw(st.integers(1, 20)), deadline=deadline)
    elif kind in ("ratio", "absolute", "maintain"):
        target.update(value=value(), deadline=deadline)
    elif kind == "cumulative":
        target.update(value=value(), period="2026-2030年度")
    elif kind == "trend" and draw(st.booleans()):
        target.update(change="5ポイント" if family == "share" else "+10%", deadline=deadline)
    if kind not in ("monitor", "pending", "rank") and draw(st.booleans()):
        target["baseline"] = {"value": value(), "period": style.format(2015)}
    if kind == "maintain" and family == "rank":
        target.pop("baseline", None)
    kpi: dict[str, Any] = {"id": kpi_id, "title": draw(FREE_TEXT) or "KPI", "target": target}
    if observations:
        kpi["observations"] = observations
    if draw(st.booleans()):
        kpi["title_en"] = draw(FREE_TEXT)
    return kpi


@st.composite
def valid_programs(draw: Callable[[st.SearchStrategy[Any]], Any]) -> dict[str, Any]:
    """A program document that is valid as often as not."""
    themes = []
    count = 0
    for t_index in range(draw(st.integers(1, 2))):
        kpis = []
        for _ in range(draw(st.integers(1, 2))):
            count += 1
            kpis.append(draw(valid_kpis(f"k{count}")))
        themes.append({"id": f"t{t_index}", "title": draw(FREE_TEXT) or "T", "kpis": kpis})
    program: dict[str, Any] = {"title": draw(FREE_TEXT) or "P", "themes": themes}
    if draw(st.booleans()):
        program["as_of"] = "2026-03-31"
    if draw(st.booleans()):
        program["note"] = draw(FREE_TEXT)
    return program


# A program that loads, to mutate: the shape of a real table.
SEED = """\
title: 知的財産推進計画 KPI
as_of: "2026-03-31"
themes:
  - id: transformation
    title: IPトランスフォーメーション
    kpis:
      - id: gii-rank
        title: 2035年までにグローバルイノベーション指数の上位4位以内
        target: {kind: rank, rank: 4, deadline: 2035年}
        observations:
          - {period: 2024年, value: 13位}
          - {period: 2025年, value: 12位}
      - id: exports
        title: 輸出額を2030年までに5兆円
        target:
          kind: absolute
          value: 5兆円
          deadline: 2030年
          baseline: {value: 約1兆5千億円, period: 2024年}
        observations:
          - period: 2025年
            value: 約1.7兆円
            changes: [{by: "+13.3%", since: 2024年}]
      - id: spending
        title: 研究費の増加
        target: {kind: trend}
        observations:
          - {period: 2024年度, value: "3,235億円"}
      - id: share
        title: 無形資産の割合
        target: {kind: ratio, value: 50%, deadline: 2035年}
        observations:
          - {period: 2025年, value: 52%, changes: [{by: 約20ポイント, since: 2020年}]}
"""


# --- the properties -----------------------------------------------------------------------------


def _check_error(exc: KPIModelError) -> None:
    """A refusal is one of kpimodel's own errors, with a message of reasonable length."""
    assert type(exc).__module__ == "kpimodel.errors", type(exc)
    assert 0 < len(str(exc)) <= 2000, str(exc)[:200]


def load_or_refuse(text: str | bytes, fmt: Format) -> Program | None:
    """Load ``text``; return the program, or ``None`` when kpimodel refused it properly."""
    try:
        program = kpimodel.loads(text, fmt)
    except KPIModelError as exc:
        _check_error(exc)
        return None
    assert isinstance(program, Program)
    return program


def check_round_trip(program: Program) -> None:
    """A valid program round-trips exactly, and evaluates without an unexpected error."""
    snapshot = program.model_dump(mode="json")
    for fmt in ("yaml", "json"):
        form: Format = "yaml" if fmt == "yaml" else "json"
        text = kpimodel.dumps(program, form)
        again = kpimodel.loads(text, form)
        assert again == program
        assert again.model_dump(mode="json") == snapshot  # every digit and period text too
        assert kpimodel.dumps(again, form) == text
    try:
        kpimodel.evaluate(program, dt.date(2026, 3, 31))
    except KPIModelError as exc:
        _check_error(exc)


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


@fuzz
@given(PROGRAMS)
def test_generated_programs_load_or_fail_cleanly(data: dict[str, Any]) -> None:
    for text, fmt in ((_yaml(data), "yaml"), (_json(data), "json"), (_json(data), "yaml")):
        program = load_or_refuse(text, "json" if fmt == "json" else "yaml")
        if program is not None:
            check_round_trip(program)


@heavy
@given(valid_programs())
def test_valid_programs_round_trip_exactly(data: dict[str, Any]) -> None:
    for text, fmt in ((_yaml(data), "yaml"), (_json(data), "json")):
        program = load_or_refuse(text, "json" if fmt == "json" else "yaml")
        if program is not None:
            check_round_trip(program)


@heavy
@given(programs())
def test_every_valid_program_round_trips_exactly(program: Program) -> None:
    """Programs built by kpimodel.testing.strategies (valid by construction) round-trip."""
    check_round_trip(program)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_paths(child, (*prefix, index)))
    return found


def mutate_tree(data: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> Any:
    """Replace, delete, duplicate or add one node of ``data`` (a parsed document)."""
    paths = _paths(data)
    path = draw(st.sampled_from(paths))
    if not path:
        return draw(JSON_VALUES)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    operation = draw(st.sampled_from(["replace", "delete", "duplicate", "add-key"]))
    if operation == "replace":
        parent[last] = draw(JSON_VALUES)
    elif operation == "delete":
        del parent[last]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif isinstance(parent[last], dict):
        parent[last][draw(st.text(max_size=10))] = draw(JSON_VALUES)
    return data


@heavy
@given(st.data())
def test_mutated_documents_load_or_fail_cleanly(data: st.DataObject) -> None:
    document = yaml.safe_load(SEED)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        document = mutate_tree(document, data.draw)
    for fmt in ("yaml", "json"):
        text = _yaml(document) if fmt == "yaml" else _json(document)
        program = load_or_refuse(text, "json" if fmt == "json" else "yaml")
        if program is not None:
            check_round_trip(program)


SPECIALS = [*":{}[]&*!|>'\"#%@`,?-\t\n\r\\ ", "\x00", "\x85", "\u2028", "\ufeff", "▲", "億"]


def mutate_text(text: str, draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    """Apply one text-level mutation: delete, insert, replace, duplicate or truncate."""
    operation = draw(st.sampled_from(["delete", "insert", "replace", "duplicate-line", "truncate"]))
    position = draw(st.integers(min_value=0, max_value=len(text)))
    if operation == "delete":
        length = draw(st.integers(min_value=1, max_value=20))
        return text[:position] + text[position + length :]
    if operation == "insert":
        piece = draw(st.one_of(st.sampled_from(SPECIALS), st.text(max_size=5)))
        return text[:position] + piece + text[position:]
    if operation == "replace":
        piece = draw(st.sampled_from(SPECIALS))
        return text[:position] + piece + text[position + 1 :]
    if operation == "duplicate-line":
        lines = text.splitlines(keepends=True)
        index = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
        return "".join(lines[: index + 1] + lines[index:])
    return text[:position]


@fuzz
@given(st.data())
def test_mutated_yaml_text_loads_or_fails_cleanly(data: st.DataObject) -> None:
    text = SEED
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        text = mutate_text(text, data.draw)
    program = load_or_refuse(text, "yaml")
    if program is not None:
        check_round_trip(program)


@fuzz
@given(st.data())
def test_mutated_json_text_loads_or_fails_cleanly(data: st.DataObject) -> None:
    text = _json(yaml.safe_load(SEED))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        text = mutate_text(text, data.draw)
    program = load_or_refuse(text, "json")
    if program is not None:
        check_round_trip(program)


@fuzz
@given(st.data())
def test_mutated_bytes_load_or_fail_cleanly(data: st.DataObject) -> None:
    raw = bytearray(SEED.encode("utf-8"))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw[position] = data.draw(st.integers(min_value=0, max_value=255))
    fmt: Format = data.draw(st.sampled_from(["yaml", "json"]))
    program = load_or_refuse(bytes(raw), fmt)
    if program is not None:
        check_round_trip(program)


@fuzz
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)), st.sampled_from(["yaml", "json"]))
def test_random_text_loads_or_fails_cleanly(text: str | bytes, fmt: Format) -> None:
    program = load_or_refuse(text, fmt)
    if program is not None:
        check_round_trip(program)


@fuzz
@given(JSON_VALUES)
def test_parse_program_takes_any_data(data: Any) -> None:
    try:
        program = kpimodel.parse_program(data)
    except KPIModelError as exc:
        _check_error(exc)
        return
    check_round_trip(program)


FIGURE_CHARACTERS = (
    "0123456789,.+-▲△約万億兆千百十円人件社%ポイント位年度月日現在第Q〜~/ #*^eE_ USDJPY"
)
TEXT_ALPHABET = st.sampled_from([*FIGURE_CHARACTERS, "令和", "平成", "元", "FY", "as of "])
FIGURE_TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(TEXT_ALPHABET, max_size=20).map("".join),
    st.sampled_from(QUANTITY_TEXTS + PERIOD_TEXTS),
)


@fuzz
@given(FIGURE_TEXT)
def test_parsers_return_or_raise_kpimodel_errors(text: str) -> None:
    parsers: list[Callable[[str], object]] = [
        kpimodel.parse_quantity,
        kpimodel.parse_period,
        unit_info,
    ]
    for parse in parsers:
        try:
            result = parse(text)
        except KPIModelError:
            continue
        str(result)  # every parsed value can be shown
    try:
        quantity = kpimodel.parse_quantity(text)
    except KPIModelError:
        return
    for unit in ("円", "兆円", "%", "人", "位", "USD"):
        with contextlib.suppress(KPIModelError):
            quantity.to(unit)


@fuzz
@given(
    st.decimals(allow_nan=False, allow_infinity=False),
    st.sampled_from(UNITS),
    st.sampled_from(UNITS),
)
def test_quantities_convert_exactly_or_refuse(magnitude: Decimal, unit: str, target: str) -> None:
    try:
        quantity = kpimodel.Quantity.of(magnitude, unit)
        converted = quantity.to(target)
    except KPIModelError:
        return
    back = converted.to(unit)
    assert back.magnitude == quantity.magnitude
    assert str(quantity)
