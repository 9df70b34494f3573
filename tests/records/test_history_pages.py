"""The history read a page at a time: the same meetings, in the same order, with the same
attendance series as reading them all, and only a few pages of them kept in memory."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from facilitator.records.history import (
    COLUMNS,
    HistoryPages,
    Listing,
    listing,
    listing_of,
    meetings_of,
    newest_meetings,
    past_meetings,
    row_words,
    rows_of,
)
from facilitator.store.database import Store
from facilitator.store.schema import iso

from ..data import NOV_17, NOV_24
from ..hints import HoldMeeting, LeaveUnfinished, ThreeMeetings


@pytest.fixture
def mixed(
    four: Store,
    three_meetings: ThreeMeetings,
    hold_meeting: HoldMeeting,
    leave_unfinished: LeaveUnfinished,
    data_dir: Path,
) -> Store:
    """Every kind of row the history meets: ended meetings of two agendas, one never started,
    unfinished ones (started or not), two that started at the same moment, and a row whose
    first event never got written (nothing to show)."""
    store = four
    three_meetings(store)
    hold_meeting(store, NOV_24 + timedelta(days=7), counts=(4,), steps=(60, 120), end=False)
    leave_unfinished(data_dir, started=False)
    leave_unfinished(data_dir)
    with store.transaction() as db:
        db.execute("BEGIN")
        # Started when the 17 November meeting did: the id decides which comes first.
        db.execute(
            "INSERT INTO meetings (agenda, agenda_path, meeting, agenda_json, created_at,"
            " started_at, ended_at, summary_json) SELECT agenda, agenda_path, meeting,"
            " agenda_json, created_at, started_at, ended_at, summary_json FROM meetings"
            " WHERE started_at = ?",
            (iso(NOV_17),),
        )
        # The newest row of all, but its first event never reached the disk.
        db.execute(
            "INSERT INTO meetings (agenda, agenda_path, meeting, agenda_json, created_at)"
            " SELECT agenda, agenda_path, meeting, agenda_json, ? FROM meetings LIMIT 1",
            (iso(NOV_24 + timedelta(days=30)),),
        )
    return store


def test_the_fixture_has_every_kind_of_row(mixed: Store) -> None:
    db = mixed.connection
    (rows,) = db.execute("SELECT count(*) FROM meetings").fetchone()
    (unstarted,) = db.execute("SELECT count(*) FROM meetings WHERE started_at IS NULL").fetchone()
    (unsummed,) = db.execute("SELECT count(*) FROM meetings WHERE summary_json IS NULL").fetchone()
    (ties,) = db.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM meetings GROUP BY started_at"
        " HAVING started_at IS NOT NULL)"
    ).fetchone()
    assert len(past_meetings(mixed)) == rows - 1  # the row without events is not shown
    assert unstarted >= 3 and unsummed >= 4 and ties == 2


def test_the_newest_meetings_are_the_first_of_all_of_them(mixed: Store) -> None:
    every = past_meetings(mixed)
    for count in range(1, len(every) + 3):
        assert newest_meetings(mixed, count) == every[:count], count


def test_the_listing_is_every_meeting_and_the_same_series(mixed: Store) -> None:
    every = past_meetings(mixed)
    listed = listing(mixed)
    assert list(listed.ids) == [meeting.id for meeting in every]
    assert mixed.listed_meeting_ids() == listed.ids  # the quick listing, without the series
    assert listed.trends == listing_of(every).trends
    assert len(listed.trends) == 3  # three agendas, each a trend of its own
    for key, trend in listed.trends.items():
        assert len(trend.labels) == 1  # never one line mixing agendas (and their languages)
        agendas = {(m.agenda_stem or m.name) for m in every if m.id in trend.ids}
        assert agendas == {key}
        assert trend.ids == [m.id for m in reversed(every) if m.id in trend.ids]  # oldest first


def test_meetings_are_read_by_id_in_the_order_asked(mixed: Store) -> None:
    every = past_meetings(mixed)
    asked = [meeting.id for meeting in reversed(every)]
    assert meetings_of(mixed, [*asked, 999_999]) == list(reversed(every))  # a gone one: left out


def test_a_corrected_count_is_in_the_listing(mixed: Store) -> None:
    """The series reads the summary the correction saved, as the history shows it."""
    from facilitator.records.corrections import correct

    every = past_meetings(mixed)
    ended = next(m for m in every if m.started == NOV_17)
    first, _label = ended.attendance[0]
    correct(mixed, ended.id, {first: 40}, NOV_24)
    assert listing(mixed).trends == listing_of(past_meetings(mixed)).trends
    trend = listing(mixed).trends[ended.agenda_stem]
    assert trend.counts[trend.ids.index(ended.id)] == 40


# ---------------------------------------------------------------------- pages in memory


def pages_of(store: Store, page_rows: int = 3, kept_pages: int = 2) -> HistoryPages:
    return HistoryPages(listing(store).ids, page_rows, kept_pages)


def read(store: Store, pages: HistoryPages, page: int) -> None:
    pages.keep(page, rows_of(meetings_of(store, pages.page_ids(page))))


def test_rows_are_blank_until_their_page_is_read(mixed: Store) -> None:
    pages = pages_of(mixed)
    every = past_meetings(mixed)
    assert len(pages) == len(every)
    assert pages.missing(0, len(every) - 1) == list(range((len(every) + 2) // 3))
    assert pages.cells(4) is None and pages.meeting_at(4) is None
    read(mixed, pages, 1)
    assert pages.meeting_at(4) == every[4]
    assert pages.cells(4) == row_words(every[4])
    assert pages.missing(-10, 5) == [0]  # rows before the first are none
    assert pages.in_memory() == every[3:6]


def test_only_the_pages_used_last_are_kept(mixed: Store) -> None:
    pages = pages_of(mixed, page_rows=2, kept_pages=2)
    every = past_meetings(mixed)
    read(mixed, pages, 0)
    read(mixed, pages, 1)
    assert pages.meeting_at(0) == every[0]  # page 0 drawn again: page 1 is now the older
    read(mixed, pages, 2)
    assert sorted(pages.pages) == [0, 2]
    assert pages.cells(2) is None
    assert pages.in_memory() == [every[0], every[1], every[4], every[5]]


def test_a_meeting_gone_since_it_was_listed_is_a_blank_row(mixed: Store) -> None:
    pages = pages_of(mixed)
    gone = pages.ids[1]
    with mixed.transaction() as db:
        db.execute("BEGIN")
        db.execute("DELETE FROM events WHERE meeting_id = ?", (gone,))
        db.execute("DELETE FROM meetings WHERE id = ?", (gone,))
    read(mixed, pages, 0)
    assert pages.cells(1) == ("",) * len(COLUMNS)
    assert pages.missing(0, 2) == []  # read: not asked for again
    assert pages.meeting_at(2) is not None


def test_a_new_listing_keeps_the_pages_that_still_hold_the_same_meetings(mixed: Store) -> None:
    pages = pages_of(mixed, kept_pages=3)
    for page in (0, 1, 2):
        read(mixed, pages, page)
    ids = list(pages.ids)
    # A meeting listed in the middle of page 1: pages 1 and 2 hold other meetings now.
    relisted = pages.relisted([*ids[:4], 10_000, *ids[4:]])
    assert sorted(relisted.pages) == [0]
    assert relisted.meeting_at(2) == pages.meeting_at(2)
    assert len(relisted) == len(pages) + 1


def test_a_corrected_meeting_replaces_its_row(mixed: Store) -> None:
    pages = pages_of(mixed)
    read(mixed, pages, 0)
    meeting = pages.meeting_at(1)
    assert meeting is not None
    first, _label = meeting.attendance[0]
    summary = replace(meeting.summary, tallies={**meeting.summary.tallies, first: 99})
    row = pages.replace(replace(meeting, summary=summary))
    assert row is not None and f" {99}" in row[1][COLUMNS.index("Attendance")]
    assert pages.cells(1) == row[1]
    assert pages.index_of(meeting.id) == 1
    assert pages.index_of(123_456) is None
    assert pages.replace(replace(meeting, id=123_456)) is None  # not in memory: nothing


def test_listing_a_long_record_keeps_no_change_waiting(mixed: Store) -> None:
    """While the history lists every meeting, this window may be recording one: its changes
    are written without waiting for the listing (which reads on a connection of its own)."""
    with mixed.connection:
        # Only ended meetings: the unfinished ones are summed up on the store's connection.
        mixed.connection.execute(
            "DELETE FROM events WHERE meeting_id IN"
            " (SELECT id FROM meetings WHERE summary_json IS NULL)"
        )
        mixed.connection.execute("DELETE FROM meetings WHERE summary_json IS NULL")
    listed: list[Listing] = []
    with mixed.transaction() as db:
        db.execute("BEGIN IMMEDIATE")  # a change being written, the store held
        ids: list[Sequence[int]] = []

        def read() -> None:
            ids.append(mixed.listed_meeting_ids())
            listed.append(listing(mixed))

        reading = threading.Thread(target=read, daemon=True)
        reading.start()
        reading.join(timeout=10)
        assert listed, "the listing waited for the change being written"
    every = [meeting.id for meeting in past_meetings(mixed)]
    assert list(ids[0]) == list(listed[0].ids) == every


def test_no_meeting_is_listed_twice_when_one_is_recorded_between_reads(
    mixed: Store, hold_meeting: HoldMeeting
) -> None:
    """The history reads the newest meetings, then every id: a meeting recorded in between
    (a second window ending one) takes its place once, and the title's count is the rows'."""
    newest = rows_of(newest_meetings(mixed, 3))
    pages = HistoryPages([meeting.id for meeting, _words in newest], page_rows=3)
    pages.keep(0, newest)
    hold_meeting(mixed, NOV_24 + timedelta(days=60), counts=(2,), steps=(60, 120))
    relisted = pages.relisted(listing(mixed).ids)
    every = past_meetings(mixed)
    assert list(relisted.ids) == [meeting.id for meeting in every]
    assert len(set(relisted.ids)) == len(relisted) == len(every)
    assert relisted.pages == {}  # page 0 holds other meetings now: read again, not shifted
    for page in range(len(relisted.missing(0, len(relisted) - 1))):
        relisted.keep(page, rows_of(meetings_of(mixed, relisted.page_ids(page))))
    shown = [relisted.meeting_at(index) for index in range(len(relisted))]
    assert [meeting.id for meeting in shown if meeting is not None] == list(relisted.ids)
