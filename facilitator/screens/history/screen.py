"""History: past meetings, newest first, with attendance over time. Enter opens a report.

The store is read by thread workers, so a long history never freezes the screen: the newest
page of meetings first, shown at once; then every meeting's id, from an index; then the
attendance series, in one pass that builds no meeting; and each page of meetings as it
comes into view (`HistoryPages` keeps a few). The table draws only the rows on the screen.
`c` corrects a meeting's counts, and `x` exports them all, in workers too.
"""

from __future__ import annotations

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
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Sparkline, Static
from textual.worker import Worker, WorkerState

from ...meeting.clocks import WallClock
from ...records.corrections import Corrected, Counts, NotCorrected
from ...records.history import (
    COLUMNS,
    PAGE_ROWS,
    RIGHT_ALIGNED,
    SQUEEZED,
    HistoryPages,
    HistoryRow,
    Listing,
    PastMeeting,
    Trend,
    detail_words,
    listing,
    listing_of,
    meetings_of,
    newest_meetings,
    rows_of,
    trend_key,
)
from ...store.database import Store
from ...system.files import is_ours, output_problem
from ...system.paths import data_dir
from ...widgets.footer import KeyFooter
from ...widgets.report_table import HistoryTable
from ...words import past as past_words
from ...words.i18n import N_, _, ngettext
from ...words.meeting import shown

READ_AROUND = PAGE_ROWS // 2  # rows read beyond those shown, so scrolling finds them there
SPARK_COLUMNS = 3  # columns per meeting in the attendance sparkline, while they fit
# The history table's columns (`history.COLUMNS`), as its header says them.
N_("Started")
N_("Planned")
N_("Actual")
N_("Shares")
N_("Attendance")
N_("Meeting")


def column_headings() -> list[Text]:
    """The history table's headings, in the language spoken: numbers' to the right."""
    headings = []
    for column, label in enumerate(COLUMNS):
        justify: JustifyMethod = "right" if column in RIGHT_ALIGNED else "left"
        headings.append(Text(_(label), justify=justify))
    return headings


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
        self.rows = HistoryPages(())
        """The table's rows: every meeting's id, and the pages of meetings read lately."""
        self.trends: dict[str, Trend] = {}
        """Each agenda's attendance, by `trend_key` (until every meeting is listed, none)."""
        self.trend_shown: str | None = None
        """The agenda whose trend the sparkline shows: the highlighted meeting's."""
        self.loaded = False
        """Every meeting is listed, and the attendance series shown."""
        self.reading_pages = False
        """A worker is reading pages of meetings (one at a time: scrolling asks again)."""
        self.shown_rows = (0, 0)
        """The rows the table shows, first and last."""
        self.counting: Counts | None = None
        """The counts of the meeting being corrected, as the dialog opened on them."""

    @property
    def meetings(self) -> list[PastMeeting]:
        """The meetings in memory, in the table's order: those shown lately, never all."""
        return self.rows.in_memory()

    def compose(self) -> ComposeResult:
        with Vertical(id="history"):
            yield Label(_("Past meetings"), id="history-title", classes="title", markup=False)
            yield Label("", id="attendance-words", markup=False)
            yield Sparkline([], id="attendance")
            yield Static(_("Reading past meetings…"), id="history-message", markup=False)
            yield HistoryTable(
                column_headings(),
                right_aligned=RIGHT_ALIGNED,
                squeezed=SQUEEZED,
                id="history-table",
            )
            yield Static("", id="history-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(HistoryTable).display = False
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
        self._read(self.store)

    def _message(self, words: str) -> None:
        message = self.query_one("#history-message", Static)
        message.update(words)
        message.display = True

    def _cannot_read(self, error: BaseException | None) -> None:
        # One line, not a traceback (which would print meeting data).
        assert error is not None
        problem = _("Past meetings could not be read: {reason}")
        self.query_one(HistoryTable).display = False
        self._message(problem.format(reason=first_line(error)))

    class NewestRead(Message):
        """The newest meetings are read (the others are being listed)."""

        def __init__(self, rows: list[HistoryRow]) -> None:
            super().__init__()
            self.rows = rows

    class Listed(Message):
        """Every meeting is listed, by id, newest first (the series is being read)."""

        def __init__(self, ids: Sequence[int]) -> None:
            super().__init__()
            self.ids = ids

    @work(thread=True, exclusive=True, group="history-load", exit_on_error=False)
    def _read(self, store: Store) -> Listing | None:
        """Each part shown as soon as it is read: the newest meetings; then, if there are
        more, every meeting's id; then the attendance series (None: the newest meetings
        are all there is)."""
        newest = rows_of(newest_meetings(store, PAGE_ROWS), self.here)
        self.post_message(self.NewestRead(newest))
        if len(newest) < PAGE_ROWS:
            return None
        self.post_message(self.Listed(store.listed_meeting_ids()))
        return listing(store)

    @work(thread=True, group="history-pages", exit_on_error=False)
    def _read_pages(
        self, store: Store, rows: HistoryPages, pages: list[int]
    ) -> tuple[HistoryPages, dict[int, list[HistoryRow]]]:
        return rows, {
            page: rows_of(meetings_of(store, rows.page_ids(page)), self.here) for page in pages
        }

    @on(Worker.StateChanged)
    def _worker_done(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group in ("history-load", "history-pages"):
            if worker.state is WorkerState.ERROR:
                self._cannot_read(worker.error)
            elif worker.state is WorkerState.SUCCESS and worker.result is not None:
                if worker.group == "history-load":
                    self.show_listing(worker.result)
                else:
                    self.show_pages(*worker.result)
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

    @on(NewestRead)
    def _newest_read(self, event: NewestRead) -> None:
        self.show_newest(event.rows)

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        self.show_all(event.ids)

    def show_newest(self, newest: list[HistoryRow]) -> None:
        """Show the newest meetings at once (the others, if there are more, are being listed)."""
        if not newest:
            self._message(
                _(
                    "No meetings yet. Each meeting you run is kept here, with its timing, "
                    "shares and attendance (counts only, never names)."
                )
            )
            self.loaded = True
            return
        self.query_one("#history-message").display = False
        self.rows = HistoryPages([meeting.id for meeting, _words in newest])
        self.rows.keep(0, newest)
        table = self.query_one(HistoryTable)
        table.widen(words for _meeting, words in newest)
        table.show(self.rows)
        table.display = True
        table.focus()
        if len(newest) < PAGE_ROWS:  # every meeting is here
            self.show_listing(listing_of(self.meetings))
            return
        # Their place kept, so the table does not move when the series comes.
        attendance = self.query_one("#attendance-words", Label)
        attendance.update(_("Reading past meetings…"))
        attendance.display = True
        self.query_one("#attendance").display = True

    def show_all(self, ids: Sequence[int]) -> None:
        """Every meeting in the table, its rows read as they come into view."""
        self.rows = self.rows.relisted(ids)
        self.query_one(HistoryTable).show(self.rows)
        title = _("Past meetings · {count}").format(count=len(ids))
        self.query_one("#history-title", Label).update(title)
        self._read_shown()

    def show_listing(self, listed: Listing) -> None:
        """Every meeting in the table, and the highlighted meeting's agenda's attendance
        (the rows as it lists them: a meeting recorded since they were listed has its place)."""
        self.show_all(listed.ids)
        self.trends = listed.trends
        self.trend_shown = None
        self._show_attendance()
        self.loaded = True

    def show_pages(self, rows: HistoryPages, pages: dict[int, list[HistoryRow]]) -> None:
        """Keep the pages read, and show their rows."""
        self.reading_pages = False
        if rows is self.rows:  # not read for a listing since replaced
            for page, read in pages.items():
                self.rows.keep(page, read)
            table = self.query_one(HistoryTable)
            table.widen(words for read in pages.values() for _meeting, words in read)
            self._show_detail_of(table.cursor_row)
        self._read_shown()

    @on(HistoryTable.RowsShown, "#history-table")
    def _rows_shown(self, event: HistoryTable.RowsShown) -> None:
        self.shown_rows = (event.first, event.last)
        self._read_shown()

    def _read_shown(self) -> None:
        """Read the pages of the rows shown, and around them, unless being read."""
        first, last = self.shown_rows
        missing = self.rows.missing(first - READ_AROUND, last + READ_AROUND)
        if missing and not self.reading_pages and self.store is not None:
            self.reading_pages = True
            # The rows shown first, then those around them.
            shown = set(self.rows.missing(first, last))
            missing.sort(key=lambda page: page not in shown)
            self._read_pages(self.store, self.rows, missing)

    def _show_attendance(self) -> None:
        """The attendance of the highlighted meeting's agenda (as it was, until its row is
        read)."""
        meeting = self.rows.meeting_at(self.query_one(HistoryTable).cursor_row)
        if meeting is None and self.trend_shown is not None:
            return
        key = trend_key(meeting.agenda_stem, meeting.name) if meeting is not None else None
        trend = self.trends.get(key) if key is not None else None
        if trend is None and self.trends:  # not listed (recorded since): the newest's
            trend = next(iter(self.trends.values()))
        if key == self.trend_shown and key is not None:
            return
        self.trend_shown = key
        labels, counts = (trend.labels, trend.counts) if trend is not None else ([], [])
        attendance = self.query_one("#attendance-words", Label)
        attendance.update(past_words.attendance_words(labels, counts))
        attendance.display = True
        sparkline = self.query_one("#attendance", Sparkline)
        sparkline.data = list(counts)
        # A few meetings get a few columns each (not a screen-wide block); many share columns.
        sparkline.styles.width = len(counts) * SPARK_COLUMNS
        # Its place kept while any agenda has a trend, so the table does not jump as the
        # highlight moves to a meeting whose agenda has only the one.
        sparkline.display = any(len(t.counts) > 1 for t in self.trends.values())
        sparkline.visible = len(counts) > 1

    @on(HistoryTable.RowHighlighted, "#history-table")
    def _show_detail(self, event: HistoryTable.RowHighlighted) -> None:
        self._show_detail_of(event.row)

    def _show_detail_of(self, index: int) -> None:
        meeting = self.rows.meeting_at(index)
        if meeting is not None:  # else when its page is read (in a few milliseconds)
            here = meeting.id == self.here and meeting.unfinished
            self.query_one("#history-detail", Static).update(detail_words(meeting, here))
            if self.loaded:
                self._show_attendance()

    @on(HistoryTable.RowSelected, "#history-table")
    def _open_report(self, event: HistoryTable.RowSelected) -> None:
        meeting = self.rows.meeting_at(event.row)
        if meeting is not None:  # else its page is being read: there is nothing to open yet
            from .report import ReportScreen

            self.app.push_screen(ReportScreen(meeting))

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
        if 0 <= index < len(self.rows):
            self._counts(store, self.rows.ids[index])

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
                    self.counting = counts
                    self._correct(store, counts.meeting_id, corrected)

            self.app.push_screen(CorrectScreen(counts), chosen)
        elif isinstance(worker.result, Corrected):
            self._show_corrected(worker.result)

    def _show_corrected(self, corrected: Corrected) -> None:
        """The row and the detail of the meeting corrected follow; a toast says what changed."""
        index = self.rows.index_of(corrected.meeting_id)
        if corrected.changes and index is not None:
            table = self.query_one(HistoryTable)
            meeting = self.rows.meeting_at(index)
            if meeting is not None:
                row = self.rows.replace(replace(meeting, summary=corrected.summary))
                assert row is not None
                table.widen([row[1]])
                if table.cursor_row == index:
                    self._show_detail_of(index)
            counting = self.counting
            # Until every meeting is listed, the trends are yet to come.
            trends = [t for t in self.trends.values() if corrected.meeting_id in t.ids]
            if counting is not None and counting.meeting_id == corrected.meeting_id and trends:
                trend = trends[0]
                first = counting.categories[0][0]  # the category the trend counts
                at = trend.ids.index(corrected.meeting_id)
                trend.counts[at] = corrected.summary.tallies.get(first, 0)
                self.trend_shown = None
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
