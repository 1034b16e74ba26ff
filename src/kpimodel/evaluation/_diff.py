"""``kpimodel.diff``: what changed between two editions of a program.

KPIs are matched across the editions by id. A KPI whose id has no match may still be the
same KPI under a new id: with ``fallback=True`` (the default) the unmatched KPIs of the two
editions are paired by the similarity of their titles (:class:`difflib.SequenceMatcher`'s
ratio on the source-language titles, at least ``threshold``; the most similar pairs
first). Every pair found so is reported, as a ``kpi-matched-by-title`` change and in
:attr:`ProgramDiff.matches`: a match by title is a guess, and the reader is told.

For every matched KPI the diff lists its rewording, its indicators added or removed, its
targets set or revised, its baselines revised, its figures added, revised or removed (each
with both values), and its status change with both reasons (each edition evaluated as of
its own ``as_of``, or the dates given). Changes are grouped by theme.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kpimodel.errors import InputError
from kpimodel.evaluation._api import evaluate
from kpimodel.evaluation._result import KPIEvaluation, Status
from kpimodel.model import KPI, AnyTarget, Indicator, Observation, Program, Target, Theme
from kpimodel.model._observation import Bound, Value
from kpimodel.model._program import known_as_of
from kpimodel.periods import Period

__all__ = ["DEFAULT_THRESHOLD", "DiffEntry", "DiffKind", "KPIMatch", "ProgramDiff", "diff"]

#: The least title similarity (0 to 1) at which two unmatched KPIs are taken to be one.
DEFAULT_THRESHOLD = 0.6

#: Target kinds that set no figure to reach: replacing one by a real target *sets* it.
_UNSET_KINDS = frozenset({"pending", "monitor"})
#: Target fields that are its record, not its substance: a change in them alone is no
#: revision of the target (the wording is the KPI's text; the baseline is compared apart).
_RECORD_FIELDS = frozenset({"text", "baseline", "edition", "replaces", "evaluation"})


class DiffKind(StrEnum):
    """The kinds of change a diff lists, in the order a KPI's changes are given."""

    KPI_MATCHED_BY_TITLE = "kpi-matched-by-title"
    KPI_ADDED = "kpi-added"
    KPI_REMOVED = "kpi-removed"
    KPI_REWORDED = "kpi-reworded"
    INDICATOR_ADDED = "indicator-added"
    INDICATOR_REMOVED = "indicator-removed"
    TARGET_SET = "target-set"
    TARGET_REVISED = "target-revised"
    BASELINE_REVISED = "baseline-revised"
    FIGURE_ADDED = "figure-added"
    FIGURE_REVISED = "figure-revised"
    FIGURE_REMOVED = "figure-removed"
    STATUS_CHANGED = "status-changed"


_FIGURE_KINDS = (DiffKind.FIGURE_ADDED, DiffKind.FIGURE_REVISED, DiffKind.FIGURE_REMOVED)
# A KPI's changes in kind order; its figures' changes together, period by period.
_ORDER = {
    kind: index if kind not in _FIGURE_KINDS else list(DiffKind).index(DiffKind.FIGURE_ADDED)
    for index, kind in enumerate(DiffKind)
}


class KPIMatch(BaseModel):
    """A KPI of the old edition and the KPI of the new edition taken to be the same.

    Attributes:
        old_id: The KPI's id in the old edition.
        new_id: Its id in the new edition.
        by: ``id`` (the ids are equal) or ``title`` (the fallback: similar titles).
        similarity: The titles' similarity (0 to 1; 1.0 for identical titles).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    old_id: str
    new_id: str
    by: Literal["id", "title"]
    similarity: float = Field(ge=0, le=1)


class DiffEntry(BaseModel):
    """One change between the editions.

    Only the fields the kind needs are set: a figure's change has ``period`` and the two
    values, a status change the two statuses, reasons and explanations.

    Attributes:
        kind: What changed.
        theme_id: The KPI's theme (in the new edition; in the old for a removed KPI).
        theme_title: The theme's title in the source language.
        theme_title_en: The theme's title in English.
        kpi_id: The KPI's id (in the new edition; in the old for a removed KPI).
        old_kpi_id: The KPI's id in the old edition, when matched by title.
        kpi_title: The KPI's title in the source language.
        kpi_title_en: The KPI's title in English.
        indicator_id: The indicator, for changes of one indicator.
        reference_id: The reference series, for a change of one of its figures.
        matched_by: How the KPI was matched: ``id``, ``title``, or ``None`` for a KPI
            added or removed.
        similarity: The titles' similarity, for a match by title.
        period: The figure's period (``None`` for an undated figure).
        old_text: The old wording (a reworded KPI's title).
        new_text: The new wording.
        old_target: The old target (a target set or revised).
        new_target: The new target.
        old_value: The old figure or baseline.
        new_value: The new figure or baseline.
        old_bound: The old figure's bound, if it was one.
        new_bound: The new figure's bound, if it is one.
        old_published: When the old figure was published, when the document says.
        new_published: When the new figure was published, when the document says.
        old_edition: The old figure's edition, when the document says.
        new_edition: The new figure's edition, when the document says.
        old_status: The KPI's status in the old edition.
        new_status: Its status in the new edition.
        old_reason: The old status's reason code.
        new_reason: The new status's reason code.
        old_explanation: The old status's explanation (English).
        new_explanation: The new status's explanation (English).
        old_explanation_ja: The old status's explanation (Japanese).
        new_explanation_ja: The new status's explanation (Japanese).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: DiffKind
    theme_id: str | None = None
    theme_title: str | None = None
    theme_title_en: str | None = None
    kpi_id: str
    old_kpi_id: str | None = None
    kpi_title: str
    kpi_title_en: str | None = None
    indicator_id: str | None = None
    reference_id: str | None = None
    matched_by: Literal["id", "title"] | None = None
    similarity: float | None = None
    period: Period | None = None
    old_text: str | None = None
    new_text: str | None = None
    old_target: AnyTarget | None = None
    new_target: AnyTarget | None = None
    old_value: Value | None = None
    new_value: Value | None = None
    old_bound: Bound | None = None
    new_bound: Bound | None = None
    old_published: dt.date | None = None
    new_published: dt.date | None = None
    old_edition: str | None = None
    new_edition: str | None = None
    old_status: Status | None = None
    new_status: Status | None = None
    old_reason: str | None = None
    new_reason: str | None = None
    old_explanation: str | None = None
    new_explanation: str | None = None
    old_explanation_ja: str | None = None
    new_explanation_ja: str | None = None


class ThemeChanges(BaseModel):
    """The changes of one theme.

    Attributes:
        theme_id: The theme id (``None`` for KPIs outside any theme).
        title: The theme's title in the source language.
        title_en: The theme's title in English.
        entries: The changes, KPI by KPI in table order.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    theme_id: str | None = None
    title: str | None = None
    title_en: str | None = None
    entries: tuple[DiffEntry, ...] = ()


class ProgramDiff(BaseModel):
    """What changed between two editions of a program (see :func:`diff`).

    Attributes:
        old_title: The old edition's title.
        new_title: The new edition's title.
        old_edition: The old edition's name (its ``edition:``).
        new_edition: The new edition's name.
        old_as_of: The date the old edition was evaluated as of.
        new_as_of: The date the new edition was evaluated as of.
        fallback: Whether unmatched KPIs were matched by title.
        threshold: The least title similarity of a match by title.
        matches: Every KPI matched across the editions, by id or by title, in the new
            edition's order.
        entries: The changes, grouped by theme (the new edition's themes first, in its
            order, then themes only the old edition has), KPI by KPI.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    old_title: str
    new_title: str
    old_edition: str | None = None
    new_edition: str | None = None
    old_as_of: dt.date
    new_as_of: dt.date
    fallback: bool = True
    threshold: float = DEFAULT_THRESHOLD
    matches: tuple[KPIMatch, ...] = ()
    entries: tuple[DiffEntry, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not self.entries

    @property
    def matched_by_title(self) -> tuple[KPIMatch, ...]:
        """The KPIs matched by the title fallback (a guess the reader should check)."""
        return tuple(match for match in self.matches if match.by == "title")

    def themes(self) -> tuple[ThemeChanges, ...]:
        """Return the changes grouped by theme, in the order of :attr:`entries`."""
        groups: dict[str | None, list[DiffEntry]] = {}
        for entry in self.entries:
            groups.setdefault(entry.theme_id, []).append(entry)
        return tuple(
            ThemeChanges(
                theme_id=theme_id,
                title=items[0].theme_title,
                title_en=items[0].theme_title_en,
                entries=tuple(items),
            )
            for theme_id, items in groups.items()
        )

    def counts(self) -> dict[str, int]:
        """Return the number of changes of each kind that occurs, in :class:`DiffKind` order."""
        found: dict[str, int] = {}
        for kind in DiffKind:
            number = sum(1 for entry in self.entries if entry.kind is kind)
            if number:
                found[kind.value] = number
        return found


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split())).ratio()


def match_kpis(
    old: Program, new: Program, *, fallback: bool = True, threshold: float = DEFAULT_THRESHOLD
) -> tuple[KPIMatch, ...]:
    """Match the KPIs of two editions: by id, then (with ``fallback``) by title.

    Args:
        old: The old edition.
        new: The new edition.
        fallback: Pair KPIs left unmatched by id by the similarity of their titles.
        threshold: The least similarity (0 to 1) of a pair matched by title.

    Returns:
        The matches, in the new edition's order.
    """
    old_kpis = {kpi.id: kpi for _, kpi in old.kpis()}
    new_kpis = {kpi.id: kpi for _, kpi in new.kpis()}
    found: dict[str, KPIMatch] = {
        kpi_id: KPIMatch(
            old_id=kpi_id,
            new_id=kpi_id,
            by="id",
            similarity=round(_similarity(old_kpis[kpi_id].title, kpi.title), 4),
        )
        for kpi_id, kpi in new_kpis.items()
        if kpi_id in old_kpis
    }
    if fallback:
        left_old = [k for k in old_kpis.values() if k.id not in new_kpis]
        left_new = [k for k in new_kpis.values() if k.id not in old_kpis]
        pairs = sorted(
            (
                (_similarity(o.title, n.title), index_o, index_n)
                for index_o, o in enumerate(left_old)
                for index_n, n in enumerate(left_new)
            ),
            key=lambda pair: (-pair[0], pair[1], pair[2]),
        )
        used_old: set[int] = set()
        used_new: set[int] = set()
        for ratio, index_o, index_n in pairs:
            if ratio < threshold:
                break
            if index_o in used_old or index_n in used_new:
                continue
            used_old.add(index_o)
            used_new.add(index_n)
            o, n = left_old[index_o], left_new[index_n]
            found[n.id] = KPIMatch(old_id=o.id, new_id=n.id, by="title", similarity=round(ratio, 4))
    return tuple(found[kpi_id] for kpi_id in new_kpis if kpi_id in found)


class _Where:
    """The theme and KPI a change is recorded under."""

    def __init__(self, theme: Theme, kpi: KPI, match: KPIMatch | None) -> None:
        self.fields: dict[str, Any] = {
            "theme_id": theme.id,
            "theme_title": theme.title,
            "theme_title_en": theme.title_en,
            "kpi_id": kpi.id,
            "kpi_title": kpi.title,
            "kpi_title_en": kpi.title_en,
        }
        if match is not None:
            self.fields["matched_by"] = match.by
            if match.by == "title":
                self.fields["old_kpi_id"] = match.old_id
                self.fields["similarity"] = match.similarity

    def entry(self, kind: DiffKind, **fields: Any) -> DiffEntry:
        return DiffEntry(kind=kind, **{**self.fields, **fields})


def _substance(target: Target) -> dict[str, Any]:
    dumped: dict[str, Any] = target.model_dump(mode="json", exclude=set(_RECORD_FIELDS))
    return dumped


def _same_figure(a: Observation, b: Observation) -> bool:
    if a.bound != b.bound or a.value.approximate != b.value.approximate:
        return False
    if a.value == b.value:
        return True
    try:
        return a.value.unit.is_compatible(b.value.unit) and a.value.to(b.value.unit) == b.value
    except (ArithmeticError, ValueError, InputError):
        return False


def _stated(observations: Iterable[Observation]) -> tuple[Observation, ...]:
    # What a document states now: the latest publication of each period's figure.
    return known_as_of((o for o in observations if not o.derived), None)


def _figure_fields(side: str, obs: Observation) -> dict[str, Any]:
    return {
        f"{side}_value": obs.value,
        f"{side}_bound": obs.bound,
        f"{side}_published": obs.published,
        f"{side}_edition": obs.edition,
    }


def _figures(
    where: _Where,
    series: dict[str, str],
    old: Iterable[Observation],
    new: Iterable[Observation],
) -> list[DiffEntry]:
    entries: list[DiffEntry] = []
    before = _stated(old)
    after = _stated(new)
    old_dated = {o.period: o for o in before if o.period is not None}
    new_dated = {o.period: o for o in after if o.period is not None}
    for period, obs in new_dated.items():
        known = old_dated.get(period)
        if known is None:
            entries.append(
                where.entry(
                    DiffKind.FIGURE_ADDED,
                    **series,
                    period=period,
                    **_figure_fields("new", obs),
                )
            )
        elif not _same_figure(known, obs):
            entries.append(
                where.entry(
                    DiffKind.FIGURE_REVISED,
                    **series,
                    period=period,
                    **_figure_fields("old", known),
                    **_figure_fields("new", obs),
                )
            )
    for period, obs in old_dated.items():
        if period not in new_dated:
            entries.append(
                where.entry(
                    DiffKind.FIGURE_REMOVED,
                    **series,
                    period=period,
                    **_figure_fields("old", obs),
                )
            )
    # Undated figures have no period to pair them by: one stated in one edition and not
    # in the other (the same figure, bound and all) is added or removed.
    old_undated = [o for o in before if o.period is None]
    new_undated = [o for o in after if o.period is None]
    for obs in new_undated:
        twin = next((o for o in old_undated if _same_figure(o, obs)), None)
        if twin is not None:
            old_undated.remove(twin)
            continue
        entries.append(where.entry(DiffKind.FIGURE_ADDED, **series, **_figure_fields("new", obs)))
    entries.extend(
        where.entry(DiffKind.FIGURE_REMOVED, **series, **_figure_fields("old", obs))
        for obs in old_undated
    )
    return sorted(entries, key=_figure_order)


def _figure_order(entry: DiffEntry) -> tuple[int, dt.date, dt.date]:
    period = entry.period
    if period is None:
        return (0, dt.date.min, dt.date.min)
    return (1, period.point, period.end)


def _indicator_changes(
    where: _Where, indicator: str, old: Indicator, new: Indicator
) -> list[DiffEntry]:
    entries: list[DiffEntry] = []
    before, after = old.target, new.target
    if _substance(before) != _substance(after):
        kind = (
            DiffKind.TARGET_SET
            if before.kind in _UNSET_KINDS and after.kind not in _UNSET_KINDS
            else DiffKind.TARGET_REVISED
        )
        entries.append(
            where.entry(kind, indicator_id=indicator, old_target=before, new_target=after)
        )
    old_base, new_base = before.baseline, after.baseline
    old_key = (old_base.value, old_base.period) if old_base is not None else None
    new_key = (new_base.value, new_base.period) if new_base is not None else None
    if old_key != new_key:
        entries.append(
            where.entry(
                DiffKind.BASELINE_REVISED,
                indicator_id=indicator,
                old_value=old_base.value if old_base is not None else None,
                new_value=new_base.value if new_base is not None else None,
                old_edition=old_base.edition if old_base is not None else None,
                new_edition=new_base.edition if new_base is not None else None,
            )
        )
    entries.extend(_figures(where, {"indicator_id": indicator}, old.observations, new.observations))
    # The figures of the reference series (Korea's rank, Europeana's size), by series id.
    old_refs = {ref.id: ref for ref in old.references}
    new_refs = {ref.id: ref for ref in new.references}
    for ref_id in [*new_refs, *(r for r in old_refs if r not in new_refs)]:
        before_ref, after_ref = old_refs.get(ref_id), new_refs.get(ref_id)
        entries.extend(
            _figures(
                where,
                {"indicator_id": indicator, "reference_id": ref_id},
                before_ref.observations if before_ref is not None else (),
                after_ref.observations if after_ref is not None else (),
            )
        )
    return entries


def _kpi_changes(
    where: _Where,
    old: KPI,
    new: KPI,
    old_result: KPIEvaluation | None,
    new_result: KPIEvaluation | None,
) -> list[DiffEntry]:
    entries: list[DiffEntry] = []
    if " ".join(old.title.split()) != " ".join(new.title.split()):
        entries.append(where.entry(DiffKind.KPI_REWORDED, old_text=old.title, new_text=new.title))
    old_indicators = {ind.id: ind for ind in old.indicators}
    new_indicators = {ind.id: ind for ind in new.indicators}
    # A KPI written flat has one indicator named after the KPI: a KPI matched by title
    # under a new id pairs its single indicators whatever their ids.
    if len(old.indicators) == 1 and len(new.indicators) == 1:
        pairs = [(new.indicators[0].id, old.indicators[0], new.indicators[0])]
    else:
        pairs = [
            (ind_id, old_indicators[ind_id], ind)
            for ind_id, ind in new_indicators.items()
            if ind_id in old_indicators
        ]
        entries.extend(
            where.entry(DiffKind.INDICATOR_ADDED, indicator_id=ind_id, new_target=ind.target)
            for ind_id, ind in new_indicators.items()
            if ind_id not in old_indicators
        )
        entries.extend(
            where.entry(DiffKind.INDICATOR_REMOVED, indicator_id=ind_id, old_target=ind.target)
            for ind_id, ind in old_indicators.items()
            if ind_id not in new_indicators
        )
    for ind_id, before, after in pairs:
        entries.extend(_indicator_changes(where, ind_id, before, after))
    unchanged = old_result is None or new_result is None or old_result.status is new_result.status
    if not unchanged:
        assert old_result is not None
        assert new_result is not None
        entries.append(
            where.entry(
                DiffKind.STATUS_CHANGED,
                old_status=old_result.status,
                new_status=new_result.status,
                old_reason=str(old_result.reason),
                new_reason=str(new_result.reason),
                old_explanation=old_result.explanation,
                new_explanation=new_result.explanation,
                old_explanation_ja=old_result.explanation_ja,
                new_explanation_ja=new_result.explanation_ja,
            )
        )
    return sorted(entries, key=lambda entry: _ORDER[entry.kind])


def diff(
    old: Program,
    new: Program,
    *,
    old_as_of: dt.date | None = None,
    new_as_of: dt.date | None = None,
    fallback: bool = True,
    threshold: float = DEFAULT_THRESHOLD,
) -> ProgramDiff:
    """List what changed from one edition of a program to the next.

    KPIs are matched by id; with ``fallback``, KPIs left unmatched are matched by the
    similarity of their titles (see the module's documentation), and every such match is
    reported as a ``kpi-matched-by-title`` change. Each edition is evaluated as of its
    own ``as_of`` (or the dates given) for the status changes.

    Args:
        old: The earlier edition.
        new: The later edition.
        old_as_of: Evaluate the old edition as of this date (default: its ``as_of``,
            else today).
        new_as_of: Evaluate the new edition as of this date (default: its ``as_of``,
            else today).
        fallback: Match KPIs whose ids differ by their titles.
        threshold: The least title similarity (0 to 1) of a match by title.

    Returns:
        The changes, grouped by theme.

    Raises:
        InputError: When an argument is not a program or the threshold is not in (0, 1].

    Example:
        >>> import kpimodel
        >>> program = kpimodel.datasets.load("ip-strategic-program-2026")
        >>> kpimodel.diff(program, program).empty
        True
    """
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, Program):
            raise InputError(
                f"diff compares two programs; {name} is a {type(value).__name__}",
                field=name,
                value=type(value).__name__,
            )
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise InputError("threshold is a number from 0 to 1", field="threshold", value=threshold)
    if not 0 < threshold <= 1:
        raise InputError(
            f"threshold is the least title similarity, above 0 and at most 1, not {threshold}",
            field="threshold",
            value=threshold,
        )
    old_result = evaluate(old, old_as_of)
    new_result = evaluate(new, new_as_of)
    old_status = {kpi.kpi_id: kpi for kpi in old_result.kpis}
    new_status = {kpi.kpi_id: kpi for kpi in new_result.kpis}
    matches = match_kpis(old, new, fallback=fallback, threshold=threshold)
    by_new = {match.new_id: match for match in matches}
    matched_old = {match.old_id for match in matches}
    old_kpis = {kpi.id: (theme, kpi) for theme, kpi in old.kpis()}

    groups: dict[str, list[DiffEntry]] = {}
    for theme, kpi in new.kpis():
        match = by_new.get(kpi.id)
        where = _Where(theme, kpi, match)
        found = groups.setdefault(theme.id, [])
        if match is None:
            found.append(where.entry(DiffKind.KPI_ADDED, new_text=kpi.title))
            continue
        if match.by == "title":
            found.append(where.entry(DiffKind.KPI_MATCHED_BY_TITLE))
        before = old_kpis[match.old_id][1]
        found.extend(
            _kpi_changes(where, before, kpi, old_status.get(match.old_id), new_status.get(kpi.id))
        )
    for theme, kpi in old.kpis():
        if kpi.id in matched_old:
            continue
        where = _Where(theme, kpi, None)
        groups.setdefault(theme.id, []).append(
            where.entry(DiffKind.KPI_REMOVED, old_text=kpi.title)
        )
    # Removed KPIs of a theme both editions have were appended after the new ones: put
    # each theme's entries together, the new edition's themes first.
    entries = tuple(entry for items in groups.values() for entry in items)
    return ProgramDiff(
        old_title=old.title,
        new_title=new.title,
        old_edition=old.edition,
        new_edition=new.edition,
        old_as_of=old_result.as_of,
        new_as_of=new_result.as_of,
        fallback=fallback,
        threshold=float(threshold),
        matches=matches,
        entries=entries,
    )
