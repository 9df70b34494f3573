"""The share timer: countdown, warning, TIME and overtime, in words as well as colour."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..engine import ShareView, Urgency
from ..words import format_duration, share_clock_words, share_words
from .urgency import show_urgency


@dataclass(frozen=True)
class SharePanelView:
    share: ShareView | None
    next_share: float
    completed: int
    average: float | None
    waiting: int
    suggested: float | None


class ShareTimer(Widget):
    """Shown on sharing steps."""

    view: reactive[SharePanelView | None] = reactive(None)

    def watch_view(self, view: SharePanelView | None) -> None:
        show_urgency(self, view.share.urgency if view and view.share else Urgency.OK)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        share = view.share
        if share is None:
            first = Content.assemble(
                ("No share running", "bold"),
                f" · space starts share {view.completed + 1} ({format_duration(view.next_share)})",
            )
        else:
            clock = share_clock_words(share.remaining)
            added = f" · {format_duration(share.added, signed=True)} added" if share.added else ""
            first = Content.assemble(
                (f"Share {share.number}", "bold"),
                "  ",
                (clock, "bold"),
                "  ",
                (share_words(share), "bold reverse"),
                f" of {format_duration(share.allotted)}{added}",
            )
        average = format_duration(view.average) if view.average is not None else "–"
        second = Content(
            f"Shares {view.completed} · average {average} · next {format_duration(view.next_share)}"
        )
        waiting = Content.assemble(
            f"Waiting {view.waiting} (w/W)",
        )
        if view.suggested is not None:
            waiting = Content.assemble(
                waiting,
                " · suggested ",
                (format_duration(view.suggested), "bold"),
                " (a applies)",
            )
        return Content("\n").join([first, second, waiting])
