"""Helpers of the site tests (a module of its own: ``conftest`` is a name pytest shares)."""

from __future__ import annotations

import importlib.util
import os

import pytest


def require(condition: bool, what: str) -> None:
    """Skip without ``what``, except in CI, where its absence is a failure."""
    if condition:
        return
    message = f"{what} is not available"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}, and CI must run the site tests", pytrace=False)
    pytest.skip(message)


def has_extra() -> bool:
    return all(importlib.util.find_spec(name) for name in ("jinja2", "vl_convert"))
