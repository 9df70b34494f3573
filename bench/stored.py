"""A meetings database filled in bulk, as years of a group's meetings would leave it."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from bench.terminal import AGENDA
from facilitator.store.database import Store

START = datetime(2020, 1, 7, 19, 0, tzinfo=timezone(timedelta(hours=-5)))


def filled_store(count: int, directory: Path | None = None) -> tuple[Store, Path]:
    """A store in `directory` (a new one by default) holding `count` ended meetings, a day
    apart, each one summed up as a real hour-long meeting of the bundled agenda is."""
    from facilitator.agenda import agenda_to_json, load_agenda
    from facilitator.meeting.engine import Meeting
    from facilitator.records.report import summarize
    from facilitator.store.database import open_store
    from tests.support.clocks import ManualClock, ManualWall

    agenda = load_agenda(AGENDA)
    directory = directory or Path(tempfile.mkdtemp()) / "data"
    store = open_store(directory, lambda: datetime.now(UTC)).store
    assert store is not None
    clock = ManualClock()
    meeting = Meeting(agenda, clock=clock, wall=ManualWall(clock, START))
    for _ in range(12):
        meeting.tally(0)
    meeting.start()
    clock.advance(3600)
    meeting.end()
    summary = summarize(meeting).to_json()
    agenda_json = agenda_to_json(agenda)
    with store.transaction() as db:
        db.execute("BEGIN")
        for number in range(count):
            moment = (START + timedelta(days=number)).isoformat(timespec="milliseconds")
            db.execute(
                "INSERT INTO meetings (agenda, agenda_path, meeting, agenda_json, created_at,"
                " started_at, ended_at, summary_json) VALUES (?, '', ?, ?, ?, ?, ?, ?)",
                (
                    "open-discussion",
                    agenda.meeting.name,
                    agenda_json,
                    moment,
                    moment,
                    moment,
                    summary,
                ),
            )
    return store, directory
