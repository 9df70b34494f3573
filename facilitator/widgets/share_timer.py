"""The share timer: countdown, warning, TIME and overtime, in words as well as colour.

In a one-on-one it times the sharing step itself: the step's time box, with no shares and no
queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..meeting.states import ShareView, Urgency
from ..words.meeting import share_panel_phrases, time_box_phrases
from .phrases import lines_content
from .urgency import show_urgency


@dataclass(frozen=True)
class SharePanelView:
    share: ShareView | None
    next_share: float
    completed: int
    average: float | None
    waiting: int
    suggested: float | None
    one_on_one: bool = False
    """A one-on-one's sharing step: `share` is its time box (None before the start), and
    there are no shares to count nor anyone waiting."""
    planned: float = 0.0
    """The step's planned seconds: a one-on-one's time box."""


class ShareTimer(Widget):
    """Shown on sharing steps."""

    view: reactive[SharePanelView | None] = reactive(None)

    def watch_view(self, view: SharePanelView | None) -> None:
        show_urgency(self, view.share.urgency if view and view.share else Urgency.OK)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        if view.one_on_one:
            return lines_content(time_box_phrases(view.share, view.planned))
        return lines_content(
            share_panel_phrases(
                view.share,
                view.next_share,
                view.completed,
                view.average,
                view.waiting,
                view.suggested,
            )
        )
