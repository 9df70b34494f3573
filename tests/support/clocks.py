"""Clocks moved by hand: tests, screenshots and benchmarks run hours of meeting on them in
microseconds (the engine and the recorder take their clocks as parameters)."""

from __future__ import annotations

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
