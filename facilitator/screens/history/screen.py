"""History: past meetings, newest first, with attendance over time. Enter opens a report.

The store is read by a thread worker, so a long history never freezes the screen; rows are
added to the table in batches for the same reason. `c` corrects a meeting's counts, and `x`
exports them all, in workers too.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import JustifyMethod
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, Sparkline, Static
from textual.worker import Worker, WorkerState

from ...meeting.clocks import WallClock
from ...records.corrections import Corrected, Counts, NotCorrected
from ...records.history import (
    COLUMNS,
    RIGHT_ALIGNED,
    PastMeeting,
    attendance_series,
    detail_words,
    past_meetings,
    row_words,
)
from ...store.database import Store
from ...system.files import is_ours, output_problem
from ...system.paths import data_dir
from ...widgets.footer import KeyFooter
from ...widgets.plain import table_cell
from ...widgets.report_table import HistoryTable
from ...words import past as past_words
from ...words.i18n import N_, _, ngettext
from ...words.meeting import shown

BATCH_ROWS = 100  # rows added to the table at a time (each is measured: ~25 ms a batch)
BATCH_PAUSE = 0.01  # seconds between batches, for keys and repaints
SPARK_COLUMNS = 3  # columns per meeting in the attendance sparkline, while they fit
# The history table's columns (`history.COLUMNS`), as its header says them.
N_("Started")
N_("Planned")
N_("Actual")
N_("Shares")
N_("Attendance")
N_("Meeting")


def table_cells(meetings: Sequence[PastMeeting]) -> list[tuple[str | Text, ...]]:
    """The history table's cells: numbers right-aligned, names shown as typed.

    Strings where they can be (see `table_cell`): ten thousand rows of `Text` cells are
    300,000 more objects for the garbage collector to walk, and its pauses would be felt.
    """
    rows = [row_words(meeting) for meeting in meetings]
    width = {c: max([len(_(COLUMNS[c])), *(len(row[c]) for row in rows)]) for c in RIGHT_ALIGNED}
    return [
        tuple(
            cell.rjust(width[column]) if column in width else table_cell(cell)
            for column, cell in enumerate(row)
        )
        for row in rows
    ]


def first_line(error: BaseException) -> str:
    """The first line of an error's message: a screen shows no tracebacks nor dumps."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# ---------------------------------------------------------------------- screens


class HistoryScreen(Screen[None]):
    """Past meetings: date, agenda, planned against actual, shares and attendance."""

    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("x", "export", N_("Export CSV")),
        Binding("c", "correct", N_("Correct counts")),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, store: Store | None, wall: WallClock, here: int | None = None) -> None:
        """Past meetings from `store` (None: meetings are not being saved); `wall` dates
        exports and corrections; `here` is the meeting this window records, if any."""
        super().__init__()
        self.store = store
        self.wall = wall
        self.here = here
        self.meetings: list[PastMeeting] = []
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Label(_("Past meetings"), id="history-title", classes="title", markup=False)
            yield Label("", id="attendance-words", markup=False)
            yield Sparkline([], id="attendance")
            yield Static(_("Reading past meetings…"), id="history-message", markup=False)
            yield HistoryTable(id="history-table")
            yield Static("", id="history-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(HistoryTable)
        for column, label in enumerate(COLUMNS):
            justify: JustifyMethod = "right" if column in RIGHT_ALIGNED else "left"
            table.add_column(Text(_(label), justify=justify), key=label)
        table.display = False
        self.query_one("#attendance").display = False
        self.query_one("#attendance-words").display = False
        if self.store is None:
            self._message(
                _(
                    "Meetings are not being saved on this computer (the meetings database could "
                    "not be opened), so there is no history to show."
                )
            )
            return
        self._load(self.store)

    def _message(self, words: str) -> None:
        message = self.query_one("#history-message", Static)
        message.update(words)
        message.display = True

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _load(self, store: Store) -> tuple[list[PastMeeting], list[tuple[str | Text, ...]]]:
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
                problem = _("Past meetings could not be read: {reason}")
                self._message(problem.format(reason=first_line(error)))
        elif worker.group in ("history-counts", "history-correct"):
            self._correction_done(worker)
        elif worker.group == "history-export":
            if worker.state is WorkerState.SUCCESS and worker.result:
                self.notify(worker.result, title=_("Exported"), timeout=10, markup=False)
            elif worker.state is WorkerState.ERROR:
                error = worker.error
                assert error is not None
                self.notify(
                    _("Nothing was exported: {reason}").format(reason=first_line(error)),
                    severity="error",
                    timeout=10,
                    markup=False,
                )

    async def show_meetings(
        self, meetings: list[PastMeeting], cells: list[tuple[str | Text, ...]]
    ) -> None:
        """Fill the sparkline and the table (in batches, so the screen keeps answering)."""
        self.meetings = meetings
        if not meetings:
            self._message(
                _(
                    "No meetings yet. Each meeting you run is kept here, with its timing, "
                    "shares and attendance (counts only, never names)."
                )
            )
            self.loaded = True
            return
        self.query_one("#history-message").display = False
        title = _("Past meetings · {count}").format(count=len(meetings))
        self.query_one("#history-title", Label).update(title)
        self._show_attendance()
        table = self.query_one(HistoryTable)
        table.display = True
        table.focus()
        for start in range(0, len(cells), BATCH_ROWS):
            for index in range(start, min(start + BATCH_ROWS, len(cells))):
                table.add_row(*cells[index], key=str(index))
            await asyncio.sleep(BATCH_PAUSE)  # let keys and repaints through between batches
        self.loaded = True

    def _show_attendance(self) -> None:
        labels, counts = attendance_series(self.meetings)
        attendance = self.query_one("#attendance-words", Label)
        attendance.update(past_words.attendance_words(labels, counts))
        attendance.display = True
        sparkline = self.query_one("#attendance", Sparkline)
        sparkline.data = counts
        # A few meetings get a few columns each (not a screen-wide block); many share columns.
        sparkline.styles.width = len(counts) * SPARK_COLUMNS
        sparkline.display = len(counts) > 1

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

    def _store_or_say(self, nothing: str) -> Store | None:
        """The meetings database, or None after saying `nothing` (meetings are not saved)."""
        if self.store is None:
            self.notify(nothing, severity="warning", markup=False)
        return self.store

    def action_back(self) -> None:
        self.dismiss(None)

    # ------------------------------------------------------------------ correcting counts

    def action_correct(self) -> None:
        store = self._store_or_say(_("Nothing to correct: meetings are not being saved."))
        if store is None:
            return
        index = self.query_one(HistoryTable).cursor_row
        if 0 <= index < len(self.meetings):
            self._counts(store, self.meetings[index].id)

    @work(thread=True, exclusive=True, group="history-counts", exit_on_error=False)
    def _counts(self, store: Store, meeting_id: int) -> Counts:
        from ...records.corrections import counts_of

        return counts_of(store, meeting_id, here=self.here)

    @work(thread=True, exclusive=True, group="history-correct", exit_on_error=False)
    def _correct(self, store: Store, meeting_id: int, counts: dict[str, int]) -> Corrected:
        from ...records.corrections import correct

        return correct(store, meeting_id, counts, self.wall(), here=self.here)

    def _correction_done(self, worker: Worker[Any]) -> None:
        if worker.state is WorkerState.ERROR:
            error = worker.error
            assert error is not None
            if isinstance(error, NotCorrected):
                self.notify(str(error), severity="warning", timeout=10, markup=False)
            else:
                message = _("Nothing was corrected: {reason}").format(reason=first_line(error))
                self.notify(message, severity="error", timeout=10, markup=False)
        elif worker.state is not WorkerState.SUCCESS:
            return
        elif isinstance(worker.result, Counts):
            counts = worker.result
            store = self.store
            from .correct import CorrectScreen

            def chosen(corrected: dict[str, int] | None) -> None:
                if corrected is not None and store is not None:
                    self._correct(store, counts.meeting_id, corrected)

            self.app.push_screen(CorrectScreen(counts), chosen)
        elif isinstance(worker.result, Corrected):
            self._show_corrected(worker.result)

    def _show_corrected(self, corrected: Corrected) -> None:
        """The row and the detail of the meeting corrected follow; a toast says what changed."""
        if corrected.changes:
            found = [i for i, m in enumerate(self.meetings) if m.id == corrected.meeting_id]
            for index in found:
                meeting = replace(self.meetings[index], summary=corrected.summary)
                self.meetings[index] = meeting
                table = self.query_one(HistoryTable)
                cell = table_cell(row_words(meeting)[COLUMNS.index("Attendance")])
                table.update_cell(str(index), "Attendance", cell, update_width=True)
                if table.cursor_row == index:
                    self.query_one("#history-detail", Static).update(detail_words(meeting))
            self._show_attendance()
        self.notify(past_words.corrected_words(corrected.changes), timeout=10, markup=False)

    # ------------------------------------------------------------------ export

    def action_export(self) -> None:
        store = self._store_or_say(_("Nothing to export: meetings are not being saved."))
        if store is None:
            return
        try:
            from ...records.export import suggested_path
        except ImportError:  # a trimmed install, without the export module
            self.notify(
                _("Exporting is not available in this version of facilitator."),
                severity="warning",
                markup=False,
            )
            return
        try:
            home = Path.home()
        except RuntimeError:  # no home directory known: start from where the app was run
            home = Path.cwd()
        # The data folder holds the app's own files only: an export never goes into it.
        ours = [data_dir(), store.path.parent]
        folder = home
        for own in ours:
            if is_ours(folder / "x.csv", (), [own]):  # a data folder set to the home folder
                folder = Path(os.path.abspath(own)).parent
        suggested = suggested_path(folder, self.wall().date())

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(store, path)

        dialog = ExportScreen(past_words.home_words(suggested, home), ours)
        self.app.push_screen(dialog, chosen)

    @work(thread=True, exclusive=True, group="history-export", exit_on_error=False)
    def _export(self, store: Store, path: Path) -> str:
        from ...records.export import each_row, write_csv
        from ...system.files import atomic_file

        try:
            with atomic_file(path, overwrite=False) as handle:
                count = write_csv(each_row(store, steps=False), handle)
        except FileExistsError as error:
            problem = _("{path} already exists; it was not replaced.").format(path=shown(str(path)))
            raise ExportProblem(problem) from error
        except OSError as error:
            reason = error.strerror or str(error)
            problem = _("{path} could not be written: {reason}").format(
                path=shown(str(path)), reason=shown(reason)
            )
            raise ExportProblem(problem) from error
        saved = ngettext(
            "{count} meeting saved to {path}", "{count} meetings saved to {path}", count
        )
        return saved.format(count=count, path=shown(str(path)))


class ExportProblem(Exception):
    """Why an export did not happen, in one line."""


class ExportScreen(ModalScreen[Path | None]):
    """Where to save the CSV; an existing file is never replaced."""

    CSS_PATH = "history.tcss"

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, suggested: str, ours: Sequence[Path] = ()) -> None:
        """`suggested` fills the field; nothing in the folders `ours` is ever written."""
        super().__init__()
        self.suggested = suggested
        self.ours = list(ours)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export") as dialog:
            dialog.border_title = _("Export every meeting to CSV")
            yield Static(
                _(
                    "One row per meeting: date, agenda, timing, shares and the count in each "
                    "attendance category. No names."
                ),
                markup=False,
            )
            yield Input(self.suggested, id="export-path", select_on_focus=False)
            yield Label("", id="export-problem", markup=False)
            yield Label(_("Enter saves · Escape cancels"), classes="keys", markup=False)

    @on(Input.Submitted, "#export-path")
    def _save(self, event: Input.Submitted) -> None:
        problem = self.query_one("#export-problem", Label)
        typed = event.value.strip()
        if not typed:
            problem.update(_("Type where to save the file."))
            return
        path = Path(typed).expanduser()
        refused = output_problem(path, replace=False, our_folders=self.ours)
        if refused == "ours":
            inside = _(
                "{path} is in facilitator's data folder, which holds only its own files:"
                " choose a place outside it."
            )
            problem.update(inside.format(path=shown(str(path))))
        elif refused == "folder":
            problem.update(_("{path} is a folder: add a file name.").format(path=shown(str(path))))
        elif refused in ("exists", "special"):
            exists = _("{path} already exists: choose another name (nothing is replaced).")
            problem.update(exists.format(path=shown(str(path))))
        elif refused == "no-folder":
            problem.update(_("There is no folder {folder}.").format(folder=shown(str(path.parent))))
        else:
            self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
