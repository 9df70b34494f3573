"""The room page as the app serves it: started and stopped on the facilitator's word, the
meeting on screen as its state, at the meeting's own address. No Textual here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .state import RoomPageOptions, room_changes

if TYPE_CHECKING:
    from .server import RoomServer


class RoomPage:
    """The app's room page: served or not, where, and the meeting it shows.

    Args:
        options: How it is served (`--share`, `--lan`, `--port`).
        state: The meeting on screen, as the page shows it (`room.state.room_state`).
    """

    def __init__(self, options: RoomPageOptions, state: Callable[[], dict[str, Any]]) -> None:
        self.options = options
        self._state = state
        self.server: RoomServer | None = None
        """The server while the page is served."""
        self.waits = options.start
        """`--share` asks for the page, to be served as soon as a meeting shows."""

    @property
    def address(self) -> str | None:
        """The page's address while it is served."""
        return self.server.address if self.server is not None else None

    @property
    def token(self) -> str | None:
        """The secret in the page's address while it is served."""
        return self.server.token if self.server is not None else None

    async def start(self, token: str) -> str:
        """Serve the page under `token` (`tokens.new_token`); returns its address.

        Raises:
            OSError: no port of the ones tried is free, or the host cannot be listened on.
        """
        from .server import RoomServer  # the server loads when the page is first served

        self.waits = False
        options = self.options
        server = RoomServer(self._state, options.host, options.port, changes=room_changes)
        address = await server.start(token)
        self.server = server
        return address

    def readdress(self, token: str) -> str | None:
        """Serve the page under `token` from now on, if it is served; returns its address."""
        return self.server.readdress(token) if self.server is not None else None

    async def stop(self) -> None:
        """Stop serving the page: its streams end, and its address answers nothing."""
        server = self.server
        if server is not None:
            self.server = None
            await server.stop()

    def publish(self) -> None:
        """The meeting on screen may have changed: the page follows it, if it is served."""
        if self.server is not None:
            self.server.publish()
