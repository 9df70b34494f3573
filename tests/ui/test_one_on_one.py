"""A one-on-one on the meeting screen: a sharing step shows its own time box, and no queue.

The bundled Peer Check-In: "How has the week gone?" (step 2) is 12 minutes, with a warning a
minute before its end; the keys of a group's shares and queue are not offered.
"""

from __future__ import annotations

from textual.widgets import Label

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp
from facilitator.meeting.engine import Meeting
from facilitator.meeting.time_box import one_on_one_words
from facilitator.records.history import PastMeeting
from facilitator.records.report import summarize
from facilitator.screens.dialogs import HelpScreen
from facilitator.screens.history.report import ReportScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.textual_internals import FooterKey
from facilitator.widgets.live_text import LiveText
from facilitator.widgets.report_table import ReportTable
from facilitator.widgets.room_view import BlockDigits, RoomView
from facilitator.widgets.script import Script
from facilitator.widgets.share_timer import ShareTimer

from ..data import AGENDAS, NOV_24
from ..hints import MakeApp, Notices, Press, Settle, Size
from ..support.clocks import ManualClock, ManualWall
from ..support.players import FakePlayer

CHECK_IN = AGENDAS / "peer-check-in.toml"
WEEK_SECONDS = 12 * 60


def meeting_screen(app: FacilitatorApp) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


def share_pane(app: FacilitatorApp) -> str:
    return str(app.screen.query_one(ShareTimer).render())


def footer_keys(app: FacilitatorApp) -> list[str]:
    return [str(key.description) for key in app.screen.query(FooterKey) if key.description]


async def test_a_sharing_step_shows_its_time_box_and_no_queue(
    make_app: MakeApp, press: Press, tick: Settle, clock: ManualClock, terminal_size: Size
) -> None:
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        clock.advance(180)
        await press(pilot, "n")
        await tick(pilot)
        timer = app.screen.query_one(ShareTimer)
        digits = app.screen.query_one("#share-digits", BlockDigits)
        assert timer.display and digits.has_class("-on") and digits.text == "12:00"
        assert share_pane(app).splitlines() == [
            "Time box  12:00 left of 12:00  running",
            "A one-on-one times the step as a whole · n moves on",
        ]
        for group_word in ("Share", "Waiting", "average", "next", "suggested"):
            assert group_word not in share_pane(app)
        assert "Share" not in footer_keys(app) and "Next" in footer_keys(app)
        clock.advance(WEEK_SECONDS - 45)
        await tick(pilot)
        assert "0:45 left of 12:00  WARNING" in share_pane(app)
        assert digits.text == "0:45" and digits.has_class("-warning")
        assert timer.has_class("-warning")
        assert app.screen.query_one("#step-time", LiveText).has_class("-warning")
        clock.advance(60)
        await tick(pilot)
        assert "+0:15 over 12:00  TIME" in share_pane(app)
        assert digits.text == "+0:15" and timer.has_class("-time")
        await press(pilot, "n")  # a reading step: no time box, no share pane
        assert not timer.display and not digits.has_class("-on")


async def test_a_groups_keys_do_nothing_but_say_why(
    make_app: MakeApp,
    press: Press,
    clock: ManualClock,
    notices: Notices,
    terminal_size: Size,
) -> None:
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n")
        meeting = meeting_screen(app).meeting
        events = list(meeting.events)
        keys = ["space", "enter", "plus", "minus", "w", "W", "a"]
        await press(pilot, *keys)
        assert notices(app)[-len(keys) :] == [one_on_one_words()] * len(keys)
        assert meeting.events == events
        assert meeting.waiting == 0 and meeting.share is None


async def test_its_help_leaves_out_the_keys_of_shares_and_queue(
    make_app: MakeApp, press: Press, clock: ManualClock, terminal_size: Size
) -> None:
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        keys = [row.keys for row in screen.rows]
        for group_key in ("space", "enter", "+ / -", "w / W", "a"):
            assert group_key not in keys
        assert keys[:2] == ["s", "n / p"] and "1-9" in keys and "u" in keys and "b" in keys
        # Only undo still speaks of shares (of what it can take back, in any meeting).
        assert [row.keys for row in screen.rows if "share" in row.what] == ["u"]


async def test_the_time_box_sounds_at_its_warning_and_its_end(
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    clock: ManualClock,
    recording_player: FakePlayer,
    terminal_size: Size,
) -> None:
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n")
        await tick(pilot)
        clock.advance(WEEK_SECONDS - 61)
        await tick(pilot)
        assert recording_player.cues() == []
        clock.advance(1)  # a minute left: the warning
        await tick(pilot)
        recording_player.wait_for(1)
        clock.advance(60)  # the step's time is up
        await tick(pilot)
        recording_player.wait_for(2)
        clock.advance(300)  # well over: the check-in asks for no reminders
        await tick(pilot)
        await pilot.pause(0.3)
    assert recording_player.cues() == ["warning", "time"]


async def test_the_room_view_shows_the_time_box(
    make_app: MakeApp, press: Press, tick: Settle, clock: ManualClock, terminal_size: Size
) -> None:
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n")
        clock.advance(WEEK_SECONDS - 30)
        await press(pilot, "b")
        await tick(pilot)
        room = app.screen.query_one(RoomView)
        assert room.query_one("#room-state", LiveText).text == "STEP 2 · WARNING · 0:30 LEFT"
        assert room.query_one(BlockDigits).text == "0:30" and room.has_class("-warning")


async def test_the_end_counts_no_shares(
    make_app: MakeApp, press: Press, clock: ManualClock, terminal_size: Size
) -> None:
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "1", "s", "n")
        clock.advance(WEEK_SECONDS)
        await press(pilot, "e", "y", "escape")
        time_words = app.screen.query_one("#step-time", LiveText).text
        assert time_words == "12:00 in all · r shows resources · q leaves"
        summary = app.screen.query_one("#script", Script).markdown
        assert "Shares" not in summary and "- In person: 1" in summary


async def test_its_timing_report_has_no_share_columns(
    make_app: MakeApp, clock: ManualClock, terminal_size: Size
) -> None:
    agenda = load_agenda(CHECK_IN)
    held = Meeting(agenda, clock=clock, wall=ManualWall(clock, NOV_24))
    held.tally(0)
    held.start()
    clock.advance(180)
    held.next_step()
    clock.advance(WEEK_SECONDS + 30)
    held.end()
    past = PastMeeting(
        id=1,
        name=agenda.meeting.name,
        agenda_stem="peer-check-in",
        started=NOV_24,
        unfinished=False,
        attendance=tuple((c.id, c.label) for c in agenda.attendance),
        summary=summarize(held),
        one_on_one=True,
    )
    app = make_app(clock, CHECK_IN)
    async with app.run_test(size=terminal_size) as pilot:
        await app.push_screen(ReportScreen(past))
        await pilot.pause()
        report = app.screen
        counts = str(report.query_one("#report-counts", Label).content)
        assert counts == "In person 1 · Online 0"
        table = report.query_one(ReportTable)
        headings = [str(column.label) for column in table.columns.values()]
        assert headings == ["Step", "Kind", "Planned", "Actual", "Difference"]
        week = [str(cell) for cell in table.get_row_at(1)]
        assert week[0] == "2 How has the week gone?" and week[-1].strip() == "+0:30 over"
        assert len(week) == len(headings)
