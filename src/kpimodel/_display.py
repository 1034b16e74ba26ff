"""Rich display hooks (Jupyter, rich) that lower layers offer and the render layer fills.

Model and evaluation classes inherit :class:`Displayable`, which implements IPython's
``_repr_mimebundle_`` and rich's ``__rich_console__`` by looking up a renderer registered
for the object's class. The renderers live in :mod:`kpimodel.render`, a higher layer,
which registers them when it is imported; the model never imports it. The top-level
package sets a loader (:func:`set_loader`) that imports the render layer the first time
an object is displayed with no renderer registered yet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__ = [
    "Displayable",
    "convert",
    "register_converter",
    "register_display",
    "register_rich",
    "set_loader",
]

MimeBundle = dict[str, Any]  # text, and JSON for application/*+json types
_lock = threading.Lock()
_mime: dict[type, Callable[[Any], MimeBundle]] = {}
_rich: dict[type, Callable[[Any], Any]] = {}


def register_display(cls: type, renderer: Callable[[Any], MimeBundle]) -> None:
    """Register the function that renders instances of ``cls`` as a MIME bundle.

    Args:
        cls: The class (subclasses inherit the renderer).
        renderer: Returns ``{"text/plain": ..., "text/html": ...}`` for an instance.
    """
    with _lock:
        _mime[cls] = renderer


def register_rich(cls: type, renderer: Callable[[Any], Any]) -> None:
    """Register the function that turns instances of ``cls`` into a rich renderable.

    Args:
        cls: The class (subclasses inherit the renderer).
        renderer: Returns a rich renderable (a ``Table``, say) for an instance.
    """
    with _lock:
        _rich[cls] = renderer


_converters: dict[str, Callable[..., Any]] = {}


def register_converter(name: str, function: Callable[..., Any]) -> None:
    """Register the function behind a conversion method such as ``to_dataframe()``.

    Args:
        name: The conversion's name (``dataframe``).
        function: Called with the object and the method's keyword arguments.
    """
    with _lock:
        _converters[name] = function


def convert(name: str, obj: Any, **options: Any) -> Any:
    """Run the conversion registered as ``name`` on ``obj``.

    Args:
        name: The conversion's name.
        obj: The object to convert.
        **options: Passed on.

    Returns:
        What the conversion returns.

    Raises:
        NotImplementedError: When no conversion is registered under ``name``.
    """
    function = _converters.get(name)
    if function is None:
        raise NotImplementedError(f"no {name!r} conversion is registered")
    return function(obj, **options)


_loader: list[Callable[[], None]] = []


def set_loader(loader: Callable[[], None]) -> None:
    """Set the function that registers the renderers, run once before the first display.

    Args:
        loader: Imports the module that registers the renderers.
    """
    with _lock:
        _loader[:] = [loader]


def _find(table: dict[type, Callable[[Any], Any]], cls: type) -> Callable[[Any], Any] | None:
    for klass in cls.__mro__:
        found = table.get(klass)
        if found is not None:
            return found
    return None


def _lookup(table: dict[type, Callable[[Any], Any]], cls: type) -> Callable[[Any], Any] | None:
    found = _find(table, cls)
    if found is None and _loader:
        with _lock:
            pending = _loader[:]
            _loader.clear()
        for loader in pending:
            loader()
        found = _find(table, cls)
    return found


class Displayable:
    """Mixin: display through the renderers registered for the class."""

    __slots__ = ()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> MimeBundle:
        renderer = _lookup(_mime, type(self))
        bundle = renderer(self) if renderer is not None else {}
        bundle.setdefault("text/plain", repr(self))
        if include is not None:
            wanted = set(include)
            bundle = {k: v for k, v in bundle.items() if k in wanted}
        if exclude is not None:
            unwanted = set(exclude)
            bundle = {k: v for k, v in bundle.items() if k not in unwanted}
        return bundle

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        renderer = _lookup(_rich, type(self))
        if renderer is None:
            yield repr(self)
        else:
            yield renderer(self)
