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
from typing import IO, TYPE_CHECKING, cast

from textual import constants
from textual.message import Message

if TYPE_CHECKING:
    from io import TextIOWrapper

    from textual.driver import Driver


class TerminalGone(Message):
    """The terminal closed or failed: nobody is left to read the screen or type a key."""


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
    import os
    import selectors
    from codecs import getincrementaldecoder

    from textual._xterm_parser import XTermParser
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
            output = TerminalOutput(self._file or sys.stderr, self._terminal_gone)
            # Textual's writer thread only writes to it, flushes it and asks its fileno.
            self._file = cast("TextIOWrapper", output)

        def run_input_thread(self) -> None:
            """Read keys until told to stop, or until the terminal has gone.

            Textual's loop, but an end of input (which would be read again and again at
            full speed) or an I/O error ends it and tells the app.
            """
            fileno = self.fileno
            selector = selectors.SelectSelector()  # as Textual: macOS cannot poll a tty
            selector.register(fileno, selectors.EVENT_READ)
            parser = XTermParser(self._debug)
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

        def _terminal_gone(self) -> None:
            """Tell the app once, from whichever thread noticed first."""
            with self._told:
                if self._gone:
                    return
                self._gone = True
            self.send_message(TerminalGone())
