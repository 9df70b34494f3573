"""Where a meeting stands against its plan: ahead or behind, the scheduled start, the end.

Mixed into `engine.Meeting`, which keeps the time each step has used; this works out what
that means against the agenda's plan (`[meeting] minutes` and `start`). No Textual.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..agenda import Agenda
from . import schedule
from .clocks import Clock, WallClock
from .states import Status


class MeetingPlan:
    """The meeting's time against its plan."""

    agenda: Agenda
    clock: Clock
    wall: WallClock
    status: Status
    current: int
    started_at: float | None
    _planned_after: list[float]
    """Planned seconds of the steps from each index to the end (one more: 0)."""
    _planned_total: float
    """The meeting's own length when the agenda gives one, else its steps' sum."""

    def now(self) -> float:
        raise NotImplementedError

    def elapsed(self) -> float:
        raise NotImplementedError

    def step_remaining(self) -> float:
        raise NotImplementedError

    def variance(self) -> float:
        """Seconds behind schedule (positive) or ahead of it (negative): when the meeting
        would end if the steps left run to plan, against when its plan ends."""
        if self.started_at is None:
            return 0.0
        return self.elapsed() + self._left_to_plan() - self._planned_total + self._start_offset()

    def _left_to_plan(self) -> float:
        # Seconds the steps left take if they run to plan: this one's rest, then the next.
        return max(0.0, self.step_remaining()) + self._planned_after[self.current + 1]

    def scheduled_start(self) -> datetime | None:
        """When the agenda's `[meeting] start` falls, on the meeting's day (None without one)."""
        wall_now = self.wall()
        near = wall_now
        if self.started_at is not None:
            near = schedule.wall_at(self.started_at, self.clock(), wall_now)
        return schedule.scheduled_start(self.agenda.meeting.start, near)

    def late_seconds(self) -> float:
        """How many seconds after its scheduled start the meeting started (0: not late)."""
        return max(0.0, self._start_offset())

    def _start_offset(self) -> float:
        # After the scheduled start (positive) or before it; 0 without one or before `s`.
        if self.started_at is None:
            return 0.0
        started = schedule.wall_at(self.started_at, self.clock(), self.wall())
        return schedule.start_offset(self.agenda.meeting.start, started)

    def planned_seconds(self) -> float:
        """The planned length of the meeting: `[meeting] minutes`, else its steps' sum."""
        return self._planned_total

    def spare_seconds(self) -> float:
        """The meeting's planned minutes beyond its steps' (none when the steps fill it)."""
        return max(0.0, self._planned_total - self._planned_after[0])

    def projected_end(self, wall_now: datetime | None = None) -> datetime:
        """When the meeting will end if the remaining steps run to plan.

        Args:
            wall_now: the local time now, when the caller has read it (default: read it).
        """
        if wall_now is None:
            wall_now = self.wall()
        if self.status is Status.ENDED:
            return wall_now - timedelta(seconds=max(0.0, self.clock() - self.now()))
        if self.status is Status.READY:
            scheduled = schedule.scheduled_start(self.agenda.meeting.start, wall_now)
            begins = wall_now if scheduled is None else max(wall_now, scheduled)
            return begins + timedelta(seconds=self.planned_seconds())
        return wall_now + timedelta(seconds=self._left_to_plan())
