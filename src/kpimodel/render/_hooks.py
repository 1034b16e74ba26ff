"""Register the display hooks (Jupyter MIME bundles, rich) for models and evaluations."""

from __future__ import annotations

from typing import Any

from kpimodel._display import register_display, register_rich
from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation, ThemeEvaluation
from kpimodel.model import KPI, Indicator, Program, Theme
from kpimodel.render._html import to_html
from kpimodel.render._rich import to_rich
from kpimodel.render._text import to_table
from kpimodel.render._vegalite import MIME_TYPE as VEGALITE
from kpimodel.render._vegalite import to_vegalite

__all__ = ["DISPLAYED", "mimebundle", "register"]

#: The classes whose instances display as tables.
DISPLAYED: tuple[type, ...] = (
    Program,
    Theme,
    KPI,
    Indicator,
    ProgramEvaluation,
    ThemeEvaluation,
    KPIEvaluation,
    Evaluation,
)


def mimebundle(subject: Any) -> dict[str, Any]:
    """Return the MIME bundle of a model or an evaluation: an HTML table and a text table.

    An evaluation of a program, a KPI or an indicator also carries its chart as a
    Vega-Lite specification (:data:`~kpimodel.render._vegalite.MIME_TYPE`), which
    JupyterLab draws beside the table.

    Args:
        subject: A program, theme, KPI or indicator, or an evaluation of one.

    Returns:
        ``{"text/plain": ..., "text/html": ...}``, and the Vega-Lite specification.
    """
    # A single KPI or indicator is small: show its explanation in the text too.
    explain = isinstance(subject, KPIEvaluation | Evaluation)
    bundle: dict[str, Any] = {
        "text/plain": to_table(subject, explain=explain),
        "text/html": to_html(subject),
    }
    if isinstance(subject, ProgramEvaluation | KPIEvaluation | Evaluation):
        bundle[VEGALITE] = to_vegalite(subject)
    return bundle


def _rich(subject: Any) -> Any:
    return to_rich(subject)


def register() -> None:
    """Register :func:`mimebundle` and :func:`~kpimodel.render.to_rich` for every class shown.

    Runs when :mod:`kpimodel` is imported; calling it again changes nothing.
    """
    for cls in DISPLAYED:
        register_display(cls, mimebundle)
        register_rich(cls, _rich)
