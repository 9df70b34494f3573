"""The floor: a share started calls the next ticket, undo puts it back in front, the
co-host's actions are the facilitator's intents, and the message to the room is one line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator.agenda.values import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.floor import (
    COHOST_ACTIONS,
    MESSAGE_CHARACTERS,
    Floor,
    cohost_intent,
    message_text,
)
from facilitator.meeting.states import NotNow, ShareState, Status

from ..data import CLOSING, ROUND_ONE, ROUNDS
from ..support.clocks import ManualClock


def floor_of(clock: ManualClock, agenda: Agenda = ROUNDS) -> Floor:
    floor = Floor(Meeting(agenda, clock=clock))
    floor.meeting.start()
    floor.meeting.goto(ROUND_ONE)
    return floor


def test_starting_a_share_calls_the_first_ticket(clock: ManualClock) -> None:
    floor = floor_of(clock)
    a = floor.queue.join("a", "online", clock())
    b = floor.queue.join("b", "room", clock())
    floor.toggle_share()
    assert floor.ticket_of_share() == a and floor.queue.called(a.name)
    assert floor.queue.waiting() == [b] and floor.waiting() == 1
    floor.toggle_share()  # paused: nobody else called
    assert floor.meeting.share is not None and floor.meeting.share.running_since is None
    assert floor.queue.waiting() == [b]


def test_a_share_with_nobody_waiting_has_no_ticket(clock: ManualClock) -> None:
    floor = floor_of(clock)
    floor.toggle_share()
    assert floor.meeting.share is not None and floor.ticket_of_share() is None


def test_undoing_a_start_puts_its_ticket_back_in_front(clock: ManualClock) -> None:
    floor = floor_of(clock)
    a = floor.queue.join("a", "room", clock())
    b = floor.queue.join("b", "room", clock())
    floor.toggle_share()
    undone = floor.undo()
    assert undone.event.kind == "share_start"
    assert floor.queue.waiting() == [a, b] and not floor.queue.called(a.name)
    floor.toggle_share()  # started again: the same person
    assert floor.ticket_of_share() == a


def test_call_next_then_start_shares_the_one_called(clock: ManualClock) -> None:
    floor = floor_of(clock)
    with pytest.raises(NotNow, match="Nobody is waiting"):
        floor.call_next()
    a = floor.queue.join("a", "room", clock())
    b = floor.queue.join("b", "online", clock())
    assert floor.call_next() == a and floor.called == a
    with pytest.raises(NotNow, match="called already"):
        floor.call_next()
    assert floor.waiting() == 2  # the one called still waits for their share
    floor.start_share()
    assert floor.ticket_of_share() == a and floor.called is None
    assert floor.queue.waiting() == [b]


def test_the_suggestion_counts_the_queue(clock: ManualClock) -> None:
    floor = floor_of(clock)
    assert floor.suggested_share_seconds() is None
    for n in range(10):
        floor.queue.join(f"d{n}", "room", clock())
    # 30 minutes for 10 people: 3:00 each.
    assert floor.suggested_share_seconds() == 180
    assert floor.apply_suggestion() == 180
    assert floor.meeting.next_share_seconds() == 180


def test_hands_and_their_reasons(clock: ManualClock) -> None:
    floor = floor_of(clock)
    with pytest.raises(NotNow, match="No hand"):
        floor.lower_hand()
    hand = floor.raise_hand()
    assert floor.queue.waiting() == [hand]
    assert floor.lower_hand() == hand
    floor.meeting.end()
    with pytest.raises(NotNow, match="ended"):
        floor.raise_hand()


def test_the_end_takes_the_queue_with_it(clock: ManualClock) -> None:
    floor = floor_of(clock)
    floor.queue.join("a", "room", clock())
    floor.call_next()
    floor.queue.join("b", "room", clock())
    floor.ended()
    assert floor.waiting() == 0 and floor.called is None


def test_every_cohost_action_is_an_intent(clock: ManualClock) -> None:
    floor = floor_of(clock)
    meeting = floor.meeting
    floor.queue.join("a", "room", clock())

    def run(action: str, text: str | None = None) -> None:
        cohost_intent(floor, action, text)()

    with pytest.raises(NotNow, match="No share is under way"):
        run("pause")
    run("start_share")
    assert meeting.share is not None and floor.ticket_of_share() is not None
    with pytest.raises(NotNow, match="under way"):
        run("start_share")
    run("pause")
    assert meeting.share_view() is not None
    assert meeting.share_view().state is ShareState.PAUSED  # type: ignore[union-attr]
    run("pause")
    assert meeting.share_view().state is ShareState.RUNNING  # type: ignore[union-attr]
    allotted = meeting.share_view().allotted  # type: ignore[union-attr]
    run("add_time")
    assert meeting.share_view().allotted == allotted + 30  # type: ignore[union-attr]
    run("remove_time")
    run("end_share")
    assert meeting.share is None
    run("message", "  Please\twrap up  ")
    assert floor.message == "Please wrap up"
    run("message", "")
    assert floor.message is None
    run("next_step")
    assert meeting.current == ROUND_ONE + 1
    meeting.goto(CLOSING)
    with pytest.raises(NotNow, match="last step"):
        run("next_step")
    assert meeting.status is Status.RUNNING
    with pytest.raises(KeyError):
        cohost_intent(floor, "end_meeting", None)
    assert set(COHOST_ACTIONS) == {
        "start_share", "end_share", "pause", "add_time", "remove_time",
        "next_step", "call_next", "message",
    }  # fmt: skip


def test_a_one_on_one_has_no_queue(clock: ManualClock) -> None:
    agenda = replace(ROUNDS, meeting=replace(ROUNDS.meeting, kind="one-on-one"))
    floor = floor_of(clock, agenda)
    with pytest.raises(NotNow):
        floor.raise_hand()
    with pytest.raises(NotNow):
        floor.call_next()


def test_a_message_is_one_line_of_text() -> None:
    assert message_text("") is None and message_text(" \n\t ") is None
    assert message_text("Break,\nback at 19:45") == "Break, back at 19:45"
    assert message_text("\x1b[31mred\x1b[0m [b]bold[/b]") == "[31mred [0m [b]bold[/b]"
    assert message_text("a\u200bb") == "a b"  # a zero-width format character is a space
    assert len(message_text("x" * 500) or "") == MESSAGE_CHARACTERS


def test_a_called_ticket_that_leaves_is_no_longer_called(clock: ManualClock) -> None:
    floor = floor_of(clock)
    a = floor.queue.join("a", "room", clock())
    b = floor.queue.join("b", "room", clock())
    floor.call_next()
    assert floor.waiting_ticket(a.name) == a and floor.waiting() == 2
    assert floor.leave(a.name) and floor.called is None
    assert not floor.leave(a.name)
    floor.start_share()
    assert floor.ticket_of_share() == b
