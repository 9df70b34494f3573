"""The share queue: who waits to share, as tickets in two lanes, never as names.

Pure Python, in memory only: nothing here is written to the database, the log, an export
or a report, and it is gone with the meeting. A ticket is a short random name (`A7`), its
lane (in the room or online), and the device that joined it: the room page's random
cookie, or None for a hand the facilitator saw raised in the room (`w`).

The order is the agenda's (`[sharing] queue`): who joined first, or the two lanes in turn
so online people are not left to the end; with `first_share_first`, a device that has not
shared yet in this meeting goes before one that has. A ticket put back (its share undone)
goes before every other.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..agenda.values import QueueOrder

Lane = Literal["room", "online"]
LANES: tuple[Lane, ...] = ("room", "online")

MOST_WAITING = 100
"""Tickets waiting at once; one more is refused."""
REJOIN_SECONDS = 10.0
"""A device joins at most once in this many seconds."""

LETTERS = "ACDEFHJKLMNPRTUVWXY"
"""A ticket's letter: none that reads as a digit (B, G, I, O, Q, S, Z) or as another letter."""


class QueueFull(Exception):
    """Nobody more can wait: `MOST_WAITING` are waiting already."""


class TooSoon(Exception):
    """This device joined less than `REJOIN_SECONDS` ago."""


@dataclass(frozen=True, slots=True)
class Ticket:
    """One person waiting to share, as the queue knows them: never a name."""

    name: str
    """A letter and a number (`A7`), what the phone shows and the facilitator calls."""
    lane: Lane
    device: str | None
    """The room page's cookie of the device that joined; None: a hand raised in the room."""


class ShareQueue:
    """The people waiting to share, in the agenda's order.

    Args:
        order: "first-come" or "alternate" (the lanes in turn).
        first_share_first: a device that has not shared yet goes before one that has.
        most: tickets waiting at once.
        rejoin_seconds: a device joins at most once in this many seconds.
        chance: where ticket names come from (a seeded one in tests).
    """

    def __init__(
        self,
        order: QueueOrder = "first-come",
        first_share_first: bool = False,
        *,
        most: int = MOST_WAITING,
        rejoin_seconds: float = REJOIN_SECONDS,
        chance: random.Random | None = None,
    ) -> None:
        self.order = order
        self.first_share_first = first_share_first
        self.most = most
        self.rejoin_seconds = rejoin_seconds
        self._chance = chance or secrets.SystemRandom()
        self._waiting: list[Ticket] = []  # in the order they joined
        self._front: list[Ticket] = []  # put back, before every other, the latest first
        self._hands: list[Ticket] = []  # raised with `w`, in the order added, for `W`
        self._names: dict[str, str] = {}  # a device's ticket, while it waits or once it shared
        self._joined_at: dict[str, float] = {}  # a device's last join, for the rate
        self._shared: set[str] = set()  # devices called in this meeting
        self._called: set[str] = set()  # names whose turn has come
        self._last_lane: Lane | None = None

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._waiting) + len(self._front)

    def waiting(self) -> list[Ticket]:
        """Every ticket waiting, the next to share first."""
        rest = self._waiting
        groups: list[list[Ticket]] = [rest]
        if self.first_share_first:
            groups = [
                [ticket for ticket in rest if not self._has_shared(ticket)],
                [ticket for ticket in rest if self._has_shared(ticket)],
            ]
        ordered = list(self._front)
        lane = self._last_lane if not self._front else self._front[-1].lane
        for group in groups:
            if self.order == "alternate":
                group, lane = _alternated(group, lane)
            ordered += group
        return ordered

    def counts(self) -> dict[Lane, int]:
        """How many wait in each lane."""
        counts: dict[Lane, int] = dict.fromkeys(LANES, 0)
        for ticket in (*self._front, *self._waiting):
            counts[ticket.lane] += 1
        return counts

    def position(self, name: str) -> int | None:
        """Where ticket `name` stands (1: next), or None if it is not waiting."""
        for place, ticket in enumerate(self.waiting(), start=1):
            if ticket.name == name:
                return place
        return None

    def called(self, name: str) -> bool:
        """Whether ticket `name`'s turn has come (and it has not joined again since)."""
        return name in self._called

    def ticket_of(self, device: str) -> Ticket | None:
        """The ticket `device` waits with, if it waits."""
        return next((t for t in (*self._front, *self._waiting) if t.device == device), None)

    def known(self, name: str) -> bool:
        """Whether ticket `name` is one this queue gave (waiting, called or shared)."""
        return name in self._called or any(t.name == name for t in (*self._front, *self._waiting))

    # ------------------------------------------------------------------ changing

    def join(self, device: str, lane: Lane, now: float) -> Ticket:
        """`device` (the page's cookie) asks to share in `lane`; its ticket.

        Joining again while waiting gives the same ticket, in the same place.

        Raises:
            TooSoon: the device joined less than `rejoin_seconds` ago.
            QueueFull: `most` are waiting already.
        """
        waiting = self.ticket_of(device)
        if waiting is not None:
            return waiting
        for old in [d for d, at in self._joined_at.items() if now - at >= self.rejoin_seconds]:
            del self._joined_at[old]  # only the last few seconds' joins are kept
        if device in self._joined_at:
            raise TooSoon
        if len(self) >= self.most:
            raise QueueFull
        name = self._names.get(device) or self._new_name()
        ticket = Ticket(name, lane, device)
        self._joined_at[device] = now
        self._names[device] = name
        self._called.discard(name)
        self._waiting.append(ticket)
        return ticket

    def raise_hand(self, lane: Lane = "room") -> Ticket:
        """A hand raised in the room, seen by the facilitator (`w`): a ticket of no device.

        Raises:
            QueueFull: `most` are waiting already.
        """
        if len(self) >= self.most:
            raise QueueFull
        ticket = Ticket(self._new_name(), lane, None)
        self._waiting.append(ticket)
        self._hands.append(ticket)
        return ticket

    def lower_hand(self) -> Ticket | None:
        """Take back the last hand `raise_hand` added that still waits (`W`)."""
        while self._hands:
            ticket = self._hands.pop()
            if self._remove(ticket.name) is not None:
                return ticket
        return None

    def leave(self, name: str) -> bool:
        """Ticket `name` leaves the queue; False if it was not waiting."""
        ticket = self._remove(name)
        if ticket is None:
            return False
        if ticket.device is not None and ticket.device not in self._shared:
            del self._names[ticket.device]  # forgotten: only sharers' names are kept
        return True

    def call_next(self) -> Ticket | None:
        """The next ticket's turn has come: it leaves the queue (None: nobody waits)."""
        waiting = self.waiting()
        if not waiting:
            return None
        ticket = waiting[0]
        self._remove(ticket.name)
        self._called.add(ticket.name)
        self._last_lane = ticket.lane
        if ticket.device is not None:
            self._shared.add(ticket.device)
        return ticket

    def put_back(self, ticket: Ticket) -> None:
        """A called ticket's turn is taken back (its share undone): it is next again."""
        self._called.discard(ticket.name)
        if ticket.device is not None:
            if self.ticket_of(ticket.device) is not None:
                return  # it joined again meanwhile: it keeps that place
            self._shared.discard(ticket.device)
        self._front.insert(0, ticket)
        if ticket.device is None:
            self._hands.append(ticket)

    def forget_devices(self) -> None:
        """The page has stopped: every device's ticket goes; hands raised in the room stay."""
        self._waiting = [t for t in self._waiting if t.device is None]
        self._front = [t for t in self._front if t.device is None]
        self._names.clear()
        self._joined_at.clear()
        self._shared.clear()
        self._called.clear()

    def clear(self) -> None:
        """The meeting has ended: nothing of the queue is kept."""
        self.forget_devices()
        self._waiting.clear()
        self._front.clear()
        self._hands.clear()
        self._last_lane = None

    # ------------------------------------------------------------------ inside

    def _has_shared(self, ticket: Ticket) -> bool:
        return ticket.device is not None and ticket.device in self._shared

    def _remove(self, name: str) -> Ticket | None:
        for line in (self._front, self._waiting):
            for place, ticket in enumerate(line):
                if ticket.name == name:
                    del line[place]
                    return ticket
        return None

    def _new_name(self) -> str:
        """A ticket name no ticket of this meeting has: a letter and a digit, two digits
        when those run out."""
        taken = set(self._names.values()) | self._called
        taken.update(ticket.name for ticket in (*self._front, *self._waiting))
        for digits in (range(1, 10), range(10, 100), range(100, 1000)):
            free = [f"{letter}{n}" for letter in LETTERS for n in digits]
            free = [name for name in free if name not in taken]
            if free:
                return self._chance.choice(free)
        raise QueueFull  # never: a meeting's tickets are far fewer


def _alternated(tickets: Sequence[Ticket], last: Lane | None) -> tuple[list[Ticket], Lane | None]:
    """`tickets` with the lanes in turn, starting with the lane `last` was not (the first
    ticket's when there was none), each lane in its own order; and the last lane taken."""
    lanes = {lane: [t for t in tickets if t.lane == lane] for lane in LANES}
    if not tickets:
        return [], last
    lane: Lane = _other(last) if last is not None else tickets[0].lane
    if not lanes[lane]:
        lane = _other(lane)
    ordered: list[Ticket] = []
    while lanes["room"] or lanes["online"]:
        if lanes[lane]:
            ordered.append(lanes[lane].pop(0))
            last = lane
        lane = _other(lane)
    return ordered, last


def _other(lane: Lane) -> Lane:
    return "online" if lane == "room" else "room"
