"""KPI tables bundled with kpimodel, ready to load.

Each dataset is a YAML document in this package (``<name>.yaml``); the table it was
modelled from is kept beside it, byte for byte, under ``sources/``. ``docs/dataset.md``
explains how each table was modelled.

Example:
    >>> from kpimodel import datasets
    >>> "ip-strategic-program-2026" in datasets.names()
    True
    >>> program = datasets.load("ip-strategic-program-2026")
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from kpimodel.errors import FileReadError
from kpimodel.io import load as _load_file
from kpimodel.model import Program

__all__ = ["load", "names", "path"]

_SUFFIX = ".yaml"


def _package() -> Traversable:
    return resources.files(__name__)


def names() -> list[str]:
    """Return the names of the bundled datasets.

    Returns:
        The names, sorted (``["ip-strategic-program-2026"]``).
    """
    return sorted(
        entry.name.removesuffix(_SUFFIX)
        for entry in _package().iterdir()
        if entry.is_file() and entry.name.endswith(_SUFFIX)
    )


def path(name: str) -> Traversable:
    """Return the location of a bundled dataset's YAML document.

    For a package installed as files (the usual case) this is a :class:`pathlib.Path`;
    use :func:`importlib.resources.as_file` to get a real file in every case.

    Args:
        name: The dataset name (see :func:`names`).

    Returns:
        The document's location.

    Raises:
        FileReadError: When no bundled dataset has that name; the message lists the names.
    """
    known = names()
    if name not in known:
        raise FileReadError(
            f"no bundled dataset named {name!r}; known datasets: {', '.join(known) or 'none'}",
            value=name,
        )
    return _package() / f"{name}{_SUFFIX}"


def load(name: str) -> Program:
    """Load a bundled dataset.

    Args:
        name: The dataset name (see :func:`names`).

    Returns:
        The program the dataset describes.

    Raises:
        FileReadError: When no bundled dataset has that name; the message lists the names.
    """
    with resources.as_file(path(name)) as file:
        return _load_file(file)
