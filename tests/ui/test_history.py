"""The history screen and the timing report, on a store of meetings held on fake clocks."""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Sparkline, Static
from textual.worker import WorkerFailed

from facilitator.app import FacilitatorApp, build_app
from facilitator.records.export import suggested_path
from facilitator.records.history import (
    PastMeeting,
    listing_of,
    newest_meetings,
    past_meetings,
    report_lines,
)
from facilitator.records.report import Summary
from facilitator.screens.history import screen as history
from facilitator.screens.history.report import ReportScreen
from facilitator.screens.history.screen import ExportScreen, HistoryScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.picker import PickerScreen
from facilitator.screens.resume import ResumeScreen
from facilitator.store.database import Opened, Store, open_store
from facilitator.widgets.report_table import HistoryTable, ReportTable
from facilitator.words.past import attendance_words, step_difference

from ..data import NOV_10, NOV_17, NOV_24
from ..hints import (
    HistoryLoaded,
    HoldMeeting,
    MakeApp,
    Notices,
    OpenHistory,
    Press,
    Size,
    ThreeMeetings,
)
from ..support.clocks import ManualClock, ManualWall

Palette = Callable[[Pilot[Any], str], Awaitable[None]]
ExportTo = Callable[[Pilot[Any], Path], Awaitable[ExportScreen]]


@pytest.fixture
def store(data_dir: Path) -> Store:
    opened = open_store(data_dir, lambda: NOV_24)
    assert opened.store is not None
    return opened.store


def colour_of(cell: Text) -> tuple[int, int, int] | None:
    style = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
    return tuple(style.color.get_truecolor()) if style.color else None  # type: ignore[return-value]


def theme_colour(app: FacilitatorApp, variable: str) -> tuple[int, int, int]:
    rich_colour = Color.parse(app.theme_variables[variable]).rich_color
    return tuple(rich_colour.get_truecolor())  # type: ignore[return-value]


def cells(table: HistoryTable | ReportTable, row: int) -> list[str]:
    return [str(cell).strip() for cell in table.get_row_at(row)]


@pytest.fixture
def palette(press: Press) -> Palette:
    """A function: run a command from the command palette."""

    async def palette(pilot: Pilot[Any], command: str) -> None:
        """Run `command` from the command palette."""
        await press(pilot, "ctrl+p")
        assert isinstance(pilot.app.screen, CommandPalette)
        for key in command:
            await pilot.press(key)
        await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
        await pilot.pause(0.1)
        await press(pilot, "enter")

    return palette


# ---------------------------------------------------------------------- the pure part


def test_past_meetings_newest_first_with_their_numbers(
    three_meetings: ThreeMeetings, store: Store
) -> None:
    three_meetings(store)
    meetings = past_meetings(store)
    assert [m.started for m in meetings] == [NOV_24, NOV_17, NOV_10]
    newest = meetings[0]
    assert newest.summary.planned_seconds == 1200
    assert newest.summary.actual_seconds == 130 + 700 + 170 + 180
    assert newest.summary.shares == 4
    assert newest.tally_words() == "Attendees 12 · Newcomers 0 · Online 3"
    assert newest.agenda_words == "Tuesday Night Open Discussion · tuesday"
    assert not newest.unfinished


def test_attendance_series_is_oldest_first(three_meetings: ThreeMeetings, store: Store) -> None:
    three_meetings(store)
    (trend,) = listing_of(past_meetings(store)).trends.values()  # one agenda
    labels, counts = trend.labels, trend.counts
    assert labels == ["Attendees"]
    assert counts == [8, 14, 12]
    assert attendance_words(labels, counts) == (
        "Attendance (Attendees) over the last 3 meetings: lowest 8 · highest 14 · latest 12"
    )


def test_an_unfinished_meeting_is_replayed_to_its_last_event(
    hold_meeting: HoldMeeting, store: Store
) -> None:
    hold_meeting(store, NOV_24, counts=(5,), steps=(100, 200), shares=(90,), end=False)
    (meeting,) = past_meetings(store)
    assert meeting.unfinished
    # Replayed on a clock stopped at the last event: 100 s, then a 90 s share.
    assert meeting.summary.actual_seconds == 190
    assert meeting.summary.shares == 1
    assert meeting.length_words() == "unfinished, recorded to 3:10 of 20:00 planned"
    # Not 16:50 under: how long it ran after its last change is not known.
    total = report_lines(meeting.summary, meeting.unfinished)[-1]
    assert (total.actual, total.difference, total.over) == ("3:10", "unfinished", False)


def test_step_differences_in_words() -> None:
    assert step_difference(720, 850) == ("+2:10 over", True)
    assert step_difference(720, 720.4) == ("on time", False)
    assert step_difference(180, 150) == ("0:30 under", False)
    assert step_difference(180, 0) == ("not run", False)


def test_time_taken_off_a_share_is_removed_in_the_report(
    hold_meeting: HoldMeeting, store: Store
) -> None:
    hold_meeting(store, NOV_24, counts=(5,), steps=(100, 400, 60, 60), shares=(90,), added=-30)
    shares, total = (report_lines(past_meetings(store)[0].summary)[i] for i in (1, -1))
    assert (shares.added, total.added) == ("0:30 removed", "0:30 removed")  # not "-0:30"


def test_report_lines_and_totals(three_meetings: ThreeMeetings, store: Store) -> None:
    three_meetings(store)
    summary: Summary = past_meetings(store)[1].summary  # 17 November
    lines = report_lines(summary)
    assert [line.step for line in lines] == ["1 Welcome", "2 Shares", "3 Break", "4 Close", "Total"]
    shares = lines[1]
    assert (shares.planned, shares.actual, shares.difference, shares.over) == (
        "12:00",
        "14:10",
        "+2:10 over",
        True,
    )
    assert (shares.shares, shares.average, shares.longest, shares.added) == (
        "5",
        "2:50",
        "3:20",
        "+0:30",
    )
    assert lines[0].shares == "—" and lines[0].average == "—" and lines[0].added == "—"
    assert lines[3].difference == "0:30 under" and not lines[3].over
    total = lines[-1]
    assert (total.planned, total.actual, total.difference, total.over) == (
        "20:00",
        "21:40",
        "+1:40 over",
        True,
    )
    assert (total.shares, total.average, total.longest, total.added) == (
        "5",
        "2:50",
        "3:20",
        "+0:30",
    )


def test_export_path_does_not_pick_an_existing_file(tmp_path: Path) -> None:
    day = NOV_24.date()
    first = suggested_path(tmp_path, day)
    assert first == tmp_path / "facilitator-attendance-2026-11-24.csv"
    first.write_text("kept")
    assert suggested_path(tmp_path, day) == tmp_path / "facilitator-attendance-2026-11-24-2.csv"


# ---------------------------------------------------------------------- the screens


async def test_h_in_the_picker_opens_history_and_escape_returns(
    open_history: OpenHistory,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(history_app.screen, PickerScreen)
        footer = history_app.screen.active_bindings["h"].binding
        assert (footer.description, footer.show) == ("History", True)
        await open_history(pilot)
        await press(pilot, "escape")
        assert isinstance(history_app.screen, PickerScreen)
        assert history_app.screen.query_one(OptionList).has_focus


async def test_history_rows_show_the_meetings_newest_first(
    open_history: OpenHistory, press: Press, terminal_size: Size, history_app: FacilitatorApp
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        assert table.row_count == 3
        assert cells(table, 0) == [
            "Tue 2026-11-24 19:00",
            "20:00",
            "19:40",
            "4",
            "Attendees 12 · Newcomers 0 · Online 3",
            "Tuesday Night Open Discussion · tuesday",
        ]
        assert cells(table, 1)[:5] == [
            "Tue 2026-11-17 19:05",
            "20:00",
            "21:40",
            "5",
            "Attendees 14 · Newcomers 1 · Online 0",
        ]
        assert cells(table, 2)[2:4] == ["20:00", "3"]
        detail = str(screen.query_one("#history-detail", Static).content)
        assert "ran 19:40 of 20:00 planned, 0:20 under" in detail
        await press(pilot, "down")
        detail = str(screen.query_one("#history-detail", Static).content)
        assert "ran 21:40 of 20:00 planned, 1:40 over" in detail


async def test_the_sparkline_is_the_attendance_series(
    open_history: OpenHistory, terminal_size: Size, history_app: FacilitatorApp
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        sparkline = screen.query_one("#attendance", Sparkline)
        assert sparkline.display
        assert list(sparkline.data or []) == [8, 14, 12]
        words = str(screen.query_one("#attendance-words", Label).content)
        assert words.startswith("Attendance (Attendees) over the last 3 meetings")


async def test_enter_opens_the_timing_report_and_escape_returns(
    open_history: OpenHistory,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        await press(pilot, "down", "enter")
        report = history_app.screen
        assert isinstance(report, ReportScreen)
        assert report.meeting.started == NOV_17
        table = report.query_one(ReportTable)
        assert cells(table, 1) == [
            "2 Shares",
            "sharing",
            "12:00",
            "14:10",
            "+2:10 over",
            "5",
            "2:50",
            "3:20",
            "+0:30",
        ]
        assert cells(table, 0)[4] == "on time"
        assert cells(table, 4)[:5] == ["Total", "", "20:00", "21:40", "+1:40 over"]
        # The overrun is in colour as well as in words: the theme's warning text colour.
        over = table.get_row_at(1)[4]
        assert isinstance(over, Text)
        assert colour_of(over) == theme_colour(history_app, "text-warning")
        assert colour_of(table.get_row_at(0)[4]) is None
        length = report.query_one("#report-length", Label)
        assert str(length.content) == "Ran 21:40 of 20:00 planned, 1:40 over"
        assert length.has_class("-over")
        counts = str(report.query_one("#report-counts", Label).content)
        assert counts == "5 shares · Attendees 14 · Newcomers 1 · Online 0"
        await press(pilot, "escape")
        assert isinstance(history_app.screen, HistoryScreen)
        await press(pilot, "escape")
        assert isinstance(history_app.screen, PickerScreen)


async def test_overrun_colour_follows_the_theme(
    open_history: OpenHistory, press: Press, terminal_size: Size, history_app: FacilitatorApp
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        await press(pilot, "down", "enter")
        table = history_app.screen.query_one(ReportTable)
        seen = set()
        for theme in sorted(history_app.available_themes):
            history_app.theme = theme
            await pilot.pause()
            await pilot.pause()
            over = table.get_row_at(1)[4]
            assert str(over) == "+2:10 over"
            assert colour_of(over) == theme_colour(history_app, "text-warning"), theme
            seen.add(colour_of(over))
        assert len(seen) > 1


async def test_the_palette_opens_history_from_the_meeting_screen(
    three_meetings: ThreeMeetings,
    history_loaded: HistoryLoaded,
    palette: Palette,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    three_meetings(store)
    app = make_app(clock, store=store)  # straight into a meeting
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "1", "s")
        await palette(pilot, "history")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await history_loaded(pilot, screen)
        table = screen.query_one(HistoryTable)
        # The meeting under way is listed too, as unfinished.
        assert table.row_count == 4
        assert cells(table, 0)[2] == "under way"  # its record stops at its last change
        detail = str(screen.query_one("#history-detail", Static).content)
        assert "under way in this window" in detail and "ran 0:00" not in detail
        assert cells(table, 0)[4].startswith("Attendees 1 ·")
        await press(pilot, "escape")
        assert app.screen is not screen
        assert isinstance(app.screen, MeetingScreen)


async def test_palette_history_from_a_report_goes_back_to_the_list(
    palette: Palette,
    open_history: OpenHistory,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
) -> None:
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        await press(pilot, "enter")
        assert isinstance(history_app.screen, ReportScreen)
        await palette(pilot, "history")
        assert history_app.screen is screen
        assert sum(isinstance(s, HistoryScreen) for s in history_app.screen_stack) == 1
        await press(pilot, "escape")
        assert isinstance(history_app.screen, PickerScreen)


async def test_an_empty_history_says_so(
    open_history: OpenHistory,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        message = screen.query_one("#history-message", Static)
        assert message.display
        assert str(message.content).startswith("No meetings yet.")
        assert not screen.query_one(HistoryTable).display
        assert not screen.query_one("#attendance", Sparkline).display


async def test_without_a_store_history_says_meetings_are_not_saved(
    notices: Notices, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = build_app(clock=clock, wall=ManualWall(clock, NOV_24), opened=Opened(None))
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        message = str(screen.query_one("#history-message", Static).content)
        assert "not being saved" in message
        await press(pilot, "x")
        assert "Nothing to export" in str(notices(app))


async def test_a_resumed_prompt_answered_then_history(
    hold_meeting: HoldMeeting,
    open_history: OpenHistory,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    """An unfinished meeting asks first; declining ends it, and history lists it as ended."""
    hold_meeting(store, NOV_17, counts=(6,), steps=(120, 300), shares=(120,), end=False)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await press(pilot, "n")
        await pilot.pause()
        screen = await open_history(pilot)
        row = cells(screen.query_one(HistoryTable), 0)
        # Ended where its record stopped (the end of its share), no longer "unfinished".
        assert row[2] == "4:00"


async def test_meetings_are_read_off_the_ui_thread(
    history_loaded: HistoryLoaded,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reading = threading.Event()
    release = threading.Event()

    def slow_read(store: Store, count: int) -> list[PastMeeting]:
        reading.set()
        assert release.wait(timeout=10), "the screen never let the read finish"
        return newest_meetings(store, count)

    monkeypatch.setattr(history, "newest_meetings", slow_read)
    async with history_app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = history_app.screen
        assert isinstance(screen, HistoryScreen)
        assert reading.wait(timeout=5)
        # The database is still being read, and the screen answers keys meanwhile.
        message = screen.query_one("#history-message", Static)
        assert str(message.content) == "Reading past meetings…"
        await press(pilot, "ctrl+p")
        assert isinstance(history_app.screen, CommandPalette)
        await press(pilot, "escape")
        # (isinstance again: for mypy, comparing with `app.screen` widened `screen`)
        assert history_app.screen is screen and isinstance(screen, HistoryScreen)
        assert not screen.loaded
        release.set()
        await history_loaded(pilot, screen)
        assert screen.query_one(HistoryTable).row_count == 3


async def test_a_store_that_cannot_be_read_is_one_calm_line(
    press: Press, terminal_size: Size, history_app: FacilitatorApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(store: Store, count: int) -> list[PastMeeting]:
        raise sqlite3.DatabaseError("disk I/O error\nwith more lines that are not for a screen")

    monkeypatch.setattr(history, "newest_meetings", broken)
    async with history_app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        await history_app.workers.wait_for_complete()
        await pilot.pause()
        screen = history_app.screen
        assert isinstance(screen, HistoryScreen)  # the app did not exit with a traceback
        message = str(screen.query_one("#history-message", Static).content)
        assert message == "Past meetings could not be read: disk I/O error"


# ---------------------------------------------------------------------- export


def exported(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def export_to(press: Press) -> ExportTo:
    """A function: export the history to a file, through the export dialog."""

    async def export_to(pilot: Pilot[Any], path: Path) -> ExportScreen:
        await press(pilot, "x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportScreen)
        field = dialog.query_one(Input)
        assert field.value.endswith("facilitator-attendance-2026-11-24.csv")
        field.value = str(path)
        await press(pilot, "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        return dialog

    return export_to


async def test_x_exports_every_meeting_to_csv(
    notices: Notices,
    open_history: OpenHistory,
    export_to: ExportTo,
    terminal_size: Size,
    history_app: FacilitatorApp,
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.csv"
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        await export_to(pilot, target)
        assert isinstance(history_app.screen, HistoryScreen)
        rows = exported(target)
        assert len(rows) == 3
        assert target.stat().st_mode & 0o777 == 0o600
        messages = notices(history_app)
        assert f"3 meetings saved to {target}" in messages


async def test_export_never_replaces_a_file(
    open_history: OpenHistory,
    export_to: ExportTo,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    tmp_path: Path,
) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("the facilitator's own notes\n")
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        dialog = await export_to(pilot, target)
        # The dialog stays open and says why; the file is untouched.
        assert history_app.screen is dialog
        problem = str(dialog.query_one("#export-problem", Label).content)
        assert "already exists" in problem
        assert target.read_text() == "the facilitator's own notes\n"
        await press(pilot, "escape")
        assert isinstance(history_app.screen, HistoryScreen)


async def test_export_never_writes_in_the_data_folder(
    open_history: OpenHistory,
    export_to: ExportTo,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    (tmp_path / "data-link").symlink_to(data_dir)
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        before = sorted(data_dir.rglob("*"))
        for path in (
            data_dir / "records.csv",
            data_dir / "locks" / "records.csv",
            tmp_path / "data-link" / "settings.json",
        ):
            dialog = await export_to(pilot, path)
            assert history_app.screen is dialog  # it stays open, and says why
            problem = str(dialog.query_one("#export-problem", Label).content)
            assert problem == (
                f"{path} is in facilitator's data folder, which holds only its own files: "
                "choose a place outside it."
            )
            await press(pilot, "escape")
        assert sorted(data_dir.rglob("*")) == before


async def test_the_suggested_export_is_outside_a_data_folder_at_home(
    press: Press,
    open_history: OpenHistory,
    make_app: MakeApp,
    clock: ManualClock,
    three_meetings: ThreeMeetings,
    terminal_size: Size,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # FACILITATOR_DATA_DIR set to the home folder itself: home is no place for an export.
    monkeypatch.setenv("HOME", str(data_dir))
    store = open_store(data_dir, lambda: NOV_24).store
    assert store is not None
    three_meetings(store)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        await press(pilot, "x")
        suggested = Path(app.screen.query_one(Input).value)
        assert suggested == data_dir.parent / "facilitator-attendance-2026-11-24.csv"
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
    assert len(exported(suggested)) == 3
    store.close()


async def test_export_that_loses_a_race_replaces_nothing(
    notices: Notices,
    open_history: OpenHistory,
    terminal_size: Size,
    history_app: FacilitatorApp,
    tmp_path: Path,
) -> None:
    target = tmp_path / "race.csv"
    async with history_app.run_test(size=terminal_size) as pilot:
        screen = await open_history(pilot)
        assert history_app.store is not None
        target.write_text("arrived first\n")  # after the dialog checked, before the write
        worker = screen._export(history_app.store, target)
        with pytest.raises(WorkerFailed):
            await worker.wait()
        await pilot.pause()
        assert target.read_text() == "arrived first\n"
        messages = notices(history_app)
        assert any("already exists" in m and "not replaced" in m for m in messages)


async def test_export_says_so_when_it_is_not_available(
    notices: Notices,
    open_history: OpenHistory,
    press: Press,
    terminal_size: Size,
    history_app: FacilitatorApp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "facilitator.records.export", None)
    async with history_app.run_test(size=terminal_size) as pilot:
        await open_history(pilot)
        await press(pilot, "x")
        assert isinstance(history_app.screen, HistoryScreen)
        messages = notices(history_app)
        assert "Exporting is not available in this version of facilitator." in messages
