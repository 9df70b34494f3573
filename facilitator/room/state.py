"""What the room page shows, as plain JSON: the step, the share, the schedule, the closing.

Pure Python (no Textual), read from the engine at one moment. Other tools read this shape, so
its keys and types are a contract (see `room_state`). Nothing here is about a person: no
tallies, no scripts, no tickets (the queue is counts by lane), only what the whole room may
see on a wall. The co-host's page alone is sent the queue by ticket (`cohost_state`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..meeting.engine import Meeting
from ..meeting.floor import Floor
from ..meeting.share_queue import LANES, Lane
from ..meeting.states import Status, Urgency
from ..words import meeting as words
from ..words import room as room_words


@dataclass(frozen=True)
class RoomViewState:
    """What the room view (`b`) shows."""

    digits: str
    state: str
    title: str
    schedule: str
    urgency: Urgency
    over: bool = False
    flash: bool = False
    """In the bright half of a time-up flash (only when the agenda asks for it)."""
    step_time: bool = False
    """The digits are the step's time, not a share's (or the time of day before the start):
    drawn smaller, so nobody takes them for a share's."""
    message: str = ""
    """The message to the room, above everything (empty: none)."""
    waiting: str = ""
    """How many wait to share, by lane, never who (empty: nobody)."""


def room_view_state(
    meeting: Meeting, bright: bool = False, floor: Floor | None = None
) -> RoomViewState:
    """The room view of `meeting` now, with the message and the queue of its `floor`;
    `bright`: the moment is in a flash's bright half."""
    view = _clock_view(meeting, bright)
    if floor is None:
        return view
    counts = waiting_by_lane(floor)
    waiting = ""
    if meeting.status is not Status.ENDED and (counts["room"] or counts["online"]):
        waiting = words.waiting_words(counts["room"], counts["online"])
    if floor.message is None and not waiting:
        return view
    return replace(view, message=floor.message or "", waiting=waiting)


def _clock_view(meeting: Meeting, bright: bool) -> RoomViewState:
    agenda = meeting.agenda
    if meeting.status is Status.READY:
        # Not the plan's length, which would read as a timer running: the time of day, and
        # when the meeting starts.
        wall_now = meeting.wall()
        scheduled = meeting.scheduled_start()
        starts, until = "", 0.0
        if scheduled is not None:
            starts = words.clock_time(scheduled)
            until = (scheduled - wall_now).total_seconds()
        return RoomViewState(
            room_words.room_clock(wall_now),
            room_words.big_ready(starts, until),
            agenda.meeting.name,
            "",
            Urgency.OK,
            step_time=True,
        )
    if meeting.status is Status.ENDED:
        elapsed = words.format_duration(meeting.elapsed())
        return RoomViewState(elapsed, room_words.big_ended(), agenda.meeting.name, "", Urgency.OK)
    end = words.clock_time(meeting.projected_end())
    schedule = room_words.room_schedule_words(meeting.variance(), end)
    title = agenda.steps[meeting.current].title
    share = meeting.timer_view()  # the share under way, or a one-on-one's time box
    if share is not None:
        if share.is_time_box:
            shown = room_words.room_time_box_words(meeting.current + 1, share)
        else:
            shown = room_words.room_share_words(share)
        return RoomViewState(
            room_words.room_share_digits(share.remaining),
            shown,
            title,
            schedule,
            share.urgency,
            over=room_words.held_over(share.remaining),
            flash=bright and agenda.sharing.flash and share.urgency is Urgency.TIME,
        )
    remaining = meeting.step_remaining()
    between_shares = agenda.steps[meeting.current].kind == "sharing"
    return RoomViewState(
        room_words.room_digits(remaining),
        room_words.room_step_words(meeting.current + 1, remaining, between_shares),
        title,
        schedule,
        meeting.step_urgency(),
        over=remaining <= -1,
        step_time=True,
    )


DEFAULT_PORT = 8765


@dataclass(frozen=True)
class RoomPageOptions:
    """How the room page is served: from the start (`--share`) or when `v` asks."""

    start: bool = False
    """Serve it as soon as a meeting shows (`--share`)."""
    everyone: bool = False
    """Listen on every network the laptop is on (`--lan`), not only on the laptop itself."""
    port: int = DEFAULT_PORT
    """The port to try first (`--port`); the next free one after it if it is taken."""

    @property
    def host(self) -> str:
        return "0.0.0.0" if self.everyone else "127.0.0.1"


def room_state(meeting: Meeting, wall_now: datetime, floor: Floor | None = None) -> dict[str, Any]:
    """The meeting as the room page shows it, ready for `json.dumps`.

    The shape, every key always present::

        {"meeting": str, "status": "ready" | "running" | "ended",
         "starts_at": None | "HH:MM",       # the scheduled start, local time (24 hours)
         "step": {"number": int, "of": int, "title": str, "kind": str},
         "share": None | {"number": int, "state": "running" | "paused",
                          "remaining_seconds": float, "allotted_seconds": float,
                          "urgency": "ok" | "warning" | "time"},
         "time_box": None | {"remaining_seconds": float, "allotted_seconds": float,
                             "urgency": "ok" | "warning" | "time"},
         "step_remaining_seconds": float,
         "ahead_seconds": float,            # negative when behind
         "projected_end": "HH:MM",          # local time
         "closing": None | {"reminder": str,
                            "resources": [{"name": str, "contact": str, "note": str}]},
         "queue": {"room": int, "online": int},   # how many wait to share, never who
         "message": None | str}                   # the message to the room

    A one-on-one has no shares (`share` is None): on a sharing step of a running one,
    `time_box` is the step timed as a whole, with the agenda's share warning. It is None
    otherwise, and always in a group.

    Args:
        meeting: the meeting, read at its clock's now.
        wall_now: the local time now, for the projected end.
        floor: the meeting's share queue and message to the room (None: neither).
    """
    agenda = meeting.agenda
    step = agenda.steps[meeting.current]
    share = meeting.share_view()
    shown_share = None
    if share is not None:
        shown_share = {
            "number": share.number,
            "state": share.state.value,
            "remaining_seconds": float(share.remaining),
            "allotted_seconds": float(share.allotted),
            "urgency": share.urgency.value,
        }
    box = meeting.time_box()
    time_box = None
    if box is not None:
        time_box = {
            "remaining_seconds": float(box.remaining),
            "allotted_seconds": float(box.allotted),
            "urgency": box.urgency.value,
        }
    closing = None
    if meeting.status is Status.ENDED or step.kind == "closing":
        closing = {
            "reminder": agenda.closing.reminder,
            "resources": [
                {"name": resource.name, "contact": resource.contact, "note": resource.note}
                for resource in agenda.closing.resources
            ],
        }
    return {
        "meeting": agenda.meeting.name,
        "status": meeting.status.value,
        "starts_at": agenda.meeting.start,
        "step": {
            "number": meeting.current + 1,
            "of": len(agenda.steps),
            "title": step.title,
            "kind": step.kind,
        },
        "share": shown_share,
        "time_box": time_box,
        "step_remaining_seconds": float(meeting.step_remaining()),
        # The engine counts seconds behind; the page counts seconds ahead (0.0, never -0.0).
        "ahead_seconds": 0.0 - meeting.variance(),
        "projected_end": words.clock_time(meeting.projected_end(wall_now)),
        "closing": closing,
        "queue": waiting_by_lane(floor),
        "message": None if floor is None else floor.message,
    }


def waiting_by_lane(floor: Floor | None) -> dict[Lane, int]:
    """How many wait to share in each lane (`Floor.waiting_by_lane`; none without a floor)."""
    return dict.fromkeys(LANES, 0) if floor is None else floor.waiting_by_lane()


def cohost_state(state: dict[str, Any], floor: Floor | None) -> dict[str, Any]:
    """What the co-host's page shows: the room's `state` (`room_state`), and the queue by
    ticket, which only the co-host sees::

        {...room_state..., "tickets": [{"ticket": str, "lane": "room" | "online"}],  # in order
         "called": None | str}              # the ticket called whose share has not begun

    Args:
        state: the room's state now, as `room_state` gives it.
        floor: the meeting's share queue (None: no meeting, nobody waits).
    """
    tickets: list[dict[str, str]] = []
    called = None
    if floor is not None:
        tickets = [{"ticket": t.name, "lane": t.lane} for t in floor.queue.waiting()]
        called = None if floor.called is None else floor.called.name
    return {**state, "tickets": tickets, "called": called}


def room_changes(state: dict[str, Any]) -> tuple[object, ...]:
    """What in `state` a viewer must be sent at once when it changes.

    Everything but the seconds a page counts down by itself (the share's and the step's
    time left, and the time ahead, which it is sent every few seconds): a step, a share
    starting, pausing or given more time, the warning (a time box's too), the end, a new
    projected end, the queue's counts, the message to the room.
    """
    share = state["share"]
    box = state["time_box"]
    return (
        state["meeting"],
        state["status"],
        state["starts_at"],
        tuple(state["step"].values()),
        None
        if share is None
        else (share["number"], share["state"], share["allotted_seconds"], share["urgency"]),
        None if box is None else (box["allotted_seconds"], box["urgency"]),
        # Whole minutes, as the page says it: "on time", "2:00 behind".
        int(state["ahead_seconds"] // 60),
        state["projected_end"],
        state["closing"] is not None,
        tuple(state["queue"].values()),
        state["message"],
    )
