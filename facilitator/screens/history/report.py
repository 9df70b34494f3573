"""One meeting's timing report: each step planned against actual, its shares and time added."""

from __future__ import annotations

from rich.console import JustifyMethod
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Label, Static

from ...records.history import PastMeeting, report_columns, report_lines
from ...widgets.footer import KeyFooter
from ...widgets.report_table import ReportTable
from ...words import meeting as words
from ...words import past as past_words
from ...words.i18n import N_, _, ngettext

DIFFERENCE = 2  # among the right-aligned columns, from Planned on
# The report's columns (`history.REPORT_COLUMNS`), as its header says them.
N_("Step")
N_("Kind")
N_("Planned")
N_("Actual")
N_("Difference")
N_("Shares")
N_("Average")
N_("Longest")
N_("Added")


class ReportScreen(Screen[None]):
    """The timing report of one past meeting; Escape goes back to the history."""

    CSS_PATH = "history.tcss"

    BINDINGS = [Binding("escape", "back", N_("Back"))]

    def __init__(self, meeting: PastMeeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.lines = report_lines(meeting.summary, meeting.unfinished)

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        summary = meeting.summary
        when = past_words.day_and_time(meeting.started)
        if meeting.agenda_stem:
            stem = words.shown(meeting.agenda_stem)
            when = _("{when} · agenda {name}").format(when=when, name=stem)
        counts = meeting.tally_words()
        if meeting.counts_shares:
            counts = ngettext(
                "{count} share · {attendance}", "{count} shares · {attendance}", summary.shares
            ).format(count=summary.shares, attendance=counts)
        with Vertical(id="report"):
            yield Label(words.shown(meeting.name), classes="title", markup=False)
            yield Label(when, id="report-when", markup=False)
            ran = meeting.length_words()
            length = Label(ran[:1].upper() + ran[1:], id="report-length", markup=False)
            length.set_class(self.lines[-1].over, "-over")
            yield length
            yield Label(counts, id="report-counts", markup=False)
            corrections = meeting.correction_lines()
            if corrections:
                yield Static("\n".join(corrections), id="report-corrections", markup=False)
            yield ReportTable(id="report-table")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(ReportTable)
        for column, label in enumerate(report_columns(self.meeting)):
            justify: JustifyMethod = "left" if column < 2 else "right"  # step, kind; numbers
            table.add_column(Text(label, justify=justify), key=label)
        self._fill()
        table.focus()
        # The accents are read from the theme when rows are built: rebuild when it changes.
        self.app.theme_changed_signal.subscribe(self, self._restyle)

    def _restyle(self, _theme: Theme) -> None:
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(ReportTable)
        row = table.cursor_row
        table.clear()
        last = len(self.lines) - 1
        for index, line in enumerate(self.lines):
            style = table.total if index == last else Text
            numbers = [line.planned, line.actual, line.difference]
            if self.meeting.counts_shares:
                numbers += [line.shares, line.average, line.longest, line.added]
            cells = [style(line.step), style(line.kind)]
            for column, cell in enumerate(numbers):
                over = line.over and column == DIFFERENCE
                cells.append(_right(table.over(cell) if over else style(cell)))
            table.add_row(*cells, key=str(index))
        table.move_cursor(row=row, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)


def _right(text: Text) -> Text:
    text.justify = "right"
    return text
