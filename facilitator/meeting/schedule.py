"""A meeting's scheduled start, as the clock on the wall reads it. Pure: no clock is read here.

An agenda's `[meeting] start` is a time of day (`"19:00"`); which day it means is worked
out from a moment near it, so a meeting started just after midnight was not due tomorrow.
"""

from __future__ import annotations

from datetime import datetime, timedelta

LATEST_START = timedelta(hours=6)
"""A meeting is taken to start at most this late; later, the next day's start is meant."""
EARLIEST_OPEN = timedelta(hours=18)
"""Opened more than this before the time, it is the day before's start that is meant."""


def scheduled_start(start: str | None, near: datetime) -> datetime | None:
    """The moment `start` (`"HH:MM"`, local time) means, on the day of `near`.

    Args:
        start: The agenda's scheduled start, or None when it gives none.
        near: A moment on the meeting's day, with the local UTC offset (the meeting's start,
            or now before it starts).

    Returns:
        That day's `start`, or the next or the day before's when `near` is more than six
        hours past it or more than eighteen hours before it; None without a `start`.
    """
    if start is None:
        return None
    hours, minutes = (int(part) for part in start.split(":"))
    moment = near.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if near - moment > LATEST_START:
        moment += timedelta(days=1)
    elif moment - near > EARLIEST_OPEN:
        moment -= timedelta(days=1)
    return moment


def wall_at(at: float, clock_now: float, wall_now: datetime) -> datetime:
    """The local time at monotonic reading `at`, from the two clocks read together now."""
    return wall_now - timedelta(seconds=clock_now - at)


def start_offset(start: str | None, started: datetime) -> float:
    """Seconds a meeting `started` after its scheduled `start` (negative: before; 0: none)."""
    scheduled = scheduled_start(start, started)
    return 0.0 if scheduled is None else (started - scheduled).total_seconds()
