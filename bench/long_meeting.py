"""A long meeting: a key's frame after 9,000 actions, against after 100."""

from __future__ import annotations

import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from bench.rows import Row
from bench.terminal import RunningApp
from tests.support.screen import Screen

AGENDA = """\
[meeting]
name = "Long meeting bench"

[[attendance]]
id = "attendees"
label = "Attendees"

[[attendance]]
id = "newcomers"
label = "Newcomers"

[[steps]]
title = "Round one"
kind = "sharing"
minutes = 60

[[steps]]
title = "Round two"
kind = "sharing"
minutes = 60

[[steps]]
title = "Closing"
kind = "closing"
minutes = 5
"""
SIZE = (100, 32)
ROUND = (b" ", b"2", b"\r", b"u", b"\r", b"n", b" ", b"\r", b"p", b"u", b"p", b"1")
"""One round of actions, from round one back to it: a share started, ended, its end taken
back and ended again; a move, a share there, a move back taken back and made again; two
tallies. The last key counts an attendee: the round is done when the count shows it."""
ACTIONS = 9000
EARLY = 100
MEASURED_ROUNDS = 10
"""Rounds of keys timed one by one, after 100 actions and after 9,000."""
ATTENDEES = re.compile(r"Attendees (\d+)")


class Meeting:
    """The app in a pseudo-terminal, its screen read as a terminal shows it."""

    def __init__(self, agenda: Path) -> None:
        self.app = RunningApp(agenda, b"Long meeting bench", size=SIZE)
        self.screen = Screen(rows=SIZE[1], columns=SIZE[0])
        self.screen.feed(self.app.first_frames)
        self.rounds = 0

    def read(self, timeout: float) -> bytes:
        output = self.app.read(timeout)
        self.screen.feed(output)
        return output

    def press(self, key: bytes) -> float:
        """Seconds from `key` to the first output of the frame it brings."""
        started = time.perf_counter()
        os.write(self.app.primary, key)
        deadline = started + 30
        while not self.read(0.5):
            if time.perf_counter() > deadline:
                raise SystemExit("no frame within 30 s of a key")
        elapsed = time.perf_counter() - started
        while self.read(0.02):
            pass
        return elapsed

    def counted(self) -> int:
        found = ATTENDEES.search(self.screen.text())
        return int(found[1]) if found else -1

    def play(self, rounds: int) -> None:
        """Play `rounds` rounds, each sent at once, as fast as the app draws them."""
        for _ in range(rounds):
            for key in ROUND:
                os.write(self.app.primary, key)
            self.rounds += 1
            deadline = time.perf_counter() + 60
            while self.counted() != self.rounds:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"round {self.rounds} was not drawn within 60 s")
                self.read(0.05)

    def timed(self, rounds: int) -> list[float]:
        """Each key's time to its frame, over `rounds` rounds pressed one key at a time."""
        timings = [self.press(key) for _ in range(rounds) for key in ROUND]
        self.rounds += rounds
        return timings


def bench_long_meeting(_runs: int) -> list[Row]:
    """The real app in a pseudo-terminal through 9,000 actions: tallies, shares started and
    ended, moves and undos; a key's time to its frame early on and at the end."""
    agenda = Path(tempfile.mkdtemp()) / "long.toml"
    agenda.write_text(AGENDA, encoding="utf-8")
    meeting = Meeting(agenda)
    try:
        meeting.press(b"s")
        meeting.play(EARLY // len(ROUND))
        early = meeting.timed(MEASURED_ROUNDS)
        played = len(ROUND) * meeting.rounds
        meeting.play((ACTIONS - played) // len(ROUND))
        late = meeting.timed(MEASURED_ROUNDS)
    finally:
        meeting.app.close()
    before, after = statistics.median(early), statistics.median(late)
    ratio = after / before
    return [
        Row(
            "key to frame after 9,000 actions, against after 100",
            f"median {after * 1000:.1f} ms, after 100 {before * 1000:.1f} ms",
            f"{ratio:.2f}x (goal at most 1.5x)",
            ratio <= 1.5,
        )
    ]
