"""The room page as the app serves it: started and stopped on the facilitator's word, the
meeting on screen as its state, at the meeting's own address. No Textual here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .state import RoomPageOptions, room_changes

if TYPE_CHECKING:
    from .server import RoomServer
    from .writes import RoomFloor


class RoomPage:
    """The app's room page: served or not, where, and the meeting it shows.

    Args:
        options: How it is served (`--share`, `--lan`, `--port`).
        state: The meeting on screen, as the page shows it (`room.state.room_state`).
        room: The app's side of the share queue and the co-host's actions (`writes.RoomFloor`).
    """

    def __init__(
        self,
        options: RoomPageOptions,
        state: Callable[[], dict[str, Any]],
        room: RoomFloor | None = None,
    ) -> None:
        self.options = options
        self._state = state
        self._room = room
        self.server: RoomServer | None = None
        """The server while the page is served."""
        self.waits = options.start
        """`--share` asks for the page, to be served as soon as a meeting shows."""

    @property
    def address(self) -> str | None:
        """The page's address while it is served."""
        return self.server.address if self.server is not None else None

    @property
    def cohost_address(self) -> str | None:
        """The co-host's page's address while the page is served: never shown to the room."""
        return self.server.cohost_address if self.server is not None else None

    @property
    def token(self) -> str | None:
        """The secret in the page's address while it is served."""
        return self.server.token if self.server is not None else None

    @property
    def cohost_token(self) -> str | None:
        """The secret in the co-host's address while the page is served."""
        return self.server.cohost_token if self.server is not None else None

    async def start(self, token: str, cohost_token: str | None = None) -> str:
        """Serve the page under `token` (`tokens.new_token`), and the co-host's under
        `cohost_token` (None: a new one); returns the page's address.

        Raises:
            OSError: no port of the ones tried is free, or the host cannot be listened on.
        """
        from .server import RoomServer  # the server loads when the page is first served

        self.waits = False
        options = self.options
        server = RoomServer(
            self._state, options.host, options.port, changes=room_changes, room=self._room
        )
        address = await server.start(token, cohost_token)
        self.server = server
        return address

    def readdress(self, token: str, cohost_token: str | None = None) -> str | None:
        """Serve the page under `token` from now on, and the co-host's under `cohost_token`
        (None: a new one), if it is served; returns the page's address."""
        if self.server is None:
            return None
        return self.server.readdress(token, cohost_token)

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
