"""Every phrase the app shows about a meeting: counts, durations, countdowns, schedule, dates.

One home for the wording, free of Textual, so the meeting screen, history, the timing report,
the command line and the translations all say the same thing in the same words. The room
view's and the room page's words are beside it, in `room`, and those of past meetings
(history, report, resuming, corrections) in `past`, both built on these.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from ..agenda import Agenda, Resource, one_line
from ..meeting.events import Event
from ..meeting.states import ShareState, ShareView, Undone, Urgency
from . import i18n
from .i18n import N_, _, ngettext
from .phrasing import SEPARATOR, Phrase, joined, runs
from .reasons import reason_of

NONE = "—"
"""A cell with nothing to show (no shares, no time added)."""

Schedule = Literal["ok", "behind", "ahead"]


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
    """Time added to shares (`+1:00`), or taken from them (`0:30 removed`, never `-0:30`
    under "Added"), or NONE when under a second."""
    if abs(seconds) < 1:
        return NONE
    if seconds < 0:
        return adjusted_words(seconds)
    return format_duration(seconds, signed=True)


def adjusted_words(seconds: float) -> str:
    """Time added to the share under way, `+1:00 added`, or taken from it, `1:30 removed`."""
    if seconds < 0:
        # Translators: time taken from the share under way: "1:30 removed".
        return _("{time} removed").format(time=format_duration(-seconds))
    # Translators: time added to the share under way: "+1:00 added".
    return _("{time} added").format(time=format_duration(seconds, signed=True))


def ago_words(seconds: float) -> str:
    """How long ago, in the unit it is best heard in: `37 seconds ago`, `12 minutes ago`,
    `3 h 05 min ago`, `4 days ago`; never `0:37 ago`, which reads as minutes."""
    whole = max(0, shown_seconds(seconds))
    if whole < 60:
        return ngettext("{count} second ago", "{count} seconds ago", whole).format(count=whole)
    if whole < 3600:
        minutes = whole // 60
        return ngettext("{count} minute ago", "{count} minutes ago", minutes).format(count=minutes)
    if whole >= 86400:
        days = whole // 86400
        return ngettext("{count} day ago", "{count} days ago", days).format(count=days)
    hours, minutes = divmod(whole // 60, 60)
    # Translators: a while ago in hours and minutes: "3 h 05 min ago".
    return _("{hours} h {minutes} min ago").format(hours=hours, minutes=f"{minutes:02d}")


def step_minutes(seconds: float) -> str:
    """A step's planned length in the step list: `5m`, `2.5m`, `120m`."""
    minutes = seconds / 60
    shown = f"{minutes:g}" if minutes < 100 else f"{minutes:.0f}"
    # Translators: a step's planned minutes in the narrow step list: "5m", "2.5m".
    return _("{minutes}m").format(minutes=shown)


# ---------------------------------------------------------------------- the meeting


def clock_time(moment: datetime) -> str:
    """A time of day: `19:05`, or `7:05 PM` where clocks read 12 hours (`en-US`, `es-MX`)."""
    if not i18n.twelve_hour():
        return f"{moment.hour:02d}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    # Translators: after a time of day on a 12-hour clock: "7:05 AM", "7:05 PM".
    half = _("AM") if moment.hour < 12 else _("PM")
    return f"{hour}:{moment.minute:02d} {half}"


KIND_WORDS = {
    "reading": N_("reading"),
    "sharing": N_("sharing"),
    "break": N_("break"),
    "closing": N_("closing"),
    "group": N_("group"),
    "one-on-one": N_("one-on-one"),
}
"""A step's kind and a meeting's, as the screen names them (the agenda writes the key)."""


def kind_words(kind: str) -> str:
    """A step's or a meeting's kind in words: `sharing`, `one-on-one`."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def schedule_words(variance: float) -> tuple[str, Schedule]:
    """Ahead / behind in words, and which of the two it is (`ok` within a minute)."""
    if abs(variance) < 60:
        return _("on time"), "ok"
    if variance > 0:
        return _("{time} behind").format(time=format_duration(variance)), "behind"
    return _("{time} ahead").format(time=format_duration(-variance)), "ahead"


def share_words(share: ShareView) -> str:
    """The state of a share in words: never colour alone."""
    if share.urgency is Urgency.OK:
        # Translators: a share's state on the share timer, paused or under way.
        return _("paused") if share.state is ShareState.PAUSED else _("running")
    # Translators: a share near its end, or at it (a badge on the share timer).
    word = _("WARNING") if share.urgency is Urgency.WARNING else _("TIME")
    if share.state is ShareState.PAUSED:
        # Translators: {state} is "TIME" or "WARNING".
        return _("paused · {state}").format(state=word)
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
        # Translators: the meeting's status before it starts.
        parts = [_("READY")]
        if starts:
            parts.append(countdown_words(starts, until_start))
        parts.append(_("planned {time}").format(time=format_duration(planned)))
        if spare >= 1:
            # Translators: the meeting's planned minutes beyond its steps': "3:00 spare".
            parts.append(_("{time} spare").format(time=format_duration(spare)))
        parts.append(_("would end {time}").format(time=projected_end))
        parts.append(_("s starts"))
        return [(parts[0], "state"), (SEPARATOR + SEPARATOR.join(parts[1:]), "")]
    if status == "ended":
        return runs(
            # Translators: {ended} is the word "ENDED", shown in the status's colour.
            _("{ended} after {elapsed} · planned {planned} · ended {end}"),
            # Translators: the meeting's status once it has ended.
            ended=(_("ENDED"), "state"),
            elapsed=(format_duration(elapsed), "strong"),
            planned=format_duration(planned),
            end=projected_end,
        )
    shown, schedule = schedule_words(variance)
    return runs(
        # Translators: {schedule} is "on time", "2:10 behind" or "1:30 ahead".
        _("{elapsed} elapsed · {schedule} · ends {end}"),
        elapsed=(format_duration(elapsed), "strong"),
        schedule=(shown, schedule),
        end=projected_end,
    )


def countdown_words(starts: str, until_start: float) -> str:
    """`starts 19:00 · in 4:32` before the scheduled start, `starts 19:00 · 2:10 late` after."""
    if until_start > 0:
        return _("starts {time} · in {countdown}").format(
            time=starts, countdown=format_countdown(until_start)
        )
    return _("starts {time} · {late} late").format(time=starts, late=format_duration(-until_start))


def late_start_words(late: float) -> str | None:
    """`started 3 min late`, said once at `s` when a minute or more late; None otherwise."""
    minutes = int(late // 60)
    return _("started {minutes} min late").format(minutes=minutes) if minutes >= 1 else None


def start_moved_words(minutes: int) -> str:
    """What the correction says once made: `The meeting counts from 12 minutes ago`."""
    return ngettext(
        "The meeting counts from {count} minute ago",
        "The meeting counts from {count} minutes ago",
        minutes,
    ).format(count=minutes)


def shares_words(count: int) -> str:
    """`1 share`, `2 shares`."""
    return ngettext("{count} share", "{count} shares", count).format(count=count)


def _timer_line(name: str, timer: ShareView) -> Phrase:
    # The share timer's first line for a share or a one-on-one's time box.
    if timer.remaining > 0:
        # Translators: the share timer's first line: "Share 3  0:20 left of 3:00  WARNING";
        # {name} is "Share 3" or "Time box", {state} a word such as "running" or "WARNING".
        template = _("{name}  {time} left of {allotted}  {state}")
    else:
        # Translators: the share timer's first line past its time: "Share 3  +0:15 over
        # 3:00  TIME"; {name} is "Share 3" or "Time box", {state} "TIME" or "paused · TIME".
        template = _("{name}  {time} over {allotted}  {state}")
    return runs(
        template,
        name=(name, "strong"),
        time=(format_countdown(timer.remaining), "strong"),
        state=(share_words(timer), "badge"),
        allotted=format_duration(timer.allotted),
    )


WaitingPart = Literal["waiting", "room", "online"]


def waiting_template(part: WaitingPart, count: int) -> str:
    """The words of one part of `waiting_words` for `count`, its `{count}` not filled in (the
    room page fills it itself)."""
    if part == "room":
        # Translators: of those waiting to share, how many are in the room: "2 in the room".
        return ngettext("{count} in the room", "{count} in the room", count)
    if part == "online":
        # Translators: of those waiting to share, how many are online: "1 online".
        return ngettext("{count} online", "{count} online", count)
    # Translators: people waiting to share: "3 waiting".
    return ngettext("{count} waiting", "{count} waiting", count)


def waiting_words(room: int, online: int) -> str:
    """Who waits to share, by lane, never who: `3 waiting · 2 in the room · 1 online`, a lane
    with nobody left out; `0 waiting`."""
    counts: list[tuple[WaitingPart, int]] = [("waiting", room + online)]
    lanes: list[tuple[WaitingPart, int]] = [("room", room), ("online", online)]
    counts += [(part, count) for part, count in lanes if count]
    return SEPARATOR.join(
        waiting_template(part, count).format(count=count) for part, count in counts
    )


def share_panel_phrases(
    share: ShareView | None,
    next_share: float,
    completed: int,
    average: float | None,
    waiting: int,
    suggested: float | None,
    *,
    lanes: tuple[int, int] | None = None,
    ticket: str | None = None,
    called: str | None = None,
) -> list[Phrase]:
    """The share timer's three lines: the share, the step's shares so far, who is waiting.

    `waiting` is how many wait, `lanes` how many of them in the room and online (None: not
    known by lane); `ticket` the share's ticket from the queue, `called` a ticket called
    whose share has not begun.
    """
    if share is None:
        starts = _("space starts share {number} ({time})").format(
            number=completed + 1, time=format_duration(next_share)
        )
        first = joined([(_("No share running"), "strong")], [(starts, "")])
    else:
        name = _("Share {number}").format(number=share.number)
        if ticket is not None:
            # Translators: the share under way and the ticket called for it: "Share 4 · A7".
            name = _("{share} · {ticket}").format(share=name, ticket=ticket)
        first = _timer_line(name, share)
        if share.added:
            first = joined(first, [(adjusted_words(share.added), "")])
    shown_average = format_duration(average) if average is not None else "–"
    # Translators: the step's shares that have ended, whatever runs now: "2 shares done".
    done = ngettext("{count} share done", "{count} shares done", completed)
    second: Phrase = [
        (
            # Translators: {done} is "2 shares done"; {time} the next share's length.
            _("{done} · average {average} · next share {time}").format(
                done=done.format(count=completed),
                average=shown_average,
                time=format_duration(next_share),
            ),
            "",
        )
    ]
    room, online = lanes if lanes is not None else (waiting, 0)
    third: Phrase = [(waiting_words(room, online), "")]
    if called is not None:
        # Translators: a ticket whose turn has come, its share not started yet: "A7 called".
        third = joined(third, [(_("{ticket} called").format(ticket=called), "strong")])
    elif not waiting:
        third = joined(third, [(_("w adds a hand"), "")])
    if suggested is not None:
        applies = runs(
            # Translators: a share length that fits the people waiting; the key a applies it.
            _("suggested {time} (a applies)"),
            time=(format_duration(suggested), "strong"),
        )
        third = joined(third, applies)
    return [first, second, third]


def time_box_phrases(box: ShareView | None, planned: float) -> list[Phrase]:
    """The share timer on a one-on-one's sharing step: the step's own time box, no shares, no
    queue. `Time box  3:00 left  WARNING of 12:00`; before the start, its length."""
    # Translators: a one-on-one's sharing step, timed as a whole.
    name = _("Time box")
    if box is None:
        first = joined([(name, "strong")], [(format_duration(planned), "")], [(_("s starts"), "")])
    else:
        first = _timer_line(name, box)
    return [first, [(_("A one-on-one times the step as a whole · n moves on"), "")]]


def step_heading(number: int, count: int, title: str, kind: str) -> str:
    """`Step 3 of 8 · Sharing round · sharing` (a reading step has no kind shown)."""
    heading = _("Step {number} of {count} · {title}").format(
        number=number, count=count, title=title
    )
    return heading if kind == "reading" else heading + SEPARATOR + kind_words(kind)


def step_time_words(used: float, planned: float, remaining: float, started: bool) -> str:
    """`planned 5:00` before the start; `1:10 of 5:00 · 3:50 left`; `... · OVER +0:20`."""
    if not started:
        return _("planned {time}").format(time=format_duration(planned))
    so_far = _("{used} of {planned}").format(
        used=format_duration(used), planned=format_duration(planned)
    )
    if remaining > 0:
        left = _("{time} left").format(time=format_countdown(remaining))
    else:
        # Translators: a step past its planned time: "OVER +0:20".
        left = _("OVER {time}").format(time=format_countdown(remaining))
    return so_far + SEPARATOR + left


def ended_words(elapsed: float, shares: int | None) -> str:
    """What the step pane says once the meeting has ended (`shares` None: none to count, as
    in a one-on-one)."""
    parts = [_("{time} in all").format(time=format_duration(elapsed))]
    if shares is not None:
        parts.append(shares_words(shares))
    parts.append(_("r shows resources · q leaves"))
    return SEPARATOR.join(parts)


def ended_summary(
    elapsed: float, planned: float, shares: int | None, tallies: Sequence[tuple[str, int]]
) -> str:
    """The ended meeting in a few lines of Markdown: length, shares (unless None: none to
    count, as in a one-on-one), each category's count."""
    ran = _("The meeting ran **{elapsed}** (planned {planned}).").format(
        elapsed=format_duration(elapsed), planned=format_duration(planned)
    )
    lines = [ran, ""]
    if shares is not None:
        lines.append("- " + _("Shares: {count}").format(count=shares))
    lines += [f"- {label}: {count}" for label, count in tallies]
    return "\n".join(lines)


def ended_heading() -> str:
    """The meeting screen's heading once the meeting has ended."""
    return _("Meeting ended · thank you for facilitating")


def share_ended_words(number: int) -> str:
    """Said when a move to another step ends the share under way."""
    return _("Share {number} ended with the step · u brings it back").format(number=number)


_UNDONE = {
    "start": N_("start of the meeting"),
    "end": N_("end of the meeting"),
    "start_moved": N_("start moved {minutes} min earlier"),
    "share_start": N_("start of share {number}"),
    "share_pause": N_("pause of share {number}"),
    "share_resume": N_("resume of share {number}"),
    "share_end": N_("end of share {number}"),
    # Translators: time added to a share: "1:00 added to share 3".
    "share_adjust": N_("{time} added to share {number}"),
    # Translators: time taken from a share: "1:30 removed from share 3".
    "share_shorten": N_("{time} removed from share {number}"),
    "share_length": N_("next shares {length} each"),
    # Translators: the number of people waiting, set by w or W: "3 waiting".
    "waiting": N_("{count} waiting"),
    "tally": N_("{category} +1"),
    "undo_tally": N_("{category} -1"),
}
"""What an undo took back, by the kind of change (each template takes what it names)."""


def change_kind(event: Event) -> tuple[str, float]:
    """A change's kind and number as its words take them: time taken from a share (a
    `share_adjust` below zero) is a `share_shorten` of that much, said "1:30 removed"."""
    value = event.value if isinstance(event.value, int | float) else 0
    if event.kind == "share_adjust" and value < 0:
        return "share_shorten", -value
    return event.kind, value


def undone_words(undone: Undone, label_of: Callable[[str], str]) -> str:
    """What `u` took back: `Undone: end of share 3`, `Undone: Newcomers +1`.

    Args:
        undone: what the engine took back.
        label_of: an attendance category's label, from its id.
    """
    event = undone.event
    kind, value = change_kind(event)
    if kind == "goto" and undone.back_to is not None:
        what = _("move to step {step} · back on step {back}").format(
            step=undone.step + 1, back=undone.back_to + 1
        )
    elif kind not in _UNDONE:
        what = _("the last change")
    else:
        what = _(_UNDONE[kind]).format(
            number=undone.share,
            minutes=round(value / 60),
            time=format_duration(value),
            length=format_duration(value),
            count=int(value),
            category=label_of(str(event.value)),
        )
    if undone.runs_on is not None:
        what += SEPARATOR + _("share {number} runs on").format(number=undone.runs_on)
    # Translators: {what} is what was taken back: "end of share 3", "Newcomers +1".
    return one_line(_("Undone: {what}").format(what=what))


def theme_not_kept(error: OSError) -> str:
    """Why the chosen theme will not be remembered, in one line."""
    why = reason_of(error)
    return one_line(_("The theme is not remembered for next time: {error}").format(error=why))


def sound_check_words(player: str) -> str:
    """What the sound check says as it plays: `Sound check: the time-up tones, with pw-play`."""
    return one_line(_("Sound check: the time-up tones, with {player}").format(player=player))


def resource_text(resource: Resource) -> str:
    """`Name: contact · note` on one line."""
    note = f"{SEPARATOR}{resource.note}" if resource.note else ""
    return f"{resource.name}: {resource.contact}{note}"


# ---------------------------------------------------------------------- agendas


def _where(bundled: bool) -> str:
    # Translators: where an agenda comes from, in the picker: shipped with the app, or the user's.
    return _("bundled") if bundled else _("yours")


def agenda_choice_words(agenda: Agenda, bundled: bool) -> str:
    """An agenda in the picker: its name, then `group · 60 min · 8 steps · bundled`."""
    count = len(agenda.steps)
    details = [
        kind_words(agenda.meeting.kind),
        _("{minutes} min").format(minutes=f"{agenda.length_minutes:g}"),
        ngettext("{count} step", "{count} steps", count).format(count=count),
        _where(bundled),
    ]
    return f"{agenda.meeting.name}\n  {SEPARATOR.join(details)}"


def invalid_choice_words(file_name: str, bundled: bool) -> str:
    """An agenda with problems in the picker: its file name, and that they are shown below."""
    return SEPARATOR.join([shown(file_name), _("invalid, see below"), _where(bundled)])


def minutes_words(value: float) -> str:
    """Minutes as an agenda gives them: `5`, `2.5`, `0.75`."""
    rounded = round(value, 2)
    return str(int(rounded)) if float(rounded).is_integer() else f"{rounded:g}"


def minutes_total_words(steps: float, planned: float | None) -> str:
    """`steps add up to 55 of 60 planned minutes · 5 unplanned` (or `· 5 over`)."""
    total = minutes_words(steps)
    if planned is None:
        return _("steps add up to {total} minutes (no planned length)").format(total=total)
    line = _("steps add up to {total} of {planned} planned minutes").format(
        total=total, planned=minutes_words(planned)
    )
    if math.isclose(steps, planned, abs_tol=1e-9):
        return line
    if steps < planned:
        # Translators: the agenda's planned minutes its steps leave free: "5 unplanned".
        more = _("{minutes} unplanned").format(minutes=minutes_words(planned - steps))
    else:
        # Translators: the minutes the agenda's steps take beyond its planned length: "5 over".
        more = _("{minutes} over").format(minutes=minutes_words(steps - planned))
    return line + SEPARATOR + more


def room_message_shown_words(message: str) -> str:
    """The facilitator's line for the message the room sees: `To the room: Please wrap up`."""
    # Translators: the message shown large to the room; m changes or clears it.
    return _("To the room: {message} · m changes it").format(message=message)


def room_message_words(message: str | None) -> str:
    """What `m` did: `Shown to the room: Please wrap up`, or `Message to the room cleared`."""
    if message is None:
        return _("Message to the room cleared")
    return _("Shown to the room: {message}").format(message=message)


COHOST_DID = {
    "start_share": N_("share {number} started"),
    "end_share": N_("share ended"),
    "pause": N_("share {number} paused"),
    "resume": N_("share {number} resumed"),
    "add_time": N_("30 seconds added"),
    "remove_time": N_("30 seconds removed"),
    "next_step": N_("next step"),
    "call_next": N_("{ticket} called"),
}
"""What the co-host did, by action, for the facilitator's notice."""


def cohost_did_words(
    action: str,
    *,
    share: int | None = None,
    paused: bool = False,
    ticket: str | None = None,
    message: str | None = None,
) -> str:
    """The facilitator's notice of what the co-host did: `From the co-host: share 4 started`."""
    if action == "message":
        what = room_message_words(message)
    else:
        key = "resume" if action == "pause" and not paused else action
        what = _(COHOST_DID[key]).format(number=share or "", ticket=ticket or "")
    # Translators: {what} is what the co-host's page did: "share 4 started".
    return _("From the co-host: {what}").format(what=what)


def cohost_page_words(address: str, with_code: bool = False) -> str:
    """Where the co-host's page is: `Co-host: http://…` (for a co-facilitator, not the room);
    `with_code`: a phone can reach it, and the palette shows its QR code."""
    if with_code:
        # Translators: the co-host's address; ctrl+p opens the palette, which shows its code.
        return _("Co-host: {address} · co-facilitator only · ctrl+p: its QR code").format(
            address=address
        )
    # Translators: the co-host's address: for a co-facilitator, never for the room.
    return _("Co-host: {address} · for a co-facilitator only").format(address=address)
