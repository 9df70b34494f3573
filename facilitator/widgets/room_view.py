"""The room view (`b`): the time as large as the terminal allows, for the whole room to read.

A projector, a second screen, or the terminal shared in an online meeting: the digits grow
with the window, and around them the step's title, the state in words (`SHARE 3 · WARNING ·
0:30 LEFT`), where the meeting stands against the clock, how many wait to share (never
who) and, above it all, a message to the room. A step's time between shares, and
the time of day before the start, are drawn smaller than a share's. The state is also the colour
of the whole view, from the theme, never the only sign of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Label

from ..room.state import RoomViewState
from .block_digits import FONT, block_lines, dots_wide, scale_for
from .laid_out import content_size
from .live_text import LiveText
from .phrases import cut_cells
from .plain import show_text
from .urgency import show_urgency


class BlockDigits(Widget):
    """`text` in block digits as large as the widget's size allows (plain text if tiny),
    centred.

    Drawn a line at a time, and when a digit turns only the cells that change are drawn
    again: at the room view's size a whole redraw is tens of kilobytes a second to the
    terminal, and most of a frame's work.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""
        self._rows: _Rows | None = None  # while a frame is drawn

    @property
    def text(self) -> str:
        """What the digits say; the same again draws nothing."""
        return self._text

    @text.setter
    def text(self, new: str) -> None:
        old = self._text
        if new == old:
            return
        self._text = new
        changed = changed_cells(old, new, *content_size(self))
        if changed is None:
            self.refresh()
        elif changed:
            self.refresh(*changed)

    def render_lines(self, crop: Region) -> list[Strip]:
        # Each row a turning digit crosses (dozens at a projector's size) is drawn from one
        # drawing and one pair of styles, worked out once for them all.
        self._rows = self._rows_now()
        try:
            return super().render_lines(crop)
        finally:
            self._rows = None

    def render_line(self, y: int) -> Strip:
        return (self._rows or self._rows_now()).line(y)  # asked outside a frame: worked out

    def _rows_now(self) -> _Rows:
        width, height = content_size(self)
        base = self.visual_style
        # The styles Textual gives centred text: the text's own, and the padding's.
        return _Rows(
            Drawing.of(self._text, width, height),
            width,
            base.rich_style,
            (base + Style(reverse=False)).rich_style,
        )


@dataclass(frozen=True)
class _Rows:
    """The rows of a drawing, in its styles, as Textual draws centred text."""

    drawing: Drawing
    width: int
    style: RichStyle
    padding: RichStyle

    def line(self, y: int) -> Strip:
        drawing, width = self.drawing, self.width
        row = y - drawing.top
        if not 0 <= row < len(drawing.lines):
            return Strip([Segment(" " * width, self.padding)], width)
        line = drawing.lines[row]
        right = max(0, width - drawing.left - cell_len(line))
        # Padded as Textual pads centred text: a segment each side.
        pieces = [
            (" " * drawing.left, self.padding),
            (line, self.style),
            (" " * right, self.padding),
        ]
        return Strip([Segment(text, how) for text, how in pieces if text], width)


@dataclass(frozen=True)
class Drawing:
    """`text` drawn in block digits (or as plain text when too small), centred in a size."""

    shape: tuple[str, int, int]
    """The text, and the width and height it is drawn in."""
    lines: tuple[str, ...]
    left: int
    top: int

    @classmethod
    def of(cls, text: str, width: int, height: int) -> Drawing:
        """The drawing of `text` in `width` by `height` cells; the last few are kept, as a
        turning second asks for the drawing before it and the one after."""
        return _drawing(text, width, height)


@lru_cache(maxsize=8)
def _drawing(text: str, width: int, height: int) -> Drawing:
    scale = scale_for(text, width, height)
    lines = block_lines(text, scale) if scale else [cut_cells(text, width)]
    # Centred as `content-align: center middle` centres text.
    left = max(0, width - cell_len(lines[0])) // 2
    return Drawing((text, width, height), tuple(lines), left, max(0, height - len(lines)) // 2)


def changed_cells(old: str, new: str, width: int, height: int) -> list[Region] | None:
    """The cells that differ between `old` and `new` drawn in block digits centred in
    `width` by `height` cells, a span per row, or None when the drawing changes shape (draw
    it all again)."""
    scale = scale_for(new, width, height)
    if scale == 0 or scale != scale_for(old, width, height) or dots_wide(old) != dots_wide(new):
        return None
    old_glyphs = [char for char in old if char in FONT]
    new_glyphs = [char for char in new if char in FONT]
    if len(old_glyphs) != len(new_glyphs):
        return None
    # Where each glyph that turned lies, in columns: a glyph, then a dot of space.
    turned, x = [], 0
    for was, now in zip(old_glyphs, new_glyphs, strict=True):
        wide = len(FONT[now][0]) * 2 * scale
        if was != now:
            turned.append((x, x + wide))
        x += wide + 2 * scale
    before, after = Drawing.of(old, width, height), Drawing.of(new, width, height)
    left, top = after.left, after.top
    spans = []
    for y, (was_line, now_line) in enumerate(zip(before.lines, after.lines, strict=True)):
        changed = [(a, b) for a, b in turned if was_line[a:b] != now_line[a:b]]
        if changed:
            start, end = changed[0][0], changed[-1][1]
            spans.append(Region(left + start, top + y, end - start, 1))
    return spans


class RoomView(Vertical):
    """The room view: title, digits, state and schedule, coloured by the state."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: RoomViewState | None = None
        self._message = Label("", id="room-message", markup=False)
        self._title = Label("", id="room-title", markup=False)
        self._digits = BlockDigits(id="room-digits")
        self._state = LiveText(id="room-state")
        self._schedule = Label("", id="room-schedule", markup=False)
        self._waiting = Label("", id="room-waiting", markup=False)

    def compose(self) -> ComposeResult:
        yield self._message
        yield self._title
        yield self._digits
        yield self._state
        yield self._schedule
        yield self._waiting

    @property
    def view(self) -> RoomViewState | None:
        """What the room sees; its parts draw only what reads differently."""
        return self._view

    @view.setter
    def view(self, view: RoomViewState | None) -> None:
        if view is None or view == self._view:
            return
        self._view = view
        self._digits.text = view.digits
        show_text(self._title, view.title)
        self._state.show(view.state)
        show_text(self._schedule, view.schedule)
        show_text(self._message, view.message)
        self._message.display = bool(view.message)
        show_text(self._waiting, view.waiting)
        self._waiting.display = bool(view.waiting)
        show_urgency(self, view.urgency)
        self.set_class(view.over, "-over")
        self.set_class(view.flash, "-flash")
        self.set_class(view.step_time, "-step")
