"""What the app tells its screens (screens tell the app with messages of their own, such as
`MeetingScreen.Leave`): the app posts these to the screens, which answer those they know."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class RoomPageServed(Message, bubble=False):
    """The room page is served at `address`, and the co-host's at `cohost`, or no longer
    (None)."""

    def __init__(self, address: str | None, everyone: bool, cohost: str | None = None) -> None:
        super().__init__()
        self.address = address
        self.everyone = everyone
        """It listens on every network the laptop is on, not only on the laptop itself."""
        self.cohost = cohost


class ToneMissed(Message, bubble=False):
    """A tone could not play: the terminal's bell rang instead, to be seen as well."""


class AgendaSaved(Message, bubble=False):
    """The editor saved the agenda at `path`."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class LeaveAsked(Message, bubble=False):
    """The facilitator asks to leave the app (ctrl+q), from wherever they are.

    The app tells the topmost screen with something to lose (`ASKS_BEFORE_LEAVING`), which
    leaves as its own `q` does: asking first when there is something to lose.
    """


ASKS_BEFORE_LEAVING = "ASKS_BEFORE_LEAVING"
"""The class attribute, true on a screen that answers `LeaveAsked` (a meeting, the editor)."""
