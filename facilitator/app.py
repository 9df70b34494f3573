"""The Textual app: which screen shows, the answers to the screens' requests, the way out.

Thin: the engine holds the meeting and the recorder keeps it. Screens never import this
module; they post messages (`PickerScreen.Chosen`, `MeetingScreen.Leave`, ...) that the app
answers here. `build_app` makes the app for the command line, the tests, the screenshots
and the benchmarks alike.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.message import Message
from textual.screen import Screen

from . import textual_internals as textual_fixes
from .agenda import Agenda
from .meeting.clocks import Clock, WallClock, monotonic_clock, wall_clock
from .meeting.engine import Meeting
from .meeting.floor import Floor
from .room.serving import RoomPage
from .room.state import RoomPageOptions
from .room.tokens import kept_token, new_token
from .screens.commands import (
    APP_COMMANDS,
    AppCommands,
    command_palette,
    show_help,
    system_commands,
    takes_text,
)
from .screens.meeting.screen import MeetingScreen
from .screens.messages import (
    ASKS_BEFORE_LEAVING,
    AgendaSaved,
    LeaveAsked,
    RoomPageServed,
    ToneMissed,
)
from .screens.preload import crash_report, preload
from .store import recorder
from .store.database import Opened, Store, StoredMeeting, open_store
from .store.recorder import MeetingLog
from .system import signals, startup
from .system.settings import Settings, settings_path
from .system.terminal_driver import TerminalGone, driver_class, leave_screen
from .system.watchdog import Watchdog
from .textual_internals import NoticingApp, app_driver
from .words import goodbye, i18n
from .words import meeting as words
from .words import room as room_words
from .words.goodbye import Outcome
from .words.i18n import N_, _

if TYPE_CHECKING:
    from .room.sound import Speaker
    from .screens.picker import PickerScreen
    from .screens.resume import Answer

QUEUE_REDRAW_SECONDS = 0.1
"""The share queue's changes from the room are shown at most this often: fifty joins a second,
each drawn, took the loop's time from the facilitator's keys."""


class FacilitatorApp(NoticingApp[Outcome]):
    """Run a peer-support meeting."""

    TITLE = "facilitator"
    CSS_PATH = "facilitator.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {AppCommands}
    BINDINGS = [
        Binding("ctrl+q", "leave", N_("Quit"), show=False, priority=True),
        *APP_COMMANDS.bindings(),
    ]

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
        room_page: RoomPageOptions | None = None,
        settings: Path | None = None,
        frozen: Callable[[Outcome, float], None] | None = None,
    ) -> None:
        textual_fixes.install()  # before any timer starts, Textual's own included
        super().__init__()
        # Where the chosen theme is kept (None: it is not).
        self.settings = Settings(settings) if settings is not None else None
        if self.settings is not None and (theme := self.settings.theme()) in self.available_themes:
            self.theme = theme
        self.edit = edit
        self.room_page = RoomPage(
            room_page or RoomPageOptions(), self._room_state, room=AppRoomFloor(self)
        )
        self.floor: Floor | None = None
        """The meeting's share queue and message to the room (None: no meeting on screen)."""
        self._redraw_asked = False
        self._redrawn_at = -QUEUE_REDRAW_SECONDS  # when a change of the queue was last shown
        self._speaker: Speaker | None = None
        self.agenda = agenda
        self.agenda_path = agenda_path
        self.clock = clock
        self.wall = wall
        self._store = store
        self.notice = notice
        self.meeting: Meeting | None = None
        self.meeting_log: MeetingLog | None = None
        self.frozen = frozen  # told, from a thread, how the meeting stood when the app froze
        self._watchdog: Watchdog | None = None

    @property
    def store(self) -> Store | None:
        """The meetings database in use: the running meeting's log's (renewed if replaced)."""
        if self.meeting_log is not None:
            return self.meeting_log.store
        return self._store

    def get_driver_class(self) -> type[Driver]:  # ours notices a terminal that goes away
        return driver_class() or super().get_driver_class()

    def get_default_screen(self) -> Screen[Any]:
        if self.agenda is not None:
            return self._meeting_screen(self.agenda, self.agenda_path)
        from .screens.picker import PickerScreen  # only when there is a choice to make

        return PickerScreen()

    def _meeting_screen(self, agenda: Agenda, path: Path | None) -> MeetingScreen:
        store = self.store
        reopen = self._reopen_store if store is None else None
        recorded = recorder.start(agenda, path, store, self.clock, self.wall, reopen=reopen)
        return self._show(recorded, agenda, path)

    def _show(
        self, recorded: recorder.Recorded, agenda: Agenda, path: Path | None
    ) -> MeetingScreen:
        self.meeting = recorded.meeting
        self.meeting_log = recorded.log
        self.floor = Floor(recorded.meeting)  # a queue of its own: the last one's is gone
        self.agenda = agenda
        self.agenda_path = path
        self.sub_title = words.shown(agenda.meeting.name)
        # The meeting's language is spoken from here on: a Spanish group's meeting is in
        # Spanish on any laptop (unless `--lang` says otherwise).
        spoken = i18n.speak(agenda.meeting.language)
        if spoken is not None:
            self.notify(spoken, severity="warning", markup=False)
        # The page follows the meeting on screen, whichever it is, at that meeting's address.
        page = self.room_page
        everyone = page.options.everyone
        if page.token is not None:
            kept = kept_token(recorded.log.room_token)
            cohost = kept_token(recorded.log.cohost_token)
            if kept is None or cohost is None:
                # This meeting's from now on.
                recorded.log.keep_room_token(page.token, page.cohost_token)
            elif kept != page.token:
                address = page.readdress(kept, cohost)
                self._tell_screens(RoomPageServed(address, everyone, page.cohost_address))
        screen = MeetingScreen(
            agenda,
            recorded.meeting,
            recorded.log,
            floor=self.floor,
            room_page=page.address,
            cohost_page=page.cohost_address,
            everyone=everyone,
        )
        page.publish()
        if page.waits and self.is_running:
            self.call_later(self.start_room_page)  # `--share`, and the picker chose a meeting
        return screen

    def _reopen_store(self) -> Store | None:
        """Try the data directory again: it could not be written when the app started."""
        from .system.paths import data_dir

        self._store = open_store(data_dir(), self.wall).store
        return self._store

    # ------------------------------------------------------------------ requests

    def open_editor(self, path: Path, done: Callable[[Path | None], None] | None = None) -> None:
        """Edit the agenda at `path` (valid or not); `done` gets where it was saved, if it was."""
        from .agenda import AgendaError
        from .library.draft import Draft
        from .screens.editor import EditorScreen

        try:
            draft = Draft.load(path, path.name)
        except AgendaError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.push_screen(EditorScreen(path, draft), done)

    # The picker is imported only when there is a choice to make: its messages are answered
    # by handler name rather than with @on(PickerScreen.Chosen).
    def on_picker_screen_chosen(self, message: PickerScreen.Chosen) -> None:
        self.push_screen(self._meeting_screen(message.agenda, message.path))

    def on_picker_screen_edit(self, message: PickerScreen.Edit) -> None:
        def done(saved: Path | None) -> None:
            if saved is not None:
                message.picker.post_message(AgendaSaved(saved))

        self.open_editor(message.path, done)

    @on(MeetingScreen.Leave)
    def _leave_meeting(self, message: MeetingScreen.Leave) -> None:
        self.leave(message.meeting)

    # ------------------------------------------------------------------ the room page

    @on(MeetingScreen.ToggleRoomPage)
    async def _toggle_room_page(self) -> None:
        if self.room_page.server is None:
            await self.start_room_page()
        else:
            await self.stop_room_page()
            if self.meeting_log is not None:
                self.meeting_log.keep_room_token(None)  # served again, it has a new address
            self.notify(room_words.room_page_stopped_words(), timeout=5, markup=False)

    @on(MeetingScreen.Changed)
    def _room_page_follows(self) -> None:
        if self.room_page.server is not None:
            # Once the screen has drawn the change: the facilitator sees it first.
            self.call_after_refresh(self.room_page.publish)

    async def start_room_page(self) -> None:
        """Serve the room page of the meeting on screen, and show where."""
        page = self.room_page
        page.waits = False
        if page.server is not None or self.meeting is None:
            return
        # What must work if a flood leaves no file to open, loaded before one can come. On
        # the loop, once: loaded in a thread, it raced the first frame, whose end a
        # pseudo-terminal then lost for good (Textual draws again only what changes).
        preload()
        log = self.meeting_log
        token = kept_token(log.room_token if log is not None else None)
        cohost = kept_token(log.cohost_token if log is not None else None)
        if token is None or cohost is None:
            token, cohost = new_token(), new_token()
            if log is not None:
                log.keep_room_token(token, cohost)  # before they are served: a kill keeps them
        try:
            address = await page.start(token, cohost)
        except OSError as error:
            self.notify(room_words.room_page_problem(error), severity="error", markup=False)
            return
        self._tell_screens(RoomPageServed(address, page.options.everyone, page.cohost_address))
        if page.options.everyone:
            self.notify(
                room_words.room_page_open_words(), severity="warning", timeout=15, markup=False
            )

    async def stop_room_page(self) -> None:
        """Stop serving the room page: its streams end; the address answers nothing until the
        page is served again (`v` forgets it: see `_toggle_room_page`)."""
        if self.room_page.server is None:
            return
        self._tell_screens(RoomPageServed(None, self.room_page.options.everyone))
        await self.room_page.stop()
        if self.floor is not None:
            self.floor.queue.forget_devices()  # what the phones sent is gone with the page
            self._redraw_meeting()

    def _room_state(self) -> dict[str, Any]:
        from .room.state import room_state

        assert self.meeting is not None
        return room_state(self.meeting, self.wall(), self.floor)

    def room_changed(self) -> None:
        """A phone joined or left the share queue: the meeting screen shows it on its next
        frame, or, within `QUEUE_REDRAW_SECONDS` of the last time, at the end of those."""
        if self._redraw_asked:
            return
        self._redraw_asked = True
        wait = self._redrawn_at + QUEUE_REDRAW_SECONDS - asyncio.get_running_loop().time()
        if wait > 0:
            self.set_timer(wait, self._redraw_meeting)
        else:
            self.call_after_refresh(self._redraw_meeting)

    def _redraw_meeting(self) -> None:
        self._redraw_asked = False
        self._redrawn_at = asyncio.get_running_loop().time()
        screen = self._meeting_screen_open()
        if screen is not None:
            screen.refresh_view()

    def _meeting_screen_open(self) -> MeetingScreen | None:
        """The meeting's screen, wherever it is in the stack (under a dialog, say)."""
        return next((s for s in self.screen_stack if isinstance(s, MeetingScreen)), None)

    def cohost_act(self, action: str, text: str | None) -> str | None:
        """Do what the co-host's page asks on the meeting screen; None when done, else the
        reason it does not apply now.

        Raises:
            KeyError: no such action.
        """
        screen = self._meeting_screen_open()
        if screen is None:
            return room_words.no_meeting_words()
        return screen.cohost_act(action, text)

    def _tell_screens(self, message: Message) -> None:
        """Tell each screen open (each answers what it knows: see `screens.messages`)."""
        for screen in self.screen_stack:
            screen.post_message(message)

    # ------------------------------------------------------------------ sound

    @on(MeetingScreen.Sound)
    def _play(self, message: MeetingScreen.Sound) -> None:
        self.speaker.play(message.cue)

    @on(MeetingScreen.SoundCheck)
    def _sound_check(self) -> None:
        speaker = self.speaker
        if speaker.player is not None:
            self.notify(words.sound_check_words(speaker.player.name), timeout=5, markup=False)
        speaker.check()

    @property
    def speaker(self) -> Speaker:
        """Plays the tones, in a thread of its own; made when the first one is due."""
        if self._speaker is None:
            from .room.sound import speaker_on_loop
            from .system.paths import cache_dir

            loop = asyncio.get_running_loop()
            self._speaker = speaker_on_loop(loop, self._ring, self._warn, cache_dir() / "sounds")
        return self._speaker

    def _ring(self) -> None:
        """The bell for a tone that could not play, and a flash of the share timer to see."""
        self.bell()
        self._tell_screens(ToneMissed())

    def _remember_theme(self) -> None:
        if self.settings is not None:
            self.run_worker(self._save_theme, group="settings", thread=True, exit_on_error=False)

    def _save_theme(self) -> None:
        assert self.settings is not None
        try:
            self.settings.keep_theme(self.theme)
        except OSError as error:
            self.call_from_thread(self._warn, words.theme_not_kept(error))

    def _warn(self, why: str) -> None:
        self.notify(why, severity="warning", timeout=10, markup=False)

    def action_history(self) -> None:
        """Show past meetings (from the picker's `h` or the command palette, on any screen)."""
        from .screens.history.screen import HistoryScreen

        for index, screen in enumerate(self.screen_stack):
            if isinstance(screen, HistoryScreen):
                # Already open beneath a report or a dialog: go back to it, not open a second.
                for _above in range(len(self.screen_stack) - 1 - index):
                    self.pop_screen()
                return
        # The meeting this window records is counted on its own screen, not corrected.
        here = self.meeting_log.meeting_id if self.meeting_log is not None else None
        self.push_screen(HistoryScreen(self.store, self.wall, here))

    def action_help(self) -> None:
        """The keys of the screen on top, and what they do (`?`, on every screen)."""
        show_help(self.screen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `?` typed in a field is a question mark: the key goes on to the field.
        return action != "help" or not takes_text(self.screen.focused)

    # ------------------------------------------------------------------ resume

    def on_ready(self) -> None:
        startup.release(freeze=True)  # the first frame is drawn: what starting made lives on

    async def on_mount(self) -> None:
        # Only a theme chosen from now on is written: starting never touches the file.
        self.watch(self, "theme", self._remember_theme, init=False)
        if self.room_page.waits and self.meeting is not None:
            await self.start_room_page()
        if not self.is_headless:
            signals.install(asyncio.get_running_loop(), self._on_signal)
        if self.frozen is not None:
            armed = lambda: self.meeting is not None  # noqa: E731 (a meeting is at stake)
            self._watchdog = Watchdog(asyncio.get_running_loop(), self._on_frozen, armed=armed)
            self._watchdog.start()
        if self.notice:
            self.notify(self.notice, severity="warning", timeout=30, markup=False)
        if self.edit is not None:
            # `facilitator edit`: the editor is the whole visit.
            self.open_editor(self.edit, lambda _saved: self.exit())
            return
        store = self.store
        if store is None:
            return
        try:
            offer = recorder.offer(store, self.agenda, self.agenda_path)
        except sqlite3.Error as error:
            # Damage found past the opening check: say so, and run this meeting all the same.
            problem = _("Unfinished meetings could not be read: {error}").format(error=error)
            self.notify(problem, markup=False)
            return
        for name in offer.elsewhere:
            from .words.past import elsewhere_words  # past meetings' words, loaded when needed

            self.notify(elsewhere_words(name), timeout=15, markup=False)
        stored = offer.meeting
        if stored is not None and stored.events:
            from .screens.resume import ResumeScreen  # only when there is a meeting to offer

            self.push_screen(ResumeScreen(stored, self.wall()), self._resume_or_not(stored))

    def _resume_or_not(self, stored: StoredMeeting) -> Callable[[Answer | None], None]:
        def answer(answer: Answer | None) -> None:
            # At once, before the next key: keys typed right after the answer belong to the
            # resumed meeting (or, ended, to the new one). Not now: it stays as it is.
            if answer == "resume":
                self.resume(stored)
            elif answer == "end":
                self.decline(stored)

        return answer

    def resume(self, stored: StoredMeeting) -> None:
        """Go on with a stored meeting: same step, tallies and shares; the time away counts."""
        store = self.store
        assert store is not None
        recorded = recorder.resume(stored, store, self.clock, self.wall)
        if recorded is None:
            from .words.past import elsewhere_words

            self.notify(elsewhere_words(stored.name), severity="warning", markup=False)
            return
        path = Path(stored.agenda_path) if stored.agenda_path else None
        self.push_screen(self._show(recorded, stored.agenda, path))

    def decline(self, stored: StoredMeeting) -> None:
        """End a stored meeting where its record stops; it stays in history."""
        store = self.store
        assert store is not None
        problem = recorder.decline(stored, store, self.wall)
        if problem:
            self.notify(problem, severity="error", timeout=10, markup=False)

    # ------------------------------------------------------------------ leaving

    def leave(self, meeting: Meeting | None = None, hung_up: bool = False) -> None:
        """Exit, telling the command line how the meeting stood."""
        self.exit(goodbye.outcome_of(meeting or self.meeting, self.meeting_log, hung_up))

    def _on_frozen(self, seconds: float) -> None:
        """The loop has not answered for `seconds` (the watchdog's thread): save what can be
        saved, give the terminal back, and let the command line say so and end."""
        outcome = goodbye.outcome_of(self.meeting, self.meeting_log, hung_up=False, wait=2.0)
        leave_screen(app_driver(self))
        if self.frozen is not None:
            self.frozen(outcome, seconds)

    async def on_unmount(self) -> None:
        # The window is closing: the room page ends with it, and its meetings are free for
        # the next window to resume.
        if self._watchdog is not None:
            self._watchdog.stop()
        await self.stop_room_page()
        if self._speaker is not None:
            self._speaker.close()
        if self.store is not None:
            self.store.release()

    def action_leave(self) -> None:
        """Leave through the meeting screen, which asks first while a meeting runs."""
        for screen in reversed(self.screen_stack):
            # The editor asks before unsaved changes are lost; a meeting, before it is left.
            if getattr(screen, ASKS_BEFORE_LEAVING, False):
                screen.post_message(LeaveAsked())
                return
        self.leave()

    def action_help_quit(self) -> None:
        """ctrl+c says how to leave. (Textual's own says so only for an action named quit.)"""
        self.notify(goodbye.how_to_leave_words(), timeout=6, markup=False)

    def crash_report(self) -> RenderableType:
        return crash_report()  # Textual's shows local variables

    # ------------------------------------------------------------------ the command palette

    def action_command_palette(self) -> None:
        """Textual's command palette, with its search field in the app's language."""
        if self.use_command_palette and not self.screen.has_class("--textual-command-palette"):
            self.push_screen(command_palette())

    def search_themes(self) -> None:
        """Textual's list of themes (the palette's Theme), in the app's language."""
        self.push_screen(command_palette(themes=True))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        return system_commands(self, screen)

    def _on_signal(self, signum: int) -> None:  # a closed terminal or a kill: leave cleanly
        self.leave(hung_up=signals.hung_up(signum))

    @on(TerminalGone)
    def _terminal_gone(self) -> None:
        # As on a hang-up, without the signal: nobody is left to read the reminder.
        self.leave(hung_up=True)


class AppRoomFloor:
    """The app as the room page's server reaches it: the meeting's floor, a redraw when the
    queue changes, the co-host's actions (see `room.server.RoomFloor`)."""

    def __init__(self, app: FacilitatorApp) -> None:
        self.app = app

    def floor(self) -> Floor | None:
        return self.app.floor

    def changed(self) -> None:
        self.app.room_changed()

    def act(self, action: str, text: str | None) -> str | None:
        return self.app.cohost_act(action, text)


def build_app(
    agenda: Agenda | None = None,
    path: Path | None = None,
    *,
    clock: Clock = monotonic_clock,
    wall: WallClock = wall_clock,
    data: Path | None = None,
    opened: Opened | None = None,
    edit: Path | None = None,
    room_page: RoomPageOptions | None = None,
    frozen: Callable[[Outcome, float], None] | None = None,
) -> FacilitatorApp:
    """The app, with its meetings kept in the data directory: what the command line runs.

    The command line, the tests, the screenshots and the benchmarks all build it here.

    Args:
        agenda: The agenda to run (None: the picker chooses one), loaded from `path`.
        clock: The monotonic clock the meeting's timers read.
        wall: Local time, for the clock on screen and the records.
        data: The folder of the meetings database (default: the data directory).
        opened: The store opened already (or not: `Opened(None)` runs without one), with
            its notice, instead of opening one in `data`.
        edit: Open this agenda in the editor instead (`facilitator edit`).
        room_page: How the room page is served (`--share`, `--lan`, `--port`).
        frozen: What the command line does when the app stops answering with a meeting on
            screen (see `watchdog`): told how the meeting stood, from another thread.

    The chosen theme is kept in the settings file of `data` (or of the data directory).
    """
    from .system.paths import data_dir

    if opened is None:
        if data is None:
            data = data_dir()
        opened = open_store(data, wall)
    return FacilitatorApp(
        agenda,
        path,
        clock=clock,
        wall=wall,
        store=opened.store,
        notice=opened.notice,
        edit=edit,
        room_page=room_page,
        settings=settings_path(data if data is not None else data_dir()),
        frozen=frozen,
    )
