"""Every clock the app reads: the real ones, one that resumes a meeting, and one moved by hand.

The engine and the recorder take their clocks as parameters, so tests, screenshots and
benchmarks run hours of meeting in microseconds on a `ManualClock`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

Clock = Callable[[], float]
"""Seconds from an arbitrary origin that never goes backwards."""
WallClock = Callable[[], datetime]
"""The current local time, aware of its UTC offset."""


def monotonic_clock() -> float:
    """A monotonic clock that keeps counting while the laptop sleeps, where the OS has one."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None:
        return time.clock_gettime(boottime)
    return time.monotonic()


def wall_clock() -> datetime:
    """Local time with its UTC offset."""
    return datetime.now().astimezone()


class ManualClock:
    """A monotonic clock that only moves when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`."""
        self.now += seconds


class ManualWall:
    """Local time that moves with a `ManualClock`, from a fixed moment."""

    def __init__(self, clock: ManualClock, start: datetime) -> None:
        self.clock = clock
        self.start = start
        self.origin = clock.now

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=self.clock.now - self.origin)


class ResumedClock:
    """Continues a meeting's timeline on a new clock: reads `start` now, then moves with `base`.

    A meeting resumed after a crash or a reboot keeps the times its events were recorded at;
    the time the app was closed is added by the caller, because the meeting went on in the room.
    """

    def __init__(self, base: Clock, start: float) -> None:
        self.base = base
        self.start = start
        self.origin = base()

    def __call__(self) -> float:
        return self.start + (self.base() - self.origin)
