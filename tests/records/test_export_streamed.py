"""Exports streamed: meetings written as they are read, memory flat in their number, and the
-o file replaced only once the export is whole.

What is written is pinned in test_export.py (the golden files); here, how: the store reads a
batch at a time, the writers hold one meeting at a time, and an export cut short changes
nothing.
"""

from __future__ import annotations

import csv
import io
import threading
import weakref
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import facilitator.records.export
from facilitator.__main__ import EXIT_BAD_INPUT, main
from facilitator.records.export import (
    FIXED_COLUMNS,
    ExportRow,
    StepTiming,
    category_columns,
    cell,
    each_row,
    export_rows,
    to_csv,
    write_csv,
    write_json,
)
from facilitator.store.database import Store

from ..data import EST, GOLDEN
from ..support import meetings


def csv_as_before(rows: Sequence[ExportRow]) -> str:
    """CSV as it was written before it was streamed: every row at hand, the header first."""
    categories = category_columns(rows)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([cell(column) for column in (*FIXED_COLUMNS, *categories)])
    for row in rows:
        writer.writerow(
            [
                row.started_at.isoformat(timespec="milliseconds"),
                row.ended_at.isoformat(timespec="milliseconds") if row.ended_at else "",
                cell(row.agenda),
                cell(row.meeting),
                row.shares,
                *(row.tallies.get(key, 0) for key in categories),
            ]
        )
    return out.getvalue()


def made_row(number: int, tallies: dict[str, int], name: str = "Tuesday") -> ExportRow:
    started = datetime(2026, 1, 6, 19, 0, tzinfo=EST) + timedelta(days=7 * number)
    return ExportRow(
        started_at=started,
        ended_at=started + timedelta(hours=1),
        agenda="tuesday",
        meeting=f"{name} {number}",
        shares=number % 4,
        tallies=tallies,
        steps=(StepTiming("Welcome", 2.0, 2.5), StepTiming("Shares", 50.0, 51.25)),
    )


class Taking:
    """Rows made as they are taken, each watched: how many of the earlier ones are alive."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.taken = 0
        self.most_alive = 0
        self._made: list[weakref.ref[ExportRow]] = []

    def __iter__(self) -> Iterator[ExportRow]:
        for number in range(self.count):
            alive = sum(made() is not None for made in self._made)
            self.most_alive = max(self.most_alive, alive)
            row = made_row(number, {"attendees": number, f"c{number % 3}": 1})
            self._made.append(weakref.ref(row))
            self.taken += 1
            yield row
            del row


class Watched(io.BytesIO):
    """An output that notes how many rows had been taken at each of its writes."""

    def __init__(self, taking: Taking) -> None:
        super().__init__()
        self.taking = taking
        self.taken_at_writes: list[int] = []

    def write(self, data: Any) -> int:
        self.taken_at_writes.append(self.taking.taken)
        return super().write(data)


# --------------------------------------------------------------------------- the writers


def test_json_writes_each_meeting_before_reading_the_next() -> None:
    taking = Taking(5)
    out = Watched(taking)
    assert write_json(taking, out) == 5
    assert out.taken_at_writes == [1, 2, 3, 4, 5, 5]  # a meeting each, then the closing ]
    assert out.getvalue().count(b"\n") == 7


@pytest.mark.parametrize("write", [write_csv, write_json], ids=["csv", "json"])
def test_writers_hold_one_meeting_at_a_time(write: Any) -> None:
    taking = Taking(200)
    write(taking, io.BytesIO())
    assert taking.taken == 200
    # When a meeting is read, at most the one before it is still in memory: not 199.
    assert taking.most_alive <= 1


def test_csv_lines_wait_in_a_file_not_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    files: list[object] = []
    real = tempfile.TemporaryFile

    def temporary_file(*args: Any, **kwargs: Any) -> Any:
        files.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", temporary_file)
    write_csv(Taking(10), io.BytesIO())
    assert files == []  # a few lines stay in memory
    monkeypatch.setattr(facilitator.records.export, "_SPOOL_BYTES", 4096)
    write_csv(Taking(200), io.BytesIO())
    assert len(files) == 1  # 200 lines are more than 4096 bytes: they went to a file


@pytest.mark.parametrize("spool", [1 << 20, 64], ids=["in memory", "in a file"])
def test_csv_is_byte_for_byte_what_it_was(monkeypatch: pytest.MonkeyPatch, spool: int) -> None:
    monkeypatch.setattr(facilitator.records.export, "_SPOOL_BYTES", spool)
    # Categories that come late: a column found after some meetings is a 0 on their lines.
    tallies = [
        {"attendees": 3},
        {"attendees": 4},
        {"visitors": 1, "attendees": 2},
        {"attendees": 5},
        {"=online": 2, "attendees": 1},
        {"late\x1b]0;x\x07": 7},
        {"attendees": 9},
    ]
    names = ["Tuesday", "=HYPERLINK(1)", 'a "quoted", name', "line\nbreak", "\u202eevil"]
    rows = [made_row(n, t, names[n % len(names)]) for n, t in enumerate(tallies)]
    out = io.BytesIO()
    assert write_csv(rows, out) == len(rows)
    assert out.getvalue() == csv_as_before(rows).encode("utf-8")
    assert to_csv(rows) == csv_as_before(rows)
    assert to_csv([]) == csv_as_before([]) == ",".join(FIXED_COLUMNS) + "\n"


def test_csv_of_the_stored_meetings_is_what_it_was(four: Store) -> None:
    rows = export_rows(four, steps=False)
    assert to_csv(rows) == csv_as_before(rows)
    assert to_csv(rows).encode() == (GOLDEN / "export.csv").read_bytes()


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


def test_each_row_is_lazy(four: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[int] = []
    real = four.each_meeting

    def each_meeting(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for stored in real(*args, **kwargs):
            taken.append(stored.id)
            yield stored

    monkeypatch.setattr(four, "each_meeting", each_meeting)
    rows = each_row(four)
    assert taken == []
    next(rows)
    assert taken == [1]


# --------------------------------------------------------------------------- cut short


def damage_saturday(store: Store) -> None:
    store.connection.execute("UPDATE meetings SET agenda_json = '{}' WHERE agenda = 'saturday'")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_damaged_meeting_midway_leaves_the_file_as_it_was(
    four: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    damage_saturday(four)  # the third of four: two are written when it is read
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"records.{fmt}"
    target.write_bytes(b"last night's records")
    code = main(["export", "--format", fmt, "-o", str(target), "--force"])
    stdout, stderr = capsys.readouterr()
    assert (code, stdout) == (EXIT_BAD_INPUT, "")
    assert "the meetings could not be read: a stored agenda is not valid" in stderr
    assert stderr.count("\n") == 1
    assert target.read_bytes() == b"last night's records"
    assert [p.name for p in out.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_damaged_meeting_midway_sends_nothing_to_standard_output(
    four: Store, capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    damage_saturday(four)
    assert main(["export", "--format", fmt]) == EXIT_BAD_INPUT
    out, err = capsysbinary.readouterr()
    assert out == b""  # not the two meetings before it: the export waits for every one
    assert b"the meetings could not be read: a stored agenda is not valid" in err


def test_an_export_interrupted_midway_leaves_the_file_as_it_was(
    four: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = facilitator.records.export.row_of
    read: list[int] = []

    def row_of(stored: Any, *, steps: bool = True) -> ExportRow:
        read.append(stored.id)
        if len(read) == 3:
            raise KeyboardInterrupt  # Ctrl+C, with two meetings written
        return real(stored, steps=steps)

    monkeypatch.setattr(facilitator.records.export, "row_of", row_of)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "records.json"
    target.write_bytes(b"last night's records")
    assert main(["export", "--format", "json", "-o", str(target), "--force"]) == 130
    assert read == [1, 2, 3]
    assert target.read_bytes() == b"last night's records"
    assert [p.name for p in out.iterdir()] == [target.name]
