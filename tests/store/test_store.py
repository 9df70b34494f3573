"""The meetings database: private files, a versioned schema, damaged files set aside, and
every change written (in order, before it takes effect) even when the disk misbehaves."""

from __future__ import annotations

import os
import random
import re
import sqlite3
import stat
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, get_args

import pytest

import facilitator.store.database as store_module
from facilitator.agenda import Agenda, load_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import Event, EventKind
from facilitator.records.history import summary_of
from facilitator.records.report import summarize
from facilitator.store.database import (
    DB_NAME,
    MIGRATIONS,
    SCHEMA_VERSION,
    Opened,
    Store,
    open_store,
)
from facilitator.store.recorder import MeetingLog, replay

from ..data import TUESDAY, WALL_START
from ..hints import FrozenWall, RefuseFilesIn
from ..support.clocks import ManualClock, ManualWall

REJECTED = re.compile(re.escape(DB_NAME) + r"\.rejected-\d{8}T\d{6}(-\d+)?")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def opened_ok(directory: Path, clock: ManualClock) -> Store:
    opened = open_store(directory, ManualWall(clock, WALL_START))
    assert opened.notice is None
    assert opened.store is not None
    return opened.store


def record_meeting(store: Store, clock: ManualClock, agenda: Agenda | None = None) -> MeetingLog:
    """A short meeting, started and left running: tallies, a step and a share under way.

    Of the test agenda, unless `agenda` says otherwise.
    """
    agenda = agenda or load_agenda(TUESDAY)
    wall = ManualWall(clock, WALL_START)
    log = MeetingLog(agenda, "tuesday", str(TUESDAY), wall, store)
    meeting = Meeting(agenda, clock=clock, wall=wall, recorder=log)
    meeting.tally(0)
    meeting.start()
    clock.advance(60)
    meeting.tally(0)
    meeting.tally(1)
    meeting.next_step()
    clock.advance(30)
    meeting.toggle_share()
    clock.advance(45)
    return log


def raw(path: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read through a connection of its own: only what is committed is seen."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query, params).fetchall()
    finally:
        connection.close()


def rejected_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if ".rejected-" in p.name)


# ---------------------------------------------------------------------- files and schema


def test_a_new_store_is_private_to_the_user(tmp_path: Path, clock: ManualClock) -> None:
    # The usual umask would leave SQLite's files readable by everyone (0644).
    previous = os.umask(0o022)
    try:
        directory = tmp_path / "nested" / "data"
        store = opened_ok(directory, clock)
        try:
            record_meeting(store, clock)
            assert mode(directory) == 0o700
            for suffix in ("", "-wal", "-shm"):
                companion = directory / (DB_NAME + suffix)
                assert companion.exists(), companion  # WAL: both exist while it is open
                assert mode(companion) == 0o600, companion
        finally:
            store.close()
    finally:
        os.umask(previous)


def test_existing_modes_are_kept(data_dir: Path, clock: ManualClock) -> None:
    # The app never changes the mode of what it did not make; 0755 lets nobody else write.
    opened_ok(data_dir, clock).close()
    data_dir.chmod(0o755)
    (data_dir / DB_NAME).chmod(0o644)
    opened_ok(data_dir, clock).close()
    assert mode(data_dir) == 0o755
    assert mode(data_dir / DB_NAME) == 0o644


def test_schema_is_versioned_and_written_ahead(store: Store) -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert raw(store.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    # WAL is a property of the file: a second connection sees it too.
    assert raw(store.path, "PRAGMA journal_mode") == [("wal",)]
    assert store.connection.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL


def test_reopening_keeps_everything_and_migrates_nothing(
    data_dir: Path, clock: ManualClock
) -> None:
    store = opened_ok(data_dir, clock)
    log = record_meeting(store, clock)
    store.close()
    schema = raw(data_dir / DB_NAME, "SELECT type, name, sql FROM sqlite_master ORDER BY name")

    # Running the first migration again would fail ("table meetings already exists") and set
    # the whole file aside, with a notice.
    again = opened_ok(data_dir, clock)
    try:
        assert rejected_files(data_dir) == []
        stored = again.get(log.meeting_id or -1)
        assert len(stored.events) == log.seq == 6
        assert raw(again.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
        assert raw(again.path, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema
    finally:
        again.close()


def test_a_new_migration_runs_once_and_keeps_the_meetings(
    data_dir: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = opened_ok(data_dir, clock)
    log = record_meeting(store, clock)
    store.close()

    # A future version adds a column; an ALTER run twice fails ("duplicate column").
    later = (*MIGRATIONS, "ALTER TABLE meetings ADD COLUMN room_size INTEGER;")
    monkeypatch.setattr(store_module, "MIGRATIONS", later)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", len(later))
    for _ in range(2):
        store = opened_ok(data_dir, clock)
        try:
            assert raw(store.path, "PRAGMA user_version") == [(len(later),)]
            assert len(store.get(log.meeting_id or -1).events) == 6
        finally:
            store.close()
    assert rejected_files(data_dir) == []


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_database_from_a_newer_version_is_left_alone(
    frozen_wall: FrozenWall, data_dir: Path, clock: ManualClock, journal: str
) -> None:
    data_dir.mkdir(mode=0o700)
    path = data_dir / DB_NAME
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode = {journal}")
    connection.execute("CREATE TABLE gatherings (id INTEGER PRIMARY KEY, at TEXT)")
    connection.execute("INSERT INTO gatherings (at) VALUES ('2031-01-01T19:00:00+00:00')")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    path.chmod(0o600)
    before = path.read_bytes()
    files = sorted(p.name for p in data_dir.iterdir())

    opened = open_store(data_dir, frozen_wall(clock))

    assert opened.store is None
    assert opened.notice is not None
    assert "\n" not in opened.notice
    assert "newer version" in opened.notice
    assert str(path) in opened.notice
    assert "in memory" in opened.notice
    assert path.read_bytes() == before  # not even switched to another journal mode
    # Nothing moved; at most SQLite's own -wal and -shm beside it, as any reader leaves.
    now = sorted(p.name for p in data_dir.iterdir())
    assert set(files) <= set(now) <= {*files, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}


def test_the_schema_has_no_field_for_a_name(store: Store) -> None:
    # Adding a column must be a decision made here: none may hold a person's name.
    tables = {
        name for (name,) in raw(store.path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    assert tables == {"meetings", "events"}
    columns = {
        table: {row[1] for row in raw(store.path, f"PRAGMA table_info({table})")}
        for table in tables
    }
    assert columns == {
        "meetings": {
            "id",
            "agenda",
            "agenda_path",
            "meeting",
            "agenda_json",
            "created_at",
            "started_at",
            "ended_at",
            "summary_json",
            "holder",  # a random token naming the running app, never a person
            "room_token",  # the random secret in the room page's address
            "cohost_token",  # the random secret in the co-host's address
        },
        "events": {"meeting_id", "seq", "kind", "at", "wall", "value"},
    }


# ---------------------------------------------------------------------- damaged files


def _real_database(tmp_path: Path) -> bytes:
    clock = ManualClock()
    directory = tmp_path / "elsewhere"
    store = opened_ok(directory, clock)
    for _ in range(12):
        log = record_meeting(store, clock)
        clock.advance(3600)
        stored = store.get(log.meeting_id or -1)
        meeting = replay(stored.agenda, stored.events, clock, ManualWall(clock, WALL_START))
        meeting.recorder = log
        meeting.end()
        log.finished(meeting)
    store.close()
    return (directory / DB_NAME).read_bytes()


def damaged(kind: str, tmp_path: Path) -> bytes:
    if kind == "random bytes":
        return random.Random(7).randbytes(40_000)
    if kind == "a text file":
        return b"Tuesday: 12 people, 2 newcomers\n" * 200
    data = _real_database(tmp_path)
    if kind == "cut in half":
        return data[: len(data) // 2]
    assert kind == "its last page cut short"
    # Page 1 is fine and every table can be counted, but the last page is mostly zeros.
    return data[:-4000]


DAMAGE = ["random bytes", "a text file", "cut in half", "its last page cut short"]


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_database_is_set_aside_and_a_fresh_one_started(
    frozen_wall: FrozenWall, kind: str, tmp_path: Path, data_dir: Path, clock: ManualClock
) -> None:
    content = damaged(kind, tmp_path)
    journal = random.Random(8).randbytes(5_000)
    data_dir.mkdir(mode=0o700)
    (data_dir / DB_NAME).write_bytes(content)
    (data_dir / f"{DB_NAME}-wal").write_bytes(journal)

    opened = open_store(data_dir, frozen_wall(clock))

    assert opened.store is not None
    try:
        aside = data_dir / f"{DB_NAME}.rejected-20261124T190000"
        companions = [aside.with_name(aside.name + s) for s in ("", "-shm", "-wal")]
        # SQLite may have made an index (-shm) for the journal; it goes aside too.
        assert set(companions) - {companions[1]} <= set(rejected_files(data_dir))
        assert set(rejected_files(data_dir)) <= set(companions)
        assert aside.read_bytes() == content
        assert aside.with_name(aside.name + "-wal").read_bytes() == journal
        assert opened.notice is not None
        assert "\n" not in opened.notice
        assert str(aside) in opened.notice
        # The fresh store works, and is empty.
        assert opened.store.unfinished() is None
        assert opened.store.meetings() == []
        log = record_meeting(opened.store, clock)
        assert len(opened.store.get(log.meeting_id or -1).events) == 6
        assert raw(data_dir / DB_NAME, "PRAGMA integrity_check") == [("ok",)]
    finally:
        opened.store.close()


def test_the_journal_of_a_damaged_database_is_kept(
    frozen_wall: FrozenWall, tmp_path: Path, data_dir: Path, clock: ManualClock
) -> None:
    # The latest changes live only in the -wal file until a checkpoint. Opening the damaged
    # file for writing deletes that file on closing: it must go aside with the database.
    data_dir.mkdir(mode=0o700)
    (data_dir / DB_NAME).write_bytes(_real_database(tmp_path))
    store = opened_ok(data_dir, clock)
    record_meeting(store, clock)
    main = (data_dir / DB_NAME).read_bytes()
    journal = (data_dir / f"{DB_NAME}-wal").read_bytes()
    store.close()
    assert journal, "the last meeting was expected in the write-ahead log"
    damaged_main = main[:4096] + random.Random(9).randbytes(len(main) - 4096)
    (data_dir / DB_NAME).write_bytes(damaged_main)
    (data_dir / f"{DB_NAME}-wal").write_bytes(journal)

    opened = open_store(data_dir, frozen_wall(clock))

    assert opened.store is not None
    opened.store.close()
    aside = data_dir / f"{DB_NAME}.rejected-20261124T190000"
    assert aside.read_bytes() == damaged_main  # nothing copied into it either
    assert aside.with_name(aside.name + "-wal").read_bytes() == journal


def test_setting_aside_twice_in_the_same_second_overwrites_nothing(
    frozen_wall: FrozenWall, data_dir: Path, clock: ManualClock
) -> None:
    data_dir.mkdir(mode=0o700)
    first, second = b"first damaged file" * 50, b"second damaged file" * 50
    (data_dir / DB_NAME).write_bytes(first)
    one = open_store(data_dir, frozen_wall(clock))
    assert one.store is not None
    one.store.close()
    (data_dir / DB_NAME).unlink()
    (data_dir / DB_NAME).write_bytes(second)

    two = open_store(data_dir, frozen_wall(clock))  # the clock has not moved

    assert two.store is not None
    two.store.close()
    kept = {p.read_bytes() for p in rejected_files(data_dir)}
    assert kept == {first, second}
    assert all(REJECTED.fullmatch(p.name) for p in rejected_files(data_dir))
    assert one.notice is not None and two.notice is not None
    assert one.notice != two.notice  # each names where its file went


# ---------------------------------------------------------------------- nowhere to write


def _chmod_stops_writes(directory: Path) -> bool:
    probe = directory / "probe"
    try:
        probe.touch()
    except PermissionError:
        return True
    probe.unlink()
    return False


def assert_in_memory_notice(opened: Opened, directory: Path) -> None:
    assert opened.store is None
    assert opened.notice is not None
    assert "\n" not in opened.notice
    assert str(directory) in opened.notice
    assert "in memory" in opened.notice


def test_a_read_only_directory_leaves_no_store(
    frozen_wall: FrozenWall, data_dir: Path, clock: ManualClock
) -> None:
    data_dir.mkdir(mode=0o700)
    data_dir.chmod(0o500)
    try:
        if not _chmod_stops_writes(data_dir):
            pytest.skip("running as root: a read-only mode does not stop writes here")
        opened = open_store(data_dir, frozen_wall(clock))
        assert_in_memory_notice(opened, data_dir)
        assert list(data_dir.iterdir()) == []
    finally:
        data_dir.chmod(0o700)


def test_a_directory_that_refuses_files_leaves_no_store(
    frozen_wall: FrozenWall,
    refuse_files_in: RefuseFilesIn,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir.mkdir(mode=0o700)
    refuse_files_in(data_dir)
    opened = open_store(data_dir, frozen_wall(clock))
    assert_in_memory_notice(opened, data_dir)
    assert "Permission denied" in (opened.notice or "")


def _sqlite_error(message: str, code: int | None) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    if code is not None:
        error.sqlite_errorcode = code  # as SQLite itself sets it
    return error


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("unable to open database file", sqlite3.SQLITE_CANTOPEN),
        ("unable to open database file", None),
        ("attempt to write a readonly database", sqlite3.SQLITE_READONLY),
        ("database is locked", sqlite3.SQLITE_BUSY),
        ("disk I/O error", sqlite3.SQLITE_IOERR),
    ],
)
def test_a_database_that_cannot_be_opened_is_not_set_aside(
    frozen_wall: FrozenWall,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    message: str,
    code: int | None,
) -> None:
    # The file is fine; where it lives is the problem. Setting it aside would hide the
    # facilitator's history behind a "fresh" database.
    store = opened_ok(data_dir, clock)
    log = record_meeting(store, clock)
    store.close()
    before = (data_dir / DB_NAME).read_bytes()

    def cannot(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        raise _sqlite_error(message, code)

    monkeypatch.setattr(sqlite3, "connect", cannot)
    opened = open_store(data_dir, frozen_wall(clock))
    monkeypatch.undo()

    assert_in_memory_notice(opened, data_dir)
    assert message in (opened.notice or "")
    assert rejected_files(data_dir) == []
    assert (data_dir / DB_NAME).read_bytes() == before
    assert len(opened_ok(data_dir, clock).get(log.meeting_id or -1).events) == 6


# ---------------------------------------------------------------------- recording


def _drive_every_intent(meeting: Meeting, clock: ManualClock) -> None:
    meeting.tally(0)  # counting before the start
    meeting.start()
    clock.advance(90)
    meeting.start_ago(90)  # started when it did: the stored start stays
    meeting.tally(1)
    meeting.undo()
    meeting.next_step()  # goto 1, a sharing step
    meeting.set_waiting(3)
    meeting.apply_suggestion()
    meeting.toggle_share()  # share_start
    clock.advance(40)
    meeting.toggle_share()  # share_pause
    clock.advance(10)
    meeting.toggle_share()  # share_resume
    meeting.adjust_share(30)
    clock.advance(100)
    meeting.end_share()
    meeting.previous_step()
    meeting.next_step()
    clock.advance(60)
    meeting.end()


@pytest.mark.parametrize("offset", [timedelta(hours=-5), timedelta(hours=5, minutes=30)])
def test_every_change_is_recorded_with_its_wall_time_and_offset(
    tuesday_agenda: Agenda, data_dir: Path, clock: ManualClock, offset: timedelta
) -> None:
    store = opened_ok(data_dir, clock)
    start = WALL_START.replace(tzinfo=timezone(offset))
    wall = ManualWall(clock, start)
    log = MeetingLog(tuesday_agenda, "tuesday", str(TUESDAY), wall, store)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)

    def recorder(event: Event) -> None:
        before = len(meeting.events)
        log(event)
        # Committed (another connection sees it) while the meeting has not yet changed.
        assert raw(store.path, "SELECT count(*) FROM events") == [(before + 1,)]
        assert len(meeting.events) == before

    meeting.recorder = recorder
    _drive_every_intent(meeting, clock)
    store.close()

    rows = raw(data_dir / DB_NAME, "SELECT seq, kind, at, wall, value FROM events ORDER BY seq")
    # Every kind a meeting records as it runs: `undo_tally` is only in older logs (`undo`
    # takes back a tally now), and corrections come later, from the history
    # (tests/records/test_corrections.py records them, each at its time).
    kinds = set(get_args(EventKind)) - {"undo_tally", "correction"}
    assert {kind for _, kind, _, _, _ in rows} == kinds
    assert [seq for seq, *_ in rows] == list(range(len(meeting.events)))
    assert [Event(kind, at, value) for _, kind, at, _, value in rows] == meeting.events
    for _, _, at, text, _ in rows:
        moment = datetime.fromisoformat(text)
        assert moment.utcoffset() == offset, text
        assert moment == start + timedelta(seconds=at - 1000.0)
    ((created, started, ended),) = raw(
        data_dir / DB_NAME, "SELECT created_at, started_at, ended_at FROM meetings"
    )
    assert datetime.fromisoformat(created) == start  # the first tally, before the start
    assert datetime.fromisoformat(started) == start
    assert datetime.fromisoformat(ended) == start + timedelta(seconds=300)
    assert all(datetime.fromisoformat(t).utcoffset() == offset for t in (created, ended))


def test_opening_an_agenda_and_leaving_stores_nothing(
    frozen_wall: FrozenWall, tuesday_agenda: Agenda, store: Store, clock: ManualClock
) -> None:
    log = MeetingLog(tuesday_agenda, "tuesday", "", frozen_wall(clock), store)
    Meeting(tuesday_agenda, clock=clock, recorder=log)
    assert log.flush()
    assert raw(store.path, "SELECT count(*) FROM meetings") == [(0,)]


def _every_intent_recorded(
    frozen_wall: FrozenWall, agenda: Agenda, store: Store, clock: ManualClock
) -> tuple[MeetingLog, Meeting]:
    """A meeting of `agenda` recorded in `store` through every intent, not yet finished."""
    wall = frozen_wall(clock)
    log = MeetingLog(agenda, "tuesday", "", wall, store)
    meeting = Meeting(agenda, clock=clock, wall=wall, recorder=log)
    _drive_every_intent(meeting, clock)
    return log, meeting


def test_an_ended_meeting_keeps_its_summary(
    frozen_wall: FrozenWall, tuesday_agenda: Agenda, store: Store, clock: ManualClock
) -> None:
    log, meeting = _every_intent_recorded(frozen_wall, tuesday_agenda, store, clock)
    assert store.get(log.meeting_id or -1).summary is None
    log.finished(meeting)
    stored = store.get(log.meeting_id or -1)
    assert stored.summary == summarize(meeting)
    assert store.unfinished() is None
    assert [m.summary for m in store.meetings()] == [summarize(meeting)]
    # Without the cache, the events give the same numbers.
    assert summary_of(replace(stored, summary=None)) == stored.summary


def test_totals_read_without_the_steps_are_the_same_and_a_damaged_one_still_fails(
    frozen_wall: FrozenWall, tuesday_agenda: Agenda, store: Store, clock: ManualClock
) -> None:
    log, meeting = _every_intent_recorded(frozen_wall, tuesday_agenda, store, clock)
    log.finished(meeting)
    (whole,) = store.meetings()
    (totals,) = store.meetings(steps=False)  # SQLite leaves the steps out
    assert whole.summary is not None and whole.summary.steps
    assert totals.summary == replace(whole.summary, steps=())
    store.connection.execute("UPDATE meetings SET summary_json = '{\"shares\": 3'")
    with pytest.raises(ValueError):
        store.meetings(steps=False)


def test_meetings_read_the_same_with_one_agenda_or_several(
    tuesday_agenda: Agenda, store: Store, clock: ManualClock
) -> None:
    # One agenda in the rows read takes a shortcut (its text is read once); several do not.
    renamed = replace(
        tuesday_agenda, meeting=replace(tuesday_agenda.meeting, name="Saturday Morning")
    )
    for agenda in (tuesday_agenda, renamed, tuesday_agenda):
        record_meeting(store, clock, agenda)
        clock.advance(3600)
    every = store.meetings()  # two agendas
    assert [m.agenda for m in every] == [tuesday_agenda, renamed, tuesday_agenda]
    tuesday = store.meetings(agenda=tuesday_agenda.meeting.name)  # one agenda
    assert tuesday == [every[0], every[2]]
    assert store.meetings(agenda="Saturday Morning") == [every[1]]
    assert store.meetings(agenda="nothing of that name") == []
    # Meetings of one agenda share one agenda read back: thousands of rows, a few agendas.
    assert every[0].agenda is every[2].agenda


def test_a_meeting_row_is_written_with_its_first_event_or_not_at_all(
    frozen_wall: FrozenWall,
    tuesday_agenda: Agenda,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wall = frozen_wall(clock)()
    first = Event("tally", clock(), "attendees")

    def failing(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "insert_event", failing)
    with pytest.raises(sqlite3.OperationalError):
        store.create_meeting(tuesday_agenda, "tuesday", "", first, wall)
    monkeypatch.undo()
    assert store.connection.execute("SELECT count(*) FROM meetings").fetchone() == (0,)
    meeting_id = store.create_meeting(tuesday_agenda, "tuesday", "", first, wall)
    stored = store.get(meeting_id)
    assert stored.events == (first,)
    assert store.unfinished() == stored


# ---------------------------------------------------------------------- when writes fail


def _fail_appends(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: Any, **kwargs: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Store, "append", failing)


def test_changes_wait_while_the_disk_fails_and_are_written_in_order(
    frozen_wall: FrozenWall,
    tuesday_agenda: Agenda,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wall = frozen_wall(clock)
    log = MeetingLog(tuesday_agenda, "tuesday", "", wall, store)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    meeting.start()
    meeting.tally(0)
    assert log.problem is None

    _fail_appends(monkeypatch)
    for category in (1, 1, 2):
        clock.advance(5)
        meeting.tally(category)
    meeting.undo()
    # The meeting goes on; the screen has a problem to show.
    assert meeting.tallies == {"attendees": 1, "newcomers": 2, "online": 0}
    assert [event for event, _ in log.pending] == meeting.events[2:]
    assert log.problem is not None and "disk I/O error" in log.problem
    assert "\n" not in log.problem
    assert not log.flush()
    assert len(store.get(log.meeting_id or -1).events) == 2

    monkeypatch.undo()
    clock.advance(60)
    meeting.tally(0)  # the next change writes everything that waited

    assert log.pending == []
    assert log.problem is None
    stored = store.get(log.meeting_id or -1)
    assert list(stored.events) == meeting.events
    # Each keeps the wall time it happened at, not the time it reached the disk.
    assert [w - WALL_START for w in stored.walls] == [
        timedelta(seconds=s) for s in (0, 0, 5, 10, 15, 15, 75)
    ]
    seqs = raw(store.path, "SELECT seq FROM events ORDER BY seq")
    assert [s for (s,) in seqs] == list(range(7))


def test_flush_writes_what_waited_without_a_new_change(
    frozen_wall: FrozenWall,
    tuesday_agenda: Agenda,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wall = frozen_wall(clock)
    log = MeetingLog(tuesday_agenda, "tuesday", "", wall, store)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    _fail_appends(monkeypatch)
    meeting.tally(2)  # the meeting's row comes with its first event
    meeting.start()  # this one waits
    assert log.meeting_id is not None
    waiting = store.unfinished()
    assert waiting is not None and [e.kind for e in waiting.events] == ["tally"]
    assert [event.kind for event, _ in log.pending] == ["start"]
    monkeypatch.undo()
    assert log.flush()
    assert list(store.get(log.meeting_id).events) == meeting.events


def test_a_store_that_comes_back_gets_everything(
    frozen_wall: FrozenWall, tuesday_agenda: Agenda, data_dir: Path, clock: ManualClock
) -> None:
    wall = frozen_wall(clock)
    attempts: list[Store | None] = []

    def reopen() -> Store | None:
        store = open_store(data_dir, wall).store if len(attempts) >= 2 else None
        attempts.append(store)
        return store

    log = MeetingLog(tuesday_agenda, "tuesday", "", wall, None, reopen=reopen)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    meeting.tally(0)
    meeting.start()
    assert log.problem is not None and "in memory" in log.problem
    assert len(log.pending) == 2
    meeting.tally(1)  # the third try finds the disk again
    assert log.problem is None and log.pending == []
    store = attempts[-1]
    assert store is not None
    assert list(store.get(log.meeting_id or -1).events) == meeting.events
    store.close()


def test_a_closed_connection_is_a_problem_not_a_crash(
    frozen_wall: FrozenWall, tuesday_agenda: Agenda, store: Store, clock: ManualClock
) -> None:
    wall = frozen_wall(clock)
    log = MeetingLog(tuesday_agenda, "tuesday", "", wall, store)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    meeting.start()
    store.close()
    meeting.tally(0)
    assert meeting.tallies["attendees"] == 1
    assert log.problem is not None
    assert [event.kind for event, _ in log.pending] == ["tally"]


class _CommitFails:
    """A connection whose next COMMIT fails, as on a full or failing disk."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self.fail = True

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "COMMIT" and self.fail:
            self.fail = False
            raise sqlite3.OperationalError("database or disk is full")
        return self._connection.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def test_a_failed_commit_does_not_jam_the_store(
    frozen_wall: FrozenWall, tuesday_agenda: Agenda, store: Store, clock: ManualClock
) -> None:
    wall = frozen_wall(clock)
    log = MeetingLog(tuesday_agenda, "tuesday", "", wall, store)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    meeting.start()
    real = store.connection
    failing = _CommitFails(real)
    store.connection = failing  # type: ignore[assignment]
    meeting.tally(0)
    assert not failing.fail
    assert log.problem is not None and len(log.pending) == 1
    clock.advance(5)
    meeting.tally(1)  # saving is retried, and works
    assert log.problem is None, log.problem
    store.connection = real
    assert list(store.get(log.meeting_id or -1).events) == meeting.events
