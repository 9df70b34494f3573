"""Phrases from `words` drawn as styled text: each emphasis a style from the theme."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from textual.content import Content

from ..words.phrasing import Emphasis, Phrase

STYLES: dict[Emphasis, str] = {
    "strong": "bold",
    "state": "bold $text-accent",
    "badge": "bold reverse",
    "muted": "$text-muted",
    "ok": "bold $text-success",
    "behind": "bold $text-warning",
    "ahead": "bold $text-success",
}


def phrase_content(phrase: Phrase) -> Content:
    """A phrase as one line of text, each run in its emphasis' style."""
    return Content.assemble(*(text if not how else (text, STYLES[how]) for text, how in phrase))


def lines_content(phrases: Sequence[Phrase]) -> Content:
    """Phrases as lines of text, one under the other."""
    return Content("\n").join([phrase_content(phrase) for phrase in phrases])


def cut_cells(text: str, width: int) -> str:
    """`text` as it fits in `width` terminal cells: cut with an ellipsis when it is longer."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1) + "…"


def fit_cells(text: str, width: int) -> str:
    """`text` in exactly `width` terminal cells: padded, or cut with an ellipsis."""
    return set_cell_size(cut_cells(text, width), width)
