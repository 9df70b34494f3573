"""Undo: `u` takes back any change, again and again, and time stays true.

The engine on a hand-moved clock; the words said for each undo; the log on disk.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.agenda import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import Event, standing_dates
from facilitator.meeting.states import NotNow, ShareState, Status, Undone
from facilitator.store.database import open_store
from facilitator.store.recorder import MeetingLog, replay
from facilitator.words.meeting import undone_words

from ..data import CLOSING, ROUND_ONE, ROUND_TWO, ROUNDS
from ..support.clocks import ManualClock, ManualWall

WALL = datetime(2026, 12, 1, 19, 0, tzinfo=timezone(timedelta(hours=-5)))


def make(clock: ManualClock, agenda: Agenda = ROUNDS) -> Meeting:
    return Meeting(agenda, clock=clock, wall=ManualWall(clock, WALL))


def sharing(clock: ManualClock, shares: int = 0) -> Meeting:
    """Started, on round one, with `shares` shares of a minute done (started at 1000)."""
    meeting = make(clock)
    meeting.start()
    clock.advance(60)
    meeting.goto(ROUND_ONE)
    for _ in range(shares):
        meeting.toggle_share()
        clock.advance(60)
        meeting.end_share()
    return meeting


def said(undone: Undone) -> str:
    labels = {category.id: category.label for category in ROUNDS.attendance}
    return undone_words(undone, lambda key: labels.get(key, key))


def seen(meeting: Meeting) -> dict[str, object]:
    """Everything a reader can see of a meeting now (but its log)."""
    steps = range(len(meeting.agenda.steps))
    return {
        "status": meeting.status,
        "current": meeting.current,
        "started_at": meeting.started_at,
        "ended_at": meeting.ended_at,
        "waiting": meeting.waiting,
        "tallies": dict(meeting.tallies),
        "shares": list(meeting.shares),
        "share": meeting.share_view(),
        "steps": [asdict(step) for step in meeting.steps()],
        "elapsed": meeting.elapsed(),
        "variance": meeting.variance(),
        "projected_end": meeting.projected_end(),
        "next_share": meeting.next_share_seconds(),
        "suggested": meeting.suggested_share_seconds(),
        "used": [meeting.step_used(i) for i in steps],
    }


# ---------------------------------------------------------------------- shares


def test_undoing_the_end_of_a_share_lets_it_run_on_as_if_it_never_ended() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock, shares=2)
    meeting.toggle_share()
    clock.advance(100)
    meeting.end_share()  # by mistake
    assert meeting.share is None
    clock.advance(20)
    undone = meeting.undo()
    assert said(undone) == "Undone: end of share 3"
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.state) == (3, ShareState.RUNNING)
    assert view.elapsed == 120  # the 20 seconds since count: it never stopped
    assert len(meeting.shares) == 2
    clock.advance(10)
    meeting.end_share()
    assert meeting.shares[-1].seconds == 130


def test_undoing_a_share_start_gives_the_waiting_count_back() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock, shares=1)
    meeting.set_waiting(4)
    meeting.toggle_share()
    assert meeting.waiting == 3
    clock.advance(5)
    assert said(meeting.undo()) == "Undone: start of share 2"
    assert meeting.share is None
    assert meeting.waiting == 4
    assert said(meeting.undo()) == "Undone: 4 waiting"
    assert meeting.waiting == 0


def test_undoing_a_pause_counts_the_paused_time_and_undoing_a_resume_pauses_again() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock)
    meeting.toggle_share()
    clock.advance(30)
    meeting.toggle_share()  # paused at 0:30
    clock.advance(40)
    meeting.toggle_share()  # resumed
    clock.advance(10)
    assert said(meeting.undo()) == "Undone: resume of share 1"
    view = meeting.share_view()
    assert view is not None
    assert (view.state, view.elapsed) == (ShareState.PAUSED, 30)
    assert said(meeting.undo()) == "Undone: pause of share 1"
    view = meeting.share_view()
    assert view is not None
    assert (view.state, view.elapsed) == (ShareState.RUNNING, 80)


def test_undoing_time_added_or_taken_and_an_applied_suggestion() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock)
    meeting.set_waiting(15)
    suggested = meeting.apply_suggestion()
    assert suggested != 180
    meeting.toggle_share()
    meeting.adjust_share(30)
    meeting.adjust_share(-30)
    meeting.adjust_share(-30)
    view = meeting.share_view()
    assert view is not None
    assert view.allotted == suggested - 30
    assert said(meeting.undo()) == "Undone: 0:30 removed from share 1"
    assert said(meeting.undo()) == "Undone: 0:30 removed from share 1"
    assert said(meeting.undo()) == "Undone: 0:30 added to share 1"
    view = meeting.share_view()
    assert view is not None
    assert (view.allotted, view.added) == (suggested, 0)
    meeting.undo()  # the share's start
    assert (
        said(meeting.undo())
        == f"Undone: next shares {int(suggested) // 60}:{int(suggested) % 60:02d} each"
    )
    assert meeting.next_share_seconds() == 180


# ---------------------------------------------------------------------- steps


def test_undoing_a_move_gives_the_time_since_back_to_the_step_it_left() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock, shares=1)
    assert meeting.step_used(ROUND_ONE) == 60
    meeting.next_step()
    clock.advance(45)
    undone = meeting.undo()
    assert said(undone) == "Undone: move to step 3 · back on step 2"
    assert meeting.current == ROUND_ONE
    assert meeting.step_used(ROUND_ONE) == 105
    assert meeting.step_used(ROUND_TWO) == 0
    assert not meeting.step_view(ROUND_TWO).done


def test_a_move_that_ended_a_share_taken_back_lets_the_share_run_on() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock, shares=2)
    meeting.toggle_share()
    clock.advance(50)
    meeting.goto(CLOSING)  # the palette, or n, while share 3 ran
    assert meeting.share is None
    clock.advance(15)
    assert said(meeting.undo()) == "Undone: move to step 4 · back on step 2 · share 3 runs on"
    view = meeting.share_view()
    assert view is not None
    assert (view.number, view.elapsed, view.state) == (3, 65, ShareState.RUNNING)
    assert len(meeting.shares_in_step(ROUND_ONE)) == 2


# ---------------------------------------------------------------------- the meeting


def test_undoing_the_end_runs_the_meeting_on_and_counts_the_time_since() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock)
    meeting.goto(CLOSING)
    clock.advance(120)
    meeting.end()
    clock.advance(30)
    assert meeting.elapsed() == 180
    meeting.tally(1)  # a late arrival, after the end
    assert said(meeting.undo()) == "Undone: New +1"
    assert meeting.status is Status.ENDED
    assert said(meeting.undo()) == "Undone: end of the meeting"
    assert meeting.status is Status.RUNNING
    assert meeting.ended_at is None
    assert meeting.elapsed() == 210
    assert meeting.step_used(CLOSING) == 150
    assert meeting.step_view(CLOSING).current
    clock.advance(10)
    meeting.end()
    assert meeting.elapsed() == 220


def test_undoing_the_end_that_stopped_a_share_lets_it_run_on() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock)
    meeting.toggle_share()
    clock.advance(20)
    meeting.end()
    assert said(meeting.undo()) == "Undone: end of the meeting · share 1 runs on"
    assert meeting.share_view() is not None


def test_undoing_the_start_and_a_moved_start() -> None:
    clock = ManualClock(1000.0)
    meeting = make(clock)
    meeting.tally(0)
    clock.advance(30)
    meeting.start()
    clock.advance(60)
    meeting.start_ago(300)
    assert meeting.elapsed() == 300
    assert said(meeting.undo()) == "Undone: start moved 5 min earlier"
    assert meeting.elapsed() == 60
    assert said(meeting.undo()) == "Undone: start of the meeting"
    assert meeting.status is Status.READY
    assert meeting.elapsed() == 0
    assert meeting.tallies["attendees"] == 1
    assert said(meeting.undo()) == "Undone: Attendees +1"
    with pytest.raises(NotNow, match="Nothing to undo."):
        meeting.undo()
    assert not meeting.can_undo


def test_undo_goes_back_change_by_change_to_the_meeting_as_it_was() -> None:
    """Every change, taken back at once, leaves the meeting as it stood before it."""
    rng = random.Random(16)
    clock = ManualClock(1000.0)
    meeting = make(clock)
    checked: set[str] = set()
    for _ in range(400):
        clock.advance(rng.choice([0, 1, 7.5, 30, 95]))
        before = seen(meeting)
        count = len(meeting.events)
        try:
            _random_change(meeting, rng)
        except NotNow:
            continue
        if len(meeting.events) == count or rng.random() < 0.3:
            continue  # nothing recorded; or keep the change, to build a longer meeting
        kind = meeting.events[-1].kind
        if kind == "undo":
            continue
        meeting.undo()
        assert seen(meeting) == before, kind
        checked.add(kind)
    assert checked >= {
        "start", "goto", "share_start", "share_pause", "share_resume", "share_end",
        "share_adjust", "share_length", "waiting", "tally", "end",
    }  # fmt: skip
    # And the log, undos and all, rebuilds the same meeting.
    rebuilt = replay(ROUNDS, list(meeting.events), clock, meeting.wall)
    assert seen(rebuilt) == seen(meeting)


def _random_change(meeting: Meeting, rng: random.Random) -> None:
    steps = len(meeting.agenda.steps)
    changes: list[Callable[[], object]] = [
        meeting.start,
        lambda: meeting.goto(rng.randrange(steps)),
        meeting.toggle_share,
        meeting.toggle_share,
        meeting.end_share,
        lambda: meeting.adjust_share(rng.choice([30, -30])),
        lambda: meeting.set_waiting(rng.randrange(0, 6)),
        meeting.apply_suggestion,
        lambda: meeting.tally(rng.randrange(2)),
        meeting.undo,
        lambda: meeting.end() if rng.random() < 0.2 else None,
    ]
    rng.choice(changes)()


def test_the_sounds_a_share_made_are_not_made_again_when_its_end_is_taken_back() -> None:
    clock = ManualClock(1000.0)
    meeting = sharing(clock)
    meeting.toggle_share()
    clock.advance(170)
    assert meeting.take_cue() == "warning"
    clock.advance(20)
    assert meeting.take_cue() == "time"
    meeting.end_share()
    meeting.undo()
    assert meeting.take_cue() is None


# ---------------------------------------------------------------------- the log


def test_undos_are_events_and_a_resumed_meeting_is_the_same(tmp_path: Path) -> None:
    clock = ManualClock(1000.0)
    wall = ManualWall(clock, WALL)
    store = open_store(tmp_path, wall).store
    assert store is not None
    log = MeetingLog(ROUNDS, "rounds", "rounds.toml", wall, store)
    meeting = Meeting(ROUNDS, clock=clock, wall=wall, recorder=log)
    meeting.start()
    clock.advance(60)
    meeting.goto(ROUND_ONE)
    meeting.toggle_share()
    clock.advance(90)
    meeting.end_share()
    meeting.undo()
    meeting.end()
    log.finished(meeting)
    assert store.unfinished_meetings() == []
    meeting.undo()  # the end: the meeting runs again, unfinished on disk too
    clock.advance(5)
    (stored,) = store.unfinished_meetings()
    stored = store.get(stored.id)
    assert stored.summary is None
    assert [event.kind for event in stored.events][-3:] == ["undo", "end", "undo"]
    again = replay(ROUNDS, stored.events, clock, wall)
    assert seen(again) == seen(meeting)
    meeting.undo()  # the start of the share; then the move, then the start itself
    meeting.undo()
    meeting.undo()
    (stored,) = store.unfinished_meetings()
    assert stored.started_at is None
    store.close()


def test_the_dates_standing_follow_what_was_taken_back() -> None:
    at = WALL
    minute = timedelta(minutes=1)
    log = [
        (Event("start", 0.0), at),
        (Event("start_moved", 60.0, 300.0), at + minute),
        (Event("end", 120.0), at + 2 * minute),
    ]
    assert standing_dates(log) == (at + minute - 5 * minute, at + 2 * minute)
    log.append((Event("undo", 130.0, 2), at + 3 * minute))
    assert standing_dates(log) == (at - 4 * minute, None)
    log.append((Event("undo", 140.0, 1), at + 4 * minute))
    assert standing_dates(log) == (at, None)


def test_a_whole_log_restored_at_once_is_the_log_applied_event_by_event() -> None:
    rng = random.Random(61)
    clock = ManualClock(1000.0)
    meeting = make(clock)
    for _ in range(300):
        clock.advance(rng.choice([0, 2, 30, 95]))
        with suppress(NotNow):
            _random_change(meeting, rng)
    # Stray undos, as a damaged log might hold: of an undo, twice, of what is not yet there.
    log = [*meeting.events]
    undos = [place for place, event in enumerate(log) if event.kind == "undo"]
    assert len(undos) > 10
    log += [Event("undo", clock(), undos[0]), Event("undo", clock(), len(log) + 5)]
    log += [log[undos[1]]]
    one_by_one = make(clock)
    for event in log:
        one_by_one.apply(event)
    at_once = make(clock)
    at_once.restore(log)
    assert seen(at_once) == seen(one_by_one)
    assert at_once.can_undo == one_by_one.can_undo
    while one_by_one.can_undo:
        assert at_once.undo() == one_by_one.undo()
        assert seen(at_once) == seen(one_by_one)
    with pytest.raises(ValueError, match="a whole log"):
        at_once.restore(log)
    with pytest.raises(ValueError, match="must be a number"):
        make(clock).restore([Event("undo", clock(), "tally")])
