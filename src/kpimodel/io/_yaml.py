"""Strict YAML: a safe loader that refuses everything a KPI document does not need.

No tags beyond the core schema, no anchors or aliases, no merge keys, no keys other than
text, no duplicate keys, no nesting beyond :data:`~kpimodel.io.MAX_DEPTH`; numbers are
read exactly, as ``Decimal``; dates stay text for the model to read.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from kpimodel.errors import DocumentSyntaxError, LimitExceededError
from kpimodel.io._errors import _at, _mark, _quote, _type_name
from kpimodel.io._limits import MAX_DEPTH, MAX_NUMBER_DIGITS, check_yaml_size, too_deep

_YAML_CORE = "tag:yaml.org,2002:"
# Explicit tags that only restate a type the document could have had anyway.
_ALLOWED_TAGS = frozenset(
    {None, "!"}
    | {_YAML_CORE + name for name in ("str", "int", "float", "bool", "null", "map", "seq")}
)
_MERGE_TAG = _YAML_CORE + "merge"


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses tags, aliases, merge keys, deep nesting and duplicate keys."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _at(
                DocumentSyntaxError(
                    "YAML aliases (*name) are not allowed in KPI documents",
                    field=_mark(event.start_mark),
                    value=event.anchor,
                ),
                event.start_mark,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise _at(
                DocumentSyntaxError(
                    "YAML anchors (&name) are not allowed in KPI documents",
                    field=_mark(event.start_mark),
                    value=event.anchor,
                ),
                event.start_mark,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS:
            shown = "!!" + tag.removeprefix(_YAML_CORE) if tag.startswith(_YAML_CORE) else tag
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise _at(
                DocumentSyntaxError(
                    f"YAML tags such as {shown} are not allowed in KPI documents "
                    "(write plain values; kpimodel never builds objects from tags)",
                    field=_mark(event.start_mark),
                    value=shown,
                ),
                event.start_mark,
            )
        if not isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _at(
                    LimitExceededError(
                        too_deep(), field=_mark(event.start_mark), value=self._depth
                    ),
                    event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys: set[str] = set()
        for key_node, _ in node.value:
            where = key_node.start_mark
            if key_node.tag == _MERGE_TAG:
                raise _at(
                    DocumentSyntaxError(
                        "YAML merge keys (<<) are not allowed in KPI documents",
                        field=_mark(where),
                        value="<<",
                    ),
                    where,
                )
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                shown = key if isinstance(key, bool | int | float | None) else type(key).__name__
                raise _at(
                    DocumentSyntaxError(
                        f"a key must be text, not {_type_name(key)} "
                        "(quote keys such as on, no, 1 or ~)",
                        field=_mark(where),
                        value=shown,
                    ),
                    where,
                )
            if key in keys:
                raise _at(
                    DocumentSyntaxError(
                        f"duplicate key {_quote(key)} (YAML would silently keep only the last "
                        "value)",
                        field=_mark(where),
                        value=key,
                    ),
                    where,
                )
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


# YAML 1.2's core schema, the only implicit types a KPI document has. PyYAML implements
# YAML 1.1, which reads `010` as 8 (octal), `02025` as 1045, `1:30` as 90 (base 60, in
# quadratic time, and overflowing for long floats), `1_000` as 1000 and `yes`/`on` as true:
# here those are what YAML 1.2 reads, a decimal number (10, 2025) or text.
_CORE_NULL = re.compile(r"(?:~|null|Null|NULL)?\Z")
_CORE_BOOL = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_CORE_INT = re.compile(r"[-+]?[0-9]+\Z")
_CORE_INT_BASE = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"
    r"|[-+]?\.(?:inf|Inf|INF)\Z|\.(?:nan|NaN|NAN)\Z"
)
_FIRST_CHARS: dict[str, list[str | None]] = {
    "null": ["~", "n", "N", ""],
    "bool": list("tTfF"),
    "int": [*"-+0123456789"],
    "float": [*"-+.0123456789"],
}


def _core_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    pattern = {
        "null": _CORE_NULL,
        "bool": _CORE_BOOL,
        "int": re.compile(f"(?:{_CORE_INT.pattern})|(?:{_CORE_INT_BASE.pattern})"),
        "float": _CORE_FLOAT,
    }
    for name, firsts in _FIRST_CHARS.items():
        for first in firsts:
            table.setdefault(first, []).append((_YAML_CORE + name, pattern[name]))
    # Not YAML 1.2, but resolved so that a merge key is refused rather than read as text.
    table["<"] = [(_MERGE_TAG, re.compile(r"<<\Z"))]
    return table


def _number_error(loader: yaml.SafeLoader, node: Any, what: str) -> LimitExceededError:
    text = str(loader.construct_scalar(node))
    return _at(
        LimitExceededError(f"number {text[:40]!r} {what}", field=_mark(node.start_mark)),
        node.start_mark,
    )


def _construct_float(loader: yaml.SafeLoader, node: Any) -> Any:
    # Read floats exactly, as JSON is read: 0.1 stays Decimal("0.1"), 1.0e+400 stays finite
    # (and is then refused with the KPI and the field). .nan and .inf become floats, which
    # the tree check refuses with the KPI and the field too.
    text = str(loader.construct_scalar(node))
    if _CORE_FLOAT.match(text) is None:  # an explicit !!float tag on something else
        raise _invalid(node, text, "a number")
    if "inf" in text.lower() or "nan" in text.lower():
        return float(text.replace(".", ""))
    try:
        return Decimal(text)
    except InvalidOperation:
        raise _number_error(loader, node, "is out of range") from None


def _construct_int(loader: yaml.SafeLoader, node: Any) -> Any:
    text = str(loader.construct_scalar(node))
    if _CORE_INT_BASE.match(text):  # YAML 1.2: 0o17 and 0x1F (bounded like any integer)
        if len(text) > MAX_NUMBER_DIGITS:
            raise _number_error(loader, node, "is out of range")
        return int(text[2:], 8 if text[1] == "o" else 16)
    if _CORE_INT.match(text) is None:  # an explicit !!int tag on something else
        raise _invalid(node, text, "a whole number")
    if len(text.lstrip("+-")) > MAX_NUMBER_DIGITS:
        # Python refuses to read such integers from text; keep it exact and let the tree
        # check refuse it with the KPI and the field.
        return Decimal(text)
    return int(text)  # YAML 1.2: 010 is ten, not eight


def _construct_bool(loader: yaml.SafeLoader, node: Any) -> Any:
    text = str(loader.construct_scalar(node))
    if _CORE_BOOL.match(text) is None:  # !!bool maybe
        raise _invalid(node, text, "true or false")
    return text.lower() == "true"


def _construct_null(loader: yaml.SafeLoader, node: Any) -> Any:
    text = str(loader.construct_scalar(node))
    if _CORE_NULL.match(text) is None:
        raise _invalid(node, text, "null (or nothing)")
    return None


def _invalid(node: Any, text: str, expected: str) -> DocumentSyntaxError:
    tag = "!!" + str(node.tag).removeprefix(_YAML_CORE)
    return _at(
        DocumentSyntaxError(
            f"{_quote(text)} tagged {tag} is not {expected} (drop the tag or fix the value)",
            field=_mark(node.start_mark),
            value=text[:40],
        ),
        node.start_mark,
    )


# A thousands group a flow collection split off a figure: "1,000,000" in {value: 1,000,000}
# or [前年比3,003人増] (the comma, with no space after it, separates entries there).
_GROUP_START = re.compile(r"[0-9]{3}(?![0-9])")
_DIGIT_END = re.compile(r"[0-9]\Z")


def _glued(before: Any, node: Any) -> bool:
    """Whether ``node`` is a thousands group split by a comma off the scalar ``before``."""
    return (
        isinstance(before, yaml.ScalarNode)
        and isinstance(node, yaml.ScalarNode)
        and not before.style
        and not node.style
        and before.end_mark is not None
        and node.start_mark is not None
        and node.start_mark.index == before.end_mark.index + 1
        and _DIGIT_END.search(str(before.value)) is not None
        and _GROUP_START.match(str(node.value)) is not None
    )


def _check_split(node: Any) -> None:
    """Read figures a flow collection split at their commas as the people who wrote them.

    In a flow mapping the groups become keys (``{value: 1, 000: null}``): a group read as
    a number stays text, so that the document's validation names the figure, the KPI and
    the field ("the figure 1,000,000 was split at its comma ..."). In a flow sequence the
    groups become items: refused here, since nothing about items says which field they
    belong to.
    """
    if not node.flow_style:
        return
    if isinstance(node, yaml.MappingNode):
        before: Any = None
        owner = ""  # the key whose value the figure's head is
        run: list[Any] = []  # the figure's head, then its groups
        for key_node, value_node in node.value:
            glued = _glued(before, key_node)
            if glued:
                run = run or [before]
                run.append(key_node)
                if key_node.tag != _YAML_CORE + "str":
                    key_node.tag = _YAML_CORE + "str"
            else:
                _refuse_repeated_groups(run, owner)
                run = []
                owner = str(key_node.value)
            # The next group of 1,000,000 follows this key, whose value is empty.
            empty = isinstance(value_node, yaml.ScalarNode) and value_node.value == ""
            before = key_node if glued and empty else value_node
        _refuse_repeated_groups(run, owner)
        return
    items = node.value
    for index in range(1, len(items)):
        if not _glued(items[index - 1], items[index]):
            continue
        start = index - 1
        end = index
        while end + 1 < len(items) and _glued(items[end], items[end + 1]):
            end += 1
        text = ",".join(str(item.value) for item in items[start : end + 1])
        where = items[start].start_mark
        raise _at(
            DocumentSyntaxError(
                f"the item {text} was split at its comma: in a flow sequence ([...]) a comma "
                f"separates items, so quote it: [{_quote(text)}]",
                field=_mark(where),
                value=text,
            ),
            where,
        )


def _refuse_repeated_groups(run: list[Any], key: str) -> None:
    # 1,000,000 in a flow mapping is the key 000 twice: the duplicate-key check would name
    # the key; name the figure instead (the validation names it when the groups differ).
    groups = [str(node.value) for node in run[1:]]
    if len(groups) == len(set(groups)):
        return
    text = ",".join(str(node.value) for node in run)
    where = run[0].start_mark
    raise _at(
        DocumentSyntaxError(
            f"the figure {text} was split at its commas: in a flow mapping ({{...}}) a comma "
            f"separates entries, so quote the figure: {key}: {_quote(text)}",
            field=_mark(where),
            value=text,
        ),
        where,
    )


def _construct_collection(kind: str) -> Any:
    def construct(loader: yaml.SafeLoader, node: Any) -> Any:
        expected = yaml.MappingNode if kind == "map" else yaml.SequenceNode
        if not isinstance(node, expected):  # !!map abc
            what = "a mapping" if kind == "map" else "a list"
            text = str(node.value) if isinstance(node, yaml.ScalarNode) else "a collection"
            raise _invalid(node, text, what)
        _check_split(node)
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node, deep=True)
        return loader.construct_sequence(node, deep=True)

    return construct


_StrictLoader.add_constructor(_YAML_CORE + "float", _construct_float)
_StrictLoader.add_constructor(_YAML_CORE + "int", _construct_int)
_StrictLoader.add_constructor(_YAML_CORE + "bool", _construct_bool)
_StrictLoader.add_constructor(_YAML_CORE + "null", _construct_null)
_StrictLoader.add_constructor(_YAML_CORE + "map", _construct_collection("map"))
_StrictLoader.add_constructor(_YAML_CORE + "seq", _construct_collection("seq"))

# Timestamps stay strings: the model reads dates itself, and PyYAML would turn "2025-06-30"
# into a date but "2025-06" into a string, an inconsistency users should not see.
_StrictLoader.yaml_implicit_resolvers = _core_resolvers()


def _line_column(text: str, position: int) -> tuple[int, int]:
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


_CParser: Any
try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python reader does it all
    _CParser = None

# Characters without which a document cannot hold a tag, an anchor or an alias (nor a
# directive, which needs "%" at the start of a line): such documents take the C path.
_PYTHON_ONLY = re.compile(r"[!&*]|^%", re.MULTILINE)

if _CParser is not None:

    class _CStrictParser(_CParser, yaml.resolver.BaseResolver):  # type: ignore[misc]
        """libyaml's parser and composer, resolving plain scalars by YAML 1.2's core schema."""

        yaml_implicit_resolvers = _core_resolvers()

        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)
            yaml.resolver.BaseResolver.__init__(self)


_SCALARS: dict[str, Any] = {
    _YAML_CORE + "float": _construct_float,
    _YAML_CORE + "int": _construct_int,
    _YAML_CORE + "bool": _construct_bool,
    _YAML_CORE + "null": _construct_null,
}
_STR = _YAML_CORE + "str"
_MAP = _YAML_CORE + "map"
_SEQ = _YAML_CORE + "seq"


def _build(loader: Any, node: Any, depth: int) -> Any:
    # The strict constructor over libyaml's node tree: the same rules as _StrictLoader's
    # construct_mapping and constructors, without PyYAML's generator-based construction.
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag == _STR:
            return node.value
        construct = _SCALARS.get(tag)
        if construct is None:  # !!map or !!seq on a scalar, the merge key outside a key
            return _StrictLoader.yaml_constructors[tag](loader, node)
        return construct(loader, node)
    if depth >= MAX_DEPTH:
        raise _at(
            LimitExceededError(too_deep(), field=_mark(node.start_mark), value=depth + 1),
            node.start_mark,
        )
    if isinstance(node, yaml.SequenceNode):
        if tag != _SEQ:
            raise _invalid(node, "a collection", "a mapping")
        _check_split(node)
        return [_build(loader, item, depth + 1) for item in node.value]
    if tag != _MAP:
        raise _invalid(node, "a collection", "a list")
    _check_split(node)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _STR and isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:  # merge keys, non-text keys: the Python path's own checks and messages
            _StrictLoader.construct_mapping(
                loader, yaml.MappingNode(_MAP, [(key_node, value_node)])
            )
            raise AssertionError("unreachable: the key is refused above")  # pragma: no cover
        if key in result:
            where = key_node.start_mark
            raise _at(
                DocumentSyntaxError(
                    f"duplicate key {_quote(key)} (YAML would silently keep only the last value)",
                    field=_mark(where),
                    value=key,
                ),
                where,
            )
        result[key] = _build(loader, value_node, depth + 1)
    return result


def _parse_fast(text: str) -> Any:
    """Parse with libyaml; ``_MISSING`` when the Python path must decide (errors included)."""
    if _CParser is None or _PYTHON_ONLY.search(text) is not None:
        return _MISSING
    try:
        parser = _CStrictParser(text)
        try:
            node = parser.get_single_node()
        finally:
            parser.dispose()
    except yaml.YAMLError:
        return _MISSING  # malformed: the Python reader gives the located message
    if node is None:
        return None
    return _build(_StrictLoader(""), node, 0)


_MISSING: Any = object()


def parse_yaml(text: str) -> Any:
    """Parse YAML text to plain data with the strict loader.

    Documents without tags, anchors, aliases or directives (no ``!``, ``&``, ``*``
    anywhere) are parsed by libyaml, PyYAML's C parser, and built by a strict constructor;
    the others, malformed documents and PyYAML without libyaml take the pure-Python
    reader. Both apply the same rules and give the same errors.

    Raises:
        DocumentSyntaxError: For malformed YAML and refused features, with ``line`` and
            ``column``.
        LimitExceededError: For text longer than :data:`~kpimodel.io.MAX_YAML_CHARS`,
            numbers out of range and too deep nesting.
    """
    check_yaml_size(text)
    try:
        fast = _parse_fast(text)
        if fast is not _MISSING:
            return fast
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        error = DocumentSyntaxError(
            f"invalid YAML: the control character U+{code:04X} is not allowed in YAML documents",
            field=f"line {line}, column {column}",
            value=f"U+{code:04X}",
        )
        error.line, error.column = line, column
        raise error from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _mark(mark) if mark is not None else None
        problem = (exc.problem or exc.context or "malformed YAML")[:300]
        error = DocumentSyntaxError(f"invalid YAML: {problem}", field=where)
        if mark is not None:
            error.line, error.column = mark.line + 1, mark.column + 1
        raise error from exc
    except yaml.YAMLError as exc:
        raise DocumentSyntaxError(f"invalid YAML: {str(exc)[:300]}") from exc
    except RecursionError as exc:
        raise LimitExceededError(too_deep()) from exc


class _Dumper(yaml.SafeDumper):
    """A safe dumper whose output reads back to the same strings."""

    def represent_str(self, data: str) -> Any:
        # PyYAML writes NEL (U+0085) raw in plain and single-quoted scalars, where a reader
        # takes it for a line break and folds it away: escape it in double quotes ("\N").
        if "\x85" in data:
            return self.represent_scalar(_YAML_CORE + "str", data, style='"')
        return super().represent_str(data)


_Dumper.add_representer(str, _Dumper.represent_str)


def _either_schema() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    merged: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    for table in (yaml.SafeDumper.yaml_implicit_resolvers, _core_resolvers()):
        for first, resolvers in table.items():
            merged.setdefault(first, []).extend(resolvers)
    return merged


# Text that YAML 1.2 (this reader) or YAML 1.1 (PyYAML and most others) would read as a
# number, a boolean or null is written quoted: `1e3`, `010`, `yes` stay text everywhere.
_Dumper.yaml_implicit_resolvers = _either_schema()


def dump_yaml(data: Any) -> str:
    """Write plain data as YAML that :func:`parse_yaml` reads back to the same data."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
