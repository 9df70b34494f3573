"""Lines of phrases drawn a line at a time: a line that reads as before is not drawn again.

The status line and the share panel change a few cells a second; Textual draws a widget's
whole text again whenever any of it changes. Here each line is drawn once for what it reads,
its width and its style, and kept until it reads differently.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from ..words.phrasing import Phrase
from .laid_out import content_size
from .line_strips import LineStrips
from .phrases import STYLES, lines_content


class PhraseLines(Widget):
    """A widget whose content is `phrase_lines()`, each line wrapped (or cut) as its styles
    say, drawn once until it reads differently."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: dict[tuple[tuple[tuple[str, str], ...], int], list[Strip]] = {}
        self._line_strips = LineStrips(self)

    def phrase_lines(self) -> Sequence[Phrase]:
        """The lines shown now (none by default)."""
        return []

    def render(self) -> Content:
        """All the lines as one text (what the widget says, for selection and readers); the
        screen is drawn a line at a time by `render_line`."""
        return lines_content(self.phrase_lines())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # another colour or weight: every line looks different
        self._line_strips.forget()

    def _strips(self, width: int) -> list[Strip]:
        drawn: dict[tuple[tuple[tuple[str, str], ...], int], list[Strip]] = {}
        strips: list[Strip] = []
        for line in self.phrase_lines():
            key = (tuple(line), width)
            lines = drawn.get(key) or self._drawn.get(key)
            if lines is None:
                lines = self._draw(line, width)
            drawn[key] = lines
            strips += lines
        self._drawn = drawn  # only what is shown is kept
        return strips

    def _draw(self, line: Phrase, width: int) -> list[Strip]:
        return self._line_strips.strips(
            [(text, STYLES[how] if how else "") for text, how in line], width
        )

    def render_line(self, y: int) -> Strip:
        width = content_size(self).width
        strips = self._strips(width)
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._strips(width))
