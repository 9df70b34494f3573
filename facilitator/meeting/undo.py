"""Undo: any change taken back, again and again, the meeting rebuilt as if it was never made.

Mixed into `engine.Meeting`. An undo is itself an event in the log (which stays append-only),
naming the place of the change it takes back, so a resumed meeting, its report and its export
all see the same meeting. No Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, cast

from ..words.i18n import _
from .events import Event, EventKind, takes_back, undone
from .states import NotNow, Undone

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

NOT_REBUILT = frozenset({"events", "_undoable", "_undone", "_heard"})
"""What an undo keeps as it is: the log, what can be undone, and the sounds already heard."""


class Undoing:
    """Takes back the last change still standing."""

    current: int
    events: list[Event]
    tallies: dict[str, int]
    _undoable: list[int]
    """The places in `events` of the changes standing, the last one undone first."""
    _undone: set[int]

    def _record(self, kind: EventKind, value: int | float | str | None = None) -> None:
        raise NotImplementedError

    def _change(self, event: Event) -> None:
        raise NotImplementedError

    def _fresh(self) -> Undoing:
        """A meeting of the same agenda and clocks, before any event."""
        raise NotImplementedError

    def share_key(self) -> tuple[int, int] | None:
        raise NotImplementedError

    def _share_number(self) -> int | None:
        key = self.share_key()
        return None if key is None else key[1]

    def undo(self) -> Undone:
        """Take back the last change still standing, of any kind (again: the one before).

        Time stays true: the meeting goes on as if the change had never been made, so an
        end of share taken back lets the share run on, and a move taken back gives the time
        since back to the step it left.
        """
        if not self._undoable:
            raise NotNow(_("Nothing to undo."))
        place = self._undoable[-1]
        event = self.events[place]
        before = self._share_number()
        self._record("undo", place)
        after = self._share_number()
        kind = event.kind
        if kind == "goto":
            moved_to = int(_place(event.value))
            return Undone(
                event, moved_to, runs_on=after if before is None else None, back_to=self.current
            )
        if kind == "share_end":
            return Undone(event, self.current, share=after)
        if kind in ("share_start", "share_pause", "share_resume", "share_adjust"):
            return Undone(event, self.current, share=before)
        if kind == "end":
            return Undone(event, self.current, runs_on=after)
        return Undone(event, self.current)

    def restore(self, events: Sequence[Event]) -> None:
        """Apply a whole log to a meeting that has none yet (a resumed meeting, a report): as
        applying each event in turn would leave it, in one pass, without a rebuild per undo."""
        if self.events:
            raise ValueError("restore() takes a whole log, on a meeting that has none yet")
        for event in events:
            if event.kind == "undo":
                _place(event.value)  # a log whose undo names no place is refused, as by apply
        taken_back = undone(events)
        for place, event in enumerate(events):
            if event.kind != "undo" and place not in taken_back:
                self._change(event)
                self._undoable.append(place)
            self.events.append(event)
        self._undone = taken_back

    def _take_back(self, place: int) -> None:
        """Undo the change at `place` in the log: the meeting is rebuilt without it."""
        if place in self._undone or not takes_back(self.events, place, len(self.events)):
            return  # a stray undo in a damaged log changes nothing
        event = self.events[place]
        self._undone.add(place)
        if place in self._undoable:
            self._undoable.remove(place)
        if event.kind == "tally":  # a count stands alone: no need to rebuild for it
            category_id = str(event.value)
            self.tallies[category_id] = max(0, self.tallies.get(category_id, 0) - 1)
            return
        again = self._fresh()
        for at, each in enumerate(self.events):
            if each.kind != "undo" and at not in self._undone:
                again._change(each)
        for kept in fields(cast("DataclassInstance", again)):
            if not kept.init and kept.name not in NOT_REBUILT:
                setattr(self, kept.name, getattr(again, kept.name))

    @property
    def can_undo(self) -> bool:
        """Some change stands that `undo` can take back."""
        return bool(self._undoable)


def _place(value: int | float | str | None) -> int:
    if isinstance(value, int | float):
        return int(value)
    raise ValueError(f"event value must be a number, got {value!r}")
