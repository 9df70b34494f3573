"""A past meeting's counts corrected from the history: applied, replayed, stored, exported.

Each corrected category is a "correction" event; the meeting's summary is saved again with
it, in one transaction, and never over a meeting that a window running now holds.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from facilitator.__main__ import EXIT_OK, main
from facilitator.agenda import Agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import CountCorrection, Event
from facilitator.records.corrections import NotCorrected, correct, counts_of
from facilitator.records.export import FIXED_COLUMNS, export_rows, to_csv, to_json
from facilitator.records.history import past_meetings, summary_of
from facilitator.records.report import Correction, Summary, summarize
from facilitator.store.database import MeetingChanged, MeetingTaken, Store, open_store
from facilitator.store.recorder import replay
from facilitator.words.past import corrected_words, correction_line

from ..data import EST, WALL_START
from ..hints import RecordMeeting, RecordTuesday
from ..support import meetings
from ..support.clocks import ManualClock, ManualWall

LATER = datetime(2026, 11, 24, 21, 10, tzinfo=EST)  # the evening of the Tuesday
NEXT_DAY = datetime(2026, 11, 25, 9, 30, tzinfo=EST)
NAME = "Tuesday Night Open Discussion"
TUESDAY_COUNTS = {"attendees": 5, "newcomers": 1, "online": 0}  # as `record_tuesday` left it


def corrected(category: str, before: int, after: int, at: float = 0.0) -> Event:
    return Event("correction", at, CountCorrection(category, before, after).value())


def window(data_dir: Path) -> Store:
    """A store of its own, as another window of the app would have."""
    store = open_store(data_dir, lambda: WALL_START).store
    assert store is not None
    return store


def raw_row(store: Store, meeting_id: int) -> tuple[object, ...]:
    row = store.connection.execute(
        "SELECT summary_json, (SELECT count(*) FROM events WHERE meeting_id = ?) FROM meetings"
        " WHERE id = ?",
        (meeting_id, meeting_id),
    ).fetchone()
    return tuple(row)


# ---------------------------------------------------------------------- the event


def test_the_event_value_is_compact_json_with_the_count_it_replaces() -> None:
    value = CountCorrection("newcomers", 1, 2).value()
    assert value == '{"category":"newcomers","from":1,"to":2}'
    assert CountCorrection.read(value) == CountCorrection("newcomers", 1, 2)


def test_a_correction_sets_the_count_and_replays_the_same(
    short_tuesday: Agenda, clock: ManualClock
) -> None:
    meeting = Meeting(short_tuesday, clock=clock)
    meeting.tally(1)
    meeting.tally(0)
    meeting.end(started_or_not=True)
    clock.advance(600)
    meeting.apply(corrected("newcomers", 1, 3, clock.now))
    meeting.apply(corrected("attendees", 1, 0, clock.now))
    assert meeting.tallies == {"attendees": 0, "newcomers": 3, "online": 0}
    rebuilt = replay(short_tuesday, meeting.events, clock, ManualWall(clock, WALL_START))
    assert rebuilt.tallies == meeting.tallies
    # A later tap counts on from the corrected count.
    meeting.tally(1)
    assert meeting.tallies["newcomers"] == 4


@pytest.mark.parametrize(
    "value",
    [
        None,
        3,
        "newcomers=2",
        "{",
        "[1, 2]",
        '{"category": "newcomers", "from": 1}',
        '{"category": "newcomers", "from": 1, "to": -1}',
        '{"category": "newcomers", "from": 1, "to": 10000}',
        '{"category": "newcomers", "from": 1, "to": true}',
        '{"category": "newcomers", "from": 1, "to": 2.5}',
        '{"category": 7, "from": 1, "to": 2}',
        '{"category": "visitors", "from": 0, "to": 2}',  # not a category of this agenda
    ],
)
def test_a_correction_that_says_nothing_usable_changes_nothing(
    short_tuesday: Agenda, clock: ManualClock, value: str | int | None
) -> None:
    meeting = Meeting(short_tuesday, clock=clock)
    meeting.tally(1)
    meeting.end(started_or_not=True)
    meeting.apply(Event("correction", clock.now, value))
    assert meeting.tallies == {"attendees": 0, "newcomers": 1, "online": 0}
    walls = [WALL_START] * len(meeting.events)
    assert summarize(meeting, walls).corrections == ()


def test_the_summary_keeps_its_corrections_and_is_as_before_without() -> None:
    plain = Summary(60, 75, 0, {"attendees": 4}, ())
    assert "corrections" not in json.loads(plain.to_json())
    assert Summary.from_json(plain.to_json()) == plain
    fixed = replace(plain, corrections=(Correction(LATER, "attendees", 4, 5),))
    assert json.loads(fixed.to_json())["corrections"] == [
        {"at": "2026-11-24T21:10:00.000-05:00", "category": "attendees", "before": 4, "after": 5}
    ]
    assert Summary.from_json(fixed.to_json()) == fixed
    assert Summary.from_json(fixed.to_json(), steps=False).corrections == fixed.corrections


def test_the_words_of_a_correction() -> None:
    changes = [("Newcomers", 1, 2), ("Online", 0, 3)]
    assert corrected_words(changes) == "Corrected: Newcomers 1 → 2 · Online 0 → 3"
    assert corrected_words([]) == "Nothing corrected: the counts are as they were."
    started = datetime(2026, 11, 24, 19, 1, tzinfo=EST)
    assert correction_line(LATER, started, changes[:1]) == (
        "Counts corrected 21:10: Newcomers 1 → 2"
    )
    assert correction_line(NEXT_DAY, started, changes[:1]) == (
        "Counts corrected Wed 25 Nov 2026 09:30: Newcomers 1 → 2"
    )


# ---------------------------------------------------------------------- the store


def test_a_correction_is_recorded_and_the_summary_saved_again(
    store: Store, record_tuesday: RecordTuesday
) -> None:
    record_tuesday(store)
    (past,) = past_meetings(store)
    before = store.get(past.id)
    assert counts_of(store, past.id).categories == (
        ("attendees", "Attendees", 5),
        ("newcomers", "Newcomers", 1),
        ("online", "Online", 0),
    )
    done = correct(store, past.id, {**TUESDAY_COUNTS, "attendees": 6, "online": 2}, LATER)
    assert done.changes == (("Attendees", 5, 6), ("Online", 0, 2))
    after = store.get(past.id)
    count = len(before.events)
    assert after.events[:count] == before.events
    assert after.events[count:] == (
        corrected("attendees", 5, 6, before.last_at),
        corrected("online", 0, 2, before.last_at),
    )
    assert after.walls[count:] == (LATER, LATER)
    assert after.ended_at == before.ended_at  # the meeting itself is as it was
    # The summary saved is the corrected one, and only the counts changed in it.
    assert after.summary == done.summary
    assert done.summary.tallies == {"attendees": 6, "newcomers": 1, "online": 2}
    assert done.summary.corrections == (
        Correction(LATER, "attendees", 5, 6),
        Correction(LATER, "online", 0, 2),
    )
    assert before.summary is not None
    assert replace(done.summary, tallies=before.summary.tallies, corrections=()) == before.summary
    # The events alone give the same counts.
    replayed = replay(after.agenda, after.events, lambda: after.last_at, lambda: LATER)
    assert replayed.tallies == done.summary.tallies
    (listed,) = past_meetings(store)
    assert listed.tally_words() == "Attendees 6 · Newcomers 1 · Online 2"
    assert listed.correction_lines() == ["Counts corrected 21:10: Attendees 5 → 6 · Online 0 → 2"]


def test_a_second_correction_corrects_the_first(
    store: Store, record_tuesday: RecordTuesday
) -> None:
    record_tuesday(store)
    correct(store, 1, {"newcomers": 2}, LATER)
    done = correct(store, 1, {"newcomers": 1}, NEXT_DAY)
    assert done.changes == (("Newcomers", 2, 1),)
    (listed,) = past_meetings(store)
    assert listed.summary.tallies["newcomers"] == 1
    assert listed.correction_lines() == [
        "Counts corrected 21:10: Newcomers 1 → 2",
        "Counts corrected Wed 25 Nov 2026 09:30: Newcomers 2 → 1",
    ]


def test_a_summary_rebuilt_from_the_events_has_the_corrections(
    store: Store, record_tuesday: RecordTuesday
) -> None:
    record_tuesday(store)
    done = correct(store, 1, {"newcomers": 3}, LATER)
    with store.transaction() as db:
        db.execute("UPDATE meetings SET summary_json = NULL")  # as if it was never saved
    stored = store.get(1)
    assert stored.summary is None
    assert summary_of(stored) == done.summary


def test_counts_as_they_were_write_nothing(store: Store, record_tuesday: RecordTuesday) -> None:
    record_tuesday(store)
    kept = raw_row(store, 1)
    done = correct(store, 1, TUESDAY_COUNTS, LATER)
    assert done.changes == ()
    assert correct(store, 1, {}, LATER).changes == ()
    assert raw_row(store, 1) == kept


def test_a_count_out_of_range_writes_nothing(store: Store, record_tuesday: RecordTuesday) -> None:
    record_tuesday(store)
    kept = raw_row(store, 1)
    with pytest.raises(ValueError, match="from 0 to 9999"):
        correct(store, 1, {"attendees": 6, "newcomers": 10_000}, LATER)
    with pytest.raises(ValueError):
        correct(store, 1, {"newcomers": -1}, LATER)
    assert raw_row(store, 1) == kept


def test_a_category_the_agenda_does_not_count_is_left_out(
    store: Store, record_tuesday: RecordTuesday
) -> None:
    record_tuesday(store)
    done = correct(store, 1, {"visitors": 4, "online": 1}, LATER)
    assert done.changes == (("Online", 0, 1),)
    assert "visitors" not in done.summary.tallies


def test_a_meeting_running_in_another_window_is_not_corrected(
    data_dir: Path, short_tuesday: Agenda, recorded_meeting: RecordMeeting
) -> None:
    running, here = window(data_dir), window(data_dir)
    meeting = recorded_meeting(running, short_tuesday, "tuesday", WALL_START)
    meeting.tally(1)
    meeting.finish()  # ended, and its window still open: it counts on there
    meeting_id = meeting.log.meeting_id
    assert meeting_id is not None
    kept = raw_row(here, meeting_id)
    line = f"^{NAME} is running in another window: correct it there.$"
    with pytest.raises(NotCorrected, match=line):
        counts_of(here, meeting_id)
    with pytest.raises(NotCorrected, match=line):
        correct(here, meeting_id, {"newcomers": 2}, LATER)
    assert raw_row(here, meeting_id) == kept
    # The window closes: the meeting is nobody's, and can be corrected.
    running.close()
    assert correct(here, meeting_id, {"newcomers": 2}, LATER).changes == (("Newcomers", 1, 2),)
    assert here.get(meeting_id).summary == summary_of(here.get(meeting_id))
    here.close()


def test_the_store_checks_the_holder_and_the_events_in_its_transaction(
    data_dir: Path, short_tuesday: Agenda, recorded_meeting: RecordMeeting
) -> None:
    running, here = window(data_dir), window(data_dir)
    meeting = recorded_meeting(running, short_tuesday, "tuesday", WALL_START)
    meeting.tally(1)
    meeting.finish()
    stored = here.get(meeting.log.meeting_id or -1)
    seq = len(stored.events)
    events = [corrected("newcomers", 1, 2, stored.last_at)]
    summary = replace(summary_of(stored), tallies={"attendees": 0, "newcomers": 2, "online": 0})
    kept = raw_row(here, stored.id)
    with pytest.raises(MeetingTaken):
        here.append_corrections(stored.id, seq, events, summary, LATER)
    running.close()
    # Worked out from a meeting read before its last change: stale, refused.
    with pytest.raises(MeetingChanged):
        here.append_corrections(stored.id, seq - 1, events, summary, LATER)
    with pytest.raises(KeyError):
        here.append_corrections(stored.id + 1, seq, events, summary, LATER)
    assert raw_row(here, stored.id) == kept
    here.append_corrections(stored.id, seq, events, summary, LATER)
    assert here.get(stored.id).events[seq:] == tuple(events)
    assert here.get(stored.id).summary == summary
    here.close()


def test_the_meeting_this_window_records_is_counted_on_its_screen(
    store: Store, record_tuesday: RecordTuesday
) -> None:
    record_tuesday(store)
    with pytest.raises(NotCorrected, match=f"^{NAME} is the meeting in this window"):
        correct(store, 1, {"newcomers": 2}, LATER, here=1)
    # An earlier meeting of this window, which it no longer records, is corrected.
    assert correct(store, 1, {"newcomers": 2}, LATER, here=2).changes


def test_an_unfinished_meeting_is_not_corrected(store: Store) -> None:
    meetings.mercredi(store)
    with pytest.raises(NotCorrected, match="never ended: resume it"):
        correct(store, 1, {"attendees": 8}, LATER)
    assert store.get(1).events[-1].kind == "tally"


# ---------------------------------------------------------------------- the export


def test_the_export_has_the_corrected_counts_and_the_corrections(
    four: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    correct(four, 1, {"newcomers": 2, "online": 1}, LATER)
    rows = export_rows(four)
    header, first, *_ = to_csv(rows).splitlines()
    # The columns are as they were; the counts are the corrected ones.
    assert header == ",".join([*FIXED_COLUMNS, "attendees", "newcomers", "online", "visitors"])
    assert first.endswith(",2,5,2,1,0")
    exported = json.loads(to_json(rows))
    assert exported[0]["tallies"] == {"attendees": 5, "newcomers": 2, "online": 1}
    assert exported[0]["corrections"] == [
        {"at": "2026-11-24T21:10:00.000-05:00", "category": "newcomers", "from": 1, "to": 2},
        {"at": "2026-11-24T21:10:00.000-05:00", "category": "online", "from": 0, "to": 1},
    ]
    assert [row["corrections"] for row in exported[1:]] == [[], [], []]
    assert all(
        list(made) == ["at", "category", "from", "to"] for made in exported[0]["corrections"]
    )
    # The command line says the same.
    assert main(["export", "--format", "json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == exported
