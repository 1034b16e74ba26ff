"""Open SDG data repositories: indicator data (CSV) and configuration, read as a program.

An Open SDG data repository (see https://open-sdg.readthedocs.io) holds one CSV file per
indicator, ``data/indicator_<id>.csv``, with a ``Year`` column, any disaggregation
columns, optional ``Units`` and ``Series`` columns, a ``Value`` column and an optional
``Progress`` column; and each indicator's configuration in ``indicator-config/<id>.yml``
or ``meta/<id>.yml`` (or the front matter of ``meta/<id>.md``), where
``auto_progress_calculation: true`` turns on progress measurement and
``progress_calculation_options`` chooses the series (``series``, ``unit``,
``disaggregation``) and sets ``base_year``, ``target``, ``target_year``, ``direction``
and ``limit``.

The reading follows Open SDG's own: the series measured is the headline (the rows whose
disaggregation columns are all empty) unless a disaggregation is named; values in the
Progress column replace those of the Value column; the defaults are Open SDG's documented
ones (base year 2015, target year 2030, direction negative); the baseline is the base
year's value, or the first year after it that has one. What Open SDG would silently
choose around (a configured unit or series absent from the data, a selection that still
holds several series, two values for one year) is an error here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kpimodel.errors import FileReadError, KPIModelError, SchemaError
from kpimodel.io import parse_program
from kpimodel.io._api import _parse_text
from kpimodel.model import Program
from kpimodel.periods import parse_period
from kpimodel.readers._cells import column_letter, decode, read_bytes, with_unit
from kpimodel.units import parse_quantity
from kpimodel.units._numbers import plain

__all__ = ["DEFAULTS", "NON_DISAGGREGATION_COLUMNS", "open_sdg", "open_sdg_document"]

#: Open SDG's documented defaults of ``progress_calculation_options``.
DEFAULTS: Mapping[str, Any] = {"base_year": 2015, "target_year": 2030, "direction": "negative"}
#: The columns Open SDG does not treat as disaggregations (sdg-build's defaults, which a
#: repository's ``config_data.yml`` may replace under ``indicator_options``).
NON_DISAGGREGATION_COLUMNS = (
    "Year",
    "Units",
    "Series",
    "Value",
    "GeoCode",
    "Observation status",
    "Unit multiplier",
    "Unit measure",
    "UNIT_MEASURE",
    "SERIES",
    "COMMENT_TS",
    "DATA_LAST_UPDATE",
)
# Observation attributes and the progress column are never disaggregations either.
_ATTRIBUTES = ("COMMENT_OBS", "SOURCE_DETAIL", "GeoCode", "Progress")
_SERIES, _UNITS, _PROGRESS = "Series", "Units", "Progress"
# Units labels whose meaning is fixed: a percentage.
_PERCENT_LABELS = frozenset({"percent", "percentage", "per cent", "percentages"})
# Text pandas reads as a missing value (and so Open SDG too): never silently empty here.
_PANDAS_NA = frozenset(
    {"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
     "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
)  # fmt: skip
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_KNOWN_OPTIONS = frozenset(
    {"series", "unit", "disaggregation", "base_year", "target", "target_year", "direction",
     "limit", "progress_thresholds", "group"}
)  # fmt: skip
_CONFIG_KEYS = ("auto_progress_calculation", "progress_calculation_options", "progress_status")
#: Open SDG's statuses set by hand (``progress_status``), as kpimodel's statuses: the
#: reading of the ``open-sdg`` preset (``presets.open_sdg.kpimodel_status``; a test checks
#: that they agree). They become the KPI's stated status, never its computed one.
_STATED = {
    "target_achieved": "achieved",
    "substantial_progress": "on-track",
    "moderate_progress": "behind",
    "limited_progress": "behind",
    "deterioration": "behind",
    "not_available": "no-data",
}


def _read_yaml(path: Path, front_matter: bool = False) -> dict[str, Any]:
    text = decode(read_bytes(path), None, str(path))
    if front_matter:
        match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
        if match is None:
            return {}
        text = match.group(1)
    try:
        data = _parse_text(text, "yaml") if text.strip() else {}
    except KPIModelError as exc:
        raise exc.located(field=str(path)) from exc
    if not isinstance(data, dict):
        raise SchemaError(f"{path} must hold a mapping of metadata fields", field=str(path))
    return data


def _metadata(root: Path, inid: str) -> tuple[dict[str, Any], dict[str, Path]]:
    """Merge an indicator's configuration files; the keys kpimodel uses may not disagree."""
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}
    for path, front in (
        (root / "indicator-config" / f"{inid}.yml", False),
        (root / "meta" / f"{inid}.yml", False),
        (root / "meta" / f"{inid}.md", True),
    ):
        if not path.is_file():
            continue
        for key, value in _read_yaml(path, front).items():
            if key in merged and merged[key] != value and key in _CONFIG_KEYS:
                raise SchemaError(
                    f"indicator {inid}: {key} differs between {origin[key]} and {path}",
                    kpi_id=inid,
                    field=key,
                )
            if key not in merged:
                merged[key], origin[key] = value, path
    return merged, origin


class _Data:
    """One indicator's CSV file: the header, its rows, and the columns by role."""

    def __init__(self, path: Path, inid: str, non_disaggregation: tuple[str, ...]) -> None:
        self.path = path
        self.inid = inid
        label = f"data/{path.name}"
        text = decode(read_bytes(path), None, label)
        records = list(csv.reader(io.StringIO(text, newline="")))
        if not records:
            raise SchemaError(f"{label} is empty", kpi_id=inid)
        self.header = records[0]
        for column in ("Year", "Value"):
            if column not in self.header:
                raise SchemaError(
                    f"{label} has no {column!r} column (Open SDG data need Year and Value; "
                    f"its columns: {', '.join(self.header)})",
                    kpi_id=inid,
                    value=column,
                )
        self.rows = [dict(zip(self.header, record, strict=False)) for record in records[1:]]
        self.numbers = list(range(2, len(records) + 1))
        ignored = set(non_disaggregation) | set(_ATTRIBUTES)
        self.disaggregations = [c for c in self.header if c not in ignored]
        self.label = label
        for number, row in zip(self.numbers, self.rows, strict=True):
            for column, value in row.items():
                if value in _PANDAS_NA:
                    raise SchemaError(
                        f"{self.where(number, column)}: {value!r} is read by Open SDG (pandas) "
                        "as an empty cell; leave the cell empty instead",
                        kpi_id=inid,
                        field=self.where(number, column),
                        value=value,
                    )

    def where(self, number: int, column: str) -> str:
        index = self.header.index(column)
        return f"{self.label}, row {number}, column {column_letter(index)} ({column})"

    def select(self, option: Mapping[str, Any], tag: str) -> list[tuple[int, dict[str, str]]]:
        """Return the rows of the series an option names, as Open SDG chooses them."""
        rows = list(zip(self.numbers, self.rows, strict=True))
        for key, column in (("unit", _UNITS), ("series", _SERIES)):
            wanted = option.get(key)
            if wanted is None:
                continue
            rows = self._filter(rows, column, str(wanted), tag)
        disaggregation = option.get("disaggregation")
        if disaggregation:
            if not isinstance(disaggregation, list) or not all(
                isinstance(item, dict) and {"field", "value"} <= set(item)
                for item in disaggregation
            ):
                raise SchemaError(
                    f"indicator {self.inid}: disaggregation must be a list of "
                    "{field: COLUMN, value: VALUE}",
                    kpi_id=self.inid,
                    field="progress_calculation_options.disaggregation",
                )
            for item in disaggregation:
                rows = self._filter(rows, str(item["field"]), str(item["value"]), tag)
        else:
            headline = [
                (n, r) for n, r in rows if not any(r.get(c, "") for c in self.disaggregations)
            ]
            if rows and not headline:
                raise SchemaError(
                    f"indicator {self.inid} ({tag}): no headline rows in {self.label} (every "
                    "row has a disaggregation); name one in progress_calculation_options "
                    f"(disaggregation: [{{field: ..., value: ...}}]); its disaggregation "
                    f"columns: {', '.join(self.disaggregations)}",
                    kpi_id=self.inid,
                    field="progress_calculation_options",
                )
            rows = headline
        # What remains must be one series (Open SDG raises "many sub-series" otherwise).
        for column in self.header:
            if column in ("Year", "Value", _PROGRESS) or column in _ATTRIBUTES:
                continue
            values = sorted({r.get(column, "") for _, r in rows})
            if len(values) > 1:
                raise SchemaError(
                    f"indicator {self.inid} ({tag}): the rows selected for progress still hold "
                    f"several series ({column}: {', '.join(repr(v) for v in values)}); name "
                    "one in progress_calculation_options (series, unit or disaggregation)",
                    kpi_id=self.inid,
                    field="progress_calculation_options",
                    value=column,
                )
        return rows

    def _filter(
        self, rows: list[tuple[int, dict[str, str]]], column: str, wanted: str, tag: str
    ) -> list[tuple[int, dict[str, str]]]:
        if column not in self.header:
            raise SchemaError(
                f"indicator {self.inid} ({tag}): the configuration selects {column} "
                f"{wanted!r}, but {self.label} has no {column!r} column",
                kpi_id=self.inid,
                field="progress_calculation_options",
                value=wanted,
            )
        kept = [(n, r) for n, r in rows if r.get(column) == wanted]
        if not kept:
            present = sorted({r.get(column, "") for _, r in rows} - {""})
            raise SchemaError(
                f"indicator {self.inid} ({tag}): {self.label} has no rows with {column} "
                f"{wanted!r} (its values: {', '.join(repr(v) for v in present) or 'none'})",
                kpi_id=self.inid,
                field="progress_calculation_options",
                value=wanted,
            )
        return kept

    def headline_groups(self) -> list[dict[str, str]]:
        """The (series, unit) pairs of the headline rows, in order of appearance."""
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for row in self.rows:
            if any(row.get(c, "") for c in self.disaggregations):
                continue
            key = (row.get(_SERIES, ""), row.get(_UNITS, ""))
            option = {k: v for k, v in zip(("series", "unit"), key, strict=True) if v}
            seen.setdefault(key, option)
        return list(seen.values())


def _number(text: str, where: str, inid: str) -> str:
    if not _NUMBER.fullmatch(text):
        raise SchemaError(
            f"{where}: Open SDG values must be numbers, not {text!r}",
            kpi_id=inid,
            field=where,
            value=text,
        )
    try:
        return format(plain(Decimal(text)), "f")
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise SchemaError(f"{where}: cannot read {text!r}", kpi_id=inid) from exc


def _unit(label: str, units: Mapping[str, str], inid: str, where: str) -> str:
    """Return the kpimodel unit of an Open SDG Units label, never guessing one."""
    if label in units:
        unit = units[label]
        try:
            parse_quantity(with_unit("1", unit))
        except KPIModelError as exc:
            raise SchemaError(
                f"the unit {unit!r} given for the Units label {label!r} is not a unit "
                f"kpimodel reads ({exc.message})",
                kpi_id=inid,
                field=where,
                value=unit,
            ) from exc
        return unit
    if not label:
        return ""
    if label.casefold() in _PERCENT_LABELS:
        return "%"
    try:
        parse_quantity(with_unit("1", label))
    except KPIModelError:
        raise SchemaError(
            f"indicator {inid}: the unit {label!r} ({where}) is not a unit kpimodel reads; "
            f"map it: open_sdg(DIR, units={{{label!r}: '人'}}) or --unit '{label}=人' (any "
            "kpimodel unit; '' for a plain number)",
            kpi_id=inid,
            field=where,
            value=label,
        ) from None
    return label


def _options(meta: Mapping[str, Any], inid: str) -> list[tuple[str, dict[str, Any]]]:
    """The configured series as (tag, options), groups flattened."""
    raw = meta.get("progress_calculation_options") or [{}]
    if not isinstance(raw, list):
        raise SchemaError(
            f"indicator {inid}: progress_calculation_options must be a list",
            kpi_id=inid,
            field="progress_calculation_options",
        )
    flat: list[tuple[str, dict[str, Any]]] = []
    for index, item in enumerate(raw, start=1):
        members = item.get("group") if isinstance(item, dict) and "group" in item else None
        entries = members if isinstance(members, list) else [item]
        for sub, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise SchemaError(
                    f"indicator {inid}: each progress_calculation_options entry must be a mapping",
                    kpi_id=inid,
                    field=f"progress_calculation_options.{index - 1}",
                )
            unknown = sorted(set(entry) - _KNOWN_OPTIONS)
            if unknown:
                raise SchemaError(
                    f"indicator {inid}: unknown progress_calculation_options key "
                    f"{unknown[0]!r}; Open SDG's keys: {', '.join(sorted(_KNOWN_OPTIONS))}",
                    kpi_id=inid,
                    field=f"progress_calculation_options.{index - 1}",
                    value=unknown[0],
                )
            tag = f"option {index}" + (f", group member {sub}" if members else "")
            flat.append((tag, entry))
    return flat


def _year(text: str, where: str, inid: str) -> tuple[str, int]:
    try:
        period = parse_period(text)
    except KPIModelError as exc:
        raise exc.located(kpi_id=inid, field=where) from exc
    # Open SDG reads the first four characters of a longer Year (2015-2016 is 2015).
    return text, period.start.year


def _indicator(
    data: _Data, option: Mapping[str, Any], tag: str, units: Mapping[str, str], configured: bool
) -> dict[str, Any]:
    inid = data.inid
    settings = {**DEFAULTS, **option}
    rows = data.select(option, tag)
    unit_label = str(option.get("unit") or next((r.get(_UNITS, "") for _, r in rows), ""))
    where = f"{data.label}, column {_UNITS}" if _UNITS in data.header else data.label
    unit = _unit(unit_label, units, inid, where)
    column = _PROGRESS if _PROGRESS in data.header else "Value"
    observations: list[dict[str, Any]] = []
    years: dict[int, int] = {}
    by_year: dict[int, str] = {}
    for number, row in rows:
        text = row.get(column, "")
        if not text:
            continue  # Open SDG drops missing values
        period, year = _year(row.get("Year", ""), data.where(number, "Year"), inid)
        if year in years:
            raise SchemaError(
                f"indicator {inid} ({tag}): two values for {year} (rows {years[year]} and "
                f"{number})",
                kpi_id=inid,
                field=data.where(number, "Year"),
                value=year,
            )
        years[year] = number
        figure = with_unit(_number(text, data.where(number, column), inid), unit)
        by_year[year] = figure
        observation: dict[str, Any] = {
            "period": period,
            "value": figure,
            "source": f"{data.label}, row {number}",
        }
        if column == _PROGRESS and row.get("Value", "") not in ("", text):
            observation["note"] = f"Progress column; the Value column shows {row['Value']}"
        observations.append(observation)
    notes: list[str] = [f"Open SDG {tag}" if configured else "not configured for progress"]
    monitor: dict[str, Any] = {"kind": "monitor"}
    target = _target(settings, unit, by_year, notes, inid) if configured else monitor
    title = ", ".join(
        [str(option[k]) for k in ("series", "unit") if option.get(k)]
        + [f"{d['field']}: {d['value']}" for d in option.get("disaggregation") or []]
    )
    indicator: dict[str, Any] = {"target": target, "observations": observations}
    if title:
        indicator["title"] = title
    indicator["note"] = "; ".join(notes)
    return indicator


def _target(
    settings: Mapping[str, Any],
    unit: str,
    by_year: Mapping[int, str],
    notes: list[str],
    inid: str,
) -> dict[str, Any]:
    direction = settings.get("direction")
    if direction not in ("positive", "negative"):
        raise SchemaError(
            f"indicator {inid}: direction must be positive or negative, not {direction!r}",
            kpi_id=inid,
            field="progress_calculation_options.direction",
            value=direction,
        )
    for key in ("base_year", "target_year"):
        if not isinstance(settings[key], int) or isinstance(settings[key], bool):
            raise SchemaError(
                f"indicator {inid}: {key} must be a year (a whole number), not {settings[key]!r}",
                kpi_id=inid,
                field=f"progress_calculation_options.{key}",
                value=settings[key],
            )
    target: dict[str, Any] = {
        "direction": "higher" if direction == "positive" else "lower",
        "deadline": str(settings["target_year"]),
    }
    value = settings.get("target")
    if value is None:
        target["kind"] = "trend"  # no target value: progress is movement in the direction
    else:
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            raise SchemaError(
                f"indicator {inid}: target must be a number, not {value!r}",
                kpi_id=inid,
                field="progress_calculation_options.target",
                value=value,
            )
        figure = with_unit(format(plain(Decimal(str(value))), "f"), unit)
        kind = parse_quantity(figure).unit
        target["kind"] = "ratio" if kind.kind == "ratio" and kind.symbol else "absolute"
        target["value"] = figure
        if value == 0:
            notes.append("target 0 kept as 0 (Open SDG replaces it with 0.001)")
    base_year = settings["base_year"]
    later = sorted(year for year in by_year if year >= base_year)
    if later:
        year = later[0]
        target["baseline"] = {"value": by_year[year], "period": str(year)}
        if year != base_year:
            notes.append(f"no value for base year {base_year}: the baseline is {year}'s")
    else:
        notes.append(f"no value in or after base year {base_year}: no baseline")
    if settings.get("limit") is not None:
        notes.append(f"limit {settings['limit']} (recorded only: kpimodel has no limit field)")
    if settings.get("progress_thresholds"):
        notes.append(f"progress_thresholds {settings['progress_thresholds']} (recorded only)")
    target["text"] = ", ".join(
        f"{key}: {settings[key]}"
        for key in ("direction", "target", "target_year", "base_year", "limit")
        if settings.get(key) is not None
    )
    return target


def _natural(inid: str) -> list[tuple[int, str]]:
    return [(int(part), "") if part.isdigit() else (10**9, part) for part in inid.split("-")]


def _non_disaggregation(root: Path) -> tuple[str, ...]:
    config = root / "config_data.yml"
    if not config.is_file():
        return NON_DISAGGREGATION_COLUMNS
    options = _read_yaml(config).get("indicator_options") or {}
    columns = options.get("non_disaggregation_columns") if isinstance(options, dict) else None
    if columns is None:
        return NON_DISAGGREGATION_COLUMNS
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise SchemaError(
            f"{config}: indicator_options.non_disaggregation_columns must be a list of names",
            field="indicator_options.non_disaggregation_columns",
        )
    return tuple(columns)


def open_sdg_document(
    directory: str | Path, *, units: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Read an Open SDG data repository into a KPI document (a mapping).

    Each indicator with a data file, or configured with ``auto_progress_calculation:
    true``, becomes a KPI under its goal's theme. A configured indicator has one
    indicator per series of ``progress_calculation_options`` (groups flattened), each
    with a target: ``ratio`` or ``absolute`` toward ``target`` when one is given, else a
    ``trend`` in the configured direction; the deadline is ``target_year`` and the
    baseline the value of ``base_year`` (or the first year after it with a value).
    ``limit`` and ``progress_thresholds`` are recorded in the indicator's note: kpimodel's
    model has no field for them. Indicators not configured for progress are tracked with
    a ``monitor`` target, one indicator per headline series and unit.

    Args:
        directory: The repository (holding ``data/``, and ``indicator-config/`` or
            ``meta/``).
        units: kpimodel units for Units labels (``{"Number": "人"}``); a label that is a
            kpimodel unit already (``%``, ``persons``) or says percent needs none.

    Returns:
        The document.

    Raises:
        KPIModelError: A subclass naming the indicator, the file and the row.
    """
    root = Path(directory)
    data_dir = root / "data"
    if not data_dir.is_dir():
        raise FileReadError(
            f"{root} is not an Open SDG data repository: it has no data/ folder", value=str(root)
        )
    non_disaggregation = _non_disaggregation(root)
    files = {p.name[len("indicator_") : -len(".csv")]: p for p in data_dir.glob("indicator_*.csv")}
    configured: set[str] = set()
    metas: dict[str, dict[str, Any]] = {}
    for folder in ("indicator-config", "meta"):
        for path in sorted((root / folder).glob("*.*")) if (root / folder).is_dir() else []:
            if path.suffix in (".yml", ".md"):
                inid = path.stem
                if inid not in metas:
                    metas[inid] = _metadata(root, inid)[0]
                if metas[inid].get("auto_progress_calculation") is True:
                    configured.add(inid)
    themes: dict[str, dict[str, Any]] = {}
    for inid in sorted(set(files) | configured, key=_natural):
        meta = metas.get(inid) or _metadata(root, inid)[0]
        is_configured = meta.get("auto_progress_calculation") is True
        indicators: list[dict[str, Any]] = []
        if inid in files:
            data = _Data(files[inid], inid, non_disaggregation)
            if is_configured:
                for tag, option in _options(meta, inid):
                    indicators.append(_indicator(data, option, tag, units or {}, True))
            else:
                for option in data.headline_groups():
                    indicators.append(_indicator(data, option, "headline", units or {}, False))
        kpi: dict[str, Any] = {
            "id": inid,
            "title": str(meta.get("indicator_name") or f"Indicator {inid.replace('-', '.')}"),
            "source_ref": f"data/indicator_{inid}.csv" if inid in files else "no data file",
        }
        notes = []
        manual = meta.get("progress_status") if not is_configured else None
        if manual:
            notes.append(f"progress_status set by hand: {manual}")
            stated = _STATED.get(str(manual))
            if stated is not None:
                kpi["stated_status"] = {
                    "status": stated,
                    "note": f"Open SDG progress_status: {manual}",
                    "source": f"the metadata of indicator {inid}",
                }
        if not indicators:
            notes.append("no headline data" if inid in files else "no data file")
            indicators.append({"target": {"kind": "monitor"}})
        if len(indicators) == 1:
            single = dict(indicators[0])
            series_title, note = single.pop("title", None), single.pop("note", None)
            kpi.update(single)
            if series_title:
                kpi["title"] = f"{kpi['title']} ({series_title})"
            if note:
                notes.insert(0, note)
        else:
            kpi["indicators"] = [
                {"id": f"series-{n}", **ind} for n, ind in enumerate(indicators, start=1)
            ]
        if notes:
            kpi["note"] = "; ".join(notes)
        goal = inid.split("-")[0]
        theme = themes.setdefault(goal, {"id": f"goal-{goal}", "title": f"Goal {goal}", "kpis": []})
        theme["kpis"].append(kpi)
    if not themes:
        raise SchemaError(f"{root} holds no indicators (no data/indicator_*.csv files)")
    return {
        "title": f"Open SDG data: {root.resolve().name}",
        "source": str(root),
        "themes": list(themes.values()),
    }


def open_sdg(directory: str | Path, *, units: Mapping[str, str] | None = None) -> Program:
    """Read an Open SDG data repository into a program (see :func:`open_sdg_document`).

    Args:
        directory: The repository.
        units: kpimodel units for Units labels that are not kpimodel units.

    Returns:
        The program; evaluate it with :func:`kpimodel.evaluate`.

    Raises:
        KPIModelError: A subclass naming the indicator, the file and the row.
    """
    return parse_program(open_sdg_document(directory, units=units))
