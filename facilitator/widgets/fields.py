"""The editor's text fields, which draw a control character as a visible sign.

Validation refuses control characters, but the editor still opens a file that holds them, so
that they can be found and removed; Textual would pass them on to the terminal as they are.
Loaded with the editor only: `TextArea` is not needed to run a meeting.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import TextArea

from ..words.meeting import pictured


class ControlPictures(Highlighter):
    """For an `Input`: control characters in its value are drawn as visible signs.

    Validation refuses them, but the editor still shows a file that holds them, so that
    they can be found and removed; the value itself is left as it is.
    """

    def highlight(self, text: Text) -> None:
        text.plain = pictured(text.plain)


class PlainTextArea(TextArea):
    """A `TextArea` whose lines show control characters as visible signs (tabs stay tabs)."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        line.plain = pictured(line.plain, keep="\t")
        return line
