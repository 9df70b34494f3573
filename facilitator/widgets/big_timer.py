"""A projector-sized view of the running timer (share or step) with its state word."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, Label

from ..engine import Urgency
from .urgency import show_urgency


@dataclass(frozen=True)
class BigTimerView:
    digits: str
    caption: str
    urgency: Urgency


class BigTimer(Vertical):
    """Big digits and a caption such as `SHARE 3 · WARNING`."""

    view: reactive[BigTimerView | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Digits("", id="big-digits")
        yield Label("", id="big-caption", markup=False)

    def watch_view(self, view: BigTimerView | None) -> None:
        if view is None:
            return
        self.query_one("#big-digits", Digits).update(view.digits)
        self.query_one("#big-caption", Label).update(view.caption)
        show_urgency(self, view.urgency)
