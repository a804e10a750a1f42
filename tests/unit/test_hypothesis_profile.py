"""The Hypothesis profile the suite runs under: CI's is set, with a deadline and an example count."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import settings


def test_ci_runs_the_ci_profile() -> None:
    ci = settings.get_profile("ci")
    assert ci.max_examples >= 100 and ci.deadline == timedelta(seconds=2) and ci.derandomize
    expected = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
    assert settings.default == settings.get_profile(expected)
