"""One meeting's timing report: each step planned against actual, its shares and time added."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import JustifyMethod
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Footer, Label

from ..engine import format_duration
from ..report import StepReport, Summary
from ..widgets.report_table import ReportTable
from .history import PastMeeting, difference_words

NONE = "—"
COLUMNS = (
    "Step",
    "Kind",
    "Planned",
    "Actual",
    "Difference",
    "Shares",
    "Average",
    "Longest",
    "Added",
)
DIFFERENCE = 2  # among the right-aligned columns, from Planned on


@dataclass(frozen=True)
class ReportLine:
    """One row of the report, in words; `over` marks a step that ran past its plan."""

    step: str
    kind: str
    planned: str
    actual: str
    difference: str
    shares: str
    average: str
    longest: str
    added: str
    over: bool = False


def step_difference(planned: float, actual: float) -> tuple[str, bool]:
    """`+2:10 over` (and True), `1:05 under`, `on time` or `not run`, to the displayed second."""
    if actual <= 0:
        return "not run", False
    if actual - planned >= 1:
        return f"{format_duration(actual - planned, signed=True)} over", True
    return difference_words(planned, actual), False


def _maybe(seconds: float | None) -> str:
    return NONE if seconds is None else format_duration(seconds)


def _added(seconds: float) -> str:
    return NONE if abs(seconds) < 1 else format_duration(seconds, signed=True)


def step_line(number: int, step: StepReport) -> ReportLine:
    """The report's row for one step."""
    difference, over = step_difference(step.planned_seconds, step.actual_seconds)
    sharing = step.kind == "sharing" or step.shares > 0
    return ReportLine(
        step=f"{number} {step.title}",
        kind=step.kind,
        planned=format_duration(step.planned_seconds),
        actual=format_duration(step.actual_seconds),
        difference=difference,
        shares=str(step.shares) if sharing else NONE,
        average=_maybe(step.average_share_seconds),
        longest=_maybe(step.longest_share_seconds),
        added=_added(step.added_seconds),
        over=over,
    )


def total_line(summary: Summary) -> ReportLine:
    """The totals row: the whole meeting, and every share across its steps."""
    shared = [s for s in summary.steps if s.average_share_seconds is not None]
    count = sum(s.shares for s in shared)
    seconds = sum((s.average_share_seconds or 0.0) * s.shares for s in shared)
    longest = max((s.longest_share_seconds or 0.0 for s in shared), default=None)
    difference, over = step_difference(summary.planned_seconds, summary.actual_seconds)
    return ReportLine(
        step="Total",
        kind="",
        planned=format_duration(summary.planned_seconds),
        actual=format_duration(summary.actual_seconds),
        difference=difference,
        shares=str(summary.shares),
        average=_maybe(seconds / count if count else None),
        longest=_maybe(longest),
        added=_added(sum(s.added_seconds for s in summary.steps)),
        over=over,
    )


def report_lines(summary: Summary) -> list[ReportLine]:
    """Every step, then the totals."""
    lines = [step_line(number, step) for number, step in enumerate(summary.steps, start=1)]
    return [*lines, total_line(summary)]


class ReportScreen(Screen[None]):
    """The timing report of one past meeting; Escape goes back to the history."""

    CSS_PATH = "history.tcss"

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, meeting: PastMeeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.lines = report_lines(meeting.summary)

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        summary = meeting.summary
        when = f"{meeting.started.strftime('%a %d %b %Y %H:%M')}"
        if meeting.agenda_stem:
            when += f" · agenda {meeting.agenda_stem}"
        shares = summary.shares
        with Vertical(id="report"):
            yield Label(meeting.name, classes="title", markup=False)
            yield Label(when, id="report-when", markup=False)
            words = meeting.length_words()
            length = Label(words[:1].upper() + words[1:], id="report-length", markup=False)
            length.set_class(self.lines[-1].over, "-over")
            yield length
            yield Label(
                f"{shares} share{'' if shares == 1 else 's'} · {meeting.tally_words()}",
                id="report-counts",
                markup=False,
            )
            yield ReportTable(id="report-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(ReportTable)
        for column, label in enumerate(COLUMNS):
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
            numbers = [line.planned, line.actual, line.difference, line.shares]
            numbers += [line.average, line.longest, line.added]
            cells = [style(line.step), style(line.kind)]
            for column, words in enumerate(numbers):
                over = line.over and column == DIFFERENCE
                cells.append(_right(table.over(words) if over else style(words)))
            table.add_row(*cells, key=str(index))
        table.move_cursor(row=row, animate=False)

    def action_back(self) -> None:
        self.dismiss(None)


def _right(text: Text) -> Text:
    text.justify = "right"
    return text
