"""The room page's QR code, drawn in half blocks: the drawing holds the code's modules."""

from __future__ import annotations

import pytest

from facilitator.widgets.qr_code import QUIET_MODULES, half_block_lines, qr_lines, qr_matrix

ADDRESS = "http://192.168.100.200:8765/kT3x_9ZqQ0v-abcdefghij/"

_TOP = {" ": False, "▄": False, "▀": True, "█": True}
_BOTTOM = {" ": False, "▀": False, "▄": True, "█": True}


def modules_of(lines: list[str]) -> list[tuple[bool, ...]]:
    """The drawing read back as rows of modules, as a camera would see them."""
    rows: list[tuple[bool, ...]] = []
    for line in lines:
        rows.append(tuple(_TOP[cell] for cell in line))
        rows.append(tuple(_BOTTOM[cell] for cell in line))
    return rows


@pytest.mark.parametrize("width", [31, 33, 40])
def test_the_drawing_is_the_code_with_a_light_margin(width: int) -> None:
    matrix = qr_matrix(ADDRESS)
    lines = qr_lines(ADDRESS, width)
    margin = min(QUIET_MODULES, (width - len(matrix)) // 2)
    assert margin >= 1
    assert {len(line) for line in lines} == {len(matrix) + 2 * margin}
    drawn = modules_of(lines)
    light = (False,) * (len(matrix) + 2 * margin)
    assert drawn[:margin] == [light] * margin
    inner = drawn[margin : margin + len(matrix)]
    assert [row[margin:-margin] for row in inner] == [tuple(row) for row in matrix]
    assert all(not any(row[:margin] + row[-margin:]) for row in inner)
    assert not any(any(row) for row in drawn[margin + len(matrix) :])  # and below it


def test_an_address_this_long_fits_the_step_list_column() -> None:
    # Version 3 at the lowest correction: 29 modules, 33 cells with its margin of two.
    assert len(qr_matrix(ADDRESS)) == 29
    assert len(qr_lines(ADDRESS, 33)[0]) == 33
    assert len(qr_lines(ADDRESS, 33)) == 17


def test_too_narrow_draws_nothing() -> None:
    assert qr_lines(ADDRESS, 30) == []


def test_an_odd_number_of_rows_ends_with_a_light_half() -> None:
    lines = half_block_lines([(True,), (True,), (True,)], margin=0)
    assert lines == ["█", "▀"]
