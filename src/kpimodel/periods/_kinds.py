"""The period kinds: calendar and fiscal years, quarters, months, days, spans and ranges.

Every period is a frozen model over a half-open range of dates ``[start, end)`` with a
documented :attr:`~PeriodBase.point`, the instant used when rates are computed: the
midpoint of the range, rounded down to a whole day (a single day is its own point).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, Self, TypeVar

from dateutil.relativedelta import relativedelta
from pydantic import ConfigDict, Field, field_validator, model_validator

from kpimodel._validation import Model
from kpimodel.errors import PeriodParseError

_MIN_YEAR = 1000
_MAX_YEAR = 9998  # 9999's successor year would overflow datetime.date


#: A year that every date computation can handle.
Year = Annotated[int, Field(ge=_MIN_YEAR, le=_MAX_YEAR)]


#: The languages a period can be labelled in.
LabelLang = Literal["en", "ja"]

# Kana and CJK ideographs: a period text with any of them is written in Japanese.
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
)  # fmt: skip


def _month_en(year: int, month: int) -> str:
    return f"{_MONTH_ABBREVIATIONS[month - 1]} {year}"


def _day_en(day: dt.date) -> str:
    return f"{day.day} {_month_en(day.year, day.month)}"


def _day_ja(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fiscal_en(year: int, start_month: int) -> str:
    return f"FY{year}" if start_month == 4 else f"FY{year}(start month {start_month})"


def _fiscal_ja(start_month: int) -> str:
    return "年度" if start_month == 4 else f"年度（{start_month}月始まり）"


def _midpoint(start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=(end - start).days // 2)


class PeriodBase(Model):
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

    def label_in(self, lang: LabelLang) -> str:
        """Return the period's label in a language, whatever it was written as.

        English: ``2025``, ``FY2024``, ``Q1 2025``, ``Mar 2026``, ``31 Mar 2026``,
        ``2014-2019``, ``FY2020-2024``. Japanese: ``2025年``, ``2024年度``,
        ``2025年第1四半期``, ``2026年3月``, ``2026年3月31日``, ``2014-2019年``,
        ``2020-2024年度``.

        Args:
            lang: ``en`` or ``ja``.

        Returns:
            The label.

        Raises:
            ValueError: For any other language.
        """
        if lang == "en":
            return self._label_en()
        if lang == "ja":
            return self._label_ja()
        raise ValueError(f"unknown language {lang!r} for period {self}; use 'en' or 'ja'")

    def text_in(self, lang: LabelLang) -> str:
        """Return the period as a report in ``lang`` prints it.

        The text the source wrote is kept when it is written in that language (``end-2024``
        in English, ``2025年6月末時点`` in Japanese); otherwise the period's
        :meth:`label_in` the language (``2024年度`` reads ``FY2024`` in English, and
        ``2023`` reads ``2023年`` in Japanese).

        Args:
            lang: ``en`` or ``ja``.

        Returns:
            The text.

        Raises:
            ValueError: For any other language.
        """
        text = self.text
        japanese = text is not None and _JAPANESE.search(text) is not None
        if text is not None and lang in ("en", "ja") and japanese == (lang == "ja"):
            return text
        return self.label_in(lang)

    def _label_en(self) -> str:
        return self.label

    def _label_ja(self) -> str:
        return self.label

    def __format__(self, spec: str) -> str:
        """Format the period: ``f"{period:en}"`` and ``f"{period:ja}"`` are :meth:`text_in`."""
        if spec in ("en", "ja"):
            return self.text_in("en" if spec == "en" else "ja")
        return format(str(self), spec)

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


def _day(day: Any) -> dt.date:
    """Check that ``day`` is a date (a ``datetime`` is refused: it is not one day)."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise PeriodParseError(
            f"expected a date such as datetime.date(2026, 3, 31), not {type(day).__name__}",
            value=day,
        )
    return day


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
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year + 1, 1, 1)

    @property
    def label(self) -> str:
        return f"{self.year}年"

    def _label_en(self) -> str:
        return str(self.year)

    def _label_ja(self) -> str:
        return f"{self.year}年"

    @_in_range
    def shifted(self, years: int) -> Self:
        return type(self)(year=self.year + years)

    @classmethod
    def of(cls, day: dt.date) -> Self:
        """Return the calendar year containing ``day``.

        Args:
            day: A date.

        Returns:
            Its calendar year.

        Raises:
            PeriodParseError: When ``day`` is not a date.
        """
        return cls(year=_day(day).year)


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
    def start(self) -> dt.date:
        return dt.date(self.year, self.start_month, 1)

    @property
    def end(self) -> dt.date:
        # Plain date arithmetic: relativedelta costs 10 µs, and `end` is on the hot path.
        return dt.date(self.year + 1, self.start_month, 1)

    @property
    def label(self) -> str:
        suffix = "" if self.start_month == 4 else f"(start month {self.start_month})"
        return f"{self.year}年度{suffix}" if not suffix else f"FY{self.year}{suffix}"

    def _label_en(self) -> str:
        return _fiscal_en(self.year, self.start_month)

    def _label_ja(self) -> str:
        return f"{self.year}{_fiscal_ja(self.start_month)}"

    @_in_range
    def shifted(self, years: int) -> Self:
        return type(self)(year=self.year + years, start_month=self.start_month)

    @classmethod
    def of(cls, day: dt.date, start_month: int = 4) -> Self:
        """Return the fiscal year containing ``day``.

        Args:
            day: A date.
            start_month: The fiscal year's first month.

        Returns:
            The fiscal year that contains ``day``.

        Raises:
            PeriodParseError: When ``day`` is not a date or ``start_month`` not 1 to 12.
        """
        if type(start_month) is not int or not 1 <= start_month <= 12:
            raise PeriodParseError(
                "a fiscal year's start month must be a whole number from 1 to 12",
                field="start_month",
                value=start_month,
            )
        try:
            shifted = _day(day) - relativedelta(months=start_month - 1)
        except (ValueError, OverflowError) as exc:  # before year 1
            if isinstance(exc, PeriodParseError):
                raise
            raise PeriodParseError(
                f"{day} is outside the years {_MIN_YEAR}-{_MAX_YEAR}", value=day
            ) from exc
        return cls(year=shifted.year, start_month=start_month)


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
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        month = 3 * self.quarter + 1  # the month after the quarter's last
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def _label_en(self) -> str:
        return f"Q{self.quarter} {self.year}"

    def _label_ja(self) -> str:
        return f"{self.year}年第{self.quarter}四半期"

    @_in_range
    def shifted(self, years: int) -> Self:
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
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)

    @property
    def label(self) -> str:
        if self.month == (self.year + 1) % 100:
            # 2011-12 could be the fiscal year 2011-12 too: parse_period refuses it.
            return f"{self.year}年{self.month}月"
        return f"{self.year}-{self.month:02d}"

    def _label_en(self) -> str:
        return _month_en(self.year, self.month)

    def _label_ja(self) -> str:
        return f"{self.year}年{self.month}月"

    @_in_range
    def shifted(self, years: int) -> Self:
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
    def start(self) -> dt.date:
        return self.date

    @property
    def end(self) -> dt.date:
        return self.date + dt.timedelta(days=1)

    @property
    def point(self) -> dt.date:
        return self.date

    @property
    def label(self) -> str:
        return self.date.isoformat()

    def _label_en(self) -> str:
        return _day_en(self.date)

    def _label_ja(self) -> str:
        return _day_ja(self.date)

    @_in_range
    def shifted(self, years: int) -> Self:
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
    def start(self) -> dt.date:
        return dt.date(self.first, self.start_month if self.fiscal else 1, 1)

    @property
    def end(self) -> dt.date:
        start = self.start
        return dt.date(start.year + self.last - self.first + 1, start.month, 1)

    @property
    def years(self) -> int:
        """How many years the span covers."""
        return self.last - self.first + 1

    @property
    def label(self) -> str:
        if self.fiscal and self.start_month != 4:
            return f"FY{self.first}-{self.last}(start month {self.start_month})"
        return f"{self.first}-{self.last}{'年度' if self.fiscal else '年'}"

    def _key(self) -> tuple[Any, ...]:
        # start_month means nothing for calendar years: 2014-2019年 is one span whatever it says.
        return super()._key() if self.fiscal else (self.kind, self.first, self.last, False)

    def _label_en(self) -> str:
        if not self.fiscal:
            return f"{self.first}-{self.last}"
        suffix = "" if self.start_month == 4 else f"(start month {self.start_month})"
        return f"FY{self.first}-{self.last}{suffix}"

    def _label_ja(self) -> str:
        if not self.fiscal:
            return f"{self.first}-{self.last}年"
        return f"{self.first}-{self.last}{_fiscal_ja(self.start_month)}"

    @_in_range
    def shifted(self, years: int) -> Self:
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
    def start(self) -> dt.date:
        return self.first

    @property
    def end(self) -> dt.date:
        return self.last + dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()}/{self.last.isoformat()}"

    def _whole_months(self) -> bool:
        return self.first.day == 1 and (self.last + dt.timedelta(days=1)).day == 1

    def _label_en(self) -> str:
        if self._whole_months():
            first, last = self.first, self.last
            return f"{_month_en(first.year, first.month)} to {_month_en(last.year, last.month)}"
        return f"{_day_en(self.first)} to {_day_en(self.last)}"

    def _label_ja(self) -> str:
        if self._whole_months():
            first, last = self.first, self.last
            return f"{first.year}年{first.month}月～{last.year}年{last.month}月"
        return f"{_day_ja(self.first)}～{_day_ja(self.last)}"

    @_in_range
    def shifted(self, years: int) -> Self:
        return type(self)(
            first=self.first + relativedelta(years=years),
            last=self.last + relativedelta(years=years),
        )


#: The concrete period classes.
AnyPeriod = CalendarYear | FiscalYear | Quarter | Month | Day | YearSpan | DateRange
