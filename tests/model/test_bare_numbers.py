"""A bare number where a change or a share needs a unit is refused (issue 11).

``by: '+1.5'`` was read as the ratio 1.5 (+150%) and a ratio target ``value: '50'`` as the
fraction 50 (5000%), so that 52% never met it. Both are now errors that say which unit
is meant.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kpimodel import DimensionMismatchError, Observation
from kpimodel.model import Change, RatioTarget, ReferenceRatioTarget
from kpimodel.units._values import kpimodel_error


def _error(exc: ValidationError) -> DimensionMismatchError:
    inner = kpimodel_error(exc)
    assert isinstance(inner, DimensionMismatchError), exc
    return inner


@pytest.mark.parametrize("by", ["+1.5", "1.5", "▲3", "-0.2", "3,003"])
def test_a_change_written_as_a_bare_number_is_refused(by: str) -> None:
    with pytest.raises(ValidationError) as info:
        Observation(period="2024年度", value="5件", changes=[{"by": by}])
    error = _error(info.value)
    assert error.field == "by"
    message = str(error)
    assert "needs its unit" in message
    assert "%" in message
    assert "ポイント" in message
    assert "series' unit" in message


@given(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False))
def test_no_bare_number_is_ever_a_change(number: Decimal) -> None:
    with pytest.raises(ValidationError):
        Change(by=f"{number:+}")


@pytest.mark.parametrize("by", ["+1.5%", "+1.5ポイント", "+1件", "▲6%"])
def test_a_change_with_its_unit_is_read(by: str) -> None:
    value = "52%" if "ポイント" in by else "5件"
    if by.endswith("%") and value.endswith("%"):
        return
    Observation(period="2024年度", value=value, changes=[{"by": by}])


@pytest.mark.parametrize("value", ["50", "0.5", "100", "1"])
def test_a_ratio_target_without_percent_is_refused(value: str) -> None:
    for target in (RatioTarget, ReferenceRatioTarget):
        fields = {"value": value} if target is RatioTarget else {"value": value, "reference": "x"}
        with pytest.raises(ValidationError) as info:
            target(**fields)
        error = _error(info.value)
        assert error.field == "value"
        assert f"'{value}%'" in str(error)
        assert "unit: ''" in str(error)


@given(st.integers(0, 1000))
def test_a_ratio_target_in_percent_is_read(n: int) -> None:
    assert RatioTarget(value=f"{n}%").value.magnitude == n


def test_a_plain_ratio_is_read_where_the_document_says_so() -> None:
    target = RatioTarget(value={"magnitude": "0.5", "unit": ""})
    assert target.value.magnitude_in("%") == 50
