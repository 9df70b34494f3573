"""The room view's block digits: as large as the space allows, never larger."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.widgets.block_digits import FONT, ROWS, block_lines, dots_wide, scale_for


def test_every_glyph_is_five_dots_tall_and_even() -> None:
    for char, glyph in FONT.items():
        assert len(glyph) == ROWS, char
        assert len({len(row) for row in glyph}) == 1, char


def test_a_countdown_is_drawn_dot_for_dot() -> None:
    assert block_lines("1", 1) == [
        "  ██  ",
        "████  ",
        "  ██  ",
        "  ██  ",
        "██████",
    ]
    lines = block_lines("0:30", 2)
    assert len(lines) == ROWS * 2
    assert {len(line) for line in lines} == {2 * 2 * dots_wide("0:30")}


@pytest.mark.parametrize(
    ("text", "size", "scale"),
    [
        ("0:30", (40, 12), 1),  # the smallest terminal still reads
        ("0:30", (100, 32), 3),
        ("0:30", (200, 56), 7),
        ("0:30", (300, 90), 11),
        ("+0:15", (200, 56), 5),
        ("1:05:00", (100, 32), 2),
        ("0:30", (20, 12), 0),  # no room: the view writes the time as text
    ],
)
def test_the_scale_is_the_largest_that_fits(text: str, size: tuple[int, int], scale: int) -> None:
    assert scale_for(text, *size) == scale


@given(
    st.text(st.sampled_from("0123456789:+-"), min_size=1, max_size=8),
    st.integers(1, 300),
    st.integers(1, 90),
)
def test_the_digits_never_overflow_their_space(text: str, width: int, height: int) -> None:
    scale = scale_for(text, width, height)
    if scale == 0:
        return
    lines = block_lines(text, scale)
    assert len(lines) <= height
    assert max(len(line) for line in lines) <= width
    bigger = block_lines(text, scale + 1)  # and one size up would not fit
    assert len(bigger) > height or max(len(line) for line in bigger) > width
