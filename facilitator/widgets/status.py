"""The meeting's status line: name, clock, elapsed, schedule and projected end."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from ..words.phrasing import Emphasis, Phrase
from .laid_out import content_size
from .phrase_lines import PhraseLines
from .phrases import changed_spans, cut_cells


@dataclass(frozen=True)
class MeetingStatusView:
    """What the meeting's status line shows: the words themselves, so a view equal to the
    last one is a line that reads the same, and is not drawn again."""

    name: str
    clock: str
    line: tuple[tuple[str, Emphasis], ...]
    """Where the meeting stands against the clock (`words.status_phrase`)."""


class MeetingStatus(PhraseLines):
    """Two lines at the top of the meeting screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._view: MeetingStatusView | None = None

    @property
    def view(self) -> MeetingStatusView | None:
        """What the line shows; a view that reads as the last one draws nothing."""
        return self._view

    @view.setter
    def view(self, new: MeetingStatusView | None) -> None:
        old = self._view
        if new == old:
            return
        self._view = new
        # The name and the clock stand still while the seconds run: draw what changed.
        if old is None or new is None or (old.name, old.clock) != (new.name, new.clock):
            self.refresh()
            return
        spans = changed_spans([list(old.line)], [list(new.line)], content_size(self).width)
        if spans is None:
            self.refresh()
        elif spans:
            self.refresh(*(span.translate((0, 1)) for span in spans))

    def phrase_lines(self) -> list[Phrase]:
        view = self.view
        if view is None:
            return []
        # A long or wide name is cut to leave room for the clock, and never wraps.
        room = content_size(self).width - cell_len(view.clock) - 2
        top: Phrase = [(cut_cells(view.name, room), "strong"), ("  ", ""), (view.clock, "muted")]
        return [top, list(view.line)]
