"""The room page's server, for real: a listener on this machine and aiohttp's client."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from facilitator.room import server as room_server
from facilitator.room.limits import CONNECTIONS
from facilitator.room.server import HEARTBEAT_SECONDS, MAX_VIEWERS, RoomServer
from facilitator.room.sound import wav_bytes
from facilitator.words.room import ROOM_WORDS, room_words

from ..hints import RunPython

PROMPT = 0.25  # seconds: how soon an event must follow a change


class Room:
    """A state the test changes, and the server serving it."""

    def __init__(self, **options: Any) -> None:
        self.state: dict[str, Any] = {"status": "ready", "step": {"number": 1}}
        self.server = RoomServer(lambda: self.state, port=0, **options)


@pytest.fixture
async def room() -> AsyncIterator[Room]:
    served = Room(max_viewers=3)
    await served.server.start()
    yield served
    await served.server.stop()


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def next_event(response: aiohttp.ClientResponse, timeout: float = PROMPT) -> Any:
    """The next event's data, read within `timeout` seconds."""
    raw = await asyncio.wait_for(response.content.readuntil(b"\n\n"), timeout)
    line = raw.decode()
    assert line.startswith("data: ") and line.endswith("\n\n")
    return json.loads(line[len("data: ") : -2])


def port_of(address: str) -> int:
    return int(address.split("/")[2].rsplit(":", 1)[1])


def test_the_defaults() -> None:
    server = RoomServer(dict)
    assert (server.host, server.port) == ("127.0.0.1", 8765)
    assert server.max_viewers == MAX_VIEWERS == 200
    assert server.heartbeat == HEARTBEAT_SECONDS <= 5
    # As the README promises them.
    limits = server.limits
    assert (limits.connections, CONNECTIONS) == (None, 512)  # None: 512, or fewer by the files
    assert (limits.per_address, limits.streams_per_address) == (32, 8)
    assert limits.headers_seconds == limits.idle_seconds == limits.stall_seconds == 5


def test_aiohttp_and_segno_load_only_when_the_page_starts(
    tmp_path: Path, run_python: RunPython
) -> None:
    code = (
        "import sys, asyncio\n"
        "import facilitator.app, facilitator.room.state, facilitator.room.server as served\n"
        "import facilitator.screens.meeting.screen\n"
        "print('aiohttp' in sys.modules, 'segno' in sys.modules)\n"
        "async def main():\n"
        "    server = served.RoomServer(dict, port=0)\n"
        "    await server.start()\n"
        "    await server.stop()\n"
        "asyncio.run(main())\n"
        "print('aiohttp' in sys.modules)\n"
        "from facilitator.widgets.qr_code import qr_lines\n"
        "qr_lines('http://127.0.0.1:8765/token/', 40)\n"
        "print('segno' in sys.modules)\n"
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    # Nor segno, until a QR code of the page's address is drawn.
    assert result.stdout.split() == ["False", "False", "True", "True"]


async def test_the_address_holds_a_new_token_each_start() -> None:
    server = RoomServer(dict, port=0)
    first = await server.start()
    await server.stop()
    second = await server.start()
    await server.stop()
    assert first.startswith("http://127.0.0.1:") and first.endswith("/")
    tokens = [first.split("/")[3], second.split("/")[3]]
    assert tokens[0] != tokens[1] and all(len(token) >= 22 for token in tokens)


async def test_state_json_is_the_state_now(room: Room, client: aiohttp.ClientSession) -> None:
    url = room.server.address + "state.json"
    async with client.get(url) as response:
        assert response.status == 200
        assert response.content_type == "application/json"
        assert response.headers["Cache-Control"] == "no-store"
        assert await response.json() == room.state
    room.state = {"status": "running", "step": {"number": 2, "title": "Café"}}
    async with client.get(url) as response:
        assert await response.json() == room.state
    async with client.head(url) as response:
        assert response.status == 200 and await response.read() == b""


WORDS_BLOCK = re.compile(r'<script type="application/json" id="words">(.*?)</script>', re.S)


async def test_the_page_is_the_tokens_root(room: Room, client: aiohttp.ClientSession) -> None:
    async with client.get(room.server.address) as response:
        assert response.status == 200
        assert response.content_type == "text/html" and response.charset == "utf-8"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        page = await response.text()
    (words,) = WORDS_BLOCK.findall(page)
    table = json.loads(words)
    assert table == room_words() and table.items() >= ROOM_WORDS.items()
    assert table["clock"] == "24"  # and how clocks read here
    assert table["waiting_one"] == "{count} waiting"  # and the counted words, by their form
    assert "<main>" in page and 'role="timer"' in page and 'aria-live="polite"' in page
    async with client.head(room.server.address) as response:
        assert response.status == 200 and response.content_type == "text/html"
        assert await response.read() == b""


async def test_the_page_may_reach_nothing_but_its_server(
    room: Room, client: aiohttp.ClientSession
) -> None:
    async with client.get(room.server.address) as response:
        policy = response.headers["Content-Security-Policy"]
        page = await response.text()
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["connect-src"] == "'self'"
    assert rules["base-uri"] == rules["form-action"] == rules["frame-ancestors"] == "'none'"
    # Only the page's own script and style run, each known by its hash.
    for kind, block in (
        ("script-src", "<script>(.*?)</script>"),
        ("style-src", "<style>(.*?)</style>"),
    ):
        (text,) = re.findall(block, page, flags=re.S)
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert rules[kind] == f"'sha256-{digest}'"
    # Nothing to fetch from elsewhere, and agenda text never parsed as HTML.
    assert "http://" not in page and "https://" not in page
    for parses in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert parses not in page
    assert '"state.json"' in page and 'new EventSource("events")' in page


async def test_no_word_can_end_the_pages_words_block(
    monkeypatch: pytest.MonkeyPatch, client: aiohttp.ClientSession
) -> None:
    hostile = "</script><script>alert(1)</script> & <!--"
    monkeypatch.setitem(ROOM_WORDS, "ready", hostile)
    served = Room()
    await served.server.start()
    try:
        async with client.get(served.server.address) as response:
            page = await response.text()
    finally:
        await served.server.stop()
    (words,) = WORDS_BLOCK.findall(page)
    assert json.loads(words)["ready"] == hostile
    assert "<" not in words and ">" not in words and "&" not in words
    assert page.count("</script>") == 2  # the words' and the script's own


async def test_the_page_is_read_once_per_start(
    monkeypatch: pytest.MonkeyPatch, client: aiohttp.ClientSession
) -> None:
    reads: list[int] = []
    real = room_server.room_page

    def counted() -> tuple[bytes, str]:
        reads.append(1)
        return real()

    monkeypatch.setattr(room_server, "room_page", counted)
    served = Room()
    await served.server.start()
    try:
        for _ in range(3):
            async with client.get(served.server.address) as response:
                assert response.status == 200
    finally:
        await served.server.stop()
    assert len(reads) == 1


async def test_every_other_path_is_404_and_empty(room: Room, client: aiohttp.ClientSession) -> None:
    base = room.server.address.rstrip("/")
    origin = base.rsplit("/", 1)[0]
    token = room.server.token
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    paths = [
        f"{origin}/",
        f"{origin}/state.json",
        f"{origin}/{wrong}/state.json",
        f"{origin}/{wrong}/events",
        f"{base}",
        f"{base}/index.html",
        f"{base}/state.json/",
        f"{base}/events/x",
        f"{base}/../{token}/x",
    ]
    for url in paths:
        async with client.get(url) as response:
            assert response.status == 404, url
            assert await response.read() == b"", url


async def test_only_get_and_head_are_answered(room: Room, client: aiohttp.ClientSession) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        for path in ("", "state.json", "events", "time.wav"):
            async with client.request(method, room.server.address + path) as response:
                assert response.status == 405, (method, path)
                assert response.headers["Allow"] == "GET, HEAD"
                assert await response.read() == b""
        # What is not there is not there, whatever the method.
        async with client.request(method, room.server.address + "nothing") as response:
            assert response.status == 404, method
            assert await response.read() == b""


async def test_events_come_at_once_and_on_every_change(
    room: Room, client: aiohttp.ClientSession
) -> None:
    async with client.get(room.server.address + "events") as response:
        assert response.status == 200
        assert response.content_type == "text/event-stream"
        assert await next_event(response) == room.state
        for number in (2, 3):
            room.state = {"status": "running", "step": {"number": number}}
            room.server.publish()
            assert await next_event(response) == room.state


async def test_events_repeat_when_nothing_changes(client: aiohttp.ClientSession) -> None:
    quiet = Room(heartbeat=0.1)
    await quiet.server.start()
    try:
        async with client.get(quiet.server.address + "events") as response:
            await next_event(response)
            started = time.monotonic()
            assert await next_event(response, timeout=1) == quiet.state
            assert time.monotonic() - started >= 0.05
    finally:
        await quiet.server.stop()


async def test_too_many_viewers_are_turned_away(room: Room, client: aiohttp.ClientSession) -> None:
    url = room.server.address + "events"
    streams = [await client.get(url) for _ in range(3)]
    for stream in streams:
        assert stream.status == 200
        await next_event(stream)
    async with client.get(url) as refused:
        assert refused.status == 503
    assert room.server.viewers == 3
    streams.pop().close()  # one viewer leaves: its place is free again
    for _ in range(40):
        room.server.publish()  # the server finds a closed stream when it next writes to it
        await asyncio.sleep(0.025)
        if room.server.viewers < 3:
            break
    async with client.get(url) as welcome:
        assert welcome.status == 200
        await next_event(welcome)
    for stream in streams:
        stream.close()


async def test_a_port_in_use_moves_to_the_next() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = RoomServer(dict, port=port)
        address = await server.start()
        try:
            assert port < port_of(address) <= port + 20
        finally:
            await server.stop()


async def test_stop_ends_the_streams_and_frees_the_port(
    client: aiohttp.ClientSession,
) -> None:
    room = Room()
    address = await room.server.start()
    stream = await client.get(address + "events")
    await next_event(stream)
    started = time.monotonic()
    await room.server.stop()
    assert time.monotonic() - started < 1
    assert await asyncio.wait_for(stream.content.read(), 1) == b""  # the stream has ended
    stream.close()
    assert room.server.viewers == 0
    with socket.socket() as again:
        # As a server binds: a closed connection's wait does not count, a listener does.
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port_of(address)))
        again.listen()
    with pytest.raises(aiohttp.ClientConnectionError):
        await client.get(address + "state.json")


def listen_on_a_run_of_ports(count: int) -> list[socket.socket]:
    """Listeners on `count` ports in a row (a run found free among the high ports)."""
    for _ in range(20):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        held: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                listener = socket.socket()
                held.append(listener)
                listener.bind(("127.0.0.1", port))
                listener.listen()
            return held
        except OSError:
            for listener in held:
                listener.close()
    pytest.fail(f"found no {count} free ports in a row")


async def test_no_free_port_among_the_next_20_is_an_error() -> None:
    held = listen_on_a_run_of_ports(21)
    try:
        server = RoomServer(dict, port=held[0].getsockname()[1])
        with pytest.raises(OSError, match="all in use"):
            await server.start()
        assert server.viewers == 0 and server.address == ""
    finally:
        for listener in held:
            listener.close()


@pytest.fixture
async def steps_room() -> AsyncIterator[Room]:
    """A room whose streams are sent a state only when its step changes."""
    served = Room(changes=lambda state: state["step"]["number"])
    await served.server.start()
    yield served
    await served.server.stop()


async def test_only_what_changes_picks_out_is_sent(
    steps_room: Room, client: aiohttp.ClientSession
) -> None:
    async with client.get(steps_room.server.address + "events") as response:
        await next_event(response)
        steps_room.server.publish()  # the first publish sends what it has
        await next_event(response)
        steps_room.state = {"status": "running", "step": {"number": 1}}
        steps_room.server.publish()
        with pytest.raises(TimeoutError):  # the step is the same: nothing is sent
            await next_event(response)
        steps_room.state = {"status": "running", "step": {"number": 2}}
        steps_room.server.publish()
        assert await next_event(response) == steps_room.state


async def test_a_stream_opened_later_is_sent_every_change(
    steps_room: Room, client: aiohttp.ClientSession
) -> None:
    server = steps_room.server
    async with client.get(server.address + "events") as first:
        await next_event(first)
        steps_room.state = {"step": {"number": 2}}
        server.heartbeat = 0.05  # so the server soon writes again, and finds the viewer gone
        server.publish()
        await next_event(first)
    for _ in range(40):
        await asyncio.sleep(0.025)
        if not server.viewers:
            break
    assert not server.viewers
    server.heartbeat = HEARTBEAT_SECONDS
    steps_room.state = {"step": {"number": 1}}
    server.publish()  # nobody watches
    async with client.get(server.address + "events") as second:
        assert await next_event(second) == {"step": {"number": 1}}
        steps_room.state = {"step": {"number": 2}}  # as it was when the first one left
        server.publish()
        assert await next_event(second) == {"step": {"number": 2}}


async def test_the_app_s_tones_are_served_for_the_page(
    room: Room, client: aiohttp.ClientSession
) -> None:
    for name in ("warning", "time"):
        async with client.get(f"{room.server.address}{name}.wav") as response:
            assert response.status == 200
            assert response.content_type == "audio/wav"
            assert await response.read() == wav_bytes(name)
    for other in ("overtime.wav", "time.WAV", "sounds", "x.wav"):
        async with client.get(room.server.address + other) as response:
            assert response.status == 404, other
