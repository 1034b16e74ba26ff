"""The performance edits outside kpimodel.batch give exactly what the code they replace gave.

- units: the facts of the units definitions.txt defines are read without pint; every entry
  of that table must equal what pint computes;
- periods: ``end`` by plain date arithmetic must equal the ``relativedelta`` sums it
  replaces, and ``parse_period`` (now cached) must still refuse what it refused;
- io: the document-limit walk must report the same first offender as the walk it
  replaces (kept here as the reference).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from kpimodel.errors import KPIModelError, LimitExceededError, PeriodParseError, SchemaError
from kpimodel.io import MAX_DEPTH, MAX_NUMBER_DIGITS, MAX_STRING_CHARS, _check_tree, _locate
from kpimodel.model import MAX_OBSERVATIONS
from kpimodel.periods import FiscalYear, Month, Quarter, YearSpan, parse_period
from kpimodel.units._registry import _simple_units, get_registry, unit_info

# -- units ----------------------------------------------------------------------------------


def test_every_unit_read_without_pint_is_what_pint_reads() -> None:
    reg = get_registry()
    table = _simple_units()
    assert {"", "円", "億円", "兆円", "万人", "%", "‰", "ポイント", "位", "USD"} <= set(table)
    for name, info in table.items():
        unit = reg.Unit(name) if name else reg.dimensionless
        base = reg.Quantity(Decimal(1), unit).to_base_units()
        dimension = str(unit.dimensionality)
        dimension = "" if dimension == "dimensionless" else dimension
        assert info.dimension == dimension, name
        assert str(info.factor) == str(Decimal(base.magnitude)), name
        assert info.base_symbol == f"{base.units:~}", name
        assert info.pint_unit == unit, name


def test_unit_info_keeps_the_symbol_as_written() -> None:
    assert unit_info(" 億円 ").symbol == " 億円 "
    assert unit_info(" 億円 ").factor == unit_info("億円").factor
    assert unit_info("円/人").kind == "other"  # not in the table: read by pint


# -- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1000, 2023, 2024, 9998])
def test_period_ends_equal_the_relativedelta_sums(year: int) -> None:
    for month in range(1, 13):
        fiscal = FiscalYear(year=year, start_month=month)
        assert fiscal.end == fiscal.start + relativedelta(years=1)
        calendar_month = Month(year=year, month=month)
        assert calendar_month.end == calendar_month.start + relativedelta(months=1)
        if year + 5 <= 9998:
            span = YearSpan(first=year, last=year + 5, fiscal=True, start_month=month)
            assert span.end == span.start + relativedelta(years=6)
    for quarter in range(1, 5):
        q = Quarter(year=year, quarter=quarter)
        assert q.end == q.start + relativedelta(months=3)
    span = YearSpan(first=year, last=year)
    assert span.end == span.start + relativedelta(years=1)


def test_parse_period_is_cached_and_still_refuses() -> None:
    assert parse_period("2024年度") is parse_period("2024年度")
    assert parse_period("2024年度", fiscal_start_month=1).start == dt.date(2024, 1, 1)
    for bad in (5, ["2024"], None):
        with pytest.raises(PeriodParseError):
            parse_period(bad)  # type: ignore[arg-type]
    with pytest.raises(PeriodParseError):
        parse_period("someday")


# -- io: the document limits ------------------------------------------------------------------


def _reference_check_tree(data: Any) -> None:
    """The walk before the edit: an explicit stack of (node, path tuple)."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        problem: KPIModelError | None = None
        if isinstance(node, dict | list):
            if len(path) >= MAX_DEPTH:
                problem = LimitExceededError(
                    f"the document nests deeper than {MAX_DEPTH} levels", value=len(path) + 1
                )
            elif path and path[-1] == "observations" and len(node) > MAX_OBSERVATIONS:
                problem = LimitExceededError(
                    f"a series holds more than {MAX_OBSERVATIONS} observations", value=len(node)
                )
            else:
                items = node.items() if isinstance(node, dict) else enumerate(node)
                children = []
                for key, child in items:
                    if isinstance(key, str) and len(key) > MAX_STRING_CHARS:
                        problem = LimitExceededError(
                            f"a key is longer than {MAX_STRING_CHARS} characters", value=key
                        )
                        break
                    children.append((child, (*path, key)))
                stack.extend(reversed(children))
        elif isinstance(node, str):
            if len(node) > MAX_STRING_CHARS:
                problem = LimitExceededError(
                    f"text is longer than {MAX_STRING_CHARS} characters ({len(node)})", value=node
                )
        elif isinstance(node, float | Decimal):
            if not math.isfinite(node) if isinstance(node, float) else not node.is_finite():
                problem = SchemaError(
                    "numbers must be finite (NaN and infinity are refused)", value=str(node)
                )
            elif node and abs(Decimal(node).adjusted()) > MAX_NUMBER_DIGITS:
                problem = LimitExceededError(
                    f"number is out of range (beyond 1e±{MAX_NUMBER_DIGITS})", value=str(node)[:40]
                )
        elif isinstance(node, int) and node.bit_length() > MAX_NUMBER_DIGITS * 10 // 3:
            problem = LimitExceededError(
                f"number is out of range (beyond 1e±{MAX_NUMBER_DIGITS})", value="int"
            )
        if problem is not None:
            kpi_id, field = _locate(data, path, document=True)
            raise problem.located(kpi_id=kpi_id, field=field or None)


LONG = "x" * (MAX_STRING_CHARS + 1)
SCALARS = st.one_of(
    st.sampled_from(["ok", LONG, 1.5, math.nan, math.inf, Decimal("1e2000"), 10**2000, 3, True]),
    st.none(),
)
KEYS = st.sampled_from(["id", "kpis", "observations", "value", LONG, "themes"])


def _documents() -> st.SearchStrategy[Any]:
    return st.recursive(
        SCALARS,
        lambda children: st.one_of(
            st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
        ),
        max_leaves=25,
    )


def _outcome(check: Any, data: Any) -> tuple[str, str, str | None, str | None] | None:
    try:
        check(data)
    except KPIModelError as exc:
        return type(exc).__name__, exc.message, exc.kpi_id, exc.field
    return None


@settings(deadline=None)
@given(document=st.dictionaries(KEYS, _documents(), max_size=4))
def test_document_limits_report_the_same_first_offender(document: dict[str, Any]) -> None:
    assert _outcome(_check_tree, document) == _outcome(_reference_check_tree, document)


def test_document_limits_on_a_deep_document() -> None:
    deep: Any = "leaf"
    for _ in range(MAX_DEPTH + 3):
        deep = {"a": [deep]}
    assert _outcome(_check_tree, deep) == _outcome(_reference_check_tree, deep)
    assert _outcome(_check_tree, deep) is not None
