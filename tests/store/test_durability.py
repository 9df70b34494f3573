"""A meeting survives what happens to a laptop: a kill, a closed terminal, a sleep, a reboot.

The resume tests rebuild a meeting from the store the way the app's `resume` does, on a new
process's clock (which may have restarted from zero), and compare it with the meeting as it
stood. The real app, killed in a pseudo-terminal, is in tests/processes/test_kills.py.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

import facilitator.meeting.clocks as clocks
from facilitator.agenda import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import ShareState, Status, Urgency
from facilitator.store import recorder
from facilitator.store.database import Store, StoredMeeting, open_store
from facilitator.store.recorder import MeetingLog

from ..data import TUESDAY, WALL_START
from ..hints import FrozenWall
from ..support.clocks import ManualClock, ManualWall


def open_ok(directory: Path, clock: ManualClock) -> Store:
    opened = open_store(directory, ManualWall(clock, WALL_START))
    assert opened.store is not None, opened.notice
    return opened.store


@dataclass
class Before:
    """A meeting recorded by one run of the app, and where it stood when that run ended."""

    meeting: Meeting
    log: MeetingLog
    clock: ManualClock


def run_meeting(data_dir: Path, agenda: Agenda, *, share: str = "running") -> Before:
    """Start, count, move to the Shares step and start a share (left running or paused)."""
    clock = ManualClock(1000.0)
    wall = ManualWall(clock, WALL_START)
    store = open_ok(data_dir, clock)
    log = MeetingLog(agenda, "tuesday", str(TUESDAY), wall, store)
    meeting = Meeting(agenda, clock=clock, wall=wall, recorder=log)
    meeting.tally(0)
    meeting.start()
    clock.advance(100)
    meeting.tally(0)
    meeting.tally(2)
    meeting.undo()
    meeting.next_step()
    meeting.set_waiting(4)
    clock.advance(20)
    meeting.toggle_share()
    clock.advance(50)
    if share == "paused":
        meeting.toggle_share()
        clock.advance(15)
    store.close()  # the app is gone
    return Before(meeting, log, clock)


def reopen(data_dir: Path, before: Before, away: float) -> tuple[Meeting, Store, ManualClock]:
    """Start again `away` seconds after the meeting as it stood, on a fresh clock, and resume
    as the app does: the new timeline continues from the last event, plus the wall-clock time
    since it was recorded.
    """
    clock = ManualClock(7.0)  # a new process, maybe after a reboot: the clock starts anew
    start = WALL_START + timedelta(seconds=before.clock.now - 1000.0 + away)
    wall = ManualWall(clock, start)
    store = open_ok(data_dir, clock)
    stored = store.unfinished()
    assert stored is not None
    resumed = recorder.resume(stored, store, clock, wall)
    assert resumed is not None
    return resumed.meeting, store, clock


def assert_same(resumed: Meeting, before: Meeting, later: float = 0.0) -> None:
    """The same meeting, `later` seconds on."""
    assert resumed.status is before.status
    assert resumed.current == before.current
    assert resumed.tallies == before.tallies
    assert resumed.waiting == before.waiting
    assert resumed.can_undo == before.can_undo
    assert resumed.elapsed() == pytest.approx(before.elapsed() + later)
    assert resumed.step_used(before.current) == pytest.approx(
        before.step_used(before.current) + later
    )


# ---------------------------------------------------------------------- resume


def test_a_resumed_meeting_is_the_meeting_as_it_stood(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    before = run_meeting(data_dir, tuesday_agenda)
    resumed, store, _ = reopen(data_dir, before, away=0.0)
    assert_same(resumed, before.meeting)
    share, was = resumed.share_view(), before.meeting.share_view()
    assert share is not None and was is not None
    assert (share.number, share.state, share.allotted) == (1, ShareState.RUNNING, 180.0)
    assert share.remaining == pytest.approx(was.remaining) == pytest.approx(130.0)
    assert resumed.steps() == before.meeting.steps()
    store.close()


def test_the_time_away_counts(data_dir: Path, tuesday_agenda: Agenda) -> None:
    before = run_meeting(data_dir, tuesday_agenda)
    resumed, store, clock = reopen(data_dir, before, away=600.0)
    assert_same(resumed, before.meeting, later=600.0)
    share = resumed.share_view()
    assert share is not None
    assert share.state is ShareState.RUNNING
    # 130 s were left: ten minutes later the share is 7:50 over, and reads as such.
    assert share.remaining == pytest.approx(130.0 - 600.0)
    assert share.urgency is Urgency.TIME
    clock.advance(30)  # and the clock keeps moving from there
    assert resumed.elapsed() == pytest.approx(before.meeting.elapsed() + 630.0)
    store.close()


def test_a_paused_share_stays_paused(data_dir: Path, tuesday_agenda: Agenda) -> None:
    before = run_meeting(data_dir, tuesday_agenda, share="paused")
    resumed, store, clock = reopen(data_dir, before, away=600.0)
    assert_same(resumed, before.meeting, later=600.0)
    share = resumed.share_view()
    assert share is not None
    assert share.state is ShareState.PAUSED
    assert share.remaining == pytest.approx(130.0)
    clock.advance(100)
    still = resumed.share_view()
    assert still is not None and still.remaining == pytest.approx(130.0)
    resumed.toggle_share()  # resume the share: it runs from where it stopped
    clock.advance(30)
    running = resumed.share_view()
    assert running is not None and running.state is ShareState.RUNNING
    assert running.remaining == pytest.approx(100.0)
    store.close()


def test_a_clock_behind_the_record_counts_no_time_away(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    # The wall clock was set back while the app was closed: nothing runs backwards.
    before = run_meeting(data_dir, tuesday_agenda)
    resumed, store, _ = reopen(data_dir, before, away=-3600.0)
    # The meeting as its last recorded change (the share's start, 50 s before) left it.
    assert_same(resumed, before.meeting, later=-50.0)
    store.close()


def test_after_resume_the_record_continues(data_dir: Path, tuesday_agenda: Agenda) -> None:
    before = run_meeting(data_dir, tuesday_agenda)
    resumed, store, clock = reopen(data_dir, before, away=120.0)
    clock.advance(10)
    resumed.tally(1)
    resumed.end_share()
    resumed.next_step()
    resumed.end()
    stored = store.get(before.log.meeting_id or -1)
    assert list(stored.events) == resumed.events
    seqs = store.connection.execute(
        "SELECT seq FROM events WHERE meeting_id = ? ORDER BY seq", (stored.id,)
    ).fetchall()
    assert [seq for (seq,) in seqs] == list(range(len(resumed.events)))
    assert store.unfinished() is None
    store.close()


def decline(stored: StoredMeeting, store: Store) -> None:
    """End `stored` where its record stops, as the app does."""
    assert recorder.decline(stored, store, lambda: stored.last_wall) is None


def test_declining_ends_the_meeting_at_its_last_change(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    before = run_meeting(data_dir, tuesday_agenda)
    store = open_ok(data_dir, ManualClock())
    stored = store.unfinished()
    assert stored is not None
    decline(stored, store)
    assert store.unfinished() is None
    ended = store.get(stored.id)
    # The last change was the share's start, at 19:02; nothing after it is known.
    assert ended.ended_at == stored.last_wall == WALL_START + timedelta(seconds=120)
    assert ended.summary is not None
    assert ended.summary.actual_seconds == before.meeting.events[-1].at - 1000.0 == 120.0
    assert ended.summary.shares == 1  # the share under way is counted, as it ended there
    assert [m.id for m in store.meetings()] == [stored.id]  # kept in history
    store.close()


def test_a_meeting_that_only_counted_can_be_resumed_and_declined(
    data_dir: Path, tuesday_agenda: Agenda, frozen_wall: FrozenWall
) -> None:
    clock = ManualClock()
    wall = frozen_wall(clock)
    store = open_ok(data_dir, clock)
    log = MeetingLog(tuesday_agenda, "tuesday", "", wall, store)
    meeting = Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    meeting.tally(0)
    clock.advance(40)
    meeting.tally(1)
    store.close()
    before = Before(meeting, log, clock)

    resumed, store, _ = reopen(data_dir, before, away=300.0)
    assert resumed.status is Status.READY
    assert resumed.tallies == {"attendees": 1, "newcomers": 1, "online": 0}
    assert resumed.elapsed() == 0.0
    stored = store.unfinished()
    assert stored is not None and stored.started_at is None

    decline(stored, store)
    ended = store.get(stored.id)
    assert store.unfinished() is None
    assert ended.started_at is None
    assert ended.ended_at == WALL_START + timedelta(seconds=40)
    assert ended.summary is not None and ended.summary.actual_seconds == 0.0
    store.close()


# ---------------------------------------------------------------------- sleep


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CLOCK_BOOTTIME is Linux's")
def test_the_meeting_clock_counts_while_the_laptop_sleeps(
    monkeypatch: pytest.MonkeyPatch, tuesday_agenda: Agenda
) -> None:
    # CLOCK_MONOTONIC stops during suspend on Linux; CLOCK_BOOTTIME does not.
    asked: list[int] = []
    real = time.clock_gettime

    def spy(clock_id: int) -> float:
        asked.append(clock_id)
        return real(clock_id)

    monkeypatch.setattr(time, "clock_gettime", spy)
    monkeypatch.setattr(time, "monotonic", lambda: pytest.fail("time.monotonic was used"))
    first = clocks.monotonic_clock()
    second = clocks.monotonic_clock()
    assert asked == [time.CLOCK_BOOTTIME] * 2
    assert first <= second
    assert Meeting(tuesday_agenda).clock is clocks.monotonic_clock


def test_a_share_reads_true_after_a_sleep(
    clock: ManualClock, frozen_wall: FrozenWall, tuesday_agenda: Agenda
) -> None:
    meeting = Meeting(tuesday_agenda, clock=clock, wall=frozen_wall(clock))
    meeting.start()
    meeting.next_step()
    meeting.toggle_share()
    clock.advance(30)
    share = meeting.share_view()
    assert share is not None and share.remaining == 150.0
    clock.advance(20 * 60)  # the lid closes mid-share, and opens twenty minutes later
    share = meeting.share_view()
    assert share is not None
    assert share.elapsed == 30.0 + 1200.0
    assert share.remaining == 150.0 - 1200.0
    assert share.urgency is Urgency.TIME
    assert meeting.elapsed() == 1230.0
    assert meeting.take_time_up()  # the chime still rings once
