"""The dialog that corrects a past meeting's counts: a field for each attendance category."""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from ...meeting.events import MOST_COUNTED
from ...records.corrections import Counts
from ...words import meeting as words
from ...words import past as past_words
from ...words.i18n import N_, _

_COUNT = re.compile(rf"[0-9]{{1,{len(str(MOST_COUNTED))}}}")


class CorrectScreen(ModalScreen[dict[str, int] | None]):
    """Each attendance category's count, to be corrected; Enter or Save saves, Escape cancels.

    Dismissed with every category's count by id (the history works out what changed), or
    None: nothing is written.
    """

    CSS_PATH = "history.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, counts: Counts) -> None:
        super().__init__()
        self.counts = counts

    def compose(self) -> ComposeResult:
        counts = self.counts
        with VerticalScroll(classes="dialog", id="correct") as dialog:
            dialog.border_title = _("Correct counts")
            yield Label(words.shown(counts.name), classes="heading", markup=False)
            yield Label(past_words.day_and_time(counts.started), id="correct-when", markup=False)
            for index, (_category, label, count) in enumerate(counts.categories):
                with Horizontal(classes="count-row"):
                    yield Label(label, classes="count-label", markup=False)
                    yield Input(
                        str(count),
                        restrict=r"[0-9]*",
                        max_length=len(str(MOST_COUNTED)),
                        compact=True,
                        id=f"count-{index}",
                    )
            yield Label("", id="correct-problem", markup=False)
            yield Button(_("Save"), id="correct-save", compact=True)
            keys = _("Enter saves · tab moves · Escape cancels")
            yield Label(keys, classes="keys", markup=False)

    def on_mount(self) -> None:
        # The first count, not the scrolling dialog around them (which can take the focus).
        self.query(Input).first().focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#correct-save")
    def _save(self) -> None:
        counts: dict[str, int] = {}
        for index, (category, label, _count) in enumerate(self.counts.categories):
            field = self.query_one(f"#count-{index}", Input)
            typed = field.value.strip()
            if not _COUNT.fullmatch(typed):
                self.query_one("#correct-problem", Label).update(past_words.count_problem(label))
                field.focus()
                return
            counts[category] = int(typed)
        self.dismiss(counts)

    def action_cancel(self) -> None:
        self.dismiss(None)
