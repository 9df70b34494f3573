"""Which sound a share is due now: its warning, its time-up, then reminders, each once.

Mixed into `engine.Meeting`, which says which share is under way and how it stands. In a
one-on-one the step's time box sounds as a share does (`time_box.TimeBox`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..agenda import Agenda
from .states import Cue, Urgency
from .time_box import TimeBox


@dataclass
class Heard:
    """Which of a share's sounds have been taken."""

    share: tuple[int, int]
    warning: bool = False
    time: bool = False
    reminders: int = 0


class ShareCues(TimeBox):
    """Takes each sound of the share under way (or of a one-on-one's time box) once."""

    agenda: Agenda
    _heard: Heard | None

    def take_cue(self) -> Cue | None:
        """The sound due now for the share under way, each once: its warning, its time-up,
        then, when the agenda asks, a reminder every `overtime_reminder_seconds` over."""
        key = self.timer_key()
        view = self.timer_view()
        if key is None or view is None:
            return None
        heard = self._heard
        if heard is None or heard.share != key:
            heard = self._heard = Heard(key)
        if view.urgency is Urgency.TIME:
            every = self.agenda.sharing.overtime_reminder_seconds
            due = int(view.overtime // every) if every else 0
            if not heard.time:
                # Time-up stands for the reminders due already (after a sleep, say).
                heard.time, heard.warning, heard.reminders = True, True, due
                return "time"
            if due > heard.reminders:
                heard.reminders = due  # one reminder, however many were missed
                return "overtime"
        elif view.urgency is Urgency.WARNING and not heard.warning:
            heard.warning = True
            return "warning"
        return None

    def take_time_up(self) -> bool:
        """True once when the share under way reaches zero (a warning due is taken too)."""
        return self.take_cue() == "time"

    def hush(self) -> None:
        """Take every sound due now, unheard: a resumed meeting does not sound again what
        it sounded before it stopped."""
        while self.take_cue() is not None:
            pass
