"""Plain words that change every second (a step's time in words), drawn a line at a time:
only the cells whose words changed are drawn again, and the screen is laid out again only
when the lines no longer fit as they were."""

from __future__ import annotations

from ..words.phrasing import Phrase
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
        before = self.phrase_lines()
        self._text = text
        spans = changed_spans(before, self.phrase_lines(), self.content_size.width)
        if spans is None:
            self.refresh(layout=True)  # another number of lines, or one that wraps
        elif spans:
            self.refresh(*spans)

    def phrase_lines(self) -> list[Phrase]:
        return [[(line, "")] for line in self._text.split("\n")]
