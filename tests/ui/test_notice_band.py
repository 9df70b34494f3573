"""On the meeting screen a notice takes a band of its own: it never covers the share's
countdown nor the room view's digits, at any size, in the room view or not."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.widget import Widget

from facilitator.room.sound import fallback_words
from facilitator.screens.meeting.screen import MeetingScreen

from ..hints import MakeApp, Press, Settle
from ..support.clocks import ManualClock


def countdowns(app: App[Any], room_view: bool) -> list[Widget]:
    """The widgets that show the time: the room view's, or the share's."""
    shown = ("#room-digits", "#room-state") if room_view else ("#share", "#share-digits")
    return [
        widget
        for selector in shown
        for widget in app.screen.query(selector)
        if widget.display and widget.region.area
    ]


SIZES = [
    *((size, room_view) for size in [(100, 32), (80, 24), (60, 18)] for room_view in (False, True)),
    ((40, 12), True),  # the room view's least; the meeting screen's is 60x18
]


@pytest.mark.parametrize(("size", "room_view"), SIZES)
async def test_a_notice_covers_no_countdown(
    size: tuple[int, int],
    room_view: bool,
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=size, notifications=True) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(160)  # the warning: digits and words shown
        if room_view:
            await press(pilot, "b")
        app.notify(fallback_words(None), severity="warning", timeout=60, markup=False)
        app.notify("Share 3 ended", timeout=60, markup=False)
        await settle(pilot)
        await pilot.pause(0.2)
        assert isinstance(app.screen, MeetingScreen)
        assert len(app.screen.query("Toast")) == 2
        shown = countdowns(app, room_view)
        assert shown, "the countdown is on screen"
        width, height = size
        for countdown in shown:  # every cell of it is its own: in the window, under nothing
            region = countdown.region
            assert region.right <= width and region.bottom <= height, (countdown, region)
            for y in range(region.y, region.bottom):
                for x in range(region.x, region.right):
                    widget, _region = app.screen.get_widget_at(x, y)
                    assert countdown in widget.ancestors_with_self, (x, y, widget)
