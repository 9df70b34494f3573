"""Meetings as CSV or JSON, for a spreadsheet or a group's records. No Textual here.

One row per meeting: when it ran, its agenda, the number of shares, the attendance counts (as
corrected, if they were) and (JSON only) each step's planned and actual minutes and the
corrections made to the counts. Counts only: no person's name is stored, so none can be
exported. The command line (`facilitator export`) and the app's history screen both call
this module.

Meetings are written as they are read (`each_row`, `write_csv`, `write_json`), so memory holds
a few hundred meetings whatever the size of the history; `export_rows`, `to_csv` and
`to_json` are the same for a list at hand.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

from ..agenda.problems import escaped_controls
from ..store.database import Store, StoredMeeting
from .history import summary_of
from .report import Correction

FIXED_COLUMNS = ("started_at", "ended_at", "agenda", "meeting", "shares")
"""The CSV columns before the attendance categories, in order."""
SUGGESTED_STEM = "facilitator-attendance-{day}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula at the start of a cell (OWASP's list)."""


class StepTiming(NamedTuple):
    """One step of an exported meeting: planned against actual, in minutes. A named tuple:
    an export makes one for every step of every meeting, at a quarter of a frozen class's
    cost."""

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


def each_row(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    agenda: str | None = None,
    *,
    steps: bool = True,
) -> Iterator[ExportRow]:
    """The meetings to export, oldest first, read from `store` as they are taken.

    Args:
        store: The meetings database.
        since: Only meetings that started on or after this local date.
        until: Only meetings that started on or before this local date.
        agenda: Only meetings of this agenda: its file's stem or its meeting name.
        steps: False leaves each row's `steps` empty; CSV has no column for them, and
            reading them is most of the work.

    Raises (while iterating):
        sqlite3.Error: the database cannot be read.
        ValueError: a stored meeting cannot be read back (a damaged row).
    """
    for stored in store.each_meeting(since, until, agenda, steps=steps):
        yield row_of(stored, steps=steps)


def export_rows(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    agenda: str | None = None,
    *,
    steps: bool = True,
) -> list[ExportRow]:
    """Every row of `each_row` at once, for a caller that needs them all (a test, a count)."""
    return list(each_row(store, since, until, agenda, steps=steps))


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
            [  # positional, from a list, minutes inline: a tenth of an export's time goes here
                StepTiming(
                    step.title,
                    round(step.planned_seconds / 60, 2),
                    round(step.actual_seconds / 60, 2),
                )
                for step in (summary.steps if steps else ())
            ]
        ),
        corrections=summary.corrections,
    )


def category_columns(rows: Iterable[ExportRow]) -> list[str]:
    """Every category id in `rows`, in order of first appearance."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.tallies:
            seen.setdefault(key)
    return list(seen)


def to_csv(rows: Sequence[ExportRow]) -> str:
    """`rows` as `write_csv` writes them, as text."""
    out = io.BytesIO()
    write_csv(rows, out)
    return out.getvalue().decode("utf-8")


_SPOOL_BYTES = 1 << 20
"""The CSV lines kept in memory before they wait in a temporary file instead."""


def write_csv(rows: Iterable[ExportRow], out: IO[bytes]) -> int:
    """`rows` as CSV in UTF-8 to `out`: a header line, then one line per meeting (lines end
    with \\n). Returns the number of meetings.

    The columns are FIXED_COLUMNS, then one per attendance category (see
    `category_columns`), 0 where a meeting's agenda lacks the category. `ended_at` is empty
    for an unfinished meeting. Every text is a `cell`: no control character, and nothing a
    spreadsheet would run as a formula; JSON keeps the text as it is.

    The header names every category, and the last meeting may bring a new one: so each
    meeting's line is written as it is read, with the columns known then, into a
    temporary file (in memory up to a megabyte); a column found later is a 0 on the lines
    before it. Only then does `out` get the header and the lines. A `cell` holds no line
    break, so each meeting is one line.
    """
    import shutil  # both only when something is written
    import tempfile

    categories: dict[str, None] = {}
    runs: list[list[int]] = []  # [lines, the columns they have], in order; columns only grow
    with tempfile.SpooledTemporaryFile(
        _SPOOL_BYTES, mode="w+", encoding="utf-8", newline=""
    ) as lines:
        writer = csv.writer(lines, lineterminator="\n")
        for row in rows:
            for key in row.tallies:
                categories.setdefault(key)
            if not runs or runs[-1][1] != len(categories):
                runs.append([0, len(categories)])
            runs[-1][0] += 1
            writer.writerow(
                [
                    _timestamp(row.started_at),
                    _timestamp(row.ended_at) if row.ended_at is not None else "",
                    cell(row.agenda),
                    cell(row.meeting),
                    row.shares,
                    *(row.tallies.get(key, 0) for key in categories),
                ]
            )
        lines.seek(0)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        try:
            csv.writer(text, lineterminator="\n").writerow(
                [cell(column) for column in (*FIXED_COLUMNS, *categories)]
            )
            for count, columns in runs[:-1]:
                zeros = ",0" * (len(categories) - columns)
                for _ in range(count):
                    text.write(lines.readline()[:-1] + zeros + "\n")
            shutil.copyfileobj(lines, text)  # the last lines have every column
            text.flush()
        finally:
            text.detach()  # `out` stays open: it is the caller's
    return sum(count for count, _ in runs)


def cell(text: str) -> str:
    """`text` as a CSV cell: its control characters escaped, then made `inert`.

    A file name may hold any character but `/`: an escape sequence in it (`\\x1b]0;...`,
    the clipboard's OSC 52, a link's OSC 8) would reach the terminal of whoever prints the
    CSV, and a line break or a lone carriage return would start a row of its own for some
    readers. So control characters are written as their code (`\\x1b`, `\\r`), as the
    history shows them (see `escaped_controls`); an escaped character starts with a
    backslash, never with a formula's sign.
    """
    return inert(escaped_controls(text))


def inert(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs: a leading `'` before a formula's first sign.

    A meeting named `=HYPERLINK("http://x","y")` would otherwise be a link (or worse) in
    whoever opens the attendance sheet; as `'=HYPERLINK(...` it is only text, shown with the
    quote.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_json(rows: Sequence[ExportRow]) -> str:
    """`rows` as `write_json` writes them, as text."""
    out = io.BytesIO()
    write_json(rows, out)
    return out.getvalue().decode("utf-8")


def write_json(rows: Iterable[ExportRow], out: IO[bytes]) -> int:
    """`rows` as a JSON list of objects in UTF-8 to `out`, each meeting written as it is read,
    on a line of its own; the document ends with a newline. Returns the number of meetings.

    Each object has started_at, ended_at (null while unfinished), agenda, meeting, shares,
    tallies ({category id: count}, as corrected), steps (title, planned_minutes,
    actual_minutes) and corrections (at, category, from, to: each count corrected after the
    meeting, oldest first; `at` as the store wrote it). Text is kept exactly; a character a
    terminal could take for a command is written as its `\\uXXXX` escape.
    """
    from .fast_json import dumps

    count = 0
    for row in rows:
        line = _escaped_controls(dumps(_json_object(row)))
        out.write((b",\n" if count else b"[\n") + line)
        count += 1
    out.write(b"\n]\n" if count else b"[]\n")
    return count


def _escaped_controls(line: bytes) -> bytes:
    # JSON escapes C0 controls, but written as UTF-8 it has DEL, the C1 controls (U+009B
    # is a terminal's CSI) and bidirectional controls as they are. Outside strings JSON has
    # only ASCII, so every such character is inside a string, where its escape means the
    # same character: the data is kept, the terminal never sees it.
    if line.isascii() and b"\x7f" not in line:  # most meetings: a tenth of the search
        return line
    text = line.decode("utf-8", "surrogatepass")
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text).encode()


# The control characters of `escaped_controls` but C0, which the encoder escapes itself
# (a raw one in the output is the line break between meetings).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


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


def suggested_path(home: Path, day: date) -> Path:
    """A file in `home` named for `day` that does not exist yet (`-2`, `-3`... if need be)."""
    stem = SUGGESTED_STEM.format(day=day.isoformat())
    path = home / f"{stem}.csv"
    number = 2
    while os.path.lexists(path) and number < 100:
        path = home / f"{stem}-{number}.csv"
        number += 1
    return path
