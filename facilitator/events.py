"""What a facilitator did, as the engine applies it and the store keeps it: events and their kinds.

No Textual here, and nothing else of the app: the store reads and writes these without the
engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
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
