"""Fixtures of the app's behaviour tests: meetings held and past, the history loaded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.agenda import load_agenda
from facilitator.meeting.clocks import ManualClock, ManualWall
from facilitator.meeting.engine import Meeting
from facilitator.screens.history.screen import HistoryScreen
from facilitator.store.database import Store
from facilitator.store.recorder import MeetingLog

from ..data import (
    NOV_10,
    NOV_17,
    NOV_24,
    TUESDAY,
)
from ..hints import (
    HistoryLoaded,
    HoldMeeting,
    Settle,
    ThreeMeetings,
)


@pytest.fixture
def tick(settle: Settle) -> Settle:
    """A function: let the meeting screen's clock tick (5 a second) see the time the test
    moved on, and everything it set off be handled."""

    async def tick(pilot: Pilot[Any]) -> None:
        await pilot.pause(0.25)
        await settle(pilot)

    return tick


@pytest.fixture
def hold_meeting() -> HoldMeeting:
    """A function: hold a meeting of tests/data/tuesday.toml through the engine, as the app would.

    `counts` are taps on each attendance category; `steps` the seconds spent on each step
    (a meeting left unfinished stops after the steps given); `shares` run back to back at the
    start of the sharing step (step 2), the first one given `added` seconds more.
    """

    def hold(
        store: Store,
        when: datetime,
        *,
        counts: Sequence[int],
        steps: Sequence[float],
        shares: Sequence[float] = (),
        added: float = 0.0,
        end: bool = True,
    ) -> None:
        agenda = load_agenda(TUESDAY)
        clock = ManualClock()
        wall = ManualWall(clock, when)
        log = MeetingLog(agenda, TUESDAY.stem, str(TUESDAY), wall, store)
        meeting = Meeting(agenda, clock=clock, wall=wall, recorder=log)
        for category, count in enumerate(counts):
            for _ in range(count):
                meeting.tally(category)
        meeting.start()
        for index, seconds in enumerate(steps):
            if index == 1:
                for number, length in enumerate(shares):
                    meeting.toggle_share()
                    if number == 0 and added:
                        meeting.adjust_share(added)
                    clock.advance(length)
                    meeting.end_share()
                seconds -= sum(shares)
            clock.advance(seconds)
            if index + 1 < len(steps) or end:
                meeting.next_step()
        if end:
            if meeting.status.value != "ended":
                meeting.end()
            log.finished(meeting)

    return hold


@pytest.fixture
def three_meetings(hold_meeting: HoldMeeting) -> ThreeMeetings:
    """A function: hold three Tuesdays in a store; the middle one's sharing step runs 2:10 over."""

    def three(store: Store) -> None:
        hold_meeting(
            store, NOV_10, counts=(8, 2), steps=(120, 720, 180, 180), shares=(180, 150, 210)
        )
        hold_meeting(
            store,
            NOV_17,
            counts=(14, 1),
            steps=(120, 850, 180, 150),
            shares=(200, 180, 170, 190, 110),
            added=30,
        )
        hold_meeting(
            store,
            NOV_24,
            counts=(12, 0, 3),
            steps=(130, 700, 170, 180),
            shares=(180, 150, 175, 160),
        )

    return three


@pytest.fixture
def history_loaded() -> HistoryLoaded:
    """A function: wait until a history screen has read and listed its meetings."""

    async def loaded(pilot: Pilot[Any], screen: HistoryScreen) -> None:
        await pilot.app.workers.wait_for_complete()
        for _ in range(100):
            if screen.loaded:
                break
            await pilot.pause()
        assert screen.loaded
        await pilot.pause()

    return loaded
