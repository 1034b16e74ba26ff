"""Entry points to the optional integrations that import nothing until called.

``kpimodel.plot``, ``kpimodel.plot_overview`` and ``kpimodel.to_dataframe`` are these
functions; they live apart from :mod:`kpimodel.integrations.plot` so that the function
``plot`` and the module ``plot`` never shadow each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation
    from kpimodel.model import KPI, Indicator, Program, Theme

__all__ = ["observations_dataframe", "plot", "plot_overview", "to_dataframe"]


def plot(
    subject: KPI | Indicator | KPIEvaluation | Evaluation | ProgramEvaluation, **options: Any
) -> Any:
    """Draw a KPI's trajectory toward its target (needs ``kpimodel[plot]``).

    A thin entry point to :func:`kpimodel.integrations.plot.plot`, which documents the
    options; matplotlib is imported only when this is called.

    Args:
        subject: A KPI, an indicator, or one of their evaluations.
        **options: Passed on (``model``, ``as_of``, ``lang``, ``font``).

    Returns:
        A matplotlib ``Figure``.
    """
    from kpimodel.integrations.plot import plot as _plot

    return _plot(subject, **options)


def plot_overview(evaluation: ProgramEvaluation, **options: Any) -> Any:
    """Draw the status counts of every theme (needs ``kpimodel[plot]``).

    Args:
        evaluation: A program's evaluation.
        **options: Passed on to :func:`kpimodel.integrations.plot.plot_overview`.

    Returns:
        A matplotlib ``Figure``.
    """
    from kpimodel.integrations.plot import plot_overview as _plot_overview

    return _plot_overview(evaluation, **options)


def to_dataframe(
    evaluation: ProgramEvaluation | KPIEvaluation | Evaluation,
    *,
    lang: str = "en",
    exact: bool = False,
) -> Any:
    """Return one row per evaluated indicator as a pandas DataFrame (``kpimodel[pandas]``).

    Args:
        evaluation: An evaluation of a program, a KPI or an indicator.
        lang: The language of the prose columns (``"en"`` or ``"ja"``).
        exact: Figures as exact ``Decimal`` instead of ``float64``.

    Returns:
        The DataFrame, in the columns of the row schema (see
        :func:`kpimodel.integrations.pandas.to_dataframe`).
    """
    from kpimodel.integrations.pandas import to_dataframe as _to_dataframe

    return _to_dataframe(evaluation, lang=lang, exact=exact)


def observations_dataframe(subject: Program | Theme | KPI | Indicator, **options: Any) -> Any:
    """Return one row per observation as a pandas DataFrame (``kpimodel[pandas]``).

    Args:
        subject: A program, theme, KPI or indicator.
        **options: Passed on (``derived``, ``references``).

    Returns:
        The DataFrame (see :func:`kpimodel.integrations.pandas.observations_dataframe`).
    """
    from kpimodel.integrations.pandas import observations_dataframe as _observations

    return _observations(subject, **options)
