"""When the meeting screen looks again: the next whole second of what counts down."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from facilitator.agenda import parse_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.next_change import (
    AFTER_EDGE,
    LATEST,
    seconds_until_change,
    until_next_minute,
    until_whole_second,
)

from ..support.clocks import ManualClock, ManualWall

TZ = timezone(timedelta(hours=-5))
AGENDA = b"""
[meeting]
name = "M"
start = "19:00"

[sharing]
share_minutes = 3
warning_seconds = 30.5
overtime_reminder_seconds = 20

[[steps]]
title = "Welcome"
minutes = 5

[[steps]]
title = "Shares"
kind = "sharing"
minutes = 40
"""


def meeting_at(
    hour: int, minute: int, second: float, agenda: bytes = AGENDA
) -> tuple[Meeting, ManualClock, ManualWall]:
    clock = ManualClock()
    moment = datetime(2026, 1, 6, hour, minute, tzinfo=TZ) + timedelta(seconds=second)
    wall = ManualWall(clock, moment)
    return Meeting(parse_agenda(agenda), clock=clock, wall=wall), clock, wall


def test_a_meeting_without_a_start_waits_for_the_clock_minute() -> None:
    meeting, _, wall = meeting_at(18, 59, 15.5, AGENDA.replace(b'start = "19:00"\n', b""))
    assert seconds_until_change(meeting, wall()) == pytest.approx(44.5 + AFTER_EDGE)


def test_a_count_crosses_its_next_whole_second_going_down_or_up() -> None:
    assert until_whole_second(59.25, counting_down=True) == pytest.approx(0.25)
    assert until_whole_second(59.0, counting_down=True) == 1.0  # it has just turned
    assert until_whole_second(-3.25, counting_down=True) == pytest.approx(0.75)  # overtime
    assert until_whole_second(12.25, counting_down=False) == pytest.approx(0.75)
    assert until_whole_second(12.0, counting_down=False) == 1.0


def test_the_minute_of_the_clock_turns() -> None:
    assert until_next_minute(datetime(2026, 1, 6, 19, 4, 15, 500_000, tzinfo=TZ)) == 44.5


def test_a_meeting_waiting_for_its_scheduled_start_looks_at_the_countdown_s_edge() -> None:
    meeting, _, wall = meeting_at(17, 59, 15.5)  # an hour before its 19:00 start
    # The countdown to 19:00 shows seconds: its edge comes before the minute's.
    assert seconds_until_change(meeting, wall()) == pytest.approx(0.5 + AFTER_EDGE)


def test_a_running_step_looks_at_the_edge_of_its_time() -> None:
    meeting, clock, wall = meeting_at(19, 0, 0)
    meeting.start()
    clock.advance(12.3)
    assert seconds_until_change(meeting, wall()) == pytest.approx(0.7 + AFTER_EDGE)


def test_a_running_share_leads_even_beside_the_step_s_own_phase() -> None:
    meeting, clock, wall = meeting_at(19, 0, 0)
    meeting.start()
    meeting.next_step()
    clock.advance(0.5)  # the step's seconds turn on the half second
    meeting.toggle_share()
    clock.advance(10.2)  # the share's turn on the 0.2
    assert seconds_until_change(meeting, wall()) == pytest.approx(0.8 + AFTER_EDGE)


def test_a_warning_between_two_edges_is_an_edge_of_its_own() -> None:
    meeting, clock, wall = meeting_at(19, 0, 0)
    meeting.start()
    meeting.next_step()
    meeting.toggle_share()
    clock.advance(149.3)  # 30.7 s left; the warning comes at 30.5
    assert seconds_until_change(meeting, wall()) == pytest.approx(0.2 + AFTER_EDGE)


def test_an_overtime_reminder_between_two_edges_is_an_edge_of_its_own() -> None:
    every = AGENDA.replace(b"overtime_reminder_seconds = 20", b"overtime_reminder_seconds = 7.5")
    meeting, clock, wall = meeting_at(19, 0, 0, every)  # a reminder every 7.5 s over
    meeting.start()
    meeting.next_step()
    meeting.toggle_share()
    clock.advance(180 + 7.1)  # 7.1 s over: the reminder at 7.5 comes before 8
    assert seconds_until_change(meeting, wall()) == pytest.approx(0.4 + AFTER_EDGE)


def test_a_paused_share_leaves_the_step_s_time_to_lead() -> None:
    meeting, clock, wall = meeting_at(19, 0, 0)
    meeting.start()
    meeting.next_step()
    clock.advance(0.25)
    meeting.toggle_share()
    clock.advance(3.5)
    meeting.toggle_share()  # paused: its countdown stands still
    assert seconds_until_change(meeting, wall()) == pytest.approx(0.25 + AFTER_EDGE)


def test_an_ended_meeting_waits_for_the_clock_minute_at_most_a_minute() -> None:
    meeting, clock, wall = meeting_at(19, 0, 0)
    meeting.start()
    clock.advance(40.0)
    meeting.end()
    assert seconds_until_change(meeting, wall()) == pytest.approx(20 + AFTER_EDGE)
    assert seconds_until_change(meeting, wall()) <= LATEST
