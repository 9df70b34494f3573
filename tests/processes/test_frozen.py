"""A frozen screen never holds a meeting hostage: the watchdog ends the real app, every change
saved, the terminal given back, and the meeting resumable.

The app is frozen the way Textual 8.2.8 froze it (`tests.support.freezing_app`): a timer with
a negative delay, Textual's loop spinning without ever coming back, deaf to SIGTERM.
"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..data import ALT_SCREEN_OFF, TUESDAY
from ..hints import StartTerminal
from ..support.freezing_app import FROZEN_AFTER
from ..support.terminal import PtyTerminal

ROOT = Path(__file__).resolve().parents[2]
ALT_SCREEN_ON = b"\x1b[?1049h"
FROZEN_LINE = b"facilitator stopped answering for"


def start_freezing(data_dir: Path, args: Sequence[str] = (str(TUESDAY),)) -> PtyTerminal:
    def start(
        data_dir: Path, args: Sequence[str] = args, files: int | None = None
    ) -> tuple[subprocess.Popen[bytes], int]:
        assert files is None  # no limit on open files is set here
        primary, secondary = pty.openpty()
        env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="32")
        env["FACILITATOR_DATA_DIR"] = str(data_dir)
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.freezing_app", *args],
            cwd=ROOT,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
        )
        os.close(secondary)
        return process, primary

    return PtyTerminal(start, data_dir, args)


def frozen_and_ended(terminal: PtyTerminal) -> int | None:
    """Freeze the app with `t`; how it exited, by the time the watchdog should have ended it."""
    terminal.press("t")
    started = time.monotonic()
    code = terminal.wait_exit(timeout=FROZEN_AFTER + 20)
    assert code is not None, "the frozen app never ended"
    assert time.monotonic() - started >= FROZEN_AFTER - 0.5, "ended before it was frozen long"
    return code


def test_a_frozen_app_is_ended_with_every_change_saved_and_the_terminal_given_back(
    tmp_path: Path, start_terminal: StartTerminal
) -> None:
    data_dir = tmp_path / "data"
    terminal = start_freezing(data_dir)
    try:
        terminal.start_meeting()
        mark = len(terminal.seen)
        terminal.press("1121")
        terminal.wait_for_tallies({"attendees": 3, "newcomers": 1, "online": 0}, since=mark)
        code = frozen_and_ended(terminal)
    finally:
        terminal.close()
    seen = terminal.seen
    assert code == 1
    assert seen.rfind(ALT_SCREEN_OFF) > seen.rfind(ALT_SCREEN_ON)
    after = terminal.plain(seen.rfind(ALT_SCREEN_OFF))
    assert FROZEN_LINE in after
    assert b"The meeting is saved: run facilitator again to resume it." in after
    assert b"supplements professional treatment" in after  # the closing reminder, as on q
    assert b"Traceback" not in seen
    assert b"could not be saved" not in after

    again = start_terminal(data_dir)
    again.wait_for(b"Resume Tuesday Night Open Discussion?")
    mark = len(again.seen)
    again.press("y")
    again.wait_for_tallies({"attendees": 3, "newcomers": 1, "online": 0}, since=mark)


def test_a_sigterm_that_a_frozen_app_cannot_hear_is_answered_by_the_watchdog(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    terminal = start_freezing(data_dir)
    try:
        terminal.start_meeting()
        terminal.press("3")
        terminal.wait_for_tallies({"attendees": 0, "newcomers": 0, "online": 1})
        terminal.press("t")
        terminal.drain(0.5)
        terminal.process.send_signal(signal.SIGTERM)  # handled on the loop, which spins
        code = terminal.wait_exit(timeout=FROZEN_AFTER + 20)
    finally:
        terminal.close()
    assert code == 1
    assert FROZEN_LINE in terminal.plain()
