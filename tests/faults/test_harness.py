"""The kill part of the fault harness: the real app is stopped at random moments, run after run.

One data directory sees a chain of runs of the app in a pseudo-terminal. Each run starts the
app, answers the offer to resume when the runs before left a meeting unfinished, presses a
random mix of keys with random gaps, and is stopped at a random moment: SIGKILL anywhere from
before the first frame to the middle of a burst of keys, or SIGTERM / SIGHUP once the meeting
is on screen. After each run the database opens and passes its integrity check, it holds the
events the keys sent up to some point and nothing else, and that point is no earlier than what
the screen had shown.

The flood chain runs the app serving the room page (`--share`) under a desktop's limit of
1,024 open files, while a flood hammers the page's port from other addresses of this machine:
slow requests, storms of connections, garbage, and viewers that never read. Its runs end by
SIGKILL, SIGTERM or SIGHUP as the others do, and are checked alike: the flood must change
nothing the screen shows or the disk keeps.

A few runs go in every test run; `pytest -m faults --long` runs 500 kills, 100 signals and
200 flooded runs.
FACILITATOR_FAULT_SEED replays the choices of a failed run (the seed is in every failure
message; the moments themselves depend on the machine), FACILITATOR_FAULT_ROUNDS sets how many
runs each chain has.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from facilitator.agenda import Agenda
from facilitator.store.database import DB_NAME, open_store

from ..data import ALT_SCREEN_OFF, TUESDAY, WALL_START
from ..hints import StartTerminal, Terminal
from ..support.clocks import ManualClock, ManualWall
from ..support.disks import SmallDisk
from ..support.flood import Flood, raise_file_limit, sources
from ..support.screen import Screen

pytestmark = pytest.mark.faults

SEED_VARIABLE = "FACILITATOR_FAULT_SEED"
ROUNDS_VARIABLE = "FACILITATOR_FAULT_ROUNDS"

PROMPT_TITLE = b"A meeting was not ended"
CTRL_P = "\x10"
ESCAPE = "\x1b"
ADDRESS = re.compile(rb"http://127\.0\.0\.1:\d+/([A-Za-z0-9_-]{20,})/")  # the room page's
ALT_SCREEN_ON = b"\x1b[?1049h"

Event = tuple[str, str | int | None]  # (kind, value) as the events table keeps them
Sent = tuple[int, Event]  # which meeting (0 is the first the disk has) and the event


# ---------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Room:
    """What the harness needs to know of the agenda the app runs."""

    categories: list[str]  # the attendance categories' ids, in key order (1, 2, 3)
    labels: list[str]  # and as the screen names them
    kinds: list[str]  # each step's kind
    name: bytes  # the meeting's name, as the screen shows it
    prompt: bytes  # the offer to resume it

    @classmethod
    def of(cls, agenda: Agenda) -> Room:
        name = agenda.meeting.name.encode()
        return cls(
            categories=[category.id for category in agenda.attendance],
            labels=[category.label for category in agenda.attendance],
            kinds=[step.kind for step in agenda.steps],
            name=name,
            prompt=b"Resume " + name + b"?",
        )

    def fresh(self) -> dict[str, object]:
        """What the screen shows of a new meeting."""
        return Board(self).view()


@dataclass(frozen=True)
class Board:
    """The meeting on the screen, as far as the keys the harness presses can change it."""

    room: Room
    status: str = "ready"
    step: int = 0
    share: str | None = None  # "running", "paused" or none under way
    tallies: tuple[int, ...] = ()  # none given: all zero
    seq: int = 0  # the events recorded so far
    before: Board | None = None  # the board before the last change still standing
    place: int = -1  # where in the log that change is

    def __post_init__(self) -> None:
        if not self.tallies:
            object.__setattr__(self, "tallies", (0,) * len(self.room.categories))

    @classmethod
    def of(cls, room: Room, events: list[Event]) -> Board:
        board = cls(room)
        for event in events:
            board = board.after(event)
        return board

    def after(self, event: Event) -> Board:
        kind, value = event
        if kind == "undo":  # the board before the change taken back, as if it was never made
            assert self.before is not None and value == self.place, event
            return replace(self.before, seq=self.seq + 1)
        return replace(self._changed(event), seq=self.seq + 1, before=self, place=self.seq)

    def _changed(self, event: Event) -> Board:
        kind, value = event
        if kind == "start":
            return replace(self, status="running")
        if kind == "goto":
            assert isinstance(value, int), event
            return replace(self, step=value, share=None)
        if kind in ("share_start", "share_resume"):
            return replace(self, share="running")
        if kind == "share_pause":
            return replace(self, share="paused")
        if kind == "tally":
            index = self.room.categories.index(str(value))
            tallies = list(self.tallies)
            tallies[index] += 1
            return replace(self, tallies=tuple(tallies))
        if kind == "end":
            return replace(self, status="ended", share=None)
        raise AssertionError(f"no key the harness presses records {event}")

    def keys(self) -> str:
        """The keys that change the meeting now, each as often as it should be picked."""
        if self.status == "ended":
            return ""
        keys = "1111122223333"  # tallies most often, as in a room filling up
        if self.before is not None:
            keys += "uuu"
        if self.status == "ready":
            keys += "sssss"
        else:
            keys += "n"
            if self.room.kinds[self.step] == "sharing":
                keys += "   "
        return keys

    def event(self, key: str) -> Event:
        """What pressing `key` records (only keys from `keys()`)."""
        if key == "s":
            return ("start", None)
        if key == "u":
            return ("undo", self.place)
        if key == "n":
            return (
                ("goto", self.step + 1) if self.step + 1 < len(self.room.kinds) else ("end", None)
            )
        if key == " ":
            share = {None: "share_start", "running": "share_pause", "paused": "share_resume"}
            return (share[self.share], None)
        return ("tally", self.room.categories[int(key) - 1])

    def view(self) -> dict[str, object]:
        """What the screen shows of it: the tallies, the step title and the status line."""
        return {
            "tallies": self.tallies,
            "step": "ended" if self.status == "ended" else self.step,
            "status": self.status,
        }


class Display(Screen):
    """The pseudo-terminal's screen, and the views of the meeting it showed."""

    STEP = re.compile(r"Step (\d+) of \d+ \u00b7 |(Meeting ended) \u00b7 ")
    STATUS = re.compile(r"(READY) \u00b7 planned|\d (elapsed) \u00b7 |(ENDED) after ")

    def __init__(self, room: Room, rows: int = 32, columns: int = 100) -> None:
        self.fresh = room.fresh()
        self.tallies_shown = re.compile(
            ".*?".join(f" {re.escape(label)} (\\d+)" for label in room.labels)
        )
        self.views: dict[str, object] = {}  # what the screen shows now
        self.drawn: dict[str, list[object]] = {}
        super().__init__(rows, columns)
        self.restart()

    def restart(self) -> None:
        """Forget the views shown so far: what the screen shows from now on counts."""
        self.drawn = {name: [] for name in self.fresh}

    def read(self) -> None:
        """Note the views on the screen as it is now, if it changed."""
        screen = "\n".join("".join(line) for line in self.grid)
        views: dict[str, object] = {}
        if tallies := self.tallies_shown.search(screen):
            views["tallies"] = tuple(int(count) for count in tallies.groups())
        if step := self.STEP.search(screen):
            views["step"] = "ended" if step.group(2) else int(step.group(1)) - 1
        if status := self.STATUS.search(screen):
            ready, running, _ = status.groups()
            views["status"] = "ready" if ready else "running" if running else "ended"
        self.views.update(views)
        for name, value in views.items():
            if self.drawn[name][-1:] != [value]:
                self.drawn[name].append(value)


def reached(drawn: list[object], states: list[object]) -> int | None:
    """The fewest changes that explain what was drawn, in order; None if nothing does."""
    index = 0
    for value in drawn:
        while index < len(states) and states[index] != value:
            index += 1
        if index == len(states):
            return None
    return index


def with_sent(meetings: list[list[Event]], sent: list[Sent]) -> list[list[Event]]:
    after = [list(events) for events in meetings]
    for number, event in sent:
        if number == len(after):
            after.append([])
        after[number].append(event)
    return after


# ---------------------------------------------------------------------- the disk


def read_disk(data_dir: Path, scratch: Path) -> list[list[Event]]:
    """Every meeting's events, from a copy of the files as the stopped app left them.

    The copy keeps the data directory as it was (a hot write-ahead log included), so the
    next run of the app is the one that recovers it. Checks that the files are private, the
    database opens, passes its integrity check, numbers each meeting's events without gaps,
    marks a meeting started and ended as its events do, and that the app's own way in takes
    it as it is.
    """
    rejected = sorted(path.name for path in data_dir.glob("*.rejected-*"))
    assert not rejected, f"the database was set aside as damaged: {rejected}"
    path = data_dir / DB_NAME
    if not path.exists():
        return []
    shared = sorted(str(item) for item in data_dir.rglob("*") if item.stat().st_mode & 0o077)
    assert not shared, f"others may read {shared}"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for suffix in ("", "-wal"):  # without the -shm file SQLite rebuilds its index from the log
        if path.with_name(path.name + suffix).exists():
            shutil.copy2(path.with_name(path.name + suffix), scratch / (DB_NAME + suffix))
    connection = sqlite3.connect(scratch / DB_NAME)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if "meetings" not in {name for (name,) in tables}:
            return []  # stopped before the schema was in place: nothing could have been saved
        rows = connection.execute(
            "SELECT id, started_at IS NOT NULL, ended_at IS NOT NULL FROM meetings ORDER BY id"
        ).fetchall()
        meetings: list[list[Event]] = []
        for meeting_id, started, ended in rows:
            stored = connection.execute(
                "SELECT seq, kind, value FROM events WHERE meeting_id = ? ORDER BY seq",
                (meeting_id,),
            ).fetchall()
            assert [seq for seq, _, _ in stored] == list(range(len(stored))), stored
            events: list[Event] = [(kind, value) for _, kind, value in stored]
            assert events, f"meeting {meeting_id} has no events"
            taken_back = {value for kind, value in events if kind == "undo"}
            kinds = [
                kind
                for place, (kind, _) in enumerate(events)
                if kind != "undo" and place not in taken_back
            ]  # the changes standing
            assert bool(started) == ("start" in kinds), events
            assert bool(ended) == ("end" in kinds), events
            meetings.append(events)
        (strays,) = connection.execute(
            "SELECT count(*) FROM events WHERE meeting_id NOT IN (SELECT id FROM meetings)"
        ).fetchone()
        assert strays == 0
    finally:
        connection.close()
    opened = open_store(scratch, ManualWall(ManualClock(), WALL_START))
    assert opened.store is not None and opened.notice is None, opened.notice
    try:
        unfinished = opened.store.unfinished()
    finally:
        opened.store.close()
    if meetings and meetings[-1][-1][0] != "end":
        assert unfinished is not None
        assert [(e.kind, e.value) for e in unfinished.events] == meetings[-1]
    else:
        assert unfinished is None
    return meetings


def glance(data_dir: Path) -> list[list[Event]] | str:
    """Every meeting's events as they are, checking nothing (for a failure's message)."""
    try:
        connection = sqlite3.connect(
            f"{(data_dir / DB_NAME).absolute().as_uri()}?mode=ro", uri=True
        )
        try:
            rows = connection.execute(
                "SELECT meeting_id, kind, value FROM events ORDER BY meeting_id, seq"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"unreadable ({error})"
    meetings: dict[int, list[Event]] = {}
    for meeting_id, kind, value in rows:
        meetings.setdefault(meeting_id, []).append((kind, value))
    return list(meetings.values())


# ---------------------------------------------------------------------- the runs


class Running:
    """The app of one run in its pseudo-terminal, and its screen as rebuilt from the output;
    `args` and `files` as `start_terminal` takes them."""

    def __init__(
        self,
        start_terminal: StartTerminal,
        room: Room,
        data_dir: Path,
        args: Sequence[str] = (str(TUESDAY),),
        files: int | None = None,
    ) -> None:
        self.terminal: Terminal = start_terminal(data_dir, args, files)
        self.display = Display(room)
        self.fed = 0
        self.closed = False
        self.flood: Flood | None = None

    def look(self, seconds: float = 0.0) -> Display:
        """The screen after reading what the app writes for `seconds`."""
        self.terminal.drain(seconds)
        self.display.feed(self.terminal.seen[self.fed :])
        self.fed = len(self.terminal.seen)
        return self.display

    def close(self) -> None:
        """Kill the app if it still runs, and close its terminal."""
        if not self.closed:
            self.closed = True
            self.terminal.close()
            if self.flood is not None:
                self.flood.close()


@dataclass
class Run:
    """One run of the app: what it was asked to do, and what came of it."""

    number: int
    plan: str
    before: list[list[Event]]
    answer: str = ""
    keys: str = ""
    sent: list[Sent] = field(default_factory=list)
    after: list[list[Event]] | None = None
    screen: str = ""

    def describe(self, seed: int, data_dir: Path) -> str:
        first = max(0, len(self.before) - 1)
        after = glance(data_dir) if self.after is None else self.after
        after = after if isinstance(after, str) else after[first:]
        return (
            f"seed {seed} ({SEED_VARIABLE}={seed} replays the choices), run {self.number}, "
            f"plan {self.plan}, answer {self.answer!r}, keys {self.keys!r}\n"
            f"  meetings before: {len(self.before)}; from meeting {first}: {self.before[first:]}\n"
            f"  sent: {self.sent}\n"
            f"  disk after, from meeting {first}: {after}\n"
            f"  the screen at the end:\n{self.screen}"
        )


@dataclass
class Showing:
    """The meeting a run shows: how it stands, which meeting it is, and whether it resumed."""

    board: Board
    number: int
    resumed: bool


class Chain:
    """Runs of the app one after another on one data directory, the disk checked after each."""

    def __init__(
        self, tmp_path: Path, seed: int, room: Room, start_terminal: StartTerminal
    ) -> None:
        self.room = room
        self.start_terminal = start_terminal
        self.data_dir = tmp_path / "data"
        self.scratch = tmp_path / "copy"
        self.seed = seed
        self.rng = random.Random(seed)
        self.meetings: list[list[Event]] = []
        # Measured as runs go, so that random moments spread over what the app does on this
        # machine: seconds from launch to the first frame, and for the app to handle a key.
        self.first_frame = 1.0
        self.per_key = 0.1
        self.run = Run(-1, "", [])

    @property
    def unfinished(self) -> bool:
        return bool(self.meetings) and self.meetings[-1][-1][0] != "end"

    def fail(self, problem: str) -> AssertionError:
        return AssertionError(f"{problem}\n{self.run.describe(self.seed, self.data_dir)}")

    def until(self, app: Running, ready: Callable[[Display], bool], what: str) -> None:
        deadline = time.monotonic() + 30.0
        while not ready(app.look()):
            if time.monotonic() > deadline or app.terminal.process.poll() is not None:
                self.run.screen = app.look().text()
                app.close()  # so that the disk can be read as it stands
                raise self.fail(f"the screen never showed {what}")
            app.look(0.02)

    # ------------------------------------------------------------------ one run

    def launch(self) -> Running:
        """Start the app of a run."""
        return Running(self.start_terminal, self.room, self.data_dir)

    def kill_run(self, number: int) -> None:
        """Start the app, maybe press keys, SIGKILL it at a random moment, check the disk."""
        rng = self.rng
        if number % 3 == 0:
            plan = "launch"  # killed a random time after launch, whatever it is doing
        elif self.unfinished and rng.random() < 0.2:
            plan = "answer"  # killed just after the offer to resume is answered
        else:
            plan = "keys"
        self.run = Run(number, plan, [list(events) for events in self.meetings])
        app = self.launch()
        try:
            showing: Showing | None = None
            if plan == "launch":
                app.look(rng.uniform(0.0, 1.5 * self.first_frame))
            else:
                showing = self.meeting_screen(app)
                if plan == "answer":
                    app.terminal.press(self.run.answer)
                    app.look(rng.uniform(0.0, 0.3))
                else:
                    self.press_keys(app, showing, exact=rng.random() < 0.25)
            app.terminal.process.send_signal(signal.SIGKILL)
            app.terminal.process.wait(timeout=10)
            app.look(0.05)  # whatever it wrote before it died
            self.check(app, showing)
        finally:
            app.close()

    def signal_run(self, number: int, signum: signal.Signals) -> None:
        """Start the app, press keys, send `signum`: it exits cleanly with every change saved."""
        self.run = Run(number, signum.name, [list(events) for events in self.meetings])
        app = self.launch()
        try:
            showing = self.meeting_screen(app)
            # In half the runs the screen has shown the last key's change: all must be saved.
            self.press_keys(app, showing, exact=number // 2 % 2 == 0)
            app.terminal.process.send_signal(signum)
            code = app.terminal.wait_exit(timeout=15)
            self.run.screen = app.look().text()
            seen = app.terminal.seen
            if code != 0:
                raise self.fail(f"after {signum.name} the app exited with {code}, not 0")
            if seen.rfind(ALT_SCREEN_OFF) < seen.rfind(ALT_SCREEN_ON):
                raise self.fail(f"after {signum.name} the terminal was left in the app's screen")
            if b"Traceback" in seen:
                raise self.fail(f"after {signum.name} the app printed a traceback")
            self.check(app, showing)
        finally:
            app.close()

    def meeting_screen(self, app: Running) -> Showing:
        """Wait for the meeting; choose the answer to the offer to resume, if there is one."""
        launched = time.monotonic()
        waited = (self.room.prompt if self.unfinished else self.room.name).decode()
        self.until(app, lambda display: waited in display.text(), waited)
        self.first_frame = 0.8 * self.first_frame + 0.2 * (time.monotonic() - launched)
        if not self.unfinished:
            return Showing(Board(self.room), len(self.meetings), resumed=False)
        app.display.restart()  # what the screen showed of the new meeting beneath is past
        last = len(self.meetings) - 1
        # Every fifth run declines (and so starts a new meeting), besides a few at random.
        if self.run.number % 5 != 4 and self.rng.random() < 0.85:
            self.run.answer = "y"
            return Showing(Board.of(self.room, self.meetings[last]), last, resumed=True)
        self.run.answer = "n"  # the meeting ends where its record stops; a new one opens
        self.run.sent.append((last, ("end", None)))
        return Showing(Board(self.room), last + 1, resumed=False)

    def press_keys(self, app: Running, showing: Showing, exact: bool) -> None:
        """Answer the offer (if any), then random keys with random gaps.

        `exact`: the last key makes a view this run has not shown yet, and the screen is
        waited for until it shows it, so every key has been handled.
        """
        rng = self.rng
        boards = [showing.board]
        for _ in range(rng.randint(1, 10)):
            choices = boards[-1].keys()
            if not choices:
                break  # the meeting has ended: the screen shows the closing reminder
            self.add_key(boards, showing.number, rng.choice(choices))
        sync = "status" if boards[-1].status == "ended" else "tallies"
        if exact and sync == "tallies":
            while boards[-1].tallies in {board.tallies for board in boards[:-1]}:
                self.add_key(boards, showing.number, rng.choice("123"))
        if self.run.answer:
            app.terminal.press(self.run.answer)
            if showing.resumed and rng.random() < 0.7:
                view = showing.board.view()
                self.until(
                    app,
                    lambda display: display.views == view,
                    f"the resumed meeting as the disk has it, {view}",
                )
            elif rng.random() < 0.7:
                app.look(rng.uniform(0.0, 0.05))
            # else the first keys follow the answer at once, as a quick hand types them
        pressed = time.monotonic()
        for key in self.run.keys:
            app.terminal.press(key)
            if rng.random() < 0.65:
                app.look(rng.uniform(0.0, 0.05))
        if exact:
            final = boards[-1].view()[sync]
            self.until(
                app,
                lambda display: display.views.get(sync) == final,
                f"the last key's change ({sync} {final})",
            )
            handled = (time.monotonic() - pressed) / len(self.run.keys)
            self.per_key = 0.8 * self.per_key + 0.2 * handled
        elif rng.random() < 0.8:
            app.look(rng.uniform(0.0, 1.5 * self.per_key * len(self.run.keys)))

    def add_key(self, boards: list[Board], number: int, key: str) -> None:
        event = boards[-1].event(key)
        # `n` on the last step asks first: `y` answers, and the meeting ends.
        self.run.keys += key + ("y" if event == ("end", None) else "")
        self.run.sent.append((number, event))
        boards.append(boards[-1].after(event))

    # ------------------------------------------------------------------ the check

    def check(self, app: Running, showing: Showing | None) -> None:
        """The disk holds the sent events up to some point, no earlier than the screen showed."""
        run = self.run
        run.screen = app.look().text()
        if PROMPT_TITLE in app.terminal.plain() and not self.unfinished:
            raise self.fail("the app offered to resume a meeting that had ended")
        try:
            after = read_disk(self.data_dir, self.scratch)
        except AssertionError as problem:
            raise self.fail(f"the database is not as it should be: {problem}") from None
        run.after = after
        saved = sum(map(len, after)) - sum(map(len, run.before))
        if not 0 <= saved <= len(run.sent) or after != with_sent(run.before, run.sent[:saved]):
            raise self.fail("the disk is not the meetings before plus the first changes sent")
        if showing is not None:
            boards = [showing.board]
            for number, event in run.sent:
                boards.append(boards[-1].after(event) if number == showing.number else boards[-1])
            for name, drawn in app.display.drawn.items():
                states = [board.view()[name] for board in boards]
                if showing.resumed:
                    # The new meeting's screen beneath the offer may be drawn once more.
                    while drawn and drawn[0] == app.display.fresh[name] != states[0]:
                        drawn = drawn[1:]
                shown_by = reached(drawn, states)
                if shown_by is None:
                    raise self.fail(f"the screen showed {name} {drawn}; the keys made {states}")
                if shown_by > saved:
                    raise self.fail(
                        f"the screen showed {name} {drawn[-1]} after {shown_by} changes;"
                        f" the disk has {saved}"
                    )
        self.meetings = after


class FloodChain(Chain):
    """Runs of the app serving the room page, each under a flood of its own, the disk checked
    after each as in any chain; `heavy`: floods as large as seen on a room's Wi-Fi."""

    def __init__(
        self, tmp_path: Path, seed: int, room: Room, start_terminal: StartTerminal, heavy: bool
    ) -> None:
        super().__init__(tmp_path, seed, room, start_terminal)
        self.heavy = heavy
        self.floods: list[Flood] = []

    def launch(self) -> Running:
        """The app on a free port under 1,024 files, flooded from before it listens."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        args = [str(TUESDAY), "--share", "--port", str(port)]
        app = Running(self.start_terminal, self.room, self.data_dir, args, files=1024)
        rng = self.rng
        flood = app.flood = Flood("127.0.0.1", port)
        self.floods.append(flood)
        # More slow requests than the app may open files: the attack as it was first seen.
        drips = rng.randint(1100, 1500) if self.heavy else rng.randint(1000, 1100)
        flood.drip(drips, sources(rng.randint(1, 60)), rng.uniform(0.5, 5))
        if rng.random() < 0.5:
            flood.storm(rng.randint(1, 3), sources(10, first=60))
        if rng.random() < 0.7:
            flood.garbage(rng.randint(1, 2), sources(4, first=70))
        self.run.plan += f" flood {flood.port}"
        return app

    def meeting_screen(self, app: Running) -> Showing:
        """As in any chain; then viewers that never read, now that the page's token shows."""
        showing = super().meeting_screen(app)
        found = ADDRESS.search(app.terminal.plain())
        if found is not None and app.flood is not None and self.rng.random() < 0.7:
            count = self.rng.randint(1, 100)
            app.flood.silent_viewers(f"/{found.group(1).decode()}/events", count, sources(20, 80))
        return showing

    def press_keys(self, app: Running, showing: Showing, exact: bool) -> None:
        """As in any chain; then, in some runs, `?` and the palette, opened and closed."""
        super().press_keys(app, showing, exact)
        ended = (showing.number, ("end", None)) in self.run.sent
        if not ended and self.rng.random() < 0.7:
            self.help_and_palette(app)

    def help_and_palette(self, app: Running) -> None:
        """What a flood once made crash (`?`) or freeze (`ctrl+p`): each opens, and closes."""
        self.run.keys += " ?? ^p"
        helps = "command palette: jump to a step"
        app.terminal.press("?")
        self.until(app, lambda display: helps in display.text(), "the keys' help")
        app.terminal.press("?")
        self.until(app, lambda display: helps not in display.text(), "the help closed")
        app.terminal.press(CTRL_P)
        app.terminal.press("keys")
        keys = "Every key of this screen"
        self.until(app, lambda display: keys in display.text(), "the palette's Keys")
        app.terminal.press(ESCAPE)
        self.until(app, lambda display: keys not in display.text(), "the palette closed")


# ---------------------------------------------------------------------- the tests


@pytest.fixture
def seed() -> int:
    """The seed of the harness's choices: new each time unless FACILITATOR_FAULT_SEED says."""
    given = os.environ.get(SEED_VARIABLE)
    return int(given) if given else random.SystemRandom().randrange(2**32)


def rounds(long_mode: bool, fast: int, full: int) -> int:
    given = os.environ.get(ROUNDS_VARIABLE)
    if given:
        return int(given)
    return full if long_mode else fast


def test_sigkill_at_random_moments(
    tmp_path: Path,
    seed: int,
    long_mode: bool,
    tuesday_agenda: Agenda,
    start_terminal: StartTerminal,
) -> None:
    chain = Chain(tmp_path, seed, Room.of(tuesday_agenda), start_terminal)
    for number in range(rounds(long_mode, fast=6, full=500)):
        chain.kill_run(number)


def test_sigterm_and_sighup_flush_every_time(
    tmp_path: Path,
    seed: int,
    long_mode: bool,
    tuesday_agenda: Agenda,
    start_terminal: StartTerminal,
) -> None:
    chain = Chain(tmp_path, seed, Room.of(tuesday_agenda), start_terminal)
    for number in range(rounds(long_mode, fast=6, full=100)):
        chain.signal_run(number, signal.SIGTERM if number % 2 == 0 else signal.SIGHUP)


def test_a_flood_on_the_room_page_takes_nothing_from_the_meeting(
    tmp_path: Path,
    seed: int,
    long_mode: bool,
    tuesday_agenda: Agenda,
    start_terminal: StartTerminal,
) -> None:
    raise_file_limit(8192)  # the flood's own sockets
    chain = FloodChain(tmp_path, seed, Room.of(tuesday_agenda), start_terminal, long_mode)
    stops = [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP, signal.SIGKILL]
    for number in range(rounds(long_mode, fast=4, full=200)):
        stop = stops[number % len(stops)]
        if stop is signal.SIGKILL:
            chain.kill_run(number)
        else:
            chain.signal_run(number, stop)
    # The floods did reach the app: a flood that could not connect would prove nothing.
    assert sum(flood.stats["connected"] for flood in chain.floods) > 100 * len(chain.floods)


def test_keys_typed_with_the_answer_go_to_the_meeting_answered_for(
    tmp_path: Path, tuesday_agenda: Agenda, start_terminal: StartTerminal
) -> None:
    # Found by the fault harness: keys that followed `y` before the next refresh went to the new
    # meeting beneath the offer, which then hid the resumed one from the next offer.
    data_dir = tmp_path / "data"
    room = Room.of(tuesday_agenda)

    def run(waited: bytes, keys: str, tallies: tuple[int, ...]) -> None:
        app = Running(start_terminal, room, data_dir)
        try:
            deadline = time.monotonic() + 30.0
            while waited.decode() not in app.look(0.02).text() and time.monotonic() < deadline:
                pass
            app.terminal.press(keys)  # in one write, as fast as a hand can type
            while app.look(0.02).views.get("tallies") != tallies and time.monotonic() < deadline:
                pass
            assert app.display.views.get("tallies") == tallies, (
                f"{app.display.text()}\ndisk: {glance(data_dir)}"
            )
        finally:
            app.close()

    run(room.name, "11", (2, 0, 0))
    run(room.prompt, "y3", (2, 0, 1))
    assert glance(data_dir) == [[("tally", "attendees")] * 2 + [("tally", "online")]]
    run(room.prompt, "n2", (0, 1, 0))
    assert glance(data_dir) == [
        [("tally", "attendees")] * 2 + [("tally", "online"), ("end", None)],
        [("tally", "newcomers")],
    ]


# ---------------------------------------------------------------------- the full-disk chain


KEPT_IN_MEMORY = "This meeting is kept in memory"
UNSAVED_HEADING = re.compile(r"These changes could not be saved.*write them down:")


class FullDiskChain(Chain):
    """Runs on a disk of its own that fills up, ended by SIGTERM or SIGHUP.

    Before each run the disk is given its room back, or left full; during a run that starts
    with room, it fills at a random key. Every change the keys made is then either on the
    disk (in order, after what was there) or, when the disk had no room even for a reserve,
    printed as the app ends: on the terminal after SIGTERM, on standard error after SIGHUP
    (here the same pseudo-terminal).
    """

    def __init__(
        self,
        disk: Path,
        tmp_path: Path,
        seed: int,
        room: Room,
        start_terminal: StartTerminal,
        fill: Callable[[Path], Path],
    ) -> None:
        super().__init__(disk, seed, room, start_terminal)
        self.scratch = tmp_path / "copy"  # the copy read after each run: not on the full disk
        self.disk = disk
        self.fill = fill
        self.filler: Path | None = None

    def disk_run(self, number: int) -> None:
        rng = self.rng
        if self.filler is not None and rng.random() < 0.5:
            self.filler.unlink()
            self.filler = None
        signum = signal.SIGTERM if number % 3 != 2 else signal.SIGHUP
        plan = f"{'full' if self.filler else 'fills'}, {signum.name}"
        self.run = Run(number, plan, [list(events) for events in self.meetings])
        app = Running(self.start_terminal, self.room, self.data_dir)
        try:
            showing = self.opened(app)
            boards = [showing.board]
            for _ in range(rng.randint(1, 10)):
                choices = boards[-1].keys()
                if not choices:
                    break
                self.add_key(boards, showing.number, rng.choice(choices))
            # The last key makes a view not shown yet, to know when every key is handled.
            sync = "status" if boards[-1].status == "ended" else "tallies"
            while sync == "tallies" and boards[-1].tallies in {b.tallies for b in boards[:-1]}:
                self.add_key(boards, showing.number, rng.choice("123"))
            if self.run.answer:
                app.terminal.press(self.run.answer)
                view = showing.board.view()
                self.until(app, lambda display: display.views == view, f"the resumed {view}")
            fills_at = rng.randint(0, len(self.run.keys)) if self.filler is None else -1
            for place, key in enumerate(self.run.keys):
                if place == fills_at:
                    self.filler = self.fill(self.disk)
                app.terminal.press(key)
                app.look(rng.uniform(0.0, 0.05))
            if fills_at == len(self.run.keys):
                self.filler = self.fill(self.disk)
            final = boards[-1].view()[sync]
            self.until(
                app, lambda display: display.views.get(sync) == final, f"the last {sync} {final}"
            )
            mark = len(app.terminal.seen)
            app.terminal.process.send_signal(signum)
            code = app.terminal.wait_exit(timeout=15)
            self.run.screen = app.look().text()
            if code != 0:
                raise self.fail(f"after {signum.name} the app exited with {code}, not 0")
            printed = self.printed(app.terminal.plain(mark).decode("utf-8", "replace"))
            self.check_disk(printed)
        finally:
            app.close()

    def opened(self, app: Running) -> Showing:
        """The meeting the run shows: the unfinished one, resumed; a new one otherwise, or
        when the database cannot even be opened on the full disk (then kept in memory)."""
        room = self.room

        def shown(display: Display) -> bool:
            text = display.text()
            if KEPT_IN_MEMORY in text or not self.unfinished:
                return room.name.decode() in text
            return room.prompt.decode() in text

        self.until(app, shown, "the meeting screen")
        if not self.unfinished or KEPT_IN_MEMORY in app.display.text():
            return Showing(Board(room), len(self.meetings), resumed=False)
        app.display.restart()
        self.run.answer = "y"
        last = len(self.meetings) - 1
        return Showing(Board.of(room, self.meetings[last]), last, resumed=True)

    def printed(self, said: str) -> list[str]:
        """The changes the goodbye listed as not saved, in words (without their times)."""
        lines = said.replace("\r\n", "\n").splitlines()
        starts = [i for i, line in enumerate(lines) if UNSAVED_HEADING.search(line)]
        if not starts:
            return []
        listed = []
        for line in lines[starts[0] + 1 :]:
            if not line.startswith("  "):
                break
            listed.append(line.split("  ", 2)[2])
        return listed

    def check_disk(self, printed: list[str]) -> None:
        """The disk holds the changes sent up to some point; what it lacks was printed."""
        from facilitator.meeting.events import Event as Change
        from facilitator.words.goodbye import change_words

        run = self.run
        try:
            after = read_disk(self.data_dir, self.scratch)
        except AssertionError as problem:
            raise self.fail(f"the database is not as it should be: {problem}") from None
        run.after = after
        saved = sum(map(len, after)) - sum(map(len, run.before))
        if not 0 <= saved <= len(run.sent) or after != with_sent(run.before, run.sent[:saved]):
            raise self.fail("the disk is not the meetings before plus the first changes sent")
        labels = dict(zip(self.room.categories, self.room.labels, strict=True))
        lost = [
            change_words(Change(kind, 0.0, value), lambda c: labels.get(c, c))  # type: ignore[arg-type]
            for _number, (kind, value) in run.sent[saved:]
        ]
        if printed != lost:
            raise self.fail(f"not on the disk: {lost}; printed as the app ended: {printed}")
        self.meetings = after


def test_a_disk_that_fills_loses_no_change_that_was_shown(
    tmp_path: Path,
    seed: int,
    long_mode: bool,
    tuesday_agenda: Agenda,
    start_terminal: StartTerminal,
    small_disk: SmallDisk,
) -> None:
    disk = small_disk(768)
    chain = FullDiskChain(
        disk, tmp_path, seed, Room.of(tuesday_agenda), start_terminal, small_disk.fill
    )
    for number in range(rounds(long_mode, fast=6, full=60)):
        chain.disk_run(number)
