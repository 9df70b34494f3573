"""The list of agenda steps with planned and used time."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from ..meeting.states import StepView
from ..words.meeting import format_duration, step_minutes
from .laid_out import content_size
from .line_strips import LineStrips, Run
from .phrases import fit_cells

StepRow = Callable[[int], StepView]
"""The row of the step at an index, as the engine sees it now."""

MAX_TRACKED_ROWS = 200
"""Rows drawn since the last full repaint whose changes are looked for; beyond, repaint all."""


def shown_of(step: StepView) -> tuple[object, ...]:
    """What a step's row shows, to tell whether it reads differently: its time used as its
    words (whole seconds), not the fraction that changes between two frames."""
    used = format_duration(step.used) if step.used >= 1 else ""
    over = step.used > step.planned
    return (step.current, step.done, step.skipped, step.index, step.title, step.planned, used, over)


def step_row(step: StepView, width: int) -> list[Run]:
    """One step as a line of `width` cells: mark, number, title, then time used / planned."""
    if step.current:
        mark, style = "▶", "bold $text-accent"
    elif step.done:
        mark, style = "✓", "$text-muted"
    elif step.skipped:
        mark, style = "–", "$text-muted"  # never ran: not ticked as if done
    else:
        mark, style = " ", ""
    if step.used >= 1:
        over = step.used > step.planned
        used_style = "$text-warning" if over else "$text-muted"
        time = [(format_duration(step.used), used_style), (f"/{step_minutes(step.planned)}", "")]
    else:
        time = [(step_minutes(step.planned), "")]
    title = f"{mark} {step.index + 1:>2} {step.title}"
    title_width = max(8, width - sum(cell_len(text) for text, _ in time) - 1)
    return [(fit_cells(title, title_width), style), (" ", ""), *time]


class StepList(Widget):
    """Steps: done ones ticked, skipped ones dashed, the current one marked, time used
    against plan.

    Only the rows in sight are drawn, one line at a time, and after a change only the rows
    that now read differently are drawn again, so a key costs the same in any agenda.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._count = 0
        self._row: StepRow | None = None
        # What each row drawn since a full repaint shows (`shown_of`).
        self._drawn: dict[int, tuple[object, ...]] = {}
        self._line_strips = LineStrips(self)

    def show(self, count: int, row: StepRow) -> None:
        """Show `count` steps, each read from `row`; repaint only the rows that changed."""
        self._row = row
        if count != self._count:
            self._count = count
            self._repaint_all(layout=True)
            return
        if len(self._drawn) > MAX_TRACKED_ROWS:
            self._repaint_all()  # scrolled far: cheaper to draw what is in sight again
            return
        width = content_size(self).width
        for y, shown in list(self._drawn.items()):
            now = shown_of(row(y))
            if now != shown:
                self._drawn[y] = now
                self.refresh(Region(0, y, width, 1))

    def _repaint_all(self, layout: bool = False) -> None:
        self._drawn.clear()
        self.refresh(layout=layout)

    def render_line(self, y: int) -> Strip:
        width = content_size(self).width
        if self._row is None or not 0 <= y < self._count:
            return Strip.blank(width, self.visual_style.rich_style)
        step = self._row(y)
        self._drawn[y] = shown_of(step)
        return self._line_strips.strips(step_row(step, width), width, 1)[0]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_strips.forget()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._count
