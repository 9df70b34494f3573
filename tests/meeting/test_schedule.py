"""A scheduled start: counting down to it, how late `s` was, and a forgotten `s` put right."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from facilitator.agenda import Agenda, parse_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.schedule import scheduled_start
from facilitator.meeting.states import NotNow, Status
from facilitator.store.database import Store
from facilitator.store.recorder import MeetingLog, replay, resume

from ..hints import FrozenWall
from ..support.clocks import ManualClock, ManualWall

TZ = timezone(timedelta(hours=2))
SEVEN = datetime(2025, 3, 4, 19, 0, tzinfo=TZ)


def agenda(start: str | None = "19:00", minutes: int = 60) -> Agenda:
    line = f'start = "{start}"\n' if start is not None else ""
    text = (
        f'[meeting]\nname = "Tuesday"\nminutes = {minutes}\n{line}'
        '[[steps]]\ntitle = "Welcome"\nminutes = 10\n'
        '[[steps]]\ntitle = "Round"\nminutes = 50\nkind = "sharing"\n'
    )
    return parse_agenda(text.encode())


def meeting_at(clock: ManualClock, when: datetime, start: str | None = "19:00") -> Meeting:
    return Meeting(agenda(start), clock=clock, wall=ManualWall(clock, when))


def test_ten_minutes_ahead_it_counts_down_and_would_end_on_schedule(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN - timedelta(minutes=10))
    assert meeting.scheduled_start() == SEVEN
    assert meeting.projected_end() == SEVEN + timedelta(hours=1)
    clock.advance(4 * 60)
    assert (SEVEN - meeting.wall()).total_seconds() == 6 * 60
    assert meeting.late_seconds() == 0


def test_started_five_minutes_late_it_says_so_and_runs_behind(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN + timedelta(minutes=5))
    meeting.start()
    assert meeting.late_seconds() == pytest.approx(300)
    # The plan ends at 20:00; run to plan from 19:05, it ends at 20:05.
    assert meeting.variance() == pytest.approx(300)
    assert meeting.projected_end() == SEVEN + timedelta(hours=1, minutes=5)
    clock.advance(20 * 60)
    assert meeting.late_seconds() == pytest.approx(300)  # measured at the start, not now


def test_started_early_is_fine_and_ahead(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN - timedelta(minutes=3))
    meeting.start()
    assert meeting.late_seconds() == 0
    assert meeting.variance() == pytest.approx(-180)


def test_without_a_start_nothing_changes(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN + timedelta(minutes=5), start=None)
    assert meeting.scheduled_start() is None
    meeting.start()
    assert meeting.late_seconds() == 0
    assert meeting.variance() == 0


@pytest.mark.parametrize(
    ("start", "now", "meant"),
    [
        ("19:00", SEVEN - timedelta(hours=13), SEVEN),  # the morning of the meeting
        ("23:50", datetime(2025, 3, 5, 0, 5, tzinfo=TZ), datetime(2025, 3, 4, 23, 50, tzinfo=TZ)),
        ("00:15", datetime(2025, 3, 4, 23, 30, tzinfo=TZ), datetime(2025, 3, 5, 0, 15, tzinfo=TZ)),
    ],
)
def test_the_start_is_on_the_meeting_s_day(start: str, now: datetime, meant: datetime) -> None:
    assert scheduled_start(start, now) == meant


def test_a_forgotten_start_is_put_right(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN + timedelta(minutes=12))
    meeting.start_ago(12 * 60)
    assert meeting.status is Status.RUNNING
    assert meeting.elapsed() == 12 * 60
    assert meeting.step_used(0) == 12 * 60
    assert meeting.late_seconds() == 0
    assert meeting.variance() == pytest.approx(120)  # on time, but 12 of step one's 10 min


def test_a_late_s_is_moved_back_and_the_first_step_gets_the_time(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN + timedelta(minutes=8))
    meeting.start()
    clock.advance(120)
    meeting.next_step()
    clock.advance(60)
    meeting.start_ago(10 * 60 + 180)  # it really began at 18:58
    assert meeting.elapsed() == pytest.approx(13 * 60)
    assert meeting.step_used(0) == pytest.approx(12 * 60)
    assert meeting.step_used(1) == pytest.approx(60)
    assert meeting.late_seconds() == 0
    assert meeting.variance() == pytest.approx(-120 + 120)  # 2 min early, 2 min over step one


def test_moving_the_start_later_takes_no_more_than_the_first_step_had(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN)
    meeting.start()
    clock.advance(60)
    meeting.next_step()
    clock.advance(60)
    meeting.start_ago(30)
    assert meeting.step_used(0) == 0
    assert meeting.elapsed() == pytest.approx(60)


def test_the_stored_start_moves_with_the_correction(
    clock: ManualClock, store: Store, frozen_wall: FrozenWall
) -> None:
    wall = frozen_wall(clock)
    log = MeetingLog(agenda(), "tuesday", "tuesday.toml", wall, store)
    meeting = Meeting(agenda(), clock=clock, wall=wall, recorder=log)
    meeting.start()
    clock.advance(90)
    meeting.start_ago(5 * 60)
    assert log.meeting_id is not None
    stored = store.get(log.meeting_id)
    assert stored.started_at == wall() - timedelta(minutes=5)
    again = resume(stored, store, clock, wall)
    assert again is not None
    assert again.meeting.elapsed() == pytest.approx(5 * 60)


def test_the_correction_replays(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN + timedelta(minutes=5))
    meeting.start()
    clock.advance(90)
    meeting.start_ago(7 * 60)
    clock.advance(30)
    again = replay(meeting.agenda, meeting.events, clock, meeting.wall)
    assert again.started_at == meeting.started_at
    assert again.elapsed() == meeting.elapsed() == pytest.approx(7 * 60 + 30)
    assert again.step_used(0) == meeting.step_used(0)
    assert again.late_seconds() == meeting.late_seconds() == 0


def test_the_correction_is_refused_at_the_end_or_for_no_time(clock: ManualClock) -> None:
    meeting = meeting_at(clock, SEVEN)
    with pytest.raises(NotNow):
        meeting.start_ago(0)
    meeting.start()
    meeting.end()
    with pytest.raises(NotNow):
        meeting.start_ago(60)
