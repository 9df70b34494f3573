"""The meeting's status line: name, clock, elapsed, schedule and projected end."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..words import Phrase, status_phrase
from .phrases import lines_content


@dataclass(frozen=True)
class StatusView:
    name: str
    clock: str
    status: str
    elapsed: float
    variance: float
    projected_end: str
    planned_minutes: float


class MeetingStatus(Widget):
    """Two lines at the top of the meeting screen."""

    view: reactive[StatusView | None] = reactive(None)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        top: Phrase = [(view.name, "strong"), ("  ", ""), (view.clock, "muted")]
        line = status_phrase(
            view.status,
            view.elapsed,
            view.variance,
            view.planned_minutes * 60,
            view.projected_end,
        )
        return lines_content([top, line])
