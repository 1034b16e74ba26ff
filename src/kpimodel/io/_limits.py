"""The document limits and their checks (see ``docs/limits.md``).

Each limit is refused with a :class:`~kpimodel.errors.LimitExceededError` (or a
:class:`~kpimodel.errors.SchemaError` for NaN and infinity) naming the KPI and the field.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, BinaryIO, NoReturn

from kpimodel.errors import KPIModelError, LimitExceededError, SchemaError
from kpimodel.io._errors import _locate
from kpimodel.model import MAX_OBSERVATIONS

#: The largest document :func:`load` and :func:`loads` read, in bytes (or characters).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: The longest YAML text the YAML reader parses, in characters. YAML costs about ten times
#: what JSON does to read (1.5 CPU-seconds and 50 MB of memory per MB, measured in
#: ``docs/limits.md``), so its limit is lower: near it a YAML document takes about as long
#: as a JSON document near :data:`MAX_FILE_BYTES`. Large tables are JSON's job.
MAX_YAML_CHARS = 8 * 1024 * 1024
#: The deepest nesting of mappings and lists a document may have.
MAX_DEPTH = 32
#: The longest string (value or key) a document may hold; fields may set lower limits.
MAX_STRING_CHARS = 10_000
#: Numbers in a document must lie within 1e±MAX_NUMBER_DIGITS (figures: see
#: :data:`kpimodel.units._values.MAX_EXPONENT`, a tighter limit).
MAX_NUMBER_DIGITS = 1000

_TOO_DEEP = "the document nests deeper than {} levels"


def too_deep() -> str:
    """The message for a document nested beyond :data:`MAX_DEPTH`."""
    return _TOO_DEEP.format(MAX_DEPTH)


def read_limited(stream: BinaryIO, name: str) -> bytes:
    """Read a whole stream, refusing it as soon as it exceeds :data:`MAX_FILE_BYTES`.

    At most one byte more than the limit is read, so a huge file, a device such as
    ``/dev/zero`` or a pipe that never ends cannot exhaust memory.

    Args:
        stream: A binary stream (a file, standard input, a request body).
        name: What the stream is, for the message.

    Returns:
        Its bytes.

    Raises:
        LimitExceededError: When the stream holds more than :data:`MAX_FILE_BYTES` bytes.
    """
    raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise LimitExceededError(
            f"{name} is larger than {MAX_FILE_BYTES} bytes", field=name, value=name
        )
    return bytes(raw)


def check_size(text: str | bytes) -> None:
    """Refuse a document longer than :data:`MAX_FILE_BYTES` (bytes, or characters)."""
    if len(text) > MAX_FILE_BYTES:
        unit = "bytes" if isinstance(text, bytes) else "characters"
        raise LimitExceededError(
            f"the document is larger than {MAX_FILE_BYTES} {unit}", value=len(text)
        )


def fits_yaml(text: str) -> bool:
    """Whether text is within :data:`MAX_YAML_CHARS`, the YAML reader's limit."""
    return len(text) <= MAX_YAML_CHARS


def check_yaml_size(text: str) -> None:
    """Refuse YAML text longer than :data:`MAX_YAML_CHARS`, before any of it is parsed."""
    if not fits_yaml(text):
        raise LimitExceededError(
            f"the YAML document is longer than {MAX_YAML_CHARS} characters (the YAML limit; "
            "reading YAML this large takes seconds per megabyte): write large tables as JSON, "
            f"which may be up to {MAX_FILE_BYTES} bytes (kpimodel.dumps(program, 'json'))",
            field="document",
            value=len(text),
        )


def _check_tree(data: Any) -> None:
    """Enforce the document limits, naming the KPI and the field of the first offender."""
    # Depth first, in document order, checking scalars where they are met: a KPI document
    # has some 25 nodes per observation, so this walk is on the hot path of loading.
    # Paths are links (the parent's link, the key), made into tuples only for an offender.
    _check_node(data, data, 0, None)


def _check_node(data: Any, node: Any, depth: int, link: _Link) -> None:
    problem = _scalar_problem(node) if not isinstance(node, dict | list) else None
    if problem is None and isinstance(node, dict | list):
        if depth >= MAX_DEPTH:
            problem = LimitExceededError(too_deep(), value=depth + 1)
        elif link is not None and link[1] == "observations" and len(node) > MAX_OBSERVATIONS:
            problem = LimitExceededError(
                f"a series holds more than {MAX_OBSERVATIONS} observations", value=len(node)
            )
        else:
            if isinstance(node, dict):
                for key in node:
                    if isinstance(key, str) and len(key) > MAX_STRING_CHARS:
                        problem = LimitExceededError(
                            f"a key is longer than {MAX_STRING_CHARS} characters", value=key
                        )
                        break
            if problem is None:
                items = node.items() if isinstance(node, dict) else enumerate(node)
                for key, child in items:
                    if isinstance(child, dict | list):
                        _check_node(data, child, depth + 1, (link, key))
                    elif not (isinstance(child, str) and len(child) <= MAX_STRING_CHARS):
                        found = _scalar_problem(child)
                        if found is not None:
                            _fail(data, found, (link, key))
    if problem is not None:
        _fail(data, problem, link)


def _scalar_problem(node: Any) -> KPIModelError | None:
    if isinstance(node, str):
        if len(node) > MAX_STRING_CHARS:
            return LimitExceededError(
                f"text is longer than {MAX_STRING_CHARS} characters ({len(node)})", value=node
            )
    elif isinstance(node, float | Decimal):
        if not math.isfinite(node) if isinstance(node, float) else not node.is_finite():
            return SchemaError(
                "numbers must be finite (NaN and infinity are refused)", value=str(node)
            )
        if node and abs(Decimal(node).adjusted()) > MAX_NUMBER_DIGITS:
            return LimitExceededError(
                f"number is out of range (beyond 1e±{MAX_NUMBER_DIGITS})", value=str(node)[:40]
            )
    elif isinstance(node, int) and node.bit_length() > MAX_NUMBER_DIGITS * 10 // 3:
        return LimitExceededError(
            f"number is out of range (beyond 1e±{MAX_NUMBER_DIGITS})", value="int"
        )
    return None


def _fail(data: Any, problem: KPIModelError, link: _Link) -> NoReturn:
    kpi_id, field = _locate(data, _path(link), document=True)
    raise problem.located(kpi_id=kpi_id, field=field or None)


#: A path into a document as a linked list: (the parent's link, the key), None at the top.
_Link = tuple[Any, int | str] | None


def _path(link: _Link) -> tuple[int | str, ...]:
    keys: list[int | str] = []
    while link is not None:
        link, key = link
        keys.append(key)
    return tuple(reversed(keys))
