"""Reading and writing programs as YAML or JSON, safely and losslessly.

YAML is read with a strict safe loader: no tags (``!!python/object/apply``, ``!!binary``,
``!!set``...), no anchors or aliases (which "billion laughs" documents abuse), no merge
keys, no keys other than text, and no duplicate keys (PyYAML would silently keep the last
one and lose data). JSON objects may not repeat a key either. Numbers are read exactly, as
``Decimal`` (``0.1`` stays ``0.1``). Every failure becomes a
:class:`~kpimodel.errors.KPIModelError` naming the KPI id, the field and the value (or the
line and column); pydantic's and PyYAML's exceptions never escape undressed. Reading never
runs code from the data and never touches the network.

Documented limits (see ``docs/limits.md``), each refused with a
:class:`~kpimodel.errors.LimitExceededError`: documents up to :data:`MAX_FILE_BYTES`
(YAML text up to :data:`MAX_YAML_CHARS` characters),
nesting up to :data:`MAX_DEPTH` levels, strings up to :data:`MAX_STRING_CHARS` characters
(200 for ids, units, periods and figures), numbers within ``1e±``:data:`MAX_NUMBER_DIGITS`,
up to :data:`~kpimodel.model.MAX_OBSERVATIONS` observations per series.

The package is split by job: ``_yaml`` (the strict YAML loader), ``_json`` (strict JSON),
``_limits`` (the limits and their checks), ``_errors`` (translating pydantic's and the
parsers' errors into located kpimodel errors) and ``_api`` (the verbs below).
"""

from __future__ import annotations

from kpimodel.io._api import (
    Format,
    _parse_text,
    dump,
    dumps,
    load,
    loads,
    parse_program,
    program_schema,
)
from kpimodel.io._errors import _locate, _translate
from kpimodel.io._limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NUMBER_DIGITS,
    MAX_STRING_CHARS,
    MAX_YAML_CHARS,
    _check_tree,
    read_limited,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NUMBER_DIGITS",
    "MAX_STRING_CHARS",
    "MAX_YAML_CHARS",
    "Format",
    "dump",
    "dumps",
    "load",
    "loads",
    "parse_program",
    "program_schema",
    "read_limited",
]

# Private helpers that the benchmarks and the hot-path tests reach (kept importable here).
_PRIVATE = (_check_tree, _locate, _parse_text, _translate)
