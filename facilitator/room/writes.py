"""What the room may change through the server, and the rules every change is held to.

The room page lets a phone join the share queue and leave it; the co-host's page runs the
clock and shows the room a message. Both write over the room's Wi-Fi, which is anyone's:

- A write must come from the page itself: its `Origin` is the address the page was served
  at (or one of this laptop's own names for it). None, or another, is refused (403), so no
  other site a phone visits can write with the phone's cookie. No answer ever carries a
  CORS header: no other site may read one either.
- Its body is a JSON object of at most `BODY_BYTES` (else 413), read within the limits'
  deadline for a request's headers (else 408): a slow body is never waited for.
- A phone is known by a cookie the page sets (`DEVICE_COOKIE`): random, HttpOnly,
  SameSite=Strict, only sent back to the viewers' address, kept a few hours. Nothing else
  about a device is read: no fingerprint.

The app gives the server its side as a `RoomFloor`. The share queue lives in the app's
memory only; nothing here logs or keeps what a write says.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from aiohttp import web

    from ..meeting.floor import Floor

BODY_BYTES = 1024
"""The largest body a write may send (`{"lane": "online"}` is 18 bytes)."""
DEVICE_COOKIE = "device"
"""The name of the cookie that tells one phone's ticket from another's."""
DEVICE_SECONDS = 6 * 3600
"""How long a phone keeps its cookie: a meeting's length, and some."""
DEVICE = re.compile(r"[A-Za-z0-9_-]{22}")
"""A cookie's value as `new_device` makes it; any other is taken for none."""
TICKET = re.compile(r"[A-Z][0-9]{1,3}")
"""A ticket's name as the share queue makes it (`A7`): nothing else is looked up."""
LAPTOP_NAMES = ("127.0.0.1", "localhost", "[::1]")
"""This laptop's own names for itself, at which a page served on it may be opened too."""


class RoomFloor(Protocol):
    """What the app gives the room page's server: the meeting's floor, and its hands."""

    def floor(self) -> Floor | None:
        """The floor of the meeting on screen now (None: none is)."""

    def changed(self) -> None:
        """The page changed the queue: the app shows it."""

    def act(self, action: str, text: str | None) -> str | None:
        """Do the co-host's `action` (`floor.COHOST_ACTIONS`; `text`: a message's).

        Returns:
            None when done, else why it does not apply now (the screen's own words).

        Raises:
            KeyError: no such action.
        """


class WriteRefused(Exception):
    """A write that is not done: its status, why (said to the page), and headers to send."""

    def __init__(self, status: int, reason: str | None = None, **headers: str) -> None:
        super().__init__(status)
        self.status = status
        self.reason = reason
        self.headers = headers


def own_origins(base: str, port: int) -> frozenset[str]:
    """The origins a write may come from: the address served (`http://host:port/`), and
    this laptop's own names for itself on the same port."""
    return frozenset({base.rstrip("/"), *(f"http://{name}:{port}" for name in LAPTOP_NAMES)})


def check_origin(request: web.BaseRequest, origins: frozenset[str]) -> None:
    """Refuse (403) a write whose `Origin` is missing, repeated, or not one of `origins`."""
    given = request.headers.getall("Origin", [])
    if len(given) != 1 or given[0] not in origins:
        raise WriteRefused(403)


async def read_json(request: web.BaseRequest, seconds: float) -> dict[str, Any]:
    """A write's body, a JSON object of at most `BODY_BYTES`, read within `seconds`.

    Raises:
        WriteRefused: 413 when larger, 408 when it does not come in time, 400 when not an object.
    """
    body = await read_body(request, seconds)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise WriteRefused(400) from None
    if not isinstance(data, dict):
        raise WriteRefused(400)
    return data


async def read_body(request: web.BaseRequest, seconds: float) -> bytes:
    """A write's body of at most `BODY_BYTES`, read within `seconds`.

    Raises:
        WriteRefused: 413 when it says or proves larger, 408 when it does not come in time.
    """
    length = request.content_length
    if length is not None and length > BODY_BYTES:
        raise WriteRefused(413)
    body = bytearray()
    try:
        async with asyncio.timeout(seconds):
            while piece := await request.content.readany():
                body += piece
                if len(body) > BODY_BYTES:
                    raise WriteRefused(413)
    except TimeoutError:
        raise WriteRefused(408) from None
    return bytes(body)


def device_of(request: web.BaseRequest) -> str | None:
    """The phone's cookie, if it sent one of the shape the page sets."""
    value = request.cookies.get(DEVICE_COOKIE)
    return value if value is not None and DEVICE.fullmatch(value) else None


def new_device() -> str:
    """A new phone's cookie: random, nothing about the phone."""
    return secrets.token_urlsafe(16)


def device_cookie(device: str, token: str) -> str:
    """The `Set-Cookie` header that gives a phone `device`, sent back to `/token/` only."""
    return (
        f"{DEVICE_COOKIE}={device}; Max-Age={DEVICE_SECONDS}; Path=/{token}/; "
        "HttpOnly; SameSite=Strict"
    )
