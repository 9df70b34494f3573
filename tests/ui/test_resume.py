"""Starting the app while a meeting is unfinished: the offer to resume it, through the Pilot.

Also how the app shows a store it could not use: a damaged file set aside, no place to save.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label, Static

from facilitator.agenda import Agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import Event
from facilitator.meeting.states import ShareState, Status
from facilitator.screens.dialogs import ConfirmScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.picker import PickerScreen
from facilitator.screens.resume import ResumeScreen
from facilitator.store.database import DB_NAME, Store, open_store
from facilitator.store.recorder import MeetingLog
from facilitator.widgets.share_timer import ShareTimer
from facilitator.widgets.tallies import TallyBar
from facilitator.words.goodbye import Outcome

from ..data import SEEDED_AT, TUESDAY, WALL_START
from ..hints import (
    FrozenWall,
    LeaveUnfinished,
    MakeApp,
    Notices,
    Press,
    RefuseFilesIn,
    Settle,
    Size,
)
from ..support.clocks import ManualClock, ManualWall


def stored_in(data_dir: Path, meeting_id: int, clock: ManualClock) -> Any:
    store = open_store(data_dir, ManualWall(clock, WALL_START)).store
    assert store is not None
    try:
        return store.get(meeting_id), store.unfinished()
    finally:
        store.close()


def texts(app: FacilitatorApp) -> str:
    """Everything the top screen says, as plain text."""
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def tallies_shown(app: FacilitatorApp) -> str:
    return str(app.screen.query_one(TallyBar).render())


def meeting_of(app: FacilitatorApp) -> Meeting:
    assert app.meeting is not None
    return app.meeting


# ---------------------------------------------------------------------- the offer


@pytest.mark.parametrize("agenda_path", [TUESDAY, None], ids=["with agenda", "picker"])
async def test_the_offer_names_the_meeting_and_when_it_started(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    agenda_path: Path | None,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock, agenda_path=agenda_path)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        said = texts(app)
        assert "Resume Tuesday Night Open Discussion?" in said
        assert "started 18:30 on Tue 24 Nov, 30 minutes ago" in said


async def test_a_meeting_never_started_is_offered_as_opened(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir, started=False)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "opened (not started) 18:30 on Tue 24 Nov, 30 minutes ago" in texts(app)


async def test_a_meeting_name_is_shown_as_written(
    leave_unfinished: LeaveUnfinished,
    tuesday_agenda: Agenda,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    # Square brackets are Textual markup: they must neither vanish nor crash the app.
    name = "Tuesday [online] group [/b]"
    agenda = replace(tuesday_agenda, meeting=replace(tuesday_agenda.meeting, name=name))
    leave_unfinished(data_dir, agenda)
    app = make_app(clock, agenda_path=None)  # the picker offers any agenda's meeting
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert f"Resume {name}?" in texts(app)


async def test_nothing_is_offered_without_an_unfinished_meeting(
    leave_unfinished: LeaveUnfinished,
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    meeting_id = leave_unfinished(data_dir)
    store = open_store(data_dir, ManualWall(clock, WALL_START)).store
    assert store is not None
    stored = store.get(meeting_id)
    assert store.take(stored)
    log = MeetingLog.resuming(stored, store, frozen_wall(clock))
    log(Event("end", stored.events[-1].at + 1))
    store.close()
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)


# ---------------------------------------------------------------------- y resumes


async def test_y_returns_to_the_same_step_tallies_and_share(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    meeting_id = leave_unfinished(data_dir)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        meeting = meeting_of(app)
        assert app.screen.meeting is meeting
        assert meeting.status is Status.RUNNING
        assert meeting.current == 1
        assert meeting.tallies == {"attendees": 2, "newcomers": 1, "online": 0}
        assert meeting.waiting == 1
        share = meeting.share_view()
        assert share is not None
        assert (share.number, share.state, share.remaining) == (1, ShareState.PAUSED, 140.0)
        # 18:30 to 19:00: the half hour the app was closed counts, as the room went on.
        assert meeting.elapsed() == 1800.0
        assert "Attendees 2" in tallies_shown(app) and "Newcomers 1" in tallies_shown(app)
        assert "30:00 elapsed" in str(app.screen.query_one("#status").render())
        assert "Step 2 of 4 · Shares" in str(app.screen.query_one("#step-title", Label).content)
        shown = str(app.screen.query_one(ShareTimer).render())
        assert "Share 1" in shown and "2:20 left" in shown and "paused" in shown

        # The meeting goes on where it was, and its record continues.
        await press(pilot, "space", "1")
        clock.advance(30)
        await press(pilot, "space")
    stored, unfinished = stored_in(data_dir, meeting_id, clock)
    assert unfinished is not None and unfinished.id == meeting_id
    assert [e.kind for e in stored.events[-3:]] == ["share_resume", "tally", "share_pause"]
    assert stored.walls[-1] == WALL_START + timedelta(seconds=30)
    assert list(stored.events) == meeting.events


async def test_y_from_the_picker_opens_the_meeting(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert meeting_of(app).tallies == {"attendees": 2, "newcomers": 1, "online": 0}
        assert "Tuesday Night Open Discussion" in str(app.screen.query_one("#status").render())


async def test_y_on_a_meeting_never_started_counts_on(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    meeting_id = leave_unfinished(data_dir, started=False)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        meeting = meeting_of(app)
        assert meeting.status is Status.READY
        assert meeting.tallies["attendees"] == 2
        await press(pilot, "1", "s")
        assert meeting_of(app).status is Status.RUNNING
    stored, _ = stored_in(data_dir, meeting_id, clock)
    assert [e.kind for e in stored.events] == ["tally"] * 4 + ["start"]
    assert stored.started_at == WALL_START


# ---------------------------------------------------------------------- n ends it


@pytest.mark.parametrize("agenda_path", [TUESDAY, None], ids=["with agenda", "picker"])
async def test_n_ends_the_meeting_where_its_record_stops(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    agenda_path: Path | None,
) -> None:
    meeting_id = leave_unfinished(data_dir)
    app = make_app(clock, agenda_path=agenda_path)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await settle(pilot)
        if agenda_path is None:
            assert isinstance(app.screen, PickerScreen)
        else:
            # The agenda it was started with, ready and counting from zero.
            assert isinstance(app.screen, MeetingScreen)
            assert meeting_of(app).status is Status.READY
            assert "Attendees 0" in tallies_shown(app)
    stored, unfinished = stored_in(data_dir, meeting_id, clock)
    assert unfinished is None
    assert stored.ended_at == SEEDED_AT + timedelta(seconds=210)  # its last change, 18:33:30
    assert stored.events[-1].kind == "end"
    assert stored.summary is not None  # kept in history, summed up
    assert stored.summary.tallies == {"attendees": 2, "newcomers": 1, "online": 0}
    assert stored.summary.actual_seconds == 210.0


async def test_n_on_a_meeting_never_started_ends_it(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    meeting_id = leave_unfinished(data_dir, started=False)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
    stored, unfinished = stored_in(data_dir, meeting_id, clock)
    assert unfinished is None
    assert stored.ended_at == SEEDED_AT
    assert stored.summary is not None and stored.summary.tallies["attendees"] == 2


# ---------------------------------------------------------------------- later, long ago, elsewhere


async def test_escape_leaves_the_meeting_unfinished_for_later(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    meeting_id = leave_unfinished(data_dir)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "esc not now" in texts(app)
        await press(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert meeting_of(app).status is Status.READY  # a meeting of its own
    stored, unfinished = stored_in(data_dir, meeting_id, clock)
    assert stored.ended_at is None and stored.events[-1].kind != "end"
    assert unfinished is not None and unfinished.id == meeting_id  # offered again next time


async def test_the_offer_says_when_the_meeting_was_last_changed(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert "last changed 18:33 on Tue 24 Nov, 26 minutes ago" in texts(app)
        assert "y / enter resume" in texts(app)


@pytest.mark.parametrize("key", ["enter", "n"])
async def test_a_meeting_left_hours_ago_is_ended_at_its_last_change_by_default(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    key: str,
) -> None:
    meeting_id = leave_unfinished(data_dir)
    app = make_app(clock)
    clock.advance(85 * 3600)  # opened again three and a half days later
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        said = " ".join(texts(app).split())
        assert "That was 85 hours ago, so it most likely ended without being recorded" in said
        assert "enter end it at 18:33 · y resume anyway · esc not now" in said
        await press(pilot, key)
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert meeting_of(app).status is Status.READY
    stored, unfinished = stored_in(data_dir, meeting_id, clock)
    assert unfinished is None
    assert stored.ended_at == SEEDED_AT + timedelta(seconds=210)  # not 85 hours later
    assert stored.summary is not None and stored.summary.actual_seconds == 210.0


async def test_y_still_resumes_a_meeting_left_hours_ago(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock)
    clock.advance(7 * 3600)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        assert meeting_of(app).status is Status.RUNNING
        assert meeting_of(app).elapsed() > 7 * 3600  # asked for: the hours count


async def test_a_meeting_running_in_another_window_is_said_and_not_offered(
    notices: Notices,
    tuesday_agenda: Agenda,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    frozen_wall: FrozenWall,
) -> None:
    other = open_store(data_dir, frozen_wall(clock)).store  # the other window, running
    assert other is not None
    running = MeetingLog(tuesday_agenda, "tuesday", str(TUESDAY), frozen_wall(clock), other)
    elsewhere = Meeting(tuesday_agenda, clock=clock, wall=frozen_wall(clock), recorder=running)
    elsewhere.start()
    elsewhere.tally(0)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)  # nothing offered
        assert notices(app) == [
            "Tuesday Night Open Discussion is running in another window;"
            " this window runs a meeting of its own."
        ]
        await press(pilot, "s", "2")
        assert app.meeting_log is not None
        mine = app.meeting_log.meeting_id
    elsewhere.tally(0)  # the other window goes on, saved as before
    assert running.meeting_id is not None and mine is not None and mine != running.meeting_id
    assert [e.kind for e in other.get(running.meeting_id).events] == ["start", "tally", "tally"]
    assert [e.value for e in other.get(mine).events] == [None, "newcomers"]
    other.close()


# ---------------------------------------------------------------------- leaving


async def test_q_then_y_leaves_the_meeting_resumable(
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "1", "s", "2")
        clock.advance(60)
        await press(pilot, "q", "y")
        await pilot.pause()
    outcome = app.return_value
    assert isinstance(outcome, Outcome)
    assert outcome.saved and outcome.status is Status.RUNNING

    again = make_app(clock)
    async with again.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ResumeScreen)
        await press(pilot, "y")
        await settle(pilot)
        assert meeting_of(again).tallies == {"attendees": 1, "newcomers": 1, "online": 0}
        assert meeting_of(again).status is Status.RUNNING


async def test_leaving_an_ended_meeting_offers_nothing_next_time(
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "e", "y")
        await settle(pilot)
        await press(pilot, "q")
    again = make_app(clock)
    async with again.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, MeetingScreen)


# ---------------------------------------------------------------------- store problems


async def test_a_damaged_database_is_announced_and_the_meeting_saved_afresh(
    notices: Notices,
    frozen_wall: FrozenWall,
    tuesday_agenda: Agenda,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    data_dir.mkdir(mode=0o700)
    (data_dir / DB_NAME).write_bytes(b"not a database at all\n" * 100)
    wall = frozen_wall(clock)
    opened = open_store(data_dir, wall)
    assert opened.store is not None and opened.notice is not None
    app = build_app(tuesday_agenda, TUESDAY, clock=clock, wall=wall, opened=opened)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert opened.notice in notices(app)
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "s", "1")
        assert not app.screen.query_one("#save-problem").display
    unfinished = opened.store.unfinished()
    assert unfinished is not None
    assert [e.kind for e in unfinished.events] == ["start", "tally"]
    opened.store.close()


async def test_no_place_to_save_runs_the_meeting_in_memory(
    notices: Notices,
    frozen_wall: FrozenWall,
    tuesday_agenda: Agenda,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    refuse_files_in: RefuseFilesIn,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir.mkdir(mode=0o700)
    # A read-only data directory, even for root, for as long as the app runs (it retries).
    refuse_files_in(data_dir)
    wall = frozen_wall(clock)
    opened = open_store(data_dir, wall)
    assert opened.store is None and opened.notice is not None
    app = build_app(tuesday_agenda, TUESDAY, clock=clock, wall=wall, opened=opened)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert opened.notice in notices(app)
        await press(pilot, "s", "1", "1")
        meeting = meeting_of(app)
        assert meeting.status is Status.RUNNING and meeting.tallies["attendees"] == 2
        problem = app.screen.query_one("#save-problem", Label)
        assert problem.display
        assert "in memory" in str(problem.content)
        await press(pilot, "q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "could not be saved" in texts(app)
        await press(pilot, "y")
    outcome = app.return_value
    assert isinstance(outcome, Outcome) and not outcome.saved
    assert list(data_dir.iterdir()) == []


async def test_a_failing_disk_is_shown_until_saving_works_again(
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")

        def failing(*args: Any, **kwargs: Any) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(Store, "append", failing)
        await press(pilot, "1", "2")
        problem = app.screen.query_one("#save-problem", Label)
        assert problem.display
        assert "disk I/O error" in str(problem.content)
        assert "Attendees 1" in tallies_shown(app)  # the meeting goes on

        monkeypatch.undo()
        await press(pilot, "3")
        assert not problem.display
        assert app.meeting_log is not None and app.meeting_log.store is not None
        stored = app.meeting_log.store.unfinished()
    assert stored is not None
    assert [(e.kind, e.value) for e in stored.events] == [
        ("start", None),
        ("tally", "attendees"),
        ("tally", "newcomers"),
        ("tally", "online"),
    ]


async def test_damage_found_when_looking_for_unfinished_meetings_is_said_not_a_crash(
    notices: Notices,
    make_app: MakeApp,
    terminal_size: Size,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def malformed(self: Store) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Store, "unfinished_meetings", malformed)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        messages = notices(app)
        assert any("could not be read" in m and "malformed" in m for m in messages)


@pytest.mark.skipif(os.name == "nt", reason="Windows does not delete a file that is open")
async def test_a_database_deleted_under_the_meeting_is_noticed_and_the_meeting_saved_again(
    notices: Notices,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "1")
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
        await press(pilot, "q")  # leaving writes nothing new, and still finds out
        assert isinstance(app.screen, ConfirmScreen)
        assert "It is saved" in texts(app)
        assert any("was deleted or replaced" in notice for notice in notices(app))
        await press(pilot, "n", "2")
        mine = app.meeting_log
        assert mine is not None and mine.store is not None
        assert [e.value for e in mine.store.get(mine.meeting_id or 0).events] == [
            None,
            "attendees",
            "attendees",
            "newcomers",
        ]
