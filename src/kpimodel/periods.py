"""Periods: calendar and fiscal years, quarters, months, days and spans of years.

Every period is a frozen model over a half-open range of dates ``[start, end)`` with a
documented :attr:`~PeriodBase.point`, the instant used when rates are computed: the
midpoint of the range, rounded down to a whole day (a single day is its own point). So
calendar 2024 sits at 2024-07-02, FY2024 (April to March) about three months later at
2024-09-30, and the span 2014-2019 at its middle, 2016-12-31.

:func:`parse_period` reads the period notations of Japanese and English KPI tables. It
never guesses: dateutil's fuzzy parser turns ``2026年3月現在`` into 2026-11-03, so Japanese
text is read with dedicated patterns, and anything else is an error quoting the text.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, Self, TypeVar, cast

from dateutil.relativedelta import relativedelta
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from kpimodel.errors import PeriodParseError
from kpimodel.units import normalize

__all__ = [
    "AnyPeriod",
    "CalendarYear",
    "DateRange",
    "Day",
    "FiscalYear",
    "Month",
    "Period",
    "PeriodBase",
    "Quarter",
    "Year",
    "YearSpan",
    "parse_period",
]

_MIN_YEAR = 1000
_MAX_YEAR = 9998  # 9999's successor year would overflow datetime.date


#: A year that every date computation can handle.
Year = Annotated[int, Field(ge=_MIN_YEAR, le=_MAX_YEAR)]


def _midpoint(start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=(end - start).days // 2)


class PeriodBase(BaseModel):
    """Common behaviour of every period kind.

    Periods compare equal when they have the same kind and fields; the original ``text``
    they were read from is kept for display but ignored by equality and hashing.

    Attributes:
        text: The period as written in the source (``2024年度``, ``2026年3月現在``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    text: str | None = Field(default=None, max_length=200)

    @property
    def start(self) -> dt.date:
        """The first day of the period."""
        raise NotImplementedError

    @property
    def end(self) -> dt.date:
        """The day after the last day of the period (the range is half-open)."""
        raise NotImplementedError

    @property
    def last_day(self) -> dt.date:
        """The last day of the period."""
        return self.end - dt.timedelta(days=1)

    @property
    def point(self) -> dt.date:
        """The instant that stands for the period in rates: the midpoint of ``[start, end)``."""
        return _midpoint(self.start, self.end)

    @property
    def label(self) -> str:
        """A canonical label that :func:`parse_period` reads back to an equal period."""
        raise NotImplementedError

    def contains(self, day: dt.date) -> bool:
        """Return whether ``day`` falls within the period.

        Args:
            day: A date.

        Returns:
            True when ``start <= day < end``.
        """
        return self.start <= day < self.end

    def shifted(self, years: int) -> Self:
        """Return the same period moved by a whole number of years.

        Args:
            years: How many years to move (negative for earlier).

        Returns:
            The moved period, without its original text.
        """
        raise NotImplementedError

    def _key(self) -> tuple[Any, ...]:
        return tuple(v for k, v in self.__dict__.items() if k != "text")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PeriodBase):
            return NotImplemented
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __str__(self) -> str:
        return self.text or self.label


_P = TypeVar("_P", bound="PeriodBase")


def _in_range(method: Callable[[_P, int], _P]) -> Callable[[_P, int], _P]:
    """Make a period's ``shifted`` raise :class:`PeriodParseError` beyond the year range."""

    @functools.wraps(method)
    def shifted(self: _P, years: int) -> _P:
        try:
            return method(self, years)
        except (ValueError, OverflowError) as exc:  # pydantic's ValidationError, datetime's
            if isinstance(exc, PeriodParseError):
                raise
            raise PeriodParseError(
                f"{self} shifted by {years} years falls outside the years {_MIN_YEAR}-{_MAX_YEAR}",
                value=str(self),
            ) from exc

    return shifted


def _check_year(year: int) -> int:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise PeriodParseError(f"year {year} is out of range", value=year)
    return year


class CalendarYear(PeriodBase):
    """A calendar year (``2025年``), January 1 to December 31.

    Attributes:
        year: The year.
    """

    kind: Literal["calendar_year"] = "calendar_year"
    year: Year

    @property
    def start(self) -> dt.date:  # noqa: D102
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:  # noqa: D102
        return dt.date(self.year + 1, 1, 1)

    @property
    def label(self) -> str:  # noqa: D102
        return f"{self.year}年"

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        return type(self)(year=self.year + years)

    @classmethod
    def of(cls, day: dt.date) -> Self:
        """Return the calendar year containing ``day``.

        Args:
            day: A date.

        Returns:
            Its calendar year.
        """
        return cls(year=day.year)


class FiscalYear(PeriodBase):
    """A fiscal year named by the calendar year in which it starts (Japanese usage).

    With the default April start, ``2024年度`` = FY2024 = 2024-04-01 to 2025-03-31.

    Attributes:
        year: The calendar year in which the fiscal year starts.
        start_month: The first month (1-12); April by default.
    """

    kind: Literal["fiscal_year"] = "fiscal_year"
    year: Year
    start_month: int = Field(default=4, ge=1, le=12)

    @property
    def start(self) -> dt.date:  # noqa: D102
        return dt.date(self.year, self.start_month, 1)

    @property
    def end(self) -> dt.date:  # noqa: D102
        # Plain date arithmetic: relativedelta costs 10 µs, and `end` is on the hot path.
        return dt.date(self.year + 1, self.start_month, 1)

    @property
    def label(self) -> str:  # noqa: D102
        suffix = "" if self.start_month == 4 else f"(start month {self.start_month})"
        return f"{self.year}年度{suffix}" if not suffix else f"FY{self.year}{suffix}"

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        return type(self)(year=self.year + years, start_month=self.start_month)

    @classmethod
    def of(cls, day: dt.date, start_month: int = 4) -> Self:
        """Return the fiscal year containing ``day``.

        Args:
            day: A date.
            start_month: The fiscal year's first month.

        Returns:
            The fiscal year that contains ``day``.
        """
        return cls(year=(day - relativedelta(months=start_month - 1)).year, start_month=start_month)


class Quarter(PeriodBase):
    """A calendar quarter (``2025Q1``, ``2025年第1四半期``).

    Attributes:
        year: The year.
        quarter: 1 to 4.
    """

    kind: Literal["quarter"] = "quarter"
    year: Year
    quarter: int = Field(ge=1, le=4)

    @property
    def start(self) -> dt.date:  # noqa: D102
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:  # noqa: D102
        month = 3 * self.quarter + 1  # the month after the quarter's last
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def label(self) -> str:  # noqa: D102
        return f"{self.year}Q{self.quarter}"

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        return type(self)(year=self.year + years, quarter=self.quarter)


class Month(PeriodBase):
    """A calendar month (``2026年3月``, ``2026-03``).

    Attributes:
        year: The year.
        month: 1 to 12.
    """

    kind: Literal["month"] = "month"
    year: Year
    month: int = Field(ge=1, le=12)

    @property
    def start(self) -> dt.date:  # noqa: D102
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:  # noqa: D102
        return dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)

    @property
    def label(self) -> str:  # noqa: D102
        return f"{self.year}-{self.month:02d}"

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        return type(self)(year=self.year + years, month=self.month)


class Day(PeriodBase):
    """A single day, for figures given "as of" a date (``2026年3月26日現在``).

    Attributes:
        date: The day.
    """

    kind: Literal["day"] = "day"
    date: dt.date

    @field_validator("date")
    @classmethod
    def _range(cls, value: dt.date) -> dt.date:
        _check_year(value.year)
        return value

    @property
    def start(self) -> dt.date:  # noqa: D102
        return self.date

    @property
    def end(self) -> dt.date:  # noqa: D102
        return self.date + dt.timedelta(days=1)

    @property
    def point(self) -> dt.date:  # noqa: D102
        return self.date

    @property
    def label(self) -> str:  # noqa: D102
        return self.date.isoformat()

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        return type(self)(date=self.date + relativedelta(years=years))


class YearSpan(PeriodBase):
    """A span of whole calendar or fiscal years (``2014-2019年``, ``2020〜2024年度``).

    Attributes:
        first: The first year of the span.
        last: The last year of the span (inclusive).
        fiscal: Whether the years are fiscal years.
        start_month: The fiscal years' first month (ignored for calendar years).
    """

    kind: Literal["span"] = "span"
    first: Year
    last: Year
    fiscal: bool = False
    start_month: int = Field(default=4, ge=1, le=12)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.last < self.first:
            raise PeriodParseError(
                f"span ends ({self.last}) before it starts ({self.first})",
                value=f"{self.first}-{self.last}",
            )
        return self

    @property
    def start(self) -> dt.date:  # noqa: D102
        return dt.date(self.first, self.start_month if self.fiscal else 1, 1)

    @property
    def end(self) -> dt.date:  # noqa: D102
        start = self.start
        return dt.date(start.year + self.last - self.first + 1, start.month, 1)

    @property
    def years(self) -> int:
        """How many years the span covers."""
        return self.last - self.first + 1

    @property
    def label(self) -> str:  # noqa: D102
        if self.fiscal and self.start_month != 4:
            return f"FY{self.first}-{self.last}(start month {self.start_month})"
        return f"{self.first}-{self.last}{'年度' if self.fiscal else '年'}"

    def _key(self) -> tuple[Any, ...]:
        # start_month means nothing for calendar years: 2014-2019年 is one span whatever it says.
        return super()._key() if self.fiscal else (self.kind, self.first, self.last, False)

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        # Validated, and without the original text (which names the old years).
        return type(self)(
            first=self.first + years,
            last=self.last + years,
            fiscal=self.fiscal,
            start_month=self.start_month,
        )


class DateRange(PeriodBase):
    """Any range of days, both ends included (``2025年12月〜2026年3月``).

    Attributes:
        first: The first day.
        last: The last day (inclusive).
    """

    kind: Literal["range"] = "range"
    first: dt.date
    last: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        _check_year(self.first.year)
        _check_year(self.last.year)
        if self.last < self.first:
            raise PeriodParseError(
                f"range ends ({self.last}) before it starts ({self.first})",
                value=f"{self.first}/{self.last}",
            )
        return self

    @property
    def start(self) -> dt.date:  # noqa: D102
        return self.first

    @property
    def end(self) -> dt.date:  # noqa: D102
        return self.last + dt.timedelta(days=1)

    @property
    def label(self) -> str:  # noqa: D102
        return f"{self.first.isoformat()}/{self.last.isoformat()}"

    @_in_range
    def shifted(self, years: int) -> Self:  # noqa: D102
        return type(self)(
            first=self.first + relativedelta(years=years),
            last=self.last + relativedelta(years=years),
        )


#: The concrete period classes.
AnyPeriod = CalendarYear | FiscalYear | Quarter | Month | Day | YearSpan | DateRange


def _coerce_period(value: Any) -> Any:
    if isinstance(value, str):
        return parse_period(value)
    return value


#: Any period, as a pydantic field type. JSON and YAML name the kind
#: (``{"kind": "fiscal_year", "year": 2024}``) or give the text (``"2024年度"``), which is
#: read with :func:`parse_period`.
Period = Annotated[
    AnyPeriod,
    Field(discriminator="kind"),
    BeforeValidator(_coerce_period, json_schema_input_type=str | AnyPeriod),
]

_ERAS: dict[str, tuple[int, int]] = {
    # era: (year before year 1, last year number of the era)
    "令和": (2018, 99),
    "平成": (1988, 31),
    "昭和": (1925, 64),
    "大正": (1911, 15),
}
_ERA_ALIASES = {"R": "令和", "H": "平成", "S": "昭和"}
_AS_OF = r"(?:現在|時点|時点で|末時点|現在で|時点)?"
_YEAR = r"(?P<year>\d{4})"
_ERA_YEAR = r"(?P<era>令和|平成|昭和|大正)(?P<eyear>\d{1,2}|元)"
# The suffix of the labels of fiscal years that do not start in April: FY2024(start month 1).
_START_MONTH = r"(?:\s*\(\s*start month\s*(?P<start_month>\d{1,2})\s*\))?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        (
            "month_range",
            r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?:以降\s*[、,]?\s*(?:から)?|[-~〜～–—]|から)\s*"
            r"(?:(?P<y2>\d{4})\s*年)?\s*(?P<m2>\d{1,2})\s*月(?:まで)?" + _AS_OF,
        ),
        ("iso_range", r"(?P<d1>\d{4}-\d{2}-\d{2})\s*/\s*(?P<d2>\d{4}-\d{2}-\d{2})"),
        ("fy_span", r"(?P<first>\d{4})\s*[-~〜～–—]\s*(?P<last>\d{4})\s*年度"),
        (
            "fy_span_en",
            r"FY\s*(?P<first>\d{4})\s*[-~〜～–—]\s*(?:FY)?\s*(?P<last>\d{4})" + _START_MONTH,
        ),
        ("cy_span", r"(?P<first>\d{4})\s*[-~〜～–—]\s*(?P<last>\d{4})\s*年?"),
        ("fy", _YEAR + r"\s*年度" + _AS_OF),
        ("fy_en", r"FY\s*" + _YEAR + _START_MONTH),
        ("era_fy", _ERA_YEAR + r"\s*年度"),
        (
            "era_day",
            _ERA_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _AS_OF,
        ),
        ("era_month_end", _ERA_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月末" + _AS_OF),
        ("era_month", _ERA_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月" + _AS_OF),
        ("era_cy", _ERA_YEAR + r"\s*年"),
        ("day_ja", _YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _AS_OF),
        ("month_end_ja", _YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月末" + _AS_OF),
        ("month_ja", _YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月" + _AS_OF),
        ("quarter_ja", _YEAR + r"\s*年\s*第\s*(?P<quarter>\d)\s*四半期"),
        ("quarter", _YEAR + r"\s*-?\s*Q(?P<quarter>\d)"),
        ("cy", _YEAR + r"\s*年?" + _AS_OF),
        ("iso_day", r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
        ("iso_month", r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
    )
)
_AS_OF_PREFIX = re.compile(r"^(?:as of|At|at)\s+")
_AS_OF_SUFFIX = re.compile(r"\s*(?:現在|時点|時点で|現在で|末時点|as of)\s*$")


def _era_year(era: str, number: str) -> int:
    base, last = _ERAS[era]
    n = 1 if number == "元" else int(number)
    if not 1 <= n <= last:
        raise PeriodParseError(f"{era}{number}年 is not a year of the {era} era", value=number)
    return base + n


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(_check_year(year), month, day)
    except ValueError as exc:
        if isinstance(exc, PeriodParseError):
            raise
        raise PeriodParseError(f"impossible date in period {text!r}: {exc}", value=text) from exc


_F = TypeVar("_F", bound=Callable[..., Any])


def _cached(function: _F) -> _F:
    """Cache a period parser: periods are immutable, and tables repeat the same labels."""
    cache = functools.lru_cache(maxsize=4096, typed=True)(function)

    @functools.wraps(function)
    def parse(text: Any, *, fiscal_start_month: Any = 4) -> Any:
        if isinstance(text, str) and type(fiscal_start_month) is int:
            return cache(text, fiscal_start_month=fiscal_start_month)
        return function(text, fiscal_start_month=fiscal_start_month)  # errors, uncached

    return cast(_F, parse)


@_cached
def parse_period(text: str, *, fiscal_start_month: int = 4) -> AnyPeriod:
    """Read a period as KPI tables print it.

    Understands ``2025年``, ``2025``, ``2024年度``, ``FY2024``, era years (``令和6年度``,
    ``平成31年``, ``令和元年``), ``2026年3月現在``, ``2025年6月末時点`` (the month's last
    day), ``2026年3月26日``, ``2014-2019年``, ``2020〜2024年度``, ``2025Q1``,
    ``2025年第1四半期``, ``2025-06-30``, ``2026-03``, month ranges (``2025年12月〜2026年3月``)
    and ISO date ranges (``2025-12-01/2026-03-31``). Full-width digits are accepted.
    The original text is kept on the result.

    Args:
        text: The period as printed.
        fiscal_start_month: The first month of fiscal years (April in Japan).

    Returns:
        The period.

    Raises:
        PeriodParseError: When the text is not a period kpimodel can read, or names an
            impossible date (``2025-02-30``, ``令和0年``, ``2025年13月``). The message quotes
            the text.
    """
    if not isinstance(text, str):
        raise PeriodParseError("a period must be given as text", value=text)
    if len(text) > 200:
        raise PeriodParseError("period text is too long (over 200 characters)", value=text)
    body = normalize(text)
    body = _AS_OF_PREFIX.sub("", body)
    for name, pattern in _PATTERNS:
        match = pattern.fullmatch(body)
        if match is None:
            continue
        g = match.groupdict()
        try:
            year = (
                _era_year(g["era"], g["eyear"])
                if g.get("era")
                else (int(g["year"]) if g.get("year") else 0)
            )
            return _build(name, g, year, text, fiscal_start_month)
        except PeriodParseError as exc:
            if repr(text) in exc.message:
                raise
            # 令和0年度, 0999年: say which text the problem is in.
            raise PeriodParseError(
                f"cannot read period {text!r}: {exc.message}", value=text
            ) from exc
        except ValidationError as exc:
            reason = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            raise PeriodParseError(f"cannot read period {text!r}: {reason}", value=text) from exc
    raise PeriodParseError(f"cannot read period {text!r}", value=text)


def _build(
    name: str, g: dict[str, str], year: int, text: str, fiscal_start_month: int
) -> AnyPeriod:
    if g.get("start_month"):
        fiscal_start_month = int(g["start_month"])
    if name in ("fy_span", "fy_span_en"):
        return YearSpan(
            first=int(g["first"]),
            last=int(g["last"]),
            fiscal=True,
            start_month=fiscal_start_month,
            text=text,
        )
    if name == "month_range":
        first = _date(int(g["y1"]), int(g["m1"]), 1, text)
        # "2025年12月〜3月" runs into the next year when the second month comes earlier.
        y2 = int(g["y2"]) if g["y2"] else int(g["y1"]) + (int(g["m2"]) < int(g["m1"]))
        last_month = _date(y2, int(g["m2"]), 1, text)
        return DateRange(first=first, last=last_month + relativedelta(day=31), text=text)
    if name == "iso_range":
        y1, m1, d1 = (int(x) for x in g["d1"].split("-"))
        y2, m2, d2 = (int(x) for x in g["d2"].split("-"))
        return DateRange(first=_date(y1, m1, d1, text), last=_date(y2, m2, d2, text), text=text)
    if name == "cy_span":
        return YearSpan(first=int(g["first"]), last=int(g["last"]), text=text)
    if name in ("fy", "fy_en", "era_fy"):
        return FiscalYear(year=_check_year(year), start_month=fiscal_start_month, text=text)
    if name in ("day_ja", "iso_day", "era_day"):
        return Day(date=_date(year, int(g["month"]), int(g["day"]), text), text=text)
    if name in ("month_end_ja", "era_month_end"):
        first = _date(year, int(g["month"]), 1, text)
        return Day(date=first + relativedelta(day=31), text=text)
    if name in ("month_ja", "iso_month", "era_month"):
        _date(year, int(g["month"]), 1, text)
        return Month(year=year, month=int(g["month"]), text=text)
    if name in ("quarter_ja", "quarter"):
        quarter = int(g["quarter"])
        if not 1 <= quarter <= 4:
            raise PeriodParseError(f"impossible quarter in period {text!r}", value=text)
        return Quarter(year=_check_year(year), quarter=quarter, text=text)
    return CalendarYear(year=_check_year(year), text=text)
