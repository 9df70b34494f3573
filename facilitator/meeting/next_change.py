"""When what the meeting shows next changes: the moment its screen should look again.

Every duration the meeting shows is in whole seconds, and the clock in whole minutes, so the
screen need not look five times a second: it looks at the next whole-second edge of the
countdown that leads (the share under way, else the step, else the wait for a scheduled
start), and there reads everything from the clock again. Figures that move at another
phase (the meeting's elapsed time beside a share's countdown) change in the same frame, at
most a second after their own edge, as on any clock that ticks once a second. A sound due
between edges (a warning lead that is not whole seconds, an overtime reminder) is an edge
too. No Textual.
"""

from __future__ import annotations

import math
from datetime import datetime

from .engine import Meeting
from .states import ShareState, Status, Urgency

LATEST = 60.0
"""The longest wait: nothing moves (a paused share, a meeting not started), but the clock's
minute still turns."""
AFTER_EDGE = 0.005
"""Looked at this long after an edge, so the figure has surely turned."""


def until_whole_second(seconds: float, *, counting_down: bool) -> float:
    """Seconds until `seconds`, moving at one a second, next crosses a whole second."""
    fraction = seconds - math.floor(seconds)
    if counting_down:
        return fraction if fraction > 0 else 1.0
    return 1.0 - fraction


def until_next_minute(wall_now: datetime) -> float:
    """Seconds until the wall clock's minute turns."""
    return 60.0 - (wall_now.second + wall_now.microsecond / 1_000_000)


def seconds_until_change(meeting: Meeting, wall_now: datetime) -> float:
    """How long until something the meeting shows changes, and its screen should look again
    (a little after the edge, at most `LATEST`)."""
    waits = [until_next_minute(wall_now)]
    timer = meeting.timer_view() if meeting.status is Status.RUNNING else None
    if timer is not None and timer.state is ShareState.RUNNING:
        remaining = timer.remaining
        waits.append(until_whole_second(remaining, counting_down=True))
        warning = meeting.agenda.warning_seconds(meeting.current)
        if timer.urgency is Urgency.OK and remaining > warning:
            waits.append(remaining - warning)  # the warning's sound and colour
        every = meeting.agenda.sharing.overtime_reminder_seconds
        if every and remaining <= 0:
            waits.append(every - timer.overtime % every)
    elif meeting.status is Status.RUNNING:
        waits.append(until_whole_second(meeting.step_remaining(), counting_down=True))
    elif meeting.status is Status.READY:
        scheduled = meeting.scheduled_start()
        if scheduled is not None:
            until = (scheduled - wall_now).total_seconds()  # negative once late
            waits.append(until_whole_second(until, counting_down=True))
    return min(LATEST, min(waits) + AFTER_EDGE)
