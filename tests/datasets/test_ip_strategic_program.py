"""The bundled dataset "ip-strategic-program-2026" against the seed table it models.

The seed (a byte copy under ``kpimodel/datasets/sources/``) is the authority: every figure
it prints must be in the dataset as a structured value of the KPI of the same row, every
row must have a KPI, and each KPI must quote its row's cells verbatim.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import pytest

import kpimodel
from kpimodel import datasets
from kpimodel.model import KPI, Indicator, Observation, Program, ReferenceSeries, TrendTarget
from kpimodel.units import Quantity

NAME = "ip-strategic-program-2026"
# The seed file's SHA-256: the bundled copy must stay a byte-exact copy of the seed.
SEED_SHA256 = "c8206c9d3b0b5190a4be983d7fefb22a8c9d83a26a79585217d1ac99827922d9"
SEED_ROWS = 23

# --- reading the seed ---------------------------------------------------------------------


@dataclass(frozen=True)
class SeedRow:
    number: int  # 1..23, as numbered in the seed's gloss (README.md)
    theme: str  # the theme cell, filled down from the row above when blank
    kpi: str  # the 2025 KPI cell
    progress: str  # the 2026 progress cell

    @property
    def text(self) -> str:
        return f"{self.kpi}\t{self.progress}"


def seed_bytes() -> bytes:
    source = resources.files("kpimodel.datasets") / "sources" / f"{NAME}.txt"
    return source.read_bytes()


@cache
def seed_text() -> str:
    return seed_bytes().decode("utf-8")


def _header_index(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith("テーマ\t"))


@cache
def seed_rows() -> tuple[SeedRow, ...]:
    lines = seed_text().split("\n")
    header = _header_index(lines)
    rows: list[SeedRow] = []
    theme = ""
    for line in lines[header + 1 :]:
        if not line.strip():
            break
        cells = line.split("\t")
        assert len(cells) == 3, line
        theme = cells[0] or theme
        rows.append(SeedRow(len(rows) + 1, theme, cells[1], cells[2]))
    return tuple(rows)


def outside_rows() -> str:
    """The seed's text that is not in a data row (title, header, source line)."""
    lines = seed_text().split("\n")
    header = _header_index(lines)
    return "\n".join(lines[: header + 1] + lines[header + 1 + len(seed_rows()) :])


# --- figures printed in the seed ----------------------------------------------------------

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = "億円|兆円|円|人|件|社|校|機関|回|%|ポイント|位|アクセス|割"
#: A figure as the seed prints it: an optional 約/概ね, a number with commas and decimals,
#: kanji multipliers (1兆7千億円 is 1兆 + 7千億), a unit, an optional 程度 ("about"); then
#: an optional 減 ("down"), which makes the figure a fall (6%減 is ▲6%). Years, dates and
#: counts such as 2025年, 2024年度, 8年間 or 第7期 end in no unit and are never matched.
FIGURE = re.compile(
    rf"(?<![\d.,])(?P<figure>(?:約|概ね)?(?:{_NUMBER})(?:[兆億万千](?:{_NUMBER})?)*"
    rf"(?:{_UNITS})(?:程度)?)(?P<fall>減)?"
)

#: Printed numbers that match FIGURE but are not figures of any series, with the context
#: that shows why. Each must occur in the seed (so the list cannot go stale).
NOT_FIGURES: dict[str, str] = {
    # Row 6: the denominator of a per-capita rate ("per 1 million population").
    "人口100万人当たり": "100万人",
    # Row 11: the threshold that defines the measured share ("judgments awarding 1億円 or
    # more"); it is part of the indicator's definition, recorded in its title.
    "認容額が1億円以上": "1億円",
}

#: Dates, periods and counts of things that are not figures: FIGURE must match none of them.
NOT_FIGURE_TEXTS = (
    "2025年",
    "2024年度",
    "令和6年度",
    "2025年6月末時点",
    "2025年12月以降、2026年3月現在",
    "2026年3月26日現在",
    "2014-2019年",
    "2026-2030",
    "（2025年5月）",
    "8年間",  # IPAS has run for 8 years
    "直近5年間",  # "the last five years"
    "今後5年間",  # "the next five years"
    "第7期",  # the 7th Basic Plan
    "高度専門職1号（イ）",  # a residence status, not a count
    "17の重要領域",  # 17 priority areas
    "戦略17分野",
    "日経225",  # the Nikkei 225 index
    "RU11",  # a group of 11 research universities
    "1つ順位",  # "up one place": the change of rank, implied by 13位 and 12位
    "知的財産推進計画2025",
)


@dataclass(frozen=True)
class SeedFigure:
    row: int
    printed: str  # as printed, with 減 when it follows
    value: Quantity  # the figure read with kpimodel.parse_quantity, negated for 減


def seed_figures() -> list[SeedFigure]:
    figures: list[SeedFigure] = []
    for row in seed_rows():
        excluded = [
            (start, start + len(context))
            for context in NOT_FIGURES
            for start in [m.start() for m in re.finditer(re.escape(context), row.text)]
        ]
        for match in FIGURE.finditer(row.text):
            if any(start <= match.start() and match.end() <= end for start, end in excluded):
                continue
            value = kpimodel.parse_quantity(match["figure"])
            if match["fall"]:
                value = value.model_copy(update={"magnitude": -value.magnitude})
            figures.append(SeedFigure(row.number, match.group(), value))
    return figures


# --- structured values of the dataset -----------------------------------------------------


def _observation_values(observations: tuple[Observation, ...]) -> Iterator[Quantity]:
    for obs in observations:
        yield obs.value
        for change in obs.changes:
            yield change.by


def _series(indicator: Indicator) -> tuple[Indicator | ReferenceSeries, ...]:
    return (indicator, *indicator.references)


def structured_values(kpi: KPI) -> Iterator[Quantity]:
    """Every figure a KPI holds as data (not as text)."""
    for indicator in kpi.indicators:
        target = indicator.target
        value = target.target_value()
        if value is not None:
            yield value
        if isinstance(target, TrendTarget):
            yield from (v for v in (target.change, target.min_rate) if v is not None)
        baseline = target.baseline
        while baseline is not None:
            yield baseline.value
            baseline = baseline.revised_from
        for series in _series(indicator):
            yield from _observation_values(series.observations)


def sources(kpi: KPI) -> Iterator[str | None]:
    """Every ``source`` and target ``text`` a KPI quotes from the seed."""
    for indicator in kpi.indicators:
        yield indicator.target.text
        baseline = indicator.target.baseline
        while baseline is not None:
            yield baseline.source
            baseline = baseline.revised_from
        for series in _series(indicator):
            for obs in series.observations:
                yield obs.source


@pytest.fixture(scope="module")
def program() -> Program:
    return datasets.load(NAME)


def kpis_of_row(program: Program, number: int) -> list[KPI]:
    return [kpi for _, kpi in program.kpis() if kpi.source_ref == f"row {number}"]


# --- the datasets API ---------------------------------------------------------------------


def test_names_lists_the_dataset() -> None:
    names = datasets.names()
    assert NAME in names
    assert names == sorted(names)


def test_path_points_at_the_yaml_document() -> None:
    with resources.as_file(datasets.path(NAME)) as file:
        assert file.name == f"{NAME}.yaml"
        assert kpimodel.load(file) == datasets.load(NAME)


@pytest.mark.parametrize("name", ["no-such-dataset", "", "../datasets/" + NAME, NAME + ".yaml"])
def test_unknown_name_raises_a_file_read_error_naming_the_datasets(name: str) -> None:
    with pytest.raises(kpimodel.FileReadError, match=re.escape(NAME)):
        datasets.load(name)
    with pytest.raises(kpimodel.FileReadError, match="known datasets"):
        datasets.path(name)


def test_source_is_a_byte_copy_of_the_seed() -> None:
    assert hashlib.sha256(seed_bytes()).hexdigest() == SEED_SHA256


def test_program_header(program: Program) -> None:
    assert program.title == "知的財産推進計画2026 KPIの進捗状況"
    assert program.title_en
    assert program.edition == "2026"
    assert program.as_of == dt.date(2026, 3, 31)
    assert program.publisher is not None
    assert program.publisher in seed_text()
    assert program.source is not None
    assert program.source in outside_rows()


# --- the dataset against the seed ---------------------------------------------------------


def test_seed_has_23_rows() -> None:
    assert len(seed_rows()) == SEED_ROWS


def test_themes_match_the_seed_in_order(program: Program) -> None:
    seed_themes = list(dict.fromkeys(row.theme for row in seed_rows()))
    assert [theme.title for theme in program.themes] == seed_themes
    for theme in program.themes:
        assert theme.title_en
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", theme.id)
    for row in seed_rows():
        for kpi in kpis_of_row(program, row.number):
            theme = next(t for t, k in program.kpis() if k is kpi)
            assert theme.title == row.theme, f"row {row.number}"


def test_every_row_has_a_kpi_quoting_its_cells(program: Program) -> None:
    refs = {f"row {row.number}" for row in seed_rows()}
    assert {kpi.source_ref for _, kpi in program.kpis()} == refs
    for row in seed_rows():
        kpis = kpis_of_row(program, row.number)
        assert kpis, f"row {row.number} has no KPI"
        for kpi in kpis:
            assert kpi.title == row.kpi, f"row {row.number}: title"
            assert kpi.progress_text == row.progress, f"row {row.number}: progress_text"
            assert kpi.title_en, f"row {row.number}: title_en"
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", kpi.id)
    rows = [kpi.source_ref for _, kpi in program.kpis()]
    assert rows == [f"row {n}" for n in range(1, SEED_ROWS + 1)], "KPIs are in seed order"


def test_every_source_and_target_text_is_quoted_from_its_row(program: Program) -> None:
    for row in seed_rows():
        for kpi in kpis_of_row(program, row.number):
            for quoted in sources(kpi):
                if quoted is not None:
                    assert quoted in row.text, f"row {row.number}: {quoted!r}"


def test_every_observation_quotes_its_source(program: Program) -> None:
    for _, kpi in program.kpis():
        for indicator in kpi.indicators:
            for series in _series(indicator):
                for obs in series.observations:
                    assert obs.source, f"{kpi.id}/{indicator.id}: {obs.value} has no source"


def test_the_figure_pattern_reads_the_seed_as_intended() -> None:
    for context, figure in NOT_FIGURES.items():
        assert context in seed_text(), context
        assert figure in {m["figure"] for m in FIGURE.finditer(context)}, context
    for text in NOT_FIGURE_TEXTS:
        assert text in seed_text(), text
        assert not FIGURE.findall(text), text
    assert not FIGURE.findall(outside_rows())
    printed = {figure.printed for figure in seed_figures()}
    for tricky in ("約1兆7千億円", "約1兆5千億円", "概ね4割程度", "8割程度", "6%減", "3.8%減"):
        assert tricky in printed, tricky
    assert "2766人" in printed
    assert "32,163,179件" in printed
    assert "約1.4万社" in printed
    assert len(seed_figures()) == 73


def test_every_seed_figure_is_a_structured_value_of_its_row(program: Program) -> None:
    missing: list[str] = []
    for figure in seed_figures():
        values = [v for kpi in kpis_of_row(program, figure.row) for v in structured_values(kpi)]
        if not any(
            v.unit.symbol == figure.value.unit.symbol
            and v.magnitude == figure.value.magnitude
            and v.approximate == figure.value.approximate
            for v in values
        ):
            missing.append(f"row {figure.row}: {figure.printed} ({figure.value!r})")
    assert not missing, "\n".join(missing)


# --- the modelling choices ----------------------------------------------------------------

#: The target kinds of each row's indicators, in order (see docs/dataset.md).
EXPECTED_KINDS: dict[int, list[str]] = {
    1: ["rank"],
    2: ["ratio"],
    3: ["cumulative"],
    4: ["ratio"],
    5: ["trend"],
    6: ["trend"],
    7: ["trend", "trend", "trend"],
    8: ["trend", "trend"],
    9: ["monitor"],
    10: ["absolute", "monitor"],
    11: ["monitor", "monitor"],
    12: ["absolute"],
    13: ["absolute"],
    14: ["monitor", "monitor", "monitor", "monitor"],
    15: ["monitor", "monitor", "monitor", "monitor", "monitor"],
    16: ["maintain", "pending"],
    17: ["pending"],
    18: ["absolute"],
    19: ["trend"],
    20: ["absolute"],
    21: ["reference_ratio"],
    22: ["ratio", "absolute"],
    23: ["absolute", "absolute"],
}


def test_target_kinds_per_row(program: Program) -> None:
    kinds = {
        number: [ind.target.kind for kpi in kpis_of_row(program, number) for ind in kpi.indicators]
        for number in range(1, SEED_ROWS + 1)
    }
    assert kinds == EXPECTED_KINDS


def test_round_trip(program: Program) -> None:
    assert kpimodel.loads(kpimodel.dumps(program)) == program
    assert kpimodel.loads(kpimodel.dumps(program, "json"), "json") == program


def test_row_13_exports_2025_about_1_7_trillion_yen(program: Program) -> None:
    (kpi,) = kpis_of_row(program, 13)
    by_period = {str(obs.period): obs for obs in kpi.indicators[0].observations}
    value = by_period["2025年"].value
    assert value.approximate
    assert value.unit.symbol == "兆円"
    assert value.magnitude == Decimal("1.7")
    assert value.equivalent(kpimodel.parse_quantity("1兆7千億円"))
    baseline = kpi.indicators[0].target.baseline
    assert baseline is not None
    assert baseline.period == kpimodel.parse_period("2024年")
    assert baseline.value == kpimodel.parse_quantity("約1兆5千億円")


def test_row_2_derives_32_percent_for_2020(program: Program) -> None:
    (kpi,) = kpis_of_row(program, 2)
    indicator = kpi.indicators[0]
    assert all(not obs.derived for obs in indicator.observations)
    derived = [obs for obs in indicator.all_observations if obs.derived]
    assert len(derived) == 1
    (obs,) = derived
    assert obs.period == kpimodel.parse_period("2020年")
    assert obs.value.magnitude == 32
    assert obs.value.unit.symbol == "%"
    assert obs.value.approximate


def test_rows_21_and_23_share_the_japan_search_series(program: Program) -> None:
    (parity,) = kpis_of_row(program, 21)
    (scale,) = kpis_of_row(program, 23)
    series = parity.indicators[0].series
    assert series == "japan-search-linked-metadata"
    assert scale.indicators[0].series == series
    pooled = program.series_observations(series)
    (obs,) = [o for o in pooled if o.value == kpimodel.parse_quantity("32,163,179件")]
    assert obs.period == kpimodel.Day(date=dt.date(2026, 3, 26))
    europeana = parity.indicators[0].reference("europeana").observations
    assert [o.value for o in europeana] == [kpimodel.parse_quantity("61,426,763件")]
    baseline = scale.indicators[0].target.baseline
    assert baseline is not None
    assert baseline.revised_from is not None
    assert baseline.period is None
    assert (baseline.value, baseline.revised_from.value) == (
        kpimodel.parse_quantity("3,200万件"),
        kpimodel.parse_quantity("3,100万件"),
    )


def test_unknown_periods_stay_unknown(program: Program) -> None:
    (cool_japan,) = kpis_of_row(program, 18)
    (obs,) = cool_japan.indicators[0].observations
    assert obs.period is None
    assert [change.since for change in obs.changes] == [None, None]
    (rd,) = kpis_of_row(program, 3)
    target = rd.indicators[0].target
    assert isinstance(target, kpimodel.CumulativeTarget)
    assert target.period is None
    assert target.deadline is None
    assert not rd.indicators[0].observations
