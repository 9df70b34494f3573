"""The fault harness's two-window chain: two apps on one data directory, keys and kills.

Two windows run the real app on the same agenda and data directory, each in its own
pseudo-terminal. Round after round one of them is started (it resumes the meeting nobody
holds, or runs one of its own when the other window holds the only one: the line saying so
is read by the Pilot in tests/ui/test_resume.py, here it is a wrapped toast), sent a burst
of tallies, and maybe killed at a random moment. After each kill the disk holds, for every
meeting, the tallies sent to it up to some point, no fewer than its screen showed;
at the end both windows are stopped with SIGTERM, every tally is on disk, and each meeting
resumes as it stood.

A few rounds go in every test run; `pytest -m faults --long` runs a hundred.
FACILITATOR_FAULT_SEED replays the choices of a failed run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facilitator.store.database import DB_NAME

from ..hints import StartTerminal, Terminal

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]

CATEGORIES = ("attendees", "newcomers", "online")
PROMPT = b"Resume Tuesday Night Open Discussion?"

Events = list[tuple[str, str | None]]


@dataclass
class Window:
    """One terminal window, and the meeting it runs (its id on disk, once it has one)."""

    name: str
    terminal: Terminal | None = None
    meeting: int | None = None


@dataclass
class TwoWindows:
    """The chain's model: what each meeting must hold, and which window runs which."""

    data_dir: Path
    start_terminal: StartTerminal
    rng: random.Random
    seed: int
    sent: dict[int, Events] = field(default_factory=dict)
    windows: tuple[Window, Window] = (Window("A"), Window("B"))
    log: list[str] = field(default_factory=list)

    def fail(self, problem: str) -> AssertionError:
        history = "\n  ".join(self.log)
        return AssertionError(
            f"{problem}\nseed {self.seed} (FACILITATOR_FAULT_SEED={self.seed})\n  {history}"
            f"\n  disk: {self.disk()}"
        )

    def disk(self) -> dict[int, Events]:
        connection = sqlite3.connect(f"{(self.data_dir / DB_NAME).as_uri()}?mode=ro", uri=True)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            rows = connection.execute(
                "SELECT meeting_id, seq, kind, value FROM events ORDER BY meeting_id, seq"
            ).fetchall()
        finally:
            connection.close()
        found: dict[int, Events] = {}
        for meeting_id, seq, kind, value in rows:
            events = found.setdefault(meeting_id, [])
            assert seq == len(events), f"meeting {meeting_id} skips from {len(events)} to {seq}"
            events.append((kind, value))
        return found

    def other(self, window: Window) -> Window:
        return self.windows[1] if window is self.windows[0] else self.windows[0]

    def counts(self, meeting: int) -> dict[str, int]:
        tallies = dict.fromkeys(CATEGORIES, 0)
        for kind, value in self.sent[meeting]:
            if kind == "tally" and value is not None:
                tallies[value] += 1
        return tallies

    # ------------------------------------------------------------------ the steps

    def open(self, window: Window) -> None:
        """Start the app in `window`: it resumes the meeting nobody holds, or runs its own."""
        held = self.other(window).meeting if self.other(window).terminal else None
        free = [meeting for meeting in self.sent if meeting != held]
        terminal = window.terminal = self.start_terminal(self.data_dir)
        if free:
            window.meeting = max(free)
            self.log.append(f"{window.name} opens and resumes meeting {window.meeting}")
            terminal.wait_for(PROMPT)
            mark = len(terminal.seen)
            terminal.press("y")
            terminal.wait_for_tallies(self.counts(window.meeting), since=mark)
            return
        terminal.wait_for(b"Tuesday Night")
        terminal.drain(0.2)  # an offer would follow the first frame at once
        if PROMPT in terminal.plain():
            raise self.fail(f"{window.name} was offered meeting {held}, held by the other window")
        mark = len(terminal.seen)
        terminal.press("s")
        terminal.wait_for(b"elapsed", since=mark)
        window.meeting = max(self.sent, default=0) + 1
        self.sent[window.meeting] = [("start", None)]
        self.log.append(f"{window.name} opens and runs meeting {window.meeting} of its own")
        self.until_saved(window.meeting, 1)

    def until_saved(self, meeting: int, count: int) -> None:
        deadline = time.monotonic() + 10
        while len(self.disk().get(meeting, [])) < count and time.monotonic() < deadline:
            time.sleep(0.02)

    def tallies(self, window: Window) -> None:
        """A burst of tallies; then maybe a kill at a random moment of it."""
        assert window.terminal is not None and window.meeting is not None
        terminal, meeting = window.terminal, window.meeting
        keys = "".join(self.rng.choice("123") for _ in range(self.rng.randint(1, 12)))
        before = self.counts(meeting)
        mark = len(terminal.seen)
        terminal.press(keys)
        self.sent[meeting] += [("tally", CATEGORIES[int(key) - 1]) for key in keys]
        kill = self.rng.random() < 0.5
        self.log.append(f"{window.name} tallies {keys!r} in {meeting}{', killed' * kill}")
        if not kill:
            terminal.wait_for_tallies(self.counts(meeting), since=mark)
            return
        time.sleep(self.rng.uniform(0.0, 0.01 * len(keys)))
        terminal.process.send_signal(signal.SIGKILL)
        terminal.process.wait(timeout=10)
        terminal.drain(0.05)
        shown = terminal.tallies(since=mark)
        shown_count = sum(shown.values()) - sum(before.values()) if shown else 0
        terminal.close()
        window.terminal = None
        self.check(meeting, shown_count, len(keys))

    def check(self, meeting: int, shown: int, pressed: int) -> None:
        """The killed window's meeting: the tallies sent, up to a point no earlier than shown."""
        disk = self.disk()
        expected = self.sent[meeting]
        saved = disk.get(meeting, [])
        if saved != expected[: len(saved)]:
            raise self.fail(f"meeting {meeting} holds {saved}, not a start of {expected}")
        if len(saved) < len(expected) - pressed + shown:
            raise self.fail(f"meeting {meeting}: the screen showed {shown} tallies not saved")
        self.sent[meeting] = saved  # what was lost was never shown
        for other, events in disk.items():
            if other != meeting and events != self.sent.get(other, [])[: len(events)]:
                raise self.fail(f"meeting {other} of the other window changed under it")

    def finish(self) -> None:
        """SIGTERM both windows: every tally sent is saved; each meeting resumes as it stood."""
        for window in self.windows:
            if window.terminal is not None:
                window.terminal.process.send_signal(signal.SIGTERM)
                assert window.terminal.wait_exit(timeout=15) == 0
                window.terminal.close()
                window.terminal = None
        disk = self.disk()
        if disk != self.sent:
            raise self.fail(f"after SIGTERM the disk is not every change sent: {self.sent}")
        for meeting in sorted(self.sent, reverse=True):  # offered latest first
            window = self.windows[0]
            terminal = window.terminal = self.start_terminal(self.data_dir)
            terminal.wait_for(PROMPT)
            mark = len(terminal.seen)
            terminal.press("y")
            terminal.wait_for_tallies(self.counts(meeting), since=mark)
            window.meeting = meeting  # holds it: the next window is offered the one before


@pytest.fixture
def seed() -> int:
    given = os.environ.get("FACILITATOR_FAULT_SEED")
    return int(given) if given else random.SystemRandom().randrange(2**32)


def test_two_windows_on_one_data_directory_lose_nothing(
    tmp_path: Path, seed: int, long_mode: bool, start_terminal: StartTerminal
) -> None:
    chain = TwoWindows(tmp_path / "data", start_terminal, random.Random(seed), seed)
    for _ in range(100 if long_mode else 8):
        window = chain.rng.choice(chain.windows)
        if window.terminal is None:
            chain.open(window)
        chain.tallies(window)
    chain.finish()
