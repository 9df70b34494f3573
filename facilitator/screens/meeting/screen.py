"""The meeting screen: the script, the clock, the share timer and the tallies, drawn from the
engine, and the commands that change the meeting."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label

from ...agenda import Agenda
from ...meeting.engine import ADJUST_SECONDS, Meeting
from ...meeting.floor import Floor, cohost_intent
from ...meeting.next_change import seconds_until_change
from ...meeting.share_queue import Ticket
from ...meeting.states import Cue, NotNow, ShareState, Status, Undone, Urgency
from ...room.state import room_view_state
from ...store.recorder import MeetingLog
from ...textual_internals import run_later
from ...widgets.closing import ClosingReminder
from ...widgets.footer import KeyFooter
from ...widgets.live_text import LiveText
from ...widgets.plain import show_text
from ...widgets.qr_code import QRCode
from ...widgets.room_view import BlockDigits, RoomView
from ...widgets.script import Script
from ...widgets.share_timer import SharePanelView, ShareTimer
from ...widgets.status import MeetingStatus, MeetingStatusView
from ...widgets.steps import StepList
from ...widgets.tallies import TallyBar
from ...widgets.urgency import show_urgency
from ...words import meeting as words
from ...words import room as room_words
from ...words.i18n import _
from ..messages import LeaveAsked, RoomPageServed, ToneMissed
from .commands import (
    GROUP,
    MEETING_COMMANDS,
    ON_SHARING_STEPS,
    UNTIL_ENDED,
    UNTIL_STARTED,
    WHILE_SHARING,
    MeetingCommands,
)

LONGEST_LOOK = 60.0
"""The longest the screen goes without reading the clock. Tests whose clock is moved by hand
(it never wakes the screen) set it shorter."""
SOONEST_LOOK = 0.05
"""The shortest wait: a timer that fired a hair early finds its edge just ahead."""
RETRY_SECONDS = 2.0  # retry saving every two seconds while something waits
NOT_DONE = object()
"""What `_done` answers for an intent that does not apply now."""
FLASH_SHARE_SECONDS = 1.0  # the bell, seen as well as heard, when tones cannot play
FLASH_SECONDS = 0.4  # a time-up flash changes every 0.4 s: 1.25 flashes a second, under 3


class MeetingScreen(Screen[None]):
    """Runs one meeting from an agenda: its panes, drawn from the engine (which holds every
    truth), and its commands."""

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
    ASKS_BEFORE_LEAVING: ClassVar[bool] = True  # ctrl+q, from anywhere, leaves as `q` does
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    BINDINGS = MEETING_COMMANDS.bindings()

    def __init__(
        self,
        agenda: Agenda,
        meeting: Meeting,
        log: MeetingLog | None = None,
        *,
        floor: Floor | None = None,
        room_page: str | None = None,
        cohost_page: str | None = None,
        everyone: bool = False,
    ) -> None:
        """Run `meeting` of `agenda`, recorded in `log`, with its share queue and message to
        the room (`floor`); the room page is served at `room_page` and the co-host's at
        `cohost_page` (to `everyone`: on every network the laptop is on), if they are."""
        super().__init__()
        self.agenda = agenda
        self.meeting = meeting
        self.floor = floor or Floor(meeting)
        """The share queue and the message to the room, with the intents that use them."""
        self.meeting_log = log
        self._flashes = 0  # halves of a time-up flash shown, bright ones even
        self._next_look: asyncio.TimerHandle | None = None
        self._retry_at: float | None = None  # when saving what waits is tried again
        self._shown_step: tuple[int, Status] | None = None
        self.room_page = room_page
        """The room page's address while it is served."""
        self.cohost_page = cohost_page
        """The co-host's address while the room page is served."""
        self._everyone = everyone
        self._footer_state = self._bindings_state()

    def on_mount(self) -> None:
        self._show_room_page()
        self.refresh_view()

    def on_unmount(self) -> None:
        if self._next_look is not None:
            self._next_look.cancel()  # the clock looks no more at a screen that has gone

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # What changes every second is kept at hand: no query for it at each look.
        self._status = MeetingStatus(id="status")
        self._steps = StepList(id="steps")
        self._step_time = LiveText(id="step-time")
        self._share_digits = BlockDigits(id="share-digits")
        self._share = ShareTimer(id="share")
        self._room = RoomView(id="room")
        self._save_problem = Label("", id="save-problem", markup=False)
        self._told = Label("", id="room-message-shown", markup=False)
        self._tallies = TallyBar(id="tallies")
        yield self._status
        with Horizontal(id="body"):
            with Vertical(id="left-pane"):
                with VerticalScroll(id="steps-pane", can_focus=False):
                    yield self._steps
                yield QRCode(id="room-page-qr")
            with Vertical(id="step-pane"):
                yield Label("", id="step-title", markup=False)
                yield self._step_time
                with VerticalScroll(id="script-pane"):
                    yield Script(id="script")
                    yield ClosingReminder(self.agenda.closing, id="step-closing")
                yield self._share_digits
                yield self._share
        yield self._room
        yield self._told
        yield Label("", id="room-page", markup=False)
        yield Label("", id="cohost-page", markup=False)
        yield self._save_problem
        yield self._tallies
        yield KeyFooter()

    # ------------------------------------------------------------------ rendering

    def refresh_view(self) -> None:
        """Push the engine's state to the widgets (which only render it, and only what reads
        differently), then set the clock to look again when something shown next changes."""
        if not self.is_attached:
            return  # the app is closing (a signal as this screen opened): widgets may be gone
        wall_now = self.meeting.wall()
        floor = self.floor
        if self.meeting.status is Status.ENDED and (len(floor.queue) or floor.called):
            floor.ended()  # the queue is gone with the meeting
        told = self._told
        told.set_class(floor.message is not None, "-on")
        if floor.message is not None:
            show_text(told, words.room_message_shown_words(floor.message))
        if self.has_class("-big"):
            self._refresh_big()  # the room view has the window; what it hides waits for it
        else:
            self._refresh_panes(wall_now)
        log = self.meeting_log
        problem = log.problem if log is not None else None
        label = self._save_problem
        label.display = problem is not None
        if problem is not None:
            show_text(label, problem)
        self._say_notice()
        if self.room_page is not None:
            self.post_message(self.Changed())  # the room page may follow it
        self._look_again(wall_now)

    def _refresh_panes(self, wall_now: datetime) -> None:
        """The status line, the steps, the step's script and time, the share and tallies."""
        meeting = self.meeting
        line = words.status_phrase(
            meeting.status.value,
            meeting.elapsed(),
            meeting.variance(),
            meeting.planned_seconds(),
            words.clock_time(meeting.projected_end(wall_now)),
            meeting.spare_seconds(),
            **self._countdown(wall_now),
        )
        self._status.view = MeetingStatusView(
            name=self.agenda.meeting.name,
            clock=words.clock_time(wall_now),
            line=tuple(line),
        )
        self._steps.show(len(self.agenda.steps), meeting.step_view)
        self._tallies.tallies = tuple(
            (category.label, meeting.tallies.get(category.id, 0))
            for category in self.agenda.attendance
        )
        self._refresh_step()
        self._refresh_share()

    def _look_again(self, wall_now: datetime) -> None:
        """Set the screen's one timer to the moment something it shows next changes: the next
        whole second of what counts down, the next half of a time-up flash, the next try at
        saving what waits."""
        meeting = self.meeting
        wait = min(LONGEST_LOOK, seconds_until_change(meeting, wall_now))
        if self._flashing():
            wait = min(wait, FLASH_SECONDS)
        log = self.meeting_log
        if log is not None and log.pending:
            # Real time: the store's trouble is the laptop's, whatever the meeting's clock says.
            if self._retry_at is None:
                self._retry_at = time.monotonic() + RETRY_SECONDS
            wait = min(wait, max(0.0, self._retry_at - time.monotonic()))
        else:
            self._retry_at = None
        if self._next_look is not None:
            self._next_look.cancel()
        self._next_look = run_later(self, max(SOONEST_LOOK, wait), self._tick)

    def _flashing(self) -> bool:
        """The room view is up at a share's time-up, and the agenda asks it to flash."""
        if not self.has_class("-big") or not self.agenda.sharing.flash:
            return False
        share = self.meeting.timer_view()
        return share is not None and share.urgency is Urgency.TIME

    def _countdown(self, wall_now: datetime) -> dict[str, Any]:
        """The status line's countdown to the scheduled start, while the meeting is ready."""
        scheduled = self.meeting.scheduled_start()
        if scheduled is None or self.meeting.status is not Status.READY:
            return {}
        until = (scheduled - wall_now).total_seconds()
        return {"starts": words.clock_time(scheduled), "until_start": until}

    def _say_notice(self) -> None:
        """Say once what the log has to say (the database was replaced, the meeting saved
        again whole)."""
        log = self.meeting_log
        if log is not None and log.notice:
            self.notify(log.notice, severity="warning", timeout=30, markup=False)
            log.notice = None

    def _refresh_step(self) -> None:
        meeting = self.meeting
        index = meeting.current
        step = self.agenda.steps[index]
        ended = meeting.status is Status.ENDED
        if self._shown_step != (index, meeting.status):
            self._shown_step = (index, meeting.status)
            title = self.query_one("#step-title", Label)
            if ended:
                title.update(words.ended_heading())
                self.query_one("#script", Script).show(self._summary())
            else:
                count = len(self.agenda.steps)
                title.update(words.step_heading(index + 1, count, step.title, step.kind))
                self.query_one("#script", Script).show(step.script)
            self.query_one("#step-closing").display = ended or step.kind == "closing"
            self.query_one("#script-pane", VerticalScroll).scroll_home(animate=False)
            # Keep the current step in sight in a long agenda, with a step of context above.
            self.query_one("#steps-pane", VerticalScroll).scroll_to(
                y=max(0, index - 1), animate=False
            )
        time_label = self._step_time
        if ended:
            time_label.show(words.ended_words(meeting.elapsed(), self._shares_counted()))
            show_urgency(time_label, Urgency.OK)  # not still the closing step's TIME
            return
        started = meeting.status is not Status.READY
        time_label.show(
            words.step_time_words(
                meeting.step_used(index),
                meeting.step_planned(index),
                meeting.step_remaining(),
                started,
            ),
        )
        show_urgency(time_label, meeting.step_urgency())

    def _refresh_share(self) -> None:
        meeting = self.meeting
        timer = self._share
        digits = self._share_digits
        sharing = self.agenda.steps[meeting.current].kind == "sharing"
        timer.display = sharing and meeting.status is not Status.ENDED
        # The share under way, or in a one-on-one the step's own time box.
        share = meeting.timer_view() if timer.display else None
        # The countdown, a few rows tall: the largest thing in the step pane while it runs.
        digits.set_class(share is not None, "-on")
        if share is not None:
            digits.text = room_words.room_digits(share.remaining)
            show_urgency(digits, share.urgency)
        if not timer.display:
            return
        index = meeting.current
        if meeting.one_on_one:
            lines = words.time_box_phrases(share, meeting.step_planned(index))
        else:
            lines = words.share_panel_phrases(
                share,
                meeting.next_share_seconds(),
                len(meeting.shares_in_step(index)),
                meeting.average_share_seconds(index),
                self.floor.waiting(),
                self.floor.suggested_share_seconds(),
                lanes=self._lanes(),
                ticket=ticket.name if (ticket := self.floor.ticket_of_share()) else None,
                called=self.floor.called.name if self.floor.called else None,
            )
        timer.view = SharePanelView(
            tuple(tuple(line) for line in lines), share.urgency if share else Urgency.OK
        )

    def _lanes(self) -> tuple[int, int]:
        counts = self.floor.waiting_by_lane()
        return counts["room"], counts["online"]

    def _refresh_big(self) -> None:
        # Time-up may flash, when the agenda asks: bright for 0.4 s of every 0.8 s.
        self._room.view = room_view_state(self.meeting, self._flashes % 2 == 0, self.floor)

    def _summary(self) -> str:
        meeting = self.meeting
        return words.ended_summary(
            meeting.elapsed(),
            meeting.planned_seconds(),
            self._shares_counted(),
            [(c.label, meeting.tallies.get(c.id, 0)) for c in self.agenda.attendance],
        )

    def _shares_counted(self) -> int | None:
        """The meeting's shares, or None in a one-on-one: it has none to count."""
        shares = len(self.meeting.shares)
        return None if self.meeting.one_on_one and shares == 0 else shares

    @on(ToneMissed)
    def flash_share(self) -> None:
        """Show that the bell rang for a tone that could not play: the share timer flashes
        for a second."""
        for widget in (self._share, self._share_digits):
            widget.add_class("-rang")
            self.set_timer(FLASH_SHARE_SECONDS, partial(widget.remove_class, "-rang"))

    @on(RoomPageServed)
    def _room_page_served(self, message: RoomPageServed) -> None:
        self.show_room_page(message.address, message.everyone, message.cohost)

    def show_room_page(
        self, address: str | None, everyone: bool = False, cohost: str | None = None
    ) -> None:
        """Show where the room page is served (None: it is not) and the co-host's page, and
        their QR codes when phones can reach them.

        Args:
            address: the page's address.
            everyone: it listens on every network the laptop is on, not only on itself.
            cohost: the co-host's address.
        """
        self.room_page = address
        self.cohost_page = cohost
        self._everyone = everyone
        if self.is_mounted:
            self._show_room_page()

    def _show_room_page(self) -> None:
        if not self.is_attached:
            return  # the app is closing (a signal as this screen opened): widgets may be gone
        address = self.room_page
        label = self.query_one("#room-page", Label)
        label.display = address is not None
        # A code for a phone's camera, only for an address a phone can reach (`--lan`).
        reachable = address is not None and self._everyone
        qr_code = self.query_one("#room-page-qr", QRCode)
        qr_code.text = address if reachable and address is not None else ""
        qr_code.set_class(reachable, "-on")
        if address is not None:
            label.update(room_words.room_page_words(address, self._everyone))
        cohost = self.cohost_page if address is not None else None
        cohost_label = self.query_one("#cohost-page", Label)
        cohost_label.set_class(cohost is not None, "-on")
        if cohost is not None:
            cohost_label.update(words.cohost_page_words(cohost, with_code=reachable))

    # ------------------------------------------------------------------ commands

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key works now: each works at any time (it does its job or says why not
        now), but those of a command that works only while it applies."""
        return MEETING_COMMANDS.runs(action, self.applies)

    def applies(self, when: str) -> bool:
        """Whether a command's condition holds now (see `MEETING_COMMANDS`)."""
        status, sharing_step, sharing = self._bindings_state()
        if when == UNTIL_STARTED:
            return status is Status.READY
        if when == ON_SHARING_STEPS:
            return status is Status.RUNNING and sharing_step
        if when == WHILE_SHARING:
            return sharing
        if when == UNTIL_ENDED:
            return status is not Status.ENDED
        if when == GROUP:
            return not self.meeting.one_on_one
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """Textual's, where the keys of commands that do not apply now are off the footer:
        each works all the same, from off the footer (it does its job or says why not now)."""
        return MEETING_COMMANDS.shown_now(super().active_bindings, self.applies)

    def _bindings_state(self) -> tuple[Status, bool, bool]:
        """All that the commands' conditions depend on: the status, whether the step is a
        sharing step with shares, whether a share is under way (a one-on-one has no shares:
        it times the step)."""
        meeting = self.meeting
        group = not meeting.one_on_one
        sharing_step = group and self.agenda.steps[meeting.current].kind == "sharing"
        return meeting.status, sharing_step, group and meeting.share is not None

    def _tick(self) -> None:
        """Time has passed: show it, sound what is due, and keep trying to save."""
        self._next_look = None
        log = self.meeting_log
        retry_at = self._retry_at
        if (
            log is not None
            and log.pending
            and retry_at is not None
            and time.monotonic() >= retry_at
        ):
            self._retry_at = None  # the next try is set when the screen looks again
            log.flush()  # the store failed before: keep trying
        if self._flashing():
            self._flashes += 1
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

    def _done(self, intent: Callable[..., object], *args: object, quiet: bool = False) -> object:
        """Run an engine intent and show what it changed: its answer, or NOT_DONE (and a
        short notice of why) when it does not apply now (`quiet`: the `NotNow` itself, and
        no notice)."""
        try:
            answer = intent(*args)
        except NotNow as reason:
            if quiet:
                return reason
            self.notify(str(reason), timeout=3, markup=False)
            return NOT_DONE
        self.refresh_view()
        # The footer is rebuilt on every refresh of the bindings (and Textual keeps each
        # rebuilt key alive), so refresh them only when a condition would answer otherwise.
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

    def action_next_step(self) -> None:
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

    def action_toggle_share(self) -> None:
        self._do(self.floor.toggle_share)

    def action_end_share(self) -> None:
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
        undone = self._done(self.floor.undo)
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
        self._do(self.floor.raise_hand if delta > 0 else self.floor.lower_hand)

    def action_message(self) -> None:
        """Ask for a message to show the room, large (an empty line clears it)."""
        from ..room_message import RoomMessageScreen

        def answered(text: str | None) -> None:
            if text is not None:
                self._say_to_room(text)

        presets = room_words.message_presets(self.meeting.wall())
        self.app.push_screen(RoomMessageScreen(presets, self.floor.message), answered)

    def _say_to_room(self, text: str) -> None:
        shown = self.floor.say(text)
        self.refresh_view()
        self.notify(words.room_message_words(shown), timeout=3, markup=False)

    def cohost_act(self, action: str, text: str | None) -> str | None:
        """Do what the co-host's page asks, as the facilitator's key would, and say on screen
        for a moment that it came from the co-host; None when done, else the reason it does
        not apply now (the words the screen would show).

        Raises:
            KeyError: no such action.
        """
        intent = cohost_intent(self.floor, action, text)
        answer = self._done(intent, quiet=True)
        if isinstance(answer, NotNow):
            return str(answer)
        share = self.meeting.share_view()
        self.notify(
            words.cohost_did_words(
                action,
                share=share.number if share is not None else None,
                paused=share is not None and share.state is ShareState.PAUSED,
                ticket=answer.name if isinstance(answer, Ticket) else None,
                message=self.floor.message,
            ),
            timeout=4,
            markup=False,
        )
        return None

    def action_cohost_code(self) -> None:
        """The co-host's address and, when a phone can reach it (`--lan`), its QR code: in a
        dialog of its own, not on the screen all the time."""
        from ..dialogs import CohostCodeScreen

        if self.cohost_page is None:
            self.notify(_("The room page is not served: v serves it."), timeout=3, markup=False)
            return
        self.app.push_screen(CohostCodeScreen(self.cohost_page, self._everyone))

    def action_apply_suggestion(self) -> None:
        if self._do(self.floor.apply_suggestion):
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

    def action_sound_check(self) -> None:
        self.post_message(self.SoundCheck())

    def action_room_page(self) -> None:
        self.post_message(self.ToggleRoomPage())

    def action_help(self) -> None:
        from ..dialogs import HelpScreen

        # A one-on-one has no shares nor queue: their keys are left out of its help.
        leave_out = MEETING_COMMANDS.left_out_of_help(self.applies)
        self.app.push_screen(HelpScreen(self, leave_out=leave_out))

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

    @on(LeaveAsked)
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
