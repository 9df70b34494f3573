"""The meeting engine: steps, share timers and anonymous tallies.

Pure Python with the clock injected, so tests can run hours of meeting in microseconds.
Every change is an `Event`; `Meeting.apply` is the only place state changes, so a log of
events replayed on a fresh `Meeting` rebuilds the same meeting (resume, reports). An undo
puts back what the change it takes back found, so it costs the same in a meeting of any
length. Remaining time is always computed from the clock, never decremented per tick.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..agenda import Agenda
from ..words.i18n import _
from . import schedule
from .clocks import Clock, WallClock, monotonic_clock, wall_clock
from .cues import ShareCues
from .events import CountCorrection, Event, EventKind
from .plan import Plan
from .shares import CompletedShares
from .states import (
    TIME_BOX,
    CompletedShare,
    Cue,
    NotNow,
    ShareState,
    ShareView,
    Status,
    StepView,
    Undone,
    Urgency,
)
from .time_box import one_on_one_words, time_box_view
from .undo import EventLog

ADJUST_SECONDS = 30
MIN_SHARE_SECONDS = 30
MIN_SUGGESTED_SECONDS = 60
SUGGESTION_STEP_SECONDS = 30


@dataclass(frozen=True, slots=True)
class _Share:
    # Never changed in place: a change makes a new one, so what undo keeps of it stays true.
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


@dataclass(frozen=True, slots=True)
class _Before:
    """The meeting as a change found it: all the change may alter, for undo to put back.

    A change alters the fields below, the share under way and the counts (each replaced,
    never changed in place), the time used by the step it was on or by the first step (a
    start moved), the share length of the step it was on, and adds at most one completed
    share and one step run: what it adds is taken off, the rest put back as it was.
    """

    status: Status
    current: int
    started_at: float | None
    ended_at: float | None
    waiting: int
    tallies: dict[str, int]
    share: _Share | None
    entered_at: float | None
    shares: int
    """How many shares had ended."""
    ran: int
    """How many steps had run."""
    used: float
    """The seconds step `current` had used."""
    used_first: float
    """The seconds the first step had used."""
    share_length: float | None
    """The share length set for step `current`, if one was."""


# A step warns in its last minute, or its last quarter when shorter than four minutes.
STEP_WARNING_SECONDS = 60.0
STEP_WARNING_SHARE = 0.25


class Meeting:
    """A meeting in progress, driven by intents and rebuilt from events.

    Composed of the parts it holds: its `Plan` (the agenda's planned time), its `EventLog`
    (every event, and the changes undo can take back), its `CompletedShares` (counted and
    summed by step as they end) and its `ShareCues` (the sounds heard). Everything else it
    keeps is what the events change (`_start_over`), and what each change found (`_Before`).
    """

    status: Status
    current: int
    started_at: float | None
    ended_at: float | None
    waiting: int
    tallies: dict[str, int]
    """Each category's count (replaced at each change, never changed in place)."""
    share: _Share | None
    _shares: CompletedShares
    _step_used: list[float]
    _entered_at: float | None
    _share_length: dict[int, float]
    _ran: dict[int, None]
    """The steps that have been current while the meeting ran, in the order they first were."""
    _before: dict[int, _Before]
    """For each change standing (but tallies), at its place in the log, the meeting as it
    found it: undo puts it back, without going through the log again."""

    def __init__(
        self,
        agenda: Agenda,
        clock: Clock = monotonic_clock,
        wall: WallClock = wall_clock,
        recorder: Callable[[Event], None] | None = None,
    ) -> None:
        self.agenda = agenda
        self.clock = clock
        self.wall = wall
        self.recorder = recorder  # keeps each event before it takes effect, if any
        self.plan = Plan.of(agenda)
        self._log = EventLog()
        self._cues = ShareCues()
        self._before = {}
        self._start_over()

    def _start_over(self) -> None:
        # What the events change, as before the first: an undo rebuilds it from here.
        self.status = Status.READY
        self.current = 0
        self.started_at = None
        self.ended_at = None
        self.waiting = 0
        self.tallies = {category.id: 0 for category in self.agenda.attendance}
        self.share = None
        self._shares = CompletedShares()
        self._step_used = [0.0] * len(self.agenda.steps)
        self._entered_at = None
        self._share_length = {}
        self._ran = {}
        self._before.clear()

    @property
    def events(self) -> list[Event]:
        """Every event applied, in order: the meeting's whole log."""
        return self._log.events

    @property
    def shares(self) -> Sequence[CompletedShare]:
        """Every completed share, in the order they ended."""
        return self._shares.all

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

    def apply_suggestion(self, waiting: int | None = None) -> float:
        """Use the suggested share length for the next shares of this step (`waiting`: how
        many wait to share, the share queue's count; None: the count kept here)."""
        self._require_group()
        self._require_running()
        self._require_sharing_step()
        suggested = self.suggested_share_seconds(waiting)
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

    # ------------------------------------------------------------------ undo

    def undo(self) -> Undone:
        """Take back the last change still standing, of any kind (again: the one before).

        Time stays true: the meeting goes on as if the change had never been made, so an
        end of share taken back lets the share run on, and a move taken back gives the time
        since back to the step it left.
        """
        place = self._log.last_standing()
        if place is None:
            raise NotNow(_("Nothing to undo."))
        event = self.events[place]
        before = self._share_number()
        self._record("undo", place)
        after = self._share_number()
        kind = event.kind
        if kind == "goto":
            moved_to = int(_number(event.value))
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

    @property
    def can_undo(self) -> bool:
        """Some change stands that `undo` can take back."""
        return self._log.last_standing() is not None

    def _share_number(self) -> int | None:
        return None if self.share is None else self.share.number

    # ------------------------------------------------------------------ events

    def _record(self, kind: EventKind, value: int | float | str | None = None) -> None:
        event = Event(kind, self.clock(), value)
        if self.recorder is not None:
            self.recorder(event)  # persisted before it takes effect
        self.apply(event)

    def apply(self, event: Event) -> None:
        """Apply one event: the only place the meeting's state changes."""
        if event.kind == "undo":
            place = int(_number(event.value))
            latest = place == self._log.last_standing()
            taken = self._log.take_back(event, place)
            if taken is not None:
                self._without(taken, place, latest)
            return
        self._change(event, len(self.events))
        self._log.add(event)
        if event.kind == "share_adjust" and self.share is not None:
            # Time left again: the next crossing sounds again (and the warning, if the
            # share is out of it).
            left = self.share.allotted - self.share.elapsed(event.at)
            self._cues.time_added(left, self.agenda.warning_seconds(self.share.step))

    def restore(self, events: Sequence[Event]) -> None:
        """Apply a whole log to a meeting that has none yet (a resumed meeting, a report): as
        applying each event in turn would leave it, in one pass, without a rebuild per undo."""
        if self.events:
            raise ValueError("restore() takes a whole log, on a meeting that has none yet")
        for event in events:
            if event.kind == "undo":
                _number(event.value)  # a log whose undo names no place is refused, as by apply
        self._log.restore(events)
        self._rebuild()

    def _without(self, taken: Event, place: int, latest: bool) -> None:
        """The meeting as if the change `taken`, at `place` in the log, had never been made
        (`latest`: it was the last change standing, as it is for `undo`)."""
        before = self._before.pop(place, None)
        if not latest:  # a stray undo in a damaged log: what came after may rest on it
            self._rebuild()
        elif taken.kind == "tally":  # a count stands alone
            self._untally(taken)
        elif before is not None:  # every change after it is undone: as it found the meeting
            self._put_back(before)
        else:
            self._rebuild()

    def _rebuild(self) -> None:
        """The meeting from the changes standing, as it was before the first."""
        self._start_over()
        for place, change in self._log.standing():
            self._change(change, place)

    def _change(self, event: Event, place: int) -> None:
        """Apply the change `event`, at `place` in the log (keeping what undo puts back)."""
        change = CHANGES.get(event.kind)
        if change is None:  # a kind this version does not know changes nothing
            return
        if event.kind != "tally":
            self._before[place] = self._found()
        change(self, event)

    def _found(self) -> _Before:
        """The meeting as it is now, as far as a change may alter it."""
        current = self.current
        return _Before(
            status=self.status,
            current=current,
            started_at=self.started_at,
            ended_at=self.ended_at,
            waiting=self.waiting,
            tallies=self.tallies,
            share=self.share,
            entered_at=self._entered_at,
            shares=len(self._shares),
            ran=len(self._ran),
            used=self._step_used[current],
            used_first=self._step_used[0],
            share_length=self._share_length.get(current),
        )

    def _put_back(self, before: _Before) -> None:
        """The meeting as the change that found it `before` found it."""
        self.status = before.status
        self.current = before.current
        self.started_at = before.started_at
        self.ended_at = before.ended_at
        self.waiting = before.waiting
        self.tallies = before.tallies
        self.share = before.share
        self._entered_at = before.entered_at
        self._shares.back_to(before.shares)
        while len(self._ran) > before.ran:
            self._ran.popitem()  # the last added first
        self._step_used[0] = before.used_first
        self._step_used[before.current] = before.used
        if before.share_length is None:
            self._share_length.pop(before.current, None)
        else:
            self._share_length[before.current] = before.share_length

    # One method per kind of event: what it changes.

    def _started(self, event: Event) -> None:
        self.status = Status.RUNNING
        self.started_at = event.at
        self._entered_at = event.at
        self._ran[self.current] = None

    def _moved(self, event: Event) -> None:
        self._finish_share(event.at)
        self._leave_step(event.at)
        self.current = int(_number(event.value))
        self._entered_at = event.at
        if self.status is Status.RUNNING:
            self._ran[self.current] = None

    def _share_started(self, event: Event) -> None:
        self.share = _Share(
            step=self.current,
            number=self._shares.count(self.current) + 1,
            allotted=self.next_share_seconds(),
            running_since=event.at,
        )
        self.waiting = max(0, self.waiting - 1)

    def _share_paused(self, event: Event) -> None:
        share = self.share
        if share is not None:
            self.share = replace(share, accumulated=share.elapsed(event.at), running_since=None)

    def _share_resumed(self, event: Event) -> None:
        if self.share is not None:
            self.share = replace(self.share, running_since=event.at)

    def _share_ended(self, event: Event) -> None:
        self._finish_share(event.at)

    def _share_adjusted(self, event: Event) -> None:
        share = self.share
        if share is not None:
            allotted = max(float(MIN_SHARE_SECONDS), share.allotted + _number(event.value))
            added = share.added + (allotted - share.allotted)
            self.share = replace(share, allotted=allotted, added=added)

    def _share_length_set(self, event: Event) -> None:
        self._share_length[self.current] = _number(event.value)

    def _waiting_set(self, event: Event) -> None:
        self.waiting = int(_number(event.value))

    def _corrected(self, event: Event) -> None:
        # Set by hand after the meeting; a category the agenda does not count is ignored.
        corrected = CountCorrection.read(event.value)
        if corrected is not None and corrected.category in self.tallies:
            self.tallies = {**self.tallies, corrected.category: corrected.after}

    def _tallied(self, event: Event) -> None:
        category_id = str(event.value)
        self.tallies = {**self.tallies, category_id: self.tallies.get(category_id, 0) + 1}

    def _untally(self, event: Event) -> None:
        # The undo of a tally (`undo_tally`, as logs before `undo` have it, or an undo).
        category_id = str(event.value)
        self.tallies = {**self.tallies, category_id: max(0, self.tallies.get(category_id, 0) - 1)}

    def _ended(self, event: Event) -> None:
        self._finish_share(event.at)
        if self.status is Status.RUNNING:
            self._leave_step(event.at)
        self.status = Status.ENDED
        self.ended_at = event.at

    def _start_moved(self, event: Event) -> None:
        at = event.at
        start = at - _number(event.value)
        if self.started_at is None:
            self.status = Status.RUNNING
            self.started_at = self._entered_at = start
            self._ran[self.current] = None
            return
        # Before `s`, the meeting was on its first step: that step gets the time moved.
        first = self._step_used[0]
        if self.current == 0 and self._entered_at is not None:
            first += at - self._entered_at
        moved = max(self.started_at - start, -first)
        self.started_at -= moved
        self._step_used[0] += moved

    def _finish_share(self, at: float) -> None:
        share = self.share
        if share is None:
            return
        self._shares.add(CompletedShare(share.step, share.elapsed(at), share.added))
        self.share = None

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
        return self.plan.steps[index]

    def step_remaining(self) -> float:
        """Planned seconds left in the current step (negative when over)."""
        return self.step_planned(self.current) - self.step_used(self.current)

    def step_urgency(self) -> Urgency:
        """How the step's time stands, as its timer shows it: OK unless the meeting runs; on
        a one-on-one's sharing step, its time box's; else near the step's planned end."""
        if self.status is not Status.RUNNING:
            return Urgency.OK
        box = self.time_box()
        if box is not None:
            return box.urgency
        planned = self.step_planned(self.current)
        warning = min(STEP_WARNING_SECONDS, planned * STEP_WARNING_SHARE)
        return Urgency.of(self.step_remaining(), warning)

    def next_share_seconds(self) -> float:
        """The length the next share in the current step will get."""
        if self.current in self._share_length:
            return self._share_length[self.current]
        return self.agenda.share_seconds(self.current)

    def suggested_share_seconds(self, waiting: int | None = None) -> float | None:
        """A share length that fits the people waiting into the step's time left.

        In 30-second steps, from one minute to twice the step's share length, and never
        more than the time left in the step; None when nobody is waiting, the current step
        is not a sharing step, or it has less than 30 seconds left. `waiting`: how many wait
        (the share queue's count); None: the count kept here (`set_waiting`).
        """
        waiting = self.waiting if waiting is None else waiting
        if waiting <= 0 or self.agenda.steps[self.current].kind != "sharing":
            return None
        left = self.step_remaining()
        share = self.share_view()
        if share is not None:
            left -= max(0.0, share.remaining)
        step = SUGGESTION_STEP_SECONDS
        most = min(2 * self.agenda.share_seconds(self.current), math.floor(left / step) * step)
        if most < step:
            return None
        per_person = math.floor(left / waiting / step) * step
        return float(min(max(MIN_SUGGESTED_SECONDS, per_person), most))

    def share_view(self) -> ShareView | None:
        """The share under way, or None."""
        share = self.share
        if share is None:
            return None
        elapsed = share.elapsed(self.now())
        remaining = share.allotted - elapsed
        urgency = Urgency.of(remaining, self.agenda.warning_seconds(share.step))
        state = ShareState.RUNNING if share.running_since is not None else ShareState.PAUSED
        return ShareView(
            share.number, state, share.allotted, elapsed, remaining, urgency, share.added
        )

    def shares_in_step(self, index: int) -> Sequence[CompletedShare]:
        """Completed shares of step `index`, in order."""
        return self._shares.in_step(index)

    def share_count(self, index: int) -> int:
        """How many shares of step `index` have ended."""
        return self._shares.count(index)

    def average_share_seconds(self, index: int) -> float | None:
        """Average length of the completed shares of step `index` (their exact mean)."""
        return self._shares.average(index)

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

    # ------------------------------------------------------------------ against the plan

    def variance(self) -> float:
        """Seconds behind schedule (positive) or ahead of it (negative): when the meeting
        would end if the steps left run to plan, against when its plan ends."""
        if self.started_at is None:
            return 0.0
        return self.plan.variance(
            self.elapsed(), self.current, self.step_remaining(), self._start_offset()
        )

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
        return self.plan.total

    def spare_seconds(self) -> float:
        """The meeting's planned minutes beyond its steps' (none when the steps fill it)."""
        return self.plan.spare()

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
        left = self.plan.left(self.current, self.step_remaining())
        return wall_now + timedelta(seconds=left)

    # ------------------------------------------------------------------ what counts down

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
        return time_box_view(
            self.step_planned(index), self.step_used(index), self.agenda.warning_seconds(index)
        )

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

    # ------------------------------------------------------------------ sounds

    def take_cue(self) -> Cue | None:
        """The sound due now for the share under way, each once: its warning, its time-up,
        then, when the agenda asks, a reminder every `overtime_reminder_seconds` over."""
        every = self.agenda.sharing.overtime_reminder_seconds
        return self._cues.take(self.timer_key(), self.timer_view(), every)

    def take_time_up(self) -> bool:
        """True once when the share under way reaches zero (a warning due is taken too)."""
        return self.take_cue() == "time"

    def hush(self) -> None:
        """Take every sound due now, unheard: a resumed meeting does not sound again what
        it sounded before it stopped."""
        while self.take_cue() is not None:
            pass


CHANGES: dict[EventKind, Callable[[Meeting, Event], None]] = {
    "start": Meeting._started,
    "goto": Meeting._moved,
    "share_start": Meeting._share_started,
    "share_pause": Meeting._share_paused,
    "share_resume": Meeting._share_resumed,
    "share_end": Meeting._share_ended,
    "share_adjust": Meeting._share_adjusted,
    "share_length": Meeting._share_length_set,
    "waiting": Meeting._waiting_set,
    "tally": Meeting._tallied,
    "undo_tally": Meeting._untally,
    "end": Meeting._ended,
    "start_moved": Meeting._start_moved,
    "correction": Meeting._corrected,
}
"""What each kind of event changes; an `undo` is the log's (see `Meeting.apply`)."""


def _number(value: int | float | str | None) -> float:
    if isinstance(value, int | float):
        return float(value)
    raise ValueError(f"event value must be a number, got {value!r}")
