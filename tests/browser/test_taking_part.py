"""The room takes part, in chromium: phones join the share queue, each on a device of its
own, and the co-host runs the clock from a page of their own, by mouse and by keyboard."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, Request, expect

from facilitator.meeting.engine import ADJUST_SECONDS
from facilitator.words.meeting import waiting_words
from facilitator.words.room import (
    COHOST_WORDS,
    ROOM_WORDS,
    message_presets,
    ordinal,
)

from ..hints import RoomAgenda, ServeMeeting
from ..support.room_page import ServedMeeting

pytestmark = pytest.mark.asyncio(loop_scope="module")

SOON = 5_000  # milliseconds: how long a page may take to show a change (it asks every 2 s)
REFUSED = ("status of 404", "status of 409", "status of 429")
"""What chromium logs of an answer the pages expect and show in their own words."""
GONE = "net::ERR_CONNECTION_REFUSED"
"""What chromium logs of a request once the app has stopped."""


class Devices:
    """Opens a new device's tab (cookies and storage of its own); `gone`: the test stops
    the app, and the pages' requests are refused from then on."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []
        self.elsewhere: list[str] = []
        self.gone = False

    async def __call__(self) -> Page:
        context = await self.browser.new_context(viewport={"width": 420, "height": 860})
        self.contexts.append(context)
        tab = await context.new_page()
        tab.on("console", self._console)
        tab.on("pageerror", lambda error: self.errors.append(str(error)))
        tab.on("request", self._request)
        return tab

    def _console(self, message: ConsoleMessage) -> None:
        expected = REFUSED + ((GONE,) if self.gone else ())
        if message.type == "error" and not any(said in message.text for said in expected):
            self.errors.append(message.text)

    def _request(self, asked: Request) -> None:
        if not asked.url.startswith("http://127.0.0.1:"):
            self.elsewhere.append(asked.url)


@pytest_asyncio.fixture(loop_scope="module")
async def device(devices: Browser, serve: ServeMeeting) -> AsyncIterator[Devices]:
    """New devices' tabs, closed before the app stops (which `serve` does after). The test
    fails if a page logs an error or asks anywhere but its server."""
    opened = Devices(devices)
    yield opened
    for context in opened.contexts:
        await context.close()
    assert opened.errors == []
    assert opened.elsewhere == []


async def sharing(serve: ServeMeeting, room_agenda: RoomAgenda) -> ServedMeeting:
    """A meeting served, on its sharing step."""
    served = await serve(room_agenda())
    served.meeting.start()
    served.meeting.next_step()
    return served


async def join(phone: Page, address: str, lane: str) -> str:
    """The phone opens the page and asks to share in `lane`; its ticket."""
    await phone.goto(address)
    await phone.get_by_role("button", name=ROOM_WORDS["want_to_share"]).click()
    await phone.get_by_role("button", name=lane).click()
    ticket = phone.locator("#ticket")
    await expect(ticket).to_have_text(re.compile(r"^Your ticket: [A-Z][0-9]{1,3}$"), timeout=SOON)
    return (await ticket.inner_text()).rsplit(" ", 1)[1]


async def test_phones_join_are_called_and_hear_the_cohost(
    device: Devices, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await sharing(serve, room_agenda)
    first, second, cohost = await device(), await device(), await device()
    in_room = await join(first, served.address, "In the room")
    online = await join(second, served.address, "Online")
    assert in_room != online
    await expect(first.locator("#place")).to_have_text("1st in line")
    await expect(second.locator("#place")).to_have_text("2nd in line")
    for phone in (first, second):
        await expect(phone.locator("#waiting")).to_have_text(
            "2 waiting · 1 in the room · 1 online", timeout=SOON
        )
    # Who waits is the laptop's to know: the phones see counts and their own ticket only.
    assert online not in await first.locator("body").inner_text()
    await cohost.goto(served.cohost_address)
    tickets = cohost.locator("#tickets li")
    await expect(tickets).to_have_text([f"{in_room} · In the room", f"{online} · Online"])
    # The facilitator starts a share: the first in line is called. Paused at once, so its
    # warning (2.5 s in) cannot take the live region before the test reads it.
    served.floor.toggle_share()
    served.floor.toggle_share()
    served.changed()
    await expect(first.locator("#turn")).to_have_text(ROOM_WORDS["your_turn"], timeout=SOON)
    await expect(first.locator("#announce")).to_have_text(ROOM_WORDS["your_turn"])
    await expect(second.locator("#place")).to_have_text("1st in line", timeout=SOON)
    await expect(second.locator("#turn")).to_be_hidden()
    await expect(tickets).to_have_text([f"{online} · Online"], timeout=SOON)
    await expect(cohost.locator("#time")).to_contain_text("SHARE 1 · ", timeout=SOON)
    # The co-host moves on and tells the room a message.
    await cohost.get_by_role("button", name=COHOST_WORDS["next_step"]).click()
    await expect(cohost.locator("#said")).to_have_text(COHOST_WORDS["done"])
    assert served.meeting.current == 2
    wrap_up = message_presets(served.meeting.wall())[0]
    await cohost.get_by_role("button", name=wrap_up).click()
    for phone in (first, second):
        await expect(phone.locator("#title")).to_have_text("Close", timeout=SOON)
        await expect(phone.locator("#message")).to_have_text(wrap_up, timeout=SOON)
        await expect(phone.locator("#message")).to_have_attribute("aria-live", "polite")
    await expect(cohost.locator("#message-now")).to_have_text(f"Shown now: {wrap_up}")
    await cohost.get_by_role("button", name=COHOST_WORDS["clear_message"]).click()
    for phone in (first, second):
        await expect(phone.locator("#message")).to_be_hidden(timeout=SOON)
    assert served.floor.message is None


async def test_a_phone_leaves_the_queue(
    device: Devices, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await sharing(serve, room_agenda)
    phone, cohost = await device(), await device()
    await cohost.goto(served.cohost_address)
    await expect(cohost.locator("#nobody")).to_have_text(COHOST_WORDS["nobody_waiting"])
    ticket = await join(phone, served.address, "Online")
    await expect(cohost.locator("#tickets li")).to_have_text([f"{ticket} · Online"], timeout=SOON)
    await expect(phone.locator("#waiting")).to_have_text("1 waiting · 1 online", timeout=SOON)
    await phone.reload()  # the page remembers its ticket, and the laptop the phone
    await expect(phone.locator("#place")).to_have_text("1st in line", timeout=SOON)
    await phone.get_by_role("button", name=ROOM_WORDS["leave_queue"]).click()
    await expect(phone.locator("#queue-said")).to_have_text(ROOM_WORDS["left_queue"])
    await expect(phone.locator("#held")).to_be_hidden()
    await expect(phone.get_by_role("button", name=ROOM_WORDS["want_to_share"])).to_be_visible()
    await expect(phone.locator("#waiting")).to_be_hidden(timeout=SOON)
    await expect(cohost.locator("#tickets li")).to_have_count(0, timeout=SOON)
    assert len(served.floor.queue) == 0
    # Straight back in: too soon, and the page says why in the laptop's words.
    await phone.get_by_role("button", name=ROOM_WORDS["want_to_share"]).click()
    await phone.get_by_role("button", name="Online").click()
    await expect(phone.locator("#queue-said")).to_have_text(
        "You joined a moment ago: try again in a few seconds."
    )
    await expect(phone.locator("#held")).to_be_hidden()


async def test_the_cohost_page_by_keyboard_alone(
    device: Devices, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await sharing(serve, room_agenda)
    cohost = await device()
    await cohost.goto(served.cohost_address)
    await expect(cohost.locator("#step")).to_have_text("Step 2 of 3 · Shares")
    # Every button has a name a screen reader says.
    names = [
        COHOST_WORDS[key]
        for key in ("start_share", "end_share", "pause", "next_step", "call_next", "clear_message")
    ]
    names += [f"Add {ADJUST_SECONDS} seconds", f"Take away {ADJUST_SECONDS} seconds"]
    names += message_presets(served.meeting.wall())
    for name in names:
        await expect(cohost.get_by_role("button", name=name, exact=True)).to_have_count(1)
    await expect(cohost.get_by_role("button", name="Add 30 seconds")).to_have_text("+30 s")
    # Tab to a button; Enter and Space press it.
    start = cohost.get_by_role("button", name=COHOST_WORDS["start_share"])
    for _ in range(10):
        await cohost.keyboard.press("Tab")
        if await start.evaluate("(button) => button === document.activeElement"):
            break
    await expect(start).to_be_focused()
    await cohost.keyboard.press("Enter")
    await expect(cohost.locator("#time")).to_contain_text("SHARE 1 · ", timeout=SOON)
    assert served.meeting.share is not None
    await cohost.keyboard.press("Tab")
    await cohost.keyboard.press("Tab")  # past End share, to Pause or resume
    await expect(cohost.get_by_role("button", name=COHOST_WORDS["pause"])).to_be_focused()
    await cohost.keyboard.press("Space")
    await expect(cohost.locator("#time")).to_contain_text("SHARE 1 · PAUSED · ", timeout=SOON)
    # What does not apply now is refused, and the reason said where a screen reader hears it.
    await cohost.keyboard.press("Shift+Tab")
    await cohost.keyboard.press("Shift+Tab")
    await expect(start).to_be_focused()
    await cohost.keyboard.press("Enter")
    said = cohost.locator("#said")
    await expect(said).to_have_text("A share is under way: end it first.")
    await expect(said).to_have_attribute("aria-live", "polite")
    await expect(said).to_have_attribute("role", "status")


async def test_the_cohost_page_says_when_the_laptop_is_gone(
    device: Devices, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await sharing(serve, room_agenda)
    cohost = await device()
    await cohost.goto(served.cohost_address)
    lost = cohost.locator("#lost")
    await expect(cohost.locator("#step")).to_have_text("Step 2 of 3 · Shares")
    await expect(lost).to_be_hidden()
    device.gone = True
    await served.server.stop()
    await expect(lost).to_have_text(ROOM_WORDS["connection_lost"], timeout=SOON)
    await expect(lost).to_have_attribute("role", "alert")
    await expect(cohost.locator("body")).to_have_class("lost")


async def test_a_message_is_text_never_markup(
    device: Devices, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await sharing(serve, room_agenda)
    phone = await device()
    await phone.goto(served.address)
    await expect(phone.locator("#title")).to_have_text("Shares")
    await expect(phone.locator("#message")).to_be_hidden()
    text = '<b>x</b> <img src=x onerror="window.hacked=1"> [b]y[/b] &amp;'
    served.floor.say(text)
    served.changed()
    await expect(phone.locator("#message")).to_have_text(text, timeout=SOON)
    assert await phone.locator("#message b, #message img").count() == 0
    assert await phone.evaluate("window.hacked") is None


async def test_the_page_says_places_and_counts_as_python_does(
    device: Devices, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    phone = await device()
    await phone.goto(served.address)
    numbers = list(range(1, 135)) + [1001, 1011, 1111, 1121]
    said = await phone.evaluate("(ns) => ns.map(ordinal)", numbers)
    assert said == [ordinal(n) for n in numbers]
    assert said[:4] + said[10:13] + said[20:23] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
    ]
    counts = [(room, online) for room in range(4) for online in range(4)]
    written = await phone.evaluate("(cs) => cs.map(([r, o]) => waitingWords(r, o))", counts)
    assert written == [waiting_words(r, o) if r + o else "" for r, o in counts]
    assert "3 waiting · 2 in the room · 1 online" in written
