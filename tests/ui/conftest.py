"""Fixtures of the app's behaviour tests: a tick of the screen's clock."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from ..hints import (
    Settle,
)


@pytest.fixture
def tick(settle: Settle) -> Settle:
    """A function: let the meeting screen's clock tick (5 a second) see the time the test
    moved on, and everything it set off be handled."""

    async def tick(pilot: Pilot[Any]) -> None:
        await pilot.pause(0.25)
        await settle(pilot)

    return tick
