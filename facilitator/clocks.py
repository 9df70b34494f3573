"""A clock moved by hand, for tests, screenshots and benchmarks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta


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

    def __init__(self, base: Callable[[], float], start: float) -> None:
        self.base = base
        self.start = start
        self.origin = base()

    def __call__(self) -> float:
        return self.start + (self.base() - self.origin)
