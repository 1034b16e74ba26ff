"""``python -m kpimodel``: the ``kpimodel`` command."""

from kpimodel.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
