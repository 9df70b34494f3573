"""The disk part of the fault harness: a full disk and a data directory that cannot be written.

Whatever the disk does, the facilitator sees a clear message, the meeting goes on in memory,
saving is retried until it works, and nothing already saved is damaged. The faults are real:
SQLite's own "database or disk is full" and "readonly database", files the kernel refuses to
change (even for root), and a file size limit put on the running app from outside.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Label

import facilitator.__main__ as cli
import facilitator.store.database as store_module
from facilitator.agenda import Agenda, load_agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import Event
from facilitator.meeting.states import Status
from facilitator.records.history import summary_of
from facilitator.records.report import summarize
from facilitator.screens.dialogs import ConfirmScreen, ResourcesScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.store import recorder
from facilitator.store.database import DB_NAME, Store, StoredMeeting, open_store
from facilitator.store.recorder import MeetingLog
from facilitator.store.reserve import RESERVE_SUFFIX, SMALLEST_RESERVE, keep_reserve
from facilitator.widgets.tallies import TallyBar
from facilitator.words.goodbye import Outcome

from ..data import TUESDAY, WALL_START
from ..hints import (
    CountsAfter,
    ExpectedEvents,
    FrozenWall,
    LeaveUnfinished,
    MakeApp,
    Notices,
    Press,
    Settle,
    Size,
    StartTerminal,
    StoredEvents,
    Terminal,
)
from ..support.clocks import ManualClock, ManualWall
from ..support.disks import SmallDisk

pytestmark = pytest.mark.faults

NO_PAGE_LIMIT = 1073741823  # SQLite's default max_page_count


# ---------------------------------------------------------------------- the disk


def raw(path: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read through a connection of its own: only what is committed is seen."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query, params).fetchall()
    finally:
        connection.close()


def save_past_meetings(data_dir: Path, clock: ManualClock, count: int = 2) -> list[int]:
    """`count` ended meetings with their summaries, as earlier runs of the app leave them."""
    agenda = load_agenda(TUESDAY)
    wall = ManualWall(clock, WALL_START)
    store = open_store(data_dir, wall).store
    assert store is not None
    ids = []
    for _ in range(count):
        log = MeetingLog(agenda, "tuesday", str(TUESDAY), wall, store)
        meeting = Meeting(agenda, clock=clock, wall=wall, recorder=log)
        meeting.tally(0)
        meeting.start()
        clock.advance(300)
        meeting.tally(1)
        meeting.next_step()
        meeting.toggle_share()
        clock.advance(200)
        meeting.end()
        log.finished(meeting)
        assert log.meeting_id is not None
        ids.append(log.meeting_id)
        clock.advance(3600)
    store.close()
    return ids


def past_meetings(data_dir: Path, ids: list[int]) -> list[tuple[Any, ...]]:
    """These meetings' rows and events, exactly as stored."""
    path = data_dir / DB_NAME
    marks = ",".join("?" * len(ids))
    rows = raw(path, f"SELECT * FROM meetings WHERE id IN ({marks}) ORDER BY id", *ids)
    events = raw(path, f"SELECT * FROM events WHERE meeting_id IN ({marks}) ORDER BY 1, 2", *ids)
    assert len(rows) == len(ids) and events
    return rows + events


def integrity(data_dir: Path) -> list[tuple[Any, ...]]:
    return raw(data_dir / DB_NAME, "PRAGMA integrity_check")


@dataclass
class Earlier:
    """Meetings saved before the fault, and their rows and events as they were then."""

    data_dir: Path
    ids: list[int]
    stored: list[tuple[Any, ...]]

    def assert_undamaged(self) -> None:
        """The database is sound and these meetings are exactly as they were."""
        assert integrity(self.data_dir) == [("ok",)]
        assert past_meetings(self.data_dir, self.ids) == self.stored


@pytest.fixture
def earlier(data_dir: Path, clock: ManualClock) -> Earlier:
    ids = save_past_meetings(data_dir, clock)
    return Earlier(data_dir, ids, past_meetings(data_dir, ids))


def stored_meeting(data_dir: Path, meeting_id: int) -> tuple[list[Event], list[datetime]]:
    """A meeting's events as the disk has them, in order, and when each happened."""
    rows = raw(
        data_dir / DB_NAME,
        "SELECT seq, kind, at, wall, value FROM events WHERE meeting_id = ? ORDER BY seq",
        meeting_id,
    )
    assert [seq for seq, *_ in rows] == list(range(len(rows)))
    events = [Event(kind, at, value) for _, kind, at, _, value in rows]
    return events, [datetime.fromisoformat(wall) for *_, wall, _ in rows]


def files_of(directory: Path) -> dict[str, bytes]:
    """The database and its log, byte for byte (the -shm index is SQLite's scratch space, and
    the reserve is room kept for a full disk, given up on the first write that finds one)."""
    paths = sorted(directory.iterdir())
    kept = (p for p in paths if p.is_file() and not p.name.endswith(("-shm", RESERVE_SUFFIX)))
    return {p.name: p.read_bytes() for p in kept}


class Attempts:
    """Counts the write transactions begun on a connection, failed or not."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.count = 0
        connection.set_trace_callback(self._statement)

    def _statement(self, sql: str) -> None:
        if sql == "BEGIN IMMEDIATE":
            self.count += 1


class Refusal:
    """Makes files and folders ones the kernel refuses to change, and takes that back.

    A read-only mode stops neither root nor a file already open for writing; the immutable
    attribute (chattr +i) stops both. Without root, a read-only mode does for files not yet
    opened.
    """

    def __init__(self) -> None:
        self._immutable: list[Path] = []
        self._modes: list[tuple[Path, int]] = []

    def refuse(self, *paths: Path, already_open: bool = False) -> None:
        if os.geteuid() != 0 and not already_open:
            for path in paths:
                self._modes.append((path, path.stat().st_mode))
                path.chmod(0o500 if path.is_dir() else 0o400)
            return
        chattr = shutil.which("chattr")
        if chattr is None:
            pytest.skip("chattr is not installed: nothing refuses writes to root here")
        for path in paths:
            done = subprocess.run([chattr, "+i", str(path)], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"chattr +i is not allowed here: {done.stderr.strip()}")
            self._immutable.append(path)

    def allow(self) -> None:
        while self._immutable:
            subprocess.run(["chattr", "-i", str(self._immutable.pop())], check=True)
        while self._modes:
            path, mode = self._modes.pop()
            path.chmod(mode)


@pytest.fixture
def refusal() -> Iterator[Refusal]:
    refusal = Refusal()
    yield refusal
    refusal.allow()  # an immutable folder could not even be removed after the test


# ---------------------------------------------------------------------- the screen


def meeting_screen(app: App[Any]) -> MeetingScreen:
    """The meeting screen, under whatever dialog is open."""
    for screen in reversed(app.screen_stack):
        if isinstance(screen, MeetingScreen):
            return screen
    raise AssertionError("no meeting screen")


async def screen_text(pilot: Pilot[Any]) -> str:
    """What the terminal shows, once laid out: the top screen over those beneath it."""
    await pilot.pause(0)  # lays out and paints what changed, without guessing at idleness
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def shown_problem(pilot: Pilot[Any]) -> str | None:
    """The saving problem the meeting screen shows, None when it shows none."""
    label = meeting_screen(pilot.app).query_one("#save-problem", Label)
    shown = await screen_text(pilot)
    if not label.display:
        assert "Not saved yet" not in shown and "this meeting is in memory" not in shown
        return None
    text = str(label.content)
    assert text in shown  # on one line, in full, not hidden by a dialog
    return text


def shown_tallies(app: FacilitatorApp) -> str:
    return str(meeting_screen(app).query_one(TallyBar).render())


def meeting_of(app: FacilitatorApp) -> Meeting:
    assert app.meeting is not None
    return app.meeting


def log_of(app: FacilitatorApp) -> MeetingLog:
    assert app.meeting_log is not None
    return app.meeting_log


KEY_CHARACTERS = {"space": " ", "ctrl+q": "\x11"}


@pytest.fixture
def press(settle: Settle) -> Press:
    """A function: press keys as the driver delivers them (replaces the shared `press`)."""

    async def press(pilot: Pilot[Any], *keys: str) -> None:
        """Press keys as the terminal's driver delivers them, each handled before the next.

        `Pilot.press` also waits for the process to look idle, a quarter of a second a key on a
        slow machine; empty message queues are all these tests need.
        """
        app = pilot.app
        for key in keys:
            event = events.Key(key, KEY_CHARACTERS.get(key, key if len(key) == 1 else None))
            event.set_sender(app)
            app.post_message(event)
            await settle(pilot)

    return press


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], what: str, timeout: float = 10.0
) -> None:
    """Let the app run, timers and all, until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


# ---------------------------------------------------------------------- faults mid-meeting


@dataclass(frozen=True)
class Fault:
    """A way for the disk to stop taking the meeting's changes, and to take them again."""

    name: str
    words: str  # how SQLite says it, in the message on screen
    begin: Callable[[FacilitatorApp, Refusal], None]
    end: Callable[[FacilitatorApp, Refusal], None]
    watch_a_failed_retry: bool = False  # two seconds more; one fault is enough


def store_of(app: FacilitatorApp) -> Store:
    assert app.store is not None
    return app.store


def no_more_pages(store: Store) -> None:
    """The database may not grow by a page: SQLite's SQLITE_FULL for what needs one."""
    (pages,) = store.connection.execute("PRAGMA page_count").fetchone()
    assert store.connection.execute(f"PRAGMA max_page_count = {pages}").fetchone() == (pages,)


def fill_the_disk(app: FacilitatorApp, refusal: Refusal) -> None:
    """No room for one more page, and the meeting's own counts use up the room left.

    `max_page_count` stops the database growing. The write-ahead log still takes changes
    that fit in pages the database has, so counting goes on until one does not fit: SQLite
    then answers SQLITE_FULL, "database or disk is full", as on a full disk.
    """
    no_more_pages(store_of(app))
    meeting, log = meeting_of(app), log_of(app)
    for _ in range(1000):
        meeting.tally(0)
        if log.pending:
            return
    raise AssertionError("the disk never filled")


def free_the_disk(app: FacilitatorApp, refusal: Refusal) -> None:
    connection = store_of(app).connection
    limit = connection.execute(f"PRAGMA max_page_count = {NO_PAGE_LIMIT}").fetchone()
    assert limit == (NO_PAGE_LIMIT,)


def query_only(on: bool) -> Callable[[FacilitatorApp, Refusal], None]:
    """SQLite's own read-only switch: writes fail with SQLITE_READONLY."""

    def switch(app: FacilitatorApp, refusal: Refusal) -> None:
        store_of(app).connection.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")

    return switch


def refuse_the_files(app: FacilitatorApp, refusal: Refusal) -> None:
    """The database and its log become files the kernel will not change (EPERM)."""
    path = store_of(app).path
    refusal.refuse(path, path.with_name(path.name + "-wal"), already_open=True)


def allow_the_files(app: FacilitatorApp, refusal: Refusal) -> None:
    refusal.allow()


DISK_FULL = Fault(
    "disk full", "No space left on device", fill_the_disk, free_the_disk, watch_a_failed_retry=True
)
FAULTS = [
    DISK_FULL,
    Fault(
        "read-only database",
        "attempt to write a readonly database",
        query_only(True),
        query_only(False),
    ),
    Fault("files refused", "disk I/O error", refuse_the_files, allow_the_files),
]


def not_saved(words: str) -> str:
    return f"Not saved yet ({words}); the meeting goes on and saving is retried."


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.name for fault in FAULTS])
async def test_a_fault_mid_meeting_is_shown_the_meeting_goes_on_and_saving_is_retried(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    fault: Fault,
    data_dir: Path,
    clock: ManualClock,
    refusal: Refusal,
    earlier: Earlier,
) -> None:
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    app = make_app(clock, store=store)
    origin = clock.now
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "2")
        meeting, log = meeting_of(app), log_of(app)
        assert log.meeting_id is not None
        assert stored_meeting(data_dir, log.meeting_id)[0] == meeting.events
        assert await shown_problem(pilot) is None

        fault.begin(app, refusal)
        attempts = Attempts(store.connection)
        saved = stored_meeting(data_dir, log.meeting_id)[0]
        files = files_of(data_dir)
        before = dict(meeting.tallies)

        # The meeting goes on: counts, the next step, a share, time passing.
        await press(pilot, "2", "n", "space")
        assert await shown_problem(pilot) == not_saved(fault.words)
        clock.advance(40)
        await press(pilot, "3", "u", "3")
        assert meeting.tallies == dict(before, newcomers=2, online=1)
        shown = await screen_text(pilot)
        assert f"Attendees {before['attendees']}    2  Newcomers 2    3  Online 1" in shown
        assert "2:20 left" in shown  # the share's time runs
        assert meeting.status is Status.RUNNING and meeting.current == 1
        waiting = [event for event, _ in log.pending]
        assert waiting == meeting.events[len(saved) :]
        assert [event.kind for event in waiting[-6:]] == [
            "tally", "goto", "share_start", "tally", "undo", "tally"
        ]  # fmt: skip
        assert files_of(data_dir) == files  # not a byte reached the disk

        if fault.watch_a_failed_retry:
            tried = attempts.count
            await wait_until(pilot, lambda: attempts.count > tried, "a retry")
            assert [event for event, _ in log.pending] == waiting
            assert await shown_problem(pilot) == not_saved(fault.words)
            assert files_of(data_dir) == files

        # Saving works again: the next retry, with no key pressed, writes everything.
        tried = attempts.count
        fault.end(app, refusal)
        await wait_until(pilot, lambda: not log.pending, "a retry that saves everything")
        assert attempts.count > tried
        assert await shown_problem(pilot) is None
        events, walls = stored_meeting(data_dir, log.meeting_id)
        assert events == meeting.events
        # Each change keeps the time it happened, not the time it reached the disk.
        assert walls == [WALL_START + timedelta(seconds=e.at - origin) for e in events]
    store.close()
    earlier.assert_undamaged()


# ---------------------------------------------------------------------- at the end, on leaving


async def test_a_meeting_that_ends_on_a_full_disk_is_saved_when_room_comes_back(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    refusal: Refusal,
    earlier: Earlier,
) -> None:
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    app = make_app(clock, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1")
        meeting, log = meeting_of(app), log_of(app)
        assert log.meeting_id is not None
        DISK_FULL.begin(app, refusal)
        clock.advance(600)
        await press(pilot, "e", "y")
        assert meeting.status is Status.ENDED
        assert isinstance(app.screen, ResourcesScreen)
        # The closing dialog opens over the meeting, and the problem stays in sight.
        shown = await screen_text(pilot)
        assert "The meeting has ended. Thank you for facilitating." in shown
        assert not_saved(DISK_FULL.words) in shown
        ((ended_at, summary),) = raw(
            store.path, "SELECT ended_at, summary_json FROM meetings WHERE id = ?", log.meeting_id
        )
        assert ended_at is None and summary is None  # not ended on disk yet

        # Leaving now would lose the end of the meeting: the app asks, and says so.
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "It could not be saved, so leaving now loses it." in await screen_text(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, MeetingScreen)

        # With room again, leaving saves what waited, and asks nothing.
        DISK_FULL.end(app, refusal)
        await press(pilot, "q")
    assert app.return_value == Outcome(meeting.agenda, Status.ENDED, saved=True)
    assert not log.pending
    stored = store.get(log.meeting_id)
    assert list(stored.events) == meeting.events
    assert stored.ended_at is not None
    assert summary_of(stored) == summarize(meeting)  # history reads the right numbers
    assert store.unfinished() is None
    store.close()
    earlier.assert_undamaged()


async def test_a_summary_with_no_room_left_is_rebuilt_when_read(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    refusal: Refusal,
    earlier: Earlier,
) -> None:
    # The end of the meeting fits in the pages there are; its cached summary does not.
    # Nothing is lost (the summary is derived from the events), so nothing needs saying.
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    app = make_app(clock, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "2")
        meeting, log = meeting_of(app), log_of(app)
        assert log.meeting_id is not None
        no_more_pages(store)
        clock.advance(600)
        await press(pilot, "e", "y")
        assert isinstance(app.screen, ResourcesScreen)
        assert not log.pending
        assert await shown_problem(pilot) is None
        ((ended_at, summary),) = raw(
            store.path, "SELECT ended_at, summary_json FROM meetings WHERE id = ?", log.meeting_id
        )
        assert ended_at is not None
        assert summary is None, "the summary found room: the fault did not happen"
        await press(pilot, "q")
    assert app.return_value == Outcome(meeting.agenda, Status.ENDED, saved=True)
    free_the_disk(app, refusal)
    listed = {stored.id: stored for stored in store.meetings()}  # as history reads them
    assert sorted(listed) == [*earlier.ids, log.meeting_id]
    assert summary_of(listed[log.meeting_id]) == summarize(meeting)
    assert list(store.get(log.meeting_id).events) == meeting.events
    store.close()
    earlier.assert_undamaged()


async def test_quitting_while_changes_wait_asks_and_damages_nothing(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    refusal: Refusal,
    earlier: Earlier,
) -> None:
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    app = make_app(clock, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1")
        meeting, log = meeting_of(app), log_of(app)
        assert log.meeting_id is not None
        DISK_FULL.begin(app, refusal)
        saved = stored_meeting(data_dir, log.meeting_id)[0]
        await press(pilot, "2", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        shown = await screen_text(pilot)
        assert "Leave the meeting?" in shown
        assert "It could not be saved, so leaving now loses it." in shown
        await press(pilot, "y")
    # What could not be saved is printed as the app ends, to be written down.
    unsaved = (
        "These changes could not be saved (No space left on device); write them down:\n"
        "  19:00  Attendees +1\n"
        "  19:00  Newcomers +1\n"
        f"The meeting's counts now: Attendees {meeting.tallies['attendees']} · Newcomers 1"
        " · Online 0 · 0 shares"
    )
    assert app.return_value == Outcome(meeting.agenda, Status.RUNNING, saved=False, unsaved=unsaved)
    store.close()
    # What was saved before the disk filled is there, whole.
    assert stored_meeting(data_dir, log.meeting_id)[0] == saved
    earlier.assert_undamaged()


# ---------------------------------------------------------------------- at start-up


async def test_a_data_directory_that_cannot_be_written_keeps_the_meeting_in_memory(
    frozen_wall: FrozenWall,
    tuesday_agenda: Agenda,
    press: Press,
    terminal_size: Size,
    notices: Notices,
    data_dir: Path,
    clock: ManualClock,
    refusal: Refusal,
    earlier: Earlier,
) -> None:
    files = files_of(data_dir)
    names = sorted(os.listdir(data_dir))
    refusal.refuse(data_dir, data_dir / DB_NAME)
    wall = frozen_wall(clock)
    opened = open_store(data_dir, wall)
    assert opened.store is None
    assert opened.notice is not None
    assert opened.notice.startswith(f"Meetings cannot be saved in {data_dir}: ")
    assert opened.notice.endswith(". This meeting is kept in memory.")

    app = build_app(tuesday_agenda, TUESDAY, clock=clock, wall=wall, opened=opened)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "1", "s", "2")
        assert opened.notice in notices(app)
        meeting, log = meeting_of(app), log_of(app)
        assert meeting.status is Status.RUNNING
        assert "Attendees 1" in shown_tallies(app) and "Newcomers 1" in shown_tallies(app)
        problem = "Meetings cannot be saved: this meeting is in memory and saving is retried."
        assert await shown_problem(pilot) == problem
        clock.advance(30)
        await press(pilot, "n", "space", "3")
        assert [event for event, _ in log.pending] == meeting.events
        # Nothing written, not even a -wal or -shm beside the database.
        assert sorted(os.listdir(data_dir)) == names and files_of(data_dir) == files

        # The folder can be written again: the next retry saves the whole meeting.
        refusal.allow()
        await wait_until(pilot, lambda: not log.pending, "a retry that saves everything")
        assert await shown_problem(pilot) is None
        assert log.meeting_id is not None
        assert stored_meeting(data_dir, log.meeting_id)[0] == meeting.events
    assert app.store is not None
    app.store.close()
    earlier.assert_undamaged()


# ---------------------------------------------------------------------- the real app


CURSOR = re.compile(rb"\x1b\[(\d+);(\d+)H")
TOKEN = re.compile(
    rb"(?P<move>\x1b\[\d+;\d+H)|(?P<clear>\x1b\[2J)|(?P<newline>\r?\n)|(?P<return>\r)"
    rb"|(?P<escape>\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07)"
    rb"|(?P<text>[^\x1b\r\n]+)"
)


def screen_rows(output: bytes, columns: int = 100, lines: int = 32) -> list[str]:
    """The terminal's rows after `output`: just enough of a terminal for Textual's updates."""
    rows = [[" "] * columns for _ in range(lines)]
    y = x = 0
    for token in TOKEN.finditer(output):
        kind = token.lastgroup
        if kind == "move":
            row, column = CURSOR.fullmatch(token.group()).groups()  # type: ignore[union-attr]
            y, x = int(row) - 1, int(column) - 1
        elif kind == "clear":
            rows = [[" "] * columns for _ in range(lines)]
        elif kind == "newline":
            y, x = y + 1, 0
        elif kind == "return":
            x = 0
        elif kind == "text":
            text = token.group().decode("utf-8", "replace")
            for offset, char in enumerate(text):
                if 0 <= y < lines and 0 <= x + offset < columns:
                    rows[y][x + offset] = char
            x += len(text)
    return ["".join(row) for row in rows]


def wait_for_screen(
    terminal: Terminal, condition: Callable[[str], bool], what: str, timeout: float = 15.0
) -> str:
    """Read the app's output until the screen, as drawn so far, satisfies `condition`."""
    deadline = time.monotonic() + timeout
    while True:
        shown = "\n".join(screen_rows(terminal.seen))
        if condition(shown):
            return shown
        assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{shown}"
        terminal.drain(0.05)


def tally_row(counts: dict[str, int]) -> str:
    a, n, o = (counts[key] for key in ("attendees", "newcomers", "online"))
    return f" 1  Attendees {a}    2  Newcomers {n}    3  Online {o}"


def limit_file_size(pid: int, limit: int) -> Callable[[], None]:
    """Files the app writes cannot grow past `limit` bytes (EFBIG); returns the way back."""
    soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
    # Only the soft limit: raising it again needs no privilege.
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (limit, hard))

    def lift() -> None:
        with suppress(ProcessLookupError):  # it has ended: nothing to lift
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard))

    return lift


def fill_up(terminal: Terminal, wal: Path) -> Callable[[], None]:
    """The app's files stop growing half a page past the log's end, as a disk fills mid-write.

    The next change writes half a log frame, then fails; each retry tears that frame again.
    """
    return limit_file_size(terminal.process.pid, wal.stat().st_size + 2048)


def wait_for_a_retry(terminal: Terminal, wal: Path, timeout: float = 10.0) -> None:
    """Wait, reading the app's output, until it writes to its log again on its own."""
    written = wal.stat().st_mtime_ns
    deadline = time.monotonic() + timeout
    while wal.stat().st_mtime_ns == written:
        assert time.monotonic() < deadline, "no retry"
        terminal.drain(0.05)


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="prlimit is Linux's")
def test_a_real_app_on_a_disk_that_fills_keeps_every_change(
    data_dir: Path,
    start_terminal: StartTerminal,
    counts_after: CountsAfter,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
) -> None:
    terminal = start_terminal(data_dir)
    wait_for_screen(terminal, lambda s: "Tuesday Night" in s, "the meeting screen")
    terminal.press("s")
    wait_for_screen(terminal, lambda s: "elapsed" in s, "the meeting to start")
    keys = "12"
    terminal.press(keys)
    wait_for_screen(terminal, lambda s: tally_row(counts_after(keys)[-1]) in s, "the counts")
    assert stored_events(data_dir)[0] == expected_events(keys)

    wal = data_dir / f"{DB_NAME}-wal"
    lift = fill_up(terminal, wal)
    try:
        more = "313"
        terminal.press(more)
        keys += more
        shown = wait_for_screen(
            terminal, lambda s: tally_row(counts_after(keys)[-1]) in s, "counts in memory"
        )
        assert not_saved("disk I/O error") in shown  # EFBIG, as SQLite words it
        # A retry comes, fails, and the app lives on (Python ignores SIGXFSZ).
        wait_for_a_retry(terminal, wal)
        assert terminal.process.poll() is None
        assert stored_events(data_dir)[:2] == (expected_events("12"), "ok")
    finally:
        lift()

    # With room again, the next retry saves everything, in order, and the message goes.
    wait_for_screen(terminal, lambda s: "Not saved" not in s, "the message to go")
    assert stored_events(data_dir)[0] == expected_events(keys)
    terminal.process.send_signal(signal.SIGKILL)
    assert terminal.process.wait(timeout=10) == -signal.SIGKILL
    assert stored_events(data_dir) == (expected_events(keys), "ok", 0)

    # The next run resumes the meeting with every count.
    again = start_terminal(data_dir)
    wait_for_screen(again, lambda s: "Resume Tuesday Night Open Discussion?" in s, "the offer")
    again.press("y")
    shown = wait_for_screen(
        again, lambda s: tally_row(counts_after(keys)[-1]) in s, "the resumed counts"
    )
    assert "Not saved" not in shown

    # Ended on a full disk, then stopped (SIGTERM) before a retry worked: the terminal,
    # once the app has gone, says the meeting was not saved.
    lift = fill_up(again, wal)
    try:
        again.press("2")
        wait_for_screen(again, lambda s: not_saved("disk I/O error") in s, "the problem")
        again.press("e")
        wait_for_screen(again, lambda s: "End the meeting now?" in s, "the question")
        again.press("y")
        shown = wait_for_screen(again, lambda s: "The meeting has ended." in s, "the end")
        assert not_saved("disk I/O error") in shown
        mark = len(again.seen)
        again.process.send_signal(signal.SIGTERM)
        assert again.wait_exit(timeout=15) == 0
    finally:
        lift()
    said = again.plain(mark)
    assert b"The meeting could not be saved." in said
    assert b"Traceback" not in said
    assert stored_events(data_dir) == (expected_events(keys), "ok", 0)


@pytest.mark.parametrize(
    ("status", "saved", "said"),
    [
        (Status.RUNNING, False, "The meeting could not be saved."),
        (Status.RUNNING, True, "The meeting is saved: run facilitator again to resume it."),
        (Status.ENDED, False, "The meeting could not be saved."),
        (Status.ENDED, True, ""),
    ],
)
def test_the_terminal_says_whether_the_meeting_was_saved(
    tuesday_agenda: Agenda,
    status: Status,
    saved: bool,
    said: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pretend_terminal: None,
) -> None:
    # How the app ended, as `leave` reports it; the command line has the last word.
    monkeypatch.setattr(
        FacilitatorApp, "run", lambda app: Outcome(tuesday_agenda, status, saved=saved)
    )
    assert cli.run(str(TUESDAY)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:1] == ([said] if said else [])


# ---------------------------------------------------------------------- a disk that fills up


def reserve_of(data_dir: Path) -> Path:
    return data_dir / (DB_NAME + RESERVE_SUFFIX)


async def test_a_disk_that_fills_mid_meeting_still_takes_every_change_shown(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    small_disk: SmallDisk,
) -> None:
    disk = small_disk(1024)
    data_dir = disk / "data"
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    app = make_app(clock, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1")
        meeting, log = meeting_of(app), log_of(app)
        assert reserve_of(data_dir).stat().st_size >= SMALLEST_RESERVE  # made as it started
        small_disk.fill(disk)  # a download, a recording: not a byte left

        # The next change finds no room, gives the reserve's to the database, and is saved.
        await press(pilot, "2", "n", "space")
        clock.advance(40)
        await press(pilot, "3", "u", "3", "enter", "1", "1")
        assert await shown_problem(pilot) is None
        assert not log.pending
        assert not reserve_of(data_dir).exists()
        assert log.meeting_id is not None
        assert stored_meeting(data_dir, log.meeting_id)[0] == meeting.events

        # The end of the meeting, on the same full disk.
        clock.advance(600)
        await press(pilot, "e", "y")
        assert isinstance(app.screen, ResourcesScreen)
        assert await shown_problem(pilot) is None
        await press(pilot, "q")
    assert app.return_value == Outcome(meeting.agenda, Status.ENDED, saved=True)
    stored = store.get(log.meeting_id)
    assert list(stored.events) == meeting.events and stored.ended_at is not None
    assert integrity(data_dir) == [("ok",)]
    store.close()


def test_a_correction_on_a_disk_that_filled_is_saved(
    clock: ManualClock, frozen_wall: FrozenWall, small_disk: SmallDisk
) -> None:
    from facilitator.records.corrections import correct

    disk = small_disk(1024)
    data_dir = disk / "data"
    (past,) = save_past_meetings(data_dir, clock, count=1)
    keep_reserve(data_dir / DB_NAME)  # as the last meeting's screen left it
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None and reserve_of(data_dir).exists()
    small_disk.fill(disk)
    done = correct(store, past, {"newcomers": 4}, WALL_START + timedelta(days=1))
    assert [label for label, _before, _after in done.changes] == ["Newcomers"]
    assert not reserve_of(data_dir).exists()
    assert summary_of(store.get(past)).tallies["newcomers"] == 4
    store.close()


async def test_a_write_that_finds_no_room_gives_up_the_reserve_and_is_tried_again(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Where no small disk can be mounted: the system's answer on a full disk, injected
    # for as long as the reserve takes up room.
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    app = make_app(clock, store=store)
    written = store_module.insert_event  # type: ignore[attr-defined]
    tries: list[bool] = []

    def insert_event(*args: Any) -> None:
        tries.append(reserve_of(data_dir).exists())
        if tries[-1]:
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = sqlite3.SQLITE_FULL
            raise full
        written(*args)

    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        meeting, log = meeting_of(app), log_of(app)
        assert reserve_of(data_dir).exists()
        monkeypatch.setattr(store_module, "insert_event", insert_event)
        await press(pilot, "1", "2")
        monkeypatch.undo()
        assert tries == [True, False, False]  # refused once, then room for both
        assert await shown_problem(pilot) is None
        assert log.meeting_id is not None and not log.pending
        assert stored_meeting(data_dir, log.meeting_id)[0] == meeting.events
    store.close()


def full_disk_error() -> sqlite3.OperationalError:
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL
    return full


def test_a_meeting_resumed_with_no_room_to_claim_it_goes_on_and_is_claimed_later(
    data_dir: Path,
    clock: ManualClock,
    frozen_wall: FrozenWall,
    leave_unfinished: LeaveUnfinished,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by the full-disk chain: resuming wrote the claim first, and a full disk crashed
    # the app there. The meeting now goes on; its first change saved claims it.
    meeting_id = leave_unfinished(data_dir)
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    stored = store.get(meeting_id)
    claim = store.take

    def no_room(meeting: StoredMeeting) -> bool:
        raise full_disk_error()

    monkeypatch.setattr(store, "take", no_room)
    recorded = recorder.resume(stored, store, clock, frozen_wall(clock))
    assert recorded is not None
    meeting, log = recorded.meeting, recorded.log
    assert log.unclaimed == stored
    assert meeting.tallies == {"attendees": 2, "newcomers": 1, "online": 0}
    meeting.tally(2)
    assert log.pending and log.problem == not_saved("No space left on device")
    assert raw(store.path, "SELECT holder FROM meetings WHERE id = ?", meeting_id) == [
        (stored.holder,)
    ]

    monkeypatch.setattr(store, "take", claim)  # room again
    assert log.flush() and log.unclaimed is None
    ((holder,),) = raw(store.path, "SELECT holder FROM meetings WHERE id = ?", meeting_id)
    assert store.hold is not None and holder == store.hold.token
    assert list(store.get(meeting_id).events) == meeting.events
    store.close()


def test_a_meeting_ended_where_it_stopped_with_no_room_stays_as_it_was(
    data_dir: Path,
    clock: ManualClock,
    frozen_wall: FrozenWall,
    leave_unfinished: LeaveUnfinished,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meeting_id = leave_unfinished(data_dir)
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    stored = store.get(meeting_id)

    def no_room(meeting: StoredMeeting) -> bool:
        raise full_disk_error()

    monkeypatch.setattr(store, "take", no_room)
    problem = recorder.decline(stored, store, frozen_wall(clock))
    assert problem == (
        "The meeting was not ended (No space left on device); it stays as it was, to be"
        " resumed or ended later."
    )
    assert store.unfinished() == stored
    store.close()
