"""The watchdog notices a loop that stops answering, and only that: not a busy moment, not a
laptop's sleep, not a loop that has closed."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from facilitator.system.watchdog import Watchdog

BEAT = 0.02
LIMIT = 0.2


@contextmanager
def running_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop running in a thread of its own, as the app's runs in the main one."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield loop
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
        loop.close()


def block(loop: asyncio.AbstractEventLoop, seconds: float) -> None:
    """Keep the loop from answering for `seconds`, as a callback that never awaits would."""
    loop.call_soon_threadsafe(time.sleep, seconds)


class Told:
    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.event = threading.Event()

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        self.event.set()


def watching(
    loop: asyncio.AbstractEventLoop,
    told: Told,
    *,
    armed: Callable[[], bool] = lambda: True,
    clock: Callable[[], float] = time.monotonic,
) -> Watchdog:
    dog = Watchdog(loop, told, armed=armed, limit=LIMIT, beat=BEAT, clock=clock)
    dog.start()
    return dog


def test_a_loop_that_stops_answering_is_told_once_after_the_limit() -> None:
    told = Told()
    with running_loop() as loop:
        dog = watching(loop, told)
        time.sleep(5 * BEAT)  # answering
        assert told.seconds == []
        began = time.monotonic()
        block(loop, 3.0)
        assert told.event.wait(timeout=2.0)
        waited = time.monotonic() - began
        dog.stop()
    assert len(told.seconds) == 1
    assert told.seconds[0] >= LIMIT and LIMIT <= waited < 2.0


def test_a_loop_busy_for_less_than_the_limit_is_not_frozen() -> None:
    told = Told()
    with running_loop() as loop:
        dog = watching(loop, told)
        for _ in range(3):
            block(loop, LIMIT / 2)
            time.sleep(LIMIT)
        dog.stop()
    assert told.seconds == []


def test_a_freeze_with_no_meeting_at_stake_is_left_alone() -> None:
    told = Told()
    with running_loop() as loop:
        dog = watching(loop, told, armed=lambda: False)
        block(loop, 4 * LIMIT)
        assert not told.event.wait(timeout=3 * LIMIT)
        dog.stop()


def test_a_machine_that_slept_is_not_taken_for_a_frozen_loop() -> None:
    # Every beat seems to take an hour: the whole machine slept, the loop with the thread.
    hours = iter(range(0, 10**9, 3600))
    told = Told()
    with running_loop() as loop:
        dog = watching(loop, told, clock=lambda: float(next(hours)))
        block(loop, 4 * LIMIT)
        assert not told.event.wait(timeout=3 * LIMIT)
        dog.stop()


def test_the_watchdog_ends_with_the_loop() -> None:
    told = Told()
    with running_loop() as loop:
        dog = watching(loop, told)
        thread = dog._thread
        assert thread is not None
    # The loop has closed: the next question cannot be asked, and the thread ends.
    thread.join(timeout=2.0)
    assert not thread.is_alive()
    assert told.seconds == []
