"""A meeting's plan: how long its steps and the whole are meant to take, and what is left.

Worked out once from the agenda (`[meeting] minutes` and the steps' minutes), so a key costs
the same in any agenda. `engine.Meeting` holds one and asks it where the meeting stands
against it: the engine says how long the meeting has run and the current step has left.
No Textual.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..agenda import Agenda


@dataclass(frozen=True)
class Plan:
    """The planned seconds of an agenda's steps and of the meeting as a whole."""

    steps: tuple[float, ...]
    """Each step's planned seconds, in order."""
    after: tuple[float, ...]
    """Planned seconds of the steps from each index to the end (one more: 0)."""
    total: float
    """The meeting's own length when the agenda gives one, else its steps' sum."""

    @classmethod
    def of(cls, agenda: Agenda) -> Plan:
        """The plan of `agenda`."""
        steps = tuple(step.minutes * 60 for step in agenda.steps)
        after = tuple([*itertools.accumulate(reversed(steps), initial=0.0)][::-1])
        return cls(steps, after, agenda.length_minutes * 60)

    def spare(self) -> float:
        """The meeting's planned seconds beyond its steps' (none when the steps fill it)."""
        return max(0.0, self.total - self.after[0])

    def left(self, current: int, step_remaining: float) -> float:
        """Seconds the steps left take if they run to plan: the rest of step `current` (its
        `step_remaining`, none once over), then the steps after it."""
        return max(0.0, step_remaining) + self.after[current + 1]

    def variance(
        self, elapsed: float, current: int, step_remaining: float, start_offset: float
    ) -> float:
        """Seconds behind (positive) or ahead (negative): when a meeting `elapsed` seconds in,
        on step `current`, would end if the steps left run to plan, against when its plan
        ends; `start_offset`: how late (positive) or early it started against its schedule."""
        return elapsed + self.left(current, step_remaining) - self.total + start_offset
