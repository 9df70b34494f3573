"""Offer to resume a meeting that was not ended."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..store import StoredMeeting
from ..words import opened_words, shown


class ResumeScreen(ModalScreen[bool]):
    """`y` resumes the meeting; `n` ends it where its record stops (it stays in history)."""

    BINDINGS = [
        Binding("y", "answer(True)", "Resume"),
        Binding("n", "answer(False)", "End it"),
    ]

    def __init__(self, stored: StoredMeeting, now: datetime) -> None:
        super().__init__()
        self.stored = stored
        self.now = now

    def compose(self) -> ComposeResult:
        stored = self.stored
        moment = stored.started_at or stored.created_at
        opened = opened_words(moment, stored.started_at is not None, self.now)
        with Vertical(classes="dialog", id="resume") as dialog:
            dialog.border_title = "A meeting was not ended"
            # The name is the agenda's text: square brackets in it are not markup.
            yield Label(f"Resume {shown(self.stored.name)}?", classes="heading", markup=False)
            yield Static(
                f"It {opened}. Resuming returns to the same step,"
                " tallies and share; the time since counts, as the meeting went on in the room.",
                markup=False,
            )
            yield Label("y resume · n end it (it stays in history)", classes="keys", markup=False)

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)
