"""Cells of a CSV file or an Excel sheet, as text, each knowing where it sits.

The encoding of a CSV file is never guessed: UTF-8 (a byte order mark is allowed and
dropped) unless another is named, and bytes that are not valid in it are an error naming
the byte offset. Excel cells are read as the workbook stores them (numbers, dates, text);
a merged range gives its value to every cell it covers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kpimodel.errors import FileReadError, LimitExceededError
from kpimodel.io import MAX_FILE_BYTES
from kpimodel.readers._excel import openpyxl
from kpimodel.units._numbers import plain

__all__ = [
    "Cell",
    "Grid",
    "column_letter",
    "decode",
    "read_bytes",
    "read_csv",
    "read_xlsx",
    "with_unit",
]

#: The encoding CSV files are read in unless told otherwise (a byte order mark is dropped).
DEFAULT_ENCODING = "utf-8"
_UTF8_BOM = codecs.BOM_UTF8
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Excel keeps 15 significant digits: a float shows as those digits, not as its binary
# expansion (0.1 + 0.2 shows as 0.3).
_EXCEL_DIGITS = ".15g"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its text and whether the file stores it as a bare number.

    Attributes:
        text: The cell as text, stripped (``""`` for an empty cell).
        number: True for a cell that holds a number without a unit (an Excel number, or
            CSV text such as ``52`` or ``1.5``), which a unit column may complete.
    """

    text: str
    number: bool = False


EMPTY = Cell("")


@dataclass(frozen=True)
class Grid:
    """The cells of one CSV file or one sheet, row by row.

    Attributes:
        label: How messages name the grid (``kpis.csv`` or ``kpis.xlsx, sheet 'KPIs'``).
        rows: The rows (the first is row 1), each a list of cells.
    """

    label: str
    rows: list[list[Cell]]

    def cell(self, row: int, column: int) -> Cell:
        """Return the cell at a 1-based row and a 0-based column (empty beyond the data)."""
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else []
        return cells[column] if column < len(cells) else EMPTY

    def where(self, row: int, column: int, header: str | None = None) -> str:
        """Name a cell for a message: ``kpis.csv, row 5, column C (Target)``."""
        named = f" ({header})" if header else ""
        return f"{self.label}, row {row}, column {column_letter(column)}{named}"


def column_letter(column: int) -> str:
    """Return the spreadsheet letters of a 0-based column (0 -> ``A``, 26 -> ``AA``)."""
    letters = ""
    number = column + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def with_unit(number: str, unit: str) -> str:
    """Write a bare number with its unit as a table would: ``52`` and ``%`` make ``52%``.

    A unit spelled in Latin letters is set off by a space (``5 USD``), others are not
    (``3235億円``).
    """
    if not unit:
        return number
    return f"{number} {unit}" if unit[:1].isascii() and unit[:1].isalpha() else number + unit


def read_bytes(path: Path) -> bytes:
    """Read a file whole, within the documented size limit.

    Raises:
        FileReadError: When the file cannot be read.
        LimitExceededError: When it is larger than :data:`kpimodel.io.MAX_FILE_BYTES`.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileReadError(f"cannot read {path}: {exc.strerror or exc}", value=str(path)) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise LimitExceededError(f"{path} is larger than {MAX_FILE_BYTES} bytes", value=str(path))
    return raw


def decode(raw: bytes, encoding: str | None, label: str) -> str:
    """Decode a CSV file's bytes in the stated encoding (UTF-8 by default), never guessing.

    Args:
        raw: The file's bytes.
        encoding: The encoding's name (``cp932`` for Japanese Excel), or None for UTF-8.
        label: The file's name, for messages.

    Returns:
        The text, without a byte order mark.

    Raises:
        FileReadError: For an unknown encoding, for a UTF-8 file said to be in another
            encoding, and for bytes not valid in the encoding (the message names the byte
            offset and shows the bytes).
    """
    name = encoding or DEFAULT_ENCODING
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise FileReadError(
            f"unknown encoding {name!r} for {label} (use utf-8, or cp932 for files saved by "
            "Japanese Excel)",
            value=name,
        ) from None
    if raw.startswith(_UTF8_BOM) and codec not in ("utf-8", "utf-8-sig"):
        raise FileReadError(
            f"{label} starts with a UTF-8 byte order mark, so it is UTF-8, not {name}: "
            "drop --encoding (or give utf-8)",
            value=name,
        )
    try:
        text = raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        shown = exc.object[exc.start : exc.start + 4]
        hint = (
            " (a file saved by Japanese Excel is usually cp932: give --encoding cp932)"
            if codec in ("utf-8", "utf-8-sig")
            else ""
        )
        raise FileReadError(
            f"{label} is not valid {name}: byte offset {exc.start} ({shown!r}) cannot be "
            f"decoded{hint}",
            value=shown.hex(" "),
        ) from exc
    return text.removeprefix("\ufeff")


def read_csv(path: Path, encoding: str | None = None) -> Grid:
    """Read a CSV file into a grid of text cells.

    Raises:
        FileReadError: When the file cannot be read or decoded, or is not CSV.
    """
    label = path.name
    text = decode(read_bytes(path), encoding, label)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise FileReadError(f"{label} is not a readable CSV file: {exc}", value=label) from exc
    rows = [[_text_cell(value) for value in record] for record in records]
    return Grid(label, rows)


def _text_cell(value: str) -> Cell:
    text = value.strip()
    return Cell(text, bool(_PLAIN_NUMBER.fullmatch(text)))


def _number_text(value: float | int | Decimal, percent: bool) -> str:
    number = Decimal(value) if isinstance(value, int) else Decimal(format(value, _EXCEL_DIGITS))
    if percent:
        number *= 100
    return format(plain(number), "f")


def _xlsx_cell(value: Any, number_format: str, where: str) -> Cell:
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE")
    if isinstance(value, int | float | Decimal):
        # A number shown with a percent format is stored as a fraction: 0.523 shows as 52.3%.
        percent = "%" in number_format.replace('"%"', "").replace("\\%", "")
        text = _number_text(value, percent)
        return Cell(text + "%", False) if percent else Cell(text, True)
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return Cell(value.isoformat(sep=" "))
        return Cell(value.date().isoformat())
    if isinstance(value, dt.date):
        return Cell(value.isoformat())
    if isinstance(value, dt.time):
        raise FileReadError(f"{where}: a time of day ({value}) is not a figure or a period")
    return _text_cell(str(value))


def read_xlsx(path: Path, sheet: str | None = None) -> Grid:
    """Read one sheet of a workbook into a grid of cells, merged ranges filled.

    Args:
        path: The workbook (.xlsx).
        sheet: The sheet's name (default: the first sheet).

    Raises:
        ImportError: When openpyxl is not installed (the ``excel`` extra).
        FileReadError: When the file is not a workbook, the sheet does not exist, or a
            formula has no saved value.
    """
    module = openpyxl()
    read_bytes(path)  # the size limit, and a readable file
    try:
        values = module.load_workbook(path, data_only=True)
        formulas = module.load_workbook(path, data_only=False)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors: not a workbook
        raise FileReadError(
            f"{path.name} is not a readable Excel workbook (.xlsx): {exc}", value=path.name
        ) from exc
    names = list(values.sheetnames)
    name = names[0] if sheet is None else sheet
    if name not in names:
        raise FileReadError(
            f"{path.name} has no sheet {name!r}; its sheets: {', '.join(names)}", value=name
        )
    ws, wf = values[name], formulas[name]
    label = f"{path.name}, sheet {name!r}"
    grid = Grid(label, [])
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for ranges in ws.merged_cells.ranges:
        for row in range(ranges.min_row, ranges.max_row + 1):
            for col in range(ranges.min_col, ranges.max_col + 1):
                merged[(row, col)] = (ranges.min_row, ranges.min_col)
    for r, row_cells in enumerate(ws.iter_rows(), start=1):
        cells: list[Cell] = []
        for c in range(1, len(row_cells) + 1):
            source_row, source_col = merged.get((r, c), (r, c))
            source = ws.cell(source_row, source_col)
            where = grid.where(r, c - 1)
            if source.value is None and wf.cell(source_row, source_col).data_type == "f":
                raise FileReadError(
                    f"{where} holds a formula with no saved value (the file was not saved "
                    "by a program that calculates): open it in Excel and save it again",
                    field=where,
                )
            cells.append(_xlsx_cell(source.value, source.number_format or "", where))
        grid.rows.append(cells)
    return grid
