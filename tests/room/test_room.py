"""The room page's state: a fixed JSON shape, read from a meeting on a fake clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from facilitator.agenda import Agenda, load_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import Urgency
from facilitator.room.state import room_changes, room_state, room_view_state
from facilitator.words.room import room_schedule_words

from ..data import AGENDAS, WALL_START
from ..hints import FrozenWall
from ..support.clocks import ManualClock

SHARES, BREAK, CLOSE = 1, 2, 3  # the steps of tests/data/tuesday.toml (2, 12, 3, 3 minutes)

TOP = {
    "meeting",
    "status",
    "starts_at",
    "step",
    "share",
    "time_box",
    "step_remaining_seconds",
    "ahead_seconds",
    "projected_end",
    "closing",
    "queue",
    "message",
}


def _is(value: object, kind: type) -> bool:
    # A bool is an int to isinstance, never to the page.
    return isinstance(value, kind) and not isinstance(value, bool)


def check_contract(state: dict[str, Any]) -> None:
    """Fail unless `state` has exactly the room page's keys, types and values."""
    assert json.loads(json.dumps(state)) == state  # plain JSON, nothing else
    assert set(state) == TOP
    assert _is(state["meeting"], str)
    assert state["status"] in {"ready", "running", "ended"}
    starts = state["starts_at"]
    assert starts is None or (_is(starts, str) and len(starts) == 5 and starts[2] == ":")
    step = state["step"]
    assert set(step) == {"number", "of", "title", "kind"}
    assert _is(step["number"], int) and _is(step["of"], int) and 1 <= step["number"] <= step["of"]
    assert _is(step["title"], str) and _is(step["kind"], str)
    share = state["share"]
    if share is not None:
        keys = {"number", "state", "remaining_seconds", "allotted_seconds", "urgency"}
        assert set(share) == keys
        assert _is(share["number"], int) and share["number"] >= 1
        assert share["state"] in {"running", "paused"}
        assert _is(share["remaining_seconds"], float)
        assert _is(share["allotted_seconds"], float)
        assert share["urgency"] in {"ok", "warning", "time"}
    box = state["time_box"]
    if box is not None:
        assert share is None  # a one-on-one has no shares
        assert set(box) == {"remaining_seconds", "allotted_seconds", "urgency"}
        assert _is(box["remaining_seconds"], float) and _is(box["allotted_seconds"], float)
        assert box["urgency"] in {"ok", "warning", "time"}
    assert _is(state["step_remaining_seconds"], float)
    assert _is(state["ahead_seconds"], float)
    end = state["projected_end"]
    assert _is(end, str) and len(end) == 5 and end[2] == ":"
    assert 0 <= int(end[:2]) < 24 and 0 <= int(end[3:]) < 60
    queue = state["queue"]
    assert set(queue) == {"room", "online"} and all(_is(n, int) and n >= 0 for n in queue.values())
    assert state["message"] is None or _is(state["message"], str)
    closing = state["closing"]
    if closing is not None:
        assert set(closing) == {"reminder", "resources"}
        assert _is(closing["reminder"], str)
        for resource in closing["resources"]:
            assert set(resource) == {"name", "contact", "note"}
            assert all(_is(value, str) for value in resource.values())


@pytest.fixture
def meeting(tuesday_agenda: Agenda, clock: ManualClock, frozen_wall: FrozenWall) -> Meeting:
    return Meeting(tuesday_agenda, clock=clock, wall=frozen_wall(clock))


def state_of(meeting: Meeting) -> dict[str, Any]:
    state = room_state(meeting, meeting.wall())
    check_contract(state)
    return state


def test_ready(meeting: Meeting) -> None:
    state = state_of(meeting)
    assert state == {
        "meeting": "Tuesday Night Open Discussion",
        "status": "ready",
        "starts_at": None,
        "step": {"number": 1, "of": 4, "title": "Welcome", "kind": "reading"},
        "share": None,
        "time_box": None,
        "step_remaining_seconds": 120.0,
        "ahead_seconds": 0.0,
        "projected_end": "19:20",
        "closing": None,
        "queue": {"room": 0, "online": 0},
        "message": None,
    }
    assert json.dumps(state["ahead_seconds"]) == "0.0"  # never "-0.0"


def test_a_running_share_in_warning_then_at_time(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    clock.advance(60)  # a minute ahead: Welcome planned 2:00
    meeting.goto(SHARES)
    meeting.toggle_share()
    clock.advance(160)
    state = state_of(meeting)
    assert state["step"] == {"number": 2, "of": 4, "title": "Shares", "kind": "sharing"}
    assert state["share"] == {
        "number": 1,
        "state": "running",
        "remaining_seconds": 20.0,
        "allotted_seconds": 180.0,
        "urgency": "warning",
    }
    assert state["step_remaining_seconds"] == 12 * 60 - 160.0
    assert state["ahead_seconds"] == 60.0  # ahead is positive
    assert state["projected_end"] == "19:19"  # 19:03:40 + 9:20 left here + 6:00 after
    assert state["closing"] is None
    clock.advance(35)
    share = state_of(meeting)["share"]
    assert share["urgency"] == "time" and share["remaining_seconds"] == -15.0


def test_behind_is_negative(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    clock.advance(5 * 60)  # Welcome planned 2:00
    meeting.next_step()
    state = state_of(meeting)
    assert state["ahead_seconds"] == -180.0
    assert state["projected_end"] == "19:23"


def test_a_paused_share(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.goto(SHARES)
    meeting.toggle_share()
    clock.advance(30)
    meeting.toggle_share()
    clock.advance(100)  # paused: the share's clock stands still
    share = state_of(meeting)["share"]
    assert share == {
        "number": 1,
        "state": "paused",
        "remaining_seconds": 150.0,
        "allotted_seconds": 180.0,
        "urgency": "ok",
    }


def test_a_step_with_no_share(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.goto(BREAK)
    clock.advance(200)
    state = state_of(meeting)
    assert state["step"] == {"number": 3, "of": 4, "title": "Break", "kind": "break"}
    assert state["share"] is None
    assert state["step_remaining_seconds"] == -20.0  # over
    assert state["closing"] is None


CLOSING = {
    "reminder": "Peer support supplements professional treatment and does not replace it.",
    "resources": [
        {
            "name": "988 Suicide & Crisis Lifeline",
            "contact": "Call or text 988",
            "note": "24/7 (US)",
        },
        {"name": "Samaritans", "contact": "Call 116 123", "note": "24/7 (UK and Ireland)"},
    ],
}


def test_the_closing_step_shows_the_reminder_and_resources(
    meeting: Meeting, clock: ManualClock
) -> None:
    meeting.start()
    meeting.goto(CLOSE)
    clock.advance(10)
    state = state_of(meeting)
    assert state["status"] == "running"
    assert state["step"]["kind"] == "closing"
    assert state["closing"] == CLOSING


def test_the_end(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.tally(0)
    meeting.set_waiting(4)
    meeting.goto(SHARES)
    meeting.toggle_share()
    clock.advance(90)
    meeting.end()
    clock.advance(600)
    state = state_of(meeting)
    assert state["status"] == "ended"
    assert state["share"] is None
    assert state["closing"] == CLOSING
    assert state["projected_end"] == "19:01"  # when it ended, not now
    # Counts, scripts and waiting people are never on the wall.
    text = json.dumps(state)
    for private in ("tall", "waiting", "attendees", "script", "silence", "welcome, everyone"):
        assert private not in text.lower()


def test_the_projected_end_reads_the_time_given(meeting: Meeting) -> None:
    later = WALL_START + timedelta(hours=2, minutes=5)
    assert room_state(meeting, later)["projected_end"] == "21:25"


def changes_of(meeting: Meeting) -> tuple[object, ...]:
    return room_changes(state_of(meeting))


def test_time_passing_alone_is_no_change(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.goto(SHARES)
    meeting.toggle_share()
    before = changes_of(meeting)
    clock.advance(30)  # the page counts these down itself
    assert changes_of(meeting) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda m: m.next_step(),
        lambda m: m.toggle_share(),  # paused
        lambda m: m.adjust_share(30),
        lambda m: m.end_share(),
        lambda m: m.end(),
    ],
)
def test_what_the_facilitator_does_is_a_change(
    meeting: Meeting, clock: ManualClock, change: Callable[[Meeting], object]
) -> None:
    meeting.start()
    meeting.goto(SHARES)
    meeting.toggle_share()
    before = changes_of(meeting)
    change(meeting)
    assert changes_of(meeting) != before


def test_the_warning_and_time_are_changes(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.goto(SHARES)
    meeting.toggle_share()
    seen = {changes_of(meeting)}
    clock.advance(165)
    seen.add(changes_of(meeting))
    clock.advance(20)
    seen.add(changes_of(meeting))
    assert len(seen) == 3


def test_a_minute_more_behind_is_a_change(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    clock.advance(3 * 60)  # Welcome is planned 2:00: a minute behind
    before = changes_of(meeting)
    clock.advance(61)
    assert changes_of(meeting) != before


def test_a_tally_is_no_change(meeting: Meeting) -> None:
    meeting.start()
    before = changes_of(meeting)
    meeting.tally(0)
    meeting.set_waiting(3)
    assert changes_of(meeting) == before


def scheduled(agenda: Agenda, start: str) -> Agenda:
    return replace(agenda, meeting=replace(agenda.meeting, start=start))


def test_the_page_is_sent_the_scheduled_start(
    tuesday_agenda: Agenda, clock: ManualClock, frozen_wall: FrozenWall
) -> None:
    meeting = Meeting(scheduled(tuesday_agenda, "19:05"), clock=clock, wall=frozen_wall(clock))
    assert state_of(meeting)["starts_at"] == "19:05"
    meeting.start()
    assert state_of(meeting)["starts_at"] == "19:05"


def test_before_the_start_the_room_view_shows_the_time_and_the_start(
    tuesday_agenda: Agenda, clock: ManualClock, frozen_wall: FrozenWall
) -> None:
    # The tests' wall clock reads 19:00 as the meeting opens.
    meeting = Meeting(scheduled(tuesday_agenda, "19:05"), clock=clock, wall=frozen_wall(clock))
    clock.advance(28)
    view = room_view_state(meeting)
    assert (view.title, view.digits, view.state) == (
        "Tuesday Night Open Discussion",
        "19:00",
        "starts 19:05 · in 4:32",
    )
    assert view.step_time and view.urgency is Urgency.OK and not view.over
    clock.advance(4 * 60 + 32 + 130)  # 2:10 past the start, not started
    view = room_view_state(meeting)
    assert (view.digits, view.state) == ("19:07", "starts 19:05 · 2:10 late")


def test_before_the_start_without_one_the_room_view_shows_the_time_of_day(
    meeting: Meeting, clock: ManualClock
) -> None:
    clock.advance(61)
    view = room_view_state(meeting)
    assert (view.title, view.digits, view.state) == (
        "Tuesday Night Open Discussion",
        "19:01",
        "READY",
    )
    assert "1:00:00" not in (view.digits, view.state)  # never the plan's length


def test_time_holds_for_five_seconds_on_the_room_view(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.goto(SHARES)
    meeting.toggle_share()
    clock.advance(179)
    assert (room_view_state(meeting).digits, room_view_state(meeting).state) == (
        "0:01",
        "SHARE 1 · WARNING · 0:01 LEFT",
    )
    for wait in (1.0, 1.0, 2.5, 1.25):  # 0, 1, 3.5 and 4.75 seconds past time
        clock.advance(wait)
        view = room_view_state(meeting)
        assert (view.digits, view.state, view.over) == ("0:00", "SHARE 1 · TIME", False)
    clock.advance(0.25)
    view = room_view_state(meeting)
    assert (view.digits, view.state, view.over) == ("+0:05", "SHARE 1 · +0:05 OVER", True)


def test_between_shares_the_step_time_says_so_and_is_drawn_smaller(
    meeting: Meeting, clock: ManualClock
) -> None:
    meeting.start()
    meeting.goto(SHARES)
    clock.advance(100)
    view = room_view_state(meeting)
    assert (view.digits, view.state) == ("10:20", "STEP 2 · BETWEEN SHARES · 10:20 LEFT")
    assert view.step_time
    meeting.toggle_share()
    view = room_view_state(meeting)
    assert (view.digits, view.state) == ("3:00", "SHARE 1 · 3:00 LEFT")
    assert not view.step_time
    meeting.goto(BREAK)
    view = room_view_state(meeting)
    assert view.state == "STEP 3 · 3:00 LEFT" and view.step_time


def test_the_room_view_of_a_share_in_warning(meeting: Meeting, clock: ManualClock) -> None:
    meeting.start()
    meeting.goto(SHARES)
    meeting.toggle_share()
    clock.advance(165)
    view = room_view_state(meeting)
    assert (view.digits, view.state, view.title) == (
        "0:15",
        "SHARE 1 · WARNING · 0:15 LEFT",
        "Shares",
    )
    assert view.urgency is Urgency.WARNING and not view.over and not view.flash
    assert (
        view.schedule
        == room_schedule_words(meeting.variance(), "19:18")
        == "2:00 ahead · ends 19:18"
    )


# ---------------------------------------------------------------------- a one-on-one

WEEK_SECONDS = 12 * 60  # the Peer Check-In's sharing step, timed as a whole


@pytest.fixture
def check_in(clock: ManualClock, frozen_wall: FrozenWall) -> Meeting:
    """The bundled Peer Check-In, started, on its sharing step (step 2, 12 minutes)."""
    meeting = Meeting(load_agenda(AGENDAS / "peer-check-in.toml"), clock, frozen_wall(clock))
    meeting.start()
    clock.advance(180)
    meeting.next_step()
    return meeting


def test_the_room_view_shows_a_one_on_ones_time_box_without_a_share(
    check_in: Meeting, clock: ManualClock
) -> None:
    meeting = check_in
    view = room_view_state(meeting)
    assert (view.digits, view.state, view.title) == (
        "12:00",
        "STEP 2 · 12:00 LEFT",
        "How has the week gone?",
    )
    clock.advance(WEEK_SECONDS - 30)
    view = room_view_state(meeting)
    assert (view.digits, view.state, view.urgency) == (
        "0:30",
        "STEP 2 · WARNING · 0:30 LEFT",
        Urgency.WARNING,
    )
    clock.advance(30)
    assert room_view_state(meeting).state == "STEP 2 · TIME"
    clock.advance(4.9)
    assert (room_view_state(meeting).digits, room_view_state(meeting).state) == (
        "0:00",
        "STEP 2 · TIME",
    )
    clock.advance(10.1)
    view = room_view_state(meeting)
    assert (view.digits, view.state, view.urgency, view.over) == (
        "+0:15",
        "STEP 2 · +0:15 OVER",
        Urgency.TIME,
        True,
    )
    assert "SHARE" not in view.state


def test_the_room_page_is_sent_a_one_on_ones_time_box(
    check_in: Meeting, clock: ManualClock
) -> None:
    meeting = check_in
    clock.advance(WEEK_SECONDS - 75)
    state = state_of(meeting)
    assert state["share"] is None
    assert state["time_box"] == {
        "remaining_seconds": 75.0,
        "allotted_seconds": float(WEEK_SECONDS),
        "urgency": "ok",
    }
    assert state["step_remaining_seconds"] == 75.0
    before = room_changes(state)
    clock.advance(10)  # the page counts these down itself
    assert changes_of(meeting) == before
    clock.advance(5)  # a minute left: the warning is sent at once
    warned = state_of(meeting)
    assert warned["time_box"]["urgency"] == "warning"
    assert room_changes(warned) != before
    meeting.next_step()
    moved = state_of(meeting)
    assert moved["time_box"] is None and moved["share"] is None


def test_a_group_is_never_sent_a_time_box(meeting: Meeting) -> None:
    meeting.start()
    meeting.goto(SHARES)
    assert state_of(meeting)["time_box"] is None
    meeting.toggle_share()
    state = state_of(meeting)
    assert state["time_box"] is None and state["share"] is not None
