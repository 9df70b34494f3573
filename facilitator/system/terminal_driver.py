"""The terminal driver: Textual's own, which also notices when the terminal has gone away.

A terminal window can close without a SIGHUP reaching the app (the app is not in the
terminal's session, or the terminal emulator simply drops its side). Textual's Linux and
macOS driver then reads an endless end of input (a busy loop at full CPU) or fails on
an I/O error, and its output thread dies on the first write, after which every write waits
forever. This driver ends its input loop at the end of input or on an I/O error, drops
output once the terminal cannot take it, and in both cases tells the app with
`TerminalGone`, so the app can leave as it does on a hang-up: every change is already saved.

On Windows Textual's own driver runs; the console's closing ends the process there.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from textual import constants
from textual.message import Message

from ..textual_internals import (
    driver_output,
    set_driver_output,
    wait_for_queued_frames,
    xterm_parser,
)

if TYPE_CHECKING:
    from textual.driver import Driver


class TerminalGone(Message):
    """The terminal closed or failed: nobody is left to read the screen or type a key."""


LEAVE_SCREEN = (
    "\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # no more mouse reports
    "\x1b[?2004l"  # no bracketed paste
    "\x1b[?7h"  # lines wrap again
    "\x1b[?2048l"  # no in-band resize reports
    "\x1b[<u"  # the Kitty keyboard protocol's mode popped (before leaving the screen)
    "\x1b[?1049l"  # the shell's screen back
    "\x1b[?25h"  # the cursor shown
    "\x1b[?1004l"  # no focus reports
)
"""What Textual writes as the app leaves the terminal (`LinuxDriver.stop_application_mode`)."""


def leave_screen(driver: Driver | None) -> None:
    """Give the terminal back to the shell from another thread than the app's, which may be
    stuck: its screen left, its modes undone. Best effort: whatever fails is left as it is.
    """
    leave = getattr(driver, "leave_screen_from_thread", None)
    if callable(leave):
        leave()
        return
    # Textual's own drivers (Windows'): the screen and modes, where the app draws.
    output = driver_output(driver) or sys.__stderr__
    if output is None:
        return
    try:
        output.write(LEAVE_SCREEN)
        output.flush()
    except (OSError, ValueError, AttributeError):
        pass


def driver_class() -> type[Driver] | None:
    """The driver for this platform, or None for Textual's choice.

    Ours on Linux and macOS; Textual's on Windows, or when `TEXTUAL_DRIVER` names one.
    """
    if sys.platform == "win32" or constants.DRIVER is not None:
        return None
    return WatchfulDriver


class TerminalOutput:
    """The terminal's output for Textual's writer thread: once a write fails, it drops them.

    Textual's writer thread stops at the first exception; the app would then wait forever
    to queue the next frame. Here a failed write is the news that the terminal has gone.
    """

    def __init__(self, file: IO[str], gone: Callable[[], None]) -> None:
        self._file = file
        self._gone = gone
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                self._file.write(text)
            except (OSError, ValueError):  # ValueError: the file was closed under us
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._file.flush()
            except (OSError, ValueError):
                self._lose()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True

    def _lose(self) -> None:
        self.lost = True
        self._gone()


if sys.platform != "win32":
    import contextlib
    import os
    import selectors
    import termios
    from codecs import getincrementaldecoder

    from textual.app import App
    from textual.drivers.linux_driver import LinuxDriver

    class WatchfulDriver(LinuxDriver):
        """Textual's Linux and macOS driver, which says so when the terminal goes away."""

        def __init__(
            self,
            app: App[object],
            *,
            debug: bool = False,
            mouse: bool = True,
            size: tuple[int, int] | None = None,
        ) -> None:
            super().__init__(app, debug=debug, mouse=mouse, size=size)
            self._told = threading.Lock()
            self._gone = False
            output = TerminalOutput(driver_output(self) or sys.stderr, self._terminal_gone)
            set_driver_output(self, output)

        def run_input_thread(self) -> None:
            """Read keys until told to stop, or until the terminal has gone.

            Textual's loop, but an end of input (which would be read again and again at
            full speed) or an I/O error ends it and tells the app.
            """
            fileno = self.fileno
            selector = selectors.SelectSelector()  # as Textual: macOS cannot poll a tty
            selector.register(fileno, selectors.EVENT_READ)
            parser = xterm_parser(self)
            decode = getincrementaldecoder("utf-8")().decode
            try:
                while not self.exit_event.is_set():
                    if selector.select(0.1):
                        data = os.read(fileno, 4096)
                        if not data:
                            self._terminal_gone()
                            return
                        for event in parser.feed(decode(data)):
                            self.process_message(event)
                    for event in parser.tick():
                        self.process_message(event)
            except OSError:
                self._terminal_gone()
            finally:
                selector.close()

        def leave_screen_from_thread(self, wait: float = 1.0) -> None:
            """Leave the app's screen from a thread of ours while the app's loop is stuck.

            Textual's own way out runs on that loop (and sets signal handlers, which only
            the main thread may). The frames queued for the terminal are let out first, for
            up to `wait` seconds, so that the screen is left after the last of them.
            """
            wait_for_queued_frames(self, wait)
            output = driver_output(self)  # TerminalOutput: a terminal gone is no error
            if output is not None:
                output.write(LEAVE_SCREEN)
                output.flush()
            if self.attrs_before is not None:
                with contextlib.suppress(termios.error, OSError):
                    termios.tcsetattr(self.fileno, termios.TCSANOW, self.attrs_before)

        def _terminal_gone(self) -> None:
            """Tell the app once, from whichever thread noticed first."""
            with self._told:
                if self._gone:
                    return
                self._gone = True
            self.send_message(TerminalGone())
