"""Render a diff of two editions (:class:`kpimodel.ProgramDiff`): text, Markdown, JSON, CSV, HTML.

Every format lists the same changes in the same order, grouped by theme; the KPIs matched
by the title fallback are named at the top, since a match by title is a guess. The JSON
format is documented in ``docs/editions.md``.
"""

from __future__ import annotations

import csv
import io
import json
from html import escape as html_escape
from typing import Any, Literal, NamedTuple, get_args

from kpimodel.evaluation import DiffEntry, DiffKind, ProgramDiff, Status
from kpimodel.model import Observation
from kpimodel.model._targets import Target
from kpimodel.render._html import _FONTS, badge, inline
from kpimodel.render._json import _period, _quantity
from kpimodel.render._labels import (
    Lang,
    check_lang,
    choose,
    describe_target_model,
    english_text,
    figure_text,
    latest_text,
    reason_label,
    status_label,
)
from kpimodel.render._markdown import escape as md_escape

__all__ = [
    "DIFF_COLUMNS",
    "DIFF_FORMAT",
    "DIFF_FORMATS",
    "DiffFormat",
    "diff_csv",
    "diff_data",
    "diff_html",
    "diff_json",
    "diff_markdown",
    "diff_table",
    "render_diff",
]

#: The value of the ``format`` key of a diff's JSON document.
DIFF_FORMAT = "kpimodel-diff"
#: The value of its ``format_version`` key; it changes only when a key changes meaning.
DIFF_FORMAT_VERSION = 1

DiffFormat = Literal["table", "markdown", "json", "csv", "html"]
#: The formats :func:`render_diff` writes.
DIFF_FORMATS: tuple[str, ...] = get_args(DiffFormat)

#: The columns of :func:`diff_csv`, in order.
DIFF_COLUMNS = (
    "theme_id",
    "kpi_id",
    "old_kpi_id",
    "indicator_id",
    "reference_id",
    "change",
    "change_label",
    "period",
    "old",
    "new",
    "old_status",
    "new_status",
    "old_reason",
    "new_reason",
    "matched_by",
    "similarity",
)

_KIND_LABELS: dict[DiffKind, tuple[str, str]] = {
    DiffKind.KPI_MATCHED_BY_TITLE: ("matched by title", "タイトルで対応付け"),
    DiffKind.KPI_ADDED: ("KPI added", "KPI追加"),
    DiffKind.KPI_REMOVED: ("KPI removed", "KPI削除"),
    DiffKind.KPI_REWORDED: ("KPI reworded", "KPI文言変更"),
    DiffKind.INDICATOR_ADDED: ("indicator added", "指標追加"),
    DiffKind.INDICATOR_REMOVED: ("indicator removed", "指標削除"),
    DiffKind.TARGET_SET: ("target set", "目標設定"),
    DiffKind.TARGET_REVISED: ("target revised", "目標改定"),
    DiffKind.BASELINE_REVISED: ("baseline revised", "基準値改定"),
    DiffKind.FIGURE_ADDED: ("figure added", "実績値追加"),
    DiffKind.FIGURE_REVISED: ("figure revised", "実績値改定"),
    DiffKind.FIGURE_REMOVED: ("figure removed", "実績値削除"),
    DiffKind.STATUS_CHANGED: ("status changed", "状況変化"),
}

_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "title": "Changes from {old} to {new}",
        "evaluated": "Statuses as of {old} (old) and {new} (new).",
        "no_changes": "No changes.",
        "matched": "KPIs matched by title, not by id (check them):",
        "similarity": "similarity",
        "none": "none",
        "kpi": "KPI",
        "indicator": "indicator",
        "change": "change",
        "old": "old",
        "new": "new",
        "published": "published",
        "edition": "edition",
        "changes": "{count} changes",
        "change_one": "1 change",
        "no_theme": "(no theme)",
    },
    "ja": {
        "title": "{old}から{new}への変更",
        "evaluated": "状況は{old}時点（旧）と{new}時点（新）。",
        "no_changes": "変更なし。",
        "matched": "IDではなくタイトルで対応付けたKPI（要確認）：",
        "similarity": "類似度",
        "none": "なし",
        "kpi": "KPI",
        "indicator": "指標",
        "change": "変更",
        "old": "旧",
        "new": "新",
        "published": "公表",
        "edition": "版",
        "changes": "変更{count}件",
        "change_one": "変更1件",
        "no_theme": "（テーマなし）",
    },
}


def kind_label(kind: DiffKind, lang: Lang) -> str:
    """Return the label of a kind of change (``figure revised``, ``実績値改定``)."""
    english, japanese = _KIND_LABELS[kind]
    return japanese if lang == "ja" else english


class _Cells(NamedTuple):
    """One change as the tables show it."""

    label: str
    old: str
    new: str


def _edition_name(diff: ProgramDiff, side: Literal["old", "new"], lang: Lang) -> str:
    edition = diff.old_edition if side == "old" else diff.new_edition
    if edition is not None:
        if lang == "ja":
            return f"{edition}年版" if edition.isdigit() else f"{edition}版"
        return edition
    return diff.old_title if side == "old" else diff.new_title


def _figure(entry: DiffEntry, side: Literal["old", "new"], lang: Lang) -> str:
    value = entry.old_value if side == "old" else entry.new_value
    if value is None:
        return ""
    bound = entry.old_bound if side == "old" else entry.new_bound
    text = latest_text(Observation(period=entry.period, value=value, bound=bound), lang)
    published = entry.old_published if side == "old" else entry.new_published
    edition = entry.old_edition if side == "old" else entry.new_edition
    notes = []
    words = _WORDS[lang]
    if published is not None:
        notes.append(f"{words['published']} {published.isoformat()}")
    if edition is not None:
        notes.append(f"{edition}{words['edition']}" if lang == "ja" else f"edition {edition}")
    if notes:
        text += f"［{'、'.join(notes)}］" if lang == "ja" else f" [{', '.join(notes)}]"
    return text


def _target(target: Target | None, lang: Lang) -> str:
    return describe_target_model(target, lang) if target is not None else ""


def _status(status: Status | None, reason: str | None, lang: Lang) -> str:
    if status is None:
        return ""
    label = status_label(status, lang)
    if reason is None:
        return label
    shown = reason_label(reason, lang)
    return f"{label}（{shown}）" if lang == "ja" else f"{label} ({shown})"


def _text(text: str | None, lang: Lang) -> str:
    if text is None:
        return ""
    return text if lang == "ja" else english_text(text)


def cells(entry: DiffEntry, lang: Lang) -> _Cells:
    """Return a change's label, old side and new side as the tables show them.

    Args:
        entry: The change.
        lang: The language.

    Returns:
        The label and the two sides (empty where a side has nothing).
    """
    kind = entry.kind
    label = kind_label(kind, lang)
    named = kind in (DiffKind.INDICATOR_ADDED, DiffKind.INDICATOR_REMOVED)
    where = []
    if entry.indicator_id is not None and (named or entry.indicator_id != entry.kpi_id):
        where.append(entry.indicator_id)
    if entry.reference_id is not None:
        where.append(
            f"参照系列 {entry.reference_id}" if lang == "ja" else f"reference {entry.reference_id}"
        )
    if where:
        label = (
            f"{label}（{'、'.join(where)}）" if lang == "ja" else f"{label} ({', '.join(where)})"
        )
    if kind is DiffKind.KPI_MATCHED_BY_TITLE:
        similarity = f"{_WORDS[lang]['similarity']} {entry.similarity:.2f}"
        return _Cells(label, entry.old_kpi_id or "", f"{entry.kpi_id} ({similarity})")
    if kind in (DiffKind.KPI_ADDED, DiffKind.KPI_REMOVED, DiffKind.KPI_REWORDED):
        return _Cells(label, _text(entry.old_text, lang), _text(entry.new_text, lang))
    if kind in (
        DiffKind.INDICATOR_ADDED,
        DiffKind.INDICATOR_REMOVED,
        DiffKind.TARGET_SET,
        DiffKind.TARGET_REVISED,
    ):
        return _Cells(label, _target(entry.old_target, lang), _target(entry.new_target, lang))
    if kind is DiffKind.BASELINE_REVISED:
        old = figure_text(entry.old_value, lang) if entry.old_value is not None else ""
        new = figure_text(entry.new_value, lang) if entry.new_value is not None else ""
        return _Cells(label, old, new)
    if kind is DiffKind.STATUS_CHANGED:
        return _Cells(
            label,
            _status(entry.old_status, entry.old_reason, lang),
            _status(entry.new_status, entry.new_reason, lang),
        )
    return _Cells(label, _figure(entry, "old", lang), _figure(entry, "new", lang))


def _theme_heading(theme_title: str | None, theme_title_en: str | None, lang: Lang) -> str:
    return choose(theme_title, theme_title_en, lang) or _WORDS[lang]["no_theme"]


def _count_text(count: int, lang: Lang) -> str:
    words = _WORDS[lang]
    return words["change_one"] if count == 1 else words["changes"].format(count=count)


def _headline(diff: ProgramDiff, lang: Lang) -> str:
    words = _WORDS[lang]
    return words["title"].format(
        old=_edition_name(diff, "old", lang), new=_edition_name(diff, "new", lang)
    )


def _summary(diff: ProgramDiff, lang: Lang) -> str:
    if diff.empty:
        return _WORDS[lang]["no_changes"]
    parts = [f"{kind_label(DiffKind(kind), lang)} {n}" for kind, n in diff.counts().items()]
    joined = "、".join(parts) if lang == "ja" else ", ".join(parts)
    total = _count_text(len(diff.entries), lang)
    return f"{total}：{joined}" if lang == "ja" else f"{total}: {joined}"


def _matched_lines(diff: ProgramDiff, lang: Lang) -> list[str]:
    words = _WORDS[lang]
    found = diff.matched_by_title
    if not found:
        return []
    return [words["matched"]] + [
        f"  {m.old_id} → {m.new_id} ({words['similarity']} {m.similarity:.2f})" for m in found
    ]


def diff_table(diff: ProgramDiff, *, lang: str = "en") -> str:
    """Return the changes as plain text for a terminal: by theme, KPI by KPI.

    Args:
        diff: The diff.
        lang: ``en`` or ``ja``.

    Returns:
        The text, ending with a line break.
    """
    language = check_lang(lang)
    words = _WORDS[language]
    lines = [
        _headline(diff, language),
        words["evaluated"].format(old=diff.old_as_of, new=diff.new_as_of),
        _summary(diff, language),
        *_matched_lines(diff, language),
    ]
    for theme in diff.themes():
        lines += ["", _theme_heading(theme.title, theme.title_en, language)]
        current: str | None = None
        for entry in theme.entries:
            if entry.kpi_id != current:
                current = entry.kpi_id
                lines.append(f"  {entry.kpi_id}")
            shown = cells(entry, language)
            if shown.old and shown.new:
                change = f"{shown.old} → {shown.new}"
            else:
                change = shown.new or shown.old
            colon = "：" if language == "ja" else ": "
            lines.append(f"    {shown.label}{colon}{change}" if change else f"    {shown.label}")
    return "\n".join(lines) + "\n"


def diff_markdown(diff: ProgramDiff, *, lang: str = "en") -> str:
    """Return the changes as GitHub-flavoured Markdown: a table per theme.

    Args:
        diff: The diff.
        lang: ``en`` or ``ja``.

    Returns:
        The Markdown.
    """
    language = check_lang(lang)
    words = _WORDS[language]
    out = [
        f"# {md_escape(_headline(diff, language))}",
        "",
        md_escape(words["evaluated"].format(old=diff.old_as_of, new=diff.new_as_of)),
        "",
        md_escape(_summary(diff, language)),
    ]
    matched = _matched_lines(diff, language)
    if matched:
        out += ["", md_escape(matched[0]), ""]
        out += [f"- {md_escape(line.strip())}" for line in matched[1:]]
    for theme in diff.themes():
        out += [
            "",
            f"## {md_escape(_theme_heading(theme.title, theme.title_en, language))}",
            "",
            f"| {words['kpi']} | {words['change']} | {words['old']} | {words['new']} |",
            "| --- | --- | --- | --- |",
        ]
        for entry in theme.entries:
            shown = cells(entry, language)
            row = (f"`{entry.kpi_id}`", md_escape(shown.label), md_escape(shown.old))
            out.append(f"| {' | '.join(row)} | {md_escape(shown.new)} |")
    return "\n".join(out) + "\n"


def _target_data(target: Target | None) -> dict[str, Any] | None:
    if target is None:
        return None
    return {
        "kind": target.kind,
        "value": _quantity(target.target_value()),
        "deadline": _period(target.deadline),
        "text": target.text,
        "edition": target.edition,
        "description": describe_target_model(target, "en"),
        "description_ja": describe_target_model(target, "ja"),
    }


def _side(entry: DiffEntry, side: Literal["old", "new"]) -> dict[str, Any]:
    def get(name: str) -> Any:
        return getattr(entry, f"{side}_{name}")

    published = get("published")
    status = get("status")
    return {
        "text": get("text"),
        "target": _target_data(get("target")),
        "value": _quantity(get("value")),
        "bound": get("bound").value if get("bound") is not None else None,
        "published": published.isoformat() if published is not None else None,
        "edition": get("edition"),
        "status": status.value if status is not None else None,
        "reason": get("reason"),
        "explanation": get("explanation"),
        "explanation_ja": get("explanation_ja"),
    }


def _entry_data(entry: DiffEntry) -> dict[str, Any]:
    return {
        "change": entry.kind.value,
        "kpi": entry.kpi_id,
        "old_kpi": entry.old_kpi_id,
        "indicator": entry.indicator_id,
        "reference": entry.reference_id,
        "kpi_title": entry.kpi_title,
        "kpi_title_en": entry.kpi_title_en,
        "matched_by": entry.matched_by,
        "similarity": entry.similarity,
        "period": _period(entry.period),
        "old": _side(entry, "old"),
        "new": _side(entry, "new"),
    }


def diff_data(diff: ProgramDiff) -> dict[str, Any]:
    """Return the JSON object of a diff (see ``docs/editions.md``)."""
    return {
        "format": DIFF_FORMAT,
        "format_version": DIFF_FORMAT_VERSION,
        "old": {
            "title": diff.old_title,
            "edition": diff.old_edition,
            "as_of": diff.old_as_of.isoformat(),
        },
        "new": {
            "title": diff.new_title,
            "edition": diff.new_edition,
            "as_of": diff.new_as_of.isoformat(),
        },
        "fallback": diff.fallback,
        "threshold": diff.threshold,
        "matches": [match.model_dump(mode="json") for match in diff.matches],
        "counts": diff.counts(),
        "themes": [
            {
                "id": theme.theme_id,
                "title": theme.title,
                "title_en": theme.title_en,
                "changes": [_entry_data(entry) for entry in theme.entries],
            }
            for theme in diff.themes()
        ],
    }


def diff_json(diff: ProgramDiff, *, indent: int | None = 2) -> str:
    """Return the diff as JSON (deterministic bytes; see ``docs/editions.md``).

    Args:
        diff: The diff.
        indent: Spaces per level (``None`` for one line).

    Returns:
        The JSON text, ending with a line break.
    """
    return json.dumps(diff_data(diff), ensure_ascii=False, indent=indent) + "\n"


# A spreadsheet runs a cell that starts with one of these as a formula: quote free text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | None) -> str:
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def diff_csv(diff: ProgramDiff, *, lang: str = "en") -> str:
    """Return one CSV row per change (columns :data:`DIFF_COLUMNS`).

    Args:
        diff: The diff.
        lang: The language of the ``change_label``, ``old`` and ``new`` columns.

    Returns:
        The CSV text (RFC 4180 line ends).
    """
    language = check_lang(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(DIFF_COLUMNS)
    for entry in diff.entries:
        shown = cells(entry, language)
        writer.writerow(
            [
                entry.theme_id or "",
                entry.kpi_id,
                entry.old_kpi_id or "",
                entry.indicator_id or "",
                entry.reference_id or "",
                entry.kind.value,
                _cell(kind_label(entry.kind, language)),
                entry.period.text_in(language) if entry.period is not None else "",
                _cell(shown.old),
                _cell(shown.new),
                entry.old_status.value if entry.old_status is not None else "",
                entry.new_status.value if entry.new_status is not None else "",
                entry.old_reason or "",
                entry.new_reason or "",
                entry.matched_by or "",
                "" if entry.similarity is None else f"{entry.similarity:.4f}",
            ]
        )
    return buffer.getvalue()


_CELL = "padding:0.3em 0.6em;border-bottom:1px solid #d0d7de;vertical-align:top;text-align:left"
_DOCUMENT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body style="margin:2em;font-family:{fonts}">
{body}</body>
</html>
"""


def _html_side(entry: DiffEntry, side: Literal["old", "new"], text: str, lang: Lang) -> str:
    status = entry.old_status if side == "old" else entry.new_status
    if entry.kind is DiffKind.STATUS_CHANGED and status is not None:
        reason = entry.old_reason if side == "old" else entry.new_reason
        shown = reason_label(reason, lang) if reason is not None else ""
        return f"{badge(status, lang)} {inline(shown, lang)}"
    return inline(text, lang)


def diff_html(diff: ProgramDiff, *, lang: str = "en") -> str:
    """Return the changes as a standalone HTML document: a table per theme.

    Args:
        diff: The diff.
        lang: ``en`` or ``ja``.

    Returns:
        The HTML document.
    """
    language = check_lang(lang)
    words = _WORDS[language]
    headline = _headline(diff, language)
    body = [
        f"<h1>{html_escape(headline)}</h1>",
        f"<p>{html_escape(words['evaluated'].format(old=diff.old_as_of, new=diff.new_as_of))}</p>",
        f"<p>{html_escape(_summary(diff, language))}</p>",
    ]
    matched = diff.matched_by_title
    if matched:
        body.append(f"<p><strong>{html_escape(words['matched'])}</strong></p>")
        body.append("<ul>")
        body += [
            f"<li><code>{html_escape(m.old_id)}</code> → <code>{html_escape(m.new_id)}</code> "
            f"({html_escape(words['similarity'])} {m.similarity:.2f})</li>"
            for m in matched
        ]
        body.append("</ul>")
    header = "".join(
        f'<th scope="col" style="{_CELL}">{html_escape(words[key])}</th>'
        for key in ("kpi", "change", "old", "new")
    )
    for theme in diff.themes():
        heading = _theme_heading(theme.title, theme.title_en, language)
        body.append(f"<h2>{inline(heading, language)}</h2>")
        body.append(
            '<table class="kpimodel-diff" style="border-collapse:collapse;font-size:0.9em">'
        )
        body.append(f"<thead><tr>{header}</tr></thead>")
        body.append("<tbody>")
        for entry in theme.entries:
            shown = cells(entry, language)
            body.append(
                f'<tr data-change="{entry.kind.value}">'
                f'<td style="{_CELL}"><code>{html_escape(entry.kpi_id)}</code></td>'
                f'<td style="{_CELL}">{inline(shown.label, language)}</td>'
                f'<td style="{_CELL}">{_html_side(entry, "old", shown.old, language)}</td>'
                f'<td style="{_CELL}">{_html_side(entry, "new", shown.new, language)}</td>'
                "</tr>"
            )
        body.append("</tbody></table>")
    return _DOCUMENT.format(
        lang=language, title=html_escape(headline), fonts=_FONTS, body="\n".join(body) + "\n"
    )


def render_diff(diff: ProgramDiff, format: str = "table", *, lang: str = "en") -> str:
    """Render a diff in the named format, as ``kpimodel diff`` prints it.

    Args:
        diff: The diff (see :func:`kpimodel.diff`).
        format: ``table`` (plain text), ``markdown``, ``json``, ``csv`` or ``html``.
        lang: ``en`` or ``ja`` (JSON carries both languages and ignores it).

    Returns:
        The text.

    Raises:
        ValueError: For an unknown format or language.
    """
    check_lang(lang)
    if format == "table":
        return diff_table(diff, lang=lang)
    if format == "markdown":
        return diff_markdown(diff, lang=lang)
    if format == "json":
        return diff_json(diff)
    if format == "csv":
        return diff_csv(diff, lang=lang)
    if format == "html":
        return diff_html(diff, lang=lang)
    raise ValueError(f"unknown format {format!r}; use one of {', '.join(DIFF_FORMATS)}")
