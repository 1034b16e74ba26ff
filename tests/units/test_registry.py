"""kpimodel's private pint registry: lazily built, never pint's application registry."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal

import pint
import pytest

from kpimodel import UnknownUnitError
from kpimodel.units import get_registry, unit_info


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_kpimodel_does_not_build_the_registry() -> None:
    out = _run(
        """
        import kpimodel
        import kpimodel.units._registry as r
        print(r._registry is None)
        kpimodel.parse_quantity("3,235億円").unit.pint_unit  # needs pint: built now
        print(r._registry is None)
        """
    )
    assert out.splitlines() == ["True", "False"]


def test_importing_and_using_kpimodel_leaves_pints_application_registry_alone() -> None:
    out = _run(
        """
        import pint
        before = pint.get_application_registry()
        before_registry = before.get()
        before_units = len(dir(before))
        import kpimodel
        kpimodel.parse_quantity("3,235億円").to("兆円")
        kpimodel.units.get_registry()  # built, and still private
        after = pint.get_application_registry()
        print(after is before)
        print(after.get() is before_registry)
        print(len(dir(after)) == before_units)
        print(after.get() is not kpimodel.units.get_registry())
        print("okuyen" in dir(after))
        """
    )
    assert out.splitlines() == ["True", "True", "True", "True", "False"]


def test_registry_is_shared_and_decimal() -> None:
    reg = get_registry()
    assert get_registry() is reg
    assert reg is not pint.get_application_registry().get()
    q = reg.Quantity(Decimal("3235"), "億円").to("兆円")
    assert q.magnitude == Decimal("0.3235")


@pytest.mark.parametrize(
    ("symbol", "factor", "base", "kind"),
    [
        ("億円", Decimal("1E+8"), "円", "currency"),
        ("兆円", Decimal("1E+12"), "円", "currency"),
        ("万人", Decimal("1E+4"), "人", "count"),
        ("億アクセス", Decimal("1E+8"), "アクセス", "count"),
        ("%", Decimal("0.01"), "", "ratio"),
        ("割", Decimal("0.1"), "", "ratio"),
        ("位", Decimal(1), "位", "rank"),
    ],
)
def test_unit_info(symbol: str, factor: Decimal, base: str, kind: str) -> None:
    info = unit_info(symbol)
    assert info.factor == factor
    assert info.base_symbol == base
    assert info.kind == kind
    assert info.symbol == symbol
    assert unit_info(symbol) is info  # cached


@pytest.mark.parametrize(
    "symbol",
    ["furlong", "1円", "円,円", "円#comment", "円 円", "円*円", "円^2", "(円)", "x" * 60, "\x00"],
)
def test_unit_info_refuses_what_is_no_unit(symbol: str) -> None:
    with pytest.raises(UnknownUnitError) as info:
        unit_info(symbol)
    assert "unknown unit" in str(info.value)


def test_each_countable_kind_is_its_own_dimension() -> None:
    dimensions = {unit_info(s).dimension for s in ("人", "件", "社", "校", "機関", "アクセス")}
    assert len(dimensions) == 6
    currencies = {unit_info(s).dimension for s in ("円", "USD", "EUR")}
    assert len(currencies) == 3
