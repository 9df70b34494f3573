"""Digits drawn with block characters, as large as the space allows (the room view's clock).

Each character is a 3 by 5 grid of dots (a colon and a space are narrower); a dot is drawn
as `2 * scale` columns by `scale` rows of full blocks, which looks square in a terminal
whose cells are twice as tall as they are wide. Pure: no Textual here, so the sizes are
tested directly.
"""

from __future__ import annotations

# Each glyph: five rows of dots, "#" drawn, "." blank.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..",) * 5,
}
ROWS = 5
"""Dots a glyph is tall."""
BLOCK = "\u2588"


def dots_wide(text: str) -> int:
    """How many dots `text` is wide, one blank dot between glyphs."""
    glyphs = [FONT[char] for char in text if char in FONT]
    return sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1)


def scale_for(text: str, width: int, height: int) -> int:
    """The largest scale at which `text` fits in `width` columns by `height` rows (0: none)."""
    wide = dots_wide(text)
    if wide == 0:
        return 0
    return max(0, min(height // ROWS, width // (2 * wide)))


def block_lines(text: str, scale: int) -> list[str]:
    """`text` drawn at `scale` (at least 1): `ROWS * scale` lines of equal width."""
    glyphs = [FONT[char] for char in text if char in FONT]
    lines = []
    for row in range(ROWS):
        dots = ".".join(glyph[row] for glyph in glyphs)
        line = "".join((BLOCK if dot == "#" else " ") * (2 * scale) for dot in dots)
        lines += [line] * scale
    return lines
