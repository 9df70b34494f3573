"""The history of a long record: the newest meetings at once, every meeting reachable, and
only a few pages of them in memory, whatever the number of meetings kept."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Label, Static

from facilitator.records import history as records
from facilitator.records.history import KEPT_PAGES, PAGE_ROWS, Listing, PastMeeting
from facilitator.screens.history import screen as history
from facilitator.screens.history.screen import HistoryScreen
from facilitator.store.database import Store, StoredMeeting
from facilitator.store.schema import iso
from facilitator.widgets.report_table import HistoryTable

from ..data import NOV_10
from ..hints import HoldMeeting, MakeApp, Press, Size
from ..support.clocks import ManualClock

Fill = Callable[[int], None]
Loaded = Callable[[Pilot[Any], HistoryScreen], Awaitable[None]]
MEETINGS = 10_000


@pytest.fixture
def fill(hold_meeting: HoldMeeting, store: Store) -> Fill:
    """A function: `count` ended meetings in the store, a day apart from 10 November 2026
    back, each with 3 attendees the first and the number of days back the others."""

    def fill(count: int) -> None:
        hold_meeting(store, NOV_10, counts=(3,), steps=(120, 720, 180, 180), shares=(180,))
        db = store.connection
        (row,) = db.execute(
            "SELECT agenda, agenda_path, meeting, agenda_json, created_at, started_at, ended_at,"
            " summary_json FROM meetings"
        ).fetchall()
        summary = str(row[7])
        older = []
        for days in range(1, count):
            when = iso(NOV_10 - timedelta(days=days))
            tallied = summary.replace('"attendees":3', f'"attendees":{days % 50}')
            older.append((*row[:4], when, when, when, tallied))
        with store.transaction():
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO meetings (agenda, agenda_path, meeting, agenda_json, created_at,"
                " started_at, ended_at, summary_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                older,
            )

    return fill


@pytest.fixture
def loaded() -> Loaded:
    """A function: wait until a history screen has listed every meeting and read what it
    shows (a long record is listed in a second worker, after the first screenful)."""

    async def loaded(pilot: Pilot[Any], screen: HistoryScreen) -> None:
        for _ in range(500):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            if screen.loaded and not screen.reading_pages:
                break
        assert screen.loaded and not screen.reading_pages
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return loaded


def drawn(table: HistoryTable) -> list[str]:
    """The lines the table draws now (not a scrollbar's)."""
    lines = [strip.text for strip in table.render_lines(table.size.region)]
    return lines[: table.scrollable_content_region.height]


def alive(kind: type) -> int:
    gc.collect()
    return sum(isinstance(thing, kind) for thing in gc.get_objects())


async def test_the_oldest_of_ten_thousand_meetings_is_reached_at_the_end(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    fill(MEETINGS)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await loaded(pilot, screen)
        table = screen.query_one(HistoryTable)
        assert table.row_count == MEETINGS
        title = str(screen.query_one("#history-title", Label).content)
        assert title == "Past meetings · 10000"
        words = str(screen.query_one("#attendance-words", Label).content)
        assert words.startswith("Attendance (Attendees) over the last 10000 meetings")
        await press(pilot, "ctrl+end")
        await loaded(pilot, screen)
        oldest = NOV_10 - timedelta(days=MEETINGS - 1)
        assert table.cursor_row == MEETINGS - 1
        cells = [cell.strip() for cell in table.get_row_at(MEETINGS - 1)]
        assert cells[:4] == [f"{oldest:%a %Y-%m-%d} 19:00", "20:00", "20:00", "1"]
        assert f"{oldest:%a %Y-%m-%d} 19:00" in drawn(table)[-1]
        detail = str(screen.query_one("#history-detail", Static).content)
        assert f"{oldest:%a %d %b %Y}" in detail
        await press(pilot, "ctrl+home")
        await loaded(pilot, screen)
        assert "Tue 2026-11-10 19:00" in drawn(table)[1]


async def test_a_screenful_of_ten_thousand_meetings_holds_a_few_pages(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(MEETINGS)
    read: list[int] = []
    by_id = Store.meetings_by_id

    def counted(self: Store, ids: Sequence[int]) -> list[StoredMeeting]:
        read.append(len(ids))
        return by_id(self, ids)

    monkeypatch.setattr(Store, "meetings_by_id", counted)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await loaded(pilot, screen)
        assert sum(read) <= 2 * PAGE_ROWS  # the first page, and maybe the next
        assert alive(PastMeeting) <= 2 * PAGE_ROWS
        for _ in range(20):  # half the record, a page of the screen at a time
            await press(pilot, "pagedown")
        await press(pilot, "ctrl+end")
        await loaded(pilot, screen)
        assert len(screen.meetings) <= KEPT_PAGES * PAGE_ROWS
        assert alive(PastMeeting) <= KEPT_PAGES * PAGE_ROWS
        assert sum(read) < MEETINGS / 10  # what was shown, and around it


async def test_each_row_is_measured_once_when_read_never_again(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(MEETINGS)
    measured: list[int] = []
    widen = HistoryTable.widen

    def counted(self: HistoryTable, rows: Any) -> None:
        rows = list(rows)
        measured.append(len(rows))
        widen(self, rows)

    read: list[int] = []
    by_id = Store.meetings_by_id

    def reading(self: Store, ids: Sequence[int]) -> list[StoredMeeting]:
        read.append(len(ids))
        return by_id(self, ids)

    monkeypatch.setattr(HistoryTable, "widen", counted)
    monkeypatch.setattr(Store, "meetings_by_id", reading)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await loaded(pilot, screen)
        await press(pilot, "pagedown", "pagedown", "pagedown", "ctrl+end", "ctrl+home")
        await loaded(pilot, screen)
    # Every row read was measured as it came, once; the 10,000 listed were never measured.
    assert sum(measured) == sum(read)
    assert sum(measured) < MEETINGS / 10


async def test_the_first_screenful_is_shown_before_the_rest_is_listed(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(3 * PAGE_ROWS)
    listing = threading.Event()
    release = threading.Event()
    listed_ids = Store.listed_meeting_ids

    def slow_listing(self: Store) -> Sequence[int]:
        listing.set()
        assert release.wait(timeout=10), "the screen never let the listing finish"
        return listed_ids(self)

    monkeypatch.setattr(Store, "listed_meeting_ids", slow_listing)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert listing.wait(timeout=10)
        await pilot.pause()
        table = screen.query_one(HistoryTable)
        # The newest page is listed and drawn while the rest is still being listed.
        assert not screen.loaded
        assert table.display and table.row_count == PAGE_ROWS
        assert "Tue 2026-11-10 19:00" in drawn(table)[1]
        title = str(screen.query_one("#history-title", Label).content)
        assert title == "Past meetings"
        words = str(screen.query_one("#attendance-words", Label).content)
        assert words == "Reading past meetings…"
        await press(pilot, "down")  # keys are answered meanwhile
        assert table.cursor_row == 1
        assert "Mon 09 Nov 2026" in str(screen.query_one("#history-detail", Static).content)
        release.set()
        await loaded(pilot, screen)
        assert table.row_count == 3 * PAGE_ROWS
        assert table.cursor_row == 1  # the cursor stayed on its meeting
        title = str(screen.query_one("#history-title", Label).content)
        assert title == f"Past meetings · {3 * PAGE_ROWS}"
        words = str(screen.query_one("#attendance-words", Label).content)
        assert words.startswith(f"Attendance (Attendees) over the last {3 * PAGE_ROWS} meetings")


async def test_every_meeting_is_reached_before_the_attendance_series_is_read(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(3 * PAGE_ROWS)
    series = threading.Event()
    release = threading.Event()

    def slow_series(store: Store) -> Listing:
        series.set()
        assert release.wait(timeout=10), "the screen never let the series be read"
        return records.listing(store)

    monkeypatch.setattr(history, "listing", slow_series)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert series.wait(timeout=10)
        for _ in range(100):
            await pilot.pause()
            if screen.query_one(HistoryTable).row_count == 3 * PAGE_ROWS:
                break
        table = screen.query_one(HistoryTable)
        assert table.row_count == 3 * PAGE_ROWS and not screen.loaded
        title = str(screen.query_one("#history-title", Label).content)
        assert title == f"Past meetings · {3 * PAGE_ROWS}"
        await press(pilot, "ctrl+end")
        for _ in range(100):
            await pilot.pause()
            if not screen.reading_pages:
                break
        oldest = NOV_10 - timedelta(days=3 * PAGE_ROWS - 1)
        assert f"{oldest:%a %Y-%m-%d} 19:00" in drawn(table)[-1]
        words = str(screen.query_one("#attendance-words", Label).content)
        assert words == "Reading past meetings…"
        release.set()
        await loaded(pilot, screen)
        words = str(screen.query_one("#attendance-words", Label).content)
        assert words.startswith(f"Attendance (Attendees) over the last {3 * PAGE_ROWS} meetings")
        assert table.cursor_row == 3 * PAGE_ROWS - 1  # the series moved nothing


async def test_a_damaged_meeting_far_back_is_one_calm_line_when_reached(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    fill(3 * PAGE_ROWS)
    with store.transaction() as db:
        # JSON, but not a summary: the list reads it, the meeting cannot be summed up.
        db.execute(
            "UPDATE meetings SET summary_json = '{\"tallies\": {}}'"
            " WHERE id = (SELECT max(id) FROM meetings)"  # the oldest
        )
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await loaded(pilot, screen)
        table = screen.query_one(HistoryTable)
        assert table.display
        await press(pilot, "ctrl+end")
        for _ in range(100):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not table.display:
                break
        assert app.screen is screen  # no traceback, no exit
        message = str(screen.query_one("#history-message", Static).content)
        assert message == "Past meetings could not be read: 'planned_seconds'"


async def test_a_meeting_added_while_listing_keeps_rows_and_counts_together(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The newest page is read before the listing: a meeting recorded in between (in another
    window) moves every row down one; the page read before is not shown in the wrong rows."""
    fill(2 * PAGE_ROWS)
    newest = records.newest_meetings

    def then_one_more(store: Store, count: int) -> list[PastMeeting]:
        found = newest(store, count)
        with store.transaction() as db:
            db.execute(
                "INSERT INTO meetings (agenda, agenda_path, meeting, agenda_json, created_at,"
                " started_at, ended_at, summary_json) SELECT agenda, agenda_path, meeting,"
                " agenda_json, ?, ?, ?, summary_json FROM meetings WHERE id = 1",
                (iso(NOV_10 + timedelta(days=1)),) * 3,
            )
        return found

    monkeypatch.setattr(history, "newest_meetings", then_one_more)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await loaded(pilot, screen)
        table = screen.query_one(HistoryTable)
        assert table.row_count == 2 * PAGE_ROWS + 1
        assert table.get_row_at(0)[0] == "Wed 2026-11-11 19:00"
        assert table.get_row_at(1)[0] == "Tue 2026-11-10 19:00"


class Rows:
    """Rows for a table on its own: the second is not read yet."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def cells(self, index: int) -> tuple[str, ...] | None:
        return None if index == 1 else self.rows[index]


class OneTable(App[None]):
    def __init__(self, rows: Rows) -> None:
        super().__init__()
        self.rows = rows
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        headings = [Text("Name"), Text("Count", justify="right")]
        yield HistoryTable(headings, right_aligned=[1], id="table")
        yield Static("", id="under")

    def on_mount(self) -> None:
        table = self.query_one(HistoryTable)
        table.widen(row for index, row in enumerate(self.rows.rows) if index != 1)
        table.show(self.rows)

    def on_history_table_row_selected(self, event: HistoryTable.RowSelected) -> None:
        self.chosen.append(event.row)


async def test_cells_are_shown_as_typed_and_numbers_to_the_right() -> None:
    rows = Rows(
        [("[b]Group[/b] :x: \\o/", "7"), ("not read", "123456789"), ("[@click=quit]", "12")]
    )
    app = OneTable(rows)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        table = app.query_one(HistoryTable)
        lines = [line.rstrip() for line in drawn(table)]
        assert lines[:4] == [
            " Name                  Count",
            " [b]Group[/b] :x: \\o/      7",
            "",  # not read yet: a blank row, its page is being read
            " [@click=quit]            12",
        ]
        # The cells as given, and the not read row as empty cells.
        assert table.get_row_at(0) == ["[b]Group[/b] :x: \\o/", "7"]
        assert table.get_row_at(1) == ["", ""]
        await pilot.click(HistoryTable, offset=(3, 3))
        assert (table.cursor_row, app.chosen) == (2, [])
        await pilot.click(HistoryTable, offset=(3, 3))  # the highlighted row: chosen
        assert app.chosen == [2]


async def test_the_cursor_stays_in_view_when_the_table_gets_shorter() -> None:
    """The detail under the history's table grows a line for a long name: the row it tells
    of stays in view."""
    app = OneTable(Rows([(f"Meeting {n}", str(n)) for n in range(100)]))
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(HistoryTable)
        table.styles.height = "1fr"
        await pilot.press("ctrl+end")
        assert drawn(table)[-1].startswith(" Meeting 99")
        app.query_one("#under", Static).update("a detail\non three\nlines")
        await pilot.pause()
        assert table.cursor_row == 99
        assert drawn(table)[-1].startswith(" Meeting 99")


@pytest.mark.parametrize("count", [1, PAGE_ROWS - 1, PAGE_ROWS, PAGE_ROWS + 1])
async def test_around_a_page_every_meeting_is_listed_once(
    count: int,
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    terminal_size: Size,
    store: Store,
    clock: ManualClock,
) -> None:
    fill(count)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await loaded(pilot, screen)
        table = screen.query_one(HistoryTable)
        assert table.row_count == count
        title = str(screen.query_one("#history-title", Label).content)
        assert title == f"Past meetings · {count}"
        await press(pilot, "ctrl+end")
        await loaded(pilot, screen)
        oldest = NOV_10 - timedelta(days=count - 1)
        assert table.get_row_at(count - 1)[0] == f"{oldest:%a %Y-%m-%d} 19:00"


def test_the_newest_meetings_come_from_the_index_of_start_times(store: Store) -> None:
    """However many meetings there are, the first screenful reads only its own rows."""
    sql = store.connection.execute
    with pytest.MonkeyPatch.context() as patch:
        plans: list[str] = []

        class Explained:
            def execute(self, query: str, parameters: Any = ()) -> sqlite3.Cursor:
                for row in sql("EXPLAIN QUERY PLAN " + query, parameters):
                    plans.append(str(row[3]))
                return sql(query, parameters)

        patch.setattr(store, "connection", Explained())
        assert store.newest_meeting_ids(PAGE_ROWS) == []
    assert not [plan for plan in plans if plan.startswith("SCAN meetings")], plans
    assert any("USING INDEX meetings_by_start" in plan for plan in plans), plans


async def test_meetings_changed_while_the_history_lists_them_are_each_listed_once(
    fill: Fill,
    loaded: Loaded,
    press: Press,
    make_app: MakeApp,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the history lists a long record, a meeting opened earlier starts (its place in
    the order moves), one left unfinished is ended, and another window records a new one:
    each is listed once, the title counts the rows, and no row shows a meeting twice."""
    from ..support.meetings import Recorded, short_tuesday

    fill(PAGE_ROWS + 20)
    opened = Recorded(store, short_tuesday(), "short-tuesday", NOV_10 + timedelta(days=3))
    opened.tally(0)  # opened, not started: listed by when it was opened
    left = Recorded(store, short_tuesday(), "short-tuesday", NOV_10 + timedelta(days=2))
    left.meeting.start()
    left.wait(5)
    listing_now = threading.Event()
    release = threading.Event()

    def slow_listing(store: Store) -> Listing:
        listing_now.set()
        assert release.wait(timeout=10), "the test never let the listing go on"
        return records.listing(store)

    monkeypatch.setattr(history, "listing", slow_listing)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await press(pilot, "escape")  # not now, to the offer to resume one
        await press(pilot, "h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        assert listing_now.wait(timeout=10)
        opened.wait(1)
        opened.meeting.start()  # now newer than every other meeting
        left.wait(1)
        left.finish()
        new = Recorded(store, short_tuesday(), "short-tuesday", NOV_10 + timedelta(days=9))
        new.meeting.start()
        new.wait(2)
        new.finish()
        release.set()
        await loaded(pilot, screen)
        table = screen.query_one(HistoryTable)
        ids = list(screen.rows.ids)
        assert len(ids) == len(set(ids)) == PAGE_ROWS + 23
        assert table.row_count == len(ids)
        title = str(screen.query_one("#history-title", Label).content)
        assert title == f"Past meetings · {len(ids)}"
        rows = [screen.rows.meeting_at(index) for index in range(PAGE_ROWS)]
        assert [m.id for m in rows if m is not None] == ids[:PAGE_ROWS]
        assert ids[:3] == [new.log.meeting_id, opened.log.meeting_id, left.log.meeting_id]
        shown = drawn(table)[1:]
        assert len(shown) == len(set(shown))  # each row its own meeting (their dates differ)
