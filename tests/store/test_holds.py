"""Two windows on one data directory: each meeting held by the app running it, nothing lost.

Two `Store`s on one data directory stand for two windows (each takes its own lock, as two
processes would); a real second process shows that a killed app's lock is free at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from facilitator.agenda import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import Event
from facilitator.store import recorder
from facilitator.store.database import DB_NAME, MeetingTaken, Store, open_store
from facilitator.store.locks import LOCKS, running
from facilitator.store.recorder import MeetingLog, is_stale, of_agenda, offer
from facilitator.words import past as past_words

from ..data import ROOT, TUESDAY, WALL_START
from ..support.clocks import ManualClock, ManualWall


def window(data_dir: Path, clock: ManualClock) -> Store:
    store = open_store(data_dir, ManualWall(clock, WALL_START)).store
    assert store is not None
    return store


def run(store: Store, agenda: Agenda, clock: ManualClock, *tallies: int) -> recorder.Recorded:
    wall = ManualWall(clock, WALL_START)
    recorded = recorder.start(agenda, TUESDAY, store, clock, wall)
    recorded.meeting.start()
    for category in tallies:
        recorded.meeting.tally(category)
    return recorded


def stored_events(store: Store, meeting_id: int | None) -> list[tuple[str, object]]:
    assert meeting_id is not None
    return [(event.kind, event.value) for event in store.get(meeting_id).events]


def test_a_meeting_running_in_one_window_is_not_offered_in_another(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    clock = ManualClock()
    first, second = window(data_dir, clock), window(data_dir, clock)
    running_one = run(first, tuesday_agenda, clock, 0, 1)
    found = offer(second, tuesday_agenda, TUESDAY)
    assert found.meeting is None
    assert found.elsewhere == (tuesday_agenda.meeting.name,)
    # The second window runs a meeting of its own beside it; both are saved whole.
    other = run(second, tuesday_agenda, clock, 2)
    running_one.meeting.tally(0)
    other.meeting.tally(2)
    assert stored_events(first, running_one.log.meeting_id) == [
        ("start", None),
        ("tally", "attendees"),
        ("tally", "newcomers"),
        ("tally", "attendees"),
    ]
    assert stored_events(second, other.log.meeting_id) == [
        ("start", None),
        ("tally", "online"),
        ("tally", "online"),
    ]
    first.close()
    second.close()


def test_a_closed_window_leaves_its_meeting_to_be_resumed(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    clock = ManualClock()
    first, second = window(data_dir, clock), window(data_dir, clock)
    left = run(first, tuesday_agenda, clock, 0)
    first.close()
    found = offer(second, tuesday_agenda, TUESDAY)
    assert found.meeting is not None and found.meeting.id == left.log.meeting_id
    assert found.elsewhere == ()
    resumed = recorder.resume(found.meeting, second, clock, ManualWall(clock, WALL_START))
    assert resumed is not None
    resumed.meeting.tally(1)
    assert stored_events(second, left.log.meeting_id)[-1] == ("tally", "newcomers")
    second.close()


def test_only_one_window_can_take_a_left_meeting(data_dir: Path, tuesday_agenda: Agenda) -> None:
    clock = ManualClock()
    wall = ManualWall(clock, WALL_START)
    first = window(data_dir, clock)
    run(first, tuesday_agenda, clock, 0)
    first.close()
    second, third = window(data_dir, clock), window(data_dir, clock)
    offered = offer(second, tuesday_agenda, TUESDAY).meeting
    also = offer(third, tuesday_agenda, TUESDAY).meeting
    assert offered is not None and also is not None  # both looked before either answered
    assert recorder.resume(offered, second, clock, wall) is not None
    assert recorder.resume(also, third, clock, wall) is None
    # Nor end it under the other: it says where the meeting is.
    assert recorder.decline(also, third, wall) == past_words.elsewhere_words(also.name)
    assert second.get(offered.id).ended_at is None
    second.close()
    third.close()


def test_a_write_to_a_meeting_another_window_holds_stops_and_says_so(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    clock = ManualClock()
    wall = ManualWall(clock, WALL_START)
    first, second = window(data_dir, clock), window(data_dir, clock)
    holder = run(first, tuesday_agenda, clock, 0)
    assert holder.log.meeting_id is not None
    stored = first.get(holder.log.meeting_id)
    with pytest.raises(MeetingTaken):
        second.append(stored.id, len(stored.events), Event("tally", 1.0, "online"), wall())
    # A log that meets it (which the holds prevent) keeps the meeting in memory, once.
    intruder = MeetingLog.resuming(stored, second, wall)
    meeting = recorder.replay(tuesday_agenda, stored.events, clock, wall)
    meeting.recorder = intruder
    meeting.tally(2)
    meeting.tally(2)
    assert intruder.taken and intruder.problem is not None
    assert "another window" in intruder.problem and "in memory" in intruder.problem
    assert meeting.tallies["online"] == 2  # the meeting goes on on this screen
    assert not intruder.flush()  # and no write is tried again
    assert stored_events(first, stored.id) == [("start", None), ("tally", "attendees")]
    first.close()
    second.close()


def test_a_killed_apps_lock_is_free_at_once(data_dir: Path, tuesday_agenda: Agenda) -> None:
    # A real process takes a lock and records a meeting, then is killed.
    code = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        sys.path.insert(0, {str(ROOT)!r})
        from facilitator.agenda import load_agenda
        from tests.support.clocks import ManualClock, ManualWall
        from facilitator.store.database import open_store
        from facilitator.store import recorder
        from facilitator.words import meeting as words
        from datetime import datetime, timezone
        clock = ManualClock()
        wall = ManualWall(clock, datetime(2026, 11, 24, 19, tzinfo=timezone.utc))
        store = open_store(Path({str(data_dir)!r}), wall).store
        recorded = recorder.start(load_agenda(Path({str(TUESDAY)!r})), Path({str(TUESDAY)!r}),
                                  store, clock, wall)
        recorded.meeting.start()
        print(recorded.log.meeting_id, flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        meeting_id = int(child.stdout.readline())
        clock = ManualClock()
        here = window(data_dir, clock)
        stored = here.get(meeting_id)
        assert here.running_elsewhere(stored)
        assert offer(here, tuesday_agenda, TUESDAY).meeting is None
    finally:
        child.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        child.wait(timeout=10)
    assert not here.running_elsewhere(stored)  # at once: the system let go with the process
    found = offer(here, tuesday_agenda, TUESDAY).meeting
    assert found is not None and found.id == meeting_id
    assert not any((data_dir / LOCKS).glob(f"{stored.holder}.lock"))  # tidied away
    here.close()


def test_a_holder_that_is_not_a_token_names_no_file(tmp_path: Path) -> None:
    (tmp_path / "x.lock").write_text("")
    for holder in ("../x", "x", "/etc/passwd", "", None, "0123456789abcdeg"):
        assert not running(tmp_path, holder)


def test_the_offer_is_about_the_agenda_being_opened(
    data_dir: Path, tuesday_agenda: Agenda, tmp_path: Path
) -> None:
    clock = ManualClock()
    first = window(data_dir, clock)
    left = run(first, tuesday_agenda, clock, 0)
    first.close()
    here = window(data_dir, clock)
    other = tmp_path / "thursday.toml"
    assert offer(here, tuesday_agenda, other).meeting is None  # another file
    assert left.log.meeting_id is not None
    stored = here.get(left.log.meeting_id)
    assert of_agenda(stored, tuesday_agenda, TUESDAY)
    picked = offer(here, None, None).meeting  # the picker: any agenda's
    assert picked is not None and picked.id == left.log.meeting_id
    here.close()


def test_a_meeting_last_changed_over_six_hours_ago_is_stale(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    clock = ManualClock()
    store = window(data_dir, clock)
    left = run(store, tuesday_agenda, clock, 0)
    assert left.log.meeting_id is not None
    stored = store.get(left.log.meeting_id)
    assert not is_stale(stored, stored.last_wall + timedelta(hours=6))
    assert is_stale(stored, stored.last_wall + timedelta(hours=6, seconds=1))
    store.close()


# ---------------------------------------------------------------------- replaced under it


@pytest.mark.parametrize("how", ["deleted", "replaced by a copy", "replaced by junk"])
def test_a_database_deleted_or_replaced_under_a_meeting_gets_all_of_it(
    data_dir: Path, tuesday_agenda: Agenda, how: str
) -> None:
    clock = ManualClock()
    store = window(data_dir, clock)
    recorded = run(store, tuesday_agenda, clock, 0, 1, 0)
    shown = list(recorded.meeting.events)
    path = data_dir / DB_NAME
    if how == "replaced by a copy":
        (data_dir / "copy.db").write_bytes(path.read_bytes())
    if os.name == "nt":
        pytest.skip("Windows does not delete or replace a file that is open")
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    if how == "replaced by a copy":
        (data_dir / "copy.db").rename(path)
    elif how == "replaced by junk":
        path.write_bytes(b"not a database")
    recorded.meeting.tally(2)  # the next change notices
    log = recorded.log
    assert log.notice is not None and "deleted or replaced" in log.notice
    assert log.store is not None and log.store is not store
    assert not log.pending
    fresh = log.store
    (again,) = fresh.meetings()  # once, even in a copy that had its start
    assert again.id == log.meeting_id
    assert list(fresh.get(again.id).events) == [*shown, recorded.meeting.events[-1]]
    if how == "replaced by junk":
        assert any(p.name.startswith(f"{DB_NAME}.rejected-") for p in data_dir.iterdir())
    fresh.close()


def test_a_meeting_log_without_events_written_does_not_start_again(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    clock = ManualClock()
    wall = ManualWall(clock, WALL_START)
    store = window(data_dir, clock)
    log = MeetingLog(tuesday_agenda, "tuesday", str(TUESDAY), wall, store)
    Meeting(tuesday_agenda, clock=clock, wall=wall, recorder=log)
    assert log.flush() and log.notice is None
    store.close()


def test_without_a_place_for_locks_meetings_are_recorded_unclaimed(
    data_dir: Path, tuesday_agenda: Agenda
) -> None:
    clock = ManualClock()
    store = window(data_dir, clock)
    (data_dir / LOCKS).write_text("not a folder")  # so no lock can be taken there
    recorded = run(store, tuesday_agenda, clock, 0)
    assert store.hold is None
    assert recorded.log.problem is None and not recorded.log.pending  # saved all the same
    stored = store.get(recorded.log.meeting_id or -1)
    assert stored.holder is None and not store.running_elsewhere(stored)
    store.close()
