"""Display width of text on a terminal: East Asian wide characters take two columns."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["pad", "truncate", "width", "wrap"]

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


@lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Return how many terminal columns ``text`` takes.

    Wide and full-width characters (漢字, かな, ％) take two columns, combining and control
    characters none, everything else one (ambiguous-width characters such as ``≥`` count
    as narrow, as terminals outside CJK locales draw them).

    Args:
        text: One line of text, without ANSI escapes.

    Returns:
        Its width in columns.
    """
    if text.isascii():
        return sum(1 for c in text if c.isprintable())
    return sum(_char_width(c) for c in text)


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
