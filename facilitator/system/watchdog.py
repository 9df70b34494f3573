"""A thread that notices when the app's event loop stops answering. No Textual here.

A loop that never gets back to its queue (a bug of ours or of a library's: a loop that
never awaits) cannot redraw the screen, take a key, save a change or run the handler of a
signal: the meeting would be held by a frozen screen until someone found `kill -9`. The
watchdog asks the loop for an answer once a second, from a thread of its own, and when none
has come for `limit` seconds while it is armed, it calls `frozen` from its thread: the app
saves what it has, says so and ends, as on a SIGTERM.

A laptop that sleeps stops the thread with the loop: a beat that comes much later than
asked is a sleep, not a freeze, and the watchdog waits for the loop again from there.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

BEAT_SECONDS = 1.0
"""How often the loop is asked for an answer."""
FROZEN_SECONDS = 10.0
"""How long the loop may go without answering before the app is taken to be frozen: far
longer than anything the app does at once, far shorter than a room will wait."""
OVERSLEPT = 3.0
"""A beat that came this many beats late was a sleep of the whole machine."""


class Watchdog:
    """Watches `loop` from a thread of its own; calls `frozen(seconds)` when it stops
    answering for `limit` seconds while `armed()` says a meeting is at stake.

    Args:
        loop: the loop to watch (the app's).
        frozen: told, from the watchdog's thread, how long the loop has not answered; the
            watchdog stops after it.
        armed: whether a freeze matters now (no meeting on screen: it does not).
        limit: seconds without an answer that make a freeze (default `FROZEN_SECONDS`).
        beat: seconds between two questions to the loop.
        clock: the monotonic clock the beats are timed by.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        frozen: Callable[[float], None],
        *,
        armed: Callable[[], bool] = lambda: True,
        limit: float | None = None,
        beat: float = BEAT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.loop = loop
        self.frozen = frozen
        self.armed = armed
        self.limit = FROZEN_SECONDS if limit is None else limit
        self.beat = beat
        self.clock = clock
        self._answered = threading.Event()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching (again does nothing)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="watchdog", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching; the loop is not asked again."""
        self._stopped.set()

    def _ask(self) -> bool:
        """Ask the loop to answer; False when it is closed (the app has ended)."""
        self._answered.clear()
        try:
            self.loop.call_soon_threadsafe(self._answered.set)
        except RuntimeError:
            return False
        return True

    def _watch(self) -> None:
        asked = False  # a question is out to the loop
        silent = 0.0  # seconds on time without an answer to it
        while True:
            began = self.clock()
            if self._stopped.wait(self.beat):
                return
            if self.loop.is_closed() or not self.loop.is_running():
                return  # the app has ended: a loop that no longer runs is not frozen
            waited = self.clock() - began
            if not self.armed():
                asked, silent = False, 0.0  # nothing at stake: the loop is not even asked
                continue
            if not asked or self._answered.is_set() or waited > OVERSLEPT * self.beat:
                silent = 0.0
                asked = self._ask()
                if not asked:
                    return
                continue
            silent += waited
            if silent >= self.limit:
                self.frozen(silent)
                return
