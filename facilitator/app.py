"""The Textual app: screens and the way in and out. Thin: the engine holds the meeting."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from .agenda import Agenda
from .clocks import ResumedClock
from .commands import AppCommands
from .engine import Clock, Meeting, Status, WallClock, monotonic_clock, replay, wall_clock
from .screens.meeting import MeetingScreen
from .screens.resume import ResumeScreen
from .store import MeetingLog, Store, StoredMeeting, rebuild


@dataclass(frozen=True)
class Outcome:
    """How the app ended, for the command line to finish up."""

    agenda: Agenda | None = None
    status: Status | None = None
    hung_up: bool = False
    saved: bool = False


class FacilitatorApp(App[Outcome]):
    """Run a peer-support meeting."""

    TITLE = "facilitator"
    CSS_PATH = "facilitator.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {AppCommands}
    BINDINGS = [Binding("ctrl+q", "leave", "Quit", show=False, priority=True)]

    def __init__(
        self,
        agenda: Agenda | None = None,
        agenda_path: Path | None = None,
        *,
        clock: Clock = monotonic_clock,
        wall: WallClock = wall_clock,
        store: Store | None = None,
        notice: str | None = None,
        edit: Path | None = None,
    ) -> None:
        super().__init__()
        self.edit = edit
        self.agenda = agenda
        self.agenda_path = agenda_path
        self.clock = clock
        self.wall = wall
        self.store = store
        self.notice = notice
        self.meeting: Meeting | None = None
        self.meeting_log: MeetingLog | None = None

    def get_default_screen(self) -> Screen[Any]:
        if self.agenda is not None:
            return self._meeting_screen(self.agenda, self.agenda_path)
        from .screens.picker import PickerScreen  # only when there is a choice to make

        return PickerScreen()

    def _meeting_screen(self, agenda: Agenda, path: Path | None) -> MeetingScreen:
        self.meeting_log = MeetingLog(
            agenda,
            path.stem if path else "",
            str(path or ""),
            self.wall,
            self.store,
            reopen=self._reopen_store if self.store is None else None,
        )
        self.meeting = Meeting(agenda, clock=self.clock, wall=self.wall, recorder=self.meeting_log)
        self.agenda = agenda
        self.sub_title = agenda.meeting.name
        return MeetingScreen(agenda, self.meeting, self.meeting_log)

    def _reopen_store(self) -> Store | None:
        """Try the data directory again: it could not be written when the app started."""
        from .paths import data_dir
        from .store import open_store

        self.store = open_store(data_dir(), self.wall).store
        return self.store

    def open_editor(self, path: Path, done: Callable[[Path | None], None] | None = None) -> None:
        """Edit the agenda at `path` (valid or not); `done` gets where it was saved, if it was."""
        from .agenda import AgendaError
        from .draft import Draft
        from .screens.editor import EditorScreen

        try:
            draft = Draft.load(path, path.name)
        except AgendaError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(EditorScreen(path, draft), done)

    def open_meeting(self, agenda: Agenda, path: Path | None = None) -> None:
        """Open the meeting screen for `agenda` (from the picker)."""
        self.agenda_path = path
        self.push_screen(self._meeting_screen(agenda, path))

    # ------------------------------------------------------------------ history

    def open_history(self) -> None:
        """Show past meetings (from the picker's `h` or the command palette, on any screen)."""
        from .screens.history import HistoryScreen

        for index, screen in enumerate(self.screen_stack):
            if isinstance(screen, HistoryScreen):
                # Already open beneath a report or a dialog: go back to it, not open a second.
                for _ in range(len(self.screen_stack) - 1 - index):
                    self.pop_screen()
                return
        self.push_screen(HistoryScreen())

    def action_history(self) -> None:
        self.open_history()

    # ------------------------------------------------------------------ resume

    def on_mount(self) -> None:
        if not self.is_headless:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self._on_signal, signum)
        if self.notice:
            self.notify(self.notice, severity="warning", timeout=30, markup=False)
        if self.edit is not None:
            # `facilitator edit`: the editor is the whole visit.
            self.open_editor(self.edit, lambda _saved: self.exit())
            return
        try:
            stored = self.store.unfinished() if self.store is not None else None
        except sqlite3.Error as error:
            # Damage found past the opening check: say so, and run this meeting all the same.
            self.notify(f"Unfinished meetings could not be read: {error}", markup=False)
            stored = None
        if stored is not None and stored.events:
            self.push_screen(ResumeScreen(stored, self.wall()), self._resume_or_not(stored))

    def _resume_or_not(self, stored: StoredMeeting) -> Any:
        def answer(resume: bool | None) -> None:
            # At once, before the next key: keys typed right after the answer belong to the
            # resumed meeting (or, declined, to the new one after this one has ended).
            (self.resume if resume else self.decline)(stored)

        return answer

    def resume(self, stored: StoredMeeting) -> None:
        """Go on with a stored meeting: same step, tallies and shares; the time away counts."""
        assert self.store is not None
        away = max(0.0, (self.wall() - stored.last_wall).total_seconds())
        clock = ResumedClock(self.clock, stored.events[-1].at + away)
        meeting = replay(stored.agenda, list(stored.events), clock, self.wall)
        self.meeting_log = MeetingLog.resuming(stored, self.store, self.wall)
        meeting.recorder = self.meeting_log
        self.meeting = meeting
        self.agenda = stored.agenda
        self.agenda_path = Path(stored.agenda_path) if stored.agenda_path else None
        self.sub_title = stored.agenda.meeting.name
        self.push_screen(MeetingScreen(stored.agenda, meeting, self.meeting_log))

    def decline(self, stored: StoredMeeting) -> None:
        """End a stored meeting where its record stops; it stays in history."""
        assert self.store is not None
        meeting = rebuild(stored, lambda: stored.last_at, self.wall)
        log = MeetingLog.resuming(stored, self.store, lambda: stored.last_wall)
        meeting.recorder = log
        meeting.end(started_or_not=True)
        log.finished(meeting)
        if log.problem:
            self.notify(log.problem, severity="error", timeout=10)

    # ------------------------------------------------------------------ leaving

    def leave(self, meeting: Meeting | None = None, hung_up: bool = False) -> None:
        """Exit, telling the command line how the meeting stood."""
        meeting = meeting or self.meeting
        if meeting is None:
            self.exit(Outcome(hung_up=hung_up))
            return
        log = self.meeting_log
        saved = log is not None and log.flush() and log.meeting_id is not None
        self.exit(Outcome(meeting.agenda, meeting.status, hung_up, saved))

    def action_leave(self) -> None:
        """Leave through the meeting screen, which asks first while a meeting runs."""
        from .screens.editor import EditorScreen

        for screen in reversed(self.screen_stack):
            # The editor asks before unsaved changes are lost; a meeting, before it is left.
            if isinstance(screen, MeetingScreen | EditorScreen):
                screen.action_leave()
                return
        self.leave()

    def _fatal_error(self) -> None:
        # Textual's crash report shows local variables; keep the report, not the values.
        from rich.console import Group
        from rich.traceback import Traceback

        self.bell()
        self._exit_renderables.append(
            Group(
                Traceback(show_locals=False, width=None),
                "\nfacilitator stopped on an error. Every change was saved as it was made: "
                "run facilitator again to resume the meeting.",
            )
        )
        self._close_messages_no_wait()

    def _on_signal(self, signum: int) -> None:
        # A closed terminal or a kill: leave cleanly so the terminal is restored.
        self.leave(hung_up=signum == signal.SIGHUP)
