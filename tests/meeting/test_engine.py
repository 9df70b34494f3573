"""The meeting engine, driven by a fake clock: hours of meeting in milliseconds, no sleeps."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from typing import get_args

import pytest

from facilitator.agenda import Agenda, parse_agenda, validate_agenda
from facilitator.meeting.engine import CHANGES, Meeting
from facilitator.meeting.events import Event, EventKind
from facilitator.meeting.states import CompletedShare, NotNow, ShareState, Status, Urgency
from facilitator.store.recorder import replay
from facilitator.words.meeting import format_countdown, format_duration

from ..support.clocks import ManualClock, ManualWall

CLOCK_ORIGIN = 1000.0  # where the `clock` fixture starts
TZ = timezone(timedelta(hours=2))
WALL_ORIGIN = datetime(2025, 3, 4, 19, 0, tzinfo=TZ)


def fake_wall(clock: ManualClock) -> ManualWall:
    """Local time that moves with a fake clock: 19:00 when the clock reads CLOCK_ORIGIN."""
    wall = ManualWall(clock, WALL_ORIGIN)
    wall.origin = CLOCK_ORIGIN
    return wall


def wall(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2025, 3, 4, hour, minute, second, tzinfo=TZ)


# 5 + 10 + 45 + 5 + 20 + 5 = 90 minutes.
TUESDAY = parse_agenda(
    b"""
[meeting]
name = "Tuesday group"
minutes = 90

[sharing]
share_minutes = 3
warning_seconds = 30

[[attendance]]
id = "members"
label = "Members"

[[attendance]]
id = "newcomers"
label = "Newcomers"

[[attendance]]
id = "online"
label = "Online"

[[steps]]
title = "Welcome"
minutes = 5

[[steps]]
title = "Readings"
minutes = 10

[[steps]]
title = "Sharing"
minutes = 45
kind = "sharing"

[[steps]]
title = "Break"
minutes = 5
kind = "break"

[[steps]]
title = "Topic"
minutes = 20
kind = "sharing"
share_minutes = 4
warning_seconds = 60

[[steps]]
title = "Closing"
minutes = 5
kind = "closing"
"""
)

# Two sharing rounds with the same share length, a step-level warning and a short share.
ROUNDS = validate_agenda(
    {
        "meeting": {"name": "Rounds"},
        "sharing": {"share_minutes": 3, "warning_seconds": 30},
        "steps": [
            {"title": "Opening", "minutes": 5},
            {"title": "Round one", "minutes": 30, "kind": "sharing"},
            {"title": "Round two", "minutes": 30, "kind": "sharing", "warning_seconds": 60},
            {
                "title": "Quick round",
                "minutes": 10,
                "kind": "sharing",
                "share_minutes": 0.75,
                "warning_seconds": 10,
            },
        ],
    }
)
OPENING, ROUND_ONE, ROUND_TWO, QUICK = range(4)


def make(agenda: Agenda, clock: ManualClock, **kwargs: object) -> Meeting:
    return Meeting(agenda, clock=clock, wall=fake_wall(clock), **kwargs)  # type: ignore[arg-type]


def at_step(agenda: Agenda, clock: ManualClock, step: int) -> Meeting:
    """A started meeting on step `step`."""
    meeting = make(agenda, clock)
    meeting.start()
    meeting.goto(step)
    return meeting


def done_flags(meeting: Meeting) -> list[bool]:
    return [step.done for step in meeting.steps()]


def current_flags(meeting: Meeting) -> list[bool]:
    return [step.current for step in meeting.steps()]


def used(meeting: Meeting) -> list[float]:
    return [meeting.step_used(i) for i in range(len(meeting.agenda.steps))]


# --------------------------------------------------------------------------- a whole meeting


def test_a_ninety_minute_meeting_from_arrival_to_close(clock: ManualClock) -> None:
    meeting = make(TUESDAY, clock)
    assert meeting.planned_seconds() == 5400

    # People arrive; two members are counted before the meeting starts.
    clock.advance(120)
    assert meeting.tally(0) == "members"
    assert meeting.tally(0) == "members"
    assert (meeting.status, meeting.elapsed(), meeting.variance()) == (Status.READY, 0, 0)
    assert meeting.projected_end() == wall(20, 32)
    assert done_flags(meeting) == [False] * 6
    assert current_flags(meeting) == [True, False, False, False, False, False]

    meeting.start()  # 19:02
    clock.advance(240)
    assert meeting.elapsed() == 240
    assert meeting.step_used(0) == 240
    assert meeting.variance() == 0
    assert meeting.projected_end() == wall(20, 32)

    meeting.next_step()  # welcome took 4 of its 5 minutes: a minute ahead
    assert meeting.variance() == -60
    assert meeting.projected_end() == wall(20, 31)
    assert done_flags(meeting) == [True, False, False, False, False, False]
    assert current_flags(meeting) == [False, True, False, False, False, False]

    clock.advance(660)  # readings take 11 of 10 minutes: back on time
    assert meeting.elapsed() == 900
    assert meeting.step_used(1) == 660
    assert meeting.step_remaining() == -60
    assert meeting.step_urgency() is Urgency.TIME
    assert meeting.variance() == 0
    assert meeting.projected_end() == wall(20, 32)

    meeting.next_step()
    assert meeting.current == 2
    meeting.set_waiting(10)
    assert meeting.suggested_share_seconds() == 270  # 2700 s / 10

    # Share 1: runs 15 s over.
    meeting.toggle_share()
    assert meeting.waiting == 9
    clock.advance(149)
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.remaining, view.urgency) == (1, 31, Urgency.OK)
    clock.advance(1)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency) == (30, Urgency.WARNING)
    assert meeting.take_time_up() is False
    clock.advance(30)
    assert meeting.take_time_up() is True
    assert meeting.take_time_up() is False
    clock.advance(15)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.overtime, view.urgency) == (-15, 15, Urgency.TIME)
    meeting.end_share()
    assert meeting.shares[-1] == CompletedShare(step=2, seconds=195, added=0)

    # Share 2: paused for crosstalk, then given 30 s more.
    meeting.toggle_share()
    clock.advance(60)
    meeting.toggle_share()
    clock.advance(45)
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.state, view.elapsed) == (2, ShareState.PAUSED, 60)
    meeting.toggle_share()
    clock.advance(60)
    meeting.adjust_share(30)
    view = meeting.share_view()
    assert view is not None
    assert (view.state, view.allotted, view.added, view.remaining) == (
        ShareState.RUNNING,
        210,
        30,
        90,
    )
    clock.advance(90)
    assert meeting.take_time_up() is True
    meeting.end_share()
    assert meeting.shares[-1] == CompletedShare(step=2, seconds=210, added=30)

    # Share 3: 30 s taken off.
    meeting.toggle_share()
    meeting.adjust_share(-30)
    clock.advance(150)
    assert meeting.take_time_up() is True
    clock.advance(10)
    meeting.end_share()
    assert meeting.shares[-1] == CompletedShare(step=2, seconds=160, added=-30)

    assert meeting.elapsed() == 1510
    assert meeting.step_used(2) == 610
    assert meeting.variance() == 0
    assert meeting.projected_end() == wall(20, 32)
    assert meeting.waiting == 7
    assert meeting.apply_suggestion() == 270  # 2090 s / 7 = 298.6, down to 270
    assert meeting.next_share_seconds() == 270

    # Seven more shares of 250-280 s; those reaching 270 s ring.
    for k in range(7):
        meeting.toggle_share()
        view = meeting.share_view()
        assert view is not None
        assert (view.number, view.allotted) == (4 + k, 270)
        clock.advance(250 + 5 * k)
        assert meeting.take_time_up() is (k >= 4)
        meeting.end_share()
    assert meeting.waiting == 0
    assert meeting.suggested_share_seconds() is None
    assert meeting.step_used(2) == 2465
    assert meeting.average_share_seconds(2) == 242  # (195 + 210 + 160 + 1855) / 10

    # An eleventh share is cut off by moving on.
    meeting.toggle_share()
    clock.advance(200)
    meeting.next_step()
    assert meeting.share is None
    assert meeting.shares[-1] == CompletedShare(step=2, seconds=200, added=0)
    assert len(meeting.shares_in_step(2)) == 11
    assert meeting.elapsed() == 3565
    assert meeting.step_used(2) == 2665
    assert meeting.variance() == -35
    assert meeting.projected_end() == wall(20, 31, 25)

    # The break: a newcomer arrives, a mistaken tally is undone; it runs 2 minutes long.
    assert meeting.tally(1) == "newcomers"
    assert meeting.tally(2) == "online"
    assert meeting.undo().event.value == "online"
    with pytest.raises(NotNow, match="Shares are timed on sharing steps"):
        meeting.toggle_share()
    clock.advance(420)
    assert meeting.variance() == 85
    assert meeting.projected_end() == wall(20, 33, 25)
    assert done_flags(meeting) == [True, True, True, False, False, False]
    assert current_flags(meeting) == [False, False, False, True, False, False]

    # The topic round: shares of 4 minutes, warned a minute before; numbers restart.
    meeting.next_step()
    meeting.toggle_share()
    clock.advance(179)
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.allotted, view.urgency) == (1, 240, Urgency.OK)
    clock.advance(1)
    view = meeting.share_view()
    assert view is not None
    assert view.urgency is Urgency.WARNING
    clock.advance(60)
    assert meeting.take_time_up() is True
    meeting.end_share()

    # Back to the break for half a minute (to read an announcement), then on again.
    meeting.previous_step()
    assert meeting.step_used(4) == 240
    assert current_flags(meeting) == [False, False, False, True, False, False]
    clock.advance(30)
    meeting.next_step()
    assert meeting.step_used(3) == 450

    meeting.toggle_share()
    view = meeting.share_view()
    assert view is not None
    assert view.number == 2
    clock.advance(300)
    assert meeting.take_time_up() is True
    meeting.end_share()
    meeting.toggle_share()
    clock.advance(200)
    meeting.end_share()
    assert [s.seconds for s in meeting.shares_in_step(4)] == [240, 300, 200]

    meeting.next_step()
    assert meeting.elapsed() == 4755
    assert meeting.variance() == -345
    assert meeting.projected_end() == wall(20, 26, 15)
    for _ in range(3):
        meeting.tally(0)
    clock.advance(360)
    assert meeting.variance() == -285
    assert meeting.step_urgency() is Urgency.TIME

    meeting.next_step()  # on the last step: the meeting ends
    assert meeting.status is Status.ENDED
    assert meeting.elapsed() == 5115
    assert used(meeting) == [240, 660, 2665, 450, 740, 360]
    assert done_flags(meeting) == [True] * 6
    assert current_flags(meeting) == [False] * 6
    assert len(meeting.shares) == 14
    assert meeting.tallies == {"members": 5, "newcomers": 1, "online": 0}
    assert meeting.projected_end() == wall(20, 27, 15)

    # After the end nothing moves.
    clock.advance(600)
    assert meeting.elapsed() == 5115
    assert used(meeting) == [240, 660, 2665, 450, 740, 360]
    assert meeting.variance() == -285
    assert meeting.projected_end() == wall(20, 27, 15)
    with pytest.raises(NotNow, match="has ended"):
        meeting.next_step()


# --------------------------------------------------------------------------- no drift


SHARE_TWO_HOURS = validate_agenda(
    {
        "meeting": {"name": "Long"},
        "sharing": {"share_minutes": 120},
        "steps": [{"title": "Sharing", "minutes": 180, "kind": "sharing"}],
    }
)


def test_seven_thousand_ticks_read_the_same_as_one_jump() -> None:
    ticked_clock, jumped_clock = ManualClock(), ManualClock()
    ticked, jumped = make(SHARE_TWO_HOURS, ticked_clock), make(SHARE_TWO_HOURS, jumped_clock)
    for meeting in (ticked, jumped):
        meeting.start()
        meeting.toggle_share()

    for _ in range(7200):
        ticked_clock.advance(1)
        ticked.share_view()
    jumped_clock.advance(7200)

    view = ticked.share_view()
    assert view == jumped.share_view()
    assert view is not None
    assert (view.elapsed, view.remaining, view.urgency) == (7200, 0, Urgency.TIME)
    assert ticked.elapsed() == jumped.elapsed() == 7200
    assert ticked.step_used(0) == jumped.step_used(0) == 7200
    assert ticked.events == jumped.events


def test_reading_the_meeting_changes_nothing(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.set_waiting(4)
    meeting.tally(0)
    meeting.toggle_share()
    clock.advance(100)
    events = list(meeting.events)
    before = (meeting.share_view(), used(meeting), meeting.variance(), meeting.tallies.copy())
    for _ in range(1000):
        meeting.share_view()
        meeting.steps()
        meeting.elapsed()
        meeting.variance()
        meeting.projected_end()
        meeting.suggested_share_seconds()
        meeting.step_urgency()
    after = (meeting.share_view(), used(meeting), meeting.variance(), meeting.tallies.copy())
    assert after == before
    assert meeting.events == events
    assert meeting.waiting == 3


def test_ten_thousand_millisecond_ticks_are_exact() -> None:
    ticks = 0

    def millis() -> float:
        return ticks / 1000

    meeting = Meeting(ROUNDS, clock=millis)
    meeting.start()
    meeting.goto(ROUND_ONE)
    meeting.toggle_share()
    for _ in range(10_000):
        ticks += 1
        meeting.share_view()
    view = meeting.share_view()
    assert view is not None
    assert view.elapsed == 10.0
    assert view.remaining == 170.0


def test_share_time_follows_a_drifting_clock_exactly(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.toggle_share()
    started = clock.now
    for _ in range(10_000):
        clock.advance(0.001)
        meeting.share_view()
    view = meeting.share_view()
    assert view is not None
    # Whatever the clock's own float error, the share reads it, never a sum of ticks.
    assert view.elapsed == clock.now - started
    assert view.elapsed == pytest.approx(10.0, abs=1e-9)


def test_a_thousand_pauses_lose_no_time(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.toggle_share()
    entered = clock.now
    for _ in range(1000):
        clock.advance(0.25)
        meeting.toggle_share()  # pause
        clock.advance(0.75)
        meeting.toggle_share()  # resume
    view = meeting.share_view()
    assert view is not None
    assert view.elapsed == 250
    assert meeting.step_used(ROUND_ONE) == clock.now - entered == 1000


# --------------------------------------------------------------------------- share timer


def test_share_counts_down_warns_and_reaches_time(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    assert meeting.share_view() is None
    meeting.toggle_share()
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.state, view.allotted, view.elapsed, view.remaining) == (
        1,
        ShareState.RUNNING,
        180,
        0,
        180,
    )
    clock.advance(100)
    view = meeting.share_view()
    assert view is not None
    assert (view.elapsed, view.remaining, view.urgency) == (100, 80, Urgency.OK)
    clock.advance(49.5)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency) == (30.5, Urgency.OK)
    clock.advance(0.5)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency) == (30, Urgency.WARNING)
    clock.advance(29.5)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency, view.overtime) == (0.5, Urgency.WARNING, 0)
    clock.advance(0.5)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency, view.overtime) == (0, Urgency.TIME, 0)
    clock.advance(42)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency, view.overtime) == (-42, Urgency.TIME, 42)
    clock.advance(60)
    view = meeting.share_view()
    assert view is not None
    assert view.overtime == 102


def test_step_warning_override(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_TWO)  # warns 60 s before; the default is 30
    meeting.toggle_share()
    clock.advance(119)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency) == (61, Urgency.OK)
    clock.advance(1)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency) == (60, Urgency.WARNING)

    meeting.previous_step()  # round one uses the agenda's 30 s
    meeting.toggle_share()
    clock.advance(120)
    view = meeting.share_view()
    assert view is not None
    assert (view.remaining, view.urgency) == (60, Urgency.OK)

    meeting.goto(QUICK)  # 45 s shares, warned 10 s before
    meeting.toggle_share()
    clock.advance(35)
    view = meeting.share_view()
    assert view is not None
    assert (view.allotted, view.remaining, view.urgency) == (45, 10, Urgency.WARNING)


def test_pause_stops_the_share_and_resume_continues(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.toggle_share()
    clock.advance(40)
    meeting.toggle_share()
    clock.advance(1000)
    view = meeting.share_view()
    assert view is not None
    assert (view.state, view.elapsed, view.remaining) == (ShareState.PAUSED, 40, 140)
    meeting.toggle_share()
    clock.advance(20)
    view = meeting.share_view()
    assert view is not None
    assert (view.state, view.elapsed, view.remaining) == (ShareState.RUNNING, 60, 120)
    # The step's clock kept running through the pause.
    assert meeting.step_used(ROUND_ONE) == 1060
    meeting.toggle_share()
    clock.advance(5)
    meeting.end_share()
    assert meeting.shares == [CompletedShare(step=ROUND_ONE, seconds=60, added=0)]


def test_adding_and_removing_time(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    with pytest.raises(NotNow, match="No share is under way: press space"):
        meeting.adjust_share(30)
    meeting.toggle_share()
    clock.advance(50)
    meeting.adjust_share(30)
    meeting.adjust_share(30)
    view = meeting.share_view()
    assert view is not None
    assert (view.allotted, view.added, view.remaining) == (240, 60, 190)
    for _ in range(7):
        meeting.adjust_share(-30)
    view = meeting.share_view()
    assert view is not None
    assert (view.allotted, view.added, view.remaining, view.urgency) == (
        30,
        -150,
        -20,
        Urgency.TIME,
    )
    events = len(meeting.events)
    with pytest.raises(NotNow, match=re.escape("A share cannot be shorter than 30 seconds.")):
        meeting.adjust_share(-30)
    assert len(meeting.events) == events
    meeting.adjust_share(30)  # adding is still allowed at the floor
    meeting.end_share()
    assert meeting.shares[-1] == CompletedShare(step=ROUND_ONE, seconds=50, added=-120)


def test_removing_time_stops_at_thirty_seconds(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, QUICK)
    meeting.toggle_share()
    meeting.adjust_share(-30)  # 45 s can only lose 15
    view = meeting.share_view()
    assert view is not None
    assert (view.allotted, view.added) == (30, -15)
    with pytest.raises(NotNow):
        meeting.adjust_share(-30)
    # A logged adjustment that would go below the floor is clamped too.
    meeting.apply(Event("share_adjust", clock(), -90))
    view = meeting.share_view()
    assert view is not None
    assert (view.allotted, view.added) == (30, -15)


def test_adjusting_a_paused_share(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.toggle_share()
    clock.advance(170)
    meeting.toggle_share()
    meeting.adjust_share(30)
    clock.advance(300)
    view = meeting.share_view()
    assert view is not None
    assert (view.state, view.remaining, view.urgency) == (ShareState.PAUSED, 40, Urgency.OK)


def test_time_up_rings_once_per_crossing(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    assert meeting.take_time_up() is False  # no share
    meeting.toggle_share()
    clock.advance(179)
    assert meeting.take_time_up() is False
    clock.advance(1)
    assert meeting.take_time_up() is True
    for _ in range(5):
        clock.advance(1)
        assert meeting.take_time_up() is False
    # 5 s over; 30 s more puts 25 s back on the clock, and the next crossing rings again.
    meeting.adjust_share(30)
    assert meeting.take_time_up() is False
    clock.advance(24)
    assert meeting.take_time_up() is False
    clock.advance(1)
    assert meeting.take_time_up() is True
    assert meeting.take_time_up() is False
    # Time added while still over is no new crossing; neither is time taken off.
    clock.advance(60)
    meeting.adjust_share(30)
    assert meeting.take_time_up() is False
    meeting.adjust_share(-30)
    assert meeting.take_time_up() is False
    # A paused share that is over does not ring again either.
    meeting.toggle_share()
    clock.advance(100)
    assert meeting.take_time_up() is False
    meeting.end_share()
    assert meeting.take_time_up() is False

    # The next share rings for itself.
    meeting.toggle_share()
    clock.advance(180)
    assert meeting.take_time_up() is True
    assert meeting.take_time_up() is False


def test_time_up_rings_for_the_first_share_of_each_round(clock: ManualClock) -> None:
    # Share numbers restart per step; share 1 of round two is not share 1 of round one.
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.toggle_share()
    clock.advance(180)
    assert meeting.take_time_up() is True
    meeting.next_step()
    meeting.toggle_share()
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.allotted) == (1, 180)
    clock.advance(180)
    assert meeting.take_time_up() is True


def test_shares_are_recorded_and_averaged(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    assert meeting.average_share_seconds(ROUND_ONE) is None
    for seconds in (100, 200, 155):
        meeting.toggle_share()
        clock.advance(seconds)
        meeting.end_share()
    assert meeting.shares_in_step(ROUND_ONE) == [
        CompletedShare(ROUND_ONE, 100, 0),
        CompletedShare(ROUND_ONE, 200, 0),
        CompletedShare(ROUND_ONE, 155, 0),
    ]
    assert meeting.average_share_seconds(ROUND_ONE) == 455 / 3
    assert meeting.average_share_seconds(ROUND_TWO) is None
    with pytest.raises(NotNow, match=re.escape("No share is under way.")):
        meeting.end_share()


def test_share_numbers_restart_per_step_and_continue_on_return(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)

    def number() -> int:
        view = meeting.share_view()
        assert view is not None
        return view.number

    for expected in (1, 2):
        meeting.toggle_share()
        assert number() == expected
        meeting.end_share()
    meeting.next_step()
    meeting.toggle_share()
    assert number() == 1
    meeting.previous_step()
    meeting.toggle_share()
    assert number() == 3
    meeting.goto(ROUND_TWO)
    meeting.toggle_share()
    assert number() == 2


def test_moving_on_ends_the_share_under_way(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.toggle_share()
    clock.advance(70)
    meeting.next_step()
    assert meeting.share is None
    assert meeting.shares == [CompletedShare(ROUND_ONE, 70, 0)]

    meeting.toggle_share()
    clock.advance(20)
    meeting.toggle_share()  # paused shares end with the time they ran
    clock.advance(500)
    meeting.previous_step()
    assert meeting.shares[-1] == CompletedShare(ROUND_TWO, 20, 0)

    meeting.toggle_share()
    clock.advance(33)
    meeting.goto(OPENING)
    assert meeting.shares[-1] == CompletedShare(ROUND_ONE, 33, 0)

    meeting.goto(QUICK)
    meeting.toggle_share()
    clock.advance(12)
    meeting.end()
    assert meeting.share is None
    assert meeting.shares[-1] == CompletedShare(QUICK, 12, 0)
    assert len(meeting.shares) == 4


def test_a_share_length_of_the_step(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, QUICK)
    assert meeting.next_share_seconds() == 45
    meeting.goto(ROUND_ONE)
    assert meeting.next_share_seconds() == 180


# --------------------------------------------------------------------------- suggestion


def test_suggestion_divides_the_time_left(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)  # 1800 s
    assert meeting.suggested_share_seconds() is None  # nobody waiting
    meeting.set_waiting(1)
    assert meeting.suggested_share_seconds() == 360  # 1800 for one: at most twice the 3:00
    meeting.set_waiting(4)
    assert meeting.suggested_share_seconds() == 360  # 1800 / 4 = 450: at most twice 3:00
    meeting.set_waiting(6)
    assert meeting.suggested_share_seconds() == 300  # exactly 1800 / 6
    meeting.set_waiting(7)
    assert meeting.suggested_share_seconds() == 240  # 257.1 down to 240
    meeting.set_waiting(29)
    assert meeting.suggested_share_seconds() == 60  # 62.1 down to 60
    meeting.set_waiting(31)
    assert meeting.suggested_share_seconds() == 60  # 58.1: never below a minute
    meeting.set_waiting(-3)
    assert meeting.waiting == 0
    assert meeting.suggested_share_seconds() is None


def test_suggestion_leaves_the_share_under_way_its_time(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.set_waiting(5)
    meeting.toggle_share()
    assert meeting.waiting == 4
    meeting.set_waiting(6)
    clock.advance(60)
    # (1740 s left in the step - 120 s left in this share) / 6 = 270.
    assert meeting.suggested_share_seconds() == 270
    clock.advance(180)
    # The share is over: (1560 - 0) / 6 = 260, down to 240.
    assert meeting.suggested_share_seconds() == 240
    meeting.end_share()
    clock.advance(1515)
    # 45 seconds left in the step: never more than that, in 30-second steps.
    assert meeting.suggested_share_seconds() == 30
    clock.advance(45)
    assert meeting.step_remaining() == 0
    assert meeting.suggested_share_seconds() is None  # no time left to share out
    clock.advance(600)
    assert meeting.suggested_share_seconds() is None


def test_no_suggestion_outside_sharing_steps(clock: ManualClock) -> None:
    meeting = make(ROUNDS, clock)
    meeting.set_waiting(3)  # people can queue before the start
    assert meeting.waiting == 3
    assert meeting.suggested_share_seconds() is None
    meeting.start()
    assert meeting.suggested_share_seconds() is None
    with pytest.raises(NotNow, match="Shares are timed on sharing steps"):
        meeting.apply_suggestion()


def test_applying_the_suggestion_is_for_that_step_only(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    with pytest.raises(NotNow, match="Set how many people are waiting"):
        meeting.apply_suggestion()
    meeting.set_waiting(8)
    assert meeting.apply_suggestion() == 210  # 225 down to 210
    assert meeting.next_share_seconds() == 210
    assert meeting.events[-1].kind == "share_length"
    meeting.toggle_share()
    view = meeting.share_view()
    assert view is not None
    assert view.allotted == 210
    meeting.next_step()
    assert meeting.next_share_seconds() == 180
    meeting.goto(QUICK)
    assert meeting.next_share_seconds() == 45
    meeting.goto(ROUND_ONE)
    assert meeting.next_share_seconds() == 210


# --------------------------------------------------------------------------- tallies


def test_tallies_count_and_undo_in_reverse_order(clock: ManualClock) -> None:
    meeting = make(TUESDAY, clock)
    assert meeting.tallies == {"members": 0, "newcomers": 0, "online": 0}
    assert meeting.can_undo is False
    for category in (0, 2, 2, 1):
        meeting.tally(category)  # before the start too
    meeting.tally(0)
    assert meeting.tallies == {"members": 2, "newcomers": 1, "online": 2}
    assert meeting.can_undo is True
    undone = [meeting.undo().event.value for _ in range(5)]
    assert undone == ["members", "newcomers", "online", "online", "members"]
    assert meeting.tallies == {"members": 0, "newcomers": 0, "online": 0}
    assert meeting.can_undo is False
    with pytest.raises(NotNow, match=re.escape("Nothing to undo.")):
        meeting.undo()
    assert meeting.tallies == {"members": 0, "newcomers": 0, "online": 0}
    assert [event.value for event in meeting.events[5:]] == [4, 3, 2, 1, 0]


def test_a_category_out_of_range_is_refused(clock: ManualClock) -> None:
    meeting = make(TUESDAY, clock)
    with pytest.raises(NotNow, match=re.escape("There is no attendance category 4.")):
        meeting.tally(3)
    with pytest.raises(NotNow, match="There is no attendance category"):
        meeting.tally(-1)
    assert meeting.events == []
    assert meeting.tallies == {"members": 0, "newcomers": 0, "online": 0}


def test_a_tally_never_goes_below_zero(clock: ManualClock) -> None:
    meeting = make(TUESDAY, clock)
    meeting.tally(1)
    meeting.apply(Event("undo_tally", clock(), "members"))  # a stray undo in an older log
    assert meeting.tallies == {"members": 0, "newcomers": 1, "online": 0}
    meeting.apply(Event("undo", clock(), 7))  # and one naming no change at all
    meeting.apply(Event("undo", clock(), 1))
    meeting.apply(Event("undo", clock(), 1))  # the same change twice
    assert meeting.tallies == {"members": 0, "newcomers": 1, "online": 0}
    assert meeting.undo().event == Event("tally", clock(), "newcomers")
    assert meeting.tallies["newcomers"] == 0


# --------------------------------------------------------------------------- not now


def test_intents_before_the_start(clock: ManualClock) -> None:
    meeting = make(ROUNDS, clock)
    intents: list[Callable[[], object]] = [
        meeting.next_step,
        meeting.previous_step,
        lambda: meeting.goto(1),
        meeting.toggle_share,
        meeting.end_share,
        lambda: meeting.adjust_share(30),
        meeting.apply_suggestion,
    ]
    for intent in intents:
        with pytest.raises(NotNow, match="has not started: press s"):
            intent()
    assert meeting.events == []
    assert meeting.status is Status.READY


def test_start_twice_and_the_first_step(clock: ManualClock) -> None:
    meeting = make(ROUNDS, clock)
    meeting.start()
    with pytest.raises(NotNow, match="already running"):
        meeting.start()
    with pytest.raises(NotNow, match=re.escape("This is the first step.")):
        meeting.previous_step()
    with pytest.raises(NotNow, match=re.escape("There is no step 5.")):
        meeting.goto(4)
    with pytest.raises(NotNow, match=re.escape("There is no step 0.")):
        meeting.goto(-1)
    with pytest.raises(NotNow, match="Shares are timed on sharing steps"):
        meeting.toggle_share()
    with pytest.raises(NotNow, match=re.escape("No share is under way.")):
        meeting.end_share()
    assert [event.kind for event in meeting.events] == ["start"]
    meeting.goto(0)  # already there: nothing to record
    assert len(meeting.events) == 1


def test_next_on_the_last_step_ends_the_meeting(clock: ManualClock) -> None:
    meeting = make(ROUNDS, clock)
    meeting.start()
    for _ in range(3):
        meeting.next_step()
    assert (meeting.current, meeting.status) == (QUICK, Status.RUNNING)
    clock.advance(10)
    meeting.next_step()
    assert (meeting.current, meeting.status) == (QUICK, Status.ENDED)
    assert meeting.events[-1] == Event("end", clock.now)


def test_nothing_but_counts_applies_after_the_end(clock: ManualClock) -> None:
    meeting = at_step(ROUNDS, clock, ROUND_ONE)
    meeting.tally(0)
    meeting.end()
    events = list(meeting.events)
    intents: list[Callable[[], object]] = [
        meeting.start,
        meeting.next_step,
        meeting.previous_step,
        lambda: meeting.goto(0),
        meeting.toggle_share,
        meeting.end_share,
        lambda: meeting.adjust_share(30),
        lambda: meeting.set_waiting(2),
        meeting.apply_suggestion,
        meeting.end,
    ]
    for intent in intents:
        with pytest.raises(NotNow, match="has (already )?ended") as raised:
            intent()
        assert str(raised.value)
    assert meeting.events == events
    # Late arrivals and the basket are counted after the close: counts go on.
    meeting.tally(0)
    meeting.tally(0)
    meeting.undo()
    assert meeting.tallies["attendees"] == 2
    assert [event.kind for event in meeting.events[len(events) :]] == [
        "tally",
        "tally",
        "undo",
    ]


def test_ending_before_the_start_is_refused(clock: ManualClock) -> None:
    meeting = make(ROUNDS, clock)
    clock.advance(50)
    with pytest.raises(NotNow, match="not started"):
        meeting.end()
    assert meeting.status is Status.READY
    assert meeting.events == []
    assert not any(step.done for step in meeting.steps())


# --------------------------------------------------------------------------- events


def snapshot(meeting: Meeting) -> dict[str, object]:
    """Everything a reader can see of a meeting at this moment."""
    steps = range(len(meeting.agenda.steps))
    return {
        "status": meeting.status,
        "current": meeting.current,
        "started_at": meeting.started_at,
        "ended_at": meeting.ended_at,
        "waiting": meeting.waiting,
        "tallies": dict(meeting.tallies),
        "can_undo": meeting.can_undo,
        "shares": list(meeting.shares),
        "share_view": meeting.share_view(),
        "step_used": used(meeting),
        "steps": [asdict(step) for step in meeting.steps()],
        "averages": [meeting.average_share_seconds(i) for i in steps],
        "elapsed": meeting.elapsed(),
        "variance": meeting.variance(),
        "projected_end": meeting.projected_end(),
        "next_share_seconds": meeting.next_share_seconds(),
        "suggested": meeting.suggested_share_seconds(),
        "events": list(meeting.events),
    }


def random_intent(meeting: Meeting, rng: random.Random) -> None:
    steps = len(meeting.agenda.steps)
    categories = len(meeting.agenda.attendance)
    # Next on the last step would end the session early; the test ends it at the end.
    last = meeting.current == steps - 1
    intents: list[tuple[int, Callable[[], object]]] = [
        (3, meeting.start),
        (3, (lambda: meeting.goto(rng.randrange(steps))) if last else meeting.next_step),
        (2, meeting.previous_step),
        (2, lambda: meeting.goto(rng.randrange(-1, steps + 1))),
        (14, meeting.toggle_share),
        (5, meeting.end_share),
        (4, lambda: meeting.adjust_share(rng.choice([30, -30]))),
        (3, lambda: meeting.set_waiting(rng.randrange(-1, 12))),
        (2, meeting.apply_suggestion),
        (6, lambda: meeting.tally(rng.randrange(-1, categories + 1))),
        (4, meeting.undo),
    ]
    weights = [weight for weight, _ in intents]
    _, intent = rng.choices(intents, weights=weights)[0]
    intent()


@pytest.mark.parametrize("seed", [1, 7, 42, 2024, 90210])
def test_replaying_the_events_rebuilds_the_meeting(seed: int) -> None:
    rng = random.Random(seed)
    clock = ManualClock()
    recorded: list[Event] = []
    meeting = make(TUESDAY, clock, recorder=recorded.append)
    moments: list[tuple[int, float, dict[str, object]]] = []
    refused = 0
    for _ in range(600):
        clock.advance(rng.choice([0, 0.25, 1, 7.5, 30, 95.25, 240]))
        try:
            random_intent(meeting, rng)
        except NotNow as reason:
            assert str(reason)
            refused += 1
        assert all(count >= 0 for count in meeting.tallies.values())
        if meeting.started_at is not None:
            assert sum(used(meeting)) == pytest.approx(meeting.elapsed())
        if rng.random() < 0.1:
            now = snapshot(meeting)
            rebuilt = replay(TUESDAY, list(meeting.events), clock, fake_wall(clock))
            assert snapshot(rebuilt) == now
            moments.append((len(meeting.events), clock.now, now))
    if meeting.status is not Status.ENDED:
        meeting.end()
    assert refused > 0
    assert recorded == meeting.events
    assert len({event.kind for event in meeting.events}) >= 10
    assert len(meeting.shares) >= 5

    # Each earlier moment, rebuilt from the events up to it, on a clock set back to it.
    assert len(moments) >= 20
    for count, then, seen in moments:
        past = ManualClock(then)
        rebuilt = replay(TUESDAY, meeting.events[:count], past, fake_wall(past))
        assert snapshot(rebuilt) == seen

    final = replay(TUESDAY, meeting.events, clock, fake_wall(clock))
    clock.advance(1000)
    assert snapshot(final) == snapshot(meeting)


def test_the_recorder_sees_each_event_before_it_takes_effect(clock: ManualClock) -> None:
    seen: list[tuple[Event, int, dict[str, int], Status, int]] = []

    def recorder(event: Event) -> None:
        seen.append(
            (event, len(meeting.events), dict(meeting.tallies), meeting.status, meeting.current)
        )

    meeting = make(TUESDAY, clock, recorder=recorder)
    meeting.tally(1)
    clock.advance(5)
    meeting.start()
    clock.advance(60)
    meeting.next_step()
    assert seen == [
        (Event("tally", 1000, "newcomers"), 0, {"members": 0, "newcomers": 0, "online": 0},
         Status.READY, 0),
        (Event("start", 1005), 1, {"members": 0, "newcomers": 1, "online": 0}, Status.READY, 0),
        (Event("goto", 1065, 1), 2, {"members": 0, "newcomers": 1, "online": 0},
         Status.RUNNING, 0),
    ]  # fmt: skip
    assert [event for event, *_ in seen] == meeting.events


def test_an_event_the_recorder_cannot_keep_does_not_happen(clock: ManualClock) -> None:
    def failing(event: Event) -> None:
        raise OSError("disk full")

    meeting = make(TUESDAY, clock, recorder=failing)
    with pytest.raises(OSError):
        meeting.tally(0)
    assert meeting.tallies["members"] == 0
    assert meeting.events == []


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("seconds", "signed", "text"),
    [
        (0, False, "0:00"),
        (0.4, False, "0:00"),
        (59.4, False, "0:59"),
        (59.999, False, "0:59"),
        (59.9999999999, False, "1:00"),  # float noise just under a second is that second
        (60, False, "1:00"),
        (61.5, False, "1:01"),
        (3599, False, "59:59"),
        (3599.9, False, "59:59"),
        (3600, False, "1:00:00"),
        (3661.5, False, "1:01:01"),
        (36000, False, "10:00:00"),
        (-15, False, "-0:15"),
        (-59.4, False, "-0:59"),
        (-3600, False, "-1:00:00"),
        (0, True, "+0:00"),
        (30, True, "+0:30"),
        (90, True, "+1:30"),
        (-30, True, "-0:30"),
        (-3725, True, "-1:02:05"),
    ],
)
def test_format_duration(seconds: float, signed: bool, text: str) -> None:
    assert format_duration(seconds, signed=signed) == text


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (180, "3:00"),
        (179.4, "3:00"),
        (179, "2:59"),
        (60.0001, "1:01"),
        (60, "1:00"),
        (0.2, "0:01"),
        (0, "+0:00"),
        (-0.5, "+0:00"),
        (-15, "+0:15"),
        (-59.999, "+0:59"),
        (-61, "+1:01"),
        (3600.5, "1:00:01"),
        (-3600, "+1:00:00"),
    ],
)
def test_format_countdown(remaining: float, text: str) -> None:
    assert format_countdown(remaining) == text


@pytest.mark.parametrize("seconds", [-0.4, -0.999])
def test_less_than_a_second_below_zero_is_not_negative(seconds: float) -> None:
    assert format_duration(seconds) == "0:00"
    assert format_duration(seconds, signed=True) == "+0:00"


PLANNED_60 = b"""\
[meeting]
name = "Sixty"
minutes = 60

[[steps]]
title = "Welcome"
minutes = 7

[[steps]]
title = "Shares"
kind = "sharing"
minutes = 50
"""


def test_the_meetings_minutes_are_its_plan(clock: ManualClock) -> None:
    agenda = parse_agenda(PLANNED_60, "sixty.toml")
    meeting = Meeting(agenda, clock=clock, wall=fake_wall(clock))
    assert meeting.planned_seconds() == 3600  # not the steps' 57:00
    assert meeting.spare_seconds() == 180
    assert meeting.projected_end() == wall(19, 0) + timedelta(minutes=60)
    meeting.start()
    assert meeting.variance() == -180  # the steps leave three minutes to spare
    clock.advance(10 * 60)  # Welcome ran 3 minutes over its 7: the spare is used up
    assert meeting.variance() == 0
    meeting.next_step()
    clock.advance(52 * 60)
    assert meeting.variance() == 120  # two minutes past the meeting's hour
    assert meeting.projected_end() == wall(19, 0) + timedelta(minutes=62)


def test_without_minutes_the_steps_are_the_plan(clock: ManualClock) -> None:
    agenda = parse_agenda(PLANNED_60.replace(b"minutes = 60\n", b""), "steps.toml")
    meeting = Meeting(agenda, clock=clock, wall=fake_wall(clock))
    assert (meeting.planned_seconds(), meeting.spare_seconds()) == (57 * 60, 0)
    meeting.start()
    assert meeting.variance() == 0


def test_every_kind_of_event_but_an_undo_says_what_it_changes() -> None:
    # An undo is the log's to apply; every other kind a log may hold has its change.
    assert set(CHANGES) == set(get_args(EventKind)) - {"undo"}


@pytest.mark.parametrize(
    ("remaining", "warning", "urgency"),
    [
        (31.0, 30.0, Urgency.OK),
        (30.0, 30.0, Urgency.WARNING),
        (0.5, 30.0, Urgency.WARNING),
        (0.0, 30.0, Urgency.TIME),
        (-5.0, 30.0, Urgency.TIME),
        (10.0, 0.0, Urgency.OK),
    ],
)
def test_one_rule_says_how_every_timer_stands(
    remaining: float, warning: float, urgency: Urgency
) -> None:
    assert Urgency.of(remaining, warning) is urgency
