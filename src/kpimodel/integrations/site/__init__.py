"""A static report site: an overview page and one page per KPI, in English and Japanese.

Needs the ``site`` extra (``pip install -e ".[site]"``): jinja2 for the pages and
``vl-convert-python``, which supplies both the Vega, Vega-Lite and Vega-Embed JavaScript
that draws the interactive charts (copied into the site when it is built, so that it
works offline) and the static SVG of each chart shown before (or without) JavaScript.

Layout of the folder written::

    index.html                 the overview, in English
    kpi/<id>.html              one page per KPI
    ja/index.html, ja/kpi/...  the same pages in Japanese
    assets/                    the style sheet, the script, the chart library, the SVGs

Example:
    >>> import kpimodel
    >>> kpimodel.site("public")  # doctest: +SKIP
    PosixPath('public/index.html')
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kpimodel.evaluation import RollUp, evaluate
from kpimodel.model import Program

__all__ = ["DEFAULT_DATASET", "site"]

#: The dataset :func:`site` builds when no program is given (as ``kpimodel report`` does).
DEFAULT_DATASET = "ip-strategic-program-2026"


def site(
    directory: str | Path,
    source: Program | str | Path | None = None,
    *,
    as_of: dt.date | None = None,
    roll_up: RollUp | str = RollUp.WORST,
) -> Path:
    """Write a static report site of a program into ``directory``.

    The overview page counts the statuses per theme, draws them, and lists every KPI in
    a table that can be sorted and filtered; each KPI has a page with its trajectory
    chart per indicator (figures, baseline, target, required path, projection), its
    explanation in English and Japanese, and every figure with the sentence it was read
    from. Every page exists in English and Japanese, linked by a language switch. The
    site needs no network: open ``index.html`` from the folder, or serve it.

    Args:
        directory: The folder to write (created if needed; files of the same names are
            replaced, others left alone).
        source: A program, or the path of a YAML or JSON file of one (default: the
            bundled dataset ``ip-strategic-program-2026``).
        as_of: The evaluation date (default: the program's ``as_of``, else today).
        roll_up: How indicator statuses combine into a KPI's.

    Returns:
        The path of the English overview page, ``directory/index.html``.

    Raises:
        ImportError: When the ``site`` extra is not installed.
        KPIModelError: When the file cannot be read or is not a valid program.
    """
    from kpimodel.integrations.site._build import write

    if source is None:
        from kpimodel import datasets

        program = datasets.load(DEFAULT_DATASET)
    elif isinstance(source, Program):
        program = source
    else:
        from kpimodel.io import load

        program = load(source)
    result = evaluate(program, as_of, roll_up=roll_up)
    return write(Path(directory), program, result)
