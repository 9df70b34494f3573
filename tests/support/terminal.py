"""The real app in a pseudo-terminal, and what its screen says about the tallies."""

from __future__ import annotations

import os
import re
import select
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..hints import StartInPty

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")
TALLY = re.compile(rb"(Attendees|Newcomers|Online) +(\d+)(?=\D)")  # a whole number
LABELS = {b"Attendees": "attendees", b"Newcomers": "newcomers", b"Online": "online"}


class PtyTerminal:
    """The real app in a pseudo-terminal; everything it writes is kept (and always drained)."""

    def __init__(
        self,
        start_in_pty: StartInPty,
        data_dir: Path,
        args: Sequence[str],
        files: int | None = None,
    ) -> None:
        self.process, self.fd = start_in_pty(data_dir, args, files)
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

    def start_meeting(self) -> None:
        """Wait for the test agenda's meeting screen, start the meeting, wait for its clock."""
        self.wait_for(b"Tuesday Night")
        self.press("s")
        self.wait_for(b"elapsed")

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
