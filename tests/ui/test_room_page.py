"""The room page from the meeting screen: `v`, `--share`, `--lan`, `--port`, and its address.

The app serves it for real on this machine; aiohttp's client reads it as a browser would.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from textual.widgets import Label

from facilitator.app import FacilitatorApp
from facilitator.room.server import lan_address
from facilitator.room.state import RoomPageOptions
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.widgets.qr_code import QRCode, qr_lines
from facilitator.words import room as room_words

from ..hints import MakeApp, Press, Settle
from ..support.clocks import ManualClock

PROMPT = 0.25  # seconds: how soon the page must hear of a key
ANYWHERE = RoomPageOptions(port=0)


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on this machine that something else listens on."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def address_of(app: FacilitatorApp) -> str:
    server = app.room_page.server
    assert server is not None, "the room page is not served"
    return server.address


def address_line(app: FacilitatorApp) -> Label:
    return app.screen.query_one("#room-page", Label)


async def read_state(client: aiohttp.ClientSession, app: FacilitatorApp) -> Any:
    async with client.get(address_of(app) + "state.json") as response:
        assert response.status == 200
        return await response.json()


async def next_event(stream: aiohttp.ClientResponse, timeout: float = PROMPT) -> Any:
    raw = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), timeout)
    return json.loads(raw.decode().removeprefix("data: "))


async def test_v_serves_the_page_and_shows_its_address_without_a_qr_code(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    # Without `--lan` no phone can reach the address: a code to scan would lead nowhere.
    app = make_app(clock, room_page=ANYWHERE)
    async with app.run_test(size=(100, 32)) as pilot:
        assert app.room_page.server is None
        assert not address_line(app).display
        await press(pilot, "v")
        address = address_of(app)
        assert address.startswith("http://127.0.0.1:")
        line = address_line(app)
        assert line.display
        assert str(line.content) == room_words.room_page_words(address, everyone=False)
        qr_code = app.screen.query_one(QRCode)
        assert not qr_code.display and qr_code.text == ""
        state = await read_state(client, app)
        assert state["meeting"] == "Tuesday Night Open Discussion"
        assert state["status"] == "ready"


async def test_every_key_reaches_the_page_at_once(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=ANYWHERE)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        async with client.get(address_of(app) + "events") as stream:
            assert (await next_event(stream))["status"] == "ready"
            await press(pilot, "s")
            assert (await next_event(stream))["status"] == "running"
            await press(pilot, "n")
            assert (await next_event(stream))["step"]["number"] == 2
            await press(pilot, "space")
            share = (await next_event(stream))["share"]
            assert (share["number"], share["state"]) == (1, "running")
            await press(pilot, "space")
            assert (await next_event(stream))["share"]["state"] == "paused"
            await press(pilot, "plus")
            share = (await next_event(stream))["share"]
            assert share["allotted_seconds"] == 3 * 60 + 30
            # A tally is no business of the room's: nothing is sent.
            await press(pilot, "1")
            with pytest.raises(TimeoutError):
                await next_event(stream)


async def test_the_warning_reaches_the_page_as_time_passes(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    client: aiohttp.ClientSession,
) -> None:
    app = make_app(clock, room_page=ANYWHERE)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "s", "n", "space")
        async with client.get(address_of(app) + "events") as stream:
            share = (await next_event(stream))["share"]
            assert share["urgency"] == "ok"
            allotted = share["allotted_seconds"]
            clock.advance(allotted - 20)  # into the warning, with no key pressed
            await tick(pilot)
            assert (await next_event(stream, timeout=1))["share"]["urgency"] == "warning"
            clock.advance(21)
            await tick(pilot)
            assert (await next_event(stream, timeout=1))["share"]["urgency"] == "time"


async def test_v_again_stops_the_page_and_its_address_dies(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=ANYWHERE)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await press(pilot, "v")
        address = address_of(app)
        async with client.get(address + "events") as stream:
            await next_event(stream)
            await press(pilot, "v")
            assert app.room_page.server is None
            # The stream ends, as a page sees when the app goes away (after what was already
            # on its way, on a busy machine).
            rest = await asyncio.wait_for(stream.content.read(), 2)
            assert rest == b"" or rest.startswith(b"data: ") and rest.endswith(b"\n\n")
        assert not address_line(app).display
        assert not app.screen.query_one(QRCode).display
        assert room_words.room_page_stopped_words() in [n.message for n in app._notifications]
        with pytest.raises(aiohttp.ClientConnectionError):
            async with client.get(address + "state.json"):
                pass
        await press(pilot, "v")  # and again: a new address, with a new token
        assert address_of(app) != address


async def test_share_serves_the_page_from_the_start(
    clock: ManualClock, make_app: MakeApp, settle: Settle, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(start=True, port=0))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert address_line(app).display
        assert (await read_state(client, app))["step"]["title"] == "Welcome"


async def test_share_waits_for_the_meeting_the_picker_chooses(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle
) -> None:
    app = make_app(clock, agenda_path=None, room_page=RoomPageOptions(start=True, port=0))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.room_page.server is None  # no meeting yet: nothing to serve
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.room_page == address_of(app)


async def test_a_taken_port_gives_the_next_one(
    clock: ManualClock, make_app: MakeApp, press: Press, busy_port: int
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(port=busy_port))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        port = int(address_of(app).split("/")[2].rsplit(":", 1)[1])
        assert busy_port < port <= busy_port + 20


async def test_a_page_that_cannot_start_says_why_and_the_meeting_goes_on(
    clock: ManualClock, make_app: MakeApp, press: Press, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(self: object, token: str | None = None, cohost: str | None = None) -> str:
        raise OSError(98, "ports 8765 to 8785 are all in use")

    monkeypatch.setattr("facilitator.room.server.RoomServer.start", refuse)
    app = make_app(clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await press(pilot, "v", "s")
        assert app.room_page.server is None
        assert not address_line(app).display
        messages = [n.message for n in app._notifications]
        assert "The room page could not start: ports 8765 to 8785 are all in use" in messages
        assert app.meeting is not None and app.meeting.status == "running"


async def test_lan_listens_everywhere_says_who_can_see_it_and_shows_a_qr_code(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(everyone=True, port=0))
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await press(pilot, "v")
        server = app.room_page.server
        assert server is not None and server.host == "0.0.0.0"
        address = address_of(app)
        assert address.startswith(f"http://{lan_address()}:")
        assert str(address_line(app).content) == room_words.room_page_words(address, everyone=True)
        assert room_words.room_page_open_words() in [n.message for n in app._notifications]
        qr_code = app.screen.query_one(QRCode)
        assert qr_code.display and qr_code.text == address
        assert qr_code.size.height == len(qr_lines(address, qr_code.size.width)) > 10
        port = address.split("/")[2].rsplit(":", 1)[1]
        token = address.split("/")[3]
        # Reached from this machine by its loopback address too, with the token only.
        async with client.get(f"http://127.0.0.1:{port}/{token}/state.json") as response:
            assert response.status == 200
        async with client.get(f"http://127.0.0.1:{port}/state.json") as response:
            assert response.status == 404


async def test_the_page_ends_with_the_app(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=ANYWHERE)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        address = address_of(app)
        stream = await client.get(address + "events")
        await next_event(stream)
        await press(pilot, "q")
    assert await asyncio.wait_for(stream.content.read(), 2) == b""
    stream.release()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with client.get(address + "state.json"):
            pass


async def test_a_short_terminal_keeps_the_address_and_drops_the_qr_code(
    clock: ManualClock, make_app: MakeApp, press: Press
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(everyone=True, port=0))
    async with app.run_test(size=(100, 20)) as pilot:
        await press(pilot, "v")
        assert address_line(app).display
        assert not app.screen.query_one(QRCode).display


@pytest.fixture
def port() -> int:
    """A port free on this machine now, for two runs of the app one after the other."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_resumed_meeting_is_served_at_the_same_address_with_share(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle, port: int
) -> None:
    shared = RoomPageOptions(start=True, port=port)
    first = make_app(clock, room_page=shared)
    async with first.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        address = address_of(first)
        cohost = first.room_page.cohost_address
        assert cohost and cohost != address
    again = make_app(clock, room_page=shared)
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        assert address_of(again) == address
        assert again.room_page.cohost_address == cohost  # the co-host's address is kept too
        assert isinstance(again.screen, MeetingScreen) and again.screen.room_page == address
        assert str(address_line(again).content) == room_words.room_page_words(address, False)
        cohost_line = again.screen.query_one("#cohost-page", Label)
        assert cohost_line.display and cohost in str(cohost_line.content)


async def test_a_resumed_meeting_is_served_at_the_same_address_with_v(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    client: aiohttp.ClientSession,
    port: int,
) -> None:
    first = make_app(clock, room_page=RoomPageOptions(port=port))
    async with first.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "s", "n")
        address = address_of(first)
        cohost = first.room_page.cohost_address
    again = make_app(clock, room_page=RoomPageOptions(port=port))
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "y", "v")
        assert address_of(again) == address
        assert again.room_page.cohost_address == cohost
        assert (await read_state(client, again))["step"]["number"] == 2


async def test_a_page_served_before_the_start_keeps_its_address(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle, port: int
) -> None:
    # Served before the meeting has a record: the address is kept with its first change.
    first = make_app(clock, room_page=RoomPageOptions(port=port))
    async with first.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v")
        address = address_of(first)
        await press(pilot, "s")
    again = make_app(clock, room_page=RoomPageOptions(port=port))
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "y", "v")
        assert address_of(again) == address


async def test_v_off_and_on_makes_a_new_address_and_keeps_that_one(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle, port: int
) -> None:
    first = make_app(clock, room_page=RoomPageOptions(port=port))
    async with first.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "v")
        stopped = address_of(first)
        await press(pilot, "v", "v")
        address = address_of(first)
        assert address != stopped
    again = make_app(clock, room_page=RoomPageOptions(port=port))
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "y", "v")
        assert address_of(again) == address


async def test_a_page_stopped_with_v_is_not_served_again_at_its_address(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle, port: int
) -> None:
    first = make_app(clock, room_page=RoomPageOptions(port=port))
    async with first.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "v")
        stopped = address_of(first)
        await press(pilot, "v")
    again = make_app(clock, room_page=RoomPageOptions(port=port))
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "y", "v")
        assert address_of(again) != stopped


async def test_a_new_meeting_gets_a_new_address(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle, port: int
) -> None:
    first = make_app(clock, room_page=RoomPageOptions(port=port))
    async with first.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "s")
        address = address_of(first)
    again = make_app(clock, room_page=RoomPageOptions(start=True, port=port))
    async with again.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "n")  # the old meeting is ended: this one is new
        await settle(pilot)
        fresh = address_of(again)
        assert fresh != address
        await press(pilot, "s")
    last = make_app(clock, room_page=RoomPageOptions(port=port))
    async with last.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press(pilot, "y", "v")
        assert address_of(last) == fresh
