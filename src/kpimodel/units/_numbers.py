"""Reading numbers as KPI tables print them: ``3,235``, ``1兆7千億``, ``百二十四``, ``▲6``.

pint's own string parser must never see raw table text (it reads ``1,5`` as 15 and drops
``▲``), and dateutil's fuzzy parser must never see Japanese dates. This module is the one
place where printed numbers become ``Decimal`` values.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

__all__ = [
    "BIG_MULTIPLIERS",
    "NumberText",
    "NumeralError",
    "decimal_context",
    "normalize",
    "plain",
    "read_number",
]

#: Multipliers that kpimodel keeps as unit prefixes when a figure is written simply
#: (``3,100万件`` stays 3100 万件), longest first so that 百万 wins over 万.
BIG_MULTIPLIERS: dict[str, int] = {
    "千万": 10**7,
    "百万": 10**6,
    "兆": 10**12,
    "億": 10**8,
    "万": 10**4,
    "千": 10**3,
}
_LARGE = {"兆": 10**12, "億": 10**8, "万": 10**4}
_SMALL = {"千": 1000, "百": 100, "十": 10}
_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Minus signs used in Japanese tables (▲ and △ mark negative figures), plus the Unicode
# minus; NFKC already folds the full-width forms of digits, commas, points and signs.
_MINUS = str.maketrans({"▲": "-", "△": "-", "−": "-", "‐": "-"})
# Digit groups of three, separated by commas or (as European and SI tables print them) by
# a space, a thin space (NFKC makes it a space) or an apostrophe; one separator throughout.
_ARABIC = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?: \d{3})+(?:\.\d+)?(?![0-9])"
    r"|\d{1,3}(?:'\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:’\d{3})+(?:\.\d+)?"
    r"|\d+(?:\.\d+)?|\.\d+"
)
_SEPARATORS = str.maketrans("", "", ", '’")
_BAD_GROUPING = re.compile(r"\d,\d")


def normalize(text: str) -> str:
    """Fold full-width forms (NFKC) and Japanese minus marks, and strip white space.

    Args:
        text: Text as printed in a table.

    Returns:
        The normalised text.
    """
    return unicodedata.normalize("NFKC", text).translate(_MINUS).strip()


@dataclass(frozen=True, slots=True)
class NumberText:
    """A number read from the start of a text.

    Attributes:
        value: The number's value, with any multipliers applied.
        coefficient: The number as written before a single trailing multiplier
            (3100 for ``3,100万``); equal to ``value`` when there is none.
        multiplier: That single trailing multiplier (``万``), or ``""``.
        rest: The text after the number.
    """

    value: Decimal
    coefficient: Decimal
    multiplier: str
    rest: str


def plain(number: Decimal) -> Decimal:
    """Return ``number`` without trailing zeros and without an exponent (``1E+1`` -> ``10``).

    Args:
        number: A finite decimal.

    Returns:
        The same value, written plainly.
    """
    # A context wide enough for every digit: the default 28 digits would make quantize fail
    # on 1E+40 and normalize round 0.1234567890123456789012345678901 silently.
    context = decimal_context(max(len(number.as_tuple().digits), number.adjusted() + 1, 1))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1), context=context)
    return number.normalize(context)


def decimal_context(precision: int = 60) -> Context:
    """Return a fresh decimal context for kpimodel's arithmetic, whatever the caller's is.

    ``decimal.localcontext(prec=...)`` copies the caller's context and changes only the
    precision, so a caller's rounding mode, exponent limits or traps (``Inexact``) would
    still change or break kpimodel's results. Every calculation runs in a context built
    here instead: the given precision, banker's rounding as Python's default, wide
    exponent limits, and traps only for the signals that mean a bug.

    Args:
        precision: Significant digits.

    Returns:
        A new context, safe to pass to ``decimal.localcontext``.
    """
    return Context(
        prec=precision,
        rounding=ROUND_HALF_EVEN,
        Emin=-999_999,
        Emax=999_999,
        capitals=1,
        clamp=0,
        flags=[],
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


class NumeralError(ValueError):
    """A text starts with a number that is written against the numeral grammar.

    Attributes:
        reason: What is wrong and, where there is one, the accepted form.
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _to_decimal(digits: str) -> Decimal:
    return Decimal(digits.translate(_SEPARATORS))


_KANJI_RUN = re.compile(f"[{''.join(_KANJI_DIGITS)}]+")
_ONE_TO_NINE = frozenset(Decimal(n) for n in range(1, 10))
_NUMERAL_CHARS = frozenset(_KANJI_DIGITS) | frozenset(_SMALL) | frozenset(_LARGE)
# A figure written simply: an Arabic coefficient and one multiplier (3,235億, 1.4万, 2千万,
# 5百万), or 千 / 千万 / 百万 alone. The multiplier stays the unit's prefix (3,235 億円).
_SIMPLE = re.compile(rf"(?P<coefficient>{_ARABIC.pattern})?(?P<multiplier>千万|百万|千|万|億|兆)")


def _arabic(text: str, pos: int) -> tuple[Decimal, int] | None:
    """Read Arabic digits at ``pos``; ``None`` when the digit groups are malformed."""
    match = _ARABIC.match(text, pos)
    if match is None:
        return None
    end = match.end()
    if _BAD_GROUPING.search(text, end - 1, end + 2) or text[end : end + 1].isdigit():
        return None  # 1,5 or a group of more than three digits (1,0000)
    return _to_decimal(match.group()), end


def read_number(text: str) -> NumberText | None:
    """Read the number at the start of normalised ``text``.

    The grammar, written once: a figure is either

    * simple: Arabic digits (``32,163,179``, ``55.2``) optionally followed by one
      multiplier (``3,235億``, ``1.4万``, ``2千万``, ``5百万``); the multiplier is kept as
      the prefix of the unit; or
    * compound: groups ``<section>兆 <section>億 <section>万 <section>`` in that order,
      each at most once, where a section is a number below 10,000 written in Arabic digits
      (``1億2,000万``), kanji (``千二百五十``) or both (``2千5百``): digits 1-9 before
      each of 千, 百, 十 (in that order, each at most once), or a plain run of digits.

    Refused, never summed or guessed: a repeated or out-of-order multiplier (``1万1万``,
    ``1億万``, ``百千``), a decimal inside a compound figure (``1.5億2,000万``), a section of
    10,000 or more after a larger group, a single trailing digit after a group (``1万5``,
    which people say for 15,000), and Arabic and kanji digits run together (``2五``).

    Args:
        text: Normalised text (see :func:`normalize`) starting with a number.

    Returns:
        The number and the rest of the text, or ``None`` when ``text`` does not start with
        a number or its digit groups are malformed (``1,5``).

    Raises:
        NumeralError: When the text starts with a number written against the grammar.
    """
    # Every digit of a 200-character figure, whatever the caller's decimal context.
    with localcontext(decimal_context(1000)):
        return _read(text)


def _read(text: str) -> NumberText | None:
    simple = _SIMPLE.match(text)
    if simple is not None and text[simple.end() : simple.end() + 1] not in _NUMERAL_CHARS:
        written = simple.group("coefficient")
        multiplier = simple.group("multiplier")
        end = simple.end()
        if text[end : end + 1].isdigit() or (written is None and multiplier in _LARGE):
            simple = None  # 1万5 (refused below) or 万人 (not a number)
        elif written is None or _arabic(text, 0) is not None:
            coefficient = Decimal(1) if written is None else _to_decimal(written)
            value = coefficient * BIG_MULTIPLIERS[multiplier]
            return NumberText(value, coefficient, multiplier, text[end:])
        else:
            return None  # 1,5億
    return _compound(text)


def _compound(text: str) -> NumberText | None:
    pos = 0
    length = len(text)
    groups: list[tuple[Decimal, str]] = []  # (section, 兆/億/万) as written
    section = Decimal(0)  # the current section's 千/百/十 terms
    smalls: list[str] = []  # 千/百/十 of the current section, in order
    current: Decimal | None = None  # digits read, not yet multiplied
    current_kind = ""  # "arabic", "digit" (one kanji digit) or "run" (二〇二五)
    decimal_point = False
    while pos < length:
        ch = text[pos]
        if ch.isdigit() or ch == ".":
            if current is not None:
                raise NumeralError("Arabic and kanji digits are run together")
            read = _arabic(text, pos)
            if read is None:
                return None
            decimal_point = decimal_point or "." in text[pos : read[1]]
            current, pos = read
            current_kind = "arabic"
            continue
        if ch in _KANJI_DIGITS:
            if current is not None:
                raise NumeralError("Arabic and kanji digits are run together")
            run = _KANJI_RUN.match(text, pos)
            assert run is not None
            digits = run.group()
            current = Decimal("".join(str(_KANJI_DIGITS[d]) for d in digits))
            current_kind = "digit" if len(digits) == 1 else "run"
            pos = run.end()
            continue
        if ch in _SMALL:
            if smalls and _SMALL[smalls[-1]] <= _SMALL[ch]:
                raise NumeralError(
                    f"{ch} after {smalls[-1]}: 千, 百 and 十 come once each, in that order"
                )
            if current is not None and (current_kind == "run" or current not in _ONE_TO_NINE):
                raise NumeralError(
                    f"only one digit from 1 to 9 can stand before {ch} in a compound figure "
                    "(2千5百万, 千二百五十万)"
                )
            section += (current if current is not None else Decimal(1)) * _SMALL[ch]
            smalls.append(ch)
            current = None
            pos += 1
            continue
        if ch in _LARGE:
            if current is None and not smalls:
                if not groups:
                    return None  # 万人: a unit that starts with 万 is not a number
                raise NumeralError(
                    f"{ch} follows {groups[-1][1]} with no number of its own (1億万): a "
                    "multiplier is written once"
                )
            if groups and _LARGE[groups[-1][1]] <= _LARGE[ch]:
                raise NumeralError(
                    f"{ch} after {groups[-1][1]}: 兆, 億 and 万 come once each, in that order "
                    "(1億2,000万, not 1万1万)"
                )
            value = section + (current if current is not None else Decimal(0))
            if groups and value >= 10_000:
                raise NumeralError(f"the part before {ch} is 10,000 or more after {groups[-1][1]}")
            groups.append((value, ch))
            section, smalls, current, current_kind = Decimal(0), [], None, ""
            pos += 1
            continue
        break
    if not groups and not smalls:
        if current is None:
            return None
        return NumberText(current, current, "", text[pos:])  # a plain number
    trailing = section + (current if current is not None else Decimal(0))
    if groups and (current is not None or smalls):
        if trailing >= 10_000:
            raise NumeralError(f"the part after {groups[-1][1]} is 10,000 or more")
        if not smalls and current_kind == "arabic" and current is not None and current < 10:
            raise NumeralError(
                f"a single digit after {groups[-1][1]} is ambiguous (1万5 is said for "
                "15,000): write 1万5千, 1.5万 or 10,005"
            )
    if decimal_point:
        raise NumeralError(
            "a decimal point inside a compound figure: write it with one multiplier (1.52億)"
        )
    value = sum((section * _LARGE[name] for section, name in groups), Decimal(0)) + trailing
    if not groups:
        return NumberText(value, value, "", text[pos:])  # 百二十四
    scale = Decimal(_LARGE[groups[0][1]])  # in its largest multiplier, as a table would
    return NumberText(value, plain(value / scale), groups[0][1], text[pos:])
