"""Behaviour of the meeting screen, key by key, through the Pilot on a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Label, OptionList

from facilitator.app import FacilitatorApp
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import ShareState, Status, Urgency
from facilitator.records.history import past_meetings
from facilitator.screens.dialogs import ConfirmScreen, HelpScreen, ResourcesScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.picker import PickerScreen
from facilitator.widgets.live_text import LiveText
from facilitator.widgets.room_view import BlockDigits
from facilitator.widgets.share_timer import ShareTimer
from facilitator.widgets.status import MeetingStatus
from facilitator.widgets.steps import StepList
from facilitator.widgets.tallies import TallyBar
from facilitator.words.goodbye import Outcome

from ..data import AGENDAS, TUESDAY
from ..hints import MakeApp, Notices, Press, Size
from ..support.clocks import ManualClock
from ..support.players import FakePlayer


def meeting_of(app: FacilitatorApp) -> Meeting:
    assert app.meeting is not None
    return app.meeting


def text_of(app: FacilitatorApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_opens_ready_on_step_one(
    make_app: MakeApp, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        meeting = meeting_of(app)
        assert meeting.status is Status.READY
        assert meeting.current == 0
        status = text_of(app, "#status")
        assert "Tuesday Night Open Discussion" in status
        assert "19:00" in status
        assert "READY" in status
        assert "Step 1 of 4 · Welcome" in str(app.screen.query_one("#step-title", Label).content)
        tallies = str(app.screen.query_one(TallyBar).render())
        assert "Attendees 0" in tallies and "Newcomers 0" in tallies


async def test_s_starts_and_time_passes(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        assert meeting_of(app).status is Status.RUNNING
        clock.advance(150)  # 2:30 into a 2-minute step: 30 s behind
        app.screen.refresh_view()  # type: ignore[attr-defined]
        await pilot.pause()
        status = text_of(app, "#status")
        assert "2:30 elapsed" in status
        assert "on time" in status  # under a minute off plan reads as on time
        clock.advance(60)
        app.screen.refresh_view()  # type: ignore[attr-defined]
        await pilot.pause()
        status = text_of(app, "#status")
        assert "1:30 behind" in status
        # Planned 20 minutes from 19:00, plus 1:30 over: the projected end moves.
        assert "ends 19:21" in status
        assert "OVER" in app.screen.query_one("#step-time", LiveText).text


async def test_next_and_previous_step(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "n")  # not started yet: nothing moves
        assert meeting_of(app).current == 0
        await press(pilot, "s", "n")
        assert meeting_of(app).current == 1
        assert "Shares" in str(app.screen.query_one("#step-title", Label).content)
        await press(pilot, "p")
        assert meeting_of(app).current == 0
        steps = app.screen.query_one(StepList)
        rows = steps.render_lines(Region(0, 0, *steps.size))
        assert rows[0].text.startswith("▶  1 Welcome")


async def test_share_timer_keys(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "space")
        meeting = meeting_of(app)
        share = meeting.share_view()
        assert share is not None and share.state is ShareState.RUNNING
        clock.advance(155)  # 25 s left: inside the 30 s warning
        await pilot.pause(0.3)
        timer = app.screen.query_one(ShareTimer)
        assert timer.has_class("-warning")
        assert "WARNING" in str(timer.render())
        assert "0:25 left" in str(timer.render())
        await press(pilot, "space")  # pause
        assert meeting.share_view().state is ShareState.PAUSED  # type: ignore[union-attr]
        clock.advance(60)
        await pilot.pause(0.3)
        assert "0:25 left" in str(timer.render())
        assert "paused" in str(timer.render())
        await press(pilot, "space")  # resume
        await press(pilot, "plus")
        assert meeting.share_view().remaining == pytest.approx(55)  # type: ignore[union-attr]
        await press(pilot, "minus", "minus")
        assert meeting.share_view().remaining == pytest.approx(-5)  # type: ignore[union-attr]
        await pilot.pause(0.3)
        assert timer.has_class("-time")
        rendered = str(timer.render())
        assert "TIME" in rendered and "+0:05" in rendered
        assert "0:30 removed" in rendered and "-0:30" not in rendered
        await press(pilot, "enter")
        assert meeting.share is None
        assert len(meeting.shares) == 1
        assert "1 share done" in str(timer.render())
        assert "average 2:35" in str(timer.render())


async def test_time_up_plays_its_tones_once_and_rings_no_bell(
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    recording_player: FakePlayer,
) -> None:
    app = make_app(clock)
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(181)
        await pilot.pause(0.5)
        clock.advance(30)
        await pilot.pause(0.5)
        assert recording_player.cues(recording_player.wait_for(1)) == ["time"]
        assert rings == []
        assert "TIME" in str(app.screen.query_one(ShareTimer).render())
        assert "+0:31" in str(app.screen.query_one(ShareTimer).render())


async def test_space_on_a_reading_step_says_why(
    notices: Notices, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "space")
        await pilot.pause()
        assert meeting_of(app).share is None
        assert any("sharing steps" in n for n in notices(app))


async def test_waiting_and_suggested_share_length(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "w", "w", "w", "w", "W")
        meeting = meeting_of(app)
        floor = app.floor
        assert floor is not None and floor.waiting() == 3
        # 12 minutes for 3 people: 4:00 each.
        assert floor.suggested_share_seconds() == 240
        panel = str(app.screen.query_one(ShareTimer).render())
        assert "suggested 4:00" in panel and "3 waiting · 3 in the room" in panel
        await press(pilot, "a")
        assert meeting.next_share_seconds() == 240
        await press(pilot, "space")
        assert meeting.share_view().allotted == 240  # type: ignore[union-attr]
        assert floor.waiting() == 2


async def test_tally_keys_and_undo(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "1", "1", "2", "3", "9")
        meeting = meeting_of(app)
        assert meeting.tallies == {"attendees": 2, "newcomers": 1, "online": 1}
        tallies = str(app.screen.query_one(TallyBar).render())
        assert "Attendees 2" in tallies and "Online 1" in tallies
        await press(pilot, "u")
        assert meeting.tallies == {"attendees": 2, "newcomers": 1, "online": 0}
        await press(pilot, "u", "u")
        assert meeting.tallies == {"attendees": 1, "newcomers": 0, "online": 0}
        await press(pilot, "u", "u")
        assert meeting.tallies == {"attendees": 0, "newcomers": 0, "online": 0}


async def test_resources_open_and_close(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "r")
        assert isinstance(app.screen, ResourcesScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "supplements professional treatment" in shown
        assert "Call or text 988" in shown and "116 123" in shown
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingScreen)


async def test_big_view_toggles(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(170)
        await press(pilot, "b")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-big")
        assert screen.query_one("#room").display
        assert not screen.query_one("#body").display
        assert screen.query_one(BlockDigits).text == "0:10"
        state = screen.query_one("#room-state", LiveText).text
        assert state == "SHARE 1 · WARNING · 0:10 LEFT"
        await press(pilot, "b")
        assert not screen.has_class("-big")
        await press(pilot, "b", "escape")  # Escape closes it too
        assert not screen.has_class("-big")
        assert screen.query_one("#body").display


async def test_help_lists_every_key(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [str(label.content) for label in app.screen.query(".help-key").results(Label)]
        for key in ["s", "n / p", "space", "enter", "+ / -", "1-9", "u", "r", "b", "?", "q"]:
            assert key in keys
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingScreen)


async def test_command_palette_jumps_to_a_step(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "ctrl+p")
        await pilot.pause()
        await press(pilot, *"go to step 3")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await pilot.pause()
        assert meeting_of(app).current == 2


async def test_q_before_start_leaves_at_once(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "q")
        await pilot.pause()
    assert app.return_value == Outcome(meeting_of(app).agenda, Status.READY)


async def test_q_while_running_asks_and_y_confirms(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "q")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "escape")  # stay
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "q", "n")
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "q", "y")
        await pilot.pause()
    assert app.return_value is not None
    assert app.return_value.status is Status.RUNNING


async def test_last_step_ends_with_the_closing_reminder(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "n", "n")
        meeting = meeting_of(app)
        assert meeting.current == 3
        # The closing step shows the reminder and resources under its script.
        closing = app.screen.query_one("#step-closing")
        assert closing.display
        # One `n` too many must not end a meeting: the last one asks, as `e` does.
        await press(pilot, "n")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "escape")
        assert meeting.status is Status.RUNNING and meeting.current == 3
        await press(pilot, "n", "y")
        assert meeting.status is Status.ENDED
        assert isinstance(app.screen, ResourcesScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "supplements professional treatment" in shown
        await press(pilot, "escape")
        assert "ENDED" in text_of(app, "#status")
        await press(pilot, "q")
        await pilot.pause()
    assert app.return_value is not None and app.return_value.status is Status.ENDED


async def test_ending_early_shows_the_reminder(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "e")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        await pilot.pause()
        assert meeting_of(app).status is Status.ENDED
        assert isinstance(app.screen, ResourcesScreen)


async def test_step_timer_warns_in_words(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        clock.advance(100)  # 20 s left of 2:00
        await pilot.pause(0.3)
        label = app.screen.query_one("#step-time", LiveText)
        assert "0:20 left" in label.text
        assert label.has_class("-warning")
        assert meeting_of(app).step_urgency() is Urgency.WARNING


async def test_picker_opens_the_first_agenda(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0
        assert options.option_count >= 3
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert app.agenda is not None
        assert app.agenda.meeting.name == app.screen.agenda.meeting.name


async def test_picker_lists_user_agendas_and_refuses_bad_ones(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock, data_dir: Path
) -> None:
    agendas = data_dir / "agendas"
    agendas.mkdir(parents=True)
    (agendas / "zz-broken.toml").write_text('[meeting]\nname = "Broken"\n', encoding="utf-8")
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        options = app.screen.query_one(OptionList)
        last = options.option_count - 1
        options.highlighted = last
        await pilot.pause()
        detail = str(app.screen.query_one("#picker-detail").render())
        assert "zz-broken.toml: steps: missing required key" in detail
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)


async def test_narrow_terminal_hides_the_step_list(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(60, 18)) as pilot:
        await press(pilot, "s", "n", "space")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow")
        assert not screen.query_one("#left-pane").display
        assert screen.query_one(ShareTimer).region.height > 0
        assert screen.query_one(MeetingStatus).region.height == 2


async def test_q_on_the_resources_of_a_running_meeting_still_asks(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "r", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingScreen)
        assert app.return_value is None


async def test_ctrl_q_asks_too(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


@pytest.mark.parametrize("agenda", [TUESDAY, None], ids=["meeting", "picker"])
async def test_ctrl_c_says_how_to_leave_and_leaves_nothing(
    notices: Notices,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    agenda: Path | None,
) -> None:
    app = make_app(clock, agenda)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        if agenda is not None:
            await press(pilot, "s")
        screen = app.screen
        await press(pilot, "ctrl+c")
        assert app.screen is screen and app.return_value is None
        assert notices(app) == [
            "ctrl+c does not quit: press ctrl+q to leave (a running meeting asks first)"
        ]


async def test_every_built_in_theme_renders_the_states_in_words(
    make_app: MakeApp, press: Press, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(60, 18)) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(185)
        app.screen.refresh_view()  # type: ignore[attr-defined]
        themes = sorted(app.available_themes)
        assert len(themes) > 5
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            rendered = str(app.screen.query_one(ShareTimer).render())
            assert "TIME" in rendered and "+0:05" in rendered, theme
            assert app.screen.query_one(ShareTimer).has_class("-time")


async def test_a_crash_report_shows_no_local_values(
    make_app: MakeApp,
    terminal_size: Size,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken(self: MeetingScreen) -> None:
        count_in_the_room = "tally-value-" + str(6 * 2057)  # the value is not in the source
        raise RuntimeError(f"broken big view {len(count_in_the_room)}")

    monkeypatch.setattr(MeetingScreen, "action_big", broken)
    app = make_app(clock)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=terminal_size) as pilot:
            await pilot.press("b")
            await pilot.pause()
    out, err = capsys.readouterr()
    report = " ".join((out + err).split())
    assert "broken big view 17" in report
    assert "tally-value-12342" not in report  # no local values in the report
    assert "run facilitator again to resume" in report


async def test_the_screen_reads_true_after_a_sleep(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(30)
        clock.advance(20 * 60)  # asleep: no tick ran meanwhile
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        screen.refresh_view()  # what the next tick does
        await pilot.pause()
        share = str(screen.query_one(ShareTimer).render())
        assert "+17:30 over" in share and "TIME" in share
        assert "20:30 elapsed" in str(screen.query_one("#status").render())


async def test_the_script_follows_the_step(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    from facilitator.widgets.script import Script

    app = make_app(clock, agenda_path=AGENDAS / "open-discussion.toml")
    async with app.run_test(size=terminal_size) as pilot:
        script = app.screen.query_one("#script", Script)
        first = script.markdown
        assert first and len(script.children) == 4
        await press(pilot, "s", "n")
        assert script.markdown != first
        assert [type(child).__name__ for child in script.children] == [
            "Static",
            "ScriptBlock",
            "ScriptBlock",
            "ScriptBlock",
            "Static",
        ]


async def test_moving_on_while_a_share_runs_says_which_share_ended(
    notices: Notices, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        await press(pilot, "s", "n", "space", "enter", "space")
        clock.advance(20)
        await press(pilot, "n")
        assert meeting_of(app).current == 2
        assert "Share 2 ended with the step · u brings it back" in notices(app)


async def test_steps_that_never_ran_are_skipped_not_done(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        clock.advance(60)
        await press(pilot, "n", "e", "y", "escape")
        rows = [meeting_of(app).step_view(index) for index in range(4)]
        assert [(row.done, row.skipped) for row in rows] == [
            (True, False),  # Welcome ran
            (True, False),  # Shares was current when the meeting ended
            (False, True),  # Break and Close never ran
            (False, True),
        ]
        steps = app.screen.query_one("#steps")
        drawn = [steps.render_line(y).text for y in range(4)]
        assert [row[:10] for row in drawn] == [
            "✓  1 Welco",
            "✓  2 Share",
            "–  3 Break",
            "–  4 Close",
        ]


async def test_counts_go_on_after_the_end_and_reach_the_record(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "e", "y")
        assert isinstance(app.screen, ResourcesScreen)
        # The closing reminder still counts: a late arrival, a newcomer, one undone.
        await press(pilot, "1", "2", "2", "u")
        meeting = meeting_of(app)
        assert meeting.status is Status.ENDED
        assert (meeting.tallies["attendees"], meeting.tallies["newcomers"]) == (2, 1)
        await press(pilot, "escape", "1")  # and so does the meeting screen after it
        assert meeting.tallies["attendees"] == 3
        store = app.store
        assert store is not None
        (past,) = past_meetings(store)  # the history and the export read this summary
        assert past.summary.tallies == {"attendees": 3, "newcomers": 1, "online": 0}
