"""The room page's server: the meeting's state over HTTP, for screens and phones in the room.

An aiohttp server inside the caller's asyncio loop. Every address is under a token made anew
at each start, so only someone shown the address can read it, and a stopped server's
addresses are dead for good. It serves the state now (`state.json`) and a stream of it
(`events`, Server-Sent Events) that is sent on every change and every few seconds.

The page itself (`room_page.html`, shipped in the package) is read once at each start, with
the room's words put in it, and sent under a Content-Security-Policy that lets it reach
nothing but this server. aiohttp is imported only once the server starts: the app's start-up
does not pay for it.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

from .i18n import _
from .room_words import ROOM_WORDS

if TYPE_CHECKING:
    from aiohttp import web

PORT_TRIES = 21
"""The port asked for, then the next 20, when one is taken."""
MAX_VIEWERS = 200
"""Streams open at once; one more is refused (503) so a room's worth cannot starve the app."""
HEARTBEAT_SECONDS = 5.0
"""A stream sends the state at least this often, so a page knows it is still connected."""
SHUTDOWN_SECONDS = 1.0
"""How long stopping waits for a request under way before it is cut off."""

ANY_HOST = ("0.0.0.0", "::", "")
"""Hosts that listen on every interface: the address shown is then the machine's own."""

# Sent with every answer: the token is in the address, so it must not leak to another site.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


WORDS_MARK = "__ROOM_WORDS__"
"""Where the page's words block wants the table."""


def page_words_json() -> str:
    """`ROOM_WORDS` as JSON that no text in it can end the `<script>` block it sits in."""
    text = json.dumps(ROOM_WORDS, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _digest(text: str) -> str:
    sha = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(sha).decode('ascii')}'"


def room_page() -> tuple[bytes, str]:
    """The page with its words, and the Content-Security-Policy that goes with it.

    The policy allows the page's own inline script and style by their hashes and nothing
    else: no other script, style, image, font or frame, and no request but to this server.
    """
    page = resources.files("facilitator").joinpath("room_page.html").read_text(encoding="utf-8")
    if page.count(WORDS_MARK) != 1:
        raise RuntimeError("room_page.html has lost its place for the words.")
    page = page.replace(WORDS_MARK, page_words_json())
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(map(_digest, scripts)),
            "style-src " + " ".join(map(_digest, styles)),
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return page.encode("utf-8"), policy


class RoomServer:
    """Serves the room page's state under a secret token until stopped.

    Args:
        state: reads the state now (`room.room_state` of the meeting), a JSON-ready dict.
        host: the address to listen on.
        port: the first port to try (0: any free port).
        max_viewers: streams open at once.
        heartbeat: seconds between two events when nothing changes.
        changes: what of the state, when it changes, is sent at once (`room.room_changes`);
            without it, every `publish` sends.
    """

    def __init__(
        self,
        state: Callable[[], dict[str, Any]],
        host: str = "127.0.0.1",
        port: int = 8765,
        *,
        max_viewers: int = MAX_VIEWERS,
        heartbeat: float = HEARTBEAT_SECONDS,
        changes: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        self.state = state
        self.changes = changes
        self.host = host
        self.port = port
        self.max_viewers = max_viewers
        self.heartbeat = heartbeat
        self.token = ""
        self.address = ""
        self._runner: web.AppRunner | None = None
        self._page = b""
        self._policy = ""
        self._tones: dict[str, bytes] = {}
        self._viewers: set[asyncio.Event] = set()
        self._stopping = False
        self._sent: object = None
        self._latest: bytes | None = None

    @property
    def viewers(self) -> int:
        """How many streams are open."""
        return len(self._viewers)

    async def start(self) -> str:
        """Listen, on the port asked for or the next free one; returns the page's address.

        Raises:
            OSError: no port of the ones tried is free, or the host cannot be listened on.
        """
        from aiohttp import web

        if self._runner is not None:
            raise RuntimeError("The room page is already being served.")
        self._stopping = False
        self._page, self._policy = room_page()
        self._tones = room_tones()
        self.token = secrets.token_urlsafe(16)
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._answer)
        # No access log: every line of it would hold the token.
        runner = web.AppRunner(app, shutdown_timeout=SHUTDOWN_SECONDS, access_log=None)
        await runner.setup()
        try:
            port = await self._listen(runner)
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        host = lan_address() if self.host in ANY_HOST else self.host
        host = f"[{host}]" if ":" in host else host
        self.address = f"http://{host}:{port}/{self.token}/"
        return self.address

    async def _listen(self, runner: web.AppRunner) -> int:
        from aiohttp import web

        tries = 1 if self.port == 0 else PORT_TRIES
        for port in range(self.port, self.port + tries):
            site = web.TCPSite(runner, self.host, port)
            try:
                await site.start()
            except OSError as error:
                await site.stop()
                if error.errno != errno.EADDRINUSE:
                    raise
                continue
            return int(runner.addresses[0][1])
        last = self.port + tries - 1
        raise OSError(
            errno.EADDRINUSE,
            _("ports {first} to {last} are all in use").format(first=self.port, last=last),
        )

    def publish(self) -> None:
        """The state may have changed: if it has, every stream sends it now.

        Cheap when nobody watches, and when nothing `changes` picks out has changed: the
        app calls it after every key and several times a second.
        """
        if not self._viewers:
            self._sent = None  # a stream that opens is sent the state then, whatever it is
            return
        state = self.state()
        if self.changes is not None:
            changed = self.changes(state)
            if changed == self._sent:
                return
            self._sent = changed
        self._latest = self._event(state)  # encoded once for every stream
        self._wake()

    def _wake(self) -> None:
        for changed in self._viewers:
            changed.set()

    async def stop(self) -> None:
        """End every stream and stop listening; the token dies with it."""
        runner = self._runner
        if runner is None:
            return
        self._runner = None
        self._stopping = True
        self._wake()
        await runner.cleanup()
        self.token = ""
        self.address = ""

    # ------------------------------------------------------------------ answers

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        if request.method not in ("GET", "HEAD"):
            return web.Response(status=405, headers={**_HEADERS, "Allow": "GET, HEAD"})
        parts = request.path.split("/")
        # Compared in constant time, so the answer's timing says nothing about the token.
        if len(parts) == 3 and hmac.compare_digest(parts[1], self.token):
            if parts[2] == "state.json":
                return web.Response(
                    text=self._json(), content_type="application/json", headers=_HEADERS
                )
            if parts[2] == "events":
                return await self._stream(request)
            if parts[2] in self._tones:
                return web.Response(
                    body=self._tones[parts[2]], content_type="audio/wav", headers=_HEADERS
                )
            if parts[2] == "":
                return web.Response(
                    body=self._page,
                    content_type="text/html",
                    charset="utf-8",
                    headers={**_HEADERS, "Content-Security-Policy": self._policy},
                )
        return web.Response(status=404, headers=_HEADERS)

    def _json(self, state: dict[str, Any] | None = None) -> str:
        state = self.state() if state is None else state
        return json.dumps(state, ensure_ascii=False, separators=(",", ":"))

    def _event(self, state: dict[str, Any] | None = None) -> bytes:
        return f"data: {self._json(state)}\n\n".encode()

    async def _stream(self, request: web.Request) -> web.StreamResponse:
        from aiohttp import web

        if len(self._viewers) >= self.max_viewers:
            return web.Response(status=503, headers={**_HEADERS, "Retry-After": "5"})
        response = web.StreamResponse(
            headers={**_HEADERS, "Content-Type": "text/event-stream", "X-Accel-Buffering": "no"}
        )
        if request.method == "HEAD":
            await response.prepare(request)
            return response
        changed = asyncio.Event()
        self._viewers.add(changed)
        try:
            await response.prepare(request)
            event = self._event()
            while not self._stopping:
                changed.clear()  # before sending, so a change while sending is sent again
                await response.write(event)
                try:
                    async with asyncio.timeout(self.heartbeat):
                        await changed.wait()
                except TimeoutError:  # nothing changed: the state now, as a heartbeat
                    event = self._event()
                else:
                    event = self._latest or self._event()
        except ConnectionError:
            pass  # the viewer went away
        finally:
            self._viewers.discard(changed)
        return response


def room_tones() -> dict[str, bytes]:
    """The tones the page plays once a viewer turns sound on: the app's own, by file name."""
    from .sound import wav_bytes

    return {"warning.wav": wav_bytes("warning"), "time.wav": wav_bytes("time")}


def lan_address() -> str:
    """This machine's address on its local network, where phones in the room can reach it.

    The address of the route the system would take out (no packet is sent); the host's name
    when there is none.
    """
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()
