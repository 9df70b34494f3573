"""Every phrase about past meetings: the history, the timing report, resuming, corrections.

Beside `words`, on which it builds (durations, counts, the time of day); free of Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal

from .answers import no_key, yes_key
from .i18n import N_, _, ngettext
from .meeting import ago_words, clock_time, format_duration, shown, shown_seconds
from .phrasing import SEPARATOR

# ---------------------------------------------------------------------- past meetings

WEEKDAYS = (
    # Translators: the days of the week, short, as dates in the history show them.
    N_("Mon"),
    N_("Tue"),
    N_("Wed"),
    N_("Thu"),
    N_("Fri"),
    N_("Sat"),
    N_("Sun"),
)
MONTHS = (
    # Translators: the months, short, as dates in the history show them ("24 Nov 2026").
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)


def weekday_words(moment: datetime) -> str:
    """`Tue`: the day of the week, short, in the language spoken."""
    return _(WEEKDAYS[moment.weekday()])


def month_words(moment: datetime) -> str:
    """`Nov`: the month, short, in the language spoken."""
    return _(MONTHS[moment.month - 1])


def difference_words(planned: float, actual: float) -> str:
    """`3:10 over`, `1:05 under` or `on time`: the shown actual less the shown planned, so the
    three figures add up as they are read (3:00 planned, 0:05.7 actual: 2:55 under)."""
    over = shown_seconds(actual) - shown_seconds(planned)
    if over > 0:
        # Translators: a step or a meeting that ran past its plan: "3:10 over".
        return _("{time} over").format(time=format_duration(over))
    if over < 0:
        # Translators: a step or a meeting that ran short of its plan: "1:05 under".
        return _("{time} under").format(time=format_duration(-over))
    return _("on time")


def step_difference(planned: float, actual: float) -> tuple[str, bool]:
    """`+2:10 over` (and True), `1:05 under`, `on time` or `not run`, as `difference_words`."""
    if actual <= 0:
        return _("not run"), False
    over = shown_seconds(actual) - shown_seconds(planned)
    if over > 0:
        return _("{time} over").format(time=format_duration(over, signed=True)), True
    return difference_words(planned, actual), False


def length_words(actual: float, planned: float, unfinished: bool) -> str:
    """`ran 23:10 of 20:00 planned, 3:10 over`; a meeting that never ended, `unfinished,
    recorded to 10:30 of 1:00:00 planned`: its time after its last recorded change is not
    known, so neither is how far over or under its plan it ran."""
    times = {"actual": format_duration(actual), "planned": format_duration(planned)}
    if unfinished and shown_seconds(actual) < 1:
        # Translators: a meeting left without a change after its start: its length is not known.
        return _("unfinished, nothing recorded after its start, {planned} planned").format(**times)
    if unfinished:
        # Translators: a meeting that never ended, as long as its last recorded change says.
        return _("unfinished, recorded to {actual} of {planned} planned").format(**times)
    if actual <= 0:
        return _("ran {actual} of {planned} planned").format(**times)
    difference = difference_words(planned, actual)
    # Translators: {difference} is "3:10 over", "1:05 under" or "on time".
    return _("ran {actual} of {planned} planned, {difference}").format(
        difference=difference, **times
    )


def running_here_words() -> str:
    """What the history says of the meeting under way in this window, instead of its length."""
    return _("under way in this window")


def tally_words(tallies: Sequence[tuple[str, int]]) -> str:
    """`Attendees 12 · Newcomers 1 · Online 0`."""
    return SEPARATOR.join(f"{label} {count}" for label, count in tallies)


def agenda_words(name: str, stem: str) -> str:
    """`Tuesday Night Open Discussion · tuesday` (the meeting's name and the file stem)."""
    return f"{shown(name)}{SEPARATOR}{shown(stem)}" if stem else shown(name)


def started_words(moment: datetime) -> str:
    """`Tue 2026-11-24 19:00`: the weekday matters for weekly meetings."""
    return f"{weekday_words(moment)} {moment:%Y-%m-%d %H:%M}"


def day_and_time(moment: datetime) -> str:
    """`Tue 24 Nov 2026 19:00`."""
    # Translators: a day and time in the history: "Tue 24 Nov 2026 19:00".
    return _("{weekday} {day} {month} {year} {time}").format(
        weekday=weekday_words(moment),
        day=f"{moment:%d}",
        month=month_words(moment),
        year=f"{moment:%Y}",
        time=f"{moment:%H:%M}",
    )


def _day_words(moment: datetime) -> str:
    # Translators: a day in the week: "Tue 24 Nov".
    return _("{weekday} {day} {month}").format(
        weekday=weekday_words(moment), day=f"{moment:%d}", month=month_words(moment)
    )


def opened_words(moment: datetime, started: bool, now: datetime) -> str:
    """`started 19:02 on Tue 24 Nov, 12 minutes ago` (or `opened` when it never started)."""
    ago = ago_words((now - moment).total_seconds())
    when = {"time": f"{moment:%H:%M}", "day": _day_words(moment), "ago": ago}
    if started:
        # Translators: {ago} is "37 seconds ago", "12 minutes ago" or "3 h 05 min ago".
        return _("started {time} on {day}, {ago}").format(**when)
    # Translators: {ago} is "37 seconds ago", "12 minutes ago" or "3 h 05 min ago".
    return _("opened (not started) {time} on {day}, {ago}").format(**when)


def changed_words(moment: datetime, now: datetime) -> str:
    """`last changed 19:42 on Tue 24 Nov, 37 seconds ago`."""
    ago = ago_words((now - moment).total_seconds())
    # Translators: {ago} is "37 seconds ago", "12 minutes ago" or "3 h 05 min ago".
    return _("last changed {time} on {day}, {ago}").format(
        time=f"{moment:%H:%M}", day=_day_words(moment), ago=ago
    )


def gap_words(seconds: float) -> str:
    """`85 hours`, `7 hours`: a long time away, in whole hours."""
    hours = int(seconds // 3600)
    return ngettext("{count} hour", "{count} hours", hours).format(count=hours)


def resume_words(stale: bool, gap_seconds: float, last: datetime) -> tuple[str, str]:
    """What the resume question explains, and its keys: resuming by default, or, for a
    meeting last changed long ago, ending it at its last change."""
    if not stale:
        return (
            _(
                "Resuming returns to the same step, tallies and share; the time since counts,"
                " as the meeting went on in the room."
            ),
            # Translators: {yes} and {no} are the keys that answer yes and no.
            _("{yes} / enter resume · {no} end it (it stays in history) · esc not now").format(
                yes=yes_key(), no=no_key()
            ),
        )
    gap = gap_words(gap_seconds)
    return (
        # Translators: {gap} is a number of hours, "85 hours"; {time} a time of day.
        _(
            "That was {gap} ago, so it most likely ended without being recorded. Ending it at"
            " its last change ({time}) keeps it in history as it stood; resuming would count"
            " all {gap} as meeting time."
        ).format(gap=gap, time=clock_time(last)),
        # Translators: {yes} is the key that answers yes.
        _("enter end it at {time} · {yes} resume anyway · esc not now").format(
            time=clock_time(last), yes=yes_key()
        ),
    )


def elsewhere_words(name: str) -> str:
    """One line: a meeting is running in another window, and this one goes its own way."""
    return _("{name} is running in another window; this window runs a meeting of its own.").format(
        name=shown(name)
    )


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
        return _("Attendance ({labels}) at the one meeting so far: {count}").format(
            labels=which, count=counts[0]
        )
    return ngettext(
        "Attendance ({labels}) over the last {count} meeting: lowest {lowest} · highest"
        " {highest} · latest {latest}",
        "Attendance ({labels}) over the last {count} meetings: lowest {lowest} · highest"
        " {highest} · latest {latest}",
        len(counts),
    ).format(
        labels=which,
        count=len(counts),
        lowest=min(counts),
        highest=max(counts),
        latest=counts[-1],
    )


# ---------------------------------------------------------------------- corrections

CountChange = tuple[str, int, int]  # a category's label, its count before and after
Refusal = Literal["elsewhere", "here", "unfinished", "changed"]  # why nothing was corrected


def count_changes(changes: Sequence[CountChange]) -> str:
    """`Newcomers 1 → 2 · Online 0 → 3`."""
    return SEPARATOR.join(f"{label} {before} → {after}" for label, before, after in changes)


def corrected_words(changes: Sequence[CountChange]) -> str:
    """What a correction did: `Corrected: Newcomers 1 → 2`."""
    if not changes:
        return _("Nothing corrected: the counts are as they were.")
    return _("Corrected: {changes}").format(changes=count_changes(changes))


def correction_line(at: datetime, started: datetime, changes: Sequence[CountChange]) -> str:
    """`Counts corrected 19:45: Newcomers 1 → 2` (the day too, when not the meeting's)."""
    when = clock_time(at) if at.date() == started.date() else day_and_time(at)
    return _("Counts corrected {when}: {changes}").format(when=when, changes=count_changes(changes))


def count_problem(label: str) -> str:
    """The correction dialog's line for a count it cannot take."""
    return _("{label}: a whole number from 0 to 9999, please.").format(label=label)


def not_corrected_words(name: str, why: Refusal) -> str:
    """One line: why the counts of meeting `name` were not corrected, and where to do it."""
    name = shown(name)
    if why == "elsewhere":
        line = _("{name} is running in another window: correct it there.")
    elif why == "here":
        line = _("{name} is the meeting in this window: count on its screen (1-9, u undoes).")
    elif why == "unfinished":
        line = _("{name} never ended: resume it and count there, or end it, then correct it here.")
    else:
        line = _(
            "{name} was changed in another window meanwhile: nothing was corrected; try again."
        )
    return line.format(name=name)
