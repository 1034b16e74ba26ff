"""The error hierarchy: classes, located messages, copies and pickling."""

from __future__ import annotations

import pickle

import pytest

import kpimodel
from kpimodel import errors
from kpimodel.errors import (
    DimensionMismatchError,
    DocumentSyntaxError,
    DuplicateKPIError,
    DuplicateObservationError,
    EvaluationError,
    FileReadError,
    InconsistentTargetError,
    InputError,
    KPIModelError,
    LimitExceededError,
    PeriodParseError,
    QuantityParseError,
    SchemaError,
    UnknownTargetKindError,
    UnknownUnitError,
)

_INPUT_ERRORS = [
    FileReadError,
    DocumentSyntaxError,
    SchemaError,
    QuantityParseError,
    PeriodParseError,
    UnknownUnitError,
    DimensionMismatchError,
    DuplicateObservationError,
    InconsistentTargetError,
    UnknownTargetKindError,
    DuplicateKPIError,
    LimitExceededError,
]


@pytest.mark.parametrize("cls", _INPUT_ERRORS)
def test_input_errors_are_value_errors(cls: type[KPIModelError]) -> None:
    assert issubclass(cls, InputError)
    assert issubclass(cls, KPIModelError)
    assert issubclass(cls, ValueError)  # so that pydantic reports them with their field


def test_evaluation_errors_are_not_input_errors() -> None:
    assert issubclass(EvaluationError, KPIModelError)
    assert not issubclass(EvaluationError, InputError)


def test_an_unknown_unit_is_a_figure_that_cannot_be_read() -> None:
    assert issubclass(UnknownUnitError, QuantityParseError)


def test_every_error_is_exported() -> None:
    for name in errors.__all__:
        assert getattr(kpimodel, name) is getattr(errors, name)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, "cannot read quantity"),
        ({"kpi_id": "k1"}, "KPI 'k1': cannot read quantity"),
        ({"field": "value"}, "field 'value': cannot read quantity"),
        (
            {"kpi_id": "k1", "field": "indicators.0.observations.0.value"},
            "KPI 'k1', field 'indicators.0.observations.0.value': cannot read quantity",
        ),
        ({"value": "1,5億円"}, "cannot read quantity (value: '1,5億円')"),
        ({"value": None}, "cannot read quantity (value: None)"),
    ],
)
def test_messages_say_where(kwargs: dict[str, str | None], expected: str) -> None:
    error = QuantityParseError("cannot read quantity", **kwargs)  # type: ignore[arg-type]
    assert str(error) == expected
    assert error.message == "cannot read quantity"


def test_a_value_already_quoted_is_not_repeated() -> None:
    error = QuantityParseError("cannot read quantity '1,5億円'", value="1,5億円")
    assert str(error) == "cannot read quantity '1,5億円'"


def test_long_values_are_shortened() -> None:
    error = SchemaError("bad", value="x" * 1000)
    assert len(str(error)) < 120
    assert str(error).endswith("...)")


def test_located_fills_only_what_is_missing() -> None:
    error = QuantityParseError("cannot read quantity", field="value", value="abc")
    located = error.located(kpi_id="k1", field="indicators.0.observations.0")
    assert type(located) is QuantityParseError
    assert located.kpi_id == "k1"
    assert located.field == "value"  # already named: kept
    assert located.value == "abc"
    assert str(located).startswith("KPI 'k1', field 'value'")
    assert error.kpi_id is None  # the original is unchanged
    assert QuantityParseError("x").located(field="f").field == "f"


def test_located_keeps_extra_attributes() -> None:
    error = DocumentSyntaxError("duplicate key", field="line 2, column 1")
    error.line, error.column = 2, 1
    located = error.located(kpi_id="k1")
    assert (located.line, located.column) == (2, 1)  # type: ignore[attr-defined]


@pytest.mark.parametrize("cls", [*_INPUT_ERRORS, EvaluationError, KPIModelError])
def test_errors_pickle(cls: type[KPIModelError]) -> None:
    error = cls("problem", kpi_id="k1", field="indicators.0.target", value={"kind": "nope"})
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is cls
    assert str(back) == str(error)
    assert (back.message, back.kpi_id, back.field, back.value) == (
        "problem",
        "k1",
        "indicators.0.target",
        {"kind": "nope"},
    )


def test_pickling_keeps_line_column_and_problems() -> None:
    error = DocumentSyntaxError("bad", field="line 3, column 7")
    error.line, error.column = 3, 7
    error.problems = (SchemaError("first"), SchemaError("second"))  # type: ignore[attr-defined]
    back = pickle.loads(pickle.dumps(error))
    assert (back.line, back.column) == (3, 7)
    assert [p.message for p in back.problems] == ["first", "second"]  # type: ignore[attr-defined]


def test_pickling_an_error_without_value() -> None:
    error = SchemaError("the document is empty")
    back = pickle.loads(pickle.dumps(error))
    assert str(back) == "the document is empty"
    assert not back._has_value


def test_errors_raised_by_the_library_carry_their_value() -> None:
    with pytest.raises(QuantityParseError) as info:
        kpimodel.parse_quantity("1,5億円")
    assert info.value.value == "1,5億円"
    with pytest.raises(PeriodParseError) as period_info:
        kpimodel.parse_period("2025-02-30")
    assert period_info.value.value == "2025-02-30"
