"""The meeting screen's commands, each declared once: its key, its words in the footer, its
line of help, its entry in the palette, and when it applies; and the palette's list of them,
with a jump to each step."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from ...agenda import Agenda
from ...words.i18n import N_, _
from ...words.meeting import kind_words
from ..commands import Command, CommandList, Commands, PaletteEntry

UNTIL_STARTED = "until-started"
"""A condition: the meeting has not started yet."""
ON_SHARING_STEPS = "on-sharing-steps"
"""A condition: a group's meeting runs, on a sharing step."""
WHILE_SHARING = "while-sharing"
"""A condition: a share is under way."""
UNTIL_ENDED = "until-ended"
"""A condition: the meeting has not ended yet."""
GROUP = "group"
"""A condition: the meeting is a group's, with shares and a queue (a one-on-one has neither:
it times the step)."""


def _tally_commands() -> list[Command]:
    line = N_("add one to attendance category 1-9 (counts only, no names)")
    first = Command("tally(0)", "1", N_("Tally"), key_display="1-9", help=line)
    others = [
        Command(f"tally({n - 1})", str(n), f"Tally {n}", shown=False, help=line)
        for n in range(2, 10)
    ]
    return [first, *others]


MEETING_COMMANDS = Commands(
    Command(
        "start",
        "s",
        N_("Start"),
        help=N_("start the meeting clock"),
        when=UNTIL_STARTED,
        only_then=True,
    ),
    Command(
        "toggle_share",
        "space",
        N_("Share"),
        help=N_("start the next share, or pause / resume the one running"),
        when=ON_SHARING_STEPS,
        help_when=GROUP,
    ),
    Command(
        "end_share",
        "enter",
        N_("End share"),
        help=N_("end the current share"),
        when=WHILE_SHARING,
        help_when=GROUP,
    ),
    Command(
        "next_step",
        "n",
        N_("Next"),
        help=N_("next / previous step (the last n asks before it ends the meeting)"),
        when=UNTIL_ENDED,
    ),
    Command(
        "previous_step",
        "p",
        N_("Prev"),
        shown=False,
        help=N_("next / previous step (the last n asks before it ends the meeting)"),
    ),
    Command(
        "adjust(1)",
        "plus,equals_sign",
        N_("+30s"),
        key_display="+",
        shown=False,
        help=N_("add / remove 30 seconds on the current share"),
        help_when=GROUP,
    ),
    Command(
        "adjust(-1)",
        "minus",
        N_("-30s"),
        key_display="-",
        shown=False,
        help=N_("add / remove 30 seconds on the current share"),
        help_when=GROUP,
    ),
    *_tally_commands(),
    Command(
        "undo",
        "u",
        N_("Undo"),
        shown=False,
        help=N_("undo the last change: a tally, a share, a step, the end (again to undo more)"),
    ),
    Command(
        "waiting(1)",
        "w",
        N_("Hand +1"),
        shown=False,
        help=N_("a hand raised in the room joins the share queue / the last one added leaves"),
        help_when=GROUP,
    ),
    Command(
        "waiting(-1)",
        "W",
        N_("Hand -1"),
        shown=False,
        help=N_("a hand raised in the room joins the share queue / the last one added leaves"),
        help_when=GROUP,
    ),
    Command(
        "message",
        "m",
        N_("Message"),
        shown=False,
        help=N_("a message to the room, shown large on the room view and page (empty clears)"),
        palette=N_("Message to the room"),
        palette_help=N_("Shown large until cleared"),
    ),
    Command(
        "apply_suggestion",
        "a",
        N_("Apply suggestion"),
        shown=False,
        help=N_("apply the suggested share length to the next shares"),
        help_when=GROUP,
    ),
    Command(
        "resources",
        "r",
        N_("Resources"),
        help=N_("closing reminder and resources (Escape closes)"),
        palette=N_("Show resources"),
        palette_help=N_("Reminder and helplines"),
    ),
    Command(
        "big",
        "b",
        N_("Room"),
        help=N_("the room view: the time, large, for everyone (Escape closes)"),
        palette=N_("Room view"),
        palette_help=N_("The time, as large as the window allows"),
    ),
    Command(
        "sound_check",
        "t",
        N_("Sound check"),
        help=N_("sound check: play the time-up tones now, to set the volume"),
        palette=N_("Sound check"),
        palette_help=N_("Play the time-up tones now"),
        when=UNTIL_STARTED,
    ),
    Command(
        "room_page",
        "v",
        N_("Room page"),
        shown=False,
        help=N_("the room page: the time, live in a browser (v again stops it)"),
    ),
    Command(
        "cohost_code",
        palette=N_("Co-host's address and QR code"),
        palette_help=N_("For a co-facilitator's phone, while the room page is served"),
    ),
    Command("close_room", "escape", N_("Close the room view"), shown=False),
    Command(
        "started_ago",
        palette=N_("The meeting started N minutes ago"),
        palette_help=N_("Counts from then: for a forgotten s"),
    ),
    Command(
        "end_meeting",
        "e",
        N_("End meeting"),
        shown=False,
        help=N_("end the meeting now (asks first)"),
        palette=N_("End meeting"),
        palette_help=N_("Asks first"),
    ),
    Command("help", "question_mark", N_("Help"), key_display="?", help=N_("this help")),
    Command(
        "leave",
        "q",
        N_("Leave"),
        # Translators: {yes} is the key that answers yes.
        help=N_("leave (asks first while the meeting runs; {yes} confirms)"),
    ),
)
"""The meeting screen's commands: its keys, footer, help and palette are made from these."""


class MeetingActions(Protocol):
    """What the palette asks of the meeting screen."""

    agenda: Agenda

    def goto_step(self, index: int) -> None: ...
    async def run_action(self, action: str) -> None: ...


class MeetingCommands(CommandList):
    """The meeting screen's commands in the palette: jump to a step, then its own commands
    (resources, the room view, a sound check, a forgotten start put right, the end)."""

    def entries(self) -> list[PaletteEntry]:
        # Only the meeting screen lists these (its COMMANDS), which imports this module.
        screen = cast(MeetingActions, self.screen)
        found: list[PaletteEntry] = [
            (
                _("Go to step {number}: {title}").format(number=index + 1, title=step.title),
                partial(screen.goto_step, index),
                _("{minutes} min · {kind}").format(
                    minutes=f"{step.minutes:g}", kind=kind_words(step.kind)
                ),
            )
            for index, step in enumerate(screen.agenda.steps)
        ]
        return found + MEETING_COMMANDS.entries(screen.run_action)
