"""The share timer: countdown, warning, TIME and overtime, in words as well as colour.

In a one-on-one it times the sharing step itself: the step's time box, with no shares and no
queue.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..meeting.states import Urgency
from ..words.phrasing import Emphasis, Phrase
from .laid_out import content_size
from .phrase_lines import PhraseLines
from .phrases import changed_spans
from .urgency import show_urgency


@dataclass(frozen=True)
class SharePanelView:
    """What the share panel shows: its lines of words and how urgent the time is. Words,
    not seconds, so a view equal to the last one reads the same and is not drawn again."""

    lines: tuple[tuple[tuple[str, Emphasis], ...], ...]
    """`words.share_panel_phrases`, or a one-on-one's `words.time_box_phrases`."""
    urgency: Urgency = Urgency.OK


class ShareTimer(PhraseLines):
    """Shown on sharing steps."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: SharePanelView | None = None

    @property
    def view(self) -> SharePanelView | None:
        """What the panel shows; a view that reads as the last one draws nothing."""
        return self._view

    @view.setter
    def view(self, new: SharePanelView | None) -> None:
        old = self._view
        if new == old:
            return
        self._view = new
        show_urgency(self, new.urgency if new is not None else Urgency.OK)
        if old is None or new is None:
            self.refresh(layout=True)
            return
        # A running share changes a few cells a second: draw those, not the whole panel.
        before = [list(line) for line in old.lines]
        spans = changed_spans(before, [list(line) for line in new.lines], content_size(self).width)
        if spans is None:
            self.refresh(layout=True)  # as tall as its lines
        elif spans:
            self.refresh(*spans)

    def phrase_lines(self) -> list[Phrase]:
        view = self.view
        return [] if view is None else [list(line) for line in view.lines]
