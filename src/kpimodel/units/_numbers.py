"""Reading numbers as KPI tables print them: ``3,235``, ``1兆7千億``, ``百二十四``, ``▲6``.

pint's own string parser must never see raw table text (it reads ``1,5`` as 15 and drops
``▲``), and dateutil's fuzzy parser must never see Japanese dates. This module is the one
place where printed numbers become ``Decimal`` values.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation

__all__ = ["BIG_MULTIPLIERS", "NumberText", "normalize", "plain", "read_number"]

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
_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
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
    context = Context(prec=max(len(number.as_tuple().digits), number.adjusted() + 1, 1))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1), context=context)
    return number.normalize(context)


def _to_decimal(digits: str) -> Decimal:
    try:
        return Decimal(digits.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise ValueError(f"not a number: {digits!r}") from exc


def read_number(text: str) -> NumberText | None:
    """Read the number at the start of normalised ``text``.

    Understands Arabic digits with three-digit groups (``32,163,179``), decimals, kanji
    digits and the multipliers 十 百 千 万 億 兆 in any mix (``1兆7千億``, ``百二十四``,
    ``1.4万``).

    Args:
        text: Normalised text (see :func:`normalize`) starting with a number.

    Returns:
        The number and the rest of the text, or ``None`` when ``text`` does not start with
        a number or its digit groups are malformed (``1,5``).
    """
    pos = 0
    total = Decimal(0)  # sum of completed 万/億/兆 groups
    section = Decimal(0)  # value below the current large multiplier
    current: Decimal | None = None  # the last coefficient read, not yet multiplied
    terms: list[tuple[Decimal, str]] = []  # (coefficient, multiplier) as written
    saw_kanji_digit = False
    length = len(text)
    while pos < length:
        ch = text[pos]
        match = _ARABIC.match(text, pos)
        if match and current is None:
            token = match.group()
            if _BAD_GROUPING.search(text, match.end() - 1, match.end() + 2):
                return None
            if text[match.end() : match.end() + 1].isdigit():
                return None  # a group of more than three digits: 1,0000
            current = _to_decimal(token)
            pos = match.end()
            continue
        if ch in _KANJI_DIGITS:
            saw_kanji_digit = True
            digit = Decimal(_KANJI_DIGITS[ch])
            current = digit if current is None else current * 10 + digit
            pos += 1
            continue
        two = text[pos : pos + 2]
        if two in ("千万", "百万") and (pos + 2 >= length or text[pos + 2] not in _LARGE):
            # 千万 and 百万 are single multipliers unless part of a longer number (千万億 is not).
            coefficient = current if current is not None else Decimal(1)
            terms.append((coefficient, two))
            section += coefficient * BIG_MULTIPLIERS[two]
            current = None
            pos += 2
            continue
        if ch in _SMALL:
            coefficient = current if current is not None else Decimal(1)
            terms.append((coefficient, ch))
            section += coefficient * _SMALL[ch]
            current = None
            pos += 1
            continue
        if ch in _LARGE:
            if current is None and section == 0 and not terms:
                break  # a unit that starts with 万 etc. without a number is not a number
            if current is None and section == 0:
                coefficient = Decimal(1)  # a bare multiplier after a group (1億万)
            else:  # a written coefficient, even zero: 0万人 is 0, 1兆0億円 is 1兆円
                coefficient = section + (current if current is not None else Decimal(0))
            terms.append((coefficient, ch))
            total += coefficient * _LARGE[ch]
            section = Decimal(0)
            current = None
            pos += 1
            continue
        break
    if not terms and current is None:
        return None
    value = total + section + (current if current is not None else Decimal(0))
    rest = text[pos:]
    simple = len(terms) == 1 and current is None and not saw_kanji_digit
    if simple and terms[0][1] in BIG_MULTIPLIERS:
        coefficient, multiplier = terms[0]
        return NumberText(value, coefficient, multiplier, rest)
    if len(terms) > 1 or saw_kanji_digit:
        # A compound figure (1兆7千億): express it in its largest multiplier, as a table would.
        for name in ("兆", "億", "万"):
            if any(mult == name for _, mult in terms):
                scale = Decimal(_LARGE[name])
                return NumberText(value, plain(value / scale), name, rest)
    return NumberText(value, value, "", rest)
