"""The room's words: what the room view (`b`) and the room page say, in the same words.

The room page is sent `ROOM_WORDS` and builds the same phrases from it as these functions do.
"""

from __future__ import annotations

from .agenda import one_line
from .states import ShareState, ShareView, Urgency
from .words import format_countdown, format_duration

ROOM_WORDS = {
    "share": "SHARE {number}",
    "step": "STEP {number}",
    "left": "{time} LEFT",
    "over": "{time} OVER",
    "warning": "WARNING",
    "time": "TIME",
    "paused": "PAUSED",
    "ready": "READY",
    "ended": "ENDED",
    "on_time": "on time",
    "behind": "{time} behind",
    "ahead": "{time} ahead",
    "ends": "ends {time}",
    "separator": " · ",
    "step_of": "Step {number} of {count}",
    "connection_lost": "Connection lost · trying again",
    "sound_on": "Sound on",
    "sound_off": "Sound off",
    "resources": "Resources",
}
"""The room's words, shared by the room view and the room page (which is sent them, so
the two never disagree). `{time}` is a countdown as `format_countdown` writes it."""

_SEPARATOR = ROOM_WORDS["separator"]
BIG_READY = f"{ROOM_WORDS['ready']}{_SEPARATOR}s starts"
BIG_ENDED = ROOM_WORDS["ended"]


def room_digits(remaining: float) -> str:
    """The room view's clock: the countdown, `0:00` at time, `+0:15` once over by a second."""
    return "0:00" if -1 < remaining <= 0 else format_countdown(remaining)


def _left_or_over(remaining: float) -> str:
    key = "over" if remaining <= 0 else "left"
    return ROOM_WORDS[key].format(time=format_countdown(remaining))


def room_share_words(share: ShareView) -> str:
    """The room view's state for a share: `SHARE 3 · 0:30 LEFT`, `SHARE 3 · WARNING · 0:30
    LEFT`, `SHARE 3 · TIME`, `SHARE 3 · +0:15 OVER`, `SHARE 3 · PAUSED · 0:30 LEFT`."""
    return _counting_words(ROOM_WORDS["share"].format(number=share.number), share)


def room_time_box_words(number: int, box: ShareView) -> str:
    """The room view's state for a one-on-one's sharing step `number`, timed as a whole, as
    a share's: `STEP 2 · 3:00 LEFT`, `STEP 2 · WARNING · 0:30 LEFT`, `STEP 2 · TIME`."""
    return _counting_words(ROOM_WORDS["step"].format(number=number), box)


def _counting_words(name: str, share: ShareView) -> str:
    parts = [name]
    if share.state is ShareState.PAUSED:
        parts.append(ROOM_WORDS["paused"])
    if share.remaining <= 0 and share.overtime < 1:
        parts.append(ROOM_WORDS["time"])
    else:
        if share.urgency is Urgency.WARNING:
            parts.append(ROOM_WORDS["warning"])
        parts.append(_left_or_over(share.remaining))
    return _SEPARATOR.join(parts)


def room_step_words(number: int, remaining: float) -> str:
    """The room view's state for a step with no share under way: `STEP 2 · 3:00 LEFT`."""
    return _SEPARATOR.join([ROOM_WORDS["step"].format(number=number), _left_or_over(remaining)])


def room_schedule_words(variance: float, projected_end: str) -> str:
    """The room view's schedule line: `2 min behind · ends 20:05`."""
    if abs(variance) < 60:
        where = ROOM_WORDS["on_time"]
    else:
        key = "behind" if variance > 0 else "ahead"
        where = ROOM_WORDS[key].format(time=format_duration(abs(variance)))
    return _SEPARATOR.join([where, ROOM_WORDS["ends"].format(time=projected_end)])


def room_page_words(address: str, everyone: bool) -> str:
    """The line that says where the room page is: `Room page: http://… · v stops it`."""
    where = "open to this network" if everyone else "this laptop only"
    return f"Room page: {address} · {where} · v stops it"


ROOM_PAGE_OPEN = (
    "The room page is open to this network: anyone on it with the address can see the time."
)
ROOM_PAGE_STOPPED = "The room page is stopped; its address no longer works."


def room_page_problem(error: OSError) -> str:
    """Why the room page could not start, in one line."""
    return one_line(f"The room page could not start: {error.strerror or error}")
