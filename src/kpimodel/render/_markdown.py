"""Markdown: a heading per theme, a pipe table of its KPIs, and their explanations."""

from __future__ import annotations

import re

from kpimodel.render._labels import HEADINGS, Lang, check_lang, status_label, summary_text
from kpimodel.render._view import Row, Subject, View, build

__all__ = ["escape", "to_markdown"]

_SPECIAL = re.compile(r"([\\`*_~\[\]|<])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """Escape text for a Markdown table cell or list item.

    Backslashes, pipes, emphasis, strike-through and code marks, brackets and ``<`` are
    escaped (so no user text can open a link, a code span or an HTML tag), ``&`` is
    escaped where it would start an entity, and line breaks become spaces.

    Args:
        text: Plain text.

    Returns:
        Markdown that displays as ``text``.
    """
    text = " ".join(text.split())
    text = _ENTITY.sub("&amp;", text)
    return _SPECIAL.sub(r"\\\1", text)


def _cells(row: Row, view: View) -> list[str]:
    ident = escape(row.id)
    cells = [f"↳ {ident}" if row.level else ident, escape(row.title), escape(row.target)]
    cells.append(escape(row.latest))
    if view.evaluated:
        label = status_label(row.status, view.lang) if row.status is not None else ""
        status = f"**{label}**" if label else ""
        if row.rating is not None:
            # The rating on the chosen scale, beside kpimodel's status.
            rated = row.rating.label_ja if view.lang == "ja" else row.rating.label
            status += f" ({escape(rated)})"
        cells += [status, escape(row.reason)]
    return cells


def _table(rows: tuple[Row, ...], view: View) -> list[str]:
    words = HEADINGS[view.lang]
    keys = ["id", "kpi", "target", "latest"] + (["status", "reason"] if view.evaluated else [])
    lines = ["| " + " | ".join(words[key] for key in keys) + " |"]
    lines.append("|" + "|".join(" --- " for _ in keys) + "|")
    for row in rows:
        lines.append("| " + " | ".join(_cells(row, view)) + " |")
    return lines


def _explanations(rows: tuple[Row, ...], view: View) -> list[str]:
    lines: list[str] = []
    for row in rows:
        if not row.explanation:
            continue
        label = status_label(row.status, view.lang) if row.status is not None else ""
        if view.lang == "ja":
            head = f"**{escape(row.id)}**（{label}、{escape(row.reason)}）"
        else:
            head = f"**{escape(row.id)}** ({label}, {escape(row.reason)})"
        indent = "  " if row.level else ""
        colon = "：" if view.lang == "ja" else ": "
        lines.append(f"{indent}- {head}{colon}{escape(row.explanation)}")
    return lines


def render_view(view: View, *, explain: bool, level: int = 1) -> str:
    """Lay a view out as Markdown.

    Args:
        view: The view.
        explain: Whether to list each row's explanation below each table.
        level: The heading level of the program title (themes get the next one).

    Returns:
        The document, ending with a newline.
    """
    words = HEADINGS[view.lang]
    out: list[str] = []
    if view.title:
        out += [f"{'#' * level} {escape(view.title)}", ""]
        if view.as_of is not None:
            when = f"{view.as_of}時点" if view.lang == "ja" else f"As of {view.as_of}."
            out += [when, ""]
    for section in view.sections:
        if section.heading:
            out += [f"{'#' * (level + 1)} {escape(section.heading)}", ""]
        if section.rows:
            out += [*_table(section.rows, view), ""]
            notes = _explanations(section.rows, view) if explain and view.evaluated else []
            if notes:
                out += [*notes, ""]
        elif section.summary is not None:
            colon = "：" if view.lang == "ja" else ": "
            out += [f"**{words['summary']}**{colon}{summary_text(section.summary, view.lang)}", ""]
    if view.summary is not None:
        colon = "：" if view.lang == "ja" else ": "
        out += [f"**{words['summary']}**{colon}{summary_text(view.summary, view.lang)}", ""]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def to_markdown(
    evaluation: Subject,
    *,
    lang: str = "en",
    explain: bool = True,
    heading_level: int = 1,
) -> str:
    """Render an evaluation as Markdown (GitHub-flavoured pipe tables).

    The program title is a heading, each theme a subheading over a table of its KPIs (id,
    title, target, latest figure, status, reason code; indicators of a KPI with several
    marked ``↳`` under it), followed by the explanation of each row; a summary line closes
    the document. Every piece of user text is escaped.

    Args:
        evaluation: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation` (or, without statuses, a
            :class:`~kpimodel.Program`, theme, KPI or indicator).
        lang: ``"en"`` or ``"ja"``: the language of titles, targets, labels and
            explanations.
        explain: List each row's explanation under its theme's table.
        heading_level: The level of the program's heading (1 to 5).

    Returns:
        The Markdown, ending with a newline.

    Raises:
        ValueError: For an unknown language or a heading level outside 1..5.
    """
    if not 1 <= heading_level <= 5:
        raise ValueError(f"heading_level must be from 1 to 5, not {heading_level}")
    language: Lang = check_lang(lang)
    return render_view(build(evaluation, language), explain=explain, level=heading_level)
