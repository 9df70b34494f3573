"""Sound players for the tests: programs that record what they were asked to play."""

from __future__ import annotations

import contextlib
import os
import select
import shlex
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

_RECORDER = """\
import pathlib, sys, time
log = pathlib.Path({log!r})
with log.open("a", encoding="utf-8") as out:
    out.write(sys.argv[-1] + "\\n")
if {hang!r}:
    time.sleep(60)
sys.exit({exit_code!r})
"""


@dataclass(frozen=True)
class FakePlayer:
    """A player command (for `FACILITATOR_PLAYER`) and the log of the files it was given."""

    command: str
    log: Path

    def played(self) -> list[Path]:
        """The files played so far, in order."""
        if not self.log.exists():
            return []
        return [Path(line) for line in self.log.read_text(encoding="utf-8").splitlines()]

    def cues(self, played: list[Path] | None = None) -> list[str]:
        """The cues played so far (or in `played`), by the names of their files."""
        return [path.name.split("-")[0] for path in (self.played() if played is None else played)]

    def wait_for(self, count: int, seconds: float = 10) -> list[Path]:
        """The files played, once there are at least `count` of them."""
        deadline = time.monotonic() + seconds
        while len(played := self.played()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{count} plays expected, {len(played)} seen: {played}")
            time.sleep(0.01)
        return played


def fake_player(folder: Path, exit_code: int = 0, hang: bool = False) -> FakePlayer:
    """A player in `folder` that records each file, then exits with `exit_code` (or hangs)."""
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "played.log"
    script = folder / "player.py"
    script.write_text(_RECORDER.format(log=str(log), hang=hang, exit_code=exit_code))
    command = shlex.join([sys.executable, str(script)])
    return FakePlayer(command, log)


# A player that hands the sound to a child of its own and waits: `sh` starts `sleep` in the
# background, says its own number and the child's, and becomes another `sleep`. Both hold
# the write end of a named pipe, so its reader sees its end only once every one is gone.
_FAMILY = 'exec 3>"$0"; sleep 30 & echo "$$ $!" >&3; exec sleep 100'


class PlayerFamily:
    """A player (for `FACILITATOR_PLAYER` or `Player`) that starts a child of its own, and
    what tells whether any of them still runs."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.pipe = folder / "alive"
        os.mkfifo(self.pipe)
        # Open before the player: it never waits for a reader, and the end is seen here. A
        # writer of the test's own keeps the pipe open until the player has said it runs.
        self._alive = os.open(self.pipe, os.O_RDONLY | os.O_NONBLOCK)
        self._keep: int | None = os.open(self.pipe, os.O_WRONLY | os.O_NONBLOCK)
        self.arguments = ("sh", "-c", _FAMILY, str(self.pipe))
        self.command = shlex.join(self.arguments)
        self.numbers: list[int] = []
        self._said = b""

    def child(self, seconds: float = 10) -> int:
        """The number of the player's child, once it has started."""
        deadline = time.monotonic() + seconds
        while b"\n" not in self._said:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"the player's child did not start: {self._said!r}")
        if self._keep is not None:
            os.close(self._keep)  # from now on the pipe ends when the player's family does
            self._keep = None
        self.numbers = [int(number) for number in self._said.split(b"\n")[0].split()]
        return self.numbers[1]

    def wait_gone(self, seconds: float = 10) -> None:
        """Return once the player and its child have all ended; fail after `seconds`.

        `child` first: until then the pipe is kept open here.
        """
        assert self._keep is None, "child() first"
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("the player or its child still runs")
            if not self._read(left):
                return

    def _read(self, seconds: float) -> bool:
        """Read what the pipe has within `seconds`; False at its end (no writer left)."""
        ready, _, _ = select.select([self._alive], [], [], seconds)
        if not ready:
            return True  # nothing yet: still running
        chunk = os.read(self._alive, 4096)
        self._said += chunk
        return bool(chunk)

    def close(self) -> None:
        """Stop whatever of the family a failed test left running, and close the pipe."""
        for number in self.numbers:
            with contextlib.suppress(OSError):
                os.kill(number, signal.SIGKILL)
        if self._keep is not None:
            os.close(self._keep)
            self._keep = None
        os.close(self._alive)
