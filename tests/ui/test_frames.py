"""A frame only when something visible changes: the meeting screen looks again at the next
whole second of what counts down, and draws again only the cells that read differently."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import Label

from facilitator.meeting.next_change import AFTER_EDGE
from facilitator.screens.meeting import screen as meeting_screen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.textual_internals import run_later
from facilitator.widgets.live_text import LiveText
from facilitator.widgets.room_view import BlockDigits, RoomView
from facilitator.widgets.share_timer import ShareTimer
from facilitator.widgets.status import MeetingStatus

from ..hints import MakeApp, Press, Settle
from ..support.clocks import ManualClock

DRAWN = (MeetingStatus, LiveText, ShareTimer, BlockDigits)


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each refresh of the widgets a running share changes: (its class, how many regions;
    0 is the whole widget)."""
    seen: list[tuple[str, int]] = []
    for kind in DRAWN:
        original = kind.refresh

        def refresh(self: Widget, *regions: Any, _original: Any = original, **options: Any) -> Any:
            seen.append((type(self).__name__, len(regions)))
            return _original(self, *regions, **options)

        monkeypatch.setattr(kind, "refresh", refresh)
    return seen


async def test_the_screen_looks_again_at_the_next_whole_second_of_the_share(
    make_app: MakeApp,
    press: Press,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meeting_screen, "LONGEST_LOOK", 60.0)  # as the app runs
    waits: list[float] = []

    def recording(node: Any, delay: float, callback: Any) -> Any:
        waits.append(delay)
        return run_later(node, delay, callback)

    monkeypatch.setattr(meeting_screen, "run_later", recording)
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n")
        clock.advance(0.5)
        await press(pilot, "space")  # the share starts half a second into the step
        clock.advance(10.25)
        await press(pilot, "w")  # someone waits: the screen shows it, and looks again
        assert waits[-1] == pytest.approx(0.75 + AFTER_EDGE)  # the share's edge, not 0.2
        await press(pilot, "space")  # paused: the step's time (10.75 s) leads
        assert waits[-1] == pytest.approx(0.25 + AFTER_EDGE)


async def test_a_view_that_reads_the_same_draws_nothing(
    make_app: MakeApp, press: Press, clock: ManualClock, settle: Settle, refreshes: list[Any]
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "space")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        clock.advance(0.25)
        screen.refresh_view()  # the same seconds
        refreshes.clear()
        for _ in range(3):
            clock.advance(0.2)  # ...still the same seconds on every figure
            screen.refresh_view()
            await settle(pilot)
        assert refreshes == []
        clock.advance(1)
        screen.refresh_view()
        await settle(pilot)
        assert {kind for kind, _ in refreshes} == {
            "MeetingStatus",
            "LiveText",
            "ShareTimer",
            "BlockDigits",
        }


async def test_a_turning_second_draws_only_the_cells_that_change(
    make_app: MakeApp, press: Press, clock: ManualClock, settle: Settle, refreshes: list[Any]
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "space")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        for _ in range(5):
            refreshes.clear()
            clock.advance(1)
            screen.refresh_view()
            await settle(pilot)
            # Each widget gives the cells that turned; none is drawn whole.
            assert refreshes and all(regions > 0 for _, regions in refreshes), refreshes


async def test_the_room_view_draws_only_the_words_that_change(
    make_app: MakeApp,
    press: Press,
    clock: ManualClock,
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    updates: Counter[str] = Counter()
    drawn_whole: Counter[str] = Counter()
    update = Label.update
    refresh = LiveText.refresh

    def counting(self: Label, *args: Any, **options: Any) -> None:
        updates[self.id or ""] += 1
        update(self, *args, **options)

    def refreshing(self: LiveText, *regions: Any, **options: Any) -> Any:
        updates[self.id or ""] += 1
        drawn_whole[self.id or ""] += not regions or options.get("layout", False)
        return refresh(self, *regions, **options)

    monkeypatch.setattr(Label, "update", counting)
    monkeypatch.setattr(LiveText, "refresh", refreshing)
    app = make_app(clock)
    async with app.run_test(size=(200, 56)) as pilot:
        await press(pilot, "s", "n", "space", "b")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        room = screen.query_one(RoomView)
        updates.clear()
        drawn_whole.clear()
        for _ in range(5):
            clock.advance(1)
            screen.refresh_view()
            await settle(pilot)
        assert updates["room-title"] == 0 and updates["room-schedule"] == 0
        # "SHARE 1 · 2:55 LEFT": the same width each time, so only the seconds are drawn.
        assert updates["room-state"] == 5
        assert drawn_whole["room-state"] == 0
        # Nothing the room view hides is pushed while it has the window.
        assert updates["step-time"] == 0
        assert "2:55" in room.query_one("#room-state", LiveText).text
