"""What a facilitator did, as the engine applies it and the store keeps it: events and their kinds.

No Textual here, and nothing else of the app: the store reads and writes these without the
engine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, TypeGuard

EventKind = Literal[
    "start",
    "goto",
    "share_start",
    "share_pause",
    "share_resume",
    "share_end",
    "share_adjust",
    "share_length",
    "waiting",
    "tally",
    "undo_tally",
    "end",
    "start_moved",  # value: how many seconds before this event the meeting started
    "undo",  # value: the place (seq) in the log of the change it takes back
    # value: JSON `{"category": "newcomers", "from": 1, "to": 2}` (see `CountCorrection`):
    # one category's count set by hand after the meeting, from the history
    "correction",
]


@dataclass(frozen=True)
class Event:
    """One change a facilitator made, at a clock reading."""

    kind: EventKind
    at: float
    value: int | float | str | None = None


def takes_back(events: Sequence[Event], target: int, place: int) -> bool:
    """Whether an undo at `place` in `events` takes back the change at `target`: a change
    before it (not another undo); a stray undo in a damaged log takes back nothing."""
    return 0 <= target < place and events[target].kind != "undo"


def undone(events: Sequence[Event]) -> set[int]:
    """The places in `events` of the changes an `undo` took back."""
    return {
        int(event.value)
        for place, event in enumerate(events)
        if event.kind == "undo"
        and isinstance(event.value, int | float)
        and takes_back(events, int(event.value), place)
    }


def standing_dates(
    recorded: Sequence[tuple[Event, datetime]],
) -> tuple[datetime | None, datetime | None]:
    """When a meeting started and ended, by the changes still standing in its log (each with
    the local time it was recorded at)."""
    taken_back = undone([event for event, _ in recorded])
    started: datetime | None = None
    ended: datetime | None = None
    for place, (event, wall) in enumerate(recorded):
        if place in taken_back:
            continue
        if event.kind == "start":
            started = wall
        elif event.kind == "start_moved" and isinstance(event.value, int | float):
            started = wall - timedelta(seconds=event.value)  # it started that long before
        elif event.kind == "end":
            ended = wall
    return started, ended


MOST_COUNTED = 9999
"""The largest count a correction sets."""


@dataclass(frozen=True)
class CountCorrection:
    """What a "correction" event says: one category's count was `before`, and is `after`.

    The count it replaces is kept with it, so the record says what was corrected without
    being replayed; the engine sets the count to `after`.
    """

    category: str
    before: int
    after: int

    def value(self) -> str:
        """The event's value: `{"category":"newcomers","from":1,"to":2}`."""
        data = {"category": self.category, "from": self.before, "to": self.after}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def read(cls, value: int | float | str | None) -> CountCorrection | None:
        """The correction a "correction" event's value holds; None if it holds none."""
        if not isinstance(value, str):
            return None
        try:
            data = json.loads(value)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        category, before, after = data.get("category"), data.get("from"), data.get("to")
        if not (isinstance(category, str) and _count(before) and _count(after)):
            return None
        return cls(category, before, after)


def _count(value: object) -> TypeGuard[int]:
    # JSON's true is a Python int too: not a count.
    return type(value) is int and 0 <= value <= MOST_COUNTED
