"""rich renderables, built only when rich (the optional extra ``kpimodel[rich]``) is installed."""

from __future__ import annotations

from typing import Any

from kpimodel.evaluation import Status
from kpimodel.render._labels import HEADINGS, check_lang, status_label, summary_text
from kpimodel.render._view import Subject, build

__all__ = ["STATUS_STYLES", "to_rich"]

#: rich styles of the statuses.
STATUS_STYLES = {
    Status.ACHIEVED: "green",
    Status.ON_TRACK: "cyan",
    Status.BEHIND: "red",
    Status.NO_DATA: "bright_black",
}
_MISSING = (
    "rendering with rich needs the rich package, which is not installed: install the extra "
    '"rich" from the kpimodel checkout with pip install -e ".[rich]"'
)


def to_rich(subject: Subject, *, lang: str = "en") -> Any:
    """Return a rich renderable of an evaluation: a table per theme and a summary.

    User text is passed as :class:`rich.text.Text`, never as console markup, so titles
    such as ``[bold]`` print as written.

    Args:
        subject: A :class:`~kpimodel.ProgramEvaluation`, :class:`~kpimodel.KPIEvaluation`
            or :class:`~kpimodel.Evaluation` (or a :class:`~kpimodel.Program`, theme, KPI
            or indicator).
        lang: ``"en"`` or ``"ja"``.

    Returns:
        A ``rich.console.Group``.

    Raises:
        ImportError: When rich is not installed (``pip install -e ".[rich]"``).
    """
    # rich is optional: without it installed, mypy has no stubs to read (hence the ignores).
    try:
        from rich.console import Group  # type: ignore[import-not-found, unused-ignore]
        from rich.table import Table  # type: ignore[import-not-found, unused-ignore]
        from rich.text import Text  # type: ignore[import-not-found, unused-ignore]
    except ImportError as exc:
        raise ImportError(_MISSING) from exc
    view = build(subject, check_lang(lang))
    words = HEADINGS[view.lang]
    keys = ["id", "kpi", "target", "latest"] + (["status", "reason"] if view.evaluated else [])
    parts: list[Any] = []
    if view.title:
        parts.append(Text(view.title, style="bold"))
        if view.as_of is not None:
            when = f"{view.as_of}時点" if view.lang == "ja" else f"As of {view.as_of}"
            parts.append(Text(when, style="dim"))
    for section in view.sections:
        if section.heading:
            if parts:
                parts.append(Text(""))
            parts.append(Text(section.heading, style="bold underline"))
        if not section.rows:
            if section.summary is not None:
                parts.append(Text(summary_text(section.summary, view.lang)))
            continue
        table = Table(show_header=True, header_style="bold", show_edge=False, pad_edge=False)
        for key in keys:
            no_wrap = key in ("id", "status", "reason")
            table.add_column(words[key], no_wrap=no_wrap, overflow="fold", ratio=None)
        for row in section.rows:
            ident = Text(("↳ " if row.level else "") + row.id)
            cells: list[Any] = [ident, Text(row.title), Text(row.target), Text(row.latest)]
            if view.evaluated:
                label = status_label(row.status, view.lang) if row.status is not None else ""
                style = STATUS_STYLES[row.status] if row.status is not None else ""
                cells += [Text(label, style=style), Text(row.reason)]
            table.add_row(*cells)
        parts.append(table)
    if view.summary is not None:
        parts.append(Text(""))
        line = Text(f"{words['summary']}: ", style="bold")
        line.append(summary_text(view.summary, view.lang))
        parts.append(line)
    return Group(*parts)
