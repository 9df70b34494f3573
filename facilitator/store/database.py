"""Where meetings are kept: an SQLite database of events. No Textual here.

Every change a facilitator makes is an `Event` (see `events`), written in its own
transaction before it takes effect, so a crash, a closed terminal or a kill leaves the
meeting resumable. The events are the truth; each meeting's row holds what lists and exports
need (name, start, end, and a cached `Summary`). The schema has no field for a person's
name, and never will.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..agenda import Agenda, AgendaError, agenda_from_json, agenda_to_json, one_line
from ..agenda.names import names_agenda
from ..meeting.clocks import WallClock
from ..meeting.events import Event
from ..system.files import UnsafePath, file_identity, new_private_file, private_dir
from ..system.paths import CANNOT_BE_SAVED, data_dir_refusal, database_link_refusal
from ..words.i18n import N_, _
from ..words.reasons import reason_of
from .anonymity import real_path, rewrite_whole_paths, stored_path
from .damaged import aside_name, file_is_bad
from .locks import LOCKS, Hold, HoldError, running
from .reserve import room_made
from .schema import (
    DB_NAME,
    HOLDERS_SINCE,
    MIGRATIONS,
    SCHEMA_VERSION,
    MeetingChanged,
    MeetingTaken,
    StoredMeeting,
    StoreError,
    insert_event,
    iso,
)

if TYPE_CHECKING:
    from ..records.report import Summary

__all__ = [
    "DB_NAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "MeetingChanged",
    "MeetingTaken",
    "Opened",
    "Store",
    "StoreError",
    "StoredMeeting",
    "open_store",
]


@dataclass
class Opened:
    """The result of opening the store: the store, and a notice for the facilitator if any."""

    store: Store | None
    notice: str | None = None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def open_store(directory: Path, now: WallClock) -> Opened:
    """Open (or create) the database in `directory`.

    A file that is not a usable database is moved aside, never deleted, and a fresh one
    started; the notice says where it went. A directory that cannot be written, that other
    users may write to, or whose database is a symbolic link leaves no store, and the notice
    says so (the meeting then goes on in memory).
    """
    path = directory / DB_NAME
    try:
        private_dir(directory)
        refused = data_dir_refusal(directory, DB_NAME)
        if refused is not None:
            return Opened(None, refused)
        # Made 0600 before SQLite makes it (its -wal and -shm files take the same mode).
        new_private_file(path)
        return Opened(Store.connect(path))
    except StoreError as error:
        return Opened(None, str(error))
    except sqlite3.DatabaseError as error:
        if not file_is_bad(error):
            return Opened(None, _in_memory(directory, str(error)))
        # not a database, or damaged: set it aside below
    except UnsafePath as error:
        return Opened(None, _(CANNOT_BE_SAVED).format(problem=error))
    except OSError as error:
        return Opened(None, _in_memory(directory, reason_of(error)))
    aside = aside_name(path, now)
    try:
        for suffix in ("", "-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if os.path.lexists(companion):
                companion.rename(aside.with_name(aside.name + suffix))
        new_private_file(path)
        store = Store.connect(path)
    except (OSError, sqlite3.DatabaseError, StoreError) as error:
        return Opened(None, _(CANNOT_BE_SAVED).format(problem=error))
    moved = _("The meetings database could not be read; it was moved to {file}.")
    return Opened(store, moved.format(file=aside))


def _in_memory(directory: Path, reason: str) -> str:
    return one_line(
        _("Meetings cannot be saved in {folder}: {reason}. This meeting is kept in memory.").format(
            folder=directory, reason=reason
        )
    )


TAKEN = N_("this meeting is being recorded in another window")
NEWER = N_(
    "{file} was written by a newer version of facilitator (schema {version}); "
    "upgrade facilitator to use it. This meeting is kept in memory."
)


def _summary(text: str, steps: bool) -> Summary:
    from ..records.report import Summary  # past meetings' figures, read only when they are shown

    return Summary.from_json(text, steps=steps)


@lru_cache(maxsize=64)
def _agenda_from_json(text: str) -> Agenda:
    # Most meetings share a handful of agendas; agendas are frozen, so one object can serve.
    try:
        return agenda_from_json(text)
    except AgendaError as error:
        raise ValueError(
            _("a stored agenda is not valid: {problem}").format(problem=error)
        ) from None


class Store:
    """The meetings database."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._lock = threading.Lock()
        self._hold: Hold | None = None
        self._identity = file_identity(path)
        self._columns = self._COLUMNS
        self._paths: dict[str, str] = {}  # agenda paths as stored -> as the disk has them

    def read_older(self, version: int) -> None:
        """Read a database of an older schema as it is (exporting writes nothing to it)."""
        if version < HOLDERS_SINCE:
            self._columns = self._COLUMNS.replace("holder", "NULL")

    @classmethod
    def connect(cls, path: Path) -> Store:
        """Open `path`, apply migrations; raises sqlite3.DatabaseError if it is not usable.

        Raises:
            StoreError: `path`, or its -wal or -shm file, is a symbolic link (SQLite would
                follow it), or the file is from a newer version.
        """
        refused = database_link_refusal(path)
        if refused is not None:
            raise StoreError(refused)
        cls._check(path)
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit survives a power cut (a dying laptop battery), not only a crash.
            connection.execute("PRAGMA synchronous = FULL")
            # A short log, reused from its start again and again: on a full disk the reserve
            # (`reserve`) then lasts thousands of changes, not a hundred.
            connection.execute("PRAGMA wal_autocheckpoint = 50")
            connection.execute("PRAGMA foreign_keys = ON")
            store = cls(connection, path)
            store._migrate()
            rewrite_whole_paths(connection, path.parent)
        except BaseException:
            connection.close()
            raise
        return store

    @staticmethod
    def _check(path: Path) -> None:
        """Look at `path` read-only before writing to it.

        A connection that may write deletes a damaged database's -wal file when it closes
        (after copying what it can into the damaged file), and switching a newer version's
        file to WAL would change it; a read-only look does neither.
        """
        uri = path.absolute().as_uri() + "?mode=ro"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5)
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StoreError(_(NEWER).format(file=path, version=version))
            if version == 0:
                if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise sqlite3.DatabaseError("not a facilitator database")
                return
            if [row[0] for row in connection.execute("PRAGMA quick_check")] != ["ok"]:
                raise sqlite3.DatabaseError("database disk image is malformed")
            connection.execute("SELECT count(*) FROM meetings").fetchone()
            connection.execute("SELECT count(*) FROM events").fetchone()
        finally:
            connection.close()

    def _migrate(self) -> None:
        version = int(self.connection.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise StoreError(_(NEWER).format(file=self.path, version=version))
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                self.connection.executescript(
                    "BEGIN IMMEDIATE;" + MIGRATIONS[number] + f"PRAGMA user_version = {number + 1};"
                )
        # Reading the schema proves the file is a database before anything depends on it.
        self.connection.execute("SELECT count(*) FROM meetings").fetchone()

    def agenda_file(self, stored: str) -> str:
        """An agenda path as the store keeps it, as a path on this computer ('' stays '')."""
        found = self._paths.get(stored)
        if found is None:
            found = self._paths[stored] = real_path(stored, self.path.parent)
        return found

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction, under the store's lock."""
        with self._lock:
            try:
                yield self.connection
                if self.connection.in_transaction:
                    self.connection.execute("COMMIT")
            except BaseException:
                # A failed COMMIT too: a transaction left open would refuse every later one.
                if self.connection.in_transaction:
                    with suppress(sqlite3.Error):
                        self.connection.execute("ROLLBACK")
                raise

    def close(self) -> None:
        """Close the connection (a checkpoint folds the WAL back into the file), and let go
        of the meetings this app held."""
        with self._lock:
            self.connection.close()
        self.release()

    def release(self) -> None:
        """Let go of the meetings this app held (its window is closing)."""
        if self._hold is not None:
            self._hold.release()
            self._hold = None

    @property
    def hold(self) -> Hold | None:
        """This app's claim on the meetings it records (taken when first asked for; None
        when no lock can be taken there, and meetings are then recorded unclaimed)."""
        if self._hold is None:
            with suppress(HoldError):
                self._hold = Hold(self.path.parent / LOCKS)
        return self._hold

    def running_elsewhere(self, meeting: StoredMeeting) -> bool:
        """True when another app, running now, records `meeting`."""
        if meeting.holder is None or meeting.holder == self._own_token():
            return False
        return running(self.path.parent / LOCKS, meeting.holder)

    def replaced(self) -> bool:
        """True when the file this store opened is gone or another file has its name."""
        return file_identity(self.path) != self._identity

    # ------------------------------------------------------------------ writing

    @room_made
    def create_meeting(
        self,
        agenda: Agenda,
        agenda_stem: str,
        agenda_path: str,
        first: Event,
        wall: datetime,
        room_token: str | None = None,
        cohost_token: str | None = None,
    ) -> int:
        """A new meeting row with its first event, in one transaction; returns its id.

        `room_token` and `cohost_token` are the tokens of its room page's address and its
        co-host's, when the page is served already.
        """
        with self.transaction() as db:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(
                "INSERT INTO meetings"
                " (agenda, agenda_path, meeting, agenda_json, created_at, holder, room_token,"
                " cohost_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    agenda_stem,
                    stored_path(agenda_path, self.path.parent) if agenda_path else "",
                    agenda.meeting.name,
                    agenda_to_json(agenda),
                    iso(wall),
                    self._token(),
                    room_token,
                    cohost_token,
                ),
            )
            meeting_id = cursor.lastrowid
            assert meeting_id is not None
            insert_event(db, meeting_id, 0, first, wall)
        return meeting_id

    @room_made
    def append(self, meeting_id: int, seq: int, event: Event, wall: datetime) -> None:
        """Record one event durably (one transaction).

        Raises:
            MeetingTaken: another app holds the meeting now, or the event's place is taken.
        """
        with self.transaction() as db:
            db.execute("BEGIN IMMEDIATE")
            (holder,) = db.execute(
                "SELECT holder FROM meetings WHERE id = ?", (meeting_id,)
            ).fetchone() or (None,)
            if holder is not None and holder != self._token():
                raise MeetingTaken(_(TAKEN))
            try:
                insert_event(db, meeting_id, seq, event, wall)
            except sqlite3.IntegrityError:
                raise MeetingTaken(_("another window recorded this meeting meanwhile")) from None

    @room_made
    def append_corrections(
        self, meeting_id: int, seq: int, events: Sequence[Event], summary: Summary, wall: datetime
    ) -> None:
        """Add `events` to a past meeting of `seq` events and cache `summary`, in one transaction.

        Raises:
            KeyError: there is no such meeting.
            MeetingTaken: another app, running now, holds the meeting.
            MeetingChanged: the meeting no longer has `seq` events (`summary` is stale).
        """
        with self.transaction() as db:
            db.execute("BEGIN IMMEDIATE")
            (holder, count) = db.execute(
                "SELECT holder, (SELECT coalesce(max(seq) + 1, 0) FROM events WHERE meeting_id"
                " = meetings.id) FROM meetings WHERE id = ?",
                (meeting_id,),
            ).fetchone() or (None, None)
            if count is None:
                raise KeyError(meeting_id)
            if holder != self._own_token() and running(self.path.parent / LOCKS, holder):
                raise MeetingTaken(_(TAKEN))
            if count != seq:
                raise MeetingChanged(_("this meeting was changed in another window meanwhile"))
            for offset, event in enumerate(events):
                insert_event(db, meeting_id, seq + offset, event, wall)
            db.execute(self._CACHE_SUMMARY, (summary.to_json(), meeting_id))

    @room_made
    def keep_room_token(
        self, meeting_id: int, token: str | None, cohost: str | None = None
    ) -> None:
        """Keep the tokens of the meeting's room page's address and its co-host's (None:
        it has none now)."""
        with self.transaction() as db:
            db.execute(
                "UPDATE meetings SET room_token = ?, cohost_token = ? WHERE id = ?",
                (token, cohost, meeting_id),
            )

    def room_tokens(self, meeting_id: int) -> tuple[str | None, str | None]:
        """The tokens of the meeting's room page's address and its co-host's, as kept
        (None: none is)."""
        with self._lock:
            row = self.connection.execute(
                "SELECT room_token, cohost_token FROM meetings WHERE id = ?", (meeting_id,)
            ).fetchone() or (None, None)
        token, cohost = row
        return (
            token if isinstance(token, str) else None,
            cohost if isinstance(cohost, str) else None,
        )

    @room_made
    def take(self, meeting: StoredMeeting) -> bool:
        """Claim `meeting` for this app, unless another app running now took it first."""
        if self.running_elsewhere(meeting):
            return False
        with self.transaction() as db:
            db.execute("BEGIN IMMEDIATE")
            # Only if nobody changed the holder since `meeting` was read.
            cursor = db.execute(
                "UPDATE meetings SET holder = ? WHERE id = ? AND holder IS ?",
                (self._token(), meeting.id, meeting.holder),
            )
            return cursor.rowcount == 1

    def _token(self) -> str | None:
        hold = self.hold
        return hold.token if hold is not None else None

    def _own_token(self) -> str | None:
        # Without taking a lock: only looking needs none.
        return self._hold.token if self._hold is not None else None

    _CACHE_SUMMARY = "UPDATE meetings SET summary_json = ? WHERE id = ?"

    def save_summary(self, meeting_id: int, summary: Summary) -> None:
        """Cache a meeting's summary (rebuilt from its events when missing)."""
        with self.transaction() as db:
            db.execute(self._CACHE_SUMMARY, (summary.to_json(), meeting_id))

    # ------------------------------------------------------------------ reading

    _COLUMNS = (  # what every read of a meeting's row takes
        "id, agenda, agenda_path, meeting, agenda_json, created_at, started_at, ended_at,"
        " summary_json, holder"
    )

    def _row_to_meeting(
        self, row: Sequence[object], with_events: bool, steps: bool = True
    ) -> StoredMeeting:
        (mid, stem, path, name, agenda_json, created, started, ended, summary_json, holder) = row
        events: tuple[Event, ...] = ()
        walls: tuple[datetime, ...] = ()
        if with_events:
            rows = self.connection.execute(
                "SELECT kind, at, wall, value FROM events WHERE meeting_id = ? ORDER BY seq",
                (mid,),
            ).fetchall()
            events = tuple(Event(kind, at, value) for kind, at, _wall, value in rows)
            walls = tuple(datetime.fromisoformat(wall) for _kind, _at, wall, _value in rows)
        return StoredMeeting(
            id=int(str(mid)),
            agenda_stem=str(stem),
            agenda_path=self.agenda_file(str(path)),
            name=str(name),
            agenda=_agenda_from_json(str(agenda_json)),
            created_at=datetime.fromisoformat(str(created)),
            started_at=_parse(started if isinstance(started, str) else None),
            ended_at=_parse(ended if isinstance(ended, str) else None),
            events=events,
            walls=walls,
            summary=(_summary(summary_json, steps) if isinstance(summary_json, str) else None),
            holder=holder if isinstance(holder, str) else None,
        )

    def get(self, meeting_id: int) -> StoredMeeting:
        """One meeting with its events."""
        with self._lock:
            row = self.connection.execute(
                f"SELECT {self._columns} FROM meetings WHERE id = ?", (meeting_id,)
            ).fetchone()
            if row is None:
                raise KeyError(meeting_id)
            return self._row_to_meeting(row, with_events=True)

    def unfinished(self) -> StoredMeeting | None:
        """The most recent meeting that has not ended, with its events."""
        found = self.unfinished_meetings()
        return self.get(found[0].id) if found else None

    def unfinished_meetings(self) -> list[StoredMeeting]:
        """The meetings that have not ended, the most recent first, without their events."""
        with self._lock:
            rows = self.connection.execute(
                f"SELECT {self._columns} FROM meetings WHERE ended_at IS NULL"
                # A row whose first event never reached the disk has nothing to resume.
                " AND EXISTS (SELECT 1 FROM events WHERE meeting_id = meetings.id)"
                " ORDER BY id DESC"
            ).fetchall()
            return [self._row_to_meeting(row, with_events=False) for row in rows]

    def meetings(
        self,
        since: date | None = None,
        until: date | None = None,
        agenda: str | None = None,
        *,
        steps: bool = True,
    ) -> list[StoredMeeting]:
        """Meetings oldest first, filtered by local start date (inclusive) and agenda.

        `agenda` names the agenda as `facilitator AGENDA` takes it (`agenda.names`): its
        file's name, with or without .toml, or its meeting's name in any case. Meetings
        whose summary is not cached yet (unfinished ones) come with their events, to be
        summed up.
        `steps=False` leaves the per-step timing out of cached summaries (see
        `Summary.from_json`). `each_meeting` gives the same one at a time.
        """
        return list(self.each_meeting(since, until, agenda, steps=steps))

    _BATCH = 500
    """Meetings read in one query by `each_meeting` (with the known agendas, well under the
    999 parameters an older SQLite takes)."""

    def each_meeting(
        self,
        since: date | None = None,
        until: date | None = None,
        agenda: str | None = None,
        *,
        steps: bool = True,
    ) -> Iterator[StoredMeeting]:
        """The meetings of `meetings`, read a batch at a time as they are taken.

        Memory holds one batch, whatever the number of meetings: an export of years of
        meetings streams. The store's lock is held while a batch is read, never between
        batches, so a meeting recorded meanwhile in this window is not held up; nor is a
        query left open between them. The meetings are the ones there when the first is
        taken, each as it is when its batch is read.

        Raises (while iterating):
            sqlite3.Error: the database cannot be read.
            ValueError: a stored meeting cannot be read back (a damaged row).
        """
        found = self._meeting_ids(since, until, agenda)
        known: list[str] = []  # agendas read already: SQLite sends their place in this list
        for first in range(0, len(found), self._BATCH):
            yield from self._batch(found[first : first + self._BATCH], known, steps)

    _KNOWN_AGENDAS = 8
    """Agendas `each_meeting` recognises in SQLite (most groups have one, a few have two)."""

    def _batch(self, wanted: Sequence[int], known: list[str], steps: bool) -> list[StoredMeeting]:
        """The meetings `wanted`, in that order (those still there), read in one query.

        An agenda's text is kilobytes, the same in most rows: SQLite compares it with the
        `known` ones and sends only the number of the one it is, so Python neither builds
        nor hashes it again. A new one is added to `known`.
        """
        agenda_column = "agenda_json"
        if known:
            cases = " ".join(f"WHEN ? THEN {number}" for number in range(len(known)))
            agenda_column = f"CASE agenda_json {cases} ELSE agenda_json END"
        columns = self._columns.replace("agenda_json", agenda_column)
        if not steps:
            # The steps' timings are most of a summary: SQLite leaves them out, so Python does
            # not decode them to throw them away. A damaged summary comes as it is, and fails
            # in Python, as a damaged row does.
            columns = columns.replace(
                "summary_json",
                "CASE WHEN json_valid(summary_json) THEN json_remove(summary_json, '$.steps')"
                " ELSE summary_json END",
            )
        marks = ",".join("?" * len(wanted))
        with self._lock:
            rows = {
                row[0]: row
                for row in self.connection.execute(
                    f"SELECT {columns} FROM meetings WHERE id IN ({marks})", [*known, *wanted]
                )
            }
            batch = []
            for row in map(rows.get, wanted):
                if row is None:
                    continue
                text = row[4]
                if isinstance(text, int):
                    row = (*row[:4], known[text], *row[5:])
                elif (
                    isinstance(text, str) and len(known) < self._KNOWN_AGENDAS and text not in known
                ):
                    known.append(text)
                batch.append(self._row_to_meeting(row, with_events=row[8] is None, steps=steps))
        return batch

    def _meeting_ids(
        self, since: date | None, until: date | None, agenda: str | None
    ) -> array[int]:
        """The ids of `meetings`, oldest first: eight bytes a meeting, not a meeting's row."""
        wanted: set[tuple[str, str]] | None = None  # (stem, meeting name) of `agenda`
        if agenda is not None:
            wanted = {pair for pair in self.recorded_agendas() if names_agenda(agenda, *pair)}
            if not wanted:
                return array("q")
        found = array("q")
        with self._lock:
            for mid, started, created, stem, name in self.connection.execute(
                "SELECT id, started_at, created_at, agenda, meeting FROM meetings"
                " ORDER BY coalesce(started_at, created_at), id"
            ):
                if wanted is not None and (stem, name) not in wanted:
                    continue
                if since is not None or until is not None:
                    # The date the meeting started where it was held.
                    day = datetime.fromisoformat(str(started or created)).date()
                    if (since is not None and day < since) or (until is not None and day > until):
                        continue
                found.append(mid)
        return found

    def recorded_agendas(self) -> list[tuple[str, str]]:
        """Every (agenda file stem, meeting name) meetings were recorded with, in order."""
        with self._lock:
            rows = self.connection.execute(
                "SELECT DISTINCT agenda, meeting FROM meetings ORDER BY agenda, meeting"
            ).fetchall()
        return [(str(stem), str(name)) for stem, name in rows]

    # ------------------------------------------------------------------ the history, by pages

    _LISTED = (  # a meeting whose first event never reached the disk has nothing to show
        "(EXISTS (SELECT 1 FROM events WHERE meeting_id = meetings.id) OR summary_json IS NOT NULL)"
    )

    def newest_meeting_ids(self, count: int) -> list[int]:
        """The ids of the `count` newest meetings with something to show, newest first.

        Newest by when they started, else were opened, then by id: `meetings` reversed,
        without the rows whose first event never got written. Quick however many meetings
        are kept: started ones come newest first from the index of start times, and the few
        never started are added.
        """
        with self._lock:
            rows = self.connection.execute(
                "SELECT id FROM ("
                " SELECT * FROM (SELECT id, started_at AS start FROM meetings"
                f"  WHERE started_at IS NOT NULL AND {self._LISTED}"
                "  ORDER BY started_at DESC, id DESC LIMIT ?1)"
                " UNION ALL"
                " SELECT id, created_at FROM meetings"
                f"  WHERE started_at IS NULL AND {self._LISTED}"
                ") ORDER BY start DESC, id DESC LIMIT ?1",
                (count,),
            ).fetchall()
        return [int(meeting_id) for (meeting_id,) in rows]

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection of its own, for a pass over every meeting: a long record
        takes a while to go through, and a change recorded meanwhile in this window must not
        wait for it."""
        uri = self.path.absolute().as_uri() + "?mode=ro"
        reader = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5)
        try:
            yield reader
        finally:
            reader.close()

    def listed_meeting_ids(self) -> array[int]:
        """The ids of every meeting with something to show, newest first (as
        `newest_meeting_ids` orders them).

        From the index of start times and the head of each row: no agenda nor summary is
        read, so even a long record is listed in a moment.
        """
        with self._reader() as reader:
            # The head of a row says whether its summary is NULL: the rest of it is not read.
            skipped = {
                meeting_id
                for (meeting_id,) in reader.execute(
                    "SELECT id FROM meetings"
                    " WHERE NOT EXISTS (SELECT 1 FROM events WHERE meeting_id = meetings.id)"
                    " AND summary_json IS NULL"
                )
            }
            ordered = reader.execute(
                "SELECT id FROM ("
                " SELECT id, started_at AS start FROM meetings WHERE started_at IS NOT NULL"
                " UNION ALL"
                " SELECT id, created_at FROM meetings WHERE started_at IS NULL"
                ") ORDER BY start DESC, id DESC"
            )
            return array("q", (found for (found,) in ordered if found not in skipped))

    def history_listing(
        self,
    ) -> tuple[array[int], list[tuple[str, str]], list[str], list[int | None]]:
        """Every meeting with something to show, newest first (as `newest_meeting_ids`
        orders them): their ids, and for each its agenda (file stem and meeting name), its
        agenda's first attendance category's label and that category's count in its cached
        summary (None: no summary is cached, the meeting's events give its count).

        One pass over the table, with nothing else of a meeting read into memory, on a
        connection of its own (see `_reader`).
        """
        ids: array[int] = array("q")
        agendas: list[tuple[str, str]] = []
        labels: list[str] = []
        counts: list[int | None] = []
        shared: dict[str, str] = {}  # one string per label, not one per meeting
        pairs: dict[tuple[str, str], tuple[str, str]] = {}  # one pair per agenda
        first = "json_extract(agenda_json, '$.attendance[0].id')"
        with self._reader() as reader:
            rows = reader.execute(
                "SELECT id, agenda, meeting, json_extract(agenda_json, '$.attendance[0].label'),"
                " CASE WHEN summary_json IS NULL THEN NULL ELSE coalesce("
                f"json_extract(summary_json, '$.tallies.\"' || {first} || '\"'), 0) END"
                f" FROM meetings WHERE {self._LISTED}"
                " ORDER BY coalesce(started_at, created_at) DESC, id DESC"
            )
            for meeting_id, stem, name, label, count in rows:
                ids.append(meeting_id)
                pair = (str(stem), str(name))
                agendas.append(pairs.setdefault(pair, pair))
                label = str(label)
                labels.append(shared.setdefault(label, label))
                counts.append(None if count is None else int(count))
        return ids, agendas, labels, counts

    def meetings_by_id(self, ids: Sequence[int]) -> list[StoredMeeting]:
        """The meetings `ids` (at most `_BATCH` of them), in that order (one no longer stored
        is left out). Those whose summary is not cached yet (unfinished ones) come with their
        events, to be summed up."""
        return self._batch(ids, [], steps=True) if ids else []
