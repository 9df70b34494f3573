"""A pseudo-terminal's screen, rebuilt from what the app writes: what it shows now, not ever.

The output of a Textual app holds every frame it drew; a dialog that closed is still in it.
`Screen` keeps the grid of characters as the terminal would, so a test can tell what is on
the screen at this moment.
"""

from __future__ import annotations

import re


class Screen:
    """The grid of a `rows` x `columns` terminal fed the app's output.

    Textual writes each changed stretch of a line after a cursor move, so the screen is read
    after each move (`read`, for subclasses): a line is then either wholly as before or
    wholly new. Reading the bare text of the output instead would join stretches of
    different lines and frames.
    """

    CONTROL = re.compile(
        rb"\x1b\[([0-9;?<>=]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]"
        rb"|\x1b[=>]|[\r\n]"
    )
    ANY = re.compile(rb"\x1b")
    STOP = re.compile(rb"[\x1b\r\n]")

    def __init__(self, rows: int = 32, columns: int = 100) -> None:
        self.rows = rows
        self.columns = columns
        self.grid = [[" "] * columns for _ in range(rows)]
        self.row = self.column = 0
        self.written = False
        self.unread = b""

    def feed(self, output: bytes) -> None:
        data = self.unread + output
        at = 0
        while at < len(data):
            stop = self.STOP.search(data, at)
            end = stop.start() if stop else len(data) - _incomplete_tail(data)
            if end > at:
                self._write(data[at:end].decode("utf-8", "replace"))
                at = end
            if stop is None:
                break
            control = self.CONTROL.match(data, at)
            if control is None:
                if len(data) - at < 64:
                    break  # the rest of a control sequence is still to come
                control = self.ANY.match(data, at)  # one this screen has no use for
                assert control is not None
            self._control(control)
            at = control.end()
        self.unread = data[at:]

    def _write(self, text: str) -> None:
        line = self.grid[self.row] if self.row < self.rows else None
        for character in text:
            if line is not None and self.column < self.columns:
                line[self.column] = character
            self.column += 1
        self.written = True

    def _control(self, control: re.Match[bytes]) -> None:
        text = control.group(0)
        if control.re is not self.CONTROL:
            return  # a lone escape, or a sequence this screen has no use for
        moved = text in (b"\r", b"\n") or control.group(2) in (b"H", b"f", b"J", b"K")
        if moved and self.written:
            self.written = False
            self.read()
        if text == b"\r":
            self.column = 0
        elif text == b"\n":
            self.row += 1
        elif control.group(2) in (b"H", b"f"):
            parameters = (control.group(1) or b"").split(b";")
            self.row = int(parameters[0] or 1) - 1
            self.column = int(parameters[1] or 1) - 1 if len(parameters) > 1 else 0
        elif control.group(2) == b"J":
            self.grid = [[" "] * self.columns for _ in range(self.rows)]
        elif control.group(2) == b"K" and self.row < self.rows:
            self.grid[self.row][self.column :] = [" "] * (self.columns - self.column)

    def read(self) -> None:
        """The screen as it is now has changed since last read (a subclass reads it here)."""

    def text(self) -> str:
        return "\n".join("".join(line).rstrip() for line in self.grid)


def _incomplete_tail(text: bytes) -> int:
    """How many bytes at the end of `text` begin a UTF-8 character not yet complete."""
    for back in range(1, min(4, len(text)) + 1):
        byte = text[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte: look further back for the lead
        if byte < 0xC0:
            return 0
        needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
        return back if back < needed else 0
    return 0
