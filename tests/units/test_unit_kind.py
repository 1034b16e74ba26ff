"""Unit kinds are one enum, in units/, and every unit's info carries one."""

from __future__ import annotations

import pytest

from kpimodel.units import UnitKind, define_unit, unit_info


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [
        ("億円", UnitKind.CURRENCY),
        ("件", UnitKind.COUNT),
        ("%", UnitKind.RATIO),
        ("ポイント", UnitKind.PERCENTAGE_POINT),
        ("位", UnitKind.RANK),
        ("kWh", UnitKind.PHYSICAL),
    ],
)
def test_every_unit_has_a_typed_kind(symbol: str, kind: UnitKind) -> None:
    info = unit_info(symbol)
    assert info.kind is kind
    assert info.kind == kind.value  # a kind still reads as its text


def test_declared_units_get_a_typed_kind() -> None:
    define_unit("test widgets", kind="count")
    assert unit_info("test widgets").kind is UnitKind.COUNT
