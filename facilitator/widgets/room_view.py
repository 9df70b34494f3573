"""The room view (`b`): the time as large as the terminal allows, for the whole room to read.

A projector, a second screen, or the terminal shared in an online meeting: the digits grow
with the window, and around them the step's title, the state in words (`SHARE 3 · WARNING ·
0:30 LEFT`) and where the meeting stands against the clock. The state is also the colour
of the whole view, from the theme, never the only sign of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Label

from ..room.state import RoomViewState
from .block_digits import FONT, block_lines, dots_wide, scale_for
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

    text: reactive[str] = reactive("", repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawing: Drawing | None = None

    def watch_text(self, old: str, new: str) -> None:
        changed = changed_cells(old, new, *self.content_size)
        if changed is None:
            self.refresh()
        elif changed:
            self.refresh(*changed)

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        drawing = self._drawing
        if drawing is None or drawing.shape != (self.text, width, height):
            drawing = self._drawing = Drawing.of(self.text, width, height)
        row = y - drawing.top
        # The styles Textual gives centred text: the text's own, and the padding's.
        style = self.visual_style.rich_style
        padding = (self.visual_style + Style(reverse=False)).rich_style
        if not 0 <= row < len(drawing.lines):
            return Strip([Segment(" " * width, padding)], width)
        line = drawing.lines[row]
        right = max(0, width - drawing.left - cell_len(line))
        # Padded as Textual pads centred text: a segment each side.
        pieces = [(" " * drawing.left, padding), (line, style), (" " * right, padding)]
        return Strip([Segment(text, how) for text, how in pieces if text], width)


@dataclass(frozen=True)
class Drawing:
    """`text` drawn in block digits (or as plain text when too small), centred in a size."""

    shape: tuple[str, int, int]
    """The text, and the width and height it is drawn in."""
    lines: list[str]
    left: int
    top: int

    @classmethod
    def of(cls, text: str, width: int, height: int) -> Drawing:
        scale = scale_for(text, width, height)
        lines = block_lines(text, scale) if scale else [cut_cells(text, width)]
        # Centred as `content-align: center middle` centres text.
        left = max(0, width - cell_len(lines[0])) // 2
        return cls((text, width, height), lines, left, max(0, height - len(lines)) // 2)


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

    view: reactive[RoomViewState | None] = reactive(None, repaint=False)  # its parts draw

    def compose(self) -> ComposeResult:
        yield Label("", id="room-title", markup=False)
        yield BlockDigits(id="room-digits")
        yield Label("", id="room-state", markup=False)
        yield Label("", id="room-schedule", markup=False)

    def watch_view(self, view: RoomViewState | None) -> None:
        if view is None:
            return
        self.query_one(BlockDigits).text = view.digits
        show_text(self.query_one("#room-title", Label), view.title)
        show_text(self.query_one("#room-state", Label), view.state)
        show_text(self.query_one("#room-schedule", Label), view.schedule)
        show_urgency(self, view.urgency)
        self.set_class(view.over, "-over")
        self.set_class(view.flash, "-flash")
