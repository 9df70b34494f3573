"""Correcting a past meeting's counts from the history: the basket counted, a late arrival.

Each category corrected is a "correction" event (see `events.CountCorrection`) added to the
meeting's events, which stay the truth; its summary is worked out again from them and saved
in the same transaction, so the history, the timing report and the export agree. No Textual.

Only an ended meeting that no window is running now is corrected here: one running, in this
window or another, is counted on its own screen (1-9, u), and one that never ended may still
be resumed, where counting goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..meeting.engine import Meeting
from ..meeting.events import MOST_COUNTED, CountCorrection, Event
from ..store.database import MeetingChanged, MeetingTaken, Store, StoredMeeting
from ..store.recorder import replay
from ..words import past as past_words
from ..words.i18n import _
from .report import Summary, summarize


class NotCorrected(Exception):
    """Why a past meeting's counts were not corrected, in one line for the facilitator."""


@dataclass(frozen=True)
class Counts:
    """A past meeting's counts as they stand, for the correction dialog."""

    meeting_id: int
    name: str
    started: datetime
    """When it started (or was opened), local time as recorded."""
    categories: tuple[tuple[str, str, int], ...]
    """Each attendance category's id, label and count, in agenda order."""


@dataclass(frozen=True)
class Corrected:
    """What a correction did."""

    meeting_id: int
    summary: Summary
    """The meeting summed up again, as saved."""
    changes: tuple[past_words.CountChange, ...]
    """Each category corrected: its label, its count before and after (none: nothing was)."""


def counts_of(store: Store, meeting_id: int, *, here: int | None = None) -> Counts:
    """The counts of meeting `meeting_id`, to be corrected. Reads the database.

    Args:
        store: The meetings database.
        meeting_id: The meeting.
        here: The meeting this window records, if any (it is counted on its own screen).

    Raises:
        NotCorrected: the meeting cannot be corrected here (see the module's docstring).
    """
    stored, meeting = _correctable(store, meeting_id, here)
    return Counts(
        meeting_id=stored.id,
        name=stored.name,
        started=stored.started_at or stored.created_at,
        categories=tuple(
            (c.id, c.label, meeting.tallies.get(c.id, 0)) for c in stored.agenda.attendance
        ),
    )


def correct(
    store: Store,
    meeting_id: int,
    counts: Mapping[str, int],
    wall: datetime,
    *,
    here: int | None = None,
) -> Corrected:
    """Set the counts of meeting `meeting_id` to `counts` (by category id), recorded at `wall`.

    A category left out of `counts`, or at the count it has, is left as it is; one the
    agenda does not count is ignored. Nothing is written when nothing changes.

    Raises:
        NotCorrected: the meeting cannot be corrected here (see the module's docstring), or
            it was changed meanwhile (nothing was written).
        ValueError: a count is not from 0 to `MOST_COUNTED`.
    """
    stored, meeting = _correctable(store, meeting_id, here)
    events: list[Event] = []
    changes: list[past_words.CountChange] = []
    for category in stored.agenda.attendance:
        after = counts.get(category.id)
        before = meeting.tallies.get(category.id, 0)
        if after is None or after == before:
            continue
        if not 0 <= after <= MOST_COUNTED:
            raise ValueError(
                _("a count is from 0 to {most}, not {count}").format(most=MOST_COUNTED, count=after)
            )
        # On the meeting's own timeline, where it stopped: an ended meeting's time stands.
        value = CountCorrection(category.id, before, after).value()
        events.append(Event("correction", stored.last_at, value))
        changes.append((category.label, before, after))
    for event in events:
        meeting.apply(event)
    summary = summarize(meeting, [*stored.walls, *[wall] * len(events)])
    if not events:
        return Corrected(stored.id, summary, ())
    try:
        store.append_corrections(stored.id, len(stored.events), events, summary, wall)
    except MeetingTaken:
        raise NotCorrected(past_words.not_corrected_words(stored.name, "elsewhere")) from None
    except MeetingChanged:
        raise NotCorrected(past_words.not_corrected_words(stored.name, "changed")) from None
    return Corrected(stored.id, summary, tuple(changes))


def _correctable(store: Store, meeting_id: int, here: int | None) -> tuple[StoredMeeting, Meeting]:
    """The meeting as stored and as replayed, if its counts can be corrected here."""
    stored = store.get(meeting_id)
    why: past_words.Refusal | None = None
    if stored.id == here:
        why = "here"
    elif store.running_elsewhere(stored):
        why = "elsewhere"
    elif stored.ended_at is None:
        why = "unfinished"
    if why is not None:
        raise NotCorrected(past_words.not_corrected_words(stored.name, why))
    meeting = replay(stored.agenda, stored.events, lambda: stored.last_at, lambda: stored.last_wall)
    return stored, meeting
