"""A frozen screen never holds a meeting hostage: the watchdog ends the real app, every change
saved, the terminal given back, and the meeting resumable.

The app is frozen the way Textual 8.2.8 froze it (`tests.support.freezing_app`): a timer with
a negative delay, Textual's loop spinning without ever coming back, deaf to SIGTERM.
"""

from __future__ import annotations

import io
import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pytest

from facilitator.system.terminal_driver import LEAVE_SCREEN, leave_screen

from ..data import ALT_SCREEN_OFF, TUESDAY
from ..hints import StartTerminal
from ..support.freezing_app import FROZEN_AFTER
from ..support.terminal import PtyTerminal

if TYPE_CHECKING:
    from textual.driver import Driver

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


class OtherDriver:
    """Textual's own driver where ours does not run (Windows): it draws on `_file`."""

    def __init__(self, file: io.StringIO | None) -> None:
        self._file = file


class BrokenOutput(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")


def test_with_textuals_own_driver_the_screen_is_left_where_it_draws(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn = io.StringIO()
    leave_screen(cast("Driver", OtherDriver(drawn)))
    assert drawn.getvalue() == LEAVE_SCREEN
    assert LEAVE_SCREEN.endswith("\x1b[?1049l\x1b[?25h\x1b[?1004l")  # the screen, the cursor
    # No driver at all, or one without a file: standard error, where Textual draws.
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", stderr)
    leave_screen(None)
    leave_screen(cast("Driver", OtherDriver(None)))
    assert stderr.getvalue() == LEAVE_SCREEN * 2
    leave_screen(cast("Driver", OtherDriver(BrokenOutput())))  # a terminal gone: no error
