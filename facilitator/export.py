"""Meetings as CSV or JSON, for a spreadsheet or a group's records. No Textual here.

One row per meeting: when it ran, its agenda, the number of shares, the attendance counts (as
corrected, if they were) and (JSON only) each step's planned and actual minutes and the
corrections made to the counts. Counts only: no person's name is stored, so none can be
exported. The command line (`facilitator export`) and the app's history screen both call
this module.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .history import summary_of
from .report import Correction
from .store import Store, StoredMeeting

FIXED_COLUMNS = ("started_at", "ended_at", "agenda", "meeting", "shares")
"""The CSV columns before the attendance categories, in order."""
SUGGESTED_STEM = "facilitator-attendance-{day}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula at the start of a cell (OWASP's list)."""


@dataclass(frozen=True)
class StepTiming:
    """One step of an exported meeting: planned against actual, in minutes."""

    title: str
    planned_minutes: float
    actual_minutes: float


@dataclass(frozen=True)
class ExportRow:
    """One meeting as exported."""

    started_at: datetime
    """Wall time of the start, or of the first event for a meeting that never started."""
    ended_at: datetime | None
    """Wall time of the end; None while the meeting is unfinished."""
    agenda: str
    """The agenda file's stem ('' when the agenda did not come from a file)."""
    meeting: str
    """The agenda's [meeting].name."""
    shares: int
    tallies: dict[str, int]
    """Attendance count per category id, in the agenda's category order (as corrected)."""
    steps: tuple[StepTiming, ...]
    corrections: tuple[Correction, ...] = ()
    """The counts corrected after the meeting, oldest first."""


def export_rows(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    agenda: str | None = None,
    *,
    steps: bool = True,
) -> list[ExportRow]:
    """The meetings to export, oldest first.

    Args:
        store: The meetings database.
        since: Only meetings that started on or after this local date.
        until: Only meetings that started on or before this local date.
        agenda: Only meetings of this agenda: its file's stem or its meeting name.
        steps: False leaves each row's `steps` empty; CSV has no column for them, and
            reading them is most of the work.

    Raises:
        sqlite3.Error: the database cannot be read.
        ValueError: a stored meeting cannot be read back (a damaged row).
    """
    found = store.meetings(since, until, agenda, steps=steps)
    return [row_of(stored, steps=steps) for stored in found]


def row_of(stored: StoredMeeting, *, steps: bool = True) -> ExportRow:
    """One stored meeting as an export row (`steps=False`: without the step timings).

    An unfinished meeting is summed up as of its last recorded change, so exporting it twice
    gives the same numbers.
    """
    summary = summary_of(stored)
    # The agenda's order, not the summary's: the cached summary's keys come back sorted.
    categories = [category.id for category in stored.agenda.attendance]
    categories += [key for key in summary.tallies if key not in categories]
    return ExportRow(
        started_at=stored.started_at or stored.created_at,
        ended_at=stored.ended_at,
        agenda=stored.agenda_stem,
        meeting=stored.name,
        shares=summary.shares,
        tallies={key: summary.tallies.get(key, 0) for key in categories},
        steps=tuple(
            StepTiming(
                title=step.title,
                planned_minutes=_minutes(step.planned_seconds),
                actual_minutes=_minutes(step.actual_seconds),
            )
            for step in (summary.steps if steps else ())
        ),
        corrections=summary.corrections,
    )


def category_columns(rows: Sequence[ExportRow]) -> list[str]:
    """Every category id in `rows`, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.tallies:
            seen.setdefault(key)
    return list(seen)


def to_csv(rows: Sequence[ExportRow]) -> str:
    """`rows` as CSV: a header line, then one line per meeting (lines end with \\n).

    The columns are FIXED_COLUMNS, then one per attendance category (see
    `category_columns`), 0 where a meeting's agenda lacks the category. `ended_at` is empty
    for an unfinished meeting. Text a spreadsheet would run as a formula is made inert (see
    `inert`); JSON keeps it as it is.
    """
    categories = category_columns(rows)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([inert(column) for column in (*FIXED_COLUMNS, *categories)])
    for row in rows:
        cells = [
            _timestamp(row.started_at),
            _timestamp(row.ended_at) if row.ended_at is not None else "",
            inert(row.agenda),
            inert(row.meeting),
            row.shares,
            *(row.tallies.get(key, 0) for key in categories),
        ]
        if "\r" in row.agenda or "\r" in row.meeting:
            out.write(_line_quoting_carriage_returns(cells))
        else:
            writer.writerow(cells)
    return out.getvalue()


def _line_quoting_carriage_returns(cells: list[object]) -> str:
    # The writer quotes only what is in its line ending (here \n): a bare \r would end the
    # row for a reader, and what follows it would start a cell of its own, a formula maybe.
    # A file name may hold one; the rare row that does is written with \r\n, then \n.
    line = io.StringIO(newline="")
    csv.writer(line, lineterminator="\r\n").writerow(cells)
    return line.getvalue()[:-2] + "\n"


def inert(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs: a leading `'` before a formula's first sign.

    A meeting named `=HYPERLINK("http://x","y")` would otherwise be a link (or worse) in
    whoever opens the attendance sheet; as `'=HYPERLINK(...` it is only text, shown with the
    quote.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_json(rows: Sequence[ExportRow]) -> str:
    """`rows` as a pretty-printed JSON list of objects, ending with a newline.

    Each object has started_at, ended_at (null while unfinished), agenda, meeting, shares,
    tallies ({category id: count}, as corrected), steps (title, planned_minutes,
    actual_minutes) and corrections (at, category, from, to: each count corrected after the
    meeting, oldest first; `at` as the store wrote it).
    """
    return json.dumps([_json_object(row) for row in rows], indent=2, ensure_ascii=False) + "\n"


def _json_object(row: ExportRow) -> dict[str, Any]:
    return {
        "started_at": _timestamp(row.started_at),
        "ended_at": _timestamp(row.ended_at) if row.ended_at is not None else None,
        "agenda": row.agenda,
        "meeting": row.meeting,
        "shares": row.shares,
        "tallies": dict(row.tallies),
        "steps": [
            {
                "title": step.title,
                "planned_minutes": step.planned_minutes,
                "actual_minutes": step.actual_minutes,
            }
            for step in row.steps
        ],
        "corrections": [
            {
                "at": _timestamp(correction.at),
                "category": correction.category,
                "from": correction.before,
                "to": correction.after,
            }
            for correction in row.corrections
        ],
    }


def _timestamp(moment: datetime) -> str:
    # Exactly as the store writes it: ISO 8601, milliseconds, the UTC offset of the room.
    return moment.isoformat(timespec="milliseconds")


def _minutes(seconds: float) -> float:
    return round(seconds / 60, 2)


def suggested_path(home: Path, day: date) -> Path:
    """A file in `home` named for `day` that does not exist yet (`-2`, `-3`... if need be)."""
    stem = SUGGESTED_STEM.format(day=day.isoformat())
    path = home / f"{stem}.csv"
    number = 2
    while os.path.lexists(path) and number < 100:
        path = home / f"{stem}-{number}.csv"
        number += 1
    return path
