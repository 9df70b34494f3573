"""The meeting screen's commands in the palette: a step, resources, the room view, a sound
check, a forgotten start put right, the end."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from ..agenda import Agenda
from .commands import Command, CommandList


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
                f"Go to step {index + 1}: {step.title}",
                partial(screen.goto_step, index),
                f"{step.minutes:g} min · {step.kind}",
            )
            for index, step in enumerate(screen.agenda.steps)
        ]
        found += [
            ("Show resources", screen.action_resources, "Reminder and helplines"),
            ("Room view", screen.action_big, "The time, as large as the window allows"),
            ("Sound check", screen.action_sound_check, "Play the time-up tones now"),
            (
                "The meeting started N minutes ago",
                screen.action_started_ago,
                "Counts from then: for a forgotten s",
            ),
            ("End meeting", screen.action_end_meeting, "Asks first"),
        ]
        return found
