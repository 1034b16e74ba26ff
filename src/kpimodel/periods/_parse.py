"""Reading periods as KPI tables print them: one table of notation -> builder.

Each entry of :data:`_NOTATIONS` is a name, a pattern matched against the whole
(normalised) text, and the function that builds the period from the pattern's groups.
The first entry that matches decides. Nothing is guessed: dateutil's fuzzy parser turns
``2026年3月現在`` into 2026-11-03, so every notation has its own pattern, and text no
pattern matches is an error quoting it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar, cast

from dateutil.relativedelta import relativedelta
from pydantic import ValidationError

from kpimodel.errors import PeriodParseError
from kpimodel.periods._kinds import (
    AnyPeriod,
    CalendarYear,
    DateRange,
    Day,
    FiscalYear,
    Month,
    Quarter,
    YearSpan,
    _check_year,
)
from kpimodel.units import normalize

_ERAS: dict[str, tuple[int, int]] = {
    # era: (year before year 1, last year number of the era)
    "令和": (2018, 99),
    "平成": (1988, 31),
    "昭和": (1925, 64),
    "大正": (1911, 15),
}
_AS_OF = r"(?:現在|時点|時点で|現在で)?"
_YEAR = r"(?P<year>\d{4})"
# R6年度, H30年度: the one-letter abbreviations of the eras, as tables print them.
_ERA_ABBREVIATIONS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正"}
_ERA_YEAR = r"(?P<era>令和|平成|昭和|大正|R|H|S|T)(?P<eyear>\d{1,2}|元)"
# A year written either way: 2025 or 令和7 / R7.
_ANY_YEAR = r"(?:" + _YEAR + "|" + _ERA_YEAR + ")"
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# English month names, in any case, with an optional full stop after an abbreviation.
_MONTH_NAME = r"(?P<month_name>(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r"))\.?"
_HALVES = {"上期": 1, "上半期": 1, "下期": 2, "下半期": 2}
_HALF_JA = r"(?P<half_ja>上半期|下半期|上期|下期)"
# The suffix of the labels of fiscal years that do not start in April: FY2024(start month 1).
_START_MONTH = r"(?:\s*\(\s*start month\s*(?P<start_month>\d{1,2})\s*\))?"
_AS_OF_PREFIX = re.compile(r"^(?:as of|At|at) ")
_SPACES = re.compile(r"\s+")

#: Builds a period from a pattern's groups, the original text and the fiscal start month.
Builder = Callable[[dict[str, str], str, int], AnyPeriod]


def _era_year(era: str, number: str) -> int:
    era = _ERA_ABBREVIATIONS.get(era, era)
    base, last = _ERAS[era]
    n = 1 if number == "元" else int(number)
    if not 1 <= n <= last:
        raise PeriodParseError(f"{era}{number}年 is not a year of the {era} era", value=number)
    return base + n


def _year(g: dict[str, str]) -> int:
    if g.get("era"):
        return _era_year(g["era"], g["eyear"])
    return _check_year(int(g["year"]))


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(_check_year(year), month, day)
    except ValueError as exc:
        if isinstance(exc, PeriodParseError):
            raise
        raise PeriodParseError(f"impossible date in period {text!r}: {exc}", value=text) from exc


def _start_month(g: dict[str, str], fiscal_start_month: int) -> int:
    return int(g["start_month"]) if g.get("start_month") else fiscal_start_month


# --- builders, one per kind of notation -----------------------------------------------------


def _fiscal_span(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return YearSpan(
        first=int(g["first"]),
        last=int(g["last"]),
        fiscal=True,
        start_month=_start_month(g, fsm),
        text=text,
    )


def _calendar_span(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return YearSpan(first=int(g["first"]), last=int(g["last"]), text=text)


def _month_range(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    first = _date(int(g["y1"]), int(g["m1"]), 1, text)
    # "2025年12月〜3月" runs into the next year when the second month comes earlier.
    y2 = int(g["y2"]) if g["y2"] else int(g["y1"]) + (int(g["m2"]) < int(g["m1"]))
    last_month = _date(y2, int(g["m2"]), 1, text)
    return DateRange(first=first, last=last_month + relativedelta(day=31), text=text)


def _iso_range(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    y1, m1, d1 = (int(x) for x in g["d1"].split("-"))
    y2, m2, d2 = (int(x) for x in g["d2"].split("-"))
    return DateRange(first=_date(y1, m1, d1, text), last=_date(y2, m2, d2, text), text=text)


def _fiscal_year(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return FiscalYear(year=_year(g), start_month=_start_month(g, fsm), text=text)


def _day(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return Day(date=_date(_year(g), int(g["month"]), int(g["day"]), text), text=text)


def _month_end(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    first = _date(_year(g), int(g["month"]), 1, text)
    return Day(date=first + relativedelta(day=31), text=text)


def _month(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    year = _year(g)
    _date(year, int(g["month"]), 1, text)
    return Month(year=year, month=int(g["month"]), text=text)


def _quarter(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    quarter = int(g["quarter"])
    if not 1 <= quarter <= 4:
        raise PeriodParseError(f"impossible quarter in period {text!r}", value=text)
    return Quarter(year=_year(g), quarter=quarter, text=text)


def _calendar_year(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return CalendarYear(year=_year(g), text=text)


def _year_end(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # "As of the end of 2025" is a day, 2025-12-31, not the whole year.
    return Day(date=CalendarYear(year=_year(g)).last_day, text=text)


def _fiscal_year_end(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # 2024年度末 is the fiscal year's last day: 2025-03-31 with an April start.
    return Day(date=FiscalYear(year=_year(g), start_month=_start_month(g, fsm)).last_day, text=text)


def _months(start: dt.date, months: int, text: str) -> AnyPeriod:
    """The ``months`` months from ``start``: a :class:`Quarter` when they are one, else a range."""
    if months == 3 and start.month % 3 == 1:
        # 2025年度第1四半期 (April to June) is the calendar quarter 2025Q2, day for day.
        return Quarter(year=_check_year(start.year), quarter=start.month // 3 + 1, text=text)
    last = start + relativedelta(months=months) - dt.timedelta(days=1)
    return DateRange(first=start, last=last, text=text)


def _two_year_fiscal(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # 2023-24, 2023/24, FY2023/24: one fiscal year, named by both calendar years it touches.
    first, second = int(g["first"]), int(g["second"])
    consecutive = second == (first + 1) % 100
    month_like = not g.get("fy") and 1 <= second <= 12
    if month_like and not consecutive and g["sep"] == "-":
        return _month({"year": g["first"], "month": g["second"]}, text, fsm)  # ISO 2024-06
    if month_like and consecutive:
        raise PeriodParseError(
            f"cannot read period {text!r}: it could be a month or a fiscal year; write the "
            f"month as {_MONTH_ABBREVIATIONS[second - 1]} {first} or {first}年{second}月, "
            f"the fiscal year as FY{first}-{g['second']}",
            value=text,
        )
    if not consecutive:
        raise PeriodParseError(
            f"cannot read period {text!r}: a fiscal year written across two calendar years "
            f"names consecutive years ({first}-{(first + 1) % 100:02d}); write a span of years "
            f"in full ({first}-{first // 100 * 100 + second})",
            value=text,
        )
    start_month = _start_month(g, fsm)
    if start_month == 1:
        raise PeriodParseError(
            f"cannot read period {text!r}: fiscal years starting in January do not run across "
            f"two calendar years; write {first} or {first + 1}",
            value=text,
        )
    return FiscalYear(year=_check_year(first), start_month=start_month, text=text)


def _fiscal_year_label(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # FY2024: kpimodel names a fiscal year by the year it starts in, as Japan does. Where
    # fiscal years start in another month, FY2024 usually names the year it ends in (the
    # US federal FY2024 began in October 2023): refused rather than guessed.
    start_month = _start_month(g, fsm)
    if not g.get("start_month") and start_month not in (1, 4):
        year = int(g["year"])
        raise PeriodParseError(
            f"cannot read period {text!r}: with fiscal years starting in month {start_month}, "
            f"FY{year} may name the year it starts or the one it ends in; write "
            f"{year - 1}-{year % 100:02d} or {year}-{(year + 1) % 100:02d}",
            value=text,
        )
    return FiscalYear(year=_year(g), start_month=start_month, text=text)


def _english_month(g: dict[str, str]) -> dict[str, str]:
    return {**g, "month": str(_MONTHS[g["month_name"].lower()])}


def _english_day(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return _day(_english_month(g), text, fsm)


def _english_month_end(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return _month_end(_english_month(g), text, fsm)


def _english_month_only(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    return _month(_english_month(g), text, fsm)


def _calendar_half(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    half = _HALVES[g["half_ja"]] if g.get("half_ja") else int(g["half"])
    return _months(_date(_year(g), 6 * half - 5, 1, text), 6, text)


def _fiscal_half(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # 2025年度上期: the first six months of FY2025 (April to September with an April start).
    start = FiscalYear(year=_year(g), start_month=fsm).start
    return _months(start + relativedelta(months=6 * (_HALVES[g["half_ja"]] - 1)), 6, text)


def _fiscal_quarter(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    quarter = int(g["quarter"])
    if not 1 <= quarter <= 4:
        raise PeriodParseError(f"impossible quarter in period {text!r}", value=text)
    start = FiscalYear(year=_year(g), start_month=fsm).start
    return _months(start + relativedelta(months=3 * (quarter - 1)), 3, text)


def _month_span(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # 2025年1～3月期: the quarter as Japanese statistics name it.
    year, m1, m2 = _year(g), int(g["m1"]), int(g["m2"])
    first = _date(year, m1, 1, text)
    _date(year, m2, 1, text)
    if m2 < m1:
        raise PeriodParseError(
            f"cannot read period {text!r}: the months run backwards; write a range across "
            f"the year end as {year}年{m1}月～{year + 1}年{m2}月",
            value=text,
        )
    return _months(first, m2 - m1 + 1, text)


def _bare_era_year(g: dict[str, str], text: str, fsm: int) -> AnyPeriod:
    # R6 alone is the calendar year 令和6年, as 2024 alone is the calendar year 2024.
    if g["era"] == "H" and g["eyear"] in ("1", "2"):
        raise PeriodParseError(
            f"cannot read period {text!r}: it could be 平成{g['eyear']}年 or a half-year; "
            f"write H{g['eyear']}年 for the year, or H{g['eyear']} 2024 for a half-year",
            value=text,
        )
    return _calendar_year(g, text, fsm)


_MONTH_ABBREVIATIONS = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
)  # fmt: skip


#: Every notation :func:`parse_period` reads: (name, pattern, builder), tried in order.
_NOTATIONS: tuple[tuple[str, re.Pattern[str], Builder], ...] = tuple(
    (name, re.compile(pattern), builder)
    for name, pattern, builder in (
        (
            "month_range",
            r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?:以降\s*[、,]?\s*(?:から)?|[-~〜～–—]|から)\s*"
            r"(?:(?P<y2>\d{4})\s*年)?\s*(?P<m2>\d{1,2})\s*月(?:まで)?" + _AS_OF,
            _month_range,
        ),
        ("iso_range", r"(?P<d1>\d{4}-\d{2}-\d{2})\s*/\s*(?P<d2>\d{4}-\d{2}-\d{2})", _iso_range),
        (
            "month_span_ja",
            _ANY_YEAR + r"\s*年\s*(?P<m1>\d{1,2})\s*月?\s*[-~〜～–—]\s*(?P<m2>\d{1,2})\s*月期",
            _month_span,
        ),
        ("fy_span", r"(?P<first>\d{4})\s*[-~〜～–—]\s*(?P<last>\d{4})\s*年度", _fiscal_span),
        (
            "fy_two_years",
            r"(?P<fy>FY)?\s*(?P<first>\d{4})\s*(?P<sep>[-/])\s*(?P<second>\d{2})" + _START_MONTH,
            _two_year_fiscal,
        ),
        (
            "fy_span_en",
            r"FY\s*(?P<first>\d{4})\s*[-~〜～–—]\s*(?:FY)?\s*(?P<last>\d{4})" + _START_MONTH,
            _fiscal_span,
        ),
        ("cy_span", r"(?P<first>\d{4})\s*[-~〜～–—]\s*(?P<last>\d{4})\s*年?", _calendar_span),
        ("fy_end", _YEAR + r"\s*年度末" + _AS_OF, _fiscal_year_end),
        ("era_fy_end", _ERA_YEAR + r"\s*年度末" + _AS_OF, _fiscal_year_end),
        ("year_end", _YEAR + r"\s*年末" + _AS_OF, _year_end),
        ("era_year_end", _ERA_YEAR + r"\s*年末" + _AS_OF, _year_end),
        ("fy_half_ja", _ANY_YEAR + r"\s*年度\s*" + _HALF_JA, _fiscal_half),
        ("cy_half_ja", _ANY_YEAR + r"\s*年\s*" + _HALF_JA, _calendar_half),
        (
            "fy_quarter_ja",
            _ANY_YEAR + r"\s*年度\s*第\s*(?P<quarter>\d)\s*四半期",
            _fiscal_quarter,
        ),
        ("fy", _YEAR + r"\s*年度" + _AS_OF, _fiscal_year),
        ("fy_en", r"FY\s*" + _YEAR + _START_MONTH, _fiscal_year_label),
        ("era_fy", _ERA_YEAR + r"\s*年度", _fiscal_year),
        (
            "era_day",
            _ERA_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _AS_OF,
            _day,
        ),
        ("era_month_end", _ERA_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月末" + _AS_OF, _month_end),
        ("era_month", _ERA_YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月" + _AS_OF, _month),
        ("era_cy", _ERA_YEAR + r"\s*年", _calendar_year),
        (
            "day_ja",
            _YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + _AS_OF,
            _day,
        ),
        ("month_end_ja", _YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月末" + _AS_OF, _month_end),
        ("month_ja", _YEAR + r"\s*年\s*(?P<month>\d{1,2})\s*月" + _AS_OF, _month),
        ("quarter_ja", _YEAR + r"\s*年\s*第\s*(?P<quarter>\d)\s*四半期", _quarter),
        ("quarter", _YEAR + r"\s*-?\s*Q(?P<quarter>\d)", _quarter),
        ("quarter_en", r"Q(?P<quarter>\d)\s*" + _YEAR, _quarter),
        ("half_en", r"H(?P<half>[12])\s*" + _YEAR, _calendar_half),
        ("half_iso", _YEAR + r"\s*-?\s*H(?P<half>[12])", _calendar_half),
        ("month_en", _MONTH_NAME + r"\s*,?\s*" + _YEAR, _english_month_only),
        ("day_en", r"(?P<day>\d{1,2})\s*" + _MONTH_NAME + r"\s*,?\s*" + _YEAR, _english_day),
        (
            "day_en_us",
            _MONTH_NAME + r"\s*(?P<day>\d{1,2})\s*,?\s*" + _YEAR,
            _english_day,
        ),
        ("year_end_en", r"(?i:end)(?:\s*-\s*|\s+of\s+)" + _YEAR, _year_end),
        (
            "month_end_en",
            r"(?i:end)(?:\s*-\s*|\s+of\s+)" + _MONTH_NAME + r"\s*,?\s*" + _YEAR,
            _english_month_end,
        ),
        ("era_bare", _ERA_YEAR, _bare_era_year),
        ("cy", _YEAR + r"\s*年?" + _AS_OF, _calendar_year),
        ("iso_day", r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})", _day),
        ("iso_month", r"(?P<year>\d{4})-(?P<month>\d{1,2})", _month),
    )
)


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
    and ISO date ranges (``2025-12-01/2026-03-31``); fiscal years across two calendar
    years (``2023-24``, ``2023/24``, ``FY2023/24``, ``FY2023-24``); English periods
    (``Q2 2024``, ``H1 2024``, ``June 2024``, ``Jun 2024``, ``30 June 2024``,
    ``end-2024``, ``end of 2024``); Japanese halves and quarters of fiscal years
    (``2025年度上期``, ``2025年度下半期``, ``2025年度第1四半期``), ``2025年1～3月期``, year ends
    (``2024年末``, ``2030年度末``) and era letters (``R6年度``, ``H30年度``, ``R6``).
    Full-width digits are accepted. The original text is kept on the result.

    Ambiguous texts are refused, never guessed: ``2011-12`` (December 2011, or the fiscal
    year 2011-12?), ``H1`` alone (平成1年, or a half-year?) and, when fiscal years start
    in a month other than January or April, ``FY2024`` (its start or its end year?).

    Args:
        text: The period as printed.
        fiscal_start_month: The first month of fiscal years (April in Japan and the UK,
            July in Australia, October for the US federal year).

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
    # Runs of white space become one space first: every pattern then matches in time
    # linear in the text (adjacent optional spaces cannot backtrack over long runs).
    body = _SPACES.sub(" ", normalize(text)).strip()
    body = _AS_OF_PREFIX.sub("", body)
    for _name, pattern, builder in _NOTATIONS:
        match = pattern.fullmatch(body)
        if match is None:
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        groups.setdefault("y2", "")
        try:
            return builder(groups, text, fiscal_start_month)
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
