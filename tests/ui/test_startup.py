"""The app lets the collector run again once its first frame is drawn."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.system import startup

from ..hints import MakeApp, Size
from ..support.clocks import ManualClock


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What `gc.freeze` was asked to do (not done: the test process lives on)."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    yield calls
    startup.release()
    gc.enable()


async def test_the_first_frame_lets_the_collector_run_with_the_start_frozen(
    frozen: list[str], make_app: MakeApp, terminal_size: Size, clock: ManualClock
) -> None:
    startup.hold()  # as the command does before the app is made
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert gc.isenabled()
        assert frozen == ["freeze"]
