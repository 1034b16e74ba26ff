"""KPI tables in a spreadsheet or CSV file, turned into KPI documents.

Two layouts are read: ``wide``, one row per KPI (theme, KPI, target, deadline, baseline,
latest figure and its period, source), and ``long``, one row per KPI and period (KPI id,
period, value, unit, and optionally the target). Every figure and period is read by
kpimodel's own parsers (:func:`~kpimodel.parse_quantity`, :func:`~kpimodel.parse_period`),
so a table means what a KPI document would; a cell that cannot be read is an error that
names the cell (file or sheet, row, column and header) and quotes its text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpimodel.errors import KPIModelError, SchemaError
from kpimodel.io import parse_program
from kpimodel.model import Program
from kpimodel.periods import parse_period
from kpimodel.readers._cells import Cell, Grid, column_letter, read_csv, read_xlsx, with_unit
from kpimodel.readers._mapping import FIELDS, TableMapping
from kpimodel.units import Rank, parse_quantity

__all__ = ["SUFFIXES", "read_grid", "table_document", "table_program"]

#: The file suffixes read as tables.
SUFFIXES = (".csv", ".xlsx")
_SEPARATORS = re.compile(r"[\s_\-]+")
# Target kinds whose target cell is wording, not a figure.
_TEXT_KINDS = frozenset({"trend", "monitor", "pending"})
_FIGURE_KINDS = frozenset({"ratio", "absolute", "maintain", "cumulative", "rank"})
_DIRECTIONS = frozenset({"higher", "lower"})


def _key(text: str) -> str:
    return _SEPARATORS.sub("", text).casefold()


def read_grid(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> Grid:
    """Read the cells of a CSV file or of a workbook's sheet.

    Raises:
        FileReadError: When the file cannot be read, or is neither .csv nor .xlsx.
        SchemaError: For a sheet name with a CSV file or an encoding with a workbook.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise SchemaError(f"{path.name} is a CSV file: it has no sheets", value=sheet)
        return read_csv(path, encoding)
    if suffix == ".xlsx":
        if encoding is not None:
            raise SchemaError(
                f"{path.name} is a workbook: an encoding applies to CSV files only",
                value=encoding,
            )
        return read_xlsx(path, sheet)
    raise SchemaError(
        f"cannot read {path.name} as a table: use a .csv or .xlsx file", value=path.name
    )


@dataclass(frozen=True)
class _Row:
    number: int
    cells: dict[str, Cell]
    # The row each field came from, when the cells were collected from several rows.
    origins: dict[str, int] = dataclasses.field(default_factory=dict)


class _Table:
    """A grid with its header read: cells by field, and where each cell sits."""

    def __init__(self, grid: Grid, mapping: TableMapping) -> None:
        self.grid = grid
        self.mapping = mapping
        header_row = mapping.header_row
        if header_row > len(grid.rows):
            raise SchemaError(
                f"{grid.label} has no header row {header_row} (it has {len(grid.rows)} rows)",
                value=header_row,
            )
        headers = [cell.text for cell in grid.rows[header_row - 1]]
        self.columns: dict[str, int] = {}
        self.headers: dict[str, str] = {}
        wanted = dict(mapping.columns)
        by_key: dict[str, list[int]] = {}
        for index, header in enumerate(headers):
            if header:
                by_key.setdefault(_key(header), []).append(index)
        used: dict[int, str] = {}
        for name in FIELDS[mapping.layout]:
            if name in wanted:
                header = wanted[name]
                matches = [i for i, text in enumerate(headers) if text == header.strip()]
                if not matches:
                    raise SchemaError(
                        f"{grid.label}: the mapping reads {name} from column {header!r}, "
                        f"but row {header_row} has no such header; its headers: "
                        f"{', '.join(repr(h) for h in headers if h) or 'none'}",
                        field=f"columns.{name}",
                        value=header,
                    )
            else:
                matches = by_key.get(_key(name), [])
                if not matches:
                    continue
            if len(matches) > 1:
                # Two columns with one header: reading either would drop the other's data.
                letters = " and ".join(column_letter(i) for i in matches)
                raise SchemaError(
                    f"{grid.label}: columns {letters} of row {header_row} are both headed "
                    f"{headers[matches[0]]!r}; rename one, or map {name} to another header",
                    field=f"columns.{name}",
                    value=headers[matches[0]],
                )
            index = matches[0]
            if index in used:
                raise SchemaError(
                    f"{grid.label}: column {column_letter(index)} ({headers[index]!r}) is "
                    f"read as both {used[index]} and {name}",
                    field=f"columns.{name}",
                    value=headers[index],
                )
            used[index] = name
            self.columns[name] = index
            self.headers[name] = headers[index]
        missing = [field for field in mapping.required() if field not in self.columns]
        if missing:
            raise SchemaError(
                f"{grid.label}: no column for {', '.join(missing)} in row {header_row} "
                f"(headers: {', '.join(repr(h) for h in headers if h) or 'none'}); name it "
                "in a column mapping (columns: {" + f"{missing[0]}: HEADER" + "}) or with "
                f"--column {missing[0]}=HEADER",
                field="columns",
                value=missing[0],
            )

    def rows(self) -> Iterator[_Row]:
        above: dict[str, Cell] = {}
        for number in range(self.mapping.header_row + 1, len(self.grid.rows) + 1):
            cells = {field: self.grid.cell(number, index) for field, index in self.columns.items()}
            if not any(cell.text for cell in cells.values()):
                continue  # a blank row separates, it holds nothing
            for field in self.mapping.fill_down:
                if field in cells and not cells[field].text and field in above:
                    cells[field] = above[field]
            above.update({f: c for f, c in cells.items() if c.text})
            yield _Row(number, cells)

    def where(self, row: _Row, name: str) -> str:
        number = row.origins.get(name, row.number)
        return self.grid.where(number, self.columns[name], self.headers[name])


class _Reader:
    """Turns rows into the parts of a KPI document, reading each cell once."""

    def __init__(self, table: _Table) -> None:
        self.table = table

    def text(self, row: _Row, field: str) -> str:
        cell = row.cells.get(field)
        return cell.text if cell is not None else ""

    def _checked(self, row: _Row, field: str, text: str, parse: Callable[[str], Any]) -> Any:
        try:
            return parse(text)
        except KPIModelError as exc:
            where = self.table.where(row, field)
            raise exc.located(field=where) from exc

    def figure(self, row: _Row, field: str, unit: str) -> str | None:
        cell = row.cells.get(field)
        if cell is None or not cell.text:
            return None
        text = cell.text
        if cell.number and unit:
            # A bare number completed by the unit column: 52 and % make 52%.
            text = with_unit(text, unit)
        self._checked(row, field, text, parse_quantity)
        return text

    def period(self, row: _Row, field: str) -> str | None:
        text = self.text(row, field)
        if not text:
            return None
        self._checked(row, field, text, parse_period)
        return text

    def direction(self, row: _Row) -> str | None:
        text = self.text(row, "direction")
        if not text:
            return None
        if text.casefold() not in _DIRECTIONS:
            raise SchemaError(
                f"cannot read direction {text!r}: write higher or lower",
                field=self.table.where(row, "direction"),
                value=text,
            )
        return text.casefold()

    def target(self, row: _Row, unit: str) -> dict[str, Any] | None:
        kind = self.text(row, "target_kind")
        if kind and kind not in _TEXT_KINDS | _FIGURE_KINDS:
            raise SchemaError(
                f"cannot read target kind {kind!r}: write one of "
                f"{', '.join(sorted(_TEXT_KINDS | _FIGURE_KINDS))}",
                field=self.table.where(row, "target_kind"),
                value=kind,
            )
        target: dict[str, Any] = {}
        wording = self.text(row, "target")
        if kind in _TEXT_KINDS:
            target["kind"] = kind
            if wording:
                target["text"] = wording
        else:
            figure = self.figure(row, "target", unit)
            if figure is not None:
                value = parse_quantity(figure)
                if not kind:
                    kind = (
                        "rank"
                        if isinstance(value, Rank)
                        else "ratio"
                        if value.unit.kind == "ratio" and value.unit.symbol
                        else "absolute"
                    )
                target["kind"] = kind
                if kind == "rank":
                    target["rank"] = self._rank(row, value)
                else:
                    target["value"] = figure
                if wording != figure:
                    target["text"] = wording
            elif kind:
                raise SchemaError(
                    f"a {kind} target needs its figure in the target column",
                    field=self.table.where(row, "target_kind"),
                    value=kind,
                )
        deadline = self.period(row, "deadline")
        baseline = self.figure(row, "baseline", unit)
        baseline_period = self.period(row, "baseline_period")
        direction = self.direction(row)
        if not target and (deadline or baseline or direction):
            target["kind"] = "monitor"
        if not target:
            return None
        if deadline:
            target["deadline"] = deadline
        if baseline:
            target["baseline"] = {"value": baseline}
            if baseline_period:
                target["baseline"]["period"] = baseline_period
        elif baseline_period:
            raise SchemaError(
                "a baseline period needs a baseline figure",
                field=self.table.where(row, "baseline_period"),
                value=baseline_period,
            )
        if direction and target["kind"] != "rank":
            target["direction"] = direction
        return target

    def _rank(self, row: _Row, value: Any) -> int:
        position = value.magnitude
        if position != position.to_integral_value() or position < 1:
            raise SchemaError(
                f"a rank target must be a whole position of 1 or more, not {value}",
                field=self.table.where(row, "target"),
                value=str(value),
            )
        return int(position)


class _Themes:
    """Themes in table order: a new theme starts wherever the theme cell changes.

    A heading that comes back after another one starts a theme of its own (same title,
    another id), so that KPIs stay in the order of the table's rows.
    """

    def __init__(self, default: str) -> None:
        self.default = default
        self.order: list[dict[str, Any]] = []

    def add(self, heading: str, kpi: dict[str, Any]) -> None:
        title = heading or self.default
        if not self.order or self.order[-1]["title"] != title:
            self.order.append({"id": f"theme-{len(self.order) + 1}", "title": title, "kpis": []})
        self.order[-1]["kpis"].append(kpi)

    def themes(self) -> list[dict[str, Any]]:
        return self.order


def _wide(table: _Table, reader: _Reader) -> tuple[list[dict[str, Any]], dict[str, str]]:
    themes = _Themes("KPIs")
    places: dict[str, str] = {}
    for row in table.rows():
        title = reader.text(row, "kpi")
        if not title:
            raise SchemaError(
                "a KPI row needs the KPI's text",
                field=table.grid.where(row.number, table.columns["kpi"], table.headers["kpi"]),
            )
        kpi_id = reader.text(row, "id") or f"kpi-{row.number}"
        if kpi_id in places:
            raise SchemaError(
                f"KPI id {kpi_id!r} repeats (first at {places[kpi_id]})",
                field=table.where(row, "id") if "id" in table.columns else None,
                value=kpi_id,
            )
        places[kpi_id] = f"{table.grid.label}, row {row.number}"
        unit = reader.text(row, "unit")
        kpi: dict[str, Any] = {"id": kpi_id, "title": title}
        if reader.text(row, "kpi_en"):
            kpi["title_en"] = reader.text(row, "kpi_en")
        kpi["source_ref"] = places[kpi_id]
        target = reader.target(row, unit)
        if target is not None:
            kpi["target"] = target
        latest = reader.figure(row, "latest", unit)
        period = reader.period(row, "latest_period")
        if latest is not None:
            observation: dict[str, Any] = {"period": period, "value": latest}
            if reader.text(row, "source"):
                observation["source"] = reader.text(row, "source")
            kpi["observations"] = [observation]
        elif period is not None:
            raise SchemaError(
                "a period needs the figure it is the period of",
                field=table.where(row, "latest_period"),
                value=period,
            )
        if reader.text(row, "progress"):
            kpi["progress_text"] = reader.text(row, "progress")
        if reader.text(row, "note"):
            kpi["note"] = reader.text(row, "note")
        themes.add(reader.text(row, "theme"), kpi)
    return themes.themes(), places


# The fields of a long table that describe the KPI rather than one figure: each KPI may
# give them on one row or repeat them, but never give two different values.
_KPI_FIELDS = ("theme", "kpi", "kpi_en", "target", "target_kind", "direction", "deadline",
               "baseline", "baseline_period", "progress", "note")  # fmt: skip


def _long(table: _Table, reader: _Reader) -> tuple[list[dict[str, Any]], dict[str, str]]:
    groups: dict[str, list[_Row]] = {}
    for row in table.rows():
        kpi_id = reader.text(row, "id")
        if not kpi_id:
            raise SchemaError(
                "a row of a long table needs the KPI id", field=table.where(row, "id")
            )
        groups.setdefault(kpi_id, []).append(row)
    themes = _Themes("KPIs")
    places: dict[str, str] = {}
    for kpi_id, rows in groups.items():
        places[kpi_id] = f"{table.grid.label}, rows {rows[0].number}-{rows[-1].number}"
        merged = _one_per_kpi(table, kpi_id, rows)
        unit = reader.text(merged, "unit")
        kpi: dict[str, Any] = {"id": kpi_id, "title": reader.text(merged, "kpi") or kpi_id}
        if reader.text(merged, "kpi_en"):
            kpi["title_en"] = reader.text(merged, "kpi_en")
        kpi["source_ref"] = places[kpi_id]
        target = reader.target(merged, unit)
        if target is not None:
            kpi["target"] = target
        observations = []
        seen: dict[Any, int] = {}
        for row in rows:
            value = reader.figure(row, "value", reader.text(row, "unit"))
            period = reader.period(row, "period")
            if value is None:
                continue  # a row that only states the target
            if period is None:
                raise SchemaError(
                    f"a figure of KPI {kpi_id!r} needs its period",
                    kpi_id=kpi_id,
                    field=table.where(row, "period"),
                )
            canonical = parse_period(period)  # periods compare by kind and fields
            if canonical in seen:
                raise SchemaError(
                    f"KPI {kpi_id!r} has two figures for {period} (rows {seen[canonical]} "
                    f"and {row.number})",
                    kpi_id=kpi_id,
                    field=table.where(row, "period"),
                    value=period,
                )
            seen[canonical] = row.number
            observation: dict[str, Any] = {"period": period, "value": value}
            if reader.text(row, "source"):
                observation["source"] = reader.text(row, "source")
            observations.append(observation)
        if observations:
            kpi["observations"] = observations
        if reader.text(merged, "progress"):
            kpi["progress_text"] = reader.text(merged, "progress")
        if reader.text(merged, "note"):
            kpi["note"] = reader.text(merged, "note")
        themes.add(reader.text(merged, "theme"), kpi)
    return themes.themes(), places


def _one_per_kpi(table: _Table, kpi_id: str, rows: list[_Row]) -> _Row:
    """Collect a KPI's fields from its rows into one row, refusing two different values."""
    cells: dict[str, Cell] = {}
    first: dict[str, _Row] = {}
    for row in rows:
        for field in _KPI_FIELDS:
            cell = row.cells.get(field)
            if cell is None or not cell.text:
                continue
            if field in cells and cells[field].text != cell.text:
                raise SchemaError(
                    f"KPI {kpi_id!r} gives two different {field} values: "
                    f"{cells[field].text!r} ({table.where(first[field], field)}) and "
                    f"{cell.text!r}",
                    kpi_id=kpi_id,
                    field=table.where(row, field),
                    value=cell.text,
                )
            if field not in cells:
                cells[field], first[field] = cell, row
    # The unit applies to the target and baseline as well; rows must agree on it.
    units = {row.cells["unit"].text for row in rows if "unit" in row.cells}
    if len(units - {""}) == 1:
        row = next(row for row in rows if "unit" in row.cells and row.cells["unit"].text)
        cells["unit"], first["unit"] = row.cells["unit"], row
    elif len(units - {""}) > 1:
        for name in ("target", "baseline"):
            if name in cells and cells[name].number:
                shown = ", ".join(repr(unit) for unit in sorted(units - {""}))
                raise SchemaError(
                    f"KPI {kpi_id!r}: the {name} {cells[name].text} is a bare number, but the "
                    f"KPI's rows give several units ({shown}); write its unit in the cell",
                    kpi_id=kpi_id,
                    field=table.where(first[name], name),
                    value=cells[name].text,
                )
    origins = {name: row.number for name, row in first.items()}
    return _Row(rows[0].number, cells, origins)


def table_document(
    path: str | Path,
    mapping: TableMapping | None = None,
    *,
    encoding: str | None = None,
) -> dict[str, Any]:
    """Read a KPI table (.csv or .xlsx) into a KPI document (a mapping, as YAML holds it).

    Figures and periods are kept as the table prints them; the document validates as a
    :class:`~kpimodel.Program` (see :func:`table_program`).

    Args:
        path: The table.
        mapping: The layout and columns (default: a wide table whose headers are the
            field names).
        encoding: The encoding of a CSV file (default: UTF-8, with or without a byte
            order mark); ``cp932`` for files saved by Japanese Excel.

    Returns:
        The document.

    Raises:
        KPIModelError: A subclass naming the cell (file or sheet, row, column, header) and
            quoting its text.
        ImportError: For a workbook when openpyxl (the ``excel`` extra) is not installed.
    """
    return _document(Path(path), mapping or TableMapping(), encoding)[0]


def _document(
    file: Path, mapping: TableMapping, encoding: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    grid = read_grid(file, sheet=mapping.sheet, encoding=encoding)
    table = _Table(grid, mapping)
    reader = _Reader(table)
    themes, places = (_wide if mapping.layout == "wide" else _long)(table, reader)
    if not themes:
        raise SchemaError(f"{grid.label} holds no KPI rows below its header")
    document: dict[str, Any] = {"title": mapping.title or file.stem}
    if mapping.as_of is not None:
        document["as_of"] = mapping.as_of.isoformat()
    document["source"] = file.name
    document["themes"] = themes
    return document, places


def table_program(
    path: str | Path,
    mapping: TableMapping | None = None,
    *,
    encoding: str | None = None,
) -> Program:
    """Read a KPI table (.csv or .xlsx) into a program.

    Args:
        path: The table.
        mapping: The layout and columns (see :class:`TableMapping`).
        encoding: The encoding of a CSV file (see :func:`table_document`).

    Returns:
        The program, as :func:`kpimodel.load` would return it for the same document.

    Raises:
        KPIModelError: A subclass naming the cell, or the KPI and the rows it comes from.
        ImportError: For a workbook when openpyxl (the ``excel`` extra) is not installed.
    """
    document, places = _document(Path(path), mapping or TableMapping(), encoding)
    try:
        return parse_program(document)
    except KPIModelError as exc:
        place = places.get(exc.kpi_id or "")
        if place is None or place in exc.message:
            raise
        problem = type(exc)(
            f"{exc.message} ({place})",
            kpi_id=exc.kpi_id,
            field=exc.field,
            value=exc.value if exc._has_value else KPIModelError._MISSING,
        )
        problem.problems = getattr(exc, "problems", (exc,))  # type: ignore[attr-defined]
        raise problem from exc
