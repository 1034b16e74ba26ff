"""The period as a pydantic field type: a mapping naming its kind, or text to parse."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from kpimodel.errors import PeriodParseError
from kpimodel.periods._kinds import AnyPeriod, CalendarYear, Day
from kpimodel.periods._parse import parse_period

# The first month of fiscal years while a document is read: a document sets it
# (``fiscal_year_start: 7``) for every period text in it, 2023-24 and 2025年度上期 alike.
_FISCAL_START: ContextVar[int] = ContextVar("kpimodel_fiscal_year_start", default=4)


@contextlib.contextmanager
def fiscal_year_start(month: int) -> Iterator[None]:
    """Read period texts with fiscal years starting in ``month`` within the block.

    Args:
        month: The first month of fiscal years (1 to 12; 4 is April, as in Japan and the UK).

    Yields:
        Nothing; the previous start month is restored on exit.

    Raises:
        PeriodParseError: When ``month`` is not a whole number from 1 to 12.
    """
    if type(month) is not int or not 1 <= month <= 12:
        raise PeriodParseError(
            "a fiscal year's start month must be a whole number from 1 to 12",
            field="fiscal_year_start",
            value=month,
        )
    token = _FISCAL_START.set(month)
    try:
        yield
    finally:
        _FISCAL_START.reset(token)


def current_fiscal_year_start() -> int:
    """Return the fiscal-year start month period texts are read with here (4 by default)."""
    return _FISCAL_START.get()


def _coerce_period(value: Any) -> Any:
    if isinstance(value, str):
        return parse_period(value, fiscal_start_month=_FISCAL_START.get())
    if isinstance(value, bool):
        raise PeriodParseError(
            "a period must be a year, a date or text, not true/false", value=value
        )
    if isinstance(value, int):
        # deadline: 2030, a bare YAML number, is the calendar year, as the text "2030" is.
        return CalendarYear(year=value, text=str(value))
    if isinstance(value, dt.datetime):
        raise PeriodParseError(
            f"a period is a day, not a time of day: write {value.date().isoformat()}",
            value=str(value),
        )
    if isinstance(value, dt.date):
        # period: 2024-06-30, a bare YAML date, is that day.
        return Day(date=value)
    return value


#: Any period, as a pydantic field type. JSON and YAML name the kind
#: (``{"kind": "fiscal_year", "year": 2024}``) or give the text (``"2024年度"``, ``2030``,
#: ``2024-06-30``), which is read with :func:`parse_period`.
Period = Annotated[
    AnyPeriod,
    Field(discriminator="kind"),
    BeforeValidator(_coerce_period, json_schema_input_type=str | int | dt.date | AnyPeriod),
]
