"""Routes by which a Textual timer gets a delay it cannot wait, run in an app of their own.

`python -m tests.support.timer_routes ROUTE APP DATA` runs one route in a headless app and
prints "answered" once the app has handled a key after it; a timer that spins never lets it
get there, so the caller's time limit fails the test instead of freezing the test run.

APP is `bare` (a Textual app with nothing of ours), `guarded` (the same, with the guards of
`facilitator.textual_internals` in place) or `facilitator` (the app itself, on the test agenda,
its meetings in the folder DATA).
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from pathlib import Path
from typing import Any

import textual.notifications
from textual.app import App, ComposeResult
from textual.notifications import Notification, Notify
from textual.widgets import Label

from ..data import TUESDAY

ROUTES = ("toast", "interval", "zero", "nan", "forever")

JUMP = 0.01
"""How far the wall clock moves at every read, in the toast route."""
NOTICES = 60
"""Notices with a lifetime of 1/300 s to NOTICES/300 s: some expire between Textual's look
at them and the toast's timer."""


class JumpingWall:
    """The wall clock Textual's notices read, moving on at every read (a loaded machine, a
    clock stepped by NTP, a laptop waking up)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        self.now += JUMP
        return self.now


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("bare")

    def on_key(self) -> None:
        self.notify("key")


def made(kind: str, data: Path) -> App[Any]:
    if kind == "facilitator":
        from facilitator.agenda import load_agenda
        from facilitator.app import build_app

        return build_app(load_agenda(TUESDAY), TUESDAY, data=data)
    if kind == "guarded":
        from facilitator import textual_internals as textual_fixes

        textual_fixes.install()
    return Bare()


async def run(route: str, kind: str, data: Path) -> None:
    app = made(kind, data)
    fired: list[str] = []
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await pilot.pause()
        if route == "toast":
            wall = textual.notifications.time = JumpingWall()  # type: ignore[attr-defined]
            for lifetime in range(1, NOTICES + 1):
                # As App.notify does it, with the notice raised on the same clock.
                notice = Notification("notice", timeout=lifetime / 300, raised_at=wall.now)
                app.post_message(Notify(notice))
                await pilot.pause()
        elif route == "interval":
            timer = app.set_interval(-1.0, lambda: fired.append("tick"))
            await pilot.pause(0.1)
            timer.stop()
            assert fired, "an interval of -1 s never ticked"
        else:
            delay = {"zero": 0.0, "nan": math.nan, "forever": math.inf}[route]
            app.set_timer(delay, lambda: fired.append("fired"))
            await pilot.pause(0.1)
            expected = [] if route == "forever" else ["fired"]
            assert fired == expected, f"a timer of {delay} s: {fired}"
        await pilot.press("1")
        await pilot.pause()
    print("answered", flush=True)


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
