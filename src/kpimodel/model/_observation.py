"""Observations: a figure for a period, as the source printed it."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from kpimodel._validation import Model
from kpimodel.errors import (
    DimensionMismatchError,
    InconsistentTargetError,
    KPIModelError,
    QuantityParseError,
    SchemaError,
)
from kpimodel.model._completion import is_state_word
from kpimodel.periods import AnyPeriod, FiscalYear, Period
from kpimodel.units import Quantity, Rank, parse_quantity
from kpimodel.units._numbers import decimal_context, normalize, plain
from kpimodel.units._values import split_bound

__all__ = ["Bound", "Change", "Observation", "Value", "year_on_year"]

_MAX_TEXT = 10_000


def _coerce_value(value: Any) -> Any:
    if isinstance(value, str):
        if is_state_word(value):  # 完了, done: a state, not a figure
            raise QuantityParseError(
                f"cannot read quantity {value!r}: it is the state of a measure, not a figure; "
                "write it as a report of a completion target (target: {kind: completion, "
                f"deadline: ..., reports: [{{period: ..., status: {value.strip()}}}]}})",
                value=value,
            )
        return parse_quantity(value)
    if isinstance(value, dict) and str(value.get("unit", "")).strip() == "位":
        return Rank.model_validate(value)
    if isinstance(value, bool | int | float):
        raise DimensionMismatchError(
            "a figure needs its unit: write it as text ('3,235億円', '52%', '12位') or as "
            "{magnitude, unit}",
            value=value,
        )
    return value


#: A figure: a :class:`~kpimodel.Quantity` or a :class:`~kpimodel.Rank`, given as text
#: (``"3,235億円"``, ``"12位"``) or as ``{"magnitude": "3235", "unit": "億円"}``.
Value = Annotated[
    Quantity,
    BeforeValidator(_coerce_value, json_schema_input_type=str | Quantity),
]


def check_level(value: Quantity, field: str) -> None:
    """Refuse a negative count (``-5件``) where a level, not a change, is expected.

    Counts (人, 件, 社, 校...) of something cannot be negative; a fall is written as a
    change (``changes: [{by: ▲5件}]``) or as a trend target's ``change``. Amounts of
    money and percentages may be negative.

    Args:
        value: The figure.
        field: The field it was given in, for the error.

    Raises:
        SchemaError: When ``value`` is a negative count.
    """
    if value.unit.kind == "count" and value.magnitude < 0:
        raise SchemaError(
            f"a count ({value.unit.symbol}) cannot be negative: {value}; write a fall as a "
            "change (changes: [{by: ▲...}]) instead",
            field=field,
            value=str(value),
        )


# 前年比12%増, 対前年度比▲3%, 前年同期比+5%: a change on the same period a year earlier.
_YEAR_ON_YEAR = re.compile(
    r"(?P<prefix>対?前年(?P<fiscal>度)?(?:同期|同月)?比)\s*(?:で\s*)?(?P<figure>.+?)\s*"
    r"(?:の\s*)?(?P<direction>増加|減少|増|減)?"
)
# +12% year on year, up 12% y/y, -3% on the previous fiscal year: the same, in English.
_YEAR_ON_YEAR_EN = re.compile(
    r"(?:(?P<direction>up|down)\s+(?:by\s+)?)?(?P<figure>.+?)\s*,?\s+"
    r"(?P<prefix>year[ -]on[ -]year|yoy|y/y|y-o-y|"
    r"(?:on|over|vs\.?|versus|compared (?:with|to)|from) (?:the )?(?:previous|prior|last) "
    r"(?P<fiscal>fiscal )?year)",
    re.IGNORECASE,
)
_PERIOD = TypeAdapter(Period)


def is_year_on_year(text: str) -> bool:
    """Whether ``text`` states a change against the previous year (in Japanese or English)."""
    body = normalize(text)
    return bool(_YEAR_ON_YEAR.fullmatch(body) or _YEAR_ON_YEAR_EN.fullmatch(body))


def year_on_year(text: str, period: AnyPeriod | None) -> dict[str, Any] | None:
    """Read a change stated against the previous year (``前年比12%増``) into ``by`` and ``since``.

    ``前年比`` and ``対前年比`` compare with the same period a year earlier (for a fiscal
    year, the previous fiscal year); ``前年度比`` only with the previous fiscal year. The
    direction is 増 (up) or 減 (down), or a sign (``前年比▲3%``, ``前年比+5%``), never neither:
    ``前年比97%`` in Japanese tables often means 97% *of* the previous year.

    Args:
        text: The change as written.
        period: The period of the observation the change qualifies.

    Returns:
        ``{"by": ..., "since": ...}``, or ``None`` when the text is no such change.

    Raises:
        SchemaError: When the text is such a change but cannot be read exactly.
    """
    body = normalize(text)
    match = _YEAR_ON_YEAR.fullmatch(body)
    english = match is None
    match = match or _YEAR_ON_YEAR_EN.fullmatch(body)
    if match is None:
        return None
    prefix, figure, direction = match["prefix"], match["figure"], match["direction"]
    signed = figure.removeprefix("約").lstrip().startswith(("+", "-"))
    if signed == bool(direction):
        raise SchemaError(
            f"cannot read the change {text!r}: "
            + _which_way(prefix, figure, direction, english=english),
            value=text,
        )
    if period is None:
        raise SchemaError(
            f"cannot read the change {text!r}: the observation has no period, so the "
            "previous year is unknown; give the period, or the change as {by, since}",
            value=text,
        )
    if match["fiscal"] and not isinstance(period, FiscalYear):
        named, plain = (
            ("the previous fiscal year", "year on year") if english else ("前年度比", "前年比")
        )
        raise SchemaError(
            f"cannot read the change {text!r}: {named} compares fiscal years, but the "
            f"observation's period {period} is not a fiscal year; write {plain} or give since",
            value=text,
        )
    by = parse_quantity(figure)
    if direction is not None and direction.lower() in ("減", "減少", "down"):
        by = by.model_copy(update={"magnitude": -by.magnitude})
    return {"by": by, "since": period.shifted(-1)}


def _which_way(prefix: str, figure: str, direction: str | None, *, english: bool) -> str:
    """Say why a year-on-year change without a direction, or with two, is not read."""
    bare = figure.lstrip("+-")
    if english:
        if direction:
            return f"give either a sign or up/down, not both ({direction} {bare} {prefix})"
        return f"say which way it went: +{bare} {prefix} or -{bare} {prefix}"
    if direction:
        return f"give either a sign or 増/減, not both ({prefix}{bare}{direction})"
    return (
        f"say which way it went: {prefix}{figure}増 or {prefix}{figure}減 "
        f"({prefix}{figure} alone may be the figure as a share of the previous year's)"
    )


class Bound(StrEnum):
    """How an observation relates to the true figure when the source gives only a bound.

    ``below`` means the true figure is less than the value (the seed's "below 100 million
    accesses"); ``above`` that it is greater; ``at_most`` and ``at_least`` include it.
    """

    BELOW = "below"
    AT_MOST = "at_most"
    ABOVE = "above"
    AT_LEAST = "at_least"


class Change(Model):
    """A figure's change from an earlier period, as the source states it.

    ``3,235億円, 18.3% more than FY2023`` is ``Change(by="+18.3%", since="2023年度")``;
    ``+290人 year on year`` is ``Change(by="+290人", since=...)``; ``約20ポイント上昇``
    is ``Change(by="約20ポイント", since="2020年")``; a fall of 6% is ``by="▲6%"``.

    Attributes:
        by: The change: a percentage (relative), percentage points, or an amount in a unit
            compatible with the observation.
        since: The earlier period the change is measured from; ``None`` when the source
            says only "the previous value".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    by: Value
    since: Period | None = None

    @model_validator(mode="after")
    def _has_unit(self) -> Self:
        # A bare +1.5 would be the ratio 1.5 (+150%): a change states what it is in.
        if not self.by.unit.symbol.strip():
            raise DimensionMismatchError(
                f"a change needs its unit: {self.by} is a bare number; write it in % for a "
                f"relative change ('{self.by}%'), in points for a change of a share "
                f"('{self.by}ポイント'), or in the series' unit ('{self.by}件')",
                field="by",
                value=str(self.by),
            )
        return self

    def earlier_value(self, current: Quantity) -> Quantity:
        """Return the earlier value this change implies.

        Args:
            current: The value the change led to.

        Returns:
            The earlier value, in the current value's unit; approximate when the change is
            relative (a rounded percentage) or either figure is approximate.

        Raises:
            DimensionMismatchError: When the change cannot apply to the value.
        """
        by = self.by
        approximate = current.approximate or by.approximate
        if isinstance(current, Rank):
            if by.unit.kind == "rank":
                with localcontext(decimal_context(60)):
                    magnitude = current.magnitude + by.magnitude
                return Rank(magnitude=magnitude, approximate=approximate)
            raise DimensionMismatchError("a rank can only change by ranks", value=str(by))
        if by.unit.kind == "percentage_point" and current.unit.kind != "percentage_point":
            # A series in points (a gap, 12ポイント) changes by points like any amount.
            if current.unit.kind != "ratio":
                raise DimensionMismatchError(
                    "a change in percentage points needs a share (%)", value=str(by)
                )
            with localcontext(decimal_context(60)):
                earlier = current.magnitude_in("%") - by.magnitude
            return Quantity(magnitude=plain(earlier), unit="%", approximate=approximate).to(
                current.unit
            )
        if by.unit.kind == "ratio" and current.unit.kind != "ratio":
            growth = by.magnitude_in("")
            if growth <= -1:
                raise InconsistentTargetError(
                    "a relative change of -100% or less implies no earlier value", value=str(by)
                )
            # The stated percentage is rounded, so the implied figure is approximate: keep
            # two more decimal places than the figure it comes from, not 28 digits of noise.
            places = max(-current.magnitude.as_tuple().exponent, 0) + 2  # type: ignore[operator]
            with localcontext(decimal_context(60)):
                earlier = (current.magnitude / (1 + growth)).quantize(Decimal(1).scaleb(-places))
            return Quantity(magnitude=plain(earlier), unit=current.unit, approximate=True)
        if by.unit.kind == "ratio" and current.unit.kind == "ratio":
            raise DimensionMismatchError(
                "a change of a share must be given in percentage points (ポイント) or as a "
                "relative change in a separate field; '%' is ambiguous here",
                value=str(by),
            )
        previous = current - by
        return previous.model_copy(update={"approximate": approximate})


class Observation(Model):
    """One figure of a series for one period.

    Attributes:
        period: When the figure applies (``2024年度``, ``2026年3月26日現在``); ``None`` when
            the source does not say (such figures are shown but never used for rates).
        value: The figure (a quantity or a rank).
        bound: Set when the source gives only a bound on the true figure.
        changes: Changes from earlier periods, as the source states them (``+18.3% on
            FY2023``); the first one whose earlier period has no figure of its own implies a
            derived observation.
        derived: True for figures kpimodel computed from others (such as the earlier value
            a stated change implies) rather than read from the source.
        series_break: True when this figure starts a new series that earlier figures
            cannot be compared with (a new questionnaire, a new method): rates and
            projections never span it (docs/semantics.md, "Series breaks").
        source: The sentence of the source the figure comes from.
        note: Free text.
        published: The date the figure was published. A series may give several figures
            for one period when their publications differ (a revision); evaluating as of a
            date uses, for each period, the latest figure published by then. A figure
            without it counts as published at its period's end.
        edition: The edition the figure was published in (``2026``), for the record.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    period: Period | None = None
    value: Value
    bound: Bound | None = None
    changes: tuple[Change, ...] = Field(default=(), max_length=20)
    derived: bool = False
    series_break: bool = False
    source: str | None = Field(default=None, max_length=_MAX_TEXT)
    note: str | None = Field(default=None, max_length=_MAX_TEXT)
    published: dt.date | None = None
    edition: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _bound_in_figure(cls, data: Any) -> Any:
        # 2兆円超, 50%以上, more than 10 million: the bound is read into ``bound``.
        if not isinstance(data, dict) or not isinstance(data.get("value"), str):
            return data
        figure, bound = split_bound(data["value"])
        if bound is None:
            return data
        stated = data.get("bound")
        if stated is not None and str(stated) != bound:
            raise InconsistentTargetError(
                f"the figure {data['value']!r} is a bound ({bound}) but bound is {stated!r}",
                field="bound",
                value=str(stated),
            )
        return {**data, "value": figure, "bound": bound}

    @model_validator(mode="before")
    @classmethod
    def _year_on_year_changes(cls, data: Any) -> Any:
        # changes: [前年比12%増] or [{by: 前年比12%増}]: the earlier period is the
        # observation's own a year before, so it is read here, where the period is known.
        if not isinstance(data, dict) or not isinstance(data.get("changes"), list | tuple):
            return data
        changes = list(data["changes"])
        period: AnyPeriod | None = None
        for index, change in enumerate(changes[:20]):
            text = change if isinstance(change, str) else None
            if isinstance(change, dict) and isinstance(change.get("by"), str):
                text = change["by"]
            if text is None or not is_year_on_year(text):
                continue
            if period is None and data.get("period") is not None:
                try:
                    period = _PERIOD.validate_python(data["period"])
                except (ValidationError, KPIModelError):
                    return data  # the period's own error is reported
            where = f"changes.{index}.by"
            try:
                read = year_on_year(text, period)
            except KPIModelError as exc:
                raise exc.located(field=where) from exc
            if read is None:
                continue
            stated = change.get("since") if isinstance(change, dict) else None
            if stated is not None:
                since = _PERIOD.validate_python(stated)
                if since != read["since"]:
                    raise InconsistentTargetError(
                        f"the change {text!r} is measured from {read['since']}, but since "
                        f"is {since}",
                        field=f"changes.{index}.since",
                        value=str(since),
                    )
            extra = (
                {k: v for k, v in change.items() if k not in ("by", "since")}
                if isinstance(change, dict)
                else {}
            )
            changes[index] = {**extra, **read}
        return {**data, "changes": changes}

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_level(self.value, "value")
        if (
            self.published is not None
            and self.period is not None
            and self.published < self.period.last_day
        ):
            raise SchemaError(
                f"the figure {self.value} for {self.period} is published on {self.published}, "
                f"before its period ends ({self.period.last_day}); a figure is published "
                "once its period is over (give the part of the period it covers as its "
                "period instead)",
                field="published",
                value=self.published.isoformat(),
            )
        for index, change in enumerate(self.changes):
            since = change.since
            if since is not None and self.period is not None and since.point >= self.period.point:
                raise InconsistentTargetError(
                    f"a change must be measured from an earlier period than {self.period}",
                    field=f"changes.{index}.since",
                    value=str(since),
                )
            # Apply every stated change now, so that a change that cannot apply (or implies
            # an impossible earlier figure) is refused when the document is read, not later
            # when it is evaluated.
            where = f"changes.{index}.by"
            try:
                earlier = change.earlier_value(self.value)
            except KPIModelError as exc:
                raise exc.located(field=where) from exc
            except (ArithmeticError, ValueError) as exc:
                raise InconsistentTargetError(
                    f"the change {change.by} cannot apply to {self.value}",
                    field=where,
                    value=str(change.by),
                ) from exc
            if earlier.unit.kind == "count" and earlier.magnitude < 0:
                raise InconsistentTargetError(
                    f"the change {change.by} from {self.value} implies a negative earlier "
                    f"count ({earlier})",
                    field=where,
                    value=str(change.by),
                )
        return self

    @property
    def magnitude(self) -> Decimal:
        """The value's magnitude, in its own unit."""
        return self.value.magnitude

    @property
    def known_from(self) -> dt.date | None:
        """The day the figure became known: :attr:`published`, else its period's end.

        ``None`` for a figure with neither (an undated figure, known all along).
        """
        if self.published is not None:
            return self.published
        return self.period.last_day if self.period is not None else None

    def implied_previous(self) -> tuple[Observation, ...]:
        """Return the derived observations that :attr:`changes` imply.

        Returns:
            One observation per stated change, for the change's earlier period, each
            marked ``derived``.
        """
        return tuple(
            Observation(
                period=change.since,
                value=change.earlier_value(self.value),
                derived=True,
                source=self.source,
                published=self.published,
                edition=self.edition,
                note=f"derived from {self.value} ({self.period or 'period not stated'}) and "
                f"the change {change.by}",
            )
            for change in self.changes
        )
