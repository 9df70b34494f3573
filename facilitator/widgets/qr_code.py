"""A QR code of the room page's address, drawn in half blocks for a phone to scan.

Two rows of modules in each row of cells (`▀`, `▄`, `█`), dark on light whatever the
theme: a scanner wants dark modules on a light ground with a light margin around them.
`segno` makes the matrix; it is imported only when a code is first drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

QUIET_MODULES = 2
"""The light margin around the code, in modules, when the width allows it (at least 1)."""

_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@lru_cache(maxsize=4)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, True where dark, with no margin."""
    import segno

    code = segno.make(text, error="l", boost_error=False, micro=False)
    return tuple(tuple(bool(m) for m in row) for row in code.matrix_iter(scale=1, border=0))


def half_block_lines(matrix: Sequence[Sequence[bool]], margin: int) -> list[str]:
    """`matrix` with `margin` light modules around it, two rows to a line of text."""
    width = len(matrix[0]) + 2 * margin
    light = (False,) * width
    rows = [light] * margin
    rows += [(False,) * margin + tuple(row) + (False,) * margin for row in matrix]
    rows += [light] * margin
    if len(rows) % 2:
        rows.append(light)
    return [
        "".join(_HALVES[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]


def qr_lines(text: str, width: int) -> list[str]:
    """The code of `text` in at most `width` cells, with the widest margin that fits; no
    lines when even a margin of one module does not fit."""
    matrix = qr_matrix(text)
    margin = min(QUIET_MODULES, (width - len(matrix)) // 2)
    if margin < 1:
        return []
    return half_block_lines(matrix, margin)


class QRCode(Widget):
    """`text` as a QR code, as large as one module per cell allows; empty when too narrow."""

    text: reactive[str] = reactive("", layout=True)

    def render(self) -> Content:
        if not self.text:
            return Content("")
        return Content("\n".join(qr_lines(self.text, self.content_size.width)))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if not self.text:
            return 0
        return len(qr_lines(self.text, width))
