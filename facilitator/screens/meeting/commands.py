"""The meeting screen's commands in the palette: a step, resources, the room view, a sound
check, a forgotten start put right, the end."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from ...agenda import Agenda
from ...words.i18n import _
from ...words.meeting import kind_words
from ..commands import Command, CommandList


class MeetingActions(Protocol):
    """What the commands ask of the meeting screen."""

    agenda: Agenda

    def goto_step(self, index: int) -> None: ...
    def action_resources(self) -> None: ...
    def action_big(self) -> None: ...
    def action_sound_check(self, _shown: str = "") -> None: ...
    def action_started_ago(self) -> None: ...
    def action_end_meeting(self) -> None: ...


class MeetingCommands(CommandList):
    """The meeting screen's commands: jump to a step, resources, the room view, the end."""

    def commands(self) -> list[Command]:
        # Only the meeting screen lists these (its COMMANDS), which imports this module.
        screen = cast(MeetingActions, self.screen)
        found: list[Command] = [
            (
                _("Go to step {number}: {title}").format(number=index + 1, title=step.title),
                partial(screen.goto_step, index),
                _("{minutes} min · {kind}").format(
                    minutes=f"{step.minutes:g}", kind=kind_words(step.kind)
                ),
            )
            for index, step in enumerate(screen.agenda.steps)
        ]
        found += [
            (_("Show resources"), screen.action_resources, _("Reminder and helplines")),
            (
                _("Room view"),
                screen.action_big,
                _("The time, as large as the window allows"),
            ),
            (_("Sound check"), screen.action_sound_check, _("Play the time-up tones now")),
            (
                _("The meeting started N minutes ago"),
                screen.action_started_ago,
                _("Counts from then: for a forgotten s"),
            ),
            (_("End meeting"), screen.action_end_meeting, _("Asks first")),
        ]
        return found
