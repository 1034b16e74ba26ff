"""Targets: what a KPI aims at, one class per kind, in an open registry.

Target kinds form a union discriminated by ``kind``. The union is open: defining a
subclass of :class:`Target` with ``kind: Literal["my-kind"] = "my-kind"`` registers it,
and documents loaded afterwards may use it. (A closed ``Union`` type cannot be extended
after the models that use it are built; kpimodel validates targets through a registry
and a discriminated-union adapter rebuilt when a kind is added.)
"""

from __future__ import annotations

import re
import threading
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import (
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from kpimodel._validation import Model, construction_error, set_target_kinds
from kpimodel.errors import (
    DimensionMismatchError,
    InconsistentTargetError,
    KPIModelError,
    SchemaError,
    UnknownTargetKindError,
)
from kpimodel.model._completion import CompletionReport, CompletionState
from kpimodel.model._observation import Value, check_level
from kpimodel.periods import Period
from kpimodel.units import Quantity, Rank, parse_quantity, split_bound
from kpimodel.units._numbers import decimal_context, plain

__all__ = [
    "AbsoluteTarget",
    "AnyTarget",
    "BandTarget",
    "Bands",
    "Baseline",
    "CompletionTarget",
    "ConvergenceTarget",
    "CumulativeTarget",
    "Direction",
    "EvaluationSettings",
    "LimitedTarget",
    "MaintainTarget",
    "Milestone",
    "MonitorTarget",
    "PendingTarget",
    "PriorTarget",
    "RankTarget",
    "RatioTarget",
    "ReferenceRatioTarget",
    "Target",
    "TrajectoryPoint",
    "TrendTarget",
    "target_kinds",
]


class Direction(StrEnum):
    """Which way is better for a KPI's figures."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def sign(self) -> int:
        """``+1`` when higher is better, ``-1`` when lower is better."""
        return 1 if self is Direction.HIGHER else -1

    def flipped(self) -> Direction:
        """Return the opposite direction."""
        return Direction.LOWER if self is Direction.HIGHER else Direction.HIGHER


#: The evaluation methods of a target with a figure to reach.
Method = Literal["pace", "path", "projection"]
#: How annual rates are computed.
RateChoice = Literal["auto", "compound", "linear"]
#: A parameter that must be a finite number above zero.
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
#: A parameter that must be a finite number of zero or more.
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class EvaluationSettings(Model):
    """The evaluation method and parameters a document chooses (``evaluation:``).

    Given for the whole program (at its top level) or for one target (inside it); a
    target's settings override the program's, key by key, and ``kpimodel report
    --method`` overrides both. Each key is the parameter of the same name of
    :class:`~kpimodel.ProgressEvaluator` (which takes its types and bounds from here);
    ``stale_after: never`` turns the staleness rule off.

    Attributes:
        method: ``pace``, ``path`` or ``projection``.
        rate: ``auto``, ``compound`` or ``linear``.
        on_track: The least pace ratio that is on track.
        moderate: The least pace ratio graded moderate.
        projection_tolerance: The share of the gap a projection may miss by.
        window_years: The years of recent figures projections and trends use.
        stagnation: The band of relative annual rates treated as no movement.
        stale_after: The most years the latest figure may be older than the as-of date.
        preset: An evaluation preset (``open-sdg``, ``eurostat``, ``destatis``,
            ``cabinet``): another institution's rule (see docs/presets.md). On a program it
            applies to every KPI; on a target, to that indicator. The name is checked when
            evaluating; a call's own ``preset=`` wins.
        scale: A status scale to rate results on (by default the preset's).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: Method | None = None
    rate: RateChoice | None = None
    on_track: Positive | None = None
    moderate: NonNegative | None = None
    projection_tolerance: NonNegative | None = None
    window_years: Positive | None = None
    stagnation: NonNegative | None = None
    stale_after: Positive | Literal["never"] | None = None
    preset: str | None = Field(default=None, min_length=1, max_length=100)
    scale: str | None = Field(default=None, min_length=1, max_length=100)

    def overrides(self) -> dict[str, Any]:
        """Return the parameters given, as evaluator field values (``never``: ``None``).

        The preset and the scale are not evaluator parameters and are left out.
        """
        given = {
            key: value
            for key, value in self
            if value is not None and key not in ("preset", "scale")
        }
        if given.get("stale_after") == "never":
            given["stale_after"] = None
        return given


class Baseline(Model):
    """The figure progress is measured from.

    Attributes:
        value: The baseline figure.
        period: When it applied; ``None`` when the source does not say (then rates cannot
            use it).
        source: The sentence it comes from.
        revised_from: The earlier baseline it replaces, when a later program revised it.
        edition: The edition that stated this baseline (``2026``), when known.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Value
    period: Period | None = None
    source: str | None = None
    revised_from: Baseline | None = None
    edition: str | None = Field(default=None, min_length=1, max_length=200)


class PriorTarget(Model):
    """An earlier target a target replaced, as the earlier edition stated it.

    ``replaces: [{kind: pending, edition: "2025", text: KPIを設定する。}]`` records that the
    2025 program left the KPI to be set and a later one set it. Only what is needed to say
    what changed is kept: the kind, the figure, the deadline and the wording.

    Attributes:
        kind: The earlier target's kind (``pending``, ``absolute``...).
        value: The figure it aimed at, if any.
        deadline: Its deadline, if any.
        text: Its wording in the source.
        edition: The edition that set it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str | None = Field(default=None, min_length=1, max_length=100)
    value: Value | None = None
    deadline: Period | None = None
    text: str | None = Field(default=None, max_length=10_000)
    edition: str | None = Field(default=None, min_length=1, max_length=200)


class Milestone(Model):
    """An interim target: a figure (or a change from the baseline) due by an earlier date.

    ``FY2024 ▲20%, FY2030 ▲50% against FY2019`` is a trend target with ``change: -50%``
    by FY2030 and one milestone ``{deadline: 2024年度, change: -20%}``; ``1,000件 by 2027,
    with 500件 by 2025`` an absolute target with ``{deadline: 2025年, value: 500件}``.
    How milestones decide a status is in docs/semantics.md ("Milestones").

    Attributes:
        deadline: The period by the end of which the milestone is due.
        value: The figure due (ratio and absolute targets).
        change: The change from the target's baseline due (trend targets with a change).
        text: The milestone as the source states it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    deadline: Period
    value: Value | None = None
    change: Value | None = None
    text: str | None = Field(default=None, max_length=10_000)

    @model_validator(mode="after")
    def _one_figure(self) -> Self:
        if (self.value is None) == (self.change is None):
            raise InconsistentTargetError(
                f"a milestone needs either a value or a change, not "
                f"{'both' if self.value is not None else 'neither'} (milestone {self.deadline})",
                field="milestones",
                value=str(self.deadline),
            )
        return self


class TrajectoryPoint(Model):
    """One figure of a path the target's owner published (``2025年度: 45%``).

    Attributes:
        period: The period the figure is expected for.
        value: The figure expected then, in a unit compatible with the target's.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    period: Period
    value: Value


# "Within the top 4" as tables write it: 上位4位以内, 上位4位, top 4.
_TOP_N = re.compile(r"上位(?P<n>[0-9０-９]+)位(?:以内)?|top\s+(?P<m>[0-9]+)", re.IGNORECASE)

_registry_lock = threading.RLock()


class Target(Model):
    """Base class of every target kind.

    Subclass it and give ``kind`` a ``Literal`` default to add a kind; the subclass is
    registered when the class is created. Each kind has an evaluator in
    :mod:`kpimodel.evaluation`; register one for a new kind with
    :func:`kpimodel.register_evaluator`.

    Attributes:
        kind: The discriminator naming the target kind.
        direction: Which way is better.
        deadline: The period by the end of which the target should be met, if any.
        baseline: The figure progress is measured from, if any.
        text: The target as the source states it.
        evaluation: The evaluation method and parameters chosen for this target, over
            the program's.
        edition: The edition that set this target (``2026``), when known.
        replaces: The earlier targets this one replaced, oldest first (a baseline's
            revisions are recorded on it, as :attr:`Baseline.revised_from`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    direction: Direction = Direction.HIGHER
    deadline: Period | None = None
    baseline: Baseline | None = None
    text: str | None = Field(default=None, max_length=10_000)
    evaluation: EvaluationSettings | None = None
    edition: str | None = Field(default=None, min_length=1, max_length=200)
    replaces: tuple[PriorTarget, ...] = Field(default=(), max_length=100)

    _kinds: ClassVar[dict[str, type[Target]]] = {}
    _adapter: ClassVar[TypeAdapter[Any] | None] = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        kind = cls.model_fields["kind"].default
        if not isinstance(kind, str):
            return  # an abstract intermediate class
        with _registry_lock:
            known = Target._kinds.get(kind)
            # The same class defined again (a reloaded module, a re-run notebook cell)
            # replaces itself; any other class, even one of the same name, is refused.
            name = f"{known.__module__}.{known.__qualname__}" if known is not None else ""
            if known is not None and name != f"{cls.__module__}.{cls.__qualname__}":
                raise TypeError(f"target kind {kind!r} is already registered by {name}")
            Target._kinds[kind] = cls
            Target._adapter = None

    @classmethod
    def adapter(cls) -> TypeAdapter[Any]:
        """Return the adapter that validates any registered target kind."""
        with _registry_lock:
            if Target._adapter is None:
                members = tuple(Target._kinds.values())
                union: Any = members[0] if len(members) == 1 else _union(members)
                Target._adapter = TypeAdapter(Annotated[union, Field(discriminator="kind")])
            return Target._adapter

    @classmethod
    def parse(cls, data: Any) -> Target:
        """Validate ``data`` as a target of any registered kind.

        Args:
            data: A mapping with a ``kind`` key, or a target.

        Returns:
            The target.

        Raises:
            UnknownTargetKindError: When ``kind`` names no registered kind.
        """
        if isinstance(data, Target):
            return data
        if isinstance(data, dict):
            kind = data.get("kind")
            if not isinstance(kind, str) or kind not in Target._kinds:
                known = ", ".join(sorted(Target._kinds))
                shown = repr(kind) if len(repr(kind)) <= 40 else repr(kind)[:37] + "..."
                message = (
                    f"a target needs a 'kind'; known kinds: {known}"
                    if kind is None
                    else f"unknown target kind {shown}; known kinds: {known}"
                )
                raise UnknownTargetKindError(message, field="kind", value=kind)
        try:
            result: Target = cls.adapter().validate_python(data)
        except ValidationError as exc:
            if isinstance(exc, KPIModelError):
                raise
            raise construction_error(exc, data, "Target") from exc
        return result

    def target_value(self) -> Quantity | None:
        """Return the figure to reach, if the kind has one (override for new kinds)."""
        return None

    def units(self) -> tuple[Quantity, ...]:
        """Return the figures of this target whose units observations must match."""
        value = self.target_value()
        values = [value] if value is not None else []
        if self.baseline is not None:
            values.append(self.baseline.value)
        return tuple(values)

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        baseline_period = self.baseline.period if self.baseline is not None else None
        if baseline_period and self.deadline and baseline_period.start >= self.deadline.end:
            raise InconsistentTargetError(
                f"the baseline period ({baseline_period}) is after the deadline ({self.deadline})",
                field="baseline.period",
                value=str(baseline_period),
            )
        # Levels (the figure to reach, the baseline) cannot be negative counts; changes and
        # rates among units() can (a trend's change of ▲100人 is a fall).
        levels = {"value": self.target_value()}
        if self.baseline is not None:
            levels["baseline.value"] = self.baseline.value
        for where, level in levels.items():
            if level is not None:
                check_level(level, where)
        values = self.units()
        limit = getattr(self, "limit", None)
        for value in values[1:]:
            if not value.unit.is_compatible(values[0].unit):
                raise DimensionMismatchError(
                    f"target figures {values[0]} and {value} have incompatible units",
                    field="limit" if value is limit else "baseline.value",
                    value=str(value),
                )
        return self


def _union(members: tuple[type[Target], ...]) -> Any:
    from functools import reduce
    from operator import or_

    return reduce(or_, members)


def target_kinds() -> dict[str, type[Target]]:
    """Return the registered target kinds, by ``kind``."""
    with _registry_lock:
        return dict(Target._kinds)


set_target_kinds(target_kinds)


class _AnyTargetSchema:
    """pydantic hooks that validate a field typed ``Target`` through the registry."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(
            Target.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value, info: value.model_dump(
                    mode=info.mode,
                    by_alias=info.by_alias,
                    exclude_none=info.exclude_none,
                    exclude_defaults=info.exclude_defaults,
                ),
                info_arg=True,
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(Target.adapter().core_schema)


#: A field type for "any registered target kind" (static type :class:`Target`).
AnyTarget = Annotated[Target, _AnyTargetSchema]


def _require_unit_kind(value: Quantity, kinds: tuple[str, ...], what: str) -> None:
    if value.unit.kind not in kinds:
        raise DimensionMismatchError(
            f"{what} must be given in {' or '.join(kinds)} units, not {value.unit.symbol!r}",
            field="value",
            value=str(value),
        )


# What a comparison written into a target's value means: the better direction, and whether
# the figure must pass the value rather than reach it (kpimodel.units.split_bound's words).
_COMPARISONS: dict[str, tuple[Direction, bool]] = {
    "above": (Direction.HIGHER, True),
    "at_least": (Direction.HIGHER, False),
    "below": (Direction.LOWER, True),
    "at_most": (Direction.LOWER, False),
}
_WRITTEN = {"above": "> (超, more than)", "at_least": "≥ (以上, at least)",
            "below": "< (未満, below)", "at_most": "≤ (以下, at most)"}  # fmt: skip


def _read_comparison(data: Any) -> Any:
    """Read a comparison written into ``value`` (``90%超``, ``> 90%``, ``at most 9%``).

    It sets ``direction`` and ``strict``; a contradicting explicit ``direction`` or
    ``strict`` is an error, never a silent choice between them.
    """
    text = data.get("value") if isinstance(data, dict) else None
    if not isinstance(text, str):
        return data
    figure, comparison = split_bound(text)
    if comparison is None:
        return data
    direction, strict = _COMPARISONS[comparison]
    stated = data.get("direction")
    if stated is not None and str(getattr(stated, "value", stated)) != direction.value:
        raise InconsistentTargetError(
            f"the value {text!r} says {_WRITTEN[comparison]}, so {direction.value} is better, "
            f"but direction is {str(getattr(stated, 'value', stated))!r}; drop one of them",
            field="direction",
            value=str(getattr(stated, "value", stated)),
        )
    if "strict" in data and data["strict"] is not strict:
        raise InconsistentTargetError(
            f"the value {text!r} says {_WRITTEN[comparison]}, but strict is "
            f"{data['strict']!r}; drop one of them",
            field="strict",
            value=str(data["strict"]),
        )
    return {**data, "value": figure, "direction": direction, "strict": strict}


def _require_share_sign(data: Any, what: str) -> Any:
    # A share written as bare text ('50') would be the fraction 50 (5000%), which no table
    # means. A plain ratio is read only where the document says so: {magnitude, unit: ''}.
    text = data.get("value") if isinstance(data, dict) else None
    if isinstance(text, str):
        value = parse_quantity(text)
        if not value.unit.symbol.strip():
            percent = plain(value.magnitude.scaleb(2, decimal_context()))
            raise DimensionMismatchError(
                f"{what} needs its unit: {text!r} is a bare number (the fraction {value}, "
                f"that is {percent}%); write '{value}%' for a percentage, or "
                f"{{magnitude: '{value}', unit: ''}} for a plain ratio",
                field="value",
                value=text,
            )
    return data


class LimitedTarget(Target):
    """A target kind whose figures may have a natural limit (``limit:``).

    The base of :class:`RatioTarget`, :class:`AbsoluteTarget` and :class:`TrendTarget`.
    A natural limit is the figure the series cannot pass in its desired direction: 100%
    coverage, 0 fatalities. Projections never run past it, and a direction-only trend is
    judged with its stagnation band scaled down near it, as Statistics Canada and Open SDG
    scale their thresholds (see docs/semantics.md, "Natural limits").

    Attributes:
        limit: The natural limit, in a unit compatible with the series'; it must not lie
            short of the target or of the baseline in the desired direction.
        milestones: Interim targets due before :attr:`deadline`, in order (see
            :class:`Milestone`).
        trajectory: The path to the target as its owner published it, a figure per
            period in order; the evaluation's expected value (and ``method="path"``)
            follows it instead of the computed path (docs/semantics.md, "Published
            trajectories").
    """

    kind: str
    limit: Value | None = None
    milestones: tuple[Milestone, ...] = Field(default=(), max_length=100)
    trajectory: tuple[TrajectoryPoint, ...] = Field(default=(), max_length=1000)

    @model_validator(mode="after")
    def _check_trajectory(self) -> Self:
        if not self.trajectory:
            return self
        if self.deadline is None:
            raise InconsistentTargetError(
                "a trajectory needs the target's deadline, which it leads to",
                field="trajectory",
                value=str(self.trajectory[0].period),
            )
        figures = [self.baseline.value] if self.baseline is not None else []
        goal = self.target_value()
        figures += [goal] if goal is not None else []
        earlier: TrajectoryPoint | None = None
        for index, point in enumerate(self.trajectory):
            where = f"trajectory.{index}"
            if point.period.last_day > self.deadline.last_day:
                raise InconsistentTargetError(
                    f"the trajectory's {point.period} is after the deadline {self.deadline}",
                    field=f"{where}.period",
                    value=str(point.period),
                )
            if earlier is not None and point.period.point <= earlier.period.point:
                raise InconsistentTargetError(
                    f"a trajectory's periods must be in order: {point.period} comes after "
                    f"{earlier.period}",
                    field=f"{where}.period",
                    value=str(point.period),
                )
            for figure in figures:
                if not point.value.unit.is_compatible(figure.unit):
                    raise DimensionMismatchError(
                        f"the trajectory's {point.value} is not in a unit compatible with {figure}",
                        field=f"{where}.value",
                        value=str(point.value),
                    )
            earlier = point
        return self

    @model_validator(mode="after")
    def _check_milestones(self) -> Self:
        if not self.milestones:
            return self
        if self.deadline is None:
            raise InconsistentTargetError(
                "milestones need the target's own deadline, after theirs",
                field="milestones",
                value=str(self.milestones[0].deadline),
            )
        earlier: Milestone | None = None
        for index, milestone in enumerate(self.milestones):
            where = f"milestones.{index}"
            if milestone.deadline.last_day >= self.deadline.last_day:
                raise InconsistentTargetError(
                    f"the milestone due {milestone.deadline} is not before the target's "
                    f"deadline {self.deadline}",
                    field=f"{where}.deadline",
                    value=str(milestone.deadline),
                )
            if earlier is not None and milestone.deadline.last_day <= earlier.deadline.last_day:
                raise InconsistentTargetError(
                    f"milestones must be in order of their deadlines: {milestone.deadline} "
                    f"comes after {earlier.deadline}",
                    field=f"{where}.deadline",
                    value=str(milestone.deadline),
                )
            earlier = milestone
            self.check_milestone(milestone, where)
        return self

    def check_milestone(self, milestone: Milestone, where: str) -> None:
        """Refuse a milestone this kind cannot judge (override for new kinds).

        By default a milestone states a ``value`` in a unit compatible with the target's.

        Args:
            milestone: The milestone.
            where: Its path in the document (``milestones.0``).

        Raises:
            InconsistentTargetError: For a change where a value is due.
            DimensionMismatchError: For a value in an incompatible unit.
        """
        if milestone.value is None:
            raise InconsistentTargetError(
                f"a {self.kind} target's milestone states a value (the figure due), not a "
                "change; a change from the baseline is for trend targets",
                field=f"{where}.change",
                value=str(milestone.change),
            )
        goal = self.target_value()
        if goal is not None and not milestone.value.unit.is_compatible(goal.unit):
            raise DimensionMismatchError(
                f"the milestone {milestone.value} is not in a unit compatible with the target "
                f"{goal}",
                field=f"{where}.value",
                value=str(milestone.value),
            )

    def at_milestone(self, milestone: Milestone) -> Self:
        """Return this target with the milestone's figure and deadline, and no milestones.

        The evaluator judges a KPI against its next milestone with this target (see
        docs/semantics.md, "Milestones"). Override for new kinds.

        Args:
            milestone: One of :attr:`milestones`.

        Returns:
            The target as the milestone states it.
        """
        update: dict[str, Any] = {"deadline": milestone.deadline, "milestones": ()}
        update["value"] = milestone.value
        return self.model_copy(update=update)

    @model_validator(mode="after")
    def _check_limit(self) -> Self:
        limit = self.limit
        if limit is None:
            return self
        if isinstance(limit, Rank) or limit.unit.kind == "rank":
            raise DimensionMismatchError(
                f"a limit cannot be a rank ({limit}): positions are bounded by 1st already",
                field="limit",
                value=str(limit),
            )
        check_level(limit, "limit")
        higher = self.direction is Direction.HIGHER
        side = "above" if higher else "below"
        for where, figure in self.limited_figures():
            if not figure.unit.is_compatible(limit.unit):
                raise DimensionMismatchError(
                    f"the limit {limit} is not in a unit compatible with the {where} {figure}",
                    field="limit",
                    value=str(limit),
                )
            beyond = figure > limit if higher else figure < limit
            if beyond:
                raise InconsistentTargetError(
                    f"the {where} {figure} lies {side} the limit {limit}, which the figures "
                    f"cannot pass when {self.direction.value} is better",
                    field="limit",
                    value=str(limit),
                )
        return self

    def limited_figures(self) -> tuple[tuple[str, Quantity], ...]:
        """Return the target's levels the limit bounds, by name (``value``, ``baseline``)."""
        figures: list[tuple[str, Quantity]] = []
        value = self.target_value()
        if value is not None:
            figures.append(("target", value))
        if self.baseline is not None:
            figures.append(("baseline", self.baseline.value))
        return tuple(figures)

    def units(self) -> tuple[Quantity, ...]:
        base = super().units()
        return base + ((self.limit,) if self.limit is not None else ())


class RankTarget(Target):
    """Reach a position within the top ``rank`` of a league table by the deadline.

    ``WIPO Global Innovation Index: within the top 4 by 2035`` is
    ``RankTarget(rank=4, deadline="2035年")``. Lower positions are better, always.

    Attributes:
        rank: The worst position that meets the target (4 for "top 4").
    """

    kind: Literal["rank"] = "rank"
    direction: Direction = Direction.LOWER
    rank: int = Field(ge=1)

    @model_validator(mode="before")
    @classmethod
    def _rank_as_written(cls, data: Any) -> Any:
        # rank: 4位, 4th, 上位4位以内, top 4: the position as tables write it.
        text = data.get("rank") if isinstance(data, dict) else None
        if not isinstance(text, str) or (text.strip().isascii() and text.strip().isdigit()):
            return data  # a number (or its digits, as JSON may quote them): pydantic reads it
        written = _TOP_N.fullmatch(text.strip())
        figure = written.group("n") or written.group("m") if written else text
        try:
            value = parse_quantity(figure if written is None else f"{figure}位")
        except KPIModelError as exc:
            raise SchemaError(
                f"cannot read the rank {text!r}: write the position as a whole number (4), "
                "or as 4位, 4th, 上位4位以内 or top 4",
                field="rank",
                value=text,
            ) from exc
        if not isinstance(value, Rank):
            raise SchemaError(
                f"the rank {text!r} is not a position: write 4, 4位, 4th, 上位4位以内 or top 4",
                field="rank",
                value=text,
            )
        return {**data, "rank": value.position}

    @model_validator(mode="after")
    def _lower_is_better(self) -> Self:
        if self.direction is not Direction.LOWER:
            raise InconsistentTargetError(
                "a rank target's direction is always 'lower'",
                field="direction",
                value=self.direction.value,
            )
        return self

    def target_value(self) -> Quantity:
        return Rank(magnitude=self.rank)


class RatioTarget(LimitedTarget):
    """Reach a share or percentage (at least when higher is better, at most otherwise).

    ``Share of intangible assets: 50% or more by 2035`` is
    ``RatioTarget(value="50%", deadline="2035年")``.

    Attributes:
        value: The share to reach.
        strict: Whether a figure must pass ``value``, not only reach it: "more than 90%"
            (``90%超``, ``> 90%``) is not met by exactly 90%. Set by a comparison written
            into ``value`` (超, 未満, more than, below, >, <), which also sets
            ``direction``; 以上, 以下, at least, at most, ≥, ≤ set ``direction`` alone.
    """

    kind: Literal["ratio"] = "ratio"
    value: Value
    strict: bool = False

    @model_validator(mode="after")
    def _is_share(self) -> Self:
        _require_unit_kind(self.value, ("ratio",), "a ratio target")
        return self

    @model_validator(mode="before")
    @classmethod
    def _share_sign(cls, data: Any) -> Any:
        return _require_share_sign(_read_comparison(data), "a ratio target")

    def target_value(self) -> Quantity:
        return self.value


class AbsoluteTarget(LimitedTarget):
    """Reach an amount or count (at least when higher is better, at most otherwise).

    ``Agricultural exports: 5兆円 by 2030`` is
    ``AbsoluteTarget(value="5兆円", deadline="2030年", baseline=...)``.

    Attributes:
        value: The amount or count to reach.
        strict: Whether a figure must pass ``value``, not only reach it: "more than 90%"
            (``90%超``, ``> 90%``) is not met by exactly 90%. Set by a comparison written
            into ``value`` (超, 未満, more than, below, >, <), which also sets
            ``direction``; 以上, 以下, at least, at most, ≥, ≤ set ``direction`` alone.
    """

    kind: Literal["absolute"] = "absolute"
    value: Value
    strict: bool = False

    @model_validator(mode="before")
    @classmethod
    def _comparison(cls, data: Any) -> Any:
        return _read_comparison(data)

    @model_validator(mode="after")
    def _not_rank(self) -> Self:
        if isinstance(self.value, Rank):
            raise DimensionMismatchError(
                "use a rank target for positions", field="value", value=str(self.value)
            )
        return self

    def target_value(self) -> Quantity:
        return self.value


class CumulativeTarget(Target):
    """Reach a total summed over a span of periods (``180兆円 over the next five years``).

    Attributes:
        value: The total to reach.
        period: The span the total is summed over; observations inside it add up.
    """

    kind: Literal["cumulative"] = "cumulative"
    value: Value
    period: Period | None = None

    @model_validator(mode="after")
    def _span(self) -> Self:
        if isinstance(self.value, Rank):
            raise DimensionMismatchError(
                "a cumulative total cannot be a rank", field="value", value=str(self.value)
            )
        period, deadline = self.period, self.deadline
        if period is not None and deadline is not None and deadline.end <= period.start:
            raise InconsistentTargetError(
                f"the deadline ({deadline}) comes before the period the total is summed "
                f"over ({period}) starts",
                field="deadline",
                value=str(deadline),
            )
        return self

    @property
    def effective_deadline(self) -> Period | None:
        """The deadline, or the end of :attr:`period` when no deadline is given."""
        return self.deadline if self.deadline is not None else self.period

    def target_value(self) -> Quantity:
        return self.value


class TrendTarget(LimitedTarget):
    """Move in a direction: increase, decrease, or change by an amount by the deadline.

    ``Increase AI research spending`` is ``TrendTarget()`` (higher is better);
    ``+10 points by 2033`` is ``TrendTarget(change="10ポイント", deadline="2033年")``.
    Without ``change`` such a target is never "achieved", only on track or behind.

    Attributes:
        change: The change to achieve from the baseline by the deadline, if numeric.
        min_rate: The least change per year that counts as moving (a percentage for a
            relative rate, or an amount per year in the series' unit); when omitted the
            evaluator's stagnation band applies.
    """

    kind: Literal["trend"] = "trend"
    change: Value | None = None
    min_rate: Value | None = None

    def check_milestone(self, milestone: Milestone, where: str) -> None:
        """A trend's milestone states a change from the baseline, as the target does."""
        if self.change is None:
            raise InconsistentTargetError(
                "a trend target without a change has no figure for milestones to stage; "
                "give the target its change",
                field=where,
                value=str(milestone.deadline),
            )
        if milestone.change is None:
            raise InconsistentTargetError(
                f"a trend target's milestone states a change from the baseline (as the "
                f"target's change {self.change} does), not a value",
                field=f"{where}.value",
                value=str(milestone.value),
            )

    def at_milestone(self, milestone: Milestone) -> Self:
        """This target with the milestone's change and deadline, and no milestones."""
        update = {"deadline": milestone.deadline, "change": milestone.change, "milestones": ()}
        return self.model_copy(update=update)

    def units(self) -> tuple[Quantity, ...]:
        # A change or minimum rate in % (relative) or in points (on a share) need not share
        # the series' unit; one given as an amount (100人, 3.6兆円) must.
        values = [self.baseline.value] if self.baseline is not None else []
        values += [
            figure
            for figure in (self.change, self.min_rate)
            if figure is not None and figure.unit.kind not in ("ratio", "percentage_point")
        ]
        if self.limit is not None:
            values.append(self.limit)
        return tuple(values)


class MaintainTarget(Target):
    """Stay at or beyond a level until the deadline (``stay within the top 5``).

    Achieved once the deadline has passed with every observation inside the bound; on
    track while inside before that.

    Attributes:
        value: The bound to stay within (a quantity, or a rank such as ``5位``).
        strict: Whether a figure must pass ``value``, not only reach it: "more than 90%"
            (``90%超``, ``> 90%``) is not met by exactly 90%. Set by a comparison written
            into ``value`` (超, 未満, more than, below, >, <), which also sets
            ``direction``; 以上, 以下, at least, at most, ≥, ≤ set ``direction`` alone.
    """

    kind: Literal["maintain"] = "maintain"
    value: Value
    strict: bool = False

    @model_validator(mode="before")
    @classmethod
    def _ranks_lower_by_default(cls, data: Any) -> Any:
        data = _read_comparison(data)
        if isinstance(data, dict) and "direction" not in data:
            value = data.get("value")
            is_rank = (
                isinstance(value, Rank)
                or (isinstance(value, str) and value.strip().endswith("位"))
                or (isinstance(value, dict) and str(value.get("unit", "")).strip() == "位")
            )
            if is_rank:
                return {**data, "direction": Direction.LOWER}
        return data

    @model_validator(mode="after")
    def _rank_lower(self) -> Self:
        if isinstance(self.value, Rank) and self.direction is not Direction.LOWER:
            raise InconsistentTargetError(
                "a rank bound's direction is always 'lower'",
                field="direction",
                value=self.direction.value,
            )
        return self

    def target_value(self) -> Quantity:
        return self.value


class ReferenceRatioTarget(Target):
    """Reach a ratio to a reference series (``Japan Search on a par with Europeana``).

    Attributes:
        reference: The id of the reference series (see :attr:`Indicator.references`).
        value: The ratio to reach, as a share (``100%`` for parity).
        strict: Whether a figure must pass ``value``, not only reach it: "more than 90%"
            (``90%超``, ``> 90%``) is not met by exactly 90%. Set by a comparison written
            into ``value`` (超, 未満, more than, below, >, <), which also sets
            ``direction``; 以上, 以下, at least, at most, ≥, ≤ set ``direction`` alone.
    """

    kind: Literal["reference_ratio"] = "reference_ratio"
    reference: str = Field(min_length=1, max_length=200)
    value: Value = Field(default_factory=lambda: Quantity(magnitude=100, unit="%"))
    strict: bool = False

    @model_validator(mode="after")
    def _is_share(self) -> Self:
        _require_unit_kind(self.value, ("ratio",), "a reference ratio")
        return self

    @model_validator(mode="before")
    @classmethod
    def _share_sign(cls, data: Any) -> Any:
        return _require_share_sign(_read_comparison(data), "a reference ratio")

    def target_value(self) -> Quantity:
        return self.value

    def units(self) -> tuple[Quantity, ...]:
        # The target is a ratio of the series to its reference, not a figure in the series'
        # unit: only the baseline (in the series' unit) constrains the observations' unit.
        return (self.baseline.value,) if self.baseline is not None else ()


class MonitorTarget(Target):
    """Figures are tracked, with no target (``monitor the number of consultations``)."""

    kind: Literal["monitor"] = "monitor"


class PendingTarget(Target):
    """The KPI is still to be set (``KPI to be set at an appropriate time``)."""

    kind: Literal["pending"] = "pending"


class CompletionTarget(Target):
    """Carry out a measure by the deadline (``施策を2027年度までに実施する``).

    Judged from dated :class:`~kpimodel.model.CompletionReport` s of the measure's state
    (``done``, ``in-progress``, ``not-started``), not from figures: see docs/semantics.md,
    "Completion". A report after one that says ``done`` must say ``done`` too: a finished
    measure is not un-done (a further stage is a target of its own).

    Attributes:
        deadline: The period by the end of which the measure should be done (required).
        reports: The reports of its state, in any order (one per period).
    """

    kind: Literal["completion"] = "completion"
    deadline: Period
    reports: tuple[CompletionReport, ...] = Field(default=(), max_length=10_000)

    @model_validator(mode="after")
    def _reports(self) -> Self:
        if self.baseline is not None:
            raise InconsistentTargetError(
                "a completion target has no baseline: it is judged from reports of the "
                "measure's state, not from figures",
                field="baseline",
                value=str(self.baseline.value),
            )
        ordered = sorted(enumerate(self.reports), key=lambda item: item[1].period.point)
        done: CompletionReport | None = None
        seen: set[Period] = set()
        for index, report in ordered:
            if report.period in seen:
                raise InconsistentTargetError(
                    f"two completion reports for the period {report.period}",
                    field=f"reports.{index}.period",
                    value=str(report.period),
                )
            seen.add(report.period)
            if done is not None and report.status is not CompletionState.DONE:
                raise InconsistentTargetError(
                    f"the report for {report.period} says {report.status.value}, but the "
                    f"measure was reported done in {done.period}; a finished measure is not "
                    "un-done (state a further stage as a target of its own)",
                    field=f"reports.{index}.status",
                    value=report.status.value,
                )
            if report.status is CompletionState.DONE and done is None:
                done = report
        return self


class Bands(Model):
    """The thresholds of a band target: the least level for each status.

    For ``direction: higher`` a figure at or above ``achieved`` is achieved, one at or above
    ``on_track`` (and below ``achieved``) is on track, anything below is behind; for
    ``direction: lower`` the comparisons run the other way (at or below). SDSN's dashboard
    colours (green / yellow / red) and RAG ratings on the percentage of a target read this
    way.

    Attributes:
        achieved: The least level (the most, when lower is better) that is achieved.
        on_track: The least level that is on track; ``None`` for two bands only
            (achieved, or behind).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    achieved: Value
    on_track: Value | None = None


class BandTarget(Target):
    """A status by level, not by pace: SDSN-style thresholds, or RAG on % of a target.

    ``{kind: band, bands: {achieved: 90%, on_track: 70%}}`` judges the latest figure
    itself against the thresholds (at least 90% achieved, at least 70% on track, otherwise
    behind). With ``value``, the thresholds are percentages of that target value:
    ``{kind: band, value: 5兆円, bands: {achieved: 100%, on_track: 80%}}`` judges
    ``latest / 5兆円``. See docs/semantics.md, "Band".

    Attributes:
        bands: The thresholds, ordered with :attr:`direction` (``achieved`` beyond
            ``on_track``).
        value: The target value the thresholds are percentages of, if any; without it the
            thresholds are levels in the series' unit.
    """

    kind: Literal["band"] = "band"
    bands: Bands
    value: Value | None = None

    @model_validator(mode="before")
    @classmethod
    def _band_ranks_lower(cls, data: Any) -> Any:
        # Bands written as positions (上位10位, 20位) mean "10th or better", as maintain's do.
        if isinstance(data, dict) and "direction" not in data and data.get("value") is None:
            bands = data.get("bands")
            first = bands.get("achieved") if isinstance(bands, dict) else None
            if isinstance(first, Rank) or (isinstance(first, str) and first.strip().endswith("位")):
                return {**data, "direction": Direction.LOWER}
        return data

    @model_validator(mode="before")
    @classmethod
    def _thresholds_with_units(cls, data: Any) -> Any:
        # '90' would be the plain number 90 (9000% against a share), which no table means.
        bands = data.get("bands") if isinstance(data, dict) else None
        for name in ("achieved", "on_track"):
            text = bands.get(name) if isinstance(bands, dict) else None
            if isinstance(text, str) and not parse_quantity(text).unit.symbol.strip():
                raise DimensionMismatchError(
                    f"a band threshold needs its unit: {text!r} is a bare number; write "
                    f"'{text.strip()}%' for a percentage, or {{magnitude: '{text.strip()}', "
                    "unit: ''} for a plain number",
                    field=f"bands.{name}",
                    value=text,
                )
        return data

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        achieved, on_track = self.bands.achieved, self.bands.on_track
        if self.baseline is not None:
            raise InconsistentTargetError(
                "a band target judges the latest level against its thresholds, so a "
                "baseline would be unused; drop it (or use a ratio or absolute target)",
                field="baseline",
                value=str(self.baseline.value),
            )
        if self.value is not None:
            if isinstance(self.value, Rank) or self.value.magnitude <= 0:
                raise InconsistentTargetError(
                    f"the thresholds of a band target are shares of its value, which must be a "
                    f"positive amount, not {self.value}",
                    field="value",
                    value=str(self.value),
                )
            for name, figure in (("achieved", achieved), ("on_track", on_track)):
                if figure is not None and figure.unit.kind != "ratio":
                    raise DimensionMismatchError(
                        f"with a value ({self.value}), a band threshold is a percentage of it "
                        f"(such as 80%), not {figure}",
                        field=f"bands.{name}",
                        value=str(figure),
                    )
        if isinstance(achieved, Rank) and self.direction is not Direction.LOWER:
            raise InconsistentTargetError(
                "bands given as positions are always judged with direction 'lower'",
                field="direction",
                value=self.direction.value,
            )
        if on_track is None:
            return self
        if not on_track.unit.is_compatible(achieved.unit):
            raise DimensionMismatchError(
                f"the band thresholds {achieved} and {on_track} have incompatible units",
                field="bands.on_track",
                value=str(on_track),
            )
        higher = self.direction is Direction.HIGHER
        if (on_track >= achieved) if higher else (on_track <= achieved):
            side, word = ("below", "higher") if higher else ("above", "lower")
            raise InconsistentTargetError(
                f"the on_track threshold {on_track} must lie {side} the achieved threshold "
                f"{achieved} when {word} is better (direction: {self.direction.value})",
                field="bands.on_track",
                value=str(on_track),
            )
        return self

    def thresholds(self) -> tuple[Quantity, ...]:
        """Return the thresholds, ``achieved`` first."""
        bands = self.bands
        return (bands.achieved,) if bands.on_track is None else (bands.achieved, bands.on_track)

    def target_value(self) -> Quantity:
        """The value the thresholds are shares of, or else the achieved threshold."""
        return self.value if self.value is not None else self.bands.achieved

    def units(self) -> tuple[Quantity, ...]:
        # With a value, the thresholds are percentages of it: only the value shares the
        # series' unit. Without one, the thresholds are levels in it.
        return (self.target_value(),)


class ConvergenceTarget(Target):
    """Close the gap to a reference series or to a fixed level by the deadline.

    ``{kind: convergence, reference: eu-average, deadline: 2030年}`` closes the gap between
    the series and the reference series ``eu-average`` (see :attr:`Indicator.references`);
    ``{kind: convergence, value: 50%, deadline: 2030年}`` the gap to parity with a fixed
    level (women's share of ICT specialists toward 50%). The gap is the absolute
    difference ``|series - reference|``, in the series' unit (in points for a share);
    the figures must bring it down to :attr:`gap` (default 0). See docs/semantics.md,
    "Convergence".

    Attributes:
        direction: The gap's direction: always ``lower`` (a smaller gap is better).
        reference: The id of the reference series, or ``None`` with :attr:`value`.
        value: The fixed level to converge to, or ``None`` with :attr:`reference`.
        gap: The gap to reach (at most), in the series' unit or, for a share, in points
            (``2ポイント``, ``2 pp``); ``None`` for 0.
        baseline: The series' figure progress is measured from; its gap is taken against
            :attr:`value`, or against the reference's figure for the same period.
    """

    kind: Literal["convergence"] = "convergence"
    direction: Direction = Direction.LOWER
    reference: str | None = Field(default=None, min_length=1, max_length=200)
    value: Value | None = None
    gap: Value | None = None

    @model_validator(mode="before")
    @classmethod
    def _level_with_unit(cls, data: Any) -> Any:
        # value: '50' would be the plain number 50 (5000% against a share).
        return _require_share_sign(data, "the level a convergence target converges to")

    @model_validator(mode="after")
    def _one_reference(self) -> Self:
        if (self.reference is None) == (self.value is None):
            raise InconsistentTargetError(
                "a convergence target needs either a reference series (reference:) or a "
                f"fixed level (value:), not {'both' if self.value is not None else 'neither'}",
                field="reference" if self.reference is None else "value",
                value=str(self.value) if self.value is not None else None,
            )
        if self.direction is not Direction.LOWER:
            raise InconsistentTargetError(
                "a convergence target's direction is the gap's, always 'lower' (a smaller "
                "gap is better), whichever way the series itself moves",
                field="direction",
                value=self.direction.value,
            )
        for field, figure in (("value", self.value), ("gap", self.gap)):
            if isinstance(figure, Rank):
                raise DimensionMismatchError(
                    "a convergence target cannot be given in positions",
                    field=field,
                    value=str(figure),
                )
        gap = self.gap
        if gap is not None and gap.magnitude < 0:
            raise InconsistentTargetError(
                f"the gap to reach is a distance, never negative: {gap}",
                field="gap",
                value=str(gap),
            )
        if gap is not None and gap.magnitude != 0 and self.value is not None:
            share = self.value.unit.kind == "ratio"
            fits = (
                gap.unit.kind == "percentage_point"
                if share
                else gap.unit.is_compatible(self.value.unit)
            )
            if not fits:
                wanted = "in points (2ポイント, 2 pp)" if share else f"in {self.value.unit.symbol}"
                raise DimensionMismatchError(
                    f"the gap to {self.value} is a difference {wanted}, not {gap}",
                    field="gap",
                    value=str(gap),
                )
        return self

    def target_value(self) -> Quantity | None:
        """The fixed level converged to, if any."""
        return self.value

    def units(self) -> tuple[Quantity, ...]:
        values = [self.value] if self.value is not None else []
        if self.baseline is not None:
            values.append(self.baseline.value)
        gap = self.gap
        if gap is not None and gap.magnitude != 0 and gap.unit.kind != "percentage_point":
            values.append(gap)
        return tuple(values)
