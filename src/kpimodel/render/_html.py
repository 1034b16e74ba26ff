"""HTML: a table grouped by theme, statuses as coloured badges, in both languages.

Every piece of user text (titles, ids, figures, explanations) is escaped; styles are
inline so that the table looks the same in Jupyter, on GitHub and in a saved file.
"""

from __future__ import annotations

from html import escape

from kpimodel.evaluation import Status, StatusCounts
from kpimodel.render._labels import HEADINGS, STATUS_ORDER, Lang, check_lang
from kpimodel.render._view import Row, Section, Subject, View, build

__all__ = ["STATUS_BACKGROUNDS", "badge", "to_html"]

#: Badge colours of the statuses (white text on these).
STATUS_BACKGROUNDS = {
    Status.ACHIEVED: "#1a7f37",
    Status.ON_TRACK: "#0969da",
    Status.BEHIND: "#cf222e",
    Status.NO_DATA: "#6e7781",
}
_BADGE = (
    "display:inline-block;padding:0.1em 0.5em;border-radius:0.8em;color:#fff;"
    "font-size:0.85em;font-weight:600;white-space:nowrap;background:{color}"
)
_CELL = "padding:0.3em 0.6em;border-bottom:1px solid #d0d7de;vertical-align:top;text-align:left"
_MUTED = "color:#57606a;font-size:0.85em"
_THEME = (
    "padding:0.5em 0.6em 0.3em;text-align:left;background:#f6f8fa;border-bottom:1px solid #d0d7de"
)
_TABLE = "border-collapse:collapse;font-size:0.9em"
_FONTS = "system-ui,-apple-system,'Segoe UI','Hiragino Sans','Noto Sans JP',sans-serif"
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


def _other(lang: Lang) -> Lang:
    return "ja" if lang == "en" else "en"


def _label(status: Status, lang: Lang) -> str:
    return (
        f"{status.label_ja} · {status.value}"
        if lang == "ja"
        else f"{status.value} · {status.label_ja}"
    )


def badge(status: Status, lang: Lang = "en", count: int | None = None) -> str:
    """Return a status as a coloured HTML badge with both labels (``on-track · 順調``).

    Args:
        status: The status.
        lang: Which label comes first.
        count: A number to show after the label (for summaries).

    Returns:
        The ``<span>``.
    """
    text = _label(status, lang) + (f" {count}" if count is not None else "")
    style = _BADGE.format(color=STATUS_BACKGROUNDS[status])
    return (
        f'<span class="kpimodel-status kpimodel-{status.value}" '
        f'data-status="{status.value}" style="{style}">{escape(text)}</span>'
    )


def _pair(main: str, alternative: str) -> str:
    """Show ``main``, with ``alternative`` muted below it when it says something else."""
    out = escape(main)
    if alternative and alternative != main:
        out += f'<div style="{_MUTED}">{escape(alternative)}</div>'
    return out


def _summary(counts: StatusCounts, lang: Lang) -> str:
    values = counts.as_dict()
    badges = " ".join(badge(s, lang, values[s.value]) for s in STATUS_ORDER)
    noun = "KPI" if counts.total == 1 else "KPIs"
    total = f"（全{counts.total}件）" if lang == "ja" else f"({counts.total} {noun})"
    return f'<div class="kpimodel-summary" style="margin:0.4em 0">{badges} {total}</div>'


def _row(row: Row, alt: Row, view: View) -> str:
    ident = escape(row.id)
    if row.level:
        ident = f"&#x21b3;&nbsp;{ident}"
    cells = [
        f'<td style="{_CELL};white-space:nowrap"><code>{ident}</code></td>',
        f'<td style="{_CELL}">{_pair(row.title, alt.title)}</td>',
        f'<td style="{_CELL}">{_pair(row.target, alt.target)}</td>',
        f'<td style="{_CELL}">{_pair(row.latest, alt.latest)}</td>',
    ]
    if view.evaluated:
        status = badge(row.status, view.lang) if row.status is not None else ""
        explanation = _pair(row.explanation, alt.explanation)
        cells += [
            f'<td style="{_CELL}">{status}</td>',
            f'<td style="{_CELL}"><code>{escape(row.reason)}</code>'
            f'<div style="font-size:0.85em">{explanation}</div></td>',
        ]
    kind = "indicator" if row.level else "kpi"
    return f'<tr class="kpimodel-{kind}">{"".join(cells)}</tr>'


def _section(section: Section, alt: Section, view: View, columns: int) -> list[str]:
    out: list[str] = []
    if section.heading:
        heading = f"<strong>{escape(section.heading)}</strong>"
        if alt.heading and alt.heading != section.heading:
            heading += f' <span style="{_MUTED}">{escape(alt.heading)}</span>'
        out.append(
            f'<tr class="kpimodel-theme"><th colspan="{columns}" style="{_THEME}">'
            f"{heading}</th></tr>"
        )
    out += [_row(row, other, view) for row, other in zip(section.rows, alt.rows, strict=True)]
    return out


def render_views(view: View, alt: View) -> str:
    """Lay out a view as an HTML fragment, with the same view in the other language beside it.

    Args:
        view: The view in the main language.
        alt: The same view in the other language.

    Returns:
        The fragment: a ``<div class="kpimodel">``.
    """
    lang = view.lang
    words, alt_words = HEADINGS[lang], HEADINGS[_other(lang)]
    keys = ["id", "kpi", "target", "latest"] + (["status", "reason"] if view.evaluated else [])
    out = [f'<div class="kpimodel" lang="{lang}">']
    if view.title:
        out.append(f'<div style="font-size:1.1em"><strong>{escape(view.title)}</strong></div>')
        if alt.title and alt.title != view.title:
            out.append(f'<div style="{_MUTED}">{escape(alt.title)}</div>')
    if view.as_of is not None:
        when = f"{view.as_of}時点" if lang == "ja" else f"As of {view.as_of}"
        out.append(f'<div style="{_MUTED}">{escape(when)}</div>')
    if view.summary is not None:
        out.append(_summary(view.summary, lang))
    rows = any(section.rows for section in view.sections)
    if rows:
        out.append(f'<table class="kpimodel-table" style="{_TABLE}">')
        head = "".join(
            f'<th style="{_CELL}">{escape(words[key])}'
            + (
                f'<div style="{_MUTED};font-weight:normal">{escape(alt_words[key])}</div>'
                if alt_words[key] != words[key]
                else ""
            )
            + "</th>"
            for key in keys
        )
        out.append(f"<thead><tr>{head}</tr></thead>")
        out.append("<tbody>")
        for section, other in zip(view.sections, alt.sections, strict=True):
            out += _section(section, other, view, len(keys))
        out.append("</tbody></table>")
    else:
        for section, other in zip(view.sections, alt.sections, strict=True):
            if section.heading:
                out.append(f"<div>{_pair(section.heading, other.heading)}</div>")
            if section.summary is not None:
                out.append(_summary(section.summary, lang))
    out.append("</div>")
    return "\n".join(out) + "\n"


def to_html(evaluation: Subject, *, lang: str = "en", document: bool = False) -> str:
    """Render an evaluation as HTML: a table grouped by theme with status badges.

    Titles, targets, figures and explanations are shown in ``lang`` with the other
    language muted beneath; statuses are coloured badges labelled in both languages
    (achieved green, on-track blue, behind red, no-data grey). Every piece of user text
    is HTML-escaped.

    Args:
        evaluation: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation` (or, without statuses, a
            :class:`~kpimodel.Program`, theme, KPI or indicator).
        lang: The main language, ``"en"`` or ``"ja"``.
        document: Return a whole HTML document (``<!DOCTYPE html>`` ...) instead of a
            fragment.

    Returns:
        The HTML, ending with a newline.
    """
    language = check_lang(lang)
    view = build(evaluation, language)
    body = render_views(view, build(evaluation, _other(language)))
    if not document:
        return body
    title = view.title or "kpimodel"
    return _DOCUMENT.format(lang=language, title=escape(title), body=body, fonts=_FONTS)
