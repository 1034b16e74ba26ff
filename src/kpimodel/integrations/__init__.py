"""Optional integrations with other libraries, each behind an extra.

========================================  =========================  ======================
module                                    what                       install
========================================  =========================  ======================
:mod:`kpimodel.integrations.pandas`       DataFrames of evaluations  ``kpimodel[pandas]``
                                          and observations, and
                                          KPIs built from them
:mod:`kpimodel.integrations.plot`         matplotlib figures of a    ``kpimodel[plot]``
                                          KPI's trajectory and of a
                                          program's statuses
========================================  =========================  ======================

Nothing here is imported by ``import kpimodel``: pandas and matplotlib are imported only
when one of these modules is. Importing a module whose library is missing raises an
:class:`ImportError` that names the extra to install.

Example:
    >>> from kpimodel.integrations.pandas import to_dataframe  # doctest: +SKIP
    >>> from kpimodel.integrations.plot import plot  # doctest: +SKIP
"""

from __future__ import annotations

__all__ = ["missing_extra"]


def missing_extra(library: str, extra: str) -> ImportError:
    """Return the error to raise when an optional library is not installed.

    Args:
        library: The library that could not be imported (``pandas``).
        extra: The kpimodel extra that installs it (``pandas``).

    Returns:
        An :class:`ImportError` whose message names the ``pip`` command to run.
    """
    return ImportError(
        f"this feature of kpimodel needs {library}, which is not installed: install the "
        f'extra "{extra}" from the kpimodel checkout with pip install -e ".[{extra}]"',
        name=library,
    )
