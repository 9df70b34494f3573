"""The share queue and the message to the room on the facilitator's screen: `w` and `W`,
a share calling the next ticket, undo putting it back, `m` and its ready-made messages."""

from __future__ import annotations

from textual.widgets import Input, Label, OptionList

from facilitator.app import FacilitatorApp
from facilitator.meeting.floor import Floor
from facilitator.screens.room_message import RoomMessageScreen
from facilitator.widgets.room_view import RoomView
from facilitator.widgets.share_timer import ShareTimer

from ..hints import MakeApp, Notices, Press, Size
from ..support.clocks import ManualClock


def floor_of(app: FacilitatorApp) -> Floor:
    assert app.floor is not None
    return app.floor


def panel(app: FacilitatorApp) -> str:
    return str(app.screen.query_one(ShareTimer).render())


async def test_a_share_calls_the_next_ticket_and_undo_puts_it_back(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n")
        assert "0 waiting · w adds a hand" in panel(app)
        floor = floor_of(app)
        phone = floor.queue.join("phone", "online", clock())
        await press(pilot, "w")
        hand = floor.queue.waiting()[-1]
        assert "2 waiting · 1 in the room · 1 online" in panel(app)
        await press(pilot, "space")
        assert f"Share 1 · {phone.name}" in panel(app)
        assert floor.queue.called(phone.name)
        assert "1 waiting · 1 in the room" in panel(app)
        await press(pilot, "u")  # the start taken back: the phone is first again
        assert floor.queue.waiting() == [phone, hand]
        assert "2 waiting" in panel(app)
        await press(pilot, "W")  # the hand added last leaves
        assert floor.queue.waiting() == [phone]


async def test_the_room_view_counts_the_queue_never_who(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "w", "w")
        floor_of(app).queue.join("phone", "online", clock())
        await press(pilot, "b")
        waiting = app.screen.query_one("#room-waiting", Label)
        assert waiting.display and str(waiting.content) == "3 waiting · 2 in the room · 1 online"
        shown = " ".join(
            str(label.content) for label in app.screen.query_one(RoomView).query(Label)
        )
        assert not any(ticket.name in shown for ticket in floor_of(app).queue.waiting())


async def test_m_shows_a_message_to_the_room_until_an_empty_line_clears_it(
    make_app: MakeApp,
    press: Press,
    notices: Notices,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "m")
        assert isinstance(app.screen, RoomMessageScreen)
        app.screen.query_one(Input).value = "Coffee [b]is[/b] in the back"
        await press(pilot, "enter")
        assert floor_of(app).message == "Coffee [b]is[/b] in the back"  # text, never markup
        shown = app.screen.query_one("#room-message-shown", Label)
        assert shown.display and "Coffee [b]is[/b] in the back" in str(shown.content)
        await press(pilot, "b")
        band = app.screen.query_one("#room-message", Label)
        assert band.display and str(band.content) == "Coffee [b]is[/b] in the back"
        assert not shown.display  # the facilitator's own line: not on what the room sees
        await press(pilot, "escape", "m", "enter")  # an empty line clears it
        assert floor_of(app).message is None
        assert not app.screen.query_one("#room-message-shown", Label).display
        assert "Message to the room cleared" in notices(app)


async def test_m_offers_ready_made_messages(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "m")
        presets = app.screen.query_one(OptionList)
        assert presets.option_count == 4
        await press(pilot, "down", "down", "enter")  # the second: a break
        message = floor_of(app).message
        assert message is not None and message.startswith("Break, back at ")
        await press(pilot, "m", "escape")  # Escape changes nothing
        assert floor_of(app).message == message
