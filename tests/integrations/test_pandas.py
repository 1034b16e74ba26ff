"""kpimodel.integrations.pandas: evaluations and observations as DataFrames, and back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

pd = pytest.importorskip("pandas")

import kpimodel  # noqa: E402
from kpimodel import datasets  # noqa: E402
from kpimodel.errors import (  # noqa: E402
    DimensionMismatchError,
    DuplicateObservationError,
    PeriodParseError,
    QuantityParseError,
    SchemaError,
    UnknownTargetKindError,
)
from kpimodel.integrations.pandas import (  # noqa: E402
    EVALUATION_COLUMNS,
    OBSERVATION_COLUMNS,
    kpis_from_dataframe,
    observations_dataframe,
    to_dataframe,
)
from kpimodel.model import AbsoluteTarget, Bound, Program, Theme  # noqa: E402
from kpimodel.periods import CalendarYear, DateRange, Day, FiscalYear, Month, Quarter  # noqa: E402

SEED = "ip-strategic-program-2026"


@pytest.fixture(scope="module")
def program() -> Program:
    return datasets.load(SEED)


@pytest.fixture(scope="module")
def result(program: Program) -> kpimodel.ProgramEvaluation:
    return kpimodel.evaluate(program)


# -- to_dataframe ------------------------------------------------------------------------


def test_one_row_per_indicator_in_table_order(result: kpimodel.ProgramEvaluation) -> None:
    frame = to_dataframe(result)
    assert list(frame.columns) == list(EVALUATION_COLUMNS)
    expected = [(e.kpi_id, e.indicator_id) for e in result.indicators()]
    assert list(zip(frame.kpi_id, frame.indicator_id, strict=True)) == expected


def test_rows_carry_the_evaluation_figures(result: kpimodel.ProgramEvaluation) -> None:
    frame = to_dataframe(result).set_index("kpi_id")
    row = frame.loc["agri-food-exports"]
    evaluation = result.kpi("agri-food-exports").indicators[0]
    assert row.theme_id == "regional-ip-protection"
    assert row.theme_title_en is not None
    assert row.kpi_title.startswith("農林水産物")
    assert row.status == "behind"
    assert row.kpi_status == "behind"
    assert row.reason == "pace-insufficient"
    assert evaluation.latest is not None
    assert row.latest_value == float(evaluation.latest.value.magnitude)
    assert row.unit == evaluation.latest.value.unit.symbol
    assert bool(row.latest_approximate) is True
    assert row.latest_period == "2025年"
    assert row.latest_date == pd.Timestamp("2025-07-02")
    assert row.target_value == 5.0
    assert row.target == "≥ 5兆円 by 2030"
    assert row.deadline == "2030年"
    assert row.pace == pytest.approx(evaluation.pace)
    assert row.pace_grade == "moderate"
    assert row.progress == pytest.approx(evaluation.progress)
    assert row.method == "pace"
    assert row.as_of == pd.Timestamp("2026-03-31")


def test_exact_figures_survive(result: kpimodel.ProgramEvaluation) -> None:
    frame = to_dataframe(result, exact=True).set_index("indicator_id")
    # 32,163,179件 against a target in 万件: written exactly in the row's unit.
    figure = frame.loc["japan-search-linked-metadata-count", "latest_value"]
    assert figure == Decimal("3216.3179")
    assert isinstance(figure, Decimal)
    assert frame.loc["japan-search-linked-metadata-count", "unit"] == "万件"
    assert frame.loc["ai-research-spending", "latest_value"] == Decimal("3235")
    assert frame.loc["ai-research-spending", "unit"] == "億円"


def test_the_columns_mean_what_the_csv_columns_mean(result: kpimodel.ProgramEvaluation) -> None:
    # One flat row schema: the same names, in the same order, holding the same values.
    frame = to_dataframe(result, lang="ja", exact=True)
    rows = list(csv.DictReader(io.StringIO(kpimodel.to_csv(result, lang="ja"))))
    assert list(frame.columns) == list(rows[0])
    for (_, row), written in zip(frame.iterrows(), rows, strict=True):
        for name in ("kpi_id", "status", "reason", "target", "unit", "explanation"):
            assert (row[name] if not pd.isna(row[name]) else "") == written[name], name
        for name in ("latest_value", "target_value", "baseline_value"):
            cell = "" if row[name] is None else format(row[name], "f")
            assert cell == written[name], name


def test_dtypes(result: kpimodel.ProgramEvaluation) -> None:
    frame = to_dataframe(result)
    assert isinstance(frame.status.dtype, pd.CategoricalDtype)
    assert list(frame.status.cat.categories) == ["achieved", "on-track", "behind", "no-data"]
    assert frame.status.value_counts()["no-data"] == sum(
        1 for e in result.indicators() if e.status is kpimodel.Status.NO_DATA
    )
    for column in ("latest_value", "pace", "progress", "expected_value", "projected_value"):
        assert frame[column].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(frame.latest_date)
    # Missing figures are missing, not zero.
    missing = frame.set_index("kpi_id").loc["public-private-rd-investment"]
    assert pd.isna(missing.latest_value)
    assert pd.isna(missing.latest_date)


def test_kpi_and_indicator_evaluations(result: kpimodel.ProgramEvaluation) -> None:
    kpi = result.kpi("ip-education")
    frame = to_dataframe(kpi)
    assert len(frame) == len(kpi.indicators) == 3
    assert set(frame.kpi_status) == {kpi.status.value}
    assert frame.theme_title.isna().all()
    one = to_dataframe(kpi.indicators[0])
    assert len(one) == 1
    assert one.kpi_title.isna().all()


def test_not_an_evaluation(program: Program) -> None:
    with pytest.raises(TypeError, match="evaluate it first"):
        to_dataframe(program)  # type: ignore[arg-type]


# -- observations_dataframe --------------------------------------------------------------


def test_observations_of_a_kpi(program: Program) -> None:
    frame = observations_dataframe(program.kpi("agri-food-exports"))
    assert list(frame.columns) == list(OBSERVATION_COLUMNS)
    assert list(frame.period) == ["2024年", "2025年"]
    assert list(frame.value) == [Decimal("1.5"), Decimal("1.7")]
    assert list(frame.unit) == ["兆円", "兆円"]
    assert frame.approximate.all()
    assert not frame.derived.any()
    assert list(frame.date) == [pd.Timestamp("2024-07-02"), pd.Timestamp("2025-07-02")]
    assert list(frame.start) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2025-01-01")]
    assert list(frame.last_day) == [pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31")]
    assert frame.source.str.contains("輸出額").all()


def test_derived_and_reference_observations(program: Program) -> None:
    share = program.kpi("intangible-asset-share")
    frame = observations_dataframe(share)
    assert list(frame.derived) == [True, False]
    assert list(frame.value) == [Decimal(32), Decimal(52)]
    assert len(observations_dataframe(share, derived=False)) == 1
    rank = program.kpi("global-innovation-index-rank")
    assert observations_dataframe(rank).reference_id.isna().all()
    with_refs = observations_dataframe(rank, references=True)
    assert set(with_refs.reference_id.dropna()) == {"korea", "china"}


def test_observations_of_an_indicator_a_theme_and_a_program(program: Program) -> None:
    indicator = program.kpi("ip-education").indicators[0]
    frame = observations_dataframe(indicator)
    assert frame.kpi_id.isna().all()
    assert set(frame.indicator_id) == {indicator.id}
    theme = program.themes[0]
    assert set(observations_dataframe(theme).kpi_id) == {k.id for k in theme.kpis}
    everything = observations_dataframe(program)
    assert len(everything) == sum(
        len(ind.all_observations) for _, kpi in program.kpis() for ind in kpi.indicators
    )
    undated = everything[everything.period.isna()]
    assert len(undated) > 0
    assert undated.date.isna().all()


def test_observations_of_something_else() -> None:
    with pytest.raises(TypeError, match="takes a Program"):
        observations_dataframe("agri")  # type: ignore[arg-type]


# -- kpis_from_dataframe -----------------------------------------------------------------


def _exports() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi_id": ["exports", "exports", "exports"],
            "period": ["2023年", "2024年", "2025年"],
            "value": [1.2, 1.5, "約1.7"],
            "unit": ["兆円", "兆円", "兆円"],
        }
    )


def test_build_and_evaluate() -> None:
    targets = {
        "exports": {
            "kind": "absolute",
            "value": "5兆円",
            "deadline": "2030年",
            "title": "輸出額を2030年までに5兆円にする。",
            "title_en": "Exports of 5 trillion yen by 2030.",
        }
    }
    (kpi,) = kpis_from_dataframe(_exports(), targets)
    assert kpi.id == "exports"
    assert kpi.title == "輸出額を2030年までに5兆円にする。"
    assert kpi.title_en == "Exports of 5 trillion yen by 2030."
    (indicator,) = kpi.indicators
    assert indicator.id == "exports"
    assert isinstance(indicator.target, AbsoluteTarget)
    values = [o.value for o in indicator.observations]
    assert [v.magnitude for v in values] == [Decimal("1.2"), Decimal("1.5"), Decimal("1.7")]
    assert [v.approximate for v in values] == [False, False, True]
    assert [o.period for o in indicator.observations] == [
        CalendarYear(year=2023),
        CalendarYear(year=2024),
        CalendarYear(year=2025),
    ]
    result = kpimodel.evaluate(kpi, dt.date(2026, 3, 31))
    assert result.status is kpimodel.Status.BEHIND


def test_floats_are_read_by_their_shortest_repr() -> None:
    frame = pd.DataFrame(
        {"kpi_id": ["a", "a"], "period": [2024, 2025], "value": [0.1, 3235.0], "unit": "億円"}
    )
    (kpi,) = kpis_from_dataframe(frame)
    assert [o.value.magnitude for o in kpi.indicators[0].observations] == [
        Decimal("0.1"),
        Decimal("3235"),
    ]
    assert kpi.indicators[0].target.kind == "monitor"
    assert kpi.title == "a"


def test_text_values_with_units_and_optional_columns() -> None:
    frame = pd.DataFrame(
        {
            "kpi_id": ["rank", "rank", "piracy"],
            "period": ["2024年", "2025年", "2025年12月以降、2026年3月現在"],
            "value": ["13位", "12位", "1億アクセス"],
            "approximate": [False, True, None],
            "bound": [None, None, "below"],
            "source": ["s1", None, "s3"],
            "note": [None, "n2", None],
        }
    )
    rank, piracy = kpis_from_dataframe(frame, {"rank": {"kind": "rank", "rank": 4}})
    first, second = rank.indicators[0].observations
    assert isinstance(first.value, kpimodel.Rank)
    assert second.value.approximate
    assert (first.source, second.note) == ("s1", "n2")
    (obs,) = piracy.indicators[0].observations
    assert obs.bound is Bound.BELOW
    assert isinstance(obs.period, DateRange)


def test_several_indicators_and_targets_by_pair() -> None:
    frame = pd.DataFrame(
        {
            "kpi_id": ["visas"] * 4,
            "indicator_id": ["i", "i", "ro", "ro"],
            "period": ["2024年", "2025年", "2024年", "2025年"],
            "value": [2476, 2766, 19920, 22923],
            "unit": "人",
        }
    )
    targets = {
        "visas": {"kind": "trend"},
        ("visas", "ro"): {"kind": "absolute", "value": "30,000人", "deadline": "2030年"},
    }
    (kpi,) = kpis_from_dataframe(frame, targets)
    assert [i.id for i in kpi.indicators] == ["i", "ro"]
    assert [i.target.kind for i in kpi.indicators] == ["trend", "absolute"]
    assert kpi.indicators[1].observations[-1].value.magnitude == Decimal(22923)


def test_targets_without_observations_are_kept() -> None:
    targets = {
        "exports": AbsoluteTarget(value="5兆円", deadline="2030年"),  # type: ignore[arg-type]
        "firms": {"kind": "absolute", "value": "約1.4万社"},
        ("pair", "x"): {"kind": "monitor"},
    }
    exports, firms, pair = kpis_from_dataframe(_exports(), targets)
    assert exports.id == "exports"
    assert firms.indicators[0].observations == ()
    assert firms.indicators[0].target.kind == "absolute"
    assert [i.id for i in pair.indicators] == ["x"]
    assert kpimodel.evaluate(firms).status is kpimodel.Status.NO_DATA


def test_targets_as_a_dataframe() -> None:
    targets = pd.DataFrame(
        {
            "kpi_id": ["exports", "rank"],
            "kind": ["absolute", "rank"],
            "value": [5.0, None],
            "unit": ["兆円", None],
            "rank": [None, 4],
            "deadline": ["2030年", "2035年"],
            "baseline": [1.2, None],
            "baseline_period": ["2023年", None],
            "title": ["輸出額", None],
        }
    )
    exports, rank = kpis_from_dataframe(_exports(), targets)
    target = exports.indicators[0].target
    assert isinstance(target, AbsoluteTarget)
    assert target.value.magnitude == Decimal(5)
    assert target.deadline == CalendarYear(year=2030)
    assert target.baseline is not None
    assert target.baseline.value.magnitude == Decimal("1.2")
    assert target.baseline.period == CalendarYear(year=2023)
    assert exports.title == "輸出額"
    assert rank.indicators[0].target.kind == "rank"
    assert rank.title == "rank"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024年度", FiscalYear(year=2024)),
        (2025, CalendarYear(year=2025)),
        (2025.0, CalendarYear(year=2025)),
        (dt.date(2026, 3, 26), Day(date=dt.date(2026, 3, 26))),
        (pd.Timestamp("2026-03-26"), Day(date=dt.date(2026, 3, 26))),
        (pd.Period("2025", freq="Y"), CalendarYear(year=2025)),
        (pd.Period("2024-04", freq="Y-MAR"), FiscalYear(year=2024)),
        (pd.Period("2025Q1", freq="Q"), Quarter(year=2025, quarter=1)),
        (pd.Period("2026-03", freq="M"), Month(year=2026, month=3)),
        (pd.Period("2026-03-26", freq="D"), Day(date=dt.date(2026, 3, 26))),
        (FiscalYear(year=2023), FiscalYear(year=2023)),
        (None, None),
    ],
)
def test_period_cells(cell: object, expected: object) -> None:
    frame = pd.DataFrame({"kpi_id": ["k"], "period": [cell], "value": ["10件"]}, dtype=object)
    (kpi,) = kpis_from_dataframe(frame)
    assert kpi.indicators[0].observations[0].period == expected


def test_round_trip_of_the_seed_observations(program: Program) -> None:
    frame = observations_dataframe(program, references=True)
    kpis = {kpi.id: kpi for kpi in kpis_from_dataframe(frame)}
    for _, kpi in program.kpis():
        for indicator in kpi.indicators:
            if not indicator.observations:
                continue
            rebuilt = kpis[kpi.id].indicator(indicator.id)
            # The frame has no column for stated changes: their derived rows are skipped.
            assert rebuilt.observations == tuple(
                o.model_copy(update={"changes": ()}) for o in indicator.observations
            )
            assert [(r.id, r.observations) for r in rebuilt.references] == [
                (r.id, r.observations) for r in indicator.references
            ]


def test_seed_rebuilt_evaluates_alike(program: Program) -> None:
    # KPIs without stated changes evaluate the same when rebuilt from DataFrames.
    frame = observations_dataframe(program, references=True)
    targets = {(kpi.id, ind.id): ind.target for _, kpi in program.kpis() for ind in kpi.indicators}
    rebuilt = Program(
        title=program.title,
        themes=(Theme(id="all", title="all", kpis=kpis_from_dataframe(frame, targets)),),
    )
    before = kpimodel.evaluate(program)
    after = kpimodel.evaluate(rebuilt, program.as_of)
    for _, kpi in program.kpis():
        if any(o.changes for ind in kpi.indicators for o in ind.observations):
            continue
        if any(ind.series for ind in kpi.indicators):
            continue
        assert after.kpi(kpi.id).status == before.kpi(kpi.id).status, kpi.id


# -- errors name the row -----------------------------------------------------------------


def test_unreadable_value_names_the_row() -> None:
    frame = _exports()
    frame.loc[1, "value"] = "1,5"
    with pytest.raises(QuantityParseError, match=r"row 1: cannot read quantity '1,5兆円'") as info:
        kpis_from_dataframe(frame)
    assert info.value.kpi_id == "exports"
    assert info.value.field == "value"
    assert info.value.row == 1  # type: ignore[attr-defined]
    assert isinstance(info.value, kpimodel.KPIModelError)


def test_labels_of_the_index_are_named() -> None:
    frame = _exports().set_index(pd.Index(["a", "b", "c"]))
    frame.loc["c", "period"] = "2025年13月"
    with pytest.raises(PeriodParseError, match=r"row 'c'") as info:
        kpis_from_dataframe(frame)
    assert info.value.field == "period"


def test_number_without_unit() -> None:
    frame = pd.DataFrame({"kpi_id": ["k"], "period": ["2024年"], "value": [3]})
    with pytest.raises(DimensionMismatchError, match=r"row 0: a number needs its unit"):
        kpis_from_dataframe(frame)


def test_missing_value_and_id() -> None:
    frame = _exports()
    frame.loc[2, "value"] = None
    with pytest.raises(QuantityParseError, match=r"row 2: the value is missing"):
        kpis_from_dataframe(frame)
    frame = _exports()
    frame.loc[0, "kpi_id"] = None
    with pytest.raises(SchemaError, match=r"row 0: the kpi_id is missing"):
        kpis_from_dataframe(frame)


def test_duplicate_period_names_the_second_row() -> None:
    frame = _exports()
    frame.loc[2, "period"] = "2024年"
    with pytest.raises(DuplicateObservationError, match=r"row 2: two observations") as info:
        kpis_from_dataframe(frame)
    assert info.value.kpi_id == "exports"


def test_unit_incompatible_with_the_target_names_the_row() -> None:
    frame = _exports()
    frame.loc[1, "unit"] = "人"
    with pytest.raises(DimensionMismatchError, match=r"row 1:"):
        kpis_from_dataframe(frame, {"exports": {"kind": "absolute", "value": "5兆円"}})


def test_missing_columns() -> None:
    with pytest.raises(SchemaError, match="lacks the column"):
        kpis_from_dataframe(pd.DataFrame({"kpi_id": ["a"], "value": ["1件"]}))
    with pytest.raises(SchemaError, match="targets DataFrame lacks"):
        kpis_from_dataframe(_exports(), pd.DataFrame({"kpi_id": ["a"]}))


def test_bad_targets_name_the_target() -> None:
    targets = pd.DataFrame({"kpi_id": ["exports", "other"], "kind": ["monitor", "nope"]})
    with pytest.raises(UnknownTargetKindError, match=r"targets row 1: unknown target kind"):
        kpis_from_dataframe(_exports(), targets)
    with pytest.raises(kpimodel.KPIModelError, match=r"target 'exports'") as info:
        kpis_from_dataframe(_exports(), {"exports": {"kind": "absolute", "value": "5 apples"}})
    assert info.value.kpi_id == "exports"
    with pytest.raises(UnknownTargetKindError, match=r"target \('exports', 'x'\)"):
        kpis_from_dataframe(_exports(), {("exports", "x"): {"kind": "nope"}})


def test_unknown_bound() -> None:
    frame = _exports().assign(bound=[None, "under", None])
    with pytest.raises(SchemaError, match=r"row 1: unknown bound 'under'"):
        kpis_from_dataframe(frame)


def test_derived_rows_are_skipped() -> None:
    frame = _exports().assign(derived=[True, False, False])
    (kpi,) = kpis_from_dataframe(frame)
    assert len(kpi.indicators[0].observations) == 2


def test_not_a_dataframe() -> None:
    with pytest.raises(TypeError, match="takes a DataFrame"):
        kpis_from_dataframe([{"kpi_id": "a"}])  # type: ignore[arg-type]


def test_reference_series_and_their_errors() -> None:
    frame = pd.DataFrame(
        {
            "kpi_id": ["search"] * 3,
            "reference_id": [None, "europeana", "europeana"],
            "period": ["2026-03-26"] * 3,
            "value": ["32,163,179件", "61,426,763件", "61,000,000件"],
        }
    )
    targets = {"search": {"kind": "reference_ratio", "reference": "europeana"}}
    with pytest.raises(DuplicateObservationError, match=r"row 2: two observations") as info:
        kpis_from_dataframe(frame, targets)
    assert info.value.kpi_id == "search"
    (kpi,) = kpis_from_dataframe(frame.iloc[:2], targets)
    (reference,) = kpi.indicators[0].references
    assert reference.id == "europeana"
    assert reference.observations[0].value.magnitude == Decimal(61426763)
    assert kpimodel.evaluate(kpi, dt.date(2026, 3, 31)).indicators[0].latest is not None


def test_revisions_keep_their_publication_through_a_dataframe() -> None:
    # Two publications of one period's figure (docs/editions.md) read back as they were.
    indicator = kpimodel.Indicator.model_validate(
        {
            "id": "exports",
            "target": {"kind": "trend"},
            "observations": [
                {"period": "2023年", "value": "1.5兆円"},
                {
                    "period": "2024年",
                    "value": "1.6兆円",
                    "published": "2025-02-10",
                    "edition": "2025",
                },
                {
                    "period": "2024年",
                    "value": "2.4兆円",
                    "published": "2026-02-09",
                    "edition": "2026",
                },
            ],
        }
    )
    frame = observations_dataframe(indicator)
    assert list(frame["edition"].fillna("")) == ["", "2025", "2026"]
    frame["kpi_id"] = "exports"
    (kpi,) = kpis_from_dataframe(frame)
    assert kpi.indicators[0].observations == indicator.observations
    # Dates written as text read back too; anything else is refused with the row.
    frame["published"] = ["", "2025-02-10", "2026-02-09"]
    (kpi,) = kpis_from_dataframe(frame.replace({"published": {"": None}}))
    assert kpi.indicators[0].observations == indicator.observations
    frame["published"] = [None, "10 Feb 2025", "2026-02-09"]
    with pytest.raises(kpimodel.KPIModelError, match="YYYY-MM-DD"):
        kpis_from_dataframe(frame)
