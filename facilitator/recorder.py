"""Recording a meeting as it runs: a new one, a resumed one, or one ended where it stopped.

The `MeetingLog` writes each event to the store before it takes effect; `replay` rebuilds a
meeting from its events. `start`, `resume` and `decline` are the three ways a meeting begins
its life in the app, and the App, the screenshots and the benchmarks all go through them.
No Textual here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .agenda import Agenda
from .clocks import Clock, ResumedClock, WallClock
from .engine import Meeting
from .events import Event
from .report import summarize
from .store import Store, StoredMeeting


def replay(agenda: Agenda, events: Sequence[Event], clock: Clock, wall: WallClock) -> Meeting:
    """Rebuild a meeting from its events, on `clock`."""
    meeting = Meeting(agenda, clock=clock, wall=wall)
    for event in events:
        meeting.apply(event)
    meeting.take_time_up()  # a share already over time rang before; do not ring again
    return meeting


@dataclass
class MeetingLog:
    """Records a meeting's events in the store before they take effect.

    The meeting row is created with the first event, so opening an agenda and leaving
    stores nothing. When the store cannot be written, the events wait here and the next
    change tries again; `problem` says what is wrong, for the screen to show.
    """

    agenda: Agenda
    agenda_stem: str
    agenda_path: str
    wall: WallClock
    store: Store | None
    reopen: Callable[[], Store | None] | None = None
    meeting_id: int | None = None
    seq: int = 0
    pending: list[tuple[Event, datetime]] = field(default_factory=list)
    problem: str | None = None

    @classmethod
    def resuming(cls, stored: StoredMeeting, store: Store, wall: WallClock) -> MeetingLog:
        """The log of a stored meeting, continuing after its last event."""
        return cls(
            stored.agenda,
            stored.agenda_stem,
            stored.agenda_path,
            wall,
            store,
            meeting_id=stored.id,
            seq=len(stored.events),
        )

    def __call__(self, event: Event) -> None:
        self.pending.append((event, self.wall()))
        self.flush()

    def flush(self) -> bool:
        """Write what is waiting; True when everything is saved."""
        if self.store is None and self.reopen is not None:
            self.store = self.reopen()
        if self.store is None:
            retried = " and saving is retried" if self.reopen is not None else ""
            self.problem = f"Meetings cannot be saved: this meeting is in memory{retried}."
            return False
        try:
            while self.pending:
                event, wall = self.pending[0]
                if self.meeting_id is None:
                    self.meeting_id = self.store.create_meeting(
                        self.agenda, self.agenda_stem, self.agenda_path, event, wall
                    )
                else:
                    self.store.append(self.meeting_id, self.seq, event, wall)
                self.pending.pop(0)
                self.seq += 1
        except (sqlite3.Error, OSError) as error:
            self.problem = f"Not saved yet ({error}); the meeting goes on and saving is retried."
            return False
        self.problem = None
        return True

    def finished(self, meeting: Meeting) -> None:
        """Cache the summary of an ended meeting (a crash here loses nothing: it is derived)."""
        if self.store is None or self.meeting_id is None or self.pending:
            return
        # The events are saved; a summary that fails to save is rebuilt from them when read.
        with suppress(sqlite3.Error, OSError):
            self.store.save_summary(self.meeting_id, summarize(meeting))


@dataclass(frozen=True)
class Recorded:
    """A meeting under way and the log that records it."""

    meeting: Meeting
    log: MeetingLog


def start(
    agenda: Agenda,
    path: Path | None,
    store: Store | None,
    clock: Clock,
    wall: WallClock,
    *,
    reopen: Callable[[], Store | None] | None = None,
) -> Recorded:
    """A new meeting of `agenda` (from the file at `path`, if any), recorded in `store`.

    Args:
        reopen: Tries the store again later when `store` is None (saving is retried).
    """
    log = MeetingLog(agenda, path.stem if path else "", str(path or ""), wall, store, reopen=reopen)
    return Recorded(Meeting(agenda, clock=clock, wall=wall, recorder=log), log)


def resume(stored: StoredMeeting, store: Store, clock: Clock, wall: WallClock) -> Recorded:
    """Go on with a stored meeting: same step, tallies and shares; the time away counts.

    The meeting went on in the room while the app was closed, so that time is added to its
    timeline.
    """
    away = max(0.0, (wall() - stored.last_wall).total_seconds())
    resumed = ResumedClock(clock, stored.last_at + away)
    meeting = replay(stored.agenda, stored.events, resumed, wall)
    log = MeetingLog.resuming(stored, store, wall)
    meeting.recorder = log
    return Recorded(meeting, log)


def decline(stored: StoredMeeting, store: Store, wall: WallClock) -> str | None:
    """End a stored meeting where its record stops (it stays in history).

    Returns:
        Why the end could not be saved, or None when it was.
    """
    meeting = replay(stored.agenda, stored.events, lambda: stored.last_at, wall)
    log = MeetingLog.resuming(stored, store, lambda: stored.last_wall)
    meeting.recorder = log
    meeting.end(started_or_not=True)
    log.finished(meeting)
    return log.problem
