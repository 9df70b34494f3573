"""Plain words that change every second (a step's time in words, the room view's state),
drawn a line at a time, left-aligned or centred: only the cells whose words changed are drawn
again, and the screen is laid out again only when the lines no longer fit as they were."""

from __future__ import annotations

from rich.cells import cell_len
from textual.geometry import Region

from ..words.phrasing import Phrase
from .laid_out import content_size
from .phrase_lines import PhraseLines
from .phrases import changed_spans


class LiveText(PhraseLines):
    """Text shown as it is (never markup), one line per line of it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = ""

    @property
    def text(self) -> str:
        """The words shown."""
        return self._text

    def show(self, text: str) -> None:
        """Show `text`; nothing is drawn when it reads as before."""
        if text == self._text:
            return
        before = self._text.split("\n")
        self._text = text
        after = text.split("\n")
        width = content_size(self).width
        spans = changed_spans(
            [[(line, "")] for line in before], [[(line, "")] for line in after], width
        )
        if spans is not None and self.styles.text_align == "center":
            spans = _centred(spans, before, after, width)
        if spans is None:
            self.refresh(layout=True)  # another number of lines, or one that wraps
        elif spans:
            self.refresh(*spans)

    def phrase_lines(self) -> list[Phrase]:
        return [[(line, "")] for line in self._text.split("\n")]


def _centred(
    spans: list[Region], before: list[str], after: list[str], width: int
) -> list[Region] | None:
    """Spans of changed cells in left-aligned lines, moved to where the lines are centred;
    None when a changed line is not as wide as it was (it moves: draw it all again)."""
    moved = []
    for span in spans:
        cells = cell_len(after[span.y])
        if cells != cell_len(before[span.y]):
            return None
        moved.append(span.translate(((width - cells) // 2, 0)))
    return moved
