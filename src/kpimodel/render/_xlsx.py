"""Excel workbooks: a summary sheet and the KPI rows, statuses coloured, header frozen.

Needs openpyxl (the ``excel`` extra), imported when a workbook is written.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation, Status
from kpimodel.evaluation._rows import ROW_COLUMNS, ColumnKind
from kpimodel.render._csv import COLUMNS, _rows
from kpimodel.render._html import STATUS_BACKGROUNDS
from kpimodel.render._labels import HEADINGS, STATUS_ORDER, check_lang, status_label

__all__ = ["to_xlsx"]

# Columns holding exact figures: written as numbers when a double holds every digit
# (Excel keeps 15 significant digits), as text otherwise, so that no digit is lost.
_FIGURES = frozenset(c.name for c in ROW_COLUMNS if c.kind is ColumnKind.FIGURE)
_FLOATS = frozenset(c.name for c in ROW_COLUMNS if c.kind is ColumnKind.NUMBER)
_STATUS_COLUMNS = frozenset({"kpi_status", "status"})
_WIDTHS = {"kpi_title": 48, "kpi_title_en": 48, "target": 28, "explanation": 80}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_SHEET_NAME = 31
_EXCEL_DIGITS = 15


def _figure(text: str) -> Any:
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    digits = len(number.as_tuple().digits)
    if digits <= _EXCEL_DIGITS and Decimal(repr(float(number))) == number:
        return int(number) if number == number.to_integral_value() else float(number)
    return text


def _value(column: str, text: str) -> Any:
    if column in _FIGURES:
        return _figure(text)
    if column in _FLOATS:
        return float(text) if text else None
    # Cells are written as values, never as formulas: the CSV's quoting of text that
    # starts like a formula is not needed here.
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@\t\r" else text or None


def _sheet_name(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", title).strip("'") or "Theme"
    name = base[:_MAX_SHEET_NAME]
    number = 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = base[: _MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return name


def to_xlsx(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation,
    *,
    lang: str = "en",
    by_theme: bool = False,
) -> bytes:
    """Render an evaluation as an Excel workbook (.xlsx).

    The workbook has a ``Summary`` sheet (KPI counts per status, per theme and in all)
    and the rows of :func:`~kpimodel.to_csv` (one per indicator, the same columns) on a
    ``KPIs`` sheet, or on one sheet per theme with ``by_theme``. Status cells are
    coloured as in the HTML report, the header row is frozen and filtered, and figures
    are numbers when Excel can hold every digit (text otherwise).

    Args:
        evaluation: A program, KPI or indicator evaluation.
        lang: The language of the labels, target descriptions and explanations.
        by_theme: One sheet per theme instead of a single ``KPIs`` sheet.

    Returns:
        The workbook's bytes.

    Raises:
        ImportError: When openpyxl (the ``excel`` extra) is not installed.
        TypeError: For anything but an evaluation.
    """
    from kpimodel.readers._excel import openpyxl  # imports openpyxl: only when asked

    language = check_lang(lang)
    module = openpyxl()
    styles = module.styles
    rows = _rows(evaluation, language, "a workbook")
    bold = styles.Font(bold=True)
    fills = {
        status: styles.PatternFill("solid", fgColor=color.lstrip("#").upper())
        for status, color in STATUS_BACKGROUNDS.items()
    }
    white = styles.Font(bold=True, color="FFFFFF")
    workbook = module.Workbook()
    summary = workbook.active
    summary.title = HEADINGS[language]["summary"]
    used = {summary.title.casefold()}
    header = ["theme", *(status_label(s, language) for s in STATUS_ORDER), "total"]
    summary.append(header)
    for cell, status in zip(summary[1][1:], STATUS_ORDER, strict=False):
        cell.fill, cell.font = fills[status], white
    for cell in (summary[1][0], summary[1][-1]):
        cell.font = bold
    if isinstance(evaluation, ProgramEvaluation):
        groups = [(t.title if language == "ja" else t.title_en or t.title, t.summary) for t in
                  evaluation.themes]  # fmt: skip
        groups.append((HEADINGS[language]["kpis"], evaluation.summary))
        for title, counts in groups:
            values = counts.as_dict()
            summary.append([title, *(values[s.value] for s in STATUS_ORDER), counts.total])
        summary.cell(summary.max_row, 1).font = bold
    summary.freeze_panes = "A2"
    summary.column_dimensions["A"].width = 40

    theme_column = COLUMNS.index("theme_id")
    sheets: list[tuple[str, list[list[str]]]]
    if by_theme and isinstance(evaluation, ProgramEvaluation):
        sheets = []
        for theme in evaluation.themes:
            title = theme.title if language == "ja" else theme.title_en or theme.title
            chosen = [row for row in rows if row[theme_column] == theme.theme_id]
            sheets.append((_sheet_name(title, used), chosen))
        known = {theme.theme_id for theme in evaluation.themes}
        rest = [row for row in rows if row[theme_column] not in known]
        if rest:
            sheets.append((_sheet_name(HEADINGS[language]["kpis"], used), rest))
    else:
        sheets = [(_sheet_name(HEADINGS[language]["kpis"], used), rows)]
    for name, chosen in sheets:
        sheet = workbook.create_sheet(name)
        sheet.append(list(COLUMNS))
        for cell in sheet[1]:
            cell.font = bold
        for row in chosen:
            sheet.append([_value(c, t) for c, t in zip(COLUMNS, row, strict=True)])
            for index, column in enumerate(COLUMNS, start=1):
                if column in _STATUS_COLUMNS:
                    cell = sheet.cell(sheet.max_row, index)
                    status = Status(row[index - 1])
                    cell.fill, cell.font = fills[status], white
                    cell.value = status_label(status, language)
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(COLUMNS, start=1):
            letter = module.utils.get_column_letter(index)
            sheet.column_dimensions[letter].width = _WIDTHS.get(column, 14)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _deterministic(buffer.getvalue())


# openpyxl stamps the workbook and every zip entry with the time of saving; a report is the
# same bytes for the same evaluation, so the stamps are fixed (the zip format's epoch).
_EPOCH = (1980, 1, 1, 0, 0, 0)
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _deterministic(data: bytes) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _STAMPS.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()
