"""Sound players for the tests: programs that record what they were asked to play."""

from __future__ import annotations

import shlex
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
