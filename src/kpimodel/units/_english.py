"""Amounts in a unit of a Japanese table, written for an English sentence.

A figure the table printed stays as printed (3,235億円); an amount kpimodel computed, such
as a rate a year, has no printed form, and an English reader gets it in English words:
``+¥20bn`` for ``+200億円``, ``+1,200 cases`` for ``+0.12万件``, ``-1 place`` for ``-1位``.
"""

from __future__ import annotations

from decimal import Decimal

from kpimodel.units._values import Unit

__all__ = ["english_amount"]

#: English plurals of the counters Japanese tables use (the base units of definitions.txt).
COUNTER_NAMES: dict[str, str] = {
    "件": "cases",
    "人": "people",
    "社": "companies",
    "校": "schools",
    "機関": "institutions",
    "アクセス": "accesses",
    "回": "times",
    "個": "items",
    "台": "units",
    "世帯": "households",
    "団体": "organisations",
    "カ国": "countries",
    "冊": "books",
    "点": "items",
    "本": "articles",
    "施設": "facilities",
    "自治体": "municipalities",
    "事業": "projects",
    "イベント": "events",
    "特許": "patents",
}
_SINGULAR = {"people": "person", "countries": "country", "facilities": "facility"}
_SCALES = ((Decimal("1e12"), "tn"), (Decimal("1e9"), "bn"), (Decimal("1e6"), "m"))
_WORDS = (
    (Decimal("1e12"), " trillion"),
    (Decimal("1e9"), " billion"),
    (Decimal("1e6"), " million"),
)


def _number(value: float) -> str:
    """Three significant digits, with thousands separators for large whole amounts."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _scaled(value: Decimal, scales: tuple[tuple[Decimal, str], ...]) -> str:
    magnitude = abs(value)
    for size, word in scales:
        if magnitude >= size:
            return f"{float(magnitude / size):.3g}{word}"
    return _number(float(magnitude))


def english_amount(value: float, unit: Unit) -> str | None:
    """Write a signed amount in ``unit`` in English words, or ``None`` to keep the symbol.

    Ranks are places, yen amounts are written in ¥ with bn / tn, the Japanese counters
    by their English names (in their base unit: 0.12万件 is 1,200 cases); units already
    written in Latin letters (t, kWh, EUR, ICT specialists) and units kpimodel has no
    English name for are left to the caller.

    Args:
        value: The amount (a rate a year, say), in ``unit``.
        unit: Its unit.

    Returns:
        The amount with its sign (``+¥20bn``, ``-1 place``), or ``None``.
    """
    sign = "-" if value < 0 else "+"
    kind = unit.kind
    if kind == "rank":
        places = abs(value)
        return f"{sign}{places:.3g} {'place' if places == 1 else 'places'}"
    if unit.symbol.isascii():
        return None
    info = unit.info
    base = Decimal(repr(abs(value))) * info.factor
    if info.base_symbol == "円":
        return f"{sign}¥{_scaled(base, _SCALES)}"
    name = COUNTER_NAMES.get(info.base_symbol)
    if name is None:
        return None
    if base == 1:
        name = _SINGULAR.get(name, name.removesuffix("s"))
    return f"{sign}{_scaled(base, _WORDS)} {name}"
