"""The room page in chromium: a real meeting on the real clock, served by the real server."""

from __future__ import annotations

import asyncio
import itertools
import re
import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Page, Response, expect

from facilitator.agenda import Agenda, parse_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import TIME_BOX, ShareState, ShareView, Urgency
from facilitator.room.state import room_state, room_view_state
from facilitator.words import i18n
from facilitator.words.meeting import clock_time, format_countdown, format_duration, resource_text
from facilitator.words.room import (
    ROOM_WORDS,
    TIME_HOLD_SECONDS,
    room_digits,
    room_schedule_words,
    room_share_digits,
    room_share_words,
    room_step_words,
    room_time_box_words,
)

from ..hints import FrozenWall, RoomAgenda, ServeMeeting
from ..support.clocks import ManualClock
from ..support.flood import Flood, raise_file_limit, sources

# Every test here runs on the module's loop, the browser's.
pytestmark = pytest.mark.asyncio(loop_scope="module")

SOON = 5_000  # milliseconds: how long the page may take to show a change


def seconds(countdown: str) -> int:
    """`1:02` as 62."""
    minutes, secs = countdown.split(":")
    return int(minutes) * 60 + int(secs)


async def settled(page: Page) -> float:
    """When the page had its last state, once no more come (a new stream may get two)."""
    received = -1.0
    while received != (now := await page.evaluate("receivedAt")):
        received = now
        await page.wait_for_timeout(400)
    return received


async def until(page: Page, expression: str) -> None:
    """Wait until `expression` is true in the page. Not `wait_for_function`, whose polling
    evaluates strings in the page, which its Content-Security-Policy forbids."""
    for _ in range(SOON // 50):
        if await page.evaluate(expression):
            return
        await page.wait_for_timeout(50)
    pytest.fail(f"never true: {expression}")


LOADED = "Object.keys(tones).sort()"
"""The tones the page has fetched and decoded, by name."""
PLAYED = "tonesStarted.map((buffer) => Object.keys(tones).find((name) => tones[name] === buffer))"
"""The tones the page has played, by name, in order."""


async def test_the_step_title_shows(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    await page.goto(served.address)
    # Before the meeting starts: its name, the time of day (drawn smaller), and READY.
    await expect(page.locator("#title")).to_have_text("Tuesday Night Open Discussion")
    await expect(page.locator("#state")).to_have_text(ROOM_WORDS["ready"])
    digits = page.locator("#digits")
    await expect(digits).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
    assert abs(seconds(await digits.inner_text()) - seconds(clock_time(datetime.now()))) <= 1
    await expect(digits).to_have_class("step")
    served.meeting.start()
    served.changed()
    await expect(page.locator("#title")).to_have_text("Welcome", timeout=SOON)
    await expect(page.locator("#step-of")).to_have_text("Step 1 of 3")
    await expect(page.locator("#state")).to_have_text(room_step_words(1, 60))
    await expect(page.locator("#meeting")).to_have_text("Tuesday Night Open Discussion")
    assert await page.title() == "Tuesday Night Open Discussion"
    await expect(page.locator("body")).to_have_class("ok")


async def test_agenda_text_shows_as_typed(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    title = "<b>x</b> [b]y[/b] <script>window.hacked = 1</script> &amp; [/]"
    served = await serve(room_agenda(title=title, name="<i>Night</i> [red]"))
    served.meeting.start()
    await page.goto(served.address)
    await expect(page.locator("#title")).to_have_text(title)
    await expect(page.locator("#meeting")).to_have_text("<i>Night</i> [red]")
    assert await page.locator("b, i, #title script").count() == 0
    assert await page.evaluate("window.hacked") is None


async def test_the_countdown_goes_down_between_events(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda(), heartbeat=60)  # no event but the first
    served.meeting.start()
    await page.goto(served.address)
    digits = page.locator("#digits")
    await expect(page.locator("#title")).to_have_text("Welcome")
    received = await settled(page)
    before = seconds(await digits.inner_text())
    await page.wait_for_timeout(1_500)
    after = seconds(await digits.inner_text())
    assert before - after in (1, 2)
    assert await page.evaluate("receivedAt") == received
    await expect(page.locator("#state")).to_have_text(room_step_words(1, after))


async def test_a_short_share_warns_then_says_time(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    meeting = served.meeting
    meeting.start()
    meeting.next_step()
    await page.goto(served.address)
    await expect(page.locator("#title")).to_have_text("Shares")
    # The button says the state now and what a tap does, and is a toggle.
    sound = page.get_by_role("button", name=ROOM_WORDS["sound_is_off"], pressed=False)
    await expect(sound).to_have_text("Sound off · turn on")
    await sound.click()
    await until(page, f"{LOADED}.length === 2")  # so each tone played is heard
    sound = page.get_by_role("button", name=ROOM_WORDS["sound_is_on"], pressed=True)
    await expect(sound).to_have_text("Sound on · turn off")
    await expect(sound).to_have_class("on")
    meeting.toggle_share()  # 4.2 seconds, warned at 2.5 left
    served.changed()
    body, state, announced = page.locator("body"), page.locator("#state"), page.locator("#announce")
    await expect(state).to_have_text("SHARE 1 · 0:05 LEFT", timeout=SOON)
    await expect(body).to_have_class("ok")
    await expect(state).to_contain_text("SHARE 1 · WARNING · 0:0", timeout=SOON)
    await expect(body).to_have_class("warning")
    await expect(announced).to_contain_text("SHARE 1 · WARNING", timeout=SOON)
    await expect(state).to_have_text("SHARE 1 · TIME", timeout=SOON)
    await expect(page.locator("#digits")).to_have_text("0:00")
    await expect(body).to_have_class("time")
    await expect(announced).to_have_text("SHARE 1 · TIME", timeout=SOON)
    # TIME holds for five seconds, whatever events come meanwhile; then the overtime.
    await page.wait_for_timeout(3_000)
    await expect(state).to_have_text("SHARE 1 · TIME")
    await expect(page.locator("#digits")).to_have_text("0:00")
    await expect(body).not_to_have_class(re.compile("over"))
    await expect(state).to_have_text("SHARE 1 · +0:05 OVER", timeout=SOON)
    await expect(page.locator("#digits")).to_have_text("+0:05")
    await expect(body).to_have_class("time over")
    # The app's own tones, fetched from it: the warning's when sound came on (so the viewer
    # hears it works), then at the warning, then time-up's.
    assert await page.evaluate(LOADED) == ["time", "warning"]
    assert await page.evaluate(PLAYED) == ["warning", "warning", "time"]


async def test_the_closing_resources_show_on_the_closing_step(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    agenda = room_agenda()
    served = await serve(agenda)
    meeting = served.meeting
    meeting.start()
    await page.goto(served.address)
    await expect(page.locator("#title")).to_have_text("Welcome")
    closing = page.locator("#closing")
    await expect(closing).to_be_hidden()
    meeting.goto(2)
    served.changed()
    await expect(page.locator("#title")).to_have_text("Close", timeout=SOON)
    await expect(page.locator("#announce")).to_have_text("Step 3 of 3 · Close", timeout=SOON)
    await expect(closing).to_be_visible()
    await expect(page.locator("#reminder")).to_have_text(agenda.closing.reminder)
    await expect(page.locator("#resources-heading")).to_have_text(ROOM_WORDS["resources"])
    shown = [resource_text(resource) for resource in agenda.closing.resources]
    await expect(page.locator("#resources li")).to_have_text(shown)
    meeting.end()
    served.changed()
    await expect(page.locator("#digits")).to_have_text(ROOM_WORDS["ended"], timeout=SOON)
    await expect(page.locator("#title")).to_have_text("Tuesday Night Open Discussion")
    await expect(page.locator("#resources li")).to_have_text(shown)


async def test_connection_lost_shows_when_the_app_stops(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda(), heartbeat=0.5)
    await page.goto(served.address)
    lost = page.locator("#lost")
    await expect(page.locator("#state")).to_have_text(ROOM_WORDS["ready"])
    await expect(lost).to_be_hidden()
    await served.server.stop()
    await expect(lost).to_be_visible(timeout=SOON)
    await expect(lost).to_have_text(ROOM_WORDS["connection_lost"])
    await expect(lost).to_have_attribute("role", "alert")
    await expect(page.locator("body")).to_have_class("ok lost")


async def test_the_page_reconnects_by_itself(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = await serve(room_agenda(), heartbeat=0.5)
    await page.goto(served.address)
    await expect(page.locator("#state")).to_have_text(ROOM_WORDS["ready"])
    await served.server.stop()
    await expect(page.locator("#lost")).to_be_visible(timeout=SOON)
    served.meeting.start()  # while the page cannot see it
    # The same address again, as if the network had only dropped for a moment.
    token = served.address.split("/")[3]
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _: token)
    assert await served.restart() == served.address
    await expect(page.locator("#lost")).to_be_hidden(timeout=10_000)
    await expect(page.locator("#title")).to_have_text("Welcome")
    await expect(page.locator("body")).to_have_class("ok")


async def test_the_page_follows_the_meeting_through_a_flood(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    raise_file_limit(8192)  # the flood's own sockets
    flood = Flood("127.0.0.1", served.port)
    try:
        flood.drip(1100, sources(100), every=5)
        flood.storm(2, sources(10, first=100))
        flood.silent_viewers(f"/{served.server.token}/events", 50, sources(10, first=110))
        while flood.stats["connected"] < 1500:  # the server is full, and churning
            await asyncio.sleep(0.05)
        await page.goto(served.address)
        await expect(page.locator("#state")).to_have_text(ROOM_WORDS["ready"], timeout=SOON)
        served.meeting.start()
        served.changed()
        await expect(page.locator("#title")).to_have_text("Welcome", timeout=SOON)
        served.meeting.next_step()
        served.changed()
        await expect(page.locator("#title")).to_have_text("Shares", timeout=SOON)
        await expect(page.locator("#lost")).to_be_hidden()
    finally:
        flood.close()


async def test_a_dead_address_stays_lost(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda(), heartbeat=0.5)
    old = served.address
    await page.goto(old)
    await expect(page.locator("#state")).to_have_text(ROOM_WORDS["ready"])
    await served.server.stop()
    await expect(page.locator("#lost")).to_be_visible(timeout=SOON)

    def refused(response: Response) -> bool:
        return response.url == old + "events" and response.status == 404

    # The app is back on the same port, under a new token: the old address answers 404.
    async with page.expect_response(refused, timeout=10_000):
        assert await served.restart() != old
    await expect(page.locator("#lost")).to_be_visible()
    await expect(page.locator("#state")).to_have_text(ROOM_WORDS["ready"])


COUNTDOWNS = sorted(
    {x / 4 for x in range(-3700 * 4, 3700 * 4 + 1, 7)}
    | {x / 1 for x in range(-3700, 3701)}
    | {0.0, -0.5, -1.0, 1e-10, -1e-10, 1e-9, -1e-9, 0.999999999, 1.0000000001, -0.9999999}
    | {-1.0000001, 59.5, 60.0, 3599.999, 3600.0, 3600.0001, -3600.5, 2.9999999995, 179.4}
)


async def test_the_page_writes_countdowns_as_python_does(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    await page.goto(served.address)
    values = [*COUNTDOWNS, -0.0]
    written = await page.evaluate(
        """(values) => values.map((v) => [
            formatCountdown(v), roomDigits(v), roomShareDigits(v),
            formatDuration(v), formatDuration(v, true)])""",
        values,
    )
    expected = [
        [
            format_countdown(v),
            room_digits(v),
            room_share_digits(v),
            format_duration(v),
            format_duration(v, signed=True),
        ]
        for v in values
    ]
    assert await page.evaluate("TIME_HOLD") == TIME_HOLD_SECONDS
    assert len(written) == len(expected) > 7000
    assert [w for w, e in zip(written, expected, strict=True) if w != e] == []


def share(remaining: float, state: ShareState, warning: float = 30.0) -> ShareView:
    """A share of 3 minutes with `remaining` seconds left, its urgency as the engine says."""
    if remaining <= 0:
        urgency = Urgency.TIME
    elif remaining <= warning:
        urgency = Urgency.WARNING
    else:
        urgency = Urgency.OK
    return ShareView(3, state, 180.0, 180.0 - remaining, remaining, urgency, 0.0)


async def test_the_page_says_what_the_room_view_says(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    await page.goto(served.address)
    remainders = [180.0, 100.2, 30.0, 29.5, 0.4, 0.0, -0.5, -0.999, -1.0, -15.2, -3700.0]
    shares = [share(r, s) for r, s in itertools.product(remainders, ShareState)]
    said = await page.evaluate(
        "(shares) => shares.map(([n, p, r, u]) => shareWords(n, p, r, u))",
        [[s.number, s.state is ShareState.PAUSED, s.remaining, s.urgency.value] for s in shares],
    )
    assert said == [room_share_words(s) for s in shares]
    assert "SHARE 3 · PAUSED · WARNING · 0:30 LEFT" in said and "SHARE 3 · TIME" in said
    boxes = [replace(s, number=TIME_BOX) for s in shares if s.state is ShareState.RUNNING]
    said = await page.evaluate(
        "(boxes) => boxes.map(([r, u]) => timeBoxWords(2, r, u))",
        [[box.remaining, box.urgency.value] for box in boxes],
    )
    assert said == [room_time_box_words(2, box) for box in boxes]
    assert "STEP 2 · WARNING · 0:30 LEFT" in said and "STEP 2 · TIME" in said
    steps = await page.evaluate("(rs) => rs.map((r) => stepWords(2, r))", remainders + [65.0])
    assert steps == [room_step_words(2, r) for r in remainders + [65.0]]
    between = await page.evaluate("(rs) => rs.map((r) => stepWords(2, r, true))", remainders)
    assert between == [room_step_words(2, r, between_shares=True) for r in remainders]
    assert "STEP 2 · BETWEEN SHARES · 1:41 LEFT" in between
    variances = [0.0, 59.9, -59.9, 60.0, -60.0, 125.5, -125.5, 3725.0]
    schedules = await page.evaluate("(vs) => vs.map((v) => scheduleWords(v, '20:05'))", variances)
    assert schedules == [room_schedule_words(v, "20:05") for v in variances]


def what_the_room_view_shows(meeting: Meeting) -> list[str | bool]:
    """The digits, the state, the schedule of the terminal's room view for a meeting, and
    whether its digits are a step's (drawn smaller)."""
    view = room_view_state(meeting)
    return [view.digits, view.state, view.schedule, view.step_time]


async def test_the_page_shows_a_meeting_as_the_room_view_does(
    page: Page,
    serve: ServeMeeting,
    room_agenda: RoomAgenda,
    tuesday_agenda: Agenda,
    clock: ManualClock,
    frozen_wall: FrozenWall,
) -> None:
    served = await serve(room_agenda())
    await page.goto(served.address)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=frozen_wall(clock))
    states: list[dict[str, Any]] = []
    expected: list[list[str | bool]] = []

    def look(*, then: Callable[[], object] | None = None, wait: float = 0.0) -> None:
        if then is not None:
            then()
        clock.advance(wait)
        now = meeting.wall()
        states.append(room_state(meeting, now))
        expected.append(what_the_room_view_shows(meeting))

    meeting.start()
    look(wait=30)  # ahead: the step has time left
    look(wait=200)  # the welcome runs over: behind
    look(then=meeting.next_step, wait=10)
    look(then=meeting.toggle_share, wait=100.5)
    look(wait=60)  # warning
    look(then=meeting.toggle_share, wait=5)  # paused in the warning
    look(then=meeting.toggle_share, wait=15)  # time
    look(wait=0.6)  # over, by less than a second: still TIME
    look(wait=4.2)  # over by 4.8 seconds: still TIME
    look(wait=12)  # over
    look(then=lambda: meeting.adjust_share(30), wait=1)  # time added: warning again
    look(then=meeting.end_share, wait=1)
    look(then=meeting.next_step, wait=1)  # the break, early: ahead
    look(then=meeting.next_step, wait=200)  # the closing step, running over
    shown = await page.evaluate(
        "(states) => states.map((s) => { const v = view(s, 0); "
        "return [v.digits, v.words, v.schedule, v.step]; })",
        states,
    )
    assert shown == expected
    assert {"ahead", "behind"} <= {word for line in shown for word in str(line[2]).split()}
    assert "SHARE 1 · TIME" in [line[1] for line in shown]
    assert any("BETWEEN SHARES" in str(line[1]) for line in shown)


# A one-on-one whose sharing step is timed as a whole: 4.2 seconds, warned at 2.5 left.
ONE_ON_ONE = b"""
[meeting]
name = "Check-in"
kind = "one-on-one"

[sharing]
warning_seconds = 2.5

[[steps]]
title = "Arrive"
minutes = 1

[[steps]]
title = "The week"
minutes = 0.07
kind = "sharing"

[[steps]]
title = "Next step"
minutes = 2
"""


async def test_a_one_on_ones_time_box_warns_then_says_time(page: Page, serve: ServeMeeting) -> None:
    served = await serve(parse_agenda(ONE_ON_ONE))
    meeting = served.meeting
    meeting.start()
    await page.goto(served.address)
    await expect(page.locator("#title")).to_have_text("Arrive")
    await page.locator("#sound").click()
    await until(page, f"{LOADED}.length === 2")  # so each tone played is heard
    meeting.next_step()
    served.changed()
    body, state, announced = page.locator("body"), page.locator("#state"), page.locator("#announce")
    await expect(state).to_have_text("STEP 2 · 0:05 LEFT", timeout=SOON)
    await expect(body).to_have_class("ok")
    await expect(state).to_contain_text("STEP 2 · WARNING · 0:0", timeout=SOON)
    await expect(body).to_have_class("warning")
    await expect(announced).to_contain_text("STEP 2 · WARNING", timeout=SOON)
    await expect(state).to_have_text("STEP 2 · TIME", timeout=SOON)
    await expect(body).to_have_class("time")
    await page.wait_for_timeout(3_000)
    await expect(state).to_have_text("STEP 2 · TIME")
    await expect(state).to_have_text("STEP 2 · +0:05 OVER", timeout=SOON)
    assert await page.evaluate(PLAYED) == ["warning", "warning", "time"]
    await expect(page.locator("#state")).not_to_contain_text("SHARE")


async def test_the_page_shows_a_one_on_one_as_the_room_view_does(
    page: Page, serve: ServeMeeting, clock: ManualClock, frozen_wall: FrozenWall
) -> None:
    agenda = parse_agenda(ONE_ON_ONE)
    served = await serve(agenda)
    await page.goto(served.address)
    meeting = Meeting(agenda, clock=clock, wall=frozen_wall(clock))
    states: list[dict[str, Any]] = []
    expected: list[list[str]] = []

    def look(*, then: Callable[[], object] | None = None, wait: float = 0.0) -> None:
        if then is not None:
            then()
        clock.advance(wait)
        states.append(room_state(meeting, meeting.wall()))
        view = room_view_state(meeting)
        expected.append([view.digits, view.state, view.schedule, view.urgency.value])

    meeting.start()
    look(wait=30)  # a reading step: the step's time
    look(then=meeting.next_step, wait=0.5)  # the time box, OK
    look(wait=1.5)  # warning
    look(wait=2.2)  # time
    look(wait=0.6)  # over by less than a second: still TIME
    look(wait=12)  # over
    look(then=meeting.next_step, wait=1)
    shown = await page.evaluate(
        "(states) => states.map((s) => { const v = view(s, 0); "
        "return [v.digits, v.words, v.schedule, v.urgency]; })",
        states,
    )
    assert shown == expected
    assert [line[3] for line in shown][1:6] == ["ok", "warning", "time", "time", "time"]


async def test_before_the_start_the_page_shows_as_the_room_view_does(
    page: Page,
    serve: ServeMeeting,
    room_agenda: RoomAgenda,
    clock: ManualClock,
    frozen_wall: FrozenWall,
) -> None:
    served = await serve(room_agenda())
    await page.goto(served.address)
    agenda = room_agenda()
    said = []
    for start in (None, "19:05", "18:50", "23:30"):
        shown, expected = [], []
        scheduled = replace(agenda, meeting=replace(agenda.meeting, start=start))
        meeting = Meeting(scheduled, clock=clock, wall=frozen_wall(clock))
        for wait in (0.0, 28.0, 0.4, 271.6, 1.0, 600.0):
            clock.advance(wait)
            now = meeting.wall()
            state = room_state(meeting, now)
            assert state["starts_at"] == start
            view = room_view_state(meeting)
            expected.append([view.digits, view.state, view.title, view.step_time])
            moment = [now.year, now.month - 1, now.day, now.hour, now.minute, now.second]
            shown.append(
                await page.evaluate(
                    "([s, m, ms]) => { const v = view(s, 0, new Date(...m, ms)); "
                    "return [v.digits, v.words, v.title, v.step]; }",
                    [state, moment, now.microsecond // 1000],
                )
            )
        assert shown == expected
        assert all(line[2] == "Tuesday Night Open Discussion" for line in shown)
        said += [line[1] for line in shown]
    assert {"READY", "starts 19:05 · in 4:32", "starts 18:50 · 10:28 late"} <= set(said)


async def test_before_the_start_the_page_counts_down_to_it(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    agenda = room_agenda()
    soon = datetime.now() + timedelta(minutes=65)
    start = f"{soon.hour:02d}:{soon.minute:02d}"
    served = await serve(replace(agenda, meeting=replace(agenda.meeting, start=start)))
    await page.goto(served.address)
    await expect(page.locator("#title")).to_have_text("Tuesday Night Open Discussion")
    state = page.locator("#state")
    await expect(state).to_have_text(re.compile(rf"^starts {start} · in 1:0[45]:\d\d$"))
    await expect(page.locator("#digits")).to_have_text(clock_time(datetime.now()), timeout=SOON)
    await expect(page.locator("#digits")).not_to_have_text(re.compile("1:00:00|0:02:00"))
    before = await state.inner_text()
    await page.wait_for_timeout(1_200)
    assert await state.inner_text() != before  # it counts down by itself
    served.meeting.start()
    served.changed()
    await expect(page.locator("#title")).to_have_text("Welcome", timeout=SOON)
    await expect(page.locator("#state")).to_contain_text("STEP 1 · ")


async def test_between_shares_the_page_says_so_and_draws_the_time_smaller(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    served = await serve(room_agenda())
    meeting = served.meeting
    meeting.start()
    meeting.next_step()
    await page.goto(served.address)
    digits, state = page.locator("#digits"), page.locator("#state")
    await expect(state).to_contain_text("STEP 2 · BETWEEN SHARES · ")
    await expect(digits).to_have_class("step")
    between = await digits.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    meeting.toggle_share()
    served.changed()
    await expect(state).to_contain_text("SHARE 1 · ", timeout=SOON)
    await expect(digits).not_to_have_class(re.compile("step"))
    during = await digits.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")
    assert during > between * 1.4  # a share's digits are plainly larger


async def test_the_page_speaks_spanish(
    page: Page, serve: ServeMeeting, room_agenda: RoomAgenda
) -> None:
    i18n.use("es")
    served = await serve(room_agenda())
    await page.goto(served.address)
    await expect(page.locator("#state")).to_have_text("LISTA")
    sound = page.get_by_role("button", name="Sonido desactivado · activar", pressed=False)
    await sound.click()
    await expect(
        page.get_by_role("button", name="Sonido activado · desactivar", pressed=True)
    ).to_be_visible()
    served.meeting.start()
    served.meeting.next_step()
    served.changed()
    await expect(page.locator("#state")).to_contain_text(
        "PASO 2 · ENTRE PARTICIPACIONES · ", timeout=SOON
    )
