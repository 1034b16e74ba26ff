"""kpimodel.batch.evaluate_frame: inputs, outputs, errors and the optional extra."""

from __future__ import annotations

import datetime as dt
import importlib
import math
import subprocess
import sys

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

import kpimodel  # noqa: E402
from kpimodel.batch import OUTPUT_COLUMNS, evaluate_frame, to_indicators  # noqa: E402
from kpimodel.errors import (  # noqa: E402
    DimensionMismatchError,
    DuplicateObservationError,
    InconsistentTargetError,
    KPIModelError,
    PeriodParseError,
    UnknownUnitError,
)

from ._series import compare  # noqa: E402

AS_OF = dt.date(2026, 3, 31)


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    observations = pd.DataFrame(
        {
            "series": ["exports"] * 3 + ["gii"] * 2 + ["share"] * 2 + ["phd"] * 2 + ["talks"],
            "period": [
                "2023年",
                "2024年",
                "2025年",
                "2024年",
                "2025年",
                "2020年",
                "2025年",
                "2021年度",
                "2022年度",
                "2025年",
            ],
            "value": [14541.0, 1.5, 1.7, 13, 12, 32, 52, 124, 123, 74],
            "unit": ["億円", "兆円", "兆円", "位", "位", "%", "%", "人", "人", "件"],
        }
    )
    targets = pd.DataFrame(
        {
            "series": ["exports", "gii", "share", "phd", "talks", "none"],
            "kind": ["absolute", "rank", "ratio", "trend", "monitor", "absolute"],
            "value": [5.0, 4, 50, math.nan, math.nan, 10],
            "unit": ["兆円", "位", "%", "人", "件", "億円"],
            "deadline": ["2030年", "2035年", "2035年", None, None, "2030年"],
        }
    )
    return observations, targets


def test_one_row_per_target_with_the_documented_columns() -> None:
    observations, targets = _tables()
    frame = evaluate_frame(observations, targets, as_of=AS_OF)
    assert list(frame.columns) == list(OUTPUT_COLUMNS)
    assert list(frame.index) == list(targets["series"])
    assert frame.index.name == "series"
    assert dict(frame["status"]) == {
        "exports": "behind",
        "gii": "on-track",
        "share": "achieved",
        "phd": "behind",
        "talks": "no-data",
        "none": "no-data",
    }
    assert frame.loc["none", "reason"] == "no-observations"
    assert frame.loc["none", "target_value"] == 10
    assert frame.loc["exports", "unit"] == "兆円"
    # 14541億円 read in the target's unit.
    assert frame.loc["exports", "baseline_value"] == pytest.approx(1.4541)
    assert frame.loc["exports", "latest_period"] == "2025年"
    assert frame.loc["exports", "latest_date"] == pd.Timestamp("2025-07-02")


def test_rows_equal_the_object_api_on_the_same_indicators() -> None:
    observations, targets = _tables()
    frame = evaluate_frame(observations, targets, as_of=AS_OF)
    for series, indicator in to_indicators(observations, targets).items():
        evaluation = kpimodel.evaluate(indicator, AS_OF)
        compare(frame.loc[series], evaluation, str(series))


def test_row_order_and_id_column_do_not_matter() -> None:
    observations, targets = _tables()
    expected = evaluate_frame(observations, targets, as_of=AS_OF)
    shuffled = observations.sample(frac=1.0, random_state=3).set_index("series")
    got = evaluate_frame(shuffled, targets.set_index("series"), as_of=AS_OF)
    pd.testing.assert_frame_equal(got, expected)


def test_categorical_and_arrow_inputs() -> None:
    observations, targets = _tables()
    expected = evaluate_frame(observations, targets, as_of=AS_OF)
    categorical = observations.astype({"series": "category", "period": "category"})
    got = evaluate_frame(categorical, targets, as_of=AS_OF)
    pd.testing.assert_frame_equal(got, expected)
    pa = pytest.importorskip("pyarrow")
    got = evaluate_frame(
        pa.Table.from_pandas(observations), pa.Table.from_pandas(targets), as_of=AS_OF
    )
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_integer_series_ids_and_periods() -> None:
    observations = pd.DataFrame(
        {"series": [7, 7, 9], "period": [2023, 2024, 2024], "value": [1.0, 2.0, 3.0]}
    )
    targets = pd.DataFrame(
        {"series": [7, 9], "kind": ["absolute", "absolute"], "value": [4.0, 2.0], "unit": "人"}
    )
    frame = evaluate_frame(observations, targets, as_of=AS_OF)
    assert list(frame["reason"]) == ["trend-favourable", "target-met"]
    assert list(frame["latest_period"]) == ["2024", "2024"]
    assert list(frame["latest_date"]) == [pd.Timestamp("2024-07-02")] * 2


def test_parameters_are_the_object_api_ones() -> None:
    observations, targets = _tables()
    strict = evaluate_frame(observations, targets, as_of=AS_OF, method="projection")
    assert strict.loc["gii", "reason"] == "projection-meets-target"
    lenient = evaluate_frame(observations, targets, as_of=AS_OF, on_track=0.1)
    assert lenient.loc["exports", "reason"] == "pace-sufficient"
    with pytest.raises(ValueError, match="on_track"):
        evaluate_frame(observations, targets, as_of=AS_OF, on_track=-1)
    with pytest.raises(ValueError, match="method"):
        evaluate_frame(observations, targets, as_of=AS_OF, method="guess")


def test_as_of_ignores_later_figures() -> None:
    observations, targets = _tables()
    frame = evaluate_frame(observations, targets, as_of=dt.date(2024, 12, 31))
    assert frame.loc["exports", "latest_period"] == "2024年"
    assert frame.loc["gii", "reason"] == "insufficient-history"


def test_bounds_and_undated_figures() -> None:
    observations = pd.DataFrame(
        {
            "series": ["a", "a", "a"],
            "period": [None, "2024年", "2025年"],
            "value": [3.0, 150.0, 90.0],
            "bound": [None, None, "below"],
        }
    )
    targets = pd.DataFrame(
        {
            "series": ["a"],
            "kind": ["absolute"],
            "value": [100.0],
            "unit": ["件"],
            "direction": ["lower"],
            "deadline": ["2030年"],
        }
    )
    frame = evaluate_frame(observations, targets, as_of=AS_OF)
    assert frame.loc["a", "reason"] == "bound-meets-target"
    evaluation = kpimodel.evaluate(to_indicators(observations, targets)["a"], AS_OF)
    compare(frame.loc["a"], evaluation, "a")


def test_empty_tables_give_an_empty_frame_of_the_same_columns() -> None:
    observations, targets = _tables()
    frame = evaluate_frame(observations.iloc[:0], targets.iloc[:0], as_of=AS_OF)
    assert list(frame.columns) == list(OUTPUT_COLUMNS)
    assert len(frame) == 0
    frame = evaluate_frame(observations.iloc[:0], targets, as_of=AS_OF)
    assert set(frame["reason"]) == {"no-observations", "no-target"}


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"targets_kind": "cumulative"}, ValueError, "does not evaluate 'cumulative'"),
        ({"targets_kind": "completion"}, ValueError, "does not evaluate 'completion'"),
        ({"targets_repeat": True}, ValueError, "repeats series"),
        ({"orphan": True}, ValueError, "no row in targets"),
        ({"duplicate_period": True}, DuplicateObservationError, "2024年"),
        ({"unit": "人"}, DimensionMismatchError, "compatible"),
        ({"unit": "furlong"}, UnknownUnitError, "furlong"),
        ({"period": "someday"}, PeriodParseError, "someday"),
        ({"rank_direction": "higher"}, InconsistentTargetError, "lower"),
        ({"missing": "value"}, ValueError, "'value' column"),
    ],
)
def test_invalid_tables_are_refused(change: dict[str, object], error: type, match: str) -> None:
    observations, targets = _tables()
    if "targets_kind" in change:
        targets.loc[0, "kind"] = change["targets_kind"]
    if "targets_repeat" in change:
        targets = pd.concat([targets, targets.iloc[:1]])
    if "orphan" in change:
        observations.loc[0, "series"] = "orphan"
    if "duplicate_period" in change:
        observations.loc[2, "period"] = "2024年"
    if "unit" in change:
        observations.loc[0, "unit"] = change["unit"]
    if "period" in change:
        observations.loc[0, "period"] = change["period"]
    if "rank_direction" in change:
        targets["direction"] = None
        targets.loc[1, "direction"] = change["rank_direction"]
    if "missing" in change:
        observations = observations.drop(columns=[str(change["missing"])])
    with pytest.raises(error, match=match):
        evaluate_frame(observations, targets, as_of=AS_OF)


def test_a_failing_series_raises_as_the_object_api_does() -> None:
    # Two figures on the same date: a trend's rate divides by zero.
    observations = pd.DataFrame(
        {"series": ["a", "a"], "period": ["2024年", "2024-01-01/2024-12-31"], "value": [1.0, 2.0]}
    )
    targets = pd.DataFrame({"series": ["a"], "kind": ["trend"], "unit": ["人"]})
    with pytest.raises(KPIModelError) as batch_error:
        evaluate_frame(observations, targets, as_of=AS_OF)
    with pytest.raises(KPIModelError) as object_error:
        kpimodel.evaluate(to_indicators(observations, targets)["a"], AS_OF)
    assert type(batch_error.value) is type(object_error.value)


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    observations, targets = _tables()
    monkeypatch.delitem(sys.modules, "kpimodel.batch._frame", raising=False)
    monkeypatch.setitem(sys.modules, "pandas", None)
    batch = importlib.import_module("kpimodel.batch")
    with pytest.raises(ImportError, match=r'extra "batch" .*pip install -e "\.\[batch\]"'):
        batch.evaluate_frame(observations, targets, as_of=AS_OF)


def test_importing_kpimodel_imports_no_optional_library() -> None:
    code = (
        "import sys, kpimodel, kpimodel.batch\n"
        "kpimodel.parse_quantity('3,235億円')\n"
        "print(sorted(m for m in ('numpy', 'pandas', 'pint', 'dask') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("option", [{"preset": "open-sdg"}, {"scale": "rag"}])
def test_presets_and_scales_are_refused_not_ignored(option: dict[str, str]) -> None:
    with pytest.raises(kpimodel.InputError, match=r"to_indicators\(\)") as caught:
        evaluate_frame(None, None, as_of=dt.date(2026, 3, 31), **option)
    assert caught.value.value == next(iter(option.values()))


def test_stated_statuses_are_refused_not_ignored() -> None:
    observations = pd.DataFrame({"series": ["a"], "period": ["2021年"], "value": [60.0]})
    targets = pd.DataFrame(
        {"series": ["a"], "kind": ["ratio"], "value": [90.0], "unit": ["%"]}
        | {"stated_status": ["on-track"]}
    )
    with pytest.raises(kpimodel.InputError, match="stated statuses") as caught:
        evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))
    assert (caught.value.kpi_id, caught.value.field) == ("a", "stated_status")


@pytest.mark.parametrize("column", ["limit", "limit_unit"])
def test_natural_limits_are_refused_not_ignored(column: str) -> None:
    observations = pd.DataFrame(
        {"series": ["a", "b"], "period": ["2021年", "2021年"], "value": [60.0, 50.0]}
    )
    value: object = 100.0 if column == "limit" else "%"
    targets = pd.DataFrame(
        {
            "series": ["a", "b"],
            "kind": ["ratio", "ratio"],
            "value": [100.0, 90.0],
            "unit": ["%", "%"],
            column: [None, value],
        }
    )
    with pytest.raises(kpimodel.InputError, match="natural limits") as caught:
        evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))
    assert (caught.value.kpi_id, caught.value.field, caught.value.value) == ("b", column, value)
    # An empty column says nothing: the series are evaluated.
    targets[column] = None
    assert len(evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))) == 2


def test_strict_comparisons_are_refused_not_ignored() -> None:
    observations = pd.DataFrame(
        {"series": ["a", "b"], "period": ["2025年"] * 2, "value": [90.0] * 2}
    )
    targets = pd.DataFrame(
        {
            "series": ["a", "b"],
            "kind": ["ratio", "ratio"],
            "value": [90.0, 90.0],
            "unit": ["%", "%"],
            "strict": [False, True],
        }
    )
    with pytest.raises(kpimodel.InputError, match="strict comparisons") as caught:
        evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))
    assert (caught.value.kpi_id, caught.value.field) == ("b", "strict")
    # strict: False states the default.
    targets["strict"] = False
    frame = evaluate_frame(observations, targets, as_of=dt.date(2026, 3, 31))
    assert list(frame["status"]) == ["achieved", "achieved"]


def test_projections_stop_at_the_unit_bounds_as_the_object_api_does() -> None:
    # A share rising 11.75 points a year stops at 100%, a count falling 1,500 a year at 0;
    # a ratio with a figure above 100% is not a share and is not bounded.
    observations = pd.DataFrame(
        {
            "series": ["share"] * 3 + ["count"] * 2 + ["ratio"] * 2,
            "period": ["2021年", "2022年", "2023年", "2023年", "2024年", "2021年", "2023年"],
            "value": [65.8, 81.2, 89.3, 3000.0, 1500.0, 120.0, 140.0],
        }
    )
    targets = pd.DataFrame(
        {
            "series": ["share", "count", "ratio"],
            "kind": ["ratio", "absolute", "ratio"],
            "value": [100.0, 0.0, 200.0],
            "unit": ["%", "人", "%"],
            "direction": ["higher", "lower", "higher"],
            "deadline": ["2030年", "2030年", "2030年"],
        }
    )
    as_of = dt.date(2025, 6, 30)
    frame = evaluate_frame(observations, targets, as_of=as_of)
    assert list(frame["projected_value"]) == [100.0, 0.0, 210.0]
    for series, indicator in to_indicators(observations, targets).items():
        result = kpimodel.evaluate(indicator, as_of)
        assert result.projected is not None
        assert float(result.projected.magnitude) == frame.loc[series, "projected_value"]


@pytest.mark.parametrize("kind", ["band", "convergence"])
def test_band_and_convergence_targets_are_refused_with_a_clear_error(kind: str) -> None:
    # Judged by level and by the gap to a reference, outside the kernel's pace rule: the
    # batch API refuses them rather than give another answer.
    observations, targets = _tables()
    targets.loc[2, "kind"] = kind
    with pytest.raises(ValueError, match=f"does not evaluate '{kind}' targets") as caught:
        evaluate_frame(observations, targets, as_of=AS_OF)
    assert "use kpimodel.evaluate for the others" in str(caught.value)
