"""Draw the documentation's figures from the bundled seed table.

Writes ``docs/img/seed-exports.png`` (the trajectory of the agricultural exports KPI, with
Japanese labels) and ``docs/img/seed-overview.png`` (the statuses per theme). Needs the
``plot`` extra, whose matplotlib-fontja dependency ships a font with Japanese glyphs.

Usage::

    python scripts/make_plots.py [OUTPUT_DIR]
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import kpimodel
from kpimodel import datasets
from kpimodel.integrations.plot import MissingFontWarning, find_cjk_font, plot, plot_overview

SEED = "ip-strategic-program-2026"
KPI_ID = "agri-food-exports"


def main(argv: list[str]) -> int:
    """Write the figures; return the exit status."""
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "docs/img"
    out.mkdir(parents=True, exist_ok=True)
    font = find_cjk_font()
    if font is None:
        print(
            'no font with Japanese glyphs: pip install -e ".[plot]" (matplotlib-fontja)',
            file=sys.stderr,
        )
        return 1
    program = datasets.load(SEED)
    result = kpimodel.evaluate(program)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingFontWarning)
        figures = {
            "seed-exports.png": plot(result.kpi(KPI_ID), model=program, lang="ja"),
            "seed-overview.png": plot_overview(result, lang="ja"),
        }
    for name, figure in figures.items():
        figure.savefig(out / name, dpi=110)
        print(f"wrote {out / name} (font: {font})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
