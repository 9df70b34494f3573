"""Offer to resume a meeting that was not ended."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..store.database import StoredMeeting
from ..store.recorder import is_stale
from ..words.i18n import N_, _
from ..words.meeting import shown
from ..words.past import changed_words, opened_words, resume_words
from .dialogs import KeysScreen, answer_bindings, bind_answers
from .keys import explained

Answer = Literal["resume", "end"]
"""Resume the meeting, or end it where its record stops; None: not now (it stays unfinished)."""


class ResumeScreen(ModalScreen[Answer | None]):
    """The language's yes key (and `y`) resumes the meeting; its no key (and `n`) ends it
    where its record stops (it stays in history); Escape leaves it unfinished for later.
    Enter gives the default answer: resume, or, for a meeting last changed more than six
    hours ago, end it at that change."""

    BINDINGS = [
        Binding("enter", "default", N_("Default"), show=False),
        Binding("escape", "not_now", N_("Not now")),
    ]

    def __init__(self, stored: StoredMeeting, now: datetime) -> None:
        super().__init__()
        self.stored = stored
        self.now = now
        self.stale = is_stale(stored, now)
        bind_answers(self, "answer('resume')", "answer('end')")

    def compose(self) -> ComposeResult:
        stored = self.stored
        moment = stored.started_at or stored.created_at
        opened = opened_words(moment, stored.started_at is not None, self.now)
        changed = changed_words(stored.last_wall, self.now)
        gap = (self.now - stored.last_wall).total_seconds()
        explanation, keys = resume_words(self.stale, gap, stored.last_wall)
        with Vertical(classes="dialog", id="resume") as dialog:
            dialog.border_title = _("A meeting was not ended")
            # The name is the agenda's text: square brackets in it are not markup.
            question = _("Resume {name}?").format(name=shown(self.stored.name))
            yield Label(question, classes="heading", markup=False)
            # Translators: {opened} and {changed} say when the meeting started and when it
            # last changed ("started 19:02 on Tue 24 Nov, 12:05 ago"); {explained} what the
            # answers do.
            about = _("It {opened}; {changed}. {explained}")
            yield Static(
                about.format(opened=opened, changed=changed, explained=explanation), markup=False
            )
            yield Label(keys, classes="keys", markup=False)

    def action_answer(self, answer: Answer) -> None:
        self.dismiss(answer)

    def action_help(self) -> None:
        """The keys that answer, in the language spoken."""
        default = N_("the default answer: resume, or end a meeting left long ago")
        bindings = [
            # Escape here is not an answer: the meeting stays unfinished for later.
            *answer_bindings(
                N_("resume the meeting"), N_("end it where its record stops"), escape=False
            ),
            *explained(default, Binding("enter", "default")),
            *explained(N_("not now: it stays unfinished"), Binding("escape", "not_now")),
        ]
        self.app.push_screen(KeysScreen(bindings))

    def action_default(self) -> None:
        self.dismiss("end" if self.stale else "resume")

    def action_not_now(self) -> None:
        self.dismiss(None)
