"""Recording a meeting as it runs: a new one, a resumed one, or one ended where it stopped.

The `MeetingLog` writes each event to the store before it takes effect; `replay` rebuilds a
meeting from its events. `start`, `resume` and `decline` are the three ways a meeting begins
its life in the app, and the App, the screenshots and the benchmarks all go through them.
No Textual here.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..agenda import Agenda, one_line
from ..meeting.clocks import Clock, ResumedClock, WallClock
from ..meeting.engine import Meeting
from ..meeting.events import Event
from ..words.i18n import _
from ..words.meeting import shown
from .anonymity import stored_stem
from .database import TAKEN, MeetingTaken, Store, StoredMeeting, open_store
from .reserve import failure_words, keep_reserve

STALE_HOURS = 6
"""A meeting last changed longer ago than this is offered to be ended where it stopped."""


def replay(agenda: Agenda, events: Sequence[Event], clock: Clock, wall: WallClock) -> Meeting:
    """Rebuild a meeting from its events, on `clock`."""
    meeting = Meeting(agenda, clock=clock, wall=wall)
    meeting.restore(events)
    meeting.hush()  # a share already warned or over time sounded before; not again
    return meeting


@dataclass
class MeetingLog:
    """Records a meeting's events in the store before they take effect.

    The meeting row is created with the first event, so opening an agenda and leaving
    stores nothing. When the store cannot be written, the events wait here and the next
    change tries again; `problem` says what is wrong, for the screen to show.

    Every event written is kept here too: when the database is deleted or replaced under
    the running app, the whole meeting is written again to a fresh one, and `notice` says
    so once. When another window turns out to record the same meeting (which the holds
    prevent), writing stops for good: the meeting stays in memory and `problem` says why.
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
    written: list[tuple[Event, datetime]] = field(default_factory=list)
    unclaimed: StoredMeeting | None = None
    """A resumed meeting the disk had no room to claim for this window: claimed before its
    next change is written."""
    problem: str | None = None
    """What the screen says while changes wait to be saved."""
    reason: str | None = None
    """Why they wait, in a few words (None: no store to write to)."""
    notice: str | None = None
    taken: bool = False
    room_token: str | None = None
    """The token of the meeting's room page's address, kept with the meeting (None: none)."""
    cohost_token: str | None = None
    """The token of the co-host's address, kept as `room_token` is."""
    _writing: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """Held while events are written: the watchdog may save from its thread when the app
    has frozen."""

    @classmethod
    def resuming(cls, stored: StoredMeeting, store: Store, wall: WallClock) -> MeetingLog:
        """The log of a stored meeting, continuing after its last event."""
        token = cohost = None
        with suppress(sqlite3.Error):  # unread, the page gets a new address: nothing is lost
            token, cohost = store.room_tokens(stored.id)
        return cls(
            stored.agenda,
            stored.agenda_stem,
            stored.agenda_path,
            wall,
            store,
            meeting_id=stored.id,
            seq=len(stored.events),
            written=list(zip(stored.events, stored.walls, strict=True)),
            room_token=token,
            cohost_token=cohost,
        )

    def keep_room_token(self, token: str | None, cohost: str | None = None) -> None:
        """Keep `token` as the meeting's room page's, and `cohost` as its co-host's (None:
        forget them), before they are served.

        A meeting not recorded yet takes it with its first change. One that cannot be
        written keeps it in memory only: a resumed meeting's page then has a new address.
        """
        with self._writing:
            self.room_token = token
            self.cohost_token = cohost
            if self.store is None or self.meeting_id is None or self.taken:
                return
            with suppress(sqlite3.Error, OSError):
                self.store.keep_room_token(self.meeting_id, token, cohost)

    def __call__(self, event: Event) -> None:
        self.pending.append((event, self.wall()))
        self.flush()

    def flush(self, wait: float | None = None) -> bool:
        """Write what is waiting; True when everything is saved.

        Args:
            wait: the longest to wait for a write under way in another thread (None: as
                long as it takes); False when it is still under way then.
        """
        if not self._writing.acquire(timeout=-1 if wait is None else wait):
            return False
        try:
            return self._flush()
        finally:
            self._writing.release()

    def _flush(self) -> bool:
        if self.taken:
            return False
        if self.store is not None and self.meeting_id is not None and self.store.replaced():
            self._start_again(self.store)
        if self.store is None and self.reopen is not None:
            self.store = self.reopen()
        if self.store is None:
            if self.reopen is not None:
                self.problem = _(
                    "Meetings cannot be saved: this meeting is in memory and saving is retried."
                )
            else:
                self.problem = _("Meetings cannot be saved: this meeting is in memory.")
            return False
        try:
            if self.unclaimed is not None and self.pending:
                if not self.store.take(self.unclaimed):
                    raise MeetingTaken(_(TAKEN))
                self.unclaimed = None
            while self.pending:
                event, wall = self.pending[0]
                if self.meeting_id is None:
                    self.meeting_id = self.store.create_meeting(
                        self.agenda,
                        self.agenda_stem,
                        self.agenda_path,
                        event,
                        wall,
                        self.room_token,
                        self.cohost_token,
                    )
                else:
                    self.store.append(self.meeting_id, self.seq, event, wall)
                self.written.append(self.pending.pop(0))
                self.seq += 1
        except MeetingTaken as error:
            self.taken = True
            self.reason = str(error)
            self.problem = _(
                "Not saved: {error}. From here on this window keeps the meeting in memory"
                " only; go on in the other window."
            ).format(error=error)
            return False
        except (sqlite3.Error, OSError) as error:
            self.reason = failure_words(error)
            self.problem = _(
                "Not saved yet ({error}); the meeting goes on and saving is retried."
            ).format(error=self.reason)
            return False
        self.problem = self.reason = None
        return True

    def _start_again(self, gone: Store) -> None:
        """The database was deleted or replaced: the whole meeting goes to the one there now.

        A fresh database gets all of it. A copy that already has the start of this meeting
        (a backup put back, a synced folder) gets only the rest, so it is not there twice.
        """
        with suppress(sqlite3.Error, OSError):
            gone.close()
        self.unclaimed = None  # claimed in the database there now, or recorded anew
        opened = open_store(gone.path.parent, self.wall)
        self.store = opened.store
        if self.store is None and self.reopen is None:
            # Keep trying the same place, as for a store that could not be opened at first.
            self.reopen = lambda: open_store(gone.path.parent, self.wall).store
        kept = self._kept_in(self.store) if self.store is not None else 0
        self.pending[:0] = self.written[kept:]
        del self.written[kept:]
        self.seq = kept
        if not kept:
            self.meeting_id = None
        self.notice = _(
            "The meetings database {path} was deleted or replaced while the meeting ran: the"
            " whole meeting is saved again in the one there now."
        ).format(path=shown(str(gone.path))) + (f" {opened.notice}" if opened.notice else "")

    def _kept_in(self, store: Store) -> int:
        """How many of this meeting's events `store` has already (0: not this meeting)."""
        if self.meeting_id is None:
            return 0
        try:
            there = store.get(self.meeting_id)
        except (KeyError, sqlite3.Error, ValueError):
            return 0
        mine = [event for event, _ in self.written]
        if there.ended_at is not None or list(there.events) != mine[: len(there.events)]:
            return 0
        try:
            if not there.events or not store.take(there):
                return 0
        except (sqlite3.Error, OSError):
            return 0  # not claimed: the whole meeting is written again instead
        return len(there.events)

    def finished(self, meeting: Meeting) -> None:
        """Cache the summary of an ended meeting (a crash here loses nothing: it is derived)."""
        if self.store is None or self.meeting_id is None or self.pending:
            return
        from ..records.report import summarize  # a meeting's figures: only once it has ended

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

    Its screen is about to open: room is kept on the disk for its changes now (`reserve`),
    before anything else can fill the disk, though its record starts only with its first
    change.

    Args:
        reopen: Tries the store again later when `store` is None (saving is retried).
    """
    if store is not None:
        keep_reserve(store.path)
    log = MeetingLog(agenda, stored_stem(path), str(path or ""), wall, store, reopen=reopen)
    return Recorded(Meeting(agenda, clock=clock, wall=wall, recorder=log), log)


def resume(stored: StoredMeeting, store: Store, clock: Clock, wall: WallClock) -> Recorded | None:
    """Go on with a stored meeting: same step, tallies and shares; the time away counts.

    The meeting went on in the room while the app was closed, so that time is added to its
    timeline.

    Returns:
        None when another window, running now, took the meeting first.
    """
    unclaimed = None
    try:
        if not store.take(stored):
            return None
    except (sqlite3.Error, OSError):
        # No room on the disk to record the claim: the meeting goes on, claimed with its
        # next change saved (`MeetingLog.unclaimed`); no other window ran it when offered.
        unclaimed = stored
    keep_reserve(store.path)  # room for the changes to come (see `reserve`)
    away = max(0.0, (wall() - stored.last_wall).total_seconds())
    resumed = ResumedClock(clock, stored.last_at + away)
    meeting = replay(stored.agenda, stored.events, resumed, wall)
    log = MeetingLog.resuming(stored, store, wall)
    log.unclaimed = unclaimed
    meeting.recorder = log
    return Recorded(meeting, log)


def decline(stored: StoredMeeting, store: Store, wall: WallClock) -> str | None:
    """End a stored meeting where its record stops (it stays in history).

    Returns:
        Why the end could not be saved, or None when it was.
    """
    try:
        taken = store.take(stored)
    except (sqlite3.Error, OSError) as error:
        return one_line(
            _(
                "The meeting was not ended ({reason}); it stays as it was, to be resumed or"
                " ended later."
            ).format(reason=failure_words(error))
        )
    if not taken:
        from ..words.past import elsewhere_words  # past meetings' words, loaded when needed

        return elsewhere_words(stored.name)
    meeting = replay(stored.agenda, stored.events, lambda: stored.last_at, wall)
    log = MeetingLog.resuming(stored, store, lambda: stored.last_wall)
    meeting.recorder = log
    meeting.end(started_or_not=True)
    log.finished(meeting)
    return log.problem


@dataclass(frozen=True)
class Offer:
    """What the app offers to resume as it opens, and what runs in other windows."""

    meeting: StoredMeeting | None
    """The unfinished meeting to offer (with its events), if any."""
    elsewhere: tuple[str, ...] = ()
    """Names of unfinished meetings that another window is running now (not offered)."""


def offer(store: Store, agenda: Agenda | None, path: Path | None) -> Offer:
    """The unfinished meeting to offer: the latest of `agenda` (any agenda's, from the
    picker: `agenda` None) that no other window is running now."""
    elsewhere = []
    for found in store.unfinished_meetings():
        if agenda is not None and not of_agenda(found, agenda, path):
            continue
        if store.running_elsewhere(found):
            elsewhere.append(found.name)
            continue
        return Offer(store.get(found.id), tuple(elsewhere))
    return Offer(None, tuple(elsewhere))


def of_agenda(stored: StoredMeeting, agenda: Agenda, path: Path | None) -> bool:
    """Whether `stored` is a meeting of `agenda`: the same file name and meeting name."""
    return stored.agenda_stem == stored_stem(path) and stored.name == agenda.meeting.name


def is_stale(stored: StoredMeeting, now: datetime) -> bool:
    """Whether `stored` was last changed so long ago that it more likely ended unrecorded."""
    return (now - stored.last_wall).total_seconds() > STALE_HOURS * 3600
