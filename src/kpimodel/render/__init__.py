"""Render evaluations: terminal tables, Markdown, CSV, JSON and HTML.

The last step of read -> model -> evaluate -> render. Each function takes an evaluation
(of a program, a KPI or an indicator) and returns text:

==================  ===================================================================
:func:`to_table`    an aligned table for terminals, optionally coloured (ANSI)
:func:`to_markdown` GitHub-flavoured Markdown: a table per theme, explanations below
:func:`to_csv`      one row per indicator
:func:`to_json`     every status and figure, in the format of ``docs/json-format.md``
:func:`to_html`     a table with coloured status badges, in both languages
:func:`to_rich`     a rich renderable (needs ``pip install -e ".[rich]"``)
:func:`to_xlsx`     an Excel workbook (needs ``pip install -e ".[excel]"``)
:func:`report`      any of the above by name, as the ``kpimodel report`` command does
==================  ===================================================================

:func:`render_diff` renders a diff of two editions (:func:`kpimodel.diff`) in the same
text formats.

:func:`document_language` tells the language a table is written in (its ``language:``
field, else detected from its titles); plots follow it by default.

Importing this package (which ``import kpimodel`` does) registers the Jupyter and rich
display hooks, so programs, KPIs, indicators and their evaluations show as tables in a
notebook. Nothing here imports pandas, matplotlib, rich or openpyxl until asked to.
"""

from __future__ import annotations

from typing import Literal, get_args

from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation
from kpimodel.render._csv import to_csv
from kpimodel.render._diff import DIFF_FORMATS, diff_data, render_diff
from kpimodel.render._hooks import register as _register
from kpimodel.render._html import to_html
from kpimodel.render._json import to_data, to_json
from kpimodel.render._labels import check_lang, document_language
from kpimodel.render._markdown import to_markdown
from kpimodel.render._rich import to_rich
from kpimodel.render._text import to_table
from kpimodel.render._xlsx import to_xlsx

__all__ = [
    "DIFF_FORMATS",
    "FORMATS",
    "Format",
    "diff_data",
    "document_language",
    "render_diff",
    "report",
    "to_csv",
    "to_data",
    "to_html",
    "to_json",
    "to_markdown",
    "to_rich",
    "to_table",
    "to_xlsx",
]

#: The names :func:`report` accepts.
Format = Literal["table", "markdown", "json", "csv", "html"]
FORMATS: tuple[str, ...] = get_args(Format)


def report(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation,
    format: str = "table",
    *,
    lang: str = "en",
    color: bool = False,
    width: int | None = None,
    explain: bool | None = None,
    ambiguous: int | None = None,
) -> str:
    """Render an evaluation in the named format, as ``kpimodel report`` prints it.

    Args:
        evaluation: A program, KPI or indicator evaluation.
        format: ``table``, ``markdown``, ``json``, ``csv`` or ``html`` (a whole document).
        lang: ``"en"`` or ``"ja"`` (JSON carries both languages and ignores it).
        color: Colour the table's statuses with ANSI escapes (``table`` only).
        width: The table's width in columns (``table`` only; default 100).
        explain: Show each row's explanation (default: in Markdown, not in the table).
        ambiguous: Columns an East Asian ambiguous-width character takes in the table,
            1 or 2 (``table`` only; default: ``$KPIMODEL_AMBIGUOUS_WIDTH``, else 1).

    Returns:
        The report.

    Raises:
        ValueError: For an unknown format or language.
    """
    check_lang(lang)
    if format == "table":
        return to_table(
            evaluation,
            lang=lang,
            color=color,
            width=width,
            explain=bool(explain),
            ambiguous=ambiguous,
        )
    if format == "markdown":
        return to_markdown(evaluation, lang=lang, explain=explain is not False)
    if format == "json":
        return to_json(evaluation)
    if format == "csv":
        return to_csv(evaluation, lang=lang)
    if format == "html":
        return to_html(evaluation, lang=lang, document=True)
    raise ValueError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


_register()
