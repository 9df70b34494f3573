"""`u` on the meeting screen: any change taken back, said, and the time kept true."""

from __future__ import annotations

from facilitator.app import FacilitatorApp
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import ShareState, Status
from facilitator.records.history import past_meetings
from facilitator.screens.dialogs import ConfirmScreen, HelpScreen, ResourcesScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.widgets.share_timer import ShareTimer

from ..hints import MakeApp, Notices, Press, Size
from ..support.clocks import ManualClock

# The bundled-style Tuesday agenda: Welcome, Shares (sharing), Break, Close.
WELCOME, SHARES, BREAK, CLOSE = range(4)


def meeting_of(app: FacilitatorApp) -> Meeting:
    screen = app.screen_stack[1] if len(app.screen_stack) > 1 else app.screen
    assert isinstance(screen, MeetingScreen)
    return screen.meeting


async def test_a_share_ended_by_mistake_comes_back_running(
    notices: Notices, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(40)
        await press(pilot, "enter")
        clock.advance(5)
        await press(pilot, "u")
        assert notices(app)[-1] == "Undone: end of share 1"
        meeting = meeting_of(app)
        share = meeting.share_view()
        assert share is not None
        assert (share.number, share.state, share.elapsed) == (1, ShareState.RUNNING, 45)
        assert "Share 1" in str(app.screen.query_one(ShareTimer).render())
        assert meeting.shares == []


async def test_a_move_during_a_share_is_said_and_taken_back(
    notices: Notices, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(30)
        await press(pilot, "n")
        assert notices(app)[-1] == "Share 1 ended with the step · u brings it back"
        clock.advance(10)
        await press(pilot, "u")
        assert notices(app)[-1] == "Undone: move to step 3 · back on step 2 · share 1 runs on"
        meeting = meeting_of(app)
        assert meeting.current == SHARES
        share = meeting.share_view()
        assert share is not None and share.elapsed == 40
        assert meeting.step_used(BREAK) == 0
        assert "Step 2 of 4" in str(app.screen.query_one("#step-title").render())


async def test_the_end_taken_back_from_the_closing_dialog_goes_back_to_the_meeting(
    notices: Notices, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        await press(pilot, "s", "n", "n", "n")
        clock.advance(60)
        await press(pilot, "n")  # the last n asks
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert isinstance(app.screen, ResourcesScreen)
        await press(pilot, "2")  # a newcomer counted after the close
        await press(pilot, "u")
        assert notices(app)[-1] == "Undone: Newcomers +1"
        assert isinstance(app.screen, ResourcesScreen)
        clock.advance(30)
        await press(pilot, "u")
        assert notices(app)[-1] == "Undone: end of the meeting"
        assert isinstance(app.screen, MeetingScreen)
        meeting = meeting_of(app)
        assert meeting.status is Status.RUNNING
        assert meeting.step_used(CLOSE) == 90
        assert "Step 4 of 4" in str(app.screen.query_one("#step-title").render())
        store = app.store
        assert store is not None
        (past,) = past_meetings(store)
        assert past.unfinished  # running again, on disk too


async def test_the_end_taken_back_from_the_ended_screen(
    notices: Notices, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        await press(pilot, "s", "e", "y", "escape")
        assert meeting_of(app).status is Status.ENDED
        await press(pilot, "u")
        assert isinstance(app.screen, MeetingScreen)
        assert meeting_of(app).status is Status.RUNNING
        await press(pilot, "u")
        assert notices(app)[-1] == "Undone: start of the meeting"
        assert meeting_of(app).status is Status.READY
        assert "READY" in str(app.screen.query_one("#status").render())
        await press(pilot, "u")
        assert notices(app)[-1] == "Nothing to undo."


async def test_undo_is_in_the_help(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(label.render()) for label in app.screen.query("Label, Static"))
        assert "undo the last change: a tally, a share, a step, the end" in text
