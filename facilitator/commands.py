"""Command palette: history from anywhere; jump to a step, resources and big view in a meeting."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import FacilitatorApp
    from .screens.meeting import MeetingScreen


Command = tuple[str, Callable[[], object], str]
"""A command's name, what it does, and a line of help."""


class _Commands(Provider):
    """Lists `_commands()` in the palette and matches them against what is typed."""

    def _commands(self) -> list[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class AppCommands(_Commands):
    """Commands available on every screen."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: FacilitatorApp = self.app  # type: ignore[assignment]
        return [
            ("History", app.open_history, "Past meetings: timing, shares and attendance"),
        ]


class MeetingCommands(_Commands):
    """Commands of the meeting screen."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen: MeetingScreen = self.screen  # type: ignore[assignment]
        commands: list[tuple[str, Callable[[], object], str]] = [
            (
                f"Go to step {index + 1}: {step.title}",
                partial(screen.goto_step, index),
                f"{step.minutes:g} min · {step.kind}",
            )
            for index, step in enumerate(screen.agenda.steps)
        ]
        commands += [
            ("Show resources", screen.action_resources, "Reminder and helplines"),
            ("Toggle big view", screen.action_big, "Big timer for a projector"),
            ("End meeting", screen.action_end_meeting, "Asks first"),
        ]
        return commands
