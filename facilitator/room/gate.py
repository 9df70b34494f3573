"""Who may hold a connection to the room page, and for how long.

aiohttp answers the requests; the gate decides which connections it gets to see. It keeps
every open connection: when it came, from which address, whether a request of it is being
answered, how much of its request it has sent, and whether what it is sent is being taken.

- A connection must send a whole request's line and headers within seconds of connecting,
  and the next one within seconds of an answer (aiohttp itself would wait an hour): a
  connection that sends its request a byte at a time is put out.
- At the cap (of all connections, or of one address's), the connection that has waited
  longest for its request is put out to let the newcomer in; the newcomer is turned away
  only when every connection is being answered. A flood of unfinished requests only ever
  pushes out the flood, and a browser, which sends its request at once, gets through.
- What a connection is sent goes in pieces, the next one only once it has taken the last;
  one that takes nothing for a few seconds is put out, so a reader that stopped reading
  holds neither memory nor a place.
- Connections are put out with `abort`: a graceful `close` waits, forever, for a reader
  that does not read.

One timer looks them over each second while any is open, none when none is. Nothing a
connection sends is logged or kept, and no answer names the server's software.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any, cast

from aiohttp import web
from aiohttp.abc import AbstractStreamWriter
from aiohttp.http_parser import RawRequestMessage
from aiohttp.streams import StreamReader

from .limits import PIECE, SEND_BUFFER, Limits

Answer = Callable[[web.BaseRequest], Awaitable[web.StreamResponse]]

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
"""Sent with every answer: the token is in the address, so it must not leak to another site."""


class Connection(web.RequestHandler):
    """aiohttp's connection, let in (or not) by the gate, and its account there."""

    def __init__(self, gate: Gate, manager: web.Server, **options: Any) -> None:
        super().__init__(manager, loop=gate.loop, **options)
        self.gate = gate
        self.wire: asyncio.Transport | None = None
        """The socket's transport, kept here: aiohttp lets go of it when it starts to close."""
        self.address = ""
        self.busy = False  # a request of it is being answered
        self.deadline = 0.0  # when a request's line and headers must be in by, unless busy
        self.head = 0  # bytes it has sent since it was last answered
        self.requests = 0
        self.buffered = 0  # bytes it had not taken yet, when last looked at
        self.moved_at = 0.0  # when it last took some

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        wire = cast(asyncio.Transport, transport)
        if not self.gate.admit(self, wire):
            wire.abort()  # turned away before aiohttp knows of it: it costs nothing more
            return
        # The buffer counts as full as soon as anything waits in it: a write waits until
        # the connection has taken the last piece, so none holds more than one piece.
        wire.set_write_buffer_limits(high=0)
        connection = wire.get_extra_info("socket")
        if connection is not None:
            with suppress(OSError):
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        super().connection_made(transport)

    def connection_lost(self, exc: BaseException | None) -> None:
        if self.wire is None:
            return  # never let in
        self.gate.forget(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if not self.busy:
            self.head += len(data)
            if self.head > self.gate.limits.head_bytes:
                self.gate.put_out(self)
                return
        super().data_received(data)

    def resume_writing(self) -> None:
        self.moved_at = self.gate.loop.time()  # it has taken all it was sent
        super().resume_writing()

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        """aiohttp's answer to a request it could not read (400) or answer (500): bare.

        aiohttp's own names the error in its body and logs it with what was sent; this one
        says the status alone, logs nothing, and closes the connection.
        """
        if request.writer.output_size > 0:
            raise ConnectionError("the answer is under way: the connection is broken")
        answer = web.Response(status=status, headers=HEADERS)
        answer.force_close()
        return answer

    def log_exception(self, *args: Any, **kw: Any) -> None:
        """Nothing: a log line would keep what the room sent."""

    def log_debug(self, *args: Any, **kw: Any) -> None:
        """Nothing, as `log_exception`."""


class Request(web.BaseRequest):
    """A request as the gate lets it be answered: no version named, keep-alive limited."""

    async def _prepare_hook(self, response: web.StreamResponse) -> None:
        # aiohttp names itself and Python's version in a Server header on every answer,
        # its own errors included: every answer passes here once its headers are made.
        response.headers.popall("Server", None)
        await super()._prepare_hook(response)

    @property
    def keep_alive(self) -> bool:
        """Whether the connection stays open after the answer: not once it has had its
        share of answers, and not after a request with a body (a write's, read within a
        deadline and a bound by the server, or not at all)."""
        connection = cast(Connection, self.protocol)
        return (
            bool(super().keep_alive)
            and connection.requests < connection.gate.limits.requests
            and not self.body_exists
        )


class Door(web.Server):
    """aiohttp's low-level server, whose every connection goes through the gate."""

    def __init__(self, answer: Answer, gate: Gate) -> None:
        limits = gate.limits
        self.options: dict[str, Any] = {
            "keepalive_timeout": limits.idle_seconds,
            "lingering_time": 0,  # what is left of a body once answered is not waited for
            "max_line_size": limits.line_bytes,
            "max_field_size": limits.field_bytes,
            "access_log": None,  # a log line would hold the token
        }
        super().__init__(
            self._answer,
            request_factory=self._request,
            handler_cancellation=True,  # a connection lost ends its answer at once
            loop=gate.loop,
            **self.options,
        )
        self.gate = gate
        self.answer = answer

    def __call__(self) -> Connection:
        return Connection(self.gate, self, **self.options)

    def _request(
        self,
        message: RawRequestMessage,
        payload: StreamReader,
        protocol: web.RequestHandler,
        writer: AbstractStreamWriter,
        task: asyncio.Task[None],
    ) -> Request:
        return Request(message, payload, protocol, writer, task, self.gate.loop)

    async def _answer(self, request: web.BaseRequest) -> web.StreamResponse:
        connection = cast(Connection, request.protocol)
        self.gate.begin(connection)
        try:
            return await self.answer(request)
        finally:
            self.gate.end(connection)


class Gate:
    """Every open connection of a server, and the rules they are held to."""

    def __init__(self, limits: Limits, connections: int, loop: asyncio.AbstractEventLoop) -> None:
        self.limits = limits
        self.connections = connections
        self.loop = loop
        self.closed = False
        self.waiting: dict[Connection, None] = {}
        """The connections waiting for a request, the one waiting longest first."""
        self.busy: set[Connection] = set()
        self.addresses: dict[str, dict[Connection, None]] = {}
        """Each address's connections, the oldest first."""
        self._sweep: asyncio.TimerHandle | None = None

    def __len__(self) -> int:
        return len(self.waiting) + len(self.busy)

    def admit(self, connection: Connection, wire: asyncio.Transport) -> bool:
        """Let a new connection in, putting out one waiting longest if a cap is reached;
        False if it must be turned away."""
        if self.closed:
            return False
        peer = wire.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) else str(peer)
        same = self.addresses.get(address, {})
        if len(same) >= self.limits.per_address and not self._put_out_oldest(same):
            return False
        if len(self) >= self.connections and not self._put_out_oldest(self.waiting):
            return False
        connection.wire = wire
        connection.address = address
        connection.deadline = self.loop.time() + self.limits.headers_seconds
        connection.moved_at = self.loop.time()
        self.waiting[connection] = None
        self.addresses.setdefault(address, {})[connection] = None
        if self._sweep is None:
            self._sweep = self.loop.call_later(self.limits.sweep_seconds, self.sweep)
        return True

    def _put_out_oldest(self, connections: dict[Connection, None]) -> bool:
        oldest = next((each for each in connections if not each.busy), None)
        if oldest is None:
            return False
        self.put_out(oldest)
        return True

    def begin(self, connection: Connection) -> None:
        """A request of `connection` is whole: it is answered, however long that takes."""
        if connection in self.waiting:  # not put out meanwhile
            del self.waiting[connection]
            self.busy.add(connection)
        connection.busy = True
        connection.head = 0
        connection.requests += 1

    def end(self, connection: Connection) -> None:
        """`connection` is answered: its next request must come soon."""
        connection.busy = False
        if connection in self.busy:
            self.busy.discard(connection)
            self.waiting[connection] = None
            connection.deadline = self.loop.time() + self.limits.idle_seconds

    def put_out(self, connection: Connection) -> None:
        """Drop `connection` at once, whatever it is doing; its place is free now."""
        self.forget(connection)
        if connection.wire is not None:
            connection.wire.abort()

    def forget(self, connection: Connection) -> None:
        """`connection` has closed (or is put out): it no longer counts."""
        self.waiting.pop(connection, None)
        self.busy.discard(connection)
        same = self.addresses.get(connection.address)
        if same is not None:
            same.pop(connection, None)
            if not same:
                del self.addresses[connection.address]
        if not self and self._sweep is not None:
            self._sweep.cancel()  # nothing open: no timer wakes the laptop
            self._sweep = None

    def sweep(self) -> None:
        """Put out the connections that are late with a request or take nothing they are
        sent; look again in a second if any is left."""
        self._sweep = None
        now = self.loop.time()
        for connection in [*self.waiting, *self.busy]:
            if not connection.busy and now >= connection.deadline:
                self.put_out(connection)
                continue
            assert connection.wire is not None
            buffered = connection.wire.get_write_buffer_size()
            if not buffered or buffered < connection.buffered:
                connection.moved_at = now
            connection.buffered = buffered
            if now - connection.moved_at >= self.limits.stall_seconds:
                self.put_out(connection)
        if self and self._sweep is None:
            self._sweep = self.loop.call_later(self.limits.sweep_seconds, self.sweep)

    def close(self) -> None:
        """Put out every connection, and let no other in."""
        self.closed = True
        for connection in [*self.waiting, *self.busy]:
            self.put_out(connection)


async def send(writer: AbstractStreamWriter, body: bytes) -> None:
    """Write `body` a piece at a time, each once the connection has taken the one before.

    The pieces are views of `body`, which every viewer of an event shares: a connection
    holds at most one piece of its own, however large the body and however slow the reader.
    """
    whole = memoryview(body)
    for start in range(0, len(whole), PIECE):
        await writer.write(whole[start : start + PIECE])
        await writer.drain()
