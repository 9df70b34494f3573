"""A real meeting served as the room page, and the browser that reads it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from collections.abc import Callable
from datetime import datetime
from typing import Any

from facilitator.agenda import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.floor import Floor, cohost_intent
from facilitator.meeting.states import NotNow
from facilitator.room.server import RoomServer
from facilitator.room.state import room_changes, room_state
from facilitator.words.room import no_meeting_words

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
NO_BROWSER = "FACILITATOR_NO_BROWSER"
"""Set to 1 to skip the browser tests on a machine without chromium (CI always has it)."""
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
POLL_SECONDS = 0.2
"""How often the server is asked to send what has changed, as the app's tick does (5 Hz)."""


def find_chromium() -> str | None:
    """The path of a chromium on this machine, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def browser_skipped() -> bool:
    return os.environ.get(NO_BROWSER) == "1"


class MeetingFloor:
    """The app's side of the room's writes (`writes.RoomFloor`), over a real `Floor`.

    `floor_now` is the floor the server is given (None: no meeting on screen); `changes`
    counts the queue's changes from the page, and `on_change` is called on each.
    """

    def __init__(self, floor: Floor | None, on_change: Callable[[], None] | None = None) -> None:
        self.floor_now = floor
        self.changes = 0
        self.on_change = on_change
        self.actions: list[tuple[str, str | None]] = []

    def floor(self) -> Floor | None:
        return self.floor_now

    def changed(self) -> None:
        self.changes += 1
        if self.on_change is not None:
            self.on_change()

    def act(self, action: str, text: str | None) -> str | None:
        """As the app does: the facilitator's own intent, and the reason it gives when it
        does not apply now."""
        if self.floor_now is None:
            return no_meeting_words()
        intent = cohost_intent(self.floor_now, action, text)  # KeyError: no such action
        self.actions.append((action, text))
        try:
            intent()
        except NotNow as why:
            return str(why)
        return None


class ServedMeeting:
    """A meeting on the real monotonic clock, served by a real RoomServer on a free port.

    Tests call an intent on `meeting`, then `changed()`, as the app does after every key; a
    small loop also calls it five times a second, as the app's tick does, so a share's
    warning reaches the page without a key.
    """

    def __init__(self, agenda: Agenda, heartbeat: float) -> None:
        self.meeting = Meeting(agenda)
        self.floor = Floor(self.meeting)
        self.room = MeetingFloor(self.floor)
        self.server = RoomServer(
            self.state, port=0, heartbeat=heartbeat, changes=room_changes, room=self.room
        )
        self.address = ""
        self._poll: asyncio.Task[None] | None = None

    def state(self) -> dict[str, Any]:
        return room_state(self.meeting, datetime.now(), self.floor)

    @property
    def cohost_address(self) -> str:
        return self.server.cohost_address

    async def start(self, port: int = 0) -> str:
        self.server.port = port
        self.address = await self.server.start()
        if self._poll is None:
            self._poll = asyncio.create_task(self._watch())
        return self.address

    async def restart(self) -> str:
        """Stop and serve again on the same port (under a new token, as the app would)."""
        port = self.port
        await self.server.stop()
        self.server.port = port
        self.address = await self.server.start()
        return self.address

    @property
    def port(self) -> int:
        return int(self.address.split("/")[2].rsplit(":", 1)[1])

    def changed(self) -> None:
        self.server.publish()

    async def _watch(self) -> None:
        # As the app does on every tick: the server sends only what `room_changes` picks out.
        while True:
            await asyncio.sleep(POLL_SECONDS)
            self.server.publish()

    async def close(self) -> None:
        if self._poll is not None:
            self._poll.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poll
            self._poll = None
        await self.server.stop()
