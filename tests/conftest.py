"""Shared fixtures: no test touches a real home directory.

What several test folders need is a fixture here; a fixture that hands out a function or a
class says so in its docstring. Their types, for annotations, are in `tests/hints.py`; the
recorded meetings and the terminal emulator some of them hand out are in `tests/support/`.
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import shlex
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from textual.app import App
from textual.pilot import Pilot

from facilitator.agenda import Agenda, load_agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.meeting.engine import Meeting
from facilitator.room.state import RoomPageOptions
from facilitator.screens.editor import EditorScreen
from facilitator.screens.history.screen import HistoryScreen
from facilitator.screens.meeting import screen as meeting_screen
from facilitator.store.database import DB_NAME, Opened, Store, open_store
from facilitator.store.recorder import MeetingLog
from facilitator.words import i18n

from .data import (
    MARKUP_CORPUS,
    NOV_10,
    NOV_17,
    NOV_24,
    SEEDED_AT,
    TUESDAY,
    WALL_START,
    WIDE_TITLES,
)
from .hints import (
    CountsAfter,
    ExpectedEvents,
    FrozenWall,
    HistoryLoaded,
    HoldMeeting,
    HostileAgenda,
    LeaveUnfinished,
    MakeApp,
    MakeLink,
    Notices,
    OpenHistory,
    Press,
    RecordMeeting,
    RefuseFilesIn,
    RunPython,
    Settle,
    Size,
    StartInPty,
    StartTerminal,
    StoredEvents,
    ThreeMeetings,
    WideAgenda,
)
from .support import meetings
from .support.clocks import ManualClock, ManualWall
from .support.disks import SmallDisk
from .support.players import FakePlayer, PlayerFamily, fake_player
from .support.terminal import PtyTerminal

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
def make_link() -> MakeLink:
    """A function: a symbolic link at `link` to `target`; the test is skipped where there are
    none (Windows without the right to make them)."""

    def make(link: Path, target: Path) -> Path:
        if not hasattr(os, "symlink"):
            pytest.skip("this system has no symbolic links")
        try:
            os.symlink(target, link)
        except (NotImplementedError, OSError) as error:
            pytest.skip(f"symbolic links cannot be made here: {error}")
        return link

    return make


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send the data directory to a temporary folder."""
    path = tmp_path / "data"
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(path))
    return path


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app speaks English, with a 24-hour clock, whatever the machine's locale, in the
    test and in the apps it starts; a test that speaks another language says so."""
    monkeypatch.setenv("FACILITATOR_LANG", "en")
    i18n.ask(None)
    i18n.use(i18n.ENGLISH)
    yield
    i18n.ask(None)
    i18n.use(i18n.ENGLISH)


@pytest.fixture(autouse=True)
def quiet_player(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tones are played by a player that plays nothing: a test never makes a sound, and
    never depends on the machine having a player (`fake_player` records what is played)."""
    monkeypatch.setenv("FACILITATOR_PLAYER", shlex.join([sys.executable, "-c", "pass"]))


@pytest.fixture(autouse=True)
def looks_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """The meeting screen reads the clock at least five times a second, as a test whose clock
    is moved by hand needs: moving it wakes nothing, so the screen would otherwise wait for
    an edge of a clock that stands still. (`tests/ui/test_frames.py` runs the real wait.)"""
    monkeypatch.setattr(meeting_screen, "LONGEST_LOOK", 0.2)


@pytest.fixture
def player_family(tmp_path: Path) -> Iterator[PlayerFamily]:
    """A player that starts a child of its own (`sh` and two `sleep`s), and a named pipe that
    tells when all of them have ended; whatever a failed test leaves running is stopped."""
    if sys.platform == "win32" or shutil.which("sh") is None or not hasattr(os, "mkfifo"):
        pytest.skip("a player family needs sh and named pipes")
    family = PlayerFamily(tmp_path / "family")
    yield family
    family.close()


@pytest.fixture
def recording_player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePlayer:
    """A player that records each file it is given, as `FACILITATOR_PLAYER`."""
    player = fake_player(tmp_path / "player")
    monkeypatch.setenv("FACILITATOR_PLAYER", player.command)
    return player


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


@pytest.fixture
def wide_agenda() -> WideAgenda:
    """A function: write an agenda of `WIDE_TITLES`, named `name`, at `path`; it returns it."""

    def write(path: Path, name: str = "Wide") -> Path:
        steps = "".join(f'[[steps]]\ntitle = "{title}"\nminutes = 5\n' for title in WIDE_TITLES)
        path.write_text(f'[meeting]\nname = "{name}"\n{steps}', encoding="utf-8")
        return path

    return write


@pytest.fixture
def hostile_agenda() -> HostileAgenda:
    """A function: write an agenda whose every text is from `MARKUP_CORPUS`; it returns the path.

    The meeting is `Group [/w newcomers]`, one step per string (the first a reading, the
    second a sharing step, the last the closing), one attendance category per string; the
    description, the reminder and the resources quote them all, and so does the first
    step's script, with Markdown links to actions besides (`[quit](app.quit)`).
    """

    def write(folder: Path, file_name: str = "hostile.toml") -> Path:
        def quoted(text: str) -> str:
            return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML string

        def markdown(text: str) -> str:
            # In Markdown a backslash escapes a bracket; doubled, it is shown as typed.
            return text.replace("\\", "\\\\")

        script = "\n\n".join(markdown(text) for text in MARKUP_CORPUS)
        script += "\n\n[quit](app.quit) and [click](@click=app.quit)"
        last = len(MARKUP_CORPUS) - 1
        lines = [
            "[meeting]",
            f"name = {quoted('Group [/w newcomers]')}",
            f"description = {quoted(' · '.join(MARKUP_CORPUS))}",
        ]
        for index, text in enumerate(MARKUP_CORPUS):
            kind = {1: "sharing", last: "closing"}.get(index, "reading")
            lines += ["[[steps]]", f"title = {quoted(text)}", "minutes = 1", f'kind = "{kind}"']
            lines += [f"script = {quoted(script if index == 0 else markdown(text))}"]
        for index, text in enumerate(MARKUP_CORPUS):
            lines += ["[[attendance]]", f'id = "c{index}"', f"label = {quoted(text)}"]
        lines += ["[closing]", f"reminder = {quoted(chr(10).join(MARKUP_CORPUS))}"]
        for index in range(0, len(MARKUP_CORPUS), 3):
            name, contact, note = MARKUP_CORPUS[index : index + 3]
            lines += ["[[closing.resources]]", f"name = {quoted(name)}"]
            lines += [f"contact = {quoted(contact)}", f"note = {quoted(note)}"]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / file_name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


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
        clock: ManualClock,
        agenda_path: Path | None = TUESDAY,
        store: Store | None = None,
        room_page: RoomPageOptions | None = None,
    ) -> FacilitatorApp:
        agenda = load_agenda(agenda_path) if agenda_path is not None else None
        wall = frozen_wall(clock)
        opened = Opened(store) if store is not None else None
        return build_app(
            agenda, agenda_path, clock=clock, wall=wall, opened=opened, room_page=room_page
        )

    return make


@pytest.fixture
def settle() -> Settle:
    """A function: wait until every message queue in the app is empty, a few checks in a row,
    and the editor has checked its draft.

    `Pilot.press` decides the app is idle from CPU time, which a busy machine fools; tests
    that move the clock right after a key need the key to have been handled first. The
    editor checks what a key changed in a worker: what it found is part of handling the key.
    """

    async def settle(pilot: Pilot[Any]) -> None:
        app = pilot.app
        calm = 0
        for _ in range(2000):
            checking = any(isinstance(s, EditorScreen) and s.checking for s in app.screen_stack)
            await asyncio.sleep(0.005 if checking else 0)  # a thread: give it time
            pumps = [app, *app.screen_stack, *app.screen.walk_children(with_self=False)]
            busy = checking or any(pump.message_queue_size for pump in pumps)
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
def tap(settle: Settle) -> Press:
    """A function: keys as a terminal sends them, each handled before the next, many quickly.

    `Pilot.press` waits for the process to look idle after every key, a few hundredths of a
    second each; a test of thousands of keys posts them to the app and waits for its queues.
    """

    async def tap(pilot: Pilot[Any], *keys: str) -> None:
        for key in keys:
            pilot.app.simulate_key(key)
            await settle(pilot)

    return tap


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


@pytest.fixture
def recorded_meeting() -> RecordMeeting:
    """A class: one meeting on its own hand-moved clock, recorded in a store as the app does it."""
    return meetings.Recorded


@pytest.fixture
def four(store: Store) -> Store:
    """Four meetings: three finished (one never started), one unfinished."""
    meetings.tuesday(store)
    meetings.declined(store)
    meetings.saturday(store)
    meetings.mercredi(store)
    return store


@pytest.fixture
def pretend_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line believes it runs in a terminal (tests capture its output instead)."""
    monkeypatch.setattr("facilitator.cli.running.has_terminal", lambda: True)


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
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A function: `small_disk(kilobytes)` mounts a tmpfs of that size and returns it;
    `small_disk.fill(disk)` leaves no byte free on it. Skips where no tmpfs can be mounted."""
    disks = SmallDisk(tmp_path)
    yield disks
    disks.unmount_all()


@pytest.fixture
def start_in_pty() -> StartInPty:
    """A function: the real app in a 100x32 pseudo-terminal, on the test agenda unless given
    other arguments; `files`: under that limit on open files (`ulimit -n`), as a desktop sets.

    It returns the process and the pty. Whoever reads the pty must keep draining it: a full
    pty blocks the app's writes.
    """

    def start(
        data_dir: Path, args: Sequence[str] = (str(TUESDAY),), files: int | None = None
    ) -> tuple[subprocess.Popen[bytes], int]:
        primary, secondary = pty.openpty()
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="32")
        env["FACILITATOR_DATA_DIR"] = str(data_dir)
        command = [sys.executable, "-m", "facilitator", *args]
        if files is not None:
            command = ["sh", "-c", f'ulimit -n {files} && exec "$@"', "sh", *command]
        process = subprocess.Popen(
            command,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
        )
        os.close(secondary)
        return process, primary

    return start


@pytest.fixture
def start_terminal(start_in_pty: StartInPty) -> Iterator[StartTerminal]:
    """A function: start the real app in a `PtyTerminal` (the arguments of `start_in_pty`);
    every one started is closed after."""
    started: list[PtyTerminal] = []

    def start(
        data_dir: Path, args: Sequence[str] = (str(TUESDAY),), files: int | None = None
    ) -> PtyTerminal:
        terminal = PtyTerminal(start_in_pty, data_dir, args, files)
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

    def expected(keys: str) -> list[tuple[str, str | int | None]]:
        events: list[tuple[str, str | int | None]] = [("start", None)]
        standing: list[int] = []  # the places of the tallies `u` can take back
        for key in keys:
            if key == "u":
                events.append(("undo", standing.pop()))
            else:
                standing.append(len(events))
                events.append(("tally", categories[int(key) - 1]))
        return events

    return expected


@pytest.fixture
def stored_events() -> StoredEvents:
    """A function: the one meeting's events as the disk has them, its integrity, and whether
    it ended."""

    def stored(data_dir: Path) -> tuple[list[tuple[str, str | int | None]], str, int | None]:
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
