"""The room page's server on a hostile network: real sockets on this machine, real floods.

Slow requests, idle and too many connections, one address taking every place, readers that
stop reading, garbage: each is tried against a listener, and a viewer with the token is
still answered. Other addresses of this machine (127.0.0.2, ...) stand for other devices.
The floods at a desktop's limit of 1,024 open files run the server in a process of its own.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import resource
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from facilitator.room.limits import (
    BACKLOG,
    CONNECTIONS,
    FALLBACK_CONNECTIONS,
    FILES_ACCEPTED,
    FILES_KEPT,
    FILES_WANTED,
    Limits,
    connection_cap,
)
from facilitator.room.server import RoomServer

from ..support.flood import GARBAGE, Flood, hosted_room, raise_file_limit, request, sources

QUICK = Limits(headers_seconds=0.5, idle_seconds=0.5, stall_seconds=0.5, sweep_seconds=0.05)
"""Deadlines short enough for a test, looked at often enough to be kept to the tenth."""
SLACK = 1.5  # seconds a deadline may be overrun on a busy machine
REMINDER = 900_000  # characters: a closing reminder as long as an agenda allows


class Room:
    """A state the test changes, and the server serving it on a free port."""

    def __init__(self, reminder: int = 0, **options: Any) -> None:
        self.state: dict[str, Any] = {"step": {"number": 1}, "closing": "x" * reminder}
        self.reads = 0
        self.server = RoomServer(self.read, port=0, **options)

    def read(self) -> dict[str, Any]:
        self.reads += 1
        return self.state

    @property
    def port(self) -> int:
        return int(self.server.address.split("/")[2].rsplit(":", 1)[1])

    def path(self, name: str) -> str:
        return f"/{self.server.token}/{name}"


@pytest.fixture
async def serve() -> AsyncIterator[Callable[..., Any]]:
    """A function: a started `Room` with the options given; all are stopped after."""
    rooms: list[Room] = []

    async def start(**options: Any) -> Room:
        room = Room(**options)
        await room.server.start()
        rooms.append(room)
        return room

    yield start
    for room in rooms:
        await room.server.stop()


class Client:
    """A raw connection from an address of this machine, read as the test decides."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.opened = time.monotonic()

    @classmethod
    async def connect(cls, room: Room, source: str = "127.0.0.1", buffer: int = 0) -> Client:
        """Connect from `source`; `buffer`: the system's receive buffer, small for a reader
        that stops and should be seen to (the client itself holds at most 8 KiB unread)."""
        connection = socket.socket()
        if buffer:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer)
        connection.bind((source, 0))
        connection.setblocking(False)
        await asyncio.get_running_loop().sock_connect(connection, ("127.0.0.1", room.port))
        return cls(*await asyncio.open_connection(sock=connection, limit=4096))

    def send(self, data: bytes) -> None:
        self.writer.write(data)

    async def answer(self) -> tuple[str, dict[str, str], bytes]:
        """The next answer: its status line, headers (lower-cased names) and body."""
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in head[1:] if line)
        headers = {name.lower(): value for name, value in headers.items()}
        body = await self.reader.readexactly(int(headers.get("content-length", 0)))
        return head[0], headers, body

    async def cut(self, within: float = 5.0) -> bytes:
        """Everything read until the server closes or cuts the connection."""
        read = b""
        async with asyncio.timeout(within):
            try:
                while chunk := await self.reader.read(65536):
                    read += chunk
            except ConnectionResetError:
                pass
        return read

    def close(self) -> None:
        self.writer.close()


async def until(condition: Callable[[], bool], within: float = 5.0) -> float:
    """Seconds until `condition` holds, looked at every loop turn or so; fails after `within`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < within, "the server never got there"
        await asyncio.sleep(0.01)
    return time.monotonic() - started


async def drip(client: Client, every: float) -> None:
    """Send a header line every `every` seconds, and never the end (the attack's own pace)."""
    while True:
        await asyncio.sleep(every)
        client.send(b"X-Slow: yes\r\n")


# ---------------------------------------------------------------------- what is answered


async def test_no_answer_names_the_server(serve: Callable[..., Any]) -> None:
    room = await serve(max_viewers=1)
    answers = []
    for data in [
        request(room.path("")),
        request(room.path("state.json")),
        request(room.path("time.wav")),
        request(room.path("events")),
        request(room.path("events")),  # a second viewer: 503
        request(room.path("nothing")),
        request(room.path("state.json"), "POST"),
        request("/"),
        b"NOT HTTP\r\n\r\n",
    ]:
        client = await Client.connect(room)
        client.send(data)
        answers.append(await client.answer())
    statuses = [int(status.split()[1]) for status, _, _ in answers]
    assert statuses == [200, 200, 200, 200, 503, 404, 405, 404, 400]
    for status, headers, body in answers:
        assert "server" not in headers, status
        said = (status + json.dumps(headers)).lower()
        assert "aiohttp" not in said and "python" not in said, status
        assert body == b"" or status.endswith("200 OK"), status  # an error says no more


async def test_every_method_outside_the_token_is_404_empty_and_closed(
    serve: Callable[..., Any],
) -> None:
    room = await serve()
    wrong = room.server.token[:-1] + ("A" if room.server.token[-1] != "A" else "B")
    for method in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        for path in ("/", "/state.json", f"/{wrong}/state.json", "/x/y/z", "/%C3%A9/events"):
            client = await Client.connect(room)
            client.send(request(path, method))
            status, headers, body = await client.answer()
            assert status == "HTTP/1.1 404 Not Found", (method, path)
            assert body == b"" and "allow" not in headers, (method, path)
            assert headers["connection"] == "close"
            assert await client.cut() == b""  # and nothing more: the connection is closed


async def test_other_methods_inside_the_token_are_405(serve: Callable[..., Any]) -> None:
    room = await serve()
    client = await Client.connect(room)
    client.send(request(room.path("state.json"), "DELETE"))
    status, headers, body = await client.answer()
    assert status.split()[1] == "405" and headers["allow"] == "GET, HEAD" and body == b""


async def test_garbage_is_answered_bare_or_cut(
    serve: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    room = await serve()
    for data in GARBAGE:
        client = await Client.connect(room)
        client.send(data)
        said = await client.cut()
        head, _, body = said.partition(b"\r\n\r\n")
        assert re.fullmatch(rb"HTTP/1\.[01] (400|404) [A-Za-z ]+", head.split(b"\r\n")[0]), data
        assert b"Server:" not in head and b"Content-Length: 0" in head, data
        assert body == b"", data
    # The server took none of it to heart: a viewer is answered as ever.
    viewer = await Client.connect(room)
    viewer.send(request(room.path("state.json")))
    assert (await viewer.answer())[0] == "HTTP/1.1 200 OK"
    # Nor kept any of it: aiohttp logs a request it cannot read, with what was sent.
    assert [record for record in caplog.records if record.name.startswith("aiohttp")] == []


# ---------------------------------------------------------------------- deadlines


async def test_a_request_sent_a_line_at_a_time_is_cut(serve: Callable[..., Any]) -> None:
    # aiohttp gives up on a connection idle for its keep-alive time, not sooner.
    room = await serve(limits=Limits(headers_seconds=0.5, idle_seconds=30, sweep_seconds=0.05))
    slow = await Client.connect(room)
    slow.send(b"GET /aaaa HTTP/1.1\r\nHost: x\r\n")
    dripping = asyncio.create_task(drip(slow, every=0.1))
    silent = await Client.connect(room)  # nor one that says nothing
    try:
        assert await slow.cut() == b"" and await silent.cut() == b""  # not a byte in answer
        lasted = time.monotonic() - slow.opened
        assert 0.5 <= lasted < 0.5 + SLACK
    finally:
        dripping.cancel()
    assert room.server.connections == 0
    prompt = await Client.connect(room)  # a request sent at once is answered
    prompt.send(request(room.path("state.json")))
    assert (await prompt.answer())[0] == "HTTP/1.1 200 OK"


async def test_an_idle_connection_is_cut_after_its_answer(serve: Callable[..., Any]) -> None:
    room = await serve(limits=QUICK)
    client = await Client.connect(room)
    for _ in range(3):  # keep-alive: requests one after another on the one connection
        client.send(request(room.path("state.json")))
        status, headers, _ = await client.answer()
        assert status == "HTTP/1.1 200 OK" and "connection" not in headers
    answered = time.monotonic()
    assert await client.cut() == b""
    # (The server counts from the moment it answered, a little before the answer arrives.)
    assert QUICK.idle_seconds - 0.1 <= time.monotonic() - answered < QUICK.idle_seconds + SLACK


async def test_a_connection_is_answered_so_many_times(serve: Callable[..., Any]) -> None:
    room = await serve(limits=Limits(requests=3))
    client = await Client.connect(room)
    client.send(request(room.path("state.json")) * 5)  # pipelined: more than it may have
    said = [await client.answer() for _ in range(3)]
    assert [headers.get("connection") for _, headers, _ in said] == [None, None, "close"]
    assert await client.cut() == b""


async def test_a_request_with_a_body_is_answered_then_closed(serve: Callable[..., Any]) -> None:
    room = await serve()
    client = await Client.connect(room)
    head = f"GET {room.path('state.json')} HTTP/1.1\r\nHost: x\r\nContent-Length: 99999\r\n\r\n"
    client.send(head.encode() + b"a body nobody reads")
    status, headers, body = await client.answer()
    assert status == "HTTP/1.1 200 OK" and headers["connection"] == "close"
    assert json.loads(body) == room.state
    assert await client.cut() == b""


async def test_a_request_too_long_is_cut(serve: Callable[..., Any]) -> None:
    room = await serve(limits=Limits(head_bytes=2048))
    long = await Client.connect(room)
    long.send(b"GET /aaaa HTTP/1.1\r\n" + b"X-Long: " + b"y" * 100 + b"\r\n" * 1)
    for _ in range(30):  # lines each within aiohttp's limits, together over the cap
        long.send(b"X-Long: " + b"y" * 100 + b"\r\n")
    assert await long.cut(within=1) == b""
    fits = await Client.connect(room)
    fits.send(request(room.path("state.json"))[:-2] + b"X-Fits: " + b"y" * 1500 + b"\r\n\r\n")
    assert (await fits.answer())[0] == "HTTP/1.1 200 OK"


# ---------------------------------------------------------------------- caps


async def test_at_the_cap_the_longest_waiting_connection_makes_room(
    serve: Callable[..., Any],
) -> None:
    room = await serve(limits=Limits(connections=4))
    waiting = []
    for _ in range(4):
        client = await Client.connect(room, "127.0.0.2")
        client.send(b"GET /aaaa HTTP/1.1\r\n")
        waiting.append(client)
    await until(lambda: room.server.connections == 4)
    viewer = await Client.connect(room, "127.0.0.3")
    viewer.send(request(room.path("state.json")))
    assert (await viewer.answer())[0] == "HTTP/1.1 200 OK"
    assert await waiting[0].cut() == b""  # the one that waited longest
    assert room.server.connections == 4  # the three others, and the viewer


async def test_when_every_connection_is_answered_a_newcomer_is_turned_away(
    serve: Callable[..., Any],
) -> None:
    room = await serve(limits=Limits(connections=3))
    streams = []
    for source in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):
        stream = await Client.connect(room, source)
        stream.send(request(room.path("events")))
        assert (await stream.reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 200")
        streams.append(stream)
    turned_away = await Client.connect(room, "127.0.0.5")
    turned_away.send(request(room.path("state.json")))
    assert await turned_away.cut() == b""  # not a word: it costs the server nothing more
    streams.pop().close()  # a viewer leaves: there is room again
    await until(lambda: room.server.connections == 2)
    welcome = await Client.connect(room, "127.0.0.5")
    welcome.send(request(room.path("state.json")))
    assert (await welcome.answer())[0] == "HTTP/1.1 200 OK"


async def test_one_address_cannot_take_every_place(serve: Callable[..., Any]) -> None:
    room = await serve(limits=Limits(per_address=3))
    held = []  # a client let go of is closed: the test holds each one it opens
    for _ in range(2):
        other = await Client.connect(room, "127.0.0.3")
        other.send(b"GET /aaaa HTTP/1.1\r\n")
        held.append(other)
    greedy = []
    for _ in range(4):  # one more than an address may hold
        client = await Client.connect(room, "127.0.0.2")
        client.send(b"GET /aaaa HTTP/1.1\r\n")
        greedy.append(client)
    assert await greedy[0].cut() == b""  # its own longest waiting made room, no other's
    await until(lambda: room.server.connections == 5)
    for client in greedy[1:]:
        client.close()
    await until(lambda: room.server.connections == 2)
    for _ in range(3):  # now each of the address's connections is being answered
        stream = await Client.connect(room, "127.0.0.2")
        stream.send(request(room.path("events")))
        assert (await stream.reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 200")
        held.append(stream)
    fourth = await Client.connect(room, "127.0.0.2")
    assert await fourth.cut() == b""  # turned away: none of its own is waiting
    assert room.server.connections == 5  # the other address's are still there
    viewer = await Client.connect(room, "127.0.0.4")
    viewer.send(request(room.path("state.json")))
    assert (await viewer.answer())[0] == "HTTP/1.1 200 OK"


async def test_one_address_has_so_many_streams(serve: Callable[..., Any]) -> None:
    room = await serve(limits=Limits(streams_per_address=2))
    statuses = []
    held = []
    for source in ("127.0.0.2", "127.0.0.2", "127.0.0.2", "127.0.0.3"):
        client = await Client.connect(room, source)
        client.send(request(room.path("events")))
        statuses.append((await client.reader.readuntil(b"\r\n\r\n")).split()[1])
        held.append(client)
    assert statuses == [b"200", b"200", b"503", b"200"]
    assert room.server.viewers == 3


# ---------------------------------------------------------------------- readers


async def test_a_viewer_that_stops_reading_is_dropped_and_its_place_freed(
    serve: Callable[..., Any],
) -> None:
    room = await serve(reminder=REMINDER, max_viewers=1, heartbeat=0.2, limits=QUICK)
    silent = await Client.connect(room, buffer=4096)
    silent.send(request(room.path("events")))
    await until(lambda: room.server.viewers == 1)
    # It takes nothing: once the system's buffers are full, a few tenths more and it is out.
    lasted = await until(lambda: room.server.viewers == 0)
    assert lasted < QUICK.stall_seconds + 1 + SLACK
    async with (
        aiohttp.ClientSession() as session,
        session.get(room.server.address + "events") as response,
    ):
        assert response.status == 200
        assert len(await response.content.readexactly(REMINDER)) == REMINDER


async def test_a_slow_reader_of_the_state_is_cut_a_steady_one_served(
    serve: Callable[..., Any],
) -> None:
    # Idle connections wait long here: only the one that stopped reading can be cut.
    limits = Limits(stall_seconds=0.5, idle_seconds=30, sweep_seconds=0.05)
    room = await serve(reminder=REMINDER, limits=limits)
    stopped = await Client.connect(room, "127.0.0.2", buffer=4096)
    stopped.send(request(room.path("state.json")))
    steady = await Client.connect(room, "127.0.0.3", buffer=4096)
    steady.send(request(room.path("state.json")))

    async def read_steadily() -> bytes:
        body = b""
        while len(body) < REMINDER:
            body += await steady.reader.read(64 * 1024)
            await asyncio.sleep(0.05)  # a slow phone: a piece now and then, never stopping
        return body

    reading = asyncio.create_task(read_steadily())
    await until(lambda: room.server.connections == 1, within=10)
    assert len(await stopped.cut()) < REMINDER  # cut before it had it all
    body = await asyncio.wait_for(reading, 30)
    assert b"200 OK" in body and len(body) > REMINDER


async def test_a_slow_viewer_is_sent_the_latest_state_not_every_one(
    serve: Callable[..., Any],
) -> None:
    room = await serve(reminder=REMINDER)
    viewer = await Client.connect(room, buffer=4096)
    viewer.send(request(room.path("events")))
    await until(lambda: room.server.viewers == 1)
    for number in range(2, 21):  # twenty steps while the viewer reads nothing
        room.state = {**room.state, "step": {"number": number}}
        room.server.publish()
    assert (await viewer.reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 200")
    events = await read_events(viewer, until_number=20)
    assert events == [1, 20]


async def read_events(client: Client, until_number: int) -> list[int]:
    """The step numbers of the events read (chunked, as aiohttp sends them), until one."""
    text = b""
    numbers: list[int] = []
    async with asyncio.timeout(10):
        while until_number not in numbers:
            size = int(await client.reader.readuntil(b"\r\n"), 16)
            text += (await client.reader.readexactly(size + 2))[:-2]
            *events, text = text.split(b"\n\n")
            numbers += [int(re.findall(rb'"number":(\d+)', event)[0]) for event in events]
    return numbers


async def test_the_state_is_encoded_once_for_every_viewer(serve: Callable[..., Any]) -> None:
    room = await serve(heartbeat=0.2, limits=Limits(streams_per_address=30))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=30)) as session:
        streams = [await session.get(room.server.address + "events") for _ in range(30)]
        for stream in streams:
            await stream.content.readuntil(b"\n\n")
        room.reads = 0
        for _ in range(3):  # three heartbeats...
            await asyncio.wait_for(streams[0].content.readuntil(b"\n\n"), 1)
        # ...each read from the state once (a few more on a slow machine), not once per viewer;
        # on a busy machine the first of them may have been read before the count was reset.
        assert 2 <= room.reads < 30
        for stream in streams[1:]:  # and each viewer was sent them
            for _ in range(3):
                await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 1)
        room.state = {**room.state, "step": {"number": 2}}
        room.reads = 0
        room.server.publish()
        assert room.reads == 1
        for stream in streams:  # after the heartbeats they had not read yet
            while b'"number":2' not in await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 1):
                pass
        for stream in streams:
            stream.close()


async def test_no_timer_runs_when_nobody_is_connected(
    serve: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = asyncio.get_running_loop()
    made: list[tuple[str, asyncio.TimerHandle]] = []
    call_later = loop.call_later

    def recorded(delay: float, callback: Callable[..., Any], *args: Any) -> asyncio.TimerHandle:
        handle = call_later(delay, callback, *args)
        made.append((getattr(callback, "__qualname__", ""), handle))
        return handle

    monkeypatch.setattr(loop, "call_later", recorded)
    room = await serve(heartbeat=0.1, limits=QUICK)
    async with aiohttp.ClientSession() as session:
        async with session.get(room.server.address + "events") as stream:
            for _ in range(3):
                await stream.content.readuntil(b"\n\n")
        await until(lambda: room.server.connections == 0)
    ours = [(name, handle) for name, handle in made if name.startswith(("Gate.", "RoomServer."))]
    assert {name for name, _ in ours} == {"Gate.sweep", "RoomServer._heartbeat"}
    pending = [
        name for name, handle in ours if not handle.cancelled() and handle.when() > loop.time()
    ]
    assert pending == []


# ---------------------------------------------------------------------- the file limit


def test_the_cap_keeps_well_below_the_file_limit() -> None:
    assert connection_cap(1024) == CONNECTIONS == 512
    assert connection_cap(1024) + FILES_KEPT + FILES_ACCEPTED <= 1024
    assert FILES_ACCEPTED >= 2 * BACKLOG
    assert connection_cap(100_000) == CONNECTIONS  # more files do not make more connections
    assert connection_cap(256) < 256 and connection_cap(None) == FALLBACK_CONNECTIONS


HARD = resource.getrlimit(resource.RLIMIT_NOFILE)[1]


@pytest.mark.skipif(HARD < 2 * FILES_WANTED, reason="the hard limit on files is low here")
@pytest.mark.parametrize(
    ("soft", "hard", "raised"),
    [(1024, 1024, 1024), (1024, 2048, 2048), (512, HARD, FILES_WANTED)],
)
def test_the_soft_file_limit_is_raised_toward_the_hard_one(
    soft: int, hard: int, raised: int
) -> None:
    code = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))\n"
        "from facilitator.room.limits import file_limit\n"
        "print(file_limit(), *resource.getrlimit(resource.RLIMIT_NOFILE))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(raised), str(raised), str(hard)]


def test_without_a_resource_module_the_cap_is_fixed() -> None:
    code = (
        "import sys\n"
        "sys.modules['resource'] = None\n"  # as on Windows
        "from facilitator.room.limits import connection_cap, file_limit\n"
        "print(file_limit(), connection_cap(file_limit()))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["None", str(FALLBACK_CONNECTIONS)], result.stderr


# ---------------------------------------------------------------------- floods


@pytest.fixture(scope="module", autouse=True)
def many_sockets() -> None:
    """The flooders' own sockets: more than a desktop's 1,024."""
    raise_file_limit(8192)


async def test_a_flood_of_slow_requests_under_1024_files_leaves_the_viewer_served() -> None:
    with hosted_room(files=1024) as room:
        flood = Flood("127.0.0.1", room.port)
        try:
            flood.drip(1100, sources(100), every=5)
            flood.storm(4, sources(10, first=100))
            flood.garbage(2, sources(2, first=110))
            while flood.stats["connected"] < 1500:  # the server is full, and churning
                await asyncio.sleep(0.05)
            waits = []
            async with aiohttp.ClientSession() as session:
                for _ in range(10):
                    started = time.monotonic()
                    async with session.get(room.address + "state.json") as response:
                        assert response.status == 200
                        await response.read()
                    async with session.get(room.address + "events") as stream:
                        assert b'"closing"' in await stream.content.readuntil(b"\n\n")
                    waits.append(time.monotonic() - started)
            stats = room.stats()
        finally:
            flood.close()
    assert sorted(waits)[len(waits) // 2] < 0.5 and max(waits) < 3, waits
    assert stats["failures"] == []  # no file the server or the app opened ever failed
    assert stats["connections"] <= CONNECTIONS
    assert stats["files"] < 1024 - FILES_KEPT // 2


async def test_viewers_that_never_read_hold_no_memory() -> None:
    with hosted_room(files=1024, reminder=REMINDER, heartbeat=1.0) as room:
        before = room.stats()["rss"]
        token = room.address.split("/")[3]
        flood = Flood("127.0.0.1", room.port)
        try:
            flood.silent_viewers(f"/{token}/events", 200, sources(25))
            peak = 0
            started = time.monotonic()
            seen = 0
            while True:  # until every one has come and gone
                stats = room.stats()
                peak = max(peak, stats["rss"])
                seen = max(seen, stats["viewers"])
                if seen == 200 and stats["viewers"] == 0:
                    break
                assert time.monotonic() - started < 30, stats
                await asyncio.sleep(0.1)
            after = room.stats()
        finally:
            flood.close()
    assert peak - before < 40, (before, peak)  # ~1 MB of the reminder per viewer, were it kept
    assert after["connections"] == 0 and after["failures"] == []
