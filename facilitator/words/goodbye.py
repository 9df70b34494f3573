"""What the terminal is told as the app ends: the changes that could not be saved, and the
counts to write down, or that the app froze and was stopped. No Textual here.

Saving is retried for as long as the app runs; when it ends with changes still unsaved (a
full disk, a data folder gone), those changes exist nowhere else. They are printed in one
block the facilitator can copy or write down: each change with its time, then the meeting's
counts as they stand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..agenda import Agenda, one_line
from ..meeting.engine import Meeting
from ..meeting.events import CountCorrection, Event
from ..meeting.states import Status
from ..store.recorder import MeetingLog
from .i18n import N_, _, ngettext
from .meeting import change_kind, clock_time, format_duration, shares_words
from .phrasing import SEPARATOR


@dataclass(frozen=True)
class Outcome:
    """How the app ended, for the command line to finish up."""

    agenda: Agenda | None = None
    status: Status | None = None
    hung_up: bool = False
    saved: bool = False
    unsaved: str | None = None
    """The changes that could not be saved and the counts, to print (`unsaved_words`)."""


def how_to_leave_words() -> str:
    """What ctrl+c says, which does not quit (a volunteer's reflex must not end a meeting)."""
    return _("ctrl+c does not quit: press ctrl+q to leave (a running meeting asks first)")


def outcome_of(
    meeting: Meeting | None, log: MeetingLog | None, hung_up: bool, wait: float | None = None
) -> Outcome:
    """How `meeting` stands as the app ends, once what waits in `log` has been written.

    Args:
        hung_up: the terminal has gone (a hang-up, a closed window).
        wait: the longest to wait for a write under way in another thread (None: no limit).
    """
    if meeting is None:
        return Outcome(hung_up=hung_up)
    saved = log is not None and log.flush(wait) and log.meeting_id is not None
    waiting = log.pending if log is not None else []
    unsaved = unsaved_words(meeting, waiting, log.reason if log is not None else None)
    return Outcome(meeting.agenda, meeting.status, hung_up, saved, unsaved)


_CHANGES = {
    "start": N_("the meeting started"),
    "end": N_("the meeting ended"),
    "start_moved": N_("the start moved {minutes} min earlier"),
    "goto": N_("moved to step {step}"),
    "share_start": N_("a share started"),
    "share_pause": N_("the share paused"),
    "share_resume": N_("the share resumed"),
    "share_end": N_("the share ended"),
    # Translators: time added to the share under way: "1:00 added to the share".
    "share_adjust": N_("{time} added to the share"),
    # Translators: time taken from the share under way: "1:30 removed from the share".
    "share_shorten": N_("{time} removed from the share"),
    "share_length": N_("next shares {length} each"),
    "waiting": N_("{count} waiting"),
    "tally": N_("{category} +1"),
    "undo_tally": N_("{category} -1"),
    "undo": N_("the last change undone"),
    # Translators: a count corrected after the meeting: "Newcomers 1 → 2".
    "correction": N_("{category} {before} → {after}"),
}
"""Each kind of change, as a line of the block (each template takes what it names)."""


def change_words(event: Event, label_of: Callable[[str], str]) -> str:
    """One change in words: `Newcomers +1`, `a share started`, `moved to step 3`.

    Args:
        event: the change.
        label_of: an attendance category's label, from its id.
    """
    kind, value = change_kind(event)
    corrected = CountCorrection.read(event.value) if event.kind == "correction" else None
    counted = event.kind in ("tally", "undo_tally")
    category = corrected.category if corrected else str(event.value) if counted else ""
    return _(_CHANGES[kind]).format(
        minutes=round(value / 60),
        step=int(value) + 1,
        time=format_duration(value),
        length=format_duration(value),
        count=int(value),
        category=label_of(category) if category else "",
        before=corrected.before if corrected else "",
        after=corrected.after if corrected else "",
    )


def unsaved_words(
    meeting: Meeting, unsaved: Sequence[tuple[Event, datetime]], problem: str | None
) -> str | None:
    """The block printed when the app ends with changes not saved; None when all are saved.

    ```
    These changes could not be saved (no space left on device); write them down:
      19:04  Newcomers +1
      19:04  Attendees +1
    The meeting's counts now: Attendees 14 · Newcomers 2 · Online 5 · 6 shares
    ```

    Args:
        meeting: the meeting, as it stands with every change made (saved or not).
        unsaved: the changes not saved, each with the local time it was made.
        problem: why they could not be saved, as the screen said it.
    """
    if not unsaved:
        return None
    labels = {category.id: category.label for category in meeting.agenda.attendance}

    def label_of(category: str) -> str:
        return labels.get(category, category)

    heading = (
        _("These changes could not be saved ({problem}); write them down:").format(problem=problem)
        if problem
        else _("These changes could not be saved; write them down:")
    )
    lines = [one_line(heading)]
    lines += [
        f"  {clock_time(wall)}  {one_line(change_words(event, label_of))}"
        for event, wall in unsaved
    ]
    counts = [(label, meeting.tallies.get(category, 0)) for category, label in labels.items()]
    now = SEPARATOR.join(f"{label} {count}" for label, count in counts)
    shares = len(meeting.shares) + (meeting.share_view() is not None)  # the one under way too
    if not meeting.one_on_one or shares:
        now += SEPARATOR + shares_words(shares)
    lines.append(one_line(_("The meeting's counts now: {counts}").format(counts=now)))
    return "\n".join(lines)


def frozen_words(seconds: float) -> str:
    """The one line said when the app stopped answering and was closed for it."""
    count = round(seconds)
    return ngettext(
        "facilitator stopped answering for {seconds} second, so it was closed.",
        "facilitator stopped answering for {seconds} seconds, so it was closed.",
        count,
    ).format(seconds=count)
