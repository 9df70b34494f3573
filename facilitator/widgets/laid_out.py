"""A widget's size as its last layout left it, read without looking up its place on the
screen: what the widgets that draw every second ask for many times a frame."""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def content_size(widget: Widget) -> Size:
    """`widget.content_size` (inside its padding and border), from the size it was laid out
    at: `Widget.content_size` finds the widget's region on its screen each time it is read."""
    width, height = widget.outer_size
    gutter = widget.styles.gutter
    return Size(max(0, width - gutter.width), max(0, height - gutter.height))
