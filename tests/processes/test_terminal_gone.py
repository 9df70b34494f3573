"""A terminal that goes away without a hang-up: the real app saves and leaves within 2 s.

The app here runs in a pseudo-terminal that is not its controlling terminal, so closing the
terminal sends no SIGHUP: the app reads an end of input, or fails to write a frame. The
driver's own tests give it an input that ends or fails and an output that fails.
"""

from __future__ import annotations

import asyncio
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

from ..data import TUESDAY
from ..hints import ExpectedEvents, StartTerminal, StoredEvents

if TYPE_CHECKING:
    from textual.app import App

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

WITHIN = 2.0  # seconds from the terminal's going to the app's end


def _ended_within(process: subprocess.Popen[bytes], seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return process.poll()


def test_a_closed_terminal_without_a_hang_up_ends_the_meeting_saved(
    tmp_path: Path,
    start_terminal: StartTerminal,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
) -> None:
    data_dir = tmp_path / "data"
    terminal = start_terminal(data_dir)
    terminal.start_meeting()
    mark = len(terminal.seen)
    terminal.press("1123")
    terminal.wait_for_tallies({"attendees": 2, "newcomers": 1, "online": 1}, since=mark)
    started = time.monotonic()
    terminal.closed = True
    os.close(terminal.fd)  # the window goes; nothing signals the app
    status = _ended_within(terminal.process, WITHIN)
    assert status == 0, f"still running {time.monotonic() - started:.1f} s after the close"

    events, integrity, ended = stored_events(data_dir)
    assert (integrity, ended) == ("ok", 0)  # whole, and left to resume
    assert events == expected_events("1123")


def test_a_screen_that_cannot_be_written_ends_the_app(tmp_path: Path) -> None:
    keyboard, keyboard_end = pty.openpty()
    screen, screen_end = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="32")
    env["FACILITATOR_DATA_DIR"] = str(tmp_path / "data")
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitator", str(TUESDAY)],
        stdin=keyboard_end,
        stdout=screen_end,
        stderr=screen_end,
        env=env,
        start_new_session=True,
    )
    os.close(keyboard_end)
    os.close(screen_end)
    try:
        shown = b""
        deadline = time.monotonic() + 30
        while b"Tuesday Night" not in shown and time.monotonic() < deadline:
            if select.select([screen], [], [], 0.1)[0]:
                shown += os.read(screen, 65536)
        assert b"Tuesday Night" in shown
        os.write(keyboard, b"s")  # the clock now redraws every second
        os.close(screen)  # the screen goes; the keyboard stays
        assert _ended_within(process, WITHIN + 1.0) == 0  # the next frame finds it gone
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(keyboard)


class _Recipient:
    """Stands in for the app: keeps what the driver sends it."""

    def __init__(self) -> None:
        self.received: list[object] = []

    async def _post_message(self, message: object) -> bool:
        self.received.append(message)
        return True


async def _driver(fileno: int) -> tuple[Any, _Recipient]:
    from facilitator.system.terminal_driver import WatchfulDriver

    recipient = _Recipient()
    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTSTP, signal.SIGCONT)}
    driver = WatchfulDriver(cast("App[object]", recipient))
    for signum, handler in before.items():  # Textual's driver takes these; give them back
        signal.signal(signum, handler)
    driver.fileno = fileno
    return driver, recipient


async def _gone_told(recipient: _Recipient) -> list[str]:
    await asyncio.sleep(0.05)  # the driver's message crosses from its thread
    return [type(message).__name__ for message in recipient.received]


@pytest.mark.parametrize("ending", ["end of input", "read error"])
async def test_the_input_loop_ends_and_says_so(ending: str, tmp_path: Path) -> None:
    if ending == "end of input":
        fileno, writer = os.pipe()
        os.close(writer)
    else:
        fileno = os.open(tmp_path, os.O_RDONLY)  # always ready; reading it fails
    try:
        driver, recipient = await _driver(fileno)
        finished = asyncio.get_running_loop().run_in_executor(None, driver.run_input_thread)
        await asyncio.wait_for(finished, timeout=WITHIN)
        assert await _gone_told(recipient) == ["TerminalGone"]
    finally:
        os.close(fileno)


async def test_keys_before_the_end_are_still_read() -> None:
    fileno, writer = os.pipe()
    os.write(writer, b"1u")
    os.close(writer)
    try:
        driver, recipient = await _driver(fileno)
        finished = asyncio.get_running_loop().run_in_executor(None, driver.run_input_thread)
        await asyncio.wait_for(finished, timeout=WITHIN)
        told = await _gone_told(recipient)
        keys = [getattr(message, "key", None) for message in recipient.received]
    finally:
        os.close(fileno)
    assert keys[:2] == ["1", "u"]
    assert told[-1] == "TerminalGone"


def test_output_that_fails_is_dropped_and_said_once(tmp_path: Path) -> None:
    from facilitator.system.terminal_driver import TerminalOutput

    told: list[str] = []
    broken = open(tmp_path / "screen", "w")  # noqa: SIM115 (closed to make writes fail)
    broken.close()
    output = TerminalOutput(broken, lambda: told.append("gone"))
    assert output.write("a frame") == len("a frame")
    output.write("another")
    output.flush()
    assert told == ["gone"]
    assert output.lost


def test_output_that_works_is_written(tmp_path: Path) -> None:
    from facilitator.system.terminal_driver import TerminalOutput

    told: list[str] = []
    with open(tmp_path / "screen", "w") as screen:
        output = TerminalOutput(screen, lambda: told.append("gone"))
        output.write("a frame")
        output.flush()
        assert output.fileno() == screen.fileno()
    assert (tmp_path / "screen").read_text() == "a frame"
    assert told == []
