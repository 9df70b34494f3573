"""The room view (`b`): digits as large as the window allows, the state in words and colour."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from textual.geometry import Region
from textual.widgets import Label

from facilitator.widgets.live_text import LiveText
from facilitator.widgets.room_view import BlockDigits, RoomView

from ..data import TUESDAY
from ..hints import MakeApp, Press, Size
from ..support.clocks import ManualClock

# Seconds into the test agenda's first 3:00 share, what the room reads, and its colour.
STATES = {
    "warning": (160.0, "SHARE 1 · WARNING · 0:20 LEFT", "-warning"),
    "time": (180.0, "SHARE 1 · TIME", "-time"),
    "overtime": (195.0, "SHARE 1 · +0:15 OVER", "-time"),
}


def digit_rows(digits: BlockDigits) -> list[str]:
    """The rows of blocks the digits draw (blank rows around them left out)."""
    rows = [strip.text for strip in digits.render_lines(Region(0, 0, *digits.size))]
    return [row for row in rows if "\u2588" in row]


def label(room: RoomView, name: str) -> str:
    """What a line of the room view says: its title, state or schedule."""
    line = room.query_one(f"#room-{name}")
    return line.text if isinstance(line, LiveText) else str(cast(Label, line).content)


@pytest.mark.parametrize("size", [(40, 12), (100, 32), (200, 56)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(STATES))
async def test_the_room_view_fills_the_window_and_says_the_state(
    make_app: MakeApp, press: Press, clock: ManualClock, size: Size, state: str
) -> None:
    seconds, words, colour = STATES[state]
    app = make_app(clock)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(seconds)
        await press(pilot, "b")
        room = app.screen.query_one(RoomView)
        assert label(room, "state") == words
        assert label(room, "title") == "Shares"
        assert "ends" in label(room, "schedule")
        assert room.has_class(colour)  # the colour says it too, never alone
        rows = digit_rows(room.query_one(BlockDigits))
        width, height = size
        assert len(rows) >= 5  # readable at 40x12
        assert max(len(row.rstrip()) for row in rows) <= width
        if size == (200, 56):
            drawn = len(rows) * max(len(row.strip()) for row in rows)
            assert drawn > width * height / 3  # more than a third of the screen


async def test_the_digits_grow_and_shrink_with_the_window(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "space", "b")
        digits = app.screen.query_one(BlockDigits)
        small = len(digit_rows(digits))
        await pilot.resize_terminal(200, 56)
        await pilot.pause()
        large = len(digit_rows(digits))
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert (small, large, len(digit_rows(digits))) == (15, 35, 5)


async def test_between_shares_the_room_sees_the_steps_time(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "b")
        room = app.screen.query_one(RoomView)
        assert label(room, "state") == "STEP 1 · 2:00 LEFT"
        assert room.query_one(BlockDigits).text == "2:00"
        clock.advance(150)
        await press(pilot, "b", "b")
        assert label(room, "state") == "STEP 1 · +0:30 OVER"
        assert room.has_class("-over")


async def test_time_holds_on_the_room_view_for_five_seconds(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(179)
        await press(pilot, "b")
        room = app.screen.query_one(RoomView)
        digits = room.query_one(BlockDigits)
        assert label(room, "state") == "SHARE 1 · WARNING · 0:01 LEFT"
        for wait in (1.0, 2.0, 2.75):  # 0, 2 and 4.75 seconds past time
            clock.advance(wait)
            await press(pilot, "b", "b")
            assert (label(room, "state"), digits.text) == ("SHARE 1 · TIME", "0:00")
            assert room.has_class("-time") and not room.has_class("-over")
        clock.advance(0.25)
        await press(pilot, "b", "b")
        assert (label(room, "state"), digits.text) == ("SHARE 1 · +0:05 OVER", "+0:05")
        assert room.has_class("-over")


async def test_between_shares_the_room_view_says_so_and_draws_the_time_smaller(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "b")
        room = app.screen.query_one(RoomView)
        digits = room.query_one(BlockDigits)
        assert label(room, "state") == "STEP 2 · BETWEEN SHARES · 12:00 LEFT"
        assert room.has_class("-step")
        between = len(digit_rows(digits))
        await press(pilot, "space")
        assert label(room, "state") == "SHARE 1 · 3:00 LEFT"
        assert not room.has_class("-step")
        assert len(digit_rows(digits)) > between  # a share's digits are plainly larger


async def test_before_the_start_the_room_view_shows_the_time_and_when_it_starts(
    make_app: MakeApp, press: Press, clock: ManualClock, tmp_path: Path
) -> None:
    # The tests' wall clock reads 19:00 as the app opens.
    text = TUESDAY.read_text(encoding="utf-8")
    agenda = tmp_path / "tuesday.toml"
    agenda.write_text(text.replace("[meeting]\n", '[meeting]\nstart = "19:05"\n'), "utf-8")
    app = make_app(clock, agenda)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "b")
        room = app.screen.query_one(RoomView)
        digits = room.query_one(BlockDigits)
        assert label(room, "title") == "Tuesday Night Open Discussion"
        assert (digits.text, label(room, "state")) == ("19:00", "starts 19:05 · in 5:00")
        clock.advance(90)
        await press(pilot, "b", "b")
        assert (digits.text, label(room, "state")) == ("19:01", "starts 19:05 · in 3:30")
        assert "s starts" not in label(room, "state")  # the facilitator's key is not the room's


async def test_before_the_start_without_one_the_room_view_shows_the_time_of_day(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "b")
        room = app.screen.query_one(RoomView)
        assert (room.query_one(BlockDigits).text, label(room, "state")) == ("19:00", "READY")
        await press(pilot, "b", "s", "b")
        assert label(room, "state") == "STEP 1 · 2:00 LEFT"


# ---------------------------------------------------------------------- the normal view


async def test_the_share_countdown_is_the_largest_thing_in_the_step_pane(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n")
        digits = app.screen.query_one("#share-digits", BlockDigits)
        assert not digits.display  # no share under way: nothing to count down
        await press(pilot, "space")
        clock.advance(160)
        await press(pilot, "w")  # any key redraws
        assert digits.display and digits.text == "0:20"
        assert len(digit_rows(digits)) == 5
        assert digits.has_class("-warning")


async def test_a_short_terminal_keeps_the_share_in_words(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 20)) as pilot:
        await press(pilot, "s", "n", "space")
        assert not app.screen.query_one("#share-digits", BlockDigits).display


async def test_notices_never_cover_the_share_countdown(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await press(pilot, "s", "n", "space")
        for number in range(3):  # a few at once, stacked, as a busy moment gives them
            app.notify(f"Notice {number}: something the facilitator should know about now")
        for _ in range(50):
            toasts = list(app.screen.query("Toast"))
            if toasts:
                break
            await pilot.pause(0.02)
        assert toasts, "the notices were not shown"
        await pilot.pause()
        covered = [app.screen.query_one("#share-digits"), app.screen.query_one("#share")]
        for toast in toasts:
            for widget in covered:
                assert not toast.region.overlaps(widget.region), (toast.region, widget.region)


@pytest.mark.parametrize("flash", [False, True])
async def test_time_up_flashes_the_room_view_only_when_the_agenda_asks(
    make_app: MakeApp, press: Press, clock: ManualClock, tmp_path: Path, flash: bool
) -> None:
    agenda = TUESDAY.read_text(encoding="utf-8")
    if flash:
        agenda = agenda.replace("[sharing]\n", "[sharing]\nflash = true\n", 1)
        assert "flash = true" in agenda
    path = tmp_path / "tuesday.toml"
    path.write_text(agenda, encoding="utf-8")
    app = make_app(clock, agenda_path=path)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "space", "b")
        room = app.screen.query_one(RoomView)
        seen = set()
        clock.advance(170)  # warning: never a flash
        for _ in range(6):
            await pilot.pause(0.2)
            seen.add(room.has_class("-flash"))
        assert seen == {False}
        clock.advance(15)  # time is up
        seen.clear()
        for _ in range(10):  # two seconds of ticks, 0.2 s apart
            await pilot.pause(0.2)
            seen.add(room.has_class("-flash"))
        assert seen == ({True, False} if flash else {False})
        assert room.has_class("-time")  # the colour and the words stay, flash or not
