"""Every phrase the app shows about a meeting: counts, durations, countdowns, schedule, dates.

One home for the wording, free of Textual, so the meeting screen, history, the timing report,
the command line and the translations all say the same thing in the same words. The room
view's and the room page's words are beside it, in `room_words`, and those of past meetings
(history, report, resuming, corrections) in `past_words`, both built on these.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from . import i18n
from .agenda import Agenda, Resource, one_line
from .i18n import _
from .states import ShareState, ShareView, Undone, Urgency

NONE = "—"
"""A cell with nothing to show (no shares, no time added)."""

Schedule = Literal["ok", "behind", "ahead"]

Emphasis = Literal["", "strong", "state", "badge", "muted", "ok", "behind", "ahead"]
"""How a run of a phrase stands out on screen: not at all, strong, the meeting's state, a
badge, quieter, or the schedule's colour. The widgets give each its style."""
Phrase = list[tuple[str, Emphasis]]
"""A phrase as runs of text, each with its emphasis."""


def shown(text: str) -> str:
    """Text from outside (a file name, a path, a name kept from before) as the screen shows it.

    Control characters are escaped (`\\x1b`), so none reaches the terminal: Textual passes an
    escape character through to it, and a file name may hold any byte but `/`.
    """
    return one_line(text)


# The signs a control character is drawn as where its text must keep its length (a field
# being edited): Unicode's control pictures (U+2400 to U+2421), and a replacement
# character for the C1 and bidirectional controls, which have none.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_PICTURES |= dict.fromkeys(range(0x80, 0xA0), "\ufffd")
_PICTURES |= dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd")


def pictured(text: str, keep: str = "") -> str:
    """`text` with each control character (but those in `keep`) drawn as a visible sign.

    One character for one, so positions in `text` (a cursor, a selection, a style) stay
    where they were: for a field showing a value that has to be fixed, not changed behind
    the facilitator's back. `shown` spells the code out instead, where length is free.
    """
    if text.isprintable():
        return text
    table = {code: sign for code, sign in _PICTURES.items() if chr(code) not in keep}
    return text.translate(table)


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 share`, `2 shares` (`many` for a word whose plural is not word + s)."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many if many is not None else word + 's'}"


# ---------------------------------------------------------------------- durations


def shown_seconds(seconds: float) -> int:
    """The whole seconds `format_duration` shows for `seconds`: 2:54.9 is 2:54, -0:05.5 is -5."""
    whole = int(math.floor(abs(seconds) + 1e-9))
    return -whole if seconds < 0 else whole


def format_duration(seconds: float, signed: bool = False) -> str:
    """`m:ss` (or `h:mm:ss`), rounding toward the displayed second the way a countdown does."""
    total = abs(shown_seconds(seconds))
    sign = ""
    if seconds < 0 and total > 0:
        sign = "-"
    elif signed:
        sign = "+"
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_countdown(remaining: float) -> str:
    """A countdown reads the seconds it has not yet used: 2:59.4 left shows 3:00."""
    if remaining > 0:
        return format_duration(math.ceil(remaining - 1e-9))
    return format_duration(-remaining, signed=True)


def maybe_duration(seconds: float | None) -> str:
    """A duration, or NONE when there is none."""
    return NONE if seconds is None else format_duration(seconds)


def added_words(seconds: float) -> str:
    """Time added to shares, signed (`+1:00`), or NONE when under a second."""
    return NONE if abs(seconds) < 1 else format_duration(seconds, signed=True)


def step_minutes(seconds: float) -> str:
    """A step's planned length in the step list: `5m`, `2.5m`, `120m`."""
    minutes = seconds / 60
    return f"{minutes:g}m" if minutes < 100 else f"{minutes:.0f}m"


# ---------------------------------------------------------------------- the meeting


def clock_time(moment: datetime) -> str:
    """A time of day: `19:05`, or `7:05 PM` where clocks read 12 hours (`en-US`, `es-MX`)."""
    if not i18n.twelve_hour():
        return f"{moment.hour:02d}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    # Translators: after a time of day on a 12-hour clock: "7:05 AM", "7:05 PM".
    half = _("AM") if moment.hour < 12 else _("PM")
    return f"{hour}:{moment.minute:02d} {half}"


def schedule_words(variance: float) -> tuple[str, Schedule]:
    """Ahead / behind in words, and which of the two it is (`ok` within a minute)."""
    if abs(variance) < 60:
        return "on time", "ok"
    if variance > 0:
        return f"{format_duration(variance)} behind", "behind"
    return f"{format_duration(-variance)} ahead", "ahead"


def share_words(share: ShareView) -> str:
    """The state of a share in words: never colour alone."""
    if share.urgency is Urgency.TIME:
        word = "TIME"
    elif share.urgency is Urgency.WARNING:
        word = "WARNING"
    else:
        word = "running"
    if share.state is ShareState.PAUSED:
        word = f"paused · {word}" if word != "running" else "paused"
    return word


def status_phrase(
    status: str,
    elapsed: float,
    variance: float,
    planned: float,
    projected_end: str,
    spare: float = 0.0,
    starts: str = "",
    until_start: float = 0.0,
) -> Phrase:
    """The status line under the meeting's name: where it stands against the clock.

    `READY · planned 1:00:00 · would end 20:00 · s starts` (with `· 3:00 spare` when the
    meeting's minutes are more than its steps'), `12:30 elapsed · 2:10 behind · ends 20:05`,
    or `ENDED after 58:10 · planned 1:00:00 · ended 19:58`. With a scheduled start
    (`starts`, the seconds `until_start` it, negative once past), the ready line begins
    `READY · starts 19:00 · in 4:32` (`· 2:10 late` once past it).
    """
    if status == "ready":
        spared = f" · {format_duration(spare)} spare" if spare >= 1 else ""
        shown = countdown_words(starts, until_start) if starts else ""
        shown += f" · planned {format_duration(planned)}{spared} · would end {projected_end}"
        return [("READY", "state"), (shown + " · s starts", "")]
    if status == "ended":
        return [
            ("ENDED", "state"),
            (" after ", ""),
            (format_duration(elapsed), "strong"),
            (f" · planned {format_duration(planned)} · ended {projected_end}", ""),
        ]
    words, schedule = schedule_words(variance)
    return [
        (format_duration(elapsed), "strong"),
        (" elapsed · ", ""),
        (words, schedule),
        (f" · ends {projected_end}", ""),
    ]


def countdown_words(starts: str, until_start: float) -> str:
    """` · starts 19:00 · in 4:32` before the scheduled start, `· 2:10 late` after it."""
    if until_start > 0:
        return f" · starts {starts} · in {format_countdown(until_start)}"
    return f" · starts {starts} · {format_duration(-until_start)} late"


def late_start_words(late: float) -> str | None:
    """`started 3 min late`, said once at `s` when a minute or more late; None otherwise."""
    minutes = int(late // 60)
    return f"started {minutes} min late" if minutes >= 1 else None


def start_moved_words(minutes: int) -> str:
    """What the correction says once made: `The meeting counts from 12 minutes ago`."""
    return f"The meeting counts from {plural(minutes, 'minute')} ago"


def share_panel_phrases(
    share: ShareView | None,
    next_share: float,
    completed: int,
    average: float | None,
    waiting: int,
    suggested: float | None,
) -> list[Phrase]:
    """The share timer's three lines: the share, the step's shares so far, who is waiting."""
    if share is None:
        starts = f" · space starts share {completed + 1} ({format_duration(next_share)})"
        first: Phrase = [("No share running", "strong"), (starts, "")]
    else:
        added = f" · {format_duration(share.added, signed=True)} added" if share.added else ""
        first = [
            (f"Share {share.number}", "strong"),
            ("  ", ""),
            (share_clock_words(share.remaining), "strong"),
            ("  ", ""),
            (share_words(share), "badge"),
            (f" of {format_duration(share.allotted)}{added}", ""),
        ]
    shown_average = format_duration(average) if average is not None else "–"
    second: Phrase = [
        (
            f"Shares {completed} · average {shown_average} · next {format_duration(next_share)}",
            "",
        )
    ]
    third: Phrase = [(f"Waiting {waiting} (w/W)", "")]
    if suggested is not None:
        third += [
            (" · suggested ", ""),
            (format_duration(suggested), "strong"),
            (" (a applies)", ""),
        ]
    return [first, second, third]


def time_box_phrases(box: ShareView | None, planned: float) -> list[Phrase]:
    """The share timer on a one-on-one's sharing step: the step's own time box, no shares, no
    queue. `Time box  3:00 left  WARNING of 12:00`; before the start, its length."""
    if box is None:
        first: Phrase = [("Time box", "strong"), (f" · {format_duration(planned)} · s starts", "")]
    else:
        first = [
            ("Time box", "strong"),
            ("  ", ""),
            (share_clock_words(box.remaining), "strong"),
            ("  ", ""),
            (share_words(box), "badge"),
            (f" of {format_duration(box.allotted)}", ""),
        ]
    return [first, [("A one-on-one times the step as a whole · n moves on", "")]]


def share_clock_words(remaining: float) -> str:
    """`0:30 left`, or `over +0:15` once the share's time is up."""
    if remaining > 0:
        return f"{format_countdown(remaining)} left"
    return f"over {format_countdown(remaining)}"


def step_heading(number: int, count: int, title: str, kind: str) -> str:
    """`Step 3 of 8 · Sharing round · sharing` (a reading step has no kind shown)."""
    shown = "" if kind == "reading" else f" · {kind}"
    return f"Step {number} of {count} · {title}{shown}"


def step_time_words(used: float, planned: float, remaining: float, started: bool) -> str:
    """`planned 5:00` before the start; `1:10 of 5:00 · 3:50 left`; `... · OVER +0:20`."""
    if not started:
        return f"planned {format_duration(planned)}"
    so_far = f"{format_duration(used)} of {format_duration(planned)}"
    if remaining > 0:
        return f"{so_far} · {format_countdown(remaining)} left"
    return f"{so_far} · OVER {format_countdown(remaining)}"


def ended_words(elapsed: float, shares: int | None) -> str:
    """What the step pane says once the meeting has ended (`shares` None: none to count, as
    in a one-on-one)."""
    counted = "" if shares is None else f"{plural(shares, 'share')} · "
    return f"{format_duration(elapsed)} in all · {counted}r shows resources · q leaves"


def ended_summary(
    elapsed: float, planned: float, shares: int | None, tallies: Sequence[tuple[str, int]]
) -> str:
    """The ended meeting in a few lines of Markdown: length, shares (unless None: none to
    count, as in a one-on-one), each category's count."""
    lines = [
        f"The meeting ran **{format_duration(elapsed)}** (planned {format_duration(planned)}).",
        "",
    ]
    if shares is not None:
        lines.append(f"- Shares: {shares}")
    lines += [f"- {label}: {count}" for label, count in tallies]
    return "\n".join(lines)


ENDED_HEADING = "Meeting ended · thank you for facilitating"


def share_ended_words(number: int) -> str:
    """Said when a move to another step ends the share under way."""
    return f"Share {number} ended with the step · u brings it back"


def undone_words(undone: Undone, label_of: Callable[[str], str]) -> str:
    """What `u` took back: `Undone: end of share 3`, `Undone: Newcomers +1`.

    Args:
        undone: what the engine took back.
        label_of: an attendance category's label, from its id.
    """
    event, kind, share = undone.event, undone.event.kind, f"share {undone.share}"
    value = event.value if isinstance(event.value, int | float) else 0
    what = {
        "start": "start of the meeting",
        "end": "end of the meeting",
        "start_moved": f"start moved {round(value / 60)} min earlier",
        "share_start": f"start of {share}",
        "share_pause": f"pause of {share}",
        "share_resume": f"resume of {share}",
        "share_end": f"end of {share}",
        "share_adjust": f"{format_duration(value, signed=True)} on {share}",
        "share_length": f"next shares {format_duration(value)} each",
        "waiting": "waiting count",
        "tally": f"{label_of(str(event.value))} +1",
        "undo_tally": f"{label_of(str(event.value))} -1",
    }.get(kind, "the last change")
    if kind == "goto" and undone.back_to is not None:
        what = f"move to step {undone.step + 1} · back on step {undone.back_to + 1}"
    if undone.runs_on is not None:
        what += f" · share {undone.runs_on} runs on"
    return one_line(f"Undone: {what}")


def theme_not_kept(error: OSError) -> str:
    """Why the chosen theme will not be remembered, in one line."""
    return one_line(f"The theme is not remembered for next time: {error.strerror or error}")


def sound_check_words(player: str) -> str:
    """What the sound check says as it plays: `Sound check: the time-up tones, with pw-play`."""
    return one_line(f"Sound check: the time-up tones, with {player}")


def resource_text(resource: Resource) -> str:
    """`Name: contact · note` on one line."""
    note = f" · {resource.note}" if resource.note else ""
    return f"{resource.name}: {resource.contact}{note}"


# ---------------------------------------------------------------------- agendas


def agenda_choice_words(agenda: Agenda, bundled: bool) -> str:
    """An agenda in the picker: its name, then `group · 60 min · 8 steps · bundled`."""
    where = "bundled" if bundled else "yours"
    steps = plural(len(agenda.steps), "step")
    minutes = f"{agenda.length_minutes:g} min"
    return f"{agenda.meeting.name}\n  {agenda.meeting.kind} · {minutes} · {steps} · {where}"


def invalid_choice_words(file_name: str, bundled: bool) -> str:
    """An agenda with problems in the picker: its file name, and that they are shown below."""
    return f"{shown(file_name)} · invalid, see below · {'bundled' if bundled else 'yours'}"


def minutes_words(value: float) -> str:
    """Minutes as an agenda gives them: `5`, `2.5`, `0.75`."""
    rounded = round(value, 2)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


def minutes_total_words(steps: float, planned: float | None) -> str:
    """`steps add up to 55 of 60 planned minutes · 5 unplanned` (or `· 5 over`)."""
    total = minutes_words(steps)
    if planned is None:
        return f"steps add up to {total} minutes (no planned length)"
    line = f"steps add up to {total} of {minutes_words(planned)} planned minutes"
    if math.isclose(steps, planned, abs_tol=1e-9):
        return line
    if steps < planned:
        return f"{line} · {minutes_words(planned - steps)} unplanned"
    return f"{line} · {minutes_words(steps - planned)} over"
