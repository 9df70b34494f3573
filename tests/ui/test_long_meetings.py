"""A long meeting stays light: what a key leaves behind does not pile up."""

from __future__ import annotations

import gc
from collections import Counter
from typing import Any

from textual.app import App
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from facilitator.clocks import ManualClock
from facilitator.screens.meeting import MeetingScreen

from ..hints import MakeApp, Press, Size


def live_widgets(app: App[Any]) -> Counter[str]:
    """How many widgets of each kind are alive, in the DOM or not."""
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))


async def test_tallies_and_dialogs_leave_no_widgets_behind(
    clock: ManualClock, make_app: MakeApp, press: Press, tap: Press, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "1", "s", "r", "escape")  # the footer has been rebuilt once
        before = live_widgets(app)
        assert before[FooterKey.__name__] > 0
        await tap(pilot, *["1"] * 2000)
        for _ in range(20):
            await tap(pilot, "r", "escape")
        await press(pilot, "r", "escape")  # the last dialog closed before widgets are counted
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting.tallies["attendees"] == 2001
        assert live_widgets(app) == before
