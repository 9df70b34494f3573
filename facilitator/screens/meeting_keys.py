"""The meeting screen's keys, each with its line of help (the help screen is built from them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from .keys import HelpBinding, explained

UNTIL_STARTED = "until-started"
"""A binding's parameter: the footer shows it only until the meeting starts."""
ON_SHARING_STEPS = "on-sharing-steps"
"""A binding's parameter: the footer shows it only on a sharing step of a running meeting."""
WHILE_SHARING = "while-sharing"
"""A binding's parameter: the footer shows it only while a share is under way."""
UNTIL_ENDED = "until-ended"
"""A binding's parameter: the footer shows it only until the meeting ends."""
GROUP_ONLY = frozenset({"toggle_share", "end_share", "adjust", "waiting", "apply_suggestion"})
"""The actions of a group's shares and queue: a one-on-one has neither (it times the step)."""


def _tally_bindings() -> list[HelpBinding]:
    bindings = [Binding("1", "tally(0)", "Tally", key_display="1-9")]
    bindings += [Binding(str(n), f"tally({n - 1})", f"Tally {n}", show=False) for n in range(2, 10)]
    return explained("add one to attendance category 1-9 (counts only, no names)", *bindings)


MEETING_BINDINGS: list[BindingType] = [
    HelpBinding("s", "start", "Start", help="start the meeting clock"),
    HelpBinding(
        "space",
        f"toggle_share('{ON_SHARING_STEPS}')",
        "Share",
        help="start the next share, or pause / resume the one running",
    ),
    HelpBinding(
        "enter", f"end_share('{WHILE_SHARING}')", "End share", help="end the current share"
    ),
    *explained(
        "next / previous step (the last n asks before it ends the meeting)",
        Binding("n", f"next_step('{UNTIL_ENDED}')", "Next"),
        Binding("p", "previous_step", "Prev", show=False),
    ),
    *explained(
        "add / remove 30 seconds on the current share",
        Binding("plus,equals_sign", "adjust(1)", "+30s", key_display="+", show=False),
        Binding("minus", "adjust(-1)", "-30s", key_display="-", show=False),
    ),
    *_tally_bindings(),
    HelpBinding(
        "u",
        "undo",
        "Undo",
        show=False,
        help="undo the last change: a tally, a share, a step, the end (again to undo more)",
    ),
    *explained(
        "one more / one fewer person waiting to share",
        Binding("w", "waiting(1)", "Waiting +1", show=False),
        Binding("W", "waiting(-1)", "Waiting -1", show=False),
    ),
    HelpBinding(
        "a",
        "apply_suggestion",
        "Apply suggestion",
        show=False,
        help="apply the suggested share length to the next shares",
    ),
    HelpBinding(
        "r", "resources", "Resources", help="closing reminder and resources (Escape closes)"
    ),
    HelpBinding(
        "b", "big", "Room", help="the room view: the time, large, for everyone (Escape closes)"
    ),
    HelpBinding(
        "t",
        f"sound_check('{UNTIL_STARTED}')",
        "Sound check",
        help="sound check: play the time-up tones now, to set the volume",
    ),
    # Each key the footer shows only before or after the start works at any time: from
    # off the footer, each of these does the same, or says why not now.
    Binding("space", "toggle_share", "Share", show=False),
    Binding("enter", "end_share", "End share", show=False),
    Binding("t", "sound_check", "Sound check", show=False),
    HelpBinding(
        "v",
        "room_page",
        "Room page",
        show=False,
        help="the room page: the time, live in a browser (v again stops it)",
    ),
    Binding("escape", "close_room", "Close the room view", show=False),
    HelpBinding(
        "e", "end_meeting", "End meeting", show=False, help="end the meeting now (asks first)"
    ),
    HelpBinding("question_mark", "help", "Help", key_display="?", help="this help"),
    HelpBinding(
        "q", "leave", "Leave", help="leave (asks first while the meeting runs; y confirms)"
    ),
]
