"""A one-on-one times a sharing step as a whole: the step's own time box, not a round of shares.

In a one-on-one (`[meeting] kind = "one-on-one"`) nobody waits to share: a sharing step is
one conversation, and its time box is the step's own minutes, with the agenda's share
warning and sounds. What counts down (`timer_view`) is the share under way in a group and
the time box in a one-on-one, so the cues, the room view and the room page follow either.

Mixed into `engine.Meeting` (through `cues.ShareCues`), which keeps the time each step has
used. No Textual.
"""

from __future__ import annotations

from ..agenda import Agenda
from ..words.i18n import _
from .states import TIME_BOX, NotNow, ShareState, ShareView, Status, Urgency


def one_on_one_words() -> str:
    """What a key for a group's shares (or its queue) says in a one-on-one."""
    return _("A one-on-one times the step itself: n moves on.")


class TimeBox:
    """A one-on-one's sharing step, timed as a whole."""

    agenda: Agenda
    status: Status
    current: int

    def step_used(self, index: int) -> float:
        raise NotImplementedError

    def step_planned(self, index: int) -> float:
        raise NotImplementedError

    def share_key(self) -> tuple[int, int] | None:
        """The share under way, as the meeting names it (None when there is none)."""
        raise NotImplementedError

    def share_view(self) -> ShareView | None:
        """The share under way, or None."""
        raise NotImplementedError

    @property
    def one_on_one(self) -> bool:
        """The agenda is a one-on-one's: no queue, no shares; a sharing step is its time box."""
        return self.agenda.meeting.kind == "one-on-one"

    def time_box(self) -> ShareView | None:
        """The current step's time box counting down, as a share timer shows it: on a sharing
        step of a running one-on-one (None otherwise).

        Its length is the step's planned time, its time used the step's, and it warns as the
        agenda warns of a share on that step.
        """
        index = self.current
        if (
            not self.one_on_one
            or self.status is not Status.RUNNING
            or self.agenda.steps[index].kind != "sharing"
        ):
            return None
        planned = self.step_planned(index)
        used = self.step_used(index)
        remaining = planned - used
        if remaining <= 0:
            urgency = Urgency.TIME
        elif remaining <= self.agenda.warning_seconds(index):
            urgency = Urgency.WARNING
        else:
            urgency = Urgency.OK
        return ShareView(TIME_BOX, ShareState.RUNNING, planned, used, remaining, urgency, 0.0)

    def timer_view(self) -> ShareView | None:
        """What counts down now: a one-on-one's time box, else the share under way (or None)."""
        box = self.time_box()
        return box if box is not None else self.share_view()

    def timer_key(self) -> tuple[int, int] | None:
        """What counts down now, named as (step, share number); a time box is (step, 0)."""
        if self.time_box() is not None:
            return (self.current, TIME_BOX)
        return self.share_key()

    def _require_group(self) -> None:
        """A group's shares and queue: in a one-on-one, say why not."""
        if self.one_on_one:
            raise NotNow(one_on_one_words())
