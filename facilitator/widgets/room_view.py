"""The room view (`b`): the time as large as the terminal allows, for the whole room to read.

A projector, a second screen, or the terminal shared in an online meeting: the digits grow
with the window, and around them the step's title, the state in words (`SHARE 3 · WARNING ·
0:30 LEFT`) and where the meeting stands against the clock. The state is also the colour
of the whole view, from the theme, never the only sign of it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from ..room.state import RoomViewState
from .block_digits import block_lines, scale_for
from .phrases import cut_cells
from .urgency import show_urgency


class BlockDigits(Widget):
    """`text` in block digits as large as the widget's size allows (plain text if tiny)."""

    text: reactive[str] = reactive("")

    def render(self) -> Content:
        width, height = self.content_size
        scale = scale_for(self.text, width, height)
        if scale == 0:
            return Content(cut_cells(self.text, width))
        return Content("\n".join(block_lines(self.text, scale)))


class RoomView(Vertical):
    """The room view: title, digits, state and schedule, coloured by the state."""

    view: reactive[RoomViewState | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Label("", id="room-title", markup=False)
        yield BlockDigits(id="room-digits")
        yield Label("", id="room-state", markup=False)
        yield Label("", id="room-schedule", markup=False)

    def watch_view(self, view: RoomViewState | None) -> None:
        if view is None:
            return
        self.query_one(BlockDigits).text = view.digits
        self.query_one("#room-title", Label).update(view.title)
        self.query_one("#room-state", Label).update(view.state)
        self.query_one("#room-schedule", Label).update(view.schedule)
        show_urgency(self, view.urgency)
        self.set_class(view.over, "-over")
        self.set_class(view.flash, "-flash")
