"""The meeting screen's keys, each with its line of help (the help screen is built from them)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ...words.i18n import N_
from ..keys import HelpBinding, explained

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
    bindings = [Binding("1", "tally(0)", N_("Tally"), key_display="1-9")]
    bindings += [Binding(str(n), f"tally({n - 1})", f"Tally {n}", show=False) for n in range(2, 10)]
    return explained(N_("add one to attendance category 1-9 (counts only, no names)"), *bindings)


MEETING_BINDINGS: list[BindingType] = [
    HelpBinding("s", "start", N_("Start"), help=N_("start the meeting clock")),
    HelpBinding(
        "space",
        f"toggle_share('{ON_SHARING_STEPS}')",
        N_("Share"),
        help=N_("start the next share, or pause / resume the one running"),
    ),
    HelpBinding(
        "enter", f"end_share('{WHILE_SHARING}')", N_("End share"), help=N_("end the current share")
    ),
    *explained(
        N_("next / previous step (the last n asks before it ends the meeting)"),
        Binding("n", f"next_step('{UNTIL_ENDED}')", N_("Next")),
        Binding("p", "previous_step", N_("Prev"), show=False),
    ),
    *explained(
        N_("add / remove 30 seconds on the current share"),
        Binding("plus,equals_sign", "adjust(1)", N_("+30s"), key_display="+", show=False),
        Binding("minus", "adjust(-1)", N_("-30s"), key_display="-", show=False),
    ),
    *_tally_bindings(),
    HelpBinding(
        "u",
        "undo",
        N_("Undo"),
        show=False,
        help=N_("undo the last change: a tally, a share, a step, the end (again to undo more)"),
    ),
    *explained(
        N_("one more / one fewer person waiting to share"),
        Binding("w", "waiting(1)", N_("Waiting +1"), show=False),
        Binding("W", "waiting(-1)", N_("Waiting -1"), show=False),
    ),
    HelpBinding(
        "a",
        "apply_suggestion",
        N_("Apply suggestion"),
        show=False,
        help=N_("apply the suggested share length to the next shares"),
    ),
    HelpBinding(
        "r", "resources", N_("Resources"), help=N_("closing reminder and resources (Escape closes)")
    ),
    HelpBinding(
        "b",
        "big",
        N_("Room"),
        help=N_("the room view: the time, large, for everyone (Escape closes)"),
    ),
    HelpBinding(
        "t",
        f"sound_check('{UNTIL_STARTED}')",
        N_("Sound check"),
        help=N_("sound check: play the time-up tones now, to set the volume"),
    ),
    # Each key the footer shows only before or after the start works at any time: from
    # off the footer, each of these does the same, or says why not now.
    Binding("space", "toggle_share", N_("Share"), show=False),
    Binding("enter", "end_share", N_("End share"), show=False),
    Binding("t", "sound_check", N_("Sound check"), show=False),
    HelpBinding(
        "v",
        "room_page",
        N_("Room page"),
        show=False,
        help=N_("the room page: the time, live in a browser (v again stops it)"),
    ),
    Binding("escape", "close_room", N_("Close the room view"), show=False),
    HelpBinding(
        "e",
        "end_meeting",
        N_("End meeting"),
        show=False,
        help=N_("end the meeting now (asks first)"),
    ),
    HelpBinding("question_mark", "help", N_("Help"), key_display="?", help=N_("this help")),
    HelpBinding(
        "q", "leave", N_("Leave"), help=N_("leave (asks first while the meeting runs; y confirms)")
    ),
]
