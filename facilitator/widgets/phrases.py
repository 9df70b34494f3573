"""Phrases from `words` drawn as styled text: each emphasis a style from the theme."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from textual.content import Content
from textual.geometry import Region

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


def changed_spans(
    before: Sequence[Phrase], after: Sequence[Phrase], width: int
) -> list[Region] | None:
    """Where lines of phrases drawn from the left of `width` cells differ: a span of cells
    per line that changed (a countdown's digits, not the words around them), or None when
    the lines cannot be compared so (their number changed, or one is wider than `width` and
    wraps or is cut): then draw them all again."""
    if len(before) != len(after):
        return None
    spans = []
    for y, (was, now) in enumerate(zip(before, after, strict=True)):
        old, new = _cells(was), _cells(now)
        if old == new:
            continue
        old_text = "".join(char for char, _ in old)
        new_text = "".join(char for char, _ in new)
        if max(cell_len(old_text), cell_len(new_text)) > width:
            return None
        start = 0
        while start < min(len(old), len(new)) and old[start] == new[start]:
            start += 1
        end_old, end_new = len(old), len(new)
        if end_old == end_new:  # the same length: what follows the change stays in place
            while end_old > start and old[end_old - 1] == new[end_new - 1]:
                end_old, end_new = end_old - 1, end_new - 1
        x = cell_len(new_text[:start])
        span = max(cell_len(old_text[start:end_old]), cell_len(new_text[start:end_new]))
        spans.append(Region(x, y, span, 1))
    return spans


def _cells(phrase: Phrase) -> list[tuple[str, str]]:
    """A phrase as its characters, each with its emphasis."""
    return [(char, how) for text, how in phrase for char in text]
