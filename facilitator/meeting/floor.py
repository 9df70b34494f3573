"""Who has the floor: the meeting's share intents together with the share queue and the
message to the room, as the facilitator's keys and the co-host's buttons both use them.

Pure Python. The engine holds the meeting and records every change; the queue and the
message are the room's, in memory only (`share_queue`). Starting a share calls the next
ticket (or the one called already), and undoing that start puts the ticket back in front.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Literal

from ..words.i18n import _
from .engine import ADJUST_SECONDS, Meeting
from .share_queue import Lane, QueueFull, ShareQueue, Ticket
from .states import NotNow, Status, Undone
from .time_box import one_on_one_words

MESSAGE_CHARACTERS = 140
"""The longest message to the room."""

CohostAction = Literal[
    "start_share",
    "end_share",
    "pause",
    "add_time",
    "remove_time",
    "next_step",
    "call_next",
    "message",
]
COHOST_ACTIONS: tuple[CohostAction, ...] = (
    "start_share",
    "end_share",
    "pause",
    "add_time",
    "remove_time",
    "next_step",
    "call_next",
    "message",
)
"""What the co-host's page can ask, by the names its HTTP contract gives them."""


def message_text(text: str) -> str | None:
    """`text` as a message to the room: one line, no control characters, at most
    `MESSAGE_CHARACTERS`; None when nothing is left (the message is cleared)."""
    kept = "".join(
        " " if unicodedata.category(char)[0] in "CZ" else char for char in text
    )  # a tab, a newline, an escape or a zero-width format character becomes a space
    line = " ".join(kept.split())[:MESSAGE_CHARACTERS].strip()
    return line or None


class Floor:
    """The share intents of `meeting`, with its share queue and the message to the room."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting
        sharing = meeting.agenda.sharing
        self.queue = ShareQueue(sharing.queue, sharing.first_share_first)
        self.message: str | None = None
        """What the room is told, large on the room view and the page (None: nothing)."""
        self.called: Ticket | None = None
        """A ticket called before its share starts (the co-host's "call next")."""
        self._shares: dict[tuple[int, int], Ticket] = {}  # each share's ticket, by share key

    # ------------------------------------------------------------------ reading

    def ticket_of_share(self) -> Ticket | None:
        """The ticket of the share under way, if it was called from the queue."""
        key = self.meeting.share_key()
        return None if key is None else self._shares.get(key)

    def waiting(self) -> int:
        """How many wait to share: the queue, and a ticket called whose share has not begun."""
        return len(self.queue) + (self.called is not None)

    def waiting_by_lane(self) -> dict[Lane, int]:
        """`waiting` in each lane (the ticket called is still waiting, at the front)."""
        counts = self.queue.counts()
        if self.called is not None:
            counts[self.called.lane] += 1
        return counts

    # ------------------------------------------------------------------ shares

    def toggle_share(self) -> None:
        """Start the next share (calling the next ticket), or pause / resume the one running."""
        starting = self.meeting.share is None
        self.meeting.toggle_share()
        if starting:
            self._call_for_share()

    def start_share(self) -> None:
        """Start the next share; not while one is under way."""
        if self.meeting.share is not None and self.meeting.status is Status.RUNNING:
            raise NotNow(_("A share is under way: end it first."))
        self.toggle_share()

    def pause_share(self) -> None:
        """Pause the share under way, or resume it if paused."""
        if self.meeting.share is None or self.meeting.status is not Status.RUNNING:
            raise NotNow(_("No share is under way."))
        self.meeting.toggle_share()

    def _call_for_share(self) -> None:
        key = self.meeting.share_key()
        if key is None:
            return
        ticket, self.called = self.called, None
        if ticket is None:
            ticket = self.queue.call_next()
        if ticket is not None:
            self._shares[key] = ticket

    def call_next(self) -> Ticket:
        """The next ticket's turn: its phone says so; its share starts with the next start.

        Raises:
            NotNow: nobody waits, or one is called already and their share has not begun.
        """
        self._require_open()
        if self.called is not None:
            raise NotNow(
                _("{ticket} is called already: start their share.").format(ticket=self.called.name)
            )
        ticket = self.queue.call_next()
        if ticket is None:
            raise NotNow(_("Nobody is waiting to share."))
        self.called = ticket
        return ticket

    def undo(self) -> Undone:
        """Take back the last change; a share's start taken back puts its ticket in front."""
        undone = self.meeting.undo()
        if undone.event.kind == "share_start" and undone.share is not None:
            ticket = self._shares.pop((undone.step, undone.share), None)
            if ticket is not None:
                if self.called is not None:
                    self.queue.put_back(self.called)
                self.called = None
                self.queue.put_back(ticket)
        return undone

    # ------------------------------------------------------------------ the room page

    def join(self, device: str, lane: Lane, now: float) -> Ticket:
        """A phone asks to share (the room page's "I'd like to share"); its ticket.

        Raises:
            NotNow: a one-on-one, or the meeting has ended.
            TooSoon: the device joined less than the queue's `rejoin_seconds` ago.
            QueueFull: the queue holds all it may.
        """
        self._require_open()
        return self.queue.join(device, lane, now)

    def waiting_ticket(self, name: str) -> Ticket | None:
        """Ticket `name` if it still waits: in the queue, or called and its share not begun."""
        if self.called is not None and self.called.name == name:
            return self.called
        return next((ticket for ticket in self.queue.waiting() if ticket.name == name), None)

    def leave(self, name: str) -> bool:
        """Ticket `name` leaves (its phone's "Leave the queue"), called or not; False if it
        did not wait."""
        if self.called is not None and self.called.name == name:
            self.called = None
            return True
        return self.queue.leave(name)

    # ------------------------------------------------------------------ hands

    def raise_hand(self) -> Ticket:
        """A hand raised in the room (`w`): a ticket with no device, at the back."""
        self._require_open()
        try:
            return self.queue.raise_hand()
        except QueueFull:
            raise NotNow(_("The queue is full.")) from None

    def lower_hand(self) -> Ticket:
        """Take back the last hand added with `w` that still waits (`W`)."""
        self._require_open()
        ticket = self.queue.lower_hand()
        if ticket is None:
            raise NotNow(_("No hand added with w is waiting."))
        return ticket

    def apply_suggestion(self) -> float:
        """The suggested share length, for the queue's count, on the next shares."""
        return self.meeting.apply_suggestion(self.waiting())

    def suggested_share_seconds(self) -> float | None:
        """A share length that fits the queue into the step's time left (see the engine's)."""
        return self.meeting.suggested_share_seconds(self.waiting())

    # ------------------------------------------------------------------ the room

    def say(self, text: str) -> str | None:
        """Show `text` to the room (an empty line clears it); the message shown now."""
        self.message = message_text(text)
        return self.message

    def ended(self) -> None:
        """The meeting has ended: the queue, and whose turn it was, are gone."""
        self.queue.clear()
        self.called = None
        self._shares.clear()

    def _require_open(self) -> None:
        if self.meeting.one_on_one:
            raise NotNow(one_on_one_words())
        if self.meeting.status is Status.ENDED:
            raise NotNow(_("This meeting has ended."))


def cohost_intent(floor: Floor, action: str, text: str | None) -> Callable[[], object]:
    """The intent the co-host's `action` asks for: the one the facilitator's key runs.

    Raises:
        KeyError: no such action.
    """
    meeting = floor.meeting
    if action == "message":
        return lambda: floor.say(text or "")
    intents: dict[str, Callable[[], object]] = {
        "start_share": floor.start_share,
        "end_share": meeting.end_share,
        "pause": floor.pause_share,
        "add_time": lambda: meeting.adjust_share(ADJUST_SECONDS),
        "remove_time": lambda: meeting.adjust_share(-ADJUST_SECONDS),
        "next_step": lambda: _next_step(meeting),
        "call_next": floor.call_next,
    }
    return intents[action]


def _next_step(meeting: Meeting) -> None:
    if meeting.status is Status.RUNNING and meeting.current == len(meeting.agenda.steps) - 1:
        raise NotNow(_("This is the last step: the facilitator ends the meeting."))
    meeting.next_step()
