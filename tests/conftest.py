"""Shared pytest configuration: Hypothesis settings profiles, and no skips in CI.

Two profiles are registered:

- ``ci`` (the default): 100 examples per property, no deadline (CI machines are noisy);
- ``long``: 5,000 examples per property, for a thorough run before a release.

Select one with the ``HYPOTHESIS_PROFILE`` environment variable::

    HYPOTHESIS_PROFILE=long python -m pytest tests

A test skips when an optional library or tool is missing (``pytest.importorskip``). CI
installs every extra, so there a skip means a check that silently did not run: with
``KPIMODEL_NO_SKIPS=1`` (set by ``.ci/run``) every skip is reported as a failure.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest
from hypothesis import settings

settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("long", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")

NO_SKIPS = os.environ.get("KPIMODEL_NO_SKIPS", "") not in ("", "0")


def _fail_a_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if NO_SKIPS and report.skipped and not hasattr(report, "wasxfail"):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        report.outcome = "failed"
        report.longrepr = (
            f"skipped, but KPIMODEL_NO_SKIPS is set (CI installs every extra): {reason}"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport() -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    _fail_a_skip(report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report() -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
    report = yield
    _fail_a_skip(report)
    return report
