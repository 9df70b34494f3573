"""Every clock the app reads: the real ones, and one that resumes a meeting.

The engine and the recorder take their clocks as parameters, so tests, screenshots and
benchmarks run hours of meeting in microseconds on a clock moved by hand
(`tests/support/clocks.py`).

A meeting goes on in the room while the laptop sleeps, so the monotonic clock should count
that time too. Which clock does, by system (`sleep_counting_clock`):

- Linux: `CLOCK_BOOTTIME`. Its `CLOCK_MONOTONIC`, behind `time.monotonic`, stops in sleep.
- macOS: `CLOCK_MONOTONIC_RAW` through `clock_gettime`, which Apple's clock_gettime(3) says
  keeps counting while the system is asleep (libc++ chose it for `steady_clock` for that
  reason); `time.monotonic` reads `mach_absolute_time`, which stops. `CLOCK_UPTIME_RAW`
  is the one that stops, and is not used.
- Windows: `time.monotonic`, which reads `GetTickCount64` (before Python 3.13) or
  `QueryPerformanceCounter` (3.13 on); Microsoft documents both as counting the time the
  machine spends in sleep or hibernation.
- Anything else: `time.monotonic`, which may stop while the system sleeps.

A clock from `time.time` would count sleep everywhere, but it jumps when the wall clock is
set (by hand, or by the network after a sleep), and a share timer must never jump; it is not
used. Time the app was not running at all is counted separately: a resumed meeting adds the
wall-clock time since its last change (`ResumedClock`, `recorder.resume`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], float]
"""Seconds from an arbitrary origin that never goes backwards."""
WallClock = Callable[[], datetime]
"""The current local time, aware of its UTC offset."""


def sleep_counting_clock(platform: str | None = None) -> int | None:
    """The `clock_gettime` clock that keeps counting in sleep here, or None for `time.monotonic`.

    Args:
        platform: A `sys.platform` value (default: this system's).
    """
    platform = sys.platform if platform is None else platform
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is not None and platform.startswith(("linux", "android")):
        return int(boottime)
    raw = getattr(time, "CLOCK_MONOTONIC_RAW", None)
    if raw is not None and platform == "darwin":
        return int(raw)
    return None  # Windows: time.monotonic counts sleep; elsewhere the best there is


def monotonic_clock() -> float:
    """A monotonic clock that keeps counting while the laptop sleeps, where the OS has one."""
    chosen = sleep_counting_clock()
    if chosen is not None:
        return time.clock_gettime(chosen)
    return time.monotonic()


def wall_clock() -> datetime:
    """Local time with its UTC offset."""
    return datetime.now().astimezone()


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
