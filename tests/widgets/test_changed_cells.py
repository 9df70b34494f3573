"""What a turning second draws again: the cells that read differently, not the whole view."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.geometry import Region

from facilitator.widgets.block_digits import block_lines, scale_for
from facilitator.widgets.phrases import changed_spans
from facilitator.widgets.room_view import changed_cells
from facilitator.words.phrasing import Phrase


def test_a_turning_second_changes_only_its_own_digit() -> None:
    spans = changed_cells("2:59", "2:58", 80, 10)
    assert spans is not None and spans
    scale = scale_for("2:58", 80, 10)
    width = len(block_lines("2:58", scale)[0])
    last_digit = width - 3 * 2 * scale  # the last glyph's first column, from the left
    left = (80 - width) // 2
    assert all(span.x >= left + last_digit for span in spans)
    assert all(span.height == 1 for span in spans)


def test_the_same_digits_change_nothing() -> None:
    assert changed_cells("2:58", "2:58", 80, 10) == []


def test_a_drawing_of_another_shape_is_drawn_whole() -> None:
    assert changed_cells("10:00", "9:59", 80, 10) is None  # narrower: centred anew
    assert changed_cells("0:01", "+0:01", 200, 10) is None
    assert changed_cells("", "3:00", 80, 10) is None  # nothing drawn before


@given(
    st.text("0123456789", min_size=1, max_size=1),
    st.text("0123456789", min_size=1, max_size=1),
    st.integers(30, 200),
    st.integers(5, 60),
)
def test_redrawing_the_spans_gives_the_new_drawing(
    old: str, new: str, width: int, height: int
) -> None:
    before, after = f"1:{old}0", f"1:{new}0"
    spans = changed_cells(before, after, width, height)
    scale = scale_for(after, width, height)
    if spans is None:
        assert scale == 0
        return
    old_lines, new_lines = block_lines(before, scale), block_lines(after, scale)
    left, top = (width - len(new_lines[0])) // 2, (height - len(new_lines)) // 2
    patched = [list(line) for line in old_lines]
    for span in spans:
        y = span.y - top
        for x in range(span.x - left, span.right - left):
            patched[y][x] = new_lines[y][x]
    assert ["".join(line) for line in patched] == new_lines


def phrase(*runs: tuple[str, str]) -> Phrase:
    return list(runs)  # type: ignore[arg-type]


def test_a_status_line_redraws_the_seconds_not_the_words() -> None:
    before = [phrase(("12:30", "strong"), (" elapsed · on time", ""))]
    after = [phrase(("12:31", "strong"), (" elapsed · on time", ""))]
    assert changed_spans(before, after, 80) == [Region(4, 0, 1, 1)]


def test_a_line_that_grows_redraws_from_its_first_change_to_its_end() -> None:
    before = [phrase(("Waiting 0", "")), phrase(("9:59 left", "strong"))]
    after = [phrase(("Waiting 0", "")), phrase(("10:00 left", "strong"))]
    assert changed_spans(before, after, 80) == [Region(0, 1, 10, 1)]


def test_a_change_of_emphasis_alone_is_a_change() -> None:
    before = [phrase(("on time", "ok"))]
    after = [phrase(("on time", "behind"))]
    assert changed_spans(before, after, 80) == [Region(0, 0, 7, 1)]


def test_lines_that_wrap_or_change_in_number_are_drawn_whole() -> None:
    assert changed_spans([phrase(("a" * 20, ""))], [phrase(("b" * 20, ""))], 10) is None
    assert changed_spans([phrase(("a", ""))], [phrase(("a", "")), phrase(("b", ""))], 10) is None
    assert changed_spans([phrase(("a", ""))], [phrase(("a", ""))], 10) == []
