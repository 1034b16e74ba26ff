"""The terminal table: aligned columns, wide characters, wrapping, optional ANSI colour."""

from __future__ import annotations

from collections.abc import Sequence

from kpimodel.evaluation import Status, StatusCounts
from kpimodel.render._labels import HEADINGS, STATUS_ORDER, Lang, check_lang, status_label
from kpimodel.render._view import Row, Subject, View, build
from kpimodel.render._width import (
    ELLIPSIS,
    ambiguous_width,
    ambiguous_width_from_environment,
    identifier_pieces,
    pad,
    truncate,
    width,
    wrap,
    wrap_identifier,
)

__all__ = ["DEFAULT_WIDTH", "to_table"]

#: The width :func:`to_table` fills when none is given.
DEFAULT_WIDTH = 100
#: The narrowest table :func:`to_table` lays out; narrower requests get this width.
MIN_WIDTH = 40
#: The most lines a KPI title takes in the table before it is cut with an ellipsis.
MAX_TITLE_LINES = 3
_GAP = "  "
_INDENT = "└ "
#: The indent of an id's continuation lines.
_HANG = 2
_ARROW = "→ "

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
#: ANSI colours of the statuses: green, cyan, red, grey.
STATUS_COLORS = {
    Status.ACHIEVED: "\x1b[32m",
    Status.ON_TRACK: "\x1b[36m",
    Status.BEHIND: "\x1b[31m",
    Status.NO_DATA: "\x1b[90m",
}


def _paint(text: str, status: Status | None, color: bool) -> str:
    if not color or status is None or not text:
        return text
    return f"{STATUS_COLORS[status]}{text}{_RESET}"


def _bold(text: str, color: bool) -> str:
    return f"{_BOLD}{text}{_RESET}" if color and text else text


def _dim(text: str, color: bool) -> str:
    return f"{_DIM}{text}{_RESET}" if color and text else text


def _layout(
    natural: list[int],
    stages: Sequence[tuple[int, int]],
    total: int,
    minimum: Sequence[int] = (),
) -> list[int]:
    """Give each column its natural width, then narrow columns stage by stage to fit.

    Args:
        natural: The natural width of each column.
        stages: ``(column, floor)`` pairs, in order: narrow that column to ``floor``
            columns if it is wider, until the table fits.
        total: The width to fit in.
        minimum: The narrowest each column may become whatever the stages say (the
            widest piece of an identifier it holds, which must not break mid-word).

    Returns:
        The widths.
    """
    widths = list(natural)
    least = list(minimum) or [0] * len(widths)
    excess = sum(widths) + len(_GAP) * (len(widths) - 1) - total
    for index, floor in stages:
        if excess <= 0:
            break
        cut = min(max(widths[index] - max(floor, least[index]), 0), excess)
        widths[index] -= cut
        excess -= cut
    return widths


def _title_lines(title: str, limit: int) -> list[str]:
    lines = wrap(title, limit)
    if len(lines) > MAX_TITLE_LINES:
        lines = lines[:MAX_TITLE_LINES]
        lines[-1] = truncate(lines[-1] + ELLIPSIS, limit)
    return lines


def _id_lines(row: Row, limit: int) -> list[str]:
    # An id breaks only after a hyphen, and its continuation lines are indented, so that
    # they never read as the start of another row.
    indent = width(_INDENT) if row.level else 0
    lines = wrap_identifier(row.id, limit - indent)
    if len(lines) > 1 and not row.level:
        lines = [lines[0], *wrap_identifier("".join(lines[1:]), limit - _HANG)]
    first = _INDENT if row.level else ""
    return [first + lines[0], *(" " * (indent or _HANG) + line for line in lines[1:])]


def _id_need(row: Row) -> int:
    """The narrowest cell that holds ``row.id`` without breaking a word."""
    pieces = identifier_pieces(row.id)
    indent = width(_INDENT) if row.level else 0
    return max(width(pieces[0]) + indent, max(width(p) for p in pieces) + (indent or _HANG))


class _Columns:
    """The columns of one table: which cells, how wide, and how each cell wraps."""

    def __init__(self, view: View, combined: bool) -> None:
        words = HEADINGS[view.lang]
        self.view = view
        self.combined = combined
        first = ["kpi"] if combined else ["id", "kpi"]
        self.keys = [*first, "target", "latest"] + (["status", "reason"] if view.evaluated else [])
        self.headers = [words[key] for key in self.keys]

    def texts(self, row: Row) -> dict[str, str]:
        label = status_label(row.status, self.view.lang) if row.status is not None else ""
        return {
            "id": row.id,
            "kpi": row.title,
            "target": row.target,
            "latest": row.latest,
            "status": label,
            "reason": row.reason,
        }

    def natural(self, rows: Sequence[Row]) -> list[int]:
        widths = [width(h) for h in self.headers]
        for row in rows:
            texts = self.texts(row)
            indent = width(_INDENT) if row.level else 0
            for index, key in enumerate(self.keys):
                if key == "id" or (key == "kpi" and self.combined):
                    need = width(row.id) + indent
                    if key == "kpi" and row.title:
                        need = max(need, width(row.title) + indent + 2)
                else:
                    need = width(texts[key])
                widths[index] = max(widths[index], need)
        return widths

    def least(self, rows: Sequence[Row]) -> list[int]:
        """The narrowest each column may be without breaking an id or a reason code."""
        least = [0] * len(self.keys)
        for row in rows:
            for index, key in enumerate(self.keys):
                if key == "id" or (key == "kpi" and self.combined):
                    least[index] = max(least[index], _id_need(row))
                elif key == "reason" and self.view.lang == "en" and row.reason:
                    need = max(width(p) for p in identifier_pieces(row.reason))
                    least[index] = max(least[index], need)
        return least

    def cell(self, row: Row, key: str, limit: int) -> list[str]:
        if key == "id":
            return _id_lines(row, limit)
        if key == "reason" and self.view.lang == "en":
            return wrap_identifier(row.reason, limit)
        if key == "kpi":
            if not self.combined:
                return _title_lines(row.title, limit) if row.title else [""]
            indent = "    " if row.level else "  "
            title = _title_lines(row.title, limit - len(indent)) if row.title else []
            return [*_id_lines(row, limit), *(indent + line for line in title)]
        return wrap(self.texts(row)[key], limit)


def _fit(view: View, rows: Sequence[Row], total: int) -> tuple[_Columns, list[int]]:
    """Choose the layout: separate id and title columns when they fit, else one cell."""
    separate = _Columns(view, combined=False)
    natural = separate.natural(rows)
    index = {key: i for i, key in enumerate(separate.keys)}
    widths = _layout(
        natural,
        [(index["latest"], 24), (index["target"], 20), (index["kpi"], 30), (index["id"], 32)],
        total,
        separate.least(rows),
    )
    if (_fits(widths, total) and widths[index["kpi"]] >= 30) or not rows:
        return separate, widths
    combined = _Columns(view, combined=True)
    natural = combined.natural(rows)
    index = {key: i for i, key in enumerate(combined.keys)}
    id_width = max((width(r.id) + (width(_INDENT) if r.level else 0) for r in rows), default=0)
    stages = [
        (index["latest"], 24),
        (index["target"], 20),
        (index["kpi"], max(min(id_width, 36), 30)),
        (index["target"], 18),
        (index["latest"], 18),
        (index["target"], 16),
        (index["kpi"], 30),
    ]
    if view.evaluated:
        stages.append((index["reason"], 18))
    stages += [(index["kpi"], 24), (index["latest"], 14), (index["target"], 14)]
    if view.evaluated:
        stages.append((index["reason"], 12))
    stages += [(index["kpi"], 16), (index["latest"], 10), (index["target"], 10)]
    return combined, _layout(natural, stages, total, combined.least(rows))


def _fits(widths: Sequence[int], total: int) -> bool:
    return sum(widths) + len(_GAP) * (len(widths) - 1) <= total


def _stacked(view: View, row: Row, total: int, color: bool, explain: bool) -> list[str]:
    """Lay a row out as a short block of lines, for terminals too narrow for columns."""
    words = HEADINGS[view.lang]
    colon = "：" if view.lang == "ja" else ": "
    indent = "    " if row.level else "  "
    out = _id_lines(row, total)
    if row.title:
        out += [indent + line for line in _title_lines(row.title, total - len(indent))]

    def field(key: str, value: str, status: Status | None = None) -> None:
        label = f"{words[key]}{colon}"
        lines = wrap(value, total - len(indent) - width(label))
        out.append(indent + label + _paint(lines[0], status, color))
        out.extend(indent + " " * width(label) + line for line in lines[1:])

    if row.target:
        field("target", row.target)
    if row.latest:
        field("latest", row.latest)
    if row.status is not None:
        label = status_label(row.status, view.lang)
        reason = f"（{row.reason}）" if view.lang == "ja" else f" ({row.reason})"
        lines = wrap(label + reason, total - len(indent) - width(words["status"]) - 2)
        first = lines[0].replace(label, _paint(label, row.status, color), 1)
        out.append(f"{indent}{words['status']}{colon}{first}")
        pad_ = " " * (width(words["status"]) + width(colon))
        out.extend(indent + pad_ + line for line in lines[1:])
    if explain and row.explanation:
        for number, line in enumerate(wrap(row.explanation, total - len(indent) - width(_ARROW))):
            mark = _ARROW if number == 0 else " " * width(_ARROW)
            out.append(indent + mark + _dim(line, color))
    return out


def _summary_lines(counts: StatusCounts, lang: Lang, color: bool, limit: int) -> list[str]:
    """Return the summary (counts per status), wrapped between its parts to ``limit``."""
    values = counts.as_dict()
    if lang == "ja":
        head, sep = f"{HEADINGS[lang]['summary']}：", "、"
        parts = [(f"{s.label_ja} {values[s.value]}", s.label_ja, s) for s in STATUS_ORDER]
        tail = f"（全{counts.total}件）"
    else:
        head, sep = f"{HEADINGS[lang]['summary']}: ", ", "
        parts = [(f"{values[s.value]} {s.value}", s.value, s) for s in STATUS_ORDER]
        tail = f" ({counts.total} {'KPI' if counts.total == 1 else 'KPIs'})"
    lines: list[str] = []
    plain, painted = head, head
    for number, (text, label, status) in enumerate(parts):
        last = number == len(parts) - 1
        piece = text + (tail if last else sep)
        if width(plain) + width(piece.rstrip()) > limit and plain.strip():
            lines.append(painted.rstrip())
            plain, painted = "  ", "  "
        plain += piece
        painted += piece.replace(label, _paint(label, status, color), 1)
    lines.append(painted.rstrip())
    return lines


def render_view(view: View, *, color: bool, width_: int, explain: bool) -> str:
    """Lay a view out as an aligned text table.

    Args:
        view: The view.
        color: Whether to colour statuses with ANSI escapes.
        width_: The widest a line may be.
        explain: Whether to print each row's explanation under it.

    Returns:
        The table, ending with a newline.
    """
    rows = [row for section in view.sections for row in section.rows]
    columns, widths = _fit(view, rows, width_)
    stacked = not _fits(widths, width_)
    status_index = columns.keys.index("status") if view.evaluated else -1

    out: list[str] = []
    if view.title:
        out += [_bold(line, color) for line in wrap(view.title, width_)]
        if view.as_of is not None:
            out.append(f"{view.as_of}時点" if view.lang == "ja" else f"As of {view.as_of}")
        out.append("")
    if rows and not stacked:
        header = _GAP.join(pad(h, w) for h, w in zip(columns.headers, widths, strict=True))
        out.append(_bold(header.rstrip(), color))
        out.append(_GAP.join("-" * w for w in widths))
    explain_indent = 2 if columns.combined else widths[0] + len(_GAP)
    for section in view.sections:
        if section.heading:
            if out and out[-1]:
                out.append("")
            out.append(_bold(truncate(section.heading, width_), color))
        for row in section.rows:
            if stacked:
                out += _stacked(view, row, width_, color, explain)
                continue
            cells = [
                columns.cell(row, key, widths[index]) for index, key in enumerate(columns.keys)
            ]
            for line_no in range(max(len(lines) for lines in cells)):
                parts = []
                for index, lines in enumerate(cells):
                    text = lines[line_no] if line_no < len(lines) else ""
                    status = row.status if index == status_index else None
                    parts.append(_paint(text, status, color) + " " * (widths[index] - width(text)))
                out.append(_GAP.join(parts).rstrip())
            if explain and row.explanation:
                indent = " " * (explain_indent + (2 if row.level else 0))
                lines = wrap(row.explanation, max(width_ - len(indent) - width(_ARROW), 20))
                for number, line in enumerate(lines):
                    mark = _ARROW if number == 0 else " " * width(_ARROW)
                    out.append(indent + mark + _dim(line, color))
        if section.summary is not None and not section.rows:
            out += _summary_lines(section.summary, view.lang, color, width_)
    if view.summary is not None and rows:
        out += ["", *_summary_lines(view.summary, view.lang, color, width_)]
    return "\n".join(out) + "\n"


def to_table(
    evaluation: Subject,
    *,
    lang: str = "en",
    color: bool = False,
    width: int | None = None,
    explain: bool = False,
    ambiguous: int | None = None,
) -> str:
    """Render an evaluation as a text table for a terminal.

    KPIs are grouped under their theme's heading, one row each: id, title, target, latest
    figure with its period, status and reason (the code in English, its label in
    Japanese); the indicators of a KPI with several are listed under it (``└``). Ids and
    reason codes break only after a hyphen, and an id's continuation lines are indented.
    A summary line counts the KPIs per status. Columns are aligned in display columns
    (Japanese characters take two) and cells wrap; a title
    takes at most three lines before it is cut with ``…``. The layout adapts to the
    width: the id and the title get columns of their own when they fit, otherwise the
    title goes under the id, and below about 70 columns each KPI becomes a short block
    of lines.

    Args:
        evaluation: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation` (or, without statuses, a
            :class:`~kpimodel.Program`, theme, KPI or indicator).
        lang: ``"en"`` (English titles and status labels, falling back to Japanese) or
            ``"ja"`` (Japanese titles, 達成/順調/遅れ/データなし).
        color: Colour statuses with ANSI escapes (achieved green, on-track cyan, behind
            red, no-data grey) and headings in bold.
        width: The widest a line may be, in terminal columns (default 100; at least 40).
        explain: Print each row's explanation under it.
        ambiguous: How many columns an East Asian ambiguous-width character (``…≥≤└→—``)
            takes: 1 (most terminals) or 2 (terminals set to "ambiguous = wide"); by
            default the environment variable ``KPIMODEL_AMBIGUOUS_WIDTH``, else 1.

    Returns:
        The table, ending with a newline.

    Raises:
        ValueError: For an unknown language or ambiguous width.
    """
    view = build(evaluation, check_lang(lang))
    limit = DEFAULT_WIDTH if width is None else max(width, MIN_WIDTH)
    columns = ambiguous_width_from_environment() if ambiguous is None else ambiguous
    with ambiguous_width(columns):
        return render_view(view, color=color, width_=limit, explain=explain)
