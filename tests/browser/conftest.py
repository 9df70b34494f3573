"""The room page in a real browser: Debian's chromium, headless, driven by Playwright.

One browser per module, on the module's event loop (the tests here run on it too), so the
servers the tests start and the browser share one loop. Without chromium the tests fail,
unless FACILITATOR_NO_BROWSER=1 says this machine has none on purpose.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    async_playwright,
)

from facilitator.agenda import Agenda, parse_agenda

from ..hints import RoomAgenda, ServeMeeting
from ..support.room_page import (
    BROWSER_ARGS,
    BROWSERS,
    NO_BROWSER,
    ServedMeeting,
    browser_skipped,
    find_chromium,
)

AGENDA = """
[meeting]
name = {name}

[sharing]
share_minutes = 0.07
warning_seconds = 2.5

[[steps]]
title = {title}
minutes = 1

[[steps]]
title = "Shares"
minutes = 5
kind = "sharing"

[[steps]]
title = "Close"
minutes = 2
kind = "closing"

[closing]
reminder = "Peer support supplements professional treatment and does not replace it."

[[closing.resources]]
name = "988 Suicide & Crisis Lifeline"
contact = "Call or text 988"
note = "24/7 (US)"

[[closing.resources]]
name = "Samaritans"
contact = "Call 116 123"
"""
"""A meeting whose shares last 4.2 seconds and warn at 2.5: a share's whole life in a test."""


GONE = ("net::ERR_", "status of 404", "EventSource's response has a MIME type")
"""What chromium logs when the app has stopped or restarted; a blocked request is not one."""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture
def room_agenda() -> RoomAgenda:
    """A function: the short-share agenda, with the first step's title and the name given."""

    def make(title: str = "Welcome", name: str = "Tuesday Night Open Discussion") -> Agenda:
        text = AGENDA.format(title=_quoted(title), name=_quoted(name))
        return parse_agenda(text.encode("utf-8"))

    return make


@pytest.fixture(scope="module")
def chromium() -> str:
    """The browser's path; a failure, not a skip, where there is none."""
    found = find_chromium()
    if found is None:
        if browser_skipped():
            pytest.skip(f"{NO_BROWSER}=1 and no chromium on this machine")
        pytest.fail(
            f"no browser for the room page's tests: none of {', '.join(BROWSERS)} is on PATH. "
            f"Install Debian's (apt-get install chromium), or set {NO_BROWSER}=1 to skip them.",
            pytrace=False,
        )
    return found


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser(
    chromium: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[BrowserContext]:
    """Chromium, headless, on a profile of its own that nothing else has touched."""
    profile: Path = tmp_path_factory.mktemp("chromium-profile")
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=chromium,
            headless=True,
            args=BROWSER_ARGS,
            viewport={"width": 1280, "height": 720},
        )
        yield context
        await context.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def devices(chromium: str) -> AsyncIterator[Browser]:
    """Chromium, headless, whose every `new_context()` is a device of its own: its own
    cookies, its own storage (phones in the room, and the co-host's)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium, headless=True, args=BROWSER_ARGS
        )
        yield launched
        await launched.close()


TONES_STARTED = """
// Each tone the page starts, by its sound: the page's own `tones` names them.
window.tonesStarted = [];
const start = AudioBufferSourceNode.prototype.start;
AudioBufferSourceNode.prototype.start = function (...args) {
  window.tonesStarted.push(this.buffer);
  return start.apply(this, args);
};
"""
"""Loaded before the page's own script: what it plays, which the page does not keep."""


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser: BrowserContext) -> AsyncIterator[Page]:
    """A new tab; the test fails if the page logs an error or asks anywhere but its server.

    The page's script declares its functions and its state at the top: the tests call and
    read them by name (`formatDuration`, `receivedAt`, `tones`) with `page.evaluate`.
    """
    tab = await browser.new_page()
    await tab.add_init_script(TONES_STARTED)
    errors: list[str] = []
    elsewhere: list[str] = []

    def console(message: ConsoleMessage) -> None:
        # A stream cut off or refused once the app stops is the browser's word, not the page's.
        if message.type == "error" and not any(said in message.text for said in GONE):
            errors.append(message.text)

    def request(asked: Request) -> None:
        if not asked.url.startswith("http://127.0.0.1:"):
            elsewhere.append(asked.url)

    tab.on("console", console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", request)
    yield tab
    await tab.close()
    assert errors == []
    assert elsewhere == []


@pytest_asyncio.fixture(loop_scope="module")
async def serve() -> AsyncIterator[ServeMeeting]:
    """A function: serve a new meeting of `agenda` (heartbeat in seconds); stopped after."""
    served: list[ServedMeeting] = []

    async def start(agenda: Agenda, heartbeat: float = 5.0) -> ServedMeeting:
        meeting = ServedMeeting(agenda, heartbeat)
        served.append(meeting)
        await meeting.start()
        return meeting

    yield start
    for meeting in served:
        await meeting.close()
