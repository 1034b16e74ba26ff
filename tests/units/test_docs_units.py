"""Every table row and snippet of docs/units.md is what kpimodel does."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kpimodel import KPIModelError, parse_quantity

DOC = (Path(__file__).resolve().parents[2] / "docs" / "units.md").read_text(encoding="utf-8")
_ROW = re.compile(r"^\| `([^`]+)` \| (.+?) \|(?: `([^`]+)` \|)?$", re.MULTILINE)
_SECTIONS = DOC.split("## Refused")
ACCEPTED = [m.groups() for m in _ROW.finditer(_SECTIONS[0]) if m.group(3)]
REFUSED = [m.groups()[:2] for m in _ROW.finditer(_SECTIONS[1].split("## Bounds")[0])]


def test_the_tables_are_found() -> None:
    assert len(ACCEPTED) >= 15
    assert len(REFUSED) >= 12


@pytest.mark.parametrize(("text", "value", "printed"), ACCEPTED)
def test_accepted_rows(text: str, value: str, printed: str) -> None:
    q = parse_quantity(text)
    assert q.base_magnitude() == Decimal(value)
    assert str(q) == printed
    assert parse_quantity(printed).equivalent(q)


@pytest.mark.parametrize(("text", "fragment"), REFUSED)
def test_refused_rows(text: str, fragment: str) -> None:
    with pytest.raises(KPIModelError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "block", re.findall(r"```python\n(.*?)```", DOC, re.DOTALL), ids=lambda b: b[:30]
)
def test_python_snippets_run(block: str) -> None:
    exec(compile(block, "docs/units.md", "exec"), {})


def test_yaml_snippet_declares_units() -> None:
    from kpimodel.units import UnitDeclaration

    (block,) = re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL)
    data = yaml.safe_load(block)
    for item in data["units"]:
        UnitDeclaration.model_validate(item)
    assert parse_quantity("1 edge node").unit.is_compatible(parse_quantity("3 edge nodes").unit)
