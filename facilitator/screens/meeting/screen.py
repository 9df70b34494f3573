"""The meeting screen: the script, the clock, the share timer and the tallies."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from ...agenda import Agenda
from ...meeting.engine import ADJUST_SECONDS, Meeting
from ...meeting.states import Cue, NotNow, Status, Undone
from ...store.recorder import MeetingLog
from ...words import meeting as words
from ...words.i18n import _
from .commands import MeetingCommands
from .keys import (
    GROUP_ONLY,
    MEETING_BINDINGS,
    ON_SHARING_STEPS,
    UNTIL_ENDED,
    UNTIL_STARTED,
    WHILE_SHARING,
)
from .view import MeetingDisplay

TICK_SECONDS = 0.2
RETRY_TICKS = 10  # retry saving every two seconds while something waits
NOT_DONE = object()
"""What `_done` answers for an intent that does not apply now."""


class MeetingScreen(MeetingDisplay):
    """Runs one meeting from an agenda."""

    class Leave(Message):
        """The facilitator leaves (after saying yes while it runs): the app exits."""

        def __init__(self, meeting: Meeting) -> None:
            super().__init__()
            self.meeting = meeting

    class ToggleRoomPage(Message):
        """The facilitator starts the room page (`v`), or stops it (`v` again)."""

    class Sound(Message):
        """The room should hear `cue` now (the agenda asks for tones)."""

        def __init__(self, cue: Cue) -> None:
            super().__init__()
            self.cue = cue

    class SoundCheck(Message):
        """The facilitator asks to hear the time-up tones now (`t`), to set the volume."""

    class Changed(Message):
        """The screen has shown a change, or time has passed: the room page may follow it.

        Posted only while the room page is served.
        """

    COMMANDS = {MeetingCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    BINDINGS = MEETING_BINDINGS

    def __init__(self, agenda: Agenda, meeting: Meeting, log: MeetingLog | None = None) -> None:
        super().__init__(agenda, meeting, log)
        self._footer_state = self._bindings_state()

    def on_mount(self) -> None:
        self._show_room_page()
        self.refresh_view()
        self.set_interval(TICK_SECONDS, self._tick)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows the keys that apply now (each also works, from off the footer, at
        any time: it does its job or says why not now)."""
        status, sharing_step, sharing = self._bindings_state()
        when = parameters[0] if parameters else None
        if action == "start" or when == UNTIL_STARTED:
            return status is Status.READY
        if when == ON_SHARING_STEPS:
            return status is Status.RUNNING and sharing_step
        if when == WHILE_SHARING:
            return sharing
        if when == UNTIL_ENDED:
            return status is not Status.ENDED
        return True

    def _bindings_state(self) -> tuple[Status, bool, bool]:
        """All that `check_action` answers depends on: the status, whether the step is a
        sharing step with shares, whether a share is under way (a one-on-one has no shares:
        it times the step)."""
        meeting = self.meeting
        group = not meeting.one_on_one
        sharing_step = group and self.agenda.steps[meeting.current].kind == "sharing"
        return meeting.status, sharing_step, group and meeting.share is not None

    def shown_change(self) -> None:
        self.post_message(self.Changed())

    def _tick(self) -> None:
        self._ticks += 1
        log = self.meeting_log
        if log is not None and log.pending and self._ticks % RETRY_TICKS == 0:
            log.flush()  # the store failed before: keep trying
        self.refresh_view()
        self._sound()

    def _sound(self) -> None:
        """Sound what is due, as the step's agenda asks: tones, the bell at time-up, or no."""
        cue = self.meeting.take_cue()
        if cue is None:
            return
        sound = self.agenda.sound(self.meeting.current)
        if sound == "tones":
            self.post_message(self.Sound(cue))
        elif sound == "bell" and cue != "warning":
            self.app.bell()

    # ------------------------------------------------------------------ intents

    def _do(self, intent: Callable[..., object], *args: object) -> bool:
        """Run an engine intent; a `NotNow` becomes a short notice instead of an error."""
        return self._done(intent, *args) is not NOT_DONE

    def _done(self, intent: Callable[..., object], *args: object) -> object:
        """Run an engine intent and show what it changed: its answer, or NOT_DONE (and a
        short notice of why) when it does not apply now."""
        try:
            answer = intent(*args)
        except NotNow as reason:
            self.notify(str(reason), timeout=3, markup=False)
            return NOT_DONE
        self.refresh_view()
        # The footer is rebuilt on every refresh of the bindings (and Textual keeps each
        # rebuilt key alive), so refresh them only when `check_action` would answer otherwise.
        state = self._bindings_state()
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()
        return answer

    def action_start(self) -> None:
        if self._do(self.meeting.start):
            late = words.late_start_words(self.meeting.late_seconds())
            if late is not None:
                self.notify(late, timeout=5, markup=False)

    def action_started_ago(self) -> None:
        """Ask how many minutes ago the meeting started, and count from then."""
        from ..dialogs import MinutesScreen

        def answered(minutes: int | None) -> None:
            if minutes is not None and self._do(self.meeting.start_ago, minutes * 60):
                self.notify(words.start_moved_words(minutes), timeout=5, markup=False)

        question = _("The meeting started how many minutes ago?")
        self.app.push_screen(MinutesScreen(question, 1, 600), answered)

    def action_next_step(self, _shown: str = "") -> None:
        meeting = self.meeting
        if meeting.status is Status.RUNNING and meeting.current == len(self.agenda.steps) - 1:
            self.action_end_meeting()  # on the last step, `n` ends the meeting: it asks first
            return
        self._move(meeting.next_step)
        if meeting.status is Status.ENDED:
            self._show_closing()

    def action_previous_step(self) -> None:
        self._move(self.meeting.previous_step)

    def goto_step(self, index: int) -> None:
        """Jump to a step (from the command palette)."""
        self._move(self.meeting.goto, index)

    def _move(self, intent: Callable[..., object], *args: object) -> None:
        """Move to another step; a share under way ends with the step, and it is said."""
        share = self.meeting.share_view()
        if self._do(intent, *args) and share is not None and self.meeting.share is None:
            self.notify(words.share_ended_words(share.number), timeout=5, markup=False)

    def action_toggle_share(self, _shown: str = "") -> None:
        self._do(self.meeting.toggle_share)

    def action_end_share(self, _shown: str = "") -> None:
        self._do(self.meeting.end_share)

    def action_adjust(self, direction: int) -> None:
        self._do(self.meeting.adjust_share, direction * ADJUST_SECONDS)

    def action_tally(self, category: int) -> None:
        if self._do(self.meeting.tally, category):
            self._counted_after_the_end()

    def action_undo(self) -> None:
        """Take back the last change, of any kind, and say what it was."""
        meeting = self.meeting
        ended = meeting.status is Status.ENDED
        undone = self._done(meeting.undo)
        if not isinstance(undone, Undone):
            return
        label_of = {category.id: category.label for category in self.agenda.attendance}.get
        self.notify(
            words.undone_words(undone, lambda key: label_of(key, key)), timeout=5, markup=False
        )
        if not ended:
            return
        if meeting.status is Status.ENDED:
            self._counted_after_the_end()
        elif self.app.screen is not self:
            self.app.screen.dismiss()  # the end taken back: the closing dialog goes with it

    def _counted_after_the_end(self) -> None:
        """A count after the end (late arrivals, the basket): the summary follows it."""
        if self.meeting.status is Status.ENDED:
            if self.meeting_log is not None:
                self.meeting_log.finished(self.meeting)
            self._shown_step = None  # the ended summary lists the counts: draw it again
            self.refresh_view()

    def _count_from_closing(self, key: str) -> None:
        if key == "undo":
            self.action_undo()
        else:
            self.action_tally(int(key))

    def action_waiting(self, delta: int) -> None:
        self._do(self.meeting.set_waiting, self.meeting.waiting + delta)

    def action_apply_suggestion(self) -> None:
        if self._do(self.meeting.apply_suggestion):
            length = words.format_duration(self.meeting.next_share_seconds())
            self.notify(
                _("Next shares: {length} each").format(length=length), timeout=3, markup=False
            )

    def action_resources(self) -> None:
        from ..dialogs import ResourcesScreen  # the dialogs load when one is first opened

        self.app.push_screen(ResourcesScreen(self.agenda.closing))

    def action_big(self) -> None:
        self.toggle_class("-big")
        self.refresh_view()

    def action_close_room(self) -> None:
        if self.has_class("-big"):
            self.remove_class("-big")
            self.refresh_view()
        self.refresh_view()

    def action_sound_check(self, _shown: str = "") -> None:
        self.post_message(self.SoundCheck())

    def action_room_page(self) -> None:
        self.post_message(self.ToggleRoomPage())

    def action_help(self) -> None:
        from ..dialogs import HelpScreen

        # A one-on-one has no shares nor queue: their keys are left out of its help.
        group_only = GROUP_ONLY if self.meeting.one_on_one else frozenset()
        self.app.push_screen(HelpScreen(self, leave_out=group_only))

    def action_end_meeting(self) -> None:
        if self.meeting.status is not Status.RUNNING:
            self._do(self.meeting.end)
            return

        def confirmed(yes: bool | None) -> None:
            if yes and self._do(self.meeting.end):
                self._show_closing()

        from ..dialogs import ConfirmScreen

        self.app.push_screen(
            ConfirmScreen(
                _("End the meeting now?"), _("The closing reminder and resources follow.")
            ),
            confirmed,
        )

    def _show_closing(self) -> None:
        if self.meeting_log is not None:
            self.meeting_log.finished(self.meeting)
        self.remove_class("-big")
        self.refresh_view()
        from ..dialogs import ResourcesScreen

        self.app.push_screen(
            ResourcesScreen(self.agenda.closing, ended=True, counts=self._count_from_closing)
        )

    def action_leave(self) -> None:
        log = self.meeting_log
        # Changes the disk has not taken yet are lost by leaving, whether or not it runs.
        unsaved = log is not None and bool(log.pending) and not log.flush()
        if self.meeting.status is not Status.RUNNING and not unsaved:
            self.post_message(self.Leave(self.meeting))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.post_message(self.Leave(self.meeting))

        from ..dialogs import ConfirmScreen

        detail = self._leave_detail()
        self._say_notice()  # what saving before leaving found out, said before the question
        self.app.push_screen(ConfirmScreen(_("Leave the meeting?"), detail), confirmed)

    def _leave_detail(self) -> str:
        if self.meeting_log is not None and self.meeting_log.flush():
            return _("It is saved: start facilitator again to resume it.")
        return _("It could not be saved, so leaving now loses it.")
