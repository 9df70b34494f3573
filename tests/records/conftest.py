"""Fixtures of past meetings' tests: meetings recorded as they would have run."""

from __future__ import annotations

import pytest

from facilitator.agenda import Agenda

from ..hints import (
    RecordSaturday,
    RecordTuesday,
)
from ..support import meetings


@pytest.fixture(scope="session")
def short_tuesday() -> Agenda:
    """The three-step Tuesday agenda the export's recorded meetings follow."""
    return meetings.short_tuesday()


@pytest.fixture
def record_tuesday() -> RecordTuesday:
    """A function: a finished Tuesday in a store: counted before it started, two shares."""
    return meetings.tuesday


@pytest.fixture
def record_saturday() -> RecordSaturday:
    """A function: a finished Saturday in a store, another agenda with other categories."""
    return meetings.saturday
