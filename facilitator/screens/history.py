"""History: past meetings, newest first, with attendance over time. Enter opens a report.

The store is read by a thread worker, so a long history never freezes the screen; rows are
added to the table in batches for the same reason.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import JustifyMethod
from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Input, Label, Sparkline, Static
from textual.worker import Worker, WorkerState

from ..engine import format_duration
from ..report import Summary
from ..store import Store, StoredMeeting, summary_of
from ..widgets.report_table import HistoryTable

if TYPE_CHECKING:
    from ..app import FacilitatorApp

BATCH_ROWS = 100  # rows added to the table at a time (each is measured: ~25 ms a batch)
BATCH_PAUSE = 0.01  # seconds between batches, for keys and repaints
SPARK_COLUMNS = 3  # columns per meeting in the attendance sparkline, while they fit
EXPORT_STEM = "facilitator-attendance-{day}"


# ---------------------------------------------------------------------- what the screen shows


@dataclass(frozen=True)
class PastMeeting:
    """A stored meeting summed up, for the history list and its timing report.

    Only what the screens show is kept (not the agenda nor the events), so a long history
    stays light in memory and quick for Python's garbage collector to walk.
    """

    id: int
    name: str
    agenda_stem: str
    started: datetime
    """When it started (or was opened, if it never started), local time as recorded."""
    unfinished: bool
    """The meeting was never ended (the app closed while it ran)."""
    attendance: tuple[tuple[str, str], ...]
    """Each attendance category's id and label, in agenda order."""
    summary: Summary

    @classmethod
    def of(cls, stored: StoredMeeting, summary: Summary) -> PastMeeting:
        """The parts of `stored` the screens show."""
        return cls(
            id=stored.id,
            name=stored.name,
            agenda_stem=stored.agenda_stem,
            started=stored.started_at or stored.created_at,
            unfinished=stored.ended_at is None,
            attendance=tuple((c.id, c.label) for c in stored.agenda.attendance),
            summary=summary,
        )

    @property
    def agenda_words(self) -> str:
        """`Tuesday Night Open Discussion · tuesday` (the meeting's name and the file stem)."""
        return f"{self.name} · {self.agenda_stem}" if self.agenda_stem else self.name

    def tallies(self) -> list[tuple[str, int]]:
        """Each attendance category's label and count, in agenda order."""
        counts = self.summary.tallies
        return [(label, counts.get(key, 0)) for key, label in self.attendance]

    def tally_words(self) -> str:
        """`Attendees 12 · Newcomers 1 · Online 0`."""
        return " · ".join(f"{label} {count}" for label, count in self.tallies())

    def length_words(self) -> str:
        """`ran 23:10 of 20:00 planned, 3:10 over` (`unfinished, ran ...` if it never ended)."""
        actual, planned = self.summary.actual_seconds, self.summary.planned_seconds
        verb = "ran" if not self.unfinished else "unfinished, ran"
        words = f"{verb} {format_duration(actual)} of {format_duration(planned)} planned"
        return f"{words}, {difference_words(planned, actual)}" if actual > 0 else words


def difference_words(planned: float, actual: float) -> str:
    """`3:10 over`, `1:05 under` or `on time`, to the displayed second."""
    if actual - planned >= 1:
        return f"{format_duration(actual - planned)} over"
    if planned - actual >= 1:
        return f"{format_duration(planned - actual)} under"
    return "on time"


def started_words(moment: datetime) -> str:
    """`Tue 2026-11-24 19:00`: the weekday matters for weekly meetings."""
    return moment.strftime("%a %Y-%m-%d %H:%M")


def past_meetings(store: Store) -> list[PastMeeting]:
    """Every stored meeting, summed up, newest first. Reads the database: not on the UI thread.

    Ended meetings carry their cached summary; the others are replayed to their last event.
    A meeting row whose first event never got written is skipped: there is nothing to show.
    """
    found: list[PastMeeting] = []
    for stored in store.meetings():
        if stored.summary is None and not stored.events:
            continue
        found.append(PastMeeting.of(stored, summary_of(stored)))
    found.reverse()
    return found


def attendance_series(meetings: Sequence[PastMeeting]) -> tuple[list[str], list[int]]:
    """The first attendance category's count of each meeting, oldest first, and its labels."""
    labels: list[str] = []
    counts: list[int] = []
    for meeting in reversed(meetings):
        label, count = meeting.tallies()[0]
        if label not in labels:
            labels.append(label)
        counts.append(count)
    return labels, counts


def attendance_words(labels: Sequence[str], counts: Sequence[int]) -> str:
    """`Attendance (Attendees) over the last 5 meetings: lowest 8 · highest 14 · latest 12`."""
    if not counts:
        return ""
    which = ", ".join(labels)
    if len(counts) == 1:
        return f"Attendance ({which}) at the one meeting so far: {counts[0]}"
    return (
        f"Attendance ({which}) over the last {len(counts)} meetings: "
        f"lowest {min(counts)} · highest {max(counts)} · latest {counts[-1]}"
    )


def detail_words(meeting: PastMeeting) -> str:
    """Everything about one meeting on a line or two, under the table."""
    shares = meeting.summary.shares
    return (
        f"{meeting.agenda_words} · {meeting.started.strftime('%a %d %b %Y %H:%M')} · "
        f"{meeting.length_words()} · {shares} share{'' if shares == 1 else 's'} · "
        f"{meeting.tally_words()}"
    )


def row_words(meeting: PastMeeting) -> tuple[str, ...]:
    """One row of the history table, in words (see COLUMNS)."""
    summary = meeting.summary
    actual = format_duration(summary.actual_seconds)
    if meeting.unfinished:
        actual += " unfinished"
    return (
        started_words(meeting.started),
        format_duration(summary.planned_seconds),
        actual,
        str(summary.shares),
        meeting.tally_words(),
        meeting.agenda_words,
    )


COLUMNS = ("Started", "Planned", "Actual", "Shares", "Attendance", "Meeting")
RIGHT_ALIGNED = (1, 2, 3)


def table_cells(meetings: Sequence[PastMeeting]) -> list[tuple[str, ...]]:
    """The history table's cells: numbers right-aligned, names escaped from markup.

    Plain strings rather than `Text`: ten thousand rows of `Text` cells are 300,000 more
    objects for the garbage collector to walk, and its pauses would be felt.
    """
    rows = [row_words(meeting) for meeting in meetings]
    width = {c: max([len(COLUMNS[c]), *(len(row[c]) for row in rows)]) for c in RIGHT_ALIGNED}
    return [
        tuple(
            words.rjust(width[column]) if column in width else escape(words)
            for column, words in enumerate(row)
        )
        for row in rows
    ]


def export_path(home: Path, day: date) -> Path:
    """A file in `home` named for `day` that does not exist yet (`-2`, `-3`... if need be)."""
    stem = EXPORT_STEM.format(day=day.isoformat())
    path = home / f"{stem}.csv"
    number = 2
    while os.path.lexists(path) and number < 100:
        path = home / f"{stem}-{number}.csv"
        number += 1
    return path


def one_line(error: BaseException) -> str:
    """The first line of an error's message: a screen shows no tracebacks nor dumps."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _home_words(path: Path, home: Path) -> str:
    # `~/...` reads better than /home/someone/... and expands back on the way in.
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------- screens


class HistoryScreen(Screen[None]):
    """Past meetings: date, agenda, planned against actual, shares and attendance."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("x", "export", "Export CSV"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self.meetings: list[PastMeeting] = []
        self.loaded = False

    @property
    def store(self) -> Store | None:
        app: FacilitatorApp = self.app  # type: ignore[assignment]
        return app.store

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Label("Past meetings", id="history-title", classes="title")
            yield Label("", id="attendance-words", markup=False)
            yield Sparkline([], id="attendance")
            yield Static("Reading past meetings…", id="history-message", markup=False)
            yield HistoryTable(id="history-table")
            yield Static("", id="history-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(HistoryTable)
        for column, label in enumerate(COLUMNS):
            justify: JustifyMethod = "right" if column in RIGHT_ALIGNED else "left"
            table.add_column(Text(label, justify=justify), key=label)
        table.display = False
        self.query_one("#attendance").display = False
        self.query_one("#attendance-words").display = False
        if self.store is None:
            self._message(
                "Meetings are not being saved on this computer (the meetings database could "
                "not be opened), so there is no history to show."
            )
            return
        self._load(self.store)

    def _message(self, words: str) -> None:
        message = self.query_one("#history-message", Static)
        message.update(words)
        message.display = True

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _load(self, store: Store) -> tuple[list[PastMeeting], list[tuple[str, ...]]]:
        meetings = past_meetings(store)
        return meetings, table_cells(meetings)

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "history-load":
            if worker.state is WorkerState.SUCCESS and worker.result is not None:
                meetings, cells = worker.result
                # A worker too, so this screen's messages (keys among them) flow meanwhile.
                self.run_worker(
                    self.show_meetings(meetings, cells), group="history-fill", exclusive=True
                )
            elif worker.state is WorkerState.ERROR:
                # One line, not a traceback (which would print meeting data).
                error = worker.error
                assert error is not None
                self._message(f"Past meetings could not be read: {one_line(error)}")
        elif worker.group == "history-export":
            if worker.state is WorkerState.SUCCESS and worker.result:
                self.notify(worker.result, title="Exported", timeout=10, markup=False)
            elif worker.state is WorkerState.ERROR:
                error = worker.error
                assert error is not None
                self.notify(
                    f"Nothing was exported: {one_line(error)}",
                    severity="error",
                    timeout=10,
                    markup=False,
                )

    async def show_meetings(
        self, meetings: list[PastMeeting], cells: list[tuple[str, ...]]
    ) -> None:
        """Fill the sparkline and the table (in batches, so the screen keeps answering)."""
        self.meetings = meetings
        if not meetings:
            self._message(
                "No meetings yet. Each meeting you run is kept here, with its timing, "
                "shares and attendance (counts only, never names)."
            )
            self.loaded = True
            return
        self.query_one("#history-message").display = False
        self.query_one("#history-title", Label).update(f"Past meetings · {len(meetings)}")
        labels, counts = attendance_series(meetings)
        words = self.query_one("#attendance-words", Label)
        words.update(attendance_words(labels, counts))
        words.display = True
        sparkline = self.query_one("#attendance", Sparkline)
        sparkline.data = counts
        # A few meetings get a few columns each (not a screen-wide block); many share columns.
        sparkline.styles.width = len(counts) * SPARK_COLUMNS
        sparkline.display = len(counts) > 1
        table = self.query_one(HistoryTable)
        table.display = True
        table.focus()
        for start in range(0, len(cells), BATCH_ROWS):
            for index in range(start, min(start + BATCH_ROWS, len(cells))):
                table.add_row(*cells[index], key=str(index))
            await asyncio.sleep(BATCH_PAUSE)  # let keys and repaints through between batches
        self.loaded = True

    @on(DataTable.RowHighlighted, "#history-table")
    def _show_detail(self, event: DataTable.RowHighlighted) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.meetings):
            self.query_one("#history-detail", Static).update(detail_words(self.meetings[index]))

    @on(DataTable.RowSelected, "#history-table")
    def _open_report(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.meetings):
            from .report import ReportScreen

            self.app.push_screen(ReportScreen(self.meetings[index]))

    def action_back(self) -> None:
        self.dismiss(None)

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        store = self.store
        if store is None:
            self.notify("Nothing to export: meetings are not being saved.", severity="warning")
            return
        try:
            from ..export import export_rows  # noqa: F401  (only to know export is there)
            from ..files import atomic_write  # noqa: F401
        except ImportError:
            self.notify(
                "Exporting is not available in this version of facilitator.", severity="warning"
            )
            return
        app: FacilitatorApp = self.app  # type: ignore[assignment]
        try:
            home = Path.home()
        except RuntimeError:  # no home directory known: start from where the app was run
            home = Path.cwd()
        suggested = export_path(home, app.wall().date())

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(store, path)

        self.app.push_screen(ExportScreen(_home_words(suggested, home)), chosen)

    @work(thread=True, exclusive=True, group="history-export", exit_on_error=False)
    def _export(self, store: Store, path: Path) -> str:
        from ..export import export_rows, to_csv
        from ..files import atomic_write

        rows = list(export_rows(store, steps=False))
        try:
            atomic_write(path, to_csv(rows).encode("utf-8"), overwrite=False)
        except FileExistsError as error:
            raise ExportProblem(f"{path} already exists; it was not replaced.") from error
        except OSError as error:
            reason = error.strerror or str(error)
            raise ExportProblem(f"{path} could not be written: {reason}") from error
        return f"{len(rows)} meeting{'' if len(rows) == 1 else 's'} saved to {path}"


class ExportProblem(Exception):
    """Why an export did not happen, in one line."""


class ExportScreen(ModalScreen[Path | None]):
    """Where to save the CSV; an existing file is never replaced."""

    CSS_PATH = "history.tcss"

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: str) -> None:
        super().__init__()
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export") as dialog:
            dialog.border_title = "Export every meeting to CSV"
            yield Static(
                "One row per meeting: date, agenda, timing, shares and the count in each "
                "attendance category. No names.",
                markup=False,
            )
            yield Input(self.suggested, id="export-path", select_on_focus=False)
            yield Label("", id="export-problem", markup=False)
            yield Label("Enter saves · Escape cancels", classes="keys")

    @on(Input.Submitted, "#export-path")
    def _save(self, event: Input.Submitted) -> None:
        problem = self.query_one("#export-problem", Label)
        typed = event.value.strip()
        if not typed:
            problem.update("Type where to save the file.")
            return
        path = Path(typed).expanduser()
        if path.is_dir():
            problem.update(f"{path} is a folder: add a file name.")
            return
        if os.path.lexists(path):
            problem.update(f"{path} already exists: choose another name (nothing is replaced).")
            return
        if not path.parent.is_dir():
            problem.update(f"There is no folder {path.parent}.")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
