"""What a facilitator did, as the engine applies it and the store keeps it: events and their kinds.

No Textual here, and nothing else of the app: the store reads and writes these without the
engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
]


@dataclass(frozen=True)
class Event:
    """One change a facilitator made, at a clock reading."""

    kind: EventKind
    at: float
    value: int | float | str | None = None
