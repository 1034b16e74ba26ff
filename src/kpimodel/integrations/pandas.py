"""pandas DataFrames of evaluations and observations, and KPIs built from DataFrames.

Needs the ``pandas`` extra (``pip install -e ".[pandas]"``); importing this module
without pandas raises an :class:`ImportError` that says so.

:func:`to_dataframe` writes the flat row schema that CSV and the batch output share, with
figures as floats for arithmetic and plotting (``exact=True`` keeps the exact
:class:`~decimal.Decimal` instead); :func:`observations_dataframe` keeps each figure
exact in ``value`` with its float in ``value_float``.

Example:
    >>> import kpimodel
    >>> from kpimodel import datasets
    >>> from kpimodel.integrations.pandas import to_dataframe
    >>> frame = to_dataframe(kpimodel.evaluate(datasets.load("ip-strategic-program-2026")))
    >>> frame.loc[frame.kpi_id == "agri-food-exports", ["status", "pace"]]  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeAlias

from pydantic import ValidationError

from kpimodel.errors import (
    DimensionMismatchError,
    KPIModelError,
    PeriodParseError,
    QuantityParseError,
    SchemaError,
)
from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation, Status
from kpimodel.evaluation._rows import ROW_COLUMNS, ROW_NAMES, ColumnKind
from kpimodel.integrations import missing_extra
from kpimodel.model import (
    KPI,
    Bound,
    Indicator,
    MonitorTarget,
    Observation,
    Program,
    ReferenceSeries,
    Target,
    Theme,
)
from kpimodel.periods import (
    AnyPeriod,
    CalendarYear,
    DateRange,
    Day,
    FiscalYear,
    Month,
    PeriodBase,
    Quarter,
    parse_period,
)
from kpimodel.render._labels import check_lang
from kpimodel.render._rows import evaluation_rows
from kpimodel.units import Quantity, parse_quantity
from kpimodel.units._numbers import plain

# The ignore keeps ``mypy --strict`` usable where the ``pandas`` extra is not installed.
try:
    import pandas as pd  # type: ignore[import-untyped, import-not-found, unused-ignore]
except ImportError as _exc:  # pragma: no cover - exercised by simulating a missing pandas
    raise missing_extra("pandas", "pandas") from _exc

__all__ = [
    "EVALUATION_COLUMNS",
    "OBSERVATION_COLUMNS",
    "kpis_from_dataframe",
    "observations_dataframe",
    "to_dataframe",
]

#: The columns of :func:`to_dataframe`, in order: the flat row schema's
#: (:data:`kpimodel.evaluation.ROW_COLUMNS`), the same as CSV's.
EVALUATION_COLUMNS: tuple[str, ...] = ROW_NAMES

#: The columns of :func:`observations_dataframe`, in order.
OBSERVATION_COLUMNS: tuple[str, ...] = (
    "kpi_id",
    "indicator_id",
    "reference_id",
    "period",
    "period_kind",
    "start",
    "last_day",
    "date",
    "value",
    "value_float",
    "unit",
    "approximate",
    "bound",
    "derived",
    "source",
    "note",
    "published",
    "edition",
)

#: The statuses in the order of the ``status`` categories.
_STATUSES = [s.value for s in (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.NO_DATA)]
_STATUS_COLUMNS = ("kpi_status", "status")

#: What :func:`kpis_from_dataframe` accepts as targets: by KPI id, or by ``(kpi id,
#: indicator id)``, a target or a mapping as written in YAML (``{"kind": "absolute",
#: "value": "5兆円", "deadline": "2030年"}``, optionally with ``title`` and ``title_en``
#: for the KPI); or a DataFrame with one target per row.
Targets: TypeAlias = "Mapping[str | tuple[str, str], Target | Mapping[str, Any]] | pd.DataFrame"


# -- evaluations -> DataFrame ------------------------------------------------------------


def to_dataframe(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation,
    *,
    lang: str = "en",
    exact: bool = False,
) -> pd.DataFrame:
    """Return one row per evaluated indicator, with every figure of its evaluation.

    The columns are :data:`EVALUATION_COLUMNS`, the flat row schema that CSV and the
    batch output share (each column is documented in docs/json-format.md#rows): the ids
    and titles; ``kpi_status`` and ``status``, categorical in the order achieved,
    on-track, behind, no-data; the reason code and the explanation; the target as a
    sentence (``target``) and as a figure (``target_value``); and every figure of the
    evaluation in the row's ``unit`` (``latest_value``, ``baseline_value``,
    ``expected_value`` ...), with the rates, pace, progress and rating. Periods are their
    labels, ``latest_date``, ``baseline_date`` and ``as_of`` are datetimes, and missing
    values are ``None`` (``NaN`` or ``NaT`` in numeric and date columns).

    Args:
        evaluation: A program's, a KPI's or an indicator's evaluation.
        lang: The language of the prose columns (``explanation``, ``target``,
            ``rating_label``): ``"en"`` or ``"ja"``.
        exact: Figures as the exact :class:`~decimal.Decimal` the table printed (an
            ``object`` column) instead of ``float64``.

    Returns:
        The DataFrame, in table order.

    Raises:
        TypeError: When ``evaluation`` is not an evaluation.
        ValueError: For a language other than ``en`` or ``ja``.
    """
    rows = list(evaluation_rows(evaluation, check_lang(lang), "a DataFrame"))
    frame = pd.DataFrame(rows, columns=list(EVALUATION_COLUMNS))
    for column in ROW_COLUMNS:
        name = column.name
        if name in _STATUS_COLUMNS:
            frame[name] = pd.Categorical(frame[name], categories=_STATUSES)
        elif column.kind is ColumnKind.FIGURE:
            if exact:
                frame[name] = frame[name].astype(object)
            else:
                frame[name] = [math.nan if v is None else float(v) for v in frame[name]]
                frame[name] = frame[name].astype("float64")
        elif column.kind is ColumnKind.NUMBER:
            frame[name] = frame[name].astype("float64")
        elif column.kind is ColumnKind.DATE:
            frame[name] = pd.to_datetime(frame[name])
        elif column.kind is ColumnKind.FLAG:
            frame[name] = frame[name].astype("boolean")
    return frame


# -- observations -> DataFrame -----------------------------------------------------------


def _label(period: PeriodBase | None) -> str | None:
    return str(period) if period is not None else None


def _observation_row(
    obs: Observation, kpi_id: str | None, indicator_id: str, reference_id: str | None
) -> dict[str, Any]:
    period = obs.period
    return {
        "kpi_id": kpi_id,
        "indicator_id": indicator_id,
        "reference_id": reference_id,
        "period": _label(period),
        "period_kind": period.kind if period is not None else None,
        "start": period.start if period is not None else None,
        "last_day": period.last_day if period is not None else None,
        "date": period.point if period is not None else None,
        "value": obs.value.magnitude,
        "value_float": float(obs.value.magnitude),
        "unit": obs.value.unit.symbol,
        "approximate": obs.value.approximate,
        "bound": obs.bound.value if obs.bound is not None else None,
        "derived": obs.derived,
        "source": obs.source,
        "note": obs.note,
        "published": obs.published,
        "edition": obs.edition,
    }


def _indicator_rows(
    indicator: Indicator, kpi_id: str | None, derived: bool, references: bool
) -> Iterable[dict[str, Any]]:
    series = indicator.all_observations if derived else indicator.observations
    for obs in series:
        yield _observation_row(obs, kpi_id, indicator.id, None)
    if references:
        for ref in indicator.references:
            for obs in ref.observations:
                yield _observation_row(obs, kpi_id, indicator.id, ref.id)


def observations_dataframe(
    subject: Program | Theme | KPI | Indicator,
    *,
    derived: bool = True,
    references: bool = False,
) -> pd.DataFrame:
    """Return one row per observation of a KPI or an indicator (or of a whole program).

    The columns are :data:`OBSERVATION_COLUMNS`: ``kpi_id`` (``None`` for a bare
    indicator), ``indicator_id``, ``reference_id`` (``None`` for the indicator's own
    series), the ``period`` label and ``period_kind``, its ``start``, ``last_day`` and
    ``date`` (the point used for rates), the exact ``value`` (``Decimal``) and
    ``value_float``, ``unit``, ``approximate``, ``bound``, ``derived``, ``source``,
    ``note``, and the figure's publication, ``published`` (a date) and ``edition`` (see
    docs/editions.md). The frame reads back with :func:`kpis_from_dataframe`, which skips derived
    rows (they are computed again from the stated changes).

    Args:
        subject: A program, theme, KPI or indicator.
        derived: Include the derived observations that stated changes imply.
        references: Include the observations of reference series.

    Returns:
        The DataFrame, by indicator and then by period (undated observations first).

    Raises:
        TypeError: When ``subject`` is none of those.
    """
    rows: list[dict[str, Any]] = []
    if isinstance(subject, Indicator):
        rows.extend(_indicator_rows(subject, None, derived, references))
    else:
        if isinstance(subject, KPI):
            kpis: Iterable[KPI] = (subject,)
        elif isinstance(subject, Theme):
            kpis = subject.kpis
        elif isinstance(subject, Program):
            kpis = (kpi for _, kpi in subject.kpis())
        else:
            raise TypeError(
                f"observations_dataframe() takes a Program, Theme, KPI or Indicator, not "
                f"{type(subject).__name__}"
            )
        for kpi in kpis:
            for indicator in kpi.indicators:
                rows.extend(_indicator_rows(indicator, kpi.id, derived, references))
    frame = pd.DataFrame(rows, columns=list(OBSERVATION_COLUMNS))
    frame["value_float"] = frame["value_float"].astype("float64")
    for column in ("approximate", "derived"):
        frame[column] = frame[column].astype("bool")
    for column in ("start", "last_day", "date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


# -- DataFrame -> KPIs -------------------------------------------------------------------


class _RowError(Exception):
    """A kpimodel error raised while reading one row (carries where it happened)."""

    def __init__(self, error: KPIModelError, column: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.column = column


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, Decimal) and value.is_nan()


def _python(value: Any) -> Any:
    """Return a numpy scalar as the equivalent Python value."""
    item = getattr(value, "item", None)
    if item is not None and type(value).__module__ == "numpy":
        return item()
    return value


def _exact(value: Any, what: str) -> Decimal:
    """Return a number cell as an exact decimal (floats by their shortest repr)."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise QuantityParseError(f"{what} must be a finite number", value=value)
        # 0.1 is read as 0.1, not as 0.1000000000000000055511151231257827.
        number = Decimal(repr(value))
    else:
        raise QuantityParseError(f"cannot read {what} {value!r}", value=value)
    if not number.is_finite():
        raise QuantityParseError(f"{what} must be a finite number", value=str(number))
    return plain(number)


def _quantity(value: Any, unit: Any, approximate: Any = None) -> Quantity:
    """Build a figure from a value cell, an optional unit cell and an approximate flag."""
    value = _python(value)
    unit = None if _missing(unit) else _python(unit)
    if unit is not None and not isinstance(unit, str):
        raise DimensionMismatchError("a unit must be text such as '億円' or '%'", value=unit)
    if _missing(value):
        raise QuantityParseError("the value is missing", value=None)
    if isinstance(value, bool):
        raise QuantityParseError("a figure cannot be true or false", value=value)
    if isinstance(value, Quantity):
        quantity = value
        if unit is not None and unit.strip() != value.unit.symbol:
            raise DimensionMismatchError(
                f"the value {value} is given in {value.unit.symbol!r} but the unit column "
                f"says {unit!r}",
                value=str(value),
            )
    elif isinstance(value, str):
        quantity = parse_quantity(value.strip() + (unit.strip() if unit else ""))
    else:
        if unit is None:
            raise DimensionMismatchError(
                "a number needs its unit: give a unit column ('億円', '%', '位'; '' for a "
                "plain number) or write the figure as text ('3,235億円')",
                value=value,
            )
        number = format(_exact(value, "the value"), "f")
        quantity = parse_quantity(f"{number}{unit.strip()}")
    flag = _python(approximate)
    if not _missing(flag) and bool(flag) and not quantity.approximate:
        quantity = quantity.model_copy(update={"approximate": True})
    return quantity


def _period(value: Any) -> AnyPeriod | None:
    """Read a period cell: text, a kpimodel period, a year, a date or a pandas Period."""
    value = _python(value)
    if _missing(value):
        return None
    if isinstance(value, PeriodBase):
        return value  # type: ignore[return-value]  # every concrete period is an AnyPeriod
    if isinstance(value, str):
        return parse_period(value)
    if isinstance(value, bool):
        raise PeriodParseError("a period cannot be true or false", value=value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return CalendarYear(year=int(value))
    if isinstance(value, pd.Period):
        return _pandas_period(value)
    if isinstance(value, dt.datetime):
        return Day(date=value.date())
    if isinstance(value, dt.date):
        return Day(date=value)
    raise PeriodParseError(
        f"cannot read the period {value!r}; give text such as '2024年度', '2025年' or "
        "'2026年3月', a year, a date or a pandas Period",
        value=value,
    )


def _pandas_period(value: pd.Period) -> AnyPeriod:
    start: dt.date = value.start_time.date()
    last: dt.date = value.end_time.date()
    days = (last - start).days + 1
    whole_months = start.day == 1 and (last + dt.timedelta(days=1)).day == 1
    if whole_months and 365 <= days <= 366:
        if start.month == 1:
            return CalendarYear(year=start.year)
        return FiscalYear(year=start.year, start_month=start.month)
    if whole_months and 90 <= days <= 92 and start.month in (1, 4, 7, 10):
        return Quarter(year=start.year, quarter=(start.month + 2) // 3)
    if whole_months and 28 <= days <= 31:
        return Month(year=start.year, month=start.month)
    if days == 1:
        return Day(date=start)
    return DateRange(first=start, last=last)


def _bound(value: Any) -> Bound | None:
    value = _python(value)
    if _missing(value):
        return None
    try:
        return Bound(str(value).strip())
    except ValueError as exc:
        known = ", ".join(b.value for b in Bound)
        raise SchemaError(f"unknown bound {value!r}; known bounds: {known}", value=value) from exc


def _text(value: Any) -> str | None:
    value = _python(value)
    if _missing(value):
        return None
    return str(value)


def _day(value: Any) -> dt.date | None:
    """Read a date cell: a date, a pandas timestamp or ``YYYY-MM-DD`` text."""
    value = _python(value)
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise SchemaError(
            f"cannot read the date {value!r}: write it as YYYY-MM-DD", value=str(value)
        ) from None


def _flag(value: Any) -> bool:
    value = _python(value)
    return not _missing(value) and bool(value)


def _unwrap(exc: ValidationError) -> KPIModelError:
    """Return the kpimodel error behind a pydantic validation error (or a schema error)."""
    items = exc.errors(include_url=False)
    for item in items:
        original = (item.get("ctx") or {}).get("error")
        if isinstance(original, KPIModelError):
            return original
    first = items[0]
    location = ".".join(str(part) for part in first["loc"])
    value = first.get("input")
    if isinstance(value, dict | list | tuple):
        value = type(value).__name__
    return SchemaError(first["msg"], field=location or None, value=value)


def _where(label: Hashable, table: str) -> str:
    return f"{table} {label}" if isinstance(label, int) else f"{table} {label!r}"


def _located(
    error: KPIModelError, label: Hashable, column: str | None, kpi_id: str | None, table: str
) -> KPIModelError:
    """Return ``error`` again, its message naming the row and its field the column."""
    value = error.value if error._has_value else KPIModelError._MISSING
    located = type(error)(
        f"{_where(label, table)}: {error.message}",
        kpi_id=error.kpi_id if error.kpi_id is not None else kpi_id,
        field=column or error.field,
        value=value,
    )
    located.row = label  # type: ignore[attr-defined]
    return located


def _cell(row: Mapping[str, Any], column: str) -> Any:
    return row.get(column)


def _id(value: Any, column: str) -> str:
    value = _python(value)
    if _missing(value):
        raise SchemaError(f"the {column} is missing", value=None)
    text = str(value).strip()
    if not text:
        raise SchemaError(f"the {column} is empty", value=value)
    return text


def _records(frame: pd.DataFrame) -> list[tuple[Hashable, dict[str, Any]]]:
    records = frame.to_dict(orient="records")
    return [
        (label, {str(k): v for k, v in rec.items()})
        for label, rec in zip(frame.index, records, strict=True)
    ]


def _observation(row: Mapping[str, Any]) -> Observation:
    column = "period"
    try:
        period = _period(_cell(row, "period"))
        column = "value"
        value = _quantity(_cell(row, "value"), _cell(row, "unit"), _cell(row, "approximate"))
        column = "bound"
        bound = _bound(_cell(row, "bound"))
        column = "published"
        published = _day(_cell(row, "published"))
        column = "source"
        return Observation(
            period=period,
            value=value,
            bound=bound,
            source=_text(_cell(row, "source")),
            note=_text(_cell(row, "note")),
            published=published,
            edition=_text(_cell(row, "edition")),
        )
    except KPIModelError as exc:
        raise _RowError(exc, column) from exc
    except ValidationError as exc:
        raise _RowError(_unwrap(exc), column) from exc


_TARGET_QUANTITIES = ("value", "change", "min_rate")
_KPI_FIELDS = ("title", "title_en")


def _target_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Turn one row of a targets DataFrame into a target mapping (figures parsed)."""
    data: dict[str, Any] = {}
    unit = _cell(row, "unit")
    baseline: dict[str, Any] = {}
    for key, raw in row.items():
        value = _python(raw)
        if key in ("kpi_id", "indicator_id", "unit", *_KPI_FIELDS) or _missing(value):
            continue
        if key in _TARGET_QUANTITIES:
            data[key] = _quantity(value, unit)
        elif key == "baseline":
            baseline["value"] = _quantity(value, unit)
        elif key == "baseline_period":
            baseline["period"] = _period(value)
        elif key == "baseline_source":
            baseline["source"] = str(value)
        elif key == "rank" and isinstance(value, float) and value.is_integer():
            data[key] = int(value)
        elif key in ("deadline", "period"):
            data[key] = _period(value)
        else:
            data[key] = value
    if baseline:
        data["baseline"] = baseline
    return data


def _parse_target(data: Target | Mapping[str, Any]) -> Target:
    if isinstance(data, Target):
        return data
    try:
        return Target.parse(dict(data))
    except ValidationError as exc:
        raise _unwrap(exc) from exc


def _read_targets(
    targets: Targets | None,
) -> tuple[dict[str | tuple[str, str], Target], dict[str, dict[str, str]]]:
    """Return the targets by key and the KPI titles found beside them."""
    found: dict[str | tuple[str, str], Target] = {}
    titles: dict[str, dict[str, str]] = {}
    if targets is None:
        return found, titles
    if isinstance(targets, pd.DataFrame):
        missing = [c for c in ("kpi_id", "kind") if c not in targets.columns]
        if missing:
            raise SchemaError(
                f"the targets DataFrame lacks the column(s) {', '.join(missing)}",
                value=[str(c) for c in targets.columns],
            )
        for label, row in _records(targets):
            kpi_id: str | None = None
            column: str | None = "kpi_id"
            try:
                kpi_id = _id(row["kpi_id"], "kpi_id")
                column = None
                indicator = _python(row.get("indicator_id"))
                key: str | tuple[str, str] = (
                    kpi_id if _missing(indicator) else (kpi_id, _id(indicator, "indicator_id"))
                )
                if key in found:
                    raise SchemaError(f"a second target for {key!r}", value=str(key))
                for name in _KPI_FIELDS:
                    text = _text(row.get(name))
                    if text is not None:
                        titles.setdefault(kpi_id, {})[name] = text
                found[key] = _parse_target(_target_from_row(row))
            except KPIModelError as exc:
                raise _located(exc, label, column, kpi_id, "targets row") from exc
        return found, titles
    if not isinstance(targets, Mapping):
        raise TypeError(f"targets must be a mapping or a DataFrame, not {type(targets).__name__}")
    for key, spec in targets.items():
        kpi_id = key[0] if isinstance(key, tuple) else key
        try:
            if isinstance(spec, Mapping):
                data = dict(spec)
                for name in _KPI_FIELDS:
                    text = data.pop(name, None)
                    if text is not None:
                        titles.setdefault(kpi_id, {})[name] = str(text)
                found[key] = _parse_target(data)
            else:
                found[key] = _parse_target(spec)
        except KPIModelError as exc:
            where = "target"
            raise _located(exc, key, exc.field, kpi_id, where) from exc
    return found, titles


def kpis_from_dataframe(df: pd.DataFrame, targets: Targets | None = None) -> tuple[KPI, ...]:
    """Build KPIs from a long-format DataFrame of observations and their targets.

    Each row of ``df`` is one observation. Columns:

    * ``kpi_id`` (required): the KPI.
    * ``period`` (required): text as tables print it (``2024年度``, ``2025年``,
      ``2026年3月現在``), a kpimodel period, an integer year (a calendar year), a date (a
      day) or a :class:`pandas.Period`; missing for a figure whose period is unknown.
    * ``value`` (required): text with its unit (``"3,235億円"``, ``"12位"``), or text or a
      number whose unit is in ``unit``. Floats are read by their shortest representation
      (``0.1`` is 0.1 exactly).
    * ``unit``: the unit of numeric values (``億円``, ``%``, ``位``; ``""`` for a plain
      number).
    * ``indicator_id``: for KPIs with several indicators (by default the KPI id).
    * ``reference_id``: set for observations of a reference series of the indicator
      (compared against by a ``reference_ratio`` target), such as
      :func:`observations_dataframe` writes with ``references=True``.
    * ``approximate``: true for approximate figures (約), in addition to a 約 in the text.
    * ``bound``: ``below``, ``at_most``, ``above`` or ``at_least`` for bounds.
    * ``source``, ``note``: text. Rows whose ``derived`` column is true are skipped.

    ``targets`` gives each KPI's target, by KPI id or by ``(kpi id, indicator id)``: a
    :class:`~kpimodel.Target` or a mapping as written in YAML (``{"kind": "absolute",
    "value": "5兆円", "deadline": "2030年"}``), optionally with the KPI's ``title`` and
    ``title_en``. Or a DataFrame with one target per row: ``kpi_id`` and ``kind``, and
    any of ``indicator_id``, ``value`` (with ``unit``), ``deadline``, ``direction``,
    ``rank``, ``change``, ``min_rate``, ``reference``, ``period``, ``text``, ``baseline``
    (with ``unit``), ``baseline_period``, ``baseline_source``, ``title``, ``title_en``.
    A target given by KPI id applies to each of its indicators without one of its own;
    indicators without a target are monitored. KPIs that have a target but no
    observation are included (they evaluate to no-data). A KPI's title defaults to its
    id.

    Args:
        df: The observations, one per row.
        targets: The targets.

    Returns:
        The KPIs, in order of first appearance in ``df``, then those only in ``targets``.

    Raises:
        KPIModelError: A subclass whose message names the row (``row 3: cannot read
            quantity '1,5億円'``) or the target, the KPI id, and the column as its field;
            its ``row`` attribute is the row's index label.
        TypeError: When ``df`` is not a DataFrame.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"kpis_from_dataframe() takes a DataFrame, not {type(df).__name__}")
    missing = [c for c in ("kpi_id", "period", "value") if c not in df.columns]
    if missing:
        raise SchemaError(
            f"the DataFrame lacks the column(s) {', '.join(missing)}; it needs kpi_id, "
            "period and value (and unit for numeric values)",
            value=[str(c) for c in df.columns],
        )
    found, titles = _read_targets(targets)
    # kpi id -> indicator id -> [(row label, observation)]
    series: dict[str, dict[str, list[tuple[Hashable, Observation]]]] = {}
    # (kpi id, indicator id) -> reference id -> observations
    references: dict[tuple[str, str], dict[str, list[tuple[Hashable, Observation]]]] = {}
    for label, row in _records(df):
        kpi_id: str | None = None
        column = "kpi_id"
        try:
            kpi_id = _id(row["kpi_id"], "kpi_id")
            indicator_cell = row.get("indicator_id")
            column = "indicator_id"
            indicator_id = (
                kpi_id if _missing(_python(indicator_cell)) else _id(indicator_cell, column)
            )
            if _flag(row.get("derived")):
                continue
            column = "reference_id"
            reference_cell = _python(row.get("reference_id"))
            reference_id = None if _missing(reference_cell) else _id(reference_cell, column)
            observation = _observation(row)
        except _RowError as exc:
            raise _located(exc.error, label, exc.column, kpi_id, "row") from exc
        except KPIModelError as exc:
            raise _located(exc, label, column, kpi_id, "row") from exc
        indicators = series.setdefault(kpi_id, {})
        if reference_id is None:
            indicators.setdefault(indicator_id, []).append((label, observation))
        else:
            indicators.setdefault(indicator_id, [])
            by_reference = references.setdefault((kpi_id, indicator_id), {})
            by_reference.setdefault(reference_id, []).append((label, observation))
    for key in found:
        kpi_id, indicator_id = key if isinstance(key, tuple) else (key, key)
        indicators = series.setdefault(kpi_id, {})
        if isinstance(key, tuple) or not indicators:
            indicators.setdefault(indicator_id, [])
    return tuple(
        _build_kpi(kpi_id, indicators, references, found, titles.get(kpi_id, {}))
        for kpi_id, indicators in series.items()
    )


def _at_row(
    error: KPIModelError, rows: list[tuple[Hashable, Observation]], kpi_id: str, where: str
) -> KPIModelError:
    """Locate an error of a series (``observations.3.period``) at the row it came from."""
    parts = (error.field or "").split(".")
    if len(parts) >= 2 and parts[0] == "observations" and parts[1].isdigit():
        label, _ = rows[int(parts[1])]
        column = parts[2] if len(parts) > 2 else None
        return _located(error, label, column, kpi_id, "row")
    return error.located(kpi_id=kpi_id, field=where)


def _reference(
    kpi_id: str, reference_id: str, rows: list[tuple[Hashable, Observation]]
) -> ReferenceSeries:
    try:
        return ReferenceSeries(id=reference_id, observations=tuple(obs for _, obs in rows))
    except ValidationError as exc:
        raise _at_row(_unwrap(exc), rows, kpi_id, f"references.{reference_id}") from exc


def _build_kpi(
    kpi_id: str,
    indicators: Mapping[str, list[tuple[Hashable, Observation]]],
    references: Mapping[tuple[str, str], Mapping[str, list[tuple[Hashable, Observation]]]],
    targets: Mapping[str | tuple[str, str], Target],
    titles: Mapping[str, str],
) -> KPI:
    built: list[Indicator] = []
    for indicator_id, rows in indicators.items():
        target = targets.get((kpi_id, indicator_id)) or targets.get(kpi_id) or MonitorTarget()
        try:
            built.append(
                Indicator(
                    id=indicator_id,
                    target=target,
                    observations=tuple(obs for _, obs in rows),
                    references=tuple(
                        _reference(kpi_id, reference_id, reference_rows)
                        for reference_id, reference_rows in references.get(
                            (kpi_id, indicator_id), {}
                        ).items()
                    ),
                )
            )
        except ValidationError as exc:
            error = _unwrap(exc)
            raise _at_row(error, rows, kpi_id, f"indicators.{indicator_id}") from exc
    try:
        return KPI(
            id=kpi_id,
            title=titles.get("title", kpi_id),
            title_en=titles.get("title_en"),
            indicators=tuple(built),
        )
    except ValidationError as exc:
        raise _unwrap(exc).located(kpi_id=kpi_id) from exc
