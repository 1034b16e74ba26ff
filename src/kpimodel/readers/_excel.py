"""openpyxl, imported on first use: the ``excel`` extra."""

from __future__ import annotations

from typing import Any

__all__ = ["INSTALL", "openpyxl"]

#: How to install what reading and writing workbooks needs.
INSTALL = (
    'pip install -e ".[excel]" (from the kpimodel checkout; kpimodel is not on the package index)'
)


def openpyxl() -> Any:
    """Return the openpyxl module, imported now.

    Returns:
        The module.

    Raises:
        ImportError: When openpyxl is not installed; the message names the extra and the
            install command.
    """
    try:
        import openpyxl as module
    except ImportError as exc:
        raise ImportError(
            "reading and writing Excel workbooks (.xlsx) needs openpyxl, which is not "
            f"installed; install the excel extra: {INSTALL}",
            name="openpyxl",
        ) from exc
    return module
