"""The history as a new facilitator reads it: the attendance trend of the highlighted
meeting's agenda (never one line mixing agendas and languages), the meeting's name whole in a
120-column terminal, and a meeting left without a change after its start not timed as 0:00."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Label, Sparkline, Static

from facilitator.agenda import load_agenda
from facilitator.screens.history.screen import HistoryScreen
from facilitator.store.database import Store
from facilitator.widgets.report_table import HistoryTable

from ..data import NOV_17, NOV_24
from ..hints import MakeApp, OpenHistory, Press, ThreeMeetings
from ..support.clocks import ManualClock
from ..support.meetings import Recorded

SPANISH = Path(__file__).parents[2] / "agendas" / "reunion-abierta.toml"


def drawn(table: HistoryTable) -> list[str]:
    """The lines the table draws now (not a scrollbar's)."""
    lines = [strip.text for strip in table.render_lines(table.size.region)]
    return lines[: table.scrollable_content_region.height]


def spanish_meetings(store: Store) -> None:
    """Two meetings of the bundled Spanish agenda, between and after the Tuesdays, with 5
    and then 7 in its first category."""
    agenda = load_agenda(SPANISH)
    for when, count in ((NOV_17 + timedelta(days=3), 5), (NOV_24 + timedelta(days=3), 7)):
        held = Recorded(store, agenda, SPANISH.stem, when)
        held.tally(0, count)
        held.meeting.start()
        held.wait(30)
        held.finish()


def trend(screen: HistoryScreen) -> tuple[str, list[float]]:
    words = str(screen.query_one("#attendance-words", Label).content)
    return words, list(screen.query_one("#attendance", Sparkline).data or [])


async def test_the_trend_is_the_highlighted_meetings_agendas(
    three_meetings: ThreeMeetings,
    open_history: OpenHistory,
    make_app: MakeApp,
    press: Press,
    store: Store,
    clock: ManualClock,
) -> None:
    three_meetings(store)  # Tuesdays of 10, 17 and 24 November: 8, 14 and 12 attendees
    spanish_meetings(store)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        assert table.row_count == 5 and table.cursor_row == 0  # the Spanish meeting of 27 Nov
        assert trend(screen) == (
            "Attendance (Asistentes) over the last 2 meetings: lowest 5 · highest 7 · latest 7",
            [5, 7],
        )
        await press(pilot, "down")  # the Tuesday of 24 November
        await pilot.pause()
        assert trend(screen) == (
            "Attendance (Attendees) over the last 3 meetings: lowest 8 · highest 14 · latest 12",
            [8, 14, 12],
        )
        await press(pilot, "down")  # the Spanish meeting of 20 November: its agenda's again
        await pilot.pause()
        assert trend(screen)[1] == [5, 7]


async def test_the_table_stays_put_as_the_trend_changes(
    three_meetings: ThreeMeetings,
    open_history: OpenHistory,
    make_app: MakeApp,
    press: Press,
    store: Store,
    clock: ManualClock,
) -> None:
    """An agenda with one meeting has no line to draw: the sparkline's place is kept, so the
    table does not jump as the highlight moves on to it and away."""
    three_meetings(store)
    held = Recorded(store, load_agenda(SPANISH), SPANISH.stem, NOV_24 + timedelta(days=3))
    held.meeting.start()
    held.wait(1)
    held.finish()
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        sparkline = screen.query_one("#attendance", Sparkline)
        assert trend(screen)[0].startswith("Attendance (Asistentes) at the one meeting so far")
        assert not sparkline.visible
        top = table.region.y
        await press(pilot, "down")
        await pilot.pause()
        assert trend(screen)[1] == [8, 14, 12] and sparkline.visible
        assert table.region.y == top


async def test_the_meeting_is_whole_in_a_120_column_terminal(
    three_meetings: ThreeMeetings,
    open_history: OpenHistory,
    make_app: MakeApp,
    press: Press,
    store: Store,
    clock: ManualClock,
) -> None:
    three_meetings(store)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=(120, 32)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        lines = drawn(table)
        assert lines[0].rstrip().endswith("Meeting")
        for line in lines[1:4]:
            # The attendance gives way (the line under the table says it whole).
            assert line.rstrip().endswith("Tuesday Night Open Discussion · tuesday"), line
            assert "…" in line
        assert table.virtual_size.width <= table.scrollable_content_region.width
        detail = str(screen.query_one("#history-detail", Static).content)
        assert "Attendees 12 · Newcomers 0 · Online 3" in detail
        await pilot.resize_terminal(200, 32)  # wide enough: nothing is cut
        await pilot.pause()
        assert "Attendees 12 · Newcomers 0 · Online 3" in drawn(table)[1]


async def test_a_meeting_left_right_after_its_start_is_not_timed_as_nothing(
    open_history: OpenHistory,
    make_app: MakeApp,
    press: Press,
    store: Store,
    clock: ManualClock,
) -> None:
    """Started, then left 40 seconds later with no change: its record stops at its start, so
    its length is not known; the history says so, not "0:00 unfinished"."""
    left = Recorded(store, load_agenda(SPANISH), SPANISH.stem, NOV_24)
    left.meeting.start()
    left.wait(40 / 60)
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await press(pilot, "escape")  # not now, to the offer to resume it
        screen = await open_history(pilot)
        table = screen.query_one(HistoryTable)
        assert table.get_row_at(0)[2] == "unfinished"
        detail = str(screen.query_one("#history-detail", Static).content)
        assert "unfinished, nothing recorded after its start, 1:00:00 planned" in detail
        assert "ran 0:00" not in detail
