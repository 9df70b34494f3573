"""What a facilitator did, as the engine applies it and the store keeps it: events and their kinds.

No Textual here, and nothing else of the app: the store reads and writes these without the
engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
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
    "undo",  # value: the place (seq) in the log of the change it takes back
]


@dataclass(frozen=True)
class Event:
    """One change a facilitator made, at a clock reading."""

    kind: EventKind
    at: float
    value: int | float | str | None = None


def undone(events: Sequence[Event]) -> set[int]:
    """The places in `events` of the changes an `undo` took back."""
    return {
        int(event.value)
        for event in events
        if event.kind == "undo" and isinstance(event.value, int | float)
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
