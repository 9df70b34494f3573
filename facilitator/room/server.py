"""The room page's server: the meeting's state over HTTP, for screens and phones in the room.

An aiohttp server inside the caller's asyncio loop. Every address is under a secret token (the
meeting's own, kept with it, so a resumed meeting is served where it was), so only someone
shown the address can read it. It serves the state now (`state.json`) and a stream of it
(`events`, Server-Sent Events) that is sent on every change and every few seconds.

The room's Wi-Fi is anyone's: `gate` decides which connections are answered and for how
long, within `limits`. A request without the token is answered 404, empty, whatever it
asks, and its connection closed. The state is encoded once for every viewer, on a change or
on the one heartbeat of the whole server, and a viewer is sent only the latest: a viewer
still taking one event is sent the newest once it has taken it, never a queue of them. Two
events are at least `GAP_SECONDS` apart: a room joining the queue by the dozen sends each
phone a few states a second, not one per join.

The room takes part (`writes`): a phone joins the share queue (`POST queue`, a ticket and
its place), asks where it stands (`GET queue/TICKET`) and leaves (`DELETE queue/TICKET`). A
second address, under a token of its own that the viewers' page never shows, is the
co-host's: its page runs the clock and tells the room a message (`POST action`), and its
`state.json` adds the queue by ticket. Every answer to a write:

- 201 the ticket and its place; 200 the co-host's state once an action is done; 204 left.
- 400 a body that is not what the address takes (a lane, an action, a preset message).
- 403 a write whose `Origin` is not the page's own; 404 a ticket not known, or another
  phone's; 405 a method the address does not take; 408 a body too slow; 413 one too large.
- 409 what does not apply now, with the reason the facilitator's screen gives
  (`{"reason": str}`); 429 a phone joining again within seconds of its last join, and 503
  a full queue, each with `Retry-After` and a reason.

The pages themselves (`page.html` and `cohost.html`, shipped beside this module) are read
once at each start, with the words put in them, and sent under a Content-Security-Policy
that lets them reach nothing but this server. aiohttp is imported only once the server
starts: the app's start-up does not pay for it.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import hmac
import json
import math
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..meeting.engine import ADJUST_SECONDS
from ..meeting.floor import COHOST_ACTIONS
from ..meeting.share_queue import LANES, QueueFull, TooSoon
from ..meeting.states import NotNow
from ..words import room as words
from ..words.i18n import _
from ..words.room import cohost_words, room_words
from .limits import BACKLOG, Limits
from .state import cohost_state
from .tokens import new_token
from .writes import (
    TICKET,
    RoomFloor,
    WriteRefused,
    check_origin,
    device_cookie,
    device_of,
    new_device,
    own_origins,
    read_body,
    read_json,
)

if TYPE_CHECKING:
    from aiohttp import web

    from .gate import Gate

PORT_TRIES = 21
"""The port asked for, then the next 20, when one is taken."""
MAX_VIEWERS = 200
"""Streams open at once; one more is refused (503) so a room's worth cannot starve the app."""
HEARTBEAT_SECONDS = 5.0
"""A stream sends the state at least this often, so a page knows it is still connected."""
GAP_SECONDS = 0.1
"""Two events are at least this far apart: a change sooner is sent at the end of the gap.

Every event is a write to every stream (200 of them at most): fifty joins a second, each
sent at once, took the loop's time from the facilitator's keys."""
SHUTDOWN_SECONDS = 1.0
"""How long stopping waits for the streams to end once their connections are cut."""
FRESH_SECONDS = 1.0
"""A stream that opens is sent the event last encoded if it is this recent, else the state now."""

ANY_HOST = ("0.0.0.0", "::", "")
"""Hosts that listen on every interface: the address shown is then the machine's own."""

SHARED_MARK = "/* __SHARED_WORDS__ */"
"""Where a page's script wants `words.js`: the durations and countdowns both pages write."""
WORDS_MARK = "__ROOM_WORDS__"
"""Where a page's words block wants the table."""
PRESET_SLACK_SECONDS = 60.0
"""A message preset the co-host's page read this long ago is still taken (its break's time
may have moved on to the next five minutes meanwhile)."""
QUEUE_FULL_RETRY = "30"
"""Seconds a phone turned away from a full queue is told to wait (`Retry-After`)."""

READS = ("GET", "HEAD")


def page_words_json(table: dict[str, str] | None = None) -> str:
    """The words (the room's by default) as JSON that no text in it can end the `<script>`
    block it sits in."""
    text = json.dumps(room_words() if table is None else table, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _digest(text: str) -> str:
    sha = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(sha).decode('ascii')}'"


def room_page() -> tuple[bytes, str]:
    """The viewers' page with its words, and the Content-Security-Policy that goes with it."""
    return served_page("page.html", room_words())


def cohost_page() -> tuple[bytes, str]:
    """The co-host's page with its words, and the Content-Security-Policy that goes with it."""
    return served_page("cohost.html", cohost_words(ADJUST_SECONDS))


def served_page(name: str, table: dict[str, str]) -> tuple[bytes, str]:
    """The page `name` (beside this module) with `table` as its words, and its policy.

    The policy allows the page's own inline script and style by their hashes and nothing
    else: no other script, style, image, font or frame, and no request but to this server.
    """
    page = resources.files("facilitator.room").joinpath(name).read_text(encoding="utf-8")
    if page.count(WORDS_MARK) != 1:
        raise RuntimeError(f"{name} has lost its place for the words.")
    page = page.replace(WORDS_MARK, page_words_json(table))
    if page.count(SHARED_MARK) != 1:
        raise RuntimeError(f"{name} has lost its place for the shared words.")
    shared = resources.files("facilitator.room").joinpath("words.js").read_text(encoding="utf-8")
    page = page.replace(SHARED_MARK, shared)
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
        state: reads the state now (`state.room_state` of the meeting), a JSON-ready dict.
        host: the address to listen on.
        port: the first port to try (0: any free port).
        max_viewers: streams open at once.
        heartbeat: seconds between two events when nothing changes.
        gap: seconds two events are at least apart (a change sooner waits for the gap's end).
        changes: what of the state, when it changes, is sent at once (`state.room_changes`);
            without it, every `publish` sends.
        limits: what connections may hold, and for how long (`limits.Limits`).
        room: the app's side of the room's writes, the share queue and the co-host's actions
            (`writes.RoomFloor`; None: no meeting takes them, and each is refused, 409).
    """

    def __init__(
        self,
        state: Callable[[], dict[str, Any]],
        host: str = "127.0.0.1",
        port: int = 8765,
        *,
        max_viewers: int = MAX_VIEWERS,
        heartbeat: float = HEARTBEAT_SECONDS,
        gap: float = GAP_SECONDS,
        changes: Callable[[dict[str, Any]], object] | None = None,
        limits: Limits | None = None,
        room: RoomFloor | None = None,
    ) -> None:
        self.state = state
        self.room = room
        self.changes = changes
        self.host = host
        self.port = port
        self.max_viewers = max_viewers
        self.heartbeat = heartbeat
        self.gap = gap
        self.limits = limits or Limits()
        self.token = ""
        self.address = ""
        self._cohost_token = ""
        self._base = ""  # the address without its token
        self._origins: frozenset[str] = frozenset()  # where a write may come from
        self._listener: asyncio.Server | None = None
        self._gate: Gate | None = None
        self._page = b""
        self._policy = ""
        self._cohost_page = b""
        self._cohost_policy = ""
        self._tones: dict[str, bytes] = {}
        self._streams: dict[str, int] = {}  # the streams open, by the viewer's address
        self._answering: set[asyncio.Future[Any]] = set()  # the streams' tasks
        self._idle: set[asyncio.Future[Any]] = set()  # those waiting for the next event
        self._stopping = False
        self._sent: object = None
        self._latest = b""  # the last event encoded, which every stream sends
        self._latest_at = -FRESH_SECONDS
        self._version = 0  # counts the events broadcast
        self._changed = asyncio.Event()  # set, and replaced, by each broadcast
        self._beat: asyncio.TimerHandle | None = None
        self._held: asyncio.TimerHandle | None = None  # a change's event, due at the gap's end

    @property
    def viewers(self) -> int:
        """How many streams are open."""
        return sum(self._streams.values())

    @property
    def cohost_token(self) -> str:
        """The secret in the co-host's address ("" while not served)."""
        return self._cohost_token

    @property
    def cohost_address(self) -> str:
        """The co-host's page's address, while served ("" otherwise): never shown to the room."""
        return f"{self._base}{self._cohost_token}/" if self._base else ""

    @property
    def connections(self) -> int:
        """How many connections are open."""
        return 0 if self._gate is None else len(self._gate)

    async def start(self, token: str | None = None, cohost_token: str | None = None) -> str:
        """Listen, on the port asked for or the next free one; returns the page's address.

        Args:
            token: the secret in the address (`tokens.new_token`; None: a new one).
            cohost_token: the secret in the co-host's address (None: a new one).

        Raises:
            OSError: no port of the ones tried is free, or the host cannot be listened on.
        """
        from .gate import Door, Gate
        from .limits import connection_cap, file_limit

        if self._listener is not None:
            raise RuntimeError("The room page is already being served.")
        self._stopping = False
        self._changed = asyncio.Event()  # of this loop
        self._page, self._policy = room_page()
        self._cohost_page, self._cohost_policy = cohost_page()
        self._tones = room_tones()
        self.token = token or new_token()
        self._cohost_token = cohost_token or new_token()
        loop = asyncio.get_running_loop()
        cap = self.limits.connections or connection_cap(file_limit())
        gate = Gate(self.limits, cap, loop)
        self._listener = await self._listen(loop, Door(self._answer, gate))
        self._gate = gate
        port = int(self._listener.sockets[0].getsockname()[1])
        host = lan_address() if self.host in ANY_HOST else self.host
        host = f"[{host}]" if ":" in host else host
        self._base = f"http://{host}:{port}/"
        self._origins = own_origins(self._base, port)
        self.address = f"{self._base}{self.token}/"
        return self.address

    def readdress(self, token: str, cohost_token: str | None = None) -> str:
        """Serve under `token` from now on, and the co-host's page under `cohost_token` (None:
        a new one); the addresses before die. Returns the viewers' address."""
        self.token = token
        self._cohost_token = cohost_token or new_token()
        self.address = f"{self._base}{token}/"
        return self.address

    async def _listen(
        self, loop: asyncio.AbstractEventLoop, door: Callable[[], asyncio.Protocol]
    ) -> asyncio.Server:
        tries = 1 if self.port == 0 else PORT_TRIES
        host = self.host or None  # "": every interface
        for port in range(self.port, self.port + tries):
            try:
                return await loop.create_server(door, host, port, backlog=BACKLOG)
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
        last = self.port + tries - 1
        raise OSError(
            errno.EADDRINUSE,
            _("ports {first} to {last} are all in use").format(first=self.port, last=last),
        )

    def publish(self) -> None:
        """The state may have changed: if it has, every stream sends it now.

        Cheap when nobody watches, and when nothing `changes` picks out has changed: the
        app calls it after every key and several times a second. Within `gap` of the last
        event, the change is sent at the gap's end, as the state is then.
        """
        if not self.viewers:
            self._sent = None  # a stream that opens is sent the state then, whatever it is
            return
        if self._held is not None:
            return  # an event is due: it reads the state when it goes
        state = self.state()
        changed = None if self.changes is None else self.changes(state)
        if self.changes is not None and changed == self._sent:
            return  # nothing the room must be sent at once
        loop = asyncio.get_running_loop()
        wait = self._latest_at + self.gap - loop.time()
        if wait > 0 and not self._stopping:
            self._held = loop.call_later(wait, self._release)
            return
        self._sent = changed
        self._broadcast(state)

    def _release(self) -> None:
        self._held = None
        self.publish()

    def _broadcast(self, state: dict[str, Any]) -> None:
        """Encode `state` once, wake every stream to send it, and beat again later."""
        self._latest = self._event(state)
        self._latest_at = asyncio.get_running_loop().time()
        self._version += 1
        self._wake()
        self._beat_later()

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _beat_later(self) -> None:
        # One timer for the whole server, and none while nobody watches.
        if self._beat is not None:
            self._beat.cancel()
            self._beat = None
        if self.viewers and not self._stopping:
            loop = asyncio.get_running_loop()
            self._beat = loop.call_later(self.heartbeat, self._heartbeat)

    def _heartbeat(self) -> None:
        self._beat = None
        if self.viewers and not self._stopping:  # nothing changed: the state now, as a beat
            state = self.state()
            if self.changes is not None:
                self._sent = self.changes(state)
            self._broadcast(state)

    async def stop(self) -> None:
        """End every stream and stop listening; the address answers nothing until served again."""
        listener, gate = self._listener, self._gate
        if listener is None or gate is None:
            return
        self._listener = None
        self._stopping = True
        listener.close()
        self._beat_later()  # stops the heartbeat
        if self._held is not None:
            self._held.cancel()
            self._held = None
        idle = set(self._idle)
        self._wake()
        if idle:  # a stream that has sent all it had ends as a stream should
            await asyncio.wait(idle, timeout=SHUTDOWN_SECONDS)
        gate.close()  # every connection cut: the other streams end with theirs
        if self._answering:
            await asyncio.wait(set(self._answering), timeout=SHUTDOWN_SECONDS)
        self._gate = None
        self.token = ""
        self.address = ""
        self._cohost_token = ""
        self._base = ""
        self._origins = frozenset()

    # ------------------------------------------------------------------ answers

    async def _answer(self, request: web.BaseRequest) -> web.StreamResponse:
        parts = request.path.split("/")
        if len(parts) not in (3, 4) or parts[0]:
            return _bare(404)
        # Compared in constant time, so the answer's timing says nothing about either token.
        given = parts[1].encode()
        viewers = hmac.compare_digest(given, self.token.encode())
        cohost = hmac.compare_digest(given, self._cohost_token.encode())
        try:
            if viewers and self.token:
                return await self._viewers(request, parts[2:])
            if cohost and self._cohost_token:
                return await self._cohost(request, parts[2:])
        except WriteRefused as refused:
            return _refusal(refused)
        return _bare(404)  # whatever the method: nothing says a server is here

    async def _viewers(self, request: web.BaseRequest, rest: list[str]) -> web.StreamResponse:
        """The viewers' address: the page, its state, its stream, its tones, the queue."""
        name = rest[0]
        if len(rest) == 2:
            if name != "queue":
                return _bare(404)
            return await self._ticket(request, rest[1])
        if name == "queue":
            if request.method != "POST":
                return _bare(405, Allow="POST")
            return await self._join(request)
        if name not in ("", "state.json", "events", *self._tones):
            return _bare(404)
        if request.method not in READS:
            return _bare(405, Allow="GET, HEAD")
        if name == "state.json":
            return await _send(request, self._json().encode(), JSON)
        if name == "events":
            return await self._stream(request)
        if name in self._tones:
            return await _send(request, self._tones[name], "audio/wav")
        headers = {"Content-Security-Policy": self._policy}
        if device_of(request) is None and request.method == "GET":
            # The phone's place in the queue, should it join: random, and nothing else.
            headers["Set-Cookie"] = device_cookie(new_device(), self.token)
        return await _send(request, self._page, HTML, headers)

    async def _cohost(self, request: web.BaseRequest, rest: list[str]) -> web.StreamResponse:
        """The co-host's address: its page, its state (the queue by ticket), its presets, and
        the actions."""
        name = rest[0]
        if len(rest) != 1 or name not in ("", "state.json", "presets.json", "action"):
            return _bare(404)
        if name == "action":
            if request.method != "POST":
                return _bare(405, Allow="POST")
            return await self._act(request)
        if request.method not in READS:
            return _bare(405, Allow="GET, HEAD")
        if name == "state.json":
            return await _send(request, self._cohost_json().encode(), JSON)
        if name == "presets.json":
            presets = words.message_presets(datetime.now())
            return await _send(request, json.dumps(presets, ensure_ascii=False).encode(), JSON)
        policy = {"Content-Security-Policy": self._cohost_policy}
        return await _send(request, self._cohost_page, HTML, policy)

    def _cohost_json(self) -> str:
        floor = None if self.room is None else self.room.floor()
        state = cohost_state(self.state(), floor)
        return json.dumps(state, ensure_ascii=False, separators=(",", ":"))

    # ------------------------------------------------------------------ writes

    async def _join(self, request: web.BaseRequest) -> web.StreamResponse:
        """A phone asks to share, in a lane: its ticket and its place (201)."""
        check_origin(request, self._origins)
        body = await read_json(request, self.limits.headers_seconds)
        lane = body.get("lane")
        if lane not in LANES:
            raise WriteRefused(400)
        device = device_of(request)
        cookie: dict[str, str] = {}
        if device is None:  # a tool without the page: it gets its cookie now
            device = new_device()
            cookie["Set-Cookie"] = device_cookie(device, self.token)
        floor = None if self.room is None else self.room.floor()
        if self.room is None or floor is None:
            raise WriteRefused(409, words.no_meeting_words(), **cookie)
        now = asyncio.get_running_loop().time()
        try:
            ticket = floor.join(device, lane, now)
        except NotNow as why:
            raise WriteRefused(409, str(why), **cookie) from None
        except TooSoon:
            wait = str(math.ceil(floor.queue.rejoin_seconds))
            raise WriteRefused(
                429, words.too_soon_words(), **cookie, **{"Retry-After": wait}
            ) from None
        except QueueFull:
            retry = {"Retry-After": QUEUE_FULL_RETRY}
            raise WriteRefused(503, words.queue_full_words(), **cookie, **retry) from None
        self.room.changed()
        self.publish()
        answer = {"ticket": ticket.name, "position": floor.queue.position(ticket.name)}
        return await _send_json(request, answer, 201, cookie)

    async def _ticket(self, request: web.BaseRequest, name: str) -> web.StreamResponse:
        """Where ticket `name` stands (GET), or its phone leaves the queue (DELETE)."""
        if request.method not in (*READS, "DELETE"):
            return _bare(405, Allow="GET, HEAD, DELETE")
        if request.method == "DELETE":
            check_origin(request, self._origins)
            if request.body_exists:
                await read_body(request, self.limits.headers_seconds)
        floor = None if self.room is None else self.room.floor()
        if floor is None or not TICKET.fullmatch(name):
            return _bare(404)
        queue = floor.queue
        if request.method != "DELETE":
            if not queue.known(name):
                return _bare(404)
            answer = {"position": queue.position(name), "called": queue.called(name)}
            return await _send(request, json.dumps(answer).encode(), JSON)
        waiting = floor.waiting_ticket(name)
        if waiting is None:
            return _bare(204)  # it waits no longer (left already, or sharing): so be it
        device = device_of(request)
        if not _same(device, waiting.device):
            return _bare(404)  # only the phone holding it takes it out of the queue
        floor.leave(name)
        assert self.room is not None
        self.room.changed()
        self.publish()
        return _bare(204)

    async def _act(self, request: web.BaseRequest) -> web.StreamResponse:
        """The co-host's action: the co-host's state once done (200), or why not now (409)."""
        check_origin(request, self._origins)
        body = await read_json(request, self.limits.headers_seconds)
        action, text = body.get("action"), body.get("text")
        if action not in COHOST_ACTIONS or not isinstance(text, str | None):
            raise WriteRefused(400)
        if action == "message" and text and text not in _presets():
            raise WriteRefused(400)  # the co-host tells the room the presets only
        if self.room is None:
            raise WriteRefused(409, words.no_meeting_words())
        try:
            reason = self.room.act(action, text)
        except KeyError:
            raise WriteRefused(400) from None
        if reason is not None:
            raise WriteRefused(409, reason)
        self.publish()
        return await _send(request, self._cohost_json().encode(), JSON, close=True)

    def _json(self, state: dict[str, Any] | None = None) -> str:
        state = self.state() if state is None else state
        return json.dumps(state, ensure_ascii=False, separators=(",", ":"))

    def _event(self, state: dict[str, Any] | None = None) -> bytes:
        return f"data: {self._json(state)}\n\n".encode()

    async def _stream(self, request: web.BaseRequest) -> web.StreamResponse:
        from aiohttp import web

        from .gate import HEADERS, send

        address = request.remote or ""
        full = self._streams.get(address, 0) >= self.limits.streams_per_address
        if full or self.viewers >= self.max_viewers:
            return _bare(503, **{"Retry-After": "5"})
        response = web.StreamResponse(
            headers={**HEADERS, "Content-Type": "text/event-stream", "X-Accel-Buffering": "no"}
        )
        if request.method == "HEAD":
            await response.prepare(request)
            return response
        self._streams[address] = self._streams.get(address, 0) + 1
        task = asyncio.current_task()
        assert task is not None
        self._answering.add(task)
        try:
            writer = await response.prepare(request)
            assert writer is not None
            now = asyncio.get_running_loop().time()
            if now - self._latest_at > FRESH_SECONDS:
                # The others were sent this state already (bar the seconds): no need to wake them.
                self._latest, self._latest_at = self._event(), now
            if self._beat is None:
                self._beat_later()
            while not self._stopping:
                seen = self._version
                await send(writer, self._latest)  # returns once the viewer has taken it all
                self._idle.add(task)
                while seen == self._version and not self._stopping:
                    await self._changed.wait()
                self._idle.discard(task)
            response.force_close()
        except ConnectionError:
            pass  # the viewer went away
        finally:
            self._answering.discard(task)
            self._idle.discard(task)
            self._streams[address] -= 1
            if not self._streams[address]:
                del self._streams[address]
            if not self.viewers:
                self._beat_later()  # nobody left: no heartbeat
                self._latest_at = -FRESH_SECONDS  # nor a state kept up to date
        return response


JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"


def _presets() -> set[str]:
    """The messages the co-host may send now: the presets now, and a moment ago."""
    now = datetime.now()
    earlier = now - timedelta(seconds=PRESET_SLACK_SECONDS)
    return {*words.message_presets(now), *words.message_presets(earlier)}


def _same(device: str | None, holder: str | None) -> bool:
    """Whether `device` is the one that holds a ticket (compared in constant time)."""
    if device is None or holder is None:
        return False
    return hmac.compare_digest(device.encode(), holder.encode())


def _refusal(refused: WriteRefused) -> web.Response:
    """The answer to a write refused: its status alone, or with the reason as JSON."""
    if refused.reason is None:
        return _bare(refused.status, **refused.headers)
    from aiohttp import web

    from .gate import HEADERS

    body = json.dumps({"reason": refused.reason}, ensure_ascii=False).encode()
    headers = {**HEADERS, "Content-Type": JSON, **refused.headers}
    answer = web.Response(status=refused.status, body=body, headers=headers)
    answer.force_close()
    return answer


async def _send_json(
    request: web.BaseRequest, data: object, status: int, headers: dict[str, str]
) -> web.StreamResponse:
    """`data` as a write's JSON answer, after which the connection closes."""
    body = json.dumps(data, ensure_ascii=False).encode()
    return await _send(request, body, JSON, headers, status=status, close=True)


def _bare(status: int, **headers: str) -> web.Response:
    """An answer of a status alone, after which the connection closes."""
    from aiohttp import web

    from .gate import HEADERS

    answer = web.Response(status=status, headers={**HEADERS, **headers})
    answer.force_close()
    return answer


async def _send(
    request: web.BaseRequest,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
    *,
    status: int = 200,
    close: bool = False,
) -> web.StreamResponse:
    """`body` as the answer, written a piece at a time as the connection takes it; `close`:
    the connection closes after it."""
    from aiohttp import web

    from .gate import HEADERS, send

    response = web.StreamResponse(
        status=status, headers={**HEADERS, "Content-Type": content_type, **(headers or {})}
    )
    response.content_length = len(body)
    if close:
        response.force_close()
    writer = await response.prepare(request)
    assert writer is not None
    if request.method != "HEAD":
        await send(writer, body)
    await response.write_eof()
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
