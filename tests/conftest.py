"""Shared fixtures: no test touches a real home directory.

What several test folders need is a fixture here; a fixture that hands out a function or a
class says so in its docstring. Their types, for annotations, are in `tests/hints.py`.
"""

from __future__ import annotations

import asyncio
import os
import pty
import re
import select
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from textual.app import App
from textual.pilot import Pilot

from facilitator.agenda import Agenda, load_agenda, parse_agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.clocks import ManualClock, ManualWall
from facilitator.engine import Meeting
from facilitator.recorder import MeetingLog
from facilitator.screens.history import HistoryScreen
from facilitator.store import DB_NAME, Opened, Store, open_store

from .data import CET, EST, MERCREDI_NAME, NOV_10, NOV_17, NOV_24, SEEDED_AT, TUESDAY, WALL_START
from .hints import (
    CountsAfter,
    ExpectedEvents,
    FrozenWall,
    HistoryLoaded,
    HoldMeeting,
    LeaveUnfinished,
    MakeApp,
    Notices,
    OpenHistory,
    Press,
    RecordMeeting,
    RecordSaturday,
    RecordTuesday,
    RefuseFilesIn,
    RunPython,
    Settle,
    Size,
    StartInPty,
    StartTerminal,
    StoredEvents,
    ThreeMeetings,
)

# The fault harness and the fuzzers run a fast subset in every test run; --long runs them at
# full length (hundreds of kills, thousands of fuzzed agendas).
settings.register_profile(
    "fast", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--long",
        action="store_true",
        help="run the fault harness and fuzzers at full length (pytest -m faults --long)",
    )


def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("long" if config.getoption("--long") else "fast")


@pytest.fixture
def long_mode(request: pytest.FixtureRequest) -> bool:
    """Whether the run asked for the full-length fault harness (--long)."""
    return bool(request.config.getoption("--long"))


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send the data directory to a temporary folder."""
    path = tmp_path / "data"
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(path))
    return path


# ---------------------------------------------------------------------- time and agendas


@pytest.fixture
def clock() -> ManualClock:
    """The monotonic clock, moved by hand."""
    return ManualClock()


@pytest.fixture
def frozen_wall() -> FrozenWall:
    """A function: local time that moves with a `ManualClock`, from 19:00 on a Tuesday."""

    def wall(clock: ManualClock) -> ManualWall:
        return ManualWall(clock, WALL_START)

    return wall


@pytest.fixture(scope="session")
def tuesday_agenda() -> Agenda:
    """The agenda the tests' app runs (tests/data/tuesday.toml), loaded once."""
    return load_agenda(TUESDAY)


@pytest.fixture
def store(data_dir: Path, clock: ManualClock, frozen_wall: FrozenWall) -> Iterator[Store]:
    """The test's own data directory's store, empty; closed after the test."""
    opened = open_store(data_dir, frozen_wall(clock))
    assert opened.notice is None
    assert opened.store is not None
    yield opened.store
    opened.store.close()


# ---------------------------------------------------------------------- the app under Pilot


@pytest.fixture
def terminal_size() -> Size:
    """The terminal the Pilot and snapshot tests run the app in."""
    return (100, 32)


@pytest.fixture
def make_app(frozen_wall: FrozenWall) -> MakeApp:
    """A function: the real app on a hand-moved clock (the factory snapshot and Pilot tests share).

    Without a `store`, meetings are kept in the test's own data directory.
    """

    def make(
        clock: ManualClock, agenda_path: Path | None = TUESDAY, store: Store | None = None
    ) -> FacilitatorApp:
        agenda = load_agenda(agenda_path) if agenda_path is not None else None
        wall = frozen_wall(clock)
        opened = Opened(store) if store is not None else None
        return build_app(agenda, agenda_path, clock=clock, wall=wall, opened=opened)

    return make


@pytest.fixture
def settle() -> Settle:
    """A function: wait until every message queue in the app is empty, a few checks in a row.

    `Pilot.press` decides the app is idle from CPU time, which a busy machine fools; tests
    that move the clock right after a key need the key to have been handled first.
    """

    async def settle(pilot: Pilot[Any]) -> None:
        app = pilot.app
        calm = 0
        for _ in range(2000):
            await asyncio.sleep(0)
            pumps = [app, *app.screen_stack, *app.screen.walk_children(with_self=False)]
            busy = any(pump.message_queue_size for pump in pumps)
            calm = 0 if busy else calm + 1
            if calm >= 5:
                return
        raise AssertionError("the app did not settle")

    return settle


@pytest.fixture
def press(settle: Settle) -> Press:
    """A function: press keys one at a time, each handled before the next."""

    async def press(pilot: Pilot[Any], *keys: str) -> None:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return press


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> Notices:
    """A function: the messages an app has notified so far, oldest first.

    Recorded as they go through `App.notify`, which every notification passes through.
    """
    sent: dict[int, list[str]] = {}
    notify = App.notify

    def recording(self: App[Any], message: str, **options: Any) -> None:
        sent.setdefault(id(self), []).append(message)
        notify(self, message, **options)

    monkeypatch.setattr(App, "notify", recording)
    return lambda app: list(sent.get(id(app), []))


# ---------------------------------------------------------------------- past meetings


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
def history_app(
    make_app: MakeApp, store: Store, clock: ManualClock, three_meetings: ThreeMeetings
) -> FacilitatorApp:
    """The app at the picker, its store holding `three_meetings`."""
    three_meetings(store)
    return make_app(clock, agenda_path=None, store=store)


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


@pytest.fixture
def open_history(press: Press, history_loaded: HistoryLoaded) -> OpenHistory:
    """A function: open the history from the picker, its meetings listed."""

    async def open_history(pilot: Pilot[Any]) -> HistoryScreen:
        """`h` from the picker, then wait for the meetings to be read and listed."""
        await press(pilot, "h")
        screen = pilot.app.screen
        assert isinstance(screen, HistoryScreen)
        await history_loaded(pilot, screen)
        return screen

    return open_history


@pytest.fixture
def leave_unfinished() -> LeaveUnfinished:
    """A function: an unfinished meeting, left by an earlier run of the app (on a clock of its own).

    Started: counted 2 + 1, started 18:30, on the Shares step since 18:32:30, share 1
    paused after 40 s, last change at 18:33:30. Not started: only the tallies, at 18:30.
    Of the test agenda, unless `agenda` says otherwise. It returns the meeting's id.
    """

    def leave(data_dir: Path, agenda: Agenda | None = None, *, started: bool = True) -> int:
        agenda = agenda or load_agenda(TUESDAY)
        clock = ManualClock(500.0)
        wall = ManualWall(clock, SEEDED_AT)
        store = open_store(data_dir, wall).store
        assert store is not None
        log = MeetingLog(agenda, "tuesday", str(TUESDAY), wall, store)
        meeting = Meeting(agenda, clock=clock, wall=wall, recorder=log)
        meeting.tally(0)
        meeting.tally(0)
        meeting.tally(1)
        if started:
            meeting.start()
            clock.advance(150)
            meeting.next_step()
            meeting.set_waiting(2)
            clock.advance(20)
            meeting.toggle_share()
            clock.advance(40)
            meeting.toggle_share()  # paused
        store.close()
        assert log.meeting_id is not None and not log.pending
        return log.meeting_id

    return leave


# ---------------------------------------------------------------------- meetings the export reads

# The three-step Tuesday the export's meetings follow (not tests/data/tuesday.toml).
SHORT_TUESDAY = parse_agenda(
    b"""
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
)

# A name a naive CSV writer would split or break, and categories in another order.
SATURDAY = parse_agenda(
    b"""
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
)

MERCREDI = parse_agenda(
    f"""
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
)


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
    m = Recorded(store, SHORT_TUESDAY, "tuesday", datetime(2026, 11, 24, 19, 0, tzinfo=EST))
    m.tally(0, 5)
    m.tally(1)
    m.wait(1)
    m.meeting.start()  # 19:01: started_at is the start, not the first tally
    m.wait(2.5)
    m.meeting.next_step()
    m.share(3)
    m.tally(2)
    m.share(2.25)
    m.meeting.undo_tally()  # the online one was a mistake
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
    m = Recorded(store, SHORT_TUESDAY, "tuesday", datetime(2026, 11, 26, 23, 30, tzinfo=EST))
    m.tally(0, 2)
    m.wait(5)
    m.finish()


def saturday(store: Store) -> None:
    """Finished, another agenda with other categories."""
    m = Recorded(store, SATURDAY, "saturday", datetime(2026, 11, 28, 10, 0, tzinfo=EST))
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
    m = Recorded(store, MERCREDI, "mercredi", datetime(2026, 12, 2, 18, 30, tzinfo=CET))
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


@pytest.fixture(scope="session")
def short_tuesday() -> Agenda:
    """The three-step Tuesday agenda the export's recorded meetings follow."""
    return SHORT_TUESDAY


@pytest.fixture
def recorded_meeting() -> RecordMeeting:
    """A class: one meeting on its own hand-moved clock, recorded in a store as the app does it."""
    return Recorded


@pytest.fixture
def record_tuesday() -> RecordTuesday:
    """A function: a finished Tuesday in a store: counted before it started, two shares."""
    return tuesday


@pytest.fixture
def record_saturday() -> RecordSaturday:
    """A function: a finished Saturday in a store, another agenda with other categories."""
    return saturday


@pytest.fixture
def four(store: Store) -> Store:
    """Four meetings: three finished (one never started), one unfinished."""
    tuesday(store)
    declined(store)
    saturday(store)
    mercredi(store)
    return store


# ---------------------------------------------------------------------- the file system


@pytest.fixture
def refuse_files_in(monkeypatch: pytest.MonkeyPatch) -> RefuseFilesIn:
    """A function: make `os.open` refuse every file in a folder (read-only, even for root)."""
    real_open = os.open

    def refuse_in(directory: Path) -> None:
        def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
            if Path(path).parent == directory:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)

    return refuse_in


# ---------------------------------------------------------------------- other processes


BLOCK_TEXTUAL = """
import sys

class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError(f"textual is blocked in this test: {name}")
        return None

sys.meta_path.insert(0, BlockTextual())
for name in [n for n in sys.modules if n == "textual" or n.startswith("textual.")]:
    del sys.modules[name]
try:
    import textual  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("the blocker did not block textual")
"""


@pytest.fixture
def block_textual() -> str:
    """Python code that makes every later import of Textual fail (and checks that it does)."""
    return BLOCK_TEXTUAL


@pytest.fixture
def run_python() -> RunPython:
    """A function: run Python code in a fresh interpreter, in a folder; returns the result."""

    def run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def start_in_pty() -> StartInPty:
    """A function: the real app on the test agenda in a 100x32 pseudo-terminal.

    It returns the process and the pty. Whoever reads the pty must keep draining it: a full
    pty blocks the app's writes.
    """

    def start(data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
        primary, secondary = pty.openpty()
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="32")
        env["FACILITATOR_DATA_DIR"] = str(data_dir)
        process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", str(TUESDAY)],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
        )
        os.close(secondary)
        return process, primary

    return start


ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")
TALLY = re.compile(rb"(Attendees|Newcomers|Online) +(\d+)(?=\D)")  # a whole number
LABELS = {b"Attendees": "attendees", b"Newcomers": "newcomers", b"Online": "online"}


class PtyTerminal:
    """The real app in a pseudo-terminal; everything it writes is kept (and always drained)."""

    def __init__(self, start_in_pty: StartInPty, data_dir: Path) -> None:
        self.process, self.fd = start_in_pty(data_dir)
        self.seen = b""
        self.closed = False

    def drain(self, seconds: float = 0.0) -> None:
        deadline = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                if time.monotonic() >= deadline:
                    return
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.seen += chunk

    def wait_for(self, marker: bytes, since: int = 0, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.plain(since) and time.monotonic() < deadline:
            self.drain(0.05)
        assert marker in self.plain(since), self.plain(since)[-800:]

    def plain(self, since: int = 0) -> bytes:
        return ANSI.sub(b"", self.seen[since:])

    def tallies(self, since: int = 0) -> dict[str, int]:
        """The counts the screen shows now: the last one drawn for each category."""
        shown = {}
        for label, count in TALLY.findall(self.plain(since)):
            shown[LABELS[label]] = int(count)
        return shown

    def wait_for_tallies(
        self, expected: dict[str, int], since: int = 0, timeout: float = 15.0
    ) -> None:
        deadline = time.monotonic() + timeout
        while self.tallies(since) != expected and time.monotonic() < deadline:
            self.drain(0.02)
        assert self.tallies(since) == expected, self.plain(since)[-800:]

    def wait_exit(self, timeout: float) -> int | None:
        """Wait for the app to end, reading what it writes meanwhile (so it never blocks)."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.drain(0.05)
        self.drain(0.05)
        return self.process.poll()

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> None:
        """Kill the app if it still runs, and close its terminal (once)."""
        if self.closed:
            return
        self.closed = True
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.fd)


@pytest.fixture
def start_terminal(start_in_pty: StartInPty) -> Iterator[StartTerminal]:
    """A function: start the real app in a `PtyTerminal`; every one started is closed after."""
    started: list[PtyTerminal] = []

    def start(data_dir: Path) -> PtyTerminal:
        terminal = PtyTerminal(start_in_pty, data_dir)
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()


# What the tally keys (1, 2, 3 count; u undoes the last count) make of the test agenda.


@pytest.fixture
def counts_after(tuesday_agenda: Agenda) -> CountsAfter:
    """A function: the tallies after each key of `keys`, the counts before any key first."""
    categories = [category.id for category in tuesday_agenda.attendance]

    def counts(keys: str) -> list[dict[str, int]]:
        tallies = dict.fromkeys(categories, 0)
        undo: list[str] = []
        states = [dict(tallies)]
        for key in keys:
            if key == "u":
                category = undo.pop()
                tallies[category] -= 1
            else:
                category = categories[int(key) - 1]
                tallies[category] += 1
                undo.append(category)
            states.append(dict(tallies))
        return states

    return counts


@pytest.fixture
def expected_events(tuesday_agenda: Agenda) -> ExpectedEvents:
    """A function: the events (kind, value) a started meeting records for `keys`."""
    categories = [category.id for category in tuesday_agenda.attendance]

    def expected(keys: str) -> list[tuple[str, str | None]]:
        events: list[tuple[str, str | None]] = [("start", None)]
        undo: list[str] = []
        for key in keys:
            if key == "u":
                events.append(("undo_tally", undo.pop()))
            else:
                category = categories[int(key) - 1]
                events.append(("tally", category))
                undo.append(category)
        return events

    return expected


@pytest.fixture
def stored_events() -> StoredEvents:
    """A function: the one meeting's events as the disk has them, its integrity, and whether
    it ended."""

    def stored(data_dir: Path) -> tuple[list[tuple[str, str | None]], str, int | None]:
        connection = sqlite3.connect(data_dir / DB_NAME)
        try:
            (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
            rows = connection.execute("SELECT seq, kind, value FROM events ORDER BY seq").fetchall()
            ended = connection.execute("SELECT count(*) FROM meetings WHERE ended_at IS NOT NULL")
            (ended_count,) = ended.fetchone()
        finally:
            connection.close()
        assert [seq for seq, _, _ in rows] == list(range(len(rows)))
        return [(kind, value) for _, kind, value in rows], integrity, ended_count

    return stored
