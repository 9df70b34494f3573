"""What a meeting is in and shows: its status, a share's state and urgency, the views of a
share (or a one-on-one's time box) and of a step, and the sounds a share is due. Plain
values, read from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from .events import Event


class NotNow(Exception):
    """An intent that does not apply right now; the message tells the facilitator why."""


class Status(StrEnum):
    READY = "ready"
    RUNNING = "running"
    ENDED = "ended"


class ShareState(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"


class Urgency(StrEnum):
    """How close a timer is to its end; shown as a word and a colour."""

    OK = "ok"
    WARNING = "warning"
    TIME = "time"

    @classmethod
    def of(cls, remaining: float, warning: float) -> Urgency:
        """How a timer with `remaining` seconds stands: TIME at zero or past it, WARNING
        within `warning` seconds of it, else OK. The one rule for every timer shown."""
        if remaining <= 0:
            return cls.TIME
        if remaining <= warning:
            return cls.WARNING
        return cls.OK


@dataclass(frozen=True)
class CompletedShare:
    """A share that has ended: where, how long, how much time was added."""

    step: int
    seconds: float
    added: float


TIME_BOX = 0
"""The number a one-on-one's time box goes by as a `ShareView`: no share is numbered 0."""


@dataclass(frozen=True)
class Undone:
    """What an undo took back, for the facilitator to be told."""

    event: Event
    """The change taken back."""
    step: int
    """The step it was on: for a move, the step it had moved to."""
    share: int | None = None
    """The number of the share it was about (in `step`), if any."""
    runs_on: int | None = None
    """The share that runs again (undoing a move or the end that had ended it)."""
    back_to: int | None = None
    """For a move: the step the meeting is on again."""


@dataclass(frozen=True)
class ShareView:
    """What the share timer shows: a share, or in a one-on-one the step's own time box."""

    number: int
    """The share's number in its step, from 1; `TIME_BOX` for a one-on-one's step."""
    state: ShareState
    allotted: float
    elapsed: float
    remaining: float
    urgency: Urgency
    added: float

    @property
    def overtime(self) -> float:
        return max(0.0, -self.remaining)

    @property
    def is_time_box(self) -> bool:
        """A one-on-one's step timed as a whole, not a share."""
        return self.number == TIME_BOX


@dataclass(frozen=True)
class StepView:
    """One row of the step list."""

    index: int
    title: str
    kind: str
    planned: float
    used: float
    done: bool
    current: bool
    skipped: bool = False
    """Passed (or the meeting ended) without it ever running."""


Cue = Literal["warning", "time", "overtime"]
"""A moment the room hears: a share's warning, its time-up, a reminder in overtime."""
