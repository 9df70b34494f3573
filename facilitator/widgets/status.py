"""The meeting's status line: name, clock, elapsed, schedule and projected end."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..words import format_duration, schedule_words


@dataclass(frozen=True)
class StatusView:
    name: str
    clock: str
    status: str
    elapsed: float
    variance: float
    projected_end: str
    planned_minutes: float


SCHEDULE_STYLES = {"ok": "$text-success", "behind": "$text-warning", "ahead": "$text-success"}


class MeetingStatus(Widget):
    """Two lines at the top of the meeting screen."""

    view: reactive[StatusView | None] = reactive(None)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        top = Content.assemble((view.name, "bold"), "  ", (view.clock, "$text-muted"))
        if view.status == "ready":
            planned = format_duration(view.planned_minutes * 60)
            line = Content.assemble(
                ("READY", "bold $text-accent"),
                f" · planned {planned} · would end {view.projected_end} · s starts",
            )
        elif view.status == "ended":
            planned = format_duration(view.planned_minutes * 60)
            line = Content.assemble(
                ("ENDED", "bold $text-accent"),
                " after ",
                (format_duration(view.elapsed), "bold"),
                f" · planned {planned} · ended {view.projected_end}",
            )
        else:
            words, schedule = schedule_words(view.variance)
            style = SCHEDULE_STYLES[schedule]
            line = Content.assemble(
                (format_duration(view.elapsed), "bold"),
                " elapsed · ",
                (words, f"bold {style}"),
                f" · ends {view.projected_end}",
            )
        return Content("\n").join([top, line])
