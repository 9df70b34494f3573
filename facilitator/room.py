"""What the room page shows, as plain JSON: the step, the share, the schedule, the closing.

Pure Python (no Textual), read from the engine at one moment. Other tools read this shape, so
its keys and types are a contract (see `room_state`). Nothing here is about a person: no
tallies, no scripts, no waiting count, only what the whole room may see on a wall.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .engine import Meeting, Status
from .words import clock_time


def room_state(meeting: Meeting, wall_now: datetime) -> dict[str, Any]:
    """The meeting as the room page shows it, ready for `json.dumps`.

    The shape, every key always present::

        {"meeting": str, "status": "ready" | "running" | "ended",
         "step": {"number": int, "of": int, "title": str, "kind": str},
         "share": None | {"number": int, "state": "running" | "paused",
                          "remaining_seconds": float, "allotted_seconds": float,
                          "urgency": "ok" | "warning" | "time"},
         "step_remaining_seconds": float,
         "ahead_seconds": float,            # negative when behind
         "projected_end": "HH:MM",          # local time
         "closing": None | {"reminder": str,
                            "resources": [{"name": str, "contact": str, "note": str}]}}

    Args:
        meeting: the meeting, read at its clock's now.
        wall_now: the local time now, for the projected end.
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
        "step": {
            "number": meeting.current + 1,
            "of": len(agenda.steps),
            "title": step.title,
            "kind": step.kind,
        },
        "share": shown_share,
        "step_remaining_seconds": float(meeting.step_remaining()),
        # The engine counts seconds behind; the page counts seconds ahead (0.0, never -0.0).
        "ahead_seconds": 0.0 - meeting.variance(),
        "projected_end": clock_time(meeting.projected_end(wall_now)),
        "closing": closing,
    }
