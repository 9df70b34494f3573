"""A one-on-one times a sharing step as a whole: the step's own time box, not a round of shares.

In a one-on-one (`[meeting] kind = "one-on-one"`) nobody waits to share: a sharing step is
one conversation, and its time box is the step's own minutes, with the agenda's share
warning and sounds. What counts down (`timer_view`) is the share under way in a group and
the time box in a one-on-one, so the cues, the room view and the room page follow either.

`engine.Meeting` says when a step is timed as a whole, from the time the step has used.
No Textual.
"""

from __future__ import annotations

from ..words.i18n import _
from .states import TIME_BOX, ShareState, ShareView, Urgency


def one_on_one_words() -> str:
    """What a key for a group's shares (or its queue) says in a one-on-one."""
    return _("A one-on-one times the step itself: n moves on.")


def time_box_view(planned: float, used: float, warning: float) -> ShareView:
    """A sharing step's time box counting down, as a share timer shows it.

    Args:
        planned: the step's planned seconds: the box's length.
        used: the seconds the step has used.
        warning: the agenda's share warning for the step: the box warns as a share would.
    """
    remaining = planned - used
    urgency = Urgency.of(remaining, warning)
    return ShareView(TIME_BOX, ShareState.RUNNING, planned, used, remaining, urgency, 0.0)
