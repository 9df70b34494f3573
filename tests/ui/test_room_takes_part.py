"""The room takes part, through the app served for real: a phone's join reaches the
facilitator's screen at once, the co-host's buttons are the facilitator's keys (and `u`
takes them back), and neither a foreign page nor the viewers' address can act."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from facilitator.app import FacilitatorApp
from facilitator.room.state import RoomPageOptions
from facilitator.widgets.share_timer import ShareTimer

from ..hints import MakeApp, Notices, Press, Settle
from ..support.clocks import ManualClock

PROMPT = 0.25  # seconds: how soon the facilitator's screen must show a join


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def origin_of(address: str) -> str:
    return address.split("/", 3)[0] + "//" + address.split("/", 3)[2]


def panel(app: FacilitatorApp) -> str:
    return str(app.screen.query_one(ShareTimer).render())


async def post(
    client: aiohttp.ClientSession, address: str, body: dict[str, Any], origin: str | None = None
) -> tuple[int, Any]:
    headers = {"Origin": origin if origin is not None else origin_of(address)}
    async with client.post(address, json=body, headers=headers) as response:
        text = await response.text()
        return response.status, (await response.json()) if text else None


async def shown_within(app: FacilitatorApp, words: str, seconds: float) -> float:
    """How long the share panel took to say `words`; fails past `seconds`."""
    began = time.monotonic()
    while words not in panel(app):
        assert time.monotonic() - began < seconds, f"not shown: {words!r} in {panel(app)!r}"
        await asyncio.sleep(0.01)
    return time.monotonic() - began


async def test_a_phone_joins_and_its_turn_comes_when_the_share_starts(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(port=0))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "s", "n")
        server = app.room_page.server
        assert server is not None
        status, joined = await post(client, server.address + "queue", {"lane": "online"})
        assert status == 201 and joined["position"] == 1
        await shown_within(app, "1 waiting · 1 online", PROMPT)
        ticket = joined["ticket"]
        await press(pilot, "space")
        assert f"Share 1 · {ticket}" in panel(app)
        async with client.get(f"{server.address}queue/{ticket}") as response:
            assert await response.json() == {"position": None, "called": True}
        async with client.get(server.address + "state.json") as response:
            state = await response.json()
        assert state["queue"] == {"room": 0, "online": 0}
        assert ticket not in str(state)  # the room sees counts, never a ticket


async def test_the_cohost_runs_the_clock_and_u_takes_it_back(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    notices: Notices,
    client: aiohttp.ClientSession,
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(port=0))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "s", "n")
        server = app.room_page.server
        assert server is not None and app.meeting is not None
        action = server.cohost_address + "action"
        status, state = await post(client, action, {"action": "start_share"})
        await settle(pilot)
        assert status == 200 and state["share"]["number"] == 1
        assert app.meeting.share is not None
        assert "From the co-host: share 1 started" in notices(app)
        status, refused = await post(client, action, {"action": "start_share"})
        assert status == 409 and refused["reason"] == "A share is under way: end it first."
        status, _state = await post(client, action, {"action": "next_step"})
        await settle(pilot)
        assert status == 200 and app.meeting.current == 2
        await press(pilot, "u")  # the co-host's move, taken back on the laptop
        assert app.meeting.current == 1 and app.meeting.share is not None
        await press(pilot, "u")
        assert app.meeting.share is None
        status, _state = await post(client, action, {"action": "message", "text": "Welcome"})
        await settle(pilot)
        assert app.floor is not None and app.floor.message == "Welcome"


async def test_a_foreign_page_or_the_viewers_address_cannot_act(
    clock: ManualClock, make_app: MakeApp, press: Press, client: aiohttp.ClientSession
) -> None:
    app = make_app(clock, room_page=RoomPageOptions(port=0))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "v", "s", "n")
        server = app.room_page.server
        assert server is not None and app.meeting is not None
        start = {"action": "start_share"}
        foreign = "http://evil.example"
        assert (await post(client, server.cohost_address + "action", start, foreign))[0] == 403
        assert (await post(client, server.address + "action", start))[0] == 404
        wrong = server.address.replace(server.token, "x" * len(server.token))
        assert (await post(client, wrong + "action", start))[0] == 404
        assert (await post(client, wrong + "queue", {"lane": "room"}))[0] == 404
        assert app.meeting.share is None


async def test_the_cohost_code_shows_in_a_dialog_only_for_an_address_phones_reach(
    clock: ManualClock, make_app: MakeApp, press: Press, notices: Notices
) -> None:
    from textual.widgets import Label

    from facilitator.screens.dialogs import CohostCodeScreen
    from facilitator.screens.meeting.screen import MeetingScreen
    from facilitator.widgets.qr_code import QRCode

    app = make_app(clock, room_page=RoomPageOptions(everyone=True, port=0))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await screen.run_action("cohost_code")
        assert "The room page is not served: v serves it." in notices(app)
        await press(pilot, "v")
        line = str(screen.query_one("#cohost-page", Label).content)
        cohost = app.room_page.cohost_address
        assert cohost is not None and cohost in line and "QR code" in line
        assert len(screen.query(QRCode)) == 1  # the room page's: the co-host's is not shown
        await press(pilot, "b")  # the room view, which the room may see: no co-host address
        assert not screen.query_one("#cohost-page", Label).display
        await press(pilot, "b")
        assert screen.query_one("#cohost-page", Label).display
        await screen.run_action("cohost_code")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CohostCodeScreen)
        assert dialog.query_one(QRCode).text == app.room_page.cohost_address
        await press(pilot, "escape")
        assert app.screen is screen
