"""Open SDG data repositories, built here from Open SDG's documented format, read faithfully."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import kpimodel
from kpimodel import readers
from kpimodel.errors import SchemaError

AS_OF = dt.date(2025, 12, 31)

# data-format.md: Year first, Value last, disaggregations between; blank means "all".
_FRUIT = """Year,Units,Grade,Fruit,Value
2015,Percentage,A,,1.1
2015,Percentage,B,,1.2
2015,Percentage,,Apples,1.0
2015,Percentage,,,40
2018,Percentage,,,46
2020,Percentage,A,,3
2020,Percentage,,,50
"""
_SERIES = """Year,Series,Units,Geography,Gender,Value,Progress
2014,Fatality claims,persons,Canada,Male,900,900
2016,Fatality claims,persons,Canada,Male,800,800
2020,Fatality claims,persons,Canada,Male,700,700
2016,Fatality claims,persons,Canada,Female,300,300
2020,Fatality claims,persons,Canada,Female,310,
2016,Lost time claims,persons,,,5000,5000
2020,Lost time claims,persons,,,4000,3900
"""
_PLAIN = """Year,Value
2015,10
2016,
2019,14
"""


def _repository(root: Path) -> Path:
    (root / "data").mkdir(parents=True)
    (root / "indicator-config").mkdir()
    (root / "meta").mkdir()
    (root / "data" / "indicator_1-1-1.csv").write_text(_FRUIT, encoding="utf-8")
    (root / "data" / "indicator_8-8-1.csv").write_text(_SERIES, encoding="utf-8")
    (root / "data" / "indicator_3-2-1.csv").write_text(_PLAIN, encoding="utf-8")
    (root / "indicator-config" / "1-1-1.yml").write_text(
        "indicator_name: Share of fruit\nreporting_status: complete\n"
        "auto_progress_calculation: true\n"
        "progress_calculation_options:\n- direction: positive\n  target: 60\n",
        encoding="utf-8",
    )
    # indicator-configuration.md's example: two series, one with a limit, and a group.
    (root / "indicator-config" / "8-8-1.yml").write_text(
        "indicator_name: Fatality claims\nauto_progress_calculation: true\n"
        "progress_calculation_options:\n"
        "- series: Lost time claims\n  direction: negative\n  base_year: 2016\n"
        "- group:\n"
        "  - series: Fatality claims\n    disaggregation:\n"
        "    - field: Geography\n      value: Canada\n    - field: Gender\n      value: Male\n"
        "    direction: negative\n    limit: 0\n"
        "  - series: Fatality claims\n    disaggregation:\n"
        "    - field: Geography\n      value: Canada\n    - field: Gender\n      value: Female\n"
        "    direction: negative\n    target: 85\n",
        encoding="utf-8",
    )
    # Older repositories keep the configuration in the front matter of meta/ID.md.
    (root / "meta" / "3-2-1.md").write_text(
        "---\nindicator_name: Under-five deaths\nauto_progress_calculation: false\n"
        "progress_status: substantial_progress\n---\nSome text.\n",
        encoding="utf-8",
    )
    return root


def test_a_repository_reads_into_goals_and_indicators(tmp_path: Path) -> None:
    program = readers.open_sdg(_repository(tmp_path / "repo"))
    assert [t.id for t in program.themes] == ["goal-1", "goal-3", "goal-8"]
    assert [k.id for _, k in program.kpis()] == ["1-1-1", "3-2-1", "8-8-1"]
    result = kpimodel.evaluate(program, AS_OF)
    assert result.summary.total == 3


def test_the_headline_is_the_rows_whose_disaggregations_are_all_empty(tmp_path: Path) -> None:
    kpi = readers.open_sdg(_repository(tmp_path / "repo")).kpi("1-1-1")
    (indicator,) = kpi.indicators
    assert [str(o.period) for o in indicator.observations] == ["2015", "2018", "2020"]
    assert [o.value.magnitude for o in indicator.observations] == [40, 46, 50]
    assert indicator.observations[0].value.unit.symbol == "%"
    target = indicator.target
    assert target.kind == "ratio"
    assert target.target_value() == kpimodel.parse_quantity("60%")
    assert target.direction is kpimodel.Direction.HIGHER
    assert target.deadline == kpimodel.parse_period("2030")  # Open SDG's default target year
    assert target.baseline is not None
    assert target.baseline.value == kpimodel.parse_quantity("40%")  # the default base year 2015
    assert indicator.observations[1].source == "data/indicator_1-1-1.csv, row 6"


def test_series_disaggregations_groups_limits_and_the_progress_column(tmp_path: Path) -> None:
    kpi = readers.open_sdg(_repository(tmp_path / "repo")).kpi("8-8-1")
    lost, male, female = kpi.indicators
    # The Progress column replaces Value; the Value shown is kept in the note.
    assert [o.value.magnitude for o in lost.observations] == [5000, 3900]
    assert lost.observations[1].note is not None
    assert "4000" in lost.observations[1].note
    assert lost.target.kind == "trend"
    assert lost.target.direction is kpimodel.Direction.LOWER
    assert lost.target.baseline is not None
    assert lost.target.baseline.period == kpimodel.parse_period("2016")
    # Base year 2015 has no value: Open SDG takes the first year after it (2016).
    assert male.target.baseline is not None
    assert male.target.baseline.value.magnitude == 800
    assert male.note is not None
    assert "limit 0" in male.note
    assert "group member 1" in male.note
    assert [o.value.magnitude for o in male.observations] == [900, 800, 700]
    # The Progress column replaces every value: a blank Progress cell is a missing value.
    assert [o.value.magnitude for o in female.observations] == [300]
    assert female.target.kind == "absolute"
    assert female.target.target_value() == kpimodel.parse_quantity("85 persons")
    evaluation = kpimodel.evaluate(kpi, AS_OF)
    assert len(evaluation.indicators) == 3


def test_an_unconfigured_indicator_is_monitored_and_its_manual_status_noted(
    tmp_path: Path,
) -> None:
    kpi = readers.open_sdg(_repository(tmp_path / "repo")).kpi("3-2-1")
    assert kpi.title == "Under-five deaths"
    assert kpi.indicators[0].target.kind == "monitor"
    # A blank Value is a missing value, as in Open SDG; no Units column: plain numbers.
    assert [o.value for o in kpi.indicators[0].observations] == [
        kpimodel.Quantity.of(10),
        kpimodel.Quantity.of(14),
    ]
    assert kpi.note is not None
    assert "substantial_progress" in kpi.note


def test_the_document_reads_back_to_the_same_program(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    program = readers.open_sdg(root)
    text = readers.document_text(readers.open_sdg_document(root))
    assert kpimodel.loads(text) == program


def _one(tmp_path: Path, data: str, config: str) -> Path:
    root = tmp_path / "one"
    (root / "data").mkdir(parents=True)
    (root / "meta").mkdir()
    (root / "data" / "indicator_5-1-1.csv").write_text(data, encoding="utf-8")
    (root / "meta" / "5-1-1.yml").write_text(
        "auto_progress_calculation: true\n" + config, encoding="utf-8"
    )
    return root


def test_several_units_without_a_choice_is_an_error(tmp_path: Path) -> None:
    data = "Year,Units,Value\n2015,Percentage,1\n2015,Number,5\n"
    with pytest.raises(SchemaError, match=r"still hold several series \(Units: 'Number'"):
        readers.open_sdg(_one(tmp_path, data, ""))


def test_a_configured_unit_absent_from_the_data_is_an_error(tmp_path: Path) -> None:
    data = "Year,Units,Value\n2015,Percentage,1\n"
    config = "progress_calculation_options:\n- unit: Number\n"
    with pytest.raises(SchemaError, match=r"no rows with Units 'Number'"):
        readers.open_sdg(_one(tmp_path, data, config))


def test_an_unknown_units_label_asks_for_a_mapping(tmp_path: Path) -> None:
    data = "Year,Units,Value\n2015,Number of deaths,1\n2020,Number of deaths,2\n"
    root = _one(tmp_path, data, "")
    with pytest.raises(SchemaError, match=r"units=\{'Number of deaths': '人'\}"):
        readers.open_sdg(root)
    with pytest.raises(SchemaError, match=r"the unit 'furlongs' given for the Units label"):
        readers.open_sdg(root, units={"Number of deaths": "furlongs"})
    program = readers.open_sdg(root, units={"Number of deaths": "人"})
    value = program.kpi("5-1-1").indicators[0].observations[0].value
    assert value == kpimodel.parse_quantity("1人")


def test_two_values_for_a_year_are_an_error(tmp_path: Path) -> None:
    data = "Year,Value\n2015,1\n2015,2\n"
    with pytest.raises(SchemaError, match=r"two values for 2015 \(rows 2 and 3\)"):
        readers.open_sdg(_one(tmp_path, data, ""))


@pytest.mark.parametrize("cell", ["NA", "n/a", "NULL"])
def test_text_pandas_reads_as_empty_is_refused(tmp_path: Path, cell: str) -> None:
    data = f"Year,Sex,Value\n2015,{cell},1\n2016,,2\n"
    with pytest.raises(SchemaError, match=r"read by Open SDG \(pandas\) as an empty cell"):
        readers.open_sdg(_one(tmp_path, data, ""))


def test_a_value_that_is_not_a_number_names_its_cell(tmp_path: Path) -> None:
    data = "Year,Value\n2015,<5\n"
    with pytest.raises(SchemaError) as info:
        readers.open_sdg(_one(tmp_path, data, ""))
    assert info.value.field == "data/indicator_5-1-1.csv, row 2, column B (Value)"


def test_a_zero_target_is_kept_not_replaced(tmp_path: Path) -> None:
    data = "Year,Value\n2015,10\n2020,5\n"
    config = "progress_calculation_options:\n- target: 0\n"
    kpi = readers.open_sdg(_one(tmp_path, data, config)).kpi("5-1-1")
    target = kpi.indicators[0].target
    assert target.target_value() == kpimodel.Quantity.of(Decimal(0))
    assert kpi.note is not None
    assert "0.001" in kpi.note


def test_a_directory_without_data_is_refused(tmp_path: Path) -> None:
    with pytest.raises(kpimodel.FileReadError, match="no data/ folder"):
        readers.open_sdg(tmp_path)


def test_configuration_files_that_disagree_are_an_error(tmp_path: Path) -> None:
    root = _one(tmp_path, "Year,Value\n2015,1\n", "")
    (root / "indicator-config").mkdir()
    (root / "indicator-config" / "5-1-1.yml").write_text(
        "auto_progress_calculation: false\n", encoding="utf-8"
    )
    with pytest.raises(SchemaError, match="auto_progress_calculation differs between"):
        readers.open_sdg(root)


def test_config_data_may_name_the_columns_that_are_not_disaggregations(tmp_path: Path) -> None:
    data = "Year,Source,Sex,Value\n2015,survey,,1\n2016,survey,,2\n2016,survey,F,3\n"
    root = _one(tmp_path, data, "")
    # By default "Source" is a disaggregation: no row is a headline (Open SDG raises too).
    with pytest.raises(SchemaError, match=r"no headline rows .* columns: Source, Sex"):
        readers.open_sdg(root)
    (root / "config_data.yml").write_text(
        "indicator_options:\n  non_disaggregation_columns: [Year, Value, Source]\n",
        encoding="utf-8",
    )
    observations = readers.open_sdg(root).kpi("5-1-1").indicators[0].observations
    assert [o.value.magnitude for o in observations] == [1, 2]


def test_a_status_set_by_hand_is_the_kpis_stated_status(tmp_path: Path) -> None:
    from kpimodel.evaluation.presets import open_sdg
    from kpimodel.readers._open_sdg import _STATED

    program = readers.open_sdg(_repository(tmp_path / "repo"))
    kpi = program.kpi("3-2-1")
    assert kpi.stated_status is not None
    assert kpi.stated_status.status == "on-track"
    assert kpi.stated_status.note == "Open SDG progress_status: substantial_progress"
    result = kpimodel.evaluate(program, AS_OF).kpi("3-2-1")
    assert result.stated_status == kpi.stated_status
    assert result.status is kpimodel.Status.NO_DATA  # computed: monitored, no target
    assert result.explanation.endswith("The table states on-track; computed no-data.")
    # The reader reads the statuses as the open-sdg preset does.
    for value, status in _STATED.items():
        assert open_sdg.kpimodel_status(value)[0].value == status
    assert program.kpi("1-1-1").stated_status is None
