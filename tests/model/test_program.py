"""Indicators, KPIs, themes and programs: structure, uniqueness, pooled series, schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given
from pydantic import ValidationError

import kpimodel
from kpimodel import (
    KPI,
    CalendarYear,
    DimensionMismatchError,
    DuplicateKPIError,
    DuplicateObservationError,
    FiscalYear,
    Indicator,
    MonitorTarget,
    Program,
    SchemaError,
    Theme,
    TrendTarget,
    parse_program,
)
from kpimodel.testing.strategies import indicators, kpis


def _error(exc: ValidationError) -> BaseException | None:
    for item in exc.errors(include_url=False):
        original = (item.get("ctx") or {}).get("error")
        if isinstance(original, BaseException):
            return original
    return None


def _program(*kpi_data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"title": "P", "themes": [{"id": "t", "title": "T", "kpis": list(kpi_data)}], **fields}


_OBSERVATIONS = [
    {"period": "2023年度", "value": "17,083人"},
    {"period": "2024年度", "value": "15,063人"},
]


def test_flat_kpi_equals_the_explicit_one_indicator_form() -> None:
    flat = KPI.model_validate(
        {
            "id": "ip-education",
            "title": "知財教育",
            "target": {"kind": "trend"},
            "observations": _OBSERVATIONS,
            "series": "yamaguchi",
        }
    )
    explicit = KPI.model_validate(
        {
            "id": "ip-education",
            "title": "知財教育",
            "indicators": [
                {
                    "id": "ip-education",
                    "target": {"kind": "trend"},
                    "observations": _OBSERVATIONS,
                    "series": "yamaguchi",
                }
            ],
        }
    )
    assert flat == explicit
    assert flat.indicators[0].id == "ip-education"
    assert isinstance(flat.targets[0], TrendTarget)
    assert flat.indicator("ip-education").observations[1].value.magnitude == 15063


def test_kpi_without_a_target_is_monitored() -> None:
    kpi = KPI(id="k", title="K")
    assert isinstance(kpi.indicators[0].target, MonitorTarget)
    assert kpi.indicators[0].observations == ()


def test_flat_and_explicit_keys_cannot_mix() -> None:
    with pytest.raises(ValidationError):
        KPI.model_validate(
            {"id": "k", "title": "K", "target": {"kind": "trend"}, "indicators": [{"id": "i"}]}
        )


def test_kpi_needs_an_indicator() -> None:
    with pytest.raises(ValidationError):
        KPI(id="k", title="K", indicators=())


@pytest.mark.parametrize("ident", ["", " k", "k ", "a\nb", "x" * 201])
def test_ids_are_short_and_trimmed(ident: str) -> None:
    with pytest.raises(ValidationError):
        KPI(id=ident, title="K")


def test_duplicate_observation_periods() -> None:
    data = [{"period": "2024年度", "value": "48校"}, {"period": "FY2024", "value": "65校"}]
    with pytest.raises(ValidationError) as info:
        Indicator(id="schools", observations=data)
    error = _error(info.value)
    assert isinstance(error, DuplicateObservationError)
    assert error.field == "observations.1.period"


def test_undated_observations_are_not_duplicates() -> None:
    indicator = Indicator(id="x", observations=[{"value": "1件"}, {"value": "2件"}])
    assert len(indicator.observations) == 2


def test_same_year_of_different_kinds_is_not_a_duplicate() -> None:
    indicator = Indicator(
        id="x",
        observations=[{"period": "2024年", "value": "1件"}, {"period": "2024年度", "value": "2件"}],
    )
    assert [o.period for o in indicator.observations] == [
        CalendarYear(year=2024),
        FiscalYear(year=2024),
    ]


@pytest.mark.parametrize(
    ("target", "value"),
    [
        ({"kind": "absolute", "value": "5兆円"}, "1人"),
        ({"kind": "ratio", "value": "50%"}, "52ポイント"),
        ({"kind": "rank", "rank": 4}, "12件"),
        ({"kind": "absolute", "value": "1 USD"}, "1円"),
        ({"kind": "trend", "baseline": {"value": "55校"}}, "65社"),
        ({"kind": "trend", "change": "+100人"}, "5件"),
        ({"kind": "trend", "min_rate": "1億円"}, "5件"),
    ],
)
def test_target_and_observations_must_share_a_dimension(target: dict[str, Any], value: str) -> None:
    with pytest.raises(ValidationError) as info:
        Indicator(id="i", target=target, observations=[{"period": "2025年", "value": value}])
    error = _error(info.value)
    assert isinstance(error, DimensionMismatchError)
    assert error.field == "observations.0.value"


def test_observations_must_share_a_dimension() -> None:
    with pytest.raises(ValidationError) as info:
        Indicator(
            id="i",
            observations=[
                {"period": "2024年", "value": "1億円"},
                {"period": "2025年", "value": "1人"},
            ],
        )
    assert isinstance(_error(info.value), DimensionMismatchError)


def test_units_of_one_dimension_mix() -> None:
    indicator = Indicator(
        id="exports",
        target={"kind": "absolute", "value": "5兆円"},
        observations=[
            {"period": "2024年", "value": "約1兆5千億円"},
            {"period": "2025年", "value": "約17,000億円"},
        ],
    )
    assert [o.value.unit.symbol for o in indicator.observations] == ["兆円", "億円"]


def test_duplicate_kpi_ids_across_themes() -> None:
    data = {
        "title": "P",
        "themes": [
            {"id": "a", "title": "A", "kpis": [{"id": "k1", "title": "K"}]},
            {"id": "b", "title": "B", "kpis": [{"id": "k1", "title": "K again"}]},
        ],
    }
    with pytest.raises(DuplicateKPIError) as info:
        parse_program(data)
    assert info.value.kpi_id == "k1"
    assert "themes.1.kpis.0.id" in str(info.value)


def test_duplicate_theme_ids() -> None:
    data = {
        "title": "P",
        "themes": [
            {"id": "a", "title": "A", "kpis": [{"id": "k1", "title": "K"}]},
            {"id": "a", "title": "A again", "kpis": [{"id": "k2", "title": "K"}]},
        ],
    }
    with pytest.raises(DuplicateKPIError, match="theme id 'a'"):
        parse_program(data)


def test_duplicate_indicator_and_reference_ids() -> None:
    with pytest.raises(DuplicateKPIError, match="indicator id 'i'"):
        parse_program(_program({"id": "k", "title": "K", "indicators": [{"id": "i"}, {"id": "i"}]}))
    with pytest.raises(DuplicateKPIError, match="reference"):
        parse_program(_program({"id": "k", "title": "K", "references": [{"id": "r"}, {"id": "r"}]}))


def test_a_program_needs_a_kpi() -> None:
    with pytest.raises(SchemaError):
        parse_program({"title": "P"})
    with pytest.raises(SchemaError):
        parse_program({"title": "P", "themes": [{"id": "t", "title": "T"}]})


def test_lookups_and_iteration_order() -> None:
    program = parse_program(
        {
            "title": "P",
            "themes": [
                {
                    "id": "a",
                    "title": "A",
                    "kpis": [{"id": "k1", "title": "1"}, {"id": "k2", "title": "2"}],
                },
                {"id": "b", "title": "B", "kpis": [{"id": "k3", "title": "3"}]},
            ],
        }
    )
    assert [(theme.id, kpi.id) for theme, kpi in program.kpis()] == [
        ("a", "k1"),
        ("a", "k2"),
        ("b", "k3"),
    ]
    assert program.kpi("k3").title == "3"
    with pytest.raises(KeyError):
        program.kpi("k4")
    with pytest.raises(KeyError):
        program.kpi("k1").indicator("nope")


def _pooled_program() -> Program:
    return parse_program(
        _program(
            {
                "id": "yamaguchi-2025",
                "title": "2025 table",
                "series": "yamaguchi",
                "observations": [
                    {"period": "2023年度", "value": "17,083人"},
                    {
                        "period": "2024年度",
                        "value": "15,063人",
                        "changes": [{"by": "+63人", "since": "2022年度"}],
                    },
                ],
            },
            {
                "id": "yamaguchi-2026",
                "title": "2026 table",
                "series": "yamaguchi",
                "observations": [
                    {"period": "2024年度", "value": "15,100人"},
                    {"period": "2025年度", "value": "16,000人"},
                ],
            },
            {
                "id": "other",
                "title": "other",
                "observations": [{"period": "2025年", "value": "1件"}],
            },
        )
    )


def test_series_observations_pool_across_kpis() -> None:
    pooled = _pooled_program().series_observations("yamaguchi")
    assert [o.period.year for o in pooled if o.period is not None] == [2022, 2023, 2024, 2025]  # type: ignore[attr-defined]
    by_year = {o.period.year: o for o in pooled if o.period is not None}  # type: ignore[attr-defined]
    assert by_year[2024].value.magnitude == Decimal(15063)  # the first in table order wins
    assert by_year[2025].value.magnitude == Decimal(16000)
    assert by_year[2022].derived
    assert by_year[2022].value.magnitude == Decimal(15000)
    assert _pooled_program().series_observations("nope") == ()


def test_a_shared_series_keeps_one_dimension() -> None:
    data = _program(
        {
            "id": "a",
            "title": "A",
            "series": "s",
            "observations": [{"period": "2024年", "value": "1人"}],
        },
        {
            "id": "b",
            "title": "B",
            "series": "s",
            "observations": [{"period": "2025年", "value": "1件"}],
        },
    )
    with pytest.raises(DimensionMismatchError) as info:
        parse_program(data)
    assert info.value.kpi_id == "b"


@given(indicators())
def test_generated_indicators_are_valid(indicator: Indicator) -> None:
    assert Indicator.model_validate(indicator.model_dump()) == indicator
    assert len(indicator.all_observations) >= len(indicator.observations)


@given(kpis())
def test_generated_kpis_have_unique_indicator_ids(kpi: KPI) -> None:
    ids = [indicator.id for indicator in kpi.indicators]
    assert len(set(ids)) == len(ids) >= 1
    assert KPI.model_validate_json(kpi.model_dump_json()) == kpi


def test_models_are_frozen() -> None:
    theme = Theme(id="t", title="T")
    with pytest.raises(ValidationError):
        theme.title = "changed"  # type: ignore[misc]


# --- JSON Schema ----------------------------------------------------------------------------

_SAMPLE = """
title: 知的財産推進計画KPIの進捗状況
as_of: "2026-03-31"
themes:
- id: ip-transformation
  title: IPトランスフォーメーション
  kpis:
  - id: gii-rank
    title: グローバルイノベーション指数の上位4位以内
    target: {kind: rank, rank: 4, deadline: 2035年}
    observations:
    - {period: 2025年, value: 12位}
    - {period: {kind: calendar_year, year: 2024}, value: {magnitude: "13", unit: 位}}
  - id: intangible-share
    title: 無形資産の割合を50%以上
    target: {kind: ratio, value: 50%, deadline: 2035年}
    observations:
    - period: 2025年
      value: 52%
      changes: [{by: 約20ポイント, since: 2020年}]
- id: content
  title: コンテンツ戦略
  kpis:
  - id: japan-search
    title: ジャパンサーチ
    indicators:
    - id: records
      target: {kind: reference_ratio, reference: europeana, deadline: 2035年}
      observations: [{period: 2026年3月26日現在, value: "32,163,179件"}]
      references:
      - id: europeana
        observations: [{period: 2026年3月26日現在, value: "61,426,763件"}]
"""


def test_program_schema_validates_a_sample_document() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = kpimodel.program_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(schema)
    validator.check_schema(schema)
    document = yaml.safe_load(_SAMPLE)
    assert list(validator.iter_errors(document)) == []
    parse_program(document)  # the model agrees
    dumped = yaml.safe_load(kpimodel.dumps(parse_program(document)))
    assert list(validator.iter_errors(dumped)) == []


@pytest.mark.parametrize(
    "kpi",
    [
        {"id": "k", "title": "K", "bogus": 1},
        {"id": "k", "title": "K", "target": {"kind": "trend"}, "indicators": [{"id": "i"}]},
        {"title": "K"},
        {"id": "k", "title": "K", "indicators": []},
    ],
)
def test_program_schema_refuses_what_the_model_refuses(kpi: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(kpimodel.program_schema())
    document = _program(kpi)
    assert list(validator.iter_errors(document)) != []
    with pytest.raises(kpimodel.InputError):
        parse_program(document)


def test_program_schema_offers_the_flat_kpi_form() -> None:
    # Regression: the schema described only the explicit form and refused flat KPIs.
    kpi = kpimodel.program_schema()["$defs"]["KPI"]
    forms = kpi["anyOf"]
    assert {"indicators"} <= set(forms[0]["properties"])
    assert {"target", "observations", "references", "series"} <= set(forms[1]["properties"])
    assert "indicators" not in forms[1]["properties"]
    assert "indicators" not in forms[1]["required"]


# -- revisions: several figures for one period, told apart by their publication ----------


def _series(*observations: dict[str, Any]) -> Indicator:
    return Indicator.model_validate(
        {"id": "x", "target": {"kind": "trend"}, "observations": list(observations)}
    )


def test_a_revision_with_its_own_publication_is_allowed() -> None:
    indicator = _series(
        {"period": "2024年度", "value": "3,100億円", "published": "2025-06-03", "edition": "2025"},
        {"period": "2024年度", "value": "3,235億円", "published": "2026-06-02", "edition": "2026"},
    )
    assert [o.edition for o in indicator.observations] == ["2025", "2026"]


def test_a_revision_and_a_figure_without_publication_are_allowed() -> None:
    # The first counts as published at its period's end (2025-03-31): the dates differ.
    _series(
        {"period": "2024年度", "value": "3,100億円"},
        {"period": "2024年度", "value": "3,235億円", "published": "2026-06-02"},
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {}),  # no publication at all: the duplicate check as before
        ({"published": "2025-06-03"}, {"published": "2025-06-03"}),  # the same day
        ({"edition": "2025"}, {"edition": "2026"}),  # editions alone: both count at 2025-03-31
        ({}, {"published": "2025-03-31"}),  # published on the day the other counts as
    ],
    ids=["no-publication", "same-day", "editions-without-dates", "period-end"],
)
def test_two_figures_of_one_period_need_different_publication_days(
    first: dict[str, str], second: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as info:
        _series(
            {"period": "2024年度", "value": "3,100億円", **first},
            {"period": "2024年度", "value": "3,235億円", **second},
        )
    error = _error(info.value)
    assert isinstance(error, DuplicateObservationError)
    assert "2024年度" in str(error)
    assert error.field == "observations.1.period"


def test_a_figure_published_before_its_period_ends_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        _series({"period": "2024年度", "value": "3,100億円", "published": "2025-01-10"})
    error = _error(info.value)
    assert isinstance(error, SchemaError)
    assert error.field == "published"
    assert "2025-03-31" in str(error)


def test_known_as_of_takes_each_periods_latest_publication_by_the_date() -> None:
    import datetime as dt

    from kpimodel.model import known_as_of

    indicator = _series(
        {"period": "2023年度", "value": "2,700億円"},
        {"period": "2024年度", "value": "3,100億円", "published": "2025-06-03"},
        {"period": "2024年度", "value": "3,235億円", "published": "2026-06-02"},
    )

    def values(day: dt.date | None) -> list[str]:
        return [str(o.value) for o in known_as_of(indicator.observations, day)]

    assert values(dt.date(2025, 3, 31)) == ["2,700億円"]  # 2024年度 not yet published
    assert values(dt.date(2025, 6, 2)) == ["2,700億円"]
    assert values(dt.date(2025, 6, 3)) == ["2,700億円", "3,100億円"]
    assert values(dt.date(2026, 6, 1)) == ["2,700億円", "3,100億円"]
    assert values(dt.date(2026, 6, 2)) == ["2,700億円", "3,235億円"]
    assert values(None) == ["2,700億円", "3,235億円"]


def test_a_revised_figure_implies_a_revised_earlier_figure() -> None:
    import datetime as dt

    from kpimodel.model import known_as_of

    indicator = _series(
        {
            "period": "2024年度",
            "value": "3,300億円",
            "changes": ["前年度比10%増"],
            "published": "2025-06-03",
        },
        {
            "period": "2024年度",
            "value": "3,540億円",
            "changes": ["前年度比20%増"],
            "published": "2026-06-02",
        },
    )
    derived = [o for o in indicator.all_observations if o.derived]
    assert [(str(o.period), o.published) for o in derived] == [
        ("2023年度", dt.date(2025, 6, 3)),
        ("2023年度", dt.date(2026, 6, 2)),
    ]
    # Each earlier figure is known when the figure it comes from is published.
    early = known_as_of(indicator.all_observations, dt.date(2025, 12, 31))
    assert [str(o.value) for o in early] == ["約3,000億円", "3,300億円"]
    late = known_as_of(indicator.all_observations, dt.date(2026, 12, 31))
    assert [str(o.value) for o in late] == ["約2,950億円", "3,540億円"]


def test_pooled_series_keep_every_revision() -> None:
    program = parse_program(
        _program(
            {
                "id": "a",
                "title": "A",
                "series": "s",
                "target": {"kind": "monitor"},
                "observations": [{"period": "2024年", "value": "10件"}],
            },
            {
                "id": "b",
                "title": "B",
                "series": "s",
                "target": {"kind": "monitor"},
                "observations": [
                    {"period": "2024年", "value": "12件", "published": "2025-06-01"},
                    {"period": "2024年", "value": "99件"},  # the same publication as a's
                ],
            },
        )
    )
    pooled = program.series_observations("s")
    assert [str(o.value) for o in pooled] == ["10件", "12件"]


def test_a_target_records_its_lineage() -> None:
    target = kpimodel.Target.parse(
        {
            "kind": "cumulative",
            "value": "180兆円",
            "edition": "2026",
            "replaces": [{"kind": "pending", "edition": "2025", "text": "今後KPIを設定する。"}],
        }
    )
    assert target.edition == "2026"
    (prior,) = target.replaces
    assert (prior.kind, prior.edition) == ("pending", "2025")
    schema = kpimodel.program_schema()
    assert "replaces" in str(schema)
    assert "published" in str(schema)
