"""Undo: a meeting's log of events, and which of its changes still stand to be taken back.

An undo is itself an event in the log (which stays append-only), naming the place of the
change it takes back, so a resumed meeting, its report and its export all see the same
meeting. `engine.Meeting` holds an `EventLog`: undo takes back the last change standing,
which the meeting puts back as that change found it; only a stray undo in a damaged log,
which takes back an older one, has it rebuilt from the changes standing. No Textual.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .events import Event, takes_back, undone


class EventLog:
    """Every event of a meeting in order, and the changes that still stand."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._standing: list[int] = []
        """The places in `events` of the changes standing, the last one undone first."""
        self._undone: set[int] = set()

    def add(self, change: Event) -> None:
        """Log a change (any event but an undo): it stands until undone."""
        self._standing.append(len(self.events))
        self.events.append(change)

    def take_back(self, undo: Event, place: int) -> Event | None:
        """Log `undo`, which takes back the change at `place`; returns that change, or None
        when it takes back nothing (a stray undo in a damaged log, or one already undone)."""
        taken: Event | None = None
        if place not in self._undone and takes_back(self.events, place, len(self.events)):
            taken = self.events[place]
            self._undone.add(place)
            if self._standing[-1] == place:  # the last standing, as for every `undo`
                self._standing.pop()
            else:
                self._standing.remove(place)
        self.events.append(undo)
        return taken

    def restore(self, events: Sequence[Event]) -> None:
        """Log a whole log at once, on a log that has none yet."""
        if self.events:
            raise ValueError("restore() takes a whole log, on a meeting that has none yet")
        self._undone = undone(events)
        self._standing = [
            place
            for place, event in enumerate(events)
            if event.kind != "undo" and place not in self._undone
        ]
        self.events = list(events)

    def standing(self) -> Iterator[tuple[int, Event]]:
        """The changes that still stand, in order, each with its place in `events`."""
        for place in self._standing:
            yield place, self.events[place]

    def last_standing(self) -> int | None:
        """The place in `events` of the last change still standing (None: nothing to undo)."""
        return self._standing[-1] if self._standing else None
