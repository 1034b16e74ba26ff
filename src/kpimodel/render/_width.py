"""Display width of text on a terminal: East Asian wide characters take two columns."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

__all__ = [
    "AMBIGUOUS_WIDTH_VARIABLE",
    "ambiguous_width",
    "ambiguous_width_from_environment",
    "identifier_pieces",
    "pad",
    "truncate",
    "width",
    "wrap",
    "wrap_identifier",
]

#: The environment variable that sets how wide East Asian ambiguous-width characters
#: (``…≥≤└→—``) are drawn: ``1`` (the default, as most terminals do) or ``2`` (terminals
#: set to "ambiguous = wide", common in CJK locales).
AMBIGUOUS_WIDTH_VARIABLE = "KPIMODEL_AMBIGUOUS_WIDTH"
_AMBIGUOUS_WIDTH: ContextVar[int] = ContextVar("ambiguous_width", default=1)

#: The mark that shows a cell was cut short.
ELLIPSIS = "…"
# Kinsoku: marks that must not start a line (closing marks, small kana, and the counters
# and units that follow a number, so that 2035年 or 12位 stays whole) and marks that must
# not end one (opening brackets). A break there moves the glyph before it along.
_NO_LINE_START = frozenset(
    "、。，．,.)）」』】〕〉》”’・：；:;!?！？ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
    "年度月日時点現在末位件人円億兆万千社校回割％"
)
_NO_LINE_END = frozenset("(（「『【〔〈《“‘")
# Break opportunities: runs of spaces, after a hyphen or slash, and around every wide glyph
# (a leading hyphen is a minus sign and stays with its number).
_TOKEN = re.compile(r"\s+|[\-/]*[^\s\-/]+[\-/]*|[\-/]+")


def ambiguous_width_from_environment() -> int:
    """Return the width :data:`AMBIGUOUS_WIDTH_VARIABLE` asks for (1 unless it says 2).

    Returns:
        1 or 2.

    Raises:
        ValueError: When the variable is set to anything but 1 or 2.
    """
    value = os.environ.get(AMBIGUOUS_WIDTH_VARIABLE, "").strip()
    if value in ("", "1"):
        return 1
    if value == "2":
        return 2
    raise ValueError(f"{AMBIGUOUS_WIDTH_VARIABLE}={value!r}: use 1 (narrow) or 2 (wide)")


@contextmanager
def ambiguous_width(columns: int) -> Iterator[None]:
    """Count East Asian ambiguous-width characters as ``columns`` wide inside the block.

    A context variable, so that concurrent renderings (threads, tasks) do not disturb
    each other.

    Args:
        columns: 1 or 2.

    Raises:
        ValueError: For any other value.
    """
    if columns not in (1, 2):
        raise ValueError(f"ambiguous width {columns!r}: use 1 (narrow) or 2 (wide)")
    token = _AMBIGUOUS_WIDTH.set(columns)
    try:
        yield
    finally:
        _AMBIGUOUS_WIDTH.reset(token)


@lru_cache(maxsize=8192)
def _width_of(char: str, ambiguous: int) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    kind = unicodedata.east_asian_width(char)
    if kind == "A":
        return ambiguous
    return 2 if kind in ("W", "F") else 1


def _char_width(char: str) -> int:
    return _width_of(char, _AMBIGUOUS_WIDTH.get())


def width(text: str) -> int:
    """Return how many terminal columns ``text`` takes.

    Wide and full-width characters (漢字, かな, ％) take two columns, combining and control
    characters none, everything else one. Ambiguous-width characters such as ``≥`` and
    ``…`` count as narrow, as terminals outside CJK locales draw them, or as wide inside
    :func:`ambiguous_width` ``(2)``.

    Args:
        text: One line of text, without ANSI escapes.

    Returns:
        Its width in columns.
    """
    if text.isascii():
        return sum(1 for c in text if c.isprintable())
    ambiguous = _AMBIGUOUS_WIDTH.get()
    return sum(_width_of(c, ambiguous) for c in text)


def _is_wide(char: str) -> bool:
    return _char_width(char) == 2


def _pieces(text: str) -> list[str]:
    """Split ``text`` at every break opportunity, ignoring kinsoku."""
    pieces: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.isspace() or token.isascii():
            pieces.append(token)
            continue
        # Every wide glyph is a piece of its own; narrow runs between them stay whole.
        run = ""
        for char in token:
            marks = not char.isascii() and (char in _NO_LINE_START or char in _NO_LINE_END)
            if _is_wide(char) or marks:
                if run:
                    pieces.append(run)
                    run = ""
                pieces.append(char)
            else:
                run += char
        if run:
            pieces.append(run)
    return pieces


def _tokens(text: str) -> list[str]:
    """Split ``text`` into the pieces a line may break between, honouring kinsoku.

    A piece that must not start a line is glued to the piece before it, and one that
    must not end a line to the piece after it (unless a space separates them).
    """
    tokens: list[str] = []
    pending = ""  # opening marks waiting for the piece they open
    for piece in _pieces(text):
        if piece.isspace():
            if pending:
                tokens.append(pending)
                pending = ""
            tokens.append(piece)
        elif piece in _NO_LINE_END:
            pending += piece
        elif piece[0] in _NO_LINE_START and not pending and tokens and not tokens[-1].isspace():
            tokens[-1] += piece
        else:
            tokens.append(pending + piece)
            pending = ""
    if pending:
        tokens.append(pending)
    return tokens


def wrap(text: str, limit: int) -> list[str]:
    """Wrap ``text`` into lines of at most ``limit`` columns.

    Lines break at spaces, after hyphens and slashes, and between wide characters, with
    a simple kinsoku rule: closing marks, small kana and the counters that follow a
    number (、 ） 年 位 円 ...) never start a line, and opening marks never end one, so
    ``（2024年度）`` and ``3,235億円`` stay whole. A piece longer than a line is split.

    Args:
        text: The text; line breaks in it are kept.
        limit: The widest a line may be (at least 1).

    Returns:
        The lines, without trailing spaces (``[""]`` for empty text).
    """
    limit = max(limit, 1)
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        if width(paragraph) <= limit:
            lines.append(paragraph.rstrip())
            continue
        current = ""
        used = 0
        for token in _tokens(paragraph):
            w = width(token)
            if token.isspace():
                if current and used + w <= limit:
                    current += token
                    used += w
                elif current:
                    lines.append(current.rstrip())
                    current, used = "", 0
                continue
            if used + w > limit and current.strip():
                lines.append(current.rstrip())
                current, used = "", 0
            if used + w <= limit:
                current += token
                used += w
                continue
            for char in token:  # longer than a line: split it
                cw = _char_width(char)
                if used + cw > limit and current:
                    lines.append(current.rstrip())
                    current, used = "", 0
                current += char
                used += cw
        if current.strip():
            lines.append(current.rstrip())
    return lines or [""]


#: Where an identifier may break: after each hyphen or slash (``global-innovation-`` /
#: ``index-rank``), never inside a word.
_IDENTIFIER_PIECE = re.compile(r"[^\-/]*[\-/]+|[^\-/]+")


def identifier_pieces(text: str) -> list[str]:
    """Split an identifier after each hyphen and slash: the pieces a line may break between.

    Args:
        text: An id or a reason code.

    Returns:
        The pieces, which join back to ``text``.
    """
    return _IDENTIFIER_PIECE.findall(text) or [text]


def wrap_identifier(text: str, limit: int) -> list[str]:
    """Wrap an identifier (a KPI id, a reason code) only after hyphens and slashes.

    A piece wider than ``limit`` (a layout too narrow for it) is split as a last resort;
    table layouts avoid that by never making a column narrower than the widest piece.

    Args:
        text: The identifier (no spaces).
        limit: The widest a line may be (at least 1).

    Returns:
        The lines.
    """
    if width(text) <= limit or " " in text:
        return wrap(text, limit)
    lines: list[str] = []
    current = ""
    for piece in identifier_pieces(text):
        if current and width(current + piece) > limit:
            lines.append(current)
            current = ""
        current += piece
        while width(current) > limit:
            lines.extend(wrap(current, limit)[:-1])
            current = wrap(current, limit)[-1]
    if current:
        lines.append(current)
    return lines or [""]


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` columns, ending with an ellipsis when cut.

    Args:
        text: One line of text.
        limit: The widest the result may be (at least 1).

    Returns:
        The text, or its beginning followed by ``…``.
    """
    if width(text) <= limit:
        return text
    budget = max(limit, 1) - width(ELLIPSIS)
    kept, used = "", 0
    for char in text:
        w = _char_width(char)
        if used + w > budget:
            break
        kept += char
        used += w
    return kept.rstrip() + ELLIPSIS


def pad(text: str, columns: int) -> str:
    """Pad ``text`` with spaces on the right to ``columns`` display columns.

    Args:
        text: One line of text (without ANSI escapes).
        columns: The width to reach.

    Returns:
        The padded text (unchanged when already as wide).
    """
    return text + " " * max(columns - width(text), 0)
