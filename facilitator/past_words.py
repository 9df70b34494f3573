"""Every phrase about past meetings: the history, the timing report, resuming, corrections.

Beside `words`, on which it builds (durations, counts, the time of day); free of Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal

from .words import clock_time, format_duration, plural, shown, shown_seconds

# ---------------------------------------------------------------------- past meetings


def difference_words(planned: float, actual: float) -> str:
    """`3:10 over`, `1:05 under` or `on time`: the shown actual less the shown planned, so the
    three figures add up as they are read (3:00 planned, 0:05.7 actual: 2:55 under)."""
    over = shown_seconds(actual) - shown_seconds(planned)
    if over > 0:
        return f"{format_duration(over)} over"
    if over < 0:
        return f"{format_duration(-over)} under"
    return "on time"


def step_difference(planned: float, actual: float) -> tuple[str, bool]:
    """`+2:10 over` (and True), `1:05 under`, `on time` or `not run`, as `difference_words`."""
    if actual <= 0:
        return "not run", False
    over = shown_seconds(actual) - shown_seconds(planned)
    if over > 0:
        return f"{format_duration(over, signed=True)} over", True
    return difference_words(planned, actual), False


def length_words(actual: float, planned: float, unfinished: bool) -> str:
    """`ran 23:10 of 20:00 planned, 3:10 over` (`unfinished, ran ...` if it never ended)."""
    verb = "ran" if not unfinished else "unfinished, ran"
    words = f"{verb} {format_duration(actual)} of {format_duration(planned)} planned"
    return f"{words}, {difference_words(planned, actual)}" if actual > 0 else words


def tally_words(tallies: Sequence[tuple[str, int]]) -> str:
    """`Attendees 12 · Newcomers 1 · Online 0`."""
    return " · ".join(f"{label} {count}" for label, count in tallies)


def agenda_words(name: str, stem: str) -> str:
    """`Tuesday Night Open Discussion · tuesday` (the meeting's name and the file stem)."""
    return f"{shown(name)} · {shown(stem)}" if stem else shown(name)


def started_words(moment: datetime) -> str:
    """`Tue 2026-11-24 19:00`: the weekday matters for weekly meetings."""
    return moment.strftime("%a %Y-%m-%d %H:%M")


def day_and_time(moment: datetime) -> str:
    """`Tue 24 Nov 2026 19:00`."""
    return moment.strftime("%a %d %b %Y %H:%M")


def opened_words(moment: datetime, started: bool, now: datetime) -> str:
    """`started 19:02 on Tue 24 Nov, 12:05 ago` (or `opened` when it never started)."""
    verb = "started" if started else "opened (not started)"
    ago = format_duration(max(0.0, (now - moment).total_seconds()))
    return f"{verb} {moment.strftime('%H:%M on %a %d %b')}, {ago} ago"


def changed_words(moment: datetime, now: datetime) -> str:
    """`last changed 19:42 on Tue 24 Nov, 12:05 ago`."""
    ago = format_duration(max(0.0, (now - moment).total_seconds()))
    return f"last changed {moment.strftime('%H:%M on %a %d %b')}, {ago} ago"


def gap_words(seconds: float) -> str:
    """`85 hours`, `7 hours`: a long time away, in whole hours."""
    return plural(int(seconds // 3600), "hour")


def resume_words(stale: bool, gap_seconds: float, last: datetime) -> tuple[str, str]:
    """What the resume question explains, and its keys: resuming by default, or, for a
    meeting last changed long ago, ending it at its last change."""
    if not stale:
        return (
            "Resuming returns to the same step, tallies and share; the time since counts,"
            " as the meeting went on in the room.",
            "y / enter resume · n end it (it stays in history) · esc not now",
        )
    gap = gap_words(gap_seconds)
    return (
        f"That was {gap} ago, so it most likely ended without being recorded. Ending it at"
        f" its last change ({clock_time(last)}) keeps it in history as it stood; resuming"
        f" would count all {gap} as meeting time.",
        f"enter end it at {clock_time(last)} · y resume anyway · esc not now",
    )


def elsewhere_words(name: str) -> str:
    """One line: a meeting is running in another window, and this one goes its own way."""
    return f"{shown(name)} is running in another window; this window runs a meeting of its own."


def home_words(path: Path, home: Path) -> str:
    """`~/records.csv` for a file in `home`: shorter than /home/someone/..., and it expands back."""
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def attendance_words(labels: Sequence[str], counts: Sequence[int]) -> str:
    """`Attendance (Attendees) over the last 5 meetings: lowest 8 · highest 14 · latest 12`."""
    if not counts:
        return ""
    which = ", ".join(labels)
    if len(counts) == 1:
        return f"Attendance ({which}) at the one meeting so far: {counts[0]}"
    return (
        f"Attendance ({which}) over the last {len(counts)} meetings: "
        f"lowest {min(counts)} · highest {max(counts)} · latest {counts[-1]}"
    )


# ---------------------------------------------------------------------- corrections

CountChange = tuple[str, int, int]  # a category's label, its count before and after
Refusal = Literal["elsewhere", "here", "unfinished", "changed"]  # why nothing was corrected


def count_changes(changes: Sequence[CountChange]) -> str:
    """`Newcomers 1 → 2 · Online 0 → 3`."""
    return " · ".join(f"{label} {before} → {after}" for label, before, after in changes)


def corrected_words(changes: Sequence[CountChange]) -> str:
    """What a correction did: `Corrected: Newcomers 1 → 2`."""
    if not changes:
        return "Nothing corrected: the counts are as they were."
    return f"Corrected: {count_changes(changes)}"


def correction_line(at: datetime, started: datetime, changes: Sequence[CountChange]) -> str:
    """`Counts corrected 19:45: Newcomers 1 → 2` (the day too, when not the meeting's)."""
    when = clock_time(at) if at.date() == started.date() else day_and_time(at)
    return f"Counts corrected {when}: {count_changes(changes)}"


def count_problem(label: str) -> str:
    """The correction dialog's line for a count it cannot take."""
    return f"{label}: a whole number from 0 to 9999, please."


def not_corrected_words(name: str, why: Refusal) -> str:
    """One line: why the counts of meeting `name` were not corrected, and where to do it."""
    name = shown(name)
    if why == "elsewhere":
        return f"{name} is running in another window: correct it there."
    if why == "here":
        return f"{name} is the meeting in this window: count on its screen (1-9, u undoes)."
    if why == "unfinished":
        return f"{name} never ended: resume it and count there, or end it, then correct it here."
    return f"{name} was changed in another window meanwhile: nothing was corrected; try again."
