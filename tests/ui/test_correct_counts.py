"""Correcting a past meeting's counts from the history: `c`, a field per category, Enter."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Sparkline, Static

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.screens.history.correct import CorrectScreen
from facilitator.screens.history.report import ReportScreen
from facilitator.screens.history.screen import HistoryScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.resume import ResumeScreen
from facilitator.store.database import Opened, Store, open_store
from facilitator.widgets.report_table import HistoryTable

from ..data import NOV_24, TUESDAY, WALL_START
from ..hints import (
    HistoryLoaded,
    LeaveUnfinished,
    MakeApp,
    Notices,
    OpenHistory,
    Press,
    RecordMeeting,
    Size,
)
from ..support.clocks import ManualClock, ManualWall

OpenDialog = Callable[[Pilot[Any]], Awaitable[CorrectScreen]]
Settled = Callable[[Pilot[Any]], Awaitable[None]]
NAME = "Tuesday Night Open Discussion"


def row(screen: HistoryScreen, index: int) -> list[str]:
    return [str(cell).strip() for cell in screen.query_one(HistoryTable).get_row_at(index)]


def stored_rows(store: Store) -> list[tuple[object, ...]]:
    """Every meeting's summary and events as the database has them."""
    db = store.connection
    meetings = db.execute("SELECT id, summary_json FROM meetings ORDER BY id").fetchall()
    events = db.execute("SELECT * FROM events ORDER BY meeting_id, seq").fetchall()
    return [*meetings, *events]


@pytest.fixture
def answered() -> Settled:
    """A function: wait for the history's workers, and for what they set off on the screen."""

    async def answered(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    return answered


@pytest.fixture
def open_dialog(press: Press, answered: Settled) -> OpenDialog:
    """A function: `c` on the highlighted meeting, and the dialog it opens."""

    async def open_dialog(pilot: Pilot[Any]) -> CorrectScreen:
        await press(pilot, "c")
        await answered(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, CorrectScreen)
        return dialog

    return open_dialog


async def test_c_opens_the_counts_of_the_highlighted_meeting(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        # The footer shows the key.
        binding = screen.active_bindings["c"].binding
        assert (binding.description, binding.show) == ("Correct counts", True)
        await press(pilot, "down")  # 17 November
        dialog = await open_dialog(pilot)
        labels = [str(label.content) for label in dialog.query(".count-label").results(Label)]
        assert labels == ["Attendees", "Newcomers", "Online"]
        assert [field.value for field in dialog.query(Input)] == ["14", "1", "0"]
        assert dialog.query_one("#count-0", Input).has_focus
        assert str(dialog.query_one("#correct-when", Label).content) == "Tue 17 Nov 2026 19:05"


async def test_a_count_corrected_shows_in_the_row_the_detail_and_the_report(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    notices: Notices,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    store: Store,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        assert row(screen, 0)[4] == "Attendees 12 · Newcomers 0 · Online 3"
        await open_dialog(pilot)
        await press(pilot, "tab", "2", "enter")  # the field's count is selected: 2 replaces it
        await answered(pilot)
        assert history_app.screen is screen
        assert row(screen, 0)[4] == "Attendees 12 · Newcomers 2 · Online 3"
        detail = str(screen.query_one("#history-detail", Static).content)
        assert detail.endswith("Attendees 12 · Newcomers 2 · Online 3")
        assert "Corrected: Newcomers 0 → 2" in notices(history_app)
        last = store.get(screen.meetings[0].id).events[-1]
        assert (last.kind, last.value) == (
            "correction",
            '{"category":"newcomers","from":0,"to":2}',
        )
        await press(pilot, "enter")
        report = history_app.screen
        assert isinstance(report, ReportScreen)
        counts = str(report.query_one("#report-counts", Label).content)
        assert counts == "4 shares · Attendees 12 · Newcomers 2 · Online 3"
        corrections = str(report.query_one("#report-corrections", Static).content)
        assert corrections == "Counts corrected 19:00: Newcomers 0 → 2"  # the app's wall clock


async def test_the_save_button_saves_and_the_attendance_series_follows(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    notices: Notices,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        await press(pilot, "down")
        dialog = await open_dialog(pilot)
        dialog.query_one("#count-0", Input).value = "15"
        await pilot.click("#correct-save")
        await answered(pilot)
        assert history_app.screen is screen
        assert row(screen, 1)[4] == "Attendees 15 · Newcomers 1 · Online 0"
        assert list(screen.query_one("#attendance", Sparkline).data or []) == [8, 15, 12]
        assert "Corrected: Attendees 14 → 15" in notices(history_app)
        await press(pilot, "enter")
        report = history_app.screen
        assert isinstance(report, ReportScreen)
        # Corrected on another day than the meeting's: the day is said too.
        corrections = str(report.query_one("#report-corrections", Static).content)
        assert corrections == "Counts corrected Tue 24 Nov 2026 19:00: Attendees 14 → 15"


async def test_escape_writes_nothing(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    notices: Notices,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    store: Store,
) -> None:
    kept = stored_rows(store)
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        await open_dialog(pilot)
        await press(pilot, "9", "escape")
        await answered(pilot)
        assert history_app.screen is screen
        assert row(screen, 0)[4] == "Attendees 12 · Newcomers 0 · Online 3"
        assert not any("orrected" in notice for notice in notices(history_app))
    assert stored_rows(store) == kept


async def test_saving_the_counts_as_they_were_writes_nothing(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    notices: Notices,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    store: Store,
) -> None:
    kept = stored_rows(store)
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        await open_dialog(pilot)
        await press(pilot, "enter")
        await answered(pilot)
        assert "Nothing corrected: the counts are as they were." in notices(history_app)
    assert stored_rows(store) == kept


async def test_a_count_that_is_not_one_gets_one_line_and_nothing_is_saved(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    store: Store,
) -> None:
    kept = stored_rows(store)
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        dialog = await open_dialog(pilot)
        problem = dialog.query_one("#correct-problem", Label)
        newcomers = dialog.query_one("#count-1", Input)
        # Only digits are typed, four at most; a letter is not (nor is it the history's x).
        await press(pilot, "tab", "x", "-", "1", "2", "3", "4", "5")
        assert history_app.screen is dialog
        assert newcomers.value == "1234"
        await press(pilot, "backspace", "backspace", "backspace", "backspace", "enter")
        assert history_app.screen is dialog
        assert str(problem.content) == "Newcomers: a whole number from 0 to 9999, please."
        dialog.query_one("#count-2", Input).value = "3a"  # as if pasted past the filter
        newcomers.value = "7"
        await press(pilot, "enter")
        assert str(problem.content) == "Online: a whole number from 0 to 9999, please."
        assert dialog.query_one("#count-2", Input).has_focus
        await press(pilot, "escape")
        await answered(pilot)
        assert isinstance(history_app.screen, HistoryScreen)
    assert stored_rows(store) == kept


async def test_a_problem_goes_once_the_count_is_put_right(
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        dialog = await open_dialog(pilot)
        problem = dialog.query_one("#correct-problem", Label)
        await press(pilot, "tab", "backspace", "backspace", "backspace", "backspace")
        assert str(problem.content) == ""  # not judged while it is being typed
        dialog.query_one("#count-2", Input).value = ""
        await press(pilot, "enter")
        assert str(problem.content) == "Newcomers: a whole number from 0 to 9999, please."
        await press(pilot, "2")
        # Newcomers is right now: the line names the count still wrong, then goes.
        assert str(problem.content) == "Online: a whole number from 0 to 9999, please."
        dialog.query_one("#count-2", Input).value = "4"
        await pilot.pause()
        assert str(problem.content) == ""
        await press(pilot, "enter")
        await answered(pilot)
        assert isinstance(history_app.screen, HistoryScreen)


async def test_labels_are_shown_as_typed(
    make_app: MakeApp,
    open_history: OpenHistory,
    open_dialog: OpenDialog,
    answered: Settled,
    notices: Notices,
    press: Press,
    recorded_meeting: RecordMeeting,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    path = tmp_path / "marked.toml"
    path.write_text(
        '[meeting]\nname = "[b]Group[/b]"\n[[steps]]\ntitle = "Shares"\nminutes = 10\n'
        '[[attendance]]\nid = "bold"\nlabel = "[b]x[/b]"\n'
        '[[attendance]]\nid = "action"\nlabel = "[@click=app.quit]y[/]"\n',
        encoding="utf-8",
    )
    held = recorded_meeting(store, load_agenda(path), "marked", NOV_24)
    held.tally(0, 2)
    held.finish()
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        dialog = await open_dialog(pilot)
        labels = [str(label.content) for label in dialog.query(".count-label").results(Label)]
        assert labels == ["[b]x[/b]", "[@click=app.quit]y[/]"]
        assert str(dialog.query_one(".heading", Label).content) == "[b]Group[/b]"
        for offset in range(0, 20, 2):  # text, not an action
            await pilot.click(dialog.query(".count-label")[1], offset=(offset, 0))
        assert app.is_running and app.screen is dialog
        dialog.query_one("#count-0", Input).focus()
        await press(pilot, "3", "tab", "1", "enter")
        await answered(pilot)
        assert app.is_running and app.screen is screen
        assert "Corrected: [b]x[/b] 2 → 3 · [@click=app.quit]y[/] 0 → 1" in notices(app)
        await press(pilot, "enter")
        corrections = str(app.screen.query_one("#report-corrections", Static).content)
        assert corrections == "Counts corrected 19:00: [b]x[/b] 2 → 3 · [@click=app.quit]y[/] 0 → 1"


async def test_a_meeting_running_in_another_window_is_corrected_there(
    make_app: MakeApp,
    open_history: OpenHistory,
    answered: Settled,
    notices: Notices,
    press: Press,
    recorded_meeting: RecordMeeting,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    data_dir: Path,
) -> None:
    other = open_store(data_dir, lambda: WALL_START).store
    assert other is not None
    held = recorded_meeting(other, load_agenda(TUESDAY), "tuesday", NOV_24)
    held.tally(0, 4)
    held.finish()  # ended, its window still open: it can count on there
    kept = stored_rows(store)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        await press(pilot, "c")
        await answered(pilot)
        assert app.screen is screen  # no dialog
        assert f"{NAME} is running in another window: correct it there." in notices(app)
    assert stored_rows(store) == kept
    other.close()


async def test_the_meeting_of_this_window_is_counted_on_its_screen(
    make_app: MakeApp,
    history_loaded: HistoryLoaded,
    answered: Settled,
    notices: Notices,
    press: Press,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    app = make_app(clock, store=store)  # straight into a meeting
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "1", "s")
        app.action_history()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await history_loaded(pilot, screen)
        await press(pilot, "c")
        await answered(pilot)
        assert app.screen is screen
        assert f"{NAME} is the meeting in this window: count on its screen (1-9, u undoes)." in (
            notices(app)
        )


async def test_a_meeting_that_never_ended_is_not_corrected(
    make_app: MakeApp,
    leave_unfinished: LeaveUnfinished,
    open_history: OpenHistory,
    answered: Settled,
    notices: Notices,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    data_dir: Path,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await press(pilot, "escape")  # not now
        screen = await open_history(pilot)
        await press(pilot, "c")
        await answered(pilot)
        assert app.screen is screen
        assert any("never ended: resume it" in notice for notice in notices(app))


async def test_without_a_store_there_is_nothing_to_correct(
    notices: Notices, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = build_app(clock=clock, wall=ManualWall(clock, NOV_24), opened=Opened(None))
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h", "c")
        assert isinstance(app.screen, HistoryScreen)
        assert "Nothing to correct: meetings are not being saved." in notices(app)
