"""The meeting's status line: name, clock, elapsed, schedule and projected end."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..words.meeting import status_phrase
from ..words.phrasing import Phrase
from .phrases import cut_cells, lines_content


@dataclass(frozen=True)
class MeetingStatusView:
    """What the meeting's status line shows, read from the engine."""

    name: str
    clock: str
    status: str
    elapsed: float
    variance: float
    projected_end: str
    planned_seconds: float
    spare_seconds: float = 0.0
    starts: str = ""
    """The scheduled start (`19:00`), shown until the meeting starts; "" without one."""
    until_start: float = 0.0
    """Seconds until the scheduled start (negative once past it)."""


class MeetingStatus(Widget):
    """Two lines at the top of the meeting screen."""

    view: reactive[MeetingStatusView | None] = reactive(None)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        # A long or wide name is cut to leave room for the clock, and never wraps.
        room = self.size.width - cell_len(view.clock) - 2
        top: Phrase = [(cut_cells(view.name, room), "strong"), ("  ", ""), (view.clock, "muted")]
        line = status_phrase(
            view.status,
            view.elapsed,
            view.variance,
            view.planned_seconds,
            view.projected_end,
            view.spare_seconds,
            view.starts,
            view.until_start,
        )
        return lines_content([top, line])
