"""Meetings recorded in a store as the app records them, for the export's and history's tests.

The agendas are parsed when first asked for, not when the tests are collected.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from facilitator.agenda import Agenda, parse_agenda
from facilitator.meeting.engine import Meeting
from facilitator.store.database import Store
from facilitator.store.recorder import MeetingLog

from ..data import CET, EST, MERCREDI_NAME
from .clocks import ManualClock, ManualWall

# The three-step Tuesday the export's meetings follow (not tests/data/tuesday.toml).
SHORT_TUESDAY_TOML = b"""
[meeting]
name = "Tuesday Night Open Discussion"

[[attendance]]
id = "attendees"
label = "Attendees"

[[attendance]]
id = "newcomers"
label = "Newcomers"

[[attendance]]
id = "online"
label = "Online"

[[steps]]
title = "Welcome"
minutes = 2

[[steps]]
title = "Shares"
minutes = 12
kind = "sharing"

[[steps]]
title = "Close"
minutes = 3
kind = "closing"
"""

# A name a naive CSV writer would split or break, and categories in another order.
SATURDAY_TOML = b"""
[meeting]
name = 'Saturday, "Big" Book Study'

[[attendance]]
id = "visitors"
label = "Visitors"

[[attendance]]
id = "attendees"
label = "Attendees"

[[steps]]
title = "Opening"
minutes = 5

[[steps]]
title = "Reading and shares"
minutes = 40
kind = "sharing"
share_minutes = 4.5

[[steps]]
title = "Closing"
minutes = 2.5
kind = "closing"
"""

MERCREDI_TOML = f"""
[meeting]
name = "{MERCREDI_NAME}"

[[attendance]]
id = "attendees"
label = "Pr\N{LATIN SMALL LETTER E WITH ACUTE}sents"

[[attendance]]
id = "online"
label = "En ligne"

[[steps]]
title = "Accueil"
minutes = 5

[[steps]]
title = "Partages"
minutes = 30
kind = "sharing"
""".encode()


@cache
def short_tuesday() -> Agenda:
    """The three-step Tuesday the export's meetings follow (not tests/data/tuesday.toml)."""
    return parse_agenda(SHORT_TUESDAY_TOML, "short-tuesday.toml")


@cache
def saturday_agenda() -> Agenda:
    """A name a naive CSV writer would split or break, and categories in another order."""
    return parse_agenda(SATURDAY_TOML, "saturday.toml")


@cache
def mercredi_agenda() -> Agenda:
    """A French meeting, unfinished in the export's store."""
    return parse_agenda(MERCREDI_TOML, "mercredi.toml")


class Recorded:
    """One meeting on its own hand-moved clock, recorded in a store as the app does it."""

    def __init__(self, store: Store, agenda: Agenda, stem: str, wall_start: datetime) -> None:
        self.clock = ManualClock()
        self.log = MeetingLog(
            agenda, stem, f"/agendas/{stem}.toml", ManualWall(self.clock, wall_start), store
        )
        self.meeting = Meeting(agenda, clock=self.clock, wall=self.log.wall, recorder=self.log)

    def wait(self, minutes: float) -> None:
        self.clock.advance(minutes * 60)

    def share(self, minutes: float) -> None:
        self.meeting.toggle_share()
        self.wait(minutes)
        self.meeting.end_share()

    def tally(self, category: int, times: int = 1) -> None:
        for _ in range(times):
            self.meeting.tally(category)

    def finish(self, cache_summary: bool = True) -> None:
        if self.meeting.status.value == "running":
            self.meeting.end()
        else:
            self.meeting.end(started_or_not=True)
        assert self.log.problem is None
        if cache_summary:
            self.log.finished(self.meeting)


def tuesday(store: Store, cache_summary: bool = True) -> None:
    """Finished: counted before it started, two shares, a step revisited."""
    m = Recorded(store, short_tuesday(), "tuesday", datetime(2026, 11, 24, 19, 0, tzinfo=EST))
    m.tally(0, 5)
    m.tally(1)
    m.wait(1)
    m.meeting.start()  # 19:01: started_at is the start, not the first tally
    m.wait(2.5)
    m.meeting.next_step()
    m.share(3)
    m.tally(2)
    m.meeting.undo()  # the online one was a mistake
    m.share(2.25)
    m.wait(1)
    m.meeting.next_step()
    m.wait(0.5)
    m.meeting.previous_step()
    m.wait(1)
    m.meeting.next_step()
    m.wait(2)
    m.finish(cache_summary)


def declined(store: Store) -> None:
    """Only counted attendance, never started; ended from the resume question."""
    m = Recorded(store, short_tuesday(), "tuesday", datetime(2026, 11, 26, 23, 30, tzinfo=EST))
    m.tally(0, 2)
    m.wait(5)
    m.finish()


def saturday(store: Store) -> None:
    """Finished, another agenda with other categories."""
    m = Recorded(store, saturday_agenda(), "saturday", datetime(2026, 11, 28, 10, 0, tzinfo=EST))
    m.meeting.start()
    m.tally(1, 12)
    m.tally(0, 3)
    m.wait(6)
    m.meeting.next_step()
    for length in (4.5, 5, 3.75):
        m.share(length)
    m.wait(20)
    m.meeting.next_step()
    m.wait(2)
    m.meeting.next_step()  # the last step: ends the meeting
    assert m.meeting.status.value == "ended"
    m.log.finished(m.meeting)


def mercredi(store: Store) -> Recorded:
    """Unfinished: a share was under way at the last recorded change."""
    m = Recorded(store, mercredi_agenda(), "mercredi", datetime(2026, 12, 2, 18, 30, tzinfo=CET))
    m.meeting.start()
    m.tally(0, 7)
    m.wait(4)
    m.meeting.next_step()
    m.share(3)
    m.meeting.toggle_share()
    m.wait(1)
    m.tally(1)  # the last recorded change: 9 minutes in
    m.wait(30)  # time passes with nothing recorded (the laptop crashed)
    return m
