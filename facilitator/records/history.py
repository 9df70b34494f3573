"""Past meetings summed up for the history list and each meeting's timing report. No Textual.

The history screen and the report screen show what this module works out; export reads the
same summaries, so every place gives the same numbers. A long record is read a page at a
time (`HistoryPages`): the list knows every meeting by its id, and holds only the pages
shown lately, so ten years of meetings take no more memory than a screenful.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import groupby

from ..store.database import Store, StoredMeeting
from ..store.recorder import replay
from ..words import meeting as words
from ..words import past as past_words
from ..words.i18n import N_, _
from ..words.phrasing import SEPARATOR
from .report import StepReport, Summary, at_most, summarize


def summary_of(stored: StoredMeeting) -> Summary:
    """The stored summary, or one rebuilt from the events.

    An unfinished meeting is summed up as its last recorded change left it, so the same
    meeting gives the same numbers every time it is read.
    """
    if stored.summary is not None:
        # One planned length everywhere: a summary cached before it was the agenda's
        # (`[meeting] minutes`) holds its steps' sum.
        planned = stored.agenda.length_minutes * 60
        return replace(stored.summary, planned_seconds=planned)
    meeting = replay(stored.agenda, stored.events, lambda: stored.last_at, lambda: stored.last_wall)
    return summarize(meeting, stored.walls)


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
    one_on_one: bool = False
    """Its agenda is a one-on-one's: it times its steps, with no shares to count."""

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
            one_on_one=stored.agenda.meeting.kind == "one-on-one",
        )

    @property
    def counts_shares(self) -> bool:
        """Its shares are counted: a group's, or a one-on-one's that has some (recorded
        before a one-on-one timed its sharing steps as a whole)."""
        return not self.one_on_one or self.summary.shares > 0

    @property
    def agenda_words(self) -> str:
        """`Tuesday Night Open Discussion · tuesday` (the meeting's name and the file stem)."""
        return past_words.agenda_words(self.name, self.agenda_stem)

    def tallies(self) -> list[tuple[str, int]]:
        """Each attendance category's label and count, in agenda order."""
        counts = self.summary.tallies
        return [(label, counts.get(key, 0)) for key, label in self.attendance]

    def tally_words(self) -> str:
        """`Attendees 12 · Newcomers 1 · Online 0`."""
        return past_words.tally_words(self.tallies())

    def label(self, category: str) -> str:
        """The label of attendance category `category` (its id, if the agenda lacks it)."""
        return next((label for key, label in self.attendance if key == category), category)

    def correction_lines(self) -> list[str]:
        """`Counts corrected 19:45: Newcomers 1 → 2`: a line for each time counts were corrected."""
        return [
            past_words.correction_line(
                at, self.started, [(self.label(c.category), c.before, c.after) for c in made]
            )
            for at, made in groupby(self.summary.corrections, key=lambda c: c.at)
        ]

    def length_words(self) -> str:
        """`ran 23:10 of 20:00 planned, 3:10 over` (`unfinished, recorded to ...` if it never
        ended)."""
        summary = self.summary
        return past_words.length_words(
            summary.actual_seconds, summary.planned_seconds, self.unfinished
        )


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


PAGE_ROWS = 100
"""Meetings read from the store at a time for the history: a few screenfuls."""
KEPT_PAGES = 6
"""Pages of meetings the history keeps in memory: what is shown, and a little around it."""
READ_AT_ONCE = 500
"""Meetings asked of the store in one query (SQLite takes a bounded number of values)."""

HistoryRow = tuple[PastMeeting, tuple[str, ...]]
"""A meeting of the history, and its row of the table in words (see `row_words`)."""


def meetings_of(store: Store, ids: Sequence[int]) -> list[PastMeeting]:
    """The meetings `ids`, summed up, in that order. Reads the database: not on the UI thread.

    Ended meetings carry their cached summary; the others are replayed to their last event.
    """
    found: list[PastMeeting] = []
    for start in range(0, len(ids), READ_AT_ONCE):
        for stored in store.meetings_by_id(ids[start : start + READ_AT_ONCE]):
            found.append(PastMeeting.of(stored, summary_of(stored)))
    return found


def newest_meetings(store: Store, count: int = PAGE_ROWS) -> list[PastMeeting]:
    """The `count` newest meetings, summed up, newest first, as `past_meetings` begins.

    Quick however long the record: the history shows them before it has listed the rest.
    """
    return meetings_of(store, store.newest_meeting_ids(count))


def rows_of(meetings: Iterable[PastMeeting], here: int | None = None) -> list[HistoryRow]:
    """Each meeting with its row of the history table (`here`: the meeting this window
    records, if any)."""
    return [(meeting, row_words(meeting, meeting.id == here)) for meeting in meetings]


@dataclass
class Trend:
    """The attendance of one agenda's meetings: the first category's count of each, oldest
    first, as the sparkline shows it."""

    labels: list[str]
    """The category's labels, each once (one, unless the agenda renamed it)."""
    ids: list[int]
    """Each meeting's id, oldest first."""
    counts: list[int]
    """Each meeting's count, oldest first."""


def trend_key(stem: str, name: str) -> str:
    """Which trend a meeting belongs to: its agenda's file stem (its meeting's name for an
    agenda recorded without a file)."""
    return stem or name


def trends_of(rows: Iterable[tuple[int, str, str, int]]) -> dict[str, Trend]:
    """Each agenda's trend, from every meeting's id, trend key, label and count, newest first."""
    trends: dict[str, Trend] = {}
    for meeting_id, key, label, count in rows:
        trend = trends.setdefault(key, Trend([], [], []))
        if label not in trend.labels:
            trend.labels.insert(0, label)
        trend.ids.append(meeting_id)
        trend.counts.append(count)
    for trend in trends.values():
        trend.ids.reverse()
        trend.counts.reverse()
    return trends


@dataclass(frozen=True)
class Listing:
    """Every meeting the history lists, by id, and each agenda's attendance trend, read in
    one pass without building the meetings."""

    ids: Sequence[int]
    """Each meeting's id, newest first (the order of `past_meetings`)."""
    trends: dict[str, Trend]
    """Each agenda's attendance, by `trend_key`: the sparkline shows the highlighted
    meeting's, never a line mixing agendas (and their languages)."""


def listing_of(meetings: Sequence[PastMeeting]) -> Listing:
    """The listing of `meetings` (newest first), all of them in memory."""
    rows = [
        (m.id, trend_key(m.agenda_stem, m.name), *m.tallies()[0]) for m in meetings if m.attendance
    ]
    return Listing([m.id for m in meetings], trends_of(rows))


def listing(store: Store) -> Listing:
    """Every meeting's id and each agenda's trend. Reads the database: not on the UI thread.

    Counts come from the summaries cached in the database; the few meetings without one
    (unfinished) are replayed.
    """
    ids, agendas, labels, counts = store.history_listing()
    unsummed = [meeting_id for meeting_id, count in zip(ids, counts, strict=True) if count is None]
    replayed: dict[int, int] = {}
    if unsummed:
        replayed = {m.id: m.tallies()[0][1] for m in meetings_of(store, unsummed)}
    rows = (
        (
            meeting_id,
            trend_key(*agenda),
            label,
            replayed.get(meeting_id, 0) if count is None else count,
        )
        for meeting_id, agenda, label, count in zip(ids, agendas, labels, counts, strict=True)
    )
    return Listing(ids, trends_of(rows))


class HistoryPages:
    """The rows of the history: every meeting's id, newest first, and the meetings of the
    last few pages shown (never all of them: the record stays on disk).

    Pages are read elsewhere (`meetings_of`, in a worker) and kept here; a page used to
    draw a row is the last to go.
    """

    def __init__(
        self, ids: Sequence[int], page_rows: int = PAGE_ROWS, kept_pages: int = KEPT_PAGES
    ) -> None:
        self.ids = ids
        self.page_rows = page_rows
        self.kept_pages = kept_pages
        self.pages: OrderedDict[int, dict[int, HistoryRow]] = OrderedDict()
        """Each page kept, by number: its meetings' rows by id, the page used last at the end."""

    def __len__(self) -> int:
        return len(self.ids)

    def page_ids(self, page: int) -> Sequence[int]:
        """The ids of the meetings on page `page`."""
        return self.ids[page * self.page_rows : (page + 1) * self.page_rows]

    def missing(self, first: int, last: int) -> list[int]:
        """The pages holding rows `first` to `last` that are not in memory."""
        first, last = max(first, 0), min(last, len(self.ids) - 1)
        if last < first:
            return []
        pages = range(first // self.page_rows, last // self.page_rows + 1)
        return [page for page in pages if page not in self.pages]

    def keep(self, page: int, rows: Iterable[HistoryRow]) -> None:
        """Keep the rows read for page `page`; the page used least lately goes if there are
        too many."""
        self.pages[page] = {meeting.id: (meeting, words) for meeting, words in rows}
        self.pages.move_to_end(page)
        while len(self.pages) > self.kept_pages:
            self.pages.popitem(last=False)

    def row(self, index: int) -> HistoryRow | None:
        """The meeting at row `index` and its words, if its page is in memory."""
        if not 0 <= index < len(self.ids):
            return None
        page = index // self.page_rows
        kept = self.pages.get(page)
        if kept is None:
            return None
        self.pages.move_to_end(page)
        return kept.get(self.ids[index])

    def meeting_at(self, index: int) -> PastMeeting | None:
        """The meeting at row `index`, if its page is in memory."""
        found = self.row(index)
        return found[0] if found is not None else None

    def cells(self, index: int) -> tuple[str, ...] | None:
        """Row `index` of the table in words: None until its page is read, empty cells for
        a meeting gone from the store since it was listed."""
        if index // self.page_rows not in self.pages:
            return None
        found = self.row(index)
        return found[1] if found is not None else ("",) * len(COLUMNS)

    def index_of(self, meeting_id: int) -> int | None:
        """The row of meeting `meeting_id`, if listed."""
        try:
            return self.ids.index(meeting_id)
        except ValueError:
            return None

    def replace(self, meeting: PastMeeting) -> HistoryRow | None:
        """Put `meeting` (corrected) in place of the one with its id, if in memory, and give
        its row."""
        for kept in self.pages.values():
            if meeting.id in kept:
                kept[meeting.id] = row = (meeting, row_words(meeting))
                return row
        return None

    def relisted(self, ids: Sequence[int]) -> HistoryPages:
        """The rows of a new listing, with the pages in memory that still hold the same
        meetings."""
        pages = HistoryPages(ids, self.page_rows, self.kept_pages)
        for page, kept in self.pages.items():
            if list(pages.page_ids(page)) == list(self.page_ids(page)):
                pages.pages[page] = kept
        return pages

    def in_memory(self) -> list[PastMeeting]:
        """The meetings in memory, in the order of the rows."""
        return [
            row[0]
            for page in sorted(self.pages)
            for meeting_id in self.page_ids(page)
            if (row := self.pages[page].get(meeting_id)) is not None
        ]


def detail_words(meeting: PastMeeting, here: bool = False) -> str:
    """Everything about one meeting on a line or two, under the table (`here`: it is the
    meeting this window records, under way)."""
    parts = [meeting.agenda_words, past_words.day_and_time(meeting.started)]
    parts.append(past_words.running_here_words() if here else meeting.length_words())
    if meeting.counts_shares:
        parts.append(words.shares_words(meeting.summary.shares))
    return SEPARATOR.join([*parts, meeting.tally_words()])


def row_words(meeting: PastMeeting, here: bool = False) -> tuple[str, ...]:
    """One row of the history table, in words (see COLUMNS); `here`: the meeting is the one
    this window records, under way (its record stops at its last change, not now)."""
    summary = meeting.summary
    actual = words.format_duration(summary.actual_seconds)
    if here and meeting.unfinished:
        # Translators: the length of the meeting under way in this window, in the history.
        actual = _("under way")
    elif meeting.unfinished and words.shown_seconds(summary.actual_seconds) < 1:
        # Translators: a past meeting's length in the history, when it never ended and
        # nothing was recorded after its start (so its length is not known).
        actual = _("unfinished")
    elif meeting.unfinished:
        # Translators: a past meeting's length in the history, when it never ended: its
        # length up to its last recorded change.
        actual = _("{time} unfinished").format(time=actual)
    return (
        past_words.started_words(meeting.started),
        words.format_duration(summary.planned_seconds),
        actual,
        str(summary.shares) if meeting.counts_shares else words.NONE,
        meeting.tally_words(),
        meeting.agenda_words,
    )


COLUMNS = (
    N_("Started"),
    N_("Planned"),
    N_("Actual"),
    N_("Shares"),
    N_("Attendance"),
    N_("Meeting"),
)
"""The history table's columns, in English: `column_labels` gives them as they are shown."""
RIGHT_ALIGNED = (1, 2, 3)
SQUEEZED = (4, 5)
"""The columns narrowed to fit a narrow window, in turn, their cells cut with an ellipsis
(the line under the table says them in full): Attendance, then the Meeting's name."""


def column_labels() -> tuple[str, ...]:
    """The history table's columns as they are shown, in the language spoken."""
    return tuple(_(label) for label in COLUMNS)


# ---------------------------------------------------------------------- the timing report


REPORT_COLUMNS = (
    N_("Step"),
    N_("Kind"),
    N_("Planned"),
    N_("Actual"),
    N_("Difference"),
    N_("Shares"),
    N_("Average"),
    N_("Longest"),
    N_("Added"),
)
"""The report's columns, in English: `report_columns` gives them as they are shown."""


SHARE_COLUMNS = 4
"""The report's last columns, about shares (Shares to Added): none for a one-on-one."""


def report_columns(meeting: PastMeeting) -> tuple[str, ...]:
    """The report's columns for `meeting`, in the language spoken: a one-on-one without
    shares has none about them."""
    shown = REPORT_COLUMNS if meeting.counts_shares else REPORT_COLUMNS[:-SHARE_COLUMNS]
    return tuple(_(label) for label in shown)


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


def step_line(number: int, step: StepReport) -> ReportLine:
    """The report's row for one step."""
    difference, over = past_words.step_difference(step.planned_seconds, step.actual_seconds)
    sharing = step.kind == "sharing" or step.shares > 0
    return ReportLine(
        step=f"{number} {step.title}",
        kind=words.kind_words(step.kind),
        planned=words.format_duration(step.planned_seconds),
        actual=words.format_duration(step.actual_seconds),
        difference=difference,
        shares=str(step.shares) if sharing else words.NONE,
        average=words.maybe_duration(step.average_share_seconds),
        longest=words.maybe_duration(step.longest_share_seconds),
        added=words.added_words(step.added_seconds),
        over=over,
    )


def total_line(summary: Summary, unfinished: bool = False) -> ReportLine:
    """The totals row: the whole meeting, and every share across its steps (a meeting that
    never ended has no difference: its length is known only to its last change)."""
    shared = [s for s in summary.steps if s.average_share_seconds is not None]
    count = sum(s.shares for s in shared)
    seconds = sum((s.average_share_seconds or 0.0) * s.shares for s in shared)
    longest = max((s.longest_share_seconds or 0.0 for s in shared), default=None)
    average = at_most(seconds / count if count else None, longest)
    difference, over = past_words.step_difference(summary.planned_seconds, summary.actual_seconds)
    if unfinished:
        # Translators: the timing report's difference for a meeting that never ended.
        difference, over = _("unfinished"), False
    return ReportLine(
        # Translators: the timing report's last row, the whole meeting's.
        step=_("Total"),
        kind="",
        planned=words.format_duration(summary.planned_seconds),
        actual=words.format_duration(summary.actual_seconds),
        difference=difference,
        shares=str(summary.shares),
        average=words.maybe_duration(average),
        longest=words.maybe_duration(longest),
        added=words.added_words(sum(s.added_seconds for s in summary.steps)),
        over=over,
    )


def report_lines(summary: Summary, unfinished: bool = False) -> list[ReportLine]:
    """Every step, then the totals (`unfinished`: the meeting never ended)."""
    lines = [step_line(number, step) for number, step in enumerate(summary.steps, start=1)]
    return [*lines, total_line(summary, unfinished)]
