"""What we know of Textual's internals, and the guards we keep against its bugs.

Each guard says what goes wrong inside Textual, where, and since which release, and carries
the text of the report to file upstream: once Textual fixes it, the guard and its canary
test (which fails then, saying so) are dropped. `install` puts every guard in place; the
app calls it as it is made, before any timer of its own or of Textual's starts.
"""

from __future__ import annotations

import math
from typing import Any

SHORTEST_TIMER = 0.001
"""The shortest delay a timer waits, in seconds: a negative, zero or NaN delay waits this."""
LONGEST_TIMER = 7 * 24 * 3600.0
"""The longest delay a timer waits: an infinite one waits a week (Windows' own sleep cannot
take an infinite wait)."""


def timer_delay(seconds: float) -> float:
    """A delay any Textual timer can wait: negative, zero or NaN delays wait the shortest
    time (`SHORTEST_TIMER`), an infinite one the longest (`LONGEST_TIMER`)."""
    if math.isnan(seconds) or seconds < SHORTEST_TIMER:
        return SHORTEST_TIMER
    return min(seconds, LONGEST_TIMER)


_installed = False


def install() -> None:
    """Put every guard in place, once for the whole process (again does nothing)."""
    global _installed
    if _installed:
        return
    _installed = True
    _guard_timers()


# The report to file upstream (github.com/Textualize/textual/issues):
#
# Title: A timer with a negative delay spins forever inside Timer._run (100% CPU, app frozen)
#
# Textual 8.2.8, textual/timer.py, Timer._run. With `_interval < 0` and `skip=True` (the
# default), `next_timer = start + (count + 1) * _interval` is always before `now`, so the
# skip branch sets `count = int((now - start) / _interval + 1)`, a negative number that falls
# further at every pass, and `continue`s: `count <= _repeat` (0 for set_timer) stays true and
# the loop never awaits. The event loop never runs again; signal handlers installed with
# loop.add_signal_handler never run either, so only SIGKILL ends the app. A zero delay raises
# ZeroDivisionError in the same line instead, and a one-shot timer whose delay is shorter
# than the gap between the two clock reads before the loop (a thread switch) skips its only
# tick and never fires.
#
# How it happens without calling set_timer yourself: ToastRack.show checks
# `notification.has_expired`, then Toast.__init__ reads `notification.time_left` again, from
# the wall clock (time.time). When the clock moves between the two reads (a loaded CPU, a
# notification that waited in the queue, a laptop waking from sleep, an NTP step),
# `time_left` is negative and Toast._on_mount calls `set_timer` with it.
#
# Minimal reproduction:
#
#     from textual.app import App
#
#     class Spin(App[None]):
#         def on_mount(self) -> None:
#             self.set_timer(-0.0003, self.exit)
#
#     Spin().run()  # never returns; py-spy shows Timer._run with count below -5,000,000
#
# Expected: a negative delay fires at once, as asyncio's call_later does. A fix in Timer._run:
# clamp `_interval` to a small positive value, and never skip the only tick of a one-shot
# timer (`repeat == 0`).
def _guard_timers() -> None:
    """No timer in the process starts with a delay Textual cannot wait (see the report above).

    Every timer is made through `Timer.__init__`, `set_timer`, `set_interval`, the
    animator, toasts and widgets alike, so the delay is made safe there. A one-shot timer
    never skips its only tick: one that starts late fires at once instead of never.
    """
    from textual.timer import Timer

    made = Timer.__init__

    def safe_init(self: Timer, target: Any, interval: float, *args: Any, **options: Any) -> None:
        if options.get("repeat") == 0:
            options["skip"] = False
        made(self, target, timer_delay(interval), *args, **options)

    Timer.__init__ = safe_init  # type: ignore[method-assign, assignment]
