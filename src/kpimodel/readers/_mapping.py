"""The column mapping of a KPI table: which column holds which field, in which layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kpimodel.errors import SchemaError
from kpimodel.io._api import _parse_text
from kpimodel.readers._cells import decode, read_bytes

__all__ = ["FIELDS", "LONG_FIELDS", "WIDE_FIELDS", "Layout", "TableMapping", "load_mapping"]

Layout = Literal["wide", "long"]

#: The fields of a one-row-per-KPI table (``wide``), with what each column holds.
WIDE_FIELDS: dict[str, str] = {
    "id": "the KPI id (default: kpi-ROW, from the row number)",
    "theme": "the theme heading (blank cells and merged cells take the theme above)",
    "kpi": "the KPI as the table states it (required)",
    "kpi_en": "the KPI in English",
    "target": "the target figure (52%, 5兆円, 4位); blank for none",
    "target_kind": "the target's kind when the figure does not say it (trend, maintain...)",
    "direction": "higher or lower (default: higher; ranks are always lower)",
    "deadline": "the period the target should be met by (2030年, FY2030, 2030)",
    "baseline": "the figure progress is measured from",
    "baseline_period": "the period of the baseline",
    "latest": "the latest figure",
    "latest_period": "the period of the latest figure",
    "unit": "the unit of bare numbers in target, baseline and latest",
    "source": "where the figures come from",
    "progress": "the table's progress statement, kept as the KPI's progress_text",
    "note": "free text",
}
#: The fields of a long table (one row per KPI and period).
LONG_FIELDS: dict[str, str] = {
    "id": "the KPI id (required): rows with the same id are one series",
    "theme": "the theme heading",
    "kpi": "the KPI's title (default: its id)",
    "kpi_en": "the KPI's title in English",
    "period": "the period of the figure (required)",
    "value": "the figure (required)",
    "unit": "the unit of bare numbers in value, target and baseline",
    "target": "the target figure (give it on one row of the KPI, or the same on every row)",
    "target_kind": "the target's kind when the figure does not say it",
    "direction": "higher or lower",
    "deadline": "the target's deadline",
    "baseline": "the baseline figure",
    "baseline_period": "the period of the baseline",
    "source": "where the figure comes from",
    "progress": "the table's progress statement, kept as the KPI's progress_text",
    "note": "free text",
}
FIELDS = {"wide": WIDE_FIELDS, "long": LONG_FIELDS}
_REQUIRED = {"wide": ("kpi",), "long": ("id", "period", "value")}


class TableMapping(BaseModel):
    """How to read a KPI table: its layout, sheet, header row and columns.

    A mapping file is YAML with these keys, for example::

        layout: wide
        sheet: KPI一覧
        title: 知的財産推進計画 KPI
        columns:
          theme: テーマ
          kpi: KPI
          target: 目標値
          deadline: 目標年
          latest: 最新値
          latest_period: 時点

    Columns not named in ``columns`` are found by their header when it is the field's
    name (``Target``, ``latest period``: case, spaces, ``_`` and ``-`` do not matter).

    Attributes:
        layout: ``wide`` (one row per KPI) or ``long`` (one row per KPI and period).
        sheet: The workbook sheet to read (default: the first); not for CSV files.
        header_row: The row holding the column headers (1-based); data starts below it.
        title: The program's title (default: the file's name).
        as_of: The date the table describes.
        columns: The header of the column each field is read from.
        fill_down: Fields whose blank cells take the value above (default: the theme).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    layout: Layout = "wide"
    sheet: str | None = None
    header_row: int = Field(default=1, ge=1, le=1000)
    title: str | None = Field(default=None, min_length=1, max_length=10_000)
    as_of: dt.date | None = None
    columns: dict[str, str] = Field(default_factory=dict)
    fill_down: tuple[str, ...] = ("theme",)

    @model_validator(mode="after")
    def _known_fields(self) -> TableMapping:
        known = FIELDS[self.layout]
        for key in (*self.columns, *self.fill_down):
            if key not in known:
                raise SchemaError(
                    f"unknown field {key!r} for the {self.layout} layout; its fields: "
                    f"{', '.join(known)}",
                    field="columns",
                    value=key,
                )
        return self

    def required(self) -> tuple[str, ...]:
        """The fields a table in this layout must have."""
        return _REQUIRED[self.layout]

    def merged(self, **changes: Any) -> TableMapping:
        """Return this mapping with options given elsewhere (the command line) applied.

        ``columns`` are added to (and override) this mapping's; ``None`` values are
        ignored.
        """
        data = self.model_dump(exclude_defaults=True)
        for key, value in changes.items():
            if value is None:
                continue
            if key == "columns":
                data["columns"] = {**data.get("columns", {}), **value}
            else:
                data[key] = value
        return build_mapping(data, "options")


def build_mapping(data: Any, label: str) -> TableMapping:
    """Validate a mapping, naming ``label`` (a file, or ``options``) in errors."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SchemaError(f"{label}: a column mapping must be a mapping (layout:, columns: ...)")
    try:
        return TableMapping.model_validate(data)
    except ValidationError as exc:
        item = exc.errors(include_url=False)[0]
        field = ".".join(str(part) for part in item["loc"]) or None
        original = (item.get("ctx") or {}).get("error")
        message = original.message if isinstance(original, SchemaError) else item["msg"]
        raise SchemaError(f"{label}: {message}", field=field) from exc


def load_mapping(path: str | Path) -> TableMapping:
    """Read a column-mapping file (YAML, read as strictly as KPI documents).

    Args:
        path: The file.

    Returns:
        The mapping.

    Raises:
        KPIModelError: When the file cannot be read or is not a valid mapping.
    """
    file = Path(path)
    text = decode(read_bytes(file), None, str(file))
    return build_mapping(_parse_text(text, "yaml"), str(file))
