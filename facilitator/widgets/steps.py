"""The list of agenda steps with planned and used time."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..engine import StepView
from ..words import format_duration, step_minutes


class StepList(Widget):
    """Steps: done ones ticked, the current one marked, time used against plan."""

    steps: reactive[tuple[StepView, ...]] = reactive(())

    def render(self) -> Content:
        lines: list[Content] = []
        for step in self.steps:
            if step.current:
                mark, style = "▶", "bold $text-accent"
            elif step.done:
                mark, style = "✓", "$text-muted"
            else:
                mark, style = " ", ""
            used = ""
            if step.used >= 1:
                over = step.used > step.planned
                used_style = "$text-warning" if over else "$text-muted"
                used = format_duration(step.used)
                time = Content.assemble((used, used_style), f"/{step_minutes(step.planned)}")
            else:
                time = Content(step_minutes(step.planned))
            title = f"{mark} {step.index + 1:>2} {step.title}"
            width = max(8, self.size.width - time.cell_length - 1)
            if len(title) > width:
                title = title[: width - 1] + "…"
            lines.append(Content.assemble((title.ljust(width), style), " ", time))
        return Content("\n").join(lines)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return len(self.steps)
