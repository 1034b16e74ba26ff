"""A neutral view of what a table shows, built once and drawn by every table renderer.

(The view's classes are named tuples rather than dataclasses: they are as immutable and
typed, and far cheaper to create when ``kpimodel`` is imported.)

:func:`build` turns an evaluation (of a program, a KPI or an indicator) or a model object
(a program, theme, KPI or indicator, not evaluated) into sections of rows of plain text in
one language. The terminal, Markdown, HTML and rich renderers only lay the view out, so
they agree on what a row says.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from kpimodel.evaluation import (
    Evaluation,
    KPIEvaluation,
    ProgramEvaluation,
    Status,
    StatusCounts,
    ThemeEvaluation,
)
from kpimodel.evaluation.scales import Rating
from kpimodel.model import KPI, Indicator, Program, StatedStatus, Theme
from kpimodel.render._labels import (
    Lang,
    choose,
    describe_evaluation_target,
    describe_target_model,
    english_text,
    latest_observation,
    latest_text,
    lineage_text,
    reason_label,
)

__all__ = ["Row", "Section", "Subject", "View", "build"]

#: What the table renderers accept.
Subject = (
    ProgramEvaluation
    | ThemeEvaluation
    | KPIEvaluation
    | Evaluation
    | Program
    | Theme
    | KPI
    | Indicator
)


class Row(NamedTuple):
    """One line of a table: a KPI, or an indicator of a KPI with several.

    Attributes:
        id: The KPI or indicator id.
        title: The title in the view's language (empty for indicators of evaluations,
            which do not carry one).
        target: The target in a few words.
        latest: The latest figure with its period.
        status: The status (``None`` in a view of a model).
        reason: The reason as the view's language shows it: the code in English, its
            label in Japanese (empty in a view of a model).
        explanation: The explanation in the view's language.
        level: 0 for a KPI, 1 for an indicator listed under its KPI.
        code: The reason code, whatever the language.
        rating: The result on a status scale, when one was asked for.
        stated: The status the document states, when it differs from the computed one.
    """

    id: str
    title: str
    target: str
    latest: str
    status: Status | None
    reason: str
    explanation: str
    level: int = 0
    code: str = ""
    rating: Rating | None = None
    stated: Status | None = None


class Section(NamedTuple):
    """A group of rows under a theme heading (``heading`` is empty outside themes).

    Attributes:
        id: The theme id (empty outside themes).
        heading: The theme heading in the view's language.
        summary: KPI counts per status, for evaluated themes.
        rows: The rows.
    """

    id: str
    heading: str
    summary: StatusCounts | None
    rows: tuple[Row, ...]


class View(NamedTuple):
    """Everything a table shows.

    Attributes:
        title: The program title in the view's language (empty below program level).
        as_of: The evaluation date (or the program's as-of date for a model view).
        evaluated: Whether rows have statuses.
        summary: KPI counts per status, for an evaluated program.
        sections: The sections, in table order.
        lang: The view's language.
    """

    title: str
    as_of: dt.date | None
    evaluated: bool
    summary: StatusCounts | None
    sections: tuple[Section, ...]
    lang: Lang


def _explanation(english: str, japanese: str, lang: Lang, item: Evaluation | None = None) -> str:
    text = (japanese or english) if lang == "ja" else english_text(english or japanese)
    # Where the target comes from (set in 2026, baseline revised from 3,100万件).
    lineage = lineage_text(item.target, lang) if item is not None else ""
    if not lineage:
        return text
    return f"{text}{lineage}" if lang == "ja" else f"{text} {lineage}"


def _differs(status: Status, stated: StatedStatus | None) -> Status | None:
    """The stated status, when the document states one other than the computed one."""
    return Status(stated.status) if stated is not None and stated.status != status else None


def _reason(reason: str, status: Status, stated: StatedStatus | None, lang: Lang) -> str:
    """The reason cell; with the stated status beside it when the document states another."""
    text = reason_label(reason, lang)
    said = _differs(status, stated)
    if said is None:
        return text
    return f"{text}（記載：{said.label_ja}）" if lang == "ja" else f"{text} (stated: {said.value})"


def _latest(item: Evaluation, lang: Lang) -> str:
    """The latest figure, or for a completion target the report that decided."""
    report = item.report
    if item.latest is not None or report is None:
        return latest_text(item.latest, lang)
    if lang == "ja":
        return f"{report.status.label_ja}（{report.period:ja}）"
    return f"{report.status.label_en} ({report.period:en})"


def _indicator_row(item: Evaluation, lang: Lang, level: int) -> Row:
    # Alone (level 0), an indicator is named with its KPI when their ids differ.
    alone = not level and item.kpi_id and item.kpi_id != item.indicator_id
    return Row(
        id=f"{item.kpi_id}/{item.indicator_id}" if alone else item.indicator_id,
        title="",
        target=describe_evaluation_target(item, lang),
        latest=_latest(item, lang),
        status=item.status,
        reason=_reason(item.reason, item.status, item.stated_status, lang),
        explanation=_explanation(item.explanation, item.explanation_ja, lang, item),
        level=level,
        code=str(item.reason),
        rating=item.rating,
        stated=_differs(item.status, item.stated_status),
    )


def _kpi_rows(item: KPIEvaluation, lang: Lang) -> list[Row]:
    single = item.indicators[0] if len(item.indicators) == 1 else None
    stated = item.stated_status or (single.stated_status if single else None)
    head = Row(
        id=item.kpi_id,
        title=choose(item.title, item.title_en, lang),
        target=describe_evaluation_target(single, lang) if single else "",
        latest=_latest(single, lang) if single else "",
        status=item.status,
        reason=_reason(item.reason, item.status, stated, lang),
        explanation=_explanation(item.explanation, item.explanation_ja, lang, single),
        code=str(item.reason),
        rating=item.rating,
        stated=_differs(item.status, stated),
    )
    if single is not None:
        return [head]
    return [head, *(_indicator_row(ind, lang, 1) for ind in item.indicators)]


def _model_indicator_row(ind: Indicator, lang: Lang, level: int) -> Row:
    return Row(
        id=ind.id,
        title=choose(ind.title, ind.title_en, lang),
        target=describe_target_model(ind.target, lang),
        latest=latest_text(latest_observation(ind.observations), lang),
        status=None,
        reason="",
        explanation="",
        level=level,
    )


def _model_kpi_rows(kpi: KPI, lang: Lang) -> list[Row]:
    single = kpi.indicators[0] if len(kpi.indicators) == 1 else None
    head = Row(
        id=kpi.id,
        title=choose(kpi.title, kpi.title_en, lang),
        target=describe_target_model(single.target, lang) if single else "",
        latest=latest_text(latest_observation(single.observations), lang) if single else "",
        status=None,
        reason="",
        explanation="",
    )
    if single is not None:
        return [head]
    return [head, *(_model_indicator_row(ind, lang, 1) for ind in kpi.indicators)]


def _program_evaluation(item: ProgramEvaluation, lang: Lang) -> View:
    known = {theme.theme_id for theme in item.themes}
    sections = [
        Section(
            id=theme.theme_id,
            heading=choose(theme.title, theme.title_en, lang),
            summary=theme.summary,
            rows=tuple(
                row
                for kpi in item.kpis
                if kpi.theme_id == theme.theme_id
                for row in _kpi_rows(kpi, lang)
            ),
        )
        for theme in item.themes
    ]
    orphans = tuple(
        row for kpi in item.kpis if kpi.theme_id not in known for row in _kpi_rows(kpi, lang)
    )
    if orphans:
        sections.append(Section(id="", heading="", summary=None, rows=orphans))
    return View(
        title=choose(item.program, item.program_en, lang),
        as_of=item.as_of,
        evaluated=True,
        summary=item.summary,
        sections=tuple(sections),
        lang=lang,
    )


def _theme(theme: Theme, lang: Lang) -> Section:
    return Section(
        id=theme.id,
        heading=choose(theme.title, theme.title_en, lang),
        summary=None,
        rows=tuple(row for kpi in theme.kpis for row in _model_kpi_rows(kpi, lang)),
    )


def build(subject: Subject, lang: Lang) -> View:
    """Build the view of an evaluation or a model object.

    Args:
        subject: What to show.
        lang: The language of titles, targets and explanations.

    Returns:
        The view.

    Raises:
        TypeError: For anything else.
    """
    if isinstance(subject, ProgramEvaluation):
        return _program_evaluation(subject, lang)
    if isinstance(subject, ThemeEvaluation):
        section = Section(
            id=subject.theme_id,
            heading=choose(subject.title, subject.title_en, lang),
            summary=subject.summary,
            rows=(),
        )
        return View("", None, True, subject.summary, (section,), lang)
    if isinstance(subject, KPIEvaluation):
        as_of = subject.indicators[0].as_of if subject.indicators else None
        section = Section(id="", heading="", summary=None, rows=tuple(_kpi_rows(subject, lang)))
        return View("", as_of, True, None, (section,), lang)
    if isinstance(subject, Evaluation):
        section = Section(id="", heading="", summary=None, rows=(_indicator_row(subject, lang, 0),))
        return View("", subject.as_of, True, None, (section,), lang)
    if isinstance(subject, Program):
        sections = tuple(_theme(theme, lang) for theme in subject.themes)
        title = choose(subject.title, subject.title_en, lang)
        return View(title, subject.as_of, False, None, sections, lang)
    if isinstance(subject, Theme):
        return View("", None, False, None, (_theme(subject, lang),), lang)
    if isinstance(subject, KPI):
        section = Section(
            id="", heading="", summary=None, rows=tuple(_model_kpi_rows(subject, lang))
        )
        return View("", None, False, None, (section,), lang)
    if isinstance(subject, Indicator):
        section = Section(
            id="", heading="", summary=None, rows=(_model_indicator_row(subject, lang, 0),)
        )
        return View("", None, False, None, (section,), lang)
    raise TypeError(
        f"cannot render {type(subject).__name__}; pass an evaluation (ProgramEvaluation, "
        "KPIEvaluation, Evaluation) or a Program, Theme, KPI or Indicator"
    )
