"""Readers of the tables people already have: spreadsheets, CSV files and Open SDG data.

=========================  ===============================================================
:func:`read_table`         a KPI table in a .csv or .xlsx file, as a :class:`~kpimodel.Program`
:func:`table_document`     the same table as a KPI document (a mapping, ready to write)
:class:`TableMapping`      the layout (one row per KPI, or long) and the columns to read
:func:`load_mapping`       a column-mapping file (YAML)
:func:`open_sdg`           an Open SDG data repository (``data/indicator_*.csv`` and its
                           indicator configuration), as a program
=========================  ===============================================================

Every figure and period goes through kpimodel's own parsers, so a table means what a KPI
document with the same text would mean; a cell that cannot be read is an error naming the
file or sheet, the row, the column and its header, and quoting the text. CSV files are
UTF-8 (with or without a byte order mark) unless an encoding is named (``cp932`` for files
saved by Japanese Excel); the encoding is never guessed. Workbooks need openpyxl, the
``excel`` extra, imported only when a workbook is read.

Example:
    >>> from kpimodel import readers  # doctest: +SKIP
    >>> program = readers.read_table("kpis.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from kpimodel.io import parse_program
from kpimodel.io._yaml import dump_yaml
from kpimodel.model import Program
from kpimodel.readers._mapping import (
    FIELDS,
    LONG_FIELDS,
    WIDE_FIELDS,
    Layout,
    TableMapping,
    load_mapping,
)
from kpimodel.readers._open_sdg import open_sdg, open_sdg_document
from kpimodel.readers._table import SUFFIXES, table_document, table_program

__all__ = [
    "FIELDS",
    "LONG_FIELDS",
    "SUFFIXES",
    "WIDE_FIELDS",
    "Layout",
    "TableMapping",
    "document_text",
    "is_table",
    "load_mapping",
    "open_sdg",
    "open_sdg_document",
    "read_table",
    "table_document",
]


def is_table(path: str | Path) -> bool:
    """Whether a file is read as a table (by its suffix: .csv or .xlsx)."""
    return Path(path).suffix.lower() in SUFFIXES


def read_table(
    path: str | Path,
    mapping: TableMapping | str | Path | None = None,
    *,
    encoding: str | None = None,
) -> Program:
    """Read a KPI table in a .csv or .xlsx file into a program.

    Args:
        path: The table.
        mapping: How to read it: a :class:`TableMapping`, or the path of a mapping file
            (default: a one-row-per-KPI table whose headers are the field names).
        encoding: The encoding of a CSV file (default: UTF-8, with or without a byte
            order mark; ``cp932`` for Shift_JIS files saved by Japanese Excel).

    Returns:
        The program.

    Raises:
        KPIModelError: A subclass naming the cell and quoting its text.
        ImportError: For a workbook when openpyxl (the ``excel`` extra) is missing.
    """
    if mapping is not None and not isinstance(mapping, TableMapping):
        mapping = load_mapping(mapping)
    return table_program(path, mapping, encoding=encoding)


def document_text(document: dict[str, Any], format: Literal["yaml", "json"] = "yaml") -> str:
    """Write a document read by this package as YAML or JSON, after validating it.

    The text keeps figures and periods as the table printed them, and reads back
    (:func:`kpimodel.loads`) to the program :func:`read_table` or :func:`open_sdg` returns.

    Args:
        document: A document from :func:`table_document` or :func:`open_sdg_document`.
        format: ``"yaml"`` or ``"json"``.

    Returns:
        The text.

    Raises:
        KPIModelError: When the document is not a valid program.
    """
    parse_program(document)
    if format == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return dump_yaml(document)
