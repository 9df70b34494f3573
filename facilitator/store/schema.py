"""What the meetings database keeps: its schema, and a meeting as it is read back.

The schema has no field for a person's name, and never will. No Textual here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ..agenda import Agenda
from ..meeting.events import Event, standing_dates

if TYPE_CHECKING:
    from ..records.report import Summary

DB_NAME = "meetings.db"

# One entry per schema version; never edit a released one, add the next.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        agenda TEXT NOT NULL,            -- the agenda file's stem
        agenda_path TEXT NOT NULL,       -- where it was loaded from ('' if unknown)
        meeting TEXT NOT NULL,           -- the agenda's [meeting].name
        agenda_json TEXT NOT NULL,       -- the agenda as it was, so a resume needs no file
        created_at TEXT NOT NULL,        -- wall time of the first event, ISO 8601 with offset
        started_at TEXT,                 -- wall time of the "start" event
        ended_at TEXT,                   -- wall time of the "end" event
        summary_json TEXT                -- cache of report.Summary, rebuilt from events if NULL
    );
    CREATE TABLE events (
        meeting_id INTEGER NOT NULL REFERENCES meetings(id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        at REAL NOT NULL,                -- seconds on the meeting's own monotonic timeline
        wall TEXT NOT NULL,              -- wall time when recorded, ISO 8601 with offset
        value,
        PRIMARY KEY (meeting_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX meetings_by_start ON meetings(started_at);
    CREATE INDEX meetings_unfinished ON meetings(ended_at) WHERE ended_at IS NULL;
    """,
    # The running app recording the meeting (a `locks.Hold` token; NULL: none says so).
    "ALTER TABLE meetings ADD COLUMN holder TEXT;",
    # The token in the room page's address, so a resumed meeting is served where it was
    # (NULL: its page was never served, or `v` stopped it).
    "ALTER TABLE meetings ADD COLUMN room_token TEXT;",
    # The token in the co-host's address, kept as the room page's is.
    "ALTER TABLE meetings ADD COLUMN cohost_token TEXT;",
)
SCHEMA_VERSION = len(MIGRATIONS)
HOLDERS_SINCE = 2
"""The schema version that names the app holding each meeting."""


class StoreError(Exception):
    """The store cannot be used; the message is one line for the facilitator."""


class MeetingTaken(StoreError):
    """The meeting is recorded by another window now: this one must not write to it."""


class MeetingChanged(StoreError):
    """The meeting's record changed since it was read: what was worked out from it is stale."""


@dataclass(frozen=True)
class StoredMeeting:
    """A meeting as the store has it."""

    id: int
    agenda_stem: str
    agenda_path: str
    name: str
    agenda: Agenda
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    events: tuple[Event, ...] = ()
    walls: tuple[datetime, ...] = ()
    summary: Summary | None = None
    holder: str | None = None

    @property
    def last_at(self) -> float:
        """The meeting's own time of its last recorded change (0 with none)."""
        return self.events[-1].at if self.events else 0.0

    @property
    def last_wall(self) -> datetime:
        """When the last change was recorded."""
        return self.walls[-1] if self.walls else self.created_at


def iso(moment: datetime) -> str:
    """A moment as the database keeps it."""
    return moment.isoformat(timespec="milliseconds")


def insert_event(
    db: sqlite3.Connection, meeting_id: int, seq: int, event: Event, wall: datetime
) -> None:
    """Write one event, and what the meeting's row says of it (when it started and ended)."""
    db.execute(
        "INSERT INTO events (meeting_id, seq, kind, at, wall, value) VALUES (?, ?, ?, ?, ?, ?)",
        (meeting_id, seq, event.kind, event.at, iso(wall), event.value),
    )
    if event.kind == "start":
        db.execute("UPDATE meetings SET started_at = ? WHERE id = ?", (iso(wall), meeting_id))
    elif event.kind == "end":
        db.execute("UPDATE meetings SET ended_at = ? WHERE id = ?", (iso(wall), meeting_id))
    elif event.kind == "start_moved" and isinstance(event.value, int | float):
        started = wall - timedelta(seconds=event.value)  # the meeting started that long ago
        db.execute("UPDATE meetings SET started_at = ? WHERE id = ?", (iso(started), meeting_id))
    elif event.kind == "undo" and isinstance(event.value, int | float):
        (kind,) = db.execute(
            "SELECT kind FROM events WHERE meeting_id = ? AND seq = ?",
            (meeting_id, int(event.value)),
        ).fetchone() or (None,)
        if kind in ("start", "start_moved", "end"):
            _dates_again(db, meeting_id)


def _dates_again(db: sqlite3.Connection, meeting_id: int) -> None:
    """When the meeting started and ended, from the changes standing after an undo (an
    end taken back makes the meeting unfinished again, and its summary goes)."""
    rows = db.execute(
        "SELECT kind, wall, value FROM events WHERE meeting_id = ? ORDER BY seq",
        (meeting_id,),
    ).fetchall()
    started, ended = standing_dates(
        [(Event(kind, 0.0, value), datetime.fromisoformat(wall)) for kind, wall, value in rows]
    )
    db.execute(
        "UPDATE meetings SET started_at = ?, ended_at = ? WHERE id = ?",
        (iso(started) if started else None, iso(ended) if ended else None, meeting_id),
    )
    if ended is None:
        db.execute("UPDATE meetings SET summary_json = NULL WHERE id = ?", (meeting_id,))
