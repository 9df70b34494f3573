"""The closing reminder and the agenda's resources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from ..agenda import Closing
from ..words.i18n import _
from ..words.meeting import resource_text
from ..words.room import ROOM_WORDS


class ClosingReminder(Vertical):
    """Peer support supplements professional treatment: the reminder and where to get help."""

    def __init__(self, closing: Closing, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.closing = closing

    def compose(self) -> ComposeResult:
        yield Static(self.closing.reminder, classes="reminder", markup=False)
        if self.closing.resources:
            yield Label(_(ROOM_WORDS["resources"]), classes="heading", markup=False)
            for resource in self.closing.resources:
                yield Static(resource_text(resource), classes="resource", markup=False)
