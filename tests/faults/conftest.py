"""Fixtures of the fault harness and the fuzzers."""

from __future__ import annotations

import pytest


@pytest.fixture
def long_mode(request: pytest.FixtureRequest) -> bool:
    """Whether the run asked for the full-length fault harness (--long)."""
    return bool(request.config.getoption("--long"))
