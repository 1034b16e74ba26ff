"""Shared pytest configuration: Hypothesis settings profiles.

Two profiles are registered:

- ``ci`` (the default): 100 examples per property, no deadline (CI machines are noisy);
- ``long``: 5,000 examples per property, for a thorough run before a release.

Select one with the ``HYPOTHESIS_PROFILE`` environment variable::

    HYPOTHESIS_PROFILE=long python -m pytest tests
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, max_examples=100)
settings.register_profile("long", deadline=None, max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
