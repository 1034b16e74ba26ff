"""Builders of the files the reader tests read: every file is made by the test itself."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

WIDE_HEADER = [
    "Theme",
    "KPI",
    "Target",
    "Deadline",
    "Baseline",
    "Baseline period",
    "Latest",
    "Latest period",
    "Source",
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)  # CRLF line ends, as Excel writes them
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def workbook(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = (), **sheet: Any) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet.get("title", "KPIs")
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    for ref, fmt in sheet.get("formats", {}).items():
        ws[ref].number_format = fmt
    book.save(path)
    return path
