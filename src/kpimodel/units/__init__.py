"""Units of measure: exact quantities, Japanese multipliers, currencies, counts and ranks.

kpimodel keeps its own small pint registry (built from ``definitions.txt`` on first use)
and never touches pint's application registry. See :func:`get_registry` for combining
kpimodel quantities with your own pint code.
"""

from kpimodel.units._declared import UnitDeclaration, define_unit
from kpimodel.units._numbers import normalize
from kpimodel.units._registry import UnitInfo, UnitKind, get_registry, unit_info
from kpimodel.units._values import (
    Quantity,
    Rank,
    Unit,
    parse_quantity,
    percentage_point_change,
    relative_change,
    split_bound,
)

__all__ = [
    "Quantity",
    "Rank",
    "Unit",
    "UnitDeclaration",
    "UnitInfo",
    "UnitKind",
    "define_unit",
    "get_registry",
    "normalize",
    "parse_quantity",
    "percentage_point_change",
    "relative_change",
    "split_bound",
    "unit_info",
]
