"""Fixtures of the snapshot tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.screens.meeting.screen import MeetingScreen

from ..hints import Advance, Press
from ..support.clocks import ManualClock


@pytest.fixture(autouse=True)
def same_tickets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The share queue's tickets, random in a meeting, the same in every snapshot."""
    monkeypatch.setattr(
        "facilitator.meeting.share_queue.secrets.SystemRandom", lambda: random.Random(28)
    )


@pytest.fixture
def advance(press: Press) -> Advance:
    """A function: a `run_before` that presses keys and moves the clock."""

    def advance(clock: ManualClock, *steps: tuple[str, ...] | float) -> Callable[[Pilot[Any]], Any]:
        """A `run_before` that presses keys and moves the clock, in order."""

        async def run_before(pilot: Pilot[Any]) -> None:
            for step in steps:
                if isinstance(step, tuple):
                    await press(pilot, *step)
                else:
                    clock.advance(step)
            for screen in pilot.app.screen_stack:
                if isinstance(screen, MeetingScreen):
                    screen.refresh_view()
            await pilot.pause()

        return run_before

    return advance
