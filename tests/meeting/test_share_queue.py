"""The share queue: tickets in two lanes, in the agenda's order, never a name, bounded."""

from __future__ import annotations

import random
import re

import pytest

from facilitator.meeting.share_queue import (
    LETTERS,
    QueueFull,
    ShareQueue,
    Ticket,
    TooSoon,
)


def queue(**options: object) -> ShareQueue:
    return ShareQueue(chance=random.Random(7), **options)  # type: ignore[arg-type]


def names(tickets: list[Ticket]) -> list[str]:
    return [ticket.name for ticket in tickets]


def test_a_ticket_is_a_letter_and_a_number_never_a_name() -> None:
    line = queue()
    tickets = [line.join(f"device-{n}", "room", now=float(n)) for n in range(100)]
    assert all(re.fullmatch(f"[{LETTERS}][1-9][0-9]?", t.name) for t in tickets)
    assert len(set(names(tickets))) == 100  # never two alike in a meeting


def test_first_come_first_served_and_places() -> None:
    line = queue()
    a = line.join("a", "room", 0)
    b = line.join("b", "online", 1)
    c = line.join("c", "room", 2)
    assert names(line.waiting()) == [a.name, b.name, c.name]
    assert [line.position(t.name) for t in (a, b, c)] == [1, 2, 3]
    assert line.counts() == {"room": 2, "online": 1}
    assert line.call_next() == a
    assert line.called(a.name) and line.position(a.name) is None
    assert line.position(b.name) == 1


def test_joining_again_gives_the_same_ticket_in_the_same_place() -> None:
    line = queue()
    a = line.join("a", "room", 0)
    line.join("b", "room", 1)
    assert line.join("a", "online", 2) == a  # a second tap: the same ticket, not a new one
    assert line.position(a.name) == 1 and len(line) == 2


def test_a_device_joins_at_most_once_in_ten_seconds() -> None:
    line = queue()
    a = line.join("a", "room", 0)
    assert line.leave(a.name)
    with pytest.raises(TooSoon):
        line.join("a", "room", 9.9)
    assert line.join("a", "room", 10.0).lane == "room"


def test_at_most_a_hundred_wait() -> None:
    line = queue()
    for n in range(100):
        line.join(f"d{n}", "online", 0)
    with pytest.raises(QueueFull):
        line.join("one-more", "room", 0)
    with pytest.raises(QueueFull):
        line.raise_hand()
    line.call_next()
    assert line.join("one-more", "room", 0) in line.waiting()


def test_alternate_takes_the_lanes_in_turn() -> None:
    line = queue(order="alternate")
    room = [line.join(f"r{n}", "room", n) for n in range(3)]
    online = [line.join(f"o{n}", "online", 10 + n) for n in range(2)]
    expected = [room[0], online[0], room[1], online[1], room[2]]
    assert line.waiting() == expected
    assert line.call_next() == room[0]
    # The last call was the room's: online goes next, whoever joined first.
    assert line.waiting()[0] == online[0]


def test_first_share_first_puts_those_who_have_not_shared_before() -> None:
    line = queue(first_share_first=True, rejoin_seconds=0)
    a = line.join("a", "room", 0)
    assert line.call_next() == a
    again = line.join("a", "room", 1)
    assert again.name == a.name  # one ticket per device, for the meeting
    b = line.join("b", "room", 2)
    assert line.waiting() == [b, again]
    assert not line.called(a.name)  # waiting again: not its turn any more


def test_a_ticket_put_back_goes_before_every_other() -> None:
    line = queue(order="alternate", first_share_first=True)
    a = line.join("a", "online", 0)
    b = line.join("b", "room", 1)
    called = line.call_next()
    assert called == a
    line.put_back(called)
    assert line.waiting() == [a, b]
    assert not line.called(a.name)


def test_hands_raised_in_the_room_and_taken_back() -> None:
    line = queue()
    device = line.join("a", "online", 0)
    first, second = line.raise_hand(), line.raise_hand()
    assert first.device is None and first.lane == "room"
    assert line.lower_hand() == second
    assert line.waiting() == [device, first]
    assert line.call_next() == device
    assert line.call_next() == first
    assert line.lower_hand() is None  # called: no longer waiting, not taken back


def test_leaving_and_forgetting() -> None:
    line = queue()
    a = line.join("a", "room", 0)
    hand = line.raise_hand()
    assert not line.leave("Z9")
    line.forget_devices()  # the page stopped
    assert line.waiting() == [hand] and not line.known(a.name)
    line.clear()  # the meeting ended
    assert line.waiting() == [] and len(line) == 0


def test_what_a_device_leaves_behind_stays_bounded() -> None:
    """Joining and leaving over and over holds nothing more than the last few seconds'."""
    line = queue()
    for n in range(1000):
        ticket = line.join(f"d{n}", "room", now=float(n))
        line.leave(ticket.name)
    assert len(line._names) == 0  # noqa: SLF001 (what the queue holds)
    assert len(line._joined_at) <= 11  # noqa: SLF001
