"""The room takes part: the share queue from a phone and the co-host's actions, on a real
listener, by the HTTP contract the pages keep (see `facilitator/room/server.py`)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import datetime
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
import pytest

from facilitator.agenda import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.floor import Floor, cohost_intent
from facilitator.meeting.share_queue import MOST_WAITING, REJOIN_SECONDS
from facilitator.meeting.states import NotNow
from facilitator.room.limits import Limits
from facilitator.room.server import RoomServer
from facilitator.room.state import room_changes, room_state
from facilitator.room.writes import BODY_BYTES, DEVICE_COOKIE
from facilitator.words.room import (
    message_presets,
    no_meeting_words,
    queue_full_words,
    too_soon_words,
)

from ..support.clocks import ManualClock
from ..support.room_page import MeetingFloor

QUICK = Limits(headers_seconds=0.5, idle_seconds=0.5, stall_seconds=0.5, sweep_seconds=0.05)
SLACK = 1.5  # seconds a deadline may be overrun on a busy machine
FOREIGN = "http://evil.example"


class Hall:
    """A meeting, its floor, and the server that lets the room take part in it."""

    def __init__(self, agenda: Agenda, clock: ManualClock, **options: Any) -> None:
        self.meeting = Meeting(agenda, clock=clock)
        self.floor = Floor(self.meeting)
        self.room = MeetingFloor(self.floor)
        self.server = RoomServer(
            self.state, port=0, changes=room_changes, room=self.room, **options
        )
        self.answers: list[aiohttp.ClientResponse] = []

    def state(self) -> dict[str, Any]:
        return room_state(self.meeting, datetime.now(), self.room.floor_now)

    @property
    def origin(self) -> str:
        return self.server.address.split("/", 3)[0] + "//" + self.server.address.split("/")[2]

    def viewers(self, path: str) -> str:
        return self.server.address + path

    def cohost(self, path: str) -> str:
        return self.server.cohost_address + path


@pytest.fixture
async def hall(tuesday_agenda: Agenda, clock: ManualClock) -> AsyncIterator[Hall]:
    served = Hall(tuesday_agenda, clock)
    await served.server.start()
    yield served
    await served.server.stop()
    for answer in served.answers:  # no answer to anything lets another site read it
        assert not [name for name in answer.headers if name.lower().startswith("access-control")]


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    # Cookies by hand: each test says which phone asks.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


class Ask:
    """One request, its answer read whole: status, headers, body."""

    def __init__(self, status: int, headers: Any, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def cookie(self) -> str | None:
        """The device cookie the answer sets, if it sets one."""
        given = self.headers.get("Set-Cookie")
        if given is None:
            return None
        return SimpleCookie(given)[DEVICE_COOKIE].value


async def ask(
    hall: Hall,
    client: aiohttp.ClientSession,
    method: str,
    url: str,
    body: object = None,
    *,
    device: str | None = None,
    origin: str | None = "own",
    raw: bytes | None = None,
) -> Ask:
    """`method` on `url` as the page would send it: from its own origin, with a JSON body."""
    headers = {}
    if origin is not None:
        headers["Origin"] = hall.origin if origin == "own" else origin
    if device is not None:
        headers["Cookie"] = f"{DEVICE_COOKIE}={device}"
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    async with client.request(method, url, data=data, headers=headers) as response:
        hall.answers.append(response)
        return Ask(response.status, response.headers, await response.read())


async def join(
    hall: Hall, client: aiohttp.ClientSession, lane: str = "room", device: str | None = None
) -> Ask:
    return await ask(hall, client, "POST", hall.viewers("queue"), {"lane": lane}, device=device)


async def act(
    hall: Hall, client: aiohttp.ClientSession, action: str, text: str | None = None
) -> Ask:
    body: dict[str, object] = {"action": action}
    if text is not None:
        body["text"] = text
    return await ask(hall, client, "POST", hall.cohost("action"), body)


def device(n: int) -> str:
    """A phone's cookie as the page sets it: 22 URL-safe characters."""
    return f"phone{n:017d}"


def start_sharing(hall: Hall) -> None:
    hall.meeting.start()
    hall.meeting.next_step()  # the sharing step


# ---------------------------------------------------------------------- who may ask


async def test_a_wrong_token_is_404_for_every_method(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    for token in (hall.server.token, hall.server.cohost_token):
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        base = hall.viewers("").replace(hall.server.token, wrong)
        for method in ("GET", "POST", "DELETE", "OPTIONS", "PUT"):
            for path in ("queue", "queue/A7", "action", "", "state.json", "presets.json"):
                answer = await ask(hall, client, method, base + path, {"lane": "room"})
                assert (answer.status, answer.body) == (404, b""), (method, path)


async def test_the_viewers_token_cannot_act_nor_the_cohosts_join(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    for method in ("POST", "GET", "OPTIONS"):
        answer = await ask(hall, client, method, hall.viewers("action"), {"action": "pause"})
        assert (answer.status, answer.body) == (404, b""), method
        answer = await ask(hall, client, method, hall.viewers("presets.json"))
        assert answer.status == 404
    for path in ("queue", "queue/A7", "events", "time.wav"):
        answer = await ask(hall, client, "POST", hall.cohost(path), {"lane": "room"})
        assert (answer.status, answer.body) == (404, b""), path
    assert hall.meeting.share is None and hall.room.actions == []
    assert hall.floor.queue.counts() == {"room": 0, "online": 0}


async def test_a_write_from_elsewhere_or_nowhere_is_403(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    port = hall.server.address.split("/")[2].rsplit(":", 1)[1]
    for origin in (None, FOREIGN, "null", f"http://127.0.0.1:{int(port) + 1}", "https://127.0.0.1"):
        for method, url, body in (
            ("POST", hall.viewers("queue"), {"lane": "room"}),
            ("POST", hall.cohost("action"), {"action": "start_share"}),
            ("DELETE", hall.viewers("queue/A7"), None),
        ):
            answer = await ask(hall, client, method, url, body, origin=origin, device=device(1))
            assert (answer.status, answer.body) == (403, b""), (origin, method, url)
    assert hall.meeting.share is None and len(hall.floor.queue) == 0
    # The laptop's own names for itself are the page's own too.
    for n, name in enumerate(("127.0.0.1", "localhost", "[::1]")):
        answer = await ask(
            hall,
            client,
            "POST",
            hall.viewers("queue"),
            {"lane": "room"},
            origin=f"http://{name}:{port}",
            device=device(n),
        )
        assert answer.status == 201, name


async def test_a_body_over_a_kilobyte_is_413(hall: Hall, client: aiohttp.ClientSession) -> None:
    start_sharing(hall)
    large = json.dumps({"lane": "room", "pad": "x" * BODY_BYTES}).encode()

    async def chunked() -> AsyncIterator[bytes]:
        yield large[:600]
        yield large[600:]

    for url in (hall.viewers("queue"), hall.cohost("action")):
        answer = await ask(hall, client, "POST", url, raw=large, device=device(1))
        assert (answer.status, answer.body) == (413, b"")
        # Without a length said first: cut off once it proves too large.
        headers = {"Origin": hall.origin, "Cookie": f"{DEVICE_COOKIE}={device(1)}"}
        async with client.post(url, data=chunked(), headers=headers) as response:
            assert response.status == 413
    assert len(hall.floor.queue) == 0
    answer = await join(hall, client, device=device(1))
    assert answer.status == 201


async def test_a_body_sent_slowly_is_cut_off_in_time(
    tuesday_agenda: Agenda, clock: ManualClock
) -> None:
    hall = Hall(tuesday_agenda, clock, limits=QUICK)
    await hall.server.start()
    try:
        start_sharing(hall)
        host, port = hall.server.address.split("/")[2].rsplit(":", 1)
        reader, writer = await asyncio.open_connection(host, int(port))
        path = f"/{hall.server.token}/queue"
        writer.write(
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {hall.origin}\r\n"
            "Content-Type: application/json\r\nContent-Length: 16\r\n\r\n{".encode()
        )
        started = time.monotonic()
        drip = asyncio.create_task(_drip(writer))  # a byte now and then, never the end
        try:
            async with asyncio.timeout(QUICK.headers_seconds + SLACK):
                answer = await reader.read()  # until the server closes the connection
        finally:
            drip.cancel()
            writer.close()
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - started < QUICK.headers_seconds + SLACK
        assert len(hall.floor.queue) == 0
    finally:
        await hall.server.stop()


async def _drip(writer: asyncio.StreamWriter) -> None:
    while True:
        await asyncio.sleep(0.1)
        writer.write(b" ")


async def test_a_write_is_answered_then_its_connection_closed(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    answer = await join(hall, client, device=device(1))
    assert answer.headers["Connection"] == "close"
    answer = await act(hall, client, "start_share")
    assert answer.status == 200 and answer.headers["Connection"] == "close"
    answer = await ask(hall, client, "OPTIONS", hall.viewers("queue"))
    assert answer.status == 405 and answer.headers["Allow"] == "POST"
    assert not [name for name in answer.headers if name.lower().startswith("access-control")]


# ---------------------------------------------------------------------- the queue


async def test_the_page_gives_a_phone_its_cookie(hall: Hall, client: aiohttp.ClientSession) -> None:
    answer = await ask(hall, client, "GET", hall.viewers(""), origin=None)
    assert answer.status == 200
    cookie = SimpleCookie(answer.headers["Set-Cookie"])[DEVICE_COOKIE]
    assert len(cookie.value) == 22 and cookie.value.replace("-", "").replace("_", "").isalnum()
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == f"/{hall.server.token}/"
    assert 3600 <= int(cookie["max-age"]) <= 24 * 3600
    assert cookie["domain"] == "" and cookie["secure"] == ""
    # A phone that has one keeps it; another page load gives another phone another.
    again = await ask(hall, client, "GET", hall.viewers(""), origin=None, device=cookie.value)
    assert "Set-Cookie" not in again.headers
    other = await ask(hall, client, "GET", hall.viewers(""), origin=None)
    assert other.cookie not in (None, cookie.value)
    # A cookie of another shape is none: the phone is given one.
    for bad in ("x", "a" * 23, "a" * 21 + ";", "a" * 21 + "."):
        odd = await ask(hall, client, "GET", hall.viewers(""), origin=None, device=bad)
        assert odd.cookie is not None and odd.cookie != bad
    # The co-host's page and the state set none.
    for url in (hall.cohost(""), hall.viewers("state.json"), hall.cohost("state.json")):
        assert "Set-Cookie" not in (await ask(hall, client, "GET", url, origin=None)).headers


async def test_a_phone_joins_and_gets_a_ticket_and_its_place(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    first = await join(hall, client, "room", device(1))
    assert first.status == 201 and first.cookie is None  # it had one
    ticket = first.json()
    assert set(ticket) == {"ticket", "position"} and ticket["position"] == 1
    assert len(ticket["ticket"]) in (2, 3) and ticket["ticket"][0].isupper()
    second = (await join(hall, client, "online", device(2))).json()
    assert second["position"] == 2 and second["ticket"] != ticket["ticket"]
    # The same phone again: the same ticket, the same place, whatever lane it says.
    again = await join(hall, client, "online", device(1))
    assert again.status == 201 and again.json() == ticket
    assert hall.room.changes == 3
    # A tool without the page gets its cookie with its ticket.
    bare = await join(hall, client, "room")
    assert bare.status == 201 and bare.cookie is not None
    assert (await join(hall, client, "room", bare.cookie)).json() == bare.json()
    # A cookie of another shape is none: a new phone, with a cookie of its own.
    odd = await join(hall, client, "room", "x" * 21 + "!")
    assert odd.status == 201 and odd.cookie is not None
    assert odd.json()["ticket"] != bare.json()["ticket"]
    where = await ask(hall, client, "GET", hall.viewers(f"queue/{second['ticket']}"))
    assert where.json() == {"position": 2, "called": False}


async def test_what_a_join_must_say(hall: Hall, client: aiohttp.ClientSession) -> None:
    start_sharing(hall)
    url = hall.viewers("queue")
    for body in ({}, {"lane": "hall"}, {"lane": None}, {"lane": ["room"]}, ["room"], "room", 7):
        answer = await ask(hall, client, "POST", url, body, device=device(1))
        assert answer.status == 400, body
    for raw in (b"", b"{", b"\xff\xfe", b"[" * 510 + b"]" * 510):
        answer = await ask(hall, client, "POST", url, raw=raw, device=device(1))
        assert answer.status == 400, raw[:10]
    for method in ("GET", "PUT", "DELETE"):
        answer = await ask(hall, client, method, url, device=device(1))
        assert answer.status == 405 and answer.headers["Allow"] == "POST"
    assert len(hall.floor.queue) == 0


async def test_a_phone_joins_at_most_once_in_ten_seconds(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    name = (await join(hall, client, device=device(1))).json()["ticket"]
    assert (await join(hall, client, device=device(2))).status == 201  # another phone: fine
    left = await ask(hall, client, "DELETE", hall.viewers(f"queue/{name}"), device=device(1))
    assert left.status == 204
    again = await join(hall, client, device=device(1))
    assert again.status == 429
    assert again.headers["Retry-After"] == str(int(REJOIN_SECONDS))
    assert again.json() == {"reason": too_soon_words()}
    assert hall.floor.queue.counts() == {"room": 1, "online": 0}


async def test_at_most_a_hundred_wait(hall: Hall, client: aiohttp.ClientSession) -> None:
    start_sharing(hall)
    for n in range(MOST_WAITING):
        assert (await join(hall, client, "room" if n % 2 else "online", device(n))).status == 201
    full = await join(hall, client, device=device(MOST_WAITING))
    assert full.status == 503 and int(full.headers["Retry-After"]) > 0
    assert full.json() == {"reason": queue_full_words()}
    assert len(hall.floor.queue) == MOST_WAITING
    # One already waiting still learns its ticket.
    assert (await join(hall, client, device=device(7))).status == 201


async def test_a_join_with_no_meeting_or_an_ended_one_is_409(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    hall.room.floor_now = None
    answer = await join(hall, client, device=device(1))
    assert (answer.status, answer.json()) == (409, {"reason": no_meeting_words()})
    assert (await act(hall, client, "pause")).json() == {"reason": no_meeting_words()}
    hall.room.floor_now = hall.floor
    hall.meeting.start()
    hall.meeting.end()
    answer = await join(hall, client, device=device(1))
    assert answer.status == 409
    with pytest.raises(NotNow) as why:
        hall.floor.raise_hand()  # the facilitator's own `w` says the same
    assert answer.json() == {"reason": str(why.value)}
    assert hall.room.changes == 0


async def test_a_ticket_is_left_by_its_own_phone_only(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    name = (await join(hall, client, device=device(1))).json()["ticket"]
    url = hall.viewers(f"queue/{name}")
    for other in (device(2), None, "not a cookie"):
        answer = await ask(hall, client, "DELETE", url, device=other)
        assert (answer.status, answer.body) == (404, b""), other
    assert (await ask(hall, client, "GET", url)).json() == {"position": 1, "called": False}
    assert (await ask(hall, client, "DELETE", url, device=device(1))).status == 204
    assert len(hall.floor.queue) == 0 and hall.room.changes == 2
    # Again: it waits no longer, so be it.
    assert (await ask(hall, client, "DELETE", url, device=device(1))).status == 204
    assert (await ask(hall, client, "GET", url)).status == 404
    for odd in ("a7", "A", "A7777", "7A", "A7.json", "A%2F7"):
        assert (await ask(hall, client, "GET", hall.viewers(f"queue/{odd}"))).status == 404
        answer = await ask(hall, client, "DELETE", hall.viewers(f"queue/{odd}"), device=device(1))
        assert answer.status == 404
    answer = await ask(hall, client, "POST", url, {"lane": "room"}, device=device(1))
    assert answer.status == 405 and answer.headers["Allow"] == "GET, HEAD, DELETE"


async def test_a_phone_called_before_its_share_may_still_leave(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    name = (await join(hall, client, device=device(1))).json()["ticket"]
    await join(hall, client, device=device(2))
    assert (await act(hall, client, "call_next")).status == 200
    url = hall.viewers(f"queue/{name}")
    assert (await ask(hall, client, "GET", url)).json() == {"position": None, "called": True}
    assert (await ask(hall, client, "DELETE", url, device=device(2))).status == 404
    assert (await ask(hall, client, "DELETE", url, device=device(1))).status == 204
    assert hall.floor.called is None and hall.floor.waiting() == 1
    assert (await ask(hall, client, "GET", hall.viewers("state.json"))).json()["queue"] == {
        "room": 1,
        "online": 0,
    }


async def test_the_state_has_the_counts_and_never_a_ticket(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    names = [
        (await join(hall, client, lane, device(n))).json()["ticket"]
        for n, lane in enumerate(("room", "online", "room"))
    ]
    async with client.get(hall.viewers("events")) as stream:
        first = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 1)
        viewers = await ask(hall, client, "GET", hall.viewers("state.json"))
        assert viewers.json()["queue"] == {"room": 2, "online": 1}
        assert viewers.json()["message"] is None
        for said in (viewers.body, first):
            assert not [name for name in names if f'"{name}"'.encode() in said]
            assert b"tickets" not in said and b"called" not in said
        await join(hall, client, "online", device(9))  # the viewers hear of it at once
        event = await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 0.5)
        assert json.loads(event[len(b"data: ") :])["queue"] == {"room": 2, "online": 2}
    for page in (hall.viewers(""), hall.viewers("state.json")):
        assert hall.server.cohost_token.encode() not in (await ask(hall, client, "GET", page)).body


# ---------------------------------------------------------------------- the co-host


async def test_the_cohosts_state_has_the_queue_by_ticket(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    first = (await join(hall, client, "online", device(1))).json()["ticket"]
    second = (await join(hall, client, "room", device(2))).json()["ticket"]
    answer = await ask(hall, client, "GET", hall.cohost("state.json"), origin=None)
    state = answer.json()
    viewers = (await ask(hall, client, "GET", hall.viewers("state.json"))).json()
    assert {key: value for key, value in state.items() if key not in ("tickets", "called")}.keys()
    assert set(state) == set(viewers) | {"tickets", "called"}
    assert state["tickets"] == [
        {"ticket": first, "lane": "online"},
        {"ticket": second, "lane": "room"},
    ]
    assert state["called"] is None
    called = await act(hall, client, "call_next")
    assert called.status == 200
    assert called.json()["called"] == first and called.json()["tickets"] == state["tickets"][1:]
    where = await ask(hall, client, "GET", hall.viewers(f"queue/{first}"))
    assert where.json() == {"position": None, "called": True}
    assert called.json()["queue"] == {"room": 1, "online": 1}  # the called one still waits


async def test_the_cohost_runs_the_clock(hall: Hall, client: aiohttp.ClientSession) -> None:
    start_sharing(hall)
    meeting = hall.meeting
    answer = await act(hall, client, "start_share")
    assert answer.status == 200 and answer.json()["share"]["state"] == "running"
    allotted = answer.json()["share"]["allotted_seconds"]
    answer = await act(hall, client, "add_time")
    assert answer.json()["share"]["allotted_seconds"] == allotted + 30
    answer = await act(hall, client, "remove_time")
    assert answer.json()["share"]["allotted_seconds"] == allotted
    assert (await act(hall, client, "pause")).json()["share"]["state"] == "paused"
    assert (await act(hall, client, "pause")).json()["share"]["state"] == "running"
    assert (await act(hall, client, "end_share")).json()["share"] is None
    assert (await act(hall, client, "next_step")).json()["step"]["number"] == 3
    assert meeting.current == 2
    assert [action for action, _ in hall.room.actions] == [
        "start_share",
        "add_time",
        "remove_time",
        "pause",
        "pause",
        "end_share",
        "next_step",
    ]


async def test_an_action_that_does_not_apply_now_says_why(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    twin = Floor(Meeting(hall.meeting.agenda, clock=ManualClock()))
    twin.meeting.start()
    twin.meeting.next_step()

    def the_screens_reason(action: str) -> str:
        with pytest.raises(NotNow) as why:
            cohost_intent(twin, action, None)()
        return str(why.value)

    for action in ("pause", "end_share", "add_time", "remove_time", "call_next"):
        answer = await act(hall, client, action)
        assert answer.status == 409, action
        assert answer.json() == {"reason": the_screens_reason(action)}, action
        assert answer.headers["Content-Type"].startswith("application/json")
    assert (await act(hall, client, "pause")).json() == {"reason": "No share is under way."}
    await act(hall, client, "start_share")
    twin.start_share()
    answer = await act(hall, client, "start_share")
    assert answer.json() == {"reason": the_screens_reason("start_share")}
    hall.meeting.goto(len(hall.meeting.agenda.steps) - 1)
    twin.meeting.goto(len(twin.meeting.agenda.steps) - 1)
    answer = await act(hall, client, "next_step")
    assert (answer.status, answer.json()) == (409, {"reason": the_screens_reason("next_step")})


async def test_what_an_action_must_say(hall: Hall, client: aiohttp.ClientSession) -> None:
    start_sharing(hall)
    url = hall.cohost("action")
    for body in (
        {},
        {"action": "dance"},
        {"action": "START_SHARE"},
        {"action": ["pause"]},
        {"action": "message", "text": 7},
        {"action": "message", "text": "Anything at all"},
        {"action": "message", "text": "<b>Please wrap up</b>"},
        ["pause"],
    ):
        answer = await ask(hall, client, "POST", url, body)
        assert answer.status == 400, body
    assert hall.room.actions == [] and hall.floor.message is None
    for method in ("GET", "DELETE", "PUT"):
        answer = await ask(hall, client, method, url)
        assert answer.status == 405 and answer.headers["Allow"] == "POST"


async def test_the_cohost_tells_the_room_a_preset_message(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    presets = (await ask(hall, client, "GET", hall.cohost("presets.json"), origin=None)).json()
    assert presets == message_presets(datetime.now())  # the same minute, as a rule
    for text in presets:
        answer = await act(hall, client, "message", text)
        assert answer.status == 200 and answer.json()["message"] == text
        viewers = (await ask(hall, client, "GET", hall.viewers("state.json"))).json()
        assert viewers["message"] == text
    assert (await act(hall, client, "message", "")).json()["message"] is None
    await act(hall, client, "message", presets[0])
    assert (await act(hall, client, "message")).json()["message"] is None  # no text: cleared
    assert hall.floor.message is None


async def test_undo_puts_the_called_ticket_back_in_front(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    start_sharing(hall)
    first = (await join(hall, client, "room", device(1))).json()["ticket"]
    second = (await join(hall, client, "online", device(2))).json()["ticket"]
    assert (await act(hall, client, "start_share")).status == 200
    assert hall.floor.ticket_of_share() is not None
    where = await ask(hall, client, "GET", hall.viewers(f"queue/{first}"))
    assert where.json() == {"position": None, "called": True}
    assert (await ask(hall, client, "GET", hall.viewers(f"queue/{second}"))).json()["position"] == 1
    hall.floor.undo()
    where = await ask(hall, client, "GET", hall.viewers(f"queue/{first}"))
    assert where.json() == {"position": 1, "called": False}
    assert (await ask(hall, client, "GET", hall.viewers(f"queue/{second}"))).json()["position"] == 2


async def test_the_cohosts_address_is_its_own_and_moves_with_the_page(
    hall: Hall, client: aiohttp.ClientSession
) -> None:
    server = hall.server
    assert server.cohost_token and server.cohost_token != server.token
    assert server.cohost_address == server.address.replace(server.token, server.cohost_token)
    page = await ask(hall, client, "GET", hall.cohost(""), origin=None)
    assert page.status == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    policy = page.headers["Content-Security-Policy"]
    assert "connect-src 'self'" in policy and "default-src 'none'" in policy
    assert b"innerHTML" not in page.body and b"http://" not in page.body
    old = server.cohost_address
    server.readdress(server.token)
    assert server.cohost_address != old
    assert (await ask(hall, client, "GET", old + "state.json", origin=None)).status == 404
    assert (await ask(hall, client, "GET", hall.cohost("state.json"), origin=None)).status == 200
    server.readdress("T" * 22, "C" * 22)
    assert server.cohost_address.endswith("/" + "C" * 22 + "/")


async def test_tokens_given_are_served(tuesday_agenda: Agenda, clock: ManualClock) -> None:
    hall = Hall(tuesday_agenda, clock)
    address = await hall.server.start("V" * 22, "C" * 22)
    try:
        assert address.endswith("/" + "V" * 22 + "/")
        assert hall.server.cohost_address.endswith("/" + "C" * 22 + "/")
    finally:
        await hall.server.stop()
    assert hall.server.cohost_address == hall.server.cohost_token == ""


async def test_without_a_room_every_write_is_refused(client: aiohttp.ClientSession) -> None:
    server = RoomServer(dict, port=0)
    await server.start()
    try:
        origin = "/".join(server.address.split("/")[:3])
        headers = {"Origin": origin}
        async with client.post(
            server.address + "queue", json={"lane": "room"}, headers=headers
        ) as r:
            assert r.status == 409 and await r.json() == {"reason": no_meeting_words()}
        async with client.post(
            server.cohost_address + "action", json={"action": "pause"}, headers=headers
        ) as r:
            assert r.status == 409 and await r.json() == {"reason": no_meeting_words()}
        async with client.get(server.address + "queue/A7") as r:
            assert r.status == 404
        async with client.get(server.cohost_address + "state.json") as r:
            assert (await r.json())["tickets"] == []
    finally:
        await server.stop()
