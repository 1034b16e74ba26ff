"""Indicators, KPIs, themes and programs: a whole KPI table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import (
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from kpimodel._display import Displayable, convert
from kpimodel._validation import Model, raise_all
from kpimodel.errors import (
    DimensionMismatchError,
    DuplicateKPIError,
    DuplicateObservationError,
    InconsistentTargetError,
    KPIModelError,
    SchemaError,
)
from kpimodel.model._observation import Observation
from kpimodel.model._stated import StatedStatus
from kpimodel.model._targets import (
    AnyTarget,
    CompletionTarget,
    ConvergenceTarget,
    Direction,
    EvaluationSettings,
    MonitorTarget,
    ReferenceRatioTarget,
    Target,
)
from kpimodel.periods._field import fiscal_year_start
from kpimodel.units import Quantity, UnitDeclaration
from kpimodel.units._values import kpimodel_error

__all__ = ["KPI", "Indicator", "Program", "ReferenceSeries", "Theme", "known_as_of"]

#: Identifiers: short, printable, no surrounding white space.
Id = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\s](?:.*[^\s])?$")]
Text = Annotated[str, StringConstraints(max_length=10_000)]
#: The most observations one series may hold (a documented limit; see docs/limits).
MAX_OBSERVATIONS = 100_000


def _check_series(
    observations: tuple[Observation, ...], units: tuple[Quantity, ...], where: str
) -> None:
    # Every problem of the series is reported, not only the first (raise_all).
    problems: list[KPIModelError] = []
    seen: dict[Any, Observation] = {}
    for index, obs in enumerate(observations):
        if obs.period is None:
            continue
        # A revision (a later publication of the same period's figure) is allowed; two
        # figures that would count as published on the same day are not: which is the
        # latest could not be told.
        key = (obs.period, obs.known_from)
        if key in seen:
            first = seen[key]
            if obs.published is not None or first.published is not None:
                why = f", both counting as published on {obs.known_from}"
            elif obs.edition != first.edition:
                why = (
                    f" (editions {first.edition or 'not given'} and {obs.edition or 'not given'}) "
                    "with no publication date, so neither is known to be the later: give "
                    "each revision the date it was published (published:)"
                )
            else:
                why = "; a revision gives the date it was published (published:)"
            problems.append(
                DuplicateObservationError(
                    f"two observations of {where} for the period {obs.period}{why}",
                    field=f"observations.{index}.period",
                    value=str(obs.period),
                )
            )
        seen[key] = obs
    reference = units[0] if units else (observations[0].value if observations else None)
    for index, obs in enumerate(observations if reference is not None else ()):
        assert reference is not None
        if not obs.value.unit.is_compatible(reference.unit):
            problems.append(
                DimensionMismatchError(
                    f"observation {obs.value} of {where} is not in a unit compatible with "
                    f"{reference.unit.symbol or 'a plain number'!r}",
                    field=f"observations.{index}.value",
                    value=str(obs.value),
                )
            )
    raise_all(problems, where)


def _check_limit(observations: tuple[Observation, ...], target: Target, where: str) -> None:
    """Refuse a figure beyond the target's natural limit (110% of a coverage limit of 100%)."""
    limit = getattr(target, "limit", None)
    if not isinstance(limit, Quantity):
        return
    higher = target.direction is Direction.HIGHER
    for index, obs in enumerate(observations):
        if obs.value > limit if higher else obs.value < limit:
            side = "above" if higher else "below"
            raise InconsistentTargetError(
                f"observation {obs.value} of {where} lies {side} the target's limit {limit}",
                field=f"observations.{index}.value",
                value=str(obs.value),
            )


def _with_derived(observations: tuple[Observation, ...]) -> tuple[Observation, ...]:
    periods = {obs.period for obs in observations if obs.period is not None}
    implied: set[Any] = set()
    derived: list[Observation] = []
    for obs in observations:
        for previous in obs.implied_previous():
            if previous.period is None or previous.period not in periods:
                # One derived figure per period and publication (a revised figure with
                # its stated change implies a revised earlier figure).
                key = (previous.period, previous.known_from)
                if previous.period is not None and key in implied:
                    continue
                implied.add(key)
                derived.append(previous)
    return tuple(sorted((*observations, *derived), key=observation_order))


def observation_order(obs: Observation) -> tuple[int, dt.date, dt.date, int, dt.date]:
    """Sort key that orders observations by period, undated ones first.

    Args:
        obs: An observation.

    Returns:
        A key: undated observations sort before dated ones, dated ones by their point;
        among undated ones, derived (earlier) figures come before the figures they were
        derived from, so the last observation is the latest the source printed; the
        revisions of one period's figure follow the order they were published in.
    """
    derived_first = 0 if obs.derived else 1
    known = obs.known_from or dt.date.min
    if obs.period is None:
        return (0, dt.date.min, dt.date.min, derived_first, known)
    return (1, obs.period.point, obs.period.end, derived_first, known)


def known_as_of(
    observations: Iterable[Observation], as_of: dt.date | None
) -> tuple[Observation, ...]:
    """Return the figures that were known on ``as_of``: one per period, the latest published.

    A figure is known once its period has ended and it has been published (a figure
    without ``published`` counts as published at its period's end). Of the revisions of
    one period's figure known by then, the latest published is kept. Undated figures are
    kept when they were published by then (or give no publication date).

    Args:
        observations: The figures, revisions included.
        as_of: The day; ``None`` keeps every period's latest figure, whenever published.

    Returns:
        The figures, in :func:`observation_order`.
    """
    latest: dict[Any, Observation] = {}
    undated: list[Observation] = []
    for obs in observations:
        if as_of is not None:
            if obs.period is not None and obs.period.last_day > as_of:
                continue
            if obs.published is not None and obs.published > as_of:
                continue
        if obs.period is None:
            undated.append(obs)
            continue
        known = latest.get(obs.period)
        if known is None or (known.known_from or dt.date.min) <= (obs.known_from or dt.date.min):
            latest[obs.period] = obs
    return tuple(sorted((*undated, *latest.values()), key=observation_order))


class ReferenceSeries(Model):
    """A series shown for context or compared against (Korea's rank, Europeana's size).

    Attributes:
        id: The series id, unique within its indicator.
        title: Its name in the source language.
        title_en: Its name in English.
        observations: Its figures.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: Text | None = None
    title_en: Text | None = None
    observations: tuple[Observation, ...] = ()

    @model_validator(mode="after")
    def _valid(self) -> Self:
        _check_series(self.observations, (), f"reference series {self.id!r}")
        return self


class Indicator(Displayable, Model):
    """One measured series of a KPI, with its target and observations.

    Attributes:
        id: The indicator id, unique within its KPI.
        title: What is measured, in the source language.
        title_en: The same in English.
        target: What the series should reach (a monitor target when none is set).
        observations: The figures, as the source gives them.
        references: Other series for context or comparison (see
            :class:`~kpimodel.ReferenceRatioTarget`).
        series: A key naming the measured series when several KPIs of a program speak of
            the same one; their observations are pooled for evaluation.
        stated_status: The status the document states for this indicator, reported beside
            the computed one (never instead of it).
        note: Free text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: Text | None = None
    title_en: Text | None = None
    target: AnyTarget = Field(default_factory=MonitorTarget)
    observations: tuple[Observation, ...] = Field(default=(), max_length=MAX_OBSERVATIONS)
    references: tuple[ReferenceSeries, ...] = ()
    series: Id | None = None
    stated_status: StatedStatus | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _valid(self) -> Self:
        if isinstance(self.target, CompletionTarget) and self.observations:
            raise InconsistentTargetError(
                f"indicator {self.id!r} has a completion target, which is judged from its "
                "reports (target.reports: [{period, status: done|in-progress|not-started}]), "
                "not from figures; move the figures to an indicator of their own",
                field="observations",
                value=str(self.observations[0].value),
            )
        _check_series(self.observations, self.target.units(), f"indicator {self.id!r}")
        _check_limit(self.observations, self.target, f"indicator {self.id!r}")
        ids = [ref.id for ref in self.references]
        if len(set(ids)) != len(ids):
            raise DuplicateKPIError(
                f"reference series ids repeat in indicator {self.id!r}", field="references"
            )
        if isinstance(self.target, ReferenceRatioTarget) and self.target.reference not in ids:
            raise InconsistentTargetError(
                f"the target refers to a reference series {self.target.reference!r} that "
                f"indicator {self.id!r} does not define",
                field="target.reference",
                value=self.target.reference,
            )
        converges_to = getattr(self.target, "reference", None)
        if isinstance(self.target, ConvergenceTarget) and converges_to not in (None, *ids):
            raise InconsistentTargetError(
                f"the target converges to a reference series {converges_to!r} that "
                f"indicator {self.id!r} does not define",
                field="target.reference",
                value=converges_to,
            )
        return self

    @cached_property
    def all_observations(self) -> tuple[Observation, ...]:
        """The observations plus the derived ones that stated changes imply, by period."""
        return _with_derived(self.observations)

    def to_dataframe(self, **options: Any) -> Any:
        """Return one row per observation as a pandas DataFrame.

        Needs the ``pandas`` extra (``pip install -e ".[pandas]"``); see
        :func:`kpimodel.integrations.pandas.observations_dataframe` for the columns and
        options.
        """
        return convert("observations", self, **options)

    def reference(self, reference_id: str) -> ReferenceSeries:
        """Return the reference series with the given id.

        Args:
            reference_id: The reference series id.

        Returns:
            The series.

        Raises:
            KeyError: When there is none.
        """
        for ref in self.references:
            if ref.id == reference_id:
                return ref
        raise KeyError(reference_id)


_FLAT_KEYS = ("target", "observations", "references", "series")


class RollUp(StrEnum):
    """How indicator statuses combine into a KPI status.

    ``worst`` (the default, as Destatis does): the worst assessed indicator decides;
    indicators with no data decide only when no indicator can be assessed. Under every
    rule a monitored indicator (``kind: monitor``) is context: it decides only a KPI
    whose indicators are all monitored. ``best``: the
    best assessed indicator decides. ``all-assessed``: like ``worst``, but any indicator
    with no data makes the KPI no-data.
    """

    WORST = "worst"
    BEST = "best"
    ALL_ASSESSED = "all-assessed"


class KPI(Displayable, Model):
    """A key performance indicator: its text, and one or more measured indicators.

    A KPI with a single indicator can be written flat, with ``target`` and
    ``observations`` directly on the KPI; it is stored as one indicator with the KPI's id.

    Attributes:
        id: The KPI id, unique within the program.
        title: The KPI as the source states it, in the original language.
        title_en: An English translation.
        indicators: The measured series (at least one).
        progress_text: The source's progress statement, verbatim.
        source_ref: Where the KPI sits in its source (``row 7``).
        stated_status: The status the document states for this KPI, reported beside the
            computed one (never instead of it).
        roll_up: How this KPI's indicators combine into its status ("cloud OR AI OR big
            data" is ``best``; "citizens AND businesses" is ``worst``), over the rule the
            evaluation is asked for; ``None`` to follow that rule.
        note: Free text (what kpimodel's modelling assumed, for instance).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: Text
    title_en: Text | None = None
    indicators: tuple[Indicator, ...] = Field(min_length=1, max_length=1000)
    progress_text: Text | None = None
    source_ref: Text | None = None
    stated_status: StatedStatus | None = None
    roll_up: RollUp | None = None
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        if isinstance(data, dict) and "indicators" not in data:
            flat = {key: data[key] for key in _FLAT_KEYS if key in data}
            rest = {key: value for key, value in data.items() if key not in _FLAT_KEYS}
            rest["indicators"] = [{"id": data.get("id", "main"), **flat}]
            return rest
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        if handler.mode == "serialization":
            return schema
        # Documents may also write a single-indicator KPI flat (see _flat): offer both forms.
        definition = handler.resolve_ref_schema(schema)
        indicator = handler.resolve_ref_schema(definition["properties"]["indicators"]["items"])
        keys = ("type", "properties", "required", "additionalProperties")
        explicit = {key: definition.pop(key) for key in keys if key in definition}
        flat = {
            **explicit,
            "properties": {
                **{k: v for k, v in explicit["properties"].items() if k != "indicators"},
                **{k: v for k, v in indicator["properties"].items() if k in _FLAT_KEYS},
            },
            "required": [k for k in explicit.get("required", ()) if k != "indicators"],
        }
        definition["anyOf"] = [explicit, flat]
        return schema

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [ind.id for ind in self.indicators]
        if len(set(ids)) != len(ids):
            duplicate = next(i for i in ids if ids.count(i) > 1)
            raise DuplicateKPIError(
                f"indicator id {duplicate!r} repeats", field="indicators", value=duplicate
            )
        return self

    def to_dataframe(self, **options: Any) -> Any:
        """Return one row per observation as a pandas DataFrame.

        Needs the ``pandas`` extra (``pip install -e ".[pandas]"``); see
        :func:`kpimodel.integrations.pandas.observations_dataframe` for the columns and
        options.
        """
        return convert("observations", self, **options)

    @property
    def targets(self) -> tuple[Target, ...]:
        """The targets of the indicators, in order."""
        return tuple(ind.target for ind in self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with the given id.

        Args:
            indicator_id: The indicator id.

        Returns:
            The indicator.

        Raises:
            KeyError: When there is none.
        """
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


class Theme(Displayable, Model):
    """A group of KPIs under one heading (テーマ).

    Attributes:
        id: The theme id, unique within the program.
        title: The heading in the source language.
        title_en: The heading in English.
        kpis: The KPIs.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Id
    title: Text
    title_en: Text | None = None
    kpis: tuple[KPI, ...] = ()


class Program(Displayable, Model):
    """A whole KPI table: themes of KPIs, with where it comes from.

    Attributes:
        title: The program's title.
        title_en: The title in English.
        publisher: Who publishes it.
        edition: Which edition (``2026``).
        as_of: The date its figures describe; evaluations default to it.
        source: Where the table comes from.
        note: Free text.
        evaluation: The evaluation method and parameters for every target (a target's
            own ``evaluation`` overrides them).
        units: Units the table uses that kpimodel does not know (``nodes``, ``基地局``),
            declared before any figure is read (see :class:`kpimodel.units.UnitDeclaration`).
        themes: The themes, in order.
        fiscal_year_start: The first month of the table's fiscal years (1 to 12): 4 (April,
            as in Japan and the UK) by default, 7 for Australia, 10 for the US federal
            year. Every period text of the document (``2023-24``, ``2025年度上期``) is read
            with it.
        language: The language the table's own text (``title`` and the titles of its
            themes, KPIs and indicators) is written in, ``ja`` or ``en``; when absent,
            outputs that follow the document's language detect it from that text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Text
    title_en: Text | None = None
    language: Literal["ja", "en"] | None = None
    publisher: Text | None = None
    edition: Text | None = None
    as_of: dt.date | None = None
    source: Text | None = None
    note: Text | None = None
    evaluation: EvaluationSettings | None = None
    themes: tuple[Theme, ...] = ()
    units: tuple[UnitDeclaration, ...] = Field(default=(), max_length=200)
    fiscal_year_start: int = Field(default=4, ge=1, le=12, strict=True)

    @field_validator("fiscal_year_start", mode="before")
    @classmethod
    def _month_number(cls, value: Any) -> Any:
        if type(value) is not int or not 1 <= value <= 12:
            raise SchemaError(
                "fiscal_year_start is the first month of the fiscal years, a whole number "
                "from 1 to 12 (4 for April as in Japan and the UK, 7 for Australia, 10 for "
                f"the US federal year), not {value!r}",
                field="fiscal_year_start",
                value=str(value),
            )
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _read_with_fiscal_year_start(cls, data: Any, handler: Any) -> Any:
        # The start month is the document's, and every period text below it depends on
        # it: read it first, and read the themes with it. A bad value is left to the
        # field's own validation, which reports it.
        month = data.get("fiscal_year_start", 4) if isinstance(data, dict) else 4
        if type(month) is not int or not 1 <= month <= 12:
            return handler(data)
        with fiscal_year_start(month):
            return handler(data)

    @model_validator(mode="before")
    @classmethod
    def _declare_units_first(cls, data: Any) -> Any:
        # The units are declared before any figure of the themes is read.
        if isinstance(data, dict) and isinstance(data.get("units"), list | tuple):
            for index, item in enumerate(data["units"][:200]):
                if isinstance(item, dict):
                    try:
                        UnitDeclaration.model_validate(item)
                    except ValidationError as exc:
                        inner = kpimodel_error(exc)
                        if inner is None:
                            raise SchemaError(
                                f"cannot declare unit {item.get('symbol')!r}: "
                                f"{exc.errors()[0]['msg']}",
                                field=f"units.{index}",
                                value=str(item.get("symbol")),
                            ) from exc
                        raise inner.located(field=f"units.{index}") from exc
        return data

    @model_validator(mode="after")
    def _unique(self) -> Self:
        if not any(theme.kpis for theme in self.themes):
            raise SchemaError(
                "the program has no KPIs: give at least one theme with at least one KPI",
                field="themes",
                value=len(self.themes),
            )
        theme_ids: set[str] = set()
        kpi_ids: set[str] = set()
        series_units: dict[str, tuple[str, Quantity]] = {}
        for t_index, theme in enumerate(self.themes):
            if theme.id in theme_ids:
                raise DuplicateKPIError(
                    f"theme id {theme.id!r} repeats",
                    field=f"themes.{t_index}.id",
                    value=theme.id,
                )
            theme_ids.add(theme.id)
            for k_index, kpi in enumerate(theme.kpis):
                if kpi.id in kpi_ids:
                    raise DuplicateKPIError(
                        f"KPI id {kpi.id!r} repeats",
                        kpi_id=kpi.id,
                        field=f"themes.{t_index}.kpis.{k_index}.id",
                        value=kpi.id,
                    )
                kpi_ids.add(kpi.id)
                for ind in kpi.indicators:
                    if ind.series is None:
                        continue
                    units = [o.value for o in ind.observations] + list(ind.target.units())
                    if not units:
                        continue
                    known = series_units.setdefault(ind.series, (kpi.id, units[0]))
                    if not known[1].unit.is_compatible(units[0].unit):
                        raise DimensionMismatchError(
                            f"series {ind.series!r} is measured in {known[1].unit.symbol!r} "
                            f"by KPI {known[0]!r} but in {units[0].unit.symbol!r} here",
                            kpi_id=kpi.id,
                            field="series",
                            value=ind.series,
                        )
        return self

    def kpis(self) -> Iterator[tuple[Theme, KPI]]:
        """Iterate over every KPI with its theme, in table order."""
        for theme in self.themes:
            for kpi in theme.kpis:
                yield theme, kpi

    def kpi(self, kpi_id: str) -> KPI:
        """Return the KPI with the given id.

        Args:
            kpi_id: The KPI id.

        Returns:
            The KPI.

        Raises:
            KeyError: When there is none.
        """
        for _, kpi in self.kpis():
            if kpi.id == kpi_id:
                return kpi
        raise KeyError(kpi_id)

    def series_observations(self, series: str) -> tuple[Observation, ...]:
        """Return every observation of a shared series, pooled across KPIs, by period.

        When two indicators give a figure for the same period and publication, the first
        in table order wins; revisions (other publications) are all kept.

        Args:
            series: The series key (see :attr:`Indicator.series`).

        Returns:
            The pooled observations, derived ones included.
        """
        pooled: dict[Any, Observation] = {}
        for _, kpi in self.kpis():
            for ind in kpi.indicators:
                if ind.series == series:
                    for index, obs in enumerate(ind.all_observations):
                        key = (
                            (obs.period, obs.known_from)
                            if obs.period is not None
                            else (kpi.id, ind.id, index)
                        )
                        pooled.setdefault(key, obs)
        return tuple(sorted(pooled.values(), key=observation_order))
