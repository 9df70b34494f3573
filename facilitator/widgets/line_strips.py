"""A line of styled runs drawn straight to a Strip, as Textual's Content draws it.

Textual draws a line of text by wrapping it, aligning it and styling it run by run, parsing
each run's style again: for a countdown's line that turns each second, that is most of a
frame. A line that fits its width, left-aligned or centred, with nothing selected in it, is
drawn here from styles kept from frame to frame, into the same segments with the same styles
(a test compares the two over many lines); any other line is left to Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

Run = tuple[str, str]
"""Text and the Textual style it is drawn in ("" for the widget's own)."""


class LineStrips:
    """Draws one-line runs of text for `widget`, keeping each style it has worked out (by
    the style and the column, which a style's selection offset includes)."""

    def __init__(self, widget: Widget) -> None:
        self.widget = widget
        self._base: Style | None = None
        self._styles: dict[tuple[str, int], RichStyle] = {}

    def forget(self) -> None:
        """Work the styles out again (the theme or the widget's style changed)."""
        self._base = None
        self._styles.clear()

    def strips(self, runs: Sequence[Run], width: int, height: int | None = None) -> list[Strip]:
        """`runs` drawn in `width` cells: one line from the kept styles where `draw` can,
        else as Textual draws them (wrapped, at most `height` lines)."""
        strip = self.draw(runs, width)
        if strip is not None:
            return [strip]
        content = Content.assemble(*((text, style) if style else text for text, style in runs))
        widget = self.widget
        return Visual.to_strips(widget, content, width, height, widget.visual_style)

    def draw(self, runs: Sequence[Run], width: int) -> Strip | None:
        """`runs` as one line (left-aligned or centred, as the widget's `text-align` says), or
        None when Textual has to draw them: they do not fit in `width`, hold a character
        other than a printable one, the widget aligns them otherwise or pads them, or part
        of them is selected."""
        widget = self.widget
        styles = widget.styles
        align = styles.text_align
        if (
            widget.text_selection is not None
            or styles.content_align != ("left", "top")
            or align not in ("left", "start", "center")
            or styles.line_pad
        ):
            return None
        joined: list[Run] = []  # Content draws text next to text in the widget's style as one
        for text, style in runs:
            if not text:
                continue
            if not text.isprintable():
                return None  # a tab, a line break, or a sign Content would treat
            if joined and not style and not joined[-1][1]:
                joined[-1] = (joined[-1][0] + text, "")
            else:
                joined.append((text, style))
        cells = sum(cell_len(text) for text, _ in joined)
        if cells > width:
            return None
        base = widget.visual_style
        if base != self._base:
            self._base = base
            self._styles.clear()
        kept = self._styles
        segments = []
        x = 0
        for text, style in joined:
            rich = kept.get((style, x))
            if rich is None:
                rich = kept[style, x] = _rich_style(base, style, x)
            segments.append(Segment(text, rich))
            x += len(text)  # as Content counts the offset a selection reads
        if align != "center" or cells == width:
            return Strip(segments, cells)
        # Centred as Content centres a line: the spare cells either side, in the background.
        background = base.background_style.rich_style
        left = (width - cells) // 2
        sides = [Segment(" " * left, background)] if left else []
        return Strip([*sides, *segments, Segment(" " * (width - cells - left), background)], width)


def _rich_style(base: Style, style: str, x: int) -> RichStyle:
    """The style `Content.to_strip` gives text in `style` at column `x` over `base`."""
    text_style = Style.combine([base, Style.parse(style)]) if style else base
    return (base + text_style).rich_style_with_offset(x, 0)
