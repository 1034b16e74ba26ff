"""HTML: a table grouped by theme, statuses as coloured badges, in both languages.

Every piece of user text (titles, ids, figures, explanations) is escaped; styles are
inline so that the table looks the same in Jupyter, on GitHub and in a saved file (a whole
document adds a stylesheet that lays rows out as blocks on phone-sized screens).

Text in the other language is marked with its ``lang`` (Japanese inside English output as
``<span lang="ja">``, so that browsers pick Japanese rather than Chinese glyph shapes), and
a figure with its unit (``180兆円``, ``約52%``) never breaks across lines.
"""

from __future__ import annotations

import re
from html import escape

from kpimodel.evaluation import Status, StatusCounts
from kpimodel.evaluation.scales import Rating
from kpimodel.render._labels import HEADINGS, STATUS_ORDER, Lang, check_lang
from kpimodel.render._view import Row, Section, Subject, View, build

__all__ = ["STATUS_BACKGROUNDS", "badge", "inline", "to_html"]

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
# The id column is narrow (ids break after their hyphens); the explanation gets the width.
_ID_CELL = "max-width:11em;overflow-wrap:normal;word-break:normal"
_TITLE_CELL = "min-width:12em"
_EXPLANATION_CELL = "min-width:16em;width:36%"
_NOWRAP = "white-space:nowrap"
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
<style>
@media (max-width: 48em) {{
  body {{ margin: 0.6em !important; }}
  .kpimodel-table, .kpimodel-table tbody, .kpimodel-table tr, .kpimodel-table td,
  .kpimodel-table th {{ display: block; width: auto !important; min-width: 0 !important;
    max-width: none !important; }}
  .kpimodel-table thead {{ display: none; }}
  .kpimodel-table tr {{ border-bottom: 1px solid #d0d7de; padding: 0.3em 0; }}
  .kpimodel-table td {{ border: none !important; padding: 0.1em 0.6em !important; }}
  .kpimodel-table td[data-label]:not(:empty)::before {{ content: attr(data-label) "\\00a0";
    color: #57606a; font-size: 0.85em; }}
}}
</style>
</head>
<body style="margin:2em;font-family:{fonts}">
{body}</body>
</html>
"""


def _other(lang: Lang) -> Lang:
    return "ja" if lang == "en" else "en"


# Japanese script: kana, CJK ideographs and their punctuation, full-width forms.
_JA = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffef"
_JA_RUN = re.compile(f"[{_JA}]+(?:[ 0-9.,%・:：-]+[{_JA}]+)*")
# The letters of a Japanese unit or counter (no punctuation: 12位 but not 12位（).
_JA_LETTERS = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
# A figure with its unit: an optional approximate mark or comparison, a signed number,
# then a percent sign or a short run of Japanese (億円, 万件, 年度, アクセス).
_FIGURE = re.compile(
    f"(?:約|about |[<>≤≥] ?)?[+\\-−▲△]?[0-9][0-9,]*(?:\\.[0-9]+)?(?:[%％]|[{_JA_LETTERS}]{{1,5}})"
)


def _mark_ja(text: str) -> str:
    """Escape ``text`` and mark its runs of Japanese with ``lang="ja"``."""
    out, last = [], 0
    for match in _JA_RUN.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f'<span lang="ja">{escape(match.group())}</span>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def inline(text: str, lang: Lang) -> str:
    """Return ``text`` as HTML in a ``lang`` element: escaped, figures kept whole.

    Each figure with its unit is a ``<span class="kpimodel-figure">`` that does not wrap;
    in English, runs of Japanese are marked ``lang="ja"``.

    Args:
        text: Plain text.
        lang: The language of the element it goes into.

    Returns:
        The HTML.
    """
    piece = escape if lang == "ja" else _mark_ja
    out, last = [], 0
    for match in _FIGURE.finditer(text):
        out.append(piece(text[last : match.start()]))
        out.append(f'<span class="kpimodel-figure" style="{_NOWRAP}">{piece(match.group())}</span>')
        last = match.end()
    out.append(piece(text[last:]))
    return "".join(out)


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
    ja = f'<span lang="ja">{escape(status.label_ja)}</span>'
    en = f'<span lang="en">{escape(status.value)}</span>'
    text = f"{ja} · {en}" if lang == "ja" else f"{en} · {ja}"
    text += f" {count}" if count is not None else ""
    style = _BADGE.format(color=STATUS_BACKGROUNDS[status])
    return (
        f'<span class="kpimodel-status kpimodel-{status.value}" '
        f'data-status="{status.value}" style="{style}">{text}</span>'
    )


def rating_chip(rating: Rating | None, lang: Lang = "en") -> str:
    """Return a rating as a small chip in its scale's colour (empty without a rating).

    Args:
        rating: The rating.
        lang: ``en`` or ``ja`` (the label shown first).

    Returns:
        HTML, or ``""``.
    """
    if rating is None:
        return ""
    label = rating.label_ja if lang == "ja" else rating.label
    score = f" ({rating.score:.2f})" if rating.score is not None else ""
    icon = f"{rating.icon} " if rating.icon else ""
    colour = rating.colour or "#eeeeee"
    return (
        f'<div class="kpimodel-rating" data-scale="{escape(rating.scale)}" '
        f'data-value="{escape(rating.value)}" style="margin-top:0.3em;padding:0 0.4em;'
        f'border-left:0.6em solid {escape(colour)};font-size:0.85em">'
        f"{escape(icon + label + score)}</div>"
    )


def _pair(main: str, alternative: str, lang: Lang) -> str:
    """Show ``main``, with ``alternative`` muted below it when it says something else."""
    out = inline(main, lang)
    if alternative and alternative != main:
        other = _other(lang)
        out += f'<div lang="{other}" style="{_MUTED}">{inline(alternative, other)}</div>'
    return out


def _summary(counts: StatusCounts, lang: Lang) -> str:
    values = counts.as_dict()
    badges = " ".join(badge(s, lang, values[s.value]) for s in STATUS_ORDER)
    noun = "KPI" if counts.total == 1 else "KPIs"
    total = f"（全{counts.total}件）" if lang == "ja" else f"({counts.total} {noun})"
    total = f'<span style="{_NOWRAP}">{escape(total)}</span>'
    return f'<div class="kpimodel-summary" style="margin:0.4em 0">{badges} {total}</div>'


def _ident(text: str) -> str:
    # A break opportunity after each hyphen and slash, and nowhere else.
    return "".join(
        f"{escape(piece)}<wbr>" if piece[-1] in "-/" else escape(piece)
        for piece in re.findall(r"[^\-/]*[\-/]+|[^\-/]+", text)
    )


def _row(row: Row, alt: Row, view: View) -> str:
    lang = view.lang
    words = HEADINGS[lang]
    ident = _ident(row.id)
    if row.level:
        ident = f"&#x21b3;&nbsp;{ident}"

    def td(key: str, content: str, style: str = "") -> str:
        label = escape(words[key])
        return f'<td data-label="{label}" style="{_CELL}{style}">{content}</td>'

    cells = [
        td("id", f"<code>{ident}</code>", f";{_ID_CELL}"),
        td("kpi", _pair(row.title, alt.title, lang), f";{_TITLE_CELL}"),
        td("target", _pair(row.target, alt.target, lang)),
        td("latest", _pair(row.latest, alt.latest, lang)),
    ]
    if view.evaluated:
        status = badge(row.status, lang) if row.status is not None else ""
        explanation = _pair(row.explanation, alt.explanation, lang)
        code = row.code or row.reason
        reason = (
            f'<code data-reason="{escape(code)}">{_ident(code)}</code>'
            if lang == "en" or row.reason == code
            else f'<span data-reason="{escape(code)}" title="{escape(code)}">'
            f"{escape(row.reason)}</span>"
        )
        status += rating_chip(row.rating, lang)
        if row.stated is not None:  # the document states another status: say so
            said = row.stated.label_ja if lang == "ja" else row.stated.value
            words_said = f"記載：{said}" if lang == "ja" else f"stated: {said}"
            status += (
                f'<div data-stated="{row.stated.value}" style="font-size:0.8em">'
                f"{escape(words_said)}</div>"
            )
        cells += [
            td("status", status, f";{_NOWRAP}"),
            td(
                "reason",
                f'{reason}<div style="font-size:0.85em">{explanation}</div>',
                f";{_EXPLANATION_CELL}",
            ),
        ]
    kind = "indicator" if row.level else "kpi"
    return f'<tr class="kpimodel-{kind}">{"".join(cells)}</tr>'


def _section(section: Section, alt: Section, view: View, columns: int) -> list[str]:
    out: list[str] = []
    if section.heading:
        lang = view.lang
        heading = f"<strong>{inline(section.heading, lang)}</strong>"
        if alt.heading and alt.heading != section.heading:
            other = _other(lang)
            heading += f' <span lang="{other}" style="{_MUTED}">{inline(alt.heading, other)}</span>'
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
    other = _other(lang)
    if view.title:
        title = inline(view.title, lang)
        out.append(f'<div style="font-size:1.1em"><strong>{title}</strong></div>')
        if alt.title and alt.title != view.title:
            alt_title = inline(alt.title, other)
            out.append(f'<div lang="{other}" style="{_MUTED}">{alt_title}</div>')
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
                f'<div lang="{other}" style="{_MUTED};font-weight:normal">'
                f"{escape(alt_words[key])}</div>"
                if alt_words[key] != words[key]
                else ""
            )
            + "</th>"
            for key in keys
        )
        out.append(f"<thead><tr>{head}</tr></thead>")
        out.append("<tbody>")
        for section, alt_section in zip(view.sections, alt.sections, strict=True):
            out += _section(section, alt_section, view, len(keys))
        out.append("</tbody></table>")
    else:
        for section, alt_section in zip(view.sections, alt.sections, strict=True):
            if section.heading:
                out.append(f"<div>{_pair(section.heading, alt_section.heading, lang)}</div>")
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
