"""The kpimodel error hierarchy.

Every error kpimodel raises on purpose derives from :class:`KPIModelError`. Errors about
input also derive from :class:`ValueError` (so that pydantic reports them with the path of
the offending field), and each carries the KPI id, the field and the offending value when
they are known, so that a message such as::

    KPI 'ai-research-spend', field 'observations.1.value': cannot read
    quantity '1,5億円' (digit groups must have three digits)

tells a person where to look without a traceback.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DimensionMismatchError",
    "DocumentSyntaxError",
    "DuplicateKPIError",
    "DuplicateObservationError",
    "EvaluationError",
    "FileReadError",
    "InconsistentTargetError",
    "InputError",
    "InvalidScaleError",
    "KPIModelError",
    "LimitExceededError",
    "PeriodParseError",
    "QuantityParseError",
    "SchemaError",
    "UnknownPresetError",
    "UnknownTargetKindError",
    "UnknownUnitError",
]

_MAX_VALUE_REPR = 80


def _short(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_VALUE_REPR:
        return text[: _MAX_VALUE_REPR - 3] + "..."
    return text


class KPIModelError(Exception):
    """Base class of every error raised by kpimodel.

    Attributes:
        message: The bare description of the problem.
        kpi_id: The id of the KPI concerned, when known.
        field: The dotted path of the field concerned, when known.
        value: The offending value, when known.
    """

    _MISSING: Any = object()

    def __init__(
        self,
        message: str,
        *,
        kpi_id: str | None = None,
        field: str | None = None,
        value: Any = _MISSING,
    ) -> None:
        self.message = message
        self.kpi_id = kpi_id
        self.field = field
        self.value = None if value is KPIModelError._MISSING else value
        self._has_value = value is not KPIModelError._MISSING
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.kpi_id is not None:
            where.append(f"KPI {_short(self.kpi_id)}")
        if self.field:
            where.append(f"field {_short(self.field)}")
        text = self.message
        if self._has_value and repr(self.value)[:20] not in text:
            text = f"{text} (value: {_short(self.value)})"
        return f"{', '.join(where)}: {text}" if where else text

    def located(self, *, kpi_id: str | None = None, field: str | None = None) -> KPIModelError:
        """Return a copy of this error that names where it happened.

        Args:
            kpi_id: The KPI id to name, unless the error already names one.
            field: The field path to name, unless the error already names one.

        Returns:
            An error of the same class with the location filled in.
        """
        new = type(self).__new__(type(self))
        KPIModelError.__init__(
            new,
            self.message,
            kpi_id=self.kpi_id if self.kpi_id is not None else kpi_id,
            field=self.field if self.field else field,
            value=self.value if self._has_value else KPIModelError._MISSING,
        )
        for key, val in vars(self).items():
            if key not in vars(new):
                setattr(new, key, val)
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (multiprocessing, services): keep them picklable,
        # with their extra attributes (line, column, problems).
        state = {
            key: value
            for key, value in vars(self).items()
            if key not in ("message", "kpi_id", "field", "value", "_has_value")
        }
        args = (type(self), self.message, self.kpi_id, self.field, self.value, self._has_value)
        return (_rebuild_error, args, state or None)


def _rebuild_error(
    cls: type[KPIModelError],
    message: str,
    kpi_id: str | None,
    field: str | None,
    value: Any,
    has_value: bool = True,
) -> KPIModelError:
    if not has_value:
        value = KPIModelError._MISSING
    return cls(message, kpi_id=kpi_id, field=field, value=value)


class InputError(KPIModelError, ValueError):
    """Base class of errors caused by the input: a file, a document or a value.

    Attributes:
        line: The 1-based line in the document, when the error was found while reading it.
        column: The 1-based column in the document, likewise.
    """

    line: int | None = None
    column: int | None = None


class FileReadError(InputError):
    """A file could not be read (missing, unreadable, not UTF-8, too large)."""


class DocumentSyntaxError(InputError):
    """A YAML or JSON document is not well formed (``line`` and ``column`` say where).

    Also raised for YAML features KPI documents refuse: tags, anchors and aliases, merge
    keys, keys that are not text, and duplicate keys.
    """


class SchemaError(InputError):
    """A document is well formed but does not describe a valid program."""


class QuantityParseError(InputError):
    """A text could not be read as a quantity such as ``3,235億円``."""


class PeriodParseError(InputError):
    """A text could not be read as a period such as ``2024年度``, or names an impossible date."""


class UnknownUnitError(QuantityParseError):
    """A unit is not defined in kpimodel's unit registry.

    A figure with an unknown unit (``5 furlongs``) is also a figure kpimodel cannot read,
    so this is a :class:`QuantityParseError` too.
    """


class DimensionMismatchError(InputError):
    """Two quantities of incompatible units met (yen and persons, JPY and USD, 社 and 校)."""


class DuplicateObservationError(InputError):
    """A series has two observations for the same period."""


class InconsistentTargetError(InputError):
    """A target's baseline, value or deadline contradict each other."""


class UnknownTargetKindError(InputError):
    """A target names a ``kind`` that no registered target class declares."""


class DuplicateKPIError(InputError):
    """Two KPIs (or themes, or indicators of one KPI) share an id."""


class LimitExceededError(InputError):
    """An input exceeds a documented limit (size, nesting, string length, count)."""


class UnknownPresetError(InputError):
    """An evaluation preset is named that kpimodel does not define."""


class InvalidScaleError(InputError):
    """A status scale is unknown, or its definition is not valid."""


class EvaluationError(KPIModelError):
    """An evaluator failed on an input it accepted."""
