"""The Textual app: screens and the way out. Thin: the engine holds the meeting."""

from __future__ import annotations

import asyncio
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from .agenda import Agenda
from .engine import Clock, Meeting, Status, WallClock, monotonic_clock, wall_clock
from .screens.meeting import MeetingScreen


@dataclass(frozen=True)
class Outcome:
    """How the app ended, for the command line to finish up."""

    agenda: Agenda | None = None
    status: Status | None = None
    hung_up: bool = False


class FacilitatorApp(App[Outcome]):
    """Run a peer-support meeting."""

    TITLE = "facilitator"
    CSS_PATH = "facilitator.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "leave", "Quit", show=False, priority=True)]

    def __init__(
        self,
        agenda: Agenda | None = None,
        agenda_path: Path | None = None,
        *,
        clock: Clock = monotonic_clock,
        wall: WallClock = wall_clock,
    ) -> None:
        super().__init__()
        self.agenda = agenda
        self.agenda_path = agenda_path
        self.clock = clock
        self.wall = wall
        self.meeting: Meeting | None = None

    def get_default_screen(self) -> Screen[Any]:
        if self.agenda is not None:
            return self._meeting_screen(self.agenda)
        from .screens.picker import PickerScreen  # only when there is a choice to make

        return PickerScreen()

    def _meeting_screen(self, agenda: Agenda) -> MeetingScreen:
        self.meeting = Meeting(agenda, clock=self.clock, wall=self.wall)
        self.agenda = agenda
        self.sub_title = agenda.meeting.name
        return MeetingScreen(agenda, self.meeting)

    def open_meeting(self, agenda: Agenda, path: Path | None = None) -> None:
        """Open the meeting screen for `agenda` (from the picker)."""
        self.agenda_path = path
        self.push_screen(self._meeting_screen(agenda))

    def leave(self, meeting: Meeting | None = None, hung_up: bool = False) -> None:
        """Exit, telling the command line how the meeting stood."""
        meeting = meeting or self.meeting
        if meeting is None:
            self.exit(Outcome(hung_up=hung_up))
        else:
            self.exit(Outcome(meeting.agenda, meeting.status, hung_up))

    def action_leave(self) -> None:
        """Leave through the meeting screen, which asks first while a meeting runs."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MeetingScreen):
                screen.action_leave()
                return
        self.leave()

    def on_mount(self) -> None:
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_signal, signum)

    def _on_signal(self, signum: int) -> None:
        # A closed terminal or a kill: leave cleanly so the terminal is restored.
        self.leave(hung_up=signum == signal.SIGHUP)
