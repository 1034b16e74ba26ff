"""One rule for validation errors: pydantic's become kpimodel's located errors.

Every domain model (periods, the program's classes) derives from :class:`Model`, whose
construction (``Observation(...)``, ``KPI.model_validate(...)``) raises a
:class:`~kpimodel.errors.KPIModelError` naming the KPI, the field and the value instead of
pydantic's ``ValidationError``. The raised error is also a ``pydantic.ValidationError``
(and a ``ValueError``, as every input error is), carrying pydantic's line errors, so code
written as ``except pydantic.ValidationError`` keeps working; pydantic's original error is
its ``__cause__``.

The readers (:mod:`kpimodel.io`) use the same translation for whole documents.
"""

from __future__ import annotations

import difflib
import functools
import re
import threading
import typing
from collections.abc import Callable, Collection
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError, model_validator

from kpimodel.errors import (
    KPIModelError,
    LimitExceededError,
    PeriodParseError,
    SchemaError,
    UnknownTargetKindError,
)

# Fields typed as a period (a union discriminated by ``kind``) and as a target.
PERIOD_FIELDS = frozenset({"period", "since", "deadline"})
PERIOD_KINDS = frozenset(
    {"calendar_year", "fiscal_year", "quarter", "month", "day", "span", "range"}
)
# The keys of a KPI written flat, which the model moves into its single indicator.
FLAT_KEYS = frozenset({"target", "observations", "references", "series"})
_LIMIT_TYPES = frozenset({"string_too_long", "too_long"})

_target_kinds: Callable[[], Collection[str]] = tuple


def set_target_kinds(provider: Callable[[], Collection[str]]) -> None:
    """Name the registered target kinds in messages (called once by the model layer)."""
    global _target_kinds
    _target_kinds = provider


def quote(text: Any, limit: int = 60) -> str:
    """Quote a value from the document for a message, cut to a readable length."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[: limit - 4] + "...'"


def _is_tag(loc: tuple[int | str, ...], index: int, *, root: str | None = None) -> bool:
    """Whether ``loc[index]`` is a union tag pydantic added, not a key of the document."""
    if index == 0:
        return root == "Target" and loc[0] in _target_kinds()
    part, parent = loc[index], loc[index - 1]
    if parent == "target":
        return part in _target_kinds()
    return parent in PERIOD_FIELDS and part in PERIOD_KINDS


def locate(
    data: Any, loc: tuple[int | str, ...], *, document: bool = False, root: str | None = None
) -> tuple[str | None, str]:
    """Find the KPI id on the path ``loc`` into ``data`` and the path within that KPI.

    Paths are named as the document writes them: a KPI written flat (``target`` and
    ``observations`` on the KPI) holds one indicator in the model, but its fields are named
    ``target...``, not ``indicators.0.target...``, which the user never wrote; a KPI that
    lists its ``indicators`` keeps them in its paths. Union tags that pydantic adds to its
    paths (``target.absolute.value``) are dropped. With ``document``, ``loc`` is a path into
    the document itself (which has no tags).
    """
    kpi_id: str | None = None
    kpi_depth = -1
    flat = False
    node = data
    for depth, part in enumerate(loc):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if depth >= 2 and loc[depth - 1] == "kpis" and isinstance(node, dict):
            candidate = node.get("id")
            if isinstance(candidate, str):
                kpi_id, kpi_depth = candidate, depth
                flat = "indicators" not in node
    path = [
        str(part)
        for index, part in enumerate(loc)
        if index > kpi_depth and (document or not _is_tag(loc, index, root=root))
    ]
    if not document and flat and path[:2] == ["indicators", "0"]:
        del path[:2]  # the flat KPI's own indicator: the document writes its fields on the KPI
    return kpi_id, ".".join(path)


def translate(
    exc: ValidationError, data: Any, *, kpi_id: str | None = None, root: str | None = None
) -> KPIModelError:
    """Turn pydantic's error about ``data`` into kpimodel's, listing every problem.

    Args:
        exc: pydantic's error.
        data: What was validated (a document, or a constructor's keyword arguments).
        kpi_id: The KPI the data belongs to, when the path into it cannot say.
        root: The name of the class validated (a ``Target`` union tags its paths).

    Returns:
        The first problem, a located kpimodel error whose ``problems`` lists them all.
    """
    problems: list[KPIModelError] = []
    items = exc.errors(include_url=False)
    hints = _Hints(items, data, root)
    for item in items:
        loc = tuple(item["loc"])
        if loc in hints.dropped:
            continue
        found, field = locate(data, loc, root=root)
        found = found or kpi_id
        original = (item.get("ctx") or {}).get("error")
        value = item.get("input")
        if isinstance(value, dict | list | tuple):
            value = type(value).__name__
        if isinstance(original, KPIModelError):
            inner = original.field
            full = ".".join(p for p in (field, inner) if p) if inner != field else field
            problem = _plain(type(original))(
                original.message,
                kpi_id=original.kpi_id or found,
                field=full or None,
                value=original.value if original._has_value else KPIModelError._MISSING,
            )
        elif item["type"] in ("union_tag_invalid", "union_tag_not_found"):
            is_period = any(part in PERIOD_FIELDS for part in loc[-1:])
            kind = UnknownTargetKindError if not is_period else PeriodParseError
            what = "period" if is_period else "target"
            known = ", ".join(sorted(PERIOD_KINDS if is_period else _target_kinds()))
            tag = (item.get("ctx") or {}).get("tag")
            message = (
                f"unknown {what} kind {quote(tag)}; known kinds: {known}"
                if tag is not None
                else f"a {what} given as a mapping needs a 'kind' ({known})"
            )
            problem = kind(message, kpi_id=found, field=field or None, value=value)
        elif item["type"] in _LIMIT_TYPES:
            problem = LimitExceededError(
                item["msg"], kpi_id=found, field=field or None, value=value
            )
        elif loc in hints.split:
            figure_loc, text = hints.split[loc]
            found, field = locate(data, figure_loc, root=root)
            problem = SchemaError(
                f"the figure {text} was split at its comma: in a flow mapping ({{...}}) a "
                f"comma separates entries, so quote the figure: "
                f"{figure_loc[-1]}: {quote(text)}",
                kpi_id=found or kpi_id,
                field=field or None,
                value=text,
            )
        elif item["type"] == "extra_forbidden":
            key = str(loc[-1])
            meant = hints.meant.get(loc)
            owners = _owners().get(key, ())
            hint = f"; did you mean {quote(meant)}?" if meant else ""
            # A right key in the wrong place, such as ``kpis`` at the top level.
            what = (
                f"unknown key {quote(key)} here: it is a key of {_either(owners)}"
                if owners and not meant
                else f"unknown key {quote(key)} (not part of the KPI document format){hint}"
            )
            problem = SchemaError(
                what,
                kpi_id=found,
                field=field or None,
                value=value,
            )
        else:
            problem = SchemaError(item["msg"], kpi_id=found, field=field or None, value=value)
        problems.append(problem)
    # A failed item makes pydantic also report its container as too short: drop the echo.
    meaningful = [p for p in problems if "at least 1 item after validation" not in p.message]
    problems = meaningful or problems
    first = problems[0]
    first.problems = tuple(problems)  # type: ignore[attr-defined]
    return first


def raise_all(problems: list[KPIModelError], title: str) -> None:
    """Raise every problem a model validator found, so that each is reported.

    One problem is raised as it is; several are raised together as pydantic line errors
    at the validated model (each keeps its own field), which :func:`translate` turns back
    into the located errors, listed in ``problems``.

    Args:
        problems: The problems found (nothing is raised when there are none).
        title: What was validated, for pydantic's error title.
    """
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ValidationError.from_exception_data(
            title,
            [
                {
                    "type": "value_error",
                    "loc": (),
                    "input": problem.value,
                    "ctx": {"error": problem},
                }
                for problem in problems
            ],
        )


# --- hints for the mistakes people make writing YAML by hand --------------------------------

# What YAML makes of ``{value: 1,000件}``: ``value: 1`` and a key ``000件`` with no value.
_SPLIT_GROUP = re.compile(r"\d+(?:\.\d+)?\S*")


def _document_node(data: Any, loc: tuple[int | str, ...], root: str | None) -> Any:
    """The node of the document at the model path ``loc`` (``None`` when it has none)."""
    node = data
    skip = 0
    for index, part in enumerate(loc):
        if skip:
            skip -= 1
            continue
        if _is_tag(loc, index, root=root):
            continue
        if part == "indicators" and isinstance(node, dict) and "indicators" not in node:
            skip = 1  # a flat KPI: its indicator is the KPI itself
            continue
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


class _Hints:
    """What the errors of one validation say together: typos and figures split by YAML.

    ``meant`` maps the path of an unknown key to the key it is probably a typo of (a
    required key missing from the same mapping, else a close key of the format); the
    "field required" error of that key is then an echo, and ``dropped``. ``split`` maps
    the path of a key such as ``000件`` to the figure YAML split at its commas.
    """

    def __init__(self, items: list[Any], data: Any, root: str | None) -> None:
        self.meant: dict[tuple[int | str, ...], str] = {}
        self.split: dict[tuple[int | str, ...], tuple[tuple[int | str, ...], str]] = {}
        self.dropped: set[tuple[int | str, ...]] = set()
        missing: dict[tuple[int | str, ...], list[str]] = {}
        for item in items:
            loc = tuple(item["loc"])
            if item["type"] == "missing" and loc and isinstance(loc[-1], str):
                missing.setdefault(loc[:-1], []).append(loc[-1])
        for item in items:
            loc = tuple(item["loc"])
            if item["type"] != "extra_forbidden" or not loc:
                continue
            key = str(loc[-1])
            if self._split(loc, key, data, root, items):
                continue
            close = difflib.get_close_matches(key, missing.get(loc[:-1], ()), n=1, cutoff=0.6)
            if close:
                self.meant[loc] = close[0]
                self.dropped.add((*loc[:-1], close[0]))
                continue
            others = [name for name in _field_names() if name != key]
            close = difflib.get_close_matches(key, others, n=1, cutoff=0.8)
            if close and key not in _fields():
                self.meant[loc] = close[0]

    def _split(
        self,
        loc: tuple[int | str, ...],
        key: str,
        data: Any,
        root: str | None,
        items: list[Any],
    ) -> bool:
        """Record ``key`` as part of a figure split at its commas; False if it is not one."""
        if not _SPLIT_GROUP.fullmatch(key):
            return False
        mapping = _document_node(data, loc[:-1], root)
        if not isinstance(mapping, dict) or mapping.get(key, 0) is not None:
            return False
        keys = list(mapping)
        at = keys.index(key)
        start = at
        while (
            start > 0
            and mapping[keys[start - 1]] is None
            and _SPLIT_GROUP.fullmatch(str(keys[start - 1]))
        ):
            start -= 1
        if start == 0 or isinstance(mapping[keys[start - 1]], bool):
            return False
        head = mapping[keys[start - 1]]
        if not isinstance(head, int | str) or not str(head).lstrip("+-").isdigit():
            return False
        end = at
        while (
            end + 1 < len(keys)
            and mapping[keys[end + 1]] is None
            and _SPLIT_GROUP.fullmatch(str(keys[end + 1]))
        ):
            end += 1
        figure_loc = (*loc[:-1], keys[start - 1])
        text = ",".join([str(head), *(str(k) for k in keys[start : end + 1])])
        if at == start:
            self.split[loc] = (figure_loc, text)
        else:
            self.dropped.add(loc)  # reported once, with the first group
        # The figure's own error ("a figure needs its unit") is the same problem.
        plain = _untagged(figure_loc, root)
        for item in items:
            other = tuple(item["loc"])
            if _untagged(other, root)[: len(plain)] == plain:
                self.dropped.add(other)
        return True


def _untagged(loc: tuple[int | str, ...], root: str | None) -> tuple[int | str, ...]:
    return tuple(part for index, part in enumerate(loc) if not _is_tag(loc, index, root=root))


# The mappings of a document a person writes, as the "it is a key of ..." hint names them.
_HOMES = {
    "Program": "the document's top level",
    "Theme": "a theme",
    "KPI": "a KPI",
    "Indicator": "an indicator",
    "Observation": "an observation",
    "Baseline": "a baseline",
}


@functools.cache
def _fields() -> dict[str, set[type[BaseModel]]]:
    """Every field name of the document format, with the models that have it."""
    owners: dict[str, set[type[BaseModel]]] = {}
    stack: list[type[BaseModel]] = [Model]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        for name, field in cls.model_fields.items():
            owners.setdefault(field.alias or name, set()).add(cls)
    return owners


def _target_kind(cls: type[BaseModel]) -> str | None:
    field = cls.model_fields.get("kind")
    default = field.default if field is not None else None
    return default if isinstance(default, str) else None


@functools.cache
def _owners() -> dict[str, tuple[str, ...]]:
    """The keys of the mappings people write, with where each belongs ("a theme")."""
    kinds = {
        kind
        for classes in _fields().values()
        for cls in classes
        if cls.__name__.endswith("Target") and (kind := _target_kind(cls))
    }
    owners: dict[str, tuple[str, ...]] = {}
    for key, classes in _fields().items():
        names = {cls.__name__ for cls in classes}
        homes = [home for name, home in _HOMES.items() if name in names]
        with_key = sorted(
            kind
            for cls in classes
            if cls.__name__.endswith("Target") and (kind := _target_kind(cls))
        )
        if with_key and set(with_key) == kinds:
            homes.append("a target")
        elif with_key:
            homes.append("a target of kind " + _either(tuple(quote(k) for k in with_key)))
        if homes:
            owners[key] = tuple(homes)
    return owners


def _field_names() -> tuple[str, ...]:
    """Every field name of the document format (the models derived from :class:`Model`)."""
    return tuple(sorted(_fields()))


def _either(names: tuple[str, ...]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


# --- errors that are both kpimodel's and pydantic's ------------------------------------------

_dual_lock = threading.Lock()


def _plain(cls: type[KPIModelError]) -> type[KPIModelError]:
    """The kpimodel class behind a class made by :func:`_dual`."""
    return getattr(cls, "_kpimodel_class", cls)


class _PydanticFacet:
    """What an error that is both kpimodel's and pydantic's shows: kpimodel's side."""

    _kpimodel_class: ClassVar[type[KPIModelError]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass  # pydantic's constructor fills the line errors; construction_error the rest

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"{self._kpimodel_class.__name__}({str(self)!r})"

    def located(self, *, kpi_id: str | None = None, field: str | None = None) -> KPIModelError:
        return _as_plain(self).located(kpi_id=kpi_id, field=field)  # type: ignore[arg-type]

    def __reduce__(self) -> str | tuple[Any, ...]:
        return _as_plain(self).__reduce__()  # type: ignore[arg-type]


_duals: dict[type[KPIModelError], type[KPIModelError]] = {}


def _dual(cls: type[KPIModelError]) -> type[KPIModelError]:
    """A subclass of ``cls`` that is also a ``pydantic.ValidationError``."""
    with _dual_lock:
        found = _duals.get(cls)
        if found is None:
            namespace = {
                "_kpimodel_class": cls,
                "__module__": cls.__module__,
                "__qualname__": cls.__qualname__,
                "__doc__": cls.__doc__,
            }
            found = type(cls.__name__, (_PydanticFacet, cls, ValidationError), namespace)
            _duals[cls] = found
        return found


def _as_plain(error: KPIModelError) -> KPIModelError:
    plain = _plain(type(error))(
        error.message,
        kpi_id=error.kpi_id,
        field=error.field,
        value=error.value if error._has_value else KPIModelError._MISSING,
    )
    for key, val in vars(error).items():
        if key not in vars(plain):
            setattr(plain, key, val)
    return plain


def construction_error(exc: ValidationError, data: Any, title: str) -> KPIModelError:
    """The located kpimodel error, also a ``ValidationError``, for a failed construction."""
    kpi_id = data.get("id") if isinstance(data, dict) and title == "KPI" else None
    found = translate(exc, data, kpi_id=kpi_id if isinstance(kpi_id, str) else None, root=title)
    cls = _dual(type(found))
    error = cls.from_exception_data(  # type: ignore[attr-defined]
        title, exc.errors(include_url=False, include_context=True)
    )
    KPIModelError.__init__(
        error,
        found.message,
        kpi_id=found.kpi_id,
        field=found.field,
        value=found.value if found._has_value else KPIModelError._MISSING,
    )
    for key, val in vars(found).items():
        if key not in vars(error):
            setattr(error, key, val)
    return error  # type: ignore[no-any-return]


# --- the shared base model --------------------------------------------------------------------


def _is_number(annotation: Any) -> bool:
    """Whether a field's type admits numbers but not booleans."""
    seen: list[Any] = []

    def walk(tp: Any) -> None:
        seen.append(tp)
        for arg in typing.get_args(tp):
            walk(arg)

    walk(annotation)
    numbers = any(tp in (int, float, Decimal) for tp in seen)
    return numbers and bool not in seen


class Model(BaseModel):
    """The base of kpimodel's domain models: one rule for their validation errors.

    Construction raises located kpimodel errors (see the module's description), and a
    field typed as a number refuses booleans: pydantic would read ``rank: true`` as 1.
    """

    _number_fields: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._number_fields = frozenset(
            field.alias or name
            for name, field in cls.model_fields.items()
            if _is_number(field.annotation)
        )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            if isinstance(exc, KPIModelError):
                raise
            raise construction_error(exc, data, type(self).__name__) from exc

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> typing.Self:
        """Validate ``obj``, raising located kpimodel errors (see the class)."""
        try:
            return super().model_validate(
                obj,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as exc:
            if isinstance(exc, KPIModelError):
                raise
            raise construction_error(exc, obj, cls.__name__) from exc

    @model_validator(mode="before")
    @classmethod
    def _no_booleans_for_numbers(cls, data: Any) -> Any:
        if cls._number_fields and isinstance(data, dict):
            for name in cls._number_fields:
                value = data.get(name)
                if value is True or value is False:
                    raise SchemaError(
                        f"{name} must be a number, not the boolean {str(value).lower()}",
                        field=name,
                        value=value,
                    )
        return data
