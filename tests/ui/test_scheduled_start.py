"""A scheduled start on the meeting screen: the countdown, the late notice, the correction."""

from __future__ import annotations

from pathlib import Path

from facilitator.app import FacilitatorApp
from facilitator.meeting.states import Status
from facilitator.screens.dialogs import MinutesScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.widgets.status import MeetingStatus

from ..hints import MakeApp, Press, Size
from ..support.clocks import ManualClock

# The tests' wall clock reads 19:00 when the app opens.
AGENDA = '[meeting]\nname = "Tuesday"\n{start}[[steps]]\ntitle = "Welcome"\nminutes = 60\n'


def agenda_file(tmp_path: Path, start: str | None) -> Path:
    path = tmp_path / "tuesday.toml"
    line = f'start = "{start}"\n' if start is not None else ""
    path.write_text(AGENDA.format(start=line), encoding="utf-8")
    return path


def status_text(app: FacilitatorApp) -> str:
    return str(app.screen.query_one(MeetingStatus).render())


def notices(app: FacilitatorApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_ten_minutes_ahead_the_ready_screen_counts_down(
    make_app: MakeApp, clock: ManualClock, tmp_path: Path, terminal_size: Size
) -> None:
    app = make_app(clock, agenda_file(tmp_path, "19:10"))
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert "READY · starts 19:10 · in 10:00 · planned 1:00:00" in status_text(app)
        assert "would end 20:10" in status_text(app)
        clock.advance(12 * 60)
        assert isinstance(app.screen, MeetingScreen)
        app.screen.refresh_view()
        assert "starts 19:10 · 2:00 late" in status_text(app)


async def test_started_five_minutes_late_it_says_so(
    make_app: MakeApp, press: Press, clock: ManualClock, tmp_path: Path, terminal_size: Size
) -> None:
    app = make_app(clock, agenda_file(tmp_path, "18:55"))
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        await pilot.pause()
        assert "started 5 min late" in notices(app)
        assert "5:00 behind" in status_text(app)


async def test_without_a_start_the_ready_line_is_as_before(
    make_app: MakeApp, press: Press, clock: ManualClock, tmp_path: Path, terminal_size: Size
) -> None:
    app = make_app(clock, agenda_file(tmp_path, None))
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert "· starts" not in status_text(app)
        await press(pilot, "s")
        await pilot.pause()
        assert not any("late" in notice for notice in notices(app))


async def test_the_palette_says_the_meeting_started_minutes_ago(
    make_app: MakeApp, press: Press, clock: ManualClock, tmp_path: Path, terminal_size: Size
) -> None:
    app = make_app(clock, agenda_file(tmp_path, "19:00"))
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "ctrl+p")
        await pilot.pause()
        await press(pilot, *"started n minutes ago")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        await press(pilot, *"700", "enter")  # too many: it asks again
        await pilot.pause()
        assert isinstance(app.screen, MinutesScreen)
        await press(pilot, "backspace", "backspace", "backspace", *"12", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        meeting = app.screen.meeting
        assert meeting.status is Status.RUNNING
        assert meeting.elapsed() == 12 * 60
        assert "The meeting counts from 12 minutes ago" in notices(app)
