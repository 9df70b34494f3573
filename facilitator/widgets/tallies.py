"""Anonymous attendance tallies: counts only, never names."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class TallyBar(Widget):
    """`1 Attendees 12  2 Newcomers 1 ...`, in agenda order (keys 1-9)."""

    tallies: reactive[tuple[tuple[str, int], ...]] = reactive(())

    def render(self) -> Content:
        parts: list[Content] = []
        for key, (label, count) in enumerate(self.tallies, start=1):
            parts.append(
                Content.assemble((f" {key} ", "reverse"), f" {label} ", (str(count), "bold"))
            )
        return Content("   ").join(parts)
