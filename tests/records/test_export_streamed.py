"""Exports streamed: meetings written as they are read, memory flat in their number, and the
-o file replaced only once the export is whole.

What is written is pinned in test_export.py (the golden files); here, how: the store reads a
batch at a time, the writers hold one meeting at a time, and an export cut short changes
nothing.
"""

from __future__ import annotations

import threading

import pytest

import facilitator.records.export
from facilitator.records.export import export_rows
from facilitator.store.database import Store

from ..support import meetings

# --------------------------------------------------------------------------- the store


def test_the_store_is_read_a_batch_at_a_time(four: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Store, "_BATCH", 2)
    statements: list[str] = []
    four.connection.set_trace_callback(statements.append)
    try:
        found = four.each_meeting()
        assert statements == []  # nothing is read before the first meeting is asked for
        assert next(found).id == 1
        batches = [s for s in statements if "WHERE id IN" in s]
        assert len(batches) == 1  # the ids, then the first two meetings: not all four
        assert next(found).id == 2
        assert len([s for s in statements if "WHERE id IN" in s]) == 1
        assert [m.id for m in found] == [3, 4]
        assert len([s for s in statements if "WHERE id IN" in s]) == 2
    finally:
        four.connection.set_trace_callback(None)


def test_a_meeting_is_recorded_between_batches(
    four: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The history's export runs in a worker while this window may record a meeting: the
    # store is free between batches.
    monkeypatch.setattr(Store, "_BATCH", 2)
    found = four.each_meeting()
    taken = [next(found).id]
    recording = threading.Thread(target=meetings.tuesday, args=(four,), daemon=True)
    recording.start()
    recording.join(10)
    assert not recording.is_alive(), "the store was held between batches"
    taken += [m.id for m in found]
    assert taken == [1, 2, 3, 4]  # the meetings there when the first was taken
    assert len(four.meetings()) == 5


@pytest.mark.parametrize(("batch", "known"), [(1, 1), (2, 8), (3, 0), (500, 8)])
def test_meetings_read_in_batches_are_the_meetings(
    four: Store, monkeypatch: pytest.MonkeyPatch, batch: int, known: int
) -> None:
    meetings.saturday(four)  # agendas: tuesday, tuesday, saturday, mercredi, saturday
    whole = [four.get(m.id) for m in four.meetings()]
    monkeypatch.setattr(Store, "_BATCH", batch)
    monkeypatch.setattr(Store, "_KNOWN_AGENDAS", known)  # agendas SQLite recognises
    found = list(four.each_meeting())
    assert [m.id for m in found] == [1, 2, 3, 5, 4]  # oldest first, as before
    assert [m.agenda for m in found] == [m.agenda for m in whole]
    assert [m.summary for m in found] == [m.summary for m in whole]
    assert [bool(m.events) for m in found] == [m.summary is None for m in whole]
    assert export_rows(four) == [facilitator.records.export.row_of(m) for m in whole]
