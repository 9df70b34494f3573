"""The meeting engine: steps, share timers and anonymous tallies.

Pure Python with the clock injected, so tests can run hours of meeting in microseconds.
Every change is an `Event`; `Meeting.apply` is the only place state changes, so a log of
events replayed on a fresh `Meeting` rebuilds the same meeting (resume, undo, reports).
Remaining time is always computed from the clock, never decremented per tick.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from ..agenda import Agenda
from ..words.i18n import _
from .clocks import Clock, WallClock, monotonic_clock, wall_clock
from .cues import Heard, ShareCues
from .events import CountCorrection, Event, EventKind
from .plan import MeetingPlan
from .states import CompletedShare, NotNow, ShareState, ShareView, Status, StepView, Urgency
from .undo import Undoing

ADJUST_SECONDS = 30
MIN_SHARE_SECONDS = 30
MIN_SUGGESTED_SECONDS = 60
SUGGESTION_STEP_SECONDS = 30


@dataclass
class _Share:
    step: int
    number: int
    allotted: float
    accumulated: float = 0.0
    running_since: float | None = None
    added: float = 0.0

    def elapsed(self, now: float) -> float:
        if self.running_since is None:
            return self.accumulated
        return self.accumulated + max(0.0, now - self.running_since)


@dataclass
class Meeting(MeetingPlan, ShareCues, Undoing):
    """A meeting in progress, driven by intents and rebuilt from events."""

    agenda: Agenda
    clock: Clock = monotonic_clock
    wall: WallClock = wall_clock
    recorder: Callable[[Event], None] | None = None

    status: Status = field(default=Status.READY, init=False)
    current: int = field(default=0, init=False)
    started_at: float | None = field(default=None, init=False)
    ended_at: float | None = field(default=None, init=False)
    waiting: int = field(default=0, init=False)
    tallies: dict[str, int] = field(init=False)
    shares: list[CompletedShare] = field(default_factory=list, init=False)
    share: _Share | None = field(default=None, init=False)
    events: list[Event] = field(default_factory=list, init=False)
    _step_used: list[float] = field(init=False)
    _entered_at: float | None = field(default=None, init=False)
    _share_length: dict[int, float] = field(default_factory=dict, init=False)
    _undoable: list[int] = field(default_factory=list, init=False)
    """The places in `events` of the changes standing, the last one undone first."""
    _undone: set[int] = field(default_factory=set, init=False)
    _heard: Heard | None = field(default=None, init=False)
    _ran: set[int] = field(default_factory=set, init=False)
    """The steps that have been current while the meeting ran."""
    _planned_after: list[float] = field(init=False)
    _planned_total: float = field(init=False)

    def __post_init__(self) -> None:
        self.tallies = {category.id: 0 for category in self.agenda.attendance}
        self._step_used = [0.0] * len(self.agenda.steps)
        # Sums of planned time, worked out once, so a key costs the same in any agenda.
        planned = [step.minutes * 60 for step in self.agenda.steps]
        self._planned_after = [*itertools.accumulate(reversed(planned), initial=0.0)][::-1]
        # The meeting's own length when the agenda gives one, else its steps' sum.
        self._planned_total = self.agenda.length_minutes * 60

    # ------------------------------------------------------------------ intents

    def start(self) -> None:
        """Start the meeting clock on the current step."""
        if self.status is Status.RUNNING:
            raise NotNow(_("The meeting is already running."))
        if self.status is Status.ENDED:
            raise NotNow(_("This meeting has ended."))
        self._record("start")

    def start_ago(self, seconds: float) -> None:
        """The meeting started `seconds` ago (`s` was forgotten, or pressed late): it counts
        from then, the time moved going to the first step; a meeting not started starts."""
        if self.status is Status.ENDED:
            raise NotNow(_("This meeting has ended."))
        if seconds <= 0:
            raise NotNow(_("Say how many minutes ago the meeting started."))
        self._record("start_moved", float(seconds))

    def next_step(self) -> None:
        """Move to the next step; on the last step, end the meeting."""
        self._require_running()
        if self.current + 1 >= len(self.agenda.steps):
            self.end()
        else:
            self._record("goto", self.current + 1)

    def previous_step(self) -> None:
        """Move back one step."""
        self._require_running()
        if self.current == 0:
            raise NotNow(_("This is the first step."))
        self._record("goto", self.current - 1)

    def goto(self, index: int) -> None:
        """Jump to step `index` (0-based)."""
        self._require_running()
        if not 0 <= index < len(self.agenda.steps):
            raise NotNow(_("There is no step {number}.").format(number=index + 1))
        if index != self.current:
            self._record("goto", index)

    def toggle_share(self) -> None:
        """Start the next share, or pause / resume the one under way."""
        self._require_group()
        self._require_running()
        self._require_sharing_step()
        share = self.share
        if share is None:
            self._record("share_start")
        elif share.running_since is None:
            self._record("share_resume")
        else:
            self._record("share_pause")

    def end_share(self) -> None:
        """End the share under way."""
        self._require_group()
        self._require_running()
        if self.share is None:
            raise NotNow(_("No share is under way."))
        self._record("share_end")

    def adjust_share(self, seconds: float) -> None:
        """Add (or, when negative, remove) time on the share under way."""
        self._require_group()
        self._require_running()
        if self.share is None:
            raise NotNow(_("No share is under way: press space to start one."))
        if seconds < 0 and self.share.allotted <= MIN_SHARE_SECONDS:
            raise NotNow(_("A share cannot be shorter than 30 seconds."))
        self._record("share_adjust", seconds)

    def set_waiting(self, count: int) -> None:
        """Set how many people are waiting to share."""
        self._require_group()
        if self.status is Status.ENDED:
            raise NotNow(_("This meeting has ended."))
        self._record("waiting", max(0, count))

    def apply_suggestion(self) -> float:
        """Use the suggested share length for the next shares of this step."""
        self._require_group()
        self._require_running()
        self._require_sharing_step()
        suggested = self.suggested_share_seconds()
        if suggested is None:
            raise NotNow(_("Set how many people are waiting to share first (w adds one)."))
        self._record("share_length", suggested)
        return suggested

    def tally(self, category: int) -> str:
        """Add one to attendance category `category` (0-based); returns its id.

        Counts go on after the end: late arrivals and the basket are counted after the close.
        """
        if not 0 <= category < len(self.agenda.attendance):
            raise NotNow(_("There is no attendance category {number}.").format(number=category + 1))
        category_id = self.agenda.attendance[category].id
        self._record("tally", category_id)
        return category_id

    def end(self, *, started_or_not: bool = False) -> None:
        """End the meeting (the closing reminder follows).

        Args:
            started_or_not: also end a meeting that never started (one that only counted
                attendance), as when the facilitator declines to resume it.
        """
        if self.status is Status.READY and not started_or_not:
            raise NotNow(_("The meeting has not started: press s to start it."))
        if self.status is Status.ENDED:
            raise NotNow(_("This meeting has already ended."))
        self._record("end")

    # ------------------------------------------------------------------ events

    def _record(self, kind: EventKind, value: int | float | str | None = None) -> None:
        event = Event(kind, self.clock(), value)
        if self.recorder is not None:
            self.recorder(event)  # persisted before it takes effect
        self.apply(event)

    def apply(self, event: Event) -> None:
        """Apply one event: the only place the meeting's state changes."""
        place = len(self.events)
        if event.kind == "undo":
            self._take_back(int(_number(event.value)))
        else:
            self._change(event)
            self._undoable.append(place)
        self.events.append(event)

    def _fresh(self) -> Meeting:
        return Meeting(self.agenda, self.clock, self.wall)

    def _change(self, event: Event) -> None:
        at = event.at
        kind = event.kind
        if kind == "start":
            self.status = Status.RUNNING
            self.started_at = at
            self._entered_at = at
            self._ran.add(self.current)
        elif kind == "goto":
            self._finish_share(at)
            self._leave_step(at)
            self.current = int(_number(event.value))
            self._entered_at = at
            if self.status is Status.RUNNING:
                self._ran.add(self.current)
        elif kind == "share_start":
            self.share = _Share(
                step=self.current,
                number=self._shares_in(self.current) + 1,
                allotted=self.next_share_seconds(),
                running_since=at,
            )
            self.waiting = max(0, self.waiting - 1)
        elif kind == "share_pause" and self.share is not None:
            self.share.accumulated = self.share.elapsed(at)
            self.share.running_since = None
        elif kind == "share_resume" and self.share is not None:
            self.share.running_since = at
        elif kind == "share_end":
            self._finish_share(at)
        elif kind == "share_adjust" and self.share is not None:
            delta = _number(event.value)
            allotted = max(float(MIN_SHARE_SECONDS), self.share.allotted + delta)
            self.share.added += allotted - self.share.allotted
            self.share.allotted = allotted
            left = allotted - self.share.elapsed(at)
            heard = self._heard
            if heard is not None and left > 0:
                # Time left again: the next crossing sounds again (and the warning, if the
                # share is out of it).
                heard.time, heard.reminders = False, 0
                lead = self.agenda.warning_seconds(self.share.step)
                heard.warning = heard.warning and left <= lead
        elif kind == "share_length":
            self._share_length[self.current] = _number(event.value)
        elif kind == "waiting":
            self.waiting = int(_number(event.value))
        elif kind == "correction":
            # Set by hand after the meeting; a category the agenda does not count is ignored.
            corrected = CountCorrection.read(event.value)
            if corrected is not None and corrected.category in self.tallies:
                self.tallies[corrected.category] = corrected.after
        elif kind == "tally":
            category_id = str(event.value)
            self.tallies[category_id] = self.tallies.get(category_id, 0) + 1
        elif kind == "undo_tally":  # the undo of a tally, as logs before `undo` have it
            category_id = str(event.value)
            self.tallies[category_id] = max(0, self.tallies.get(category_id, 0) - 1)
        elif kind == "end":
            self._finish_share(at)
            if self.status is Status.RUNNING:
                self._leave_step(at)
            self.status = Status.ENDED
            self.ended_at = at
        elif kind == "start_moved":
            self._move_start(at, at - _number(event.value))

    def _finish_share(self, at: float) -> None:
        share = self.share
        if share is None:
            return
        self.shares.append(CompletedShare(share.step, share.elapsed(at), share.added))
        self.share = None

    def _move_start(self, at: float, start: float) -> None:
        if self.started_at is None:
            self.status = Status.RUNNING
            self.started_at = self._entered_at = start
            self._ran.add(self.current)
            return
        # Before `s`, the meeting was on its first step: that step gets the time moved.
        first = self._step_used[0]
        if self.current == 0 and self._entered_at is not None:
            first += at - self._entered_at
        moved = max(self.started_at - start, -first)
        self.started_at -= moved
        self._step_used[0] += moved

    def _leave_step(self, at: float) -> None:
        if self._entered_at is not None:
            self._step_used[self.current] += max(0.0, at - self._entered_at)
        self._entered_at = None

    def _require_running(self) -> None:
        if self.status is Status.READY:
            raise NotNow(_("The meeting has not started: press s to start it."))
        if self.status is Status.ENDED:
            raise NotNow(_("This meeting has ended."))

    def _require_sharing_step(self) -> None:
        if self.agenda.steps[self.current].kind != "sharing":
            raise NotNow(_("Shares are timed on sharing steps."))

    def _shares_in(self, step: int) -> int:
        return sum(1 for share in self.shares if share.step == step)

    # ------------------------------------------------------------------ reading

    def now(self) -> float:
        """The clock, frozen at the end once the meeting has ended."""
        return self.ended_at if self.ended_at is not None else self.clock()

    def elapsed(self) -> float:
        """Seconds since the meeting started (0 before)."""
        if self.started_at is None:
            return 0.0
        return max(0.0, self.now() - self.started_at)

    def step_used(self, index: int) -> float:
        """Seconds spent on step `index` so far, across every visit."""
        used = self._step_used[index]
        if index == self.current and self._entered_at is not None:
            used += max(0.0, self.now() - self._entered_at)
        return used

    def step_planned(self, index: int) -> float:
        """Planned seconds for step `index`."""
        return self.agenda.steps[index].minutes * 60

    def step_remaining(self) -> float:
        """Planned seconds left in the current step (negative when over)."""
        return self.step_planned(self.current) - self.step_used(self.current)

    def step_urgency(self) -> Urgency:
        """The step timer's state."""
        remaining = self.step_remaining()
        if remaining <= 0:
            return Urgency.TIME
        if remaining <= min(60.0, self.step_planned(self.current) / 4):
            return Urgency.WARNING
        return Urgency.OK

    def next_share_seconds(self) -> float:
        """The length the next share in the current step will get."""
        if self.current in self._share_length:
            return self._share_length[self.current]
        return self.agenda.share_seconds(self.current)

    def suggested_share_seconds(self) -> float | None:
        """A share length that fits the people waiting into the step's time left.

        In 30-second steps, from one minute to twice the step's share length, and never
        more than the time left in the step; None when nobody is waiting, the current step
        is not a sharing step, or it has less than 30 seconds left.
        """
        if self.waiting <= 0 or self.agenda.steps[self.current].kind != "sharing":
            return None
        left = self.step_remaining()
        share = self.share_view()
        if share is not None:
            left -= max(0.0, share.remaining)
        step = SUGGESTION_STEP_SECONDS
        most = min(2 * self.agenda.share_seconds(self.current), math.floor(left / step) * step)
        if most < step:
            return None
        per_person = math.floor(left / self.waiting / step) * step
        return float(min(max(MIN_SUGGESTED_SECONDS, per_person), most))

    def share_view(self) -> ShareView | None:
        """The share under way, or None."""
        share = self.share
        if share is None:
            return None
        elapsed = share.elapsed(self.now())
        remaining = share.allotted - elapsed
        if remaining <= 0:
            urgency = Urgency.TIME
        elif remaining <= self.agenda.warning_seconds(share.step):
            urgency = Urgency.WARNING
        else:
            urgency = Urgency.OK
        state = ShareState.RUNNING if share.running_since is not None else ShareState.PAUSED
        return ShareView(
            share.number, state, share.allotted, elapsed, remaining, urgency, share.added
        )

    def shares_in_step(self, index: int) -> list[CompletedShare]:
        """Completed shares of step `index`."""
        return [share for share in self.shares if share.step == index]

    def average_share_seconds(self, index: int) -> float | None:
        """Average length of the completed shares of step `index`."""
        shares = self.shares_in_step(index)
        if not shares:
            return None
        return sum(share.seconds for share in shares) / len(shares)

    def share_key(self) -> tuple[int, int] | None:
        """The share under way as (step, number): share numbers restart in each step."""
        return None if self.share is None else (self.share.step, self.share.number)

    def steps(self) -> list[StepView]:
        """The step list with time used and what is done."""
        return [self.step_view(i) for i in range(len(self.agenda.steps))]

    def step_view(self, index: int) -> StepView:
        """One row of the step list, with time used and whether it is done."""
        step = self.agenda.steps[index]
        started = self.status is not Status.READY
        behind = started and (index < self.current or self.status is Status.ENDED)
        ran = index in self._ran
        return StepView(
            index=index,
            title=step.title,
            kind=step.kind,
            planned=step.minutes * 60,
            used=self.step_used(index),
            done=behind and ran,
            current=index == self.current and self.status is not Status.ENDED,
            skipped=behind and not ran,
        )


def _number(value: int | float | str | None) -> float:
    if isinstance(value, int | float):
        return float(value)
    raise ValueError(f"event value must be a number, got {value!r}")
