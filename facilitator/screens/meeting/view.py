"""What the meeting screen shows: its layout, and the engine's state drawn on it.

`MeetingScreen` adds the keys and what they do; this draws whatever the meeting now is.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label

from ...agenda import Agenda
from ...meeting.engine import Meeting
from ...meeting.states import Status, Urgency
from ...room.state import room_view_state
from ...store.recorder import MeetingLog
from ...widgets.closing import ClosingReminder
from ...widgets.footer import KeyFooter
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

FLASH_SHARE_SECONDS = 1.0  # the bell, seen as well as heard, when tones cannot play
FLASH_TICKS = 2  # a time-up flash changes every 0.4 s: 1.25 flashes a second, under 3


def _set_text(label: Label, text: str) -> None:
    # Repainting the same words five times a second is work for nothing.
    if str(label.content) != text:
        label.update(text)


class MeetingDisplay(Screen[None]):
    """The meeting's panes, drawn from the engine (which holds every truth)."""

    def __init__(self, agenda: Agenda, meeting: Meeting, log: MeetingLog | None = None) -> None:
        super().__init__()
        self.agenda = agenda
        self.meeting = meeting
        self.meeting_log = log
        self._ticks = 0
        self._shown_step: tuple[int, Status] | None = None
        self.room_page: str | None = None
        """The room page's address while it is served."""
        self._everyone = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield MeetingStatus(id="status")
        with Horizontal(id="body"):
            with Vertical(id="left-pane"):
                with VerticalScroll(id="steps-pane", can_focus=False):
                    yield StepList(id="steps")
                yield QRCode(id="room-page-qr")
            with Vertical(id="step-pane"):
                yield Label("", id="step-title", markup=False)
                yield Label("", id="step-time", markup=False)
                with VerticalScroll(id="script-pane"):
                    yield Script(id="script")
                    yield ClosingReminder(self.agenda.closing, id="step-closing")
                yield BlockDigits(id="share-digits")
                yield ShareTimer(id="share")
        yield RoomView(id="room")
        yield Label("", id="room-page", markup=False)
        yield Label("", id="save-problem", markup=False)
        yield TallyBar(id="tallies")
        yield KeyFooter()

    # ------------------------------------------------------------------ rendering

    def refresh_view(self) -> None:
        """Push the engine's state to the widgets (which only render it)."""
        if not self.is_attached:
            return  # the app is closing (a signal as this screen opened): widgets may be gone
        meeting = self.meeting
        wall_now = meeting.wall()
        self.query_one(MeetingStatus).view = MeetingStatusView(
            name=self.agenda.meeting.name,
            clock=words.clock_time(wall_now),
            status=meeting.status.value,
            elapsed=meeting.elapsed(),
            variance=meeting.variance(),
            projected_end=words.clock_time(meeting.projected_end()),
            planned_seconds=meeting.planned_seconds(),
            spare_seconds=meeting.spare_seconds(),
            **self._countdown(wall_now),
        )
        self.query_one(StepList).show(len(self.agenda.steps), meeting.step_view)
        self.query_one(TallyBar).tallies = tuple(
            (category.label, meeting.tallies.get(category.id, 0))
            for category in self.agenda.attendance
        )
        self._refresh_step()
        self._refresh_share()
        self._refresh_big()
        log = self.meeting_log
        problem = log.problem if log is not None else None
        label = self.query_one("#save-problem", Label)
        label.display = problem is not None
        if problem is not None:
            _set_text(label, problem)
        self._say_notice()
        if self.room_page is not None:
            self.shown_change()

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
        time_label = self.query_one("#step-time", Label)
        if ended:
            _set_text(time_label, words.ended_words(meeting.elapsed(), self._shares_counted()))
            show_urgency(time_label, Urgency.OK)  # not still the closing step's TIME
            return
        started = meeting.status is not Status.READY
        _set_text(
            time_label,
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
        timer = self.query_one(ShareTimer)
        digits = self.query_one("#share-digits", BlockDigits)
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
            timer.view = SharePanelView(
                share=share,
                next_share=0.0,
                completed=0,
                average=None,
                waiting=0,
                suggested=None,
                one_on_one=True,
                planned=meeting.step_planned(index),
            )
            return
        timer.view = SharePanelView(
            share=share,
            next_share=meeting.next_share_seconds(),
            completed=len(meeting.shares_in_step(index)),
            average=meeting.average_share_seconds(index),
            waiting=meeting.waiting,
            suggested=meeting.suggested_share_seconds(),
        )

    def _refresh_big(self) -> None:
        if self.has_class("-big"):
            # Time-up may flash, when the agenda asks: bright for 0.4 s of every 0.8 s.
            bright = self._ticks // FLASH_TICKS % 2 == 0
            self.query_one(RoomView).view = room_view_state(self.meeting, bright)

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

    def shown_change(self) -> None:
        """The screen has drawn a change, or time has passed (while the room page is served)."""

    def flash_share(self) -> None:
        """Show that the bell rang for a tone that could not play: the share timer flashes
        for a second."""
        for widget in (self.query_one(ShareTimer), self.query_one("#share-digits")):
            widget.add_class("-rang")
            self.set_timer(FLASH_SHARE_SECONDS, partial(widget.remove_class, "-rang"))

    def show_room_page(self, address: str | None, everyone: bool = False) -> None:
        """Show where the room page is served (None: it is not), and its QR code.

        Args:
            address: the page's address.
            everyone: it listens on every network the laptop is on, not only on itself.
        """
        self.room_page = address
        self._everyone = everyone
        if self.is_mounted:
            self._show_room_page()

    def _show_room_page(self) -> None:
        if not self.is_attached:
            return  # the app is closing (a signal as this screen opened): widgets may be gone
        address = self.room_page
        label = self.query_one("#room-page", Label)
        label.display = address is not None
        qr_code = self.query_one(QRCode)
        qr_code.text = address or ""
        qr_code.set_class(address is not None, "-on")
        if address is not None:
            label.update(room_words.room_page_words(address, self._everyone))
