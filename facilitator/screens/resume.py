"""Offer to resume a meeting that was not ended."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..engine import format_duration
from ..store import StoredMeeting


def started_words(stored: StoredMeeting, now: datetime) -> str:
    """`started 19:02 on Tue 24 Nov, 12:05 ago` (or `opened` when it never started)."""
    moment = stored.started_at or stored.created_at
    verb = "started" if stored.started_at else "opened (not started)"
    ago = format_duration(max(0.0, (now - moment).total_seconds()))
    return f"{verb} {moment.strftime('%H:%M on %a %d %b')}, {ago} ago"


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
        with Vertical(classes="dialog", id="resume") as dialog:
            dialog.border_title = "A meeting was not ended"
            # The name is the agenda's text: square brackets in it are not markup.
            yield Label(f"Resume {self.stored.name}?", classes="heading", markup=False)
            yield Static(
                f"It {started_words(self.stored, self.now)}. Resuming returns to the same step,"
                " tallies and share; the time since counts, as the meeting went on in the room.",
                markup=False,
            )
            yield Label("y resume · n end it (it stays in history)", classes="keys")

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)
