"""Observations: a figure for a period, as the source printed it."""

from __future__ import annotations

from decimal import Decimal, localcontext
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from kpimodel.errors import (
    DimensionMismatchError,
    InconsistentTargetError,
    KPIModelError,
    SchemaError,
)
from kpimodel.periods import Period
from kpimodel.units import Quantity, Rank, parse_quantity
from kpimodel.units._numbers import plain

__all__ = ["Bound", "Change", "Observation", "Value"]

_MAX_TEXT = 10_000


def _coerce_value(value: Any) -> Any:
    if isinstance(value, str):
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


class Bound(StrEnum):
    """How an observation relates to the true figure when the source gives only a bound.

    ``below`` means the true figure is less than the value (the seed's "below 100 million
    accesses"); ``above`` that it is greater; ``at_most`` and ``at_least`` include it.
    """

    BELOW = "below"
    AT_MOST = "at_most"
    ABOVE = "above"
    AT_LEAST = "at_least"


class Change(BaseModel):
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
                magnitude = current.magnitude + by.magnitude
                return Rank(magnitude=magnitude, approximate=approximate)
            raise DimensionMismatchError("a rank can only change by ranks", value=str(by))
        if by.unit.kind == "percentage_point" and current.unit.kind != "percentage_point":
            # A series in points (a gap, 12ポイント) changes by points like any amount.
            if current.unit.kind != "ratio":
                raise DimensionMismatchError(
                    "a change in percentage points needs a share (%)", value=str(by)
                )
            with localcontext(prec=60):
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
            with localcontext(prec=60):
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


class Observation(BaseModel):
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
        source: The sentence of the source the figure comes from.
        note: Free text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    period: Period | None = None
    value: Value
    bound: Bound | None = None
    changes: tuple[Change, ...] = Field(default=(), max_length=20)
    derived: bool = False
    source: str | None = Field(default=None, max_length=_MAX_TEXT)
    note: str | None = Field(default=None, max_length=_MAX_TEXT)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_level(self.value, "value")
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
                note=f"derived from {self.value} ({self.period or 'period not stated'}) and "
                f"the change {change.by}",
            )
            for change in self.changes
        )
