"""Render the README's screenshots from the real app, headless, on a hand-moved clock.

Run from the project's root: `python scripts/screenshots.py` (writes screenshots/*.svg, and
the room page's screenshots/*.png, taken in the system's chromium).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

# The clocks moved by hand live with the tests, in tests/support/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.agenda import load_agenda
from facilitator.app import build_app
from facilitator.meeting.engine import Meeting
from facilitator.room.server import RoomServer
from facilitator.room.state import room_state
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.store import recorder
from facilitator.store.database import Opened, Store, open_store
from facilitator.system.paths import bundled_agendas_dir
from tests.support.clocks import ManualClock, ManualWall

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
EVENING = datetime(2026, 11, 24, 19, 0, tzinfo=timezone(timedelta(hours=-5)))

SHARING = bundled_agendas_dir() / "open-discussion.toml"

Script = Sequence[tuple[str, ...] | float]


def fresh_dir() -> Path:
    """An empty data directory of its own, so no shot shows another's meetings."""
    return Path(tempfile.mkdtemp()) / "data"


def past_meetings(directory: Path) -> Store | None:
    """A store with a few weeks of an open discussion group, driven through the engine."""
    store = open_store(directory, lambda: EVENING).store
    assert store is not None
    path = bundled_agendas_dir() / "open-discussion.toml"
    agenda = load_agenda(path)
    for week, (attendees, newcomers, online, over) in enumerate(
        [(14, 2, 3, 0), (17, 1, 4, 120), (12, 0, 5, -60), (19, 3, 2, 300), (16, 1, 6, 45)]
    ):
        clock = ManualClock()
        wall = ManualWall(clock, EVENING - timedelta(days=7 * (5 - week)))
        recorded = recorder.start(agenda, path, store, clock, wall)
        meeting = recorded.meeting
        for category, count in enumerate((attendees, newcomers, online)):
            for _ in range(count):
                meeting.tally(category)
        meeting.start()
        for index, step in enumerate(agenda.steps):
            if step.kind == "sharing":
                for share in range(9):
                    meeting.toggle_share()
                    clock.advance(170 + 13 * ((share * 7 + week) % 5))
                    meeting.end_share()
                    clock.advance(15)
                clock.advance(max(0.0, step.minutes * 60 - 9 * 200) + over)
            else:
                clock.advance(step.minutes * 60 * (0.9 + 0.05 * ((index + week) % 4)))
            if index + 1 < len(agenda.steps):
                meeting.next_step()
        meeting.end()
        recorded.log.finished(meeting)
    return store


async def shoot(
    name: str,
    agenda: str | None,
    script: Script,
    size: tuple[int, int] = (100, 32),
    store: Store | None = None,
    edit: Path | None = None,
) -> Path:
    """Run the app, press keys and move the clock as `script` says, save an SVG."""
    clock = ManualClock()
    path = bundled_agendas_dir() / f"{agenda}.toml" if agenda else None
    app = build_app(
        load_agenda(path) if path else None,
        path,
        clock=clock,
        wall=ManualWall(clock, EVENING),
        data=fresh_dir() if store is None else None,
        opened=Opened(store) if store is not None else None,
        edit=edit,
    )
    async with app.run_test(size=size) as pilot:
        for step in script:
            if isinstance(step, tuple):
                await pilot.press(*step)
            elif step < 1:
                await pilot.pause(step)  # let a worker finish reading
            else:
                clock.advance(step)
        for screen in app.screen_stack:
            if isinstance(screen, MeetingScreen):
                screen.refresh_view()
        await pilot.pause()
        app.save_screenshot(f"{name}.svg", str(OUT))
    return OUT / f"{name}.svg"


def on_the_sharing_step(clock: ManualClock) -> Meeting:
    """The bundled open discussion, started, on its sharing step (step 6) on `clock`."""
    meeting = Meeting(load_agenda(SHARING), clock=clock, wall=ManualWall(clock, EVENING))
    meeting.start()
    for _ in range(5):
        clock.advance(200)
        meeting.next_step()
    return meeting


def chromium_path() -> str:
    """The system's chromium, which the room page's screenshots are taken in."""
    from tests.support.room_page import find_chromium

    browser = find_chromium()
    if browser is None:
        raise SystemExit("The room page's screenshots need chromium (apt-get install chromium).")
    return browser


async def launch(playwright: Playwright, browser: str) -> Browser:
    return await playwright.chromium.launch(
        executable_path=browser, args=["--no-sandbox", "--disable-gpu"]
    )


async def shoot_page(shots: Sequence[tuple[str, tuple[int, int], str]]) -> list[Path]:
    """The room page of a meeting mid-share, in WARNING, in chromium: one PNG per shot, each
    a name, a window size and a colour scheme (light or dark)."""
    from playwright.async_api import async_playwright

    clock = ManualClock()
    meeting = on_the_sharing_step(clock)
    meeting.toggle_share()
    clock.advance(153.4)
    browser = chromium_path()
    server = RoomServer(lambda: room_state(meeting, meeting.wall()), port=0)
    address = await server.start()
    made = []
    try:
        async with async_playwright() as playwright:
            chromium = await launch(playwright, browser)
            for name, (width, height), scheme in shots:
                page = await chromium.new_page(
                    viewport={"width": width, "height": height},
                    color_scheme="dark" if scheme == "dark" else "light",
                    reduced_motion="reduce",  # no fade from one colour to the next
                )
                await page.goto(address)
                await page.locator("body.warning").wait_for()
                await page.screenshot(path=OUT / f"{name}.png")
                await page.close()
                made.append(OUT / f"{name}.png")
            await chromium.close()
    finally:
        await server.stop()
    return made


async def shoot_taking_part() -> list[Path]:
    """A phone in the share queue, with a message to the room, and the co-host's page: the
    meeting between shares, three waiting, the phone second."""
    import random

    from playwright.async_api import async_playwright

    from facilitator.meeting.floor import Floor
    from tests.support.room_page import MeetingFloor

    clock = ManualClock()
    meeting = on_the_sharing_step(clock)
    clock.advance(400)
    floor = Floor(meeting)
    floor.queue = type(floor.queue)(chance=random.Random(28))  # the same tickets every time
    floor.queue.raise_hand()
    floor.say("Please wrap up")
    browser = chromium_path()
    server = RoomServer(
        lambda: room_state(meeting, meeting.wall(), floor), port=0, room=MeetingFloor(floor)
    )
    address = await server.start()
    made = []
    try:
        async with async_playwright() as playwright:
            chromium = await launch(playwright, browser)
            phone = await chromium.new_page(
                viewport={"width": 390, "height": 844},
                color_scheme="light",
                reduced_motion="reduce",
            )
            await phone.goto(address)
            await phone.get_by_role("button", name="I'd like to share").click()
            await phone.get_by_role("button", name="Online").click()
            floor.queue.join("another phone", "online", 1.0)
            server.publish()
            await phone.get_by_text("in line").wait_for()
            await phone.wait_for_timeout(2500)  # the counts and place as the page asks again
            await phone.screenshot(path=OUT / "room-page-queue.png")
            made.append(OUT / "room-page-queue.png")
            cohost = await chromium.new_page(
                viewport={"width": 1024, "height": 768},
                color_scheme="dark",
                reduced_motion="reduce",
            )
            await cohost.goto(server.cohost_address)
            await cohost.get_by_text("A7").or_(cohost.get_by_role("list")).first.wait_for()
            await cohost.wait_for_timeout(1500)
            await cohost.screenshot(path=OUT / "cohost-page.png")
            made.append(OUT / "cohost-page.png")
            await chromium.close()
    finally:
        await server.stop()
    return made


async def main() -> None:
    os.environ["FACILITATOR_DATA_DIR"] = "/home/you/.local/share/facilitator"
    OUT.mkdir(exist_ok=True)
    shots = [
        shoot("picker", None, []),
        shoot("ready", "open-discussion", []),
        shoot(
            "sharing",
            "open-discussion",
            [
                ("1",) * 9 + ("2", "2", "3", "3", "3", "s"),
                180.0,
                ("n",),
                300.0,
                ("n",),
                240.0,
                ("n",),
                240.0,
                ("n",),
                270.0,
                ("n", "w", "w", "w", "w", "w", "space"),
                155.0,
            ],
        ),
        shoot(
            "room-view", "open-discussion", [("s", "n", "n", "n", "n", "n", "space"), 183.0, ("b",)]
        ),
        shoot("resources", "open-discussion", [("r",)]),
        shoot(
            "small-terminal", "peer-check-in", [("1", "s"), 200.0, ("n", "space"), 130.0], (60, 18)
        ),
        shoot("history", None, [("h",), 0.5], store=past_meetings(fresh_dir())),
        shoot("report", None, [("h",), 0.5, ("down", "enter")], store=past_meetings(fresh_dir())),
        shoot("editor", None, [("f3", "down", "down", "down", "down", "down")], edit=SHARING),
    ]
    for shot in shots:
        print(await shot)
    pages = [("room-page", (1280, 720), "dark"), ("room-page-phone", (390, 844), "light")]
    for made in await shoot_page(pages):
        print(made)
    for made in await shoot_taking_part():
        print(made)


if __name__ == "__main__":
    asyncio.run(main())
