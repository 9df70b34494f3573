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
        wrong = self._first_wrong()
        if wrong is not None:
            index, label = wrong
            self.query_one("#correct-problem", Label).update(past_words.count_problem(label))
            self.query_one(f"#count-{index}", Input).focus()
            return
        self.dismiss(
            {
                category: int(self.query_one(f"#count-{index}", Input).value.strip())
                for index, (category, _label, _count) in enumerate(self.counts.categories)
            }
        )

    @on(Input.Changed)
    def _recheck(self) -> None:
        """A problem shown goes once the count is put right (or names the next one wrong)."""
        problem = self.query_one("#correct-problem", Label)
        if not str(problem.content):
            return  # nothing said yet: a count is not judged while it is being typed
        wrong = self._first_wrong()
        problem.update("" if wrong is None else past_words.count_problem(wrong[1]))

    def _first_wrong(self) -> tuple[int, str] | None:
        """The first count that is not a count, by its place and label (None: all are)."""
        for index, (_category, label, _count) in enumerate(self.counts.categories):
            typed = self.query_one(f"#count-{index}", Input).value.strip()
            if not _COUNT.fullmatch(typed):
                return index, label
        return None

    def action_cancel(self) -> None:
        self.dismiss(None)
